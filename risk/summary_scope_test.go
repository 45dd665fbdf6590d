package risk

import (
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
)

// scopeSeason: a CMRT supplier; three suppliers the register asks for
// cobalt, two of whom sent an EMRT covering cobalt and mica (one declaring
// a removed cobalt refiner); an AMRT supplier spelling aluminium the
// British way beside an AMRT row spelt RMI's way; a gemstone supplier; a
// supplier asked for lithium (and "Plastics" and "3TG", which no template
// offers) who never answered.
func scopeSeason() *Season {
	day := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	fac := func(cid, metal, name, country string, st FacilityStatus) *Facility {
		f := &Facility{CID: cid, Metal: metal, Name: name, Country: country, Status: st, List: "list", ListDate: day}
		if st == StatusRemoved {
			f.RemovedOn = day.AddDate(0, -1, 0)
		}
		return f
	}
	row := func(n int, f *Facility) SmelterRow {
		return SmelterRow{Row: n, Metal: f.Metal, Name: f.Name, CID: f.CID, Country: f.Country, MatchStatus: "matched", Facility: f}
	}
	removedCobalt := fac("CID003001", "Cobalt", "Katanga Removed Cobalt", "Congo, Democratic Republic of the", StatusRemoved)
	finnishCobalt := fac("CID003002", "Cobalt", "Lapland Cobalt Oy", "Finland", StatusConformant)
	mica := fac("CID003100", "Mica", "Jharkhand Mica Works", "India", StatusActive)
	gold := fac("CID000001", "Gold", "Gold One", "Switzerland", StatusConformant)
	alu := fac("CID004001", "Aluminum", "Nordic Aluminium AS", "Norway", StatusConformant)
	cobaltReg := func(name string) *RegisterEntry { return &RegisterEntry{Name: name, Materials: []string{"Cobalt"}} }
	gem := cleanGEM()
	gem.ID = 50
	setAnswer(&gem, cmrt.GemQOrigin, cmrt.Emerald, "Colombia")
	setAnswer(&gem, cmrt.GemQOrigin, cmrt.PolishedDiamonds, "Zimbabwe")
	return &Season{Period: 2025, AsOf: day, Suppliers: []Supplier{
		{ID: 1, Name: "Tin Co", Register: &RegisterEntry{Name: "Tin Co", Materials: []string{"Tin"}},
			Declarations: []Declaration{{ID: 10, Family: "CMRT", Scope: "A. Company", Minerals: []string{"Gold", "Tin", "Tantalum", "Tungsten"},
				Smelters: []SmelterRow{row(5, gold)}}}},
		{ID: 2, Name: "Cobalt A", Register: cobaltReg("Cobalt A"),
			Declarations: []Declaration{{ID: 20, Family: "EMRT", Version: "2.1", Scope: "A. Company", Minerals: []string{"Cobalt", "Mica"},
				RequiredMissing: 2, Smelters: []SmelterRow{row(5, removedCobalt), row(6, mica)}}}},
		{ID: 3, Name: "Cobalt B", Register: cobaltReg("Cobalt B"),
			Declarations: []Declaration{{ID: 30, Family: "EMRT", Version: "2.1", Scope: "B. Product (or List of Products)", Minerals: []string{"Cobalt"},
				Smelters: []SmelterRow{row(5, finnishCobalt), {Row: 6, Metal: "Cobalt", Recycled: "Yes", LookupName: "Smelter not listed", Name: "Scrap Cobalt", Country: "Peru"}}}}},
		{ID: 4, Name: "Cobalt Silent", Register: cobaltReg("Cobalt Silent")},
		{ID: 5, Name: "Alu", Register: &RegisterEntry{Name: "Alu", Materials: []string{"Aluminium"}},
			Declarations: []Declaration{{ID: 40, Family: "AMRT", Version: "1.3", Scope: "A. Company", Minerals: []string{"Aluminium"}, Smelters: []SmelterRow{row(5, alu)}}}},
		{ID: 6, Name: "Gems", Register: &RegisterEntry{Name: "Gems", Materials: []string{"Rough diamonds", "Emeralds"}}, Declarations: []Declaration{gem}},
		{ID: 7, Name: "Lithium Silent", Register: &RegisterEntry{Name: "Lithium Silent", Materials: []string{"Lithium", "Plastics", "3TG"}}},
	}}
}

func TestSummarizeScopes(t *testing.T) {
	s := scopeSeason()
	fs := []Finding{
		{Code: CodeSmelterRemoved, Severity: High, SupplierID: 2, Supplier: "Cobalt A", DeclarationID: 20, Metal: "Cobalt", Status: StatusActionRequested},
		{Code: CodeIncomplete, Severity: Medium, SupplierID: 2, Supplier: "Cobalt A", DeclarationID: 20, Status: StatusOpen},                    // counts for cobalt and mica
		{Code: CodeNoResponse, Severity: Medium, SupplierID: 4, Supplier: "Cobalt Silent", Status: StatusAcceptedRisk},                          // asked for cobalt only
		{Code: CodeSmelterRemoved, Severity: High, SupplierID: 1, Supplier: "Tin Co", DeclarationID: 10, Metal: "Gold", Status: StatusResolved}, // 3TG
		{Code: CodeGemDoLListed, Severity: High, SupplierID: 6, Supplier: "Gems", DeclarationID: 50, Metal: cmrt.Emerald, Status: StatusOpen},
	}
	sum := Summarize(s, BuiltinReferenceData(), fs)

	tg := sum.ThreeTG
	if tg == nil || tg.InScope != 1 || tg.InScopeResponded != 1 || tg.Totals.Declarations != 1 || tg.Totals.Smelters != 1 || tg.Totals.Findings != 1 ||
		tg.SuppliersByStatus[StatusResolved] != 1 {
		t.Fatalf("3TG %+v", tg)
	}
	var names []string
	for _, m := range sum.Minerals {
		names = append(names, m.Scope.Name)
	}
	if got := fmtList(names); got != "Cobalt,Lithium,Mica,Aluminum" {
		t.Fatalf("mineral scopes %s, want Cobalt,Lithium,Mica,Aluminum (extended first, aluminium spelt RMI's way once, no Plastics or 3TG)", got)
	}
	co, li, mi, al := sum.Minerals[0], sum.Minerals[1], sum.Minerals[2], sum.Minerals[3]
	if li.InScope != 1 || li.InScopeResponded != 0 || li.Responded != 0 || li.Totals.ResponseRate != 0 || li.Totals.NotResponded != 1 {
		t.Errorf("lithium: asked %d, responded %d", li.InScope, li.InScopeResponded)
	}
	if co.InScope != 3 || co.InScopeResponded != 2 || co.Totals.ResponseRate != 2.0/3 || len(co.Rates) != 1 || co.Rates[0].Answered != 2 {
		t.Errorf("cobalt response: %d of %d (%v) %+v", co.InScopeResponded, co.InScope, co.Totals.ResponseRate, co.Rates)
	}
	if co.Totals.Declarations != 2 || co.Totals.CompanyLevel != 1 || co.Totals.ProductLevel != 1 || co.Totals.Incomplete != 1 || co.Totals.MissingCells != 2 {
		t.Errorf("cobalt declarations %+v", co.Totals)
	}
	if co.Totals.Smelters != 3 || co.Totals.ByStatus[StatusRemoved] != 1 || co.Totals.ByStatus[StatusConformant] != 1 || co.Totals.ByStatus[StatusUnknown] != 1 ||
		co.Totals.Covered != 1 || co.Totals.CoveredConformant != 0 || co.RecycledRows != 1 || len(co.ByMetal) != 1 || co.ByMetal[0].Metal != "Cobalt" {
		t.Errorf("cobalt smelters %+v %+v", co.Totals, co.ByMetal)
	}
	if co.Totals.Findings != 3 || co.SuppliersByStatus[StatusActionRequested] != 1 || co.SuppliersByStatus[StatusAcceptedRisk] != 1 ||
		co.SuppliersByStatus[StatusOpen] != 1 || co.BySeverity[High] != 1 {
		t.Errorf("cobalt findings %+v %+v %+v", co.Findings, co.SuppliersByStatus, co.BySeverity)
	}
	// Mica: nobody was asked; one EMRT covers it; its declaration-level finding counts, the cobalt smelter finding does not.
	if mi.InScope != 0 || mi.Responded != 1 || mi.Totals.Smelters != 1 || mi.Totals.ByStatus[StatusActive] != 1 || mi.Totals.Findings != 1 || mi.Findings[0].Code != CodeIncomplete {
		t.Errorf("mica %+v %+v", mi.Totals, mi.Findings)
	}
	if al.InScope != 1 || al.InScopeResponded != 1 || al.Totals.Smelters != 1 || al.Scope.Family != FamilyOther {
		t.Errorf("aluminum %+v", al)
	}

	g := sum.Gemstones
	if g == nil || g.InScope != 1 || g.InScopeResponded != 1 || g.Totals.Declarations != 1 || g.Totals.Findings != 1 || g.Findings[0].Code != CodeGemDoLListed {
		t.Fatalf("gemstones %+v", g)
	}
	flags := map[string]GemOriginCount{}
	for _, m := range g.Gems {
		for _, o := range m.Origins {
			flags[m.Material+"/"+o.Country] = o
		}
		if m.Material == cmrt.Emerald && m.DoL != 1 || m.Material == cmrt.PolishedDiamonds && m.CAHRA != 1 {
			t.Errorf("%s: DoL %d, CAHRA %d", m.Material, m.DoL, m.CAHRA)
		}
	}
	if !flags[cmrt.Emerald+"/COLOMBIA"].DoL || !flags[cmrt.PolishedDiamonds+"/ZIMBABWE"].CAHRA || flags[cmrt.Ruby+"/AUSTRALIA"].CAHRA || flags[cmrt.Ruby+"/AUSTRALIA"].DoL {
		t.Errorf("origin flags %+v", flags)
	}
	// The whole season is still counted whole.
	if sum.Totals.Findings != 5 || sum.Totals.Declarations != 5 || sum.InScope != 7 {
		t.Errorf("whole season %+v", sum.Totals)
	}
	if again := Summarize(s, BuiltinReferenceData(), fs); fmtList(scopeNames(again)) != fmtList(names) {
		t.Error("scope order changes between runs")
	}
}

func scopeNames(s *Summary) []string {
	var out []string
	for _, m := range s.Minerals {
		out = append(out, m.Scope.Name)
	}
	return out
}

func fmtList(s []string) string { return strings.Join(s, ",") }
