package smelters

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NameKey is the normalised form of a smelter name used for matching:
// Unicode compatibility forms folded (full-width ＡＢＣ, ligatures), case
// folded, accents removed from Latin letters (Córrego → corrego, ß → ss,
// ø → o), "&" read as "and", dotted abbreviations joined (S.p.A. → spa),
// other punctuation treated as space, and corporate forms removed
// (Co., Ltd., Limited, Inc., Corp., S.A., S.p.A., GmbH, AG, PT, LLC,
// Sdn. Bhd., JSC, 有限公司, 株式会社...). Tokens are joined by one space.
// When a name consists of corporate forms only, they are kept.
func NameKey(name string) string { return strings.Join(nameTokens(name), " ") }

// legalForms are corporate forms removed wherever they occur, as token
// sequences of NameKey's tokenisation; longer sequences first.
var legalForms = [][]string{
	{"gmbh", "and", "co", "kg"},
	{"public", "company", "limited"},
	{"public", "co", "ltd"},
	{"joint", "stock", "company"},
	{"joint", "stock", "co"},
	{"limited", "liability", "company"},
	{"san", "ve", "tic"},
	{"sanayi", "ve", "ticaret"},
	{"sa", "de", "cv"},
	{"sab", "de", "cv"},
	{"s", "de", "rl"},
	{"de", "cv"},
	{"co", "ltd"},
	{"co", "limited"},
	{"co", "inc"},
	{"sdn", "bhd"},
	{"pty", "ltd"},
	{"pte", "ltd"},
	{"pvt", "ltd"},
	{"private", "limited"},
	{"co", "kg"},
	{"ltd", "sti"},
	{"s", "a", "de", "c", "v"},
	{"s", "p", "a"},
	{"s", "a"},
}

// legalWords are single-token corporate forms removed anywhere.
var legalWords = map[string]bool{
	"ltd": true, "limited": true, "inc": true, "incorporated": true, "corp": true,
	"corporation": true, "co": true, "company": true, "llc": true, "plc": true,
	"gmbh": true, "ag": true, "kg": true, "sa": true, "spa": true, "srl": true,
	"sarl": true, "sas": true, "bv": true, "nv": true, "oy": true, "oyj": true,
	"asa": true, "pty": true, "pte": true, "pvt": true, "bhd": true, "berhad": true,
	"sdn": true, "tbk": true, "jsc": true, "ojsc": true, "pjsc": true, "cjsc": true,
	"oao": true, "zao": true, "pao": true, "ooo": true, "too": true, "llp": true,
	"ltda": true, "lda": true, "sac": true, "saa": true, "sae": true, "sau": true,
	"kk": true, "dmcc": true, "fze": true, "fzco": true, "sro": true, "spzoo": true,
	"pt": true, "cv": true, "the": true,
}

// edgeWords are corporate forms removed only as the first or last token,
// being ordinary words elsewhere.
var edgeWords = map[string]bool{"as": true, "ab": true, "sl": true}

// cjkForms are corporate forms in Chinese, Japanese and Korean script,
// removed as substrings (these scripts do not separate words by spaces).
var cjkForms = []string{
	"股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "有限会社",
	"(株)", "（株）", "㈱", "주식회사", "(주)", "㈜", "集团公司", "集團公司",
}

// nameTokens splits a name into NameKey's tokens.
func nameTokens(name string) []string {
	toks, _ := nameTokensAll(name)
	return toks
}

// nameTokensAll returns NameKey's tokens and the tokens before corporate
// forms were removed.
func nameTokensAll(name string) (toks, all []string) {
	s := norm.NFKC.String(name)
	for _, f := range cjkForms {
		s = strings.ReplaceAll(s, norm.NFKC.String(f), " ")
	}
	s = foldLatin(s)
	all = splitTokens(s)
	if len(all) == 0 {
		return nil, nil
	}
	toks = stripLegal(all)
	if len(toks) == 0 {
		return all, all
	}
	return toks, all
}

// foldLatin lower-cases and removes accents from Latin letters, leaving
// other scripts (kana voicing marks, Hangul) as they are.
func foldLatin(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	prevLatin := false
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			if prevLatin {
				continue
			}
			b.WriteRune(r)
			continue
		}
		prevLatin = unicode.Is(unicode.Latin, r)
		switch r {
		case 'ß', 'ẞ':
			b.WriteString("ss")
			continue
		case 'ø', 'Ø':
			r = 'o'
		case 'đ', 'Đ', 'ð', 'Ð':
			r = 'd'
		case 'ł', 'Ł':
			r = 'l'
		case 'ı':
			r = 'i'
		case 'æ', 'Æ':
			b.WriteString("ae")
			continue
		case 'œ', 'Œ':
			b.WriteString("oe")
			continue
		case 'þ', 'Þ':
			b.WriteString("th")
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

// splitTokens cuts folded text into words: letters and digits make words,
// "&" is the word "and", apostrophes vanish (Xi'an → xian), a dot after a
// single letter joins it to the next (s.p.a. → spa), other punctuation
// separates.
func splitTokens(s string) []string {
	var toks []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			toks = append(toks, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	segLen := 0 // letters since the last dot or separator
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
			segLen++
		case r == '\'' || r == '’' || r == '`' || r == '´':
			// joined
		case r == '.':
			next := rune(0)
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			if segLen == 1 && unicode.IsLetter(next) {
				segLen = 0 // abbreviation continues: s.p.a
				continue
			}
			flush()
			segLen = 0
		case r == '&' || r == '＆' || r == '+':
			flush()
			toks = append(toks, "and")
			segLen = 0
		default:
			flush()
			segLen = 0
		}
	}
	flush()
	return toks
}

// stripLegal removes corporate forms.
func stripLegal(toks []string) []string {
	out := make([]string, 0, len(toks))
outer:
	for i := 0; i < len(toks); {
		for _, f := range legalForms {
			if hasSeq(toks[i:], f) {
				i += len(f)
				continue outer
			}
		}
		if legalWords[toks[i]] {
			i++
			continue
		}
		out = append(out, toks[i])
		i++
	}
	for len(out) > 0 && edgeWords[out[0]] {
		out = out[1:]
	}
	for len(out) > 0 && edgeWords[out[len(out)-1]] {
		out = out[:len(out)-1]
	}
	return out
}

func hasSeq(toks, seq []string) bool {
	if len(toks) < len(seq) {
		return false
	}
	for i, s := range seq {
		if toks[i] != s {
			return false
		}
	}
	return true
}

// collapse trims and collapses white space, for comparisons that RMI's own
// Excel look-ups treat as equal.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// exactKey is the key of the "exact" stage: white space collapsed and case
// ignored, as Excel's MATCH and VLOOKUP in the templates ignore case.
func exactKey(s string) string { return strings.ToLower(collapse(norm.NFC.String(s))) }
