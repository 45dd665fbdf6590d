package smelters

import "github.com/openminerals/cmrt/cmrt"

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
	c, ok := cmrt.NormalizeCID(s)
	switch {
	case c == "":
		return "", CIDNone
	case ok:
		return c, CIDRMI
	}
	return c, CIDOther
}
