package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
)

// CellType is the type a cell declares in its t attribute.
type CellType byte

const (
	// Empty is the type of an absent cell (the zero Cell).
	Empty CellType = iota
	// Number: no t attribute, or t="n". Dates without t="d" are numbers too.
	Number
	// SharedString: t="s"; Value is the resolved shared string.
	SharedString
	// InlineString: t="inlineStr"; Value is the joined text of <is>.
	InlineString
	// FormulaString: t="str", the cached string result of a formula.
	FormulaString
	// Bool: t="b"; Value is "1" or "0".
	Bool
	// Error: t="e"; Value is the error text such as "#N/A".
	Error
	// Date: t="d", an ISO 8601 date/time as text (rare; Excel itself writes
	// dates as numbers).
	Date
)

var cellTypeNames = [...]string{"Empty", "Number", "SharedString", "InlineString", "FormulaString", "Bool", "Error", "Date"}

// String returns the constant's name.
func (t CellType) String() string {
	if int(t) < len(cellTypeNames) {
		return cellTypeNames[t]
	}
	return fmt.Sprintf("CellType(%d)", t)
}

// cellTypeOf maps a t attribute value to a CellType. Unknown values read as
// Number, which is what Excel assumes for a missing t.
func cellTypeOf(t []byte) CellType {
	switch string(t) {
	case "s":
		return SharedString
	case "str":
		return FormulaString
	case "inlineStr":
		return InlineString
	case "b":
		return Bool
	case "e":
		return Error
	case "d":
		return Date
	}
	return Number
}

// Cell is one cell as stored in the sheet.
type Cell struct {
	// Row and Col are 1-based.
	Row, Col int
	// Type is the declared cell type.
	Type CellType
	// Value is the cached value as text: shared strings resolved, inline
	// rich text joined (phonetic runs dropped), numbers verbatim as in the
	// XML ("1", "45678.5"), booleans "1"/"0", errors such as "#N/A".
	// XML entities and _xHHHH_ escapes (in strings) are decoded. It is ""
	// when the cell has no value.
	Value string
	// HasFormula reports an <f> element, including shared-formula children
	// (<f t="shared" si="3"/>) whose formula text lives in another cell.
	HasFormula bool
	// HasValue reports a <v> (or, for inline strings, <is>) with non-empty
	// content; it is false for a formula without a cached value.
	HasValue bool
}

// Ref returns the cell's A1 reference, such as "D22".
func (c Cell) Ref() string {
	if c.Row < 1 || c.Col < 1 {
		return ""
	}
	return fmt.Sprintf("%s%d", ColumnName(c.Col), c.Row)
}

// ReadOptions bound the part of a sheet that is read. Cells outside the
// bounds are skipped without decoding. Zero means unbounded.
type ReadOptions struct {
	// MaxCol is the last column read (17 = Q).
	MaxCol int
	// MaxRow is the last row read.
	MaxRow int
	// ValuesOnly skips cells without a value instead of reporting them
	// with HasFormula: a formula whose result was never calculated, such
	// as those in the 2,500 pre-filled rows of RMI's Smelter List.
	ValuesOnly bool
}

// ReadSheet streams the cells of sheet name in document order, calling fn
// for each cell element that has a value or a formula (only a value with
// ReadOptions.ValuesOnly); bare styled cells
// such as <c r="A5" s="262"/> are skipped. The name matches exactly, or else
// case-insensitively as Excel compares sheet names. Cells without an r attribute take the position after the
// previous cell (rows likewise). Memory use does not grow with the sheet.
//
// Each call inflates the sheet part again; read a sheet once, with ReadGrid
// if random access is needed. If fn returns an error, ReadSheet stops and
// returns that error unchanged.
func (w *Workbook) ReadSheet(name string, opts ReadOptions, fn func(Cell) error) error {
	se, err := w.sheet(name)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if se.path == "" {
		return fmt.Errorf("xlsx: %w", newErr(ErrSheetNotFound, "sheet %q is listed in the workbook but has no relationship %q to a part", se.Name, se.relID))
	}
	if _, ok := w.files[se.path]; !ok {
		return fmt.Errorf("xlsx: %w", newErr(ErrSheetNotFound, "sheet %q is listed in the workbook but its part %s is missing from the package", se.Name, se.path))
	}
	rc, err := w.openPart(se.path)
	if err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", se.Name, err)
	}
	defer rc.Close()
	p := &sheetParser{
		w:      w,
		sc:     newScannerFor(rc, w.files[se.path].UncompressedSize64),
		opts:   opts,
		fn:     fn,
		name:   se.Name,
		limit:  w.lim.MaxCells,
		intern: make(map[string]string),
	}
	err = p.run()
	if err == nil {
		// Reading stops at </sheetData>; the zip's CRC-32 is checked only
		// at the end of the part, so read the rest to verify it.
		err = p.sc.drain()
	}
	p.sc.release()
	switch {
	case err == nil:
		return nil
	case p.cbErr != nil && err == p.cbErr:
		return err
	case errors.Is(err, errMalformed):
		return fmt.Errorf("xlsx: %w", wrapErr(ErrTruncated, err, "sheet %q (%s) is damaged: %v", se.Name, se.path, err))
	default:
		return fmt.Errorf("xlsx: sheet %q: %w", se.Name, err)
	}
}

// sheetParser holds the state of one ReadSheet pass.
type sheetParser struct {
	w      *Workbook
	sc     *scanner
	opts   ReadOptions
	fn     func(Cell) error
	cbErr  error
	name   string
	limit  int64
	count  int64
	sst    *sharedStrings
	intern map[string]string
	vbuf   []byte
	tbuf   []byte
	ubuf   []byte
}

// countElem counts one row or cell element against MaxCells.
func (p *sheetParser) countElem() error {
	p.count++
	if p.limit > 0 && p.count > p.limit {
		return newErr(ErrTooLarge, "sheet %q has more than %d row and cell elements (MaxCells limit)", p.name, p.limit)
	}
	return nil
}

func (p *sheetParser) run() error {
	sc := p.sc
	for {
		if !sc.nextTag() {
			return sc.err // a sheet without sheetData (chartsheet) has no cells
		}
		if !sc.isEnd && sc.is("sheetData") {
			break
		}
	}
	if sc.selfClose {
		return nil
	}
	maxCol, maxRow := p.opts.MaxCol, p.opts.MaxRow
	row, col := 0, 0
	// startCell handles a <c> start tag: its position (from r, or after
	// the previous cell), the bounds, and its content.
	startCell := func(hasRef bool, r, c int, typ CellType, selfClose bool) error {
		if hasRef {
			row, col = r, c
		} else {
			if row == 0 {
				row = 1
			}
			col++
			if col > MaxColumns {
				return fmt.Errorf("%w: more than %d cells in row %d", errMalformed, MaxColumns, row)
			}
		}
		if selfClose {
			return nil
		}
		if maxCol > 0 && col > maxCol || maxRow > 0 && row > maxRow {
			if ok, _, _ := sc.skimCell(true); ok {
				return nil
			}
			if !sc.skipElement() {
				return sc.err
			}
			return nil
		}
		return p.cell(row, col, typ)
	}
	for {
		// Fast path for a plain <c> start tag; anything unusual, including
		// a bad reference, is left to the general path, which reports it.
		if n, ref, t, selfClose := sc.plainCellTag(); n > 0 {
			r, c, ok := 0, 0, true
			if ref != nil {
				r, c, ok = parseRefBytes(ref)
			}
			if ok {
				sc.pos += n
				if err := p.countElem(); err != nil {
					return err
				}
				typ := Number
				if t != nil {
					typ = cellTypeOf(t)
				}
				if err := startCell(ref != nil, r, c, typ, selfClose); err != nil {
					return err
				}
				continue
			}
		}
		if !sc.nextTag() {
			break
		}
		if sc.isEnd {
			if sc.is("sheetData") {
				return nil
			}
			continue // </row>
		}
		switch {
		case sc.is("c"):
			if err := p.countElem(); err != nil {
				return err
			}
			typ := Number
			hasRef := false
			var r, c int
			for a := sc.attrs; ; {
				n, v, rest, ok := nextAttr(a)
				if !ok {
					break
				}
				a = rest
				if len(n) != 1 || n[0] != 'r' && n[0] != 't' {
					continue // s (style) and others: no need to decode them
				}
				if bytes.IndexByte(v, '&') >= 0 {
					_, v = decodeText(nil, v, true)
				}
				switch n[0] {
				case 'r':
					vr, vc, ok := parseRefBytes(v)
					if !ok {
						if hasRef { // a repeated r: the message names the earlier one
							row, col = r, c
						}
						return fmt.Errorf("%w: cell reference r=%q after %s%d", errMalformed, v, ColumnName(col), row)
					}
					r, c, hasRef = vr, vc, true
				case 't':
					typ = cellTypeOf(v)
				}
			}
			if err := startCell(hasRef, r, c, typ, sc.selfClose); err != nil {
				return err
			}
		case sc.is("row"):
			if err := p.countElem(); err != nil {
				return err
			}
			r := row + 1
			if v, ok := rawAttr(sc.attrs, "r"); ok {
				if bytes.IndexByte(v, '&') >= 0 {
					_, v = decodeText(nil, v, true)
				}
				n, ok := parseUint(v)
				if !ok || n < 1 || n > MaxRows {
					return fmt.Errorf("%w: row number r=%q after row %d", errMalformed, v, row)
				}
				r = n
			}
			if r > MaxRows {
				return fmt.Errorf("%w: more than %d rows", errMalformed, MaxRows)
			}
			row, col = r, 0
			if maxRow > 0 && row > maxRow && !sc.skipElement() {
				return sc.err
			}
		default:
			if !sc.skipElement() {
				return sc.err
			}
		}
	}
	if sc.err != nil {
		return sc.err
	}
	return fmt.Errorf("%w: unexpected end of input inside sheetData", errMalformed)
}

// rawAttr returns the raw value of attribute name.
func rawAttr(a []byte, name string) ([]byte, bool) {
	for {
		n, v, rest, ok := nextAttr(a)
		if !ok {
			return nil, false
		}
		if string(n) == name {
			return v, true
		}
		a = rest
	}
}

// cell reads the children of a <c> element whose start tag was just read
// and reports the cell.
func (p *sheetParser) cell(row, col int, typ CellType) error {
	sc := p.sc
	if ok, hasF, v := sc.skimCell(false); ok {
		return p.report(row, col, typ, hasF, v)
	}
	var hasF, isSeen bool
	p.vbuf, p.tbuf = p.vbuf[:0], p.tbuf[:0]
	for {
		if !sc.nextTag() {
			if sc.err == nil {
				sc.fail("unexpected end of input inside cell %s%d", ColumnName(col), row)
			}
			return sc.err
		}
		if sc.isEnd {
			break // </c>: children are consumed whole below
		}
		switch {
		case sc.is("f"):
			hasF = true
			if !sc.skipElement() {
				return sc.err
			}
		case sc.is("v"):
			if sc.selfClose {
				continue
			}
			p.vbuf = sc.readText(p.vbuf[:0])
			if !sc.skipElement() {
				return sc.err
			}
		case sc.is("is"):
			if sc.selfClose {
				continue
			}
			isSeen = true
			p.tbuf = sc.readRichText(p.tbuf[:0])
			if sc.err != nil {
				return sc.err
			}
		default:
			if !sc.skipElement() {
				return sc.err
			}
		}
	}
	if typ == InlineString && isSeen {
		c := Cell{Row: row, Col: col, Type: typ, HasFormula: hasF}
		if len(p.tbuf) > 0 {
			p.ubuf = appendUnescaped(p.ubuf[:0], p.tbuf)
			c.Value, c.HasValue = string(p.ubuf), true
		}
		return p.emit(c)
	}
	return p.report(row, col, typ, hasF, p.vbuf)
}

// report reports a cell whose value is the text of its <v> (v, already
// decoded; empty for none).
func (p *sheetParser) report(row, col int, typ CellType, hasF bool, v []byte) error {
	c := Cell{Row: row, Col: col, Type: typ, HasFormula: hasF}
	switch {
	case len(v) == 0:
	case typ == SharedString:
		s, err := p.shared(v, row, col)
		if err != nil {
			return err
		}
		c.Value, c.HasValue = s, true
	default:
		c.Value, c.HasValue = p.str(v), true
	}
	return p.emit(c)
}

// emit passes a cell with a value (or, unless ValuesOnly, a formula) to fn.
func (p *sheetParser) emit(c Cell) error {
	if !c.HasValue && (!c.HasFormula || p.opts.ValuesOnly) {
		return nil
	}
	if err := p.fn(c); err != nil {
		p.cbErr = err
		return err
	}
	return nil
}

// shared resolves a shared string index, loading the table on first use.
func (p *sheetParser) shared(v []byte, row, col int) (string, error) {
	if p.sst == nil {
		sst, err := p.w.sharedStrings()
		if err != nil {
			return "", err
		}
		p.sst = sst
	}
	i, ok := parseUint(v)
	if !ok {
		return "", fmt.Errorf("%w: cell %s%d: shared string index %q is not a number", errMalformed, ColumnName(col), row, v)
	}
	s, ok := p.sst.get(i)
	if !ok {
		return "", fmt.Errorf("%w: cell %s%d: shared string index %d out of range (table has %d)", errMalformed, ColumnName(col), row, i, p.sst.len())
	}
	return s, nil
}

// str returns b as a string, sharing one copy of short values that repeat
// (numbers such as "0", errors such as "#N/A").
func (p *sheetParser) str(b []byte) string {
	if len(b) > 24 {
		return string(b)
	}
	if s, ok := p.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(p.intern) < 4096 {
		p.intern[s] = s
	}
	return s
}

// Grid holds the cells of a sheet for random access. It is meant for small
// sheets such as a Declaration form; stream large ones with ReadSheet.
type Grid struct {
	cells  []Cell // sorted by row, then column; unique positions
	maxRow int
}

// ReadGrid reads the cells of sheet name (as ReadSheet does) into a Grid.
func (w *Workbook) ReadGrid(name string, opts ReadOptions) (*Grid, error) {
	g := &Grid{}
	sorted := true
	err := w.ReadSheet(name, opts, func(c Cell) error {
		if n := len(g.cells); n > 0 {
			last := g.cells[n-1]
			if c.Row < last.Row || c.Row == last.Row && c.Col <= last.Col {
				sorted = false
			}
		}
		g.cells = append(g.cells, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !sorted {
		// Out-of-order or repeated positions (not written by Excel): order
		// them; for a repeated position the later cell wins.
		sort.SliceStable(g.cells, func(i, j int) bool {
			a, b := g.cells[i], g.cells[j]
			return a.Row < b.Row || a.Row == b.Row && a.Col < b.Col
		})
		out := g.cells[:0]
		for _, c := range g.cells {
			if n := len(out); n > 0 && out[n-1].Row == c.Row && out[n-1].Col == c.Col {
				out[n-1] = c
				continue
			}
			out = append(out, c)
		}
		g.cells = out
	}
	if n := len(g.cells); n > 0 {
		g.maxRow = g.cells[n-1].Row
	}
	return g, nil
}

// At returns the cell at 1-based row and col, or the zero Cell (Type Empty)
// when the sheet has none there.
func (g *Grid) At(row, col int) Cell {
	i := sort.Search(len(g.cells), func(i int) bool {
		c := g.cells[i]
		return c.Row > row || c.Row == row && c.Col >= col
	})
	if i < len(g.cells) && g.cells[i].Row == row && g.cells[i].Col == col {
		return g.cells[i]
	}
	return Cell{}
}

// Cell returns the cell at an A1 reference such as "D22", or the zero Cell
// when there is none or ref is invalid.
func (g *Grid) Cell(ref string) Cell {
	row, col, err := ParseRef(ref)
	if err != nil {
		return Cell{}
	}
	return g.At(row, col)
}

// MaxRow returns the highest row number holding a cell, 0 for an empty grid.
func (g *Grid) MaxRow() int { return g.maxRow }
