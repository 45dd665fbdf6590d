package smelters

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// LookupSheet is the name of the templates' reference-list sheet.
const LookupSheet = "Smelter Look-up"

// xlsxBook reads worksheets of an .xlsx workbook on demand: a supplier's
// template holds a large Smelter List sheet that a list reader never needs.
type xlsxBook struct {
	f *excelize.File
}

func openXLSX(data []byte) (*xlsxBook, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true, // dates as serial numbers, not as the cell's display format
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: maxUnzipped,
	})
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return &xlsxBook{f: f}, nil
}

func (b *xlsxBook) Close() error { return b.f.Close() }

func (b *xlsxBook) sheetNames() []string { return b.f.GetSheetList() }

// read returns a worksheet's rows, every row numbered from 1 (empty rows
// kept as nil so that row numbers stay Excel's).
func (b *xlsxBook) read(name string) (grid, error) {
	rows, err := b.f.Rows(name)
	if err != nil {
		return grid{}, fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	defer rows.Close()
	g := grid{name: name}
	for rows.Next() {
		if len(g.rows) > MaxRows+100 {
			return grid{}, fmt.Errorf("%w: sheet %q has more than %d rows", ErrTooLarge, name, MaxRows)
		}
		cols, err := rows.Columns()
		if err != nil {
			return grid{}, fmt.Errorf("xlsx: sheet %q row %d: %w", name, len(g.rows)+1, err)
		}
		if len(cols) > maxCols {
			cols = cols[:maxCols]
		}
		g.rows = append(g.rows, cols)
	}
	if err := rows.Error(); err != nil {
		return grid{}, fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	for len(g.rows) > 0 && emptyRow(g.rows[len(g.rows)-1]) {
		g.rows = g.rows[:len(g.rows)-1]
	}
	return g, nil
}

// templateDate reads the revision date of an RMI template from
// Declaration!J3 ("Revision 6.4\nApril 26, 2024"), when the workbook is one.
func (b *xlsxBook) templateDate() string {
	v, err := b.f.GetCellValue("Declaration", "J3")
	if err != nil || !strings.Contains(v, "Revision") {
		return ""
	}
	return v
}

// isTemplate reports whether the workbook is an RMI reporting template.
func (b *xlsxBook) isTemplate() bool {
	has := map[string]bool{}
	for _, s := range b.sheetNames() {
		has[s] = true
	}
	return has["Declaration"] && has["Smelter List"]
}

func emptyRow(r []string) bool {
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
