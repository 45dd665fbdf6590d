package risk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fs(sevs ...Severity) []Finding {
	var out []Finding
	for i, s := range sevs {
		out = append(out, Finding{Code: CodeSmelterActive, Severity: s, Status: StatusOpen, Key: string(rune('a' + i))})
	}
	return out
}

func TestRankBoundaries(t *testing.T) {
	cfg := DefaultConfig() // high 10, medium 3, low 1; thresholds medium 6, high 20
	for _, c := range []struct {
		name  string
		in    []Finding
		want  Rank
		score float64
	}{
		{"nothing", nil, RankLow, 0},
		{"just below medium", fs(Medium, Low, Low), RankLow, 5},
		{"at medium", fs(Medium, Medium), RankMedium, 6},
		{"just below high", fs(High, Medium, Medium, Medium), RankMedium, 19},
		{"at high", fs(High, High), RankHigh, 20},
		{"info weighs nothing", fs(Info, Info, Info, Info, Info, Info, Info), RankLow, 0},
	} {
		r, score, _ := cfg.RankOf(c.in)
		if r != c.want || score != c.score {
			t.Errorf("%s: %s %g, want %s %g", c.name, r, score, c.want, c.score)
		}
	}
}

func TestCriticalOverridesScore(t *testing.T) {
	cfg := DefaultConfig()
	f := []Finding{{Code: CodeSourcingCovered, Severity: Medium, Status: StatusOpen}}
	if r, _, _ := cfg.RankOf(f); r != RankLow {
		t.Errorf("medium covered sourcing is not critical: %s", r)
	}
	f[0].Severity = High
	r, score, crit := cfg.RankOf(f)
	if r != RankHigh || crit != CodeSourcingCovered || score != 10 {
		t.Errorf("critical: %s %g %q", r, score, crit)
	}
	f[0].Status = StatusResolved
	if r, _, _ := cfg.RankOf(f); r != RankLow {
		t.Errorf("resolved findings do not count: %s", r)
	}
	f[0].Status = StatusAcceptedRisk
	if r, _, _ := cfg.RankOf(f); r != RankHigh {
		t.Errorf("an accepted risk still counts: %s", r)
	}
}

func TestRanksFromSeasonAndYearOnYear(t *testing.T) {
	ref := BuiltinReferenceData()
	cfg := DefaultConfig()
	prevSeason := season(acme(cleanCMRT()), Supplier{ID: 2, Name: "Beta", Declarations: []Declaration{cleanCMRT()}})
	prev := cfg.Ranks(prevSeason, Evaluate(prevSeason, ref, cfg))
	cur := ruleCases[CodeSmelterRemoved]() // Acme now declares a removed smelter: critical
	cur.Suppliers = append(cur.Suppliers, Supplier{ID: 3, Name: "Gamma", Declarations: []Declaration{cleanCMRT()}})
	now := cfg.Ranks(cur, Evaluate(cur, ref, cfg))
	if len(now) != 2 || now[0].Rank != RankHigh || now[0].Critical != CodeSmelterRemoved || now[1].Rank != RankLow {
		t.Fatalf("ranks %+v", now)
	}
	y := CompareRanks(prev, now)
	if y.LowSharePrevious != 1 || y.LowShareCurrent != 0.5 {
		t.Errorf("shares %g → %g", y.LowSharePrevious, y.LowShareCurrent)
	}
	want := map[string]string{"Acme": "up", "Beta": "dropped", "Gamma": "new"}
	for _, c := range y.Changes {
		if want[c.Supplier] != c.Change {
			t.Errorf("%s: %s, want %s", c.Supplier, c.Change, want[c.Supplier])
		}
	}
}

func TestDesignations(t *testing.T) {
	cfg := DefaultConfig()
	dol := BuiltinReferenceData().DoL
	for _, c := range []struct {
		name string
		e    *RegisterEntry
		want string
	}{
		{"not in register", nil, ""},
		{"nothing special", &RegisterEntry{Name: "x"}, ""},
		{"spend at essential threshold", &RegisterEntry{AnnualSpend: 1_000_000, SpendKnown: true}, "essential"},
		{"spend just below", &RegisterEntry{AnnualSpend: 999_999, SpendKnown: true}, "important"},
		{"spend at important threshold", &RegisterEntry{AnnualSpend: 100_000, SpendKnown: true}, "important"},
		{"spend below important", &RegisterEntry{AnnualSpend: 99_999, SpendKnown: true}, ""},
		{"important and hard to replace", &RegisterEntry{ImportantMaterial: true, HardToReplace: true}, "essential"},
		{"hard to replace only", &RegisterEntry{HardToReplace: true}, "important"},
		{"DoL material and country", &RegisterEntry{Materials: []string{"Cobalt"}, Countries: []string{"DRC"}}, "essential,human-rights-high-risk"},
	} {
		got := strings.Join(cfg.Designate(&Supplier{Name: "x", Register: c.e}, dol), ",")
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestResponseRates(t *testing.T) {
	s := season(
		Supplier{ID: 1, Name: "A", Register: &RegisterEntry{Materials: []string{"Gold", "Cobalt"}}, Declarations: []Declaration{{Family: "CMRT"}}},
		Supplier{ID: 2, Name: "B", Register: &RegisterEntry{}, Declarations: []Declaration{{Family: "CMRT"}}},
		Supplier{Name: "C", Register: &RegisterEntry{Materials: []string{"Mica"}}},
		Supplier{ID: 4, Name: "D", Declarations: []Declaration{{Family: "CMRT"}}}, // answered unasked
	)
	got := ResponseRates(s)
	want := []ResponseRate{{Family3TG, 2, 2, 1}, {FamilyExtended, 2, 0, 0}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("%+v", got)
	}
}

// A register asking for emeralds or diamonds asks for the gemstone
// template, and a gemstone declaration answers it: neither counts as an
// AMRT request or answer.
func TestResponseRatesGemstones(t *testing.T) {
	s := season(
		Supplier{ID: 1, Name: "Gem A", Register: &RegisterEntry{Materials: []string{"Emeralds"}}, Declarations: []Declaration{{Family: "GEM"}}},
		Supplier{ID: 2, Name: "Gem B", Register: &RegisterEntry{Materials: []string{"Rough diamonds"}}},
		Supplier{ID: 3, Name: "Alu", Register: &RegisterEntry{Materials: []string{"Aluminum"}}, Declarations: []Declaration{{Family: "AMRT"}}},
	)
	got := ResponseRates(s)
	want := []ResponseRate{{FamilyOther, 1, 1, 1}, {FamilyGemstones, 2, 1, 0.5}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("%+v, want %+v", got, want)
	}
}

func TestConfigYAMLRoundTripAndOverrides(t *testing.T) {
	def := DefaultConfig()
	out, err := def.YAML()
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadConfig(out)
	if err != nil {
		t.Fatalf("printed rules do not load: %v\n%s", err, out)
	}
	if back.Edition() != def.Edition() {
		t.Errorf("round trip changed the rules:\n%s", out)
	}
	cfg, err := LoadConfig([]byte("name: strict\nthresholds: {medium: 2, high: 4}\nseverities:\n  SMELTER_ACTIVE: high\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Name != "strict" || cfg.Thresholds.High != 4 || cfg.Severities[CodeSmelterActive] != High || cfg.Weights[High] != 10 || cfg.Edition() == def.Edition() {
		t.Errorf("override: %+v", cfg)
	}
	part, err := LoadConfig([]byte("thresholds: {high: 30}\ndesignations: {human_rights_as_essential: false}\ncritical: []\n"))
	if err != nil || part.Thresholds.Medium != 6 || part.Thresholds.High != 30 || part.Designations.HumanRightsAsEssential ||
		part.Designations.EssentialSpendAbove != 1_000_000 || len(part.Critical) != 0 {
		t.Errorf("partial override: %+v %v", part, err)
	}
	for _, bad := range []string{"weigths: {high: 1}\n", "severities: {NOPE: high}\n", "severities: {SMELTER_ACTIVE: severe}\n", "thresholds: {medium: 5, high: 1}\n", "critical: [{code: NOPE}]\n"} {
		if _, err := LoadConfig([]byte(bad)); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

func TestRuleTableCoversEveryRule(t *testing.T) {
	tab := RuleTable(nil)
	for _, r := range Rules {
		if !strings.Contains(tab, "`"+r.Code+"`") {
			t.Errorf("%s missing", r.Code)
		}
	}
}

// TestReadmeRuleTable fails when README's rule table differs from the code:
// regenerate it with `go run ./cmd/cmrt rules print --format markdown`.
func TestReadmeRuleTable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Skip("README.md not found")
	}
	if !strings.Contains(string(b), RuleTable(nil)) {
		t.Error("README.md's rule table differs from risk.RuleTable: paste the output of `cmrt rules print --format markdown`")
	}
}
