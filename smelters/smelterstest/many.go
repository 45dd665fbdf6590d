package smelterstest

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
)

// ManyStrings describes a generated standard list whose every name is a
// distinct shared string: the shape of a hostile or runaway list that
// costs a naive reader many times its size.
type ManyStrings struct {
	Rows int // data rows; each adds six distinct shared strings
	// ExtraStrings are unused shared strings appended to the table (a
	// table far larger than the sheet needs).
	ExtraStrings int
}

// InflatedBytes is what the written workbook's sheet and shared strings
// inflate to, for comparing memory use with.
type InflatedBytes struct{ Sheet, SharedStrings int64 }

// WriteManyStringsXLSX writes a one-sheet standard list (sheet
// "CMRT_Export", StandardHeader in row 1) with m.Rows data rows, all text
// in the shared string table, straight to a zip so that millions of
// strings take a second, not excelize's minutes.
func WriteManyStringsXLSX(path string, m ManyStrings) (InflatedBytes, error) {
	var sizes InflatedBytes
	f, err := os.Create(path)
	if err != nil {
		return sizes, err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	put := func(name, data string) error {
		w, err := zw.Create(name)
		if err == nil {
			_, err = io.WriteString(w, data)
		}
		return err
	}
	for _, p := range [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="CMRT_Export" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
	} {
		if err := put(p[0], p[1]); err != nil {
			return sizes, err
		}
	}
	metals := []string{"Gold", "Tin", "Tantalum", "Tungsten"}
	// Shared strings: the header, the metals, six per row, then extras.
	w, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return sizes, err
	}
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 64<<10)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	si := func(s string) { bw.WriteString("<si><t>"); bw.WriteString(s); bw.WriteString("</t></si>") }
	for _, h := range StandardHeader {
		si(h)
	}
	for _, m := range metals {
		si(m)
	}
	for r := 0; r < m.Rows; r++ {
		n := strconv.Itoa(r)
		si("Alias " + n + " Smelting Co.")
		si("Standard Smelter " + n + " Ltd.")
		si("COUNTRY " + n)
		si(fmt.Sprintf("CID%06d", r%1_000_000))
		si("City " + n)
		si("Province " + n)
	}
	for i := 0; i < m.ExtraStrings; i++ {
		si("unused " + strconv.Itoa(i))
	}
	bw.WriteString(`</sst>`)
	if err := bw.Flush(); err != nil {
		return sizes, err
	}
	sizes.SharedStrings = cw.n

	w, err = zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return sizes, err
	}
	cw = &countWriter{w: w}
	bw = bufio.NewWriterSize(cw, 64<<10)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	cell := func(col, row, idx int) {
		fmt.Fprintf(bw, `<c r="%c%d" t="s"><v>%d</v></c>`, 'A'+col, row, idx)
	}
	bw.WriteString(`<row r="1">`)
	for c := range StandardHeader {
		cell(c, 1, c)
	}
	bw.WriteString(`</row>`)
	base := len(StandardHeader) + len(metals)
	for r := 0; r < m.Rows; r++ {
		row := r + 2
		fmt.Fprintf(bw, `<row r="%d">`, row)
		cell(0, row, len(StandardHeader)+r%len(metals))
		for c := 1; c < 7; c++ {
			cell(c, row, base+6*r+c-1)
		}
		bw.WriteString(`</row>`)
	}
	bw.WriteString(`</sheetData></worksheet>`)
	if err := bw.Flush(); err != nil {
		return sizes, err
	}
	sizes.Sheet = cw.n
	if err := zw.Close(); err != nil {
		return sizes, err
	}
	return sizes, f.Close()
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
