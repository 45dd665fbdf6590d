package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"unicode/utf8"
	"unsafe"
)

// sharedStrings is the parsed shared string table: all strings concatenated
// in one string, so lookups allocate nothing.
type sharedStrings struct {
	data string
	offs []uint32 // string i is data[offs[i]:offs[i+1]]
}

func (s *sharedStrings) len() int { return len(s.offs) - 1 }

func (s *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= s.len() {
		return "", false
	}
	return s.data[s.offs[i]:s.offs[i+1]], true
}

// sharedStrings parses the shared string table on first use.
func (w *Workbook) sharedStrings() (*sharedStrings, error) {
	w.sstMu.Lock()
	defer w.sstMu.Unlock()
	if w.sstDone {
		return w.sst, w.sstErr
	}
	w.sstDone = true
	if w.sstPath == "" {
		w.sst = &sharedStrings{offs: []uint32{0}}
		return w.sst, nil
	}
	rc, err := w.openPart(w.sstPath)
	if err != nil {
		w.sstErr = err
		return nil, err
	}
	defer rc.Close()
	w.sst, w.sstErr = parseSSTLimit(rc, w.files[w.sstPath].UncompressedSize64, w.lim.MaxSharedStrings)
	if w.sstErr != nil {
		w.sstErr = fmt.Errorf("%s: %w", w.sstPath, w.sstErr)
	}
	return w.sst, w.sstErr
}

// parseSST reads a shared string table (<sst><si>…</si>…</sst>).
func parseSST(r io.Reader, declared uint64) (*sharedStrings, error) {
	return parseSSTLimit(r, declared, 0)
}

// parseSSTLimit is parseSST refusing a table of more than maxStrings
// strings (0 or less: no limit), before it costs their memory.
func parseSSTLimit(r io.Reader, declared uint64, maxStrings int64) (*sharedStrings, error) {
	sc := newScannerFor(r, declared)
	defer sc.release()
	// Decoded text is usually about 3/4 of the XML; a wrong declared size
	// only costs growth.
	data := make([]byte, 0, min(declared, 16<<20)*3/4)
	offs := []uint32{0}
	var item []byte
	for sc.nextTag() {
		if sc.isEnd || !sc.is("si") {
			continue
		}
		item = item[:0]
		if !sc.selfClose {
			item = sc.readRichText(item)
		}
		data = appendUnescaped(data, item)
		if len(data) > math.MaxUint32 {
			return nil, newErr(ErrTooLarge, "shared strings exceed 4 GiB")
		}
		offs = append(offs, uint32(len(data)))
		if maxStrings > 0 && int64(len(offs)-1) > maxStrings {
			return nil, newErr(ErrTooLarge, "shared strings table has more than %d strings (MaxSharedStrings limit)", maxStrings)
		}
	}
	if sc.err != nil {
		return nil, sc.err
	}
	// data is never written again: share it instead of copying.
	var str string
	if len(data) > 0 {
		str = unsafe.String(&data[0], len(data))
	}
	return &sharedStrings{data: str, offs: offs}, nil
}

// readRichText reads the content of an <si> or <is> element whose start tag
// was just returned, through its end tag, appending the text of its <t>
// children and of the <t> in its <r> runs. Phonetic runs (<rPh>) and run
// properties are skipped. This is the text Excel displays.
func (s *scanner) readRichText(dst []byte) []byte {
	depth := 1
	inRun := false // inside an <r> child
	for s.nextTag() {
		if s.isEnd {
			depth--
			if depth == 1 {
				inRun = false
			}
			if depth == 0 {
				return dst
			}
			continue
		}
		if s.selfClose {
			continue
		}
		depth++
		switch {
		case depth == 2 && s.is("r"):
			inRun = true
		case s.is("t") && (depth == 2 || depth == 3 && inRun):
			dst = s.readText(dst)
		}
	}
	if s.err == nil {
		s.fail("unexpected end of input inside a string item")
	}
	return dst
}

// appendUnescaped appends s with the OOXML escapes _xHHHH_ decoded, as Excel
// writes characters XML cannot carry (_x000D_ for CR); _x005F_ stands for
// '_' and protects a literal "_xHHHH_". Surrogate pairs combine; a lone
// surrogate is dropped, as excelize does.
func appendUnescaped(dst, s []byte) []byte {
	if bytes.Index(s, []byte("_x")) < 0 {
		return append(dst, s...)
	}
	for len(s) > 0 {
		i := bytes.IndexByte(s, '_')
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		c, ok := bstrCode(s)
		if !ok {
			dst = append(dst, '_')
			s = s[1:]
			continue
		}
		s = s[7:]
		switch {
		case c == 0x5F:
			dst = append(dst, '_')
		case c >= 0xD800 && c <= 0xDBFF:
			if c2, ok := bstrCode(s); ok && c2 >= 0xDC00 && c2 <= 0xDFFF {
				dst = utf8.AppendRune(dst, 0x10000+(c-0xD800)<<10+(c2-0xDC00))
				s = s[7:]
			}
		case c >= 0xDC00 && c <= 0xDFFF:
		default:
			dst = utf8.AppendRune(dst, c)
		}
	}
	return dst
}

// bstrCode decodes "_xHHHH_" at the start of s.
func bstrCode(s []byte) (rune, bool) {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return 0, false
	}
	var c rune
	for _, b := range s[2:6] {
		switch {
		case b >= '0' && b <= '9':
			c = c<<4 | rune(b-'0')
		case b >= 'a' && b <= 'f':
			c = c<<4 | rune(b-'a'+10)
		case b >= 'A' && b <= 'F':
			c = c<<4 | rune(b-'A'+10)
		default:
			return 0, false
		}
	}
	return c, true
}
