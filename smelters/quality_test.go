package smelters_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
)

// labelled is a declared smelter with the CID it must match.
type labelled struct {
	d    smelters.Declared
	want string
	kind string
}

// quality tallies a labelled run.
type quality struct {
	total, accepted, correct, review, none int
	wrong                                  []string
}

func (q *quality) add(m *smelters.Matcher, s labelled) {
	r := m.Match(s.d)
	q.total++
	switch r.Status {
	case smelters.Matched:
		q.accepted++
		if r.CID == s.want {
			q.correct++
		} else {
			q.wrong = append(q.wrong, fmt.Sprintf("%s %q (%s) → %s %q: %s", s.want, s.d.Name, s.kind, r.CID, r.Name, r.Reason))
		}
	case smelters.NeedsReview:
		q.review++
	default:
		q.none++
	}
}

func (q *quality) precision() float64 {
	if q.accepted == 0 {
		return 1
	}
	return float64(q.correct) / float64(q.accepted)
}

func (q *quality) recall() float64 {
	if q.total == 0 {
		return 1
	}
	return float64(q.correct) / float64(q.total)
}

// perturbedSet makes perturbed copies of every listed name, each labelled
// with its facility's CID; half carry the (agreeing) country.
func perturbedSet(facs []smelters.Facility, seed uint64) []labelled {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	var out []labelled
	for _, f := range facs {
		for _, a := range f.Names() {
			for _, p := range smelterstest.Perturbations {
				s, ok := smelterstest.Perturb(rng, a, p)
				if !ok || s == a {
					continue
				}
				d := smelters.Declared{Metal: f.Metal, Name: s}
				if rng.IntN(2) == 0 {
					d.Country = f.Country
				}
				out = append(out, labelled{d: d, want: f.CID, kind: string(p)})
			}
		}
	}
	return out
}

// measure runs the exact and perturbed sets and reports per perturbation.
func measure(t *testing.T, label string, facs []smelters.Facility, negatives []smelters.Declared) (exact, all quality) {
	t.Helper()
	m := smelters.NewMatcher(facs, nil)
	for _, f := range facs {
		for _, a := range f.Names() {
			exact.add(m, labelled{d: smelters.Declared{Metal: f.Metal, Name: a}, want: f.CID, kind: "listed"})
		}
	}
	byKind := map[string]*quality{}
	for _, s := range perturbedSet(facs, 42) {
		all.add(m, s)
		if byKind[s.kind] == nil {
			byKind[s.kind] = &quality{}
		}
		byKind[s.kind].add(m, s)
	}
	falseAccepts := 0
	for _, d := range negatives {
		if r := m.Match(d); r.Status == smelters.Matched {
			falseAccepts++
			all.accepted++ // a wrong acceptance counts against precision
			all.wrong = append(all.wrong, fmt.Sprintf("unlisted %q → %s %q: %s", d.Name, r.CID, r.Name, r.Reason))
		}
	}
	t.Logf("%s: %d facilities, %d listed names: %d/%d matched to their CID", label, len(facs), exact.total, exact.correct, exact.total)
	var kinds []string
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		q := byKind[k]
		t.Logf("  %-12s n=%5d accepted=%5d correct=%5d review=%4d none=%4d precision=%.4f recall=%.4f",
			k, q.total, q.accepted, q.correct, q.review, q.none, q.precision(), q.recall())
	}
	t.Logf("  %-12s n=%5d accepted=%5d correct=%5d review=%4d none=%4d precision=%.4f recall=%.4f (unlisted names: %d, accepted %d)",
		"ALL", all.total, all.accepted, all.correct, all.review, all.none, all.precision(), all.recall(), len(negatives), falseAccepts)
	for i, w := range all.wrong {
		if i == 15 {
			t.Logf("  ... %d more wrong", len(all.wrong)-15)
			break
		}
		t.Logf("  wrong: %s", w)
	}
	return exact, all
}

func TestMatchQualityGenerated(t *testing.T) {
	facs := smelterstest.Reference(smelterstest.Options{Seed: 1})
	aliases := 0
	for _, f := range facs {
		aliases += len(f.Aliases)
	}
	if len(facs) != 700 || aliases < 1900 {
		t.Fatalf("generated %d facilities, %d aliases; want 700 and about 2000", len(facs), aliases)
	}
	// Unlisted facilities from the same name pools: they must not be accepted.
	known := map[string]bool{}
	for _, f := range facs {
		for _, a := range f.Names() {
			known[f.Metal+"\x00"+smelters.NameKey(a)] = true
		}
	}
	var negatives []smelters.Declared
	for _, f := range smelterstest.Reference(smelterstest.Options{Seed: 77, Facilities: 400, Aliases: 400}) {
		if !known[f.Metal+"\x00"+smelters.NameKey(f.Name)] {
			negatives = append(negatives, smelters.Declared{Metal: f.Metal, Name: f.Name, Country: f.Country})
		}
	}
	exact, all := measure(t, "generated", facs, negatives)
	if exact.correct != exact.total {
		t.Errorf("listed names: %d of %d matched their CID, want all", exact.correct, exact.total)
	}
	if p := all.precision(); p < 0.99 {
		t.Errorf("precision %.4f, want ≥ 0.99", p)
	}
	if r := all.recall(); r < 0.95 {
		t.Errorf("recall %.4f, want ≥ 0.95", r)
	}
}

// realLookup is the blank CMRT 6.4 beside the repository, when present.
func realLookup(t testing.TB) string {
	p := filepath.Join("..", "..", "shared", "rmi", "RMI_CMRT_6.4.xlsx")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not present: %v", p, err)
	}
	return p
}

func TestMatchQualityRealLookup(t *testing.T) {
	l, err := smelters.LoadFile(realLookup(t))
	if err != nil {
		t.Fatal(err)
	}
	// Facilities RMI added in 6.5 are not in 6.4: matching their names
	// against 6.4 must not accept anything.
	var negatives []smelters.Declared
	if l65, err := smelters.LoadFile(filepath.Join("..", "..", "shared", "rmi", "templates", "RMI_CMRT_6.5.xlsx")); err == nil {
		in64 := map[string]bool{}
		for _, f := range l.Facilities {
			in64[f.CID] = true
		}
		for _, f := range l65.Facilities {
			if !in64[f.CID] {
				for _, a := range f.Names() {
					negatives = append(negatives, smelters.Declared{Metal: f.Metal, Name: a, Country: f.Country})
				}
			}
		}
	}
	exact, all := measure(t, "CMRT 6.4 Smelter Look-up", l.Facilities, negatives)
	if exact.correct != exact.total {
		t.Errorf("listed names: %d of %d matched their CID, want all", exact.correct, exact.total)
	}
	if p := all.precision(); p < 0.99 {
		t.Errorf("precision %.4f, want ≥ 0.99", p)
	}
	if r := all.recall(); r < 0.95 {
		t.Errorf("recall %.4f, want ≥ 0.95", r)
	}
}
