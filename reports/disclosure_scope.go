package reports

import (
	"fmt"
	"strings"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/risk"
)

// The numbers of sections 5–9 (RCOI results, risk assessment, risk
// response, audits, determination) are written by one function each, for
// a scope's summary: the 3TG in sections 5–9 themselves, each other
// mineral of the EMRT, CRT and AMRT in section 11, the gemstones (the
// parts that apply to them) in section 12. The summaries come counted
// from risk.Summarize; nothing is counted here.

// threeTG is the 3TG's summary; a summary made without scopes (a caller
// that built its own) stands for it whole.
func (r *disclosureWriter) threeTG() *risk.Summary {
	if s := r.in.Summary.ThreeTG; s != nil {
		return s
	}
	return r.in.Summary
}

// part titles one part of a scope's numbers: a level-1 heading in the 3TG
// and gemstone sections, a label (kept out of the contents, which would
// not fit on a page with a dozen minerals) inside a mineral's section.
func (r *disclosureWriter) part(s *risk.Summary, title string) {
	d := r.d
	if s.Scope == nil || s.Scope.Kind != risk.ScopeMineral {
		d.heading(1, title)
		return
	}
	d.ensure(25)
	d.space(1.5)
	d.font(10.5, colAccent)
	d.flow(0, s.Scope.Name+": "+title)
	d.space(1)
	d.font(10, colText)
}

// scopeNoun names a scope in a sentence: "the 3TG", "cobalt", "diamonds and
// coloured gemstones"; "all minerals" for the whole season.
func scopeNoun(s *risk.Summary) string {
	switch {
	case s.Scope == nil:
		return "all minerals"
	case s.Scope.Kind == risk.Scope3TG:
		return "the 3TG"
	}
	return strings.ToLower(s.Scope.Name)
}

// scopeAdjective names a scope before a noun: "3TG smelters", "cobalt
// smelters".
func scopeAdjective(s *risk.Summary) string {
	if s.Scope == nil {
		return ""
	}
	if s.Scope.Kind == risk.Scope3TG {
		return s.Scope.Name + " "
	}
	return strings.ToLower(s.Scope.Name) + " "
}

// ---- RCOI results (section 5) ----

func (r *disclosureWriter) rcoiResults() {
	d, all, s := r.d, r.in.Summary, r.threeTG()
	d.heading(0, "5. RCOI results")
	r.responded(s)
	r.declarationsReceived(s)
	r.smeltersIdentified(s)
	if s == all {
		return
	}
	// The programme as a whole: every template family, sections 11 and 12 included.
	d.heading(1, "All template families")
	r.responseRates(all)
	d.para("Declarations received, all templates:")
	r.declarationsTable(all)
	d.para(fmt.Sprintf("Declaring at company level, all templates: %d of %d declarations (%s); at product level: %d.",
		all.Totals.CompanyLevel, all.Totals.Declarations, pct(all.Totals.CompanyShare), all.Totals.ProductLevel))
}

// responded is the response of the suppliers the register asked for the
// scope: surveyed, responded, the share to two decimals.
func (r *disclosureWriter) responded(s *risk.Summary) {
	d := r.d
	switch {
	case s.InScope > 0:
		d.para(fmt.Sprintf("Suppliers surveyed: %d. Responded: %d (%s).", s.InScope, s.InScopeResponded, pct(s.Totals.ResponseRate)))
		if extra := s.Responded - s.InScopeResponded; extra > 0 {
			d.para(fmt.Sprintf("Suppliers outside the register who sent a declaration covering %s: %d.", scopeNoun(s), extra))
		}
	case r.in.Summary.InScope > 0:
		d.para(fmt.Sprintf("Suppliers who responded: %d (the register asks no supplier for %s: the share asked cannot be computed).", s.Responded, scopeNoun(s)))
	default:
		d.para(fmt.Sprintf("Suppliers who responded: %d (no register: the share asked cannot be computed).", s.Responded))
	}
}

// responseRates is the table and chart of the response per template
// family (per scope in a scope's summary).
func (r *disclosureWriter) responseRates(s *risk.Summary) {
	if len(s.Rates) == 0 {
		return
	}
	d := r.d
	rows := [][]string{}
	var bars []barRow
	for _, rr := range s.Rates {
		rows = append(rows, []string{rr.Family, itoa(rr.Asked), itoa(rr.Answered), pct(rr.Rate)})
		bars = append(bars, barRow{label: familyShort(rr.Family), note: pct(rr.Rate),
			segments: []segment{{value: rr.Rate, color: colAccent}}})
	}
	d.table([]column{{"Template family", 3, false}, {"Asked", 1, true}, {"Answered", 1, true}, {"Response rate", 1.3, true}}, rows)
	d.barChart("Response rate by template family", bars, 1, nil)
}

func (r *disclosureWriter) declarationsTable(s *risk.Summary) {
	rows := [][]string{}
	for _, f := range s.Families {
		rows = append(rows, []string{f.Family, itoa(f.Declarations), itoa(f.CompanyLevel), itoa(f.ProductLevel), itoa(f.Incomplete), itoa(f.MissingCells)})
	}
	r.d.table([]column{{"Template", 1.2, false}, {"Declarations", 1.3, true}, {"Company level", 1.3, true}, {"Product level", 1.3, true},
		{"Incomplete", 1.2, true}, {"Missing fields", 1.3, true}}, rows)
}

// declarationsReceived: per template family, company versus product level,
// and how the declarations were validated with the incomplete ones counted.
func (r *disclosureWriter) declarationsReceived(s *risk.Summary) {
	d, t := r.d, s.Totals
	r.part(s, "Declarations received")
	if t.Declarations == 0 {
		d.para(fmt.Sprintf("No declaration covering %s was received.", scopeNoun(s)))
		return
	}
	r.declarationsTable(s)
	d.para(fmt.Sprintf("Declaring at company level: %d of %d declarations (%s); at product level: %d.",
		t.CompanyLevel, t.Declarations, pct(t.CompanyShare), t.ProductLevel))
	switch {
	case s.Scope != nil && s.Scope.Kind == risk.ScopeGemstones:
		d.para("Each gemstone declaration was validated on import against the template's required fields. A declaration is incomplete when required fields are missing.")
	case s.Scope == nil || s.Scope.Kind == risk.Scope3TG: // said once, in section 5, for every mineral
		d.para("Each declaration was validated on import: the template's own Checker rules (required fields, per revision), dates, the declared smelters matched against RMI's lists by CID and name, and the answers compared with the smelters declared. A declaration is incomplete when the Checker counts missing required fields.")
	}
	d.para(fmt.Sprintf("Incomplete declarations: %d of %d, with %d missing required fields in all.", t.Incomplete, t.Declarations, t.MissingCells))
}

func (r *disclosureWriter) smeltersIdentified(s *risk.Summary) {
	d := r.d
	r.part(s, "Smelters and refiners identified")
	rows := [][]string{}
	for _, m := range s.ByMetal {
		rows = append(rows, []string{m.Metal, itoa(m.Total), itoa(m.Counts[risk.StatusConformant])})
	}
	if len(rows) == 0 {
		d.para("No smelter or refiner was identified.")
		return
	}
	d.table([]column{{"Metal", 2, false}, {"Smelters and refiners", 1.5, true}, {"Conformant", 1.5, true}}, rows)
}

// ---- risk assessment (section 6) ----

func (r *disclosureWriter) riskAssessment() {
	d, all, s := r.d, r.in.Summary, r.threeTG()
	d.heading(0, "6. Risk assessment (OECD step 2)")
	if s != all {
		d.para(fmt.Sprintf("Over all templates the risk rules found %d findings. Those about the 3TG are counted here; those about the other minerals and the gemstones in sections 11 and 12, where a finding about a declaration covering several minerals counts for each.", all.Totals.Findings))
	}
	r.findings(s)
	d.heading(1, "Supplier risk ranks")
	cur, prev := r.in.RankCounts, r.in.PreviousRankCounts
	d.para(fmt.Sprintf("Suppliers ranked: %d (low %d, medium %d, high %d). Share ranked low: %s this period, %s the previous one.",
		len(r.in.Ranks), cur[risk.RankLow], cur[risk.RankMedium], cur[risk.RankHigh], pct(r.in.YearOnYear.LowShareCurrent), prevShare(r.in)))
	max := 0
	for _, rk := range []risk.Rank{risk.RankLow, risk.RankMedium, risk.RankHigh} {
		if cur[rk] > max {
			max = cur[rk]
		}
		if prev[rk] > max {
			max = prev[rk]
		}
	}
	var bars []barRow
	prevCol, curCol := rgb{170, 185, 205}, colAccent
	for _, rk := range []risk.Rank{risk.RankLow, risk.RankMedium, risk.RankHigh} {
		bars = append(bars,
			barRow{label: string(rk) + fmt.Sprintf(" (%d)", r.in.Period-1), note: itoa(prev[rk]), segments: []segment{{value: float64(prev[rk]), color: prevCol}}},
			barRow{label: string(rk) + fmt.Sprintf(" (%d)", r.in.Period), note: itoa(cur[rk]), segments: []segment{{value: float64(cur[rk]), color: curCol}}})
	}
	d.barChart("Suppliers by risk rank, this period versus the previous one", bars, float64(max),
		[]segment{{label: fmt.Sprint(r.in.Period - 1), color: prevCol}, {label: fmt.Sprint(r.in.Period), color: curCol}})
	r.saqSection()
}

// findings are a scope's findings by severity and by code.
func (r *disclosureWriter) findings(s *risk.Summary) {
	d := r.d
	d.para(fmt.Sprintf("The risk rules found %d findings about %s: %d high, %d medium, %d low, %d for information.", s.Totals.Findings, scopeNoun(s),
		s.BySeverity[risk.High], s.BySeverity[risk.Medium], s.BySeverity[risk.Low], s.BySeverity[risk.Info]))
	rows := [][]string{}
	for _, c := range s.Findings {
		rows = append(rows, []string{c.Code, c.Title, string(c.Severity), itoa(c.OECDStep), itoa(c.Count)})
	}
	if len(rows) > 0 {
		d.table([]column{{"Code", 2.6, false}, {"Finding", 3.4, false}, {"Severity", 1, false}, {"Step", 0.6, true}, {"Count", 0.8, true}}, rows)
	}
}

func prevShare(in *Disclosure) string {
	if len(in.PreviousRanks) == 0 {
		return "no ranks (no data for that period)"
	}
	return pct(in.YearOnYear.LowSharePrevious)
}

// ---- risk response (section 7) ----

func (r *disclosureWriter) riskResponse() {
	s := r.threeTG()
	r.d.heading(0, "7. Risk response (OECD step 3)")
	r.supplierActions(s)
	r.d.para("Every supplier who responded received a feedback sheet with its findings, the cells to correct and the smelters to act on.")
	r.smelterActions(s)
}

// supplierActions counts the suppliers by where their findings about the
// scope stand.
func (r *disclosureWriter) supplierActions(s *risk.Summary) {
	r.d.para(fmt.Sprintf("Suppliers with an action requested: %d. Suppliers with findings resolved: %d. Suppliers with a risk accepted: %d. Suppliers with findings still open: %d.",
		s.SuppliersByStatus[risk.StatusActionRequested], s.SuppliersByStatus[risk.StatusResolved],
		s.SuppliersByStatus[risk.StatusAcceptedRisk], s.SuppliersByStatus[risk.StatusOpen]))
}

// smelterActions lists the scope's smelters removed by RMI or not
// conformant, and what was done.
func (r *disclosureWriter) smelterActions(s *risk.Summary) {
	d := r.d
	rows := [][]string{}
	for _, sm := range s.Smelters {
		if sm.Status != risk.StatusRemoved && sm.Status != risk.StatusNonConformant {
			continue
		}
		rows = append(rows, []string{sm.Metal, sm.Name, sm.CID, statusLabel(sm), itoa(sm.Suppliers),
			"Suppliers declaring it were asked to confirm or remove it from their supply chain."})
	}
	if len(rows) == 0 {
		d.para(fmt.Sprintf("No declared %ssmelter or refiner was non-conformant or removed as of the as-of date.", scopeAdjective(s)))
		return
	}
	d.para(fmt.Sprintf("Smelters and refiners removed by RMI or not conformant: %d.", len(rows)))
	d.table([]column{{"Metal", 1, false}, {"Smelter or refiner", 2.6, false}, {"CID", 1.3, false}, {"Status", 1.6, false}, {"Suppliers", 0.9, true}, {"Action", 2.6, false}}, rows)
}

// statusLabel is the status as a reader should see it: removed with its
// date, non-conformant with RMI's own text.
func statusLabel(sm risk.SmelterSummary) string {
	switch sm.Status {
	case risk.StatusRemoved:
		if sm.RemovedOn != "" {
			return "removed (" + sm.RemovedOn + ")"
		}
		return "removed"
	case risk.StatusNonConformant:
		if sm.StatusText != "" {
			return "non-conformant (" + sm.StatusText + ")"
		}
	}
	return string(sm.Status)
}

// ---- audits (section 8) ----

func (r *disclosureWriter) audits() {
	d := r.d
	d.heading(0, "8. Audits (OECD step 4)")
	d.para("The company does not audit smelters or refiners itself. It relies on the independent third-party assessments of RMI's Responsible Minerals Assurance Process (RMAP) and, for gold, on those RMI recognises (LBMA Responsible Gold Guidance, RJC Chain-of-Custody) where RMI's lists say so.")
	r.reliance(r.threeTG())
}

// reliance is how many of the scope's smelters the RMAP assessment
// covers.
func (r *disclosureWriter) reliance(s *risk.Summary) {
	r.d.para(fmt.Sprintf("Of the %d %ssmelters and refiners identified, %d were conformant and %d active in the RMAP assessment as of %s.",
		s.Totals.Smelters, scopeAdjective(s), s.Totals.ByStatus[risk.StatusConformant], s.Totals.ByStatus[risk.StatusActive], r.in.AsOf.Format("2006-01-02")))
}

// ---- determination (section 9) ----

func (r *disclosureWriter) determination() {
	r.d.heading(0, "9. Determination")
	r.statusByMetal(r.threeTG())
}

var statusLegend = func() []segment {
	var out []segment
	for _, st := range risk.AllStatuses {
		out = append(out, segment{label: string(st), color: statusCols[string(st)]})
	}
	return out
}()

// statusByMetal: the scope's smelters per metal by status, those in
// covered countries and CAHRAs and how many conformant, recycled sources.
func (r *disclosureWriter) statusByMetal(s *risk.Summary) {
	d := r.d
	if len(s.ByMetal) == 0 {
		d.para(fmt.Sprintf("No %ssmelter or refiner was identified.", scopeAdjective(s)))
	} else {
		d.para(fmt.Sprintf("Smelters and refiners per metal by status as of %s:", r.in.AsOf.Format("2006-01-02")))
		r.statusTable(s.ByMetal)
	}
	tot := s.Totals
	d.para(fmt.Sprintf("Located in a covered country (the DRC or an adjoining country): %d, of which %d conformant. Located in a country on the EU CAHRA list: %d, of which %d conformant.",
		tot.Covered, tot.CoveredConformant, tot.CAHRA, tot.CAHRAConformant))
	d.para(fmt.Sprintf("Recycled or scrap sources declared: %d declared rows.", s.RecycledRows))
}

func (r *disclosureWriter) statusTable(metals []risk.MetalStatus) {
	d := r.d
	cols := []column{{"Metal", 1.5, false}}
	for _, st := range risk.AllStatuses {
		head := string(st)
		if st == risk.StatusNotParticipating {
			head = "not particip." // the full word does not fit the column
		}
		cols = append(cols, column{head, 1.3, true})
	}
	cols = append(cols, column{"Total", 0.7, true}, column{"In covered / CAHRA countries", 1.3, true}, column{"of them conformant", 1.4, true})
	rows := [][]string{}
	max := 0
	var bars []barRow
	for _, m := range metals {
		row := []string{m.Metal}
		var segs []segment
		for _, st := range risk.AllStatuses {
			row = append(row, itoa(m.Counts[st]))
			segs = append(segs, segment{label: string(st), value: float64(m.Counts[st]), color: statusCols[string(st)]})
		}
		row = append(row, itoa(m.Total), itoa(m.InCoveredOrCAHRA), itoa(m.ConformantThere))
		rows = append(rows, row)
		if m.Total > max {
			max = m.Total
		}
		bars = append(bars, barRow{label: m.Metal, segments: segs, note: itoa(m.Total)})
	}
	d.table(cols, rows)
	if len(metals) > 1 { // one bar says no more than its table row
		d.barChart("Smelters and refiners by status, per metal", bars, float64(max), statusLegend)
	}
}

// ---- other minerals (section 11) ----

// otherMinerals gives each mineral of the EMRT, CRT and AMRT the numbers
// sections 5–9 give the 3TG, one subsection each.
func (r *disclosureWriter) otherMinerals() {
	d, all := r.d, r.in.Summary
	d.heading(0, "11. Other minerals (EMRT, CRT, AMRT)")
	if len(all.Minerals) == 0 {
		d.para("No supplier declared cobalt, mica or another mineral of the EMRT, CRT or AMRT, and the register asked none for one, for the period.")
		return
	}
	names := make([]string, len(all.Minerals))
	for i, s := range all.Minerals {
		names[i] = s.Scope.Name
	}
	d.para("Each mineral below has the numbers sections 5 to 9 give for the 3TG: " + strings.Join(names, ", ") + ". A declaration counts for every mineral it covers, so an EMRT covering cobalt and mica counts in both.")
	for i, s := range all.Minerals {
		d.heading(1, fmt.Sprintf("11.%d %s (%s)", i+1, s.Scope.Name, familyTemplates(s.Scope.Family)))
		r.responded(s)
		r.declarationsReceived(s)
		r.smeltersIdentified(s)
		r.part(s, "Risk assessment")
		r.findings(s)
		r.part(s, "Risk response")
		r.supplierActions(s)
		r.smelterActions(s)
		r.part(s, "Audits")
		r.reliance(s)
		r.part(s, "Determination")
		r.statusByMetal(s)
	}
}

// familyTemplates is the templates part of a metal family's name:
// "extended minerals (EMRT/CRT)" → "EMRT/CRT".
func familyTemplates(f string) string {
	if i, j := strings.LastIndex(f, "("), strings.LastIndex(f, ")"); i >= 0 && j > i {
		return f[i+1 : j]
	}
	return f
}

// ---- diamonds and coloured gemstones (section 12) ----

// gemstones is section 12: diamonds and coloured gemstones, from the
// project's gemstone declarations (RMI has no template for them): the
// response, the declarations, per material what was declared, the
// countries of origin with the lists that flag them, the findings and
// where they stand.
func (r *disclosureWriter) gemstones() {
	d, s := r.d, r.in.Summary.Gemstones
	d.heading(0, "12. Diamonds and coloured gemstones")
	if s == nil || (s.InScope == 0 && s.Responded == 0) {
		d.para("No supplier declared diamonds or coloured gemstones, and the register asked none for them, for the period.")
		return
	}
	r.responded(s)
	r.declarationsReceived(s)
	d.para("Suppliers were asked, per material, whether it is in their products, its countries of mining origin, Kimberley Process certificates (rough diamonds), the World Diamond Council System of Warranties (diamonds) and Responsible Jewellery Council certification.")
	gems := r.in.Summary.Gems
	if len(gems) == 0 {
		d.para("No supplier declared diamonds or coloured gemstones in its products.")
	} else {
		r.gemMaterials(gems)
		r.gemOrigins(gems)
	}
	d.heading(1, "Risk assessment and response")
	r.findings(s)
	r.supplierActions(s)
}

func (r *disclosureWriter) gemMaterials(gems []risk.GemMaterialSummary) {
	d := r.d
	d.heading(1, "Materials")
	rows := make([][]string, 0, len(gems))
	for _, g := range gems {
		kp := "n/a"
		if g.Material == cmrt.RoughDiamonds {
			kp = itoa(g.Kimberley)
		}
		rows = append(rows, []string{g.Material, itoa(g.Suppliers), itoa(len(g.Origins)), itoa(g.OriginUnknown), itoa(g.Recycled),
			kp, itoa(g.Warranties), itoa(g.RJC), itoa(g.Restricted), itoa(g.CAHRA), itoa(g.DoL)})
	}
	d.table([]column{{"Material", 1.4, false}, {"Suppliers", 1, true}, {"Countries of origin", 1, true},
		{"Origin unknown", 1, true}, {"Recycled", 1, true}, {"KP certified", 1, true}, {"Warranties", 1.1, true},
		{"RJC certified", 1, true}, {"Restricted origin", 1.1, true}, {"CAHRA origin", 1, true}, {"DoL listed origin", 1, true}}, rows)
	d.para("Suppliers per material: those declaring it in their products; the last three columns count the suppliers naming at least one such origin.")
}

func (r *disclosureWriter) gemOrigins(gems []risk.GemMaterialSummary) {
	d := r.d
	d.heading(1, "Countries of origin")
	var rows [][]string
	for _, g := range gems {
		for _, o := range g.Origins {
			rows = append(rows, []string{g.Material, o.Country, itoa(o.Suppliers), yesNo(o.Restricted), yesNo(o.CAHRA), yesNo(o.DoL)})
		}
	}
	if len(rows) == 0 {
		d.para("No country of mining origin was named.")
		return
	}
	d.table([]column{{"Material", 1.4, false}, {"Country", 2.4, false}, {"Suppliers", 1, true}, {"Restricted", 1, false},
		{"CAHRA", 1, false}, {"US DoL list", 1, false}}, rows)
	d.para("Restricted: under a sanction or Kimberley Process measure in force on the report's date (the gemstone origin restrictions table). CAHRA: on the EU's indicative list. US DoL list: the List of Goods Produced by Child Labor or Forced Labor names the material (or gems) from the country. Editions in section 4.")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
