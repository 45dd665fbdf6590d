package xlsx

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// utf8Reader returns a reader that yields part r as UTF-8. Excel writes
// UTF-8; other producers occasionally write UTF-16 (with a BOM) or declare
// ISO-8859-1/windows-1252, which are transcoded. A UTF-8 BOM is dropped.
func utf8Reader(r io.Reader, name string) (io.Reader, error) {
	head := make([]byte, 256)
	n, err := io.ReadFull(r, head)
	head = head[:n]
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	rest := io.MultiReader(bytes.NewReader(head), r)
	switch {
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		return io.MultiReader(bytes.NewReader(head[3:]), r), nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return &utf16Reader{src: io.MultiReader(bytes.NewReader(head[2:]), r)}, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return &utf16Reader{src: io.MultiReader(bytes.NewReader(head[2:]), r), be: true}, nil
	case bytes.HasPrefix(head, []byte{'<', 0, '?', 0}):
		return &utf16Reader{src: rest}, nil
	case bytes.HasPrefix(head, []byte{0, '<', 0, '?'}):
		return &utf16Reader{src: rest, be: true}, nil
	}
	switch enc := declaredEncoding(head); enc {
	case "", "utf-8", "utf8", "us-ascii", "ascii", "utf-16", "unicode":
		return rest, nil
	case "iso-8859-1", "latin1", "latin-1", "iso_8859-1", "l1", "iso8859-1":
		return &latin1Reader{src: rest}, nil
	case "windows-1252", "cp1252", "x-cp1252":
		return &latin1Reader{src: rest, cp1252: true}, nil
	default:
		return nil, newErr(ErrNotSpreadsheet, "part %s declares XML encoding %q, which this reader does not support", name, enc)
	}
}

// declaredEncoding returns the lower-cased encoding of an XML declaration
// at the start of head, or "".
func declaredEncoding(head []byte) string {
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return ""
	}
	v, ok := attrValue(head[5:end], "encoding")
	if !ok {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(v))
}

// utf16Reader transcodes UTF-16 to UTF-8.
type utf16Reader struct {
	src  io.Reader
	be   bool
	in   [16 << 10]byte
	inN  int // bytes pending in in
	out  []byte
	high uint16 // pending high surrogate
	err  error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		n, err := u.src.Read(u.in[u.inN:])
		u.inN += n
		if err != nil {
			u.err = err
		}
		i := 0
		u.out = u.out[:0]
		for ; i+1 < u.inN; i += 2 {
			var c uint16
			if u.be {
				c = uint16(u.in[i])<<8 | uint16(u.in[i+1])
			} else {
				c = uint16(u.in[i+1])<<8 | uint16(u.in[i])
			}
			switch {
			case u.high != 0 && c >= 0xDC00 && c <= 0xDFFF:
				u.out = utf8.AppendRune(u.out, utf16.DecodeRune(rune(u.high), rune(c)))
				u.high = 0
				continue
			case u.high != 0:
				u.out = utf8.AppendRune(u.out, utf8.RuneError)
				u.high = 0
			}
			if c >= 0xD800 && c <= 0xDBFF {
				u.high = c
				continue
			}
			u.out = utf8.AppendRune(u.out, rune(c))
		}
		u.inN = copy(u.in[:], u.in[i:u.inN])
		if u.err != nil && u.high != 0 {
			u.out = utf8.AppendRune(u.out, utf8.RuneError)
			u.high = 0
		}
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// cp1252High maps windows-1252 bytes 0x80-0x9F; other bytes equal their
// ISO-8859-1 code points.
var cp1252High = [32]rune{
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
}

// latin1Reader transcodes ISO-8859-1 or windows-1252 to UTF-8.
type latin1Reader struct {
	src    io.Reader
	cp1252 bool
	in     [8 << 10]byte
	out    []byte
	err    error
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	for len(l.out) == 0 {
		if l.err != nil {
			return 0, l.err
		}
		n, err := l.src.Read(l.in[:])
		l.err = err
		l.out = l.out[:0]
		for _, c := range l.in[:n] {
			switch {
			case c < 0x80:
				l.out = append(l.out, c)
			case l.cp1252 && c < 0xA0:
				l.out = utf8.AppendRune(l.out, cp1252High[c-0x80])
			default:
				l.out = utf8.AppendRune(l.out, rune(c))
			}
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}
