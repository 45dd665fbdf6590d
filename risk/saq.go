package risk

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/saq"
)

// The supplier self-assessment questionnaire (family SAQ): each responding
// supplier's questionnaire is scored against the question bank it was
// written from (Declaration.SAQBank; the default bank when none is
// recorded) with the thresholds of the rules file (key saq): theme scores
// as percent of that bank's points, the critical override from that bank's
// critical questions. A high rank asks for an interview, and each critical
// question answered unfavourably is a finding of its own.

// The SAQ finding codes.
const (
	CodeSAQHighRisk             = "SAQ_HIGH_RISK"
	CodeSAQCriticalForcedLabour = "SAQ_CRITICAL_FORCED_LABOUR"
	CodeSAQCriticalChildLabour  = "SAQ_CRITICAL_CHILD_LABOUR"
	CodeSAQCriticalWorkingHours = "SAQ_CRITICAL_WORKING_HOURS"
)

const (
	srcSAQ = "supplier's self-assessment questionnaire (answers scored against the question bank it was written from)"
	// The SAQ rests on the RBA Code of Conduct; the OECD step is where the
	// response sits in the five-step framework.
	gSAQRank     = "RBA Code of Conduct E4 (risk assessment), E10 (corrective action); OECD Step 3 (respond to identified risks)"
	gSAQCritical = "RBA Code of Conduct A1 (freely chosen employment), A2 (young workers), A3 (working hours); OECD Annex II ¶1 (forced labour, worst forms of child labour)"
)

var saqRules = []Rule{
	{Code: CodeSAQHighRisk, Title: "SAQ high risk: interview", Level: LevelDeclaration, Severity: High, OECDStep: 3, Guidance: gSAQRank,
		Meaning: "the questionnaire's total score is below saq.medium_from (60%), or a critical question is answered unfavourably (critical_override)", Source: srcSAQ,
		Action: "interview", declaration: checkSAQHighRisk},
	{Code: CodeSAQCriticalForcedLabour, Title: "SAQ critical: forced labour", Level: LevelDeclaration, Severity: High, OECDStep: 3, Guidance: gSAQCritical,
		Meaning: "a forced-labour critical question of the supplier's bank answered unfavourably (default bank: LAB1 \"No\" or \"Partly\")", Source: srcSAQ,
		Action: "Interview the supplier and ask for its corrective action plan on forced labour (RBA A1)", declaration: checkSAQCritical(saq.CriticalForcedLabour)},
	{Code: CodeSAQCriticalChildLabour, Title: "SAQ critical: child labour", Level: LevelDeclaration, Severity: High, OECDStep: 3, Guidance: gSAQCritical,
		Meaning: "a child-labour critical question of the supplier's bank answered unfavourably (default bank: LAB2 \"No\" or \"Partly\")", Source: srcSAQ,
		Action: "Interview the supplier and ask for its age verification and remediation (RBA A2)", declaration: checkSAQCritical(saq.CriticalChildLabour)},
	{Code: CodeSAQCriticalWorkingHours, Title: "SAQ critical: long working hours", Level: LevelDeclaration, Severity: High, OECDStep: 3, Guidance: gSAQCritical,
		Meaning: "a working-hours critical question of the supplier's bank answered unfavourably (default bank: LAB3 \"No\", over 60 hours a week or no day off in seven)", Source: srcSAQ,
		Action: "Interview the supplier and ask for its plan to bring working hours within the limit (RBA A3)", declaration: checkSAQCritical(saq.CriticalWorkingHours)},
}

func init() {
	for _, r := range saqRules {
		ruleIndex[r.Code] = len(Rules)
		Rules = append(Rules, r)
	}
}

// IsSAQ tells a questionnaire from the minerals declarations.
func IsSAQ(d *Declaration) bool { return strings.EqualFold(d.Family, string(cmrt.SAQ)) }

// defaultSAQBank scores questionnaires without a recorded bank; made at
// the first, not at every start of the program.
var defaultSAQBank = sync.OnceValue(saq.Default)

// SAQBankOf is the question bank a questionnaire is scored with: the one
// it was written from, else the default bank.
func SAQBankOf(d *Declaration) *saq.Bank {
	if d.SAQBank != nil {
		return d.SAQBank
	}
	return defaultSAQBank()
}

// ScoreSAQ scores one questionnaire with its bank under the rules file's
// thresholds.
func (c *Config) ScoreSAQ(d *Declaration) saq.Result {
	return saq.Score(SAQBankOf(d), SAQAnswers(d), c.SAQ)
}

// SAQAnswers are a questionnaire's answers as they are scored: question ID
// → the answer, trimmed.
func SAQAnswers(d *Declaration) map[string]string {
	answers := map[string]string{}
	for _, a := range d.Answers {
		if a.Mineral == "" {
			answers[a.Question] = strings.TrimSpace(a.Value)
		}
	}
	return answers
}

func saqCell(d *Declaration, q string) string {
	for _, a := range d.Answers {
		if a.Question == q && a.Mineral == "" {
			return a.Cell
		}
	}
	return ""
}

func checkSAQHighRisk(c *evalContext, d *Declaration, emit emitFunc) {
	if !IsSAQ(d) {
		return
	}
	r := c.cfg.ScoreSAQ(d)
	if r.Rank != saq.RankHigh {
		return
	}
	msg := fmt.Sprintf("SAQ total %.1f%% (below %.0f%%): high risk", r.Total, c.cfg.SAQ.MediumFrom)
	if len(r.Critical) > 0 {
		var qs []string
		for _, cr := range r.Critical {
			qs = append(qs, cr.Question+" "+cr.Answer)
		}
		msg = fmt.Sprintf("SAQ total %.1f%%, high risk by critical answers (%s)", r.Total, strings.Join(qs, ", "))
	}
	emit(hit{Subject: "SAQ:rank", Message: msg, Evidence: Evidence{Sheet: cmrt.SheetDeclaration, Value: fmt.Sprintf("%.1f", r.Total)}})
}

func checkSAQCritical(code string) func(c *evalContext, d *Declaration, emit emitFunc) {
	return func(c *evalContext, d *Declaration, emit emitFunc) {
		if !IsSAQ(d) {
			return
		}
		for _, cr := range c.cfg.ScoreSAQ(d).Critical {
			if cr.Code != code {
				continue
			}
			emit(hit{Subject: "SAQ:" + cr.Question, Message: fmt.Sprintf("question %s answered %q", cr.Question, cr.Answer),
				Evidence: Evidence{Sheet: cmrt.SheetDeclaration, Cell: saqCell(d, cr.Question), Value: cr.Answer}})
		}
	}
}

// SAQSupplierScore is one responding supplier's questionnaire score.
type SAQSupplierScore struct {
	SupplierID int64  `json:"supplier_id"`
	Supplier   string `json:"supplier"`
	File       string `json:"file"`
	// Bank is the question bank scored with: "ID VERSION", and its SHA-256
	// (empty when none was recorded: the default bank).
	Bank       string `json:"bank"`
	BankSHA256 string `json:"bank_sha256,omitempty"`
	saq.Result
}

// SAQScores scores every supplier's questionnaire of the season, in the
// season's supplier order, each with its own bank, with the per-theme
// average over responders (by theme ID over the responders whose bank has
// the theme: saq.ThemeAverages) and the average total.
func (c *Config) SAQScores(s *Season) (scores []SAQSupplierScore, averages []saq.ThemeScore, averageTotal float64) {
	var results []saq.Result
	for _, sup := range s.Suppliers {
		for i := range sup.Declarations {
			d := &sup.Declarations[i]
			if !IsSAQ(d) {
				continue
			}
			r := c.ScoreSAQ(d)
			results = append(results, r)
			b := SAQBankOf(d)
			scores = append(scores, SAQSupplierScore{SupplierID: sup.ID, Supplier: sup.Name, File: d.File,
				Bank: b.ID + " " + b.Version, BankSHA256: d.SAQBankSHA256, Result: r})
		}
	}
	averages, averageTotal = saq.ThemeAverages(results)
	return scores, averages, averageTotal
}

// The rules for the supplier's overall rank (rules file saq.combine).
const (
	CombineWorse    = saq.CombineWorse
	CombineMinerals = saq.CombineMinerals
)

type supplierSAQRank struct {
	rank     Rank
	critical string // the finding code that made it high
}

// saqRank is the supplier's SAQ rank (empty without a questionnaire) and,
// when high, the SAQ finding that says so.
func (c *Config) saqRank(sup *Supplier, fs []Finding) supplierSAQRank {
	for i := range sup.Declarations {
		d := &sup.Declarations[i]
		if !IsSAQ(d) {
			continue
		}
		r := supplierSAQRank{rank: Rank(c.ScoreSAQ(d).Rank)}
		if r.rank == RankHigh {
			r.critical = CodeSAQHighRisk
			for _, f := range fs {
				if strings.HasPrefix(f.Code, "SAQ_CRITICAL_") && counts(&f) {
					r.critical = f.Code
					break
				}
			}
		}
		return r
	}
	return supplierSAQRank{}
}

// mineralsFindings drops the SAQ findings: the SAQ is ranked by its score,
// and counting its findings' weights in the minerals score too would count
// the questionnaire twice.
func mineralsFindings(fs []Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		if !strings.HasPrefix(f.Code, "SAQ_") {
			out = append(out, f)
		}
	}
	return out
}

// combineRanks is the overall rank under saq.combine.
func (c *Config) combineRanks(minerals Rank, critical string, sr supplierSAQRank) (Rank, string) {
	if sr.rank == "" || c.SAQ.Combine == CombineMinerals || rankLevel(sr.rank) <= rankLevel(minerals) {
		return minerals, critical
	}
	return sr.rank, sr.critical
}

// SAQGroupTrend is one group's shares of low / medium / high SAQ ranks in
// the previous and the current period, and the change of the low share in
// percentage points.
type SAQGroupTrend struct {
	Group    string     `json:"group"`
	Previous saq.Shares `json:"previous"`
	Current  saq.Shares `json:"current"`
	// LowChange is 0 when the group had no responder the previous period.
	LowChange float64 `json:"low_change_points"`
}

// SAQTrend is the year-on-year view of the SAQ ranks.
type SAQTrend struct {
	Period   int             `json:"period"`
	Previous int             `json:"previous_period"`
	Groups   []SAQGroupTrend `json:"groups"`
}

// SAQGroupAll is the group of every responder.
const SAQGroupAll = "all"

// SAQYearOnYear compares the SAQ ranks of two seasons: every responder,
// then per designation (from each season's register, dol for the
// human-rights criterion), groups in a fixed order and only those with a
// responder in either period.
func (c *Config) SAQYearOnYear(previous, current *Season, dol *DoLList) SAQTrend {
	groups := []string{SAQGroupAll, DesignationEssential, DesignationImportant, DesignationHumanRights, MaterialDirect, MaterialIndirect}
	ranks := func(s *Season) map[string][]string {
		out := map[string][]string{}
		for i := range s.Suppliers {
			sup := &s.Suppliers[i]
			for j := range sup.Declarations {
				if d := &sup.Declarations[j]; IsSAQ(d) {
					r := c.ScoreSAQ(d).Rank
					out[SAQGroupAll] = append(out[SAQGroupAll], r)
					for _, g := range c.Designate(sup, dol) {
						out[g] = append(out[g], r)
					}
					if sup.Register != nil && sup.Register.MaterialType != "" {
						out[sup.Register.MaterialType] = append(out[sup.Register.MaterialType], r)
					}
					break
				}
			}
		}
		return out
	}
	prev, cur := ranks(previous), ranks(current)
	t := SAQTrend{Period: current.Period, Previous: previous.Period}
	for _, g := range groups {
		if len(prev[g]) == 0 && len(cur[g]) == 0 {
			continue
		}
		p, n := saq.ShareOf(prev[g]), saq.ShareOf(cur[g])
		gt := SAQGroupTrend{Group: g, Previous: p, Current: n}
		if p.N > 0 && n.N > 0 {
			gt.LowChange = math.Round((n.Low-p.Low)*10) / 10
		}
		t.Groups = append(t.Groups, gt)
	}
	return t
}

// mineralsDeclarations counts a supplier's declarations other than
// questionnaires: an SAQ alone does not answer the minerals request.
func mineralsDeclarations(s *Supplier) int {
	n := 0
	for i := range s.Declarations {
		if !IsSAQ(&s.Declarations[i]) {
			n++
		}
	}
	return n
}
