package main

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/internal/synth"
)

// TestMain lets tests run the real command in a child process (the test
// binary itself, with CMRT_TEST_MAIN=1), so a test can kill it mid-import.
func TestMain(m *testing.M) {
	if os.Getenv("CMRT_TEST_MAIN") == "1" {
		os.Exit(run(os.Args, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// cmrtRun runs the CLI in-process and returns stdout, stderr and exit code.
func cmrtRun(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"cmrt"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

// allCommands is the path of every command of the CLI that has an action
// ("smelters list"), in tree order.
func allCommands() []string {
	var paths []string
	var walk func(prefix string, cmds []*cli.Command)
	walk = func(prefix string, cmds []*cli.Command) {
		for _, c := range cmds {
			p := strings.TrimSpace(prefix + " " + c.Name)
			if c.Action != nil {
				paths = append(paths, p)
			}
			walk(p, c.Subcommands)
		}
	}
	walk("", newApp().Commands)
	return paths
}

// dbAccess says what each command does with the database, and arguments
// that get it as far as opening it. A new command must be added here (and
// to writingCommands if it writes): the test below fails until it is.
var dbAccess = map[string]struct {
	access string // "read", "write" or "none"
	args   []string
}{
	"check":                   {"none", []string{"missing.xlsx"}},
	"import":                  {"write", []string{"missing.xlsx"}},
	"migrate":                 {"write", nil},
	"suppliers":               {"read", nil},
	"suppliers merge":         {"write", []string{"A", "B"}},
	"suppliers rename":        {"write", []string{"1", "B"}},
	"declarations":            {"read", nil},
	"declarations show":       {"read", []string{"1"}},
	"smelters":                {"none", nil},
	"smelters refresh":        {"write", []string{"missing.xml"}},
	"smelters list":           {"read", nil},
	"smelters show":           {"read", []string{"CID000001"}},
	"smelters search":         {"read", []string{"gold"}},
	"smelters match":          {"read", []string{"Acme Gold"}},
	"smelters map":            {"write", []string{"Acme Gold", "CID000001", "--metal", "gold"}},
	"smelters snapshots":      {"read", nil},
	"smelters declared":       {"read", nil},
	"suppliers import":        {"write", []string{"missing.csv"}},
	"data import":             {"write", []string{"cahra", "missing.json"}},
	"findings":                {"write-existing", nil},
	"findings set":            {"write-existing", []string{"1", "--status", "resolved"}},
	"rules print":             {"none", nil},
	"smelters unmap":          {"write", []string{"Acme Gold", "--metal", "gold"}},
	"smelters rematch":        {"write", nil},
	"smelters snapshots drop": {"write", []string{"1"}},
	"export":                  {"none", nil},
	"export cmrt":             {"read", []string{"--template", "missing.xlsx", "-o", "out.xlsx"}},
	"export emrt":             {"read", []string{"--template", "missing.xlsx", "-o", "out.xlsx"}},
	"export smelters":         {"read", []string{"-o", "out.csv"}},
	"export findings":         {"read", []string{"-o", "out.csv"}},
	"export suppliers":        {"read", []string{"-o", "out.csv"}},
	"export declarations":     {"read", []string{"-o", "out.csv"}},
	"report disclosure":       {"read", []string{"-o", "never-written.pdf"}},
	"report feedback":         {"read", []string{"-o", "never-written"}},
	"serve":                   {"write", []string{"--listen", "127.0.0.1:99999"}}, // opens the database, then cannot listen
	"template gemstones":      {"none", []string{"-o", "-"}},
	"saq bank print":          {"none", nil},
	"template saq":            {"none", []string{"-o", "-"}},
	"saq scores":              {"read", nil},
	"saq trend":               {"read", nil},
}

// TestDatabaseAccessPerCommand runs every command against a --db that does
// not exist: a command that only reads exits 2 naming the file and creates
// nothing; a command that writes creates it.
func TestDatabaseAccessPerCommand(t *testing.T) {
	seen := map[string]bool{}
	for _, path := range allCommands() {
		seen[path] = true
		want, ok := dbAccess[path]
		if !ok {
			t.Errorf("command %q is not in dbAccess: add it there, and to writingCommands if it writes", path)
			continue
		}
		if writingCommands[path] != (want.access == "write" || want.access == "write-existing") {
			t.Errorf("command %q: writingCommands says %v, dbAccess says %q", path, writingCommands[path], want.access)
		}
		dir := t.TempDir()
		db := filepath.Join(dir, "typo.db")
		args := append([]string{"--db", db}, strings.Fields(path)...)
		_, stderr, code := cmrtRun(t, append(args, want.args...)...)
		_, statErr := os.Stat(db)
		created := statErr == nil
		switch want.access {
		case "write":
			if !created {
				t.Errorf("%s: a writing command did not create the database (exit %d: %s)", path, code, stderr)
			}
		case "read", "write-existing":
			wantMsg := "no database at " + db + "; run `cmrt import` first, or check --db"
			if code != exitUsage || !strings.Contains(stderr, wantMsg) {
				t.Errorf("%s on a missing database: exit %d, stderr %q; want %d and %q", path, code, stderr, exitUsage, wantMsg)
			}
			fallthrough
		default:
			if created {
				t.Errorf("%s created the database %s", path, db)
			}
		}
		if entries, _ := os.ReadDir(dir); !created && len(entries) != 0 {
			t.Errorf("%s left %v behind", path, entries)
		}
	}
	for path := range writingCommands {
		if !seen[path] {
			t.Errorf("writingCommands names %q, which is not a command", path)
		}
	}
	// A dry run only reads.
	db := filepath.Join(t.TempDir(), "typo.db")
	if _, stderr, code := cmrtRun(t, "--db", db, "import", "--dry-run", "missing.xlsx"); code != exitUsage || !strings.Contains(stderr, "no database at "+db) {
		t.Errorf("import --dry-run on a missing database: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("import --dry-run created the database")
	}
}

// TestEveryCommandHasHelpWithExample walks the whole command tree.
func TestEveryCommandHasHelpWithExample(t *testing.T) {
	for _, path := range allCommands() {
		out, _, code := cmrtRun(t, append(strings.Fields(path), "--help")...)
		if code != exitOK || !strings.Contains(out, "Example") || !strings.Contains(out, "cmrt "+path) {
			t.Errorf("cmrt %s --help: exit %d, no example:\n%s", path, code, out)
		}
	}
}

// populatedDB builds a database through the CLI: RMI lists loaded and a few
// declarations imported. It returns the database and arguments for every
// read command that find something in it.
func populatedDB(t *testing.T) (db string, reads [][]string) {
	t.Helper()
	f := newSmFixture(t)
	dir := t.TempDir()
	db = filepath.Join(dir, "cmrt.db")
	f.load(t, db)
	if _, err := fixtures.Many(filepath.Join(dir, "in"), 3, 7); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := cmrtRun(t, "--db", db, "import", filepath.Join(dir, "in")); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	fac := f.conformant[0]
	// The reports write their PDFs outside the database's folder, where
	// any user may (TestReadCommandsInReadOnlyFolder runs them as nobody).
	reportOut, err := os.MkdirTemp("", "cmrt-reports-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(reportOut) })
	if err := os.Chmod(reportOut, 0o777); err != nil {
		t.Fatal(err)
	}
	reads = [][]string{
		{"suppliers"}, {"declarations"}, {"declarations", "show", "1"},
		{"smelters", "list"}, {"smelters", "search", fac.Name}, {"smelters", "show", fac.CID},
		{"smelters", "match", fac.Name}, {"smelters", "snapshots"}, {"smelters", "declared"},
		{"export", "smelters"}, {"export", "findings"}, {"export", "suppliers"}, {"export", "declarations"},
		{"report", "disclosure", "-o", filepath.Join(reportOut, "disclosure.pdf")},
		{"report", "feedback", "-o", filepath.Join(reportOut, "feedback")},
		{"saq", "scores"}, {"saq", "trend"},
	}
	// The company's own templates, into generated blanks, written outside the database's folder.
	gen := t.TempDir()
	// Readable and writable by the other user TestReadCommandsInReadOnlyFolder runs as.
	for _, d := range []string{filepath.Dir(gen), gen} {
		if err := os.Chmod(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	for _, tpl := range []cmrt.Template{{Family: cmrt.CMRT, Version: "6.5"}, {Family: cmrt.EMRT, Version: "2.1"}} {
		blank := filepath.Join(gen, "blank-"+string(tpl.Family)+".xlsx")
		if err := synth.Write(blank, &cmrt.Declaration{Template: tpl}, synth.Options{}); err != nil {
			t.Fatal(err)
		}
		reads = append(reads, []string{"export", strings.ToLower(string(tpl.Family)), "--template", blank, "-o", filepath.Join(gen, "own-"+string(tpl.Family)+".xlsx")})
	}
	return db, reads
}

// dbState is what a command that only reads must leave as it was.
func dbState(t *testing.T, db string) string {
	t.Helper()
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(db))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return fmt.Sprintf("%x %v %v", sha256.Sum256(data), fi.ModTime(), names)
}

// TestReadCommandsLeaveDatabaseUntouched: every read command, in every
// format, leaves the database's bytes, mtime and folder as they were.
func TestReadCommandsLeaveDatabaseUntouched(t *testing.T) {
	db, reads := populatedDB(t)
	before := dbState(t, db)
	if strings.Contains(before, "-wal") || strings.Contains(before, "-shm") {
		t.Fatalf("side files after the writers closed: %s", before)
	}
	var readPaths []string
	for path, a := range dbAccess {
		if a.access == "read" {
			readPaths = append(readPaths, path)
		}
	}
	covered := map[string]bool{}
	for _, r := range reads {
		for _, format := range []string{"table", "csv", "json"} {
			args := append([]string{"--db", db}, r...)
			out, stderr, code := cmrtRun(t, append(args, "--format", format)...)
			if code != exitOK && code != exitProblems || out == "" {
				t.Errorf("%v --format %s: exit %d, stdout %d bytes: %s", r, format, code, len(out), stderr)
			}
		}
		covered[strings.Join(r[:min(len(r), 2)], " ")] = true
		covered[r[0]] = true
	}
	for _, p := range readPaths {
		if !covered[p] {
			t.Errorf("read command %q is not exercised here", p)
		}
	}
	if after := dbState(t, db); after != before {
		t.Errorf("read commands changed the database:\nbefore %s\nafter  %s", before, after)
	}
}

// TestReadCommandOnOutdatedSchema: a database made by an older cmrt (every
// migration but the newest) is not upgraded by a read command, which says
// what to run; migrate upgrades it and the read then works.
func TestReadCommandOnOutdatedSchema(t *testing.T) {
	files, err := filepath.Glob("../../store/migrations/*.sql")
	if err != nil || len(files) < 1 {
		t.Fatalf("migrations: %v %v", files, err)
	}
	sort.Strings(files)
	db := filepath.Join(t.TempDir(), "old.db")
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	version := func(f string) int {
		n, err := strconv.Atoi(strings.SplitN(filepath.Base(f), "_", 2)[0])
		if err != nil {
			t.Fatal(f, err)
		}
		return n
	}
	for _, f := range files[:len(files)-1] {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(string(body)); err != nil {
			t.Fatal(f, err)
		}
		if _, err := conn.Exec(`INSERT INTO schema_migrations VALUES (?, ?, 'x')`, version(f), filepath.Base(f)); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close()
	have, want := version(files[len(files)-2]), version(files[len(files)-1])
	before := dbState(t, db)
	_, stderr, code := cmrtRun(t, "--db", db, "smelters", "list")
	msg := fmt.Sprintf("database %s: schema version %d, this cmrt needs %d: run `cmrt migrate`", db, have, want)
	if code != exitUsage || !strings.Contains(stderr, msg) {
		t.Errorf("read on schema %d: exit %d, stderr %q; want %d and %q", have, code, stderr, exitUsage, msg)
	}
	if after := dbState(t, db); after != before {
		t.Errorf("a read command changed an outdated database")
	}
	out, stderr, code := cmrtRun(t, "--db", db, "migrate")
	if code != exitOK || !strings.Contains(out, fmt.Sprintf("schema upgraded from version %d to %d", have, want)) {
		t.Errorf("migrate: exit %d: %s%s", code, out, stderr)
	}
	if out, _, code := cmrtRun(t, "--db", db, "migrate", "--format", "json"); code != exitOK ||
		!strings.Contains(out, fmt.Sprintf(`"from_version": %d`, want)) {
		t.Errorf("migrate again: exit %d: %s", code, out)
	}
	if _, stderr, code := cmrtRun(t, "--db", db, "smelters", "list"); code != exitOK {
		t.Errorf("read after migrate: exit %d: %s", code, stderr)
	}
}

// TestReadCommandsInReadOnlyFolder runs the read commands, as a user who
// cannot write the database or its folder (a read-only medium or share):
// they work and change nothing; a writing command says why it cannot.
// Root writes anywhere, so as root the commands run as "nobody".
func TestReadCommandsInReadOnlyFolder(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run commands as another user; store.TestOpenReadOnlyFolder covers the rest")
	}
	db, reads := populatedDB(t)
	base, err := os.MkdirTemp("", "cmrt-ro-")
	if err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(base, "share")
	t.Cleanup(func() { os.Chmod(folder, 0o755); os.RemoveAll(base) })
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	roDB := filepath.Join(folder, "cmrt.db")
	if err := os.WriteFile(roDB, data, 0o444); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(base, "cmrt.test")
	exe, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, exe, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{base, folder} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(folder, 0o555); err != nil {
		t.Fatal(err)
	}
	asNobody := func(args ...string) (string, int) {
		cmd := exec.Command(bin, append([]string{"--db", roDB}, args...)...)
		cmd.Env = append(os.Environ(), "CMRT_TEST_MAIN=1", "HOME=/")
		cmd.Dir = base
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return string(out), ee.ExitCode()
		}
		if err != nil {
			t.Skipf("cannot run a command as another user: %v", err)
		}
		return string(out), 0
	}
	before := dbState(t, roDB)
	for _, r := range reads {
		if out, code := asNobody(append(r, "--format", "json")...); code != exitOK && code != exitProblems || !strings.HasPrefix(strings.TrimSpace(out), "[") && !strings.HasPrefix(strings.TrimSpace(out), "{") {
			t.Errorf("%v in a read-only folder: exit %d\n%s", r, code, out)
		}
	}
	if _, err := fixtures.Many(filepath.Join(base, "in"), 1, 9); err != nil {
		t.Fatal(err)
	}
	if out, code := asNobody("import", "--dry-run", "--format", "json", filepath.Join(base, "in")); code != exitOK || !strings.Contains(out, `"dry_run": true`) {
		t.Errorf("import --dry-run in a read-only folder: exit %d\n%s", code, out)
	}
	out, code := asNobody("smelters", "map", "Acme Gold", "CID000001", "--metal", "gold", "--force")
	if code != exitUsage || !strings.Contains(out, "cannot be written here") || !strings.Contains(out, "`cmrt smelters map` writes") {
		t.Errorf("a writing command in a read-only folder: exit %d\n%s", code, out)
	}
	if after := dbState(t, roDB); after != before {
		t.Errorf("commands in a read-only folder changed it:\nbefore %s\nafter  %s", before, after)
	}
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	_, stderr, code := cmrtRun(t, "\x1b[2Jbogus")
	if code != exitUsage || !strings.Contains(stderr, `no command "\x1b[2Jbogus"`) {
		t.Errorf("unknown command: exit %d, stderr %q; want %d", code, stderr, exitUsage)
	}
	if out, _, code := cmrtRun(t); code != exitOK || !strings.Contains(out, "Example") {
		t.Errorf("cmrt alone: exit %d\n%s", code, out)
	}
}
