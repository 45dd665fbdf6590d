package importer

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// templateExts are the extensions taken when walking a folder. Named files
// are always taken, whatever their extension, so that a CSV or .xls sent in
// place of a template is rejected with its reason rather than ignored.
var templateExts = map[string]bool{".xlsx": true, ".xlsm": true, ".xls": true}

// Expand turns files, folders (searched recursively) and glob patterns into
// a sorted list of files without duplicates. Office's lock files ("~$…")
// are skipped.
func Expand(paths []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, arg := range paths {
		matches := []string{arg}
		if strings.ContainsAny(arg, "*?[") {
			m, err := filepath.Glob(arg)
			if err != nil {
				return nil, fmt.Errorf("pattern %q: %w", arg, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("pattern %q: %w", arg, ErrNoFiles)
			}
			matches = m
		}
		for _, p := range matches {
			info, err := os.Stat(p)
			if err != nil {
				return nil, err
			}
			if !info.IsDir() {
				add(p)
				continue
			}
			err = filepath.WalkDir(p, func(path string, e fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				name := e.Name()
				if e.IsDir() || strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") {
					return nil
				}
				if templateExts[strings.ToLower(filepath.Ext(name))] {
					add(path)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	if len(out) == 0 {
		return nil, ErrNoFiles
	}
	sort.Strings(out)
	return out, nil
}
