package reports

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"

	"github.com/openminerals/cmrt/internal/inputfile"
)

// The PDFs embed up to three TrueType fonts, because no single Debian font
// that gofpdf can load covers every script: DejaVu Sans (fonts-dejavu-core)
// for Latin (Turkish, Portuguese...), Greek and Cyrillic; Droid Sans
// Fallback (fonts-droid-fallback) for Chinese and Japanese, which has no
// Latin glyphs at all (U+0020 only: Latin text set in it shows as empty
// boxes, although pdftotext still extracts it) and almost no Hangul; and
// NanumGothic (fonts-nanum) for Korean. Each run of text is set in the font
// that has its glyphs (fontFor). The Korean font is optional: without it
// Hangul falls back to Droid Sans Fallback (and shows as boxes). Noto CJK
// ships OpenType/CFF collections, which gofpdf cannot load.
const (
	DefaultFontPath       = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	DefaultLatinFontPath  = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	DefaultHangulFontPath = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
)

// FontEnv, LatinFontEnv and HangulFontEnv name the environment variables
// that point at other TrueType fonts (CJK, Latin, Korean).
const (
	FontEnv       = "CMRT_PDF_FONT"
	LatinFontEnv  = "CMRT_PDF_LATIN_FONT"
	HangulFontEnv = "CMRT_PDF_HANGUL_FONT"
)

// ErrFontMissing is returned when a PDF font cannot be read.
var ErrFontMissing = errors.New("PDF font not found")

// Options are what every PDF takes.
type Options struct {
	// Paper is "a4" (default) or "letter".
	Paper string
	// FontPath is the TrueType (.ttf) font for CJK text; empty:
	// $CMRT_PDF_FONT, else DefaultFontPath.
	FontPath string
	// LatinFontPath is the TrueType font for every other script; empty:
	// $CMRT_PDF_LATIN_FONT, else DefaultLatinFontPath.
	LatinFontPath string
	// HangulFontPath is the TrueType font for Korean; empty:
	// $CMRT_PDF_HANGUL_FONT, else DefaultHangulFontPath (optional).
	HangulFontPath string
	// CreationDate is written into the PDF's metadata; a fixed date makes
	// the same data give the same bytes.
	CreationDate time.Time
	// subsets, when set, are TrueType subsets of the fonts holding every
	// glyph a batch of documents uses (see batchSubsets).
	subsets [numFonts][]byte
}

const (
	fontLatin = iota
	fontCJK
	fontHangul
	numFonts
)

// fontSpecs say where each font comes from and how to ask for another.
var fontSpecs = [numFonts]struct{ name, pkg, flag, env string }{
	{"latin", "fonts-dejavu-core", "--latin-font", LatinFontEnv},
	{"cjk", "fonts-droid-fallback", "--font", FontEnv},
	{"hangul", "fonts-nanum", "$" + HangulFontEnv, HangulFontEnv},
}

// fontPath is the file of font f a render uses.
func (o Options) fontPath(f int) string {
	switch f {
	case fontLatin:
		return o.ResolveLatinFontPath()
	case fontHangul:
		return firstNonEmpty(o.HangulFontPath, os.Getenv(HangulFontEnv), DefaultHangulFontPath)
	}
	return o.ResolveFontPath()
}

// readFont reads font f, naming its Debian package when it is missing.
func (o Options) readFont(f int) ([]byte, error) {
	sp := fontSpecs[f]
	return loadFont(o.fontPath(f), sp.pkg, sp.flag, sp.env)
}

// hangulFont reports whether the optional Korean font can be read; without
// it Hangul is set in the CJK font. Reading it costs a 4.7 MB file, so it
// is asked only of text with Hangul.
func (o Options) hangulFont() bool {
	if o.subsets[fontHangul] != nil {
		return true
	}
	_, err := o.readFont(fontHangul)
	return err == nil
}

// ResolveFontPath is the CJK font a render uses.
func (o Options) ResolveFontPath() string {
	return firstNonEmpty(o.FontPath, os.Getenv(FontEnv), DefaultFontPath)
}

// ResolveLatinFontPath is the Latin font a render uses.
func (o Options) ResolveLatinFontPath() string {
	return firstNonEmpty(o.LatinFontPath, os.Getenv(LatinFontEnv), DefaultLatinFontPath)
}

// CheckFonts reads the Latin and CJK fonts, so a command fails before any
// work with a message naming the Debian package to install (the Korean
// font is optional).
func (o Options) CheckFonts() error {
	if _, err := o.readFont(fontLatin); err != nil {
		return err
	}
	_, err := o.readFont(fontCJK)
	return err
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// paperSize maps the paper option to gofpdf's names.
func paperSize(p string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "", "a4":
		return "A4", nil
	case "letter":
		return "Letter", nil
	}
	return "", fmt.Errorf("paper %q: want a4 or letter", p)
}

var fontCache sync.Map // path → []byte

// maxFontFile bounds a font file (Droid Sans Fallback is 4 MB).
const maxFontFile = 64 << 20

// loadFont reads (once per path) a TrueType font a PDF embeds. A missing
// font names the Debian package and the ways to point at another.
func loadFont(path, pkg, flag, env string) ([]byte, error) {
	if b, ok := fontCache.Load(path); ok {
		return b.([]byte), nil
	}
	b, _, err := inputfile.Read(path, maxFontFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s; install Debian's %s (apt-get install %s), "+
				"or name another TrueType .ttf font with %s or $%s", ErrFontMissing, path, pkg, pkg, flag, env)
		}
		return nil, fmt.Errorf("PDF font %s: %w", path, err)
	}
	if len(b) < 12 || !(bytes.HasPrefix(b, []byte{0, 1, 0, 0}) || bytes.HasPrefix(b, []byte("true"))) {
		return nil, fmt.Errorf("PDF font %s: not a TrueType (.ttf) font", path)
	}
	fontCache.Store(path, b)
	return b, nil
}

// Colours, as RGB.
type rgb struct{ r, g, b int }

var (
	colText    = rgb{30, 30, 30}
	colMuted   = rgb{100, 100, 100}
	colAccent  = rgb{22, 78, 140}
	colHeadBg  = rgb{225, 232, 242}
	colZebra   = rgb{246, 248, 251}
	colPlace   = rgb{176, 48, 32} // placeholders: visibly not the company's text
	statusCols = map[string]rgb{
		"conformant": {46, 139, 87}, "active": {120, 190, 120}, "non-conformant": {214, 96, 77},
		"removed": {120, 40, 40}, "not-participating": {240, 190, 80}, "unknown": {170, 170, 170},
	}
)

// doc wraps gofpdf with what the reports need: text in two fonts chosen
// per run, wrapped by one algorithm for measuring and drawing, page
// numbers, headings recorded for the table of contents, tables that break
// across pages with their header repeated, and bar charts.
type doc struct {
	pdf    *gofpdf.Fpdf
	opts   Options
	title  string
	footer string // "Page %d of %s" in the document's language
	toc    []tocEntry
	width  float64 // usable width
	left   float64
	top    float64
	bottom float64 // lowest y text may reach
	// added: the CJK and Korean fonts are embedded on first use only;
	// parsing one is most of a small sheet's cost.
	added  [numFonts]bool
	size   float64
	color  rgb
	widths [numFonts]map[rune]float64 // per font, a rune's width at size 1
	// hangul: the Korean font can be read (else Hangul goes to the CJK
	// font), asked at the first Hangul (hangulKnown).
	hangul, hangulKnown bool
}

type tocEntry struct {
	level int
	text  string
	page  int
}

func newDoc(o Options, title, footer string) (*doc, error) {
	size, err := paperSize(o.Paper)
	if err != nil {
		return nil, err
	}
	latin := o.subsets[fontLatin]
	if latin == nil {
		if latin, err = o.readFont(fontLatin); err != nil {
			return nil, err
		}
	}
	p := gofpdf.New("P", "mm", size, "")
	p.SetCatalogSort(true)
	created := o.CreationDate
	if created.IsZero() {
		created = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	p.SetCreationDate(created.UTC())
	p.SetModificationDate(created.UTC())
	p.SetProducer("cmrt", true)
	p.SetTitle(title, true)
	p.AddUTF8FontFromBytes(fontSpecs[fontLatin].name, "", latin)
	if err := p.Error(); err != nil {
		return nil, fmt.Errorf("PDF font %s: %w", o.ResolveLatinFontPath(), err)
	}
	const margin = 18
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, margin) // pages break where the text engine says
	p.AliasNbPages("{nb}")
	d := &doc{pdf: p, opts: o, title: title, footer: footer, widths: [numFonts]map[rune]float64{{}, {}, {}}}
	d.added[fontLatin] = true
	w, h := p.GetPageSize()
	d.left, d.top, d.width, d.bottom = margin, margin, w-2*margin, h-margin
	p.SetFooterFunc(func() {
		y := h - 12
		d.font(8, colMuted)
		d.text(d.left, y, d.width*0.7, d.title, "L")
		// Left-aligned in the right quarter: the page-count alias is
		// replaced after layout, so right-aligning it would leave a gap.
		d.text(d.left+d.width*0.75, y, d.width*0.25, fmt.Sprintf(d.footer, p.PageNo(), "{nb}"), "L")
	})
	return d, nil
}

// fontFor is the font that has a rune's glyph: Hangul in the Korean font
// (when hangul, else the CJK one), CJK, kana and full-width forms in the
// CJK font, everything else in the Latin one.
func fontFor(r rune, hangul bool) int {
	switch {
	case r >= 0x1100 && r <= 0x11FF, r >= 0x3130 && r <= 0x318F, // Hangul Jamo, compatibility Jamo
		r >= 0xA960 && r <= 0xA97F, r >= 0xAC00 && r <= 0xD7FF: // Hangul
		if hangul {
			return fontHangul
		}
		return fontCJK
	case r >= 0x2E80 && r <= 0x9FFF, // CJK radicals, punctuation, kana, Han
		r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, // compatibility
		r >= 0xFF00 && r <= 0xFFEF, // full-width forms
		r >= 0x20000:
		return fontCJK
	}
	return fontLatin
}

// font sets the size and colour of the text that follows.
func (d *doc) font(size float64, c rgb) { d.size, d.color = size, c }

func (d *doc) useFont(f int) {
	if !d.added[f] {
		b, err := d.opts.subsets[f], error(nil)
		if b == nil {
			b, err = d.opts.readFont(f)
		}
		if err != nil {
			d.pdf.SetError(err)
			f = fontLatin
		} else {
			d.pdf.AddUTF8FontFromBytes(fontSpecs[f].name, "", b)
			d.added[f] = true
		}
	}
	d.pdf.SetFont(fontSpecs[f].name, "", d.size)
}

// run is a stretch of text in one font.
type run struct {
	font int
	text string
}

// measurer measures runes in one font file: a gofpdf document of its own,
// without pages, so that measuring never writes font switches into the
// content of the document being laid out (which would make its bytes
// depend on what was measured before), and caches a rune's width at size
// 1: a batch of sheets measures the same runes again and again.
type measurer struct {
	mu     sync.Mutex
	pdf    *gofpdf.Fpdf
	widths map[rune]float64
}

var measurers sync.Map // font path → *measurer

func (d *doc) fontPath(f int) string { return d.opts.fontPath(f) }

// runeWidth is a rune's width at size 1 in a font.
func (d *doc) runeWidth(f int, r rune) float64 {
	if w, ok := d.widths[f][r]; ok {
		return w
	}
	path := d.fontPath(f)
	v, _ := measurers.LoadOrStore(path, &measurer{})
	m := v.(*measurer)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pdf == nil {
		font, err := d.opts.readFont(f)
		if err != nil {
			d.pdf.SetError(err)
			return 0
		}
		m.pdf = gofpdf.New("P", "mm", "A4", "")
		m.pdf.AddUTF8FontFromBytes("m", "", font)
		m.pdf.SetFont("m", "", 100)
		m.widths = map[rune]float64{}
	}
	w, ok := m.widths[r]
	if !ok {
		w = m.pdf.GetStringWidth(string(r)) / 100
		m.widths[r] = w
	}
	d.widths[f][r] = w
	return w
}

// fontOf is the font of a rune in this document (fontFor).
func (d *doc) fontOf(r rune) int {
	f := fontFor(r, true)
	if f == fontHangul {
		if !d.hangulKnown {
			d.hangul, d.hangulKnown = d.opts.hangulFont(), true
		}
		if !d.hangul {
			return fontCJK
		}
	}
	return f
}

func (d *doc) stringWidth(s string) float64 {
	var w float64
	for _, r := range s {
		w += d.runeWidth(d.fontOf(r), r)
	}
	return w * d.size
}

// wrap breaks text into lines no wider than width at the current size:
// at spaces, before and after each CJK character (CJK has no spaces), and
// inside a word only when the word alone is wider than the line. A newline
// in the text starts a new line.
func (d *doc) wrap(text string, width float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		tokens := tokens(para)
		line, lineW := "", 0.0
		flush := func() {
			lines = append(lines, strings.TrimRight(line, " "))
			line, lineW = "", 0
		}
		for _, tok := range tokens {
			w := d.stringWidth(tok)
			if lineW+w <= width || (line == "" && w <= width) {
				if line == "" && tok == " " {
					continue
				}
				line, lineW = line+tok, lineW+w
				continue
			}
			if tok == " " {
				flush()
				continue
			}
			if line != "" {
				flush()
			}
			if w <= width {
				line, lineW = tok, w
				continue
			}
			for _, r := range tok { // a word wider than the line: cut it
				rw := d.stringWidth(string(r))
				if lineW+rw > width && line != "" {
					flush()
				}
				line, lineW = line+string(r), lineW+rw
			}
		}
		flush()
	}
	return lines
}

// tokens splits a paragraph into words (a hyphen or slash ends one),
// single spaces and single CJK characters: the places a line may break.
func tokens(s string) []string {
	var out []string
	start := -1
	var prev rune
	for i, r := range s {
		brk := r == ' ' || fontFor(r, false) != fontLatin
		if brk {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			out = append(out, string(r))
			prev = r
			continue
		}
		if start < 0 {
			start = i
		}
		if (r == '-' || r == '/') && unicode.IsLetter(prev) { // a line may break after a hyphen or slash in a word
			out = append(out, s[start:i+1])
			start = -1
		}
		prev = r
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func (d *doc) runsOf(s string) []run {
	var out []run
	for _, r := range s {
		f := d.fontOf(r)
		if len(out) > 0 && out[len(out)-1].font == f {
			out[len(out)-1].text += string(r)
			continue
		}
		out = append(out, run{f, string(r)})
	}
	return out
}

// text draws one line at (x, y) within width, aligned L, R or C; it does
// not wrap.
func (d *doc) text(x, y, width float64, s, align string) {
	p := d.pdf
	w := d.stringWidth(s)
	switch align {
	case "R":
		x += width - w
	case "C":
		x += (width - w) / 2
	}
	p.SetTextColor(d.color.r, d.color.g, d.color.b)
	for _, r := range d.runsOf(s) {
		d.useFont(r.font)
		rw := d.stringWidth(r.text)
		p.SetXY(x, y)
		p.CellFormat(rw, d.size*0.3528*1.25, r.text, "", 0, "L", false, 0, "")
		x += rw
	}
}

// lineHeight is the height of a line at the current size, in mm.
func (d *doc) lineHeight() float64 { return d.size * 0.3528 * 1.35 }

// block draws wrapped text at (x, y) within width and returns its height;
// it does not break pages (tables decide that per row).
func (d *doc) block(x, y, width float64, s, align string) float64 {
	lh := d.lineHeight()
	lines := d.wrap(s, width)
	for i, l := range lines {
		d.text(x, y+float64(i)*lh, width, l, align)
	}
	return float64(len(lines)) * lh
}

func (d *doc) blockHeight(width float64, s string) float64 {
	return float64(len(d.wrap(s, width))) * d.lineHeight()
}

// flow writes wrapped text at the left margin from the current y, breaking
// pages between lines, and moves y below it.
func (d *doc) flow(indent float64, s string) {
	lh := d.lineHeight()
	for _, l := range d.wrap(s, d.width-indent) {
		if d.pdf.GetY()+lh > d.bottom {
			d.pdf.AddPage()
			d.pdf.SetY(d.top)
		}
		y := d.pdf.GetY()
		d.text(d.left+indent, y, d.width-indent, l, "L")
		d.pdf.SetY(y + lh)
	}
}

// ensure starts a new page unless h mm fit below the current y.
func (d *doc) ensure(h float64) {
	if d.pdf.GetY()+h > d.bottom {
		d.pdf.AddPage()
		d.pdf.SetY(d.top)
	}
}

func (d *doc) space(h float64) { d.pdf.SetY(d.pdf.GetY() + h) }

func (d *doc) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := d.pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("render PDF: %w", err)
	}
	return b.Bytes(), nil
}

// heading starts a section (level 0, on a new page unless at the top of
// one) or a subsection (level 1), recorded for the table of contents and
// the PDF outline.
func (d *doc) heading(level int, text string) {
	p := d.pdf
	size, space := 15.0, 3.0
	if level > 0 {
		size, space = 11.5, 2.5
	}
	if level == 0 && p.GetY() > d.top+1 {
		p.AddPage()
		p.SetY(d.top)
	} else {
		d.ensure(30)
	}
	if p.GetY() > d.top+1 {
		d.space(space)
	}
	d.toc = append(d.toc, tocEntry{level: level, text: text, page: p.PageNo()})
	p.Bookmark(text, level, -1)
	d.font(size, colAccent)
	d.flow(0, text)
	d.space(1.5)
	d.font(10, colText)
}

// para writes a paragraph.
func (d *doc) para(text string) {
	d.font(10, colText)
	d.flow(0, text)
	d.space(1.5)
}

// placeholder writes text the company file should have given, marked.
func (d *doc) placeholder(text string) {
	d.font(10, colPlace)
	d.flow(0, text)
	d.space(1.5)
	d.font(10, colText)
}

// bullet writes an indented item.
func (d *doc) bullet(text string) {
	d.font(10, colText)
	d.ensure(d.lineHeight())
	d.text(d.left+1.5, d.pdf.GetY(), 4, "•", "L")
	d.flow(6, text)
}

// column of a table: a header and a width as a share of the page width.
type column struct {
	head  string
	share float64
	right bool
}

// table draws rows with the header at the top of every page the table
// spans. Cells wrap; a row is never split across pages.
func (d *doc) table(cols []column, rows [][]string) {
	p := d.pdf
	widths := make([]float64, len(cols))
	var total float64
	for _, c := range cols {
		total += c.share
	}
	for i, c := range cols {
		widths[i] = d.width * c.share / total
	}
	const pad = 0.8
	rowH := func(cells func(int) string) float64 {
		h := d.lineHeight()
		for i := range cols {
			if bh := d.blockHeight(widths[i]-2*pad, cells(i)); bh > h {
				h = bh
			}
		}
		return h + 2*pad
	}
	drawRow := func(cells func(int) string, h float64, fill *rgb) {
		y := p.GetY()
		if fill != nil {
			p.SetFillColor(fill.r, fill.g, fill.b)
			p.Rect(d.left, y, d.width, h, "F")
		}
		x := d.left
		for i, c := range cols {
			align := "L"
			if c.right {
				align = "R"
			}
			d.block(x+pad, y+pad, widths[i]-2*pad, cells(i), align)
			x += widths[i]
		}
		p.SetY(y + h)
	}
	head := func(i int) string { return cols[i].head }
	header := func() {
		d.font(7.5, colText)
		drawRow(head, rowH(head), &colHeadBg)
	}
	d.font(8.5, colText)
	d.ensure(rowH(head) + 3*d.lineHeight())
	header()
	for ri, row := range rows {
		cell := func(i int) string {
			if i < len(row) {
				return row[i]
			}
			return ""
		}
		d.font(8.5, colText)
		h := rowH(cell)
		if p.GetY()+h > d.bottom {
			p.AddPage()
			p.SetY(d.top)
			header()
			d.font(8.5, colText)
		}
		var fill *rgb
		if ri%2 == 1 {
			fill = &colZebra
		}
		drawRow(cell, h, fill)
	}
	p.SetDrawColor(200, 200, 200)
	p.Line(d.left, p.GetY(), d.left+d.width, p.GetY())
	d.space(3)
}

// segment is one part of a stacked bar.
type segment struct {
	label string // legend key
	value float64
	color rgb
}

// barRow is one labelled bar.
type barRow struct {
	label    string
	segments []segment
	note     string // printed right of the bar (e.g. "12 (48.00%)")
}

// barChart draws horizontal (stacked) bars scaled to max, with a legend of
// the segment labels in the order given.
func (d *doc) barChart(title string, rows []barRow, max float64, legend []segment) {
	p := d.pdf
	const barH, gap = 6.0, 2.5
	d.ensure(14 + float64(len(rows))*(barH+gap) + 10)
	d.font(9.5, colAccent)
	d.flow(0, title)
	d.space(1)
	labelW, noteW := 38.0, 30.0
	barW := d.width - labelW - noteW
	if max <= 0 {
		max = 1
	}
	for _, r := range rows {
		y := p.GetY()
		d.font(8.5, colText)
		d.text(d.left, y+1, labelW-2, r.label, "L")
		x := d.left + labelW
		p.SetDrawColor(190, 190, 190)
		p.Rect(x, y+0.5, barW, barH-1, "D")
		for _, s := range r.segments {
			w := barW * s.value / max
			if w <= 0 {
				continue
			}
			p.SetFillColor(s.color.r, s.color.g, s.color.b)
			p.Rect(x, y+0.5, w, barH-1, "F")
			x += w
		}
		d.text(d.left+labelW+barW+2, y+1, noteW-2, r.note, "L")
		p.SetY(y + barH + gap)
	}
	if len(legend) > 0 {
		x := d.left + labelW
		y := p.GetY()
		d.font(8, colText)
		for _, s := range legend {
			w := d.stringWidth(s.label) + 8
			if x+w > d.left+d.width {
				x, y = d.left+labelW, y+5
			}
			p.SetFillColor(s.color.r, s.color.g, s.color.b)
			p.Rect(x, y+1, 3.5, 3, "F")
			d.text(x+4.5, y+0.5, w-4.5, s.label, "L")
			x += w
		}
		p.SetY(y + 7)
	}
	d.space(2)
}

// tocPage fills the table of contents on the current page.
func (d *doc) tocPage(heading string, entries []tocEntry) {
	p := d.pdf
	d.font(15, colAccent)
	d.flow(0, heading)
	d.space(2)
	for _, e := range entries {
		indent := float64(e.level) * 6
		size := 10.5
		if e.level > 0 {
			size = 9.5
		}
		d.font(size, colText)
		y := p.GetY()
		d.text(d.left+indent, y, d.width-indent-14, e.text, "L")
		d.text(d.left+d.width-14, y, 14, strconv.Itoa(e.page), "R")
		p.SetY(y + d.lineHeight() + 0.6)
	}
}

// pct formats a share 0–1 as a percentage with two decimals.
func pct(f float64) string { return strconv.FormatFloat(f*100, 'f', 2, 64) + "%" }

func itoa(n int) string { return strconv.Itoa(n) }

// keyValue writes a label and its value beside it, the value wrapped.
func (d *doc) keyValue(labelW float64, key, value string, valueColor rgb) {
	y := d.pdf.GetY()
	c := d.color
	h := d.block(d.left, y, labelW-2, key, "L")
	d.color = valueColor
	if vh := d.block(d.left+labelW, y, d.width-labelW, value, "L"); vh > h {
		h = vh
	}
	d.color = c
	d.pdf.SetY(y + h + 0.8)
}

var fontFileStream = regexp.MustCompile(`/Length (\d+)\s*/Filter /FlateDecode\s*/Length1 (\d+)\s*>>\s*stream\n`)

// alwaysLatin are the runes every document may print besides its data:
// ASCII, Latin-1 and a little typography.
var alwaysLatin = func() string {
	var b strings.Builder
	for r := rune(0x20); r < 0x7F; r++ {
		b.WriteRune(r)
	}
	for r := rune(0xA0); r <= 0xFF; r++ {
		b.WriteRune(r)
	}
	b.WriteString("•→–—…‘’“”")
	return b.String()
}()

// batchSubsets cuts from each font a TrueType font with only the glyphs of
// the runes in text (plus alwaysLatin). Parsing a whole font (DejaVu Sans
// 0.7 MB, Droid Sans Fallback 4 MB with tens of thousands of glyphs) is
// most of a small document's cost; a batch of documents parses each once
// here and every document parses the small subsets. gofpdf has no API for
// it, so a subset is the one gofpdf embeds in a PDF of those runes.
func batchSubsets(o Options, text string) ([numFonts][]byte, error) {
	var out [numFonts][]byte
	sets := [numFonts]map[rune]bool{{}, {}, {}}
	for _, r := range alwaysLatin + text {
		if r >= 0x20 {
			sets[fontFor(r, true)][r] = true
		}
	}
	if len(sets[fontHangul]) > 0 && !o.hangulFont() {
		for r := range sets[fontHangul] {
			sets[fontCJK][r] = true
		}
		clear(sets[fontHangul])
	}
	for f := range sets {
		if len(sets[f]) == 0 {
			continue
		}
		runes := make([]rune, 0, len(sets[f]))
		for r := range sets[f] {
			runes = append(runes, r)
		}
		sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
		font, err := o.readFont(f)
		if err != nil {
			return out, err
		}
		if out[f], err = subsetFont(font, runes); err != nil {
			return out, fmt.Errorf("font %s: %w", o.fontPath(f), err)
		}
	}
	return out, nil
}

func subsetFont(font []byte, runes []rune) ([]byte, error) {
	p := gofpdf.New("P", "mm", "A4", "")
	p.SetCreationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	p.AddUTF8FontFromBytes("f", "", font)
	p.SetFont("f", "", 10)
	p.AddPage()
	// One cell: Write would take the spaces as word breaks and leave the
	// space glyph out of the subset.
	p.CellFormat(10, 5, string(runes), "", 0, "L", false, 0, "")
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		return nil, fmt.Errorf("subset: %w", err)
	}
	pdf := b.Bytes()
	m := fontFileStream.FindSubmatchIndex(pdf)
	if m == nil {
		return nil, fmt.Errorf("subset: no embedded font in the PDF")
	}
	n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
	want, _ := strconv.Atoi(string(pdf[m[4]:m[5]]))
	if m[1]+n > len(pdf) {
		return nil, fmt.Errorf("subset: truncated font stream")
	}
	zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
	if err != nil {
		return nil, fmt.Errorf("subset: %w", err)
	}
	ttf, err := io.ReadAll(zr)
	if err != nil || len(ttf) != want {
		return nil, fmt.Errorf("subset: font stream of %d bytes, want %d (%v)", len(ttf), want, err)
	}
	return ttf, nil
}
