package web

import (
	"github.com/openminerals/cmrt/risk"
)

// saqOverview is the overview's figures of the self-assessment
// questionnaire: responders, their average score and the ranks.
type saqOverview struct {
	Responders   int
	AverageTotal float64
	LowShare     float64 // 0–1, for the pct template function
	Ranks        chart
}

func (v *seasonView) saqOverview() saqOverview {
	scores, _, total := v.cfg.SAQScores(v.season)
	o := saqOverview{Responders: len(scores), AverageTotal: total}
	rk := map[risk.Rank]int{}
	for _, s := range scores {
		rk[risk.Rank(s.Rank)]++
	}
	if len(scores) > 0 {
		o.LowShare = float64(rk[risk.RankLow]) / float64(len(scores))
	}
	o.Ranks = rankChart("Self-assessment questionnaire: responders by SAQ rank", rk)
	return o
}
