package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/openminerals/cmrt/internal/jsontext"
	"github.com/openminerals/cmrt/risk"
)

// A period's findings are stored one JSON array per supplier (migration
// 0011), each finding an array of its own:
//
//	[id, key, code, severity, supplier, declaration_id, metal, cid,
//	 smelter, message, [file, sheet, cell, value, list, list date],
//	 status, first_run, last_run]
//
// JSON keeps the rows readable and lets SQLite take them apart (the view
// findings, json_each). The strings are encoded as SQLite's json_array
// writes them (", \ and control characters escaped, everything else as it
// is, so any bytes, even invalid UTF-8 in a file name, come back exactly),
// and decoded here without encoding/json, which would replace invalid
// UTF-8 and costs a reflection per field of sixty thousand findings.

// appendStoredFinding appends f's array, as stored in its set.
func appendStoredFinding(b []byte, f *storedFinding) []byte {
	b = strconv.AppendInt(append(b, '['), f.ID, 10)
	for _, s := range [...]string{f.Key, f.Code, string(f.Severity), f.Supplier} {
		b = jsontext.AppendStringExact(append(b, ','), s)
	}
	b = strconv.AppendInt(append(b, ','), f.DeclarationID, 10)
	for _, s := range [...]string{f.Metal, f.CID, f.Smelter, f.Message} {
		b = jsontext.AppendStringExact(append(b, ','), s)
	}
	b = appendEvidence(append(b, ','), &f.Evidence)
	b = jsontext.AppendStringExact(append(b, ','), string(f.Status))
	b = strconv.AppendInt(append(b, ','), f.firstRun, 10)
	b = strconv.AppendInt(append(b, ','), f.lastRun, 10)
	return append(b, ']')
}

// decodeSet reads a set's findings (what appendStoredFinding wrote, in an
// array, or what migration 0011 made with SQLite's json_array), calling
// fn with each in turn (fn copies what it keeps). light
// reads only what a recomputation needs (ID, key, status, runs and the
// array as stored). The strings share body's memory unless they hold
// escapes.
func decodeSet(body string, light bool, fn func(f *storedFinding) error) error {
	r := jsonReader{s: body}
	r.open()
	for n := 1; r.more(); n++ {
		var f storedFinding // nothing of the one before: fn may have added to it
		if err := readStoredFinding(&r, &f, light); err != nil {
			return fmt.Errorf("finding %d of the set: %w", n, err)
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	r.close()
	r.end()
	return r.err
}

// decodeStoredFinding reads one finding's array in full.
func decodeStoredFinding(raw string) (storedFinding, error) {
	var f storedFinding
	r := jsonReader{s: raw}
	if err := readStoredFinding(&r, &f, false); err != nil {
		return f, err
	}
	r.end()
	return f, r.err
}

func readStoredFinding(r *jsonReader, f *storedFinding, light bool) error {
	r.open()
	f.at = r.i - 1 // its [
	f.ID = r.int()
	f.Key = r.str()
	if light {
		r.skip(8) // code to message
		r.skip(1) // the evidence
	} else {
		for _, dst := range [...]*string{&f.Code, (*string)(&f.Severity), &f.Supplier} {
			*dst = r.str()
		}
		f.DeclarationID = r.int()
		for _, dst := range [...]*string{&f.Metal, &f.CID, &f.Smelter, &f.Message} {
			*dst = r.str()
		}
		r.evidence(&f.Evidence)
	}
	f.Status = risk.Status(r.str())
	f.firstRun, f.lastRun = r.int(), r.int()
	r.close()
	if r.err != nil {
		return r.err
	}
	f.raw = r.s[f.at:r.i]
	if _, ok := risk.ParseStatus(string(f.Status)); !ok {
		return fmt.Errorf("finding %d: status %q", f.ID, f.Status)
	}
	if _, ok := risk.ParseSeverity(string(f.Severity)); !ok && !light {
		return fmt.Errorf("finding %d: severity %q", f.ID, f.Severity)
	}
	return nil
}

// appendEvidence appends e's JSON array to b.
func appendEvidence(b []byte, e *risk.Evidence) []byte {
	b = append(b, '[')
	for i, s := range [6]string{e.File, e.Sheet, e.Cell, e.Value, e.List, e.ListDate} {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsontext.AppendStringExact(b, s)
	}
	return append(b, ']')
}

// jsonReader reads the arrays of strings, integers and arrays that the
// findings are stored as, value by value; the first error sticks, and
// every read after it returns a zero value.
type jsonReader struct {
	s     string
	i     int
	comma bool // a value was read at this level: the next needs a comma first
	err   error
}

var errJSON = errors.New("not a stored finding (malformed JSON)")

func (r *jsonReader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("%w at byte %d", errJSON, r.i)
	}
}

// skipSpace skips white space and returns where the next value starts.
func (r *jsonReader) skipSpace() int {
	for r.i < len(r.s) && (r.s[r.i] == ' ' || r.s[r.i] == '\t' || r.s[r.i] == '\n' || r.s[r.i] == '\r') {
		r.i++
	}
	return r.i
}

// value moves to the next value of the current array (past its comma).
func (r *jsonReader) value() bool {
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
	return r.i < len(r.s) || r.failed()
}

func (r *jsonReader) failed() bool { r.fail(); return false }

// open enters an array.
func (r *jsonReader) open() {
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

// more reports whether the current array has another value.
func (r *jsonReader) more() bool {
	if r.err != nil {
		return false
	}
	r.skipSpace()
	return r.i < len(r.s) && r.s[r.i] != ']'
}

// close leaves the current array, which must have no more values.
func (r *jsonReader) close() {
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

// end checks that nothing but white space follows.
func (r *jsonReader) end() {
	if r.err == nil && r.skipSpace() != len(r.s) {
		r.fail()
	}
}

func (r *jsonReader) str() string {
	if !r.value() {
		return ""
	}
	v, next, err := readJSONString(r.s, r.i)
	if err != nil {
		r.fail()
		return ""
	}
	r.i = next
	return v
}

func (r *jsonReader) int() int64 {
	if !r.value() {
		return 0
	}
	return r.number()
}

// number reads the integer at r.i.
func (r *jsonReader) number() int64 {
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

// skip passes over the next n values: strings, integers or arrays of them.
func (r *jsonReader) skip(n int) {
	for range n {
		if !r.value() {
			return
		}
		switch c := r.s[r.i]; {
		case c == '"':
			_, next, err := readJSONString(r.s, r.i)
			if err != nil {
				r.fail()
				return
			}
			r.i = next
		case c == '[':
			r.i++
			r.comma = false
			for r.more() {
				r.skip(1)
			}
			r.close()
		default:
			r.number()
		}
	}
}

func (r *jsonReader) evidence(e *risk.Evidence) {
	r.open()
	for _, dst := range [...]*string{&e.File, &e.Sheet, &e.Cell, &e.Value, &e.List, &e.ListDate} {
		*dst = r.str()
	}
	r.close()
}

// readJSONString reads the JSON string starting at s[i] (a quote); it
// returns the string and the index after its closing quote.
func readJSONString(s string, i int) (string, int, error) {
	if i >= len(s) || s[i] != '"' {
		return "", i, errJSON
	}
	i++
	start := i
	// Most strings hold no escape: up to the next quote (found at memchr
	// speed) with no backslash before it, they are a substring.
	if q := strings.IndexByte(s[i:], '"'); q >= 0 && strings.IndexByte(s[i:i+q], '\\') < 0 {
		return s[i : i+q], i + q + 1, nil
	}
	for i < len(s) && s[i] != '"' && s[i] != '\\' {
		i++
	}
	b := []byte(s[start:i])
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			return string(b), i + 1, nil
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(s) {
			return "", i, errJSON
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
				return "", i, errJSON
			}
			b = utf8.AppendRune(b, r)
			i += n
			continue
		default:
			return "", i, errJSON
		}
		i += 2
	}
	return "", i, errJSON
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
