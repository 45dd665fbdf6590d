package cmrt_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/libreoffice"
)

// checkerCase is a template the project wrote and the required answers its
// Checker must count as missing.
type checkerCase struct {
	name string
	path string
	want int
}

// checkCheckerCounts asserts Check's count of each file, then has
// LibreOffice recalculate the files and asserts their own Checker!D2 (it
// skips the test when LibreOffice is absent). It returns the files, renamed
// after their cases (LibreOffice names its CSVs after the file), and the
// folder LibreOffice worked in.
func checkCheckerCounts(t *testing.T, cases []checkerCase) (files []string, work string) {
	t.Helper()
	for _, c := range cases {
		d, err := cmrt.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := cmrt.Check(d, time.Now()).RequiredMissing; got != c.want {
			t.Errorf("%s: Check counts %d, want %d", c.name, got, c.want)
		}
		named := filepath.Join(filepath.Dir(c.path), c.name+".xlsx")
		if err := os.Rename(c.path, named); err != nil {
			t.Fatal(err)
		}
		files = append(files, named)
	}
	work = t.TempDir()
	counts, err := libreoffice.CheckerCounts(work, files)
	if errors.Is(err, libreoffice.ErrNotInstalled) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		if counts[i] != strconv.Itoa(c.want) {
			t.Errorf("%s: LibreOffice Checker!D2 = %q, want %d", c.name, counts[i], c.want)
		}
	}
	return files, work
}
