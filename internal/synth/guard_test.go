package synth_test

import (
	"errors"
	"go/build"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	module      = "github.com/openminerals/cmrt"
	synthPkg    = module + "/internal/synth"
	fixturesPkg = module + "/internal/fixtures"
	commandPkg  = module + "/cmd/cmrt"
)

// TestOnlyTestsImportSynth keeps the generator out of the product: no
// package of the module other than synth itself and internal/fixtures (test
// support built on it) may depend on internal/synth, directly or through
// another package of the module. _test.go files may; testdata is not built.
//
// The imports are read here rather than asked of `go list`, so that go
// test's cache, which tracks the files a test opens, runs the test again
// when any package's source changes.
func TestOnlyTestsImportSynth(t *testing.T) {
	imports := moduleImports(t)
	// The check is only as good as the reading of the module: it must see
	// the command and the one package allowed to build on synth.
	if _, ok := imports[commandPkg]; !ok {
		t.Fatalf("%s not found among the %d packages read", commandPkg, len(imports))
	}
	uses := synthUsers(imports)
	if !uses[fixturesPkg] {
		t.Fatalf("%s does not appear to depend on %s: the import graph cannot be trusted", fixturesPkg, synthPkg)
	}
	for _, pkg := range slices.Sorted(maps.Keys(imports)) {
		if pkg == synthPkg || pkg == fixturesPkg || !uses[pkg] {
			continue
		}
		var via []string
		for _, imp := range imports[pkg] {
			if imp == synthPkg || uses[imp] {
				via = append(via, imp)
			}
		}
		t.Errorf("%s depends on %s (through its imports %s): the test generator is for tests only; use it from _test.go files or internal/fixtures",
			pkg, synthPkg, strings.Join(via, ", "))
	}
}

// synthUsers marks every package that depends on synth, directly or not.
func synthUsers(imports map[string][]string) map[string]bool {
	uses := map[string]bool{}
	done := map[string]bool{}
	var visit func(pkg string) bool
	visit = func(pkg string) bool {
		if done[pkg] {
			return uses[pkg]
		}
		done[pkg] = true // the module has no import cycles; this only ends the walk
		for _, imp := range imports[pkg] {
			if imp == synthPkg || visit(imp) {
				uses[pkg] = true
			}
		}
		return uses[pkg]
	}
	for pkg := range imports {
		visit(pkg)
	}
	return uses
}

// moduleImports reads the non-test imports of every package of the module
// that are themselves in the module, keyed by import path, with the build
// constraints of this platform.
func moduleImports(t *testing.T) map[string][]string {
	t.Helper()
	root := moduleRoot(t)
	imports := map[string][]string{}
	err := filepath.WalkDir(root, func(dir string, e fs.DirEntry, err error) error {
		if err != nil || !e.IsDir() {
			return err
		}
		name := e.Name()
		if dir != root && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		if dir != root {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
		}
		p, err := build.ImportDir(dir, 0)
		var noGo *build.NoGoError
		if errors.As(err, &noGo) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			return err
		}
		pkg := path.Join(module, filepath.ToSlash(rel))
		var own []string
		for _, imp := range p.Imports {
			if imp == module || strings.HasPrefix(imp, module+"/") {
				own = append(own, imp)
			}
		}
		imports[pkg] = own
		return nil
	})
	if err != nil {
		t.Fatalf("reading the module's packages: %v", err)
	}
	return imports
}

// moduleRoot is the directory holding the module's go.mod, above this one.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			if !strings.Contains(string(data), "module "+module+"\n") {
				t.Fatalf("%s/go.mod is not module %s", dir, module)
			}
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above the test's directory")
		}
		dir = parent
	}
}
