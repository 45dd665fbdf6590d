// Package store keeps the tool's one SQLite database (modernc.org/sqlite,
// pure Go): the schema and its versioned migrations, and every query. No
// other package writes SQL.
//
// Open applies the migrations embedded from migrations/NNNN_name.sql that
// the database has not seen, each in its own transaction, and records them
// in schema_migrations. Every write runs in one transaction: a write that
// fails half-way leaves nothing behind.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Errors a caller can test with errors.Is.
var (
	ErrNotFound      = errors.New("not found")
	ErrSchemaTooNew  = errors.New("database schema is newer than this program")
	ErrBadMigrations = errors.New("invalid embedded migrations")
)

// Store is an open database.
type Store struct {
	db   *sql.DB
	path string

	// Now is the clock; tests replace it.
	Now func() time.Time

	// failpoint, set by tests only, is called at named points inside write
	// transactions; an error it returns aborts the transaction there.
	failpoint func(point string) error

	inserts insertCache // the import writer's prepared INSERTs (declarations.go)
}

// Open opens (creating if needed) the database at path, or an in-memory
// database for ":memory:", and brings its schema up to date.
func Open(path string) (*Store, error) {
	// Set on every connection of the pool, which is why they go in the DSN:
	//  - foreign_keys: SQLite leaves them off unless asked;
	//  - busy_timeout: wait for another cmrt process's write instead of failing at once;
	//  - journal_mode WAL: readers (reports) are not blocked by a writer (an import);
	//  - synchronous NORMAL: with WAL it cannot corrupt the database; a power cut
	//    may lose the last committed transactions, never leave half of one.
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// BEGIN IMMEDIATE: a write transaction takes the write lock when it
	// starts, so two writers queue (busy_timeout) rather than deadlock.
	q.Set("_txlock", "immediate")
	var dsn string
	memory := path == ":memory:"
	if memory {
		dsn = ":memory:?" + q.Encode()
	} else {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		dsn = (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}).String()
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if memory {
		db.SetMaxOpenConns(1) // each connection to :memory: is a database of its own
	}
	s := &Store{db: db, path: path, Now: time.Now}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the path the store was opened with.
func (s *Store) Path() string { return s.path }

// migration is one embedded schema change.
type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[int]string{}
	for _, f := range files {
		base := filepath.Base(f)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("%w: %s: want NNNN_name.sql", ErrBadMigrations, base)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("%w: %s and %s share version %d", ErrBadMigrations, other, base, v)
		}
		seen[v] = base
		body, err := migrationFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("%w: %s: versions must run 1, 2, 3... without gaps", ErrBadMigrations, m.name)
		}
	}
	return ms, nil
}

// migrate applies pending migrations, each in its own transaction. The
// applied check runs inside the transaction, so two processes opening a
// new database at once apply each migration once.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("schema_migrations: %w", err)
	}
	var newest int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return err
	}
	if len(ms) > 0 && newest > ms[len(ms)-1].version {
		return fmt.Errorf("%w: version %d, this program knows up to %d", ErrSchemaTooNew, newest, ms[len(ms)-1].version)
	}
	for _, m := range ms {
		err := s.withTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, s.Now().UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// SchemaVersion is the newest migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// withTx runs fn in a transaction, committing when it returns nil and
// rolling back otherwise (a panic included).
func (s *Store) withTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// fail runs the test failpoint, if any.
func (s *Store) fail(point string) error {
	if s.failpoint == nil {
		return nil
	}
	return s.failpoint(point)
}

// queryer is what both *sql.DB and *sql.Tx offer, so reads can run inside
// or outside a write transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const dateLayout = "2006-01-02"

func dateOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(dateLayout)
}

func parseDate(ns sql.NullString) time.Time {
	if !ns.Valid || ns.String == "" {
		return time.Time{}
	}
	t, _ := time.Parse(dateLayout, ns.String)
	return t
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
