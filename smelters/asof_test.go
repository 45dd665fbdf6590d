package smelters_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/openminerals/cmrt/smelters"
)

// asofLists mimics RMI's downloads of 2026: a standard list (June), a
// Conformant export (August) that still carries facilities the revision
// history removed in April, an Active list, and the revision history.
func asofLists() []smelters.LoadedList {
	std := smelters.LoadedList{ID: 1, Kind: smelters.KindStandard, Effective: day("2026-06-01"), Metals: []string{"Tantalum", "Tin", "Gold"},
		Facilities: []smelters.Facility{
			{CID: "CID002842", Metal: "Tantalum", Name: "Jiangxi Tuohong New Raw Material", Country: "CHINA"},
			{CID: "CID003190", Metal: "Tin", Name: "Chifeng Dajingzi Tin Industry Co., Ltd.", Country: "CHINA"},
			{CID: "CID000001", Metal: "Gold", Name: "Renamed Gold Refinery", Country: "JAPAN"},
			{CID: "CID000002", Metal: "Gold", Name: "Back Again Refinery", Country: "PERU"},
			{CID: "CID000003", Metal: "Gold", Name: "Quiet Refinery", Country: "PERU"},
		}}
	conf := smelters.LoadedList{ID: 2, Kind: smelters.KindConformant, Effective: day("2026-08-22"),
		Facilities: []smelters.Facility{
			{CID: "CID002842", Metal: "Tantalum", Name: "Jiangxi Tuohong New Raw Material", Status: smelters.StatusConformant, StatusText: "Conformant"},
			{CID: "CID003190", Metal: "Tin", Name: "Chifeng Dajingzi Tin Industry Co., Ltd.", Status: smelters.StatusConformant, StatusText: "Conformant"},
			{CID: "CID000001", Metal: "Gold", Name: "Renamed Gold Refinery", Status: smelters.StatusConformant, StatusText: "Conformant"},
			{CID: "CID000002", Metal: "Gold", Name: "Back Again Refinery", Status: smelters.StatusConformant, StatusText: "Conformant"},
			{CID: "CID000009", Metal: smelters.MetalMultiple, Name: "Omni Metals", Status: smelters.StatusConformant, StatusText: "Conformant"},
		}}
	status := smelters.LoadedList{ID: 3, Kind: smelters.KindStatus, Effective: day("2026-08-22"),
		Facilities: []smelters.Facility{
			{CID: "CID000003", Metal: "Gold", Name: "Quiet Refinery", Status: smelters.StatusNonConformant, StatusText: "Outreach Required"},
		}}
	revs := smelters.LoadedList{ID: 4, Kind: smelters.KindRevisions, Effective: day("2026-08-22"),
		Revisions: []smelters.Revision{
			{Row: 2, CID: "CID002842", Metal: "Tantalum", Name: "Jiangxi Tuohong New Raw Material", Basis: "Removed",
				Details: "No longer an operating smelter / refiner", RevisionDate: day("2026-04-29")},
			{Row: 3, CID: "CID003190", Metal: "Tin", Name: "Chifeng Dajingzi Tin Industry Co., Ltd.", Basis: "Removed",
				Details: "Facility-level reporting, see Smelter IDs: CID002224, CID 2225", RevisionDate: day("2026-04-29")},
			{Row: 4, CID: "CID000001", Metal: "Gold", Name: "Renamed Gold Refinery", Basis: "Name correction",
				Details: "Formerly Old Gold Refinery", RevisionDate: day("2026-05-01")},
			{Row: 5, CID: "CID000002", Metal: "Gold", Name: "Back Again Refinery", Basis: "Removed",
				Details: "No longer an operating smelter / refiner", RevisionDate: day("2025-01-10")},
			{Row: 6, CID: "CID000002", Metal: "Gold", Name: "Back Again Refinery", Basis: "Added",
				Details: "Returned to operations", RevisionDate: day("2026-03-01")},
			{Row: 7, CID: "CID000777", Metal: "Tin", Name: "Long Gone Tin", Country: "BOLIVIA", Basis: "Removed",
				Details: "Duplicate of CID000778", RevisionDate: day("2024-02-02")},
		}}
	return []smelters.LoadedList{revs, status, conf, std} // any order
}

func TestStatusOnRules(t *testing.T) {
	lists := asofLists()
	for _, tc := range []struct {
		rule, cid, metal, day string
		want                  smelters.Status
	}{
		{"removed beats conformant", "CID002842", "Tantalum", "2026-09-01", smelters.StatusRemoved},
		{"removed beats conformant (tin)", "CID003190", "Tin", "2026-09-01", smelters.StatusRemoved},
		{"removed from its date on", "CID002842", "Tantalum", "2026-07-01", smelters.StatusRemoved},   // the revisions file is dated August
		{"not removed the day before", "CID002842", "Tantalum", "2026-04-28", smelters.StatusUnknown}, // and no other list in force yet
		{"removed in 2025, not yet returned", "CID000002", "Gold", "2026-02-01", smelters.StatusRemoved},
		{"returned to operations re-adds", "CID000002", "Gold", "2026-09-01", smelters.StatusConformant},
		{"name correction keeps status", "CID000001", "Gold", "2026-09-01", smelters.StatusConformant},
		{"published non-conformant text", "CID000003", "Gold", "2026-09-01", smelters.StatusNonConformant},
		{"removed, in no list any more", "CID000777", "Tin", "2026-09-01", smelters.StatusRemoved},
		{"multiple found from tungsten", "CID000009", "Tungsten", "2026-09-01", smelters.StatusConformant},
		{"in no list", "CID999999", "Gold", "2026-09-01", smelters.StatusUnknown},
		{"no date limit", "CID002842", "Tantalum", "", smelters.StatusRemoved},
	} {
		var d time.Time
		if tc.day != "" {
			d = day(tc.day)
		}
		if got := smelters.StatusOn(lists, tc.cid, tc.metal, d); got != tc.want {
			t.Errorf("%s: %s on %s = %q, want %q", tc.rule, tc.cid, tc.day, got, tc.want)
		}
	}
	// Only the standard list is in force in July: in RMI's list, on no status list.
	if got := smelters.StatusOn(lists, "CID000003", "Gold", day("2026-07-01")); got != smelters.StatusNotParticipating {
		t.Errorf("standard list only: %q, want not-participating", got)
	}
}

func TestViewRemovalDetails(t *testing.T) {
	lists := asofLists()
	d := day("2026-09-01")
	ix := smelters.NewIndex(smelters.View(smelters.InForce(lists, d), d))
	f := ix.Lookup("CID003190", "Tin")
	if f == nil || f.Removal == nil {
		t.Fatalf("CID003190: %+v", f)
	}
	if !f.Removal.Date.Equal(day("2026-04-29")) || f.Removal.Reason != "Facility-level reporting, see Smelter IDs: CID002224, CID 2225" ||
		!reflect.DeepEqual(f.Removal.Successors, []string{"CID002224", "CID002225"}) {
		t.Errorf("removal: %+v", f.Removal)
	}
	if f.StatusText != "" || f.Removal.StatusListSays != "Conformant" || f.StatusLabel() != "removed" {
		t.Errorf("stale status text %q / %q, label %q", f.StatusText, f.Removal.StatusListSays, f.StatusLabel())
	}
	gone := ix.Lookup("CID000777", "")
	if gone == nil || gone.Name != "Long Gone Tin" || gone.Country != "BOLIVIA" || gone.Metal != "Tin" {
		t.Errorf("removed facility from the revisions: %+v", gone)
	}
	if back := ix.Lookup("CID000002", "Gold"); back.Removal != nil {
		t.Errorf("returned facility keeps a removal: %+v", back.Removal)
	}
}

func TestInForce(t *testing.T) {
	a := smelters.LoadedList{ID: 1, Kind: smelters.KindStandard, Effective: day("2026-01-01"), Metals: []string{"Gold", "Tin"}}
	b := smelters.LoadedList{ID: 2, Kind: smelters.KindLookup, Effective: day("2026-06-01"), Metals: []string{"Gold"}}
	old := smelters.LoadedList{ID: 3, Kind: smelters.KindStandard, Effective: day("2023-01-01"), Metals: []string{"Gold", "Tin"}} // loaded last, older
	c1 := smelters.LoadedList{ID: 4, Kind: smelters.KindConformant, Effective: day("2026-02-01")}
	c2 := smelters.LoadedList{ID: 5, Kind: smelters.KindConformant, Effective: day("2026-08-01")}
	ids := func(ls []smelters.LoadedList) []int64 {
		var out []int64
		for _, l := range ls {
			out = append(out, l.ID)
		}
		return out
	}
	all := []smelters.LoadedList{a, b, old, c1, c2}
	for _, tc := range []struct {
		day  string
		want []int64
	}{
		{"", []int64{1, 2, 5}},        // gold from the look-up, tin from the standard list, the latest conformant list
		{"2026-03-01", []int64{1, 4}}, // the look-up and the August list are not out yet
		{"2024-01-01", []int64{3}},    // only the 2023 list
		{"2022-12-31", nil},           // nothing in force
	} {
		var d time.Time
		if tc.day != "" {
			d = day(tc.day)
		}
		if got := ids(smelters.InForce(all, d)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("in force on %q: %v, want %v", tc.day, got, tc.want)
		}
	}
}

func TestRevisionEffect(t *testing.T) {
	for _, tc := range []struct {
		basis, details string
		want           smelters.RevisionEffect
	}{
		{"Removed", "No longer an operating smelter / refiner", smelters.RevisionRemoves},
		{"Added", "Returned to operations", smelters.RevisionAdds},
		{"Other", "Returned to operations", smelters.RevisionAdds},
		{"Name correction", "", smelters.RevisionNoEffect},
		{"Location correction", "", smelters.RevisionNoEffect},
		{"Metal correction", "", smelters.RevisionNoEffect},
	} {
		r := smelters.Revision{Basis: tc.basis, Details: tc.details}
		if got := r.Effect(); got != tc.want {
			t.Errorf("%q/%q: %v, want %v", tc.basis, tc.details, got, tc.want)
		}
	}
}

func TestMultipleAndMetalTypos(t *testing.T) {
	facs := []smelters.Facility{
		{CID: "CID000001", Metal: "Tungsten", Name: "A", Status: smelters.StatusConformant},
		{CID: "CID000009", Metal: smelters.MetalMultiple, Name: "Omni", Status: smelters.StatusConformant},
	}
	if got := smelters.Search(facs, smelters.Filter{Metal: "tungsten", Status: smelters.StatusConformant}); len(got) != 1 || got[0].CID != "CID000001" {
		t.Errorf("tungsten conformant: %+v", got)
	}
	if got := smelters.Search(facs, smelters.Filter{Metal: "multiple"}); len(got) != 1 || got[0].CID != "CID000009" {
		t.Errorf("--metal multiple: %+v", got)
	}
	// A declared tungsten row naming the Multiple facility's CID is matched.
	r := smelters.NewMatcher(facs, nil).Match(smelters.Declared{Metal: "Tungsten", Name: "Omni", CID: "CID000009"})
	if r.Status != smelters.Matched || r.Metal != smelters.MetalMultiple {
		t.Errorf("declared tungsten naming a Multiple facility: %+v", r)
	}
	for in, want := range map[string]string{"Graphite (Articial)": "Graphite (Artificial)", "graphite (artificial)": "graphite (artificial)", "W": "Tungsten"} {
		if got := smelters.NormalizeMetal(in); got != want {
			t.Errorf("NormalizeMetal(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCorrectionsRenameWithoutChangingStatus: a name correction renames the
// facility (the former name kept as an alias, so it still matches) and a
// location correction moves it, from the revision's date on; neither
// changes its status.
func TestCorrectionsRenameWithoutChangingStatus(t *testing.T) {
	lists := asofLists()
	for i := range lists {
		if lists[i].Kind != smelters.KindRevisions {
			continue
		}
		lists[i].Revisions = append(lists[i].Revisions,
			smelters.Revision{Row: 8, CID: "CID000003", Metal: "Gold", Name: "Quiet Refinery S.A.C.", Basis: "Name correction", RevisionDate: day("2026-06-10")},
			smelters.Revision{Row: 9, CID: "CID000003", Metal: "Gold", Name: "Quiet Refinery S.A.C.", Country: "BOLIVIA", Basis: "Location correction", RevisionDate: day("2026-06-10")},
			smelters.Revision{Row: 10, CID: "CID000003", Metal: "Gold", Name: "Quiet Refinery (future)", Basis: "Name correction", RevisionDate: day("2027-01-01")})
	}
	for _, tc := range []struct {
		day, name, country string
	}{
		{"2026-09-01", "Quiet Refinery S.A.C.", "BOLIVIA"},
		{"2026-06-09", "Quiet Refinery", "PERU"}, // the day before the corrections
	} {
		d := day(tc.day)
		ix := smelters.NewIndex(smelters.View(smelters.InForce(lists, d), d))
		f := ix.Lookup("CID000003", "Gold")
		if f == nil || f.Name != tc.name || f.Country != tc.country {
			t.Fatalf("on %s: %+v, want %q in %s", tc.day, f, tc.name, tc.country)
		}
		if tc.day == "2026-09-01" {
			if f.Status != smelters.StatusNonConformant || f.StatusText != "Outreach Required" {
				t.Errorf("status changed by a correction: %q %q", f.Status, f.StatusText)
			}
			if !slices.Contains(f.Aliases, "Quiet Refinery") {
				t.Errorf("former name not kept as an alias: %q", f.Aliases)
			}
		}
	}
}
