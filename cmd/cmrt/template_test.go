package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
)

// TestTemplateGemstones writes the blank with the command, checks it (31
// mandatory fields left), then imports a filled one and shows it.
func TestTemplateGemstones(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cmrt.db")
	blank := filepath.Join(dir, "gemstone-declaration.xlsx")
	stdout, stderr, code := cmrtRun(t, "template", "gemstones", "--lang", "ja", "-o", blank)
	if code != exitOK || !strings.Contains(stdout, "Revision 1.0") {
		t.Fatalf("template: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, stderr, code = cmrtRun(t, "check", "--format", "json", blank)
	if code != exitProblems || !strings.Contains(stdout, `"family": "GEM"`) || !strings.Contains(stdout, `"required_missing": 31`) {
		t.Errorf("check blank: exit %d\n%s%s", code, stdout, stderr)
	}
	// The readable report speaks of the template's own Checker, not RMI's, and of no Smelter List.
	stdout, _, _ = cmrtRun(t, "check", blank)
	if !strings.Contains(stdout, "31 required fields missing (the template's Checker)") || strings.Contains(stdout, "smelter rows") {
		t.Errorf("check blank, table:\n%s", stdout)
	}
	if _, stderr, code = cmrtRun(t, "template", "gemstones", "--lang", "fr", "-o", blank); code != exitUsage || !strings.Contains(stderr, "en, zh, ja") {
		t.Errorf("--lang fr: exit %d %s", code, stderr)
	}
	if _, _, code = cmrtRun(t, "template", "gemstones"); code != exitUsage {
		t.Errorf("no -o: exit %d, want %d", code, exitUsage)
	}

	d := &cmrt.Declaration{Company: cmrt.Company{Name: "Lumen Jewels Ltd", Scope: cmrt.ScopeCompany, ContactName: "Ada",
		ContactEmail: "ada@lumen.example", ContactPhone: "1", Authorizer: "Ben", AuthorizerEmail: "ben@lumen.example",
		EffectiveDate: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)}}
	for _, m := range cmrt.GemstoneMaterials {
		d.Answers = append(d.Answers, cmrt.Answer{Question: cmrt.GemQUsed, Mineral: m, Value: "No"})
	}
	d.Answers[2].Value = "Yes" // ruby
	d.Answers = append(d.Answers,
		cmrt.Answer{Question: cmrt.GemQOrigin, Mineral: cmrt.Ruby, Value: "Myanmar"},
		cmrt.Answer{Question: cmrt.GemQRJC, Mineral: cmrt.Ruby, Value: "No"})
	for _, id := range []string{"A", "B", "C", "D", "E"} {
		d.Answers = append(d.Answers, cmrt.Answer{Question: id, Value: "No"})
	}
	d.Mines = []cmrt.MineRow{{Metal: cmrt.Ruby, Source: "Mine", MineName: "Mogok pit", Country: "MYANMAR"}}
	filled := filepath.Join(dir, "lumen.xlsx")
	f, err := os.Create(filled)
	if err != nil {
		t.Fatal(err)
	}
	if err := cmrt.WriteGemstone(f, d, "zh"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if stdout, stderr, code = cmrtRun(t, "--db", db, "import", filled); code != exitOK {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
	}
	// The disclosure's section 12 counts it: ruby from Myanmar, a restricted origin.
	needPDFTools(t)
	pdf := filepath.Join(dir, "disclosure.pdf")
	if stdout, stderr, code = cmrtRun(t, "--db", db, "report", "disclosure", "--period", "2026", "--as-of", "2026-11-30", "-o", pdf); code != exitOK {
		t.Fatalf("report disclosure: exit %d\n%s%s", code, stdout, stderr)
	}
	text := pdfFileText(t, pdf)
	for _, want := range []string{"12. Diamonds and coloured gemstones", "Suppliers who responded: 1", "Ruby MYANMAR",
		"GEM_MYANMAR_RUBY_JADE Myanmar rubies or jadeite high 2 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("disclosure lacks %q:\n%s", want, text[strings.Index(text, "12. Diamonds"):])
		}
	}
	stdout, stderr, code = cmrtRun(t, "--db", db, "declarations", "show", "1", "--format", "json")
	// The Sources rows are stored as mine rows; show lists them.
	for _, want := range []string{`"GEM"`, "Lumen Jewels Ltd", "Myanmar", `"mine_name": "Mogok pit"`, `"country": "MYANMAR"`} {
		if code != exitOK || !strings.Contains(stdout, want) {
			t.Errorf("declarations show: exit %d, no %q\n%s%s", code, want, stdout, stderr)
		}
	}
}
