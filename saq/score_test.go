package saq

import (
	"testing"
)

// answersScoring gives every question "Yes" except that n questions, taken
// from the end of the bank and skipping the critical ones, get "No".
func answersScoring(b *Bank, n int) map[string]string {
	a := map[string]string{}
	qs := b.Questions()
	for _, tq := range qs {
		a[tq.Question.ID] = "Yes"
	}
	for i := len(qs) - 1; i >= 0 && n > 0; i-- {
		if qs[i].Question.Critical == nil {
			a[qs[i].Question.ID] = "No"
			n--
		}
	}
	return a
}

// TestScoreThresholds: 45 questions of 2 points (90). 9 "No" leave 72/90 =
// 80%, low (at low_from); 10 leave 77.8%, medium; 18 leave 54/90 = 60%,
// medium (at medium_from); 19 leave 57.8%, high.
func TestScoreThresholds(t *testing.T) {
	b := Default()
	th := DefaultThresholds()
	cases := []struct {
		no    int
		total float64
		rank  string
	}{
		{0, 100, RankLow},
		{9, 80, RankLow}, // 72 of 90 points: at low_from
		{10, 77.8, RankMedium},
		{18, 60, RankMedium}, // 54 of 90: at medium_from
		{19, 57.8, RankHigh},
		{42, 6.7, RankHigh},
	}
	for _, c := range cases {
		r := Score(b, answersScoring(b, c.no), th)
		if r.Total != c.total || r.Rank != c.rank || len(r.Critical) != 0 {
			t.Errorf("%d No: total %v rank %s critical %v, want %v %s", c.no, r.Total, r.Rank, r.Critical, c.total, c.rank)
		}
	}
	// The theme scores: COM (last theme) lost 5 questions of 10 points with 5 "No".
	r := Score(b, answersScoring(b, 5), th)
	last := r.Themes[len(r.Themes)-1]
	if last.Theme != "COM" || last.Points != 0 || last.Max != 10 || last.Percent != 0 || r.Themes[0].Percent != 100 {
		t.Errorf("themes %+v", r.Themes)
	}
}

// TestScoreCriticalOverride: each critical question's unfavourable answer
// forces high on an otherwise perfect questionnaire; "Partly" on working
// hours does not (only "No" is unfavourable there); without the override
// the score decides.
func TestScoreCriticalOverride(t *testing.T) {
	b := Default()
	th := DefaultThresholds()
	for _, c := range []struct {
		q, answer, code string
		forced          bool
	}{
		{"LAB1", "No", CriticalForcedLabour, true},
		{"LAB1", "Partly", CriticalForcedLabour, true},
		{"LAB2", "No", CriticalChildLabour, true},
		{"LAB2", "Partly", CriticalChildLabour, true},
		{"LAB3", "No", CriticalWorkingHours, true},
		{"LAB3", "Partly", "", false},
	} {
		a := answersScoring(b, 0)
		a[c.q] = c.answer
		r := Score(b, a, th)
		if c.forced {
			if r.Rank != RankHigh || len(r.Critical) != 1 || r.Critical[0] != (CriticalAnswer{Code: c.code, Question: c.q, Answer: c.answer}) {
				t.Errorf("%s %s: rank %s critical %v, want high forced by %s", c.q, c.answer, r.Rank, r.Critical, c.code)
			}
			off := th
			off.CriticalOverride = false
			if r := Score(b, a, off); r.Rank != RankLow {
				t.Errorf("%s %s without override: rank %s, want low (total %v)", c.q, c.answer, r.Rank, r.Total)
			}
		} else if r.Rank != RankLow || len(r.Critical) != 0 {
			t.Errorf("%s %s: rank %s critical %v, want low", c.q, c.answer, r.Rank, r.Critical)
		}
	}
	// A blank critical question scores 0 but is no unfavourable answer.
	a := answersScoring(b, 0)
	delete(a, "LAB1")
	if r := Score(b, a, th); len(r.Critical) != 0 || r.Unanswered != 1 || r.Rank != RankLow {
		t.Errorf("blank LAB1: %+v", r)
	}
}

func TestThemeAveragesAndShares(t *testing.T) {
	b := Default()
	th := DefaultThresholds()
	full, half := Score(b, answersScoring(b, 0), th), Score(b, answersScoring(b, 5), th)
	themes, total := ThemeAverages([]Result{full, half})
	if themes[8].Percent != 50 || themes[0].Percent != 100 || total != 94.5 {
		t.Errorf("averages %+v total %v", themes, total)
	}
	s := ShareOf([]string{RankLow, RankLow, RankMedium, RankHigh})
	if s != (Shares{N: 4, Low: 50, Medium: 25, High: 25}) {
		t.Errorf("shares %+v", s)
	}
}

// TestThemeAveragesAcrossBanks: with suppliers answering different banks,
// a theme's average is over the responders whose bank has it; a theme of
// one bank only is averaged over its own responders and comes after the
// themes met first.
func TestThemeAveragesAcrossBanks(t *testing.T) {
	th := DefaultThresholds()
	def := Default()
	edited := Default()
	edited.Themes = append(edited.Themes[1:], Theme{ID: "DIV", Name: Text{EN: "Diversity"},
		Questions: []Question{{ID: "DIV1", RBA: "A6", Text: Text{EN: "?"}}}})
	if err := edited.Validate(); err != nil {
		t.Fatal(err)
	}
	a := answersScoring(def, 5) // COM at 0%
	e := answersScoring(edited, 0)
	e["DIV1"] = "Partly" // 50%
	themes, _ := ThemeAverages([]Result{Score(def, a, th), Score(edited, e, th)})
	got := map[string]ThemeScore{}
	var order []string
	for _, ts := range themes {
		got[ts.Theme] = ts
		order = append(order, ts.Theme)
	}
	if len(order) != 10 || order[0] != "GOV" || order[9] != "DIV" {
		t.Errorf("theme order %v", order)
	}
	if g := got["GOV"]; g.Responders != 1 || g.Percent != 100 {
		t.Errorf("GOV (default bank only) %+v", g)
	}
	if g := got["DIV"]; g.Responders != 1 || g.Percent != 50 {
		t.Errorf("DIV (edited bank only) %+v", g)
	}
	if g := got["COM"]; g.Responders != 2 || g.Percent != 50 {
		t.Errorf("COM (both) %+v", g)
	}
}
