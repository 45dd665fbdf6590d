package xlsx

import (
	"fmt"
	"strings"
)

const (
	// MaxRows and MaxColumns are Excel's sheet dimensions (1048576 rows, 16384
	// columns, A to XFD). References beyond them are rejected.
	MaxRows    = 1 << 20
	MaxColumns = 1 << 14
)

// ParseRef parses an A1-style cell reference such as "D22" (case-insensitive,
// "$" markers allowed, as in "$D$22") into 1-based row and column numbers.
func ParseRef(ref string) (row, col int, err error) {
	s := strings.ReplaceAll(ref, "$", "")
	row, col, ok := parseRefBytes([]byte(s))
	if !ok {
		return 0, 0, fmt.Errorf("xlsx: invalid cell reference %q", ref)
	}
	return row, col, nil
}

// parseRefBytes parses "AB12" without allocating.
func parseRefBytes(b []byte) (row, col int, ok bool) {
	i := 0
	for ; i < len(b); i++ {
		c := b[i] | 0x20 // ASCII lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		if col > MaxColumns {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(b) {
		return 0, 0, false
	}
	for ; i < len(b); i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
		if row > MaxRows {
			return 0, 0, false
		}
	}
	if row < 1 {
		return 0, 0, false
	}
	return row, col, true
}

// parseUint parses a decimal number of at most 9 digits (surrounding spaces
// allowed), as in row numbers and shared string indexes.
func parseUint(b []byte) (int, bool) {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// ColumnName returns the letters of 1-based column col: 1 is "A", 27 is
// "AA", 16384 is "XFD". It returns "" for col < 1.
func ColumnName(col int) string {
	if col < 1 {
		return ""
	}
	var b [16]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

// ColumnNumber returns the 1-based number of column letters such as "A" or
// "xfd" (case-insensitive).
func ColumnNumber(name string) (int, error) {
	if name == "" {
		return 0, fmt.Errorf("xlsx: empty column name")
	}
	col := 0
	for i := 0; i < len(name); i++ {
		c := name[i] | 0x20
		if c < 'a' || c > 'z' {
			return 0, fmt.Errorf("xlsx: invalid column name %q", name)
		}
		col = col*26 + int(c-'a'+1)
		if col > MaxColumns {
			return 0, fmt.Errorf("xlsx: column %q beyond XFD (16384)", name)
		}
	}
	return col, nil
}

// The Must forms are for references written in code, such as a template
// layout's addresses: a bad one is a bug, so they panic rather than return
// an error no caller could handle.

// MustColumnNumber is ColumnNumber for a column letter written in code; ""
// (no such column in this layout) is 0.
func MustColumnNumber(letter string) int {
	if letter == "" {
		return 0
	}
	n, err := ColumnNumber(letter)
	if err != nil {
		panic(err)
	}
	return n
}

// MustSplitRef splits a cell reference written in code, "D12", into its
// column letters "D" and row 12.
func MustSplitRef(ref string) (col string, row int) {
	r, c, err := ParseRef(ref)
	if err != nil {
		panic(err)
	}
	return ColumnName(c), r
}
