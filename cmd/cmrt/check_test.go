package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/internal/synth"
)

// checkJSON is the documented JSON contract of `cmrt check`, decoded
// independently of the types that write it.
type checkJSON struct {
	File     string `json:"file"`
	Readable bool   `json:"readable"`
	Error    string `json:"error"`
	Template *struct {
		Family, Version, Language string
	} `json:"template"`
	Company *struct {
		Name string `json:"name"`
	} `json:"company"`
	EffectiveDate   string `json:"effective_date"`
	RequiredMissing int    `json:"required_missing"`
	Problems        []struct {
		Code, Severity, Sheet, Cell, Message string
		Checker                              bool
	} `json:"problems"`
	Smelters []struct {
		Row                       int
		Metal, Name, CID, Country string
	} `json:"smelters"`
}

func TestCheckScenariosJSON(t *testing.T) {
	dir := t.TempDir()
	paths, err := fixtures.WriteAll(dir)
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := cmrtRun(t, append([]string{"check", "--format", "json"}, paths...)...)
	if code != exitUsage { // the hostile scenarios are unreadable
		t.Errorf("exit %d, want %d with unreadable files among them (stderr %s)", code, exitUsage, stderr)
	}
	var reports []checkJSON
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("JSON: %v\n%s", err, out[:min(len(out), 500)])
	}
	// Every documented key is present in every object, readable or not.
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, obj := range raw {
		for _, k := range []string{"file", "readable", "error", "template", "company", "effective_date", "required_missing", "problems", "smelters"} {
			if _, ok := obj[k]; !ok {
				t.Errorf("%s: key %q missing", obj["file"], k)
			}
		}
	}
	scen := fixtures.Scenarios()
	if len(reports) != len(scen) {
		t.Fatalf("%d reports for %d files", len(reports), len(scen))
	}
	for i, s := range scen {
		r, e := reports[i], s.Expect
		if r.File != paths[i] {
			t.Errorf("report %d is for %s, want %s (argument order)", i, r.File, paths[i])
		}
		if e.Err != nil {
			if r.Readable || !strings.Contains(r.Error, filepath.Base(paths[i])) || strings.Contains(r.Error, "\n") {
				t.Errorf("%s: readable=%v error=%q; want a one-line error naming the file", s.Name, r.Readable, r.Error)
			}
			continue
		}
		if !r.Readable {
			t.Errorf("%s: unreadable: %s", s.Name, r.Error)
			continue
		}
		if r.Template.Family != string(e.Family) || r.Template.Version != e.Version || r.Template.Language != e.Language {
			t.Errorf("%s: template %+v, want %s %s %s", s.Name, *r.Template, e.Family, e.Version, e.Language)
		}
		if r.RequiredMissing != e.RequiredMissing {
			t.Errorf("%s: required_missing %d, want %d", s.Name, r.RequiredMissing, e.RequiredMissing)
		}
		if r.Company.Name != e.CompanyName || r.EffectiveDate != e.EffectiveDate {
			t.Errorf("%s: company %q date %q, want %q %q", s.Name, r.Company.Name, r.EffectiveDate, e.CompanyName, e.EffectiveDate)
		}
		codes := map[string]bool{}
		checker := 0
		for _, p := range r.Problems {
			codes[p.Code] = true
			if p.Checker {
				checker++
			}
			if p.Sheet == "" || p.Cell == "" || p.Message == "" {
				t.Errorf("%s: problem without sheet, cell or message: %+v", s.Name, p)
			}
		}
		if checker != r.RequiredMissing {
			t.Errorf("%s: %d checker problems but required_missing %d", s.Name, checker, r.RequiredMissing)
		}
		for _, c := range e.Codes {
			if !codes[c] {
				t.Errorf("%s: no %s problem", s.Name, c)
			}
		}
		if e.Smelters != nil && len(r.Smelters) != len(e.Smelters) {
			t.Errorf("%s: %d smelters, want %d", s.Name, len(r.Smelters), len(e.Smelters))
		}
		for j := range e.Smelters {
			if j >= len(r.Smelters) {
				break
			}
			g, w := r.Smelters[j], e.Smelters[j]
			if g.Row != w.Row || g.Metal != w.Metal || g.Name != w.Name || g.CID != w.CID || g.Country != w.Country {
				t.Errorf("%s: smelter %d = %+v, want %+v", s.Name, j, g, w)
			}
		}
	}
}

func scenarioPath(t *testing.T, dir, name string) string {
	t.Helper()
	for _, s := range fixtures.Scenarios() {
		if s.Name == name {
			p := filepath.Join(dir, s.File())
			if err := s.Write(p); err != nil {
				t.Fatal(err)
			}
			return p
		}
	}
	t.Fatalf("no scenario %q", name)
	return ""
}

func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	complete := scenarioPath(t, dir, "complete-english")
	missing := scenarioPath(t, dir, "missing-fields")
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"check", complete}, exitOK},
		{[]string{"check", complete, missing}, exitProblems},
		{[]string{"check", complete, filepath.Join(dir, "nope.xlsx")}, exitUsage},
		{[]string{"check"}, exitUsage},
		{[]string{"check", "--format", "yaml", complete}, exitUsage},
		{[]string{"check", "--no-such-flag", complete}, exitUsage},
	}
	for _, c := range cases {
		if _, stderr, code := cmrtRun(t, c.args...); code != c.code {
			t.Errorf("cmrt %s: exit %d, want %d (%s)", strings.Join(c.args, " "), code, c.code, stderr)
		}
	}
}

func TestCheckTableAndCSV(t *testing.T) {
	dir := t.TempDir()
	missing := scenarioPath(t, dir, "missing-fields")
	out, _, _ := cmrtRun(t, "check", missing)
	if !strings.Contains(out, "INCOMPLETE") || !strings.Contains(out, "Declaration!D") || !strings.Contains(out, "REQUIRED_FIELD") {
		t.Errorf("table output lacks the verdict or cells:\n%s", out)
	}
	out, _, _ = cmrtRun(t, "check", "--format", "csv", missing)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 2 || recs[0][0] != "file" || recs[0][10] != "code" {
		t.Fatalf("csv header %v", recs[0])
	}
	for _, r := range recs[1:] {
		if r[0] != missing || r[10] == "" {
			t.Errorf("csv row %v", r)
		}
	}
}

func TestHelpHasExamples(t *testing.T) {
	for _, cmd := range [][]string{{"check"}, {"import"}, {"suppliers"}, {"suppliers", "merge"}, {"suppliers", "rename"},
		{"declarations"}, {"declarations", "show"}, {"smelters"}, {"smelters", "declared"}, {"smelters", "match"}, {"smelters", "refresh"}} {
		out, _, code := cmrtRun(t, append(cmd, "--help")...)
		if code != exitOK || !strings.Contains(out, "Example") {
			t.Errorf("cmrt %s --help: exit %d, no example:\n%s", cmd[0], code, out)
		}
	}
	out, _, _ := cmrtRun(t, "--help")
	if !strings.Contains(out, "Exit codes") || !strings.Contains(out, "Example") {
		t.Errorf("cmrt --help does not document exit codes:\n%s", out)
	}
}

// checkKeys are the keys README's JSON contract documents for each object of
// `cmrt check --format json`; every one must be present, empty or not.
var checkKeys = map[string][]string{
	"file":     {"file", "readable", "error", "template", "company", "effective_date", "required_missing", "problems", "smelters"},
	"template": {"family", "version", "language"},
	"company": {"name", "scope", "scope_description", "unique_id", "unique_id_authority", "address", "contact_name",
		"contact_email", "contact_phone", "authorizer", "authorizer_title", "authorizer_email", "authorizer_phone",
		"effective_date_text"},
	"problems": {"code", "severity", "sheet", "cell", "message", "checker"},
	"smelters": {"row", "cid_input", "metal", "lookup_name", "name", "country", "cid", "source", "street", "city", "state",
		"contact_name", "contact_email", "next_steps", "mine_name", "mine_country", "recycled", "comments", "resolved"},
}

// TestCheckJSONKeepsEveryKey decodes the JSON generically, so a key dropped
// by omitempty or a null list cannot hide behind Go's zero values.
func TestCheckJSONKeepsEveryKey(t *testing.T) {
	dir := t.TempDir()
	complete := scenarioPath(t, dir, "complete-english")
	incomplete := scenarioPath(t, dir, "missing-fields")
	unreadable := scenarioPath(t, dir, "hostile-csv")
	out, _, _ := cmrtRun(t, "check", "--format", "json", complete, incomplete, unreadable)
	var reports []map[string]any
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatal(err)
	}
	if len(reports) != 3 {
		t.Fatalf("%d reports", len(reports))
	}
	has := func(where string, obj map[string]any, kind string) {
		for _, k := range checkKeys[kind] {
			if _, ok := obj[k]; !ok {
				t.Errorf("%s: %s object lacks key %q", where, kind, k)
			}
		}
	}
	for i, r := range reports {
		where := filepath.Base(r["file"].(string))
		has(where, r, "file")
		for _, list := range []string{"problems", "smelters"} {
			if _, ok := r[list].([]any); !ok {
				t.Errorf("%s: %q is %v, want a list (never null)", where, list, r[list])
			}
		}
		if i == 2 {
			if r["readable"] != false || r["template"] != nil || r["company"] != nil || r["error"] == "" {
				t.Errorf("%s: unreadable file reported as %v", where, r)
			}
			continue
		}
		has(where, r["template"].(map[string]any), "template")
		company := r["company"].(map[string]any)
		has(where, company, "company")
		for _, kind := range []string{"problems", "smelters"} {
			rows := r[kind].([]any)
			if len(rows) == 0 && (kind == "smelters" || i == 1) {
				t.Errorf("%s: no %s to test", where, kind)
			}
			for _, row := range rows {
				has(where, row.(map[string]any), kind)
			}
		}
	}
	// The incomplete file leaves fields empty: they are "", not absent.
	empty := 0
	for _, v := range reports[1]["company"].(map[string]any) {
		if v == "" {
			empty++
		}
	}
	if empty == 0 {
		t.Error("missing-fields: no empty company field to test")
	}
}

// TestCheckRefusesNonRegularFiles: a FIFO would block a read forever and
// /dev/zero never ends; check must name them and go on, quickly.
func TestCheckRefusesNonRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.xlsx")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	complete := scenarioPath(t, dir, "complete-english")
	args := []string{"check", "--format", "json", fifo, complete}
	if _, err := os.Stat("/dev/zero"); err == nil {
		args = append(args, "/dev/zero")
	}
	type result struct {
		out  string
		code int
	}
	done := make(chan result, 1)
	go func() {
		out, _, code := cmrtRun(t, args...)
		done <- result{out, code}
	}()
	var res result
	select {
	case res = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("cmrt check on a FIFO and /dev/zero did not return within 20 s")
	}
	if res.code != exitUsage {
		t.Errorf("exit %d, want %d", res.code, exitUsage)
	}
	var reports []checkJSON
	if err := json.Unmarshal([]byte(res.out), &reports); err != nil {
		t.Fatal(err)
	}
	if len(reports) != len(args)-3 {
		t.Fatalf("%d reports for %d files", len(reports), len(args)-3)
	}
	for _, r := range reports {
		switch r.File {
		case complete:
			if !r.Readable {
				t.Errorf("%s: %s", r.File, r.Error)
			}
		default:
			if r.Readable || !strings.Contains(r.Error, r.File) || !strings.Contains(r.Error, "not a regular file") {
				t.Errorf("%s: error %q, want it named as not a regular file", r.File, r.Error)
			}
		}
	}
}

// TestCheckOutputIsTerminalSafe: a file name with an escape sequence and a
// company name starting with "=" come from suppliers; the table shows the
// escape as text, CSV neutralises the formula, JSON keeps both exact.
func TestCheckOutputIsTerminalSafe(t *testing.T) {
	dir := t.TempDir()
	src := scenarioPath(t, dir, "complete-english")
	evil := filepath.Join(dir, "acme\x1b]0;pwned\x07\x1b[2J.xlsx")
	if err := os.Rename(src, evil); err != nil {
		t.Skipf("file system refuses the name: %v", err)
	}
	formula := filepath.Join(dir, "formula.xlsx")
	var d *cmrt.Declaration
	for _, s := range fixtures.Scenarios() {
		if s.Name == "complete-english" {
			d = s.Decl
		}
	}
	d.Company.Name = "=HYPERLINK(\"http://x.example\",\"Acme\")"
	if err := synth.Write(formula, d, synth.Options{TrimFormulaRows: true}); err != nil {
		t.Fatal(err)
	}
	out, _, _ := cmrtRun(t, "check", evil, formula)
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("table output carries raw control characters:\n%q", out)
	}
	if !strings.Contains(out, `acme\x1b]0;pwned\x07\x1b[2J.xlsx`) {
		t.Errorf("table output does not show the escaped file name:\n%s", out)
	}
	out, _, _ = cmrtRun(t, "check", "--format", "csv", formula)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		if r[6] != "'"+d.Company.Name {
			t.Errorf("csv company cell %q, want it neutralised", r[6])
		}
	}
	out, _, _ = cmrtRun(t, "check", "--format", "json", evil, formula)
	var reports []checkJSON
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatal(err)
	}
	if reports[0].File != evil || reports[1].Company.Name != d.Company.Name {
		t.Errorf("JSON is not exact: %q, %q", reports[0].File, reports[1].Company.Name)
	}
}

// TestCheckRevisions2026: the 2026 revisions check complete; next year's
// CMRT is checked with the 6.6.1 layout when its anchors hold, and refused
// naming the anchor's cell when one does not.
func TestCheckRevisions2026(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, n := range []string{"cmrt-6.6-complete", "cmrt-6.6.1-complete", "emrt-2.11-complete", "amrt-1.31-complete", "cmrt-6.7-anchors-verify"} {
		paths = append(paths, scenarioPath(t, dir, n))
	}
	out, stderr, code := cmrtRun(t, append([]string{"check"}, paths...)...)
	if code != exitOK {
		t.Errorf("exit %d, want %d (%s)\n%s", code, exitOK, stderr, out)
	}
	for _, want := range []string{"CMRT 6.6 (English)", "CMRT 6.6.1 (English)", "EMRT 2.11 (English)", "AMRT 1.31 (English)",
		"CMRT 6.7 (English)", "REVISION_NEWER_THAN_KNOWN", "CMRT 6.6.1 layout"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "TEMPLATE_OUTDATED") {
		t.Errorf("a current revision reported outdated:\n%s", out)
	}
	moved := scenarioPath(t, dir, "cmrt-6.7-anchors-moved")
	out, _, code = cmrtRun(t, "check", moved)
	if code != exitUsage || !strings.Contains(out, "UNREADABLE") || !strings.Contains(out, "Declaration!B25") || !strings.Contains(out, "question 1 heading") {
		t.Errorf("exit %d, want %d and the anchor named:\n%s", code, exitUsage, out)
	}
}

// TestShowRequesterColumns: a CMRT 6.6 file's requester product numbers
// reach the database and `declarations show`.
func TestShowRequesterColumns(t *testing.T) {
	dir := t.TempDir()
	path := scenarioPath(t, dir, "cmrt-6.6-complete")
	db := filepath.Join(dir, "s.db")
	if _, stderr, code := cmrtRun(t, "--db", db, "import", path); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	out, _, code := cmrtRun(t, "--db", db, "declarations", "show", "1")
	if code != exitOK {
		t.Fatalf("show: exit %d", code)
	}
	for _, want := range []string{"REQUESTER NUMBER", "REQUESTER NAME", "ACM-55-0013", "Position sensor AEC-Q100", "Replaces HX-2114", "HX-3001"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
}
