package smelters_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/smelters"
)

func TestMergeStatuses(t *testing.T) {
	ref := []smelters.Facility{
		{CID: "CID002763", Metal: "Gold", Name: "8853 S.p.A.", Country: "ITALY", Aliases: []string{"8853 S.p.A."}, SnapshotID: 1},
		{CID: "CID000401", Metal: "Gold", Name: "Dowa", Country: "JAPAN", SnapshotID: 1},
		{CID: "CID002180", Metal: "Tin", Name: "Yunnan Tin Company Limited", Country: "CHINA", SnapshotID: 1},
	}
	conformant := []smelters.Facility{ // older
		{CID: "CID002763", Metal: "Gold", Name: "8853 S.p.A.", Status: smelters.StatusConformant, StatusText: "Conformant",
			LastAudit: day("2024-01-10"), AuditCycle: "1 Year", ReauditDue: day("2025-01-10"), SnapshotID: 2},
		{CID: "CID000401", Metal: "Gold", Name: "Dowa", Status: smelters.StatusConformant, StatusText: "Conformant", SnapshotID: 2},
		{CID: "CID009000", Metal: smelters.MetalMultiple, Name: "Omni Refinery", Country: "PERU", State: "Lima",
			Status: smelters.StatusConformant, StatusText: "Conformant", SnapshotID: 2},
	}
	active := []smelters.Facility{ // newer: Dowa went back to Active
		{CID: "CID000401", Metal: "Gold", Name: "Dowa", Status: smelters.StatusActive, StatusText: "Active", SnapshotID: 3},
	}
	got := smelters.Merge(ref, conformant, active)
	want := map[string]struct {
		status       smelters.Status
		text         string
		ref, statSrc int64
	}{
		"CID002763": {smelters.StatusConformant, "Conformant", 1, 2},
		"CID000401": {smelters.StatusActive, "Active", 1, 3},
		"CID002180": {smelters.StatusNotParticipating, "", 1, 0},
		"CID009000": {smelters.StatusConformant, "Conformant", 0, 2}, // only in a status list: included
	}
	if len(got) != len(want) {
		t.Fatalf("%d facilities, want %d: %+v", len(got), len(want), got)
	}
	for _, f := range got {
		w := want[f.CID]
		if f.Status != w.status || f.StatusText != w.text || f.SnapshotID != w.ref || f.StatusSnapshotID != w.statSrc {
			t.Errorf("%s: %q %q ref %d status %d; want %+v", f.CID, f.Status, f.StatusText, f.SnapshotID, f.StatusSnapshotID, w)
		}
		if f.CID == "CID002763" && (!f.ReauditDue.Equal(day("2025-01-10")) || f.AuditCycle != "1 Year") {
			t.Errorf("audit data not carried: %+v", f)
		}
		if f.CID == "CID009000" && (f.Name != "Omni Refinery" || f.Country != "PERU") {
			t.Errorf("status-only facility: %+v", f)
		}
	}
	// Merge copies: the inputs are not changed.
	if ref[0].Status != "" {
		t.Error("Merge changed its input")
	}
}

func TestDiff(t *testing.T) {
	before := []smelters.Facility{
		{CID: "CID002763", Metal: "Gold", Name: "8853 S.p.A.", Country: "ITALY", Status: smelters.StatusActive, StatusText: "Active",
			Aliases: []string{"8853 S.p.A."}},
		{CID: "CID000258", Metal: "Tungsten", Name: "Zhangyuan Tungsten Co Ltd", Country: "CHINA", Status: smelters.StatusNotParticipating},
		{CID: "CID000100", Metal: "Tin", Name: "Gone Smelter", Country: "BOLIVIA (PLURINATIONAL STATE OF)", Status: smelters.StatusNotParticipating},
		{CID: "CID000401", Metal: "Gold", Name: "Dowa", Country: "JAPAN", Status: smelters.StatusConformant, StatusText: "Conformant",
			Aliases: []string{"Dowa", "AKITA Seiren"}},
	}
	after := []smelters.Facility{
		{CID: "CID002763", Metal: "Gold", Name: "8853 S.p.A.", Country: "ITALY", Status: smelters.StatusConformant, StatusText: "Conformant",
			Aliases: []string{"8853 S.p.A."}},
		{CID: "CID000258", Metal: "Tungsten", Name: "Chongyi Zhangyuan Tungsten Co., Ltd.", Country: "CHINA", Status: smelters.StatusNotParticipating},
		{CID: "CID004755", Metal: "Gold", Name: "Elite Industech Co., Ltd.", Country: "TAIWAN, PROVINCE OF CHINA", Status: smelters.StatusNotParticipating},
		{CID: "CID000401", Metal: "Gold", Name: "Dowa", Country: "Japan", Status: smelters.StatusConformant, StatusText: "Conformant",
			Aliases: []string{"Dowa", "DOWA Metals & Mining"}},
	}
	var got []string
	for _, c := range smelters.Diff(before, after) {
		got = append(got, c.String())
	}
	want := []string{
		"removed CID000100 Gone Smelter (Tin)",
		"renamed CID000258 (Tungsten): Zhangyuan Tungsten Co Ltd → Chongyi Zhangyuan Tungsten Co., Ltd.",
		"CID000401 Dowa: aliases added DOWA Metals & Mining; removed AKITA Seiren", // "Japan" = "JAPAN": no country change
		"CID002763 8853 S.p.A.: Active → Conformant",
		"added CID004755 Elite Industech Co., Ltd. (Gold)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d := smelters.Diff(after, after); len(d) != 0 {
		t.Errorf("no change gave %v", d)
	}
	moved := []smelters.Facility{after[0]}
	moved[0].Country = "SAN MARINO"
	if d := smelters.Diff(after[:1], moved); len(d) != 1 || d[0].String() != "CID002763 8853 S.p.A.: country ITALY → SAN MARINO" {
		t.Errorf("country change: %v", d)
	}
	lost := []smelters.Facility{after[0]}
	lost[0].Status, lost[0].StatusText = smelters.StatusNotParticipating, ""
	if d := smelters.Diff(after[:1], lost); len(d) != 1 || d[0].String() != "CID002763 8853 S.p.A.: Conformant → not-participating" {
		t.Errorf("status lost: %v", d)
	}
}

func TestSearch(t *testing.T) {
	facs := smelters.Merge(testList(), []smelters.Facility{
		{CID: "CID002763", Metal: "Gold", Status: smelters.StatusConformant, StatusText: "Conformant"},
		{CID: "CID002180", Metal: "Tin", Status: smelters.StatusActive, StatusText: "Active"},
	})
	cids := func(q smelters.Filter) []string {
		var out []string
		for _, f := range smelters.Search(facs, q) {
			out = append(out, f.CID)
		}
		return out
	}
	for _, tc := range []struct {
		q    smelters.Filter
		want []string
	}{
		{smelters.Filter{Text: "cid 2763"}, []string{"CID002763"}},
		{smelters.Filter{Text: "akita"}, []string{"CID000401"}},                  // an alias
		{smelters.Filter{Text: "MINERAÇÃO"}, []string{"CID001175", "CID001173"}}, // accents, case; Tantalum sorts first
		{smelters.Filter{Text: "taboca", Metal: "tin"}, []string{"CID001173"}},   // metal filter
		{smelters.Filter{Text: "johnson matthey", Country: "usa"}, []string{"CID000920"}},
		{smelters.Filter{Status: smelters.StatusActive}, []string{"CID002180"}},
		{smelters.Filter{Metal: "gold", Status: smelters.StatusConformant}, []string{"CID002763"}},
		{smelters.Filter{Text: "云南锡业"}, []string{"CID002180"}},
		{smelters.Filter{Text: "nothing like this"}, nil},
	} {
		if got := cids(tc.q); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Search(%+v) = %v, want %v", tc.q, got, tc.want)
		}
	}
}
