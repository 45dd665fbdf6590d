package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/openminerals/cmrt/risk"
)

// TestRunFindingsAsReadBack: the findings a run lists from memory (IDs
// given by the store, carried-over statuses, a gone finding found again,
// history in JSON) are exactly what Findings reads back from SQLite, for
// every filter cmrt findings offers, over three runs: all new; some
// changed, some gone, some new, decisions recorded in between; a gone one
// back.
func TestRunFindingsAsReadBack(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	codes := []string{risk.CodeSmelterNotParticipating, risk.CodeSmelterActive}
	metals := []string{"Gold", "Tin", "tungsten", ""}
	sevs := []risk.Severity{risk.High, risk.Medium, risk.Low, risk.Info}
	gen := func(from, to int, msg string) []risk.Finding {
		var fs []risk.Finding
		for i := from; i < to; i++ {
			r, _ := risk.RuleByCode(codes[i%2])
			fs = append(fs, risk.Finding{Code: r.Code, Title: r.Title, OECDStep: r.OECDStep, Guidance: r.Guidance, Action: r.Action,
				Severity: sevs[i%4], SupplierID: int64(1 + i%3), Supplier: []string{"Acme", "acme", "Beta"}[i%3],
				Metal: metals[i%4], CID: fmt.Sprintf("CID%06d", i), Message: msg, Key: fmt.Sprintf("k%04d", i),
				Evidence: risk.Evidence{File: "a.xlsx", Sheet: "Smelter List", Cell: fmt.Sprintf("D%d", i), Value: "x"}, Status: risk.StatusOpen})
		}
		return fs
	}
	filters := []FindingFilter{{Period: 2025}, {Period: 2025, WithoutHistory: true}, {Period: 2025, SupplierID: 2},
		{Period: 2025, Metal: "gold"}, {Period: 2025, Metal: "TIN", WithoutHistory: true}, {Period: 2025, Code: "smelter_active"},
		{Period: 2025, Severity: risk.Low}, {Period: 2025, Status: risk.StatusResolved}, {Period: 2025, Status: risk.StatusOpen},
		{Period: 2025, Status: risk.StatusGone}}
	check := func(step string, run *FindingsRun, wantCurrent bool) {
		t.Helper()
		if (run.current != nil) != wantCurrent {
			t.Fatalf("%s: run lists from memory = %v, want %v", step, run.current != nil, wantCurrent)
		}
		for _, f := range filters {
			want, err := st.Findings(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := st.RunFindings(ctx, run, f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, filter %+v: %d listed from the run, %d read back; first difference %v", step, f, len(got), len(want), firstDiff(got, want))
			}
		}
	}
	run, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, gen(0, 40, "first"))
	if err != nil {
		t.Fatal(err)
	}
	check("all new", run, true)
	for id, s := range map[int64]risk.Status{3: risk.StatusResolved, 7: risk.StatusAcceptedRisk, 35: risk.StatusResolved, 38: risk.StatusActionRequested} {
		if _, err := st.SetFindingStatus(ctx, id, s, "checked", "anna"); err != nil {
			t.Fatal(err)
		}
	}
	// 30..39 gone (35 and 38 decided), 0..9 changed, 40..49 new.
	second := append(gen(0, 10, "changed"), gen(10, 30, "first")...)
	if run, err = st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, append(second, gen(40, 50, "first")...)); err != nil {
		t.Fatal(err)
	}
	if run.Gone != 10 || run.Opened != 10 {
		t.Fatalf("second run: %d gone, %d new; want 10 and 10", run.Gone, run.Opened)
	}
	check("changed, gone, new", run, true)
	if run, err = st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, gen(0, 50, "first")); err != nil {
		t.Fatal(err)
	}
	if run.Reopened != 10 {
		t.Fatalf("third run: %d back, want 10", run.Reopened)
	}
	check("gone ones back", run, true)
	got, err := st.RunFindings(ctx, run, FindingFilter{Period: 2025, Status: risk.StatusResolved})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != 3 && got[1].ID != 3 {
		t.Fatalf("resolved after the third run: %+v; want findings 3 and 35 (35 back to the status it had)", got)
	}
	ids := map[int64]bool{}
	for _, f := range run.current {
		if f.ID == 0 || ids[f.ID] {
			t.Fatalf("finding %s: ID %d given twice or not at all", f.Key, f.ID)
		}
		ids[f.ID] = true
	}
	// A run read from the store (cached) lists what is stored.
	check("cached", &FindingsRun{Period: 2025, Cached: true}, false)
}

func firstDiff(a, b []risk.Finding) string {
	for i := range min(len(a), len(b)) {
		if !reflect.DeepEqual(a[i], b[i]) {
			return fmt.Sprintf("at %d:\n run  %+v\n read %+v", i, a[i], b[i])
		}
	}
	return "in length"
}

// TestRecomputeRewritesOnlyChangedFindings: the stored content SQLite
// joins compares equal to the computed one when nothing changed (no
// finding rewritten), and unequal when one field of one finding did.
func TestRecomputeRewritesOnlyChangedFindings(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	r, _ := risk.RuleByCode(risk.CodeSmelterActive)
	var fs []risk.Finding
	for i := range 20 {
		fs = append(fs, risk.Finding{Code: r.Code, Severity: risk.Medium, SupplierID: int64(i * 1000), Supplier: "Acme ✓",
			DeclarationID: int64(i), Metal: "Tin", CID: fmt.Sprintf("CID%06d", i), Smelter: "Ünïcode smelter", Message: "m\x1fwith separator",
			Key: fmt.Sprintf("k%02d", i), Evidence: risk.Evidence{File: "a.xlsx", Sheet: "Smelter List", Cell: "D5", Value: "", List: "l", ListDate: "2025-09-01"}})
	}
	if _, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs); err != nil {
		t.Fatal(err)
	}
	rewritten := func(run *FindingsRun) int {
		var n int
		if err := st.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings WHERE last_run = ?`, run.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	run, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs)
	if err != nil {
		t.Fatal(err)
	}
	if n := rewritten(run); n != 0 {
		t.Fatalf("nothing changed, yet %d findings rewritten", n)
	}
	fs[7].Evidence.ListDate = "2025-10-01"
	if run, err = st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs); err != nil {
		t.Fatal(err)
	}
	if n := rewritten(run); n != 1 {
		t.Fatalf("one finding changed, %d rewritten", n)
	}
}

// ComputeFindingsThen hands the caller the run once: its listing, made
// while the findings are written (or after the commit when the run adds
// history), is what Findings reads back after it returns; a cached run is
// handed over too; a run that fails stores nothing.
func TestComputeFindingsThenListsWhatIsStored(t *testing.T) {
	st := seasonStore(t)
	ctx := context.Background()
	cfg := risk.DefaultConfig()
	compute := func(step, asOf string, force bool) *FindingsRun {
		t.Helper()
		calls := 0
		var listed []risk.Finding
		run, err := st.ComputeFindingsThen(ctx, 2025, day(asOf), cfg, force, func(run *FindingsRun) {
			calls++
			var err error
			if listed, err = st.RunFindings(ctx, run, FindingFilter{Period: 2025}); err != nil {
				t.Error(err)
			}
		})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		want, err := st.Findings(ctx, FindingFilter{Period: 2025})
		if err != nil {
			t.Fatal(err)
		}
		if calls != 1 || len(want) == 0 || !reflect.DeepEqual(listed, want) {
			t.Fatalf("%s: then called %d times; listed %d, stored %d; first difference %v", step, calls, len(listed), len(want), firstDiff(listed, want))
		}
		return run
	}
	if run := compute("first", "2025-12-31", false); run.Cached || run.Opened == 0 {
		t.Fatalf("first run %+v", run)
	}
	if run := compute("unchanged", "2025-12-31", false); !run.Cached {
		t.Fatalf("unchanged run not cached: %+v", run)
	}
	// Before the conformant list: Alpha's findings change, some go.
	if run := compute("earlier", "2025-09-15", false); run.Gone == 0 {
		t.Fatalf("earlier as-of: nothing gone: %+v", run)
	}
	if run := compute("back", "2025-12-31", true); run.Reopened == 0 {
		t.Fatalf("back: nothing found again: %+v", run)
	}
	before, _ := st.Findings(ctx, FindingFilter{Period: 2025, Status: risk.StatusGone})
	st.failpoint = func(point string) error {
		if point == "findings" {
			return fmt.Errorf("injected")
		}
		return nil
	}
	if _, err := st.ComputeFindingsThen(ctx, 2025, day("2025-09-15"), cfg, true, func(*FindingsRun) {}); err == nil {
		t.Fatal("a failing run returned no error")
	}
	st.failpoint = nil
	after, _ := st.Findings(ctx, FindingFilter{Period: 2025, Status: risk.StatusGone})
	if !reflect.DeepEqual(before, after) {
		t.Errorf("a failed run changed the stored findings")
	}
}

// A season of many suppliers comes from the rules in several parts, the
// first stored while the rules run on the next: the stored findings are
// Evaluate's, in its order, with IDs given in that order.
func TestComputeFindingsInPartsAsEvaluate(t *testing.T) {
	st := seasonStore(t)
	ctx := context.Background()
	for i := range 40 {
		name := fmt.Sprintf("Supplier %02d", 39-i) // imported out of name order
		if _, err := st.SaveDeclaration(ctx, decl(t, name, "2025-02-01", "Alpha Refinery", "Beta Smelter", fmt.Sprintf("Unknown %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	se, err := st.Season(ctx, 2025, day("2025-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := st.ReferenceData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	parts := 0
	risk.EvaluateParts(se, ref, nil, func([]risk.Finding) { parts++ })
	want := risk.Evaluate(se, ref, nil)
	run, err := st.ComputeFindings(ctx, 2025, day("2025-12-31"), risk.DefaultConfig(), false)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Findings(ctx, FindingFilter{Period: 2025, WithoutHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	if parts < 4 || run.Found != len(want) || run.Opened != len(want) || len(got) != len(want) {
		t.Fatalf("%d parts; run %+v; %d stored, Evaluate %d", parts, run, len(got), len(want))
	}
	for i := range want {
		if got[i].Key != want[i].Key || got[i].Message != want[i].Message || got[i].Evidence != want[i].Evidence {
			t.Fatalf("finding %d: stored %s %q, Evaluate %s %q", i, got[i].Key, got[i].Message, want[i].Key, want[i].Message)
		}
		if i > 0 && got[i].ID <= got[i-1].ID {
			t.Fatalf("IDs not in listing order at %d: %d after %d", i, got[i].ID, got[i-1].ID)
		}
	}
}
