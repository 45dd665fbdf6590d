package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Error kinds. Every error this package returns for a problem with the input
// wraps one of these, so callers can test it with errors.Is; the error's own
// message is a single line that names what was found. ErrLegacyXLS,
// ErrSpreadsheetML, ErrTextFile and ErrNoWorkbook errors also match
// ErrNotSpreadsheet.
var (
	// ErrNotSpreadsheet: the content is not an .xlsx workbook.
	ErrNotSpreadsheet = errors.New("not an .xlsx workbook")
	// ErrLegacyXLS: an OLE2 compound file, i.e. an old binary .xls workbook or
	// a password-encrypted workbook.
	ErrLegacyXLS = errors.New("old binary Excel (.xls) or password-encrypted workbook; re-save as .xlsx")
	// ErrSpreadsheetML: an Excel 2003 XML spreadsheet.
	ErrSpreadsheetML = errors.New("Excel 2003 XML spreadsheet (SpreadsheetML); re-save as .xlsx")
	// ErrTextFile: CSV or other plain text (or HTML) with an .xlsx name.
	ErrTextFile = errors.New("looks like CSV/text, not an .xlsx workbook")
	// ErrTruncated: a zip container that is cut short or damaged: an
	// unreadable zip directory, part data that ends early, fails its CRC-32
	// or is corrupt deflate, a part that is referenced but missing, or
	// malformed XML in a part that is read.
	ErrTruncated = errors.New("truncated or damaged .xlsx (zip) file")
	// ErrTooLarge: a part, its compression ratio or a sheet's cell count is
	// over the Limits (zip bombs land here).
	ErrTooLarge = errors.New("workbook exceeds size limits")
	// ErrNoWorkbook: a zip container without a spreadsheet workbook part (for
	// example a .docx).
	ErrNoWorkbook = errors.New("zip file has no xl/workbook.xml")
	// ErrSheetNotFound: no sheet with the requested name.
	ErrSheetNotFound = errors.New("sheet not found")
)

// kindError is an error of one of the kinds above with a specific message.
type kindError struct {
	kind  error
	msg   string
	cause error
}

func (e *kindError) Error() string { return e.msg }

func (e *kindError) Unwrap() []error {
	errs := []error{e.kind}
	switch e.kind {
	case ErrLegacyXLS, ErrSpreadsheetML, ErrTextFile, ErrNoWorkbook:
		errs = append(errs, ErrNotSpreadsheet)
	}
	if e.cause != nil {
		errs = append(errs, e.cause)
	}
	return errs
}

func newErr(kind error, format string, args ...any) error {
	return &kindError{kind: kind, msg: oneLine(fmt.Sprintf(format, args...))}
}

func wrapErr(kind, cause error, format string, args ...any) error {
	return &kindError{kind: kind, msg: oneLine(fmt.Sprintf(format, args...)), cause: cause}
}

// oneLine replaces line breaks so messages stay on one line.
func oneLine(s string) string {
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	}
	return s
}

// sniffLen is how much of a file's head sniff looks at.
const sniffLen = 4096

// sniff classifies content that is not a zip container. head holds the first
// bytes of the content, size its total length; r allows an OLE2 directory
// scan. It always returns an error.
func sniff(r io.ReaderAt, size int64, head []byte) error {
	if size == 0 {
		return newErr(ErrNotSpreadsheet, "empty file (0 bytes)")
	}
	if bytes.HasPrefix(head, oleMagic) {
		return sniffOLE(r, size)
	}
	switch {
	case bytes.HasPrefix(head, []byte("%PDF")):
		return newErr(ErrNotSpreadsheet, "PDF document, not an .xlsx workbook")
	case bytes.HasPrefix(head, []byte("\x89PNG")), bytes.HasPrefix(head, []byte("\xFF\xD8\xFF")),
		bytes.HasPrefix(head, []byte("GIF8")):
		return newErr(ErrNotSpreadsheet, "image file, not an .xlsx workbook")
	case bytes.HasPrefix(head, []byte("\x1F\x8B")):
		return newErr(ErrNotSpreadsheet, "gzip archive, not an .xlsx workbook")
	case bytes.HasPrefix(head, []byte("Rar!")), bytes.HasPrefix(head, []byte("7z\xBC\xAF")):
		return newErr(ErrNotSpreadsheet, "RAR/7z archive, not an .xlsx workbook")
	}
	text, enc, ok := asText(head)
	if !ok {
		text, enc, ok = asLegacyText(head)
	}
	if !ok {
		n := min(len(head), 8)
		return newErr(ErrNotSpreadsheet, "unrecognized content, not an .xlsx workbook (%d bytes, starts % x)", size, head[:n])
	}
	trimmed := strings.TrimLeft(text, " \t\r\n")
	lower := strings.ToLower(trimmed[:min(len(trimmed), 1024)])
	if strings.HasPrefix(lower, "<") {
		if strings.Contains(text, "urn:schemas-microsoft-com:office:spreadsheet") ||
			strings.Contains(text, `progid="Excel.Sheet"`) {
			return newErr(ErrSpreadsheetML, "Excel 2003 XML spreadsheet (SpreadsheetML <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">), not .xlsx; open it in Excel and re-save as .xlsx")
		}
		if strings.Contains(lower, "<html") || strings.HasPrefix(lower, "<!doctype html") || strings.HasPrefix(lower, "<table") {
			return newErr(ErrTextFile, "looks like an HTML page (web export renamed .xlsx), not an .xlsx workbook; open it in Excel and re-save as .xlsx")
		}
		if strings.HasPrefix(lower, "<?xml") {
			return newErr(ErrNotSpreadsheet, "XML document (root element <%s>), not an .xlsx workbook", rootElement(trimmed))
		}
	}
	line := firstLine(trimmed)
	kind := "text"
	switch c := strings.Count(line, ","); {
	case strings.Count(line, "\t") > 0:
		kind = "tab-separated text"
	case c > 0 && c >= strings.Count(line, ";"):
		kind = "comma-separated CSV"
	case strings.Count(line, ";") > 0:
		kind = "semicolon-separated CSV"
	}
	return textFileError(enc, kind, line)
}

// asText decodes head as text if it plausibly is text: UTF-8 (possibly with
// a BOM and a rune cut at the end) or UTF-16 with a BOM, without NULs or
// other control characters.
func asText(head []byte) (text, enc string, ok bool) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		be := head[0] == 0xFE
		b := head[2:]
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			if be {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			} else {
				u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
			}
		}
		text, enc = string(utf16.Decode(u)), "UTF-16 "
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		text = string(head[3:])
	default:
		text = string(head)
	}
	// Allow a rune cut off by the sniff window.
	for i := 0; i < 3 && len(text) > 0 && !utf8.ValidString(text); i++ {
		text = text[:len(text)-1]
	}
	if !utf8.ValidString(text) || strings.TrimSpace(text) == "" {
		return "", "", false
	}
	for _, r := range text {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			return "", "", false
		}
		if r == utf8.RuneError || r == 0x7F {
			return "", "", false
		}
	}
	return text, enc, true
}

// firstLine returns the first line of s, clipped to 60 bytes.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return clip(s, 60)
}

// clip shortens s to at most n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// maxOLEScan bounds how much of an OLE2 file sniffOLE reads looking for
// directory entries.
const maxOLEScan = 64 << 20

// sniffOLE classifies an OLE2 compound file by the stream names in its
// directory. Directory entries are 128 bytes, aligned to 128 bytes in the
// file, starting with the UTF-16LE name and holding the name's byte length
// at offset 64; a scan for those is exact enough and cannot be misled into
// large allocations or loops the way a full CFB parser on hostile input can.
func sniffOLE(r io.ReaderAt, size int64) error {
	found := map[string]bool{}
	names := []string{"EncryptedPackage", "EncryptionInfo", "Workbook", "Book", "WordDocument", "PowerPoint Document"}
	buf := make([]byte, 64<<10)
	limit := min(size, maxOLEScan)
	for off := int64(0); off < limit; off += int64(len(buf)) {
		n, err := r.ReadAt(buf, off)
		for e := 0; e+128 <= n; e += 128 {
			ent := buf[e : e+128]
			nameLen := int(ent[64]) | int(ent[65])<<8
			if nameLen < 4 || nameLen > 64 || nameLen%2 != 0 {
				continue
			}
			for _, name := range names {
				if nameLen == 2*len(name)+2 && utf16leEqual(ent[:nameLen-2], name) {
					found[name] = true
				}
			}
		}
		if err != nil {
			break
		}
	}
	switch {
	case (found["Workbook"] || found["Book"]) && biffEncrypted(r, size):
		return errEncryptedXLS
	case found["EncryptedPackage"] || found["EncryptionInfo"]:
		return newErr(ErrLegacyXLS, "password-encrypted workbook (OLE2 container with an EncryptedPackage stream); remove the password in Excel and re-save as .xlsx")
	case found["Workbook"] || found["Book"]:
		return newErr(ErrLegacyXLS, "old binary Excel 97-2003 workbook (.xls, OLE2 container with a Workbook stream); re-save as .xlsx")
	case found["WordDocument"]:
		return newErr(ErrLegacyXLS, "old binary Word document (.doc, OLE2 container), not a spreadsheet")
	case found["PowerPoint Document"]:
		return newErr(ErrLegacyXLS, "old binary PowerPoint file (.ppt, OLE2 container), not a spreadsheet")
	}
	return newErr(ErrLegacyXLS, "OLE2 compound file: old binary Excel (.xls) or password-encrypted workbook; re-save as .xlsx")
}

func utf16leEqual(b []byte, s string) bool {
	if len(b) != 2*len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b[2*i] != s[i] || b[2*i+1] != 0 {
			return false
		}
	}
	return true
}

// rootElement returns the name of the first element in XML text s.
func rootElement(s string) string {
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 || i+1 >= len(s) {
			return "?"
		}
		s = s[i+1:]
		if s[0] == '?' || s[0] == '!' {
			continue
		}
		end := strings.IndexAny(s, " \t\r\n/>")
		if end < 0 {
			end = len(s)
		}
		return firstLine(s[:end])
	}
}
