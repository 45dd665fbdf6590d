package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/risk"
)

// Disclosure is what the annual disclosure report renders: the season's
// summary, the supplier ranks of this period and the previous one, the
// reference data and rule set relied on, and the company's own text. It is
// all given; the renderer counts nothing.
type Disclosure struct {
	Period int
	AsOf   time.Time
	// Date is the report's date on the cover; zero: the as-of date.
	Date    time.Time
	Company *Company // nil: placeholders name the company-file keys
	Summary *risk.Summary
	// Ranks of this period and of the previous one (nil when there was none).
	Ranks, PreviousRanks []risk.SupplierRank
	RankCounts           map[risk.Rank]int
	PreviousRankCounts   map[risk.Rank]int
	YearOnYear           risk.YearOnYear
	Data                 []risk.DataSet // reference data editions
	Rules                string         // rule set edition
	// SAQ is the questionnaire's figures; nil or without responders: no
	// SAQ subsection (disclosure_saq.go).
	SAQ *DisclosureSAQ
}

// RenderDisclosure renders the disclosure report as PDF bytes. It renders
// twice: the first pass finds the page of each section for the table of
// contents (on page 2), the second writes it.
func RenderDisclosure(in *Disclosure, o Options) ([]byte, error) {
	if in.Summary == nil {
		return nil, fmt.Errorf("disclosure: no summary")
	}
	first, err := renderDisclosure(in, o, nil)
	if err != nil {
		return nil, err
	}
	if err := first.pdf.Error(); err != nil {
		return nil, fmt.Errorf("render PDF: %w", err)
	}
	second, err := renderDisclosure(in, o, first.toc)
	if err != nil {
		return nil, err
	}
	return second.bytes()
}

func renderDisclosure(in *Disclosure, o Options, toc []tocEntry) (*doc, error) {
	co := in.Company
	title := fmt.Sprintf("Conflict minerals report %d", in.Period)
	d, err := newDoc(o, title, "Page %d of %s")
	if err != nil {
		return nil, err
	}
	r := &disclosureWriter{d: d, in: in, co: co}
	r.cover()
	d.pdf.AddPage() // the table of contents, filled on the second pass
	d.tocPage("Contents", toc)
	d.pdf.AddPage()
	r.introduction()
	r.managementSystems()
	r.rcoiMethod()
	r.rcoiResults()
	r.riskAssessment()
	r.riskResponse()
	r.audits()
	r.determination()
	r.mitigation()
	r.otherMinerals()
	r.gemstones()
	r.annexes()
	return d, d.pdf.Error()
}

type disclosureWriter struct {
	d  *doc
	in *Disclosure
	co *Company
}

// text is the company file's value, or a placeholder naming its key.
func (r *disclosureWriter) text(value, key string) {
	if strings.TrimSpace(value) == "" {
		r.d.placeholder(placeholder(key))
		return
	}
	r.d.para(value)
}

func reportDate(in *Disclosure) time.Time {
	if in.Date.IsZero() {
		return in.AsOf
	}
	return in.Date
}

func placeholder(key string) string {
	return "[To be completed: company file key \"" + key + "\"]"
}

func (r *disclosureWriter) company() Company {
	if r.co == nil {
		return Company{}
	}
	return *r.co
}

func (r *disclosureWriter) cover() {
	d, p, co := r.d, r.d.pdf, r.company()
	p.AddPage()
	p.SetY(60)
	_ = p
	d.font(24, colAccent)
	d.flow(0, fmt.Sprintf("Conflict Minerals Report %d", r.in.Period))
	d.space(4)
	d.font(14, colText)
	if co.Name != "" {
		d.flow(0, co.Name)
	} else {
		d.font(14, colPlace)
		d.flow(0, placeholder("name"))
	}
	if co.Address != "" {
		d.font(10, colMuted)
		d.flow(0, co.Address)
	}
	d.space(8)
	d.font(11, colText)
	rows := [][2]string{
		{"Reporting period", fmt.Sprintf("1 January %d – 31 December %d", r.in.Period, r.in.Period)},
		{"Smelter statuses as of", r.in.AsOf.Format("2006-01-02")},
		{"Date of this report", reportDate(r.in).Format("2006-01-02")},
	}
	for _, kv := range rows {
		d.keyValue(55, kv[0], kv[1], colText)
	}
	if co.Signer.Name != "" {
		signer := co.Signer.Name
		if co.Signer.Title != "" {
			signer += ", " + co.Signer.Title
		}
		d.keyValue(55, "Signed by", signer, colText)
	} else {
		d.keyValue(55, "Signed by", placeholder("signer.name"), colPlace)
	}
	r.atAGlance()
	d.space(10)
	d.font(9, colMuted)
	d.flow(0, "Prepared with cmrt from the suppliers' RMI reporting templates, RMI's smelter and refiner lists and the reference data named in section 4. Every number in this report is computed from those data.")
}

// atAGlance puts the headline numbers on the cover.
func (r *disclosureWriter) atAGlance() {
	d, s := r.d, r.in.Summary
	d.space(8)
	d.font(12, colAccent)
	d.flow(0, "At a glance")
	d.space(1)
	d.font(10.5, colText)
	tot := s.Totals
	responded := fmt.Sprintf("%d", s.Responded)
	if s.InScope > 0 {
		responded = fmt.Sprintf("%d of %d in scope (%s)", s.InScopeResponded, s.InScope, pct(tot.ResponseRate))
	}
	d.keyValue(55, "Suppliers responded", responded, colText)
	d.keyValue(55, "Declarations", itoa(tot.Declarations), colText)
	d.keyValue(55, "Smelters and refiners", fmt.Sprintf("%d identified, %d conformant", tot.Smelters, tot.ByStatus[risk.StatusConformant]), colText)
	d.keyValue(55, "High-risk suppliers", fmt.Sprintf("%d of %d ranked", r.in.RankCounts[risk.RankHigh], len(r.in.Ranks)), colText)
}

func (r *disclosureWriter) introduction() {
	d, co := r.d, r.company()
	d.heading(0, "2. Introduction and scope")
	regs := co.Regulations
	if len(regs) == 0 {
		regs = []string{
			"Section 1502 of the US Dodd-Frank Act and Rule 13p-1 (Form SD)",
			"Regulation (EU) 2017/821 (conflict minerals)",
			"OECD Due Diligence Guidance for Responsible Supply Chains of Minerals from Conflict-Affected and High-Risk Areas (third edition)",
		}
	}
	d.para("This report describes the due diligence the company carried out on the sources of the tin, tantalum, tungsten and gold (3TG) and, where declared, the other minerals in its products for the reporting period. It answers to:")
	for _, reg := range regs {
		d.bullet(reg)
	}
	d.space(2)
	d.heading(1, "Products in scope")
	r.text(co.Products, "products")
	d.heading(1, "Place in the supply chain")
	if co.SupplyChain != "" {
		d.para(co.SupplyChain)
	} else {
		d.para("The company is a downstream company: it does not buy ore or metal from smelters or refiners directly, and relies on its suppliers' declarations (RMI reporting templates) and on RMI's Responsible Minerals Assurance Process (RMAP) for the smelters and refiners in its supply chain.")
		d.placeholder(placeholder("supply_chain") + " (optional: replaces the paragraph above)")
	}
}

func (r *disclosureWriter) managementSystems() {
	d, co := r.d, r.company()
	d.heading(0, "3. Management systems (OECD step 1)")
	d.heading(1, "Policy")
	r.text(co.Policy.Summary, "policy.summary")
	if co.Policy.URL != "" {
		d.para("Published at " + co.Policy.URL)
	} else {
		d.placeholder(placeholder("policy.url"))
	}
	d.heading(1, "Governance")
	r.text(co.Governance, "governance")
	d.heading(1, "Grievance mechanism")
	r.text(co.Grievance, "grievance")
	d.heading(1, "Records")
	if co.RecordsYears > 0 {
		d.para(fmt.Sprintf("Records of the due diligence (supplier declarations, smelter lists and the findings with their decisions) are kept for at least %d years.", co.RecordsYears))
	} else {
		d.placeholder(placeholder("records_years") + " (the OECD guidance asks for at least 5 years)")
	}
}

func (r *disclosureWriter) rcoiMethod() {
	d, s, co := r.d, r.in.Summary, r.company()
	d.heading(0, "4. Reasonable country of origin inquiry: method")
	if s.InScope > 0 {
		d.para(fmt.Sprintf("Suppliers in scope: %d, from the supplier register for %d.", s.InScope, r.in.Period))
	} else {
		d.para(fmt.Sprintf("No supplier register was imported for %d: the suppliers in scope are the %d suppliers who sent a declaration.", r.in.Period, s.Suppliers))
	}
	d.para("Suppliers were asked for RMI's reporting templates. Templates and revisions accepted:")
	rows := [][]string{}
	for _, t := range s.Templates {
		rows = append(rows, []string{t.Family, t.Version, itoa(t.Count)})
	}
	if len(rows) == 0 {
		d.para("No declaration was received.")
	} else {
		d.table([]column{{"Template", 2, false}, {"Revision", 2, false}, {"Declarations", 1.5, true}}, rows)
	}
	d.para("RMI smelter and refiner list editions the statuses were taken from:")
	rows = nil
	for _, l := range s.Lists {
		rows = append(rows, []string{l.List, l.Date, itoa(l.Rows)})
	}
	if len(rows) == 0 {
		d.para("No declared smelter matched a facility of an RMI list in force on the as-of date.")
	} else {
		d.table([]column{{"List", 4, false}, {"Date", 1.5, false}, {"Declared rows", 1.5, true}}, rows)
	}
	if len(r.in.Data) > 0 {
		d.para("Reference data:")
		for _, ds := range r.in.Data {
			t := ds.Label()
			if ds.Date != "" {
				t += ", " + ds.Date
			}
			d.bullet(t)
		}
		d.space(2)
	}
	if r.in.Rules != "" {
		d.para("Risk rules: " + r.in.Rules + " (cmrt rules print lists them).")
	}
	d.heading(1, "Follow-up")
	r.text(co.FollowUpRounds, "follow_up_rounds")
}

func (r *disclosureWriter) rcoiResults() {
	d, s := r.d, r.in.Summary
	d.heading(0, "5. RCOI results")
	if s.InScope > 0 {
		d.para(fmt.Sprintf("Suppliers surveyed: %d. Responded: %d (%s).", s.InScope, s.InScopeResponded, pct(s.Totals.ResponseRate)))
	} else {
		d.para(fmt.Sprintf("Suppliers who responded: %d (no register: the share asked cannot be computed).", s.Responded))
	}
	if len(s.Rates) > 0 {
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
	d.heading(1, "Declarations received")
	rows := [][]string{}
	for _, f := range s.Families {
		rows = append(rows, []string{f.Family, itoa(f.Declarations), itoa(f.CompanyLevel), itoa(f.ProductLevel), itoa(f.Incomplete), itoa(f.MissingCells)})
	}
	d.table([]column{{"Template", 1.2, false}, {"Declarations", 1.3, true}, {"Company level", 1.3, true}, {"Product level", 1.3, true},
		{"Incomplete", 1.2, true}, {"Missing fields", 1.3, true}}, rows)
	d.para(fmt.Sprintf("Declaring at company level: %d of %d declarations (%s); at product level: %d.",
		s.Totals.CompanyLevel, s.Totals.Declarations, pct(s.Totals.CompanyShare), s.Totals.ProductLevel))
	d.para("Each declaration was validated on import: the template's own Checker rules (required fields, per revision), dates, the declared smelters matched against RMI's lists by CID and name, and the answers compared with the smelters declared. A declaration is incomplete when the Checker counts missing required fields.")
	d.heading(1, "Smelters and refiners identified")
	rows = nil
	for _, m := range s.ByMetal {
		rows = append(rows, []string{m.Metal, itoa(m.Total), itoa(m.Counts[risk.StatusConformant])})
	}
	if len(rows) == 0 {
		d.para("No smelter or refiner was identified.")
		return
	}
	d.table([]column{{"Metal", 2, false}, {"Smelters and refiners", 1.5, true}, {"Conformant", 1.5, true}}, rows)
}

func (r *disclosureWriter) riskAssessment() {
	d, s := r.d, r.in.Summary
	d.heading(0, "6. Risk assessment (OECD step 2)")
	d.para(fmt.Sprintf("The risk rules found %d findings: %d high, %d medium, %d low, %d for information.", s.Totals.Findings,
		s.BySeverity[risk.High], s.BySeverity[risk.Medium], s.BySeverity[risk.Low], s.BySeverity[risk.Info]))
	rows := [][]string{}
	for _, c := range s.Findings {
		rows = append(rows, []string{c.Code, c.Title, string(c.Severity), itoa(c.OECDStep), itoa(c.Count)})
	}
	if len(rows) > 0 {
		d.table([]column{{"Code", 2.6, false}, {"Finding", 3.4, false}, {"Severity", 1, false}, {"Step", 0.6, true}, {"Count", 0.8, true}}, rows)
	}
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

func prevShare(in *Disclosure) string {
	if len(in.PreviousRanks) == 0 {
		return "no ranks (no data for that period)"
	}
	return pct(in.YearOnYear.LowSharePrevious)
}

func (r *disclosureWriter) riskResponse() {
	d, s := r.d, r.in.Summary
	d.heading(0, "7. Risk response (OECD step 3)")
	d.para(fmt.Sprintf("Suppliers with an action requested: %d. Suppliers with findings resolved: %d. Suppliers with a risk accepted: %d. Suppliers with findings still open: %d.",
		s.SuppliersByStatus[risk.StatusActionRequested], s.SuppliersByStatus[risk.StatusResolved],
		s.SuppliersByStatus[risk.StatusAcceptedRisk], s.SuppliersByStatus[risk.StatusOpen]))
	d.para("Every supplier who responded received a feedback sheet with its findings, the cells to correct and the smelters to act on.")
	rows := [][]string{}
	for _, sm := range s.Smelters {
		if sm.Status != risk.StatusRemoved && sm.Status != risk.StatusNonConformant {
			continue
		}
		rows = append(rows, []string{sm.Metal, sm.Name, sm.CID, statusLabel(sm), itoa(sm.Suppliers),
			"Suppliers declaring it were asked to confirm or remove it from their supply chain."})
	}
	if len(rows) == 0 {
		d.para("No declared smelter or refiner was non-conformant or removed as of the as-of date.")
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

func (r *disclosureWriter) audits() {
	d, s := r.d, r.in.Summary
	d.heading(0, "8. Audits (OECD step 4)")
	d.para("The company does not audit smelters or refiners itself. It relies on the independent third-party assessments of RMI's Responsible Minerals Assurance Process (RMAP) and, for gold, on those RMI recognises (LBMA Responsible Gold Guidance, RJC Chain-of-Custody) where RMI's lists say so.")
	d.para(fmt.Sprintf("Of the %d smelters and refiners identified, %d were conformant and %d active in the RMAP assessment as of %s.",
		s.Totals.Smelters, s.Totals.ByStatus[risk.StatusConformant], s.Totals.ByStatus[risk.StatusActive], r.in.AsOf.Format("2006-01-02")))
}

var statusLegend = func() []segment {
	var out []segment
	for _, st := range risk.AllStatuses {
		out = append(out, segment{label: string(st), color: statusCols[string(st)]})
	}
	return out
}()

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
	d.barChart("Smelters and refiners by status, per metal", bars, float64(max), statusLegend)
}

func metalsOf(s *risk.Summary, family func(string) bool) []risk.MetalStatus {
	var out []risk.MetalStatus
	for _, m := range s.ByMetal {
		if family(m.Family) {
			out = append(out, m)
		}
	}
	return out
}

func is3TG(f string) bool { return f == risk.Family3TG }

func (r *disclosureWriter) determination() {
	d, s := r.d, r.in.Summary
	d.heading(0, "9. Determination")
	metals := metalsOf(s, is3TG)
	if len(metals) == 0 {
		d.para("No 3TG smelter or refiner was identified.")
	} else {
		d.para(fmt.Sprintf("Smelters and refiners per metal by status as of %s:", r.in.AsOf.Format("2006-01-02")))
		r.statusTable(metals)
	}
	tot := s.Totals
	d.para(fmt.Sprintf("Located in a covered country (the DRC or an adjoining country): %d, of which %d conformant. Located in a country on the EU CAHRA list: %d, of which %d conformant.",
		tot.Covered, tot.CoveredConformant, tot.CAHRA, tot.CAHRAConformant))
	d.para(fmt.Sprintf("Recycled or scrap sources declared: %d declared rows.", s.RecycledRows))
}

func (r *disclosureWriter) mitigation() {
	d, s, co := r.d, r.in.Summary, r.company()
	d.heading(0, "10. Steps to mitigate risk next period")
	if len(co.Mitigation) == 0 {
		d.placeholder(placeholder("mitigation"))
	}
	for _, m := range co.Mitigation {
		d.bullet(m)
	}
	d.space(2)
	tot := s.Totals
	d.para("The numbers behind these steps:")
	d.bullet(fmt.Sprintf("%d suppliers in scope did not respond.", tot.NotResponded))
	d.bullet(fmt.Sprintf("%d declarations were incomplete.", tot.Incomplete))
	d.bullet(fmt.Sprintf("%d smelters or refiners were non-conformant and %d removed by RMI.", tot.ByStatus[risk.StatusNonConformant], tot.ByStatus[risk.StatusRemoved]))
	d.bullet(fmt.Sprintf("%d suppliers ranked high risk.", r.in.RankCounts[risk.RankHigh]))
	d.space(2)
}

func (r *disclosureWriter) otherMinerals() {
	d, s := r.d, r.in.Summary
	d.heading(0, "11. Other minerals (EMRT, AMRT)")
	other := metalsOf(s, func(f string) bool { return !is3TG(f) })
	if len(other) == 0 {
		d.para("No smelter or refiner of cobalt, mica or the other minerals of the EMRT, CRT or AMRT was declared for the period.")
		return
	}
	fams := map[string][]risk.MetalStatus{}
	var names []string
	for _, m := range other {
		if _, ok := fams[m.Family]; !ok {
			names = append(names, m.Family)
		}
		fams[m.Family] = append(fams[m.Family], m)
	}
	sort.Strings(names)
	for _, f := range names {
		d.heading(1, "Minerals of the "+f)
		for _, rr := range s.Rates {
			if rr.Family == f {
				d.para(fmt.Sprintf("Suppliers asked: %d. Answered: %d (%s).", rr.Asked, rr.Answered, pct(rr.Rate)))
			}
		}
		for _, fc := range s.Families {
			if risk.DeclarationFamily(fc.Family) == f {
				d.para(fmt.Sprintf("%s declarations: %d (company level %d, product level %d; incomplete %d).",
					fc.Family, fc.Declarations, fc.CompanyLevel, fc.ProductLevel, fc.Incomplete))
			}
		}
		r.statusTable(fams[f])
	}
}

// gemstones is section 12: diamonds and coloured gemstones, from the
// project's gemstone declarations (RMI has no template for them).
func (r *disclosureWriter) gemstones() {
	d, s := r.d, r.in.Summary
	d.heading(0, "12. Diamonds and coloured gemstones")
	var decls int
	for _, fc := range s.Families {
		if fc.Family == string(cmrt.GEM) {
			decls = fc.Declarations
			d.para(fmt.Sprintf("Gemstone declarations: %d (incomplete %d). Suppliers were asked, per material, whether it is in "+
				"their products, its countries of mining origin, Kimberley Process certificates (rough diamonds), the World Diamond "+
				"Council System of Warranties (diamonds) and Responsible Jewellery Council certification.", fc.Declarations, fc.Incomplete))
		}
	}
	if decls == 0 || len(s.Gems) == 0 {
		d.para("No supplier declared diamonds or coloured gemstones in its products for the period.")
		return
	}
	rows := make([][]string, 0, len(s.Gems))
	for _, g := range s.Gems {
		var names []string
		for _, o := range g.Origins {
			n := fmt.Sprintf("%s (%d)", o.Country, o.Suppliers)
			if o.Restricted {
				n += " restricted"
			}
			names = append(names, n)
		}
		kp := "n/a"
		if g.Material == cmrt.RoughDiamonds {
			kp = itoa(g.Kimberley)
		}
		rows = append(rows, []string{g.Material, itoa(g.Suppliers), strings.Join(names, ", "), itoa(g.OriginUnknown), itoa(g.Recycled),
			kp, itoa(g.Warranties), itoa(g.RJC), itoa(g.Restricted)})
	}
	d.table([]column{{"Material", 1.4, false}, {"Suppliers", 1, true}, {"Countries of origin (suppliers)", 2.4, false},
		{"Origin unknown", 1, true}, {"Recycled", 1, true}, {"KP certified", 1, true}, {"Warranties", 1.1, true},
		{"RJC certified", 1, true}, {"Restricted origin", 1.1, true}}, rows)
	var gem []string
	for _, f := range s.Findings {
		if strings.HasPrefix(f.Code, "GEM_") {
			gem = append(gem, fmt.Sprintf("%s %d", f.Code, f.Count))
		}
	}
	if len(gem) > 0 {
		d.para("Findings on these declarations: " + strings.Join(gem, ", ") + ".")
	}
	d.para("\"Restricted\" marks an origin under a sanction or Kimberley Process measure in force on the report's date " +
		"(the gemstone origin restrictions table, edition named in section 4).")
}

func (r *disclosureWriter) annexes() {
	d, s := r.d, r.in.Summary
	d.heading(0, "Annex A: smelters and refiners")
	d.para(fmt.Sprintf("Every smelter and refiner declared, with its status as of %s and the number of suppliers declaring it.", r.in.AsOf.Format("2006-01-02")))
	rows := make([][]string, 0, len(s.Smelters))
	for _, sm := range s.Smelters {
		rows = append(rows, []string{sm.Metal, sm.Name, sm.Country, sm.CID, statusLabel(sm), itoa(sm.Suppliers)})
	}
	d.table([]column{{"Metal", 1, false}, {"Standard name", 3, false}, {"Country", 1.6, false}, {"CID", 1.2, false}, {"Status", 1.7, false}, {"Suppliers", 0.9, true}}, rows)
	d.heading(0, "Annex B: countries of location")
	d.para("Countries where the declared smelters and refiners are located, by metal. Covered: the DRC or an adjoining country (Dodd-Frank §1502). CAHRA: on the EU's indicative list.")
	rows = rows[:0]
	for _, c := range s.Countries {
		rows = append(rows, []string{c.Metal, c.Country, itoa(c.Facilities), yes(c.Covered), yes(c.CAHRA)})
	}
	d.table([]column{{"Metal", 1.2, false}, {"Country", 2.5, false}, {"Facilities", 1, true}, {"Covered", 1, false}, {"CAHRA", 1, false}}, rows)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func familyShort(f string) string {
	if i := strings.Index(f, " ("); i > 0 {
		return f[:i]
	}
	return f
}
