package risk

import (
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
)

// cleanGEM is a complete Gemstone declaration on which no rule fires:
// every material in use, mined in Botswana, Canada or Australia, with KP
// certificates, warranties and a valid RJC certificate.
func cleanGEM() Declaration {
	d := Declaration{ID: 1, Family: string(cmrt.GEM), Version: cmrt.GemstoneVersion, File: "acme.xlsx",
		EffectiveDate: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Scope: cmrt.ScopeCompany, Minerals: cmrt.GemstoneMaterials}
	origin := map[string]string{cmrt.RoughDiamonds: "Botswana; Canada", cmrt.PolishedDiamonds: "Canada", cmrt.Ruby: "Australia",
		cmrt.Sapphire: "Australia", cmrt.Emerald: cmrt.OriginRecycled}
	add := func(q, m, v, cell string) {
		d.Answers = append(d.Answers, Answer{Question: q, Mineral: m, Value: v, Cell: cell})
	}
	for i, m := range cmrt.GemstoneMaterials {
		add(cmrt.GemQUsed, m, "Yes", "D"+string(rune('a'+i)))
		add(cmrt.GemQOrigin, m, origin[m], "D3"+string(rune('2'+i)))
		if gemKey(m) == "diamond" {
			add(cmrt.GemQWarranties, m, "Yes", "D44")
		}
		add(cmrt.GemQRJC, m, "Yes, COP and CoC certified", "D47")
		add(cmrt.GemQRJCNumber, m, "RJC-1", "D53")
		add(cmrt.GemQRJCExpiry, m, "2027-01-31", "D59")
	}
	add(cmrt.GemQKimberley, cmrt.RoughDiamonds, "Yes", "D38")
	for _, q := range []string{"A", "B", "C", "D", "E"} {
		add(q, "", "Yes", "D6"+q)
	}
	d.Sources = []GemSource{
		{Row: 5, Material: cmrt.RoughDiamonds, Type: "Mine", Name: "Jwaneng", Country: "BOTSWANA", KPCertificate: "KP-BW-1"},
		{Row: 6, Material: cmrt.PolishedDiamonds, Type: "Cutting and polishing centre", Name: "Surat Polish", Country: "INDIA"},
	}
	return d
}

func gemSeason(edit func(d *Declaration)) func() *Season {
	return func() *Season {
		d := cleanGEM()
		edit(&d)
		return season(acme(d))
	}
}

// gemCases make each gemstone rule fire; TestEveryRuleFires runs them.
var gemCases = map[string]func() *Season{
	CodeGemOriginSanctioned: gemSeason(func(d *Declaration) {
		setAnswer(d, cmrt.GemQOrigin, cmrt.RoughDiamonds, "Botswana; Central African Republic")
	}),
	CodeGemMyanmarRubyJade: gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQOrigin, cmrt.Ruby, "Burma") }),
	CodeGemRussianDiamond: gemSeason(func(d *Declaration) {
		d.Sources = append(d.Sources, GemSource{Row: 7, Material: cmrt.PolishedDiamonds, Type: "Mine", Name: "Mir", Country: "RUSSIAN FEDERATION"})
	}),
	CodeGemNoKPCertificate: gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQKimberley, cmrt.RoughDiamonds, "No") }),
	CodeGemNoWarranties:    gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQWarranties, cmrt.PolishedDiamonds, "Unknown") }),
	CodeGemOriginUnknown:   gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQOrigin, cmrt.Sapphire, "Unknown") }),
	CodeGemNoRJC:           gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQRJC, cmrt.Emerald, "No") }),
	CodeGemDoLListed:       gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQOrigin, cmrt.Emerald, "Colombia") }),
	CodeGemCAHRA:           gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQOrigin, cmrt.PolishedDiamonds, "Zimbabwe") }),
}

func init() {
	for code, mk := range gemCases {
		ruleCases[code] = mk
	}
}

func TestCleanGEMFiresNothing(t *testing.T) {
	if fs := Evaluate(season(acme(cleanGEM())), BuiltinReferenceData(), nil); len(fs) != 0 {
		for _, f := range fs {
			t.Errorf("%s %s: %s", f.Severity, f.Code, f.Message)
		}
	}
}

// gemFindings evaluates a case and returns the findings of one code.
func gemFindings(t *testing.T, s *Season, code string) []Finding {
	t.Helper()
	var out []Finding
	for _, f := range Evaluate(s, BuiltinReferenceData(), nil) {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

func TestGemRuleDetails(t *testing.T) {
	t.Run("sanctioned: CAR diamonds name the KP measure and the table's edition", func(t *testing.T) {
		fs := gemFindings(t, gemCases[CodeGemOriginSanctioned](), CodeGemOriginSanctioned)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "Kimberley Process") || !strings.Contains(fs[0].Evidence.List, "November 2026") ||
			fs[0].Severity != High || fs[0].Metal != cmrt.RoughDiamonds || fs[0].Evidence.Cell != "D32" {
			t.Errorf("%+v", fs)
		}
	})
	t.Run("sanctioned: dated — Venezuela's self-suspension ended in 2016, Russia's ban began in 2024", func(t *testing.T) {
		s := gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQOrigin, cmrt.RoughDiamonds, "Venezuela; Russia") })()
		fs := gemFindings(t, s, CodeGemOriginSanctioned)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "Russia") {
			t.Errorf("2025: %+v", fs)
		}
		s.AsOf = time.Date(2012, 6, 1, 0, 0, 0, 0, time.UTC)
		fs = gemFindings(t, s, CodeGemOriginSanctioned)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "Venezuela") {
			t.Errorf("2012: %+v", fs)
		}
	})
	t.Run("sanctioned: Myanmar applies to coloured gems, not to diamonds", func(t *testing.T) {
		s := gemSeason(func(d *Declaration) {
			setAnswer(d, cmrt.GemQOrigin, cmrt.Sapphire, "Myanmar")
			setAnswer(d, cmrt.GemQOrigin, cmrt.RoughDiamonds, "Myanmar")
		})()
		fs := gemFindings(t, s, CodeGemOriginSanctioned)
		if len(fs) != 1 || fs[0].Metal != cmrt.Sapphire {
			t.Errorf("%+v", fs)
		}
	})
	t.Run("Myanmar ruby high; not excluding them medium", func(t *testing.T) {
		fs := gemFindings(t, gemCases[CodeGemMyanmarRubyJade](), CodeGemMyanmarRubyJade)
		if len(fs) != 1 || fs[0].Severity != High {
			t.Errorf("%+v", fs)
		}
		fs = gemFindings(t, gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQMyanmarOut, "", "No") })(), CodeGemMyanmarRubyJade)
		if len(fs) != 1 || fs[0].Severity != Medium {
			t.Errorf("policy: %+v", fs)
		}
	})
	t.Run("Russian diamonds from Sources; not excluding them medium", func(t *testing.T) {
		fs := gemFindings(t, gemCases[CodeGemRussianDiamond](), CodeGemRussianDiamond)
		if len(fs) != 1 || fs[0].Evidence.Sheet != cmrt.SheetSources || fs[0].Evidence.Cell != "D7" {
			t.Errorf("%+v", fs)
		}
		fs = gemFindings(t, gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQRussiaOut, "", "No") })(), CodeGemRussianDiamond)
		if len(fs) != 1 || fs[0].Severity != Medium {
			t.Errorf("policy: %+v", fs)
		}
	})
	t.Run("KP: No high, Unknown medium, a rough-diamond mine without a certificate ID", func(t *testing.T) {
		if fs := gemFindings(t, gemCases[CodeGemNoKPCertificate](), CodeGemNoKPCertificate); len(fs) != 1 || fs[0].Severity != High {
			t.Errorf("No: %+v", fs)
		}
		s := gemSeason(func(d *Declaration) {
			setAnswer(d, cmrt.GemQKimberley, cmrt.RoughDiamonds, "Unknown")
			d.Sources[0].KPCertificate = ""
		})()
		fs := gemFindings(t, s, CodeGemNoKPCertificate)
		if len(fs) != 2 || fs[0].Severity != Medium || fs[1].Severity != Medium {
			t.Errorf("Unknown + source: %+v", fs)
		}
		s = gemSeason(func(d *Declaration) {
			setAnswer(d, cmrt.GemQKimberley, cmrt.RoughDiamonds, "No")
			setAnswer(d, cmrt.GemQUsed, cmrt.RoughDiamonds, "No")
		})()
		if fs := gemFindings(t, s, CodeGemNoKPCertificate); len(fs) != 0 {
			t.Errorf("rough diamonds not used: %+v", fs)
		}
	})
	t.Run("origin: an unrecognised country name", func(t *testing.T) {
		fs := gemFindings(t, gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQOrigin, cmrt.Ruby, "Atlantis") })(), CodeGemOriginUnknown)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "Atlantis") {
			t.Errorf("%+v", fs)
		}
	})
	t.Run("RJC expired before the as-of date", func(t *testing.T) {
		fs := gemFindings(t, gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQRJCExpiry, cmrt.Ruby, "2025-03-31") })(), CodeGemNoRJC)
		if len(fs) != 1 || fs[0].Severity != Medium || !strings.Contains(fs[0].Message, "expired on 2025-03-31") {
			t.Errorf("%+v", fs)
		}
		// A date typed into the cell reads as an Excel serial number.
		fs = gemFindings(t, gemSeason(func(d *Declaration) { setAnswer(d, cmrt.GemQRJCExpiry, cmrt.Ruby, "45747") })(), CodeGemNoRJC)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "2025-03-31") {
			t.Errorf("serial: %+v", fs)
		}
	})
	t.Run("DoL: Colombian emeralds, Indian gems, Angolan diamonds", func(t *testing.T) {
		fs := gemFindings(t, gemCases[CodeGemDoLListed](), CodeGemDoLListed)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "Emeralds") || fs[0].Evidence.List == "" {
			t.Errorf("%+v", fs)
		}
		s := gemSeason(func(d *Declaration) {
			setAnswer(d, cmrt.GemQOrigin, cmrt.Sapphire, "India")
			setAnswer(d, cmrt.GemQOrigin, cmrt.RoughDiamonds, "Angola")
		})()
		if fs := gemFindings(t, s, CodeGemDoLListed); len(fs) != 2 {
			t.Errorf("India + Angola: %+v", fs)
		}
	})
	t.Run("CAHRA wording", func(t *testing.T) {
		fs := gemFindings(t, gemCases[CodeGemCAHRA](), CodeGemCAHRA)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "whole country") || !strings.Contains(fs[0].Evidence.List, "June 2026") {
			t.Errorf("%+v", fs)
		}
	})
}

func TestParseGemRestrictions(t *testing.T) {
	tab := BuiltinReferenceData().Gems
	if tab.Edition != "November 2026" || len(tab.Entries) != 4 {
		t.Errorf("built-in: %s, %d entries", tab.Edition, len(tab.Entries))
	}
	for _, bad := range []string{`{}`, `{"edition":"x","entries":[{"country":"Russia","materials":["diamond"],"from":"2024-01-01"}]}`,
		`{"edition":"x","entries":[{"country":"RU","materials":["diamond"],"from":"1 Jan 2024"}]}`, `not json`} {
		if _, err := ParseGemRestrictions([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// TestGemRestrictionsReplaceable: a newer edition in ReferenceData.Gems is
// the one the rule reads, and its findings name it.
func TestGemRestrictionsReplaceable(t *testing.T) {
	newer, err := ParseGemRestrictions([]byte(`{"name": "Gemstone origin restrictions", "edition": "test 2027", "date": "2027-01-01", "source": "test",
		"entries": [{"country": "AU", "materials": ["sapphire"], "basis": "test measure", "measure": "no Australian sapphires", "from": "2020-01-01", "source": "test"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	ref := BuiltinReferenceData()
	ref.Gems = newer
	var got []Finding
	for _, f := range Evaluate(season(acme(cleanGEM())), ref, nil) {
		if f.Code == CodeGemOriginSanctioned {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].Metal != cmrt.Sapphire || !strings.Contains(got[0].Evidence.List, "test 2027") {
		t.Errorf("%+v", got)
	}
	if eds := ref.Editions(); eds[len(eds)-1].Edition != "test 2027" {
		t.Errorf("editions %+v", eds)
	}
}
