package smelters_test

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/openminerals/cmrt/smelters"
)

// testList is a few facilities with the traps real lists have: one name
// under two CIDs, one company in two metals, CJK aliases.
func testList() []smelters.Facility {
	return []smelters.Facility{
		{CID: "CID002763", Metal: "Gold", Name: "8853 S.p.A.", Country: "ITALY", Aliases: []string{"8853 S.p.A."}},
		{CID: "CID000401", Metal: "Gold", Name: "Dowa", Country: "JAPAN",
			Aliases: []string{"AKITA Seiren", "Dowa", "DOWA Metals & Mining Co., Ltd."}},
		{CID: "CID001916", Metal: "Gold", Name: "Shandong Gold Smelting Co., Ltd.", Country: "CHINA",
			Aliases: []string{"Shandong Gold Smelting Co., Ltd.", "The Refinery of Shandong Gold Mining Co., Ltd."}},
		{CID: "CID001622", Metal: "Gold", Name: "Shandong Zhaojin Gold & Silver Refinery Co., Ltd.", Country: "CHINA",
			Aliases: []string{"Shandong Zhaojin Gold & Silver Refinery Co., Ltd.", "Zhao Yuan Gold Mine"}},
		{CID: "CID000924", Metal: "Gold", Name: "Johnson Matthey Limited", Country: "CANADA", Aliases: []string{"Johnson Matthey Limited"}},
		{CID: "CID000920", Metal: "Gold", Name: "Johnson Matthey Inc. (USA)", Country: "UNITED STATES OF AMERICA",
			Aliases: []string{"Johnson Matthey Inc."}},
		{CID: "CID001173", Metal: "Tin", Name: "Mineracao Taboca S.A.", Country: "BRAZIL", Aliases: []string{"Mineração Taboca S.A."}},
		{CID: "CID001175", Metal: "Tantalum", Name: "Mineracao Taboca S.A.", Country: "BRAZIL", Aliases: []string{"Mineração Taboca S.A."}},
		{CID: "CID002180", Metal: "Tin", Name: "Yunnan Tin Company Limited", Country: "CHINA",
			Aliases: []string{"Yunnan Tin Company Limited", "云南锡业股份有限公司锡业分公司"}},
		{CID: "CID000035", Metal: "Gold", Name: "Agosi AG", Country: "GERMANY", Aliases: []string{"Agosi AG"}},
	}
}

func match(t *testing.T, m *smelters.Matcher, d smelters.Declared) smelters.Result {
	t.Helper()
	r := m.Match(d)
	t.Logf("%+v → %s %s %.2f %q disagreements=%v notes=%v", d, r.Status, r.CID, r.Score, r.Reason, r.Disagreements, r.Notes)
	return r
}

func expect(t *testing.T, r smelters.Result, status smelters.MatchStatus, cid string, stage smelters.Stage, reason string) {
	t.Helper()
	if r.Status != status || r.CID != cid || r.Stage != stage || !strings.HasPrefix(r.Reason, reason) {
		t.Errorf("got %s %q %s %q; want %s %q %s %q…", r.Status, r.CID, r.Stage, r.Reason, status, cid, stage, reason)
	}
}

func disagreements(r smelters.Result) []string {
	var out []string
	for _, d := range r.Disagreements {
		out = append(out, d.Field)
	}
	return out
}

func TestMatchStages(t *testing.T) {
	m := smelters.NewMatcher(testList(), nil)
	G := smelters.Matched

	t.Run("cid", func(t *testing.T) {
		r := match(t, m, smelters.Declared{Metal: "gold", CID: "cid 2763"})
		expect(t, r, G, "CID002763", smelters.StageCID, "CID exact")
		r = match(t, m, smelters.Declared{Metal: "Gold", Name: "8853 SPA", CID: "CID2763", Country: "Italy"})
		expect(t, r, G, "CID002763", smelters.StageCID, "CID exact")
		if len(r.Disagreements) != 0 {
			t.Errorf("disagreements %v, want none", r.Disagreements)
		}
	})
	t.Run("alias exact", func(t *testing.T) {
		expect(t, match(t, m, smelters.Declared{Metal: "Gold", Name: "akita  seiren"}), G, "CID000401", smelters.StageExact, "alias exact")
		expect(t, match(t, m, smelters.Declared{Metal: "Gold", Name: "Dowa"}), G, "CID000401", smelters.StageExact, "standard name exact")
		expect(t, match(t, m, smelters.Declared{Metal: "Tin", Name: "云南锡业股份有限公司锡业分公司"}), G, "CID002180", smelters.StageExact, "alias exact")
	})
	t.Run("normalised", func(t *testing.T) {
		for _, name := range []string{
			"DOWA METALS AND MINING CO LTD",
			"Dowa Metals & Mining Company Limited",
			"ＤＯＷＡ　Ｍｅｔａｌｓ　＆　Ｍｉｎｉｎｇ",        // full-width
			"DowaMetals&Mining Co., Ltd.", // missing spaces
			"Mining Metals & Dowa",        // word order
		} {
			expect(t, match(t, m, smelters.Declared{Metal: "Gold", Name: name}), G, "CID000401", smelters.StageNormalised, "normalised name")
		}
		// The metal keeps apart one company's two facilities.
		expect(t, match(t, m, smelters.Declared{Metal: "Tantalum", Name: "Mineracao Taboca"}), G, "CID001175", smelters.StageNormalised, "normalised name")
		expect(t, match(t, m, smelters.Declared{Metal: "Tin", Name: "MINERACAO TABOCA SA"}), G, "CID001173", smelters.StageNormalised, "normalised name")
	})
	t.Run("fuzzy", func(t *testing.T) {
		r := match(t, m, smelters.Declared{Metal: "Gold", Name: "Shandong Gold Smeltng Co"})
		expect(t, r, G, "CID001916", smelters.StageFuzzy, "fuzzy 0.9")
		r = match(t, m, smelters.Declared{Metal: "Gold", Name: "Shandong Gold Smeltng Co", Country: "China"})
		expect(t, r, G, "CID001916", smelters.StageFuzzy, "fuzzy 0.9")
		if !strings.HasSuffix(r.Reason, ", country agrees") {
			t.Errorf("reason %q does not say the country agrees", r.Reason)
		}
		// A typo in the corporate form costs little.
		expect(t, match(t, m, smelters.Declared{Metal: "Gold", Name: "Shandong Gold Smelting Limitd"}), G, "CID001916", smelters.StageFuzzy, "fuzzy")
	})
	t.Run("fuzzy country differs", func(t *testing.T) {
		agree := match(t, m, smelters.Declared{Metal: "Gold", Name: "Shandong Zhaojin Gold and Silver Refinary", Country: "CHINA"})
		differ := match(t, m, smelters.Declared{Metal: "Gold", Name: "Shandong Zhaojin Gold and Silver Refinary", Country: "JAPAN"})
		if agree.Score-differ.Score < 0.12 {
			t.Errorf("country agreement %.2f vs disagreement %.2f: want 0.13 apart", agree.Score, differ.Score)
		}
		if !strings.Contains(differ.Reason, "country differs") {
			t.Errorf("reason %q does not say the country differs", differ.Reason)
		}
		if differ.Status == smelters.Matched && !reflect.DeepEqual(disagreements(differ), []string{"country"}) {
			t.Errorf("accepted with country differing but disagreements %v", differ.Disagreements)
		}
	})
	t.Run("needs review below threshold", func(t *testing.T) {
		r := match(t, m, smelters.Declared{Metal: "Gold", Name: "Shandong Gold Smltng"})
		if r.Status != smelters.NeedsReview || r.CID != "" || len(r.Candidates) == 0 || r.Candidates[0].CID != "CID001916" {
			t.Errorf("got %s %q candidates %v; want needs review with CID001916 first", r.Status, r.CID, r.Candidates)
		}
		if !strings.Contains(r.Reason, "below 0.88") {
			t.Errorf("reason %q does not give the threshold", r.Reason)
		}
		// Short names: one typo is not enough to accept.
		r = match(t, m, smelters.Declared{Metal: "Gold", Name: "Agoosi AG"})
		if r.Status != smelters.NeedsReview || r.Candidates[0].CID != "CID000035" {
			t.Errorf("Agoosi: %s %v", r.Status, r.Candidates)
		}
	})
	t.Run("ambiguous name", func(t *testing.T) {
		r := match(t, m, smelters.Declared{Metal: "Gold", Name: "Johnson Matthey"})
		if r.Status != smelters.NeedsReview || len(r.Candidates) != 2 || !strings.Contains(r.Reason, "names 2 facilities") {
			t.Errorf("got %s %q %v", r.Status, r.Reason, r.Candidates)
		}
		r = match(t, m, smelters.Declared{Metal: "Gold", Name: "Johnson Matthey", Country: "Canada"})
		expect(t, r, G, "CID000924", smelters.StageNormalised, "normalised name, country agrees")
	})
	t.Run("no match", func(t *testing.T) {
		r := match(t, m, smelters.Declared{Metal: "Gold", Name: "Completely Unrelated Widget Factory"})
		expect(t, r, smelters.NoMatch, "", smelters.StageNone, "no listed name scores 0.60")
		r = match(t, m, smelters.Declared{Metal: "Gold", Name: "Smelter not yet identified"})
		expect(t, r, smelters.NoMatch, "", smelters.StageNone, `declared as "Smelter not yet identified"`)
	})
	t.Run("listed under another metal", func(t *testing.T) {
		r := match(t, m, smelters.Declared{Metal: "Tantalum", Name: "Yunnan Tin Co., Ltd."})
		if r.Status != smelters.NeedsReview || r.Candidates[0].CID != "CID002180" || !strings.HasPrefix(r.Reason, "listed under Tin, not Tantalum") {
			t.Errorf("got %s %q %v", r.Status, r.Reason, r.Candidates)
		}
		if !reflect.DeepEqual(disagreements(r), []string{"metal"}) {
			t.Errorf("disagreements %v", r.Disagreements)
		}
		// A name shared within the declared metal is reviewed among that
		// metal's facilities, whatever other metals list it.
		shared := append(testList(), smelters.Facility{CID: "CID004212", Metal: "Copper", Name: "Ruashi Mining SAS"},
			smelters.Facility{CID: "CID005015", Metal: "Copper", Name: "Ruashi Mining SAS"},
			smelters.Facility{CID: "CID003442", Metal: "Cobalt", Name: "Ruashi Mining SAS"})
		r = match(t, smelters.NewMatcher(shared, nil), smelters.Declared{Metal: "Copper", Name: "Ruashi Mining SAS"})
		if r.Status != smelters.NeedsReview || len(r.Candidates) != 2 || r.Candidates[0].Metal != "Copper" || r.Candidates[1].Metal != "Copper" ||
			len(r.Disagreements) != 0 {
			t.Errorf("shared name: %s %q %v %v", r.Status, r.Reason, r.Candidates, r.Disagreements)
		}
		r = match(t, m, smelters.Declared{Metal: "Cobalt", Name: "Dowa"})
		if len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "no list loaded covers Cobalt") || r.Status != smelters.NeedsReview {
			t.Errorf("cobalt: %s %v", r.Status, r.Notes)
		}
	})
}

func TestMatchCIDDisagreements(t *testing.T) {
	m := smelters.NewMatcher(testList(), nil)
	// The CID's metal differs: matched on the CID, the fact kept.
	r := match(t, m, smelters.Declared{Metal: "Tin", Name: "8853 S.p.A.", CID: "CID002763", Country: "ITALY"})
	expect(t, r, smelters.Matched, "CID002763", smelters.StageCID, "CID exact")
	if got := disagreements(r); !reflect.DeepEqual(got, []string{"metal"}) || r.Disagreements[0].Listed != "Gold" {
		t.Errorf("disagreements %v, want metal (listed Gold)", r.Disagreements)
	}
	// The name matches nothing else: the CID stands, the name differs.
	r = match(t, m, smelters.Declared{Metal: "Gold", Name: "Foo Bar Refinery", CID: "CID002763", Country: "FRANCE"})
	expect(t, r, smelters.Matched, "CID002763", smelters.StageCID, "CID exact")
	if got := disagreements(r); !reflect.DeepEqual(sorted(got), []string{"country", "name"}) {
		t.Errorf("disagreements %v, want country and name", r.Disagreements)
	}
	if s := r.Disagreements[0].String(); !strings.Contains(s, "differs: declared") {
		t.Errorf("disagreement reads %q", s)
	}
	// The name is clearly another facility's: a person must decide.
	r = match(t, m, smelters.Declared{Metal: "Gold", Name: "Dowa", CID: "CID002763"})
	if r.Status != smelters.NeedsReview || r.CID != "" || len(r.Candidates) != 2 || r.Candidates[0].CID != "CID002763" || r.Candidates[1].CID != "CID000401" ||
		r.Reason != "CID CID002763 is 8853 S.p.A., but the name fits CID000401 Dowa (standard name exact)" {
		t.Errorf("CID vs name: %s %q %v", r.Status, r.Reason, r.Candidates)
	}
	// A CID of RMI's form that is not listed: recorded, the name decides.
	r = match(t, m, smelters.Declared{Metal: "Gold", Name: "Agosi AG", CID: "CID009999"})
	expect(t, r, smelters.Matched, "CID000035", smelters.StageExact, "standard name exact")
	if len(r.Disagreements) != 1 || r.Disagreements[0].Field != "cid" || !strings.Contains(r.Disagreements[0].String(), "CID009999 is not in the list") {
		t.Errorf("disagreements %v", r.Disagreements)
	}
	// A non-RMI identifier: kept, flagged, the name decides.
	r = match(t, m, smelters.Declared{Metal: "Gold", Name: "Agosi", CID: "CIDSN2285"})
	expect(t, r, smelters.Matched, "CID000035", smelters.StageNormalised, "normalised name")
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "CIDSN2285 is not an RMI identifier") {
		t.Errorf("notes %v", r.Notes)
	}
}

func TestMatchReviewerMapping(t *testing.T) {
	maps := []smelters.Mapping{
		{Name: "Acme Refining Ltd", Metal: "gold", CID: "cid 2763"},
		{Name: "Ghost Smelter", Metal: "Gold", CID: "CID004242"}, // no longer listed
	}
	m := smelters.NewMatcher(testList(), maps)
	for _, name := range []string{"Acme Refining Ltd", "ACME REFINING LIMITED", "acme refining"} {
		r := match(t, m, smelters.Declared{Metal: "Gold", Name: name})
		expect(t, r, smelters.Matched, "CID002763", smelters.StageMapping, "reviewer mapping")
	}
	// Applied before the CID and the name: the reviewer decided.
	r := match(t, m, smelters.Declared{Metal: "Gold", Name: "Acme Refining", CID: "CID000401"})
	expect(t, r, smelters.Matched, "CID002763", smelters.StageMapping, "reviewer mapping")
	// Only for its metal.
	r = match(t, m, smelters.Declared{Metal: "Tin", Name: "Acme Refining Ltd"})
	if r.Stage == smelters.StageMapping {
		t.Errorf("a gold decision applied to tin: %+v", r)
	}
	// A decision for a CID no longer listed is not applied, nor overruled
	// silently by the other stages.
	r = match(t, m, smelters.Declared{Metal: "Gold", Name: "Ghost Smelter"})
	if r.Status == smelters.Matched || len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "CID004242") {
		t.Errorf("stale mapping: %s %v", r.Status, r.Notes)
	}
	m = smelters.NewMatcher(testList(), []smelters.Mapping{{Name: "Dowa", Metal: "Gold", CID: "CID004242"}})
	r = match(t, m, smelters.Declared{Metal: "Gold", Name: "Dowa"})
	if r.Status != smelters.NeedsReview || r.CID != "" || len(r.Candidates) == 0 || r.Candidates[0].CID != "CID000401" ||
		!strings.HasPrefix(r.Reason, "the reviewer's CID004242 is no longer listed") {
		t.Errorf("stale mapping against a listed name: %s %q %q %v", r.Status, r.CID, r.Reason, r.Candidates)
	}
	if k := smelters.MappingKey("ACME Co., Ltd.", "GOLD"); k != smelters.MappingKey("acme ltd", "gold") || k != "gold | acme" {
		t.Errorf("MappingKey = %q", k)
	}
}

// TestMatchMultipleMetal: a facility only a conformant list names, under
// "Multiple", can be declared under any metal without a metal disagreement.
func TestMatchMultipleMetal(t *testing.T) {
	facs := append(testList(), smelters.Facility{CID: "CID003000", Metal: smelters.MetalMultiple, Name: "Omni Metals Refinery", Country: "JAPAN"})
	m := smelters.NewMatcher(facs, nil)
	for _, metal := range []string{"Gold", "Tin"} {
		r := match(t, m, smelters.Declared{Metal: metal, Name: "Omni Metals Refinery"})
		expect(t, r, smelters.Matched, "CID003000", smelters.StageExact, "standard name exact")
		if len(r.Disagreements) != 0 {
			t.Errorf("%s: disagreements %v", metal, r.Disagreements)
		}
	}
}

// TestMatcherConcurrent: one Matcher serves many goroutines (an import
// matches rows in parallel) with the same results as one.
func TestMatcherConcurrent(t *testing.T) {
	facs := testList()
	m := smelters.NewMatcher(facs, nil)
	queries := []smelters.Declared{
		{Metal: "Gold", Name: "Shandong Gold Smeltng Co"}, {Metal: "Gold", Name: "Dowa"},
		{Metal: "Tin", Name: "Yunnan Tin Compny"}, {Metal: "Gold", Name: "Johnson Matthey"},
	}
	want := make([]smelters.Result, len(queries))
	for i, q := range queries {
		want[i] = m.Match(q)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 200; n++ {
				i := n % len(queries)
				if got := m.Match(queries[i]); !reflect.DeepEqual(got, want[i]) {
					errs <- fmt.Sprintf("%v: %+v, want %+v", queries[i], got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
