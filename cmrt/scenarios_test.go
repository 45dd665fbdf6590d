package cmrt_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/fixtures"
)

// TestReadScenarios reads every generated scenario — complete files in three
// languages, product scope, CID-only rows, formulas without cached values,
// missing fields, duplicates, text and ambiguous dates, messy text, old and
// new revisions, a blank, 2,000 rows, and the hostile files — and compares
// the result with what the scenario says a correct reader must find.
func TestReadScenarios(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for _, s := range fixtures.Scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			path := filepath.Join(dir, s.File())
			if err := s.Write(path); err != nil {
				t.Fatal(err)
			}
			d, err := cmrt.ReadFile(path)
			var res cmrt.Result
			if err == nil {
				res = cmrt.Check(d, now)
			}
			for _, m := range s.Expect.Verify(d, err, res) {
				t.Error(m)
			}
		})
	}
}
