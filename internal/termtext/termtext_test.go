package termtext

import (
	"testing"

	"github.com/rivo/uniseg"
)

func TestClean(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Acme Ltd.", "Acme Ltd."},
		{"深圳华晶电子有限公司", "深圳华晶电子有限公司"},
		{"evil\x1b]0;pwned\x07.xlsx", `evil\x1b]0;pwned\x07.xlsx`},
		{"a\nb\tc\r", `a\nb\tc\r`},
		{"C1\u009bm", `C1\u009bm`},
		{"abc\u202etxt.exe", `abc\u202etxt.exe`},
		{"iso\u2066x\u2069", `iso\u2066x\u2069`},
		{"bad\xffbyte", `bad\xffbyte`},
		{"del\x7f", `del\x7f`},
	} {
		if got := Clean(c.in); got != c.want {
			t.Errorf("Clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// CleanKeepLines escapes what Clean does but tab, newline and carriage
// return.
func TestCleanKeepLines(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<p>\n\tAcme\r\n</p>", "<p>\n\tAcme\r\n</p>"},
		{"a\nb\x1b[2J\u202eEvil\xff\x00\u009b", "a\nb\\x1b[2J\\u202eEvil\\xff\\x00\\u009b"},
	} {
		if got := CleanKeepLines(c.in); got != c.want {
			t.Errorf("CleanKeepLines(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWidthAndPad(t *testing.T) {
	if w := Width("株式会社ミナト"); w != 14 {
		t.Errorf("Width of 7 wide characters = %d, want 14", w)
	}
	if w := Width("São Paulo"); w != 9 {
		t.Errorf("Width(São Paulo) = %d", w)
	}
	if got := Pad("日本", 6); got != "日本  " {
		t.Errorf("Pad = %q", got)
	}
}

// TestWidthASCIIAsUniseg: the printable-ASCII shortcut agrees with
// uniseg, and other text still goes through it.
func TestWidthASCIIAsUniseg(t *testing.T) {
	var all []byte
	for c := byte(0x20); c <= 0x7e; c++ {
		all = append(all, c)
	}
	for _, s := range []string{"", "CID000123", string(all), "tab\there", "云南锡业", "e\u0301", "\x1b[31m"} {
		if got, want := Width(s), uniseg.StringWidth(s); got != want {
			t.Errorf("Width(%q) = %d, uniseg %d", s, got, want)
		}
	}
}

// TestCleanWidthAsCleanThenWidth: the one-pass shortcut gives what Clean
// then Width give, for printable ASCII and for everything else.
func TestCleanWidthAsCleanThenWidth(t *testing.T) {
	for _, s := range []string{"", "CID000123", "Acme Ltd.", "~ ", "evil\x1b]0;x\x07", "a\nb", "del\x7f", "深圳华晶", "abc\u202etxt", "bad\xffbyte", "e\u0301"} {
		got, w := CleanWidth(s)
		if want := Clean(s); got != want || w != Width(want) {
			t.Errorf("CleanWidth(%q) = %q, %d; want %q, %d", s, got, w, want, Width(want))
		}
	}
}
