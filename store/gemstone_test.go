package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/risk"
)

// TestSeasonCarriesGemstones writes a filled Gemstone declaration, reads it
// back, stores it, and checks that the season hands its answers and Sources
// rows to risk, where the gemstone rules fire on them.
func TestSeasonCarriesGemstones(t *testing.T) {
	d := &cmrt.Declaration{Company: cmrt.Company{Name: "Lumen Jewels", Scope: cmrt.ScopeCompany, ContactName: "Ada",
		ContactEmail: "ada@lumen.example", ContactPhone: "1", Authorizer: "Ben", AuthorizerEmail: "ben@lumen.example",
		EffectiveDate: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)}}
	for _, m := range cmrt.GemstoneMaterials {
		v := "No"
		if m == cmrt.Ruby || m == cmrt.RoughDiamonds {
			v = "Yes"
		}
		d.Answers = append(d.Answers, cmrt.Answer{Question: cmrt.GemQUsed, Mineral: m, Value: v})
	}
	d.Answers = append(d.Answers,
		cmrt.Answer{Question: cmrt.GemQOrigin, Mineral: cmrt.Ruby, Value: "Mozambique"},
		cmrt.Answer{Question: cmrt.GemQOrigin, Mineral: cmrt.RoughDiamonds, Value: "Botswana"},
		cmrt.Answer{Question: cmrt.GemQKimberley, Mineral: cmrt.RoughDiamonds, Value: "Yes"})
	d.Mines = []cmrt.MineRow{
		{Metal: cmrt.Ruby, Source: "Mine", MineName: "Mogok pit", Country: "MYANMAR", Comments: "RJC-77"},
		{Metal: cmrt.RoughDiamonds, Source: "Trader", MineName: "Antwerp Rough", Country: "BELGIUM"},
	}
	var buf bytes.Buffer
	if err := cmrt.WriteGemstone(&buf, d, "en"); err != nil {
		t.Fatal(err)
	}
	read, err := cmrt.ReadBytes("lumen.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	st := openTemp(t)
	ctx := context.Background()
	f := &ImportedFile{Path: "lumen.xlsx", SHA256: "gem1", Size: int64(buf.Len()), Decl: read,
		Check: cmrt.Check(read, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), Period: 2025}
	if _, err := st.SaveDeclaration(ctx, f); err != nil {
		t.Fatal(err)
	}
	se, err := st.Season(ctx, 2025, day("2025-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	if len(se.Suppliers) != 1 || len(se.Suppliers[0].Declarations) != 1 {
		t.Fatalf("season %+v", se)
	}
	got := se.Suppliers[0].Declarations[0]
	want := []risk.GemSource{
		{Row: 5, Material: cmrt.Ruby, Type: "Mine", Name: "Mogok pit", Country: "MYANMAR", RJCCertificate: "RJC-77"},
		{Row: 6, Material: cmrt.RoughDiamonds, Type: "Trader", Name: "Antwerp Rough", Country: "BELGIUM"},
	}
	if got.Family != "GEM" || len(got.Sources) != 2 || got.Sources[0] != want[0] || got.Sources[1] != want[1] || len(got.MineCountries) != 0 {
		t.Fatalf("declaration %+v", got)
	}
	codes := map[string]bool{}
	for _, fi := range risk.Evaluate(se, risk.BuiltinReferenceData(), nil) {
		codes[fi.Code] = true
	}
	for _, c := range []string{risk.CodeGemMyanmarRubyJade, risk.CodeGemOriginSanctioned, risk.CodeGemNoKPCertificate, risk.CodeIncomplete} {
		if !codes[c] {
			t.Errorf("no %s; got %v", c, codes)
		}
	}

}
