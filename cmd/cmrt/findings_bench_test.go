package main

import (
	"database/sql"
	"io"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/openminerals/cmrt/internal/fixtures/seasondb"
)

// seasonDB writes a season of nSuppliers CMRTs with rowsEach declared
// smelter rows each into a new database (seasondb: RMI lists of 3,000
// facilities in force, rows naming them, unknown CIDs and unlisted ones).
func seasonDB(tb testing.TB, dir string, nSuppliers, rowsEach int) string {
	tb.Helper()
	db := filepath.Join(dir, "season.db")
	if err := seasondb.Write(db, seasondb.Options{Suppliers: nSuppliers, RowsEach: rowsEach}); err != nil {
		tb.Fatal(err)
	}
	return db
}

// BenchmarkFindingsSeason runs `cmrt findings` end to end (open,
// fingerprint the inputs, list, write) over 1,000 suppliers and 150,000
// declared rows, in the default table and in JSON: "first" with no
// findings stored (read the season, evaluate, store every finding),
// "unchanged" listing the stored findings, "recompute" forcing the
// evaluation and the comparison with the stored findings. The machine is
// shared: cpu-s/op says what a run costs whatever the load, ns/op what a
// user waits.
func BenchmarkFindingsSeason(b *testing.B) {
	db := seasonDB(b, b.TempDir(), 1000, 150)
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	forget := func(b *testing.B) {
		for _, q := range []string{`DELETE FROM finding_events`, `DELETE FROM finding_sets`, `DELETE FROM finding_runs`} {
			if _, err := raw.Exec(q); err != nil {
				b.Fatal(err)
			}
		}
	}
	cpu := func() float64 {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	}
	for _, mode := range []string{"first", "unchanged", "recompute"} {
		for _, format := range []string{"table", "json"} {
			if mode == "recompute" && format == "table" {
				continue
			}
			args := []string{"cmrt", "--db", db, "findings", "--period", "2025", "--as-of", "2025-12-31", "--format", format}
			if mode == "recompute" {
				args = append(args, "--recompute")
			}
			b.Run(mode+"/"+format, func(b *testing.B) {
				spent := 0.0
				for b.Loop() {
					if mode == "first" {
						b.StopTimer()
						forget(b)
						b.StartTimer()
					}
					c0 := cpu()
					if code := run(args, io.Discard, io.Discard); code != exitProblems {
						b.Fatalf("exit %d", code)
					}
					spent += cpu() - c0
				}
				b.ReportMetric(spent/float64(b.N), "cpu-s/op")
			})
		}
	}
}
