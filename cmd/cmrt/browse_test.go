package main

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/internal/fixtures"
)

// TestImportAndBrowse drives the daily workflow through the CLI: import a
// folder, list suppliers and declarations, show one, list declared smelters,
// merge two suppliers.
func TestImportAndBrowse(t *testing.T) {
	dir := t.TempDir()
	if _, err := fixtures.Many(filepath.Join(dir, "in"), 6, 5); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "cmrt.db")
	out, stderr, code := cmrtRun(t, "--db", db, "import", filepath.Join(dir, "in"), "--learn-lookup")
	if code != exitOK || !strings.Contains(out, "imported 6") || !strings.Contains(out, "METAL") {
		t.Fatalf("import (flag after the path): exit %d\n%s%s", code, out, stderr)
	}

	out, _, code = cmrtRun(t, "--db", db, "suppliers", "--format", "json")
	var sup []struct {
		ID           int64
		Name         string
		Declarations int
	}
	if err := json.Unmarshal([]byte(out), &sup); err != nil || code != exitOK || len(sup) == 0 {
		t.Fatalf("suppliers: exit %d, %v\n%s", code, err, out)
	}
	total := 0
	for _, s := range sup {
		total += s.Declarations
	}
	if total != 6 {
		t.Errorf("suppliers account for %d declarations, want 6", total)
	}

	out, _, _ = cmrtRun(t, "--db", db, "declarations", "--format", "json")
	var decls []struct {
		ID       int64
		Smelters int
	}
	if err := json.Unmarshal([]byte(out), &decls); err != nil || len(decls) != 6 {
		t.Fatalf("declarations: %v, %d\n%s", err, len(decls), out)
	}
	out, _, code = cmrtRun(t, "--db", db, "declarations", "show", "--format", "json", itoa64(decls[0].ID))
	var show struct {
		Answers     []struct{ Question, Value string }
		SmelterRows []struct{ MatchStatus string } `json:"smelter_rows"`
	}
	if err := json.Unmarshal([]byte(out), &show); err != nil || code != exitOK || len(show.Answers) == 0 || len(show.SmelterRows) != decls[0].Smelters {
		t.Errorf("declarations show: exit %d, %v, %d answers, %d rows (want %d)", code, err, len(show.Answers), len(show.SmelterRows), decls[0].Smelters)
	}
	if _, _, code := cmrtRun(t, "--db", db, "declarations", "show", "99999"); code != exitUsage {
		t.Errorf("show of an unknown ID: exit %d, want %d", code, exitUsage)
	}

	out, _, code = cmrtRun(t, "--db", db, "smelters", "declared", "--format", "json")
	var declared []struct {
		CID       string
		Suppliers int
		Rows      int
	}
	if err := json.Unmarshal([]byte(out), &declared); err != nil || code != exitOK || len(declared) == 0 {
		t.Fatalf("smelters declared: exit %d, %v", code, err)
	}
	rows := 0
	for _, d := range declared {
		rows += d.Rows
		if d.Suppliers < 1 || d.Suppliers > len(sup) {
			t.Errorf("%s named by %d suppliers", d.CID, d.Suppliers)
		}
	}
	want := 0
	for _, d := range decls {
		want += d.Smelters
	}
	if rows != want {
		t.Errorf("smelters declared covers %d rows, declarations hold %d", rows, want)
	}

	if len(sup) >= 2 {
		if _, stderr, code := cmrtRun(t, "--db", db, "suppliers", "merge", itoa64(sup[0].ID), itoa64(sup[1].ID)); code != exitOK {
			t.Fatalf("merge: exit %d: %s", code, stderr)
		}
		out, _, _ = cmrtRun(t, "--db", db, "suppliers", "--format", "json")
		var after []struct{ ID int64 }
		json.Unmarshal([]byte(out), &after)
		if len(after) != len(sup)-1 {
			t.Errorf("after merge: %d suppliers, want %d", len(after), len(sup)-1)
		}
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
