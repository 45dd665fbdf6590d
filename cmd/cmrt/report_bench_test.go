package main

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/openminerals/cmrt/internal/cputime"
	"github.com/openminerals/cmrt/internal/fixtures/seasondb"
	"github.com/openminerals/cmrt/reports"
)

// BenchmarkReportSeason runs `cmrt report disclosure` and `cmrt report
// feedback` end to end (open read-only, read the season, evaluate the
// findings, carry the stored decisions, count, render, write) over 1,000
// suppliers with 40 declared rows each, which name about 2,500 distinct
// facilities of RMI's lists (more than the 400 smelters the target speaks of).
func BenchmarkReportSeason(b *testing.B) {
	if err := (reports.Options{}).CheckFonts(); err != nil {
		b.Skipf("skipping: %v", err)
	}
	db := seasondb.WriteTemp(b, seasondb.Options{Suppliers: 1000, RowsEach: 40})
	out := b.TempDir()
	b.Run("disclosure", func(b *testing.B) {
		args := []string{"cmrt", "--db", db, "report", "disclosure", "--period", "2025", "--as-of", "2025-12-31", "-o", filepath.Join(out, "d.pdf")}
		start := cputime.Used()
		for b.Loop() {
			if code := run(args, io.Discard, io.Discard); code != exitOK {
				b.Fatalf("exit %d", code)
			}
		}
		b.ReportMetric((cputime.Used()-start).Seconds()/float64(b.N), "cpu-s/op")
	})
	b.Run("feedback-1000", func(b *testing.B) {
		args := []string{"cmrt", "--db", db, "report", "feedback", "--period", "2025", "--as-of", "2025-12-31", "-o", filepath.Join(out, "fb")}
		start := cputime.Used()
		for b.Loop() {
			if code := run(args, io.Discard, io.Discard); code != exitOK {
				b.Fatalf("exit %d", code)
			}
		}
		b.ReportMetric((cputime.Used()-start).Seconds()/float64(b.N), "cpu-s/op")
	})
}
