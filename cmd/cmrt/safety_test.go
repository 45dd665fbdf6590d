package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/internal/synth"
	"github.com/openminerals/cmrt/internal/termtext"
	"github.com/openminerals/cmrt/reports"
	"github.com/openminerals/cmrt/smelters/smelterstest"
)

// Hostile text as suppliers' files and RMI list cells can carry it: terminal
// escapes (CSI, OSC ended by BEL), a carriage return that rewrites a line, a
// bidi override that reorders it, and spreadsheet formulas.
const (
	hostileCompanyA = "=HYPERLINK(\"http://evil.example\",\"Acme\x1b]0;pwned\x07\")"
	hostileCompanyB = "@SUM(1+1)\u202eLtd\x1b[2J"
	hostileSmelter1 = "+Evil\rGold Smelter\x1b[31m"
	hostileSmelter2 = "-Tin\u202eWorks\x07"
	hostileFacility = "=Evil\x1b]8;;http://evil.example\x07Refinery\u202e"
	hostileAlias    = "@Alias\rRefinery"
	hostileCity     = "+City\x1b[1A"
	hostileFileA    = "supplier\x1b]0;title\x07\u202exslx.xlsx"
	hostileFileB    = "-second\r\x1b[2K.xlsx"
	hostileRejected = "=rejected\x1b[5m.xlsx"
	hostileList     = "list\x1b]0;x\x07\u202e.csv"
	hostileMapName  = "@Mapped\x1b[8mName"
	hostileRename   = "\tRenamed\x1b[0m\u202eCo"
	hostileSAQ      = "=Quest\u202eionnaire KK" // a questionnaire's company (what survives excelize's writing)
)

// TestOutputSafety builds a database and input files whose names and cells
// carry hostile text, runs every command in every format, and checks that
// no control character or bidi override reaches table or message output,
// that every CSV cell is neutralised against formulas, and that JSON keeps
// the original bytes.
func TestOutputSafety(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	template := func(name, company string, smelterNames ...string) string {
		t.Helper()
		var sc *fixtures.Scenario
		for _, s := range fixtures.Scenarios() {
			if s.Name == "cmrt-6.5-complete" {
				sc = &s
				break
			}
		}
		if sc == nil {
			t.Fatal("no cmrt-6.5-complete scenario")
		}
		d := sc.Decl
		d.Company.Name = xlsxEscapes(company)
		for _, n := range smelterNames {
			d.Smelters = append(d.Smelters, cmrt.SmelterRow{Metal: "Gold", LookupName: cmrt.SmelterNotListed, Name: xlsxEscapes(n), Country: "CHINA"})
		}
		p := filepath.Join(in, name)
		if err := synth.Write(p, d, sc.Opts); err != nil {
			t.Fatal(err)
		}
		unprotectEscapes(t, p)
		return p
	}
	fileA := template(hostileFileA, hostileCompanyA, hostileSmelter1, hostileSmelter2)
	writeSAQFile(t, filepath.Join(in, "questionnaire.xlsx"), hostileSAQ, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), map[string]string{"LAB3": "No"})
	fileB := template(hostileFileB, hostileCompanyB, hostileSmelter1)
	rejected := template(hostileRejected, "")
	// The template reader drops control characters from cells (cmrt's
	// cleanText), so what the tool keeps of a template's hostile text is what
	// cmrt.ReadFile returns; bidi overrides and formula prefixes survive it.
	readA, err := cmrt.ReadFile(fileA)
	if err != nil {
		t.Fatal(err)
	}
	readB, err := cmrt.ReadFile(fileB)
	if err != nil {
		t.Fatal(err)
	}
	companyA, companyB := readA.Company.Name, readB.Company.Name
	var smelter1, smelter2 string
	for _, r := range readA.Smelters {
		switch {
		case strings.HasPrefix(r.Name, "+Evil"):
			smelter1 = r.Name
		case strings.HasPrefix(r.Name, "-Tin"):
			smelter2 = r.Name
		}
	}
	if !strings.HasPrefix(companyA, "=HYPERLINK") || !strings.HasPrefix(companyB, "@SUM") || !strings.Contains(companyB, "\u202e") ||
		!strings.HasPrefix(smelter1, "+Evil") || !strings.Contains(smelter2, "\u202e") {
		t.Fatalf("the hostile text did not survive the writer and reader: %q %q %q %q", companyA, companyB, smelter1, smelter2)
	}

	// An RMI standard list (CSV) whose name, facility name, alias and city are hostile.
	facs := smelterstest.Reference(smelterstest.Options{Seed: 3, Facilities: 20, Aliases: 40})
	facs[0].Name, facs[0].City = hostileFacility, hostileCity
	facs[0].Aliases = append(facs[0].Aliases, hostileFacility, hostileAlias)
	hostileCID := facs[0].CID
	list := filepath.Join(dir, hostileList)
	if err := smelterstest.WriteCSV(list, smelterstest.StandardTable(facs), smelterstest.CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "cmrt\x1b[2J.db")

	type step struct {
		args    []string
		formats []string // nil: table only (commands without --format)
		want    []string // values JSON must hold exactly
		show    []string // values table output must show, made visible (or quoted)
		csv     []string // values CSV output must hold as cells, neutralised; nil: show
		ok      []int    // accepted exit codes besides 0
	}
	all := []string{"table", "csv", "json"}
	steps := []step{
		{args: []string{"migrate"}, formats: all, want: []string{db}, show: []string{db}},
		{args: []string{"smelters", "refresh", list}, formats: all, want: []string{list}, show: []string{list}},
		{args: []string{"check", fileA, fileB, rejected}, formats: all, want: []string{fileA, rejected, companyA, smelter1},
			show: []string{fileA, fileB, rejected, companyA}, ok: []int{exitProblems}},
		{args: []string{"import", in}, formats: all, want: []string{fileA, rejected}, show: []string{rejected}, ok: []int{exitProblems}},
		{args: []string{"suppliers"}, formats: all, want: []string{companyA, companyB}, show: []string{companyA, companyB}},
		{args: []string{"declarations"}, formats: all, want: []string{companyA, companyB, fileA}, show: []string{companyA, companyB, fileA}},
	}
	ran := map[string]bool{}
	runSteps := func(steps []step) {
		for _, s := range steps {
			formats := s.formats
			if formats == nil {
				formats = []string{""}
			}
			for _, format := range formats {
				args := append([]string{"--db", db}, s.args...)
				if format != "" {
					args = append(args, "--format", format)
				}
				stdout, stderr, code := cmrtRun(t, args...)
				name := strings.Join(s.args[:min(2, len(s.args))], " ") + " " + format
				ran[commandOf(s.args)] = true
				if code != exitOK && !slices.Contains(s.ok, code) {
					t.Errorf("%s: exit %d\n%s", name, code, stderr)
					continue
				}
				if msg := unsafeForTerminal(stderr); msg != "" {
					t.Errorf("%s: stderr %s: %q", name, msg, stderr)
				}
				switch format {
				case "json":
					var v any
					if err := json.Unmarshal([]byte(stdout), &v); err != nil {
						t.Errorf("%s: invalid JSON: %v\n%s", name, err, stdout)
						continue
					}
					got := map[string]bool{}
					collectStrings(v, got)
					for _, w := range s.want {
						if !got[w] {
							t.Errorf("%s: JSON lacks the exact value %q", name, w)
						}
					}
				case "csv":
					recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
					if err != nil {
						t.Errorf("%s: invalid CSV: %v\n%s", name, err, stdout)
						continue
					}
					cells := map[string]bool{}
					for _, r := range recs {
						for _, cell := range r {
							cells[cell] = true
							if formulaCell(cell) {
								t.Errorf("%s: CSV cell %q would run as a formula", name, cell)
							}
						}
					}
					wantCells := s.csv
					if wantCells == nil {
						wantCells = s.show
					}
					for _, w := range wantCells {
						if !cells[reports.SafeCell(w)] {
							t.Errorf("%s: CSV has no cell %q", name, reports.SafeCell(w))
						}
					}
				default:
					if msg := unsafeForTerminal(stdout); msg != "" {
						t.Errorf("%s: stdout %s:\n%s", name, msg, stdout)
					}
					for _, w := range s.show {
						if out := stdout + stderr; !strings.Contains(out, termtext.Clean(w)) && !strings.Contains(out, strconv.Quote(w)) {
							t.Errorf("%s: output does not show %q (as %q):\n%s%s", name, w, termtext.Clean(w), stdout, stderr)
						}
					}
				}
			}
		}
	}
	runSteps(steps)

	// Declaration and supplier IDs, as the import gave them.
	var decls []struct {
		ID         int64  `json:"id"`
		SupplierID int64  `json:"supplier_id"`
		File       string `json:"file"`
	}
	out, _, _ := cmrtRun(t, "--db", db, "declarations", "--format", "json")
	if err := json.Unmarshal([]byte(out), &decls); err != nil {
		t.Fatal(err)
	}
	declB, supA, supB := "", "", ""
	for _, d := range decls {
		switch d.File {
		case fileA:
			supA = strconv.FormatInt(d.SupplierID, 10)
		case fileB:
			declB, supB = strconv.FormatInt(d.ID, 10), strconv.FormatInt(d.SupplierID, 10)
		}
	}
	if declB == "" || supA == "" || supB == "" {
		t.Fatalf("declarations of %q and %q not found in\n%s", fileA, fileB, out)
	}
	// Exports: tables through the CSV writer, the company's own templates
	// into blank templates (generated here; their smelters go in as "not
	// listed" rows, since a generated blank has an empty Look-up).
	company := filepath.Join(dir, "company\x1b[2J.yaml")
	if err := os.WriteFile(company, []byte("name: "+strconv.Quote(hostileCompanyA)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var exportSteps []step
	for _, tpl := range []cmrt.Template{{Family: cmrt.CMRT, Version: "6.5"}, {Family: cmrt.EMRT, Version: "2.1"}} {
		blank := filepath.Join(dir, "blank-"+string(tpl.Family)+".xlsx")
		if err := synth.Write(blank, &cmrt.Declaration{Template: tpl}, synth.Options{}); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "own\x1b]0;x\x07"+string(tpl.Family)+".xlsx")
		exportSteps = append(exportSteps, step{args: []string{"export", strings.ToLower(string(tpl.Family)), "--template", blank,
			"--company", company, "-o", out}, show: []string{out}, ok: []int{exitProblems}})
	}
	exportSteps = append(exportSteps,
		step{args: []string{"export"}},
		step{args: []string{"export", "suppliers", "-o", "-"}, formats: []string{"csv"}, csv: []string{hostileRename}},
		step{args: []string{"export", "declarations", "-o", "-"}, formats: []string{"csv"}, csv: []string{fileA}},
		step{args: []string{"export", "smelters", "-o", "-"}, formats: []string{"csv"}, csv: []string{}},
		step{args: []string{"export", "findings", "-o", "-"}, formats: []string{"csv"}, csv: []string{}},
	)
	runSteps([]step{
		{args: []string{"declarations", "show", declB}, formats: all, want: []string{companyB, smelter1}, show: []string{companyB, fileB, smelter1},
			csv: []string{smelter1}},
		{args: []string{"smelters", "list"}, formats: all, want: []string{hostileFacility}, show: []string{hostileFacility}},
		{args: []string{"smelters", "search", "refinery"}, formats: all, want: []string{hostileFacility}, show: []string{hostileFacility}},
		{args: []string{"smelters", "search", hostileFacility}, formats: all, ok: []int{exitProblems}},
		{args: []string{"smelters", "show", hostileCID}, formats: all, want: []string{hostileFacility, hostileCity, hostileAlias},
			show: []string{hostileFacility, hostileCity, hostileAlias}, csv: []string{hostileFacility, hostileAlias}},
		{args: []string{"smelters", "match", hostileSmelter1, "--metal", "gold"}, formats: all, want: []string{hostileSmelter1}, ok: []int{exitProblems}},
		{args: []string{"smelters", "match", hostileAlias}, formats: all, want: []string{hostileFacility, hostileAlias},
			show: []string{hostileFacility}, ok: []int{exitProblems}},
		{args: []string{"smelters", "map", hostileMapName, hostileCID, "--metal", facs[0].Metal, "--note", hostileRename}, formats: all,
			want: []string{hostileMapName, hostileRename}, show: []string{hostileMapName, hostileFacility}, csv: []string{hostileMapName}},
		{args: []string{"smelters", "snapshots"}, formats: all, want: []string{filepath.Base(list)}, show: []string{filepath.Base(list)}},
		{args: []string{"smelters", "declared"}, formats: all, want: []string{smelter1, smelter2}, show: []string{smelter1, smelter2}},
		{args: []string{"suppliers", "rename", supA, hostileRename}, show: []string{hostileRename}},
		{args: []string{"suppliers", "merge", supB, supA}, show: []string{companyB, hostileRename}},
		{args: []string{"suppliers"}, formats: all, want: []string{hostileRename}, show: []string{hostileRename}}, // a tab first
		{args: []string{"report", "disclosure", "--period", "2025", "-o", filepath.Join(dir, "disclosure.pdf")}, formats: all},
		{args: []string{"report", "feedback", "--period", "2025", "-o", filepath.Join(dir, "feedback")}, formats: all,
			want: []string{hostileRename}, show: []string{hostileRename}},
		{args: []string{"smelters", "show", "CID999999"}, formats: all, ok: []int{exitProblems}},
		{args: []string{"declarations", "show", hostileRename}, show: []string{hostileRename}, ok: []int{exitUsage}},
		{args: []string{"--db", filepath.Join(dir, "typo\x1b]0;x\x07.db"), "suppliers"}, show: []string{"typo\x1b]0;x\x07.db"}, ok: []int{exitUsage}},
	})
	runSteps(exportSteps) // after the rename: the supplier's name is hostile

	// The risk commands: a register naming a hostile supplier, reference
	// data from a hostile file name, findings over hostile names, a
	// decision with a hostile note.
	register := filepath.Join(dir, "register\x1b[2J.csv")
	if err := os.WriteFile(register, []byte("name,annual_spend,period\n\"@Register\x1b]0;x\x07Co\",5,2025\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cahra := filepath.Join(dir, "cahra\x1b]0;x\x07.json")
	if err := os.WriteFile(cahra, []byte(`{"meta": {"version": "=Report\u001b[2J"}, "entries": [{"countryName": "Burundi", "iso2": "BI", "wholeCountry": true}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	runSteps([]step{
		{args: []string{"suppliers", "import", register}, formats: all, want: []string{register}, show: []string{register}, csv: []string{"@Register\x1b]0;x\x07Co"}, ok: []int{exitProblems}},
		{args: []string{"data", "import", "cahra", cahra}, formats: all, want: []string{"=Report\x1b[2J"}, show: []string{cahra}},
		{args: []string{"rules", "print"}, formats: []string{"table", "json"}, want: []string{"=Report\x1b[2J"}, show: []string{"=Report\x1b[2J"}},
		{args: []string{"template", "gemstones", "-o", filepath.Join(dir, "gem"+hostileFileB)}, show: []string{filepath.Join(dir, "gem"+hostileFileB)}},
		{args: []string{"template", "saq", "-o", filepath.Join(dir, "saq"+hostileFileB)}, show: []string{filepath.Join(dir, "saq"+hostileFileB)}},
		{args: []string{"saq", "bank", "print"}}, // prints the embedded bank: no user input
		{args: []string{"findings", "--period", "2025"}, formats: all, want: []string{hostileRename, smelter1, "@Register\x1b]0;x\x07Co"},
			show: []string{hostileRename, smelter1, "@Register\x1b]0;x\x07Co"}, ok: []int{exitProblems}},
		{args: []string{"findings", "set", "1", "--status", "accepted-risk", "--note", hostileRename}, formats: all, want: []string{hostileRename}, show: []string{hostileRename}},

		{args: []string{"smelters", "unmap", hostileMapName, "--metal", facs[0].Metal}, formats: []string{"table"}, show: []string{hostileMapName}},
		{args: []string{"smelters", "rematch"}, formats: all},
		{args: []string{"saq", "scores", "--period", "2025"}, formats: all, want: []string{hostileSAQ}, show: []string{hostileSAQ}},
		{args: []string{"saq", "trend", "--period", "2025"}, formats: all}, // counts by group: no names
		{args: []string{"smelters", "snapshots", "drop", "1"}, formats: []string{"table"}, show: []string{filepath.Base(list)}},
	})
	// Every command of the CLI was run here.
	for _, path := range allCommands() {
		if path != "smelters" && path != "serve" && !ran[path] { // serve: web.TestPagesRenderAndEscapeHostileNames
			t.Errorf("command %q is not exercised by TestOutputSafety", path)
		}
	}
}

// commandOf is the command path of args (flags and values dropped).
func commandOf(args []string) string {
	var names []string
	for i := 0; i < len(args); i++ {
		if args[i] == "--db" {
			i++
			continue
		}
		if len(names) < 3 && isCommandPrefix(strings.Join(append(names, args[i]), " ")) {
			names = append(names, args[i])
		}
	}
	return strings.Join(names, " ")
}

// isCommandPrefix: path is a command or the group of one ("rules" of "rules print").
func isCommandPrefix(path string) bool {
	for _, p := range allCommands() {
		if p == path || strings.HasPrefix(p, path+" ") {
			return true
		}
	}
	return false
}

func isCommandName(path string) bool {
	for _, p := range allCommands() {
		if p == path {
			return true
		}
	}
	return false
}

// unsafeForTerminal names the first character in s a terminal would obey
// rather than show: C0 controls other than newline, DEL, C1 controls, bidi
// controls, invalid UTF-8.
func unsafeForTerminal(s string) string {
	for i, r := range s {
		switch {
		case r == '\n':
		case r == utf8.RuneError:
			return "has invalid UTF-8 at byte " + strconv.Itoa(i)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x061c || r == 0x200e || r == 0x200f ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return "has raw " + strconv.QuoteRune(r) + " at byte " + strconv.Itoa(i)
		}
	}
	return ""
}

// formulaCell: a spreadsheet would evaluate this cell (OWASP CSV injection).
func formulaCell(cell string) bool {
	t := strings.TrimLeft(cell, " ")
	if t == "" || !strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return false
	}
	_, err := strconv.ParseFloat(cell, 64)
	return err != nil || strings.ContainsAny(cell, " \t\r")
}

func collectStrings(v any, into map[string]bool) {
	switch x := v.(type) {
	case string:
		into[x] = true
	case []any:
		for _, e := range x {
			collectStrings(e, into)
		}
	case map[string]any:
		for _, e := range x {
			collectStrings(e, into)
		}
	}
}

// xlsxEscapes writes the characters XML cannot carry as the _xHHHH_
// escapes Excel stores them as (_x001B_ for ESC).
func xlsxEscapes(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			fmt.Fprintf(&b, "_x%04X_", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unprotectEscapes rewrites the workbook at path so that excelize's literal
// form of an escape (_x005F_xHHHH_) becomes the escape itself, as in a file
// Excel saved with a control character in a cell.
func unprotectEscapes(t *testing.T, path string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f.Name, ".xml") {
			data = bytes.ReplaceAll(data, []byte("_x005F_x"), []byte("_x"))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
