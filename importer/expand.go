package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/openminerals/cmrt/internal/inputfile"
)

// templateExts are the extensions taken when walking a folder. Named files
// are always taken, whatever their extension, so that a CSV or .xls sent in
// place of a template is rejected with its reason rather than ignored.
var templateExts = map[string]bool{".xlsx": true, ".xlsm": true, ".xls": true}

// SkippedPath is something met while walking a folder that is not
// imported: a file that is not a template, a FIFO or device, a folder that
// cannot be read, a link that cannot be followed.
type SkippedPath struct {
	Path   string
	Reason string
}

// readDir lists a folder; tests replace it to inject an unreadable folder
// (they run as root, who reads a chmod 000 folder anyway).
var readDir = os.ReadDir

// Expand turns files, folders (searched recursively) and glob patterns into
// a sorted list of files without duplicates, and the paths met in folders
// that were left out, with the reason. A folder that cannot be read or a
// link that cannot be followed is skipped, never the end of the import.
// A named path that does not exist is an error (a typo).
func Expand(paths []string) (files []string, skipped []SkippedPath, err error) {
	taken, left := map[string]bool{}, map[string]string{}
	add := func(p string) {
		if !taken[p] {
			taken[p] = true
			files = append(files, p)
		}
	}
	skip := func(p, reason string) { left[p] = reason }
	for _, arg := range paths {
		matches := []string{arg}
		if strings.ContainsAny(arg, "*?[") {
			m, err := filepath.Glob(arg)
			if err != nil {
				return nil, nil, fmt.Errorf("pattern %q: %w", arg, err)
			}
			if len(m) == 0 {
				return nil, nil, fmt.Errorf("pattern %q: %w", arg, ErrNoFiles)
			}
			matches = m
		}
		for _, p := range matches {
			info, err := os.Stat(p)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				if _, lerr := os.Lstat(p); lerr != nil {
					return nil, nil, err // nothing there: a typo, a usage error
				}
				skip(p, "symbolic link to nothing")
				continue
			case err != nil: // a link loop, a path that cannot be searched
				skip(p, reasonOf(err))
				continue
			case !info.IsDir():
				// Named files are taken whatever they are; reading refuses
				// FIFOs, devices and oversized files with the reason.
				add(p)
				continue
			}
			walk(p, add, skip)
		}
	}
	for p, reason := range left {
		if !taken[p] { // a file skipped in a folder but also named is taken
			skipped = append(skipped, SkippedPath{Path: p, Reason: reason})
		}
	}
	if len(files) == 0 && len(skipped) == 0 {
		return nil, nil, ErrNoFiles
	}
	sort.Strings(files)
	sort.Slice(skipped, func(i, j int) bool { return skipped[i].Path < skipped[j].Path })
	return files, skipped, nil
}

// walk searches dir recursively. Links to folders are not followed (a link
// back up the tree would loop); links to files are taken like files.
func walk(dir string, add func(string), skip func(path, reason string)) {
	entries, err := readDir(dir)
	if err != nil {
		skip(dir, "folder cannot be read: "+reasonOf(err))
		// readDir returns what it could read before the error.
	}
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := os.Stat(path)
			if err != nil {
				skip(path, "symbolic link that cannot be followed: "+reasonOf(err))
				continue
			}
			if info.IsDir() {
				skip(path, "symbolic link to a folder, not followed")
				continue
			}
			mode = info.Mode().Type()
		}
		switch {
		case mode.IsDir() && strings.HasPrefix(name, "."):
			skip(path, "hidden folder, not searched") // .git, .Trash: listed once, not file by file
		case mode.IsDir():
			walk(path, add, skip)
		case strings.HasPrefix(name, "~$"):
			skip(path, "Office lock file")
		case strings.HasPrefix(name, "."):
			skip(path, "hidden file")
		case !templateExts[strings.ToLower(filepath.Ext(name))]:
			ext := filepath.Ext(name)
			if ext == "" {
				ext = "no extension"
			}
			skip(path, fmt.Sprintf("not a template (%s)", ext))
		case !mode.IsRegular():
			skip(path, "not a regular file ("+inputfile.Kind(mode)+")")
		default:
			add(path)
		}
	}
}

// reasonOf is an error's message without the path it repeats.
func reasonOf(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
