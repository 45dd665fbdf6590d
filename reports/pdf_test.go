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

	"github.com/openminerals/cmrt/risk"
)

// needPDFTools skips, naming the Debian package, when pdftotext or a font
// is missing (.ci/run installs them).
func needPDFTools(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: install Debian's poppler-utils (apt-get install poppler-utils)", tool)
		}
	}
	needFonts(t)
}

func needFonts(t testing.TB) {
	t.Helper()
	if err := (Options{}).CheckFonts(); err != nil {
		t.Skipf("skipping: %v", err)
	}
}

// pdfText extracts the text of a PDF (pages from–to; 0: all).
func pdfText(t testing.TB, pdf []byte, from, to int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{}
	if from > 0 {
		args = append(args, "-f", strconv.Itoa(from), "-l", strconv.Itoa(to))
	}
	out, err := exec.Command("pdftotext", append(args, p, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	// Table cells wrap: compare text with runs of white space as one space.
	return strings.Join(strings.Fields(string(out)), " ")
}

func pdfInfo(t testing.TB, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", p).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	return string(out)
}

func pages(t testing.TB, pdf []byte) int {
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(pdfInfo(t, pdf))
	if m == nil {
		t.Fatal("no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

var asOf = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

const (
	cjkSupplier     = "深圳华晶电子有限公司"
	turkishSupplier = "Türkiye Döküm Sanayi A.Ş."
	removedSmelter  = "Yunnan Removed Tin Smelter Co., Ltd."
	removedCID      = "CID002842"
)

// testSeason is a constructed season: facility status "removed" cannot
// come through the store's read model on this base yet (its status
// function does not produce it), so the renderer is tested with it here.
func testSeason(extraSmelters int) *risk.Season {
	removed := &risk.Facility{CID: removedCID, Metal: "Tin", Name: removedSmelter, Country: "China", Status: risk.StatusRemoved,
		RemovedOn: time.Date(2026, 4, 29, 0, 0, 0, 0, time.UTC), RemovedReason: "No longer an operating smelter / refiner",
		Successors: []string{"CID002773"}, List: "RMI facility revisions", ListDate: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	gold := &risk.Facility{CID: "CID000001", Metal: "Gold", Name: "Alpine Gold Refinery SA", Country: "Switzerland", Status: risk.StatusConformant,
		List: "Conformant Smelter List", ListDate: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	tantalum := &risk.Facility{CID: "CID000500", Metal: "Tantalum", Name: "Kigali Tantalum Works", Country: "Rwanda", Status: risk.StatusNonConformant,
		StatusText: "Communication Suspended - Not Interested", List: "Active Smelter List", ListDate: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	answers := func() []risk.Answer {
		var out []risk.Answer
		for _, m := range []string{"Tin", "Gold", "Tantalum", "Tungsten"} {
			out = append(out, risk.Answer{Question: "1", Mineral: m, Value: "Yes", Cell: "D12"})
		}
		return out
	}
	cjk := risk.Supplier{ID: 1, Name: cjkSupplier, Declarations: []risk.Declaration{{
		ID: 10, Family: "CMRT", Version: "6.5", File: "suppliers/huajing.xlsx", EffectiveDate: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC),
		Scope: "A. Company", Minerals: []string{"Tin", "Gold", "Tantalum"}, Answers: answers(), RequiredMissing: 2, CheckerCells: []string{"Declaration!D8", "Declaration!D9"},
		Smelters: []risk.SmelterRow{
			{Row: 5, Metal: "Tin", LookupName: removedSmelter, Name: removedSmelter, Country: "CHINA", CID: removedCID, Recycled: "No", MatchStatus: "matched", Facility: removed},
			{Row: 6, Metal: "Gold", LookupName: gold.Name, Name: gold.Name, Country: "SWITZERLAND", CID: gold.CID, Recycled: "Yes", MatchStatus: "matched", Facility: gold},
			{Row: 7, Metal: "Tantalum", LookupName: tantalum.Name, Name: tantalum.Name, Country: "RWANDA", CID: tantalum.CID, MatchStatus: "matched", Facility: tantalum},
		},
	}}}
	for i := 0; i < extraSmelters; i++ {
		f := &risk.Facility{CID: fmt.Sprintf("CID%06d", 100000+i), Metal: "Tungsten", Name: fmt.Sprintf("Tungsten Works %03d Ltd.", i),
			Country: "Viet Nam", Status: risk.StatusConformant, List: "Conformant Smelter List", ListDate: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
		cjk.Declarations[0].Smelters = append(cjk.Declarations[0].Smelters, risk.SmelterRow{Row: 8 + i, Metal: "Tungsten", Name: f.Name, CID: f.CID,
			Country: "VIET NAM", MatchStatus: "matched", Facility: f})
	}
	turk := risk.Supplier{ID: 2, Name: turkishSupplier, Register: &risk.RegisterEntry{Name: turkishSupplier, Materials: []string{"Gold"}},
		Declarations: []risk.Declaration{{ID: 11, Family: "CMRT", Version: "6.4", File: "suppliers/doküm.xlsx", EffectiveDate: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC),
			Scope: "B. Product (or List of Products)", Minerals: []string{"Gold"}, Answers: answers()[1:2], Products: 3,
			Smelters: []risk.SmelterRow{{Row: 5, Metal: "Gold", LookupName: gold.Name, Name: gold.Name, Country: "SWITZERLAND", CID: gold.CID, MatchStatus: "matched", Facility: gold}}}}}
	silent := risk.Supplier{Name: "São Paulo Metais Ltda.", Register: &risk.RegisterEntry{Name: "São Paulo Metais Ltda.", Materials: []string{"Tin"}}}
	return &risk.Season{Period: 2025, AsOf: asOf, Suppliers: []risk.Supplier{silent, turk, cjk}}
}

func testDisclosure(s *risk.Season, co *Company) *Disclosure {
	ref, cfg := risk.BuiltinReferenceData(), risk.DefaultConfig()
	fs := risk.Evaluate(s, ref, cfg)
	ranks := cfg.Ranks(s, fs)
	prev := []risk.SupplierRank{{SupplierID: 2, Supplier: turkishSupplier, Rank: risk.RankLow}}
	return &Disclosure{Period: s.Period, AsOf: s.AsOf, Company: co, Summary: risk.Summarize(s, ref, fs), Ranks: ranks,
		PreviousRanks: prev, RankCounts: risk.RankCounts(ranks), PreviousRankCounts: risk.RankCounts(prev),
		YearOnYear: risk.CompareRanks(prev, ranks), Data: ref.Editions(), Rules: cfg.Edition()}
}

func testFeedback(s *risk.Season, lang string) *Feedback {
	ref, cfg := risk.BuiltinReferenceData(), risk.DefaultConfig()
	fs := risk.Evaluate(s, ref, cfg)
	var mine []risk.Finding
	for _, f := range fs {
		if f.SupplierID == 1 {
			mine = append(mine, f)
		}
	}
	sup := &s.Suppliers[2]
	rank := cfg.Ranks(s, fs)
	var r risk.SupplierRank
	for _, x := range rank {
		if x.SupplierID == 1 {
			r = x
		}
	}
	return &Feedback{Period: 2025, AsOf: asOf, Due: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), From: "Bluewater Circuits Ltd.",
		SupplierID: 1, Supplier: sup.Name, Language: lang, Rank: r, Drivers: cfg.Drivers(mine), Findings: mine, Concerns: risk.SmelterConcerns(sup)}
}

func TestDisclosureText(t *testing.T) {
	needPDFTools(t)
	in := testDisclosure(testSeason(0), nil)
	pdf, err := RenderDisclosure(in, Options{CreationDate: asOf})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf, 0, 0)
	for _, want := range []string{
		"Conflict Minerals Report 2025",
		`[To be completed: company file key "name"]`,
		`[To be completed: company file key "signer.name"]`,
		`[To be completed: company file key "policy.url"]`,
		"Suppliers surveyed: 2. Responded: 1 (50.00%).", // the register: Türkiye answered, São Paulo did not
		removedSmelter, "removed (2026-04-29)",
		"non-conformant (Communication Suspended - Not Interested)",
		"Located in a covered country (the DRC or an adjoining country): 1, of which 0 conformant.",
		"Recycled or scrap sources declared: 1 declared rows.",
		"Declaring at company level: 1 of 2 declarations (50.00%); at product level: 1.",
		"Smelters and refiners by status, per metal",
		"Response rate by template family",
		"Suppliers by risk rank, this period versus the previous one",
		"Annex A: smelters and refiners", "Annex B: countries of location",
		"SMELTER_REMOVED",
		"Page 3 of",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("disclosure lacks %q", want)
		}
	}
	// Every number comes from the summary: the status counts of a metal.
	for _, m := range in.Summary.ByMetal {
		if m.Metal == "Tin" && m.Counts[risk.StatusRemoved] != 1 {
			t.Errorf("tin removed count %d, want 1", m.Counts[risk.StatusRemoved])
		}
	}
	// The table of contents gives each section's real page.
	toc := pdfText(t, pdf, 2, 2)
	m := regexp.MustCompile(`Annex A: smelters and refiners\s+(\d+)`).FindStringSubmatch(toc)
	if m == nil {
		t.Fatalf("contents lack Annex A:\n%s", toc)
	}
	page, _ := strconv.Atoi(m[1])
	if !strings.HasPrefix(strings.TrimSpace(pdfText(t, pdf, page, page)), "Annex A: smelters and refiners") {
		t.Errorf("contents say Annex A is on page %d; that page starts:\n%.200s", page, pdfText(t, pdf, page, page))
	}
}

func TestDisclosureWithCompanyHasNoPlaceholders(t *testing.T) {
	needPDFTools(t)
	data, err := os.ReadFile(filepath.Join("..", "testdata", "company.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	co, err := ParseCompany("company.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := RenderDisclosure(testDisclosure(testSeason(0), co), Options{CreationDate: asOf})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf, 0, 0)
	if strings.Contains(text, "To be completed") {
		t.Error("a complete company file still leaves a placeholder")
	}
	for _, want := range []string{co.Name, co.Signer.Name, co.Policy.URL, "kept for at least 5 years"} {
		if !strings.Contains(text, want) {
			t.Errorf("disclosure lacks %q", want)
		}
	}
}

func TestParseCompanyRejectsUnknownKey(t *testing.T) {
	_, err := ParseCompany("co.yaml", []byte("name: Acme\nsigner:\n  nmae: Jo\n"))
	if err == nil || !strings.Contains(err.Error(), "co.yaml") || !strings.Contains(err.Error(), "nmae") {
		t.Fatalf("err = %v, want the file and the unknown key", err)
	}
}

func TestFeedbackTextPerLanguage(t *testing.T) {
	needPDFTools(t)
	for _, tc := range []struct {
		lang  string
		title string
		due   string
	}{{LangEnglish, "Supplier feedback", "By: 2026-03-31"}, {LangChinese, "供应商反馈", "截止日期: 2026-03-31"}, {LangJapanese, "サプライヤーへのフィードバック", "期限: 2026-03-31"}} {
		f := testFeedback(testSeason(0), tc.lang)
		pdf, err := RenderFeedback(f, Options{CreationDate: asOf})
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, pdf, 0, 0)
		for _, want := range []string{tc.title, cjkSupplier, tc.due, removedSmelter, removedCID, "CID002773", "Smelter List!A5",
			"Declaration!D8", "SMELTER_REMOVED", "Communication Suspended - Not Interested", string(f.Rank.Rank)} {
			if tc.lang != LangEnglish && want == string(f.Rank.Rank) {
				continue
			}
			if !strings.Contains(text, want) {
				t.Errorf("%s sheet lacks %q", tc.lang, want)
			}
		}
		if !strings.Contains(text, tr(tc.lang, tRemoved)) {
			t.Errorf("%s sheet does not mark the removed smelter as %q", tc.lang, tr(tc.lang, tRemoved))
		}
	}
	if LanguageOf("中文 Chinese") != LangChinese || LanguageOf("日本語 Japanese") != LangJapanese || LanguageOf("Türkçe") != LangEnglish {
		t.Error("LanguageOf")
	}
}

// forgetMeasurements empties the process-wide rune-width cache, so that a
// render measures from scratch: the first render of a process must give
// the same bytes as a later one.
func forgetMeasurements() {
	measurers.Range(func(k, _ any) bool { measurers.Delete(k); return true })
}

func TestPDFIsReproducible(t *testing.T) {
	needFonts(t)
	in := testDisclosure(testSeason(5), nil)
	forgetMeasurements()
	a, err := RenderDisclosure(in, Options{CreationDate: asOf})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := RenderDisclosure(in, Options{CreationDate: asOf})
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same data differ")
	}
	c, _ := RenderDisclosure(in, Options{CreationDate: asOf.AddDate(0, 0, 1)})
	if bytes.Equal(a, c) {
		t.Fatal("the creation date does not reach the PDF")
	}
	f := testFeedback(testSeason(0), LangChinese)
	forgetMeasurements()
	x, _ := RenderFeedback(f, Options{CreationDate: asOf})
	y, _ := RenderFeedback(f, Options{CreationDate: asOf})
	if !bytes.Equal(x, y) {
		t.Fatal("two renders of a feedback sheet differ")
	}
}

func TestPaperSizes(t *testing.T) {
	needPDFTools(t)
	in := testDisclosure(testSeason(0), nil)
	for paper, want := range map[string]string{"a4": "595.28 x 841.89 pts (A4)", "letter": "612 x 792 pts (letter)"} {
		pdf, err := RenderDisclosure(in, Options{Paper: paper, CreationDate: asOf})
		if err != nil {
			t.Fatal(err)
		}
		if info := pdfInfo(t, pdf); !strings.Contains(info, want) {
			t.Errorf("%s: pdfinfo says\n%s", paper, info)
		}
	}
	if _, err := RenderDisclosure(in, Options{Paper: "a5"}); err == nil {
		t.Error("paper a5 accepted")
	}
}

// A table longer than a page repeats its header on every page it spans.
func TestTableHeaderRepeatsAcrossPages(t *testing.T) {
	needPDFTools(t)
	in := testDisclosure(testSeason(150), nil)
	pdf, err := RenderDisclosure(in, Options{CreationDate: asOf})
	if err != nil {
		t.Fatal(err)
	}
	n := pages(t, pdf)
	first, last := 0, 0
	for p := 1; p <= n; p++ {
		text := pdfText(t, pdf, p, p)
		if strings.HasPrefix(strings.TrimSpace(text), "Annex A: smelters and refiners") {
			first = p
		}
		if strings.HasPrefix(strings.TrimSpace(text), "Annex B") {
			last = p - 1
		}
	}
	if first == 0 || last <= first {
		t.Fatalf("Annex A on pages %d–%d of %d: want it to span several", first, last, n)
	}
	for p := first; p <= last; p++ {
		if text := pdfText(t, pdf, p, p); !strings.Contains(text, "Standard name") {
			t.Errorf("page %d of Annex A has no header row", p)
		}
	}
	all := pdfText(t, pdf, first, last)
	for i := 0; i < 150; i += 37 {
		if name := fmt.Sprintf("Tungsten Works %03d Ltd.", i); !strings.Contains(all, name) {
			t.Errorf("Annex A lacks %q", name)
		}
	}
}

func TestMissingFontNamesThePackage(t *testing.T) {
	err := Options{FontPath: "/nonexistent/cjk.ttf"}.CheckFonts()
	if _, lerr := os.Stat(DefaultLatinFontPath); lerr == nil {
		if err == nil || !strings.Contains(err.Error(), "fonts-droid-fallback") || !strings.Contains(err.Error(), "/nonexistent/cjk.ttf") {
			t.Errorf("missing CJK font: %v", err)
		}
	}
	err = Options{LatinFontPath: "/nonexistent/latin.ttf"}.CheckFonts()
	if err == nil || !strings.Contains(err.Error(), "fonts-dejavu-core") {
		t.Errorf("missing Latin font: %v", err)
	}
	notTTF := filepath.Join(t.TempDir(), "x.ttf")
	_ = os.WriteFile(notTTF, []byte("not a font at all"), 0o644)
	if err := (Options{LatinFontPath: notTTF}).CheckFonts(); err == nil || !strings.Contains(err.Error(), "not a TrueType") {
		t.Errorf("not a font: %v", err)
	}
}

func TestWrapKeepsEveryCharacter(t *testing.T) {
	needFonts(t)
	d, err := newDoc(Options{}, "t", "%d %s")
	if err != nil {
		t.Fatal(err)
	}
	d.pdf.AddPage()
	d.font(10, colText)
	for _, s := range []string{"", "short", "深圳华晶电子有限公司 株式会社ミナト電装 and a long English sentence that must wrap at spaces",
		strings.Repeat("W", 200), "line one\nline two"} {
		lines := d.wrap(s, 40)
		joined := strings.ReplaceAll(strings.Join(lines, ""), " ", "")
		if want := strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "\n", ""); joined != want {
			t.Errorf("wrap(%q) lost text: %q", s, lines)
		}
		for _, l := range lines {
			if w := d.stringWidth(l); w > 40.01 {
				t.Errorf("line %q is %.1f mm wide, limit 40", l, w)
			}
		}
	}
}

// A batch of sheets embeds font subsets cut for the batch; a glyph missing
// from a subset would show as a box. The batch's pages must look exactly
// like the same sheet rendered with the whole fonts.
func TestBatchSubsetsRenderLikeWholeFonts(t *testing.T) {
	needPDFTools(t)
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not found: install Debian's poppler-utils (apt-get install poppler-utils)")
	}
	s := testSeason(0)
	sheets := []*Feedback{testFeedback(s, LangJapanese), testFeedback(s, LangChinese), testFeedback(s, LangEnglish)}
	sheets[1].SupplierID, sheets[2].SupplierID = 2, 3
	sheets[2].Supplier = "Türkiye Döküm Sanayi A.Ş. — São Paulo Metais"
	raster := func(pdf []byte) []byte {
		dir := t.TempDir()
		p := filepath.Join(dir, "x.pdf")
		if err := os.WriteFile(p, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("pdftoppm", "-r", "50", "-gray", p, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
		var all []byte
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".pgm") {
				b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
				all = append(all, b...)
			}
		}
		return all
	}
	n := 0
	err := RenderFeedbackSheets(sheets, Options{CreationDate: asOf}, nil, func(f *Feedback, batch []byte) error {
		n++
		whole, err := RenderFeedback(f, Options{CreationDate: asOf})
		if err != nil {
			return err
		}
		if bytes.Equal(batch, whole) {
			t.Errorf("%s: the batch sheet embeds the whole fonts", f.Language)
		}
		if !bytes.Equal(raster(batch), raster(whole)) {
			t.Errorf("%s: the batch sheet does not look like the sheet with the whole fonts (a glyph missing from a subset?)", f.Language)
		}
		return nil
	})
	if err != nil || n != len(sheets) {
		t.Fatalf("%v, %d sheets", err, n)
	}
	_ = RenderFeedbackSheets(sheets[2:], Options{CreationDate: asOf}, nil, func(_ *Feedback, b []byte) error {
		if text := pdfText(t, b, 0, 0); !strings.Contains(text, "Türkiye Döküm Sanayi A.Ş. — São Paulo Metais") {
			t.Errorf("Turkish and Portuguese name not in the text:\n%.300s", text)
		}
		return nil
	})
	// One sheet selected from the batch is the same bytes as in the batch.
	var all, one [][]byte
	_ = RenderFeedbackSheets(sheets, Options{CreationDate: asOf}, nil, func(_ *Feedback, b []byte) error { all = append(all, b); return nil })
	_ = RenderFeedbackSheets(sheets, Options{CreationDate: asOf}, func(f *Feedback) bool { return f.SupplierID == 2 },
		func(_ *Feedback, b []byte) error { one = append(one, b); return nil })
	if len(one) != 1 || !bytes.Equal(one[0], all[1]) {
		t.Error("a sheet selected from the batch differs from the batch's")
	}
}

// TestKoreanNamesUseTheKoreanFont: Hangul is set in the Korean font
// (Droid Sans Fallback has almost no Hangul: its text would show as
// boxes, though pdftotext would still extract it), Chinese in the CJK font
// and Latin in DejaVu Sans, all three embedded.
func TestKoreanNamesUseTheKoreanFont(t *testing.T) {
	needPDFTools(t)
	if !(Options{}).hangulFont() {
		t.Skip("no Korean font: install Debian's fonts-nanum (apt-get install fonts-nanum)")
	}
	const korean = "한국정밀 주식회사"
	f := testFeedback(testSeason(0), LangEnglish)
	f.Supplier = korean
	pdf, err := RenderFeedback(f, Options{CreationDate: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, pdf, 0, 0); !strings.Contains(text, korean) {
		t.Errorf("no %q in the text", korean)
	}
	p := filepath.Join(t.TempDir(), "ko.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdffonts", p).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	for _, font := range []string{"utf8hangul", "utf8latin"} { // gofpdf names fonts after fontSpecs
		if !strings.Contains(string(out), font) {
			t.Errorf("font %s not embedded:\n%s", font, out)
		}
	}
	if fontFor('한', true) != fontHangul || fontFor('한', false) != fontCJK || fontFor('中', true) != fontCJK || fontFor('ç', true) != fontLatin {
		t.Error("fontFor picks the wrong font")
	}
}

// TestKoreanFontReadForHangulOnly: the Korean font (4.7 MB) is read when a
// document has Hangul, not for every document to learn whether it could be.
func TestKoreanFontReadForHangulOnly(t *testing.T) {
	needFonts(t)
	font, err := os.ReadFile(DefaultHangulFontPath)
	if err != nil {
		t.Skip("no Korean font: install Debian's fonts-nanum (apt-get install fonts-nanum)")
	}
	path := filepath.Join(t.TempDir(), "hangul.ttf") // a path of this test's own, out of the font cache
	if err := os.WriteFile(path, font, 0o644); err != nil {
		t.Fatal(err)
	}
	o := Options{CreationDate: asOf, HangulFontPath: path}
	read := func() bool { _, ok := fontCache.Load(path); return ok }
	if _, err := RenderFeedback(testFeedback(testSeason(0), LangEnglish), o); err != nil || read() {
		t.Fatalf("a sheet without Hangul: %v, Korean font read %v", err, read())
	}
	f := testFeedback(testSeason(0), LangEnglish)
	f.Supplier = "한국정밀 주식회사"
	if _, err := RenderFeedback(f, o); err != nil || !read() {
		t.Fatalf("a sheet with Hangul: %v, Korean font read %v", err, read())
	}
}
