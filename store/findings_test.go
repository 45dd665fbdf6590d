package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/smelters"
)

// seasonStore holds Acme's CMRT declaring Alpha (conformant) and Beta
// (in the standard list, no RMAP status), and the lists in force.
func seasonStore(t *testing.T) *Store {
	t.Helper()
	st := openTemp(t)
	ctx := context.Background()
	ref := []smelters.Facility{
		{CID: "CID000001", Metal: "Gold", Name: "Alpha Refinery", Country: "JAPAN"},
		{CID: "CID000002", Metal: "Gold", Name: "Beta Smelter", Country: "RWANDA"},
	}
	if _, err := st.Refresh(ctx, list(smelters.KindStandard, "2025-08-01", ref)); err != nil {
		t.Fatal(err)
	}
	conf := ref[0]
	conf.Status, conf.StatusText = smelters.StatusConformant, "Conformant"
	conf.LastAudit, conf.AuditCycle, conf.ReauditDue = day("2023-01-10"), "1 Year", day("2024-01-10")
	if _, err := st.Refresh(ctx, list(smelters.KindConformant, "2025-10-01", []smelters.Facility{conf})); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveDeclaration(ctx, decl(t, "Acme", "2025-01-31", "Alpha Refinery", "Beta Smelter")); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestSeasonReadModel(t *testing.T) {
	st := seasonStore(t)
	se, err := st.Season(context.Background(), 2025, day("2025-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	if len(se.Suppliers) != 1 || len(se.Suppliers[0].Declarations) != 1 {
		t.Fatalf("season %+v", se)
	}
	d := se.Suppliers[0].Declarations[0]
	if d.Family != "CMRT" || d.Version != "6.5" || d.File != "Acme2025-01-31.xlsx" || d.EffectiveDate != day("2025-01-31") ||
		len(d.Answers) != 2 || d.Products != 1 || d.RequiredMissing == 0 || len(d.CheckerCells) == 0 || len(d.Smelters) != 2 {
		t.Fatalf("declaration %+v", d)
	}
	a, b := d.Smelters[0].Facility, d.Smelters[1].Facility
	if a == nil || a.Status != risk.StatusConformant || a.Reaudit != risk.ReauditOverdue || a.List != "conformant-2025-10-01.xml" || a.ListDate != day("2025-10-01") {
		t.Errorf("Alpha: %+v", a)
	}
	if b == nil || b.Status != risk.StatusNotParticipating || b.Country != "RWANDA" {
		t.Errorf("Beta: %+v", b)
	}
	// Before the conformant list existed, Alpha had no RMAP status.
	early, err := st.Season(context.Background(), 2025, day("2025-09-01"))
	if err != nil {
		t.Fatal(err)
	}
	if f := early.Suppliers[0].Declarations[0].Smelters[0].Facility; f == nil || f.Status != risk.StatusNotParticipating {
		t.Errorf("as of 2025-09-01: %+v", f)
	}
	// Before any list, nothing matches a facility in force.
	none, _ := st.Season(context.Background(), 2025, day("2024-01-01"))
	if f := none.Suppliers[0].Declarations[0].Smelters[0].Facility; f != nil {
		t.Errorf("as of 2024: %+v", f)
	}
}

func statusOf(t *testing.T, st *Store, code string) risk.Finding {
	t.Helper()
	fs, err := st.Findings(context.Background(), FindingFilter{Period: 2025, Code: code})
	if err != nil || len(fs) != 1 {
		t.Fatalf("%s: %d findings, %v", code, len(fs), err)
	}
	return fs[0]
}

func TestFindingsLifecycleCarriesDecisionsOver(t *testing.T) {
	st := seasonStore(t)
	ctx := context.Background()
	cfg := risk.DefaultConfig()
	asOf := day("2025-12-31")
	run, err := st.ComputeFindings(ctx, 2025, asOf, cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	if run.Found == 0 || run.Opened != run.Found || run.Gone != 0 || len(run.Data) != 4 { // covered, CAHRA, DoL, gemstone restrictions
		t.Fatalf("first run %+v", run)
	}
	np := statusOf(t, st, risk.CodeSmelterNotParticipating)
	if np.CID != "CID000002" || np.Status != risk.StatusOpen || len(np.History) != 1 || np.Evidence.File != "Acme2025-01-31.xlsx" {
		t.Fatalf("finding %+v", np)
	}
	if again, err := st.ComputeFindings(ctx, 2025, asOf, cfg, false); err != nil || !again.Cached || again.ID != run.ID {
		t.Errorf("nothing changed, want the cached run: %+v %v", again, err)
	}
	if forced, err := st.ComputeFindings(ctx, 2025, asOf, cfg, true); err != nil || forced.Cached || forced.Opened != 0 || forced.Gone != 0 {
		t.Errorf("forced: %+v %v", forced, err)
	}
	if err := st.RenameSupplier(ctx, np.SupplierID, "Acme Group"); err != nil {
		t.Fatal(err)
	}
	if renamed, err := st.ComputeFindings(ctx, 2025, asOf, cfg, false); err != nil || renamed.Cached {
		t.Errorf("a rename must recompute: %+v %v", renamed, err)
	}
	if f := statusOf(t, st, risk.CodeSmelterNotParticipating); f.Supplier != "Acme Group" || f.ID != np.ID {
		t.Errorf("after rename: %+v", f)
	}
	if _, err := st.SetFindingStatus(ctx, np.ID, risk.StatusAcceptedRisk, "only for samples", "anna"); err != nil {
		t.Fatal(err)
	}
	// A new file from Acme: a new declaration, same smelter, same finding.
	if _, err := st.SaveDeclaration(ctx, decl(t, "Acme", "2025-06-30", "Alpha Refinery", "Beta Smelter")); err != nil {
		t.Fatal(err)
	}
	run2, err := st.ComputeFindings(ctx, 2025, asOf, cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	if run2.Opened != 0 || run2.Gone != 0 {
		t.Errorf("second run %+v", run2)
	}
	kept := statusOf(t, st, risk.CodeSmelterNotParticipating)
	if kept.ID != np.ID || kept.Status != risk.StatusAcceptedRisk || kept.DeclarationID == np.DeclarationID || len(kept.History) != 2 || kept.History[1].By != "anna" {
		t.Errorf("after a new file: %+v", kept)
	}
	// Beta leaves the declaration: the finding goes, with why.
	if _, err := st.SaveDeclaration(ctx, decl(t, "Acme", "2025-09-30", "Alpha Refinery")); err != nil {
		t.Fatal(err)
	}
	run3, err := st.ComputeFindings(ctx, 2025, asOf, cfg, false)
	if err != nil || run3.Gone == 0 {
		t.Fatalf("third run %+v %v", run3, err)
	}
	if fs, _ := st.Findings(ctx, FindingFilter{Period: 2025, Code: risk.CodeSmelterNotParticipating}); len(fs) != 0 {
		t.Errorf("gone findings listed by default: %+v", fs)
	}
	gone, err := st.Findings(ctx, FindingFilter{Period: 2025, Code: risk.CodeSmelterNotParticipating, Status: risk.StatusGone})
	if err != nil || len(gone) != 1 || gone[0].History[len(gone[0].History)-1].Note == "" {
		t.Fatalf("gone: %+v %v", gone, err)
	}
	if _, err := st.SetFindingStatus(ctx, np.ID, risk.StatusResolved, "", "anna"); !errors.Is(err, ErrFindingGone) {
		t.Errorf("decision on a gone finding: %v", err)
	}
	// Beta comes back: the finding returns to the decision it had.
	if _, err := st.SaveDeclaration(ctx, decl(t, "Acme", "2025-11-30", "Alpha Refinery", "Beta Smelter")); err != nil {
		t.Fatal(err)
	}
	run4, err := st.ComputeFindings(ctx, 2025, asOf, cfg, false)
	if err != nil || run4.Reopened == 0 || run4.Opened != 0 {
		t.Fatalf("fourth run %+v %v", run4, err)
	}
	if back := statusOf(t, st, risk.CodeSmelterNotParticipating); back.ID != np.ID || back.Status != risk.StatusAcceptedRisk {
		t.Errorf("back: %+v", back)
	}
	if _, err := st.SetFindingStatus(ctx, 9999, risk.StatusResolved, "", "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown ID: %v", err)
	}
}

func TestFindingsSaveIsOneTransaction(t *testing.T) {
	st := seasonStore(t)
	st.failpoint = func(p string) error {
		if p == "findings" {
			return errors.New("injected")
		}
		return nil
	}
	if _, err := st.ComputeFindings(context.Background(), 2025, day("2025-12-31"), risk.DefaultConfig(), false); err == nil {
		t.Fatal("want the injected failure")
	}
	for _, table := range []string{"findings", "finding_events", "finding_runs"} {
		if n := count(t, st, table); n != 0 {
			t.Errorf("%s: %d rows after a failed save", table, n)
		}
	}
}

func TestRegisterLinksByIDThenNameNeverGuesses(t *testing.T) {
	st := seasonStore(t) // Acme
	ctx := context.Background()
	for _, f := range []*ImportedFile{decl(t, "Twin Metals Ltd", "2025-02-01"), decl(t, "Uniq Corp", "2025-02-01")} {
		if _, err := st.SaveDeclaration(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	// A second "Twin Metals" with a unique ID: the bare name fits two.
	tw := decl(t, "Twin Metals Limited", "2025-03-01")
	tw.Decl.Company.UniqueID = "DUNS-42"
	if _, err := st.SaveDeclaration(ctx, tw); err != nil {
		t.Fatal(err)
	}
	entries := []risk.RegisterEntry{
		{Row: 2, Name: "ACME", Materials: []string{"Gold"}, MaterialType: risk.MaterialDirect, Period: 2025},
		{Row: 3, Name: "Whoever", SupplierRef: "duns-42", Period: 2025},
		{Row: 4, Name: "Twin Metals", Period: 2025},
		{Row: 5, Name: "Silent Ltd", Period: 2025},
	}
	res, err := st.ImportRegister(ctx, "register.csv", entries)
	if err != nil {
		t.Fatal(err)
	}
	how := map[string]string{}
	for _, l := range res.Links {
		how[l.Name] = l.How
	}
	want := map[string]string{"ACME": "name", "Whoever": "id", "Twin Metals": "ambiguous", "Silent Ltd": "none"}
	for n, w := range want {
		if how[n] != w {
			t.Errorf("%s linked by %q, want %q", n, how[n], w)
		}
	}
	se, err := st.Season(ctx, 2025, day("2025-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sup := range se.Suppliers {
		if sup.Name == "Acme" && (sup.Register == nil || sup.Register.MaterialType != risk.MaterialDirect) {
			t.Errorf("Acme's register entry lost its material type: %+v", sup.Register)
		}
	}
	fs := risk.Evaluate(se, risk.BuiltinReferenceData(), nil)
	noResp := map[string]bool{}
	for _, f := range fs {
		if f.Code == risk.CodeNoResponse {
			noResp[f.Supplier] = true
		}
	}
	if !noResp["Silent Ltd"] || !noResp["Twin Metals"] || noResp["Acme"] || len(noResp) != 2 {
		t.Errorf("no response: %v", noResp)
	}
	// Importing again replaces the period's register.
	res2, err := st.ImportRegister(ctx, "register.csv", entries[:1])
	if err != nil || res2.Replaced != 4 || count(t, st, "register_entries") != 1 {
		t.Errorf("re-import: %+v %v", res2, err)
	}
}

func TestImportReferenceDataReplacesShipped(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	newer := []byte(`{"meta": {"version": "Report: December 2026", "retrieved": "2027-01-05"},
		"entries": [{"countryName": "Burundi", "iso2": "BI", "wholeCountry": true, "regions": null}]}`)
	res, err := st.ImportReferenceData(ctx, risk.DataCAHRA, "cahra-2026-12.json", "json", "", newer)
	if err != nil || res.DataSet.Edition != "December 2026" {
		t.Fatalf("%+v %v", res, err)
	}
	again, err := st.ImportReferenceData(ctx, risk.DataCAHRA, "cahra-2026-12.json", "json", "", newer)
	if err != nil || !again.AlreadyLoaded {
		t.Errorf("again: %+v %v", again, err)
	}
	ref, err := st.ReferenceData(ctx)
	if err != nil || ref.CAHRA.Edition != "December 2026" || len(ref.CAHRA.Countries) != 1 || ref.DoL.Edition != "2023" {
		t.Errorf("in force: %+v %v", ref.CAHRA.DataSet, err)
	}
	if _, err := st.ImportReferenceData(ctx, risk.DataDoL, "bad.xml", "xml", "2025", []byte("<nope/>")); err == nil || count(t, st, "reference_data") != 1 {
		t.Errorf("bad file: %v", err)
	}
	shared := filepath.Join("..", "..", "shared", "data", "dol-ilab-goods-list.xml")
	data, err := os.ReadFile(shared)
	if err != nil {
		t.Skipf("../shared not available: %v", err)
	}
	res, err = st.ImportReferenceData(ctx, risk.DataDoL, "dol.xml", "xml", "2024", data)
	if err != nil || res.DataSet.Edition != "2024" || len(res.Unrecognised) != 0 {
		t.Errorf("DoL import: %+v %v", res, err)
	}
}
