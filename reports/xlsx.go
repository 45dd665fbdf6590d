package reports

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// XLSXSheet is one exported table: a header row and text rows.
type XLSXSheet struct {
	Name   string
	Header []string
	Rows   [][]string
}

// WriteXLSX writes a table as a workbook a person can sort and filter at
// once: bold header row, panes frozen below it, an autofilter over the
// table and column widths fitted to the content (bounded). Cells are
// written as text: a name starting with "=" stays a name, never a formula.
func WriteXLSX(w io.Writer, s XLSXSheet) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", s.Name); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	widths := make([]int, len(s.Header))
	measure := func(i int, v string) {
		if i < len(widths) {
			if n := utf8.RuneCountInString(v); n > widths[i] {
				widths[i] = n
			}
		}
	}
	for i, h := range s.Header {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(s.Name, cell, h); err != nil {
			return err
		}
		measure(i, h)
	}
	for r, row := range s.Rows {
		for i, v := range row {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			if err := f.SetCellStr(s.Name, cell, v); err != nil {
				return fmt.Errorf("row %d: %w", r+2, err)
			}
			measure(i, v)
		}
	}
	if len(s.Header) == 0 {
		return f.Write(w)
	}
	last, _ := excelize.ColumnNumberToName(len(s.Header))
	if err := f.SetCellStyle(s.Name, "A1", last+"1", bold); err != nil {
		return err
	}
	for i, n := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := float64(n) + 2
		width = max(8, min(width, 60))
		if err := f.SetColWidth(s.Name, col, col, width); err != nil {
			return err
		}
	}
	if err := f.SetPanes(s.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	ref := fmt.Sprintf("A1:%s%d", last, len(s.Rows)+1)
	if err := f.AutoFilter(s.Name, ref, nil); err != nil {
		return err
	}
	return f.Write(w)
}
