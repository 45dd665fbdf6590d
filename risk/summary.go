package risk

import (
	"sort"
	"strings"
	"sync"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/smelters"
)

// Summary is the numbers a disclosure report prints about a season: the
// response, the declarations, the smelters identified and their statuses,
// and the findings. Everything is counted here so that the report only
// renders (package reports computes nothing of its own).
type Summary struct {
	Period int
	// Scope is what the numbers are about; nil: the whole season.
	Scope *Scope
	// InScope is the register's suppliers for the period; Suppliers every
	// supplier of the season (register or declaration); Responded those
	// with at least one current declaration.
	InScope, Suppliers, Responded int
	// InScopeResponded is the register's suppliers that answered.
	InScopeResponded int
	Rates            []ResponseRate
	Families         []FamilyCounts   // per declaration family
	Templates        []TemplateCount  // family and revision accepted
	Lists            []ListUsed       // RMI list editions the statuses come from
	Smelters         []SmelterSummary // every facility declared, by metal then name
	ByMetal          []MetalStatus    // status counts per metal
	Countries        []CountryCount   // countries of location per metal
	Findings         []CodeCount      // findings by code
	BySeverity       map[Severity]int
	// SuppliersByStatus counts the suppliers with at least one finding in
	// each lifecycle status (action-requested, resolved, accepted-risk...).
	SuppliersByStatus map[Status]int
	RecycledRows      int // declared rows marked recycled or scrap ("Yes")
	// Gems are the diamonds and coloured gemstones of the season's
	// gemstone declarations, per material (SummarizeGems).
	Gems   []GemMaterialSummary
	Totals Totals
	// The whole season's summary also gives the same numbers cut by scope:
	// the 3TG (the disclosure's sections 5–9), each other mineral of the
	// EMRT, CRT and AMRT (cobalt, mica, aluminum…, in metalOrder), and the
	// diamonds and coloured gemstones. Nil on a scope's own summary.
	ThreeTG   *Summary
	Minerals  []*Summary
	Gemstones *Summary
}

// Totals are the season's headline numbers, summed over families, metals
// and findings.
type Totals struct {
	// ResponseRate is InScopeResponded/InScope (0 without a register).
	ResponseRate float64
	NotResponded int // in scope, no declaration
	Declarations int
	Incomplete   int
	MissingCells int // the Checker's missing required fields, summed
	CompanyLevel int
	ProductLevel int
	// CompanyShare is CompanyLevel/Declarations (0 without declarations).
	CompanyShare float64
	Smelters     int                    // facilities identified
	ByStatus     map[FacilityStatus]int // facilities per status, all metals
	Findings     int                    // not gone
	// Facilities located in covered countries and in EU CAHRA countries,
	// and how many of each are conformant.
	Covered, CoveredConformant, CAHRA, CAHRAConformant int
}

// FamilyCounts is what the suppliers sent in one template family.
type FamilyCounts struct {
	Family       string // CMRT, EMRT, CRT, AMRT
	Declarations int
	CompanyLevel int // scope A
	ProductLevel int // scope B (or C)
	Incomplete   int // declarations with Checker errors
	MissingCells int // the Checker's count, summed
}

// TemplateCount is how many accepted declarations used one revision.
type TemplateCount struct {
	Family, Version string
	Count           int
}

// ListUsed is an RMI list edition that statuses were taken from.
type ListUsed struct {
	List string
	Date string // YYYY-MM-DD
	Rows int    // declared rows whose status it gave
}

// SmelterSummary is one smelter or refiner declared in the season.
type SmelterSummary struct {
	Metal      string
	Name       string // RMI's standard name when matched, else as declared
	Country    string
	CID        string
	Status     FacilityStatus
	StatusText string
	RemovedOn  string // YYYY-MM-DD, when removed
	Suppliers  int    // suppliers declaring it
	Covered    bool   // in a covered country (Dodd-Frank §1502)
	CAHRA      bool   // in a country on the EU CAHRA list
	Recycled   bool   // some supplier declared it a recycled or scrap source
}

// MetalStatus counts a metal's facilities by status.
type MetalStatus struct {
	Metal  string
	Family string // MetalFamily
	Counts map[FacilityStatus]int
	Total  int
	// InCoveredOrCAHRA counts the facilities located in a covered country
	// or a CAHRA country; ConformantThere those of them conformant.
	InCoveredOrCAHRA, ConformantThere int
}

// CountryCount is one country of location for one metal.
type CountryCount struct {
	Country, Metal string
	Facilities     int
	Covered, CAHRA bool
}

// CodeCount is how many findings carry a code.
type CodeCount struct {
	Code     string
	Title    string
	Severity Severity
	OECDStep int
	Count    int
}

// AllStatuses is the order reports list facility statuses in.
var AllStatuses = []FacilityStatus{StatusConformant, StatusActive, StatusNonConformant, StatusRemoved, StatusNotParticipating, StatusUnknown}

// Summarize counts a season and its findings for a report: the whole
// season, and the same numbers cut by scope (the 3TG, each other mineral,
// the gemstones), each by the same code.
func Summarize(s *Season, ref ReferenceData, fs []Finding) *Summary {
	keys := newMineralKeys()
	sum := summarize(s, ref, fs, nil, keys)
	sum.ThreeTG = summarize(s, ref, fs, threeTGScope(), keys)
	for _, sc := range otherMineralScopes(s, keys) {
		sum.Minerals = append(sum.Minerals, summarize(s, ref, fs, sc, keys))
	}
	sum.Gemstones = summarize(s, ref, fs, gemstoneScope(), keys)
	// Every gemstone declaration is in the gemstones scope: one count serves both.
	sum.Gems = SummarizeGems(s, ref)
	sum.Gemstones.Gems = sum.Gems
	return sum
}

// summarize counts what of a season and its findings falls in a scope
// (nil: everything).
func summarize(s *Season, ref ReferenceData, fs []Finding, sc *Scope, keys *mineralKeys) *Summary {
	sum := &Summary{Period: s.Period, Scope: sc, BySeverity: map[Severity]int{}, SuppliersByStatus: map[Status]int{}}
	if sc == nil {
		sum.Rates = ResponseRates(s)
	}
	inScope := map[int64]bool{} // IDs of the declarations answering for the scope, for their findings
	asked := map[string]bool{}  // suppliers asked for the scope (supplier key)
	fams := map[string]*FamilyCounts{}
	tmpl := map[[2]string]int{}
	lists := map[[2]string]int{}
	type facKey struct{ metal, id string }
	facs := map[facKey]*SmelterSummary{}
	declaredBy := map[facKey]map[string]bool{}
	for i := range s.Suppliers {
		sup := &s.Suppliers[i]
		who := SupplierKey(sup.ID, sup.Name)
		isAsked := sc.asksSupplier(sup, keys)
		declared, answers := 0, make([]bool, len(sup.Declarations)) // answers[j]: declaration j answers for the scope
		for j := range sup.Declarations {
			if d := &sup.Declarations[j]; sc.declares(d, keys) {
				inScope[d.ID], answers[j] = true, true
				declared++
			}
		}
		if sup.Register != nil {
			asked[who] = isAsked
		}
		if !isAsked && declared == 0 {
			continue // nothing of the supplier is about the scope
		}
		sum.Suppliers++
		if isAsked {
			sum.InScope++
		}
		if declared > 0 {
			sum.Responded++
			if isAsked {
				sum.InScopeResponded++
			}
		}
		for j := range sup.Declarations {
			d := &sup.Declarations[j]
			if !answers[j] {
				continue
			}
			fc := fams[d.Family]
			if fc == nil {
				fc = &FamilyCounts{Family: d.Family}
				fams[d.Family] = fc
			}
			fc.Declarations++
			if strings.HasPrefix(d.Scope, "A") {
				fc.CompanyLevel++
			} else if d.Scope != "" {
				fc.ProductLevel++
			}
			if d.RequiredMissing > 0 {
				fc.Incomplete++
				fc.MissingCells += d.RequiredMissing
			}
			tmpl[[2]string{d.Family, d.Version}]++
			for k := range d.Smelters {
				r := &d.Smelters[k]
				if !sc.hasMetal(r.Metal, keys) {
					continue
				}
				if strings.EqualFold(strings.TrimSpace(r.Recycled), "yes") {
					sum.RecycledRows++
				}
				if notIdentified(r) {
					continue // nothing to count: no name, no CID
				}
				metal, key := keys.name(r.Metal), facKey{metal: keys.key(r.Metal)}
				f := r.Facility
				if f != nil {
					key.id = f.CID
					if f.List != "" {
						lists[[2]string{f.List, dateText(f)}]++
					}
				} else if key.id = rowCID(r); key.id == "" {
					key.id = "name:" + smelters.NameKey(r.Name)
				}
				cur := facs[key]
				if cur == nil { // the first row of the facility describes it
					cur = &SmelterSummary{Metal: metal, Status: StatusUnknown}
					if f != nil {
						cur.Name, cur.Country, cur.CID, cur.Status, cur.StatusText = f.Name, f.Country, f.CID, f.Status, f.StatusText
						if !f.RemovedOn.IsZero() {
							cur.RemovedOn = f.RemovedOn.Format("2006-01-02")
						}
					} else {
						cur.Name, cur.Country, cur.CID = r.Name, r.Country, rowCID(r)
					}
					cur.Covered = ref.Covered.Contains(cur.Country)
					_, cur.CAHRA = ref.CAHRA.Lookup(cur.Country)
					facs[key] = cur
					declaredBy[key] = map[string]bool{}
				}
				if strings.EqualFold(strings.TrimSpace(r.Recycled), "yes") {
					cur.Recycled = true
				}
				declaredBy[key][who] = true
			}
		}
	}
	for _, fc := range fams {
		sum.Families = append(sum.Families, *fc)
	}
	sort.Slice(sum.Families, func(i, j int) bool { return familyOrder(sum.Families[i].Family) < familyOrder(sum.Families[j].Family) })
	for k, n := range tmpl {
		sum.Templates = append(sum.Templates, TemplateCount{Family: k[0], Version: k[1], Count: n})
	}
	sort.Slice(sum.Templates, func(i, j int) bool {
		a, b := sum.Templates[i], sum.Templates[j]
		if a.Family != b.Family {
			return familyOrder(a.Family) < familyOrder(b.Family)
		}
		return a.Version < b.Version
	})
	for k, n := range lists {
		sum.Lists = append(sum.Lists, ListUsed{List: k[0], Date: k[1], Rows: n})
	}
	sort.Slice(sum.Lists, func(i, j int) bool {
		if sum.Lists[i].Date != sum.Lists[j].Date {
			return sum.Lists[i].Date < sum.Lists[j].Date
		}
		return sum.Lists[i].List < sum.Lists[j].List
	})

	byMetal := map[string]*MetalStatus{}
	countries := map[[2]string]*CountryCount{}
	for k, ss := range facs {
		ss.Suppliers = len(declaredBy[k])
		sum.Smelters = append(sum.Smelters, *ss)
		ms := byMetal[ss.Metal]
		if ms == nil {
			ms = &MetalStatus{Metal: ss.Metal, Family: MetalFamily(ss.Metal), Counts: map[FacilityStatus]int{}}
			byMetal[ss.Metal] = ms
		}
		ms.Counts[ss.Status]++
		ms.Total++
		if ss.Covered || ss.CAHRA {
			ms.InCoveredOrCAHRA++
			if ss.Status == StatusConformant {
				ms.ConformantThere++
			}
		}
		country := strings.TrimSpace(ss.Country)
		if country == "" {
			country = "(not stated)"
		}
		ck := [2]string{country, ss.Metal}
		cc := countries[ck]
		if cc == nil {
			cc = &CountryCount{Country: country, Metal: ss.Metal, Covered: ss.Covered, CAHRA: ss.CAHRA}
			countries[ck] = cc
		}
		cc.Facilities++
	}
	sort.Slice(sum.Smelters, func(i, j int) bool {
		a, b := &sum.Smelters[i], &sum.Smelters[j]
		if a.Metal != b.Metal {
			return metalOrder(a.Metal) < metalOrder(b.Metal)
		}
		if la, lb := strings.ToLower(a.Name), strings.ToLower(b.Name); la != lb {
			return la < lb
		}
		return a.CID < b.CID
	})
	for _, ms := range byMetal {
		sum.ByMetal = append(sum.ByMetal, *ms)
	}
	sort.Slice(sum.ByMetal, func(i, j int) bool { return metalOrder(sum.ByMetal[i].Metal) < metalOrder(sum.ByMetal[j].Metal) })
	for _, cc := range countries {
		sum.Countries = append(sum.Countries, *cc)
	}
	sort.Slice(sum.Countries, func(i, j int) bool {
		a, b := sum.Countries[i], sum.Countries[j]
		if a.Metal != b.Metal {
			return metalOrder(a.Metal) < metalOrder(b.Metal)
		}
		return a.Country < b.Country
	})

	codes := map[string]*CodeCount{}
	supStatus := map[Status]map[string]bool{}
	for i := range fs {
		f := &fs[i]
		if f.Status == StatusGone || !sc.hasFinding(f, inScope, asked, keys) {
			continue
		}
		cc := codes[f.Code]
		if cc == nil {
			cc = &CodeCount{Code: f.Code, Title: f.Title, Severity: f.Severity, OECDStep: f.OECDStep}
			if r, ok := RuleByCode(f.Code); ok && cc.Title == "" {
				cc.Title, cc.OECDStep = r.Title, r.OECDStep
			}
			codes[f.Code] = cc
		}
		cc.Count++
		if f.Severity.AtLeast(cc.Severity) {
			cc.Severity = f.Severity
		}
		sum.BySeverity[f.Severity]++
		if supStatus[f.Status] == nil {
			supStatus[f.Status] = map[string]bool{}
		}
		supStatus[f.Status][SupplierKey(f.SupplierID, f.Supplier)] = true
	}
	for st, m := range supStatus {
		sum.SuppliersByStatus[st] = len(m)
	}
	for _, cc := range codes {
		sum.Findings = append(sum.Findings, *cc)
	}
	sort.Slice(sum.Findings, func(i, j int) bool {
		a, b := sum.Findings[i], sum.Findings[j]
		if a.Severity != b.Severity {
			return a.Severity.Level() > b.Severity.Level()
		}
		return a.Code < b.Code
	})
	if sc != nil && sum.InScope > 0 {
		sum.Rates = []ResponseRate{{Family: sc.Name, Asked: sum.InScope, Answered: sum.InScopeResponded,
			Rate: float64(sum.InScopeResponded) / float64(sum.InScope)}}
	}
	sum.Totals = totals(sum)
	return sum
}

func totals(s *Summary) Totals {
	t := Totals{ByStatus: map[FacilityStatus]int{}, NotResponded: s.InScope - s.InScopeResponded}
	if s.InScope > 0 {
		t.ResponseRate = float64(s.InScopeResponded) / float64(s.InScope)
	}
	for _, f := range s.Families {
		t.Declarations += f.Declarations
		t.Incomplete += f.Incomplete
		t.MissingCells += f.MissingCells
		t.CompanyLevel += f.CompanyLevel
		t.ProductLevel += f.ProductLevel
	}
	if t.Declarations > 0 {
		t.CompanyShare = float64(t.CompanyLevel) / float64(t.Declarations)
	}
	for _, sm := range s.Smelters {
		t.Smelters++
		t.ByStatus[sm.Status]++
		conf := sm.Status == StatusConformant
		if sm.Covered {
			t.Covered++
			if conf {
				t.CoveredConformant++
			}
		}
		if sm.CAHRA {
			t.CAHRA++
			if conf {
				t.CAHRAConformant++
			}
		}
	}
	for _, c := range s.Findings {
		t.Findings += c.Count
	}
	return t
}

func dateText(f *Facility) string {
	if f.ListDate.IsZero() {
		return ""
	}
	return f.ListDate.Format("2006-01-02")
}

func familyOrder(f string) string {
	switch strings.ToUpper(f) {
	case "CMRT":
		return "0"
	case "EMRT":
		return "1"
	case "CRT":
		return "2"
	case "AMRT":
		return "3"
	}
	return "4" + f
}

// metalOrder lists the 3TG first, then the extended minerals, then the rest,
// alphabetically within each.
func metalOrder(m string) string {
	switch MetalFamily(m) {
	case Family3TG:
		return "0" + strings.ToLower(m)
	case FamilyExtended:
		return "1" + strings.ToLower(m)
	}
	return "2" + strings.ToLower(m)
}

// DeclarationFamily is the metal family (Family3TG, FamilyExtended,
// FamilyOther, FamilyGemstones) a template family (CMRT, EMRT, CRT, AMRT,
// GEM) answers for.
func DeclarationFamily(templateFamily string) string { return declarationFamily(templateFamily) }

// CarryDecisions returns fresh findings (computed in memory, not stored)
// with the lifecycle status and history of the stored finding of the same
// key, so a report made without writing the database still shows the
// decisions recorded with `cmrt findings set`.
func CarryDecisions(fresh, stored []Finding) []Finding {
	byKey := make(map[string]*Finding, len(stored))
	for i := range stored {
		if stored[i].Status != StatusGone {
			byKey[stored[i].Key] = &stored[i]
		}
	}
	out := make([]Finding, len(fresh))
	for i, f := range fresh {
		if st, ok := byKey[f.Key]; ok {
			f.ID, f.Status, f.History = st.ID, st.Status, st.History
		}
		out[i] = f
	}
	return out
}

// Driver is what one finding code adds to a supplier's rank.
type Driver struct {
	Code   string
	Title  string
	Count  int     // findings of the code that count
	Weight float64 // their weights, summed
	// Critical is true when a finding of the code alone ranks the supplier high.
	Critical bool
}

// Drivers groups the findings that count towards a supplier's rank by
// code, heaviest first (critical ones first of all): what to fix to lower
// the rank.
func (c *Config) Drivers(fs []Finding) []Driver {
	var out []Driver
	idx := map[string]int{}
	for i := range fs {
		f := &fs[i]
		if !counts(f) {
			continue
		}
		j, ok := idx[f.Code]
		if !ok {
			j = len(out)
			idx[f.Code] = j
			out = append(out, Driver{Code: f.Code, Title: f.Title})
		}
		out[j].Count++
		out[j].Weight += c.Weight(f)
		out[j].Critical = out[j].Critical || c.isCritical(f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Critical != b.Critical {
			return a.Critical
		}
		if a.Weight != b.Weight {
			return a.Weight > b.Weight
		}
		return a.Code < b.Code
	})
	return out
}

// SmelterConcerns returns a supplier's declared rows whose facility, as of
// the season's date, is not conformant or was removed: what the feedback
// sheet asks the supplier to act on.
func SmelterConcerns(sup *Supplier) []SmelterRow {
	var out []SmelterRow
	for _, d := range sup.Declarations {
		for _, r := range d.Smelters {
			if hasStatus(&r, StatusRemoved) || hasStatus(&r, StatusNonConformant) {
				out = append(out, r)
			}
		}
	}
	return out
}

// RankCounts counts suppliers per rank, for the year-on-year chart.
func RankCounts(rs []SupplierRank) map[Rank]int {
	out := map[Rank]int{}
	for _, r := range rs {
		out[r.Rank]++
	}
	return out
}

// ScopeKind says what a Scope covers.
type ScopeKind string

// The scopes a disclosure counts separately.
const (
	Scope3TG       ScopeKind = "3TG"
	ScopeMineral   ScopeKind = "mineral"   // one mineral of the EMRT, CRT or AMRT
	ScopeGemstones ScopeKind = "gemstones" // the project's gemstone template
)

// Scope is the part of a season one set of numbers is about. A
// declaration answers for a scope when it covers one of its minerals (its
// minerals or its smelter rows; a CMRT always answers for the 3TG); a
// register supplier is asked for it when its materials name one (no
// materials: the 3TG, the CMRT being the default request); a finding falls
// in it when its metal is one of the scope's, or, without a metal, when
// its declaration answers for the scope or, supplier-level, the supplier
// was asked for it.
type Scope struct {
	Kind   ScopeKind
	Name   string // "3TG", "Cobalt", "Diamonds and coloured gemstones"
	Family string // MetalFamily: Family3TG, FamilyExtended, FamilyOther; "" for gemstones
	metals map[string]bool
}

func threeTGScope() *Scope {
	return &Scope{Kind: Scope3TG, Name: "3TG", Family: Family3TG,
		metals: map[string]bool{"gold": true, "tin": true, "tantalum": true, "tungsten": true}}
}

func gemstoneScope() *Scope {
	return &Scope{Kind: ScopeGemstones, Name: "Diamonds and coloured gemstones"}
}

// otherMineralScopes are the minerals other than the 3TG that the season's
// declarations cover or declare smelters for, or that the register asks
// for (when an EMRT, CRT or AMRT offers it: a register's "3TG" or
// "Plastics" is no mineral section), one scope each, in metalOrder.
func otherMineralScopes(s *Season, keys *mineralKeys) []*Scope {
	names := map[string]string{}
	seen := map[string]bool{} // spellings already weighed: a season repeats a few thousands of times
	offered := templateMinerals()
	add := func(m string, fromRegister bool) {
		if seen[m] {
			return
		}
		seen[m] = true
		k := keys.key(m)
		if fromRegister && !offered[k] {
			return
		}
		if k == "" || k == strings.ToLower(smelters.MetalMultiple) || strings.HasPrefix(k, "other") || isGemMaterial(m) || MetalFamily(k) == Family3TG {
			return
		}
		if n, ok := names[k]; !ok || keys.name(m) < n {
			names[k] = keys.name(m) // the same name whichever supplier comes first
		}
	}
	for i := range s.Suppliers {
		sup := &s.Suppliers[i]
		if sup.Register != nil {
			for _, m := range sup.Register.Materials {
				add(m, true)
			}
		}
		for j := range sup.Declarations {
			d := &sup.Declarations[j]
			if IsSAQ(d) || isGem(d) {
				continue
			}
			if !strings.EqualFold(d.Family, "CMRT") {
				for _, m := range d.Minerals {
					add(m, false)
				}
			}
			for k := range d.Smelters {
				add(d.Smelters[k].Metal, false)
			}
		}
	}
	out := make([]*Scope, 0, len(names))
	for k, n := range names {
		out = append(out, &Scope{Kind: ScopeMineral, Name: n, Family: MetalFamily(n), metals: map[string]bool{k: true}})
	}
	sort.Slice(out, func(i, j int) bool { return metalOrder(out[i].Name) < metalOrder(out[j].Name) })
	return out
}

// templateMinerals are the keys of the minerals the EMRT, CRT and AMRT
// layouts list or offer.
var templateMinerals = sync.OnceValue(func() map[string]bool {
	keys, out := newMineralKeys(), map[string]bool{}
	for _, l := range cmrt.Layouts() {
		if l.Family == cmrt.CMRT || l.Family == cmrt.GEM || l.Family == cmrt.SAQ {
			continue
		}
		for _, m := range append(append([]string(nil), l.Minerals...), l.MineralOptions...) {
			if !strings.HasPrefix(m, "Other") {
				out[keys.key(m)] = true
			}
		}
	}
	return out
})

// isGemMaterial: diamonds and coloured gemstones, which the gemstone
// template answers for, not the minerals templates.
func isGemMaterial(m string) bool {
	l := strings.ToLower(m)
	for _, w := range []string{"diamond", "gem", "ruby", "rubies", "sapphire", "emerald"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// declares: the declaration answers for the scope (nil: every one).
func (sc *Scope) declares(d *Declaration, keys *mineralKeys) bool {
	switch {
	case sc == nil:
		return true
	case IsSAQ(d):
		return false
	case isGem(d) || sc.Kind == ScopeGemstones:
		return isGem(d) && sc.Kind == ScopeGemstones
	case sc.Kind == Scope3TG && strings.EqualFold(d.Family, "CMRT"):
		return true
	}
	for _, m := range d.Minerals {
		if sc.metals[keys.key(m)] {
			return true
		}
	}
	for k := range d.Smelters {
		if sc.metals[keys.key(d.Smelters[k].Metal)] {
			return true
		}
	}
	return false
}

// asksSupplier: the register asked the supplier for the scope (nil scope:
// the supplier is in the register). Suppliers outside the register were
// asked for nothing.
func (sc *Scope) asksSupplier(sup *Supplier, keys *mineralKeys) bool {
	if sup.Register == nil || sc == nil {
		return sup.Register != nil
	}
	if len(sup.Register.Materials) == 0 {
		return sc.Kind == Scope3TG
	}
	for _, m := range sup.Register.Materials {
		if gem := isGemMaterial(m); gem && sc.Kind == ScopeGemstones || !gem && sc.metals[keys.key(m)] {
			return true
		}
	}
	return false
}

// hasMetal: a smelter row of the metal counts in the scope.
func (sc *Scope) hasMetal(metal string, keys *mineralKeys) bool {
	return sc == nil || sc.metals[keys.key(metal)]
}

// hasFinding: the finding falls in the scope, given the declarations
// answering for it and the suppliers asked for it.
func (sc *Scope) hasFinding(f *Finding, declared map[int64]bool, asked map[string]bool, keys *mineralKeys) bool {
	switch {
	case sc == nil:
		return true
	case f.DeclarationID != 0:
		return declared[f.DeclarationID] && (f.Metal == "" || sc.Kind == ScopeGemstones || sc.metals[keys.key(f.Metal)])
	case f.Metal != "":
		return sc.Kind != ScopeGemstones && sc.metals[keys.key(f.Metal)]
	}
	k := SupplierKey(f.SupplierID, f.Supplier)
	if _, inRegister := asked[k]; inRegister || sc.Kind != Scope3TG {
		return asked[k]
	}
	return true // a supplier-level finding of a supplier asked for nothing in particular: the CMRT is the default request
}

// mineralKeys remembers the comparison key and display name of each metal
// spelling met: a season repeats a few spellings thousands of times.
type mineralKeys struct{ names, keys map[string]string }

func newMineralKeys() *mineralKeys {
	return &mineralKeys{names: map[string]string{}, keys: map[string]string{}}
}

// name is RMI's name for a metal, with the British "Aluminium" read as
// RMI's "Aluminum".
func (k *mineralKeys) name(m string) string {
	n, ok := k.names[m]
	if !ok {
		n = smelters.NormalizeMetal(m)
		if strings.EqualFold(n, "aluminium") {
			n = "Aluminum"
		}
		k.names[m] = n
	}
	return n
}

func (k *mineralKeys) key(m string) string {
	key, ok := k.keys[m]
	if !ok {
		key = strings.ToLower(k.name(m))
		k.keys[m] = key
	}
	return key
}
