package store

import (
	"path/filepath"
	"testing"
)

// TestChangeWatch: the stamp stays while nothing is written, and moves
// after a write through this store, through another store on the same
// file (another process), and in a one-connection in-memory store.
func TestChangeWatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cmrt.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	mem, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	for _, c := range []struct {
		name  string
		watch *Store
		write *Store
	}{{"this store", s, s}, {"another store on the file", s, other}, {"in memory", mem, mem}} {
		w, err := c.watch.WatchChanges(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stamp := func() string {
			t.Helper()
			v, err := w.Stamp(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		first := stamp()
		if _, err := c.watch.Periods(ctx); err != nil {
			t.Fatal(err)
		}
		if again := stamp(); again != first {
			t.Errorf("%s: stamp moved without a write: %s, then %s", c.name, first, again)
		}
		storeRows(t, c.write, "Watch "+c.name)
		if after := stamp(); after == first {
			t.Errorf("%s: stamp %s unchanged after a write", c.name, after)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Stamp(ctx); err == nil {
			t.Errorf("%s: a closed watch still answers", c.name)
		}
	}
}
