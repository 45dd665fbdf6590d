package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
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

// writeSAQFile writes a questionnaire of the default bank, labels in
// Japanese, answered from answer (question ID → value; every other
// question "Yes") for company name.
func writeSAQFile(t *testing.T, path, name string, effective time.Time, answer map[string]string) {
	t.Helper()
	writeSAQAnswers(t, path, nil, "ja", name, effective, answer)
}

// writeSAQAnswers writes a questionnaire of bank b (nil: the default) in
// lang, answered from answer (question ID → value; every other question
// "Yes") for company name.
func writeSAQAnswers(t *testing.T, path string, b *saq.Bank, lang, name string, effective time.Time, answer map[string]string) {
	t.Helper()
	d := &cmrt.Declaration{Company: cmrt.Company{Name: name, Scope: cmrt.ScopeCompany, ContactName: "Ada",
		ContactEmail: "ada@example.com", ContactPhone: "1", Authorizer: "Ben", AuthorizerEmail: "ben@example.com",
		EffectiveDate: effective}}
	questions := saq.Default().Questions()
	if b != nil {
		questions = b.Questions()
	}
	for _, tq := range questions {
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
	if err := cmrt.WriteSAQ(f, b, d, lang); err != nil {
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

// TestSAQScores imports three questionnaires (all "Yes"; working hours
// "No"; 19 questions "No") and scores them: low, high by the critical
// answer, high by score; the theme averages; the finding with action
// "interview".
func TestSAQScores(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cmrt.db")
	date := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	writeSAQFile(t, filepath.Join(dir, "a.xlsx"), "Alpha KK", date, nil)
	writeSAQFile(t, filepath.Join(dir, "b.xlsx"), "Beta Ltd", date, map[string]string{"LAB3": "No"})
	no := map[string]string{}
	for _, tq := range saq.Default().Questions()[26:] { // 19 questions from FBP2 on, none critical
		no[tq.Question.ID] = "No"
	}
	writeSAQFile(t, filepath.Join(dir, "c.xlsx"), "Gamma GmbH", date, no)
	for _, f := range []string{"a.xlsx", "b.xlsx", "c.xlsx"} {
		if stdout, stderr, code := cmrtRun(t, "--db", db, "import", filepath.Join(dir, f)); code != exitOK {
			t.Fatalf("import %s: exit %d\n%s%s", f, code, stdout, stderr)
		}
	}
	stdout, stderr, code := cmrtRun(t, "--db", db, "saq", "scores", "--period", "2026", "--format", "json")
	if code != exitOK {
		t.Fatalf("scores: exit %d %s", code, stderr)
	}
	var got struct {
		Suppliers []struct {
			Supplier string  `json:"supplier"`
			Total    float64 `json:"total"`
			Rank     string  `json:"rank"`
			Critical []struct{ Code, Question string }
		} `json:"suppliers"`
		Averages []struct {
			Theme   string
			Percent float64
		} `json:"theme_averages"`
		AverageTotal float64    `json:"average_total"`
		Shares       saq.Shares `json:"shares"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err, stdout)
	}
	want := map[string]struct {
		total float64
		rank  string
	}{"Alpha KK": {100, "low"}, "Beta Ltd": {97.8, "high"}, "Gamma GmbH": {57.8, "high"}}
	if len(got.Suppliers) != 3 {
		t.Fatalf("%d suppliers: %s", len(got.Suppliers), stdout)
	}
	for _, s := range got.Suppliers {
		if w := want[s.Supplier]; s.Total != w.total || s.Rank != w.rank {
			t.Errorf("%s: %v %s, want %v %s", s.Supplier, s.Total, s.Rank, w.total, w.rank)
		}
		if s.Supplier == "Beta Ltd" && (len(s.Critical) != 1 || s.Critical[0].Code != saq.CriticalWorkingHours) {
			t.Errorf("Beta critical %+v", s.Critical)
		}
	}
	// LAB: 100, 80, 100 → 93.3; COM: 100, 100, 0 → 66.7.
	if got.Averages[2].Theme != "LAB" || got.Averages[2].Percent != 93.3 || got.Averages[8].Percent != 66.7 || got.AverageTotal != 85.2 {
		t.Errorf("averages %+v total %v", got.Averages, got.AverageTotal)
	}
	if got.Shares != (saq.Shares{N: 3, Low: 33.3, Medium: 0, High: 66.7}) {
		t.Errorf("shares %+v", got.Shares)
	}
	stdout, _, _ = cmrtRun(t, "--db", db, "saq", "scores", "--period", "2026")
	for _, w := range []string{"LAB3 No (WORKING_HOURS)", "(average of 3 responders)", "low 33.3%, medium 0.0%, high 66.7%"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("table: no %q\n%s", w, stdout)
		}
	}
	stdout, stderr, code = cmrtRun(t, "--db", db, "findings", "--period", "2026", "--code", "SAQ_HIGH_RISK", "--format", "json")
	if code != exitProblems || strings.Count(stdout, `"code": "SAQ_HIGH_RISK"`) != 2 || !strings.Contains(stdout, `"action": "interview"`) {
		t.Errorf("findings: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestSAQTrend imports questionnaires of two periods (2025: one low of
// two; 2026: two low of two, one supplier superseding its 2025 answers in
// its new file) and compares them.
func TestSAQTrend(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cmrt.db")
	no := map[string]string{}
	for _, tq := range saq.Default().Questions()[26:] {
		no[tq.Question.ID] = "No"
	}
	files := []struct {
		name   string
		year   int
		answer map[string]string
	}{
		{"Alpha KK", 2025, nil}, {"Beta Ltd", 2025, no},
		{"Alpha KK", 2026, nil}, {"Beta Ltd", 2026, nil},
	}
	for i, f := range files {
		path := filepath.Join(dir, strconv.Itoa(i)+".xlsx")
		writeSAQFile(t, path, f.name, time.Date(f.year, 4, 1, 0, 0, 0, 0, time.UTC), f.answer)
		if stdout, stderr, code := cmrtRun(t, "--db", db, "import", path); code != exitOK {
			t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
		}
	}
	stdout, stderr, code := cmrtRun(t, "--db", db, "saq", "trend", "--period", "2026")
	if code != exitOK || !strings.Contains(stdout, "low-risk share +50.0 points since 2025, 2 responders") {
		t.Errorf("trend: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, _, _ = cmrtRun(t, "--db", db, "saq", "trend", "--period", "2026", "--format", "json")
	var y struct {
		Groups []struct {
			Group     string
			Previous  saq.Shares
			Current   saq.Shares
			LowChange float64 `json:"low_change_points"`
		}
	}
	if err := json.Unmarshal([]byte(stdout), &y); err != nil || len(y.Groups) != 1 ||
		y.Groups[0].Previous != (saq.Shares{N: 2, Low: 50, High: 50}) || y.Groups[0].Current != (saq.Shares{N: 2, Low: 100}) {
		t.Errorf("json: %v %s", err, stdout)
	}
	if stdout, _, _ = cmrtRun(t, "--db", db, "saq", "trend", "--period", "2025"); !strings.Contains(stdout, "no questionnaire in 2024 to compare with; 2 responders") {
		t.Errorf("trend 2025:\n%s", stdout)
	}
	if _, stderr, code = cmrtRun(t, "--db", db, "saq", "trend", "--period", "2026", "--previous", "2026"); code != exitUsage {
		t.Errorf("--previous 2026: exit %d %s", code, stderr)
	}

	// The disclosure's SAQ subsection carries the same figures.
	needPDFTools(t)
	pdf := filepath.Join(dir, "disclosure.pdf")
	if _, stderr, code = cmrtRun(t, "--db", db, "report", "disclosure", "--period", "2026", "-o", pdf); code != exitOK {
		t.Fatalf("disclosure: exit %d %s", code, stderr)
	}
	text := strings.Join(strings.Fields(pdfFileText(t, pdf)), " ")
	for _, w := range []string{"Supplier self-assessment questionnaire (SAQ)", "2 suppliers answered", "Ranked low 100.0%",
		"low: 50.0% of 2 the previous period, +50.0 points", "Average score per theme"} {
		if !strings.Contains(text, w) {
			t.Errorf("disclosure: no %q", w)
		}
	}
}

// TestSAQFeedbackPage: the feedback sheets of questionnaire responders
// carry the SAQ page — theme scores against the average, what to improve,
// the interview request only when high — in the language the
// questionnaire was filled in (Japanese here).
func TestSAQFeedbackPage(t *testing.T) {
	needPDFTools(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "cmrt.db")
	date := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	writeSAQFile(t, filepath.Join(dir, "a.xlsx"), "Alpha KK", date, nil)
	writeSAQFile(t, filepath.Join(dir, "b.xlsx"), "Beta KK", date, map[string]string{"LAB3": "No", "ENV2": "Partly"})
	for _, f := range []string{"a.xlsx", "b.xlsx"} {
		if stdout, stderr, code := cmrtRun(t, "--db", db, "import", filepath.Join(dir, f)); code != exitOK {
			t.Fatalf("import %s: exit %d\n%s%s", f, code, stdout, stderr)
		}
	}
	out := filepath.Join(dir, "feedback")
	stdout, stderr, code := cmrtRun(t, "--db", db, "report", "feedback", "--period", "2026", "-o", out, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	var sheets []struct {
		File     string `json:"file"`
		Supplier string `json:"supplier"`
	}
	if err := json.Unmarshal([]byte(stdout), &sheets); err != nil || len(sheets) != 2 {
		t.Fatalf("%v %s", err, stdout)
	}
	const interview = "面談をお願いします"
	for _, s := range sheets {
		text := strings.Join(strings.Fields(pdfFileText(t, s.File)), "")
		for _, w := range []string{"セルフアセスメント質問票（SAQ）", "回答企業2社の平均との比較", "労働"} {
			if !strings.Contains(text, w) {
				t.Errorf("%s: no %q", s.Supplier, w)
			}
		}
		switch s.Supplier {
		case "Beta KK":
			for _, w := range []string{"LAB3No(WORKING_HOURS)", "ENV2)", interview, "平均を下回るテーマ"} {
				if !strings.Contains(text, w) {
					t.Errorf("Beta: no %q in\n%s", w, text)
				}
			}
		case "Alpha KK":
			if strings.Contains(text, interview) || !strings.Contains(text, "すべての質問で満点でした。") {
				t.Errorf("Alpha: %s", text)
			}
		}
	}
}
