package jsontext

import (
	"errors"
	"strconv"
	"testing"
)

// What AppendStringExact writes, Reader gives back byte for byte, inside
// arrays, next to integers; Skip passes over what it is not asked for.
func TestReaderReadsWhatIsWritten(t *testing.T) {
	texts := []string{"", "plain", `"quoted" \ back/slash`, "tab\tline\nnul\x00", "bad \xff utf-8", "中文 😀", "\u2028"}
	for _, s := range texts {
		b := append([]byte("[7,"), AppendStringExact(nil, s)...)
		b = append(b, `,["a",[1,-2],"b"],-9]`...)
		r := NewReader(string(b))
		r.Open()
		if n := r.Int(); n != 7 {
			t.Errorf("%q: first %d", b, n)
		}
		if got := r.Text(); got != s {
			t.Errorf("%q: text %q, want %q", b, got, s)
		}
		r.Skip(1)
		if n := r.Int(); n != -9 || r.More() {
			t.Errorf("%q: last %d, more %v", b, n, r.More())
		}
		r.Close()
		if r.End(); r.Err() != nil || r.Since(0) != string(b) {
			t.Errorf("%q: %v, read %q", b, r.Err(), r.Since(0))
		}
	}
	// Escapes JSON allows that AppendStringExact does not write.
	r := NewReader(`["\/\u0041\u00e9\ud83d\ude00\b\f"]`)
	r.Open()
	if got := r.Text(); got != "/Aé😀\b\f" || r.Err() != nil {
		t.Errorf("escapes: %q, %v", got, r.Err())
	}
}

func TestReaderErrors(t *testing.T) {
	for _, c := range []struct {
		in   string
		read func(r *Reader)
	}{
		{``, func(r *Reader) { r.Open() }},
		{`{}`, func(r *Reader) { r.Open() }},
		{`[1 2]`, func(r *Reader) { r.Open(); r.Int(); r.Int() }},
		{`["a"`, func(r *Reader) { r.Open(); r.Text(); r.Close() }},
		{`[1]x`, func(r *Reader) { r.Open(); r.Int(); r.Close(); r.End() }},
		{`[1.5]`, func(r *Reader) { r.Open(); r.Int(); r.Close() }},
		{`[99999999999999999999]`, func(r *Reader) { r.Open(); r.Int() }},
		{`["\x"]`, func(r *Reader) { r.Open(); r.Text() }},
		{`["\u12"]`, func(r *Reader) { r.Open(); r.Text() }},
		{`[a]`, func(r *Reader) { r.Open(); r.Text() }},
		{`["a`, func(r *Reader) { r.Open(); r.Skip(1) }},
	} {
		r := NewReader(c.in)
		c.read(&r)
		if !errors.Is(r.Err(), ErrMalformed) {
			t.Errorf("%q: error %v", c.in, r.Err())
		}
		// The first error sticks: later reads give zero values.
		if r.Text() != "" || r.Int() != 0 || r.More() {
			t.Errorf("%q: read on after an error", c.in)
		}
	}
}

func FuzzReaderRoundTrip(f *testing.F) {
	f.Add("a\"b\\c\x00\xff", int64(-3))
	f.Fuzz(func(t *testing.T, s string, n int64) {
		b := AppendStringExact([]byte("["), s)
		b = strconv.AppendInt(append(b, ','), n, 10)
		r := NewReader(string(append(b, ']')))
		r.Open()
		got, m := r.Text(), r.Int()
		r.Close()
		if r.End(); got != s || m != n || r.Err() != nil {
			t.Fatalf("%q, %d: read %q, %d, %v", s, n, got, m, r.Err())
		}
	})
}
