package risk

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// cmrtAnswers builds CMRT answers: per mineral, values of questions 1–8.
func cmrtAnswers(per map[string][8]string) []Answer {
	var out []Answer
	for m, vals := range per {
		for i, v := range vals {
			if v != "" {
				out = append(out, Answer{Question: string(rune('1' + i)), Mineral: m, Value: v})
			}
		}
	}
	return out
}

func rollupSeason() *Season {
	conformant := &Facility{CID: "CID001070", Metal: "Tin", Name: "Thaisarco", Country: "THAILAND", Status: StatusConformant}
	removed := &Facility{CID: "CID002842", Metal: "Tin", Name: "Old Smelter", Country: "CHINA", Status: StatusRemoved, RemovedReason: "No longer an operating smelter"}
	gold := &Facility{CID: "CID000015", Metal: "Gold", Name: "Advanced Chemical Company", Country: "UNITED STATES OF AMERICA", Status: StatusConformant}
	return &Season{Period: 2025, Suppliers: []Supplier{
		{ID: 1, Name: "Acme", Register: &RegisterEntry{Name: "Acme", Materials: []string{"Tin", "Gold"}},
			Declarations: []Declaration{{Family: "CMRT", Answers: cmrtAnswers(map[string][8]string{
				"Tin":  {"Yes", "Yes", "No", "No", "No", "100%", "Yes", "Yes"},
				"Gold": {"Yes", "Yes", "No", "Yes", "No", "100%", "Yes", "Yes"},
			}), Smelters: []SmelterRow{
				{Row: 5, Metal: "Tin", CID: "CID001070", MatchStatus: "matched", Facility: conformant},
				{Row: 6, Metal: "Tin", CID: "CID002842", MatchStatus: "matched", Facility: removed},
				{Row: 7, Metal: "Gold", CID: "CID000015", MatchStatus: "matched", Facility: gold},
			}}}},
		{ID: 2, Name: "Beta", Register: &RegisterEntry{Name: "Beta", Materials: []string{"Tin"}},
			Declarations: []Declaration{{Family: "CMRT", Answers: cmrtAnswers(map[string][8]string{
				"Tin":  {"Yes", "Yes", "Unknown", "No", "No", "Greater than 90%", "Yes", "Yes"},
				"Gold": {"No"},
			}), Smelters: []SmelterRow{
				{Row: 5, Metal: "Tin", CID: "CID001070", MatchStatus: "matched", Facility: conformant},
				{Row: 9, Metal: "Tin", Name: "Unknown Tin Works", Country: "BOLIVIA", MatchStatus: "no_match"},
			}}}},
		// Asked for tin, never answered.
		{Name: "Gamma", Register: &RegisterEntry{Name: "Gamma", Materials: []string{"Tin"}}},
		// Answered an EMRT only: does not count for the CMRT.
		{ID: 4, Name: "Delta", Declarations: []Declaration{{Family: "EMRT", Answers: []Answer{{Question: "1", Mineral: "Cobalt", Value: "Yes"}}}}},
	}}
}

func TestRollUpCMRT(t *testing.T) {
	r := RollUp(rollupSeason(), RollupOptions{Family: "CMRT", Minerals: []string{"Tantalum", "Tin", "Gold", "Tungsten"}})
	byMineral := map[string]MineralRollup{}
	for _, m := range r.Minerals {
		byMineral[m.Mineral] = m
	}
	tin := byMineral["Tin"]
	if tin.Relevant != 3 || tin.Responded != 2 {
		t.Errorf("tin relevant/responded = %d/%d, want 3/2", tin.Relevant, tin.Responded)
	}
	wantTin := map[Concept]string{
		ConceptUsed: "Yes", ConceptRemains: "Yes",
		ConceptCovered:    "Unknown", // Beta answered Unknown, Gamma did not answer
		ConceptCAHRA:      "Unknown", // nobody said Yes, but Gamma did not answer
		ConceptRecycled:   "No",
		ConceptResponse:   "Greater than 50%", // 2 of 3
		ConceptIdentified: "No",               // Gamma missing, Beta's row unmatched
		ConceptReported:   "Yes",              // Beta's unmatched row is listed by name
	}
	if !reflect.DeepEqual(tin.Answers, wantTin) {
		t.Errorf("tin answers\n got %v\nwant %v", tin.Answers, wantTin)
	}
	gold := byMineral["Gold"]
	if gold.Relevant != 1 || gold.Responded != 1 {
		t.Errorf("gold relevant/responded = %d/%d, want 1/1", gold.Relevant, gold.Responded)
	}
	wantGold := map[Concept]string{ConceptUsed: "Yes", ConceptRemains: "Yes", ConceptCovered: "No", ConceptCAHRA: "Yes",
		ConceptRecycled: "No", ConceptResponse: "100%", ConceptIdentified: "Yes", ConceptReported: "Yes"}
	if !reflect.DeepEqual(gold.Answers, wantGold) {
		t.Errorf("gold answers\n got %v\nwant %v", gold.Answers, wantGold)
	}
	if ta := byMineral["Tantalum"]; ta.InScope || ta.Answers[ConceptUsed] != "No" || len(ta.Answers) != 1 {
		t.Errorf("tantalum = %+v, want only used=No", ta)
	}

	if len(r.Smelters) != 3 {
		t.Fatalf("smelters = %+v, want Thaisarco once, Beta's unmatched tin works by name, the gold refiner", r.Smelters)
	}
	if s := r.Smelters[0]; s.CID != "CID001070" || s.Metal != "Tin" || !reflect.DeepEqual(s.Suppliers, []string{"Acme", "Beta"}) {
		t.Errorf("first smelter = %+v, want tin CID001070 declared by Acme and Beta", s)
	}
	if s := r.Smelters[1]; !s.Unmatched || s.Name != "Unknown Tin Works" || s.Country != "BOLIVIA" || s.CID != "" {
		t.Errorf("second smelter = %+v, want Beta's unmatched tin works by name and country", s)
	}
	if s := r.Smelters[2]; s.CID != "CID000015" || s.Metal != "Gold" {
		t.Errorf("third smelter = %+v, want gold CID000015 (CMRT order: tin before gold)", s)
	}
	if len(r.Removed) != 1 || r.Removed[0].CID != "CID002842" || r.Removed[0].Reason == "" {
		t.Errorf("removed = %+v, want CID002842 with its reason", r.Removed)
	}
	if len(r.Unmatched) != 1 || r.Unmatched[0].Name != "Unknown Tin Works" || r.Unmatched[0].Supplier != "Beta" || !r.Unmatched[0].Listed {
		t.Errorf("unmatched = %+v, want Beta's Unknown Tin Works", r.Unmatched)
	}
}

func TestRollUpOnlyMetals(t *testing.T) {
	r := RollUp(rollupSeason(), RollupOptions{Family: "CMRT", Minerals: []string{"Tantalum", "Tin", "Gold", "Tungsten"}, Only: []string{"gold"}})
	for _, m := range r.Minerals {
		if m.Mineral != "Gold" && (m.InScope || m.Answers[ConceptUsed] != "No") {
			t.Errorf("%s outside --metals: %+v, want used=No", m.Mineral, m)
		}
	}
	if len(r.Smelters) != 1 || r.Smelters[0].Metal != "Gold" || len(r.Removed) != 0 || len(r.Unmatched) != 0 {
		t.Errorf("gold-only variant: smelters %+v removed %+v unmatched %+v", r.Smelters, r.Removed, r.Unmatched)
	}
}

func TestResponseBand(t *testing.T) {
	for _, c := range []struct {
		responded, relevant int
		want                string
	}{
		{0, 0, "None"}, {0, 5, "None"}, {5, 5, "100%"}, {91, 100, "Greater than 90%"}, {90, 100, "Greater than 75%"},
		{76, 100, "Greater than 75%"}, {51, 100, "Greater than 50%"}, {50, 100, "50% or less"}, {1, 100, "50% or less"},
	} {
		if got := ResponseBand(c.responded, c.relevant); got != c.want {
			t.Errorf("ResponseBand(%d, %d) = %q, want %q", c.responded, c.relevant, got, c.want)
		}
	}
}

func TestDeclaredMinerals(t *testing.T) {
	if got := DeclaredMinerals(rollupSeason(), "EMRT"); !reflect.DeepEqual(got, []string{"Cobalt"}) {
		t.Errorf("DeclaredMinerals(EMRT) = %v, want [Cobalt]", got)
	}
}

// TestRollupRulesInREADME keeps the README's rule table and the code in step.
func TestRollupRulesInREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range RollupRules {
		line := "| `" + string(r.Concept) + "` | " + r.Rule + " |"
		if !strings.Contains(string(readme), line) {
			t.Errorf("README lacks the rollup rule line\n%s", line)
		}
	}
}

// TestRollUpOrderOfSmeltersByName: smelters entered by name, the same name
// from several countries, come in one order, by country, run after run
// (they came in the map's order).
func TestRollUpOrderOfSmeltersByName(t *testing.T) {
	s := rollupSeason()
	d := &s.Suppliers[1].Declarations[0]
	for i, country := range []string{"PERU", "BRAZIL", "JAPAN", "THAILAND", "BELGIUM", "CHINA"} {
		d.Smelters = append(d.Smelters, SmelterRow{Row: 20 + i, Metal: "Tin", Name: "Backyard 33", Country: country, MatchStatus: "no_match"})
	}
	var first []string
	for run := 0; run < 20; run++ {
		var got []string
		for _, sm := range RollUp(s, RollupOptions{Family: "CMRT", Minerals: []string{"Tantalum", "Tin", "Gold", "Tungsten"}}).Smelters {
			if sm.Name == "Backyard 33" {
				got = append(got, sm.Country)
			}
		}
		if run == 0 {
			first = got
		}
		if want := []string{"BELGIUM", "BRAZIL", "CHINA", "JAPAN", "PERU", "THAILAND"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: %v, want %v (run 0: %v)", run, got, want, first)
		}
	}
}
