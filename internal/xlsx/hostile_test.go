package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"math/rand"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// wantErr asserts err is of kind and its message names the problem.
func wantErr(t *testing.T, err error, kind error, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", kind)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %q is not %v", err, kind)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") {
		t.Errorf("message spans lines: %q", msg)
	}
	for _, w := range words {
		if !strings.Contains(strings.ToLower(msg), strings.ToLower(w)) {
			t.Errorf("message %q does not mention %q", msg, w)
		}
	}
}

func openBytes(t *testing.T, name string, data []byte) error {
	t.Helper()
	path := writeFile(t, name, data)
	w, err := Open(path)
	if err == nil {
		w.Close()
		return nil
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
	// NewReader classifies the same way.
	_, err2 := NewReader(bytes.NewReader(data), int64(len(data)), Limits{})
	if err2 == nil || errors.Unwrap(err2) == nil {
		t.Errorf("NewReader: %v", err2)
	}
	return err
}

func TestHostileFormats(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	random := make([]byte, 5000)
	rnd.Read(random)
	random[0], random[1] = 0x00, 0x9C // not a known signature, not text

	ole := make([]byte, 4096)
	copy(ole, oleMagic)
	encrypted := make([]byte, 4096)
	copy(encrypted, oleMagic)
	putDirEntry(encrypted, 1024, "EncryptionInfo")
	putDirEntry(encrypted, 1152, "EncryptedPackage")
	xls := make([]byte, 4096)
	copy(xls, oleMagic)
	putDirEntry(xls, 1024, "Workbook")

	docx := buildZip(t, zip.Deflate,
		part{"[Content_Types].xml", contentTypes},
		part{"_rels/.rels", strings.Replace(pkgRels, "xl/workbook.xml", "word/document.xml", 1)},
		part{"word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`})
	otherZip := buildZip(t, zip.Deflate, part{"readme.txt", "hello"})

	gen, err := os.ReadFile(genWorkbook(t))
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name  string
		data  []byte
		kind  error
		words []string
	}{
		{"empty", nil, ErrNotSpreadsheet, []string{"empty", "0 bytes"}},
		{"random", random, ErrNotSpreadsheet, []string{"unrecognized", "00 9c"}},
		{"csv", []byte("Smelter ID,Metal,Smelter Name\nCID001,Gold,Acme\n"), ErrTextFile, []string{"CSV", "comma", "Smelter ID,Metal"}},
		{"csv-semicolon", []byte("\xEF\xBB\xBFID;Metall;Name\r\n1;Gold;Ä\r\n"), ErrTextFile, []string{"CSV", "semicolon"}},
		{"tsv-utf16", utf16le("\uFEFFID\tMetal\r\n1\tGold\r\n"), ErrTextFile, []string{"UTF-16", "tab"}},
		{"html", []byte("<html><body><table><tr><td>1</td></tr></table></body></html>"), ErrTextFile, []string{"HTML"}},
		{"ole2", ole, ErrLegacyXLS, []string{".xls", "re-save as .xlsx"}},
		{"ole2-xls", xls, ErrLegacyXLS, []string{"97-2003", ".xls"}},
		{"ole2-encrypted", encrypted, ErrLegacyXLS, []string{"encrypted", "EncryptedPackage"}},
		{"spreadsheetml", []byte(`<?xml version="1.0"?>` + "\n" + `<?mso-application progid="Excel.Sheet"?>` + "\n" +
			`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>`), ErrSpreadsheetML, []string{"SpreadsheetML", "2003"}},
		{"plain-xml", []byte(`<?xml version="1.0"?><note><to>x</to></note>`), ErrNotSpreadsheet, []string{"XML", "<note>"}},
		{"pdf", []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), ErrNotSpreadsheet, []string{"PDF"}},
		{"docx", docx, ErrNoWorkbook, []string{"Word", "word/document.xml"}},
		{"other-zip", otherZip, ErrNoWorkbook, []string{"xl/workbook.xml", "readme.txt"}},
		{"truncated", gen[:len(gen)/2], ErrTruncated, []string{"central directory", "truncated"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := openBytes(t, tc.name+".xlsx", tc.data)
			wantErr(t, err, tc.kind, tc.words...)
			if tc.kind != ErrTruncated && tc.kind != ErrNotSpreadsheet && !errors.Is(err, ErrNotSpreadsheet) {
				t.Errorf("%v error does not also match ErrNotSpreadsheet", tc.kind)
			}
		})
	}
}

// putDirEntry writes an OLE2 directory entry name at off.
func putDirEntry(b []byte, off int, name string) {
	for i := 0; i < len(name); i++ {
		b[off+2*i] = name[i]
	}
	n := 2*len(name) + 2
	b[off+64], b[off+65] = byte(n), byte(n>>8)
}

func utf16le(s string) []byte {
	var out []byte
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// bombParts is a workbook whose only sheet is body, compressed.
func bombZip(t *testing.T, sheet func(io.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []part{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", pkgRels},
		{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Bomb" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
	} {
		w, _ := zw.Create(p.name)
		io.WriteString(w, p.data)
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	sheet(w)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rowsSheet streams a sheet of n empty rows.
func rowsSheet(n int) func(io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		chunk := []byte(strings.Repeat("<row/>", 10000))
		for i := 0; i < n; i += 10000 {
			w.Write(chunk)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	}
}

func readAll(w *Workbook, sheet string) error {
	return w.ReadSheet(sheet, ReadOptions{}, func(Cell) error { return nil })
}

func TestZipBombPartSize(t *testing.T) {
	data := bombZip(t, rowsSheet(2_000_000)) // 12 MB of XML
	w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{MaxPartBytes: 4 << 20, MaxRatio: -1, MaxCells: -1})
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, readAll(w, "Bomb"), ErrTooLarge, "xl/worksheets/sheet1.xml", "4194304")
}

func TestZipBombRatio(t *testing.T) {
	data := bombZip(t, func(w io.Writer) {
		io.WriteString(w, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		zeros := make([]byte, 1<<20)
		for i := 0; i < 8; i++ {
			w.Write(zeros) // NULs: ratio ~1000:1
		}
	})
	w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{MaxRatio: 100})
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, readAll(w, "Bomb"), ErrTooLarge, "ratio", "sheet1.xml")
}

// TestZipBombLyingSize: the zip declares a small size for a large part; the
// actual inflated count is what stops it.
func TestZipBombLyingSize(t *testing.T) {
	var sheet bytes.Buffer
	rowsSheet(1_000_000)(&sheet)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(sheet.Bytes())
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []part{
		{"_rels/.rels", pkgRels},
		{"xl/workbook.xml", `<workbook xmlns:r="r"><sheets><sheet name="Bomb" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`},
	} {
		w, _ := zw.Create(p.name)
		io.WriteString(w, p.data)
	}
	hdr := &zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc32.ChecksumIEEE(sheet.Bytes()), CompressedSize64: uint64(comp.Len()), UncompressedSize64: 1000}
	rw, err := zw.CreateRaw(hdr)
	if err != nil {
		t.Fatal(err)
	}
	rw.Write(comp.Bytes())
	zw.Close()
	data := buf.Bytes()
	w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, readAll(w, "Bomb"), ErrTooLarge, "declared size", "1000")
}

func TestMaxCells(t *testing.T) {
	data := bombZip(t, func(w io.Writer) {
		io.WriteString(w, `<worksheet><sheetData>`)
		for r := 1; r <= 100; r++ {
			io.WriteString(w, `<row r="`+strconv.Itoa(r)+`">`)
			for c := 1; c <= 10; c++ {
				io.WriteString(w, `<c><v>1</v></c>`)
			}
			io.WriteString(w, `</row>`)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	})
	w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{MaxCells: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = w.ReadSheet("Bomb", ReadOptions{}, func(Cell) error { n++; return nil })
	wantErr(t, err, ErrTooLarge, "MaxCells", "500", "Bomb")
	if n == 0 || n > 500 {
		t.Errorf("%d cells delivered before the limit", n)
	}
	// Within limits the same sheet reads whole.
	w, _ = NewReader(bytes.NewReader(data), int64(len(data)), Limits{MaxCells: 2000})
	n = 0
	if err := w.ReadSheet("Bomb", ReadOptions{}, func(Cell) error { n++; return nil }); err != nil || n != 1000 {
		t.Errorf("read %d cells, err %v; want 1000", n, err)
	}
}

func TestDamagedParts(t *testing.T) {
	parts := exoticParts()
	base := buildZip(t, zip.Store, parts...)
	// Corrupt a byte inside the stored shared strings, which are read to the
	// end, so the CRC check fails.
	i := bytes.Index(base, []byte("CJK"))
	bad := bytes.Clone(base)
	bad[i] = 'X'
	w, err := NewReader(bytes.NewReader(bad), int64(len(bad)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, readAll(w, "Exotic Data"), ErrTruncated, "CRC", "sharedStrings.xml")

	// Malformed sheet XML.
	for _, tc := range []struct{ name, sheet, word string }{
		{"bad-ref", `<worksheet><sheetData><row><c r="A0"><v>1</v></c></row></sheetData></worksheet>`, `r="A0"`},
		{"bad-row", `<worksheet><sheetData><row r="x"/></sheetData></worksheet>`, `r="x"`},
		{"cut", `<worksheet><sheetData><row><c r="A1"><v>1`, "end of input"},
		{"sst-index", `<worksheet><sheetData><row><c r="B7" t="s"><v>99</v></c></row></sheetData></worksheet>`, "index 99 out of range"},
		{"long-tag", `<worksheet><sheetData><row a="` + strings.Repeat("x", 2<<20), "tag longer"},
	} {
		ps := append([]part(nil), parts...)
		ps[6].data = tc.sheet
		data := buildZip(t, zip.Deflate, ps...)
		w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{MaxRatio: -1})
		if err != nil {
			t.Fatal(err)
		}
		err = readAll(w, "Exotic 2")
		t.Run(tc.name, func(t *testing.T) { wantErr(t, err, ErrTruncated, tc.word, "Exotic 2") })
	}
}

// TestBoundedMemory streams a 200k-cell sheet and checks that live memory
// does not grow with it (ReadGrid on the same sheet shows what growth looks
// like) and that values that repeat are not allocated per cell.
func TestBoundedMemory(t *testing.T) {
	const rows, cols = 20000, 10
	sst := `<sst>` + strings.Repeat(`<si><t>Tin</t></si><si><t>Gold smelter</t></si>`, 1) + `</sst>`
	sheet := func(w io.Writer) {
		io.WriteString(w, `<worksheet><sheetData>`)
		var b []byte
		for r := 1; r <= rows; r++ {
			b = append(b[:0], `<row r="`...)
			b = append(b, strconv.Itoa(r)...)
			b = append(b, `">`...)
			for c := 1; c <= cols; c++ {
				switch c % 3 {
				case 0:
					b = append(b, `<c r="`+ColumnName(c)+strconv.Itoa(r)+`" t="s"><v>`+strconv.Itoa(r%2)+`</v></c>`...)
				case 1:
					b = append(b, `<c r="`+ColumnName(c)+strconv.Itoa(r)+`" s="4"><f>A1*2</f><v>`+strconv.Itoa(r%100)+`</v></c>`...)
				default:
					b = append(b, `<c r="`+ColumnName(c)+strconv.Itoa(r)+`" t="e"><v>#N/A</v></c>`...)
				}
			}
			b = append(b, `</row>`...)
			w.Write(b)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	}
	var sheetXML bytes.Buffer
	sheet(&sheetXML)
	ps := exoticParts()
	ps[4].data = sst
	ps[6].data = sheetXML.String()
	data := buildZip(t, zip.Deflate, ps...)
	w, err := NewReader(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	live := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	base := live()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak uint64
	n := 0
	err = w.ReadSheet("Exotic 2", ReadOptions{}, func(c Cell) error {
		n++
		if n%50000 == 0 {
			peak = max(peak, live())
		}
		return nil
	})
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if err != nil || n != rows*cols {
		t.Fatalf("read %d cells, err %v", n, err)
	}
	growth := int64(peak) - int64(base)
	t.Logf("sheet XML %d bytes, %d cells: live growth %d bytes, %d allocations, %d bytes allocated",
		sheetXML.Len(), n, growth, after.Mallocs-before.Mallocs, after.TotalAlloc-before.TotalAlloc)
	if growth > 2<<20 {
		t.Errorf("live heap grew by %d bytes while streaming %d cells", growth, n)
	}
	if allocs := after.Mallocs - before.Mallocs; allocs > rows*cols/20 {
		t.Errorf("%d allocations for %d cells", allocs, n)
	}
	if total := after.TotalAlloc - before.TotalAlloc; total > uint64(sheetXML.Len()/4) {
		t.Errorf("allocated %d bytes for %d bytes of sheet XML", total, sheetXML.Len())
	}
	// The measurement does detect proportional memory.
	base = live()
	g, err := w.ReadGrid("Exotic 2", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if grown := int64(live()) - int64(base); grown < 5<<20 {
		t.Errorf("ReadGrid of %d cells grew the heap by only %d bytes; the check above is not measuring", g.MaxRow()*cols, grown)
	}
	runtime.KeepAlive(g)
}

// TestPathologicalInputsLinear feeds 4 MB runs of the bytes the scanner
// treats specially; each must be handled in linear time (a quadratic pass
// over 4 MB takes many seconds) and end in a malformed-XML error.
func TestPathologicalInputsLinear(t *testing.T) {
	const n = 4 << 20
	for name, s := range map[string]string{
		"lt":       "<worksheet><sheetData><row><c><v>" + strings.Repeat("<", n),
		"amp":      "<worksheet><sheetData><row><c><v>" + strings.Repeat("&", n),
		"entities": "<worksheet><sheetData><row><c><v>" + strings.Repeat("&a", n/2),
		"cr":       "<worksheet><sheetData><row><c><v>" + strings.Repeat("\r", n),
		"quotes":   "<worksheet><sheetData><row a=" + strings.Repeat(`"x"`, n/3),
		"nesting":  "<worksheet><sheetData><row><c><x>" + strings.Repeat("<a>", n/3),
		"comments": "<worksheet><sheetData>" + strings.Repeat("<!--", n/4),
		"decl":     "<worksheet><sheetData>" + strings.Repeat("<![", n/3),
		"cdata":    "<worksheet><sheetData><row><c><v><![CDATA[" + strings.Repeat("]", n),
		"runs":     "<worksheet><sheetData><row><c t=\"inlineStr\"><is>" + strings.Repeat("<r><t>x</t></r>", n/16),
	} {
		for _, chunk := range []int{n, 7} {
			var r io.Reader = strings.NewReader(s)
			if chunk == 7 {
				r = &trickleReader{data: []byte(s), n: chunk}
			}
			p := &sheetParser{w: &Workbook{sstDone: true, sst: &sharedStrings{offs: []uint32{0}}}, sc: newScanner(r),
				limit: 1e7, intern: map[string]string{}, fn: func(Cell) error { return nil }}
			start := time.Now()
			err := p.run()
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("%s (reads of %d): %v", name, chunk, d)
			}
			if !errors.Is(err, errMalformed) {
				t.Errorf("%s (reads of %d): error %v, want malformed XML", name, chunk, err)
			}
		}
	}
}
