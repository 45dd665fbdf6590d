package smelterstest

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Perturbation is a way suppliers misspell a listed name.
type Perturbation string

// The perturbations the quality test applies.
const (
	Typo       Perturbation = "typo"        // one slip in a word of five letters or more (or a CJK name of six characters or more)
	DropSuffix Perturbation = "drop-suffix" // "Co., Ltd." left out
	AddSuffix  Perturbation = "add-suffix"  // a legal form added or changed
	Case       Perturbation = "case"        // upper, lower or full-width
	WordOrder  Perturbation = "word-order"  // two words swapped
	NoSpaces   Perturbation = "no-spaces"   // words run together
	Accents    Perturbation = "accents"     // accents dropped, or added
	Combined   Perturbation = "combined"    // a typo with a case change and a dropped suffix
)

// Perturbations lists them all.
var Perturbations = []Perturbation{Typo, DropSuffix, AddSuffix, Case, WordOrder, NoSpaces, Accents, Combined}

var suffixRE = regexp.MustCompile(`(?i)[,\s]*\b(co\.?,?\s*ltd\.?|co\.? ltd|company limited|ltd\.?|limited|inc\.?|corp\.?|corporation|company|llc|gmbh & co\. kg|gmbh|ag|s\.a\. de c\.v\.|s\.a\.|sa|s\.p\.a\.|spa|s\.r\.l\.|ltda\.?|sdn\.? bhd\.?|berhad|pvt\.? ltd\.?|private limited|dmcc|fze|joint stock company|public company limited|tbk|jsc|llp|a\.ş\.|san\. ve tic\. a\.ş\.|n\.v\.|nv|sarl)$`)

var cjkSuffixRE = regexp.MustCompile(`(股份有限公司|有限责任公司|有限公司|株式会社|\(주\))$`)

// Perturb applies p to name; it reports false when p does not apply (no
// suffix to drop, one word to reorder, nothing long enough for a typo).
func Perturb(rng *rand.Rand, name string, p Perturbation) (string, bool) {
	switch p {
	case Typo:
		return typo(rng, name)
	case DropSuffix:
		if loc := suffixRE.FindStringIndex(name); loc != nil && loc[0] > 0 {
			return strings.TrimSpace(name[:loc[0]]), true
		}
		if loc := cjkSuffixRE.FindStringIndex(name); loc != nil && loc[0] > 0 {
			return name[:loc[0]], true
		}
		if rest, ok := strings.CutPrefix(name, "株式会社"); ok && rest != "" {
			return rest, true
		}
		return name, false
	case AddSuffix:
		if isCJK(name) {
			return name, false
		}
		forms := []string{" Co., Ltd.", " Ltd.", " Limited", " Inc.", " Corp.", " GmbH", " LLC", " S.A.", " Co Ltd", " Company Limited"}
		if loc := suffixRE.FindStringIndex(name); loc != nil && loc[0] > 0 {
			return strings.TrimSpace(name[:loc[0]]) + forms[rng.IntN(len(forms))], true
		}
		if rng.IntN(4) == 0 {
			return "PT " + name, true
		}
		return name + forms[rng.IntN(len(forms))], true
	case Case:
		switch rng.IntN(3) {
		case 0:
			return strings.ToUpper(name), strings.ToUpper(name) != name
		case 1:
			return strings.ToLower(name), strings.ToLower(name) != name
		}
		return fullWidth(name), fullWidth(name) != name
	case WordOrder:
		core, suf := splitSuffix(name)
		w := strings.Fields(core)
		if len(w) < 2 {
			return name, false
		}
		i := rng.IntN(len(w) - 1)
		if strings.EqualFold(w[i], w[i+1]) {
			return name, false
		}
		w[i], w[i+1] = w[i+1], w[i]
		return strings.Join(w, " ") + suf, true
	case NoSpaces:
		core, suf := splitSuffix(name)
		w := strings.Fields(core)
		if len(w) < 2 {
			return name, false
		}
		if rng.IntN(2) == 0 {
			return strings.Join(w, "") + suf, true
		}
		i := rng.IntN(len(w) - 1)
		return strings.Join(w[:i], " ") + sp(i) + w[i] + w[i+1] + sp(len(w)-i-2) + strings.Join(w[i+2:], " ") + suf, true
	case Accents:
		folded := asciiFold(name)
		if folded != name {
			return folded, true
		}
		return addAccent(rng, name)
	case Combined:
		s, ok := typo(rng, name)
		if !ok {
			return name, false
		}
		if d, ok := Perturb(rng, s, DropSuffix); ok {
			s = d
		}
		if rng.IntN(2) == 0 {
			s = strings.ToUpper(s)
		} else {
			s = strings.ToLower(s)
		}
		return s, true
	}
	return name, false
}

func sp(n int) string {
	if n > 0 {
		return " "
	}
	return ""
}

// splitSuffix separates a trailing legal form (with its leading space).
func splitSuffix(name string) (core, suffix string) {
	if loc := suffixRE.FindStringIndex(name); loc != nil && loc[0] > 0 {
		return name[:loc[0]], name[loc[0]:]
	}
	return name, ""
}

var keyboard = map[rune]string{
	'a': "qwsz", 'b': "vghn", 'c': "xdfv", 'd': "serfcx", 'e': "wsdr", 'f': "drtgvc", 'g': "ftyhbv",
	'h': "gyujnb", 'i': "ujko", 'j': "huikmn", 'k': "jiolm", 'l': "kop", 'm': "njk", 'n': "bhjm",
	'o': "iklp", 'p': "ol", 'q': "wa", 'r': "edft", 's': "awedxz", 't': "rfgy", 'u': "yhji",
	'v': "cfgb", 'w': "qase", 'x': "zsdc", 'y': "tghu", 'z': "asx",
}

var cjkPool = []rune("金银铜锡钨钽业冶炼精华兴鑫源达宏泰盛")

// typo makes one slip: a neighbouring key, a dropped or doubled letter, or
// two letters swapped, inside a word of five letters or more (never its
// first letter); in a CJK name of six characters or more, one character
// replaced.
func typo(rng *rand.Rand, name string) (string, bool) {
	if isCJK(name) {
		rs := []rune(name)
		var idx []int
		for i, r := range rs {
			if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) {
				idx = append(idx, i)
			}
		}
		if len(idx) < 6 {
			return name, false
		}
		i := idx[rng.IntN(len(idx))]
		c := cjkPool[rng.IntN(len(cjkPool))]
		if c == rs[i] {
			return name, false
		}
		rs[i] = c
		return string(rs), true
	}
	type span struct{ start, end int } // rune offsets of a word
	rs := []rune(name)
	var words []span
	for i := 0; i < len(rs); {
		if !unicode.IsLetter(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && unicode.IsLetter(rs[j]) {
			j++
		}
		if j-i >= 5 {
			words = append(words, span{i, j})
		}
		i = j
	}
	if len(words) == 0 {
		return name, false
	}
	w := words[rng.IntN(len(words))]
	pos := w.start + 1 + rng.IntN(w.end-w.start-1)
	out := append([]rune(nil), rs...)
	switch rng.IntN(4) {
	case 0: // neighbouring key
		lower := unicode.ToLower(out[pos])
		n, ok := keyboard[lower]
		if !ok {
			return name, false
		}
		r := rune(n[rng.IntN(len(n))])
		if unicode.IsUpper(out[pos]) {
			r = unicode.ToUpper(r)
		}
		out[pos] = r
	case 1: // dropped
		out = append(out[:pos], out[pos+1:]...)
	case 2: // doubled
		out = append(out[:pos+1], out[pos:]...)
	default: // swapped with the previous letter
		if out[pos] == out[pos-1] {
			return name, false
		}
		out[pos], out[pos-1] = out[pos-1], out[pos]
	}
	return string(out), true
}

func isCJK(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana) {
			return true
		}
	}
	return false
}

// fullWidth writes ASCII letters and digits in their full-width forms, as
// East Asian input methods may.
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '!' && r <= '~':
			b.WriteRune(r - '!' + '！')
		case r == ' ':
			b.WriteRune('\u3000')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var accented = map[rune]rune{'a': 'á', 'e': 'é', 'i': 'í', 'o': 'ö', 'u': 'ü', 'c': 'ç', 'n': 'ñ'}

func addAccent(rng *rand.Rand, s string) (string, bool) {
	rs := []rune(s)
	var idx []int
	for i, r := range rs {
		if _, ok := accented[r]; ok {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return s, false
	}
	i := idx[rng.IntN(len(idx))]
	rs[i] = accented[rs[i]]
	out := norm.NFC.String(string(rs))
	return out, utf8.ValidString(out)
}
