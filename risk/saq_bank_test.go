package risk

import (
	"testing"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/saq"
)

// TestSAQScoredWithItsBank: a questionnaire carrying an edited bank is
// scored with it — its points, its critical questions (a new one raising
// its finding at its cell, one no longer critical raising none) — while
// the same answers under the default bank score otherwise.
func TestSAQScoredWithItsBank(t *testing.T) {
	b := saq.Default()
	b.Scale = []saq.Option{{Label: "Yes", Points: 4}, {Label: "Partly", Points: 1}, {Label: "No", Points: 0}}
	b.Themes[2].Questions[2].Critical = nil // LAB3 no longer critical
	sc := &b.Themes[7]
	sc.Questions = append(sc.Questions, saq.Question{ID: "SC6", RBA: "A1", Text: saq.Text{EN: "Suppliers free of forced labour?"},
		Critical: &saq.Critical{Code: saq.CriticalForcedLabour, Unfavourable: []string{"No"}}})
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	d := cleanSAQ()
	d.Answers = nil
	for _, q := range cmrt.SAQLayout(b).CompanyQuestions {
		v := "Yes"
		switch q.ID {
		case "SC6", "LAB3":
			v = "No"
		case "GOV1":
			v = "Partly"
		}
		d.Answers = append(d.Answers, Answer{Question: q.ID, Value: v, Cell: q.Cell})
	}
	d.SAQBank, d.SAQBankSHA256, d.Version = b, "edited", "0.9" // a version below the default's is no outdated template
	cfg := DefaultConfig()
	r := cfg.ScoreSAQ(&d)
	// 46 questions of 4 points (184): GOV1 Partly (-3), LAB3 and SC6 No (-8).
	if r.Total != 94 || r.Rank != saq.RankHigh || len(r.Critical) != 1 || r.Critical[0].Question != "SC6" {
		t.Errorf("edited bank: total %v rank %s critical %+v, want 173/184 = 94.0, high by SC6", r.Total, r.Rank, r.Critical)
	}
	if gov := r.Themes[0]; gov.Points != 17 || gov.Max != 20 {
		t.Errorf("GOV %+v, want 17 of 20", gov)
	}
	fs := Evaluate(season(acme(d)), BuiltinReferenceData(), nil)
	got := codes(fs)
	if got[CodeSAQCriticalForcedLabour] != 1 || got[CodeSAQCriticalWorkingHours] != 0 || got[CodeSAQHighRisk] != 1 || got[CodeOutdatedTemplate] != 0 {
		t.Errorf("findings %v", got)
	}
	for _, f := range fs {
		if f.Code == CodeSAQCriticalForcedLabour && f.Evidence.Cell != "D73" {
			t.Errorf("SC6's finding at %q, want its cell D73", f.Evidence.Cell)
		}
	}
	// The same answers without the bank: the default bank (SC6 unknown).
	d.SAQBank = nil
	if r := cfg.ScoreSAQ(&d); len(r.Critical) != 1 || r.Critical[0].Question != "LAB3" || r.Themes[7].Max != 10 {
		t.Errorf("default bank: %+v", r)
	}
}
