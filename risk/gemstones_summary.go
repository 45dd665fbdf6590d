package risk

import (
	"sort"
	"strings"

	"github.com/openminerals/cmrt/cmrt"
)

// GemMaterialSummary is one gemstone material over a season's current
// gemstone declarations: the numbers the disclosure's diamonds and
// coloured gemstones section prints.
type GemMaterialSummary struct {
	Material  string
	Suppliers int // declaring the material in their products (question 1 "Yes")
	// Origins are the countries of mining origin named (question 2 and the
	// Sources sheet's mines), by name, each with how many suppliers name it.
	Origins       []GemOriginCount
	OriginUnknown int // suppliers answering "Unknown" to question 2
	Recycled      int // "Recycled / vintage"
	// Kimberley: rough diamonds, suppliers answering "Yes" to question 3
	// (every shipment with a Kimberley Process certificate); Warranties:
	// diamonds, "Yes" to question 4; RJC: certified (COP and/or CoC).
	Kimberley, Warranties, RJC int
	// Restricted counts the suppliers naming an origin under a sanction or
	// Kimberley Process measure in force on the as-of date; CAHRA and DoL
	// those naming an origin on the EU CAHRA list, on the US DoL goods list
	// for the material.
	Restricted, CAHRA, DoL int
}

// GemOriginCount is one country of origin of a material.
type GemOriginCount struct {
	Country    string
	Suppliers  int
	Restricted bool // a sanction or KP measure in force for the material
	CAHRA      bool // the country is on the EU CAHRA list
	DoL        bool // the US DoL goods list names the material (or gems) from the country
}

// SummarizeGems counts, per material in the template's order, what the
// season's current gemstone declarations say. Materials nobody uses are
// left out.
func SummarizeGems(s *Season, ref ReferenceData) []GemMaterialSummary {
	rules := ref.gems()
	by := map[string]*GemMaterialSummary{}
	origins := map[string]map[string]*GemOriginCount{}
	for i := range s.Suppliers {
		for j := range s.Suppliers[i].Declarations {
			d := &s.Suppliers[i].Declarations[j]
			if !isGem(d) {
				continue
			}
			for _, m := range gemUsed(d) {
				g := by[m]
				if g == nil {
					g = &GemMaterialSummary{Material: m}
					by[m], origins[m] = g, map[string]*GemOriginCount{}
				}
				g.Suppliers++
				switch v := gemValue(d, cmrt.GemQOrigin, m); {
				case strings.EqualFold(v, cmrt.OriginUnknown):
					g.OriginUnknown++
				case strings.EqualFold(v, cmrt.OriginRecycled):
					g.Recycled++
				}
				if m == cmrt.RoughDiamonds && strings.EqualFold(gemValue(d, cmrt.GemQKimberley, m), "Yes") {
					g.Kimberley++
				}
				if strings.EqualFold(gemValue(d, cmrt.GemQWarranties, m), "Yes") {
					g.Warranties++
				}
				if strings.HasPrefix(gemValue(d, cmrt.GemQRJC, m), "Yes") {
					g.RJC++
				}
				list, _ := gemOrigins(d, m)
				var restricted, cahra, dol bool
				for _, o := range list {
					oc := origins[m][o.Code]
					if oc == nil {
						oc = &GemOriginCount{Country: strings.ToUpper(o.Country)}
						oc.Restricted = rules != nil && len(rules.InForce(m, o.Code, s.AsOf)) > 0
						_, oc.CAHRA = ref.CAHRA.Lookup(o.Code)
						for _, good := range gemDoLGoods(m) {
							oc.DoL = oc.DoL || len(ref.DoL.Named(good, o.Code)) > 0
						}
						origins[m][o.Code] = oc
					}
					oc.Suppliers++
					restricted, cahra, dol = restricted || oc.Restricted, cahra || oc.CAHRA, dol || oc.DoL
				}
				g.Restricted += countIf(restricted)
				g.CAHRA += countIf(cahra)
				g.DoL += countIf(dol)
			}
		}
	}
	var out []GemMaterialSummary
	for _, m := range cmrt.GemstoneMaterials {
		g := by[m]
		if g == nil {
			continue
		}
		for _, oc := range origins[m] {
			g.Origins = append(g.Origins, *oc)
		}
		sort.Slice(g.Origins, func(i, j int) bool { return g.Origins[i].Country < g.Origins[j].Country })
		out = append(out, *g)
	}
	return out
}

func countIf(b bool) int {
	if b {
		return 1
	}
	return 0
}
