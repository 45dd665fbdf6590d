package cmrt

import "github.com/xuri/excelize/v2"

// Cell references in A1 notation, shared by the writers in this package
// (gemstone, SAQ) and the layout anchors.

func colName(n int) string {
	s, err := excelize.ColumnNumberToName(n)
	if err != nil {
		panic(err)
	}
	return s
}

// splitRef splits "D12" into column and row.
func splitRef(ref string) (string, int) {
	c, r, err := excelize.SplitCellName(ref)
	if err != nil {
		panic("cmrt: bad cell reference " + ref)
	}
	return c, r
}
