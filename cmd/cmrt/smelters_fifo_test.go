package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSmeltersRefreshFIFO: a named pipe given to smelters refresh is
// refused at once (exit 2, naming it) instead of blocking on open.
func TestSmeltersRefreshFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "Conformant.xml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	type result struct {
		stderr string
		code   int
	}
	done := make(chan result, 1)
	go func() {
		_, stderr, code := cmrtRun(t, "--db", filepath.Join(dir, "cmrt.db"), "smelters", "refresh", fifo)
		done <- result{stderr, code}
	}()
	select {
	case r := <-done:
		if r.code != exitUsage || !strings.Contains(r.stderr, fifo) || !strings.Contains(r.stderr, "not a regular file") {
			t.Errorf("exit %d, stderr %q; want exit %d naming the FIFO", r.code, r.stderr, exitUsage)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("smelters refresh of a FIFO hangs")
	}
}
