package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/internal/fixtures"
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
