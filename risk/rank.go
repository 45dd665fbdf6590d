package risk

import (
	"fmt"
	"sort"
	"strings"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/smelters"
)

// Rank is a supplier's risk rank for a period.
type Rank string

// Ranks, least to most risky.
const (
	RankLow    Rank = "low"
	RankMedium Rank = "medium"
	RankHigh   Rank = "high"
)

// SupplierRank is a supplier's rank with how it was reached.
type SupplierRank struct {
	SupplierID int64   `json:"supplier_id"`
	Supplier   string  `json:"supplier"`
	Rank       Rank    `json:"risk_rank"`
	Score      float64 `json:"score"`
	// Critical names the critical finding that forced the rank high, if any.
	Critical string `json:"critical,omitempty"`
	// SAQRank is the supplier's self-assessment questionnaire rank when it
	// answered one; Rank then combines both surveys (saq.combine, saq.go).
	SAQRank Rank `json:"saq_rank,omitempty"`
}

// counts reports whether a finding counts towards its supplier's rank:
// resolved findings and those gone no longer do; accepted risks still do
// (the risk is there, accepted).
func counts(f *Finding) bool { return f.Status != StatusResolved && f.Status != StatusGone }

// Weight is a finding's contribution to its supplier's score.
func (c *Config) Weight(f *Finding) float64 {
	if w, ok := c.CodeWeights[f.Code]; ok {
		return w
	}
	return c.Weights[f.Severity]
}

// RankOf ranks one supplier from its findings: the score is the sum of the
// weights of the findings that count (not resolved, not gone); a critical
// finding ranks high whatever the score; otherwise a score at or above the
// high threshold ranks high, at or above the medium threshold medium, and
// low below.
func (c *Config) RankOf(fs []Finding) (Rank, float64, string) {
	var score float64
	critical := ""
	for i := range fs {
		f := &fs[i]
		if !counts(f) {
			continue
		}
		score += c.Weight(f)
		if critical == "" && c.isCritical(f) {
			critical = f.Code
		}
	}
	switch {
	case critical != "":
		return RankHigh, score, critical
	case score >= c.Thresholds.High:
		return RankHigh, score, ""
	case score >= c.Thresholds.Medium:
		return RankMedium, score, ""
	}
	return RankLow, score, ""
}

func (c *Config) isCritical(f *Finding) bool {
	for _, cr := range c.Critical {
		if cr.Code == f.Code && (cr.MinSeverity == "" || f.Severity.AtLeast(cr.MinSeverity)) {
			return true
		}
	}
	return false
}

// Ranks ranks every supplier of the season (a supplier without findings
// ranks low), ordered by supplier name.
func (c *Config) Ranks(s *Season, fs []Finding) []SupplierRank {
	by := map[string][]Finding{}
	for _, f := range fs {
		k := supplierKey(f.SupplierID, f.Supplier)
		by[k] = append(by[k], f)
	}
	out := make([]SupplierRank, 0, len(s.Suppliers))
	for _, sup := range s.Suppliers {
		fs := by[supplierKey(sup.ID, sup.Name)]
		sr := c.saqRank(&sup, fs)
		if sr.rank != "" {
			fs = mineralsFindings(fs)
		}
		r, score, crit := c.RankOf(fs)
		r, crit = c.combineRanks(r, crit, sr)
		out = append(out, SupplierRank{SupplierID: sup.ID, Supplier: sup.Name, Rank: r, Score: score, Critical: crit, SAQRank: sr.rank})
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Supplier) < strings.ToLower(out[j].Supplier) })
	return out
}

// SupplierKey identifies a supplier of a season: its ID, or for a
// register entry no supplier answered as, its normalised name.
func SupplierKey(id int64, name string) string { return supplierKey(id, name) }

func supplierKey(id int64, name string) string {
	if id != 0 {
		return fmt.Sprint(id)
	}
	return "r:" + smelters.NameKey(name)
}

// Designations.
const (
	DesignationEssential   = "essential"
	DesignationImportant   = "important"
	DesignationHumanRights = "human-rights-high-risk"
)

// Designate returns a supplier's designations from its register entry:
//   - essential: annual spend at or above essential_spend_above, or an
//     important material that is hard to replace, or (with
//     human_rights_as_essential) human-rights high-risk;
//   - important: not essential, and an important material, or hard to
//     replace, or annual spend at or above important_spend_above;
//   - human-rights-high-risk: the DoL list names one of its materials from
//     one of its countries (HumanRightsHits).
//
// A supplier not in the register has none.
func (c *Config) Designate(s *Supplier, dol *DoLList) []string {
	var out []string
	hr := len(HumanRightsHits(s, dol)) > 0
	e := s.Register
	if e == nil {
		if hr {
			out = append(out, DesignationHumanRights)
		}
		return out
	}
	d := c.Designations
	essential := (d.EssentialSpendAbove > 0 && e.SpendKnown && e.AnnualSpend >= d.EssentialSpendAbove) ||
		(e.ImportantMaterial && e.HardToReplace) || (hr && d.HumanRightsAsEssential)
	important := !essential && (e.ImportantMaterial || e.HardToReplace ||
		(d.ImportantSpendAbove > 0 && e.SpendKnown && e.AnnualSpend >= d.ImportantSpendAbove))
	if essential {
		out = append(out, DesignationEssential)
	}
	if important {
		out = append(out, DesignationImportant)
	}
	if hr {
		out = append(out, DesignationHumanRights)
	}
	return out
}

// RankChange is one supplier's rank now and in the previous period.
type RankChange struct {
	SupplierID int64  `json:"supplier_id"`
	Supplier   string `json:"supplier"`
	Previous   Rank   `json:"previous"` // empty when not ranked then
	Current    Rank   `json:"current"`  // empty when not ranked now
	Change     string `json:"change"`   // up, down, same, new, dropped
}

// YearOnYear compares two periods' ranks: the share of low-risk suppliers
// in each (0–1; 0 when a period has no supplier) and each supplier's change.
// Suppliers are matched by ID, else by normalised name.
type YearOnYear struct {
	LowSharePrevious float64      `json:"low_share_previous"`
	LowShareCurrent  float64      `json:"low_share_current"`
	Changes          []RankChange `json:"changes"`
}

// CompareRanks computes the year-on-year view.
func CompareRanks(previous, current []SupplierRank) YearOnYear {
	share := func(rs []SupplierRank) float64 {
		if len(rs) == 0 {
			return 0
		}
		n := 0
		for _, r := range rs {
			if r.Rank == RankLow {
				n++
			}
		}
		return float64(n) / float64(len(rs))
	}
	y := YearOnYear{LowSharePrevious: share(previous), LowShareCurrent: share(current)}
	prev := map[string]SupplierRank{}
	for _, r := range previous {
		prev[supplierKey(r.SupplierID, r.Supplier)] = r
	}
	seen := map[string]bool{}
	for _, r := range current {
		k := supplierKey(r.SupplierID, r.Supplier)
		seen[k] = true
		p, ok := prev[k]
		ch := RankChange{SupplierID: r.SupplierID, Supplier: r.Supplier, Previous: p.Rank, Current: r.Rank}
		switch {
		case !ok:
			ch.Change = "new"
		case rankLevel(r.Rank) > rankLevel(p.Rank):
			ch.Change = "up"
		case rankLevel(r.Rank) < rankLevel(p.Rank):
			ch.Change = "down"
		default:
			ch.Change = "same"
		}
		y.Changes = append(y.Changes, ch)
	}
	for _, p := range previous {
		if !seen[supplierKey(p.SupplierID, p.Supplier)] {
			y.Changes = append(y.Changes, RankChange{SupplierID: p.SupplierID, Supplier: p.Supplier, Previous: p.Rank, Change: "dropped"})
		}
	}
	sort.SliceStable(y.Changes, func(i, j int) bool {
		return strings.ToLower(y.Changes[i].Supplier) < strings.ToLower(y.Changes[j].Supplier)
	})
	return y
}

func rankLevel(r Rank) int {
	switch r {
	case RankHigh:
		return 3
	case RankMedium:
		return 2
	case RankLow:
		return 1
	}
	return 0
}

// Metal families for the response rate: the template a supplier is asked
// to fill for a material.
const (
	Family3TG      = "3TG (CMRT)"
	FamilyExtended = "extended minerals (EMRT/CRT)"
	FamilyOther    = "other minerals (AMRT)"
	// FamilyGemstones: diamonds and coloured gemstones, asked for with the
	// tool's own gemstone template (RMI has none).
	FamilyGemstones = "diamonds and coloured gemstones (GEM)"
)

// MetalFamily is the template family a material is asked for.
func MetalFamily(material string) string {
	switch smelters.MetalKey(material) {
	case "gold", "tin", "tantalum", "tungsten":
		return Family3TG
	case "cobalt", "mica", "copper", "graphite", "lithium", "nickel":
		return FamilyExtended
	}
	if isGemMaterial(material) {
		return FamilyGemstones
	}
	return FamilyOther
}

func declarationFamily(fam string) string {
	switch strings.ToUpper(fam) {
	case "CMRT":
		return Family3TG
	case "EMRT", "CRT":
		return FamilyExtended
	case string(cmrt.GEM):
		return FamilyGemstones
	}
	return FamilyOther
}

// ResponseRate is how many register suppliers were asked for a metal
// family and how many answered with a declaration of that family.
type ResponseRate struct {
	Family   string  `json:"family"`
	Asked    int     `json:"asked"`
	Answered int     `json:"answered"`
	Rate     float64 `json:"rate"` // Answered/Asked, 0 when nobody was asked
}

// ResponseRates counts, per metal family, the register's suppliers asked
// (its materials decide the families; no materials listed means 3TG, the
// CMRT being the default request) and those who answered.
func ResponseRates(s *Season) []ResponseRate {
	asked, answered := map[string]int{}, map[string]int{}
	for _, sup := range s.Suppliers {
		if sup.Register == nil {
			continue
		}
		fams := map[string]bool{}
		for _, m := range sup.Register.Materials {
			fams[MetalFamily(m)] = true
		}
		if len(fams) == 0 {
			fams[Family3TG] = true
		}
		got := map[string]bool{}
		for _, d := range sup.Declarations {
			if !IsSAQ(&d) { // a questionnaire answers no minerals request
				got[declarationFamily(d.Family)] = true
			}
		}
		for f := range fams {
			asked[f]++
			if got[f] {
				answered[f]++
			}
		}
	}
	var out []ResponseRate
	for _, f := range []string{Family3TG, FamilyExtended, FamilyOther, FamilyGemstones} {
		if asked[f] == 0 {
			continue
		}
		out = append(out, ResponseRate{Family: f, Asked: asked[f], Answered: answered[f], Rate: float64(answered[f]) / float64(asked[f])})
	}
	return out
}
