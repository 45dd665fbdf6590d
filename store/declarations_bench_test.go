package store

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/smelters"
)

// BenchmarkSaveDeclaration times the single writer alone: the files of
// $CMRT_BENCH_DIR (generated templates) are read and checked once, then
// stored into a fresh database per iteration, one transaction each.
func BenchmarkSaveDeclaration(b *testing.B) {
	dir := os.Getenv("CMRT_BENCH_DIR")
	if dir == "" {
		b.Skip("set CMRT_BENCH_DIR to a folder of generated templates")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	sort.Strings(paths)
	limit := 100 // $CMRT_BENCH_FILES overrides: the writer's cost per file must not grow with the store
	if n, err := strconv.Atoi(os.Getenv("CMRT_BENCH_FILES")); err == nil {
		limit = n
	}
	paths = paths[:min(limit, len(paths))]
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	var files []*ImportedFile
	for i, p := range paths {
		d, err := cmrt.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		m := make([]smelters.Result, len(d.Smelters))
		for j := range m {
			m[j] = smelters.Result{Status: smelters.Matched, CID: "CID001234", Score: 1, Reason: "CID exact",
				Candidates: []smelters.Candidate{{CID: "CID001234", Name: "x", Score: 1}}}
		}
		files = append(files, &ImportedFile{Path: p, SHA256: string(rune('a'+i%26)) + p, Size: 1, Decl: d, Check: cmrt.Check(d, now), Matches: m, Period: 2025})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := Open(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, f := range files {
			if _, err := st.SaveDeclaration(context.Background(), f); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(files)), "ms/file")
}
