package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/importer"
	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/store"
)

// TestImportKilledThenRerun kills a real `cmrt import` process while it is
// writing, then checks that the database is consistent — every stored file
// complete, nothing half-written — and that running the import again
// finishes the job with the same content as an uninterrupted import.
func TestImportKilledThenRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	files, err := fixtures.Many(filepath.Join(dir, "in"), 60, 11)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "killed.db")
	cmd := exec.Command(os.Args[0], "--db", db, "import", "--learn-lookup", "--workers", "1", filepath.Join(dir, "in"))
	cmd.Env = append(os.Environ(), "CMRT_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stored := waitForRows(t, db, 5, 60*time.Second)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	t.Logf("killed after %d of %d files were stored", stored, len(files))

	checkConsistent(t, db, files)

	out, stderr, code := cmrtRun(t, "--db", db, "import", "--format", "json", filepath.Join(dir, "in"))
	if code != exitOK {
		t.Fatalf("re-run: exit %d: %s", code, stderr)
	}
	var sum importer.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Imported+sum.Unchanged != len(files) || sum.Unchanged == 0 || sum.Rejected != 0 {
		t.Errorf("re-run summary: imported %d, unchanged %d, rejected %d; want %d in all, some unchanged", sum.Imported, sum.Unchanged, sum.Rejected, len(files))
	}
	checkConsistent(t, db, files)

	clean := filepath.Join(dir, "clean.db")
	if _, stderr, code := cmrtRun(t, "--db", clean, "import", "--learn-lookup", filepath.Join(dir, "in")); code != exitOK {
		t.Fatalf("clean import: exit %d: %s", code, stderr)
	}
	if a, b := contentOf(t, db), contentOf(t, clean); a != b {
		t.Errorf("killed-and-rerun database differs from a clean import:\n%s\nvs\n%s", a, b)
	}
}

// waitForRows waits until the database holds at least n stored files and
// returns how many it saw.
func waitForRows(t *testing.T, db string, n int, limit time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if got := queryInt(db, `SELECT COUNT(*) FROM files`); got >= n {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("import stored fewer than %d files in %s", n, limit)
	return 0
}

func queryInt(db, q string) int {
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return -1
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(q).Scan(&n); err != nil {
		return -1
	}
	return n
}

// checkConsistent asserts SQLite's own integrity and foreign-key checks pass
// and that every stored declaration has exactly the rows its file holds.
func checkConsistent(t *testing.T, db string, files []string) {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	conn, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var ok string
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
	rows, err := conn.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Error("foreign_key_check reports violations")
	}
	rows.Close()
	want := map[string][2]int{} // path → smelter rows, answers
	for _, f := range files {
		d, err := cmrt.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want[f] = [2]int{len(d.Smelters), len(d.Answers)}
	}
	decls, err := st.Declarations(context.Background(), store.DeclarationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range decls {
		w, ok := want[d.File]
		if !ok {
			t.Errorf("declaration %d from unknown file %s", d.ID, d.File)
			continue
		}
		var answers int
		conn.QueryRow(`SELECT COUNT(*) FROM answers WHERE declaration_id = ?`, d.ID).Scan(&answers)
		if d.Smelters != w[0] || answers != w[1] {
			t.Errorf("%s: stored %d smelter rows and %d answers, file has %d and %d", d.File, d.Smelters, answers, w[0], w[1])
		}
	}
}

// contentOf summarises what a database holds per file, independent of IDs
// and import order.
func contentOf(t *testing.T, db string) string {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT f.sha256, d.company_name, d.required_missing,
		(SELECT COUNT(*) FROM declared_smelters x WHERE x.declaration_id = d.id),
		(SELECT COUNT(*) FROM declared_smelters x WHERE x.declaration_id = d.id AND x.match_status = 'matched'),
		(SELECT COUNT(*) FROM answers a WHERE a.declaration_id = d.id),
		(SELECT COUNT(*) FROM problems p WHERE p.declaration_id = d.id),
		d.superseded_by IS NULL
		FROM declarations d JOIN files f ON f.id = d.file_id ORDER BY f.sha256`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var sha, name string
		var missing, sm, matched, ans, probs int
		var current bool
		if err := rows.Scan(&sha, &name, &missing, &sm, &matched, &ans, &probs, &current); err != nil {
			t.Fatal(err)
		}
		b.WriteString(fmt.Sprint(sha[:12], " ", name, " ", missing, " ", sm, " ", matched, " ", ans, " ", probs, " ", boolStr(current)) + "\n")
	}
	return b.String()
}

func boolStr(b bool) string {
	if b {
		return "current"
	}
	return "superseded"
}
