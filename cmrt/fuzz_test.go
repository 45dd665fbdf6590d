package cmrt_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/fixtures"
)

// FuzzReadBytes feeds mutated templates to the whole reader and checker:
// whatever the bytes, ReadBytes returns a declaration or an error, never
// panics, and an error names the file.
func FuzzReadBytes(f *testing.F) {
	dir := f.TempDir()
	for _, s := range fixtures.Scenarios() {
		if s.Name == "large-2000" || s.Name == "hostile-zip-bomb" {
			continue
		}
		p := filepath.Join(dir, s.File())
		if err := s.Write(p); err != nil {
			f.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := cmrt.ReadBytes("fuzz.xlsx", data)
		if err != nil {
			if !bytes.Contains([]byte(err.Error()), []byte("fuzz.xlsx")) {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		cmrt.Check(d, now)
	})
}
