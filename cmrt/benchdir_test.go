package cmrt

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkReadDir reads and checks every .xlsx in $CMRT_BENCH_DIR (for
// example files from `go run ./testdata/gen -n 40 -families -full`): the
// per-file cost of the import's read step on real-layout files.
func BenchmarkReadDir(b *testing.B) {
	dir := os.Getenv("CMRT_BENCH_DIR")
	if dir == "" {
		b.Skip("CMRT_BENCH_DIR not set")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if len(paths) == 0 {
		b.Skip("no .xlsx in CMRT_BENCH_DIR")
	}
	data := make([][]byte, len(paths))
	for i, p := range paths {
		var err error
		if data[i], err = os.ReadFile(p); err != nil {
			b.Fatal(err)
		}
	}
	now := time.Now()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(paths)
		d, err := ReadBytes(paths[k], data[k])
		if err != nil {
			continue // hostile or unsupported fixtures
		}
		Check(d, now)
	}
}
