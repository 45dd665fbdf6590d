package cmrt_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
)

// filledGemstone is a declaration answering every question of the Gemstone
// template, with sources.
func filledGemstone(t *testing.T) *cmrt.Declaration {
	t.Helper()
	l, err := cmrt.LookupLayout(cmrt.GEM, cmrt.GemstoneVersion)
	if err != nil {
		t.Fatal(err)
	}
	d := &cmrt.Declaration{Company: cmrt.Company{
		Name: "Lumen Jewels Ltd", Scope: cmrt.ScopeCompany, UniqueID: "DUNS 123", Address: "1 Hatton Garden, London",
		ContactName: "Ada Stone", ContactEmail: "ada@lumen.example", ContactPhone: "+44 20 1234",
		Authorizer: "Ben Gold", AuthorizerTitle: "CEO", AuthorizerEmail: "ben@lumen.example", AuthorizerPhone: "+44 20 5678",
		EffectiveDate: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), EffectiveDateText: "2026-03-31",
	}}
	values := map[string]func(m string) string{
		cmrt.GemQUsed: func(m string) string { return map[bool]string{true: "No", false: "Yes"}[m == cmrt.Emerald] },
		cmrt.GemQOrigin: func(m string) string {
			return map[string]string{cmrt.Ruby: "Myanmar; Mozambique", cmrt.Sapphire: "Unknown"}[m] + "Botswana"
		},
		cmrt.GemQKimberley:  func(string) string { return "Yes" },
		cmrt.GemQWarranties: func(string) string { return "Unknown" },
		cmrt.GemQRJC:        func(string) string { return "Yes, CoC certified" },
		cmrt.GemQRJCNumber:  func(m string) string { return "RJC-" + strings.ToUpper(m[:3]) },
		cmrt.GemQRJCExpiry:  func(string) string { return "2027-06-30" },
	}
	for _, q := range l.Questions {
		for i, m := range l.Minerals {
			if len(q.OnlyMinerals) > 0 && !contains(q.OnlyMinerals, m) {
				continue
			}
			d.Answers = append(d.Answers, cmrt.Answer{Question: q.ID, Mineral: m, Value: values[q.ID](m), Cell: q.Cell(i)})
		}
	}
	for _, q := range l.CompanyQuestions {
		a := cmrt.Answer{Question: q.ID, Value: "Yes", Cell: q.Cell}
		if q.ID == cmrt.GemQPolicyURL {
			a.Comment = "https://lumen.example/policy"
		}
		if q.ID == cmrt.GemQRussiaOut {
			a.Value = "No"
		}
		d.Answers = append(d.Answers, a)
	}
	d.Mines = []cmrt.MineRow{
		{Metal: cmrt.RoughDiamonds, Source: "Mine", MineName: "Jwaneng", Country: "BOTSWANA", MineID: "KP-BW-0001"},
		{Metal: cmrt.Ruby, Source: "Trader", MineName: "Mogok Gems Co", Country: "MYANMAR", Comments: "RJC-0042"},
		{Metal: cmrt.PolishedDiamonds, Source: "Cutting and polishing centre", MineName: "Surat Polish", Country: "INDIA"},
	}
	return d
}

func contains(set []string, s string) bool {
	for _, x := range set {
		if x == s {
			return true
		}
	}
	return false
}

func writeGemstone(t *testing.T, d *cmrt.Declaration, lang string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := cmrt.WriteGemstone(&buf, d, lang); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gemstone-"+lang+".xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// gemstoneBlankMissing is the blank template's count: 8 company fields
// (name, scope, contact name, e-mail, phone, authorizer, authorizer e-mail,
// effective date), questions 1, 2 and 5 for five materials, question 3 for
// rough diamonds, question 4 for both diamonds, and A–E.
const gemstoneBlankMissing = 8 + 5*3 + 1 + 2 + 5

func TestGemstoneRoundTrip(t *testing.T) {
	for _, lang := range cmrt.GemstoneLanguages() {
		t.Run(lang, func(t *testing.T) {
			want := filledGemstone(t)
			got, err := cmrt.ReadFile(writeGemstone(t, want, lang))
			if err != nil {
				t.Fatal(err)
			}
			checkReturned(t, got, want, cmrt.GEM, lang)
			if !reflect.DeepEqual(got.Minerals, cmrt.GemstoneMaterials) {
				t.Errorf("materials %v", got.Minerals)
			}
			if len(got.Mines) != len(want.Mines) {
				t.Fatalf("%d sources, want %d", len(got.Mines), len(want.Mines))
			}
			for i, m := range want.Mines {
				g := got.Mines[i]
				g.Row = 0
				if g != m {
					t.Errorf("source %d: got %+v, want %+v", i, g, m)
				}
			}
		})
	}
}

func TestGemstoneBlankCheck(t *testing.T) {
	d, err := cmrt.ReadFile(writeGemstone(t, nil, "en"))
	if err != nil {
		t.Fatal(err)
	}
	if got := cmrt.Check(d, time.Now()).RequiredMissing; got != gemstoneBlankMissing {
		t.Errorf("blank: Check counts %d missing, want %d", got, gemstoneBlankMissing)
	}
}

func TestGemstoneUnknownLanguage(t *testing.T) {
	var buf bytes.Buffer
	err := cmrt.WriteGemstone(&buf, nil, "fr")
	if err == nil || !strings.Contains(err.Error(), "en, zh, ja") {
		t.Fatalf("err = %v, want one naming the languages offered", err)
	}
}

// TestGemstoneLibreOffice opens the templates in LibreOffice headless,
// recalculating on load, and reads the Checker's live count (D2): the
// blank's, a filled declaration's (0), and one with three fields left, each
// equal to Check's.
func TestGemstoneLibreOffice(t *testing.T) {
	partial := filledGemstone(t)
	partial.Company.ContactEmail = "no-at-sign"
	for i := range partial.Answers {
		a := &partial.Answers[i]
		if a.Question == cmrt.GemQOrigin && a.Mineral == cmrt.Ruby {
			a.Value = ""
		}
		if a.Question == cmrt.GemQPolicyURL {
			a.Comment = ""
		}
	}
	cases := []struct {
		name string
		d    *cmrt.Declaration
		lang string
		want int
	}{
		{"blank-en", nil, "en", gemstoneBlankMissing},
		{"blank-ja", nil, "ja", gemstoneBlankMissing},
		{"filled-zh", filledGemstone(t), "zh", 0},
		{"partial-en", partial, "en", 3},
	}
	var written []checkerCase
	for _, c := range cases {
		written = append(written, checkerCase{c.name, writeGemstone(t, c.d, c.lang), c.want})
	}
	checkCheckerCounts(t, written)
}

// TestGemstoneWorkbook checks what the reader does not read: translated
// labels, unlocked input cells under sheet protection, dropdowns from the
// hidden Lists sheet, the Checker's live formulas.
func TestGemstoneWorkbook(t *testing.T) {
	for lang, label := range map[string]string{"en": "Company name", "zh": "公司名称", "ja": "会社名"} {
		f, err := excelize.OpenFile(writeGemstone(t, nil, lang))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.GetCellValue(cmrt.SheetDeclaration, "B8"); !strings.HasPrefix(v, label) || !strings.HasSuffix(v, "(*)") {
			t.Errorf("%s: B8 = %q, want a mandatory %q label", lang, v, label)
		}
		if v, _ := f.GetCellValue(cmrt.SheetDeclaration, "J3"); v != cmrt.GemstoneVersionText {
			t.Errorf("%s: J3 = %q", lang, v)
		}
		if visible, _ := f.GetSheetVisible(cmrt.SheetGemLists); visible {
			t.Errorf("%s: Lists sheet visible", lang)
		}
		for _, ref := range []string{"D8", "D26", "D32", "G64"} {
			id, _ := f.GetCellStyle(cmrt.SheetDeclaration, ref)
			st, err := f.GetStyle(id)
			if err != nil || st.Protection == nil || st.Protection.Locked {
				t.Errorf("%s: input cell %s is locked (%+v)", lang, ref, st)
			}
		}
		id, _ := f.GetCellStyle(cmrt.SheetDeclaration, "B8")
		if st, _ := f.GetStyle(id); st != nil && st.Protection != nil && !st.Protection.Locked {
			t.Errorf("%s: label B8 is unlocked", lang)
		}
		dvs, err := f.GetDataValidations(cmrt.SheetDeclaration)
		if err != nil {
			t.Fatal(err)
		}
		lists := map[string]string{}
		for _, dv := range dvs {
			lists[dv.Sqref] = dv.Formula1
		}
		if !strings.Contains(lists["D26"], "Lists!$A$1:$A$2") || !strings.Contains(lists["D38"], "Lists!$B$1:$B$3") || lists["D32"] != "" {
			t.Errorf("%s: dropdowns %v", lang, lists)
		}
		if fo, _ := f.GetCellFormula(cmrt.SheetChecker, "D2"); !strings.HasPrefix(fo, "SUM(D6:D") {
			t.Errorf("%s: Checker!D2 formula %q", lang, fo)
		}
		f.Close()
	}
}
