package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/openminerals/cmrt/internal/cputime"
	"github.com/openminerals/cmrt/store"
)

// BenchmarkImportDir imports the folder named by $CMRT_BENCH_DIR (files
// from `go run ./testdata/gen -n 300 -full -families -out DIR`) into a fresh
// database per iteration; with -cpuprofile it shows where an import spends
// its time.
func BenchmarkImportDir(b *testing.B) {
	dir := os.Getenv("CMRT_BENCH_DIR")
	if dir == "" {
		b.Skip("set CMRT_BENCH_DIR to a folder of generated templates")
	}
	for i := 0; i < b.N; i++ {
		cpu0 := cputime.Used()
		st, err := store.Open(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		sum, err := Run(context.Background(), st, []string{dir}, Options{Now: time.Now(), LearnLookup: true})
		st.Close()
		if err != nil {
			b.Fatal(err)
		}
		cpu := cputime.Used() - cpu0
		t := sum.Timing
		// CPU per file, summed over threads: on a loaded machine the wall
		// figures move with the neighbours, this much less.
		b.ReportMetric(float64(cpu.Milliseconds())/float64(len(sum.Files)), "cpu-ms/file")
		b.ReportMetric(float64(len(sum.Files))/t.Wall.Seconds(), "files/s")
		b.ReportMetric(t.Read.Seconds(), "read-s")
		b.ReportMetric(t.Match.Seconds(), "match-s")
		b.ReportMetric(t.Write.Seconds(), "write-s")
	}
}
