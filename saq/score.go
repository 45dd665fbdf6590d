package saq

import (
	"fmt"
	"math"
	"slices"
)

// Ranks of a scored questionnaire; the same words as the minerals ranks
// (package risk), so the two can be combined.
const (
	RankLow    = "low"
	RankMedium = "medium"
	RankHigh   = "high"
)

// Thresholds turn a total score (percent of points) into a rank: at or
// above LowFrom ranks low, at or above MediumFrom medium, below it high. A
// critical question answered unfavourably ranks high whatever the score
// while CriticalOverride is on. They live in the rules file (package risk,
// key saq).
type Thresholds struct {
	LowFrom          float64 `yaml:"low_from"`
	MediumFrom       float64 `yaml:"medium_from"`
	CriticalOverride bool    `yaml:"critical_override"`
	// Combine is how the supplier's overall rank uses the SAQ rank:
	// CombineWorse or CombineMinerals.
	Combine string `yaml:"combine"`
}

// The values of Thresholds.Combine (package risk combines the ranks).
const (
	// CombineWorse: the worse of the minerals rank and the SAQ rank.
	CombineWorse = "worse"
	// CombineMinerals: the minerals rank alone (the SAQ rank shown apart).
	CombineMinerals = "minerals"
)

// DefaultThresholds are the built-in thresholds.
func DefaultThresholds() Thresholds {
	return Thresholds{LowFrom: 80, MediumFrom: 60, CriticalOverride: true, Combine: CombineWorse}
}

// Validate checks 0 <= medium_from <= low_from <= 100.
func (t Thresholds) Validate() error {
	if t.MediumFrom < 0 || t.LowFrom < t.MediumFrom || t.LowFrom > 100 {
		return fmt.Errorf("saq: want 0 <= medium_from (%g) <= low_from (%g) <= 100", t.MediumFrom, t.LowFrom)
	}
	if t.Combine != CombineWorse && t.Combine != CombineMinerals {
		return fmt.Errorf("saq: combine %q: want worse or minerals", t.Combine)
	}
	return nil
}

// ThemeScore is one theme's points.
type ThemeScore struct {
	Theme   string  `json:"theme"`
	Name    string  `json:"name"`
	Points  int     `json:"points"`
	Max     int     `json:"max"`
	Percent float64 `json:"percent"`
	// Responders counts the results averaged (ThemeAverages only).
	Responders int `json:"responders,omitempty"`
}

// CriticalAnswer is a critical question answered unfavourably.
type CriticalAnswer struct {
	Code     string `json:"code"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// Result is one questionnaire's score and rank.
type Result struct {
	Themes []ThemeScore `json:"themes"`
	Total  float64      `json:"total"`
	Rank   string       `json:"rank"`
	// Critical lists the critical answers; with the override on, any of
	// them made the rank high.
	Critical []CriticalAnswer `json:"critical,omitempty"`
	// Unanswered counts the questions left blank or answered with text that
	// is no option: they score nothing.
	Unanswered int `json:"unanswered"`
}

// Score scores answers (question ID → the option's label) against bank b.
// A blank or unknown answer scores 0 of the question's maximum; a blank
// critical question is not an unfavourable answer (Check reports it
// missing).
func Score(b *Bank, answers map[string]string, t Thresholds) Result {
	var r Result
	points, maxPoints := 0, 0
	for _, th := range b.Themes {
		ts := ThemeScore{Theme: th.ID, Name: th.Name.EN}
		for qi := range th.Questions {
			q := &th.Questions[qi]
			ts.Max += b.MaxPoints(q)
			a := answers[q.ID]
			found := false
			for _, o := range b.OptionsOf(q) {
				if o.Label == a {
					ts.Points += o.Points
					found = true
				}
			}
			if !found {
				r.Unanswered++
			}
			if c := q.Critical; c != nil && found && slices.Contains(c.Unfavourable, a) {
				r.Critical = append(r.Critical, CriticalAnswer{Code: c.Code, Question: q.ID, Answer: a})
			}
		}
		ts.Percent = percent(ts.Points, ts.Max)
		points += ts.Points
		maxPoints += ts.Max
		r.Themes = append(r.Themes, ts)
	}
	r.Total = percent(points, maxPoints)
	r.Rank = t.RankOf(r.Total, len(r.Critical) > 0)
	return r
}

// RankOf is the rank of a total score, with or without a critical answer.
func (t Thresholds) RankOf(total float64, critical bool) string {
	switch {
	case critical && t.CriticalOverride:
		return RankHigh
	case total >= t.LowFrom:
		return RankLow
	case total >= t.MediumFrom:
		return RankMedium
	}
	return RankHigh
}

// percent rounds to one decimal, so that the same answers give the same
// figures in every output.
func percent(p, m int) float64 {
	if m == 0 {
		return 0
	}
	return math.Round(float64(p)*1000/float64(m)) / 10
}

// ThemeAverages is each theme's average percent over the results that
// have it (the responders' benchmark), and the average total. Results may
// come from different banks: themes are matched by ID, in the order they
// first appear, and a theme absent from a result's bank does not count in
// that theme's average (Responders says how many did).
func ThemeAverages(results []Result) (themes []ThemeScore, total float64) {
	if len(results) == 0 {
		return nil, 0
	}
	index := map[string]int{}
	sums := []float64{}
	for _, r := range results {
		for _, ts := range r.Themes {
			i, ok := index[ts.Theme]
			if !ok {
				i = len(themes)
				index[ts.Theme] = i
				themes = append(themes, ThemeScore{Theme: ts.Theme, Name: ts.Name})
				sums = append(sums, 0)
			}
			sums[i] += ts.Percent
			themes[i].Responders++
		}
		total += r.Total
	}
	for i := range themes {
		themes[i].Percent = math.Round(sums[i]*10/float64(themes[i].Responders)) / 10
	}
	return themes, math.Round(total*10/float64(len(results))) / 10
}

// Shares is the share (percent, one decimal) of each rank among ranks, and
// their count.
type Shares struct {
	N      int     `json:"n"`
	Low    float64 `json:"low"`
	Medium float64 `json:"medium"`
	High   float64 `json:"high"`
}

// ShareOf counts ranks.
func ShareOf(ranks []string) Shares {
	s := Shares{N: len(ranks)}
	c := map[string]int{}
	for _, r := range ranks {
		c[r]++
	}
	s.Low, s.Medium, s.High = percent(c[RankLow], len(ranks)), percent(c[RankMedium], len(ranks)), percent(c[RankHigh], len(ranks))
	return s
}
