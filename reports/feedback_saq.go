package reports

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/openminerals/cmrt/risk"
)

// The feedback sheet's SAQ page: the supplier's theme scores against the
// responders' average (a bar chart), what to improve, and the interview
// request when the questionnaire ranks high.

// FeedbackSAQ is a supplier's questionnaire result on its feedback sheet;
// Rank is empty when the supplier answered no questionnaire. (A value, not
// a pointer: the batch's glyphs are collected from the sheets' printed
// values.)
type FeedbackSAQ struct {
	Rank         risk.Rank
	Total        float64
	AverageTotal float64
	Responders   int
	Themes       []SAQThemeLine
	// Critical are the critical answers ("LAB3 No").
	Critical []string
	// Improve are the questions not answered with full points, "ID) text".
	Improve []string
}

// SAQThemeLine is one theme's score and the responders' average.
type SAQThemeLine struct {
	Name    string // in the sheet's language
	Percent float64
	Average float64
}

const (
	sTitle = iota
	sTotal
	sVersus
	sYou
	sAverage
	sImprove
	sBelow
	sNothing
	sCritical
	sInterview
)

var saqTexts = map[string][]string{
	LangEnglish: {"Self-assessment questionnaire (SAQ)", "Total score", "Your theme scores against the average of %d responders",
		"your score", "responders' average", "What to improve", "Themes below the average", "Every question answered with full points.",
		"Critical answers", "Your questionnaire ranks high: we ask you for an interview to agree corrective actions."},
	LangChinese: {"自我评估问卷（SAQ）", "总分", "贵公司各主题得分与 %d 家答复企业平均分的对比",
		"贵公司得分", "答复企业平均", "改进事项", "低于平均的主题", "所有问题均获满分。",
		"关键回答", "贵公司的问卷评级为高风险：我们希望与贵公司面谈，商定纠正措施。"},
	LangJapanese: {"セルフアセスメント質問票（SAQ）", "総合スコア", "テーマ別スコアと回答企業 %d 社の平均との比較",
		"貴社スコア", "回答企業平均", "改善をお願いする事項", "平均を下回るテーマ", "すべての質問で満点でした。",
		"重要項目の回答", "質問票の評価が高リスクのため、是正措置を合意するための面談をお願いします。"},
}

func saqText(lang string, k int) string {
	if t, ok := saqTexts[lang]; ok {
		return t[k]
	}
	return saqTexts[LangEnglish][k]
}

// saqPage renders the SAQ page when the supplier answered a questionnaire.
func (d *doc) saqPage(f *Feedback, lang string) {
	s := f.SAQ
	if s.Rank == "" {
		return
	}
	t := func(k int) string { return saqText(lang, k) }
	d.heading(0, t(sTitle)) // a page of its own
	d.font(13, rankColor(s.Rank))
	d.flow(0, fmt.Sprintf("%s: %s%% (%s %s%%) — %s", t(sTotal), saqPct(s.Total), t(sAverage), saqPct(s.AverageTotal), rankText(lang, s.Rank)))
	d.space(2)
	you, avg := rgb{31, 56, 100}, rgb{170, 170, 170}
	var rows []barRow
	for _, th := range s.Themes {
		rows = append(rows,
			barRow{label: th.Name, segments: []segment{{value: th.Percent, color: you}}, note: saqPct(th.Percent) + "%"},
			barRow{label: "", segments: []segment{{value: th.Average, color: avg}}, note: saqPct(th.Average) + "%"})
	}
	d.barChart(fmt.Sprintf(t(sVersus), s.Responders), rows, 100, []segment{{label: t(sYou), color: you}, {label: t(sAverage), color: avg}})
	if len(s.Critical) > 0 {
		d.heading(1, t(sCritical))
		for _, c := range s.Critical {
			d.bullet(c)
		}
	}
	d.heading(1, t(sImprove))
	var below []string
	for _, th := range s.Themes {
		if th.Percent < th.Average {
			below = append(below, th.Name)
		}
	}
	if len(below) > 0 {
		d.bullet(t(sBelow) + ": " + strings.Join(below, ", "))
	}
	if len(s.Improve) == 0 {
		d.para(t(sNothing))
	}
	for _, q := range s.Improve {
		d.bullet(q)
	}
	if s.Rank == risk.RankHigh {
		d.space(2)
		d.font(12, rankColor(risk.RankHigh))
		d.flow(0, t(sInterview))
	}
}

// saqPct formats a percent (0–100) with one decimal.
func saqPct(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
