package reports

import (
	"fmt"
	"strings"
	"time"

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
	second, err := renderDisclosure(in, o, fitContents(first.toc, first.contentsLines()))
	if err != nil {
		return nil, err
	}
	return second.bytes()
}

// contentsLines is how many entries the contents page holds: its heading
// takes about two lines, an entry at most 5.6 mm.
func (d *doc) contentsLines() int {
	return int((d.bottom-d.top)/5.6) - 2
}

// fitContents keeps the contents on their one page: while they are too
// long, the last section that still has sub-entries loses them all (a
// dozen minerals in section 11 would run past the page). The PDF's outline
// keeps every heading.
func fitContents(toc []tocEntry, lines int) []tocEntry {
	out := append([]tocEntry(nil), toc...)
	for len(out) > lines {
		last := len(out) - 1
		for last >= 0 && out[last].level == 0 {
			last--
		}
		if last < 0 {
			break
		}
		start := last
		for start >= 0 && out[start].level > 0 {
			start--
		}
		out = append(out[:start+1], out[last+1:]...)
	}
	return out
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
