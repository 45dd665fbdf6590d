// Package synth builds CMRT-, EMRT-, CRT- and AMRT-shaped workbooks from
// scratch, in the real layout of each supported revision, for tests and
// benchmarks (internal/fixtures builds its scenarios with it).
//
// These are not RMI's templates: a synthetic workbook has RMI's sheets,
// cells, formulas and lists as package cmrt's layouts describe them, so the
// reader can be tested without RMI's files, but no one should send it to a
// customer. The company's own CMRT is written into a copy of RMI's blank
// (cmrt.FillTemplate). Product code must not import this package, directly
// or through internal/fixtures; TestOnlyTestsImportSynth fails if it does.
package synth
