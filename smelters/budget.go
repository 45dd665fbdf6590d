package smelters

import "fmt"

// Limits on one file as a whole: each sheet is bounded by MaxRows, and a
// workbook of many sheets (or of sparse rows far down) must not multiply
// that. Real workbooks of RMI lists hold a few thousand rows in all.
const (
	maxFileRows  = 2 * (MaxRows + 100)  // row slots over all sheets, empty rows included
	maxFileCells = 40 * (MaxRows + 100) // cells over all sheets
)

// readBudget is what the sheets of one file may still cost.
type readBudget struct{ rows, cells int64 }

func newReadBudget() *readBudget { return &readBudget{rows: maxFileRows, cells: maxFileCells} }

// take spends rows row slots and cells cells, failing once either runs out.
func (b *readBudget) take(rows, cells int) error {
	b.rows -= int64(rows)
	b.cells -= int64(cells)
	if b.rows < 0 || b.cells < 0 {
		return fmt.Errorf("%w: the sheets hold more than %d rows or %d cells together", ErrTooLarge, maxFileRows, maxFileCells)
	}
	return nil
}
