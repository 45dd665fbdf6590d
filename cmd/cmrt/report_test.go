package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/reports"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

// needPDFTools skips, naming the Debian package, when pdftotext or a PDF
// font is missing (.ci/run installs them).
func needPDFTools(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not found: install Debian's poppler-utils (apt-get install poppler-utils)")
	}
	if err := (reports.Options{}).CheckFonts(); err != nil {
		t.Skipf("skipping: %v", err)
	}
}

// pdfFileText is a PDF's text with runs of white space as one space
// (table cells wrap).
func pdfFileText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", path, err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// reportDB is a season built through the real store: RMI lists, the
// bundled samples (among them a Chinese and a Japanese supplier) and a
// supplier register naming two of them and one who never answered.
func reportDB(t *testing.T) (db, dir string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "cmrt.db")
	newSmFixture(t).load(t, db)
	if _, stderr, code := cmrtRun(t, "--db", db, "import", "--learn-lookup", filepath.Join("..", "..", "testdata", "samples")); code != exitOK {
		t.Fatalf("import: exit %d %s", code, stderr)
	}
	// The register goes in through the store: on this base `suppliers
	// import` is not yet registered as a writing command.
	entries, err := risk.ParseRegister("register.csv", []byte("name,materials,period\n深圳华晶电子有限公司,Gold;Tin,2025\n株式会社ミナト電装,Tin,2025\nSilent Supplier GmbH,Tin,2025\n"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.ImportRegister(context.Background(), "register.csv", entries); err != nil {
		t.Fatal(err)
	}
	return db, dir
}

func TestReportDisclosureCommand(t *testing.T) {
	needPDFTools(t)
	db, _ := reportDB(t)
	dir := t.TempDir() // outputs beside the database would change its folder
	before := dbState(t, db)
	out := filepath.Join(dir, "disclosure-2025.pdf")
	company := filepath.Join("..", "..", "testdata", "company.yaml")
	stdout, stderr, code := cmrtRun(t, "--db", db, "report", "disclosure", "--period", "2025", "--as-of", "2026-10-15",
		"--company", company, "-o", out, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var written struct {
		File      string `json:"file"`
		Suppliers int    `json:"suppliers"`
	}
	if err := json.Unmarshal([]byte(stdout), &written); err != nil || written.File != out {
		t.Fatalf("%v %s", err, stdout)
	}
	if after := dbState(t, db); after != before {
		t.Error("report disclosure changed the database")
	}
	text := pdfFileText(t, out)
	// Numbers from the data: the register (3 asked, the two CJK suppliers
	// answered) and the declarations per family as `cmrt declarations` lists them.
	for _, want := range []string{"Bluewater Circuits Ltd.", "Alice Morgan, Chief Operating Officer", "2026-10-15",
		"Suppliers surveyed: 3. Responded: 2 (66.67%).", "Annex A: smelters and refiners"} {
		if !strings.Contains(text, want) {
			t.Errorf("disclosure lacks %q", want)
		}
	}
	if strings.Contains(text, "To be completed") {
		t.Error("placeholder left with a complete company file")
	}
	declOut, _, _ := cmrtRun(t, "--db", db, "declarations", "--format", "json")
	var decls []struct {
		Family  string `json:"family"`
		Period  int    `json:"period"`
		Current bool   `json:"current"`
	}
	if err := json.Unmarshal([]byte(declOut), &decls); err != nil {
		t.Fatal(err)
	}
	perFamily := map[string]int{}
	for _, d := range decls {
		if d.Current && d.Period == 2025 {
			perFamily[d.Family]++
		}
	}
	for fam, n := range perFamily {
		if want := fmt.Sprintf("%s %d ", fam, n); !strings.Contains(text, "Missing fields") || !strings.Contains(text[strings.Index(text, "Missing fields"):], want) {
			t.Errorf("declarations table lacks %q", want)
		}
	}

	// Without --company: placeholders name the keys. Same data, same bytes.
	a, b := filepath.Join(dir, "a.pdf"), filepath.Join(dir, "b.pdf")
	for _, p := range []string{a, b} {
		if _, stderr, code := cmrtRun(t, "--db", db, "report", "disclosure", "--period", "2025", "--as-of", "2026-10-15", "--paper", "letter", "-o", p); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	ab, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ab, bb) {
		t.Error("two reports of the same data differ")
	}
	if text := pdfFileText(t, a); !strings.Contains(text, `[To be completed: company file key "signer.name"]`) {
		t.Error("no placeholder naming signer.name without --company")
	}

	// Usage errors.
	for _, args := range [][]string{
		{"report", "disclosure", "--period", "2025"},                                        // no -o
		{"report", "disclosure", "--period", "2025", "--paper", "a5", "-o", a},              // paper
		{"report", "disclosure", "--period", "2025", "--font", "/nonexistent.ttf", "-o", a}, // font
		{"report", "disclosure", "--period", "2025", "--company", "missing.yaml", "-o", a},
		{"report", "disclosure", "--period", "2031", "-o", a}, // no data for the period
	} {
		_, stderr, code := cmrtRun(t, append([]string{"--db", db}, args...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
		if strings.Contains(strings.Join(args, " "), "nonexistent") && !strings.Contains(stderr, "fonts-droid-fallback") {
			t.Errorf("missing font message does not name the package: %s", stderr)
		}
	}
}

func TestReportFeedbackCommand(t *testing.T) {
	needPDFTools(t)
	db, _ := reportDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "feedback")
	stdout, stderr, code := cmrtRun(t, "--db", db, "report", "feedback", "--period", "2025", "--as-of", "2026-10-15", "--due", "2026-03-31",
		"--company", filepath.Join("..", "..", "testdata", "company.yaml"), "-o", out, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sheets []struct {
		File     string `json:"file"`
		Supplier string `json:"supplier"`
		Language string `json:"language"`
		RiskRank string `json:"risk_rank"`
		Findings int    `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &sheets); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(out)
	if len(sheets) == 0 || len(entries) != len(sheets) {
		t.Fatalf("%d sheets listed, %d files written", len(sheets), len(entries))
	}
	want := map[string][]string{
		"深圳华晶电子有限公司":              {reports.LangChinese, "供应商反馈", "截止日期: 2026-03-31", "贵公司的风险等级"},
		"株式会社ミナト電装":               {reports.LangJapanese, "サプライヤーへのフィードバック", "期限: 2026-03-31"},
		"Bluewater Circuits Ltd.": {reports.LangEnglish, "Supplier feedback", "By: 2026-03-31"},
	}
	found := 0
	for _, s := range sheets {
		w, ok := want[s.Supplier]
		if !ok {
			continue
		}
		found++
		if s.Language != w[0] {
			t.Errorf("%s: language %s, want %s", s.Supplier, s.Language, w[0])
		}
		text := pdfFileText(t, s.File)
		for _, x := range append([]string{s.Supplier, "Bluewater Circuits Ltd."}, w[1:]...) {
			if !strings.Contains(text, x) {
				t.Errorf("%s: sheet lacks %q", s.Supplier, x)
			}
		}
		if s.Findings > 0 && !strings.Contains(text, "!") {
			t.Errorf("%s: no sheet!cell to fix in a sheet with %d findings", s.Supplier, s.Findings)
		}
	}
	if found < len(want) {
		t.Errorf("sheets for %d of the %d expected suppliers", found, len(want))
	}
	// Same data, same bytes, sheet by sheet.
	again := filepath.Join(dir, "again")
	if _, stderr, code := cmrtRun(t, "--db", db, "report", "feedback", "--period", "2025", "--as-of", "2026-10-15", "--due", "2026-03-31",
		"--company", filepath.Join("..", "..", "testdata", "company.yaml"), "-o", again); code != exitOK {
		t.Fatalf("again: exit %d %s", code, stderr)
	}
	for _, s := range sheets {
		a, _ := os.ReadFile(s.File)
		b, err := os.ReadFile(filepath.Join(again, filepath.Base(s.File)))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: a second run wrote different bytes (%v)", filepath.Base(s.File), err)
		}
	}
	// One supplier only.
	one := filepath.Join(dir, "one")
	if _, stderr, code := cmrtRun(t, "--db", db, "report", "feedback", "--period", "2025", "--supplier", "深圳华晶电子有限公司", "-o", one); code != exitOK {
		t.Fatalf("--supplier: exit %d %s", code, stderr)
	}
	if entries, _ := os.ReadDir(one); len(entries) != 1 {
		t.Errorf("--supplier wrote %d files", len(entries))
	}
	if _, _, code := cmrtRun(t, "--db", db, "report", "feedback", "--due", "31/31/2026", "-o", one); code != exitUsage {
		t.Errorf("bad --due: exit %d", code)
	}
}
