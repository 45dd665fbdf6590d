package risk

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
)

var asOf = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)

func conformantFacility(cid, metal, name, country string) *Facility {
	return &Facility{CID: cid, Metal: metal, Name: name, Country: country, Status: StatusConformant,
		StatusText: "Conformant", List: "Conformant list", ListDate: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)}
}

// cleanCMRT is a current, complete CMRT declaring one conformant smelter
// per metal: no rule fires on it.
func cleanCMRT() Declaration {
	d := Declaration{ID: 1, Family: "CMRT", Version: cmrt.CurrentVersion(cmrt.CMRT), File: "acme.xlsx",
		EffectiveDate: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Scope: cmrt.ScopeCompany,
		Minerals: []string{"Tantalum", "Tin", "Gold", "Tungsten"}}
	answers := map[string]string{"1": "Yes", "2": "Yes", "3": "No", "4": "No", "5": "No", "6": "100%", "7": "Yes", "8": "Yes"}
	for qi, q := range []string{"1", "2", "3", "4", "5", "6", "7", "8"} {
		for mi, m := range d.Minerals {
			d.Answers = append(d.Answers, Answer{Question: q, Mineral: m, Value: answers[q], Cell: fmt.Sprintf("D%d", 26+6*qi+mi)})
		}
	}
	for i, q := range []string{"A", "B", "C", "D", "E", "F", "G"} {
		v := "Yes"
		if q == "E" {
			v = "Yes, in conformance with IPC1755 (e.g., CMRT)"
		}
		d.Answers = append(d.Answers, Answer{Question: q, Value: v, Cell: fmt.Sprintf("D%d", 75+2*i)})
	}
	for i, m := range d.Minerals {
		cid := fmt.Sprintf("CID00%04d", i+1)
		d.Smelters = append(d.Smelters, SmelterRow{Row: 5 + i, Metal: m, Name: m + " Refinery", Country: "JAPAN", CID: cid,
			MatchStatus: "matched", Facility: conformantFacility(cid, m, m+" Refinery", "JAPAN")})
	}
	return d
}

func season(sups ...Supplier) *Season { return &Season{Period: 2025, AsOf: asOf, Suppliers: sups} }

func acme(d ...Declaration) Supplier { return Supplier{ID: 1, Name: "Acme", Declarations: d} }

func setAnswer(d *Declaration, q, mineral, v string) {
	for i := range d.Answers {
		if d.Answers[i].Question == q && d.Answers[i].Mineral == mineral {
			d.Answers[i].Value = v
			return
		}
	}
	panic("no answer " + q + " " + mineral)
}

// ruleCases makes every rule fire on a generated declaration. The test
// fails when a rule has no case: a rule that cannot fire is a defect.
var ruleCases = map[string]func() *Season{
	CodeSmelterRemoved: func() *Season {
		d := cleanCMRT()
		f := d.Smelters[2].Facility
		f.Status, f.RemovedOn, f.RemovedReason, f.Successors = StatusRemoved, time.Date(2025, 4, 29, 0, 0, 0, 0, time.UTC), "No longer an operating smelter / refiner", []string{"CID002773"}
		return season(acme(d))
	},
	CodeSmelterNotConformant: func() *Season {
		d := cleanCMRT()
		d.Smelters[1].Facility.Status, d.Smelters[1].Facility.StatusText = StatusNonConformant, "Communication Suspended - Not Interested"
		return season(acme(d))
	},
	CodeSmelterActive: func() *Season {
		d := cleanCMRT()
		d.Smelters[0].Facility.Status = StatusActive
		return season(acme(d))
	},
	CodeSmelterNotParticipating: func() *Season {
		d := cleanCMRT()
		d.Smelters[0].Facility.Status = StatusNotParticipating
		return season(acme(d))
	},
	CodeSmelterUnknownCID: func() *Season {
		d := cleanCMRT()
		d.Smelters[0].Facility, d.Smelters[0].MatchStatus, d.Smelters[0].CID = nil, "no_match", "CID999999"
		return season(acme(d))
	},
	CodeSmelterNeedsReview: func() *Season {
		d := cleanCMRT()
		d.Smelters[0].Facility, d.Smelters[0].MatchStatus, d.Smelters[0].CID = nil, "needs_review", ""
		return season(acme(d))
	},
	CodeSmelterNotIdentified: func() *Season {
		d := cleanCMRT()
		d.Smelters = append(d.Smelters, SmelterRow{Row: 20, Metal: "Gold", LookupName: cmrt.SmelterNotIdentified, Name: cmrt.SmelterNotIdentified, MatchStatus: "no_match"})
		return season(acme(d))
	},
	CodeSmelterNotListedName: func() *Season {
		d := cleanCMRT()
		d.Smelters = append(d.Smelters, SmelterRow{Row: 20, Metal: "Tin", LookupName: cmrt.SmelterNotListed, Name: "Backyard Tin Works", Country: "BOLIVIA", MatchStatus: "no_match"})
		return season(acme(d))
	},
	CodeSmelterReauditOverdue: func() *Season {
		d := cleanCMRT()
		d.Smelters[2].Facility.Reaudit, d.Smelters[2].Facility.ReauditDue = ReauditOverdue, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
		return season(acme(d))
	},
	CodeSmelterCovered: func() *Season {
		d := cleanCMRT()
		d.Smelters[0].Facility.Country = "RWANDA"
		return season(acme(d))
	},
	CodeSmelterCAHRA: func() *Season {
		d := cleanCMRT()
		d.Smelters[2].Facility.Country = "ZIMBABWE"
		return season(acme(d))
	},
	CodeSmelterInconsistent: func() *Season {
		d := cleanCMRT()
		d.Smelters[1].Country = "CHINA" // RMI says JAPAN
		return season(acme(d))
	},
	CodeIncomplete: func() *Season {
		d := cleanCMRT()
		d.RequiredMissing, d.CheckerCells = 2, []string{"Declaration!D15", "Declaration!D16"}
		return season(acme(d))
	},
	CodeOutdatedTemplate: func() *Season {
		d := cleanCMRT()
		d.Version = "6.31"
		return season(acme(d))
	},
	CodeStale: func() *Season {
		d := cleanCMRT()
		d.EffectiveDate = time.Date(2024, 11, 30, 0, 0, 0, 0, time.UTC)
		return season(acme(d))
	},
	CodeScopeProduct: func() *Season {
		d := cleanCMRT()
		d.Scope, d.Products = cmrt.ScopeProduct, 3
		return season(acme(d))
	},
	CodeSourcingCovered: func() *Season {
		d := cleanCMRT()
		setAnswer(&d, "3", "Tin", "Yes")
		return season(acme(d))
	},
	CodeSourcingCAHRA: func() *Season {
		d := cleanCMRT()
		setAnswer(&d, "4", "Gold", "Yes")
		return season(acme(d))
	},
	CodeSourcingUnknown: func() *Season {
		d := cleanCMRT()
		setAnswer(&d, "5", "Tungsten", "Unknown")
		return season(acme(d))
	},
	CodeResponseRateLow: func() *Season {
		d := cleanCMRT()
		setAnswer(&d, "6", "Gold", "Greater than 50%")
		return season(acme(d))
	},
	CodeSmeltersIncomplete: func() *Season {
		d := cleanCMRT()
		setAnswer(&d, "8", "Tin", "No")
		return season(acme(d))
	},
	CodeAnswersInconsist: func() *Season {
		d := cleanCMRT()
		d.Smelters = d.Smelters[:3] // Q1 Yes for tungsten, no tungsten smelter
		return season(acme(d))
	},
	CodePolicyMissing:      companyNo("A"),
	CodePolicyNotPublic:    companyNo("B"),
	CodeNoConformantReq:    companyNo("C"),
	CodeNoDueDiligence:     companyNo("D"),
	CodeNoSupplierSurvey:   companyNo("E"),
	CodeNoResponseReview:   companyNo("F"),
	CodeNoCorrectiveAction: companyNo("G"),
	CodeNoResponse: func() *Season {
		return season(Supplier{Name: "Silent Ltd", Register: &RegisterEntry{Row: 3, Name: "Silent Ltd", File: "register.csv"}}, acme(cleanCMRT()))
	},
	CodeHumanRights: func() *Season {
		s := acme(cleanCMRT())
		s.Register = &RegisterEntry{Row: 2, Name: "Acme", Materials: []string{"Mica"}, Countries: []string{"Madagascar"}, File: "register.csv"}
		return season(s)
	},
}

func companyNo(q string) func() *Season {
	return func() *Season {
		d := cleanCMRT()
		setAnswer(&d, q, "", "No")
		return season(acme(d))
	}
}

func codes(fs []Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.Code]++
	}
	return m
}

func TestCleanDeclarationHasNoFindings(t *testing.T) {
	fs := Evaluate(season(acme(cleanCMRT())), BuiltinReferenceData(), nil)
	for _, f := range fs {
		t.Errorf("clean declaration: %s %s", f.Code, f.Message)
	}
}

func TestEveryRuleFires(t *testing.T) {
	ref := BuiltinReferenceData()
	for _, r := range Rules {
		mk, ok := ruleCases[r.Code]
		if !ok {
			t.Errorf("%s: no test case (a rule that cannot fire is a defect)", r.Code)
			continue
		}
		t.Run(r.Code, func(t *testing.T) {
			fs := Evaluate(mk(), ref, nil)
			var hit *Finding
			for i := range fs {
				if fs[i].Code == r.Code {
					hit = &fs[i]
				}
			}
			if hit == nil {
				t.Fatalf("did not fire; got %v", codes(fs))
			}
			if hit.Title == "" || hit.Action == "" || hit.Guidance == "" || hit.OECDStep < 1 || hit.OECDStep > 5 || hit.Key == "" || hit.Status != StatusOpen {
				t.Errorf("incomplete finding: %+v", hit)
			}
			if r.Level != LevelSupplier && (hit.DeclarationID != 1 || hit.Evidence.File != "acme.xlsx") {
				t.Errorf("declaration evidence missing: %+v", hit)
			}
			t.Logf("%s %s: %s", hit.Severity, hit.Code, hit.Message)
		})
	}
	for code := range ruleCases {
		if _, ok := RuleByCode(code); !ok {
			t.Errorf("case for unknown code %s", code)
		}
	}
}

func findCode(t *testing.T, fs []Finding, code string) Finding {
	t.Helper()
	for _, f := range fs {
		if f.Code == code {
			return f
		}
	}
	t.Fatalf("%s not found in %v", code, codes(fs))
	return Finding{}
}

func TestRuleDetails(t *testing.T) {
	ref := BuiltinReferenceData()
	t.Run("removed names date, reason and successors", func(t *testing.T) {
		f := findCode(t, Evaluate(ruleCases[CodeSmelterRemoved](), ref, nil), CodeSmelterRemoved)
		for _, want := range []string{"2025-04-29", "No longer an operating", "CID002773"} {
			if !strings.Contains(f.Message, want) {
				t.Errorf("message %q lacks %q", f.Message, want)
			}
		}
		if f.CID != "CID000003" || f.Metal != "Gold" || f.Evidence.List != "Conformant list" || f.Evidence.ListDate != "2025-10-01" {
			t.Errorf("finding %+v", f)
		}
	})
	t.Run("not conformant keeps RMI's text", func(t *testing.T) {
		f := findCode(t, Evaluate(ruleCases[CodeSmelterNotConformant](), ref, nil), CodeSmelterNotConformant)
		if !strings.Contains(f.Message, "Communication Suspended - Not Interested") {
			t.Errorf("message %q", f.Message)
		}
	})
	t.Run("CAHRA wording: whole country vs regions; high when not conformant", func(t *testing.T) {
		f := findCode(t, Evaluate(ruleCases[CodeSmelterCAHRA](), ref, nil), CodeSmelterCAHRA)
		if !strings.Contains(f.Message, "whole country") || f.Severity != Medium || !strings.Contains(f.Evidence.List, "June 2026") {
			t.Errorf("conformant in Zimbabwe: %s %q %q", f.Severity, f.Message, f.Evidence.List)
		}
		s := ruleCases[CodeSmelterCAHRA]()
		s.Suppliers[0].Declarations[0].Smelters[2].Facility.Country = "CONGO, DEMOCRATIC REPUBLIC OF THE"
		s.Suppliers[0].Declarations[0].Smelters[2].Facility.Status = StatusActive
		f = findCode(t, Evaluate(s, ref, nil), CodeSmelterCAHRA)
		if !strings.Contains(f.Message, "26 named regions only") || f.Severity != High {
			t.Errorf("active in the DRC: %s %q", f.Severity, f.Message)
		}
	})
	t.Run("covered country low when conformant, medium otherwise", func(t *testing.T) {
		s := ruleCases[CodeSmelterCovered]()
		if f := findCode(t, Evaluate(s, ref, nil), CodeSmelterCovered); f.Severity != Low {
			t.Errorf("conformant: %s", f.Severity)
		}
		s.Suppliers[0].Declarations[0].Smelters[0].Facility.Status = StatusActive
		if f := findCode(t, Evaluate(s, ref, nil), CodeSmelterCovered); f.Severity != Medium {
			t.Errorf("active: %s", f.Severity)
		}
	})
	t.Run("sourcing covered is high when a smelter of the metal is not conformant", func(t *testing.T) {
		s := ruleCases[CodeSourcingCovered]()
		if f := findCode(t, Evaluate(s, ref, nil), CodeSourcingCovered); f.Severity != Medium || f.Metal != "Tin" || f.Evidence.Cell != "D39" {
			t.Errorf("all conformant: %+v", f)
		}
		s.Suppliers[0].Declarations[0].Smelters[1].Facility.Status = StatusNonConformant
		if f := findCode(t, Evaluate(s, ref, nil), CodeSourcingCovered); f.Severity != High {
			t.Errorf("tin smelter not conformant: %s", f.Severity)
		}
	})
	t.Run("same CID, different metal across suppliers", func(t *testing.T) {
		a, b := cleanCMRT(), cleanCMRT()
		b.ID, b.File = 2, "other.xlsx"
		b.Smelters[0].Facility = nil
		b.Smelters[0].Metal = "Tin" // CID000001 is tantalum for Acme and RMI
		s := season(acme(a), Supplier{ID: 2, Name: "Other", Declarations: []Declaration{b}})
		fs := Evaluate(s, ref, nil)
		found := false
		for _, f := range fs {
			if f.Code == CodeSmelterInconsistent && f.SupplierID == 2 && strings.Contains(f.Message, "Acme declares") {
				found = true
			}
		}
		if !found {
			t.Errorf("no cross-supplier inconsistency: %v", codes(fs))
		}
	})
	t.Run("Q1 No with rows", func(t *testing.T) {
		d := cleanCMRT()
		setAnswer(&d, "1", "Gold", "No")
		f := findCode(t, Evaluate(season(acme(d)), ref, nil), CodeAnswersInconsist)
		if f.Metal != "Gold" || !strings.Contains(f.Message, "1 Gold smelter rows") {
			t.Errorf("%+v", f)
		}
	})
	t.Run("100% recycled with a known non-recycler", func(t *testing.T) {
		d := cleanCMRT()
		setAnswer(&d, "5", "Gold", "Yes")
		d.Smelters[2].Facility.RecyclerKnown = true
		f := findCode(t, Evaluate(season(acme(d)), ref, nil), CodeAnswersInconsist)
		if !strings.Contains(f.Message, "CID000003") {
			t.Errorf("%+v", f)
		}
		d.Smelters[2].Facility.Recycler = true
		for _, f := range Evaluate(season(acme(d)), ref, nil) {
			if f.Code == CodeAnswersInconsist {
				t.Errorf("a recycler fired: %s", f.Message)
			}
		}
	})
	t.Run("response rate bands", func(t *testing.T) {
		for band, want := range map[string]Severity{"Greater than 90%": Low, "Greater than 50%": Medium, "50% or less": High, "None": High} {
			d := cleanCMRT()
			setAnswer(&d, "6", "Tin", band)
			if f := findCode(t, Evaluate(season(acme(d)), ref, nil), CodeResponseRateLow); f.Severity != want {
				t.Errorf("%s: %s, want %s", band, f.Severity, want)
			}
		}
	})
	t.Run("human rights names the labour", func(t *testing.T) {
		s := acme(cleanCMRT())
		s.Register = &RegisterEntry{Name: "Acme", Materials: []string{"Gold"}, Countries: []string{"Peru", "Japan"}}
		f := findCode(t, Evaluate(season(s), ref, nil), CodeHumanRights)
		if f.Metal != "Gold" || !strings.Contains(f.Message, "child and forced labour") || f.Severity != High {
			t.Errorf("%+v", f)
		}
		s.Register = nil
		s.Declarations[0].MineCountries = map[string][]string{"Tin": {"BOLIVIA (PLURINATIONAL STATE OF)"}}
		f = findCode(t, Evaluate(season(s), ref, nil), CodeHumanRights)
		if f.Metal != "Tin" || !strings.Contains(f.Message, "Bolivia") {
			t.Errorf("mine country: %+v", f)
		}
	})
}

func TestFamiliesUseTheirOwnNumbering(t *testing.T) {
	ref := BuiltinReferenceData()
	crt := Declaration{ID: 7, Family: "CRT", Version: "2.2", File: "crt.xlsx", EffectiveDate: asOf, Scope: cmrt.ScopeCompany,
		Answers: []Answer{
			{Question: "1", Mineral: "Cobalt", Value: "Yes", Cell: "D26"},
			{Question: "2", Mineral: "Cobalt", Value: "DRC or adjoining countries only", Cell: "D32"},
			{Question: "4", Mineral: "Cobalt", Value: "Greater than 75%", Cell: "D44"},
			{Question: "5", Mineral: "Cobalt", Value: "No", Cell: "D50"},
			{Question: "C", Value: "No", Cell: "D67"},
			{Question: "I", Value: "No", Cell: "D79"},
		},
		Smelters: []SmelterRow{{Row: 5, Metal: "Cobalt", Name: "Cobalt Co", CID: "CID009999", MatchStatus: "matched",
			Facility: conformantFacility("CID009999", "Cobalt", "Cobalt Co", "FINLAND")}}}
	got := codes(Evaluate(season(acme(crt)), ref, nil))
	for _, want := range []string{CodeSourcingCovered, CodeSourcingCAHRA, CodeResponseRateLow, CodeSmeltersIncomplete, CodeNoDueDiligence, CodeNoCorrectiveAction} {
		if got[want] == 0 {
			t.Errorf("CRT: %s missing in %v", want, got)
		}
	}
	if got[CodePolicyMissing] > 0 {
		t.Errorf("CRT question C is due diligence, not policy: %v", got)
	}
}

func TestDisabledAndOverriddenSeverity(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Disabled = []string{CodeSmelterActive}
	cfg.Severities[CodeStale] = High
	s := ruleCases[CodeSmelterActive]()
	s.Suppliers[0].Declarations[0].EffectiveDate = time.Time{}
	got := Evaluate(s, BuiltinReferenceData(), cfg)
	if codes(got)[CodeSmelterActive] != 0 {
		t.Error("disabled rule fired")
	}
	if f := findCode(t, got, CodeStale); f.Severity != High {
		t.Errorf("override: %s", f.Severity)
	}
}

func TestFindingKeyIgnoresDeclarationID(t *testing.T) {
	a := ruleCases[CodeSmelterNotConformant]()
	b := ruleCases[CodeSmelterNotConformant]()
	b.Suppliers[0].Declarations[0].ID, b.Suppliers[0].Declarations[0].File = 99, "acme-v2.xlsx"
	fa := findCode(t, Evaluate(a, BuiltinReferenceData(), nil), CodeSmelterNotConformant)
	fb := findCode(t, Evaluate(b, BuiltinReferenceData(), nil), CodeSmelterNotConformant)
	if fa.Key != fb.Key || fa.DeclarationID == fb.DeclarationID {
		t.Errorf("keys %q %q", fa.Key, fb.Key)
	}
}

func TestEvaluateIsDeterministic(t *testing.T) {
	s := ruleCases[CodeSmelterCAHRA]()
	a := Evaluate(s, BuiltinReferenceData(), nil)
	b := Evaluate(s, BuiltinReferenceData(), nil)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("two evaluations differ")
	}
}
