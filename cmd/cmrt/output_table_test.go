package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/internal/termtext"
)

// TestTableWriteAsPadded: the table is what cleaning every cell, padding
// each but the last to its column's width plus two and trimming the
// line's trailing spaces gives (the simple way it was written before),
// with empty and space-ended cells, wide and escaped text, and short
// rows; the caller's rows are left as they were.
func TestTableWriteAsPadded(t *testing.T) {
	tb := Table{Header: []string{"ID", "NAME", "NOTE", "LAST"}}
	tb.Add("1", "深圳华晶电子有限公司", "", "")
	tb.Add("22", "Acme\x1b[2J", "ends in space ", "x")
	tb.Add("333", "São Paulo", "", "tail  ")
	tb.Add("4", "", "bad\xffbyte")
	tb.Add("", "", "", "")
	before := make([][]string, len(tb.Rows))
	for i, r := range tb.Rows {
		before[i] = slices.Clone(r)
	}
	var b bytes.Buffer
	if err := tb.Write(&b, "table"); err != nil {
		t.Fatal(err)
	}
	rows := append([][]string{tb.Header}, before...)
	var widths []int
	for _, r := range rows {
		for j, c := range r {
			if j >= len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], termtext.Width(termtext.Clean(c)))
		}
	}
	var want strings.Builder
	for _, r := range rows {
		var line strings.Builder
		for j, c := range r {
			c = termtext.Clean(c)
			if j == len(r)-1 {
				line.WriteString(c)
				break
			}
			line.WriteString(termtext.Pad(c, widths[j]+2))
		}
		want.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	if b.String() != want.String() {
		t.Errorf("table:\n%q\nwant\n%q", b.String(), want.String())
	}
	for i, r := range tb.Rows {
		if !slices.Equal(r, before[i]) {
			t.Errorf("row %d changed: %q, was %q", i, r, before[i])
		}
	}
}
