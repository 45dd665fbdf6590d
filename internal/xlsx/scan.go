package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

const (
	// scanBufSize is the initial size of a scanner's window over the inflated part.
	scanBufSize = 128 << 10
	// maxTagBytes bounds a single start or end tag (name plus attributes). Real
	// tags are well under 1 KiB; the bound keeps a hostile part from growing the
	// window without limit.
	maxTagBytes = 1 << 20
)

// errMalformed marks XML the scanner cannot make sense of.
var errMalformed = errors.New("malformed XML")

// scanner is a minimal pull tokenizer for the XML of spreadsheet parts. It
// keeps a window over the inflated stream, so memory stays bounded by the
// largest single tag (and the caller's text buffers), not by the part size.
//
// It understands start/end/empty tags with namespace prefixes, quoted
// attributes (which may contain '>'), comments, processing instructions,
// CDATA sections and DOCTYPE declarations (skipped, never expanded). It does
// not validate well-formedness: it is tolerant the way a reader of hostile
// input should be, and it never panics.
type scanner struct {
	r   io.Reader
	buf []byte
	pos int // next unread byte in buf
	end int // end of valid data in buf
	eof bool
	err error // sticky read or syntax error

	// The last tag returned by nextTag.
	name      []byte // local name (prefix stripped)
	attrs     []byte // raw attribute text of a start tag
	isEnd     bool   // end tag </name>
	selfClose bool   // empty-element tag <name/>
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, scanBufSize)}
}

// windowPool recycles full-size scanner windows between parts.
var windowPool = sync.Pool{New: func() any { b := make([]byte, scanBufSize); return &b }}

// newScannerFor returns a scanner whose window fits a part of the declared
// size (a wrong declaration only costs window growth). Call release when
// done with it.
func newScannerFor(r io.Reader, declared uint64) *scanner {
	if declared+64 >= scanBufSize {
		return &scanner{r: r, buf: *windowPool.Get().(*[]byte)}
	}
	n := int(max(declared+64, 4<<10))
	return &scanner{r: r, buf: make([]byte, n)}
}

// release returns a full-size window to the pool. Nothing the scanner
// returned may be used afterwards (values handed out are always copies).
func (s *scanner) release() {
	if len(s.buf) == scanBufSize {
		b := s.buf
		windowPool.Put(&b)
	}
	s.buf, s.name, s.attrs = nil, nil, nil
}

// fill compacts the window and reads more input. It reports whether new bytes
// arrived. The window grows when it is full of unconsumed data.
func (s *scanner) fill() bool {
	if s.eof || s.err != nil {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			if err == io.EOF {
				s.eof = true
			} else {
				s.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.err = io.ErrNoProgress
	return false
}

// ensure tries to make at least n unread bytes available; it reports whether
// it succeeded.
func (s *scanner) ensure(n int) bool {
	for s.end-s.pos < n {
		if !s.fill() {
			return false
		}
	}
	return true
}

// fail records a syntax error unless an earlier error is already recorded.
func (s *scanner) fail(format string, args ...any) {
	if s.err == nil {
		s.err = fmt.Errorf("%w: %s", errMalformed, fmt.Sprintf(format, args...))
	}
}

// skipPast discards input up to and including the first occurrence of pat.
func (s *scanner) skipPast(pat string, what string) bool {
	for {
		if i := bytes.Index(s.buf[s.pos:s.end], []byte(pat)); i >= 0 {
			s.pos += i + len(pat)
			return true
		}
		// Keep a tail that might hold the start of pat.
		if keep := len(pat) - 1; s.end-s.pos > keep {
			s.pos = s.end - keep
		}
		if !s.fill() {
			s.fail("unterminated %s", what)
			return false
		}
	}
}

// skipMarkup handles "<!" and "<?" constructs at s.pos that are not tags:
// comments, processing instructions, DOCTYPE. CDATA is skipped as well (the
// caller handles CDATA itself where its text matters). It reports false on
// error.
func (s *scanner) skipMarkup() bool {
	s.ensure(9)
	rest := s.buf[s.pos:s.end]
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		s.pos += 4
		return s.skipPast("-->", "comment")
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		s.pos += 9
		return s.skipPast("]]>", "CDATA section")
	case bytes.HasPrefix(rest, []byte("<?")):
		s.pos += 2
		return s.skipPast("?>", "processing instruction")
	default:
		// <!DOCTYPE ...> and other declarations. As in encoding/xml, nested
		// <...> pairs (an internal DTD subset) and quoted text do not end
		// it, and comments inside are skipped. Nothing is expanded.
		s.pos += 2
		if s.pos < s.end {
			s.pos++ // the keyword's first letter, never markup (as encoding/xml)
		}
		depth := 0
		var quote byte
		for {
		scan:
			for ; s.pos < s.end; s.pos++ {
				c := s.buf[s.pos]
				switch {
				case quote != 0:
					if c == quote {
						quote = 0
					}
				case c == '"' || c == '\'':
					quote = c
				case c == '>':
					if depth == 0 {
						s.pos++
						return true
					}
					depth--
				case c == '<':
					if s.end-s.pos < 4 && !s.eof {
						break scan // need lookahead
					}
					if bytes.HasPrefix(s.buf[s.pos:s.end], []byte("<!--")) {
						s.pos += 4
						if !s.skipPast("-->", "comment") {
							return false
						}
						s.pos-- // the loop's increment
						continue
					}
					depth++
				}
			}
			if !s.fill() {
				if s.eof && s.err == nil && s.pos < s.end {
					continue // rescan the held-back lookahead now that EOF is known
				}
				s.fail("unterminated declaration")
				return false
			}
		}
	}
}

// nextTag advances to the next start, end or empty-element tag, discarding
// any text, comments and other markup before it. It returns false at the end
// of input or on error (see s.err).
func (s *scanner) nextTag() bool {
	for {
		i := bytes.IndexByte(s.buf[s.pos:s.end], '<')
		if i < 0 {
			s.pos = s.end
			if !s.fill() {
				return false
			}
			continue
		}
		s.pos += i
		if !s.ensure(2) {
			s.fail("unexpected end of input after '<'")
			return false
		}
		switch s.buf[s.pos+1] {
		case '!', '?':
			if !s.skipMarkup() {
				return false
			}
			continue
		}
		return s.readTag()
	}
}

// readTag parses the tag starting at s.pos (which holds '<' followed by a
// name or '/').
func (s *scanner) readTag() bool {
	// Find the closing '>' outside quotes; the whole tag must be in the window.
	scanned := 1 // bytes of the tag already known to be outside quotes
	var quote byte
	for {
		b := s.buf[s.pos:s.end]
		gt := -1
		for i := scanned; i < len(b); i++ {
			if quote != 0 {
				// Jump to the closing quote.
				j := bytes.IndexByte(b[i:], quote)
				if j < 0 {
					break
				}
				i += j
				quote = 0
				continue
			}
			for i < len(b) && !tagSpecial[b[i]] {
				i++
			}
			if i == len(b) {
				break
			}
			if c := b[i]; c == '>' {
				gt = i
				break
			} else {
				quote = c
			}
		}
		if gt >= 0 {
			s.setTag(b[:gt])
			s.pos += gt + 1
			return true
		}
		scanned = len(b)
		if len(b) > maxTagBytes {
			s.fail("tag longer than %d bytes", maxTagBytes)
			return false
		}
		if !s.fill() {
			if s.err == nil {
				s.fail("unexpected end of input inside a tag")
			}
			return false
		}
	}
}

// tagSpecial marks the bytes that matter while looking for a tag's end.
var tagSpecial = [256]bool{'"': true, '\'': true, '>': true}

// setTag fills the tag fields from t, which is the tag text without the
// trailing '>' (t[0] == '<').
func (s *scanner) setTag(t []byte) {
	t = t[1:]
	s.isEnd, s.selfClose = false, false
	if len(t) > 0 && t[0] == '/' {
		s.isEnd = true
		t = t[1:]
	} else if len(t) > 0 && t[len(t)-1] == '/' {
		s.selfClose = true
		t = t[:len(t)-1]
	}
	n := 0
	for n < len(t) && !isSpace(t[n]) {
		n++
	}
	name := t[:n]
	if c := bytes.LastIndexByte(name, ':'); c >= 0 {
		name = name[c+1:]
	}
	s.name = name
	s.attrs = t[n:]
}

// is reports whether the current tag has local name n.
func (s *scanner) is(n string) bool { return string(s.name) == n }

// skipElement skips the content of the element whose start tag was just
// returned by nextTag, through its matching end tag. Nesting is tracked by
// depth only; names are not checked.
func (s *scanner) skipElement() bool {
	if s.selfClose {
		return true
	}
	depth := 1
	for s.nextTag() {
		if s.isEnd {
			depth--
			if depth == 0 {
				return true
			}
		} else if !s.selfClose {
			depth++
		}
	}
	if s.err == nil {
		s.fail("unexpected end of input inside an element")
	}
	return false
}

// readText appends the character data at the current position, up to the
// next tag, to dst. It decodes entities, normalizes line ends as XML requires
// (CRLF and lone CR become LF), keeps CDATA content verbatim and skips
// comments and processing instructions. The scanner is left at the '<' of
// the next tag.
func (s *scanner) readText(dst []byte) []byte {
	for {
		b := s.buf[s.pos:s.end]
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			// Decode what is safe; keep a possibly incomplete entity or CR.
			n, out := decodeText(dst, b, s.eof)
			dst = out
			s.pos += n
			if !s.fill() {
				// At EOF: flush whatever remains verbatim.
				n, out := decodeText(dst, s.buf[s.pos:s.end], true)
				dst = out
				s.pos += n
				return dst
			}
			continue
		}
		_, dst = decodeText(dst, b[:i], true)
		s.pos += i
		if !s.ensure(9) && s.end-s.pos < 2 {
			return dst
		}
		rest := s.buf[s.pos:s.end]
		switch {
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			s.pos += 9
			dst = s.readCDATA(dst)
		case bytes.HasPrefix(rest, []byte("<!")), bytes.HasPrefix(rest, []byte("<?")):
			// Comments, processing instructions, declarations: text goes on.
			if !s.skipMarkup() {
				return dst
			}
		default:
			return dst
		}
	}
}

// readCDATA appends CDATA content through "]]>" (line ends normalized).
func (s *scanner) readCDATA(dst []byte) []byte {
	for {
		b := s.buf[s.pos:s.end]
		if i := bytes.Index(b, []byte("]]>")); i >= 0 {
			dst = appendNormalized(dst, b[:i])
			s.pos += i + 3
			return dst
		}
		keep := 2
		if len(b) > 0 && b[len(b)-1] == '\r' {
			keep = 3 // hold back a CR that may pair with a following LF
		}
		if len(b) > keep {
			dst = appendNormalized(dst, b[:len(b)-keep])
			s.pos += len(b) - keep
		}
		if !s.fill() {
			s.fail("unterminated CDATA section")
			return dst
		}
	}
}

// appendNormalized appends b with CRLF and lone CR turned into LF.
func appendNormalized(dst, b []byte) []byte {
	for {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		dst = append(dst, '\n')
		b = b[i+1:]
		if len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		}
	}
}

// maxEntityLen is the longest entity reference decodeText recognizes
// ("&#x0010FFFF;" with some leading zeros allowed).
const maxEntityLen = 16

// decodeText appends the decoded form of raw character data b to dst and
// returns how many bytes of b it consumed. Unless final is set, it stops
// before a trailing entity reference or CR that the next chunk may complete.
// Unknown or malformed entity references are kept verbatim.
func decodeText(dst, b []byte, final bool) (int, []byte) {
	// Positions of the next '&' and '\r' at or after i (len(b) if none),
	// searched again only once passed, keeping the pass linear.
	amp, cr := -1, -1
	i := 0
	for i < len(b) {
		if amp < i {
			amp = indexFrom(b, i, '&')
		}
		if cr < i {
			cr = indexFrom(b, i, '\r')
		}
		j := min(amp, cr)
		if j == len(b) {
			return len(b), append(dst, b[i:]...)
		}
		dst = append(dst, b[i:j]...)
		i = j
		if b[i] == '\r' {
			if i+1 == len(b) && !final {
				return i, dst
			}
			dst = append(dst, '\n')
			i++
			if i < len(b) && b[i] == '\n' {
				i++
			}
			continue
		}
		// b[i] == '&'
		semi := bytes.IndexByte(b[i+1:min(len(b), i+maxEntityLen)], ';')
		if semi < 0 {
			if !final && len(b)-i < maxEntityLen {
				return i, dst
			}
			dst = append(dst, '&')
			i++
			continue
		}
		ent := b[i+1 : i+1+semi]
		if out, ok := appendEntity(dst, ent); ok {
			dst = out
			i += semi + 2
			continue
		}
		dst = append(dst, '&')
		i++
	}
	return i, dst
}

// indexFrom returns the index of c in b at or after from, or len(b).
func indexFrom(b []byte, from int, c byte) int {
	if j := bytes.IndexByte(b[from:], c); j >= 0 {
		return from + j
	}
	return len(b)
}

// appendEntity appends the character for entity name ent ("amp", "#10",
// "#x4E2D") and reports whether ent was recognized. Numeric references to
// characters XML does not allow decode to U+FFFD.
func appendEntity(dst, ent []byte) ([]byte, bool) {
	switch string(ent) {
	case "amp":
		return append(dst, '&'), true
	case "lt":
		return append(dst, '<'), true
	case "gt":
		return append(dst, '>'), true
	case "quot":
		return append(dst, '"'), true
	case "apos":
		return append(dst, '\''), true
	}
	if len(ent) < 2 || ent[0] != '#' {
		return dst, false
	}
	digits, base := ent[1:], 10
	if digits[0] == 'x' || digits[0] == 'X' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return dst, false
	}
	var v rune
	for _, c := range digits {
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return dst, false
		}
		v = v*rune(base) + d
		if v > utf8.MaxRune {
			return dst, false
		}
	}
	if !validXMLChar(v) {
		v = utf8.RuneError
	}
	return utf8.AppendRune(dst, v), true
}

func validXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// nextAttr parses the first attribute in a, returning its local name (any
// prefix stripped), its raw value (entities not decoded) and the remaining
// attribute text. ok is false when no further well-formed attribute exists.
func nextAttr(a []byte) (name, val, rest []byte, ok bool) {
	i := 0
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	start := i
	for i < len(a) && a[i] != '=' && !isSpace(a[i]) {
		i++
	}
	name = a[start:i]
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	if len(name) == 0 || i >= len(a) || a[i] != '=' {
		return nil, nil, nil, false
	}
	i++
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	if i >= len(a) || (a[i] != '"' && a[i] != '\'') {
		return nil, nil, nil, false
	}
	q := a[i]
	j := bytes.IndexByte(a[i+1:], q)
	if j < 0 {
		return nil, nil, nil, false
	}
	val = a[i+1 : i+1+j]
	if c := bytes.LastIndexByte(name, ':'); c >= 0 {
		name = name[c+1:]
	}
	return name, val, a[i+2+j:], true
}

// attrValue returns the decoded value of attribute name (local name) in the
// raw attribute text a.
func attrValue(a []byte, name string) (string, bool) {
	for {
		n, v, rest, ok := nextAttr(a)
		if !ok {
			return "", false
		}
		if string(n) == name {
			if bytes.IndexByte(v, '&') < 0 {
				return string(v), true
			}
			_, out := decodeText(nil, v, true)
			return string(out), true
		}
		a = rest
	}
}

// skimCell consumes the content of a <c> element whose start tag was just
// read when it has the form Excel writes for nearly every cell, all within
// the window: "<f>text</f>", then "<v>text</v>", either or both or neither,
// then "</c>", with no other markup. It is a fast path for the 2,500
// formula rows of RMI's Smelter List: the general path gives the same
// result, tag by tag. It reports whether it consumed the cell (otherwise
// nothing was), whether the cell has a formula, and the raw text of <v>
// (nil for none; valid until the next read). Unless anyValue is set, a
// value holding an entity or a CR, which needs decoding, is left to the
// general path.
func (s *scanner) skimCell(anyValue bool) (ok, hasF bool, v []byte) {
	b := s.buf[s.pos:s.end]
	i := 0
	if bytes.HasPrefix(b, []byte("<f>")) {
		j := bytes.IndexByte(b[3:], '<')
		if j < 0 || !bytes.HasPrefix(b[3+j:], []byte("</f>")) {
			return false, false, nil
		}
		i, hasF = 3+j+4, true
	}
	if bytes.HasPrefix(b[i:], []byte("<v>")) {
		j := bytes.IndexByte(b[i+3:], '<')
		if j < 0 || !bytes.HasPrefix(b[i+3+j:], []byte("</v>")) {
			return false, false, nil
		}
		v = b[i+3 : i+3+j]
		if !anyValue && (bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\r') >= 0) {
			return false, false, nil
		}
		i += 3 + j + 4
	}
	if !bytes.HasPrefix(b[i:], []byte("</c>")) {
		return false, false, nil
	}
	s.pos += i + 4
	return true, hasF, v
}

// plainCellTag recognises a <c> start tag at the scanner's position when it
// is plain, as Excel writes it: "<c", attributes name="value" with names of
// ASCII letters and values without '&', then ">" or "/>", all in the
// window, r and t at most once. It returns the tag's length (0 when the
// tag is not plain; nothing is consumed either way) and the raw values of r
// and t (nil when absent). The general path (nextTag, nextAttr) reads such
// a tag the same way.
func (s *scanner) plainCellTag() (n int, ref, typ []byte, selfClose bool) {
	b := s.buf[s.pos:s.end]
	if len(b) < 4 || b[0] != '<' || b[1] != 'c' || !isSpace(b[2]) && b[2] != '>' && b[2] != '/' {
		return 0, nil, nil, false
	}
	i := 2
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return 0, nil, nil, false
		}
		switch b[i] {
		case '>':
			return i + 1, ref, typ, false
		case '/':
			if i+1 < len(b) && b[i+1] == '>' {
				return i + 2, ref, typ, true
			}
			return 0, nil, nil, false
		}
		start := i
		for i < len(b) && (b[i]|0x20 >= 'a' && b[i]|0x20 <= 'z') {
			i++
		}
		if i == start || i+1 >= len(b) || b[i] != '=' || b[i+1] != '"' {
			return 0, nil, nil, false
		}
		name := b[start:i]
		j := bytes.IndexByte(b[i+2:], '"')
		if j < 0 {
			return 0, nil, nil, false
		}
		v := b[i+2 : i+2+j]
		if bytes.IndexByte(v, '&') >= 0 {
			return 0, nil, nil, false
		}
		if len(name) == 1 {
			switch {
			case name[0] == 'r' && ref == nil:
				ref = v
			case name[0] == 't' && typ == nil:
				typ = v
			case name[0] == 'r' || name[0] == 't':
				return 0, nil, nil, false // repeated: each r is checked on the general path
			}
		}
		i += 2 + j + 1
	}
}
