package main

import (
	"io"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/openminerals/cmrt/reports"
)

// cpuSeconds is the process's user and system time: the machine the
// benchmarks run on is shared, so wall time says more about the neighbours.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// BenchmarkReportSeason runs `cmrt report disclosure` and `cmrt report
// feedback` end to end (open read-only, read the season, evaluate the
// findings, carry the stored decisions, count, render, write) over 1,000
// suppliers with 40 declared rows each, which name about 2,500 distinct
// facilities of RMI's lists (more than the 400 smelters the target speaks of).
func BenchmarkReportSeason(b *testing.B) {
	if err := (reports.Options{}).CheckFonts(); err != nil {
		b.Skipf("skipping: %v", err)
	}
	db := seasonDB(b, b.TempDir(), 1000, 40)
	out := b.TempDir()
	b.Run("disclosure", func(b *testing.B) {
		args := []string{"cmrt", "--db", db, "report", "disclosure", "--period", "2025", "--as-of", "2025-12-31", "-o", filepath.Join(out, "d.pdf")}
		start := cpuSeconds()
		for b.Loop() {
			if code := run(args, io.Discard, io.Discard); code != exitOK {
				b.Fatalf("exit %d", code)
			}
		}
		b.ReportMetric((cpuSeconds()-start)/float64(b.N), "cpu-s/op")
	})
	b.Run("feedback-1000", func(b *testing.B) {
		args := []string{"cmrt", "--db", db, "report", "feedback", "--period", "2025", "--as-of", "2025-12-31", "-o", filepath.Join(out, "fb")}
		start := cpuSeconds()
		for b.Loop() {
			if code := run(args, io.Discard, io.Discard); code != exitOK {
				b.Fatalf("exit %d", code)
			}
		}
		b.ReportMetric((cpuSeconds()-start)/float64(b.N), "cpu-s/op")
	})
}
