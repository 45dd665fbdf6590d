package reports

import (
	"fmt"
	"testing"
	"time"

	"github.com/openminerals/cmrt/internal/cputime"
	"github.com/openminerals/cmrt/risk"
)

// benchSeason is 1,000 suppliers declaring 40 rows each out of 400
// smelters (a tenth of them not conformant, one removed), one supplier in
// ten Chinese, one in ten Japanese.
func benchSeason() *risk.Season {
	day := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	metals := []string{"Gold", "Tin", "Tantalum", "Tungsten"}
	facs := make([]*risk.Facility, 400)
	for i := range facs {
		f := &risk.Facility{CID: fmt.Sprintf("CID%06d", i+1), Metal: metals[i%4], Name: fmt.Sprintf("Smelter %03d Refining Co., Ltd.", i),
			Country: []string{"China", "Peru", "Rwanda", "Japan", "Brazil"}[i%5], Status: risk.StatusConformant, List: "Conformant", ListDate: day}
		switch {
		case i == 7:
			f.Status, f.RemovedOn = risk.StatusRemoved, day.AddDate(0, -2, 0)
		case i%10 == 3:
			f.Status, f.StatusText = risk.StatusNonConformant, "Outreach Required"
		case i%10 == 5:
			f.Status = risk.StatusActive
		}
		facs[i] = f
	}
	s := &risk.Season{Period: 2025, AsOf: day}
	for n := 0; n < 1000; n++ {
		name := fmt.Sprintf("Supplier %04d GmbH", n)
		switch n % 10 {
		case 1:
			name = fmt.Sprintf("深圳华晶电子有限公司 %d", n)
		case 2:
			name = fmt.Sprintf("株式会社ミナト電装 %d", n)
		}
		d := risk.Declaration{ID: int64(n + 1), Family: "CMRT", Version: "6.5", File: fmt.Sprintf("s%04d.xlsx", n), EffectiveDate: day.AddDate(0, -3, 0), Scope: "A. Company"}
		for r := 0; r < 40; r++ {
			f := facs[(n*7+r*13)%400]
			d.Smelters = append(d.Smelters, risk.SmelterRow{Row: 5 + r, Metal: f.Metal, Name: f.Name, CID: f.CID, Country: f.Country, MatchStatus: "matched", Facility: f})
		}
		s.Suppliers = append(s.Suppliers, risk.Supplier{ID: int64(n + 1), Name: name, Declarations: []risk.Declaration{d},
			Register: &risk.RegisterEntry{Name: name, Materials: []string{"Tin"}}})
	}
	return s
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric((cputime.Used()-start).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkDisclosure1000x400: evaluate, count and render the disclosure.
func BenchmarkDisclosure1000x400(b *testing.B) {
	needFonts(b)
	s := benchSeason()
	defer reportCPU(b, cputime.Used())
	for b.Loop() {
		if _, err := RenderDisclosure(testDisclosure(s, nil), Options{CreationDate: s.AsOf}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFeedback1000: render 1,000 feedback sheets on every core.
func BenchmarkFeedback1000(b *testing.B) {
	needFonts(b)
	s := benchSeason()
	ref, cfg := risk.BuiltinReferenceData(), risk.DefaultConfig()
	fs := risk.Evaluate(s, ref, cfg)
	by := map[int64][]risk.Finding{}
	for _, f := range fs {
		by[f.SupplierID] = append(by[f.SupplierID], f)
	}
	var sheets []*Feedback
	for i := range s.Suppliers {
		sup := &s.Suppliers[i]
		lang := []string{LangEnglish, LangChinese, LangJapanese}[min(i%10, 3)%3]
		sheets = append(sheets, &Feedback{Period: 2025, AsOf: s.AsOf, SupplierID: sup.ID, Supplier: sup.Name, Language: lang,
			Rank: risk.SupplierRank{Rank: risk.RankMedium}, Drivers: cfg.Drivers(by[sup.ID]), Findings: by[sup.ID], Concerns: risk.SmelterConcerns(sup)})
	}
	defer reportCPU(b, cputime.Used())
	for b.Loop() {
		n := 0
		if err := RenderFeedbackSheets(sheets, Options{CreationDate: s.AsOf}, nil, func(*Feedback, []byte) error { n++; return nil }); err != nil || n != len(sheets) {
			b.Fatal(err, n)
		}
	}
}

// BenchmarkDisclosureMinerals1000x400: the 1,000-supplier, 400-smelter
// season of BenchmarkDisclosure1000x400 where one supplier in four also
// sent an EMRT (cobalt, mica, lithium, nickel; 20 rows from 100 refiners)
// and one in ten an AMRT (aluminum, silver): seven mineral sections more.
func BenchmarkDisclosureMinerals1000x400(b *testing.B) {
	needFonts(b)
	s := benchSeason()
	day := s.AsOf
	extended, other := []string{"Cobalt", "Mica", "Lithium", "Nickel"}, []string{"Aluminum", "Silver"}
	facs := make([]*risk.Facility, 100)
	for i := range facs {
		metal := extended[i%4]
		if i >= 80 {
			metal = other[i%2]
		}
		facs[i] = &risk.Facility{CID: fmt.Sprintf("CID%06d", 5000+i), Metal: metal, Name: fmt.Sprintf("%s Refinery %03d", metal, i),
			Country: []string{"Congo, Democratic Republic of the", "China", "Finland", "India", "Norway"}[i%5], Status: risk.StatusConformant, List: "Conformant", ListDate: day}
		if i%9 == 4 {
			facs[i].Status, facs[i].RemovedOn = risk.StatusRemoved, day.AddDate(0, -1, 0)
		}
	}
	for n := range s.Suppliers {
		sup := &s.Suppliers[n]
		add := func(id int64, family string, minerals []string, pick func(r int) *risk.Facility) {
			d := risk.Declaration{ID: id, Family: family, Version: "2.1", Scope: "A. Company", Minerals: minerals, EffectiveDate: day.AddDate(0, -3, 0)}
			for r := 0; r < 20; r++ {
				f := pick(r)
				d.Smelters = append(d.Smelters, risk.SmelterRow{Row: 5 + r, Metal: f.Metal, Name: f.Name, CID: f.CID, Country: f.Country, MatchStatus: "matched", Facility: f})
			}
			sup.Declarations = append(sup.Declarations, d)
		}
		if n%4 == 0 {
			sup.Register.Materials = append(sup.Register.Materials, "Cobalt")
			add(int64(10000+n), "EMRT", extended, func(r int) *risk.Facility { return facs[(n*3+r*7)%80] })
		}
		if n%10 == 0 {
			add(int64(20000+n), "AMRT", other, func(r int) *risk.Facility { return facs[80+(n+r)%20] })
		}
	}
	defer reportCPU(b, cputime.Used())
	for b.Loop() {
		if _, err := RenderDisclosure(testDisclosure(s, nil), Options{CreationDate: s.AsOf}); err != nil {
			b.Fatal(err)
		}
	}
}
