package synth

import (
	"github.com/openminerals/cmrt/internal/xlsx"
	"github.com/xuri/excelize/v2"
)

// Cell references in A1 notation. The layouts' addresses are constants, so
// a bad one is a bug in this package and panics.

func colName(n int) string {
	s, err := excelize.ColumnNumberToName(n)
	if err != nil {
		panic(err)
	}
	return s
}

// colIndex is the 1-based number of a column letter ("A" 1, "AA" 27); 0 for "".
func colIndex(letter string) int {
	if letter == "" {
		return 0
	}
	n, err := xlsx.ColumnNumber(letter)
	if err != nil {
		panic("synth: bad column letter in layout: " + letter)
	}
	return n
}

// splitRef splits "D12" into column and row.
func splitRef(ref string) (string, int) {
	c, r, err := excelize.SplitCellName(ref)
	if err != nil {
		panic("synth: bad cell reference " + ref)
	}
	return c, r
}
