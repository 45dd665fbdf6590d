// Package termtext makes untrusted text safe to print on a terminal. File
// names, company names and list cells come from suppliers' files; printed
// raw, an ESC or OSC sequence in them could rewrite the screen, set the
// window title or hide a line, and a bidi override could reorder what the
// officer reads. JSON output stays exact; human-readable output goes
// through Clean.
package termtext

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Clean returns s with every control character (C0, DEL, C1), bidi control
// and invalid UTF-8 byte written as a visible escape (\n, \t, \x1b, \u202e),
// so the text is shown, never obeyed.
func Clean(s string) string { return clean(s, false) }

// CleanKeepLines is Clean that leaves tab, newline and carriage return as
// they are: for text whose lines are its layout (an HTML page), where
// only the others could hide or reorder what is read.
func CleanKeepLines(s string) string { return clean(s, true) }

func clean(s string, keepLines bool) string {
	if isClean(s, keepLines) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case keepLines && isLineSpace(r):
			b.WriteRune(r)
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func isLineSpace(r rune) bool { return r == '\t' || r == '\n' || r == '\r' }

func isClean(s string, keepLines bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && !(keepLines && isLineSpace(rune(c))) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || unsafeRune(r) {
			return false
		}
		i += n
	}
	return true
}

// unsafeRune: C1 controls, and the bidi embeddings, overrides, isolates
// and marks that change the order in which a line is displayed.
func unsafeRune(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) ||
		r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// Width is the number of terminal columns s takes: East Asian wide
// characters count two, combining marks none.
func Width(s string) int {
	// Printable ASCII is one column a byte: most table cells are, and
	// uniseg's grapheme segmentation was most of printing a large table.
	if printableASCII(s) {
		return len(s)
	}
	return uniseg.StringWidth(s)
}

// CleanWidth is Clean(s) and its Width, in one pass over s when s is
// printable ASCII (most table cells: a season's table has 700,000).
func CleanWidth(s string) (string, int) {
	if printableASCII(s) {
		return s, len(s)
	}
	s = Clean(s)
	return s, Width(s)
}

// printableASCII reports whether s is all printable ASCII: clean as it
// is, one column a byte.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// Pad returns s followed by spaces up to width columns.
func Pad(s string, width int) string {
	if w := Width(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}
