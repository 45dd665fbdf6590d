package smelters

import "unicode/utf8"

// osaDistance is the optimal string alignment distance between a and b in
// runes (insertions, deletions, substitutions and transpositions of
// adjacent runes, each costing 1; no substring edited twice): the
// distance github.com/hbollon/go-edlib's OSADamerauLevenshteinDistance
// computes (TestOSADistanceAsEdlib), without its allocations. Fuzzy
// matching computes it tens of thousands of times per re-match, on short
// names: the runes and the three rows live on the stack.
func osaDistance(a, b string) int {
	var ab, bb [64]rune
	ra, rb := toRunes(ab[:0], a), toRunes(bb[:0], b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(rb) == 0 {
		return len(ra)
	}
	var buf [3 * 65]int
	var rows []int
	if n := 3 * (len(rb) + 1); n <= len(buf) {
		rows = buf[:n]
	} else {
		rows = make([]int, n)
	}
	w := len(rb) + 1
	prev2, prev, cur := rows[:w], rows[w:2*w], rows[2*w:]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		x := ra[i-1]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if x == rb[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// toRunes appends s's runes to buf (invalid bytes as U+FFFD, as []rune(s)
// does).
func toRunes(buf []rune, s string) []rune {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			buf = append(buf, rune(c))
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		buf = append(buf, r)
		i += n
	}
	return buf
}
