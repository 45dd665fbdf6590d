package synth_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const (
	module       = "github.com/openminerals/cmrt"
	synthPkg     = module + "/internal/synth"
	fixturesPkg  = module + "/internal/fixtures"
	commandPkg   = module + "/cmd/cmrt"
	listedFields = "ImportPath,Imports,Deps"
)

// listedPackage is what `go list -json` says of one package, without its
// tests: Deps holds every package it needs, directly or not.
type listedPackage struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// TestOnlyTestsImportSynth keeps the generator out of the product: no
// package of the module other than synth itself and internal/fixtures (test
// support built on it) may depend on internal/synth, directly or through
// another package. Tests may; `go list` without -test does not see them.
func TestOnlyTestsImportSynth(t *testing.T) {
	pkgs := listModule(t)
	byPath := map[string]listedPackage{}
	for _, p := range pkgs {
		byPath[p.ImportPath] = p
	}
	// The check is only as good as the listing: it must see the command and
	// the one package allowed to build on synth.
	if _, ok := byPath[commandPkg]; !ok {
		t.Fatalf("go list did not list %s; listed %d packages", commandPkg, len(pkgs))
	}
	if f, ok := byPath[fixturesPkg]; !ok || !slices.Contains(f.Deps, synthPkg) {
		t.Fatalf("go list does not show %s depending on %s: the listing cannot be trusted", fixturesPkg, synthPkg)
	}
	for _, p := range pkgs {
		if p.ImportPath == synthPkg || p.ImportPath == fixturesPkg || !slices.Contains(p.Deps, synthPkg) {
			continue
		}
		var via []string
		for _, imp := range p.Imports {
			if imp == synthPkg || slices.Contains(byPath[imp].Deps, synthPkg) {
				via = append(via, imp)
			}
		}
		t.Errorf("%s depends on %s (through its imports %s): the test generator is for tests only; use it from _test.go files or internal/fixtures",
			p.ImportPath, synthPkg, strings.Join(via, ", "))
	}
}

// listModule runs `go list` over every package of the module (testdata is
// not among them).
func listModule(t *testing.T) []listedPackage {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list the module's packages: %v", err)
	}
	cmd := exec.Command(goTool, "list", "-json="+listedFields, module+"/...")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}
