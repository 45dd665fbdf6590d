// Package reports renders what the tool hands to people and to other
// programs: CSV here; PDFs and xlsx exports as they land. It computes
// nothing; it writes what the store and the risk rules give it.
package reports

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVWriter is the one CSV writer of the tool. Every cell goes through
// SafeCell, so a supplier's company or smelter name cannot become a
// spreadsheet formula when the officer opens the file (OWASP, "CSV
// Injection").
type CSVWriter struct{ w *csv.Writer }

// NewCSVWriter writes RFC 4180 CSV to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: csv.NewWriter(w)} }

// Write writes one record.
func (c *CSVWriter) Write(record []string) error {
	safe := make([]string, len(record))
	for i, s := range record {
		safe[i] = SafeCell(s)
	}
	return c.w.Write(safe)
}

// WriteAll writes records and flushes.
func (c *CSVWriter) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := c.Write(r); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

// Flush writes any buffered data; Error reports a write error.
func (c *CSVWriter) Flush()       { c.w.Flush() }
func (c *CSVWriter) Error() error { return c.w.Error() }

// SafeCell neutralises a cell a spreadsheet would run as a formula: one
// starting with =, +, -, @, a tab or a carriage return (also after leading
// spaces) gets a leading apostrophe, as OWASP advises. Plain numbers such
// as -12.5 are left alone, so numeric columns stay numeric.
func SafeCell(s string) string {
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return s
	}
	switch t[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, " \t\r") {
			return s
		}
		return "'" + s
	}
	return s
}
