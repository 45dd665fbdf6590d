package jsontext

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrMalformed is the error of a Reader that met something else than it
// was asked to read.
var ErrMalformed = errors.New("malformed JSON")

// Reader reads JSON arrays of strings, integers and arrays, value by value,
// as a caller that knows their shape asks for them: what the store keeps a
// season's findings as. Strings come back byte for byte as
// AppendStringExact wrote them (invalid UTF-8 included, which
// encoding/json would replace), and share the input's memory unless they
// hold escapes. The first error sticks; every read after it returns a
// zero value.
type Reader struct {
	s     string
	i     int
	comma bool // a value was read at this level: the next needs a comma first
	err   error
}

// NewReader reads s.
func NewReader(s string) Reader { return Reader{s: s} }

// Err is the first error met, nil if none.
func (r *Reader) Err() error { return r.err }

// Pos is the offset in the input the next read starts from: after Open,
// Pos()-1 is where the array began; after Close, where it ended.
func (r *Reader) Pos() int { return r.i }

// Since is the input from offset from to Pos, as it stands.
func (r *Reader) Since(from int) string { return r.s[from:r.i] }

func (r *Reader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("%w at byte %d", ErrMalformed, r.i)
	}
}

// skipSpace skips white space and returns where the next value starts.
func (r *Reader) skipSpace() int {
	for r.i < len(r.s) && (r.s[r.i] == ' ' || r.s[r.i] == '\t' || r.s[r.i] == '\n' || r.s[r.i] == '\r') {
		r.i++
	}
	return r.i
}

// value moves to the next value of the current array (past its comma).
func (r *Reader) value() bool {
	if r.err != nil {
		return false
	}
	r.skipSpace()
	if r.comma {
		if r.i >= len(r.s) || r.s[r.i] != ',' {
			r.fail()
			return false
		}
		r.i++
		r.skipSpace()
	}
	r.comma = true
	if r.i >= len(r.s) {
		r.fail()
		return false
	}
	return true
}

// Open enters an array.
func (r *Reader) Open() {
	if !r.value() {
		return
	}
	if r.s[r.i] != '[' {
		r.fail()
		return
	}
	r.i++
	r.comma = false
}

// More reports whether the current array has another value.
func (r *Reader) More() bool {
	if r.err != nil {
		return false
	}
	r.skipSpace()
	return r.i < len(r.s) && r.s[r.i] != ']'
}

// Close leaves the current array, which must have no more values.
func (r *Reader) Close() {
	if r.err != nil {
		return
	}
	if r.skipSpace(); r.i >= len(r.s) || r.s[r.i] != ']' {
		r.fail()
		return
	}
	r.i++
	r.comma = true
}

// End checks that nothing but white space follows.
func (r *Reader) End() {
	if r.err == nil && r.skipSpace() != len(r.s) {
		r.fail()
	}
}

// Text reads a string.
func (r *Reader) Text() string {
	if !r.value() {
		return ""
	}
	v, next, ok := readString(r.s, r.i)
	if !ok {
		r.fail()
		return ""
	}
	r.i = next
	return v
}

// Int reads an integer.
func (r *Reader) Int() int64 {
	if !r.value() {
		return 0
	}
	return r.number()
}

// number reads the integer at r.i.
func (r *Reader) number() int64 {
	start := r.i
	if r.i < len(r.s) && r.s[r.i] == '-' {
		r.i++
	}
	for r.i < len(r.s) && '0' <= r.s[r.i] && r.s[r.i] <= '9' {
		r.i++
	}
	n, err := strconv.ParseInt(r.s[start:r.i], 10, 64)
	if err != nil {
		r.i = start
		r.fail()
	}
	return n
}

// Skip passes over the next n values: strings, integers or arrays of them.
func (r *Reader) Skip(n int) {
	for range n {
		if !r.value() {
			return
		}
		switch c := r.s[r.i]; {
		case c == '"':
			_, next, ok := readString(r.s, r.i)
			if !ok {
				r.fail()
				return
			}
			r.i = next
		case c == '[':
			r.i++
			r.comma = false
			for r.More() {
				r.Skip(1)
			}
			r.Close()
		default:
			r.number()
		}
	}
}

// readString reads the JSON string starting at s[i] (a quote); it returns
// the string and the index after its closing quote.
func readString(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", i, false
	}
	i++
	start := i
	// Most strings hold no escape: up to the next quote (found at memchr
	// speed) with no backslash before it, they are a substring.
	if q := strings.IndexByte(s[i:], '"'); q >= 0 && strings.IndexByte(s[i:i+q], '\\') < 0 {
		return s[i : i+q], i + q + 1, true
	}
	for i < len(s) && s[i] != '"' && s[i] != '\\' {
		i++
	}
	b := []byte(s[start:i])
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			return string(b), i + 1, true
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(s) {
			return "", i, false
		}
		switch e := s[i+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, n, ok := readUnicodeEscape(s, i)
			if !ok {
				return "", i, false
			}
			b = utf8.AppendRune(b, r)
			i += n
			continue
		default:
			return "", i, false
		}
		i += 2
	}
	return "", i, false
}

// readUnicodeEscape reads \uXXXX at s[i], or a surrogate pair of two;
// it returns the rune and how many bytes it took.
func readUnicodeEscape(s string, i int) (rune, int, bool) {
	hex4 := func(j int) (rune, bool) {
		if j+6 > len(s) || s[j] != '\\' || s[j+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(s[j+2:j+6], 16, 16)
		return rune(v), err == nil
	}
	r, ok := hex4(i)
	if !ok {
		return 0, 0, false
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex4(i + 6); ok {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				return d, 12, true
			}
		}
		return utf8.RuneError, 6, true
	}
	return r, 6, true
}
