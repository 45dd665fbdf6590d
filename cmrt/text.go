package cmrt

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// cleanText trims a cell's text the way a reader of the form would: all
// Unicode spaces (non-breaking, ideographic, zero-width) become one ASCII
// space, runs collapse, ends are trimmed. Case and width are kept.
func cleanText(s string) string {
	if s == "" {
		return ""
	}
	simple := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c < 0x20 || (c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ')) {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u200c' || r == '\u200d' {
			space = true
			continue
		}
		if unicode.IsControl(r) {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// foldKey reduces text to a comparison key: full-width forms folded to
// ASCII, case folded, everything but letters and digits dropped. "Yes " and
// "ＹＥＳ" and "yes." share the key "yes".
func foldKey(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// NormalizeCID returns an RMI smelter identification number in its canonical
// form "CID" + six digits, accepting case, spaces, separators, full-width
// forms and missing or extra leading zeros ("cid 2763", "CID-2763",
// "ＣＩＤ００２７６３" → "CID002763"). Anything else — non-RMI identifiers like
// "CIDSN2285", a bare number — is returned upper-cased without spaces, with
// ok false, so that it is kept and can be flagged.
func NormalizeCID(s string) (cid string, ok bool) {
	s = foldWidth(cleanText(s))
	if s == "" {
		return "", false
	}
	compact := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '.', '#', ':':
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
	digits, found := strings.CutPrefix(compact, "CID")
	if !found || !allDigits(digits) {
		return compact, false
	}
	digits = strings.TrimLeft(digits, "0")
	if len(digits) > 6 {
		return compact, false
	}
	return "CID" + strings.Repeat("0", 6-len(digits)) + digits, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// foldWidth maps full-width forms to their ASCII equivalents.
func foldWidth(s string) string { return width.Fold.String(s) }
