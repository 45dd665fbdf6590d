package risk

import (
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/saq"
)

// cleanSAQ is a questionnaire answering "Yes" to every question: 100%,
// low, no finding.
func cleanSAQ() Declaration {
	d := Declaration{ID: 1, Family: string(cmrt.SAQ), Version: "1.0", File: "acme.xlsx",
		EffectiveDate: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Scope: cmrt.ScopeCompany}
	l := cmrt.SAQLayout(saq.Default())
	for _, q := range l.CompanyQuestions {
		d.Answers = append(d.Answers, Answer{Question: q.ID, Value: "Yes", Cell: q.Cell})
	}
	return d
}

func saqSeason(edit func(d *Declaration)) func() *Season {
	return func() *Season {
		d := cleanSAQ()
		edit(&d)
		return season(acme(d))
	}
}

// saqCases make each SAQ rule fire; TestEveryRuleFires runs them.
var saqCases = map[string]func() *Season{
	CodeSAQHighRisk:             saqSeason(func(d *Declaration) { saqAnswerNo(d, 19) }), // 52 of 90 points: 57.8%
	CodeSAQCriticalForcedLabour: saqSeason(func(d *Declaration) { setAnswer(d, "LAB1", "", "Partly") }),
	CodeSAQCriticalChildLabour:  saqSeason(func(d *Declaration) { setAnswer(d, "LAB2", "", "No") }),
	CodeSAQCriticalWorkingHours: saqSeason(func(d *Declaration) { setAnswer(d, "LAB3", "", "No") }),
}

// saqAnswerNo answers "No" to the last n questions that are not critical.
func saqAnswerNo(d *Declaration, n int) {
	critical := map[string]bool{"LAB1": true, "LAB2": true, "LAB3": true}
	for i := len(d.Answers) - 1; i >= 0 && n > 0; i-- {
		if !critical[d.Answers[i].Question] {
			d.Answers[i].Value = "No"
			n--
		}
	}
}

func init() {
	for code, mk := range saqCases {
		ruleCases[code] = mk
	}
}

func TestCleanSAQFiresNothing(t *testing.T) {
	for _, f := range Evaluate(season(acme(cleanSAQ())), BuiltinReferenceData(), nil) {
		t.Errorf("%s %s: %s", f.Severity, f.Code, f.Message)
	}
}

func saqCodes(s *Season) map[string]int {
	return codes(Evaluate(s, BuiltinReferenceData(), nil))
}

// TestSAQFindings: the score case ranks high by score alone (one finding,
// action interview); each critical answer gives its own finding and
// SAQ_HIGH_RISK; at 60% exactly (medium) nothing fires.
func TestSAQFindings(t *testing.T) {
	s := saqCases[CodeSAQHighRisk]()
	fs := Evaluate(s, BuiltinReferenceData(), nil)
	if c := codes(fs); len(c) != 1 || c[CodeSAQHighRisk] != 1 {
		t.Fatalf("score case: %v", c)
	}
	if fs[0].Action != "interview" || !strings.Contains(fs[0].Message, "57.8%") {
		t.Errorf("score case: %+v", fs[0])
	}
	for code, q := range map[string]string{CodeSAQCriticalForcedLabour: "LAB1", CodeSAQCriticalChildLabour: "LAB2", CodeSAQCriticalWorkingHours: "LAB3"} {
		fs := Evaluate(saqCases[code](), BuiltinReferenceData(), nil)
		c := codes(fs)
		if len(c) != 2 || c[code] != 1 || c[CodeSAQHighRisk] != 1 {
			t.Errorf("%s: %v", code, c)
		}
		for _, f := range fs {
			if f.Code == code && (f.Evidence.Cell == "" || !strings.Contains(f.Message, q)) {
				t.Errorf("%s: evidence %+v message %q", code, f.Evidence, f.Message)
			}
		}
	}
	// 18 "No" outside the critical questions: 54/90 = 60%, medium: no finding.
	medium := saqSeason(func(d *Declaration) { saqAnswerNo(d, 18) })()
	if c := saqCodes(medium); len(c) != 0 {
		t.Errorf("60%%: %v", c)
	}
	// With critical_override off, the working-hours answer alone (97.8%) is
	// not high risk, but still its own finding.
	cfg, err := LoadConfig([]byte("saq:\n  critical_override: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c := codes(Evaluate(saqCases[CodeSAQCriticalWorkingHours](), BuiltinReferenceData(), cfg)); len(c) != 1 || c[CodeSAQCriticalWorkingHours] != 1 {
		t.Errorf("override off: %v", c)
	}
}

func TestSAQRulesFile(t *testing.T) {
	cfg, err := LoadConfig([]byte("saq:\n  low_from: 90\n"))
	if err != nil || cfg.SAQ.LowFrom != 90 || cfg.SAQ.MediumFrom != 60 || !cfg.SAQ.CriticalOverride {
		t.Fatalf("%+v %v", cfg.SAQ, err)
	}
	if _, err := LoadConfig([]byte("saq:\n  low_from: 50\n")); err == nil || !strings.Contains(err.Error(), "saq: want 0 <= medium_from (60) <= low_from (50)") {
		t.Errorf("err = %v", err)
	}
	out, err := DefaultConfig().YAML()
	if err != nil || !strings.Contains(string(out), "low_from: 80") {
		t.Errorf("rules print: %s %v", out, err)
	}
}

func TestSAQScoresAverages(t *testing.T) {
	low := acme(cleanSAQ())
	high := Supplier{ID: 2, Name: "Beta", Declarations: []Declaration{saqCases[CodeSAQCriticalWorkingHours]().Suppliers[0].Declarations[0]}}
	minerals := Supplier{ID: 3, Name: "Gamma", Declarations: []Declaration{cleanCMRT()}}
	scores, avg, total := DefaultConfig().SAQScores(season(low, high, minerals))
	if len(scores) != 2 || scores[0].Rank != saq.RankLow || scores[1].Rank != saq.RankHigh || scores[1].Critical[0].Code != saq.CriticalWorkingHours {
		t.Fatalf("%+v", scores)
	}
	// LAB: 10/10 and 8/10 → 90; total (100 + 97.8) / 2 = 98.9.
	if avg[2].Theme != "LAB" || avg[2].Percent != 90 || total != 98.9 {
		t.Errorf("averages %+v total %v", avg, total)
	}
}

// TestOverallRankCombinesSurveys: a clean CMRT (low) with an SAQ ranks as
// the worse of the two by default; saq.combine: minerals keeps the
// minerals rank; the SAQ findings do not add to the minerals score; a
// questionnaire answers no minerals request in the response rates.
func TestOverallRankCombinesSurveys(t *testing.T) {
	medium := cleanSAQ()
	saqAnswerNo(&medium, 10) // 77.8%
	working := saqCases[CodeSAQCriticalWorkingHours]().Suppliers[0].Declarations[0]
	cases := []struct {
		name     string
		saqDecl  *Declaration
		combine  string
		rank     Rank
		saqRank  Rank
		critical string
	}{
		{"no SAQ", nil, "", RankLow, "", ""},
		{"SAQ low", ptr(cleanSAQ()), "", RankLow, RankLow, ""},
		{"SAQ medium", &medium, "", RankMedium, RankMedium, ""},
		{"SAQ high by a critical answer", &working, "", RankHigh, RankHigh, CodeSAQCriticalWorkingHours},
		{"combine minerals", &working, "saq:\n  combine: minerals\n", RankLow, RankHigh, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig()
			if c.combine != "" {
				var err error
				if cfg, err = LoadConfig([]byte(c.combine)); err != nil {
					t.Fatal(err)
				}
			}
			decls := []Declaration{cleanCMRT()}
			if c.saqDecl != nil {
				d := *c.saqDecl
				d.ID = 2
				decls = append(decls, d)
			}
			s := season(Supplier{ID: 1, Name: "Acme", Declarations: decls})
			fs := Evaluate(s, BuiltinReferenceData(), cfg)
			r := cfg.Ranks(s, fs)[0]
			if r.Rank != c.rank || r.SAQRank != c.saqRank || r.Critical != c.critical || r.Score != 0 {
				t.Errorf("rank %+v, want %s (SAQ %s, critical %q, score 0)", r, c.rank, c.saqRank, c.critical)
			}
		})
	}
	if _, err := LoadConfig([]byte("saq:\n  combine: best\n")); err == nil || !strings.Contains(err.Error(), `combine "best"`) {
		t.Errorf("combine best: %v", err)
	}
	reg := &RegisterEntry{Row: 2, Name: "Acme", Materials: []string{"Mica"}, File: "register.csv"}
	rr := ResponseRates(season(Supplier{ID: 1, Name: "Acme", Declarations: []Declaration{cleanSAQ()}, Register: reg}))
	if len(rr) != 1 || rr[0].Answered != 0 {
		t.Errorf("response rates with an SAQ only: %+v", rr)
	}
}

func ptr[T any](v T) *T { return &v }

// TestSAQYearOnYear on two generated periods: 2025 has 4 responders (1
// low), 2026 has 5 (3 low); the essential group (spend ≥ 1,000,000) goes
// from 0 of 2 low to 2 of 2.
func TestSAQYearOnYear(t *testing.T) {
	low := cleanSAQ()
	high := cleanSAQ()
	saqAnswerNo(&high, 20)
	med := cleanSAQ()
	saqAnswerNo(&med, 10)
	sup := func(id int64, name string, d Declaration, spend float64) Supplier {
		return Supplier{ID: id, Name: name, Declarations: []Declaration{d},
			Register: &RegisterEntry{Name: name, AnnualSpend: spend, SpendKnown: spend > 0}}
	}
	prev := &Season{Period: 2025, Suppliers: []Supplier{
		sup(1, "A", high, 2e6), sup(2, "B", med, 3e6), sup(3, "C", low, 0), sup(4, "D", high, 0),
	}}
	cur := &Season{Period: 2026, Suppliers: []Supplier{
		sup(1, "A", low, 2e6), sup(2, "B", low, 3e6), sup(3, "C", low, 0), sup(4, "D", med, 0), sup(5, "E", high, 0),
		{ID: 6, Name: "F", Declarations: []Declaration{cleanCMRT()}}, // no questionnaire: not counted
	}}
	y := DefaultConfig().SAQYearOnYear(prev, cur, nil)
	if y.Period != 2026 || y.Previous != 2025 || len(y.Groups) != 2 {
		t.Fatalf("%+v", y)
	}
	all, ess := y.Groups[0], y.Groups[1]
	if all.Group != SAQGroupAll || all.Previous != (saq.Shares{N: 4, Low: 25, Medium: 25, High: 50}) ||
		all.Current != (saq.Shares{N: 5, Low: 60, Medium: 20, High: 20}) || all.LowChange != 35 {
		t.Errorf("all: %+v", all)
	}
	first := DefaultConfig().SAQYearOnYear(&Season{Period: 2024}, prev, nil)
	if g := first.Groups[0]; g.Previous.N != 0 || g.Current.Low != 25 || g.LowChange != 0 {
		t.Errorf("first year: %+v", g)
	}
	if ess.Group != DesignationEssential || ess.Previous.Low != 0 || ess.Current.Low != 100 || ess.LowChange != 100 || ess.Current.N != 2 {
		t.Errorf("essential: %+v", ess)
	}
}

// TestSAQAloneIsNoMineralsResponse: a registered supplier that returned
// only a questionnaire still has SUPPLIER_NO_RESPONSE for the minerals.
func TestSAQAloneIsNoMineralsResponse(t *testing.T) {
	reg := &RegisterEntry{Row: 2, Name: "Acme", File: "register.csv"}
	c := codes(Evaluate(season(Supplier{ID: 1, Name: "Acme", Declarations: []Declaration{cleanSAQ()}, Register: reg}), BuiltinReferenceData(), nil))
	if c[CodeNoResponse] != 1 {
		t.Errorf("codes %v, want %s", c, CodeNoResponse)
	}
	c = codes(Evaluate(season(Supplier{ID: 1, Name: "Acme", Declarations: []Declaration{cleanCMRT(), cleanSAQ()}, Register: reg}), BuiltinReferenceData(), nil))
	if c[CodeNoResponse] != 0 {
		t.Errorf("with a CMRT: codes %v", c)
	}
}

// TestSAQYearOnYearDirectIndirect: the register's material_type splits the
// trend into direct and indirect material suppliers.
func TestSAQYearOnYearDirectIndirect(t *testing.T) {
	low, high := cleanSAQ(), cleanSAQ()
	saqAnswerNo(&high, 20)
	sup := func(id int64, d Declaration, typ string) Supplier {
		return Supplier{ID: id, Name: "S", Declarations: []Declaration{d}, Register: &RegisterEntry{Name: "S", MaterialType: typ}}
	}
	prev := &Season{Period: 2025, Suppliers: []Supplier{sup(1, high, MaterialDirect), sup(2, high, MaterialIndirect), sup(3, low, "")}}
	cur := &Season{Period: 2026, Suppliers: []Supplier{sup(1, low, MaterialDirect), sup(2, high, MaterialIndirect), sup(3, low, "")}}
	got := map[string]SAQGroupTrend{}
	for _, g := range DefaultConfig().SAQYearOnYear(prev, cur, nil).Groups {
		got[g.Group] = g
	}
	if d := got[MaterialDirect]; d.Current.N != 1 || d.LowChange != 100 {
		t.Errorf("direct: %+v", d)
	}
	if i := got[MaterialIndirect]; i.Current.N != 1 || i.LowChange != 0 || i.Current.High != 100 {
		t.Errorf("indirect: %+v", i)
	}
	if a := got[SAQGroupAll]; a.Current.N != 3 {
		t.Errorf("all: %+v", a)
	}
}

func TestRegisterMaterialType(t *testing.T) {
	es, err := ParseRegister("r.csv", []byte("name,material_type\nA,Direct\nB,indirect\nC,\n"))
	if err != nil || len(es) != 3 || es[0].MaterialType != MaterialDirect || es[1].MaterialType != MaterialIndirect || es[2].MaterialType != "" {
		t.Fatalf("%v %+v", err, es)
	}
	if _, err := ParseRegister("r.csv", []byte("name,material_type\nA,sometimes\n")); err == nil || !strings.Contains(err.Error(), "want direct or indirect") {
		t.Errorf("bad material_type: %v", err)
	}
}
