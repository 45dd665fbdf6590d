package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/importer"
	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/internal/synth"
	"github.com/openminerals/cmrt/store"
)

// TestImportSupplierFlag: a real-layout CMRT with its company block left
// empty is rejected with the hint, and imported with --supplier, its
// smelter rows stored.
func TestImportSupplierFlag(t *testing.T) {
	dir := t.TempDir()
	var path string
	var rows int
	for _, s := range fixtures.Scenarios() {
		if s.Name == "complete-english" {
			d := s.Decl
			d.Company.Name, d.Company.EffectiveDate, d.Company.EffectiveDateText = "", time.Time{}, ""
			path, rows = filepath.Join(dir, "no-company.xlsx"), len(d.Smelters)
			if err := synth.Write(path, d, s.Opts); err != nil {
				t.Fatal(err)
			}
		}
	}
	db := filepath.Join(dir, "cmrt.db")
	out, _, code := cmrtRun(t, "--db", db, "import", path)
	if code != exitProblems || !strings.Contains(out, "no company name") || !strings.Contains(out, "use --supplier NAME to name the supplier") {
		t.Fatalf("without --supplier: exit %d\n%s", code, out)
	}
	out, stderr, code := cmrtRun(t, "--db", db, "import", "--format", "json", "--supplier", "Acme Components Ltd", path)
	if code != exitOK {
		t.Fatalf("with --supplier: exit %d: %s\n%s", code, stderr, out)
	}
	var sum importer.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 1 || sum.Files[0].Supplier != "Acme Components Ltd" {
		t.Fatalf("%+v", sum)
	}
	out, _, _ = cmrtRun(t, "--db", db, "declarations", "show", "--format", "json", "1")
	var d store.DeclarationDetail
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Supplier != "Acme Components Ltd" || len(d.Smelters) != rows || rows == 0 {
		t.Errorf("stored %q with %d smelter rows, want Acme Components Ltd with %d", d.Supplier, len(d.Smelters), rows)
	}
	if _, _, code := cmrtRun(t, "--db", db, "import", "--supplier", " ", path); code != exitUsage {
		t.Errorf("--supplier with a blank name: exit %d, want %d", code, exitUsage)
	}
}

// TestImportListsSkippedPaths: the table and the JSON count and list what
// a folder held besides templates; a hostile file name is printed escaped.
func TestImportListsSkippedPaths(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if _, err := fixtures.Many(in, 1, 2); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, "smelters.csv"), []byte("a,b\n"), 0o644)
	os.WriteFile(filepath.Join(in, "evil\x1b]0;pwned\x07.pdf"), []byte("%PDF"), 0o644)
	db := filepath.Join(dir, "cmrt.db")
	out, stderr, code := cmrtRun(t, "--db", db, "import", in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "imported 1, unchanged 0, superseded 0, rejected 0, skipped 2") ||
		!strings.Contains(out, "smelters.csv: not a template (.csv)") || !strings.Contains(out, `evil\x1b]0;pwned\x07.pdf: not a template (.pdf)`) {
		t.Errorf("table output:\n%s", out)
	}
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("control characters printed raw:\n%q", out)
	}
	out, _, _ = cmrtRun(t, "--db", db, "import", "--format", "json", in)
	var sum importer.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	var skipped []string
	for _, f := range sum.Files {
		if f.Outcome == importer.Skipped {
			skipped = append(skipped, filepath.Base(f.Path)+": "+f.Reason)
		}
	}
	if sum.Skipped != 2 || len(skipped) != 2 || skipped[1] != "smelters.csv: not a template (.csv)" || !strings.Contains(skipped[0], "\x1b]0;pwned") {
		t.Errorf("JSON skipped %d: %q (JSON keeps the name exact)", sum.Skipped, skipped)
	}
}

// TestImportRefusesDevicesAtOnce: `import /dev/zero` names the file and says
// what it is (not "an empty file"), at once.
func TestImportRefusesDevicesAtOnce(t *testing.T) {
	start := time.Now()
	out, _, code := cmrtRun(t, "--db", filepath.Join(t.TempDir(), "cmrt.db"), "import", "/dev/zero")
	if code != exitProblems || !strings.Contains(out, "/dev/zero: not a regular file (a character device)") || strings.Contains(out, "empty") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %s", d)
	}
}

// TestImportDiskFullPrintsWhatWasStored: a database that fails mid-import
// (a trigger raising SQLite's "database or disk is full" on the third file)
// makes import print the summary of what it stored, then exit 3.
func TestImportDiskFullPrintsWhatWasStored(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if _, err := fixtures.Many(in, 5, 3); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "cmrt.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	conn, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`CREATE TRIGGER disk_full BEFORE INSERT ON files WHEN NEW.path LIKE '%supplier-0003.xlsx'
		BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	out, stderr, code := cmrtRun(t, "--db", db, "import", "--workers", "2", in)
	if code != exitInternal {
		t.Fatalf("exit %d, want %d: %s", code, exitInternal, stderr)
	}
	if !regexp.MustCompile(`imported 2, unchanged 0, superseded \d, rejected 0, skipped 0`).MatchString(out) ||
		!strings.Contains(out, "stopped on a database error after storing 2 files; 2 not reached") ||
		!regexp.MustCompile(`failed to store:\n  .*supplier-0003.xlsx.*database or disk is full`).MatchString(out) {
		t.Errorf("summary:\n%s", out)
	}
	if !strings.Contains(stderr, "import stopped") || !strings.Contains(stderr, "run the same import again") {
		t.Errorf("stderr: %s", stderr)
	}
	out, _, code = cmrtRun(t, "--db", db, "import", "--format", "json", in)
	var sum importer.Summary
	json.Unmarshal([]byte(out), &sum)
	if code != exitInternal || sum.Imported != 0 || sum.Unchanged != 2 || sum.Failed != 1 || sum.Error == "" {
		t.Errorf("JSON after the failure: exit %d, %+v", code, sum)
	}
}

// TestImportSameOutputWhateverTheWorkers imports one folder into two
// databases with one and with three workers and compares what the read
// commands print, byte for byte but for instants, and the import summaries
// but for timings.
func TestImportSameOutputWhateverTheWorkers(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if _, err := fixtures.Many(in, 20, 12); err != nil {
		t.Fatal(err)
	}
	outputs := func(workers string) []string {
		db := filepath.Join(dir, "w"+workers+".db")
		out, stderr, code := cmrtRun(t, "--db", db, "import", "--learn-lookup", "--format", "json", "--workers", workers, in)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		res := []string{regexp.MustCompile(`"(wall|read|match|write)_ns": \d+`).ReplaceAllString(out, "")}
		for _, args := range [][]string{{"declarations"}, {"suppliers"}, {"smelters", "declared"}, {"declarations", "show", "7"}} {
			out, stderr, code := cmrtRun(t, append(append([]string{"--db", db}, args...), "--format", "json")...)
			if code != exitOK {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
			// Instants differ between two runs; all else must not.
			res = append(res, regexp.MustCompile(`"[a-z_]+_at": "[^"]*"`).ReplaceAllString(out, `"_at": ""`))
		}
		return res
	}
	a, b := outputs("1"), outputs("3")
	if !strings.Contains(a[1], `"superseded_by": `) {
		t.Log("note: no supersession among these files")
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("output %d differs between 1 and 3 workers:\n%.2000s\n---\n%.2000s", i, a[i], b[i])
		}
	}
}

// TestImportOutputEscapesSupplierNames: a supplier name carrying terminal
// escapes is printed escaped by import, suppliers and declarations show.
func TestImportOutputEscapesSupplierNames(t *testing.T) {
	dir := t.TempDir()
	paths, err := fixtures.Many(filepath.Join(dir, "in"), 1, 4)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "cmrt.db")
	evil := "Evil\x1b]0;owned\x07 \u202eLtd"
	for _, args := range [][]string{
		{"import", "--supplier", evil, paths[0]},
		{"suppliers"},
		{"declarations", "show", "1"},
		{"suppliers", "rename", "1", evil + " 2"},
	} {
		out, stderr, code := cmrtRun(t, append([]string{"--db", db}, args...)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		named := args[0] != "import" // the import table does not print supplier names
		if strings.ContainsAny(out+stderr, "\x1b\x07\u202e") || (named && !strings.Contains(out, `Evil\x1b]0;owned\x07 \u202eLtd`)) {
			t.Errorf("%v printed %q", args, out)
		}
	}
}

// TestImportFolderWithoutTemplates: a folder holding no template lists what
// it skipped and exits 2, as a usage error.
func TestImportFolderWithoutTemplates(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "list.csv"), []byte("a\n"), 0o644)
	out, stderr, code := cmrtRun(t, "--db", filepath.Join(t.TempDir(), "cmrt.db"), "import", dir)
	if code != exitUsage || !strings.Contains(out, "list.csv: not a template (.csv)") || !strings.Contains(stderr, "no template files to import") {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
}
