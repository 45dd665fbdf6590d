package xlsx

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// What suppliers send instead of an .xlsx, recognised beyond sniff's first
// look: a password-protected old .xls (its Workbook stream starts with BOF
// then FILEPASS), and CSV exports in the code page or UTF-16 that Excel
// writes ("CSV (Comma delimited)" is Windows-1252 on Western systems,
// "Unicode Text" is UTF-16LE without a BOM in some tools).

// BIFF record types.
const (
	biffBOF      = 0x0809 // beginning of a BIFF5/BIFF8 substream (BIFF2-4: 0x0009, 0x0209, 0x0409)
	biffFILEPASS = 0x002F // the rest of the stream is encrypted
)

// maxBIFFRecords bounds the records read after BOF looking for FILEPASS,
// which Excel writes right after the workbook's BOF.
const maxBIFFRecords = 8

// biffEncrypted reports whether the OLE2 file holds a Workbook (or BIFF5
// Book) stream whose first records carry FILEPASS: an .xls saved with a
// password to open. It reads the directory entries sniffOLE found and the
// stream's first sector only; anything it cannot follow is "not known to
// be encrypted".
func biffEncrypted(r io.ReaderAt, size int64) bool {
	hdr := make([]byte, 512)
	if n, _ := r.ReadAt(hdr, 0); n < len(hdr) {
		return false
	}
	le := binary.LittleEndian
	shift := le.Uint16(hdr[30:])
	if shift != 9 && shift != 12 { // 512- or 4096-byte sectors
		return false
	}
	sector := int64(1) << shift
	cutoff := int64(le.Uint32(hdr[56:]))
	buf := make([]byte, 64<<10)
	limit := min(size, maxOLEScan)
	for off := int64(0); off < limit; off += int64(len(buf)) {
		n, err := r.ReadAt(buf, off)
		for e := 0; e+128 <= n; e += 128 {
			ent := buf[e : e+128]
			if ent[66] != 2 { // a stream
				continue
			}
			nameLen := int(le.Uint16(ent[64:]))
			if !(nameLen == 18 && utf16leEqual(ent[:16], "Workbook")) && !(nameLen == 10 && utf16leEqual(ent[:8], "Book")) {
				continue
			}
			start, length := int64(le.Uint32(ent[116:])), int64(le.Uint32(ent[120:]))
			// A stream under the cutoff lives in the mini stream, which
			// takes the FAT to follow; a real workbook is never that small.
			if length < cutoff || length < 4 || start >= 0xFFFFFFFA {
				return false
			}
			return biffFilePass(r, (start+1)*sector, min(sector, length), size)
		}
		if err != nil {
			break
		}
	}
	return false
}

// biffFilePass reads BIFF records from off (n bytes of the stream's first
// sector) and reports a FILEPASS among the first ones after BOF.
func biffFilePass(r io.ReaderAt, off, n, size int64) bool {
	if off <= 0 || off+n > size {
		return false
	}
	b := make([]byte, n)
	if got, _ := r.ReadAt(b, off); int64(got) < n {
		return false
	}
	le := binary.LittleEndian
	for i, p := 0, 0; i < maxBIFFRecords && p+4 <= len(b); i++ {
		typ, l := le.Uint16(b[p:]), int(le.Uint16(b[p+2:]))
		if i == 0 && typ&0xFF != biffBOF&0xFF {
			return false // not a BIFF stream
		}
		if typ == biffFILEPASS {
			return true
		}
		p += 4 + l
	}
	return false
}

// errEncryptedXLS is an .xls saved with a password to open.
var errEncryptedXLS = newErr(ErrLegacyXLS, "password-protected old binary Excel 97-2003 workbook (.xls with a FILEPASS record): remove the password in Excel and re-save as .xlsx")

// asLegacyText decodes head as text in the encodings asText does not take:
// UTF-16 without a BOM (every other byte zero) and Windows-1252 (bytes
// over 0x7F that are not UTF-8). It refuses control characters and the five
// bytes Windows-1252 leaves undefined, so binary data is not taken for text.
func asLegacyText(head []byte) (text, enc string, ok bool) {
	if t, e, ok := utf16NoBOM(head); ok {
		return t, e, true
	}
	var b strings.Builder
	high, paired := 0, 0
	for i, c := range head {
		switch {
		case c == '\t' || c == '\n' || c == '\r' || c == '\f':
			b.WriteByte(c)
		case c < 0x20 || c == 0x7F:
			return "", "", false
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			rn := cp1252High[c-0x80]
			if rn == utf8.RuneError {
				return "", "", false
			}
			b.WriteRune(rn)
			high++
		default:
			b.WriteRune(rune(c))
			high++
		}
		if c >= 0x80 && i+1 < len(head) && head[i+1] >= 0x80 {
			paired++
		}
	}
	if high == 0 || strings.TrimSpace(b.String()) == "" {
		return "", "", false
	}
	// Western text has accented letters among ASCII ones; most high bytes
	// in pairs are the lead and trail bytes of a double-byte code page
	// (GBK, Big5, Shift_JIS), which this reader does not decode.
	if paired*2 > high {
		return b.String(), "legacy double-byte code page", true
	}
	return b.String(), "Windows-1252", true
}

// utf16NoBOM recognises UTF-16 text without a byte-order mark by its zero
// high bytes (Latin text), little- or big-endian.
func utf16NoBOM(head []byte) (string, string, bool) {
	n := len(head) &^ 1
	if n < 8 {
		return "", "", false
	}
	var zeroEven, zeroOdd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			zeroEven++
		}
		if head[i+1] == 0 {
			zeroOdd++
		}
	}
	pairs := n / 2
	var be bool
	switch {
	case zeroOdd*10 >= pairs*9 && zeroEven*10 < pairs:
		be = false
	case zeroEven*10 >= pairs*9 && zeroOdd*10 < pairs:
		be = true
	default:
		return "", "", false
	}
	u := make([]uint16, 0, pairs)
	for i := 0; i < n; i += 2 {
		if be {
			u = append(u, uint16(head[i])<<8|uint16(head[i+1]))
		} else {
			u = append(u, uint16(head[i+1])<<8|uint16(head[i]))
		}
	}
	text := string(utf16.Decode(u))
	for _, r := range text {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f') || r == 0x7F || r == utf8.RuneError {
			return "", "", false
		}
	}
	if be {
		return text, "UTF-16BE", true
	}
	return text, "UTF-16LE", true
}

// textFileError names a text file given an .xlsx name: what it is, in which
// encoding, how it is separated, and its first line.
func textFileError(enc, kind, line string) error {
	enc = strings.TrimSpace(enc)
	if enc == "" {
		enc = "UTF-8"
	}
	what, sep := "a text file", ""
	switch kind {
	case "comma-separated CSV":
		what, sep = "a CSV file", ", comma-separated"
	case "semicolon-separated CSV":
		what, sep = "a CSV file", ", semicolon-separated"
	case "tab-separated text":
		what = "a tab-separated text file"
	}
	return newErr(ErrTextFile, "%s (%s%s) renamed .xlsx, not an .xlsx workbook; first line %s; open it in Excel and re-save as .xlsx", what, enc, sep, fmt.Sprintf("%q", line))
}
