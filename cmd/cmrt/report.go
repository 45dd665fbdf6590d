package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/exports"
	"github.com/openminerals/cmrt/reports"
	"github.com/openminerals/cmrt/season"
	"github.com/openminerals/cmrt/store"
)

func reportCommand() *cli.Command {
	pdfFlags := func(output string) []cli.Flag {
		return append(periodFlags(),
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: output},
			&cli.StringFlag{Name: "company", Usage: "company `FILE` (YAML; see testdata/company.yaml)"},
			&cli.StringFlag{Name: "paper", Value: "a4", Usage: "paper `SIZE`: a4 or letter"},
			&cli.StringFlag{Name: "font", Usage: "TrueType font `FILE` for Chinese, Japanese and Korean (default $" + reports.FontEnv + ", else " + reports.DefaultFontPath + ")"},
			&cli.StringFlag{Name: "latin-font", Usage: "TrueType font `FILE` for every other script (default $" + reports.LatinFontEnv + ", else " + reports.DefaultLatinFontPath + ")"},
			&cli.StringFlag{Name: "creation-date", Usage: "the PDF's creation `DATE` (YYYY-MM-DD; default the --as-of date, so the same data gives the same bytes)"},
			formatFlag(),
		)
	}
	return &cli.Command{
		Name:  "report",
		Usage: "PDF reports: the annual disclosure and the suppliers' feedback sheets",
		Subcommands: []*cli.Command{{
			Name:  "disclosure",
			Usage: "the annual conflict-minerals disclosure (Form SD CMR / EU 2017/821 / OECD step 5 shape)",
			Description: `Renders the period's disclosure report from the stored declarations, the
smelter lists in force on --as-of, the supplier register, the findings (with
the decisions recorded by "cmrt findings set") and the company file. Without
--company the report still renders, with marked placeholders naming the
company-file key that fills each gap. Only reads the database.

Example:
   cmrt report disclosure --period 2025 --company company.yaml -o disclosure-2025.pdf
   cmrt report disclosure --period 2025 --as-of 2025-12-31 --paper letter -o cmr-2025.pdf`,
			Flags:  pdfFlags("PDF `FILE` to write (required)"),
			Action: storeAction(0, 0, runReportDisclosure),
		}, {
			Name:  "feedback",
			Usage: "one feedback sheet (PDF) per responding supplier: rank, findings, smelters, requests",
			Description: `Writes one PDF per supplier with a current declaration for the period into
the --output folder (created when missing): the supplier's risk rank and
what drove it, each finding with the sheet and cell to fix, its smelters and
refiners that are not conformant or were removed, and what is requested by
--due. The fixed text is in the language of the supplier's template where a
translation exists (Chinese, Japanese), English otherwise. Only reads the
database.

Example:
   cmrt report feedback --period 2025 --due 2026-03-31 -o feedback/
   cmrt report feedback --period 2025 --supplier "Acme Ltd" -o feedback/`,
			Flags: append(pdfFlags("`FOLDER` to write the sheets into (required)"),
				&cli.StringFlag{Name: "supplier", Usage: "only this supplier (`ID or name`)"},
				&cli.StringFlag{Name: "due", Usage: "the `DATE` corrections are due (YYYY-MM-DD; default: as soon as possible)"},
			),
			Action: storeAction(0, 0, runReportFeedback),
		}},
	}
}

// pdfOptions reads --paper, --font and --creation-date.
func pdfOptions(c *cli.Context, asOf time.Time) (reports.Options, error) {
	o := reports.Options{Paper: c.String("paper"), FontPath: c.String("font"), CreationDate: asOf}
	if p := c.String("paper"); p != "a4" && p != "letter" && p != "A4" && p != "Letter" {
		return o, cli.Exit(fmt.Sprintf("--paper %q: want a4 or letter", p), exitUsage)
	}
	created, err := dateFlag(c, "creation-date")
	if err != nil {
		return o, err
	}
	if !created.IsZero() {
		o.CreationDate = created
	}
	o.LatinFontPath = c.String("latin-font")
	if err := o.CheckFonts(); err != nil {
		return o, cli.Exit(err.Error(), exitUsage)
	}
	return o, nil
}

func loadCompany(c *cli.Context) (*reports.Company, error) {
	path := c.String("company")
	if path == "" {
		return nil, nil
	}
	co, err := exports.ReadCompany(path, path)
	if err != nil {
		return nil, ownExit(err)
	}
	return co, nil
}

// reportInputs resolves what both report commands share.
func reportInputs(c *cli.Context, st *store.Store) (*season.Report, reports.Options, *reports.Company, error) {
	if c.String("output") == "" {
		return nil, reports.Options{}, nil, cli.Exit("--output (-o) is required (see --help)", exitUsage)
	}
	cfg, err := loadRules(c)
	if err != nil {
		return nil, reports.Options{}, nil, err
	}
	period, asOf, err := seasonArgs(c, st)
	if err != nil {
		return nil, reports.Options{}, nil, err
	}
	if ok, err := st.HasPeriod(c.Context, period); err != nil {
		return nil, reports.Options{}, nil, storeExit(err)
	} else if !ok {
		return nil, reports.Options{}, nil, cli.Exit(fmt.Sprintf("--period %d: no declaration or register entry for that period (see cmrt declarations)", period), exitUsage)
	}
	o, err := pdfOptions(c, asOf)
	if err != nil {
		return nil, o, nil, err
	}
	co, err := loadCompany(c)
	if err != nil {
		return nil, o, nil, err
	}
	rs, err := season.Load(c.Context, st, period, asOf, cfg)
	if err != nil {
		return nil, o, nil, storeExit(err)
	}
	return rs, o, co, nil
}

func runReportDisclosure(c *cli.Context, st *store.Store, _ []string, format string) error {
	rs, o, co, err := reportInputs(c, st)
	if err != nil {
		return err
	}
	in, err := rs.Disclosure(c.Context, st, co, o.CreationDate)
	if err != nil {
		return storeExit(err)
	}
	pdf, err := reports.RenderDisclosure(in, o)
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	out := c.String("output")
	if err := writeFileAtomic(out, pdf); err != nil {
		return cli.Exit(fmt.Sprintf("--output: %v", err), exitUsage)
	}
	written := struct {
		File      string `json:"file"`
		Period    int    `json:"period"`
		AsOf      string `json:"as_of"`
		Suppliers int    `json:"suppliers"`
		Smelters  int    `json:"smelters"`
		Bytes     int    `json:"bytes"`
	}{out, rs.Period, rs.AsOf.Format("2006-01-02"), in.Summary.Suppliers, len(in.Summary.Smelters), len(pdf)}
	if format == "json" {
		return writeJSON(c.App.Writer, written)
	}
	t := Table{Header: []string{"file", "period", "as_of", "suppliers", "smelters", "bytes"}}
	t.Add(written.File, strconv.Itoa(written.Period), written.AsOf, strconv.Itoa(written.Suppliers),
		strconv.Itoa(written.Smelters), strconv.Itoa(written.Bytes))
	return t.Write(c.App.Writer, format)
}

func runReportFeedback(c *cli.Context, st *store.Store, _ []string, format string) error {
	due, err := dateFlag(c, "due")
	if err != nil {
		return err
	}
	rs, o, co, err := reportInputs(c, st)
	if err != nil {
		return err
	}
	var only int64
	if ref := c.String("supplier"); ref != "" {
		sup, err := st.FindSupplier(c.Context, ref)
		if errors.Is(err, store.ErrNotFound) {
			return cli.Exit(fmt.Sprintf("--supplier %q: no such supplier (see cmrt suppliers)", ref), exitUsage)
		}
		if err != nil {
			return storeExit(err)
		}
		only = sup.ID
	}
	sheets, err := rs.Feedback(c.Context, st, co, due)
	if err != nil {
		return storeExit(err)
	}
	var selected func(*reports.Feedback) bool
	if only != 0 {
		selected = func(f *reports.Feedback) bool { return f.SupplierID == only }
	}
	dir := c.String("output")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return cli.Exit(fmt.Sprintf("--output: %v", err), exitUsage)
	}
	type sheetWritten struct {
		File       string `json:"file"`
		SupplierID int64  `json:"supplier_id"`
		Supplier   string `json:"supplier"`
		Language   string `json:"language"`
		RiskRank   string `json:"risk_rank"`
		Findings   int    `json:"findings"`
		Smelters   int    `json:"smelters"` // not conformant or removed
	}
	written := []sheetWritten{}
	err = reports.RenderFeedbackSheets(sheets, o, selected, func(f *reports.Feedback, pdf []byte) error {
		path := filepath.Join(dir, f.FileName())
		if err := writeFileAtomic(path, pdf); err != nil {
			return cli.Exit(fmt.Sprintf("--output: %v", err), exitUsage)
		}
		written = append(written, sheetWritten{path, f.SupplierID, f.Supplier, f.Language, string(f.Rank.Rank), len(f.Findings), len(f.Concerns)})
		return nil
	})
	if err != nil {
		var ec cli.ExitCoder
		if errors.As(err, &ec) {
			return err
		}
		return cli.Exit(err.Error(), exitInternal)
	}
	if len(written) == 0 && only != 0 {
		return cli.Exit(fmt.Sprintf("--supplier %q: no current declaration for %d", c.String("supplier"), rs.Period), exitProblems)
	}
	if format == "json" {
		return writeJSON(c.App.Writer, written)
	}
	t := Table{Header: []string{"file", "supplier", "language", "risk_rank", "findings", "smelters"}}
	for _, w := range written {
		t.Add(w.File, w.Supplier, w.Language, w.RiskRank, strconv.Itoa(w.Findings), strconv.Itoa(w.Smelters))
	}
	return t.Write(c.App.Writer, format)
}
