package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
)

// smRun runs the CLI against a database and returns stdout, stderr and the
// exit code, as run() would.
func smRun(t *testing.T, db string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return cmrtRun(t, append([]string{"--db", db}, args...)...)
}

// smFixture writes generated RMI downloads into a directory: a standard
// list, an Active list (August) and a Conformant list (October) in which
// three of the active facilities have become conformant.
type smFixture struct {
	dir                       string
	facs                      []smelters.Facility
	standard, active, conform string
	promoted                  []smelters.Facility // active in August, conformant in October
	conformant                []smelters.Facility
}

func newSmFixture(t *testing.T) *smFixture {
	t.Helper()
	f := &smFixture{dir: t.TempDir()}
	f.facs = smelterstest.Reference(smelterstest.Options{Seed: 21, Facilities: 80, Aliases: 220})
	aug, oct := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	statuses := smelterstest.Statuses(f.facs, 5, oct)
	var active []smelters.Facility
	for _, s := range statuses {
		if s.Status == smelters.StatusConformant {
			f.conformant = append(f.conformant, s)
			if len(f.promoted) < 3 {
				f.promoted = append(f.promoted, s)
				a := s
				a.Status, a.StatusText = smelters.StatusActive, "Active"
				active = append(active, a)
			}
		}
	}
	f.standard = filepath.Join(f.dir, "CMRT_Export.xml")
	f.active = filepath.Join(f.dir, "Active Smelters.xml")
	f.conform = filepath.Join(f.dir, "Conformant_Smelter_List.xml")
	for _, err := range []error{
		smelterstest.WriteSpreadsheetML(f.standard, smelterstest.StandardTable(f.facs), aug),
		smelterstest.WriteSpreadsheetML(f.active, smelterstest.ActiveTable(active, aug), aug),
		smelterstest.WriteSpreadsheetML(f.conform, smelterstest.ConformantTable(statuses), oct),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *smFixture) load(t *testing.T, db string) {
	t.Helper()
	if _, stderr, code := smRun(t, db, "smelters", "refresh", f.standard, f.active, f.conform); code != exitOK {
		t.Fatalf("refresh: exit %d: %s", code, stderr)
	}
}

func TestSmeltersRefreshCLI(t *testing.T) {
	f := newSmFixture(t)
	db := filepath.Join(t.TempDir(), "cmrt.db")

	out, stderr, code := smRun(t, db, "smelters", "refresh", f.standard)
	if code != exitOK || !strings.Contains(out, "CMRT_Export.xml: snapshot 1, standard list, list date 2026-08-01") ||
		!strings.Contains(out, "changes: 80 added") || !strings.Contains(out, "added "+f.facs[0].CID+" "+f.facs[0].Name) {
		t.Errorf("first refresh: exit %d\n%s\n%s", code, out, stderr)
	}
	out, _, code = smRun(t, db, "smelters", "refresh", f.standard)
	if code != exitOK || !strings.Contains(out, "already loaded as snapshot 1") || strings.Contains(out, "added") {
		t.Errorf("same file again: exit %d\n%s", code, out)
	}

	out, _, code = smRun(t, db, "smelters", "refresh", f.active)
	if code != exitOK {
		t.Fatalf("active: exit %d", code)
	}
	for _, p := range f.promoted {
		if line := p.CID + " " + p.Name + ": not-participating → Active"; !strings.Contains(out, line) {
			t.Errorf("active refresh lacks %q:\n%s", line, out)
		}
	}
	out, _, code = smRun(t, db, "smelters", "refresh", "--format", "json", f.conform)
	if code != exitOK {
		t.Fatalf("conformant: exit %d", code)
	}
	var reports []struct {
		File     string             `json:"file"`
		Kind     string             `json:"kind"`
		InForce  bool               `json:"in_force"`
		Changes  []smelters.Change  `json:"changes"`
		Snapshot struct{ ID int64 } `json:"snapshot"`
	}
	if err := json.Unmarshal([]byte(out), &reports); err != nil || len(reports) != 1 {
		t.Fatalf("json: %v\n%s", err, out)
	}
	r := reports[0]
	var lines []string
	for _, c := range r.Changes {
		lines = append(lines, c.String())
	}
	if r.Kind != "conformant" || !r.InForce || r.Snapshot.ID != 3 || len(r.Changes) != len(f.conformant) {
		t.Errorf("conformant report: %+v", r)
	}
	for _, p := range f.promoted {
		if line := p.CID + " " + p.Name + ": Active → Conformant"; !strings.Contains(strings.Join(lines, "\n"), line) {
			t.Errorf("conformant refresh lacks %q", line)
		}
	}

	// A file lacking columns is rejected (1), an unreadable one is 2; the
	// others are still loaded, and the worst code wins.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("Metal,Smelter Name,Country\nGold,Acme,JAPAN\n"), 0o644)
	other := filepath.Join(t.TempDir(), "Active_2026-11-01.csv")
	os.WriteFile(other, []byte("Metal,Smelter_ID,Standard_Smelter_Name,Country_Location\nGold,"+f.facs[1].CID+","+f.facs[1].Name+",X\n"), 0o644)
	out, stderr, code = smRun(t, db, "smelters", "refresh", bad, other)
	if code != exitProblems || !strings.Contains(stderr, `bad.csv: header row 1 lacks column(s) "Smelter ID"`) ||
		!strings.Contains(out, "Active_2026-11-01.csv: snapshot 4, active list") {
		t.Errorf("rejected file: exit %d\n%s\n%s", code, out, stderr)
	}
	_, stderr, code = smRun(t, db, "smelters", "refresh", filepath.Join(t.TempDir(), "missing.xml"), bad)
	if code != exitUsage || !strings.Contains(stderr, "missing.xml") {
		t.Errorf("unreadable file: exit %d %s", code, stderr)
	}
	// --kind and --date for a file that does not say.
	plain := filepath.Join(t.TempDir(), "list.csv")
	os.WriteFile(plain, []byte("Metal,Smelter_ID,Standard_Smelter_Name\nGold,"+f.facs[2].CID+","+f.facs[2].Name+"\n"), 0o644)
	if _, stderr, code = smRun(t, db, "smelters", "refresh", plain); code != exitProblems || !strings.Contains(stderr, "--kind") {
		t.Errorf("unknown kind: exit %d %s", code, stderr)
	}
	out, _, code = smRun(t, db, "smelters", "refresh", "--kind", "active", "--date", "2026-11-02", plain)
	if code != exitOK || !strings.Contains(out, "active list, list date 2026-11-02 (given)") {
		t.Errorf("--kind --date: exit %d\n%s", code, out)
	}

	out, _, code = smRun(t, db, "smelters", "snapshots", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != exitOK || err != nil || len(recs) != 6 || recs[0][0] != "id" || recs[1][1] != "standard" {
		t.Errorf("snapshots csv: exit %d %v\n%s", code, err, out)
	}
}

func TestSmeltersListShowSearchCLI(t *testing.T) {
	f := newSmFixture(t)
	db := filepath.Join(t.TempDir(), "cmrt.db")
	f.load(t, db)

	out, _, code := smRun(t, db, "smelters", "list", "--status", "conformant", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != exitOK || err != nil || len(recs) != len(f.conformant)+1 || recs[0][0] != "cid" {
		t.Fatalf("list csv: exit %d, %v, %d rows, want %d", code, err, len(recs), len(f.conformant)+1)
	}
	for _, r := range recs[1:] {
		if r[6] != "conformant" {
			t.Errorf("status filter let through %v", r)
		}
	}
	metal := f.facs[0].Metal
	out, _, _ = smRun(t, db, "smelters", "list", "--metal", strings.ToLower(metal), "--format", "json")
	var listed []map[string]any
	if err := json.Unmarshal([]byte(out), &listed); err != nil || len(listed) == 0 {
		t.Fatalf("list json: %v", err)
	}
	for _, l := range listed {
		if l["metal"] != metal {
			t.Errorf("metal filter let through %v", l["metal"])
		}
		if _, ok := l["reaudit_overdue"]; !ok {
			t.Errorf("no reaudit_overdue in %v", l)
		}
	}

	// search by an alias, by CID spelling
	target := f.facs[0]
	alias := target.Aliases[len(target.Aliases)-1]
	out, _, code = smRun(t, db, "smelters", "search", alias)
	if code != exitOK || !strings.Contains(out, target.CID) {
		t.Errorf("search %q: exit %d\n%s", alias, code, out)
	}
	out, _, _ = smRun(t, db, "smelters", "search", strings.ToLower(strings.Replace(target.CID, "CID00", "cid ", 1)))
	if !strings.Contains(out, target.CID) || strings.Count(out, "\n") != 2 {
		t.Errorf("search by CID spelling:\n%s", out)
	}

	// show: names, status, re-audit date, where the data came from
	p := f.promoted[0]
	out, _, code = smRun(t, db, "smelters", "show", p.CID)
	if code != exitOK {
		t.Fatalf("show: exit %d", code)
	}
	for _, want := range []string{p.Name, "names from", "CMRT_Export.xml", "status from", "Conformant_Smelter_List.xml"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`(?m)^status +Conformant$`).MatchString(out) {
		t.Errorf("show lacks the status:\n%s", out)
	}
	if !p.ReauditDue.IsZero() && !strings.Contains(out, "re-audit due") {
		t.Errorf("show lacks the re-audit date:\n%s", out)
	}
	if _, stderr, code := smRun(t, db, "smelters", "show", "CID999999"); code != exitProblems || !strings.Contains(stderr, "CID999999 is not in the lists") {
		t.Errorf("show unknown: exit %d %s", code, stderr)
	}

	// Before any list was out: said so, not "0 of 0 facilities".
	out, stderr, code := smRun(t, db, "smelters", "list", "--as-of", "2025-01-01")
	if code != exitOK || out != "" || !strings.Contains(stderr, "no smelter list was in force on 2025-01-01") || strings.Contains(stderr, "0 of 0") {
		t.Errorf("--as-of before the lists: exit %d\n%s\n%s", code, out, stderr)
	}
	// After snapshot 2 (the Active list), the promoted facility was Active.
	out, _, _ = smRun(t, db, "smelters", "show", "--snapshot", "2", p.CID)
	if !regexp.MustCompile(`(?m)^status +Active$`).MatchString(out) {
		t.Errorf("show --snapshot 2:\n%s", out)
	}
}

func TestSmeltersMatchMapCLI(t *testing.T) {
	f := newSmFixture(t)
	db := filepath.Join(t.TempDir(), "cmrt.db")
	f.load(t, db)
	target := f.facs[3]

	// Flags may follow the name.
	out, _, code := smRun(t, db, "smelters", "match", strings.ToUpper(target.Name), "--metal", strings.ToLower(target.Metal), "--country", target.Country)
	if code != exitOK || !strings.HasPrefix(out, "matched: "+target.CID+" "+target.Name) {
		t.Errorf("match: exit %d\n%s", code, out)
	}
	out, _, code = smRun(t, db, "smelters", "match", "--metal", target.Metal, "--cid", strings.ToLower(target.CID), "--format", "json")
	var res struct {
		Status string `json:"status"`
		CID    string `json:"cid"`
		Reason string `json:"reason"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitOK || res.CID != target.CID || res.Reason != "CID exact" {
		t.Errorf("match --cid: exit %d %v %+v", code, err, res)
	}
	out, _, code = smRun(t, db, "smelters", "match", "Nothing Like Any Smelter Whatsoever", "--metal", target.Metal)
	if code != exitProblems || !strings.HasPrefix(out, "no match:") {
		t.Errorf("no match: exit %d\n%s", code, out)
	}
	declared := "Totally Different Trading House"
	out, _, code = smRun(t, db, "smelters", "match", declared, "--metal", target.Metal)
	if code != exitProblems {
		t.Errorf("before mapping: exit %d\n%s", code, out)
	}

	out, _, code = smRun(t, db, "smelters", "map", declared, "--metal", target.Metal, "--note", "confirmed", target.CID)
	if code != exitOK || !strings.Contains(out, "mapped \""+declared+"\" ("+target.Metal+") → "+target.CID) {
		t.Errorf("map: exit %d\n%s", code, out)
	}
	out, _, code = smRun(t, db, "smelters", "match", strings.ToUpper(declared)+" LTD.", "--metal", target.Metal, "--format", "csv")
	recs, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != exitOK || len(recs) < 2 || recs[1][0] != "matched" || recs[1][2] != target.CID || recs[1][10] != "reviewer mapping" {
		t.Errorf("after mapping: exit %d\n%s", code, out)
	}
	if _, stderr, code := smRun(t, db, "smelters", "map", declared, "--metal", target.Metal, "CID999999"); code != exitUsage || !strings.Contains(stderr, "--force") {
		t.Errorf("map unknown CID: exit %d %s", code, stderr)
	}
	if _, stderr, code := smRun(t, db, "smelters", "map", declared, target.CID); code != exitUsage || !strings.Contains(stderr, "--metal is required") {
		t.Errorf("map without metal: exit %d %s", code, stderr)
	}
}

func TestSmeltersHelpAndUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cmrt.db")
	for _, sub := range []string{"refresh", "list", "show", "search", "match", "map", "snapshots"} {
		out, _, code := smRun(t, db, "smelters", sub, "--help")
		if code != exitOK || !strings.Contains(out, "Example:") || !strings.Contains(out, "cmrt smelters "+sub) {
			t.Errorf("%s --help: exit %d\n%s", sub, code, out)
		}
	}
	// --help after the arguments works too.
	if out, _, code := smRun(t, db, "smelters", "match", "Acme", "--help"); code != exitOK || !strings.Contains(out, "Example:") {
		t.Errorf("match NAME --help: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"smelters", "list", "--format", "xml"},
		{"smelters", "list", "--status", "splendid"},
		{"smelters", "list", "--as-of", "2025-01-01", "--snapshot", "1"},
		{"smelters", "list", "--as-of", "someday"},
		{"smelters", "show"},
		{"smelters", "refresh"},
		{"smelters", "refresh", "--kind", "catalogue", "x.csv"},
		{"smelters", "match"},
		{"smelters", "match", "Acme", "--metal"},
		{"smelters", "match", "Acme", "--colour", "red"},
		{"smelters", "show", "--snapshot", "7", "CID000001"},
		{"smelters", "list", "--colour", "red"},
		{"smelters", "list", "--snapshot", "seven"},
		{"smelters", "bogus"},
	} {
		if _, stderr, code := smRun(t, db, args...); code != exitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, stderr)
		}
	}
	// A missing database is exit 2: a read command does not create it.
	dir := t.TempDir()
	if _, _, code := smRun(t, filepath.Join(dir, "no", "such", "dir", "x.db"), "smelters", "list"); code != exitUsage {
		t.Errorf("bad database path: exit %d, want 2", code)
	}
}

// TestReauditInProgressNotOverdue: a conformant facility whose re-audit
// date has passed is overdue, unless RMI says its re-audit is in progress.
func TestReauditInProgressNotOverdue(t *testing.T) {
	f := newSmFixture(t)
	db := filepath.Join(t.TempDir(), "cmrt.db")
	f.load(t, db)
	now := time.Now()
	var inProgress, overdue *smelters.Facility
	for i := range f.conformant {
		s := &f.conformant[i]
		if s.ReauditDue.IsZero() || !s.ReauditDue.Before(now) {
			continue
		}
		if s.ReauditInProgress && inProgress == nil {
			inProgress = s
		} else if !s.ReauditInProgress && overdue == nil {
			overdue = s
		}
	}
	if inProgress == nil || overdue == nil {
		t.Fatal("fixture lacks an overdue facility with and without a re-audit in progress")
	}
	out, _, _ := smRun(t, db, "smelters", "list", "--status", "conformant")
	if line := lineWith(out, inProgress.CID); !strings.Contains(line, "(re-audit in progress)") || strings.Contains(line, "overdue") {
		t.Errorf("in progress: %q", line)
	}
	if line := lineWith(out, overdue.CID); !strings.Contains(line, "(overdue)") {
		t.Errorf("overdue: %q", line)
	}
	out, _, _ = smRun(t, db, "smelters", "show", "--format", "json", inProgress.CID)
	var sj struct {
		Facilities []struct {
			Reaudit        string
			ReauditOverdue bool `json:"reaudit_overdue"`
		}
	}
	if json.Unmarshal([]byte(out), &sj); len(sj.Facilities) != 1 || sj.Facilities[0].Reaudit != "reaudit_in_progress" || sj.Facilities[0].ReauditOverdue {
		t.Errorf("show json: %s", out)
	}
}
