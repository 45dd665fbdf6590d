package smelterstest

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"os"
	"slices"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// WriteSpreadsheetML writes t as an Excel 2003 XML Spreadsheet, the format
// of RMI's downloads: DocumentProperties with the creation time, empty
// cells skipped with ss:Index (as Excel does), dates typed DateTime as
// 2024-10-18T00:00:00.
func WriteSpreadsheetML(path string, t Table, created time.Time) error {
	return WriteSpreadsheetMLBook(path, created, t)
}

// WriteSpreadsheetMLBook is WriteSpreadsheetML with one worksheet per
// table, in order.
func WriteSpreadsheetMLBook(path string, created time.Time, tables ...Table) error {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?>` + "\n" + `<?mso-application progid="Excel.Sheet"?>` + "\n")
	b.WriteString(`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">` + "\n")
	if !created.IsZero() {
		fmt.Fprintf(&b, ` <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><Author>RMI</Author><Created>%s</Created></DocumentProperties>`+"\n",
			created.UTC().Format("2006-01-02T15:04:05Z"))
	}
	b.WriteString(` <Styles><Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical="Bottom"/></Style></Styles>` + "\n")
	for _, t := range tables {
		writeWorksheet(&b, t)
	}
	b.WriteString("</Workbook>\n")
	return os.WriteFile(path, b.Bytes(), 0o644)
}

func writeWorksheet(b *bytes.Buffer, t Table) {
	fmt.Fprintf(b, ` <Worksheet ss:Name="%s">`+"\n  <Table>\n", esc(t.Sheet))
	row := func(cells []string, dates []int) {
		b.WriteString("   <Row>")
		skipped := false
		for i, c := range cells {
			if c == "" {
				skipped = true
				continue
			}
			idx := ""
			if skipped {
				idx = fmt.Sprintf(` ss:Index="%d"`, i+1)
				skipped = false
			}
			typ := "String"
			if slices.Contains(dates, i) {
				typ, c = "DateTime", c+"T00:00:00.000"
			}
			fmt.Fprintf(b, `<Cell%s><Data ss:Type="%s">%s</Data></Cell>`, idx, typ, esc(c))
		}
		b.WriteString("</Row>\n")
	}
	for _, l := range t.Title {
		row([]string{l}, nil)
	}
	row(t.Header, nil)
	for _, r := range t.Rows {
		row(r, t.DateCols)
	}
	b.WriteString("  </Table>\n </Worksheet>\n")
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// WriteXLSX writes t as an .xlsx workbook, as a user re-saving a download
// (or a template) would; more sheets can be put before it, to check that
// readers pick the right one.
func WriteXLSX(path string, t Table, before ...Table) error {
	f := excelize.NewFile()
	defer f.Close()
	all := append(append([]Table(nil), before...), t)
	for i, tb := range all {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", tb.Sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(tb.Sheet); err != nil {
			return err
		}
		r := 1
		for _, l := range tb.Title {
			if err := f.SetSheetRow(tb.Sheet, cell(r), &[]any{l}); err != nil {
				return err
			}
			r++
		}
		hdr := make([]any, len(tb.Header))
		for i, h := range tb.Header {
			hdr[i] = h
		}
		if err := f.SetSheetRow(tb.Sheet, cell(r), &hdr); err != nil {
			return err
		}
		dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		if err != nil {
			return err
		}
		for _, row := range tb.Rows {
			r++
			vals := make([]any, len(row))
			for i, c := range row {
				vals[i] = c
				if slices.Contains(tb.DateCols, i) && c != "" {
					if d, err := time.Parse("2006-01-02", c); err == nil {
						vals[i] = d
					}
				}
			}
			if err := f.SetSheetRow(tb.Sheet, cell(r), &vals); err != nil {
				return err
			}
			for _, c := range tb.DateCols {
				name, _ := excelize.CoordinatesToCellName(c+1, r)
				if err := f.SetCellStyle(tb.Sheet, name, name, dateStyle); err != nil {
					return err
				}
			}
		}
	}
	return f.SaveAs(path)
}

func cell(row int) string { return fmt.Sprintf("A%d", row) }

// CSVOptions say how a CSV file is written.
type CSVOptions struct {
	BOM   bool // UTF-8 byte-order mark, as Excel's "CSV UTF-8" writes
	Comma rune // default ','
	UTF16 bool // UTF-16LE with a mark, as Excel's "Unicode Text" writes (tab-separated)
}

// WriteCSV writes t as CSV.
func WriteCSV(path string, t Table, o CSVOptions) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if o.Comma != 0 {
		w.Comma = o.Comma
	}
	for _, l := range t.Title {
		_ = w.Write([]string{l})
	}
	_ = w.Write(t.Header)
	_ = w.WriteAll(t.Rows)
	if err := w.Error(); err != nil {
		return err
	}
	data := b.Bytes()
	switch {
	case o.UTF16:
		u := utf16.Encode([]rune(string(data)))
		out := []byte{0xFF, 0xFE}
		for _, c := range u {
			out = append(out, byte(c), byte(c>>8))
		}
		data = out
	case o.BOM:
		data = append([]byte{0xEF, 0xBB, 0xBF}, data...)
	}
	return os.WriteFile(path, data, 0o644)
}
