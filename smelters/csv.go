package smelters

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// grid is one worksheet (or a CSV file) as rows of cell text.
type grid struct {
	name string
	rows [][]string
	note string // how the text was decoded, when not plainly UTF-8
}

// readCSV reads a CSV (or tab- or semicolon-separated) file as saved by
// Excel, in the encodings Excel writes; see decodeText.
func readCSV(data []byte) (grid, error) {
	data, note, err := decodeText(data)
	if err != nil {
		return grid{}, err
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffDelimiter(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	g := grid{note: note}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return grid{}, fmt.Errorf("CSV: %w", err)
		}
		if len(g.rows) > MaxRows+100 {
			return grid{}, fmt.Errorf("%w: more than %d rows", ErrTooLarge, MaxRows)
		}
		if len(rec) > maxCols {
			rec = rec[:maxCols]
		}
		g.rows = append(g.rows, rec)
	}
	return g, nil
}

// sniffDelimiter picks the separator that occurs most often, outside
// quotes, in the first lines: comma, semicolon (Excel in many European
// locales) or tab.
func sniffDelimiter(data []byte) rune {
	counts := map[rune]int{}
	inQuote := false
	lines := 0
scan:
	for _, r := range string(data[:min(len(data), 16384)]) {
		switch {
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '\n':
			if lines++; lines >= 10 {
				break scan
			}
		case r == ',' || r == ';' || r == '\t':
			counts[r]++
		}
	}
	best, n := ',', counts[',']
	for _, r := range []rune{';', '\t'} {
		if counts[r] > n {
			best, n = r, counts[r]
		}
	}
	return best
}
