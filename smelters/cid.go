package smelters

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// CIDKind says what a smelter identifier looks like.
type CIDKind int

// Kinds of identifier.
const (
	CIDNone  CIDKind = iota // empty
	CIDRMI                  // RMI's form, CID followed by six digits
	CIDOther                // anything else (CIDSN2285, a bare number...): kept, flagged
)

// NormalizeCID returns an identifier in RMI's canonical form when it is one:
// case, full-width forms, spaces and separators are ignored and missing
// leading zeros restored, so "cid 2763", "CID2763", "CID-002763" and
// "ＣＩＤ００２７６３" all give "CID002763". Anything else is returned upper-cased
// without spaces, with CIDOther, so that it is kept and can be flagged.
func NormalizeCID(s string) (string, CIDKind) {
	s = norm.NFKC.String(strings.TrimSpace(s))
	if s == "" {
		return "", CIDNone
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '\t', '\u00a0', '-', '_', '.', '#', ':':
			continue
		}
		b.WriteRune(r)
	}
	c := b.String()
	if c == "" {
		return "", CIDNone
	}
	if digits, ok := strings.CutPrefix(c, "CID"); ok && digits != "" && allDigits(digits) {
		d := strings.TrimLeft(digits, "0")
		if len(d) <= 6 {
			n := 0
			for _, r := range d {
				n = n*10 + int(r-'0')
			}
			return fmt.Sprintf("CID%06d", n), CIDRMI
		}
	}
	return c, CIDOther
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
