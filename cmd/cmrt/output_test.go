package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/internal/termtext"
)

func TestTableAlignsWideNamesAndEscapes(t *testing.T) {
	tb := Table{Header: []string{"NAME", "CID"}}
	tb.Add("深圳华晶电子有限公司", "CID000001")
	tb.Add("Acme\x1b[2J", "CID000002")
	var b bytes.Buffer
	if err := tb.Write(&b, "table"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("lines = %q", lines)
	}
	col := -1
	for _, l := range lines {
		i := strings.Index(l, "CID")
		if i < 0 {
			t.Fatalf("no CID column in %q", l)
		}
		w := termtext.Width(l[:i])
		if col >= 0 && w != col {
			t.Errorf("CID column at %d columns in %q, %d before", w, l, col)
		}
		col = w
	}
	if strings.ContainsRune(b.String(), 0x1b) || !strings.Contains(b.String(), `Acme\x1b[2J`) {
		t.Errorf("escape not made visible: %q", b.String())
	}

	b.Reset()
	tb.Add("=HYPERLINK(\"x\")", "CID000003")
	if err := tb.Write(&b, "csv"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"'=HYPERLINK(""x"")"`) {
		t.Errorf("formula not neutralised in CSV: %q", b.String())
	}
}

type testKind string

type testStringer struct{}

func (testStringer) String() string { return "str\x1b[2J" }

func TestPrintfCleansEveryArgument(t *testing.T) {
	var b bytes.Buffer
	printf(&b, "%s|%s|%v|%v|%q|%d|%5s|%s\n", "a\x1b]0;t\x07", testKind("k\u202e"), testStringer{},
		errors.New("e\rx"), "q\u202e", 42, "ab", []string{"l\x1b"})
	want := `a\x1b]0;t\x07|k\u202e|str\x1b[2J|e\rx|"q\u202e"|42|   ab|[l\x1b]` + "\n"
	if b.String() != want {
		t.Errorf("printf = %q\nwant     %q", b.String(), want)
	}
	if got := cleanLines("one\x1b\ntwo\u202e"); got != "one\\x1b\ntwo\\u202e" {
		t.Errorf("cleanLines = %q", got)
	}
}
