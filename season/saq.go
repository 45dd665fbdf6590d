package season

import (
	"github.com/openminerals/cmrt/reports"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/saq"
)

// saqFeedback is the feedback sheet's SAQ page for a supplier (empty when
// it answered no questionnaire): the theme scores of its own bank in the
// sheet's language against the responders' averages, the critical answers,
// and the questions that did not score full points.
func saqFeedback(cfg *risk.Config, sup *risk.Supplier, responders int, averages []saq.ThemeScore, averageTotal float64, lang string) reports.FeedbackSAQ {
	for i := range sup.Declarations {
		d := &sup.Declarations[i]
		if !risk.IsSAQ(d) {
			continue
		}
		bank := risk.SAQBankOf(d)
		r := cfg.ScoreSAQ(d)
		out := reports.FeedbackSAQ{Rank: risk.Rank(r.Rank), Total: r.Total, AverageTotal: averageTotal, Responders: responders}
		// The averages are by theme ID over every responder's bank: the
		// supplier sees its own bank's themes against them.
		average := map[string]float64{}
		for _, a := range averages {
			average[a.Theme] = a.Percent
		}
		for ti, th := range bank.Themes {
			out.Themes = append(out.Themes, reports.SAQThemeLine{Name: th.Name.In(lang), Percent: r.Themes[ti].Percent, Average: average[th.ID]})
		}
		for _, c := range r.Critical {
			out.Critical = append(out.Critical, c.Question+" "+c.Answer+" ("+c.Code+")")
		}
		answers := risk.SAQAnswers(d) // as scored
		for _, tq := range bank.Questions() {
			q := tq.Question
			full := false
			for _, o := range bank.OptionsOf(q) {
				if o.Label == answers[q.ID] && o.Points == bank.MaxPoints(q) {
					full = true
				}
			}
			if !full {
				out.Improve = append(out.Improve, q.ID+") "+q.Text.In(lang))
			}
		}
		return out
	}
	return reports.FeedbackSAQ{}
}

// disclosureSAQ is the disclosure's SAQ figures: this period against the
// previous one, the season Disclosure loaded for its ranks (nil when the
// store has nothing of that period: no questionnaire to compare with).
func (r *Report) disclosureSAQ(previous *risk.Season) *reports.DisclosureSAQ {
	_, averages, total := r.Config.SAQScores(r.Season)
	if len(averages) == 0 {
		return nil
	}
	if previous == nil {
		previous = &risk.Season{Period: r.Period - 1, AsOf: r.AsOf}
	}
	return &reports.DisclosureSAQ{Trend: r.Config.SAQYearOnYear(previous, r.Season, r.Ref.DoL), Averages: averages, AverageTotal: total}
}
