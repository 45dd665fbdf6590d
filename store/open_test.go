package store

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/openminerals/cmrt/smelters"
)

// newDatabase makes a database at dir/cmrt.db holding one mapping, closed.
func newDatabase(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "cmrt.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Map(ctx, smelters.Mapping{Name: "Acme Gold", Metal: "Gold", CID: "CID000001"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// fileState is what must not change when a database is only read.
type fileState struct {
	data  []byte
	mtime time.Time
	side  []string // -wal, -shm and -journal files present
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fileState{data: data, mtime: fi.ModTime()}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + suffix); err == nil {
			st.side = append(st.side, filepath.Base(path+suffix))
		}
	}
	return st
}

func (a fileState) diff(b fileState) string {
	switch {
	case !bytes.Equal(a.data, b.data):
		return "the database's bytes changed"
	case !a.mtime.Equal(b.mtime):
		return fmt.Sprintf("the database's mtime changed from %v to %v", a.mtime, b.mtime)
	case strings.Join(a.side, " ") != strings.Join(b.side, " "):
		return fmt.Sprintf("side files %v, then %v", a.side, b.side)
	}
	return ""
}

func TestOpenReadOnlyReadsWithoutWriting(t *testing.T) {
	path := newDatabase(t, t.TempDir())
	before := stateOf(t, path)
	time.Sleep(10 * time.Millisecond) // a write would show in the mtime

	s, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if !s.ReadOnly() {
		t.Error("ReadOnly() = false")
	}
	maps, err := s.Mappings(ctx)
	if err != nil || len(maps) != 1 || maps[0].CID != "CID000001" {
		t.Errorf("Mappings = %+v, %v", maps, err)
	}
	if _, err := s.Map(ctx, smelters.Mapping{Name: "Other", Metal: "Gold", CID: "CID000002"}, ""); err == nil {
		t.Error("a write through a read-only store succeeded")
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE intruder (x)`); err == nil {
		t.Error("CREATE TABLE through a read-only store succeeded")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if d := before.diff(stateOf(t, path)); d != "" {
		t.Errorf("reading changed the database: %s", d)
	}
}

// A reader opened while a writer works sees the writer's later commits:
// the normal read-only open is not the immutable one.
func TestOpenReadOnlySeesConcurrentWrites(t *testing.T) {
	path := newDatabase(t, t.TempDir())
	w, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := w.Map(ctx, smelters.Mapping{Name: "Second", Metal: "Tin", CID: "CID000002"}, ""); err != nil {
		t.Fatal(err)
	}
	if maps, err := r.Mappings(ctx); err != nil || len(maps) != 2 {
		t.Errorf("reader sees %d mappings (%v), want 2", len(maps), err)
	}
}

func TestOpenReadOnlyRefusesWhatIsNotADatabase(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	if _, err := OpenReadOnly(missing); !errors.Is(err, ErrNoDatabase) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: err = %v, want ErrNoDatabase naming it", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("opening a missing database read-only created it (%v)", err)
	}

	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReadOnly(empty); !errors.Is(err, ErrNoDatabase) {
		t.Errorf("empty file: err = %v, want ErrNoDatabase", err)
	}

	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, bytes.Repeat([]byte("not a database\n"), 300), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReadOnly(text); !errors.Is(err, ErrNotDatabase) {
		t.Errorf("text file, read-only: err = %v, want ErrNotDatabase", err)
	}
	if _, err := Open(text); !errors.Is(err, ErrNotDatabase) {
		t.Errorf("text file, for writing: err = %v, want ErrNotDatabase", err)
	}

	if _, err := OpenReadOnly(dir); !errors.Is(err, ErrNotDatabase) {
		t.Errorf("folder, read-only: err = %v, want ErrNotDatabase", err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrNotDatabase) {
		t.Errorf("folder, for writing: err = %v, want ErrNotDatabase", err)
	}

	// Someone else's SQLite database: neither read as ours nor added to.
	other := filepath.Join(dir, "other.sqlite")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE invoices (id INTEGER)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := stateOf(t, other)
	if _, err := OpenReadOnly(other); !errors.Is(err, ErrNotDatabase) {
		t.Errorf("other SQLite database, read-only: err = %v, want ErrNotDatabase", err)
	}
	if _, err := Open(other); !errors.Is(err, ErrNotDatabase) {
		t.Errorf("other SQLite database, for writing: err = %v, want ErrNotDatabase", err)
	}
	if d := before.diff(stateOf(t, other)); d != "" {
		t.Errorf("another program's database was changed: %s", d)
	}
}

// A database made by an older cmrt (every migration but the newest) is not
// read, and not upgraded, by OpenReadOnly; Open upgrades it. Nothing here
// depends on how many migrations there are.
func TestOpenReadOnlyOutdatedSchema(t *testing.T) {
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:len(ms)-1] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatal(m.name, err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (?, ?, 'x')`, m.version, m.name); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	old, want := ms[len(ms)-2].version, latest(ms)

	before := stateOf(t, path)
	_, err = OpenReadOnly(path)
	var se *SchemaError
	if !errors.Is(err, ErrSchemaOutdated) || !errors.As(err, &se) || se.Have != old || se.Want != want {
		t.Fatalf("OpenReadOnly of schema %d: err = %v, want a SchemaError %d < %d", old, err, old, want)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("version %d, this program needs %d", old, want)) {
		t.Errorf("message %q does not give both versions", err)
	}
	if d := before.diff(stateOf(t, path)); d != "" {
		t.Errorf("OpenReadOnly changed an outdated database: %s", d)
	}

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if from, to := s.SchemaUpgrade(); from != old || to != want {
		t.Errorf("SchemaUpgrade = %d → %d, want %d → %d", from, to, old, want)
	}
	s.Close()
	s, err = OpenReadOnly(path)
	if err != nil {
		t.Fatalf("after Open migrated it: %v", err)
	}
	s.Close()

	// A newer program's database is refused by both.
	w, _ := Open(path)
	if _, err := w.db.Exec(`INSERT INTO schema_migrations VALUES (?, 'future', 'x')`, want+1); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := OpenReadOnly(path); !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("newer schema, read-only: err = %v, want ErrSchemaTooNew", err)
	}
}

// TestOpenReadOnlyFolder reads a database in a folder the process cannot
// write, as on a read-only medium or share. Root writes anywhere, so as root
// the check runs in a child process under the "nobody" user.
func TestOpenReadOnlyFolder(t *testing.T) {
	if os.Getenv("CMRT_READONLY_CHILD") != "" {
		return // the child's own run of this test: see readOnlyFolderChild
	}
	t.Run("clean", func(t *testing.T) { testOpenReadOnlyFolder(t, false) })
	// -wal and -shm left by a reader that could not remove them (SQLite's
	// own mode=ro does that): the files are used, read-only.
	t.Run("side files left", func(t *testing.T) { testOpenReadOnlyFolder(t, true) })
}

func testOpenReadOnlyFolder(t *testing.T, sideFiles bool) {
	base, err := os.MkdirTemp("", "cmrt-ro-")
	if err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(base, "share")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	path := newDatabase(t, folder)
	t.Cleanup(func() {
		os.Chmod(folder, 0o755)
		os.RemoveAll(base)
	})
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(folder, 0o555); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if sideFiles {
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM smelter_mappings`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	before := stateOf(t, path)
	if want := map[bool]int{false: 0, true: 2}[sideFiles]; len(before.side) != want {
		t.Fatalf("side files %v, want %d", before.side, want)
	}

	if os.Getuid() != 0 {
		if msg := readOnlyFolderChild(path); msg != "" {
			t.Error(msg)
		}
	} else {
		// The test binary must be reachable by the other user.
		self, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		bin := filepath.Join(base, "store.test")
		data, err := os.ReadFile(self)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bin, data, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "-test.run=^TestOpenReadOnlyFolderChild$", "-test.v")
		cmd.Env = append(os.Environ(), "CMRT_READONLY_CHILD="+path, "HOME=/", "GOCACHE=/nonexistent")
		cmd.Dir = base
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		out, err := cmd.CombinedOutput()
		if err != nil {
			if _, ok := err.(*exec.ExitError); !ok {
				t.Skipf("cannot run a child as another user: %v", err)
			}
			t.Errorf("child as uid 65534: %v\n%s", err, out)
		} else if !strings.Contains(string(out), "PASS: TestOpenReadOnlyFolderChild") {
			t.Errorf("child did not run the check:\n%s", out)
		}
	}
	if d := before.diff(stateOf(t, path)); d != "" {
		t.Errorf("reading from a read-only folder changed something: %s", d)
	}
}

func TestOpenReadOnlyFolderChild(t *testing.T) {
	path := os.Getenv("CMRT_READONLY_CHILD")
	if path == "" {
		t.Skip("run by TestOpenReadOnlyFolder")
	}
	if msg := readOnlyFolderChild(path); msg != "" {
		t.Error(msg)
	}
}

// readOnlyFolderChild checks, as a user who cannot write path's folder,
// that reading works and writing is refused with ErrReadOnly.
func readOnlyFolderChild(path string) string {
	if f, err := os.Create(filepath.Join(filepath.Dir(path), "probe")); err == nil {
		f.Close()
		return "the folder is writable: the test proves nothing"
	}
	s, err := OpenReadOnly(path)
	if err != nil {
		return fmt.Sprintf("OpenReadOnly in a read-only folder: %v", err)
	}
	defer s.Close()
	maps, err := s.Mappings(ctx)
	if err != nil || len(maps) != 1 {
		return fmt.Sprintf("reading in a read-only folder: %d mappings, %v", len(maps), err)
	}
	w, err := Open(path)
	if err == nil {
		w.Close()
		return "Open (for writing) in a read-only folder succeeded"
	}
	if !errors.Is(err, ErrReadOnly) {
		return fmt.Sprintf("Open (for writing) in a read-only folder: err = %v, want ErrReadOnly", err)
	}
	return ""
}

// Open of an up-to-date database (a writing command that then writes
// nothing, such as import --dry-run) leaves the file as it was: its write
// probe is rolled back.
func TestOpenUpToDateWritesNothing(t *testing.T) {
	path := newDatabase(t, t.TempDir())
	before := stateOf(t, path)
	time.Sleep(10 * time.Millisecond)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if from, to := s.SchemaUpgrade(); from != to {
		t.Errorf("SchemaUpgrade = %d → %d on an up-to-date database", from, to)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if d := before.diff(stateOf(t, path)); d != "" {
		t.Errorf("opening an up-to-date database for writing changed it: %s", d)
	}
}
