package risk

import (
	"testing"
	"time"
)

func TestSummarizeCounts(t *testing.T) {
	day := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	removed := &Facility{CID: "CID002842", Metal: "Tin", Name: "Removed Tin", Country: "China", Status: StatusRemoved, RemovedOn: day,
		List: "revisions", ListDate: day}
	gold := &Facility{CID: "CID000001", Metal: "Gold", Name: "Gold One", Country: "Rwanda", Status: StatusConformant, List: "conformant", ListDate: day}
	row := func(n int, metal string, f *Facility, recycled string) SmelterRow {
		return SmelterRow{Row: n, Metal: metal, Name: f.Name, CID: f.CID, Country: f.Country, Recycled: recycled, MatchStatus: "matched", Facility: f}
	}
	s := &Season{Period: 2025, AsOf: day, Suppliers: []Supplier{
		{ID: 1, Name: "A", Register: &RegisterEntry{Name: "A"}, Declarations: []Declaration{{ID: 1, Family: "CMRT", Version: "6.5", Scope: "A. Company",
			RequiredMissing: 3, Smelters: []SmelterRow{row(5, "Tin", removed, "No"), row(6, "Gold", gold, "Yes"),
				{Row: 7, Metal: "Tin", LookupName: "Smelter not yet identified"}, {Row: 8, Metal: "Tin", LookupName: "Smelter not listed", Name: "Mystery Tin", Country: "Peru"}}}}},
		{ID: 2, Name: "B", Declarations: []Declaration{{ID: 2, Family: "CMRT", Version: "6.4", Scope: "B. Product (or List of Products)",
			Smelters: []SmelterRow{row(5, "Gold", gold, "")}}}},
		{Name: "C", Register: &RegisterEntry{Name: "C"}},
	}}
	fs := []Finding{
		{Code: CodeSmelterRemoved, Severity: High, SupplierID: 1, Supplier: "A", Status: StatusActionRequested},
		{Code: CodeSmelterRemoved, Severity: High, SupplierID: 2, Supplier: "B", Status: StatusOpen},
		{Code: CodeIncomplete, Severity: Medium, SupplierID: 1, Supplier: "A", Status: StatusResolved},
		{Code: CodeIncomplete, Severity: Medium, SupplierID: 1, Supplier: "A", Status: StatusGone},
	}
	sum := Summarize(s, BuiltinReferenceData(), fs)
	if sum.InScope != 2 || sum.Responded != 2 || sum.InScopeResponded != 1 || sum.Suppliers != 3 {
		t.Errorf("suppliers: in scope %d, responded %d, in scope responded %d, all %d", sum.InScope, sum.Responded, sum.InScopeResponded, sum.Suppliers)
	}
	if len(sum.Families) != 1 || sum.Families[0].Declarations != 2 || sum.Families[0].CompanyLevel != 1 || sum.Families[0].ProductLevel != 1 ||
		sum.Families[0].Incomplete != 1 || sum.Families[0].MissingCells != 3 {
		t.Errorf("families %+v", sum.Families)
	}
	// Gold One is declared by two suppliers, counted once; the unidentified row not at all.
	if len(sum.Smelters) != 3 {
		t.Fatalf("smelters %+v", sum.Smelters)
	}
	for _, sm := range sum.Smelters {
		switch sm.Name {
		case "Gold One":
			if sm.Suppliers != 2 || !sm.Covered || sm.Status != StatusConformant || !sm.Recycled {
				t.Errorf("gold %+v", sm)
			}
		case "Removed Tin":
			if sm.Status != StatusRemoved || sm.RemovedOn != "2026-06-30" {
				t.Errorf("removed %+v", sm)
			}
		case "Mystery Tin":
			if sm.Status != StatusUnknown {
				t.Errorf("not listed %+v", sm)
			}
		}
	}
	for _, m := range sum.ByMetal {
		switch m.Metal {
		case "Tin":
			if m.Total != 2 || m.Counts[StatusRemoved] != 1 || m.Counts[StatusUnknown] != 1 {
				t.Errorf("tin %+v", m)
			}
		case "Gold":
			if m.Total != 1 || m.InCoveredOrCAHRA != 1 || m.ConformantThere != 1 {
				t.Errorf("gold %+v", m)
			}
		}
	}
	if sum.RecycledRows != 1 || len(sum.Templates) != 2 || len(sum.Lists) != 2 {
		t.Errorf("recycled %d, templates %+v, lists %+v", sum.RecycledRows, sum.Templates, sum.Lists)
	}
	if sum.BySeverity[High] != 2 || sum.BySeverity[Medium] != 1 || len(sum.Findings) != 2 || sum.Findings[0].Code != CodeSmelterRemoved || sum.Findings[0].Count != 2 {
		t.Errorf("findings %+v %+v", sum.BySeverity, sum.Findings)
	}
	if sum.SuppliersByStatus[StatusActionRequested] != 1 || sum.SuppliersByStatus[StatusOpen] != 1 || sum.SuppliersByStatus[StatusResolved] != 1 {
		t.Errorf("by status %+v", sum.SuppliersByStatus)
	}
	tot := sum.Totals
	if tot.ResponseRate != 0.5 || tot.NotResponded != 1 || tot.Declarations != 2 || tot.Incomplete != 1 || tot.CompanyShare != 0.5 ||
		tot.Smelters != 3 || tot.ByStatus[StatusRemoved] != 1 || tot.Covered != 1 || tot.CoveredConformant != 1 || tot.Findings != 3 {
		t.Errorf("totals %+v", tot)
	}
	if c := SmelterConcerns(&s.Suppliers[0]); len(c) != 1 || c[0].CID != "CID002842" {
		t.Errorf("concerns %+v", c)
	}
}

func TestCarryDecisionsAndDrivers(t *testing.T) {
	fresh := []Finding{{Code: CodeSmelterRemoved, Key: "k1", Severity: High, Status: StatusOpen}, {Code: CodeStale, Key: "k2", Severity: Low, Status: StatusOpen},
		{Code: CodeStale, Key: "k3", Severity: Low, Status: StatusOpen}}
	stored := []Finding{{ID: 7, Key: "k2", Status: StatusResolved, History: []Event{{By: "anna"}}}, {ID: 8, Key: "k1", Status: StatusGone}}
	got := CarryDecisions(fresh, stored)
	if got[1].Status != StatusResolved || got[1].ID != 7 || len(got[1].History) != 1 || got[0].Status != StatusOpen || got[0].ID != 0 {
		t.Fatalf("carried %+v", got)
	}
	cfg := DefaultConfig()
	dr := cfg.Drivers(got)
	if len(dr) != 2 || dr[0].Code != CodeSmelterRemoved || dr[1].Code != CodeStale || dr[1].Count != 1 {
		t.Fatalf("drivers %+v", dr)
	}
	if dr[1].Weight != cfg.Weight(&got[2]) {
		t.Errorf("weight %v", dr[1].Weight)
	}
}
