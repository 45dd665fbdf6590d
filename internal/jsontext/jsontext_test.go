package jsontext

import (
	"bytes"
	"encoding/json"
	"testing"
)

func marshal(t testing.TB, s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

var samples = []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\r\b\f", "\x00\x1f\x7f", "<script>&</script>",
	"深圳华晶电子", "bad \xff\xfe utf-8", "line\u2028para\u2029", "=HYPERLINK(\"x\")", "\xe2\x80"}

func TestAppendStringIsEncodingJSON(t *testing.T) {
	for _, s := range samples {
		if got, want := string(AppendString(nil, s)), marshal(t, s); got != want {
			t.Errorf("%q: %s, encoding/json %s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range samples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := marshal(t, s)
		if got := string(AppendString(nil, s)); got != want {
			t.Errorf("%q: %s, encoding/json %s", s, got, want)
		}
		// The exact form decodes to the same as encoding/json reads it
		// wherever s is valid UTF-8, and keeps every byte that is not
		// escaped.
		exact := AppendStringExact(nil, s)
		var back string
		if err := json.Unmarshal(exact, &back); err != nil {
			t.Fatalf("%q: %s does not parse: %v", s, exact, err)
		}
		var viaJSON string
		if err := json.Unmarshal([]byte(want), &viaJSON); err != nil {
			t.Fatal(err)
		}
		if back != viaJSON {
			t.Errorf("%q: exact %s reads as %q, want %q", s, exact, back, viaJSON)
		}
	})
}

func TestAppendStringExactKeepsBytes(t *testing.T) {
	for s, want := range map[string]string{
		"bad \xff utf-8": "\"bad \xff utf-8\"",
		"line\u2028":     "\"line\u2028\"",
		"a\"b\\c\n\x01":  `"a\"b\\c\n\u0001"`,
	} {
		if got := string(AppendStringExact(nil, s)); got != want {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}
