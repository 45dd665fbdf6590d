package reports

import (
	"fmt"

	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/saq"
)

// DisclosureSAQ is the disclosure's figures of the self-assessment
// questionnaire: the year-on-year shares and the responders' theme averages.
type DisclosureSAQ struct {
	Trend        risk.SAQTrend
	Averages     []saq.ThemeScore
	AverageTotal float64
}

// saqSection is part of the risk assessment when suppliers answered the
// questionnaire this period.
func (r *disclosureWriter) saqSection() {
	s := r.in.SAQ
	if s == nil || len(s.Trend.Groups) == 0 || s.Trend.Groups[0].Current.N == 0 {
		return
	}
	d, all := r.d, s.Trend.Groups[0]
	d.heading(1, "Supplier self-assessment questionnaire (SAQ)")
	prev := "no questionnaire the previous period"
	if all.Previous.N > 0 {
		prev = fmt.Sprintf("%s%% of %d the previous period, %+.1f points", saqPct(all.Previous.Low), all.Previous.N, all.LowChange)
	}
	// The theme count is the averages': a company's edited bank may have
	// more or fewer than the default's nine.
	d.para(fmt.Sprintf("%d suppliers answered the sustainability self-assessment questionnaire (%d themes, aligned with the RBA Code of Conduct); average score %s%%. Ranked low %s%%, medium %s%%, high %s%% (low: %s). Suppliers ranked high are interviewed.",
		all.Current.N, len(s.Averages), saqPct(s.AverageTotal), saqPct(all.Current.Low), saqPct(all.Current.Medium), saqPct(all.Current.High), prev))
	var rows [][]string
	for _, g := range s.Trend.Groups {
		change := "" // nothing to compare with
		if g.Previous.N > 0 && g.Current.N > 0 {
			change = fmt.Sprintf("%+.1f", g.LowChange)
		}
		rows = append(rows, []string{g.Group, itoa(g.Previous.N), saqPct(g.Previous.Low), itoa(g.Current.N), saqPct(g.Current.Low), saqPct(g.Current.Medium), saqPct(g.Current.High), change})
	}
	p, c := fmt.Sprint(s.Trend.Previous), fmt.Sprint(s.Trend.Period)
	d.table([]column{{"Group", 2.2, false}, {"N " + p, 0.8, true}, {"Low % " + p, 1, true}, {"N " + c, 0.8, true},
		{"Low % " + c, 1, true}, {"Medium %", 1, true}, {"High %", 1, true}, {"Low change", 1, true}}, rows)
	var bars []barRow
	for _, th := range s.Averages {
		bars = append(bars, barRow{label: th.Name, note: saqPct(th.Percent) + "%", segments: []segment{{value: th.Percent, color: colAccent}}})
	}
	d.barChart("Average score per theme over the responders (percent of points)", bars, 100, nil)
}
