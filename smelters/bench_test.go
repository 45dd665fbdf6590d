package smelters_test

import (
	"testing"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
)

// BenchmarkMatch matches declared rows against a 700-facility, 2,000-alias
// list and reports declared rows matched per second. "mixed" is a
// realistic supplier file: listed names as written, then every kind of
// misspelling; "fuzzy" is misspellings only (the slow path).
func BenchmarkMatch(b *testing.B) {
	facs := smelterstest.Reference(smelterstest.Options{Seed: 1})
	m := smelters.NewMatcher(facs, nil)
	var listed []smelters.Declared
	for _, f := range facs {
		for _, a := range f.Aliases {
			listed = append(listed, smelters.Declared{Metal: f.Metal, Name: a, Country: f.Country})
		}
	}
	var perturbed []smelters.Declared
	for _, s := range perturbedSet(facs, 9) {
		perturbed = append(perturbed, s.d)
	}
	var typos []smelters.Declared
	for _, s := range perturbedSet(facs, 9) {
		if s.kind == string(smelterstest.Typo) || s.kind == string(smelterstest.Combined) {
			typos = append(typos, s.d)
		}
	}
	mixed := append(append([]smelters.Declared(nil), listed...), perturbed...)
	for _, bc := range []struct {
		name string
		rows []smelters.Declared
	}{{"mixed", mixed}, {"fuzzy", typos}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				m.Match(bc.rows[n%len(bc.rows)])
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
