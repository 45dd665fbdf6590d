// Package xlsx is a narrow, fast reader for Office Open XML spreadsheets
// (.xlsx/.xlsm), built for supplier templates read from untrusted sources.
//
// It reads only what it is asked for: Open reads the zip directory, the
// workbook part and its relationships; shared strings are parsed once, the
// first time a sheet needs them; each sheet is inflated and scanned in one
// streaming pass by ReadSheet (or ReadGrid, which keeps the cells). Cell
// values are the cached values stored in the file, as text, without number
// formatting: formulas are never evaluated.
//
// Hostile input is expected. Content is sniffed, never trusted by extension,
// and the common impostors (old .xls, encrypted workbooks, Excel 2003 XML,
// CSV, .docx) get a specific error. Every inflated part is metered against
// Limits on the bytes actually produced, not on the sizes the zip declares.
// Errors wrap one of the Err* kinds for errors.Is.
package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"
)

// Limits bound the work done on one workbook. A zero field takes its
// default; a negative field disables that check.
type Limits struct {
	// MaxPartBytes is the most uncompressed bytes read from any one part
	// (workbook, shared strings, a sheet). Default 256 MiB.
	MaxPartBytes int64
	// MaxRatio is the highest uncompressed/compressed size ratio allowed for
	// a part, checked once a part has produced more than 1 MiB. Default 1000.
	// The RMI templates peak at 16 (styles.xml) and real formula-heavy sheets
	// stay around 20-100, while deflate cannot exceed about 1032, so the
	// default only stops degenerate runs such as a part of zeros; lower it
	// for stricter screening.
	MaxRatio int64
	// MaxCells is the most row and cell elements read from one sheet,
	// including cells skipped by ReadOptions bounds. Default 5,000,000.
	MaxCells int64
	// MaxSharedStrings is the most strings read from the shared string
	// table. Default 5,000,000 (RMI's templates hold a few thousand).
	MaxSharedStrings int64
}

const (
	defaultMaxPartBytes = 256 << 20
	defaultMaxRatio     = 1000
	defaultMaxCells     = 5_000_000
	// defaultMaxSharedStrings: each string costs its text plus 4 bytes.
	defaultMaxSharedStrings = 5_000_000
	// ratioFloor: parts smaller than this are exempt from the ratio check.
	ratioFloor = 1 << 20
)

func (l Limits) withDefaults() Limits {
	if l.MaxPartBytes == 0 {
		l.MaxPartBytes = defaultMaxPartBytes
	}
	if l.MaxRatio == 0 {
		l.MaxRatio = defaultMaxRatio
	}
	if l.MaxCells == 0 {
		l.MaxCells = defaultMaxCells
	}
	if l.MaxSharedStrings == 0 {
		l.MaxSharedStrings = defaultMaxSharedStrings
	}
	return l
}

// SheetInfo describes one sheet of a workbook.
type SheetInfo struct {
	// Name is the sheet's tab name.
	Name string
	// Hidden is true for sheets with state "hidden" or "veryHidden".
	Hidden bool
}

// sheetEntry is a sheet and where its part lives.
type sheetEntry struct {
	SheetInfo
	relID string
	path  string // normalized part name; "" when the relationship is missing
}

// Workbook is an open spreadsheet. Its methods are safe for concurrent use.
type Workbook struct {
	closer   io.Closer
	lim      Limits
	files    map[string]*zip.File // by normalized (lower-case) part name
	wbPath   string
	sheets   []sheetEntry
	date1904 bool
	locked   bool
	names    map[string]string // global defined names
	sstPath  string

	mu     sync.Mutex // guards closed and closer
	closed bool

	sstMu   sync.Mutex // guards the lazily loaded shared strings
	sst     *sharedStrings
	sstErr  error
	sstDone bool
}

// Open opens the workbook at path with default Limits. The content is
// sniffed; the file name's extension is not consulted.
func Open(path string) (*Workbook, error) {
	return OpenWithLimits(path, Limits{})
}

// OpenWithLimits opens the workbook at path with the given limits.
func OpenWithLimits(path string, lim Limits) (*Workbook, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	if st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("xlsx: open %s: %w", path, newErr(ErrNotSpreadsheet, "is a directory, not an .xlsx workbook"))
	}
	w, err := newReader(f, st.Size(), lim)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: open %s: %w", path, err)
	}
	w.closer = f
	return w, nil
}

// NewReader reads a workbook from r, which holds size bytes. r must stay
// readable until the Workbook is no longer used.
func NewReader(r io.ReaderAt, size int64, lim Limits) (*Workbook, error) {
	w, err := newReader(r, size, lim)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return w, nil
}

// Close releases the file opened by Open; later reads fail. For a
// Workbook from NewReader it only marks the Workbook closed.
func (w *Workbook) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	if w.closer == nil {
		return nil
	}
	err := w.closer.Close()
	w.closer = nil
	return err
}

// Sheets lists the workbook's sheets in workbook (tab) order.
func (w *Workbook) Sheets() []SheetInfo {
	out := make([]SheetInfo, len(w.sheets))
	for i, s := range w.sheets {
		out[i] = s.SheetInfo
	}
	return out
}

// StructureLocked reports whether the workbook structure is protected
// (<workbookProtection lockStructure="1">).
func (w *Workbook) StructureLocked() bool { return w.locked }

// Date1904 reports whether the workbook uses the 1904 date system, which
// shifts every date serial number by 1462 days.
func (w *Workbook) Date1904() bool { return w.date1904 }

// DefinedName returns the formula text of the global (not sheet-scoped)
// defined name, for example "'C'!$B$2:$B$250". Names match case-insensitively
// as in Excel.
func (w *Workbook) DefinedName(name string) (string, bool) {
	if v, ok := w.names[name]; ok {
		return v, true
	}
	for k, v := range w.names {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

func newReader(r io.ReaderAt, size int64, lim Limits) (*Workbook, error) {
	if size < 0 {
		return nil, fmt.Errorf("negative size %d", size)
	}
	head := make([]byte, min(size, sniffLen))
	n, err := r.ReadAt(head, 0)
	if n < len(head) {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("reading file head: %w", err)
	}
	if !isZipHead(head) {
		return nil, sniff(r, size, head)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, wrapErr(ErrTruncated, err, "zip central directory unreadable (%v) in %d-byte file; the file is truncated or damaged", err, size)
	}
	zr.RegisterDecompressor(zip.Deflate, newInflater)
	w := &Workbook{lim: lim.withDefaults(), files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		k := normPart(f.Name)
		if _, dup := w.files[k]; !dup {
			w.files[k] = f
		}
	}
	err = w.findWorkbook()
	if err == nil {
		err = w.readWorkbook()
	}
	if errors.Is(err, errMalformed) {
		return nil, wrapErr(ErrTruncated, err, "damaged workbook: %v", err)
	}
	if err != nil {
		return nil, err
	}
	return w, nil
}

func isZipHead(b []byte) bool {
	return bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte("PK\x05\x06")) ||
		bytes.HasPrefix(b, []byte("PK\x07\x08"))
}

// normPart normalizes a zip entry name or resolved target for lookup: OPC
// part names are case-insensitive; some writers use backslashes or a
// leading slash.
func normPart(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = strings.TrimLeft(name, "/")
	return strings.ToLower(name)
}

// resolveTarget resolves a relationship target against the directory of the
// source part.
func resolveTarget(baseDir, target string) string {
	t := strings.ReplaceAll(target, "\\", "/")
	if u, err := url.PathUnescape(t); err == nil {
		t = u
	}
	if strings.HasPrefix(t, "/") {
		return normPart(path.Clean(t))
	}
	return normPart(path.Clean(path.Join("/", baseDir, t)))
}

func relsPathFor(part string) string {
	dir, base := path.Split(part)
	return dir + "_rels/" + base + ".rels"
}

// findWorkbook locates the workbook part through the package relationships,
// falling back to xl/workbook.xml, and explains what the zip is otherwise.
func (w *Workbook) findWorkbook() error {
	if _, ok := w.files["_rels/.rels"]; !ok {
		// No package relationships: fall back to the usual name below.
	} else if rels, err := w.readRels("_rels/.rels", ""); err == nil {
		for _, rel := range rels {
			if strings.HasSuffix(rel.typ, "/officeDocument") && !rel.external {
				if _, ok := w.files[rel.target]; ok {
					w.wbPath = rel.target
					break
				}
			}
		}
	} else if !errors.Is(err, errMalformed) {
		return err // limits, damage; malformed package rels fall back below
	}
	if w.wbPath == "" {
		if _, ok := w.files["xl/workbook.xml"]; ok {
			w.wbPath = "xl/workbook.xml"
		}
	}
	switch {
	case w.wbPath == "":
	case strings.HasSuffix(w.wbPath, ".bin"):
		return newErr(ErrNoWorkbook, "binary Excel workbook (.xlsb, %s), not .xlsx; re-save as .xlsx", w.wbPath)
	case strings.HasPrefix(w.wbPath, "word/"):
		return newErr(ErrNoWorkbook, "Word document (.docx, %s), not a spreadsheet", w.wbPath)
	case strings.HasPrefix(w.wbPath, "ppt/"):
		return newErr(ErrNoWorkbook, "PowerPoint presentation (.pptx, %s), not a spreadsheet", w.wbPath)
	default:
		return nil
	}
	has := func(n string) bool { _, ok := w.files[n]; return ok }
	switch {
	case len(w.files) == 0:
		return newErr(ErrNoWorkbook, "empty zip archive, no xl/workbook.xml")
	case has("word/document.xml"):
		return newErr(ErrNoWorkbook, "Word document (.docx: zip with word/document.xml), not a spreadsheet")
	case has("ppt/presentation.xml"):
		return newErr(ErrNoWorkbook, "PowerPoint presentation (.pptx: zip with ppt/presentation.xml), not a spreadsheet")
	case has("xl/workbook.bin"):
		return newErr(ErrNoWorkbook, "binary Excel workbook (.xlsb: zip with xl/workbook.bin), not .xlsx; re-save as .xlsx")
	case has("content.xml") && has("mimetype"):
		return newErr(ErrNoWorkbook, "OpenDocument file (.ods: zip with content.xml), not .xlsx; re-save as .xlsx")
	}
	var first string
	for _, f := range w.files {
		if first == "" || f.Name < first {
			first = f.Name
		}
	}
	return newErr(ErrNoWorkbook, "zip archive without xl/workbook.xml (%d entries, e.g. %q)", len(w.files), first)
}

// openPart opens a part for reading, metered against the limits and decoded
// to UTF-8.
func (w *Workbook) openPart(name string) (io.ReadCloser, error) {
	w.mu.Lock()
	closed := w.closed
	w.mu.Unlock()
	if closed {
		return nil, errClosed
	}
	f, ok := w.files[name]
	if !ok {
		return nil, newErr(ErrTruncated, "part %s is referenced but missing from the package (damaged file)", name)
	}
	lim := w.lim
	if lim.MaxPartBytes > 0 && f.UncompressedSize64 > uint64(lim.MaxPartBytes) {
		return nil, newErr(ErrTooLarge, "part %s declares %d uncompressed bytes, over the %d-byte limit", f.Name, f.UncompressedSize64, lim.MaxPartBytes)
	}
	if lim.MaxRatio > 0 && f.Method != zip.Store && f.UncompressedSize64 > ratioFloor &&
		f.UncompressedSize64/max(f.CompressedSize64, 1) > uint64(lim.MaxRatio) {
		return nil, newErr(ErrTooLarge, "part %s declares a compression ratio of %d:1 (%d→%d bytes), over the %d:1 limit (zip bomb?)",
			f.Name, f.UncompressedSize64/max(f.CompressedSize64, 1), f.CompressedSize64, f.UncompressedSize64, lim.MaxRatio)
	}
	rc, err := f.Open()
	if err != nil {
		if errors.Is(err, zip.ErrAlgorithm) {
			return nil, newErr(ErrNotSpreadsheet, "part %s uses zip compression method %d, which .xlsx files do not use", f.Name, f.Method)
		}
		return nil, wrapErr(ErrTruncated, err, "part %s unreadable (%v); the file is truncated or damaged", f.Name, err)
	}
	var src io.Reader = &meteredReader{rc: rc, f: f, lim: lim}
	closer := io.Closer(rc)
	if useAsync(f.UncompressedSize64) {
		a := newAsyncReader(src)
		src, closer = a, multiCloser{a, rc}
	}
	dec, err := utf8Reader(src, f.Name)
	if err != nil {
		closer.Close()
		return nil, err
	}
	return readCloser{dec, closer}, nil
}

// errClosed is returned for reads after Close.
var errClosed = errors.New("workbook is closed")

type readCloser struct {
	io.Reader
	io.Closer
}

// multiCloser closes its members in order.
type multiCloser []io.Closer

func (m multiCloser) Close() error {
	var first error
	for _, c := range m {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// meteredReader counts the bytes a part actually inflates to and enforces
// the limits on that count, whatever sizes the zip declares.
type meteredReader struct {
	rc  io.ReadCloser
	f   *zip.File
	lim Limits
	n   int64
}

func (m *meteredReader) Read(p []byte) (int, error) {
	n, err := m.rc.Read(p)
	m.n += int64(n)
	if m.lim.MaxPartBytes > 0 && m.n > m.lim.MaxPartBytes {
		return 0, newErr(ErrTooLarge, "part %s inflates past the %d-byte limit (zip bomb?)", m.f.Name, m.lim.MaxPartBytes)
	}
	if m.lim.MaxRatio > 0 && m.n > ratioFloor && m.f.Method != zip.Store &&
		m.n/int64(max(m.f.CompressedSize64, 1)) > m.lim.MaxRatio {
		return 0, newErr(ErrTooLarge, "part %s inflates past a %d:1 compression ratio (%d compressed bytes gave %d so far; zip bomb?)",
			m.f.Name, m.lim.MaxRatio, m.f.CompressedSize64, m.n)
	}
	if err != nil && err != io.EOF {
		var ce flate.CorruptInputError
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF):
			err = wrapErr(ErrTruncated, err, "part %s ends early after %d bytes (file truncated?)", m.f.Name, m.n)
		case errors.Is(err, zip.ErrChecksum):
			err = wrapErr(ErrTruncated, err, "part %s fails its CRC-32 check (file damaged)", m.f.Name)
		case errors.Is(err, zip.ErrFormat):
			// archive/zip reports data running past the declared size this way.
			err = wrapErr(ErrTooLarge, err, "part %s inflates past its declared size of %d bytes (zip bomb or damaged file)", m.f.Name, m.f.UncompressedSize64)
		case errors.As(err, &ce):
			err = wrapErr(ErrTruncated, err, "part %s has corrupt deflate data at offset %d (file damaged)", m.f.Name, int64(ce))
		default:
			err = fmt.Errorf("reading part %s: %w", m.f.Name, err)
		}
	}
	return n, err
}

func (m *meteredReader) Close() error { return m.rc.Close() }

// readSmallPart reads a whole part (workbook, relationships) into memory.
func (w *Workbook) readSmallPart(name string) ([]byte, error) {
	rc, err := w.openPart(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

type relationship struct {
	id, typ, target string
	external        bool
}

// readRels parses a relationships part; targets are resolved against
// baseDir.
func (w *Workbook) readRels(name, baseDir string) ([]relationship, error) {
	data, err := w.readSmallPart(name)
	if err != nil {
		return nil, err
	}
	var rels []relationship
	err = walkXML(data, func(d *xml.Decoder, se xml.StartElement) error {
		if se.Name.Local != "Relationship" {
			return nil
		}
		var rel relationship
		var target string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "Id":
				rel.id = a.Value
			case "Type":
				rel.typ = a.Value
			case "Target":
				target = a.Value
			case "TargetMode":
				rel.external = strings.EqualFold(a.Value, "External")
			}
		}
		if !rel.external {
			rel.target = resolveTarget(baseDir, target)
		}
		rels = append(rels, rel)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rels, nil
}

// walkXML calls fn for every start element of a small XML document. It
// uses encoding/xml, non-strict, without namespace resolution.
func walkXML(data []byte, fn func(*xml.Decoder, xml.StartElement) error) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	// Parts are already transcoded to UTF-8 by utf8Reader.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: %v", errMalformed, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := fn(d, se); err != nil {
				return err
			}
		}
	}
}

func xmlBool(s string) bool {
	s = strings.TrimSpace(s)
	return s == "1" || strings.EqualFold(s, "true") || strings.EqualFold(s, "on")
}

// readWorkbook parses the workbook part and its relationships.
func (w *Workbook) readWorkbook() error {
	data, err := w.readSmallPart(w.wbPath)
	if err != nil {
		return err
	}
	w.names = map[string]string{}
	err = walkXML(data, func(d *xml.Decoder, se xml.StartElement) error {
		switch se.Name.Local {
		case "sheet":
			var s sheetEntry
			for _, a := range se.Attr {
				switch {
				case a.Name.Local == "name" && a.Name.Space == "":
					s.Name = a.Value
				case a.Name.Local == "state" && a.Name.Space == "":
					s.Hidden = a.Value == "hidden" || a.Value == "veryHidden"
				case a.Name.Local == "id" && a.Name.Space != "":
					s.relID = a.Value
				}
			}
			w.sheets = append(w.sheets, s)
		case "workbookPr":
			for _, a := range se.Attr {
				if a.Name.Local == "date1904" {
					w.date1904 = xmlBool(a.Value)
				}
			}
		case "workbookProtection":
			for _, a := range se.Attr {
				if a.Name.Local == "lockStructure" {
					w.locked = xmlBool(a.Value)
				}
			}
		case "definedName":
			var name string
			local := false
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "name":
					name = a.Value
				case "localSheetId":
					local = true
				}
			}
			var text strings.Builder
			for depth := 1; depth > 0; {
				tok, err := d.RawToken()
				if err != nil {
					return fmt.Errorf("%w: definedName %q: %v", errMalformed, name, err)
				}
				switch t := tok.(type) {
				case xml.StartElement:
					depth++
				case xml.EndElement:
					depth--
				case xml.CharData:
					if depth == 1 {
						text.Write(t)
					}
				}
			}
			if !local && name != "" {
				if _, dup := w.names[name]; !dup {
					w.names[name] = text.String()
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", w.wbPath, err)
	}
	var rels []relationship
	if relsPath := relsPathFor(w.wbPath); w.files[relsPath] != nil {
		if rels, err = w.readRels(relsPath, path.Dir(w.wbPath)); err != nil {
			return err
		}
	}
	byID := map[string]string{}
	for _, rel := range rels {
		if rel.external {
			continue
		}
		byID[rel.id] = rel.target
		if strings.HasSuffix(rel.typ, "/sharedStrings") && w.sstPath == "" {
			w.sstPath = rel.target
		}
	}
	if w.sstPath == "" {
		if _, ok := w.files[path.Dir(w.wbPath)+"/sharedstrings.xml"]; ok {
			w.sstPath = path.Dir(w.wbPath) + "/sharedstrings.xml"
		}
	}
	for i := range w.sheets {
		w.sheets[i].path = byID[w.sheets[i].relID]
	}
	return nil
}

// sheet finds a sheet by name: exact match first, then case-insensitive as
// Excel compares sheet names.
func (w *Workbook) sheet(name string) (*sheetEntry, error) {
	for i := range w.sheets {
		if w.sheets[i].Name == name {
			return &w.sheets[i], nil
		}
	}
	for i := range w.sheets {
		if strings.EqualFold(w.sheets[i].Name, name) {
			return &w.sheets[i], nil
		}
	}
	names := make([]string, 0, len(w.sheets))
	for _, s := range w.sheets {
		names = append(names, fmt.Sprintf("%q", s.Name))
	}
	list := clip(strings.Join(names, ", "), 300)
	return nil, newErr(ErrSheetNotFound, "sheet %q not found; the workbook has %d sheets: %s", name, len(w.sheets), list)
}
