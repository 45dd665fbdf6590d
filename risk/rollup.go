package risk

import (
	"sort"
	"strings"
	"time"

	"github.com/openminerals/cmrt/smelters"
)

// Concept names what a per-mineral question asks, so the rollup rules read
// the same in every family although CMRT, EMRT and CRT number their
// questions differently.
type Concept string

// The per-mineral questions the company answers from its suppliers'.
const (
	ConceptUsed       Concept = "used"              // intentionally added or used
	ConceptRemains    Concept = "remains"           // remains in the product
	ConceptCovered    Concept = "covered_countries" // sourced from the DRC or adjoining countries
	ConceptCAHRA      Concept = "cahra"             // sourced from conflict-affected and high-risk areas
	ConceptRecycled   Concept = "recycled"          // 100 percent recycled or scrap
	ConceptResponse   Concept = "response_rate"     // share of relevant suppliers who answered
	ConceptIdentified Concept = "all_identified"    // all smelters identified
	ConceptReported   Concept = "all_reported"      // all smelter information received is reported
)

// questionConcepts maps each family's question IDs to concepts (the
// numbering is stable within a family: CMRT 6.x, EMRT 1.x/2.x, CRT 2.x).
var questionConcepts = map[string]map[string]Concept{
	"CMRT": {"1": ConceptUsed, "2": ConceptRemains, "3": ConceptCovered, "4": ConceptCAHRA, "5": ConceptRecycled,
		"6": ConceptResponse, "7": ConceptIdentified, "8": ConceptReported},
	"EMRT": {"1": ConceptUsed, "2": ConceptRemains, "3": ConceptCAHRA, "4": ConceptRecycled, "5": ConceptResponse,
		"6": ConceptIdentified, "7": ConceptReported},
	"CRT": {"1": ConceptUsed, "2": ConceptCAHRA, "3": ConceptRecycled, "4": ConceptResponse, "5": ConceptIdentified,
		"6": ConceptReported},
}

// QuestionConcept returns the concept of a family's question ID.
func QuestionConcept(family, question string) (Concept, bool) {
	c, ok := questionConcepts[strings.ToUpper(family)][question]
	return c, ok
}

// RollupRule is one line of the rollup rule table (README, "The company's
// own CMRT").
type RollupRule struct {
	Concept Concept
	Rule    string
}

// RollupRules documents how each per-mineral answer of the company's own
// declaration follows from its suppliers' current declarations of the same
// family. "In scope" means the supplier answered used (and, where asked,
// remains) "Yes" for the mineral.
var RollupRules = []RollupRule{
	{ConceptUsed, `"Yes" if any supplier answered "Yes"; otherwise "No". A mineral left out by --metals is "No".`},
	{ConceptRemains, `"Yes" if any supplier that uses the mineral answered "Yes"; otherwise "No".`},
	{ConceptCovered, `"Yes" if any in-scope supplier answered "Yes"; otherwise "Unknown" if any answered "Unknown" or left it blank, or not every relevant supplier responded; otherwise "No".`},
	{ConceptCAHRA, `As covered countries.`},
	{ConceptRecycled, `"Yes" only if every relevant supplier responded and every in-scope supplier answered "Yes"; "No" if any answered "No"; otherwise "Unknown".`},
	{ConceptResponse, `The measured response rate: suppliers with a current declaration of the family over relevant suppliers (register entries whose materials name the mineral or name none, and suppliers who declared without a register entry), in the template's bands: 100%, greater than 90/75/50%, 50% or less, none.`},
	{ConceptIdentified, `"Yes" if every relevant supplier responded, every in-scope supplier answered "Yes", and every declared smelter row of the mineral matched a facility in RMI's lists; otherwise "No".`},
	{ConceptReported, `"Yes" unless a declared smelter row of the mineral that matched no facility lacks a name or a country ("Smelter not yet identified", a "not listed" row without its country): every other row is in the Smelter List (by CID, or by name and country when it matched no facility) or, when RMI removed the facility, in the removed report.`},
}

// RollupOptions selects what the company declares.
type RollupOptions struct {
	// Family is the template family of the company's declaration (CMRT,
	// EMRT, CRT); only suppliers' declarations of that family count.
	Family string
	// Minerals are the minerals of the company's declaration, in the
	// template's order (CMRT: the four fixed rows; EMRT 2.x: the picks).
	Minerals []string
	// Only, when not empty, limits the declaration to these minerals (a
	// product-family variant): the others are declared unused.
	Only []string
}

// Rollup is the company's own declaration computed from its suppliers'.
type Rollup struct {
	Family   string
	Minerals []MineralRollup
	// Smelters is the Smelter List: the union of declared smelters matched
	// to a facility, one per metal and CID, with RMI's standard name,
	// ordered by metal (the declaration's order) then name.
	Smelters []RolledSmelter
	// Removed are matched facilities RMI removed from its lists: left out
	// of the Smelter List and reported beside it.
	Removed []RolledSmelter
	// Unmatched are declared rows of in-scope minerals that matched no
	// facility (no CID, unknown CID, match to review). Those with a name
	// are also in Smelters (Unmatched set: by name and country); those
	// naming no smelter are left out.
	Unmatched []UnmatchedSmelter
}

// MineralRollup is the company's answers for one mineral.
type MineralRollup struct {
	Mineral string
	// InScope: used (and remaining in the product, where asked).
	InScope bool
	// Relevant suppliers for the mineral and how many of them responded.
	Relevant, Responded int
	Answers             map[Concept]string
}

// RolledSmelter is one facility of the company's Smelter List.
type RolledSmelter struct {
	Metal      string
	CID        string
	Name       string // RMI's standard name
	Country    string
	Status     FacilityStatus
	StatusText string
	RemovedOn  time.Time
	Reason     string
	Suppliers  []string // suppliers declaring it, sorted
	// Unmatched: no facility in RMI's lists matched; Name and Country are
	// as declared, CID empty.
	Unmatched bool
}

// UnmatchedSmelter is a declared row that could not go into the list.
type UnmatchedSmelter struct {
	Metal, Name, Country, CID, Supplier string
	Row                                 int
	Reason                              string
	// Listed: entered in the Smelter List by name and country (a row
	// lacking either is left out).
	Listed bool
}

// ResponseBand is the template's percentage option for a response rate.
func ResponseBand(responded, relevant int) string {
	switch {
	case relevant == 0 || responded == 0:
		return "None"
	case responded >= relevant:
		return "100%"
	}
	r := float64(responded) / float64(relevant)
	switch {
	case r > 0.90:
		return "Greater than 90%"
	case r > 0.75:
		return "Greater than 75%"
	case r > 0.50:
		return "Greater than 50%"
	}
	return "50% or less"
}

// RollUp computes the company's declaration from a season (see
// RollupRules). It is pure: the same season gives the same rollup.
func RollUp(se *Season, opt RollupOptions) *Rollup {
	family := strings.ToUpper(opt.Family)
	concepts := questionConcepts[family]
	byConcept := map[Concept]string{}
	for id, c := range concepts {
		byConcept[c] = id
	}
	_, asksRemains := byConcept[ConceptRemains]
	only := map[string]bool{}
	for _, m := range opt.Only {
		only[smelters.MetalKey(m)] = true
	}
	out := &Rollup{Family: family}

	type supplierDecl struct {
		name string
		d    *Declaration
	}
	var decls []supplierDecl
	for i := range se.Suppliers {
		s := &se.Suppliers[i]
		for j := range s.Declarations {
			if strings.EqualFold(s.Declarations[j].Family, family) {
				decls = append(decls, supplierDecl{s.Name, &s.Declarations[j]})
				break // one current declaration per family
			}
		}
	}
	answer := func(d *Declaration, c Concept, mineral string) string {
		id, ok := byConcept[c]
		if !ok {
			return ""
		}
		for _, a := range d.Answers {
			if a.Question == id && smelters.SameMetal(a.Mineral, mineral) {
				return a.Value
			}
		}
		return ""
	}

	for _, m := range opt.Minerals {
		mr := MineralRollup{Mineral: m, Answers: map[Concept]string{}}
		out.Minerals = append(out.Minerals, mr)
		r := &out.Minerals[len(out.Minerals)-1]
		if len(only) > 0 && !only[smelters.MetalKey(m)] {
			r.Answers[ConceptUsed] = "No"
			continue
		}
		// Relevant suppliers: register entries for the mineral, and anyone
		// who answered without being in the register.
		for _, s := range se.Suppliers {
			relevant := false
			if s.Register != nil {
				relevant = len(s.Register.Materials) == 0
				for _, mat := range s.Register.Materials {
					if smelters.SameMetal(mat, m) {
						relevant = true
					}
				}
			}
			responded := false
			for _, d := range s.Declarations {
				if strings.EqualFold(d.Family, family) {
					responded = true
				}
			}
			if s.Register == nil && responded {
				relevant = true
			}
			if relevant {
				r.Relevant++
				if responded {
					r.Responded++
				}
			}
		}
		allResponded := r.Relevant > 0 && r.Responded >= r.Relevant

		used, remains := false, false
		var inScope []*Declaration
		for _, sd := range decls {
			if answer(sd.d, ConceptUsed, m) != "Yes" {
				continue
			}
			used = true
			if !asksRemains || answer(sd.d, ConceptRemains, m) == "Yes" {
				remains = true
				inScope = append(inScope, sd.d)
			}
		}
		r.Answers[ConceptUsed] = yesNo(used)
		if !used {
			continue
		}
		if asksRemains {
			r.Answers[ConceptRemains] = yesNo(remains)
			if !remains {
				continue
			}
		}
		r.InScope = true
		sourcing := func(c Concept) string {
			unknown := !allResponded
			for _, d := range inScope {
				switch answer(d, c, m) {
				case "Yes":
					return "Yes"
				case "No":
				default:
					unknown = true
				}
			}
			if unknown {
				return "Unknown"
			}
			return "No"
		}
		for _, c := range []Concept{ConceptCovered, ConceptCAHRA} {
			if _, ok := byConcept[c]; ok {
				r.Answers[c] = sourcing(c)
			}
		}
		recycled := "Yes"
		if !allResponded {
			recycled = "Unknown"
		}
		for _, d := range inScope {
			switch answer(d, ConceptRecycled, m) {
			case "Yes":
			case "No":
				recycled = "No"
			default:
				if recycled == "Yes" {
					recycled = "Unknown"
				}
			}
		}
		r.Answers[ConceptRecycled] = recycled
		r.Answers[ConceptResponse] = ResponseBand(r.Responded, r.Relevant)

		allMatched, allNamed := true, true
		for _, sd := range decls {
			for _, row := range sd.d.Smelters {
				if smelters.SameMetal(row.Metal, m) && row.Facility == nil {
					allMatched = false
					allNamed = allNamed && row.Name != "" && row.Country != ""
				}
			}
		}
		identified := allResponded && allMatched
		for _, d := range inScope {
			if answer(d, ConceptIdentified, m) != "Yes" {
				identified = false
			}
		}
		r.Answers[ConceptIdentified] = yesNo(identified)
		r.Answers[ConceptReported] = yesNo(allNamed)
	}

	// The Smelter List: in-scope minerals only.
	order := map[string]int{}
	for i, mr := range out.Minerals {
		if mr.InScope {
			order[smelters.MetalKey(mr.Mineral)] = i + 1
		}
	}
	listed := map[string]*RolledSmelter{}
	removed := map[string]*RolledSmelter{}
	for _, sd := range decls {
		for _, row := range sd.d.Smelters {
			pos := order[smelters.MetalKey(row.Metal)]
			if pos == 0 {
				continue
			}
			mineral := out.Minerals[pos-1].Mineral
			f := row.Facility
			if f == nil || f.CID == "" {
				reason := "no facility in RMI's lists matched"
				if row.Name == "" || row.Country == "" {
					reason += "; no name and country to list it by"
				}
				switch {
				case strings.EqualFold(row.LookupName, "Smelter not yet identified"):
					reason = "smelter not yet identified by the supplier"
				case row.MatchStatus == string(smelters.NeedsReview):
					reason = "match needs review (cmrt smelters map)"
				}
				u := UnmatchedSmelter{Metal: mineral, Name: row.Name, Country: row.Country,
					CID: row.CID, Supplier: sd.name, Row: row.Row, Reason: reason, Listed: row.Name != "" && row.Country != ""}
				out.Unmatched = append(out.Unmatched, u)
				if u.Listed {
					key := smelters.MetalKey(mineral) + "\x00name\x00" + strings.ToLower(strings.Join(strings.Fields(row.Name), " ")) + "\x00" + strings.ToLower(row.Country)
					rs, ok := listed[key]
					if !ok {
						rs = &RolledSmelter{Metal: mineral, Name: row.Name, Country: row.Country, Unmatched: true}
						listed[key] = rs
					}
					if !containsString(rs.Suppliers, sd.name) {
						rs.Suppliers = append(rs.Suppliers, sd.name)
					}
				}
				continue
			}
			key := smelters.MetalKey(mineral) + "\x00" + f.CID
			into := listed
			if f.Status == StatusRemoved {
				into = removed
			}
			rs, ok := into[key]
			if !ok {
				rs = &RolledSmelter{Metal: mineral, CID: f.CID, Name: f.Name, Country: f.Country, Status: f.Status,
					StatusText: f.StatusText, RemovedOn: f.RemovedOn, Reason: f.RemovedReason}
				into[key] = rs
			}
			if !containsString(rs.Suppliers, sd.name) {
				rs.Suppliers = append(rs.Suppliers, sd.name)
			}
		}
	}
	out.Smelters = sortedSmelters(listed, order)
	out.Removed = sortedSmelters(removed, order)
	sort.SliceStable(out.Unmatched, func(i, j int) bool {
		a, b := out.Unmatched[i], out.Unmatched[j]
		if order[smelters.MetalKey(a.Metal)] != order[smelters.MetalKey(b.Metal)] {
			return order[smelters.MetalKey(a.Metal)] < order[smelters.MetalKey(b.Metal)]
		}
		if a.Supplier != b.Supplier {
			return a.Supplier < b.Supplier
		}
		return a.Row < b.Row
	})
	return out
}

func sortedSmelters(m map[string]*RolledSmelter, order map[string]int) []RolledSmelter {
	out := make([]RolledSmelter, 0, len(m))
	for _, s := range m {
		sort.Strings(s.Suppliers)
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if oa, ob := order[smelters.MetalKey(a.Metal)], order[smelters.MetalKey(b.Metal)]; oa != ob {
			return oa < ob
		}
		if na, nb := strings.ToLower(a.Name), strings.ToLower(b.Name); na != nb {
			return na < nb
		}
		if a.CID != b.CID {
			return a.CID < b.CID
		}
		// Smelters listed by name: the same name from several countries
		// (and metals outside the order) would come in the map's order.
		if ca, cb := strings.ToLower(a.Country), strings.ToLower(b.Country); ca != cb {
			return ca < cb
		}
		return a.Metal < b.Metal
	})
	return out
}

// DeclaredMinerals lists the minerals any supplier declared used in a
// family, in first-seen order: the picks of a company's EMRT 2.x.
func DeclaredMinerals(se *Season, family string) []string {
	byConcept := map[Concept]string{}
	for id, c := range questionConcepts[strings.ToUpper(family)] {
		byConcept[c] = id
	}
	seen := map[string]bool{}
	var out []string
	for _, s := range se.Suppliers {
		for _, d := range s.Declarations {
			if !strings.EqualFold(d.Family, family) {
				continue
			}
			for _, a := range d.Answers {
				if a.Question == byConcept[ConceptUsed] && a.Value == "Yes" && a.Mineral != "" && !seen[smelters.MetalKey(a.Mineral)] {
					seen[smelters.MetalKey(a.Mineral)] = true
					out = append(out, a.Mineral)
				}
			}
		}
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
