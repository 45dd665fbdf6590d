package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
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

// TestRemovedEverywhere: with RMI's lists loaded after the import, a
// declared row naming a CID the revision history removed shows removed,
// never conformant, in every command and every format; the stored rows
// followed the refresh without a re-import.
func TestRemovedEverywhere(t *testing.T) {
	dir := t.TempDir()
	if _, err := fixtures.Many(filepath.Join(dir, "in"), 6, 5); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "cmrt.db")
	if _, stderr, code := cmrtRun(t, "--db", db, "import", filepath.Join(dir, "in")); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	// No list loaded at import: every row is unmatched, and keeps its declared CID.
	out, _, _ := cmrtRun(t, "--db", db, "smelters", "declared", "--format", "json")
	var declared []struct {
		Metal, CID, Name, MatchStatus string
		DeclaredCID                   string `json:"declared_cid"`
		RMAPStatus                    string `json:"rmap_status"`
		RemovedOn                     string `json:"removed_on"`
		RemovedReason                 string `json:"removed_reason"`
		StandardName                  string `json:"standard_name"`
	}
	if err := json.Unmarshal([]byte(out), &declared); err != nil || len(declared) == 0 {
		t.Fatalf("declared: %v\n%s", err, out)
	}
	var cid, metal string
	for _, d := range declared {
		if d.MatchStatus == "matched" {
			t.Fatalf("matched before any list was loaded: %+v", d)
		}
		if cid == "" && strings.HasPrefix(d.DeclaredCID, "CID") {
			cid, metal = d.DeclaredCID, d.Metal
		}
	}
	if cid == "" {
		t.Fatal("no declared CID in the generated files")
	}
	var target fixtures.Facility
	var facs []smelters.Facility
	for _, f := range fixtures.Facilities() {
		facs = append(facs, smelters.Facility{CID: f.CID, Metal: f.Metal, Name: f.Name, Country: f.Country, Aliases: append([]string{f.Name}, f.Aliases...),
			Status: smelters.StatusConformant, StatusText: "Conformant", LastAudit: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), AuditCycle: "1 Year"})
		if f.CID == cid {
			target = f
		}
	}
	if target.CID == "" {
		t.Fatalf("%s is not a fixture facility", cid)
	}
	lists := filepath.Join(dir, "lists")
	os.MkdirAll(lists, 0o755)
	aug := time.Date(2026, 8, 22, 0, 0, 0, 0, time.UTC)
	revs := []smelters.Revision{{Metal: target.Metal, CID: cid, Name: target.Name, Country: target.Country, Basis: "Removed",
		Details: "No longer an operating smelter / refiner", RevisionDate: time.Date(2026, 4, 29, 0, 0, 0, 0, time.UTC)}}
	for _, err := range []error{
		smelterstest.WriteSpreadsheetML(filepath.Join(lists, "CMRT_Export.xml"), smelterstest.StandardTable(facs), aug),
		smelterstest.WriteSpreadsheetML(filepath.Join(lists, "Conformant_Smelter_List.xml"), smelterstest.ConformantTable(facs), aug),
		smelterstest.WriteSpreadsheetML(filepath.Join(lists, "Revisions.xml"), smelterstest.RevisionsTable(revs), aug),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	out, stderr, code := cmrtRun(t, "--db", db, "smelters", "refresh", filepath.Join(lists, "CMRT_Export.xml"),
		filepath.Join(lists, "Conformant_Smelter_List.xml"), filepath.Join(lists, "Revisions.xml"))
	if code != exitOK || !strings.Contains(out, "stored declared rows re-matched") {
		t.Fatalf("refresh: exit %d\n%s%s", code, out, stderr)
	}

	// smelters declared, three formats.
	out, _, _ = cmrtRun(t, "--db", db, "smelters", "declared", "--format", "json")
	declared = nil
	json.Unmarshal([]byte(out), &declared)
	found := false
	for _, d := range declared {
		if d.CID == cid {
			found = true
			if d.RMAPStatus != "removed" || d.RemovedOn != "2026-04-29" || d.RemovedReason == "" || d.StandardName != target.Name || d.DeclaredCID != cid {
				t.Errorf("declared json: %+v", d)
			}
		}
	}
	if !found {
		t.Fatalf("declared json: %s not matched after the refresh:\n%s", cid, out)
	}
	out, _, _ = cmrtRun(t, "--db", db, "smelters", "declared", "--format", "csv")
	for _, rec := range csvRecords(t, out) {
		if rec[1] == cid && (rec[8] != "removed" || rec[10] != "2026-04-29") {
			t.Errorf("declared csv: %q", rec)
		}
	}
	out, _, _ = cmrtRun(t, "--db", db, "smelters", "declared")
	if line := lineWith(out, cid); !strings.Contains(line, "removed") || strings.Contains(line, "conformant") {
		t.Errorf("declared table: %q", line)
	}
	out, _, _ = cmrtRun(t, "--db", db, "smelters", "declared", "--status", "conformant", "--format", "csv")
	if strings.Contains(out, cid) {
		t.Errorf("--status conformant lists the removed %s", cid)
	}
	// Before its removal date, it was conformant.
	out, _, _ = cmrtRun(t, "--db", db, "smelters", "declared", "--as-of", "2026-09-01", "--status", "removed", "--format", "csv")
	if !strings.Contains(out, cid) {
		t.Errorf("--as-of 2026-09-01 --status removed lacks %s:\n%s", cid, out)
	}

	// declarations show, three formats, for a declaration naming it.
	out, _, _ = cmrtRun(t, "--db", db, "declarations", "--format", "json")
	var decls []struct{ ID int64 }
	json.Unmarshal([]byte(out), &decls)
	checked := 0
	for _, d := range decls {
		id := itoa64(d.ID)
		out, _, _ = cmrtRun(t, "--db", db, "declarations", "show", "--format", "json", id)
		var show struct {
			Rows []struct {
				MatchCID   string `json:"match_cid"`
				RMAPStatus string `json:"rmap_status"`
				RemovedOn  string `json:"removed_on"`
			} `json:"smelter_rows"`
		}
		json.Unmarshal([]byte(out), &show)
		names := false
		for _, r := range show.Rows {
			if r.MatchCID == cid {
				names = true
				if r.RMAPStatus != "removed" || r.RemovedOn != "2026-04-29" {
					t.Errorf("declarations show %s json: %+v", id, r)
				}
			}
		}
		if !names {
			continue
		}
		checked++
		out, _, _ = cmrtRun(t, "--db", db, "declarations", "show", "--format", "csv", id)
		for _, rec := range csvRecords(t, out) {
			if rec[6] == cid && rec[11] != "removed" {
				t.Errorf("declarations show %s csv: %q", id, rec)
			}
		}
		out, _, _ = cmrtRun(t, "--db", db, "declarations", "show", id)
		if line := lineWith(out, cid); !strings.Contains(line, "removed") || strings.Contains(line, "conformant") {
			t.Errorf("declarations show %s table: %q", id, line)
		}
	}
	if checked == 0 {
		t.Error("no declaration names the removed CID")
	}

	// The lists themselves: list, search and show.
	for _, args := range [][]string{{"list"}, {"search", cid}} {
		for _, f := range []string{"table", "csv", "json"} {
			out, _, _ = cmrtRun(t, append(append([]string{"--db", db, "smelters"}, args...), "--format", f, "--metal", metal)...)
			line := lineWith(out, cid)
			if f == "json" {
				var fs []struct{ CID, Status string }
				json.Unmarshal([]byte(out), &fs)
				for _, x := range fs {
					if x.CID == cid {
						line = x.Status
					}
				}
			}
			if !strings.Contains(line, "removed") || strings.Contains(strings.ToLower(line), "conformant") {
				t.Errorf("smelters %v --format %s: %q", args, f, line)
			}
			out, _, _ = cmrtRun(t, append(append([]string{"--db", db, "smelters"}, args...), "--format", f, "--status", "conformant")...)
			if strings.Contains(out, cid) {
				t.Errorf("smelters %v --status conformant --format %s lists %s", args, f, cid)
			}
		}
	}
	out, _, _ = cmrtRun(t, "--db", db, "smelters", "match", "--cid", cid, "--metal", metal)
	if !strings.Contains(out, "status: removed 2026-04-29") {
		t.Errorf("match:\n%s", out)
	}
	out, _, _ = cmrtRun(t, "--db", db, "smelters", "match", "--cid", cid, "--metal", metal, "--format", "csv")
	if recs := csvRecords(t, out); len(recs) < 2 || recs[1][7] != "removed" {
		t.Errorf("match csv:\n%s", out)
	}
	out, _, _ = cmrtRun(t, "--db", db, "smelters", "show", cid)
	if !regexpMust(`(?m)^status +removed$`).MatchString(out) || !strings.Contains(out, "removed 2026-04-29: No longer an operating") {
		t.Errorf("show:\n%s", out)
	}
	out, _, _ = cmrtRun(t, "--db", db, "smelters", "show", "--format", "json", cid)
	var sj struct {
		Facilities []struct {
			Status  string
			Removal *struct{ Date, Reason string }
		}
	}
	if json.Unmarshal([]byte(out), &sj); len(sj.Facilities) != 1 || sj.Facilities[0].Status != "removed" || sj.Facilities[0].Removal == nil ||
		sj.Facilities[0].Removal.Date != "2026-04-29" {
		t.Errorf("show json:\n%s", out)
	}
}

// TestRefreshSafetyCLI: an undated list that would change many statuses
// is held back (exit 1, saying how many and how); --yes loads it;
// snapshots drop undoes it, stored matches included; a second --date
// re-dates a loaded file.
func TestRefreshSafetyCLI(t *testing.T) {
	f := newSmFixture(t)
	db := filepath.Join(t.TempDir(), "cmrt.db")
	f.load(t, db)
	before, _, _ := smRun(t, db, "smelters", "list", "--format", "csv")
	// An old compilation, re-saved as CSV without a date: every conformant
	// facility of today only Active.
	var old []smelters.Facility
	for _, s := range f.conformant {
		s.Status, s.StatusText = smelters.StatusActive, "Active"
		old = append(old, s)
	}
	undated := filepath.Join(f.dir, "compilation.csv")
	if err := smelterstest.WriteCSV(undated, smelterstest.ActiveTable(old, time.Time{}), smelterstest.CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := smRun(t, db, "smelters", "refresh", "--kind", "active", undated)
	if code != exitProblems || !strings.Contains(stderr, "has no date and would change the status of") || !strings.Contains(stderr, "conformant → active") {
		t.Fatalf("undated refresh: exit %d\n%s%s", code, out, stderr)
	}
	if after, _, _ := smRun(t, db, "smelters", "list", "--format", "csv"); after != before {
		t.Error("a held-back list changed the lists in force")
	}
	out, stderr, code = smRun(t, db, "smelters", "refresh", "--kind", "active", "--yes", "--format", "json", undated)
	var rep []struct {
		Snapshot struct{ ID int64 }
		InForce  bool `json:"in_force"`
	}
	if code != exitOK || json.Unmarshal([]byte(out), &rep) != nil || len(rep) != 1 || !rep[0].InForce {
		t.Fatalf("--yes: exit %d\n%s%s", code, out, stderr)
	}
	if after, _, _ := smRun(t, db, "smelters", "list", "--format", "csv"); after == before {
		t.Error("--yes changed nothing")
	}
	id := itoa64(rep[0].Snapshot.ID)
	out, stderr, code = smRun(t, db, "smelters", "snapshots", "drop", id)
	if code != exitOK || !strings.Contains(out, "dropped snapshot "+id) || !strings.Contains(out, "→ Conformant") {
		t.Fatalf("drop: exit %d\n%s%s", code, out, stderr)
	}
	if after, _, _ := smRun(t, db, "smelters", "list", "--format", "csv"); after != before {
		t.Errorf("drop did not restore the lists in force")
	}
	if _, stderr, code := smRun(t, db, "smelters", "snapshots", "drop", "999"); code != exitUsage || !strings.Contains(stderr, "snapshot 999") {
		t.Errorf("drop 999: exit %d %s", code, stderr)
	}
	// Loaded with a date, then with another: re-dated.
	smRun(t, db, "smelters", "refresh", "--kind", "active", "--date", "2023-05-01", undated)
	out, _, code = smRun(t, db, "smelters", "refresh", "--kind", "active", "--date", "2023-06-01", undated)
	if code != exitOK || !strings.Contains(out, "re-dated: list date 2023-06-01") {
		t.Errorf("re-date: exit %d\n%s", code, out)
	}
	out, _, _ = smRun(t, db, "smelters", "rematch")
	if !strings.Contains(out, "re-matched 0 stored declared rows") {
		t.Errorf("rematch: %s", out)
	}
}

func csvRecords(t *testing.T, s string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, s)
	}
	return recs
}

func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// TestNoLookupAdviceWithNewerLists: a supplier file filled before the
// dated RMI lists loaded carries an older Look-up; import does not advise
// --learn-lookup for it (it does on an empty database).
func TestNoLookupAdviceWithNewerLists(t *testing.T) {
	dir := t.TempDir()
	if _, err := fixtures.Many(filepath.Join(dir, "in"), 2, 7); err != nil {
		t.Fatal(err)
	}
	const advice = "carries a newer Smelter Look-up"
	out, _, _ := cmrtRun(t, "--db", filepath.Join(dir, "empty.db"), "import", filepath.Join(dir, "in"))
	if !strings.Contains(out, advice) {
		t.Fatalf("empty database: no advice to learn\n%s", out)
	}
	f := newSmFixture(t) // lists dated August and October 2026
	db := filepath.Join(dir, "cmrt.db")
	f.load(t, db)
	out, _, _ = cmrtRun(t, "--db", db, "import", filepath.Join(dir, "in"))
	if strings.Contains(out, advice) {
		t.Errorf("advice to learn an older Look-up:\n%s", out)
	}
}

// TestRefreshOutputWithNewlineInName: a facility name with an embedded
// newline prints on one line, escaped.
func TestRefreshOutputWithNewlineInName(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cmrt.db")
	facs := smelterstest.Reference(smelterstest.Options{Seed: 4, Facilities: 10, Aliases: 20})
	path := filepath.Join(dir, "CMRT_Export.xml")
	if err := smelterstest.WriteSpreadsheetML(path, smelterstest.StandardTable(facs), time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := cmrtRun(t, "--db", db, "smelters", "refresh", path); code != exitOK {
		t.Fatal(stderr)
	}
	facs[0].Name = "Line one\nLine two"
	facs[0].Aliases = []string{facs[0].Name}
	path2 := filepath.Join(dir, "CMRT_Export_2.xml")
	if err := smelterstest.WriteSpreadsheetML(path2, smelterstest.StandardTable(facs), time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := cmrtRun(t, "--db", db, "smelters", "refresh", path2)
	if code != exitOK || !strings.Contains(out, `Line one\nLine two`) {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "Line two") {
			t.Errorf("name broke the output: %q", l)
		}
	}
}
