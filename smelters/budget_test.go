package smelters_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/smelters"
)

// sparseSheetsXLSX is a workbook of n sheets, each holding a single cell
// far down (row 200,030): tiny on disk, but each sheet read as rows costs
// 200,000 row slots.
func sparseSheetsXLSX(t *testing.T, n int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, data string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(data))
	}
	put("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	var sheets, rels strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&sheets, `<sheet name="S%d" sheetId="%d" r:id="rId%d"/>`, i, i, i)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i, i)
		put(fmt.Sprintf("xl/worksheets/sheet%d.xml", i), `<worksheet><sheetData><row r="200030"><c r="A200030"><v>1</v></c></row></sheetData></worksheet>`)
	}
	put("xl/workbook.xml", `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`+sheets.String()+`</sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+rels.String()+`</Relationships>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestLoadWorkbookBudget: the limits hold for a workbook as a whole, not
// only per sheet, so many small sheets cannot multiply what a read costs.
func TestLoadWorkbookBudget(t *testing.T) {
	data := sparseSheetsXLSX(t, 60)
	var err error
	peak, _ := memoryUse(func() { _, err = smelters.Load("sparse.xlsx", data, smelters.Options{}) })
	if !errors.Is(err, smelters.ErrTooLarge) || !strings.Contains(err.Error(), "together") || !strings.Contains(err.Error(), "sparse.xlsx") {
		t.Errorf("err = %v, want ErrTooLarge for the workbook as a whole", err)
	}
	t.Logf("%d-byte file of 60 sparse sheets: %v; peak live heap +%.1f MB", len(data), err, float64(peak)/1e6)
	if peak > 100<<20 {
		t.Errorf("peak live heap +%d MB", peak>>20)
	}
	// The same in an Excel 2003 XML file, whose rows skip ahead with ss:Index.
	var x strings.Builder
	x.WriteString(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">`)
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&x, `<Worksheet ss:Name="S%d"><Table><Row ss:Index="200030"><Cell><Data ss:Type="Number">1</Data></Cell></Row></Table></Worksheet>`, i)
	}
	x.WriteString(`</Workbook>`)
	peak, _ = memoryUse(func() { _, err = smelters.Load("sparse.xml", []byte(x.String()), smelters.Options{}) })
	if !errors.Is(err, smelters.ErrTooLarge) || !strings.Contains(err.Error(), "together") || !strings.Contains(err.Error(), "sparse.xml") {
		t.Errorf("SpreadsheetML: err = %v, want ErrTooLarge for the workbook as a whole", err)
	}
	if peak > 100<<20 {
		t.Errorf("SpreadsheetML: peak live heap +%d MB", peak>>20)
	}
	// One such sheet is within the budget, and is no list.
	if _, err := smelters.Load("sparse.xlsx", sparseSheetsXLSX(t, 1), smelters.Options{}); !errors.Is(err, smelters.ErrNoHeader) {
		t.Errorf("1 sparse sheet: err = %v, want ErrNoHeader", err)
	}
}
