package cmrt_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/saq"
)

// saqBlankMissing is the blank questionnaire's count: 8 mandatory company
// fields and the 45 questions of the default bank.
const saqBlankMissing = 8 + 45

func saqCompany() cmrt.Company {
	return cmrt.Company{
		Name: "Kōyō Precision KK", Scope: cmrt.ScopeCompany, UniqueID: "JCN 1234567890123", Address: "1-2-3 Ōtemachi, Tokyo",
		ContactName: "Sato Hana", ContactEmail: "hana@koyo.example", ContactPhone: "+81 3 1234 5678",
		Authorizer: "Ito Ken", AuthorizerTitle: "CSO", AuthorizerEmail: "ken@koyo.example", AuthorizerPhone: "+81 3 8765 4321",
		EffectiveDate: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), EffectiveDateText: "2026-04-01",
	}
}

// filledSAQ answers every question of the default bank, cycling through
// the scale, with a comment on every third.
func filledSAQ(t *testing.T) *cmrt.Declaration {
	t.Helper()
	l := cmrt.SAQLayout(saq.Default())
	d := &cmrt.Declaration{Company: saqCompany()}
	for i, q := range l.CompanyQuestions {
		a := cmrt.Answer{Question: q.ID, Value: q.Options[i%len(q.Options)], Cell: q.Cell}
		if i%3 == 0 {
			a.Comment = "evidence: policy " + q.ID + " (2026)"
		}
		d.Answers = append(d.Answers, a)
	}
	return d
}

func writeSAQ(t *testing.T, b *saq.Bank, d *cmrt.Declaration, lang string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := cmrt.WriteSAQ(&buf, b, d, lang); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "saq-"+lang+".xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSAQRoundTrip generates the blank questionnaire, fills it with
// excelize as a supplier would (answers in the input cells only), and reads
// it back: family, version, language, company and every answer intact, and
// Check finds nothing missing.
func TestSAQRoundTrip(t *testing.T) {
	for _, lang := range cmrt.GemstoneLanguages() {
		t.Run(lang, func(t *testing.T) {
			want := filledSAQ(t)
			f, err := excelize.OpenFile(writeSAQ(t, nil, nil, lang))
			if err != nil {
				t.Fatal(err)
			}
			co, cc := want.Company, cmrt.SAQLayout(saq.Default()).Company
			for ref, v := range map[string]any{cc.Name: co.Name, cc.Scope: co.Scope, cc.UniqueID: co.UniqueID, cc.Address: co.Address,
				cc.ContactName: co.ContactName, cc.ContactEmail: co.ContactEmail, cc.ContactPhone: co.ContactPhone,
				cc.Authorizer: co.Authorizer, cc.AuthorizerTitle: co.AuthorizerTitle, cc.AuthorizerEmail: co.AuthorizerEmail,
				cc.AuthorizerPhone: co.AuthorizerPhone, cc.EffectiveDate: co.EffectiveDate} {
				if err := f.SetCellValue(cmrt.SheetDeclaration, ref, v); err != nil {
					t.Fatal(err)
				}
			}
			l := cmrt.SAQLayout(saq.Default())
			for i, a := range want.Answers {
				q := l.CompanyQuestions[i]
				if err := f.SetCellValue(cmrt.SheetDeclaration, q.Cell, a.Value); err != nil {
					t.Fatal(err)
				}
				if a.Comment != "" {
					if err := f.SetCellValue(cmrt.SheetDeclaration, q.CommentCell, a.Comment); err != nil {
						t.Fatal(err)
					}
				}
			}
			path := filepath.Join(t.TempDir(), "returned.xlsx")
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			f.Close()
			got, err := cmrt.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			checkReturned(t, got, want, cmrt.SAQ, lang)
			if len(got.Answers) != 45 {
				t.Fatalf("%d answers, want 45", len(got.Answers))
			}
		})
	}
}

func TestSAQBlankCheck(t *testing.T) {
	d, err := cmrt.ReadFile(writeSAQ(t, nil, nil, "ja"))
	if err != nil {
		t.Fatal(err)
	}
	res := cmrt.Check(d, time.Now())
	if res.RequiredMissing != saqBlankMissing {
		t.Errorf("blank: Check counts %d missing, want %d", res.RequiredMissing, saqBlankMissing)
	}
	var lab1 bool
	for _, p := range res.Problems {
		if p.Code == "ANSWER_MISSING" && p.Cell == "D38" && strings.Contains(p.Message, "LAB1") {
			lab1 = true
		}
	}
	if !lab1 {
		t.Errorf("no ANSWER_MISSING for LAB1 at Declaration!D38: %+v", res.Problems)
	}
}

// TestSAQWorkbook checks what the reader does not read: translated theme
// headings and questions, the RBA section, unlocked inputs under
// protection, the dropdown from the hidden Lists sheet, the live Checker.
func TestSAQWorkbook(t *testing.T) {
	for lang, want := range map[string][2]string{
		"en": {"1. Sustainability-related corporate governance", "GOV1) Has top management"},
		"ja": {"1. サステナビリティに関するコーポレートガバナンス", "GOV1) 経営層が承認し"},
		"zh": {"1. 可持续发展相关的公司治理", "GOV1) 是否有经最高管理层批准"},
	} {
		f, err := excelize.OpenFile(writeSAQ(t, nil, nil, lang))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.GetCellValue(cmrt.SheetDeclaration, "B25"); v != want[0] {
			t.Errorf("%s: B25 = %q, want %q", lang, v, want[0])
		}
		if v, _ := f.GetCellValue(cmrt.SheetDeclaration, "B26"); !strings.HasPrefix(v, want[1]) || !strings.HasSuffix(v, "(*)") {
			t.Errorf("%s: B26 = %q, want a mandatory %q", lang, v, want[1])
		}
		if v, _ := f.GetCellValue(cmrt.SheetDeclaration, "C26"); v != "E1 Company Commitment" {
			t.Errorf("%s: C26 = %q", lang, v)
		}
		if v, _ := f.GetCellValue(cmrt.SheetDeclaration, "D2"); v != cmrt.SAQTitle {
			t.Errorf("%s: D2 = %q", lang, v)
		}
		for _, ref := range []string{"D8", "D26", "G26", "D78"} {
			id, _ := f.GetCellStyle(cmrt.SheetDeclaration, ref)
			st, err := f.GetStyle(id)
			if err != nil || st.Protection == nil || st.Protection.Locked {
				t.Errorf("%s: input cell %s is locked", lang, ref)
			}
		}
		dvs, err := f.GetDataValidations(cmrt.SheetDeclaration)
		if err != nil {
			t.Fatal(err)
		}
		lists := map[string]string{}
		for _, dv := range dvs {
			lists[dv.Sqref] = dv.Formula1
		}
		if !strings.Contains(lists["D26"], "Lists!$C$1:$C$3") || !strings.Contains(lists["D78"], "Lists!$C$1:$C$3") {
			t.Errorf("%s: dropdowns D26 %q, D78 %q", lang, lists["D26"], lists["D78"])
		}
		if vals, _ := f.GetCellValue(cmrt.SheetGemLists, "C2"); vals != "Partly" {
			t.Errorf("%s: Lists!C2 = %q", lang, vals)
		}
		if visible, _ := f.GetSheetVisible(cmrt.SheetGemLists); visible {
			t.Errorf("%s: Lists sheet visible", lang)
		}
		if fo, _ := f.GetCellFormula(cmrt.SheetChecker, "D2"); fo != "SUM(D6:D59)" {
			t.Errorf("%s: Checker!D2 formula %q, want SUM(D6:D59)", lang, fo)
		}
		f.Close()
	}
}

// TestSAQCustomBank writes a questionnaire from an edited bank: its own
// questions and options appear; an invalid bank is refused.
func TestSAQCustomBank(t *testing.T) {
	src := strings.Replace(string(saq.DefaultBankYAML()), "Has top management approved", "Has the board approved", 1)
	b, err := saq.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(writeSAQ(t, b, nil, "en"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(cmrt.SheetDeclaration, "B26"); !strings.HasPrefix(v, "GOV1) Has the board approved") {
		t.Errorf("B26 = %q", v)
	}
	b.Themes[0].Questions[1].ID = "GOV1"
	var buf bytes.Buffer
	if err := cmrt.WriteSAQ(&buf, b, nil, "en"); err == nil || !strings.Contains(err.Error(), "GOV1: id twice") {
		t.Errorf("invalid bank: err = %v", err)
	}
}

// TestSAQLibreOffice recalculates the questionnaire's Checker in
// LibreOffice headless: the blank's count (53), a filled one's (0) and one
// with three fields left, each equal to Check's.
func TestSAQLibreOffice(t *testing.T) {
	partial := filledSAQ(t)
	partial.Company.ContactEmail = "no-at-sign"
	partial.Answers[7].Value = ""
	partial.Answers[44].Value = ""
	cases := []struct {
		name string
		d    *cmrt.Declaration
		lang string
		want int
	}{
		{"saq-blank-en", nil, "en", saqBlankMissing},
		{"saq-blank-zh", nil, "zh", saqBlankMissing},
		{"saq-filled-ja", filledSAQ(t), "ja", 0},
		{"saq-partial-en", partial, "en", 3},
	}
	var written []checkerCase
	for _, c := range cases {
		written = append(written, checkerCase{c.name, writeSAQ(t, nil, c.d, c.lang), c.want})
	}
	checkCheckerCounts(t, written)
}
