package smelters_test

import (
	"fmt"
	"time"

	"github.com/openminerals/cmrt/smelters"
)

// A Conformant export can still carry a facility RMI's revision history
// removed months earlier: the removal wins from its date on.
func ExampleStatusOn() {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	lists := []smelters.LoadedList{
		{ID: 1, Kind: smelters.KindStandard, Effective: d("2026-01-15"), Metals: []string{"Tin"},
			Facilities: []smelters.Facility{{CID: "CID003190", Metal: "Tin", Name: "Chifeng Dajingzi Tin Industry Co., Ltd."}}},
		{ID: 2, Kind: smelters.KindConformant, Effective: d("2026-08-22"),
			Facilities: []smelters.Facility{{CID: "CID003190", Metal: "Tin", Status: smelters.StatusConformant, StatusText: "Conformant"}}},
		{ID: 3, Kind: smelters.KindRevisions, Effective: d("2026-08-22"),
			Revisions: []smelters.Revision{{CID: "CID003190", Metal: "Tin", Basis: "Removed",
				Details: "No longer an operating smelter / refiner", RevisionDate: d("2026-04-29")}}},
	}
	for _, day := range []string{"2026-03-01", "2026-09-01"} {
		fmt.Println(day, smelters.StatusOn(lists, "CID003190", "Tin", d(day)))
	}
	// Output:
	// 2026-03-01 not-participating
	// 2026-09-01 removed
}
