package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
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

// TestSmeltersRefreshRefusesBrokenLookup: a template whose Smelter Look-up
// yields no facility is refused (non-zero exit, reason given) and leaves
// no snapshot, instead of a 0-row list put in force with exit 0.
func TestSmeltersRefreshRefusesBrokenLookup(t *testing.T) {
	dir := t.TempDir()
	lookup := smelterstest.LookupTable(smelterstest.Reference(smelterstest.Options{Seed: 2, Facilities: 10, Aliases: 15}))
	for i := range lookup.Rows {
		lookup.Rows[i] = []string{"#REF!", "#REF!"}
	}
	decl := smelterstest.Table{Sheet: "Declaration", Header: []string{"Company Name"}}
	list := smelterstest.Table{Sheet: "Smelter List", Header: []string{"Metal (*)", "Smelter Look-up (*)"}}
	path := filepath.Join(dir, "broken-cmrt.xlsx")
	if err := smelterstest.WriteXLSX(path, lookup, decl, list); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "cmrt.db")
	_, stderr, code := smRun(t, db, "smelters", "refresh", path)
	if code == exitOK || !strings.Contains(stderr, "broken-cmrt.xlsx") || !strings.Contains(stderr, smelters.LookupSheet) || !strings.Contains(stderr, "no facility rows") {
		t.Errorf("exit %d, stderr %q; want a refusal naming the file, the sheet and the reason", code, stderr)
	}
	if _, err := os.Stat(db); err != nil {
		return // no database, so no snapshot
	}
	out, stderr, code := smRun(t, db, "smelters", "snapshots", "--format", "json")
	if code != exitOK || strings.Contains(out, "broken-cmrt.xlsx") {
		t.Errorf("snapshots: exit %d, %s %s; want no snapshot of the refused file", code, out, stderr)
	}
}
