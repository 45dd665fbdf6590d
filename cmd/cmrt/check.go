package main

import (
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/cmrt"
)

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "check supplier templates: the RMI Checker's verdict plus data-quality problems",
		ArgsUsage: "FILE...",
		Description: `Reads each template (CMRT 6.01–6.6.1, EMRT 1.1–2.11.1, CRT 2.2, AMRT
1.2–1.31.1) and reports what is missing or wrong, with the sheet and cell to
fix. "required_missing" counts exactly what the template's own Checker sheet
counts. A revision newer than these is read with its family's latest layout
only when that layout's question headings, labels and headers are where it
expects them (info REVISION_NEWER_THAN_KNOWN); otherwise it is refused,
naming the cell that differs.

Example:
   cmrt check suppliers/*.xlsx
   cmrt check --format json acme-2025.xlsx | jq '.[0].required_missing'

Exit codes: 0 every file complete; 1 a file has errors; 2 usage error or an
unreadable file.

JSON output: an array, one object per file:
   {"file", "readable", "error", "template": {"family","version","language"},
    "company": {"name", …}, "effective_date": "YYYY-MM-DD", "required_missing",
    "problems": [{"code","severity","sheet","cell","message","checker"}],
    "smelters": [{"row","metal","name","cid","country", …}]}`,
		Flags: []cli.Flag{formatFlag()},
		Action: func(c *cli.Context) error {
			files, format, err := prepare(c, 1, -1)
			if err != nil {
				return err
			}
			reports := checkFiles(files, time.Now())
			if err := writeCheckReports(c.App.Writer, format, reports); err != nil {
				return cli.Exit(err.Error(), exitInternal)
			}
			return cli.Exit("", checkExitCode(reports))
		},
	}
}

// FileReport is one file's entry in `cmrt check` output; its JSON form is a
// documented contract.
type FileReport struct {
	File            string            `json:"file"`
	Readable        bool              `json:"readable"`
	Error           string            `json:"error"`    // "" when readable
	Template        *cmrt.Template    `json:"template"` // null when unreadable
	Company         *cmrt.Company     `json:"company"`  // null when unreadable
	EffectiveDate   string            `json:"effective_date"`
	RequiredMissing int               `json:"required_missing"`
	Problems        []cmrt.Problem    `json:"problems"`
	Smelters        []cmrt.SmelterRow `json:"smelters"`
	errors          int
}

// checkFiles reads and checks files on one worker per core; reports keep the
// order of the arguments.
func checkFiles(paths []string, now time.Time) []FileReport {
	reports := make([]FileReport, len(paths))
	bar := newProgress(len(paths), "checking")
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(paths)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				reports[i] = checkFile(paths[i], now)
				bar.Add(1)
			}
		}()
	}
	for i := range paths {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	bar.Done()
	return reports
}

func checkFile(path string, now time.Time) FileReport {
	rep := FileReport{File: path, Problems: []cmrt.Problem{}, Smelters: []cmrt.SmelterRow{}}
	d, err := cmrt.ReadFile(path)
	if err != nil {
		rep.Error = err.Error()
		return rep
	}
	res := cmrt.Check(d, now)
	rep.Readable = true
	rep.Template = &d.Template
	rep.Company = &d.Company
	if !d.Company.EffectiveDate.IsZero() {
		rep.EffectiveDate = d.Company.EffectiveDate.Format("2006-01-02")
	}
	rep.RequiredMissing = res.RequiredMissing
	rep.Problems = res.Problems
	rep.errors = res.Errors()
	if d.Smelters != nil {
		rep.Smelters = d.Smelters
	}
	return rep
}

func checkExitCode(reports []FileReport) int {
	code := exitOK
	for _, r := range reports {
		switch {
		case !r.Readable:
			return exitUsage
		case r.errors > 0:
			code = exitProblems
		}
	}
	return code
}

func writeCheckReports(w io.Writer, format string, reports []FileReport) error {
	switch format {
	case "json":
		return writeJSON(w, reports)
	case "csv":
		t := Table{Header: []string{"file", "readable", "error", "family", "version", "language", "company", "effective_date", "required_missing", "severity", "code", "sheet", "cell", "message"}}
		for _, r := range reports {
			base := []string{r.File, strconv.FormatBool(r.Readable), r.Error, "", "", "", "", r.EffectiveDate, strconv.Itoa(r.RequiredMissing)}
			if r.Template != nil {
				base[3], base[4], base[5] = string(r.Template.Family), r.Template.Version, r.Template.Language
			}
			if r.Company != nil {
				base[6] = r.Company.Name
			}
			if len(r.Problems) == 0 {
				t.Add(append(base, "", "", "", "", "")...)
			}
			for _, p := range r.Problems {
				t.Add(append(append([]string(nil), base...), string(p.Severity), p.Code, p.Sheet, p.Cell, p.Message)...)
			}
		}
		return t.Write(w, "csv")
	}
	for i, r := range reports {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if !r.Readable {
			printf(w, "%s: UNREADABLE: %s\n", r.File, r.Error)
			continue
		}
		warn := 0
		for _, p := range r.Problems {
			if p.Severity == cmrt.Warning {
				warn++
			}
		}
		verdict := "complete"
		if r.errors > 0 {
			verdict = "INCOMPLETE"
		}
		date := r.EffectiveDate
		if date == "" {
			date = "no date"
		}
		// File and company names come from suppliers: printf makes their
		// control characters visible instead of obeying them.
		// The gemstone declaration is the project's own template: no
		// Smelter List, and its Checker is not RMI's.
		rows, checker := fmt.Sprintf(", %d smelter rows", len(r.Smelters)), "RMI Checker"
		if r.Template.Family == cmrt.GEM {
			rows, checker = "", "the template's Checker"
		}
		printf(w, "%s: %s %s (%s), \"%s\", effective %s%s\n", r.File, string(r.Template.Family), r.Template.Version, r.Template.Language, r.Company.Name, date, rows)
		fmt.Fprintf(w, "  %s: %d required fields missing (%s), %d errors, %d warnings\n", verdict, r.RequiredMissing, checker, r.errors, warn)
		if len(r.Problems) == 0 {
			continue
		}
		t := Table{Header: []string{"  SEVERITY", "CODE", "CELL", "MESSAGE"}}
		for _, p := range r.Problems {
			t.Add("  "+string(p.Severity), p.Code, p.Sheet+"!"+p.Cell, p.Message)
		}
		if err := t.Write(w, "table"); err != nil {
			return err
		}
	}
	return nil
}
