package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/internal/termtext"
	"github.com/openminerals/cmrt/reports"
)

// formatFlag is the shared --format flag: a readable table by default,
// csv or json for scripts.
func formatFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "format", Value: "table", Usage: "output format: table, csv or json"}
}

// outputFormat validates --format.
func outputFormat(c *cli.Context) (string, error) {
	f := strings.ToLower(c.String("format"))
	switch f {
	case "table", "csv", "json":
		return f, nil
	}
	return "", cli.Exit(fmt.Sprintf("--format %q: want table, csv or json", f), exitUsage)
}

// Table is rows of text with a header, printable as an aligned table or CSV.
type Table struct {
	Header []string
	Rows   [][]string
}

// Add appends a row.
func (t *Table) Add(cells ...string) { t.Rows = append(t.Rows, cells) }

// Objects are the rows as JSON objects keyed by the header (a short
// row's missing cells left out); never nil, so that no rows is [].
func (t *Table) Objects() []map[string]string {
	objs := make([]map[string]string, 0, len(t.Rows))
	for _, row := range t.Rows {
		o := make(map[string]string, len(t.Header))
		for i, h := range t.Header {
			if i < len(row) {
				o[h] = row[i]
			}
		}
		objs = append(objs, o)
	}
	return objs
}

// Write prints the table as "table" (aligned columns, East Asian wide
// characters counted as two, control characters made visible) or "csv"
// (through the one injection-safe writer).
func (t *Table) Write(w io.Writer, format string) error {
	if format == "csv" {
		cw := reports.NewCSVWriter(w)
		if err := cw.Write(t.Header); err != nil {
			return err
		}
		return cw.WriteAll(t.Rows)
	}
	rows := make([][]string, 0, len(t.Rows)+1)
	rows = append(rows, t.Header)
	rows = append(rows, t.Rows...)
	var widths []int
	for i, r := range rows {
		copied := false // the caller's row is copied before a cell changes
		for j, c := range r {
			clean, w := termtext.CleanWidth(c)
			if clean != c {
				if !copied {
					r, copied = slices.Clone(r), true
					rows[i] = r
				}
				r[j] = clean
			}
			if j >= len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], w)
		}
	}
	// Each line is built in one buffer, reused: a season's table is
	// 60,000 lines of eleven cells.
	bw := bufio.NewWriterSize(w, 64<<10)
	var line []byte
	for _, r := range rows {
		line = line[:0]
		for j, c := range r {
			line = append(line, c...)
			if j == len(r)-1 {
				break
			}
			if w := termtext.Width(c); w < widths[j]+2 {
				for range widths[j] + 2 - w {
					line = append(line, ' ')
				}
			}
		}
		bw.Write(bytes.TrimRight(line, " "))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// printf prints human-readable text with every argument, once formatted,
// cleaned of control characters and bidi overrides (file names, company and
// smelter names come from suppliers' files), whatever its type: strings,
// named string types, Stringers and errors alike. The format's own
// newlines stay. JSON output is written with writeJSON instead.
func printf(w io.Writer, format string, args ...any) {
	clean := make([]any, len(args))
	for i, a := range args {
		clean[i] = cleanArg{a}
	}
	fmt.Fprintf(w, format, clean...)
}

// cleanArg formats its value with the verb and flags it was given, then
// makes the result safe for a terminal.
type cleanArg struct{ v any }

func (a cleanArg) Format(f fmt.State, verb rune) {
	io.WriteString(f, termtext.Clean(fmt.Sprintf(fmt.FormatString(f, verb), a.v)))
}

// cleanLines is s with each line cleaned for a terminal and the newlines
// between them kept: for messages built elsewhere (errors).
func cleanLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = termtext.Clean(l)
	}
	return strings.Join(lines, "\n")
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeFileAtomic writes through a temporary file in the same folder, so
// a failed write (an export, a report, a template) never leaves half a file under the name asked for. A
// path that is not a regular file (a device such as /dev/null, a pipe, a
// symbolic link) is written in place: renaming over it would replace it.
func writeFileAtomic(path string, data []byte) error {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
