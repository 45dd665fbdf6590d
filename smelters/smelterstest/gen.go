// Package smelterstest generates RMI-shaped smelter lists for tests: a
// reference list of invented facilities with realistic names (CJK, accents,
// corporate forms, near neighbours), the table shapes of RMI's downloads and
// of the templates' Smelter Look-up, writers for SpreadsheetML, .xlsx and
// CSV, and perturbations of names for measuring matching quality. RMI's own
// lists may not be redistributed, so tests never use them.
package smelterstest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/openminerals/cmrt/smelters"
)

// Metals3TG are the CMRT metals, in the look-up's order.
var Metals3TG = []string{"Gold", "Tantalum", "Tin", "Tungsten"}

// Options shape a generated reference list.
type Options struct {
	Seed       uint64
	Facilities int      // default 700
	Aliases    int      // alias rows in all (standard names included); default 2000
	Metals     []string // default Metals3TG, weighted like RMI's list
	FirstCID   int      // number of the first CID; default 1
}

var metalWeights = map[string]int{"Gold": 45, "Tin": 27, "Tungsten": 14, "Tantalum": 14}

// genFac keeps what a facility's name was made of, to make aliases.
type genFac struct {
	f      *smelters.Facility
	p      *profile
	pl     place
	brand  word
	ind    word
	suffix string
	prefix string
}

// Reference generates a reference list: every facility has its standard
// name among its aliases (as in RMI's lists), and no name normalises to
// another facility's name within a metal, so every alias identifies one
// facility.
func Reference(o Options) []smelters.Facility {
	if o.Facilities == 0 {
		o.Facilities = 700
	}
	if o.Aliases == 0 {
		o.Aliases = 2000
	}
	if len(o.Metals) == 0 {
		o.Metals = Metals3TG
	}
	if o.FirstCID == 0 {
		o.FirstCID = 1
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9E3779B97F4A7C15))
	used := map[string]map[string]int{} // metal → NameKey → facility index
	for _, m := range o.Metals {
		used[m] = map[string]int{}
	}
	facs := make([]smelters.Facility, 0, o.Facilities)
	gens := make([]genFac, 0, o.Facilities)
	cid := o.FirstCID
	for len(facs) < o.Facilities {
		metal := pickMetal(rng, o.Metals)
		p := pickProfile(rng)
		var g genFac
		ok := false
		for try := 0; try < 50 && !ok; try++ {
			g = genFac{p: p, pl: p.places[rng.IntN(len(p.places))], brand: p.brands[rng.IntN(len(p.brands))],
				ind: industryFor(rng, p, metal), suffix: p.suffixes[rng.IntN(len(p.suffixes))]}
			if len(p.prefixes) > 0 {
				g.prefix = p.prefixes[rng.IntN(len(p.prefixes))]
			}
			_, taken := used[metal][smelters.NameKey(g.standard())]
			ok = !taken
		}
		if !ok {
			continue
		}
		std := g.standard()
		f := smelters.Facility{CID: fmt.Sprintf("CID%06d", cid), Metal: metal, Name: asciiFold(std),
			Country: p.country, City: g.pl.city, State: g.pl.state, IDSource: "RMI"}
		f.Aliases = []string{f.Name}
		if f.Name != std {
			f.Aliases = append(f.Aliases, std) // the accented spelling, as look-ups carry it
		}
		used[metal][smelters.NameKey(std)] = len(facs)
		facs = append(facs, f)
		gens = append(gens, g)
		cid += 1 + rng.IntN(7)
	}
	total := 0
	for i := range facs {
		gens[i].f = &facs[i]
		total += len(facs[i].Aliases)
	}
	for tries := 0; total < o.Aliases && tries < o.Aliases*50; tries++ {
		i := rng.IntN(len(facs))
		if rng.IntN(3) > 0 { // favour facilities that already have aliases, as RMI's list does
			for j := 0; j < 4 && len(facs[i].Aliases) < 2; j++ {
				i = rng.IntN(len(facs))
			}
		}
		f := &facs[i]
		if len(f.Aliases) >= 10 {
			continue
		}
		a := gens[i].alias(rng)
		if a == "" || contains(f.Aliases, a) {
			continue
		}
		k := smelters.NameKey(a)
		if owner, taken := used[f.Metal][k]; taken && owner != i {
			continue
		}
		used[f.Metal][k] = i
		f.Aliases = append(f.Aliases, a)
		total++
	}
	return facs
}

func pickMetal(rng *rand.Rand, metals []string) string {
	sum := 0
	for _, m := range metals {
		sum += max(1, metalWeights[m])
	}
	n := rng.IntN(sum)
	for _, m := range metals {
		if n -= max(1, metalWeights[m]); n < 0 {
			return m
		}
	}
	return metals[0]
}

func pickProfile(rng *rand.Rand) *profile {
	sum := 0
	for i := range profiles {
		sum += profiles[i].weight
	}
	n := rng.IntN(sum)
	for i := range profiles {
		if n -= profiles[i].weight; n < 0 {
			return &profiles[i]
		}
	}
	return &profiles[0]
}

func industryFor(rng *rand.Rand, p *profile, metal string) word {
	ws := p.industry[metal]
	if len(ws) == 0 || rng.IntN(5) == 0 {
		if d := p.industry[""]; len(d) > 0 {
			ws = d
		}
	}
	if len(ws) == 0 {
		ws = p.industry[metal]
	}
	return ws[rng.IntN(len(ws))]
}

// standard is the facility's name in its profile's pattern.
func (g *genFac) standard() string { return g.name(g.brand, g.suffix) }

func (g *genFac) name(brand word, suffix string) string {
	var parts []string
	switch g.p.pattern {
	case 0: // Ganzhou Huaxing Tungsten Industry Co., Ltd.
		parts = []string{g.pl.city, brand.latin, g.ind.latin}
	case 2: // Mineração Paraná Ltda.
		parts = []string{g.ind.latin, brand.latin}
	case 3: // PT Bangka Prima Tin Tbk
		parts = []string{g.prefix, brand.latin, g.ind.latin}
	default: // Takeda Precious Metals Co., Ltd.
		parts = []string{brand.latin, g.ind.latin}
	}
	s := strings.Join(nonEmpty(parts), " ")
	if suffix != "" {
		if (suffix == "Inc." || suffix == "LLC" || suffix == "Ltd") && len(s)%3 == 0 {
			s += "," // "Abington Reldan Metals, LLC"
		}
		s += " " + suffix
	}
	return s
}

// alias makes another name RMI might list for the facility.
func (g *genFac) alias(rng *rand.Rand) string {
	switch rng.IntN(9) {
	case 0, 1: // a former name: another brand
		b := g.p.brands[rng.IntN(len(g.p.brands))]
		if b == g.brand {
			return ""
		}
		return g.name(b, g.p.suffixes[rng.IntN(len(g.p.suffixes))])
	case 2: // local script
		return g.local(rng)
	case 3: // plant or branch
		switch rng.IntN(3) {
		case 0:
			return fmt.Sprintf("%s Smelter of %s %s", g.pl.city, g.brand.latin, g.ind.latin)
		case 1:
			return fmt.Sprintf("%s %s (%s Plant)", g.brand.latin, g.ind.latin, g.pl.city)
		default:
			return fmt.Sprintf("%s %s Refinery", g.brand.latin, g.pl.city)
		}
	case 4: // group
		return strings.TrimSpace(fmt.Sprintf("%s %s Group %s", g.brand.latin, g.ind.latin, strings.TrimPrefix(g.suffix, "Group ")))
	case 5: // abbreviation
		var b strings.Builder
		for _, w := range strings.Fields(g.brand.latin + " " + g.ind.latin) {
			r := []rune(w)[0]
			if unicode.IsLetter(r) {
				b.WriteRune(unicode.ToUpper(r))
			}
		}
		if b.Len() < 2 {
			return ""
		}
		return b.String() + " " + g.pl.city
	case 6: // short form, no place or legal form
		return g.brand.latin + " " + g.ind.latin
	case 7: // another legal form
		return g.name(g.brand, g.p.suffixes[rng.IntN(len(g.p.suffixes))])
	default: // the holding's name
		return fmt.Sprintf("%s %s Holdings", g.brand.latin, g.pl.city)
	}
}

// local writes the name in the profile's script, if it has one.
func (g *genFac) local(rng *rand.Rand) string {
	if g.brand.local == "" || g.ind.local == "" {
		return ""
	}
	switch g.p.script {
	case "zh":
		form := []string{"有限公司", "股份有限公司", "有限责任公司"}[rng.IntN(3)]
		return g.pl.local + g.brand.local + g.ind.local + form
	case "ja":
		if rng.IntN(2) == 0 {
			return "株式会社" + g.brand.local + g.ind.local
		}
		return g.brand.local + g.ind.local + "株式会社"
	case "ko":
		if rng.IntN(2) == 0 {
			return "주식회사 " + g.brand.local + g.ind.local
		}
		return g.brand.local + g.ind.local + "(주)"
	}
	return ""
}

func nonEmpty(s []string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// asciiFold removes accents, as RMI's standard names (column C of the
// look-up) are written in ASCII while aliases keep them.
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'ı':
			b.WriteRune('i')
		case r == 'ß':
			b.WriteString("ss")
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// Statuses assigns RMAP statuses to a share of the facilities, as the
// Conformant and Active lists would: about 55% conformant (with audit
// dates and cycles in RMI's spellings), 5% active, the rest in no list.
// It returns the status rows, in facility order.
func Statuses(facs []smelters.Facility, seed uint64, listDate time.Time) []smelters.Facility {
	rng := rand.New(rand.NewPCG(seed, 7))
	cycles := []string{"1 Year", "2 Years", "3 Years", "1 year", "2 years", "3 YearS", ""}
	var out []smelters.Facility
	for _, f := range facs {
		n := rng.IntN(100)
		switch {
		case n < 55:
			st := smelters.Facility{CID: f.CID, Metal: f.Metal, Name: f.Name, Country: f.Country, State: f.State,
				Status: smelters.StatusConformant, StatusText: "Conformant", AuditCycle: cycles[rng.IntN(len(cycles))],
				LastAudit: listDate.AddDate(0, 0, -rng.IntN(1100)), ReauditInProgress: rng.IntN(10) == 0}
			st.ReauditDue = smelters.ReauditDue(st.LastAudit, st.AuditCycle)
			out = append(out, st)
		case n < 60:
			out = append(out, smelters.Facility{CID: f.CID, Metal: f.Metal, Name: f.Name, Country: f.Country,
				State: f.State, Status: smelters.StatusActive, StatusText: "Active"})
		}
	}
	return out
}
