package smelters

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/openminerals/cmrt/internal/inputfile"
)

// Options adjust LoadFile and Load.
type Options struct {
	// Kind forces the kind of list instead of detecting it from the
	// columns and the sheet or file name.
	Kind ListKind
	// ListDate sets the list's date instead of reading it from the file.
	ListDate time.Time
}

// Loaded is what a file holds: one list per worksheet recognised as one,
// in sheet order, and the worksheets that were not, each with its reason.
type Loaded struct {
	Lists   []*List
	Skipped []SkippedSheet
}

// SkippedSheet is a worksheet that is not read as a list, and why.
type SkippedSheet struct {
	Sheet  string `json:"sheet"`
	Reason string `json:"reason"`
}

// LoadFile reads an RMI list from a file. The format is sniffed from the
// content, not the extension: Excel 2003 XML Spreadsheet (RMI's downloads,
// .xml or .xls), .xlsx (including a whole CMRT/EMRT/CRT/AMRT template, whose
// Smelter Look-up sheet is read) or CSV. A workbook holding several lists
// is an error wrapping ErrSeveralLists that names them; LoadFileAll reads
// them all.
func LoadFile(path string) (*List, error) { return LoadFileWith(path, Options{}) }

// LoadFileWith is LoadFile with options.
func LoadFileWith(path string, opt Options) (*List, error) {
	all, err := LoadFileAll(path, opt)
	if err != nil {
		return nil, err
	}
	return all.single(filepath.Base(path))
}

// LoadFileAll reads every list a file holds: each worksheet is recognised
// by its header (standard list, Look-up, Conformant, Active, revision
// history, a list with a status column) or named in Skipped with the
// reason. The file must be a regular file of at most MaxFileSize bytes
// (a FIFO or a device is refused before it is opened). It fails when no
// worksheet is a list.
func LoadFileAll(path string, opt Options) (*Loaded, error) {
	data, _, err := inputfile.Read(path, MaxFileSize)
	if err != nil {
		if errors.Is(err, inputfile.ErrTooLarge) {
			return nil, fmt.Errorf("%w: %w", ErrTooLarge, err)
		}
		return nil, err
	}
	return LoadAll(filepath.Base(path), data, opt)
}

// Load reads an RMI list from a file's bytes; name is the file name, used
// in messages, as the list's Source and as a hint to its kind and date.
func Load(name string, data []byte, opt Options) (*List, error) {
	all, err := LoadAll(name, data, opt)
	if err != nil {
		return nil, err
	}
	return all.single(name)
}

// templateSheet is the reason given for the sheets of an RMI template
// other than its Look-up.
const templateSheet = "a sheet of the RMI template; only its Smelter Look-up is a list"

// single returns the one list of a file, with the sheets skipped beside it
// as warnings (a template's other sheets go without saying).
func (a *Loaded) single(name string) (*List, error) {
	if len(a.Lists) > 1 {
		var parts []string
		for _, l := range a.Lists {
			parts = append(parts, fmt.Sprintf("sheet %q (%s list)", l.Sheet, l.Kind))
		}
		return nil, fmt.Errorf("%s: %w: %s", name, ErrSeveralLists, strings.Join(parts, ", "))
	}
	l := a.Lists[0]
	for _, s := range a.Skipped {
		if s.Reason == templateSheet {
			continue
		}
		l.Warnings = append(l.Warnings, fmt.Sprintf("sheet %q skipped: %s", s.Sheet, s.Reason))
	}
	return l, nil
}

// file is a file's worksheets as read by its format's reader.
type file struct {
	format   string
	sheets   []grid
	template bool   // an RMI template: only its Smelter Look-up is a list
	created  string // SpreadsheetML DocumentProperties Created
	revision string // a template's revision text (Declaration!J3)
}

// LoadAll reads every list in a file's bytes; see LoadFileAll.
func LoadAll(name string, data []byte, opt Options) (*Loaded, error) {
	sum := sha256.Sum256(data)
	f, err := readFile(name, data)
	if err != nil {
		return nil, err
	}
	out := &Loaded{}
	var errs []error // why each sheet is not a list, in sheet order
	for _, g := range f.sheets {
		if f.template && !isLookupSheet(g.name) {
			out.Skipped = append(out.Skipped, SkippedSheet{Sheet: g.name, Reason: templateSheet})
			continue
		}
		l := &List{Source: name, SHA256: hex.EncodeToString(sum[:]), Format: f.format, Sheet: g.name, RowsByMetal: map[string]int{}}
		if err := build(l, g, opt); err != nil {
			if !notAList(err) {
				return nil, err
			}
			errs = append(errs, err)
			out.Skipped = append(out.Skipped, SkippedSheet{Sheet: g.name, Reason: reason(err, name, g.name)})
			continue
		}
		if g.note != "" {
			l.Warnings = append([]string{g.note}, l.Warnings...)
		}
		setListDate(l, opt, g, f)
		out.Lists = append(out.Lists, l)
	}
	if len(out.Lists) > 0 {
		return out, nil
	}
	if len(errs) == 1 {
		return nil, errs[0]
	}
	var parts []string
	for _, s := range out.Skipped {
		if !f.template {
			parts = append(parts, fmt.Sprintf("sheet %q: %s", s.Sheet, s.Reason))
		}
	}
	return nil, fmt.Errorf("%s: no sheet is an RMI list (%s): %w", name, strings.Join(parts, "; "), mostTelling(errs))
}

// readFile sniffs the format and reads the worksheets.
func readFile(name string, data []byte) (file, error) {
	var (
		f   file
		err error
	)
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		f.format = "xlsx"
		err = readXLSXFile(data, &f)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return f, fmt.Errorf("%s: %w: a binary Excel 97-2003 workbook; open it in Excel and save it as .xlsx or CSV", name, ErrUnsupportedFormat)
	case isSpreadsheetML(data):
		f.format = "spreadsheetml"
		f.sheets, f.created, err = readSpreadsheetML(data)
	case looksLikeXML(data):
		return f, fmt.Errorf("%s: %w: XML but not an Excel 2003 XML Spreadsheet", name, ErrUnsupportedFormat)
	default:
		f.format = "csv"
		var g grid
		g, err = readCSV(data)
		f.sheets = []grid{g}
	}
	if err != nil {
		return f, fmt.Errorf("%s: %w", name, err)
	}
	return f, nil
}

// readXLSXFile reads an .xlsx: every sheet, or a template's Look-up.
func readXLSXFile(data []byte, f *file) error {
	b, err := openXLSX(data)
	if err != nil {
		return err
	}
	defer b.Close()
	f.template = b.isTemplate()
	names := b.sheetNames()
	if f.template {
		f.revision = b.templateDate()
		found := false
		for _, s := range names {
			if !isLookupSheet(s) {
				f.sheets = append(f.sheets, grid{name: s}) // named as skipped, never read
				continue
			}
			g, err := b.read(s)
			if err != nil {
				return err
			}
			f.sheets, found = append(f.sheets, g), true
		}
		if !found {
			return fmt.Errorf("%w: this template has no %q sheet (AMRT 1.2 and 1.21 carry none)", ErrNoHeader, LookupSheet)
		}
		return nil
	}
	for _, s := range names {
		g, err := b.read(s)
		if err != nil {
			return err
		}
		f.sheets = append(f.sheets, g)
	}
	return nil
}

func isLookupSheet(name string) bool { return strings.EqualFold(strings.TrimSpace(name), LookupSheet) }

// notAList reports whether err says a sheet is not a list (rather than
// that the file is unreadable or too large).
func notAList(err error) bool {
	var mc *MissingColumnsError
	return errors.As(err, &mc) || errors.Is(err, ErrNoHeader) || errors.Is(err, ErrUnknownKind) ||
		errors.Is(err, ErrEmptyList) || errors.Is(err, ErrImplausibleLookup)
}

// mostTelling picks, among the sheets' errors, the one from the sheet that
// looked most like a list.
func mostTelling(errs []error) error {
	for _, target := range []error{ErrImplausibleLookup, ErrUnknownKind, nil, ErrEmptyList} {
		for _, err := range errs {
			var mc *MissingColumnsError
			if target == nil && errors.As(err, &mc) || target != nil && errors.Is(err, target) {
				return err
			}
		}
	}
	return errs[0]
}

// reason is a sheet's error without the file and sheet it names.
func reason(err error, file, sheet string) string {
	s := err.Error()
	s = strings.TrimPrefix(s, file+": ")
	s = strings.TrimPrefix(s, file+", ")
	s = strings.TrimPrefix(s, fmt.Sprintf("sheet %q: ", sheet))
	return s
}

// setListDate dates a list; see the README's "How a list's date is found".
func setListDate(l *List, opt Options, g grid, f file) {
	l.ListDate, l.DateSource = listDate(l, opt, g, f)
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
