package smelters

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/openminerals/cmrt/internal/xlsx"
)

// LookupSheet is the name of the templates' reference-list sheet.
const LookupSheet = "Smelter Look-up"

// xlsxLimits bound what reading a list workbook may cost, through the
// project's one hardened .xlsx reader: a list never needs more than
// MaxRows rows of a few dozen columns, so a part, a sheet or a shared
// string table beyond these is refused before it costs its memory.
var xlsxLimits = xlsx.Limits{
	MaxPartBytes:     128 << 20,
	MaxCells:         (MaxRows + 100) * 40,
	MaxSharedStrings: (MaxRows + 100) * 15,
}

// xlsxBook reads worksheets of an .xlsx workbook on demand: a supplier's
// template holds a large Smelter List sheet that a list reader never needs.
type xlsxBook struct {
	w      *xlsx.Workbook
	budget *readBudget // over all sheets
}

func openXLSX(data []byte) (*xlsxBook, error) {
	w, err := xlsx.NewReader(bytes.NewReader(data), int64(len(data)), xlsxLimits)
	if err != nil {
		return nil, asTooLarge(err)
	}
	return &xlsxBook{w: w, budget: newReadBudget()}, nil
}

// asTooLarge makes the reader's size-limit errors match ErrTooLarge too.
func asTooLarge(err error) error {
	if errors.Is(err, xlsx.ErrTooLarge) {
		return fmt.Errorf("%w: %w", ErrTooLarge, err)
	}
	return err
}

func (b *xlsxBook) Close() error { return b.w.Close() }

func (b *xlsxBook) sheetNames() []string {
	var names []string
	for _, s := range b.w.Sheets() {
		names = append(names, s.Name)
	}
	return names
}

// errStop ends a sheet read that has gone past the rows a list may have.
var errStop = errors.New("stop")

// read returns a worksheet's rows, every row numbered from 1 (empty rows
// kept as nil so that row numbers stay Excel's). Cell values are as
// stored: dates are serial numbers, not the cell's display format.
func (b *xlsxBook) read(name string) (grid, error) {
	g := grid{name: name}
	lastRow := MaxRows + headerScan + 1
	err := b.w.ReadSheet(name, xlsx.ReadOptions{MaxCol: maxCols}, func(c xlsx.Cell) error {
		if c.Row > lastRow {
			return errStop
		}
		if err := b.budget.take(max(c.Row-len(g.rows), 0), 1); err != nil {
			return fmt.Errorf("sheet %q: %w", name, err)
		}
		for len(g.rows) < c.Row {
			g.rows = append(g.rows, nil)
		}
		r := g.rows[c.Row-1]
		for len(r) < c.Col {
			r = append(r, "")
		}
		r[c.Col-1] = c.Value
		g.rows[c.Row-1] = r
		return nil
	})
	if errors.Is(err, errStop) {
		return grid{}, fmt.Errorf("%w: sheet %q has more than %d rows", ErrTooLarge, name, MaxRows)
	}
	if err != nil {
		return grid{}, asTooLarge(err)
	}
	for len(g.rows) > 0 && emptyRow(g.rows[len(g.rows)-1]) {
		g.rows = g.rows[:len(g.rows)-1]
	}
	return g, nil
}

// templateDate reads the revision date of an RMI template from
// Declaration!J3 ("Revision 6.4\nApril 26, 2024"), when the workbook is one.
func (b *xlsxBook) templateDate() string {
	g, err := b.w.ReadGrid("Declaration", xlsx.ReadOptions{MaxRow: 3, MaxCol: 10})
	if err != nil {
		return ""
	}
	v := g.Cell("J3").Value
	if !strings.Contains(v, "Revision") {
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
