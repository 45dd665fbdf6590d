package risk_test

import (
	"context"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/openminerals/cmrt/internal/fixtures/seasondb"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

// BenchmarkEvaluateSeason runs the rules over the season of 1,000
// suppliers and 150,000 declared smelter rows (seasondb) as `cmrt
// findings` does (EvaluateParts: one core fewer than there are, at least
// one), the stage between reading the season and storing its findings.
// heap-MB/op is what the rules allocate.
func BenchmarkEvaluateSeason(b *testing.B) {
	path := filepath.Join(b.TempDir(), "season.db")
	if err := seasondb.Write(path, seasondb.Options{Suppliers: 1000, RowsEach: 150}); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	se, err := st.Season(ctx, 2025, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	ref, err := st.ReferenceData(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	c0 := cpuSeconds()
	for b.Loop() {
		n := 0
		risk.EvaluateParts(se, ref, nil, func(p []risk.Finding) { n += len(p) })
		if n != 59609 {
			b.Fatalf("%d findings", n)
		}
	}
	b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/1e6/float64(b.N), "heap-MB/op")
}

// cpuSeconds is the process's CPU time so far: on a shared machine it
// says what a run costs whatever the load, ns/op what one waits.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
