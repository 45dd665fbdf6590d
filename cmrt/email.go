package cmrt

import (
	"strings"
	"unicode"
)

// E-mail addresses in suppliers' files. RMI's Checker only asks for an "@";
// the data-quality check below asks for an address mail could be sent to.
// Suppliers often give two contacts in one cell ("a@x.com; b@x.com"): each
// is checked on its own.

// emailAddresses splits an e-mail cell into its addresses: separated by ";",
// "," or line breaks, each trimmed, "mailto:" and a "Name <address>" form
// reduced to the address.
func emailAddresses(cell string) []string {
	parts := strings.FieldsFunc(cell, func(r rune) bool { return r == ';' || r == ',' || r == '\n' || r == '\r' })
	out := parts[:0]
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if i, j := strings.LastIndexByte(p, '<'), strings.LastIndexByte(p, '>'); i >= 0 && j > i {
			p = strings.TrimSpace(p[i+1 : j])
		}
		if len(p) > 7 && strings.EqualFold(p[:7], "mailto:") {
			p = p[7:]
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// invalidEmails returns the addresses of an e-mail cell that are not valid;
// an empty cell has none.
func invalidEmails(cell string) []string {
	var bad []string
	for _, a := range emailAddresses(cell) {
		if !validEmail(a) {
			bad = append(bad, a)
		}
	}
	return bad
}

// validEmail reports whether a is local@domain with a dot-atom local part
// (no leading, trailing or doubled dot) and a domain of at least two labels,
// each of letters, digits and inner hyphens, ending in an alphabetic (or
// punycode) top-level label: "xyz.uil@.com.hk" and "a@b" are not addresses.
func validEmail(a string) bool {
	at := strings.LastIndexByte(a, '@')
	if at <= 0 || at == len(a)-1 {
		return false
	}
	local, domain := a[:at], a[at+1:]
	if len(local) > 64 || len(domain) > 253 || !dotAtom(local, localRune) {
		return false
	}
	domain = strings.TrimSuffix(domain, ".") // a fully qualified name's root dot
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
		for _, r := range l {
			if !(r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if strings.HasPrefix(strings.ToLower(tld), "xn--") {
		return len(tld) > 4
	}
	if len([]rune(tld)) < 2 {
		return false
	}
	for _, r := range tld {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// dotAtom: runes allowed by ok, separated by single dots, none at either end.
func dotAtom(s string, ok func(rune) bool) bool {
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for _, r := range part {
			if !ok(r) {
				return false
			}
		}
	}
	return true
}

// localRune: RFC 5322 atext, plus non-ASCII letters and digits (RFC 6531).
func localRune(r rune) bool {
	switch {
	case r < 0x80:
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+/=?^_`{|}~-", r)
	default:
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
}
