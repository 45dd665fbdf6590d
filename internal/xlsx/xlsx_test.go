package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestGeneratedWorkbookMatchesExcelize(t *testing.T) {
	path := genWorkbook(t)
	compareWithExcelize(t, path, equivSheets)
}

func TestGeneratedWorkbookValues(t *testing.T) {
	w, err := Open(genWorkbook(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if !w.Date1904() {
		t.Error("Date1904 = false, want true")
	}
	if !w.StructureLocked() {
		t.Error("StructureLocked = false, want true")
	}
	wantSheets := []SheetInfo{{"Declaration", false}, {"Smelter List", false}, {"L", true}, {"C", true}, {"Product List", false}}
	got := w.Sheets()
	if len(got) != len(wantSheets) {
		t.Fatalf("Sheets() = %v, want %v", got, wantSheets)
	}
	for i := range got {
		if got[i] != wantSheets[i] {
			t.Errorf("sheet %d = %+v, want %+v", i, got[i], wantSheets[i])
		}
	}
	if v, ok := w.DefinedName("CL"); !ok || v != "'C'!$B$2:$B$250" {
		t.Errorf("DefinedName(CL) = %q, %v", v, ok)
	}
	if v, ok := w.DefinedName("cl"); !ok || v != "'C'!$B$2:$B$250" {
		t.Errorf("DefinedName(cl) = %q, %v; names are case-insensitive", v, ok)
	}
	if _, ok := w.DefinedName("Scoped"); ok {
		t.Error("sheet-scoped name returned as global")
	}
	g, err := w.ReadGrid("Declaration", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		ref      string
		typ      CellType
		value    string
		formula  bool
		hasValue bool
	}{
		{"A1", SharedString, "Company Name", false, true},
		{"B1", Number, "42", false, true},
		{"B2", Number, "45678.5", false, true},
		{"B3", Bool, "1", false, true},
		{"B4", Bool, "0", false, true},
		{"C1", SharedString, "深圳华晶电子有限公司", false, true},
		{"C2", SharedString, `A&B <x> "q" 'a'`, false, true},
		{"C3", SharedString, "line1\nline2", false, true},
		{"C4", SharedString, "cr\r\nlf", false, true},
		// excelize writes this text unescaped, so the file holds _x000D_,
		// which OOXML defines as a CR (excelize reads it back the same way).
		{"C5", SharedString, "literal \r stays", false, true},
		{"C6", SharedString, "  padded  ", false, true},
		{"D22", SharedString, "Yes", false, true},
		{"E1", Number, "-0.000123", false, true},
		{"F1", InlineString, "inline text", false, true},
		{"G1", FormulaString, "", true, false},
		{"H1", SharedString, "bold plain", false, true},
		{"AA100", SharedString, "far away", false, true},
		{"Z99", Empty, "", false, false},
	}
	for _, tc := range cases {
		c := g.Cell(tc.ref)
		if c.Type != tc.typ || c.Value != tc.value || c.HasFormula != tc.formula || c.HasValue != tc.hasValue {
			t.Errorf("%s = %+v, want type %v value %q formula %v hasValue %v", tc.ref, c, tc.typ, tc.value, tc.formula, tc.hasValue)
		}
		if tc.typ != Empty && (c.Ref() != tc.ref) {
			t.Errorf("%s: Ref() = %q", tc.ref, c.Ref())
		}
	}
	if c := g.At(22, 4); c.Value != "Yes" {
		t.Errorf("At(22,4) = %+v", c)
	}
	if g.MaxRow() != 100 {
		t.Errorf("MaxRow = %d, want 100", g.MaxRow())
	}
	// Bounds skip cells.
	g2, err := w.ReadGrid("Declaration", ReadOptions{MaxCol: 3, MaxRow: 3})
	if err != nil {
		t.Fatal(err)
	}
	if c := g2.Cell("C3"); c.Value != "line1\nline2" {
		t.Errorf("bounded C3 = %+v", c)
	}
	for _, ref := range []string{"C4", "D22", "E1", "AA100"} {
		if c := g2.Cell(ref); c.Type != Empty {
			t.Errorf("bounded grid has %s = %+v", ref, c)
		}
	}
	if g2.MaxRow() != 3 {
		t.Errorf("bounded MaxRow = %d", g2.MaxRow())
	}
}

func TestExoticWorkbook(t *testing.T) {
	for _, method := range []uint16{zip.Deflate, zip.Store} {
		data := buildZip(t, method, exoticParts()...)
		w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if !w.Date1904() || !w.StructureLocked() {
			t.Errorf("Date1904 %v StructureLocked %v, want both true", w.Date1904(), w.StructureLocked())
		}
		// Shared strings load lazily, on the first t="s" cell.
		collect(t, w, "Hidden One", ReadOptions{})
		if w.sstDone {
			t.Error("shared strings loaded by Open or by a sheet without shared strings")
		}
		wantSheets := []SheetInfo{{"Exotic Data", false}, {"Exotic 2", false}, {"Hidden One", true}, {"Very Hidden", true}}
		for i, s := range w.Sheets() {
			if s != wantSheets[i] {
				t.Errorf("sheet %d = %+v, want %+v", i, s, wantSheets[i])
			}
		}
		if v, ok := w.DefinedName("Names&Co"); !ok || v != "'Exotic 2'!$A$1:$B$2" {
			t.Errorf("DefinedName(Names&Co) = %q, %v", v, ok)
		}
		if _, ok := w.DefinedName("Local"); ok {
			t.Error("local name returned as global")
		}
		type want struct {
			typ      CellType
			value    string
			formula  bool
			hasValue bool
		}
		check := func(sheet string, wants map[string]want) {
			t.Helper()
			got := collect(t, w, sheet, ReadOptions{})
			for ref, wc := range wants {
				c, ok := got[ref]
				if wc.typ == Empty {
					if ok {
						t.Errorf("%s!%s reported: %+v", sheet, ref, c)
					}
					continue
				}
				if !ok {
					t.Errorf("%s!%s missing", sheet, ref)
					continue
				}
				if c.Type != wc.typ || c.Value != wc.value || c.HasFormula != wc.formula || c.HasValue != wc.hasValue {
					t.Errorf("%s!%s = %+v, want %+v", sheet, ref, c, wc)
				}
			}
			nonEmpty := 0
			for _, wc := range wants {
				if wc.typ != Empty {
					nonEmpty++
				}
			}
			if len(got) != nonEmpty {
				t.Errorf("%s: %d cells reported, want %d: %v", sheet, len(got), nonEmpty, got)
			}
		}
		check("Exotic Data", map[string]want{
			"A1": {SharedString, `Shared <one> & "two"`, false, true},
			"B1": {SharedString, "CJK 中文 テスト", false, true},
			"C1": {InlineString, "inline & more", false, true},
			"E1": {SharedString, "Rich text", false, true},
			"A2": {Number, "7", false, true},
			"B2": {SharedString, "a\rb _x000D_ c\td", false, true},
			"C2": {SharedString, "東京", false, true},
		})
		check("exotic 2", map[string]want{ // sheet names match case-insensitively
			"A2": {SharedString, "", false, true},
			"B2": {Error, "#DIV/0!", true, true},
			"C2": {Bool, "1", false, true},
			"D2": {Number, "3", true, true},
			"E2": {FormulaString, "ab", true, true},
			"F2": {Number, "1", true, true},
			"G2": {Date, "2024-01-31T00:00:00", false, true},
			"H2": {InlineString, "Bold text", false, true},
			"I2": {SharedString, "Rich text", false, true},
			"J2": {InlineString, "<raw> & stuff", false, true},
			"K2": {Number, "12", false, true},
			"L2": {FormulaString, "中文\nx'", false, true},
			"M2": {Number, "-1.5E-3", false, true},
			"N2": {FormulaString, "a\nb\nc", false, true},
			"A3": {Empty, "", false, false},
			"B3": {Number, "", true, false},
			"C3": {Empty, "", false, false},
			"D3": {FormulaString, "", true, false},
			"F3": {Number, "2", true, true},
			"G3": {Bool, "0", false, true},
			"H3": {Error, "#N/A", false, true},
		})
		if err := w.ReadSheet("Nope", ReadOptions{}, func(Cell) error { return nil }); !errors.Is(err, ErrSheetNotFound) {
			t.Errorf("ReadSheet(Nope) = %v, want ErrSheetNotFound", err)
		}
		stop := errors.New("stop")
		n := 0
		err = w.ReadSheet("Exotic 2", ReadOptions{}, func(Cell) error { n++; return stop })
		if err != stop || n != 1 {
			t.Errorf("callback error: got %v after %d cells, want the callback's error unchanged after 1", err, n)
		}
	}
}

// TestExoticMatchesExcelize holds the hand-written package to excelize too,
// on the sheets excelize reads the same way.
func TestExoticMatchesExcelize(t *testing.T) {
	data := buildZip(t, zip.Deflate, exoticParts()...)
	path := writeFile(t, "exotic.xlsx", data)
	compareWithExcelize(t, path, []string{"Exotic Data", "Exotic 2", "Hidden One"})
}

func TestRefHelpers(t *testing.T) {
	for _, tc := range []struct {
		ref      string
		row, col int
	}{{"A1", 1, 1}, {"D22", 22, 4}, {"$D$22", 22, 4}, {"xfd1048576", 1048576, 16384}, {"AA100", 100, 27}} {
		r, c, err := ParseRef(tc.ref)
		if err != nil || r != tc.row || c != tc.col {
			t.Errorf("ParseRef(%q) = %d, %d, %v; want %d, %d", tc.ref, r, c, err, tc.row, tc.col)
		}
	}
	for _, bad := range []string{"", "A", "1", "A0", "XFE1", "A1048577", "A1B", "1A", "Ä1"} {
		if _, _, err := ParseRef(bad); err == nil {
			t.Errorf("ParseRef(%q) accepted", bad)
		}
	}
	for col, name := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 53: "BA", 702: "ZZ", 703: "AAA", 16384: "XFD"} {
		if got := ColumnName(col); got != name {
			t.Errorf("ColumnName(%d) = %q, want %q", col, got, name)
		}
		if got, err := ColumnNumber(name); err != nil || got != col {
			t.Errorf("ColumnNumber(%q) = %d, %v", name, got, err)
		}
	}
	if ColumnName(0) != "" || ColumnName(-3) != "" {
		t.Error("ColumnName of a non-positive column is not empty")
	}
	if n, err := ColumnNumber("xfd"); err != nil || n != 16384 {
		t.Errorf("ColumnNumber(xfd) = %d, %v", n, err)
	}
	for _, bad := range []string{"", "A1", "XFE", "AAAAAAAAAAAAAAAAAAAAAAA"} {
		if _, err := ColumnNumber(bad); err == nil {
			t.Errorf("ColumnNumber(%q) accepted", bad)
		}
	}
}

func TestDecodeText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                   "plain",
		"a &amp; b &lt;&gt;":      "a & b <>",
		"&#10;&#x4E2D;&#X4e2d;":   "\n中中",
		"&unknown; & &#xZZ; &#;":  "&unknown; & &#xZZ; &#;",
		"&#0;&#xD800;&#x110000;":  "\uFFFD\uFFFD&#x110000;",
		"a\r\nb\rc\n\rd":          "a\nb\nc\n\nd",
		"&#13;&#xD;":              "\r\r",
		"&amp":                    "&amp",
		"trailing &":              "trailing &",
		"&quot;&apos;":            `"'`,
		"&#x0000000000004E2D;xyz": "&#x0000000000004E2D;xyz",
	} {
		if _, got := decodeText(nil, []byte(in), true); string(got) != want {
			t.Errorf("decodeText(%q) = %q, want %q", in, got, want)
		}
	}
	// A chunk boundary inside an entity or a CRLF waits for more input.
	n, got := decodeText(nil, []byte("x &am"), false)
	if n != 2 || string(got) != "x " {
		t.Errorf("partial entity: consumed %d, got %q", n, got)
	}
	n, got = decodeText(nil, []byte("x\r"), false)
	if n != 1 || string(got) != "x" {
		t.Errorf("partial CRLF: consumed %d, got %q", n, got)
	}
}

func TestAppendUnescaped(t *testing.T) {
	for in, want := range map[string]string{
		"a_x000D_b":          "a\rb",
		"_x005F_x000D_":      "_x000D_",
		"__x0041_":           "_A",
		"_x004_":             "_x004_",
		"_xD83D__xDE00_":     "😀",
		"_xD83D_ lone":       " lone",
		"no escapes _ _x _y": "no escapes _ _x _y",
	} {
		if got := string(appendUnescaped(nil, []byte(in))); got != want {
			t.Errorf("appendUnescaped(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSmallWindow runs the scanner with a tiny window so every token
// straddles a refill; results must not change.
func TestSmallWindow(t *testing.T) {
	data := []byte(exoticSheet2)
	read := func(r interface{ Read([]byte) (int, error) }) []Cell {
		var out []Cell
		p := &sheetParser{sc: newScanner(r), fn: func(c Cell) error { out = append(out, c); return nil },
			intern: map[string]string{}, limit: 1e6, w: &Workbook{sstDone: true, sst: mustSST(t, exoticSST)}}
		if err := p.run(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := read(bytes.NewReader(data))
	for _, size := range []int{1, 2, 3, 7, 16} {
		got := read(&trickleReader{data: data, n: size})
		if len(got) != len(want) {
			t.Fatalf("chunk %d: %d cells, want %d", size, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("chunk %d: cell %d = %+v, want %+v", size, i, got[i], want[i])
			}
		}
	}
	sst := mustSST(t, exoticSST)
	for _, size := range []int{1, 5} {
		s2, err := parseSST(&trickleReader{data: []byte(exoticSST), n: size}, 0)
		if err != nil || s2.data != sst.data || len(s2.offs) != len(sst.offs) {
			t.Errorf("chunk %d: sst differs: %v", size, err)
		}
	}
}

func mustSST(t *testing.T, xml string) *sharedStrings {
	t.Helper()
	s, err := parseSST(bytes.NewReader([]byte(xml)), 0)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// trickleReader returns at most n bytes per Read.
type trickleReader struct {
	data []byte
	n    int
}

func (r *trickleReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n, len(r.data))
	copy(p, r.data[:k])
	r.data = r.data[k:]
	return k, nil
}

// TestReferenceAgrees checks the encoding/xml reference used by
// FuzzSheetXML against the scanner on the hand-written sheets, so the fuzz
// seeds are known to reach the comparison.
func TestReferenceAgrees(t *testing.T) {
	strs, ok := refSST([]byte(exoticSST))
	if !ok || len(strs) != 6 {
		t.Fatalf("refSST: %d strings, ok %v", len(strs), ok)
	}
	for _, sheet := range []string{exoticSheet1, exoticSheet2} {
		want, werr, ok := refSheet([]byte(sheet), strs)
		if !ok || werr != nil || len(want) == 0 {
			t.Fatalf("reference: %d cells, %v, ok %v", len(want), werr, ok)
		}
		var got []Cell
		p := &sheetParser{sc: newScanner(bytes.NewReader([]byte(sheet))), fn: func(c Cell) error { got = append(got, c); return nil },
			intern: map[string]string{}, limit: 1e6, w: &Workbook{sstDone: true, sst: mustSST(t, exoticSST)}}
		if err := p.run(); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%d cells, reference %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("cell %d: %+v, reference %+v", i, got[i], want[i])
			}
		}
	}
}

// TestPartEncodings: parts in UTF-16 (with or without BOM), with a UTF-8
// BOM, or declared ISO-8859-1/windows-1252 are transcoded; other declared
// encodings are refused by name.
func TestPartEncodings(t *testing.T) {
	sheet := func(decl, text string) string {
		return decl + `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + text + `</t></is></c></row></sheetData></worksheet>`
	}
	utf16 := func(s string, be, bom bool) string {
		var b []byte
		if bom {
			if be {
				b = append(b, 0xFE, 0xFF)
			} else {
				b = append(b, 0xFF, 0xFE)
			}
		}
		for _, r := range s {
			if r > 0xFFFF {
				r -= 0x10000
				for _, u := range []rune{0xD800 + r>>10, 0xDC00 + r&0x3FF} {
					if be {
						b = append(b, byte(u>>8), byte(u))
					} else {
						b = append(b, byte(u), byte(u>>8))
					}
				}
				continue
			}
			if be {
				b = append(b, byte(r>>8), byte(r))
			} else {
				b = append(b, byte(r), byte(r>>8))
			}
		}
		return string(b)
	}
	decl16 := `<?xml version="1.0" encoding="UTF-16"?>`
	for _, tc := range []struct{ name, part, want string }{
		{"utf8-bom", "\xEF\xBB\xBF" + sheet(`<?xml version="1.0" encoding="UTF-8"?>`, "Ä 中"), "Ä 中"},
		{"utf16le-bom", utf16(sheet(decl16, "Ä 中 😀"), false, true), "Ä 中 😀"},
		{"utf16be-bom", utf16(sheet(decl16, "Ä 中 😀"), true, true), "Ä 中 😀"},
		{"utf16le", utf16(sheet(decl16, "Ä 中"), false, false), "Ä 中"},
		{"latin1", sheet(`<?xml version="1.0" encoding="ISO-8859-1"?>`, "caf\xE9 \x80"), "café \u0080"},
		{"cp1252", sheet(`<?xml version='1.0' encoding='windows-1252'?>`, "caf\xE9 \x80"), "café €"},
	} {
		ps := exoticParts()
		ps[6].data = tc.part
		data := buildZip(t, zip.Deflate, ps...)
		w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		g, err := w.ReadGrid("Exotic 2", ReadOptions{})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if c := g.Cell("A1"); c.Value != tc.want {
			t.Errorf("%s: A1 = %q, want %q", tc.name, c.Value, tc.want)
		}
	}
	ps := exoticParts()
	ps[6].data = sheet(`<?xml version="1.0" encoding="Shift_JIS"?>`, "x")
	data := buildZip(t, zip.Deflate, ps...)
	w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	err = w.ReadSheet("Exotic 2", ReadOptions{}, func(Cell) error { return nil })
	if !errors.Is(err, ErrNotSpreadsheet) || !strings.Contains(err.Error(), "shift_jis") {
		t.Errorf("Shift_JIS part: %v", err)
	}
}

// TestEarlyStopReleasesReader stops a big (read-ahead) sheet after a few
// cells: ReadSheet must return promptly and leave no goroutine behind.
func TestEarlyStopReleasesReader(t *testing.T) {
	var sheet strings.Builder
	sheet.WriteString(`<worksheet><sheetData>`)
	for r := 1; r <= 50000; r++ {
		sheet.WriteString(`<row r="` + strconv.Itoa(r) + `"><c r="A` + strconv.Itoa(r) + `"><v>` + strconv.Itoa(r) + `</v></c></row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	ps := exoticParts()
	ps[6].data = sheet.String()
	data := buildZip(t, zip.Deflate, ps...)
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		stop := errors.New("enough")
		n := 0
		err = w.ReadSheet("Exotic 2", ReadOptions{}, func(Cell) error {
			if n++; n == 10 {
				return stop
			}
			return nil
		})
		if err != stop {
			t.Fatalf("err %v", err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if err := w.ReadSheet("Exotic 2", ReadOptions{}, func(Cell) error { return nil }); err == nil || !strings.Contains(err.Error(), "closed") {
			t.Errorf("read after Close: %v", err)
		}
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines before, %d after", before, after)
	}
}

// TestConcurrentReads reads sheets of one Workbook from several goroutines
// (run with -race): the lazy shared-string load must be safe.
func TestConcurrentReads(t *testing.T) {
	data := buildZip(t, zip.Deflate, exoticParts()...)
	w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := collect(t, mustOpen(t, data), "Exotic Data", ReadOptions{})
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			got := map[string]Cell{}
			err := w.ReadSheet([]string{"Exotic Data", "Exotic 2"}[i%2], ReadOptions{}, func(c Cell) error {
				got[c.Ref()] = c
				return nil
			})
			if err == nil && i%2 == 0 && len(got) != len(want) {
				err = errors.New("different cells")
			}
			errs <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func mustOpen(t *testing.T, data []byte) *Workbook {
	t.Helper()
	w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return w
}
