package smelters

import (
	"math/rand/v2"
	"testing"

	"github.com/hbollon/go-edlib"
)

// TestOSADistanceAsEdlib: osaDistance is go-edlib's OSA distance, on
// names, transpositions, CJK, invalid UTF-8, empty strings and random
// strings over a small alphabet (where transpositions and ties abound),
// short and longer than the stack buffers.
func TestOSADistanceAsEdlib(t *testing.T) {
	pairs := [][2]string{{"", ""}, {"", "abc"}, {"abc", ""}, {"abc", "abc"}, {"ca", "abc"}, {"abcd", "acbd"},
		{"dowametalsmining", "dowametlasminnig"}, {"云南锡业股份有限公司", "云南锡业有限公司"}, {"a\xffb", "ab"},
		{"mineracaotaboca", "mineraçãotaboca"}, {"kitten", "sitting"}}
	rng := rand.New(rand.NewPCG(7, 7))
	for range 3000 {
		gen := func() string {
			n := rng.IntN(12)
			if rng.IntN(20) == 0 {
				n = 60 + rng.IntN(40) // past the stack buffers
			}
			b := make([]rune, n)
			for i := range b {
				b[i] = []rune("abcé锡")[rng.IntN(5)]
			}
			return string(b)
		}
		pairs = append(pairs, [2]string{gen(), gen()})
	}
	for _, p := range pairs {
		if got, want := osaDistance(p[0], p[1]), edlib.OSADamerauLevenshteinDistance(p[0], p[1]); got != want {
			t.Errorf("osaDistance(%q, %q) = %d, edlib %d", p[0], p[1], got, want)
		}
	}
}
