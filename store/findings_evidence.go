package store

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/openminerals/cmrt/internal/jsontext"
	"github.com/openminerals/cmrt/risk"
)

// A finding's evidence is stored in one column (migration 0009) as a JSON
// array of six strings: file, sheet, cell, value, list, list date. One
// column instead of six makes a season's findings cheaper to write and to
// read; JSON keeps it readable and lets SQLite take it apart
// (json_extract). The encoding is SQLite's json_array's (", \ and control
// characters escaped, everything else as it is, so any bytes, even
// invalid UTF-8 in a file name, come back exactly), and it is decoded here
// without encoding/json, which would replace invalid UTF-8.

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

func encodeEvidence(e *risk.Evidence) string {
	n := 16 + len(e.File) + len(e.Sheet) + len(e.Cell) + len(e.Value) + len(e.List) + len(e.ListDate)
	return string(appendEvidence(make([]byte, 0, n), e))
}

var errEvidence = errors.New("evidence is not a JSON array of six strings")

// decodeEvidence reads what appendEvidence (or SQLite's json_array) wrote.
// The strings share s's memory unless they hold escapes.
func decodeEvidence(s string, e *risk.Evidence) error {
	fields := [6]*string{&e.File, &e.Sheet, &e.Cell, &e.Value, &e.List, &e.ListDate}
	i := 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
	}
	skip()
	if i >= len(s) || s[i] != '[' {
		return errEvidence
	}
	i++
	for n, dst := range fields {
		skip()
		if n > 0 {
			if i >= len(s) || s[i] != ',' {
				return errEvidence
			}
			i++
			skip()
		}
		v, next, err := readJSONString(s, i)
		if err != nil {
			return err
		}
		*dst, i = v, next
	}
	skip()
	if i >= len(s) || s[i] != ']' {
		return errEvidence
	}
	return nil
}

// readJSONString reads the JSON string starting at s[i] (a quote); it
// returns the string and the index after its closing quote.
func readJSONString(s string, i int) (string, int, error) {
	if i >= len(s) || s[i] != '"' {
		return "", i, errEvidence
	}
	i++
	start := i
	for i < len(s) && s[i] != '"' && s[i] != '\\' {
		i++
	}
	if i < len(s) && s[i] == '"' {
		return s[start:i], i + 1, nil // no escapes: a substring
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
			return "", i, errEvidence
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
				return "", i, errEvidence
			}
			b = utf8.AppendRune(b, r)
			i += n
			continue
		default:
			return "", i, errEvidence
		}
		i += 2
	}
	return "", i, errEvidence
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
