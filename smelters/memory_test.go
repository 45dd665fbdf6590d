package smelters_test

import (
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
)

// memoryUse runs fn and reports the peak growth of the live heap (sampled
// every few milliseconds) and the bytes allocated in all.
func memoryUse(fn func()) (peak, total uint64) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var (
		mu   sync.Mutex
		high = before.HeapAlloc
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				mu.Lock()
				high = max(high, m.HeapAlloc)
				mu.Unlock()
			}
		}
	}()
	fn()
	close(stop)
	<-done
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	high = max(high, after.HeapAlloc)
	return high - before.HeapAlloc, after.TotalAlloc - before.TotalAlloc
}

// TestLoadManyStringsBounded reads a list whose every name is a distinct
// shared string and checks that memory stays within a small multiple of
// the inflated XML (excelize took about 17 times it).
func TestLoadManyStringsBounded(t *testing.T) {
	rows := 150_000
	if testing.Short() {
		rows = 20_000
	}
	path := filepath.Join(t.TempDir(), "many-strings.xlsx")
	sizes, err := smelterstest.WriteManyStringsXLSX(path, smelterstest.ManyStrings{Rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	inflated := uint64(sizes.Sheet + sizes.SharedStrings)
	var l *smelters.List
	start := time.Now()
	peak, total := memoryUse(func() { l, err = smelters.LoadFile(path) })
	if err != nil {
		t.Fatal(err)
	}
	if l.Rows != rows || len(l.Facilities) != rows {
		t.Fatalf("%d rows, %d facilities; want %d", l.Rows, len(l.Facilities), rows)
	}
	t.Logf("%d rows, %d shared strings, %.1f MB inflated: peak live heap +%.1f MB (%.1f×), %.1f MB allocated (%.1f×), %v",
		rows, 6*rows+11, float64(inflated)/1e6, float64(peak)/1e6, float64(peak)/float64(inflated),
		float64(total)/1e6, float64(total)/float64(inflated), time.Since(start).Round(time.Millisecond))
	if peak > 5*inflated || total > 10*inflated {
		t.Errorf("reading %.1f MB of XML took a live heap of +%.1f MB and %.1f MB of allocations; want under 5× and 10×",
			float64(inflated)/1e6, float64(peak)/1e6, float64(total)/1e6)
	}
	runtime.KeepAlive(l)
}

// TestLoadTooManySharedStrings: a shared string table far larger than any
// list needs (here 3.2 million strings for a 10-row sheet) is refused
// while it is read, with an error that says so, before it costs its size.
func TestLoadTooManySharedStrings(t *testing.T) {
	if testing.Short() {
		t.Skip("writes an 85 MB shared string table")
	}
	path := filepath.Join(t.TempDir(), "bloated.xlsx")
	sizes, err := smelterstest.WriteManyStringsXLSX(path, smelterstest.ManyStrings{Rows: 10, ExtraStrings: 3_200_000})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	peak, total := memoryUse(func() { _, err = smelters.LoadFile(path) })
	t.Logf("%.1f MB of shared strings: %v after %v, peak live heap +%.1f MB, %.1f MB allocated",
		float64(sizes.SharedStrings)/1e6, err, time.Since(start).Round(time.Millisecond), float64(peak)/1e6, float64(total)/1e6)
	if !errors.Is(err, smelters.ErrTooLarge) || !strings.Contains(err.Error(), "shared strings") || !strings.Contains(err.Error(), "bloated.xlsx") {
		t.Fatalf("err = %v, want ErrTooLarge naming the file and the shared strings", err)
	}
	if peak > uint64(5*sizes.SharedStrings/2) {
		t.Errorf("refusing took a live heap of +%.1f MB", float64(peak)/1e6)
	}
}
