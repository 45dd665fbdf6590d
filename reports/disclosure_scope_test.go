package reports

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/risk"
)

const (
	removedCobalt    = "Katanga Removed Cobalt Refinery SARL"
	removedCobaltCID = "CID003001"
)

// mineralsSeason is testSeason with the other templates: three suppliers
// the register asks for cobalt, two of whom sent an EMRT declaring a
// cobalt refiner RMI removed (one also mica); an AMRT supplier for
// aluminium; a gemstone supplier naming emeralds from Colombia (on the US
// DoL list and the EU CAHRA list) and polished diamonds from Zimbabwe (on
// the EU CAHRA list).
func mineralsSeason() *risk.Season {
	s := testSeason(0)
	day := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	removed := &risk.Facility{CID: removedCobaltCID, Metal: "Cobalt", Name: removedCobalt, Country: "Congo, Democratic Republic of the",
		Status: risk.StatusRemoved, RemovedOn: time.Date(2026, 5, 15, 0, 0, 0, 0, time.UTC), List: "RMI facility revisions", ListDate: day}
	finnish := &risk.Facility{CID: "CID003002", Metal: "Cobalt", Name: "Lapland Cobalt Oy", Country: "Finland", Status: risk.StatusConformant, List: "Conformant", ListDate: day}
	mica := &risk.Facility{CID: "CID003100", Metal: "Mica", Name: "Jharkhand Mica Works", Country: "India", Status: risk.StatusActive, List: "Active", ListDate: day}
	alu := &risk.Facility{CID: "CID004001", Metal: "Aluminum", Name: "Nordic Aluminium AS", Country: "Norway", Status: risk.StatusConformant, List: "Conformant", ListDate: day}
	row := func(n int, f *risk.Facility) risk.SmelterRow {
		return risk.SmelterRow{Row: n, Metal: f.Metal, LookupName: f.Name, Name: f.Name, CID: f.CID, Country: strings.ToUpper(f.Country), MatchStatus: "matched", Facility: f}
	}
	emrt := func(id int64, scope string, minerals []string, rows ...risk.SmelterRow) risk.Declaration {
		d := risk.Declaration{ID: id, Family: "EMRT", Version: "2.1", File: "emrt.xlsx", EffectiveDate: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC),
			Scope: scope, Minerals: minerals, Smelters: rows}
		for _, m := range minerals {
			d.Answers = append(d.Answers, risk.Answer{Question: "1", Mineral: m, Value: "Yes", Cell: "D12"})
		}
		return d
	}
	reg := func(name string, materials ...string) *risk.RegisterEntry {
		return &risk.RegisterEntry{Name: name, Materials: materials}
	}
	gem := risk.Declaration{ID: 60, Family: string(cmrt.GEM), Version: cmrt.GemstoneVersion, File: "gems.xlsx", Scope: cmrt.ScopeCompany,
		EffectiveDate: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), Minerals: cmrt.GemstoneMaterials}
	for m, origin := range map[string]string{cmrt.Emerald: "Colombia", cmrt.PolishedDiamonds: "Zimbabwe"} {
		gem.Answers = append(gem.Answers, risk.Answer{Question: cmrt.GemQUsed, Mineral: m, Value: "Yes", Cell: "D10"},
			risk.Answer{Question: cmrt.GemQOrigin, Mineral: m, Value: origin, Cell: "D20"})
	}
	s.Suppliers = append(s.Suppliers,
		risk.Supplier{ID: 20, Name: "Kolwezi Batteries SA", Register: reg("Kolwezi Batteries SA", "Cobalt"),
			Declarations: []risk.Declaration{emrt(20, "A. Company", []string{"Cobalt", "Mica"}, row(5, removed), row(6, mica))}},
		risk.Supplier{ID: 21, Name: "Helsinki Cells Oy", Register: reg("Helsinki Cells Oy", "Cobalt"),
			Declarations: []risk.Declaration{emrt(21, "B. Product (or List of Products)", []string{"Cobalt"}, row(5, removed), row(6, finnish))}},
		risk.Supplier{Name: "Silent Cobalt Trading", Register: reg("Silent Cobalt Trading", "Cobalt")},
		risk.Supplier{ID: 22, Name: "Oslo Profiles AS", Register: reg("Oslo Profiles AS", "Aluminium"),
			Declarations: []risk.Declaration{{ID: 22, Family: "AMRT", Version: "1.3", File: "amrt.xlsx", Scope: "A. Company",
				EffectiveDate: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), Minerals: []string{"Aluminum"}, Smelters: []risk.SmelterRow{row(5, alu)}}}},
		risk.Supplier{ID: 23, Name: "Bogotá Gems S.A.S.", Register: reg("Bogotá Gems S.A.S.", "Emeralds", "Polished diamonds"), Declarations: []risk.Declaration{gem}},
	)
	return s
}

// layoutText is the PDF's text with each table row on a line of its own
// (pdftotext -layout), runs of spaces as one: a row's numbers in order.
func layoutText(t *testing.T, pdf []byte, from, to int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-f", strconv.Itoa(from), "-l", strconv.Itoa(to), p, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	lines := strings.Split(string(out), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

// section is the text from a heading to the next one (or the end).
func section(t *testing.T, text, heading, next string) string {
	t.Helper()
	i := strings.Index(text, heading)
	if i < 0 {
		t.Fatalf("no section %q", heading)
	}
	rest := text[i+len(heading):]
	if j := strings.Index(rest, next); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func TestDisclosureOtherMineralsAndGemstones(t *testing.T) {
	needPDFTools(t)
	in := testDisclosure(mineralsSeason(), nil)
	pdf, err := RenderDisclosure(in, Options{CreationDate: asOf})
	if err != nil {
		t.Fatal(err)
	}
	n := pages(t, pdf)
	body := pdfText(t, pdf, 3, n) // after the contents
	rows := layoutText(t, pdf, 3, n)
	must := func(where, text string, wants ...string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", where, w, text)
			}
		}
	}
	mustMatch := func(where, text, pattern string) {
		t.Helper()
		if !regexp.MustCompile(pattern).MatchString(text) {
			t.Errorf("%s does not match %s:\n%s", where, pattern, text)
		}
	}

	// Sections 5-9 are the 3TG's: the cobalt refiner is not among them.
	tg := section(t, body, "5. RCOI results", "10. Steps to mitigate")
	must("3TG sections", tg, "Suppliers surveyed: 2. Responded: 1 (50.00%).", removedSmelter, "removed (2026-04-29)",
		"Located in a covered country (the DRC or an adjoining country): 1, of which 0 conformant.")
	if strings.Contains(tg, removedCobalt) {
		t.Error("the cobalt refiner is counted in the 3TG sections")
	}

	cobalt := section(t, body, "11.1 Cobalt (EMRT/CRT)", "11.2 ")
	must("cobalt", cobalt,
		"Suppliers surveyed: 3. Responded: 2 (66.67%).",
		"Declaring at company level: 1 of 2 declarations (50.00%); at product level: 1.",
		"Incomplete declarations: 0 of 2",
		removedCobalt, removedCobaltCID, "removed (2026-05-15)",
		"Of the 2 cobalt smelters and refiners identified, 1 were conformant and 0 active",
		"Located in a covered country (the DRC or an adjoining country): 1, of which 0 conformant.")
	// Two suppliers declare the removed refiner: two findings of the code, both suppliers told.
	mustMatch("cobalt findings", cobalt, `SMELTER_REMOVED Smelter removed by RMI high 2 2 `)
	cobaltRows := section(t, rows, "11.1 Cobalt (EMRT/CRT)", "11.2 ")
	// The removed refiner in the risk response, marked removed with its date, two suppliers declaring it.
	must("cobalt", cobalt, removedCobalt+" "+removedCobaltCID+" removed (2026-05-15)")
	mustMatch("cobalt removed smelters", cobaltRows, `(?m)^Cobalt Katanga Removed Cobalt CID003001 removed 2 Suppliers declaring it`)
	// Status per metal: conformant 1, active 0, non-conformant 0, removed 1, not participating 0, unknown 0, total 2, 1 in covered/CAHRA, 0 of them conformant.
	mustMatch("cobalt determination", cobaltRows, `(?m)^Cobalt 1 0 0 1 0 0 2 1 0$`)
	mustMatch("cobalt declarations", cobaltRows, `(?m)^EMRT 2 1 1 0 0$`)

	mica := section(t, body, "11.2 Mica (EMRT/CRT)", "11.3 ")
	must("mica", mica, "Suppliers who responded: 1 (the register asks no supplier for mica", "SMELTER_ACTIVE")
	mustMatch("mica determination", section(t, rows, "11.2 Mica (EMRT/CRT)", "11.3 "), `(?m)^Mica 0 1 0 0 0 0 1 1 0$`)
	alu := section(t, body, "11.3 Aluminum (AMRT)", "12. Diamonds")
	must("aluminum", alu, "Suppliers surveyed: 1. Responded: 1 (100.00%).", "Of the 1 aluminum smelters and refiners identified, 1 were conformant")

	gems := section(t, body, "12. Diamonds and coloured gemstones", "Annex A")
	must("gemstones", gems, "Suppliers surveyed: 1. Responded: 1 (100.00%).",
		"The risk rules found 3 findings about diamonds and coloured gemstones: 1 high, 2 medium, 0 low")
	// Countries of origin: material, country, suppliers, then the flags (restricted, CAHRA, DoL) that apply.
	gemRows := section(t, rows, "12. Diamonds and coloured gemstones", "Annex A")
	// Colombia is on the EU CAHRA list and, for emeralds, on the US DoL list; Zimbabwe on the CAHRA list.
	mustMatch("gem origins", gemRows, `(?m)^Polished diamonds ZIMBABWE 1 no yes no$`)
	mustMatch("gem origins", gemRows, `(?m)^Emerald COLOMBIA 1 no yes yes$`)
	// Findings by code: the emerald's DoL listing, the two CAHRA origins.
	mustMatch("gem findings", gemRows, `(?m)^GEM_DOL_LISTED Gemstone origin on the DoL goods list high 2 1$`)
	mustMatch("gem findings", gemRows, `(?m)^GEM_CAHRA Gemstone origin in an EU-listed conflict- medium 2 2$`)
	mustMatch("gem materials", gemRows, `(?m)^Emerald 1 1 0 0 n/a 0 0 0 1 1$`)

	// The annexes list the other minerals' smelters and countries too.
	annexA := section(t, body, "Annex A: smelters and refiners", "Annex B")
	mustMatch("annex A", annexA, `Cobalt `+regexp.QuoteMeta(removedCobalt)+`.*`+removedCobaltCID+` removed \(2026-05-15\) 2`)
	must("annex A", annexA, "Nordic Aluminium AS", "Jharkhand Mica Works")
	annexB := section(t, rows, "Annex B: countries of location", "\x00")
	mustMatch("annex B", annexB, `(?m)^Cobalt Congo, Democratic Republic of the 1 yes yes$`)
	mustMatch("annex B", annexB, `(?m)^Aluminum Norway 1$`)

	// Same data, same bytes.
	again, err := RenderDisclosure(testDisclosure(mineralsSeason(), nil), Options{CreationDate: asOf})
	if err != nil || !bytes.Equal(pdf, again) {
		t.Errorf("two renders of the same data differ (%v)", err)
	}
}

// TestDisclosureContentsFitWithManyMinerals: with every mineral the AMRT
// offers, the contents still end above the page's footer, on A4 and Letter;
// with three minerals each has its entry.
func TestDisclosureContentsFitWithManyMinerals(t *testing.T) {
	needPDFTools(t)
	few, err := RenderDisclosure(testDisclosure(mineralsSeason(), nil), Options{CreationDate: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if toc := pdfText(t, few, 2, 2); !strings.Contains(toc, "11.1 Cobalt (EMRT/CRT) 12") || !strings.Contains(toc, "Countries of origin") {
		t.Errorf("contents with three minerals:\n%s", toc)
	}
	s := mineralsSeason()
	for i, m := range []string{"Copper", "Graphite", "Lithium", "Nickel", "Cadmium", "Iridium", "Lead", "Lime", "Manganese", "Molybdenum",
		"Palladium", "Platinum", "Rare Earth Elements", "Rhenium", "Rhodium", "Ruthenium", "Selenium", "Silver", "Soda Ash", "Tellurium", "Zinc"} {
		s.Suppliers = append(s.Suppliers, risk.Supplier{ID: int64(100 + i), Name: fmt.Sprint("Supplier ", i),
			Declarations: []risk.Declaration{{ID: int64(100 + i), Family: "AMRT", Scope: "A. Company", Minerals: []string{m}}}})
	}
	in := testDisclosure(s, nil)
	if len(in.Summary.Minerals) != 24 {
		t.Fatalf("%d mineral sections, want 24", len(in.Summary.Minerals))
	}
	for _, paper := range []string{"a4", "letter"} {
		pdf, err := RenderDisclosure(in, Options{CreationDate: asOf, Paper: paper})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(layoutText(t, pdf, 2, 2)), "\n")
		last := lines[len(lines)-1]
		toc := strings.Join(lines, " ")
		if !strings.Contains(last, "Page 2 of") || !strings.Contains(toc, "Annex B: countries of location") || !strings.Contains(toc, "11. Other minerals") {
			t.Errorf("%s: the contents run past the page (last line %q):\n%s", paper, last, toc)
		}
	}
}
