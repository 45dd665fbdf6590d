package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/libreoffice"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

// realTemplate returns one of RMI's real blank templates, or skips.
func realTemplate(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "rmi", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("RMI's blank template %s is not here (../shared/rmi): %v", rel, err)
	}
	return p
}

func TestExportOwnCMRT(t *testing.T) {
	tpl := realTemplate(t, filepath.Join("templates", "RMI_CMRT_6.5.xlsx"))
	db, dir := importSamples(t)
	company := filepath.Join("..", "..", "testdata", "company-nordwind.yaml")
	out := filepath.Join(dir, "company-CMRT.xlsx")
	left := filepath.Join(dir, "left-out.csv")
	stdout, stderr, code := cmrtRun(t, "--db", db, "export", "cmrt", "--period", "2025", "--template", tpl,
		"--company", company, "-o", out, "--removed-report", left)
	if code != exitOK {
		t.Fatalf("export cmrt: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "RMI's Checker (as cmrt check computes it): 0 required fields missing") {
		t.Errorf("summary does not report a complete declaration:\n%s", stdout)
	}

	// The round trip: cmrt check finds nothing to fix.
	if stdout, stderr, code := cmrtRun(t, "check", out); code != exitOK {
		t.Errorf("cmrt check on the export: exit %d\n%s%s", code, stdout, stderr)
	}
	back, err := cmrt.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if res := cmrt.Check(back, time.Now()); res.Errors() != 0 {
		t.Errorf("export read back with %d errors: %+v", res.Errors(), res.Problems)
	}
	if back.Company.Name != "Nordwind Components GmbH" || back.Company.Scope != cmrt.ScopeCompany ||
		back.Company.EffectiveDate.Format("2006-01-02") != time.Now().UTC().Format("2006-01-02") {
		t.Errorf("company block read back: %+v", back.Company)
	}
	if a := back.Answer("B", ""); a != "Yes" {
		t.Errorf("question B = %q, want Yes (policy URL given)", a)
	}
	if a := back.Answer("H", ""); a != "Yes, with the EU" {
		t.Errorf("question H = %q, want \"Yes, with the EU\" (regulations: EU 2017/821)", a)
	}

	// Every smelter of the rollup is in the file; nothing else is.
	st, err := store.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	se, err := st.Season(context.Background(), 2025, time.Now().UTC())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := risk.RollUp(se, risk.RollupOptions{Family: "CMRT", Minerals: back.Layout.Minerals})
	if len(r.Smelters) == 0 {
		t.Fatal("the samples give no smelters to export: the test would prove nothing")
	}
	// By CID where the template's Look-up knows it (RMI's formulas fill the
	// rest), by name on a "Smelter not listed" row with the CID in comments.
	got := map[string]bool{}
	for _, s := range back.Smelters {
		got[strings.ToLower(s.Metal)+" "+s.CID] = true
		if s.LookupName == cmrt.SmelterNotListed && strings.HasPrefix(s.Comments, "CID") {
			got[strings.ToLower(s.Metal)+" "+strings.Fields(s.Comments)[0]] = s.Name != "" && s.Country != ""
		}
	}
	for _, s := range back.Smelters {
		if s.LookupName == cmrt.SmelterNotListed {
			got[strings.ToLower(s.Metal)+" name "+s.Name] = s.Country != ""
		}
	}
	for _, s := range r.Smelters {
		key := strings.ToLower(s.Metal) + " " + s.CID
		if s.Unmatched {
			key = strings.ToLower(s.Metal) + " name " + s.Name
		}
		if !got[key] {
			t.Errorf("smelter %s %s (%s) missing from the export", s.Metal, s.CID, s.Name)
		}
	}
	if len(back.Smelters) != len(r.Smelters) {
		t.Errorf("export lists %d smelters, the rollup %d", len(back.Smelters), len(r.Smelters))
	}
	for _, m := range r.Minerals {
		for q, v := range m.Answers {
			if got := back.Answer(questionOf(t, "CMRT", q), m.Mineral); got != v {
				t.Errorf("%s %s: file says %q, rollup %q", m.Mineral, q, got, v)
			}
		}
	}

	// The side report lists what was left out, one row each.
	recs := readCSV(t, left)
	if want := 1 + len(r.Removed); len(recs) < want {
		t.Errorf("removed report has %d rows, want at least %d (header, removed, unmatched)", len(recs), want)
	}
	for _, u := range r.Unmatched {
		if u.Listed {
			continue
		}
		found := false
		for _, rec := range recs {
			if len(rec) > 2 && rec[2] == u.Name {
				found = true
			}
		}
		if !found {
			t.Errorf("unmatched %q not in the removed report %v", u.Name, recs)
		}
	}
}

func TestExportOwnVariantsAndErrors(t *testing.T) {
	tpl := realTemplate(t, filepath.Join("templates", "RMI_CMRT_6.5.xlsx"))
	db, dir := importSamples(t)
	products := filepath.Join(dir, "products.csv")
	if err := os.WriteFile(products, []byte("number,name\nP-100,Pump housing\nP-200,Valve\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "tin.xlsx")
	stdout, stderr, code := cmrtRun(t, "--db", db, "export", "cmrt", "--period", "2025", "--template", tpl, "--metals", "tin",
		"--products", products, "-o", out)
	if code != exitOK && code != exitProblems {
		t.Fatalf("export cmrt --metals tin: exit %d\n%s%s", code, stdout, stderr)
	}
	back, err := cmrt.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range back.Layout.Minerals {
		if m != "Tin" && back.Answer("1", m) != "No" {
			t.Errorf("%s outside --metals tin: question 1 = %q, want No", m, back.Answer("1", m))
		}
	}
	for _, s := range back.Smelters {
		if s.Metal != "Tin" {
			t.Errorf("tin variant lists a %s smelter %s", s.Metal, s.CID)
		}
	}
	if back.Company.Scope != cmrt.ScopeProduct || len(back.Products) != 2 || back.Products[1].Number != "P-200" {
		t.Errorf("products variant: scope %q, products %+v", back.Company.Scope, back.Products)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "cmrt", "--period", "2025", "--template", tpl, "--metals", "cobalt", "-o", filepath.Join(dir, "x.xlsx")}, "--metals \"cobalt\""},
		{[]string{"export", "emrt", "--period", "2025", "--template", tpl, "-o", filepath.Join(dir, "x.xlsx")}, "not a EMRT template"},
		{[]string{"export", "cmrt", "--period", "2025", "--template", tpl, "-o", tpl}, "is the template itself"},
		{[]string{"export", "cmrt", "--period", "2025", "--template", out, "-o", filepath.Join(dir, "y.xlsx")}, "not blank"},
		{[]string{"export", "cmrt", "--period", "2025", "-o", filepath.Join(dir, "x.xlsx")}, "--template FILE and -o FILE are required"},
	} {
		_, stderr, code := cmrtRun(t, append([]string{"--db", db}, c.args...)...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, exitUsage, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.xlsx")); err == nil {
		t.Error("a refused export left a file behind")
	}
}

func TestExportTables(t *testing.T) {
	db, dir := importSamples(t)
	// Stored findings to export.
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ComputeFindings(context.Background(), 2025, time.Now().UTC(), risk.DefaultConfig(), true); err != nil {
		t.Fatal(err)
	}
	se, err := st.Season(context.Background(), 2025, time.Now().UTC())
	if err != nil || len(se.Suppliers) == 0 || se.Suppliers[0].ID == 0 {
		t.Fatalf("no supplier in 2025 to rename (%v)", err)
	}
	st.Close()
	// A hostile supplier name: a formula in CSV unless neutralised.
	hostile := "=HYPERLINK(\"http://evil.example\",\"x\")"
	if _, stderr, code := cmrtRun(t, "--db", db, "suppliers", "rename", strconv.FormatInt(se.Suppliers[0].ID, 10), hostile); code != exitOK {
		t.Fatalf("rename: exit %d\n%s", code, stderr)
	}
	for _, c := range []struct {
		name   string
		header []string
	}{
		{"smelters", []string{"family", "metal", "cid", "standard_name"}},
		{"findings", []string{"id", "supplier", "severity", "code"}},
		{"suppliers", []string{"supplier_id", "supplier", "supplier_ref", "in_register"}},
		{"declarations", []string{"id", "supplier", "family", "version"}},
	} {
		xl := filepath.Join(dir, c.name+".xlsx")
		if _, stderr, code := cmrtRun(t, "--db", db, "export", c.name, "--period", "2025", "-o", xl); code != exitOK {
			t.Fatalf("export %s: exit %d\n%s", c.name, code, stderr)
		}
		f, err := excelize.OpenFile(xl)
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetList()[0]
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 2 {
			t.Errorf("export %s: %d rows, want a header and data", c.name, len(rows))
		} else if strings.Join(rows[0][:len(c.header)], ",") != strings.Join(c.header, ",") {
			t.Errorf("export %s: header %v, want it to start %v", c.name, rows[0], c.header)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("export %s: panes %+v (%v), want frozen below row 1", c.name, panes, err)
		}
		filtered := false
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm._FilterDatabase" && strings.Contains(dn.RefersTo, "$A$1:") {
				filtered = true
			}
		}
		if !filtered {
			t.Errorf("export %s: no autofilter over the table (%+v)", c.name, f.GetDefinedName())
		}
		if w, _ := f.GetColWidth(sheet, "B"); w < 8 || w > 62 {
			t.Errorf("export %s: column B width %v, want between 8 and 62", c.name, w)
		}
		if c.name == "suppliers" {
			found := false
			for r := range rows {
				cell, _ := excelize.CoordinatesToCellName(2, r+1)
				if v, _ := f.GetCellValue(sheet, cell); v == hostile {
					found = true
					if fo, _ := f.GetCellFormula(sheet, cell); fo != "" {
						t.Errorf("suppliers xlsx: %s is a formula %q", cell, fo)
					}
				}
			}
			if !found {
				t.Errorf("suppliers xlsx: the renamed supplier %q is missing", hostile)
			}
		}
		f.Close()

		csvPath := filepath.Join(dir, c.name+".csv")
		if _, stderr, code := cmrtRun(t, "--db", db, "export", c.name, "--period", "2025", "-o", csvPath); code != exitOK {
			t.Fatalf("export %s csv: exit %d\n%s", c.name, code, stderr)
		}
		recs := readCSV(t, csvPath)
		if len(recs) != len(rows) {
			t.Errorf("export %s: CSV %d rows, xlsx %d", c.name, len(recs), len(rows))
		}
		if c.name == "suppliers" {
			found := false
			for _, rec := range recs {
				if rec[1] == "'"+hostile {
					found = true
				}
				if strings.HasPrefix(rec[1], "=") {
					t.Errorf("suppliers CSV: cell %q would run as a formula", rec[1])
				}
			}
			if !found {
				t.Errorf("suppliers CSV: no neutralised cell %q", "'"+hostile)
			}
		}
	}
	if _, stderr, code := cmrtRun(t, "--db", db, "export", "smelters", "--format", "xlsx", "-o", "-"); code != exitUsage {
		t.Errorf("xlsx to standard output: exit %d (%s), want %d", code, stderr, exitUsage)
	}
}

// questionOf is the family's question ID of a rollup concept.
func questionOf(t *testing.T, family string, c risk.Concept) string {
	t.Helper()
	for _, id := range []string{"1", "2", "3", "4", "5", "6", "7", "8"} {
		if got, ok := risk.QuestionConcept(family, id); ok && got == c {
			return id
		}
	}
	t.Fatalf("%s has no question for %s", family, c)
	return ""
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestExportOwnRecalculatedByLibreOffice exports the samples' CMRT and EMRT
// into RMI's real blanks and has LibreOffice recalculate them: RMI's own
// Checker counts 0 missing fields, and on an export without the company
// file exactly what cmrt counts (the oracle recalculates, it does not echo
// the blank's saved count).
func TestExportOwnRecalculatedByLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: LibreOffice takes seconds")
	}
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("LibreOffice is not installed (Debian package libreoffice-calc-nogui): skipping RMI's Checker recalculated")
	}
	db, dir := importSamples(t)
	company := filepath.Join("..", "..", "testdata", "company-nordwind.yaml")
	var files []string
	for _, c := range []struct{ family, template string }{
		{"cmrt", "RMI_CMRT_6.4.xlsx"}, {"cmrt", filepath.Join("templates", "RMI_CMRT_6.5.xlsx")}, {"emrt", filepath.Join("templates", "RMI_EMRT_2.1.xlsx")},
	} {
		tpl := realTemplate(t, c.template)
		out := filepath.Join(dir, "own-"+strings.TrimSuffix(filepath.Base(c.template), ".xlsx")+".xlsx")
		if stdout, stderr, code := cmrtRun(t, "--db", db, "export", c.family, "--period", "2025", "--template", tpl, "--company", company, "-o", out); code != exitOK {
			t.Fatalf("export %s %s: exit %d\n%s%s", c.family, c.template, code, stdout, stderr)
		}
		files = append(files, out)
	}
	control := filepath.Join(dir, "control.xlsx")
	stdout, stderr, code := cmrtRun(t, "--db", db, "export", "cmrt", "--period", "2025", "--template",
		realTemplate(t, filepath.Join("templates", "RMI_CMRT_6.5.xlsx")), "-o", control, "--format", "json")
	var sum struct {
		RequiredMissing int `json:"required_missing"`
	}
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil || code != exitProblems || sum.RequiredMissing == 0 {
		t.Fatalf("export without a company file: exit %d, %v\n%s%s", code, err, stdout, stderr)
	}
	counts, err := libreoffice.CheckerCounts(t.TempDir(), append(files, control))
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		if counts[i] != "0" {
			t.Errorf("%s: RMI's Checker recalculated by LibreOffice counts %q required fields remaining, want 0", filepath.Base(f), counts[i])
		} else {
			t.Logf("%s: RMI's Checker (LibreOffice) counts 0 required fields remaining", filepath.Base(f))
		}
	}
	if want := strconv.Itoa(sum.RequiredMissing); counts[len(files)] != want {
		t.Errorf("export without a company file: LibreOffice's Checker counts %q, cmrt %s", counts[len(files)], want)
	} else {
		t.Logf("export without a company file: LibreOffice's Checker and cmrt both count %s", want)
	}
}

// TestWriteFileAtomicKeepsSpecialFiles: an output path that is a symbolic
// link is written through, never replaced by a rename (devices such as
// /dev/null take the same path; not tested here, where a regression would
// replace the machine's /dev/null).
func TestWriteFileAtomicKeepsSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.csv")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := writeFileAtomic(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi, err)
	}
	if b, _ := os.ReadFile(target); string(b) != "new" {
		t.Errorf("target holds %q, want the new content", b)
	}
	plain := filepath.Join(dir, "plain.csv")
	if err := writeFileAtomic(plain, []byte("a")); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
