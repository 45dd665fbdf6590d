package main

import (
	"database/sql"
	"io"
	"testing"

	"github.com/openminerals/cmrt/internal/cputime"
	"github.com/openminerals/cmrt/internal/fixtures/seasondb"
)

// BenchmarkFindingsSeason runs `cmrt findings` end to end (open,
// fingerprint the inputs, list, write) over 1,000 suppliers and 150,000
// declared rows, in the default table and in JSON: "first" with no
// findings stored (read the season, evaluate, store every finding),
// "unchanged" listing the stored findings, "recompute" forcing the
// evaluation and the comparison with the stored findings. The machine is
// shared: cpu-s/op says what a run costs whatever the load, ns/op what a
// user waits.
func BenchmarkFindingsSeason(b *testing.B) {
	db := seasondb.WriteTemp(b, seasondb.Options{Suppliers: 1000, RowsEach: 150})
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
					c0 := cputime.Used()
					if code := run(args, io.Discard, io.Discard); code != exitProblems {
						b.Fatalf("exit %d", code)
					}
					spent += (cputime.Used() - c0).Seconds()
				}
				b.ReportMetric(spent/float64(b.N), "cpu-s/op")
			})
		}
	}
}
