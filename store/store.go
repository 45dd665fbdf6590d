// Package store keeps the tool's one SQLite database (modernc.org/sqlite,
// pure Go): the schema and its versioned migrations, and every query. No
// other package writes SQL.
//
// Open applies the migrations embedded from migrations/NNNN_name.sql that
// the database has not seen, each in its own transaction, and records them
// in schema_migrations. Every write runs in one transaction: a write that
// fails half-way leaves nothing behind. OpenReadOnly opens an existing
// database for reading only: it never creates, migrates or writes it.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Errors a caller can test with errors.Is.
var (
	ErrNotFound      = errors.New("not found")
	ErrBadMigrations = errors.New("invalid embedded migrations")
	// ErrNoDatabase: OpenReadOnly found no file, or an empty one.
	ErrNoDatabase = errors.New("no database")
	// ErrNotDatabase: the file is not an SQLite database made by this program.
	ErrNotDatabase = errors.New("not a cmrt database")
	// ErrSchemaOutdated: OpenReadOnly found a schema older than this
	// program's; opening it with Open (for writing) migrates it.
	ErrSchemaOutdated = errors.New("database schema is older than this program")
	ErrSchemaTooNew   = errors.New("database schema is newer than this program")
	// ErrReadOnly: Open needs to write (create or migrate) and cannot.
	ErrReadOnly = errors.New("database is read-only")
)

// SchemaError says which schema a database has and which this program
// needs; errors.Is matches ErrSchemaOutdated or ErrSchemaTooNew.
type SchemaError struct {
	Have, Want int
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("database schema version %d, this program needs %d", e.Have, e.Want)
}

func (e *SchemaError) Is(target error) bool {
	return (target == ErrSchemaOutdated && e.Have < e.Want) || (target == ErrSchemaTooNew && e.Have > e.Want)
}

// Store is an open database.
type Store struct {
	db   *sql.DB
	path string

	// Now is the clock; tests replace it.
	Now func() time.Time

	// failpoint, set by tests only, is called at named points inside write
	// transactions; an error it returns aborts the transaction there.
	failpoint func(point string) error

	readOnly      bool
	schemaOpened  int // the schema version found when opening, before migrating
	schemaCurrent int
}

// Open opens (creating if needed) the database at path, or an in-memory
// database for ":memory:", and brings its schema up to date. It is for
// commands that write; OpenReadOnly is for the others.
func Open(path string) (*Store, error) {
	// Set on every connection of the pool, which is why they go in the DSN:
	//  - foreign_keys: SQLite leaves them off unless asked;
	//  - busy_timeout: wait for another cmrt process's write instead of failing at once;
	//  - synchronous NORMAL: with WAL (below) it cannot corrupt the database; a
	//    power cut may lose the last committed transactions, never leave half of one.
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// BEGIN IMMEDIATE: a write transaction takes the write lock when it
	// starts, so two writers queue (busy_timeout) rather than deadlock.
	q.Set("_txlock", "immediate")
	memory := path == ":memory:"
	if !memory {
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			return nil, fmt.Errorf("store: %w: %s is a folder", ErrNotDatabase, path)
		}
		if dir := filepath.Dir(path); !exists(dir) {
			return nil, fmt.Errorf("store: cannot create %s: folder %s: %w", path, dir, fs.ErrNotExist)
		}
	}
	db, err := openDB(path, q)
	if err != nil {
		return nil, err
	}
	if memory {
		db.SetMaxOpenConns(1) // each connection to :memory: is a database of its own
	}
	s := &Store{db: db, path: path, Now: time.Now}
	err = s.migrate(context.Background())
	if err == nil {
		err = s.probeWrite(context.Background())
	}
	if err != nil {
		db.Close()
		if isSQLiteCode(err, sqliteReadOnly, sqliteCantOpen, sqlitePerm) {
			err = fmt.Errorf("%w: %v", ErrReadOnly, err)
		}
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	return s, nil
}

// probeWrite makes a write and rolls it back: an up-to-date schema needs no
// write to open, and a file or folder that cannot be written is better told
// at once than at a command's first write. (BEGIN IMMEDIATE alone succeeds
// on a read-only WAL database.) Nothing reaches the file.
func (s *Store) probeWrite(ctx context.Context) error {
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE schema_migrations SET name = name
			WHERE version = (SELECT MAX(version) FROM schema_migrations)`); err != nil {
			return err
		}
		return errRollback
	})
	if errors.Is(err, errRollback) {
		return nil
	}
	return err
}

var errRollback = errors.New("roll back")

// OpenReadOnly opens the existing database at path for reading: it creates
// nothing, applies no migration and refuses every write, so it works on a
// read-only file, folder or medium and never changes a database a reader
// was pointed at. A missing or empty file is ErrNoDatabase; a schema other
// than this program's is a *SchemaError (ErrSchemaOutdated or
// ErrSchemaTooNew), since reading it could return wrong answers.
//
// It tries, in order:
//   - read-write with query_only: SQLite refuses every change, yet removes
//     its -wal and -shm side files on close as usual, so a read leaves the
//     folder as it found it (should a killed writer have left committed
//     transactions in the -wal file, that close moves them into the
//     database, as any SQLite close does: the data read is the same);
//   - when the file or folder cannot be written (SQLite then falls back to
//     reading and cannot create the side files a WAL database needs) and no
//     -wal file exists, immutable: no writer has the database open (one
//     always holds a -wal file while it does), so there is no lock or log to
//     consult. That is what a read-only medium or folder needs.
func OpenReadOnly(path string) (*Store, error) {
	if path == ":memory:" {
		return Open(path) // an empty schema, gone on close: nothing to protect
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w at %s", ErrNoDatabase, path)
	case err != nil:
		return nil, fmt.Errorf("store: %w", err)
	case fi.IsDir():
		return nil, fmt.Errorf("store: %w: %s is a folder", ErrNotDatabase, path)
	case fi.Size() == 0:
		return nil, fmt.Errorf("%w at %s (an empty file)", ErrNoDatabase, path)
	}
	q := url.Values{}
	q.Set("mode", "rw") // never create: the file was there a moment ago
	q.Add("_pragma", "query_only(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	s, err := openReadOnlyWith(path, q)
	if err != nil && isSQLiteCode(err, sqliteReadOnly, sqliteCantOpen) && !exists(path+"-wal") {
		q := url.Values{}
		q.Set("mode", "ro")
		q.Set("immutable", "1")
		s, err = openReadOnlyWith(path, q)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	return s, nil
}

func openReadOnlyWith(path string, q url.Values) (*Store, error) {
	db, err := openDB(path, q)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, Now: time.Now, readOnly: true}
	ms, err := loadMigrations()
	if err != nil {
		db.Close()
		return nil, err
	}
	have, err := s.appliedVersion(context.Background())
	if err != nil {
		db.Close()
		return nil, err
	}
	want := latest(ms)
	s.schemaOpened, s.schemaCurrent = have, have
	if have != want {
		db.Close()
		return nil, &SchemaError{Have: have, Want: want}
	}
	return s, nil
}

// openDB opens the pool for path with the DSN parameters q.
func openDB(path string, q url.Values) (*sql.DB, error) {
	var dsn string
	if path == ":memory:" {
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
	return db, nil
}

// appliedVersion is the newest migration the database records: 0 for a
// new, empty database; ErrNotDatabase for one holding other tables (not
// ours to add tables to) or a file that is not SQLite at all.
func (s *Store) appliedVersion(ctx context.Context) (int, error) {
	var tables, ours int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(name = 'schema_migrations'), 0)
		FROM sqlite_master WHERE type = 'table'`).Scan(&tables, &ours)
	switch {
	case isSQLiteCode(err, sqliteNotADB):
		return 0, fmt.Errorf("%w: not an SQLite database", ErrNotDatabase)
	case err != nil:
		return 0, err
	case tables == 0:
		return 0, nil
	case ours == 0:
		return 0, fmt.Errorf("%w: an SQLite database with other tables and no schema_migrations", ErrNotDatabase)
	}
	var v int
	err = s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// SQLite primary result codes that tell why a database could not be used.
const (
	sqlitePerm     = 3
	sqliteReadOnly = 8
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// isSQLiteCode reports whether err is an SQLite error whose primary code
// (the low byte of an extended code) is one of codes.
func isSQLiteCode(err error, codes ...int) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	for _, c := range codes {
		if se.Code()&0xff == c {
			return true
		}
	}
	return false
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the path the store was opened with.
func (s *Store) Path() string { return s.path }

// ReadOnly reports whether the store was opened with OpenReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// SchemaUpgrade is the schema version the database had when opened and the
// one it has now: equal unless Open applied migrations.
func (s *Store) SchemaUpgrade() (from, to int) { return s.schemaOpened, s.schemaCurrent }

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
	// Gaps are allowed: parallel branches reserve numbers (0003–0006) and
	// land in any order; a database records each version it applied.
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
	newest, err := s.appliedVersion(ctx)
	if err != nil {
		return err
	}
	// WAL, so that readers (reports) are not blocked by a writer (an import).
	// The mode is kept in the file, so setting it once serves every
	// connection; it is set after appliedVersion has made sure the file is
	// ours to change.
	if _, err := s.db.ExecContext(ctx, `PRAGMA journal_mode = WAL`); err != nil {
		return fmt.Errorf("journal mode: %w", err)
	}
	s.schemaOpened, s.schemaCurrent = newest, newest
	if want := latest(ms); newest > want {
		return &SchemaError{Have: newest, Want: want}
	}
	if newest == latest(ms) {
		return nil // nothing to do, and nothing written: the file may be read-only
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("schema_migrations: %w", err)
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
		s.schemaCurrent = max(s.schemaCurrent, m.version)
	}
	return nil
}

// latest is the newest version among ms (sorted), 0 when there are none.
func latest(ms []migration) int {
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
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
