package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

var ctx = context.Background()

// fixedClock returns a clock that starts at t and advances a second per call.
func fixedClock(t time.Time) func() time.Time {
	var mu sync.Mutex
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "cmrt.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = fixedClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	t.Cleanup(func() { s.Close() })
	return s
}

func count(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenAppliesMigrationsOnce(t *testing.T) {
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 || ms[0].name != "0001_smelters" {
		t.Fatalf("migrations: %v %+v", err, ms)
	}
	path := filepath.Join(t.TempDir(), "cmrt.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil || v != ms[len(ms)-1].version {
		t.Fatalf("schema version %d, %v; want %d", v, err, ms[len(ms)-1].version)
	}
	// Every connection has the pragmas.
	for pragma, want := range map[string]string{"foreign_keys": "1", "journal_mode": "wal", "synchronous": "1", "busy_timeout": "10000"} {
		var got string
		if err := s.db.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA %s = %q (%v), want %q", pragma, got, err, want)
		}
	}
	// Foreign keys are enforced.
	if _, err := s.db.ExecContext(ctx, `INSERT INTO smelter_snapshot_metals (snapshot_id, metal, row_count) VALUES (999, 'Gold', 1)`); err == nil {
		t.Error("a row pointing at no snapshot was accepted")
	}
	s.Close()

	s, err = Open(path) // again: nothing re-applied
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "schema_migrations"); n != len(ms) {
		t.Errorf("%d migrations recorded after reopening, want %d", n, len(ms))
	}
	// A database from a newer program is refused, not damaged.
	if _, err := s.db.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future', 'x')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(path); !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("newer schema: err = %v, want ErrSchemaTooNew", err)
	}
}

func TestOpenMemory(t *testing.T) {
	s, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := count(t, s, "smelter_snapshots"); n != 0 {
		t.Errorf("%d snapshots in a new database", n)
	}
}

func TestWithTxRollsBackOnPanic(t *testing.T) {
	s := openTemp(t)
	func() {
		defer func() { recover() }()
		s.withTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO smelter_mappings (mapping_key, name, metal, cid, created_at) VALUES ('k','n','Gold','CID000001','t')`); err != nil {
				t.Fatal(err)
			}
			panic("boom")
		})
	}()
	if n := count(t, s, "smelter_mappings"); n != 0 {
		t.Errorf("%d rows after a panic inside a transaction", n)
	}
}
