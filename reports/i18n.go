package reports

import "strings"

// Languages of the feedback sheets' fixed text. The findings' own titles,
// messages and actions come from package risk in English.
const (
	LangEnglish  = "en"
	LangChinese  = "zh"
	LangJapanese = "ja"
)

// LanguageOf picks the feedback language from the language a supplier
// filled its template in (Declaration!D3: "中文 Chinese", "日本語 Japanese",
// ...); English where no translation exists.
func LanguageOf(templateLanguage string) string {
	l := strings.ToLower(templateLanguage)
	switch {
	case strings.Contains(l, "chinese") || strings.Contains(l, "中文"):
		return LangChinese
	case strings.Contains(l, "japanese") || strings.Contains(l, "日本語"):
		return LangJapanese
	}
	return LangEnglish
}

// text keys of the feedback sheet.
const (
	tTitle = iota
	tPage
	tIntro
	tRank
	tScore
	tCritical
	tDrivers
	tNoDrivers
	tFindings
	tNoFindings
	tSeverity
	tFinding
	tWhere
	tCount
	tCriticalShort
	tSmelters
	tNoSmelters
	tMetal
	tSmelter
	tStatus
	tRow
	tRequested
	tReqCorrect
	tReqSmelters
	tReqResend
	tBy
	tASAP
	tRankLow
	tRankMedium
	tRankHigh
	tRemoved
	tNonConformant
	tPeriod
	tAsOf
	tFrom
	tContact
	nTexts
)

var texts = map[string][nTexts]string{
	LangEnglish: {
		tTitle:         "Supplier feedback",
		tPage:          "Page %d of %s",
		tIntro:         "Thank you for your declaration. We reviewed it against RMI's smelter and refiner lists and our due diligence rules. This sheet lists what we found and what we ask you to do.",
		tRank:          "Your risk rank",
		tScore:         "score",
		tCritical:      "ranked high because of",
		tDrivers:       "What drove the rank",
		tNoDrivers:     "Nothing raised the rank.",
		tFindings:      "Findings",
		tNoFindings:    "No findings: nothing to correct.",
		tSeverity:      "Severity",
		tFinding:       "Finding",
		tWhere:         "Sheet and cell",
		tCount:         "Findings",
		tCriticalShort: "critical",
		tSmelters:      "Smelters and refiners not conformant or removed",
		tNoSmelters:    "None of your declared smelters or refiners is non-conformant or removed.",
		tMetal:         "Metal",
		tSmelter:       "Smelter or refiner",
		tStatus:        "Status",
		tRow:           "Row",
		tRequested:     "What we request",
		tReqCorrect:    "Correct the cells listed under Findings.",
		tReqSmelters:   "For each smelter or refiner above: confirm whether it is still in your supply chain, and if so, what you are doing about it; remove removed facilities or replace them with their successors.",
		tReqResend:     "Send us the corrected template (same RMI revision or newer).",
		tBy:            "By",
		tASAP:          "as soon as possible",
		tRankLow:       "low",
		tRankMedium:    "medium",
		tRankHigh:      "high",
		tRemoved:       "removed by RMI",
		tNonConformant: "not conformant",
		tPeriod:        "Reporting period",
		tAsOf:          "Smelter statuses as of",
		tFrom:          "From",
		tContact:       "Contact",
	},
	LangChinese: {
		tTitle:         "供应商反馈",
		tPage:          "第 %d 页，共 %s 页",
		tIntro:         "感谢您提交的申报。我们已依据 RMI 冶炼厂和精炼厂名单及我们的尽职调查规则进行审核。本反馈单列出审核发现及需要您采取的行动。",
		tRank:          "贵公司的风险等级",
		tScore:         "分数",
		tCritical:      "因以下原因评为高风险",
		tDrivers:       "影响风险等级的因素",
		tNoDrivers:     "没有提高风险等级的因素。",
		tFindings:      "审核发现",
		tNoFindings:    "没有发现问题，无需更正。",
		tSeverity:      "严重程度",
		tFinding:       "发现",
		tWhere:         "工作表和单元格",
		tCount:         "数量",
		tCriticalShort: "关键",
		tSmelters:      "不合规或已被移除的冶炼厂和精炼厂",
		tNoSmelters:    "贵公司申报的冶炼厂和精炼厂中没有不合规或已被移除的。",
		tMetal:         "金属",
		tSmelter:       "冶炼厂或精炼厂",
		tStatus:        "状态",
		tRow:           "行",
		tRequested:     "我们的要求",
		tReqCorrect:    "请更正“审核发现”中列出的单元格。",
		tReqSmelters:   "对于上述每家冶炼厂或精炼厂：请确认其是否仍在贵公司的供应链中；如在，请说明贵公司采取的措施；请删除已被移除的设施或以其后继设施替换。",
		tReqResend:     "请将更正后的模板（相同或更新的 RMI 版本）发送给我们。",
		tBy:            "截止日期",
		tASAP:          "尽快",
		tRankLow:       "低",
		tRankMedium:    "中",
		tRankHigh:      "高",
		tRemoved:       "已被 RMI 移除",
		tNonConformant: "不合规",
		tPeriod:        "报告期",
		tAsOf:          "冶炼厂状态截至",
		tFrom:          "发件方",
		tContact:       "联系人",
	},
	LangJapanese: {
		tTitle:         "サプライヤーへのフィードバック",
		tPage:          "%d / %s ページ",
		tIntro:         "ご回答いただきありがとうございます。RMI の製錬所・精製所リストおよび当社のデューデリジェンス規則に照らして確認しました。本シートには確認結果とお願いしたい対応を記載しています。",
		tRank:          "貴社のリスク評価",
		tScore:         "スコア",
		tCritical:      "次の理由により高リスク",
		tDrivers:       "評価の要因",
		tNoDrivers:     "評価を上げる要因はありません。",
		tFindings:      "指摘事項",
		tNoFindings:    "指摘事項はありません。修正は不要です。",
		tSeverity:      "重要度",
		tFinding:       "指摘",
		tWhere:         "シートとセル",
		tCount:         "件数",
		tCriticalShort: "重大",
		tSmelters:      "認証を受けていない、または削除された製錬所・精製所",
		tNoSmelters:    "ご申告の製錬所・精製所に、認証を受けていないものや削除されたものはありません。",
		tMetal:         "金属",
		tSmelter:       "製錬所・精製所",
		tStatus:        "状態",
		tRow:           "行",
		tRequested:     "お願いしたい対応",
		tReqCorrect:    "「指摘事項」に記載したセルを修正してください。",
		tReqSmelters:   "上記の各製錬所・精製所について、現在もサプライチェーンに含まれるかをご確認のうえ、含まれる場合は対応状況をお知らせください。削除された施設は削除するか、後継の施設に置き換えてください。",
		tReqResend:     "修正したテンプレート（同じまたは新しい RMI 版）をお送りください。",
		tBy:            "期限",
		tASAP:          "できるだけ早く",
		tRankLow:       "低",
		tRankMedium:    "中",
		tRankHigh:      "高",
		tRemoved:       "RMI により削除",
		tNonConformant: "非認証",
		tPeriod:        "報告対象期間",
		tAsOf:          "製錬所の状態の基準日",
		tFrom:          "送付元",
		tContact:       "担当",
	},
}

func tr(lang string, key int) string {
	t, ok := texts[lang]
	if !ok || t[key] == "" {
		return texts[LangEnglish][key]
	}
	return t[key]
}
