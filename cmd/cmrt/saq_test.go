package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/saq"
)

// TestSAQBankPrint: the printed bank parses back into the default bank.
func TestSAQBankPrint(t *testing.T) {
	out, stderr, code := cmrtRun(t, "saq", "bank", "print")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := saq.Parse([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Themes) != 9 || len(b.Questions()) != 45 {
		t.Errorf("printed bank has %d themes, %d questions", len(b.Themes), len(b.Questions()))
	}
}

// writeSAQFile writes a questionnaire answered from answer (question ID →
// value; every other question "Yes") for company name.
func writeSAQFile(t *testing.T, path, name string, effective time.Time, answer map[string]string) {
	t.Helper()
	d := &cmrt.Declaration{Company: cmrt.Company{Name: name, Scope: cmrt.ScopeCompany, ContactName: "Ada",
		ContactEmail: "ada@example.com", ContactPhone: "1", Authorizer: "Ben", AuthorizerEmail: "ben@example.com",
		EffectiveDate: effective}}
	for _, tq := range saq.Default().Questions() {
		v, ok := answer[tq.Question.ID]
		if !ok {
			v = "Yes"
		}
		d.Answers = append(d.Answers, cmrt.Answer{Question: tq.Question.ID, Value: v})
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := cmrt.WriteSAQ(f, nil, d, "ja"); err != nil {
		t.Fatal(err)
	}
}

// TestTemplateSAQ writes the blank with the command and checks it (53
// mandatory fields left), refuses a bad bank naming the file, then imports
// a filled questionnaire into the database and shows it.
func TestTemplateSAQ(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cmrt.db")
	blank := filepath.Join(dir, "saq.xlsx")
	stdout, stderr, code := cmrtRun(t, "template", "saq", "--lang", "zh", "-o", blank)
	if code != exitOK || !strings.Contains(stdout, "Revision 1.0, 45 questions") {
		t.Fatalf("template: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, stderr, code = cmrtRun(t, "check", "--format", "json", blank)
	if code != exitProblems || !strings.Contains(stdout, `"family": "SAQ"`) || !strings.Contains(stdout, `"required_missing": 53`) {
		t.Errorf("check blank: exit %d\n%s%s", code, stdout, stderr)
	}
	bad := filepath.Join(dir, "bank.yaml")
	if err := os.WriteFile(bad, []byte("version: \"2\"\nscale: []\nthemes: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code = cmrtRun(t, "template", "saq", "--questions", bad, "-o", blank); code != exitUsage || !strings.Contains(stderr, bad) || !strings.Contains(stderr, "scale") {
		t.Errorf("bad bank: exit %d %s", code, stderr)
	}
	filled := filepath.Join(dir, "koyo.xlsx")
	writeSAQFile(t, filled, "Koyo Precision KK", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), map[string]string{"LAB3": "No"})
	if stdout, stderr, code = cmrtRun(t, "check", filled); code != exitOK {
		t.Errorf("check filled: exit %d\n%s%s", code, stdout, stderr)
	}
	if stdout, stderr, code = cmrtRun(t, "--db", db, "import", filled); code != exitOK {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, stderr, code = cmrtRun(t, "--db", db, "declarations", "show", "1", "--format", "json")
	for _, want := range []string{`"SAQ"`, "Koyo Precision KK", "LAB3"} {
		if code != exitOK || !strings.Contains(stdout, want) {
			t.Errorf("declarations show: exit %d, no %q\n%s%s", code, want, stdout, stderr)
		}
	}
}
