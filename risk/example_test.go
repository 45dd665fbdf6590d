package risk_test

import (
	"fmt"
	"time"

	"github.com/openminerals/cmrt/risk"
)

// A supplier declares a gold refinery that RMI has since removed, and
// answers "Yes" to sourcing from conflict-affected areas: two findings, and
// a high rank whatever the score (a removed smelter is critical).
func ExampleEvaluate() {
	season := &risk.Season{Period: 2025, AsOf: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), Suppliers: []risk.Supplier{{
		ID: 7, Name: "Acme Ltd",
		Declarations: []risk.Declaration{{
			ID: 12, Family: "CMRT", Version: "6.6", File: "acme.xlsx", Scope: "A. Company",
			EffectiveDate: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC),
			Answers:       []risk.Answer{{Question: "4", Mineral: "Gold", Value: "Yes", Cell: "D46"}},
			Smelters: []risk.SmelterRow{{Row: 5, Metal: "Gold", Name: "Old Refinery", CID: "CID002842", MatchStatus: "matched",
				Facility: &risk.Facility{CID: "CID002842", Metal: "Gold", Name: "Old Refinery", Country: "JAPAN",
					Status: risk.StatusRemoved, RemovedOn: time.Date(2025, 4, 29, 0, 0, 0, 0, time.UTC),
					RemovedReason: "No longer an operating smelter / refiner"}}},
		}},
	}}}
	cfg := risk.DefaultConfig()
	findings := risk.Evaluate(season, risk.BuiltinReferenceData(), cfg)
	for _, f := range findings {
		fmt.Printf("%s %s (OECD step %d): %s\n", f.Severity, f.Code, f.OECDStep, f.Message)
	}
	rank, score, critical := cfg.RankOf(findings)
	fmt.Println(rank, score, critical)
	// Output:
	// high SMELTER_REMOVED (OECD step 2): CID002842 Old Refinery was removed by RMI on 2025-04-29: No longer an operating smelter / refiner
	// high SOURCING_CAHRA (OECD step 2): Gold: "Yes" to the conflict-affected and high-risk areas question; a declared Gold smelter is not conformant
	// high 20 SMELTER_REMOVED
}
