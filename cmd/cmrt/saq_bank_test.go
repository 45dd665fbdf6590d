package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/saq"
)

// TestSAQEditedBankEndToEnd: a company edits the printed bank
// (testdata/saq/edited-bank.yaml: Yes scores 4, HR6 and a DIV theme added,
// ENV5 removed, SC6 a new forced-labour critical question, LAB3 no longer
// critical), writes the questionnaire with --questions, a supplier fills
// it, and check, import, saq scores and findings use that bank: the edited
// points, SC6 forcing high with its finding at its cell, no working-hours
// finding for LAB3. A supplier answering the default bank is scored with
// the default bank beside it, and the theme averages are per theme ID over
// the responders whose bank has it.
func TestSAQEditedBankEndToEnd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cmrt.db")
	bankFile := "../../testdata/saq/edited-bank.yaml"
	data, err := os.ReadFile(bankFile)
	if err != nil {
		t.Fatal(err)
	}
	bank, err := saq.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	blank := filepath.Join(dir, "acme-saq.xlsx")
	stdout, stderr, code := cmrtRun(t, "template", "saq", "--questions", bankFile, "-o", blank)
	canon, err := bank.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	short := saq.Hash(canon)[:8]
	if code != exitOK || !strings.Contains(stdout, "Revision 2026-acme, 48 questions, en; bank acme 2026-acme, SHA-256 "+short+")") {
		t.Fatalf("template: exit %d\n%s%s", code, stdout, stderr)
	}
	if stdout, _, code = cmrtRun(t, "check", "--format", "json", blank); code != exitProblems || !strings.Contains(stdout, `"required_missing": 56`) {
		t.Errorf("check blank: exit %d\n%s", code, stdout)
	}

	// Acme fills the blank as a supplier would: all "Yes" but SC6 and LAB3 "No".
	l := cmrt.SAQLayout(bank)
	f, err := excelize.OpenFile(blank)
	if err != nil {
		t.Fatal(err)
	}
	set := func(ref string, v any) {
		if err := f.SetCellValue(cmrt.SheetDeclaration, ref, v); err != nil {
			t.Fatal(err)
		}
	}
	cc := l.Company
	for ref, v := range map[string]string{cc.Name: "Acme Corp", cc.Scope: cmrt.ScopeCompany, cc.ContactName: "Ada",
		cc.ContactEmail: "ada@acme.example", cc.ContactPhone: "1", cc.Authorizer: "Ben", cc.AuthorizerEmail: "ben@acme.example"} {
		set(ref, v)
	}
	set(cc.EffectiveDate, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	sc6 := ""
	for _, q := range l.CompanyQuestions {
		v := "Yes"
		if q.ID == "SC6" || q.ID == "LAB3" {
			v = "No"
		}
		if q.ID == "SC6" {
			sc6 = q.Cell
		}
		set(q.Cell, v)
	}
	acme := filepath.Join(dir, "acme-returned.xlsx")
	if err := f.SaveAs(acme); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// Bolt answers the same bank, HR2 "Partly"; Cora the default bank, LAB3 "No".
	bolt := filepath.Join(dir, "bolt.xlsx")
	writeSAQAnswers(t, bolt, bank, "en", "Bolt GmbH", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), map[string]string{"HR2": "Partly"})
	cora := filepath.Join(dir, "cora.xlsx")
	writeSAQFile(t, cora, "Cora KK", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), map[string]string{"LAB3": "No"})
	for _, p := range []string{acme, bolt, cora} {
		if stdout, stderr, code := cmrtRun(t, "--db", db, "import", p); code != exitOK {
			t.Fatalf("import %s: exit %d\n%s%s", p, code, stdout, stderr)
		}
	}

	stdout, stderr, code = cmrtRun(t, "--db", db, "saq", "scores", "--period", "2026", "--format", "json")
	if code != exitOK {
		t.Fatalf("scores: exit %d %s", code, stderr)
	}
	var got struct {
		Suppliers []struct {
			Supplier string
			Total    float64
			Rank     string
			Bank     string
			Themes   []saq.ThemeScore
			Critical []saq.CriticalAnswer
		}
		Averages []saq.ThemeScore `json:"theme_averages"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err, stdout)
	}
	// Edited bank: 47 questions on the scale (4 points) and SC6 (3): 191.
	// Acme loses LAB3 and SC6: 184/191; Bolt loses 3 on HR2: 188/191.
	want := map[string]struct {
		total    float64
		rank     string
		bank     string
		critical string
	}{
		"Acme Corp": {96.3, "high", "acme 2026-acme", "SC6 FORCED_LABOUR"},
		"Bolt GmbH": {98.4, "low", "acme 2026-acme", ""},
		"Cora KK":   {97.8, "high", "default 1.0", "LAB3 WORKING_HOURS"},
	}
	if len(got.Suppliers) != 3 {
		t.Fatalf("%d suppliers\n%s", len(got.Suppliers), stdout)
	}
	theme := map[string]map[string]saq.ThemeScore{}
	for _, s := range got.Suppliers {
		var crit []string
		for _, c := range s.Critical {
			crit = append(crit, c.Question+" "+c.Code)
		}
		w := want[s.Supplier]
		if s.Total != w.total || s.Rank != w.rank || s.Bank != w.bank || strings.Join(crit, ", ") != w.critical {
			t.Errorf("%s: total %v rank %s bank %q critical %v, want %+v", s.Supplier, s.Total, s.Rank, s.Bank, crit, w)
		}
		theme[s.Supplier] = map[string]saq.ThemeScore{}
		for _, th := range s.Themes {
			theme[s.Supplier][th.Theme] = th
		}
	}
	if sc := theme["Acme Corp"]["SC"]; sc.Points != 20 || sc.Max != 23 || sc.Percent != 87 {
		t.Errorf("Acme SC %+v, want 20 of 23", sc)
	}
	if hr := theme["Bolt GmbH"]["HR"]; hr.Points != 21 || hr.Max != 24 || hr.Percent != 87.5 {
		t.Errorf("Bolt HR %+v, want 21 of 24", hr)
	}
	if _, ok := theme["Cora KK"]["DIV"]; ok || len(theme["Cora KK"]) != 9 {
		t.Errorf("Cora's themes %v, want the default bank's nine", theme["Cora KK"])
	}
	avg := map[string]saq.ThemeScore{}
	for _, a := range got.Averages {
		avg[a.Theme] = a
	}
	if a := avg["DIV"]; a.Responders != 2 || a.Percent != 100 {
		t.Errorf("DIV average %+v, want 100 over 2 responders", a)
	}
	if a := avg["SC"]; a.Responders != 3 || a.Percent != 95.7 {
		t.Errorf("SC average %+v, want (87 + 100 + 100) / 3", a)
	}
	if a := avg["HR"]; a.Responders != 3 || a.Percent != 95.8 {
		t.Errorf("HR average %+v, want (100 + 87.5 + 100) / 3", a)
	}
	stdout, _, _ = cmrtRun(t, "--db", db, "saq", "scores", "--period", "2026")
	for _, w := range []string{"DIV %", "acme 2026-acme (" + short + ")", "2 question banks: each theme is averaged over the responders whose bank has it"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("table: no %q\n%s", w, stdout)
		}
	}

	stdout, stderr, code = cmrtRun(t, "--db", db, "findings", "--period", "2026", "--format", "json")
	if code != exitProblems {
		t.Fatalf("findings: exit %d %s", code, stderr)
	}
	var fs []struct {
		Code     string
		Supplier string
		Evidence struct{ Sheet, Cell string }
	}
	if err := json.Unmarshal([]byte(stdout), &fs); err != nil {
		t.Fatal(err, stdout)
	}
	found := map[string]bool{}
	for _, f := range fs {
		if f.Code == "DECLARATION_OUTDATED_TEMPLATE" {
			t.Errorf("%s: %s: a bank's version is no template revision", f.Supplier, f.Code)
		}
		if strings.HasPrefix(f.Code, "SAQ_") {
			found[f.Supplier+" "+f.Code] = true
			if f.Code == "SAQ_CRITICAL_FORCED_LABOUR" && (f.Evidence.Sheet != cmrt.SheetDeclaration || f.Evidence.Cell != sc6 || sc6 == "") {
				t.Errorf("forced-labour finding not at SC6's cell %s: %+v", sc6, f)
			}
		}
	}
	for _, w := range []string{"Acme Corp SAQ_HIGH_RISK", "Acme Corp SAQ_CRITICAL_FORCED_LABOUR", "Cora KK SAQ_HIGH_RISK", "Cora KK SAQ_CRITICAL_WORKING_HOURS"} {
		if !found[w] {
			t.Errorf("no finding %s in %v", w, found)
		}
	}
	for _, no := range []string{"Acme Corp SAQ_CRITICAL_WORKING_HOURS", "Bolt GmbH SAQ_HIGH_RISK"} {
		if found[no] {
			t.Errorf("finding %s: LAB3 is not critical in the edited bank, Bolt is low", no)
		}
	}

	// Acme's feedback page shows its own bank's themes and questions.
	needPDFTools(t)
	out := filepath.Join(dir, "feedback")
	stdout, stderr, code = cmrtRun(t, "--db", db, "report", "feedback", "--period", "2026", "--supplier", "Acme Corp", "-o", out, "--format", "json")
	if code != exitOK {
		t.Fatalf("feedback: exit %d: %s%s", code, stdout, stderr)
	}
	var sheets []struct{ File, Supplier string }
	if err := json.Unmarshal([]byte(stdout), &sheets); err != nil || len(sheets) != 1 {
		t.Fatalf("%v %s", err, stdout)
	}
	text := strings.Join(strings.Fields(pdfFileText(t, sheets[0].File)), " ")
	for _, w := range []string{"Diversity and inclusion", "SC6 No (FORCED_LABOUR)", "SC6) Have you confirmed"} {
		if !strings.Contains(text, w) {
			t.Errorf("Acme's feedback: no %q in\n%s", w, text)
		}
	}
}
