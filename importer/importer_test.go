package importer

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/store"
)

var now = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "cmrt.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestImportThenUnchanged(t *testing.T) {
	dir := t.TempDir()
	paths, err := fixtures.Many(dir, 12, 7)
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	ctx := context.Background()
	progress := 0
	sum, err := Run(ctx, st, []string{dir}, Options{Now: now, LearnLookup: true, Progress: func(done, total int) {
		progress = done
		if total != len(paths) {
			t.Errorf("progress total %d, want %d", total, len(paths))
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != len(paths) || sum.Rejected != 0 || sum.Unchanged != 0 || progress != len(paths) {
		t.Fatalf("first import: %+v (progress %d)", sum, progress)
	}
	if len(sum.Learnt) == 0 {
		t.Error("--learn-lookup on an empty store learnt no Smelter Look-up")
	}
	rows, matched := 0, 0
	for _, f := range sum.Files {
		rows += f.Smelters
	}
	declared := 0
	for _, m := range sum.Metals {
		declared += m.Declared
		matched += m.Matched
		if m.Matched+m.NeedsReview+m.NotListed != m.Declared {
			t.Errorf("%s: %+v does not add up", m.Metal, m)
		}
	}
	if declared != rows || rows == 0 {
		t.Errorf("metal table counts %d rows, files have %d", declared, rows)
	}
	// The generated files pick names from the Look-up they carry, so once it
	// is learnt nearly every row matches.
	if matched*10 < declared*9 {
		t.Errorf("only %d of %d rows matched after learning the look-up", matched, declared)
	}
	decls, _ := st.Declarations(ctx, store.DeclarationFilter{})
	if len(decls) != len(paths) {
		t.Errorf("%d declarations stored, want %d", len(decls), len(paths))
	}

	again, err := Run(ctx, st, []string{dir}, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if again.Unchanged != len(paths) || again.Imported != 0 {
		t.Errorf("second import: %+v; want all unchanged", again)
	}
}

func TestImportRejectsHostileFilesAndKeepsTheRest(t *testing.T) {
	dir := t.TempDir()
	if _, err := fixtures.Many(dir, 2, 1); err != nil {
		t.Fatal(err)
	}
	bad := map[string]string{
		"renamed.xlsx": "Supplier,Metal\nAcme,Gold\n",
		"old.xls":      "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 600),
		"empty.xlsx":   "",
	}
	for name, body := range bad {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st := openStore(t)
	sum, err := Run(context.Background(), st, []string{dir}, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 2 || sum.Rejected != len(bad) {
		t.Fatalf("%+v; want 2 imported, %d rejected", sum, len(bad))
	}
	for _, f := range sum.Files {
		if f.Outcome == Rejected && !strings.Contains(f.Reason, filepath.Base(f.Path)) {
			t.Errorf("reason %q does not name the file", f.Reason)
		}
	}
	known, _ := st.KnownFiles(context.Background())
	if len(known) != 2 {
		t.Errorf("%d files stored, want only the 2 readable ones", len(known))
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	if _, err := fixtures.Many(dir, 3, 3); err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	sum, err := Run(context.Background(), st, []string{dir}, Options{Now: now, DryRun: true, LearnLookup: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 3 || !sum.DryRun || len(sum.Learnt) != 0 || len(sum.LookupOffers) == 0 {
		t.Errorf("dry run summary %+v", sum)
	}
	known, _ := st.KnownFiles(context.Background())
	snaps, _ := st.Snapshots(context.Background())
	if len(known) != 0 || len(snaps) != 0 {
		t.Errorf("dry run stored %d files and %d snapshots", len(known), len(snaps))
	}
}

func TestPeriodOverride(t *testing.T) {
	dir := t.TempDir()
	if _, err := fixtures.Many(dir, 2, 9); err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	if _, err := Run(context.Background(), st, []string{dir}, Options{Now: now, Period: 2019}); err != nil {
		t.Fatal(err)
	}
	decls, _ := st.Declarations(context.Background(), store.DeclarationFilter{Period: 2019})
	if len(decls) != 2 {
		t.Errorf("%d declarations in period 2019, want 2", len(decls))
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.xlsx", "sub/b.XLSX", "sub/~$b.xlsx", "notes.txt", "sub/deeper/c.xlsm"} {
		full := filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte("x"), 0o644)
	}
	got, _, err := Expand([]string{dir, filepath.Join(dir, "notes.txt"), filepath.Join(dir, "*.xlsx")})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.xlsx", "notes.txt", "sub/b.XLSX", "sub/deeper/c.xlsm"}
	if len(got) != len(want) {
		t.Fatalf("Expand = %q, want %q", got, want)
	}
	for i := range want {
		if rel, _ := filepath.Rel(dir, got[i]); rel != want[i] {
			t.Errorf("Expand[%d] = %s, want %s", i, rel, want[i])
		}
	}
	if _, _, err := Expand([]string{filepath.Join(dir, "*.none")}); err == nil {
		t.Error("a pattern matching nothing should be an error")
	}
}

// TestEveryFamilyImportsIntact imports a complete file of every family and
// revision and compares what the store gives back with what was written:
// every answer (question, mineral, value, comment), every smelter row, the
// products and the mines.
func TestEveryFamilyImportsIntact(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	want := map[string]fixtures.Scenario{}
	for _, s := range fixtures.Scenarios() {
		if !strings.HasSuffix(s.Name, "-complete") && !strings.HasPrefix(s.Name, "complete-") {
			continue
		}
		p := filepath.Join(dir, s.File())
		if err := s.Write(p); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		want[p] = s
	}
	families := map[string]bool{}
	for _, s := range want {
		families[string(s.Expect.Family)+" "+s.Expect.Version] = true
	}
	if len(families) < 10 {
		t.Fatalf("only %d family/revision pairs among the complete scenarios: %v", len(families), families)
	}
	st := openStore(t)
	ctx := context.Background()
	sum, err := Run(ctx, st, paths, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != len(paths) {
		t.Fatalf("%+v", sum)
	}
	for _, f := range sum.Files {
		s := want[f.Path]
		got, err := st.Declaration(ctx, f.DeclarationID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Family != string(s.Expect.Family) || got.Version != s.Expect.Version {
			t.Errorf("%s: stored as %s %s", s.Name, got.Family, got.Version)
		}
		d := s.Decl
		var wantAnswers []string
		for _, a := range d.Answers {
			if a.Value != "" || a.Comment != "" {
				wantAnswers = append(wantAnswers, a.Question+"|"+a.Mineral+"|"+a.Value+"|"+a.Comment)
			}
		}
		var gotAnswers []string
		for _, a := range got.Answers {
			if a.Value != "" || a.Comment != "" {
				gotAnswers = append(gotAnswers, a.Question+"|"+a.Mineral+"|"+a.Value+"|"+a.Comment)
			}
		}
		sort.Strings(gotAnswers)
		sort.Strings(wantAnswers)
		if strings.Join(gotAnswers, "\n") != strings.Join(wantAnswers, "\n") {
			t.Errorf("%s: answers stored\n%s\nwant\n%s", s.Name, strings.Join(gotAnswers, "\n"), strings.Join(wantAnswers, "\n"))
		}
		if len(got.Smelters) != len(d.Smelters) || len(got.Products) != len(d.Products) || len(got.Mines) != len(d.Mines) {
			t.Errorf("%s: stored %d smelters, %d products, %d mines; wrote %d, %d, %d", s.Name,
				len(got.Smelters), len(got.Products), len(got.Mines), len(d.Smelters), len(d.Products), len(d.Mines))
		}
		for i := range min(len(got.Products), len(d.Products)) {
			if g, w := got.Products[i], d.Products[i]; g.Number != w.Number || g.Name != w.Name || g.RequesterNumber != w.RequesterNumber {
				t.Errorf("%s: product %d stored as %+v, want %+v", s.Name, i, g, w)
			}
		}
		if c, w := got.Company, d.Company; c.Name != w.Name || c.ContactEmail != w.ContactEmail || c.Authorizer != w.Authorizer || c.Address != w.Address {
			t.Errorf("%s: company stored as %+v, want %+v", s.Name, c, w)
		}
		// Rows as a reader must report them (CID-only rows resolved).
		for i, w := range s.Expect.Smelters {
			if i >= len(got.Smelters) {
				break
			}
			g := got.Smelters[i]
			if g.Row != w.Row || g.Metal != w.Metal || g.Name != w.Name || g.CID != w.CID || g.Country != w.Country {
				t.Errorf("%s: smelter %d stored as %+v, want %+v", s.Name, i, g, w)
			}
		}
	}
}
