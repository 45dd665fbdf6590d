package smelters

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Options adjust LoadFile and Load.
type Options struct {
	// Kind forces the kind of list instead of detecting it from the
	// columns and the sheet or file name.
	Kind ListKind
	// ListDate sets the list's date instead of reading it from the file.
	ListDate time.Time
}

// LoadFile reads an RMI list from a file. The format is sniffed from the
// content, not the extension: Excel 2003 XML Spreadsheet (RMI's downloads,
// .xml or .xls), .xlsx (including a whole CMRT/EMRT/CRT/AMRT template, whose
// Smelter Look-up sheet is read) or CSV.
func LoadFile(path string) (*List, error) { return LoadFileWith(path, Options{}) }

// LoadFileWith is LoadFile with options.
func LoadFileWith(path string, opt Options) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: %w: over %d MB", filepath.Base(path), ErrTooLarge, MaxFileSize>>20)
	}
	return Load(filepath.Base(path), data, opt)
}

// Load reads an RMI list from a file's bytes; name is the file name, used
// in messages, as the list's Source and as a hint to its kind and date.
func Load(name string, data []byte, opt Options) (*List, error) {
	sum := sha256.Sum256(data)
	l := &List{Source: name, SHA256: hex.EncodeToString(sum[:]), RowsByMetal: map[string]int{}}
	var (
		g       grid
		docDate string
		err     error
	)
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		l.Format = "xlsx"
		g, docDate, err = chooseXLSXSheet(data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, fmt.Errorf("%s: %w: a binary Excel 97-2003 workbook; open it in Excel and save it as .xlsx or CSV", name, ErrUnsupportedFormat)
	case isSpreadsheetML(data):
		l.Format = "spreadsheetml"
		var sheets []grid
		sheets, docDate, err = readSpreadsheetML(data)
		if err == nil {
			g, err = chooseSheet(sheets)
		}
	case looksLikeXML(data):
		return nil, fmt.Errorf("%s: %w: XML but not an Excel 2003 XML Spreadsheet", name, ErrUnsupportedFormat)
	case looksBinary(data):
		return nil, fmt.Errorf("%s: %w: neither a spreadsheet nor text", name, ErrUnsupportedFormat)
	default:
		l.Format = "csv"
		g, err = readCSV(data)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	l.Sheet = g.name
	if err := build(l, g, opt); err != nil {
		return nil, err
	}
	setListDate(l, opt, docDate)
	return l, nil
}

// setListDate takes the list's date from, in order: the options, the sheet
// name (RMI names the Active list's sheet "Active Smelters<date>"), the file
// name, the document's own date (SpreadsheetML LastSaved/Created, the
// template's revision date).
func setListDate(l *List, opt Options, docDate string) {
	if !opt.ListDate.IsZero() {
		l.ListDate, l.DateSource = opt.ListDate.UTC().Truncate(24*time.Hour), "given"
		return
	}
	if t, ok := dateInText(l.Sheet); ok {
		l.ListDate, l.DateSource = t, "sheet name"
		return
	}
	if t, ok := dateInText(l.Source); ok {
		l.ListDate, l.DateSource = t, "file name"
		return
	}
	if t, ok := ParseDate(docDate); ok {
		l.ListDate, l.DateSource = t, "document properties"
		return
	}
	if t, ok := dateInText(docDate); ok {
		l.ListDate, l.DateSource = t, "template revision"
	}
}

// chooseXLSXSheet picks the worksheet of an .xlsx: a template's Smelter
// Look-up, or else the first sheet with a recognisable header.
func chooseXLSXSheet(data []byte) (grid, string, error) {
	b, err := openXLSX(data)
	if err != nil {
		return grid{}, "", err
	}
	defer b.Close()
	names := b.sheetNames()
	for _, s := range names {
		if strings.EqualFold(strings.TrimSpace(s), LookupSheet) {
			g, err := b.read(s)
			if err != nil {
				return grid{}, "", err
			}
			return g, b.templateDate(), nil
		}
	}
	if b.isTemplate() {
		return grid{}, "", fmt.Errorf("%w: this template has no %q sheet (AMRT 1.2 and 1.21 carry none)", ErrNoHeader, LookupSheet)
	}
	var sheets []grid
	for _, s := range names {
		g, err := b.read(s)
		if err != nil {
			return grid{}, "", err
		}
		if findHeader(g) != nil {
			return g, "", nil
		}
		sheets = append(sheets, g)
	}
	g, err := chooseSheet(sheets)
	return g, "", err
}

// chooseSheet picks the first sheet with a header naming known columns.
func chooseSheet(sheets []grid) (grid, error) {
	for _, g := range sheets {
		if strings.EqualFold(strings.TrimSpace(g.name), LookupSheet) {
			return g, nil
		}
	}
	for _, g := range sheets {
		if findHeader(g) != nil {
			return g, nil
		}
	}
	return grid{}, errNoHeader("any sheet")
}

func errNoHeader(where string) error {
	var known []string
	for _, c := range []column{colMetal, colCID, colName, colAlias} {
		known = append(known, fmt.Sprintf("%q", columnNames[c]))
	}
	return fmt.Errorf("%w in the first %d rows of %s (looked for columns such as %s)",
		ErrNoHeader, headerScan, where, strings.Join(known, ", "))
}

func looksLikeXML(data []byte) bool {
	head := bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 512)], utf8BOM), " \t\r\n")
	return bytes.HasPrefix(head, []byte("<?xml")) || bytes.HasPrefix(head, []byte("<"))
}

func looksBinary(data []byte) bool {
	head := data[:min(len(data), 4096)]
	if _, ok := decodeUTF16(head); ok {
		return false
	}
	return bytes.IndexByte(head, 0) >= 0
}
