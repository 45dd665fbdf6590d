package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/exports"
	"github.com/openminerals/cmrt/store"
)

func exportCommand() *cli.Command {
	seasonFlags := []cli.Flag{
		&cli.IntFlag{Name: "period", Usage: "reporting `YEAR` (default: the newest period with declarations)"},
		&cli.StringFlag{Name: "as-of", Usage: "facility statuses as of `DATE` (YYYY-MM-DD; default today)"},
	}
	table := func(kind exports.Kind, example string) *cli.Command {
		usage := kind.Describe()
		if kind == exports.Findings {
			usage += " (run cmrt findings first)"
		}
		return &cli.Command{
			Name:  string(kind),
			Usage: usage,
			Description: `Writes one table: CSV (through the injection-safe writer: a cell a
spreadsheet would run as a formula starts with an apostrophe) or xlsx (a
bold header row, panes frozen below it, an autofilter and fitted column
widths; every cell text); json and table for a look on standard output.
--format defaults to the -o file's extension, and to a table without -o.

Example:
` + example,
			Flags: append(append([]cli.Flag{}, seasonFlags...),
				&cli.StringFlag{Name: "format", Usage: "`FORMAT`: csv, xlsx, json or table (default: from the -o extension; table on standard output)"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output `FILE` (default or -: standard output; xlsx needs a file)"},
			),
			Action: exportAction(func(c *cli.Context, st *store.Store) error {
				out := c.String("output")
				toStdout := out == "" || out == "-"
				format := strings.ToLower(c.String("format"))
				if format == "" {
					format = "table"
					if !toStdout {
						format = "csv"
						if strings.EqualFold(filepath.Ext(out), ".xlsx") {
							format = "xlsx"
						}
					}
				}
				switch format {
				case "csv", "xlsx", "json", "table":
				default:
					return cli.Exit(fmt.Sprintf("--format %q: want csv, xlsx, json or table", format), exitUsage)
				}
				if format == "xlsx" && toStdout {
					return cli.Exit("xlsx goes to a file: give -o FILE.xlsx", exitUsage)
				}
				period, asOf, err := seasonArgs(c, st)
				if err != nil {
					return err
				}
				sheet, err := exports.Table(c.Context, st, kind, period, asOf)
				if err != nil {
					return cli.Exit(err.Error(), exitInternal)
				}
				if kind == exports.Findings && len(sheet.Rows) == 0 && (c.String("format") == "" || c.String("format") == "table") {
					printf(c.App.ErrWriter, "no stored findings for period %d: run `cmrt findings --period %d` first\n", period, period)
				}
				var buf bytes.Buffer
				t := &Table{Header: sheet.Header, Rows: sheet.Rows}
				switch format {
				case exports.CSV, exports.XLSX:
					err = exports.Write(&buf, sheet, format)
				case "json":
					err = writeJSON(&buf, t.Objects())
				default:
					err = t.Write(&buf, format)
				}
				if err != nil {
					return cli.Exit(fmt.Sprintf("%s: %v", out, err), exitInternal)
				}
				if toStdout {
					_, err := c.App.Writer.Write(buf.Bytes())
					return err
				}
				if err := writeFileAtomic(out, buf.Bytes()); err != nil {
					return cli.Exit(err.Error(), exitUsage)
				}
				printf(c.App.ErrWriter, "wrote %s: %d rows (period %d)\n", out, len(sheet.Rows), period)
				return nil
			}),
		}
	}
	own := func(family cmrt.Family) *cli.Command {
		name := strings.ToLower(string(family))
		return &cli.Command{
			Name:  name,
			Usage: "the company's own " + string(family) + ", rolled up from its suppliers', in a copy of RMI's blank template",
			Description: `Writes the company's declaration for its customers into a COPY of the blank
RMI template given with --template (RMI does not recognise modified
templates): only input cells are set; RMI's formulas, data validations,
hidden sheets and protection stay, and the workbook recalculates when
opened. Per-mineral answers are rolled up from the suppliers' current
declarations of the same family by the rules in README ("The company's own
CMRT"); the Smelter List is the union of declared smelters matched to RMI's
lists, one per metal and CID, entered by CID so the template shows RMI's
standard names; rows that matched no facility go in by name and country
as "Smelter not listed". Facilities RMI removed, and rows with no name or
country, are left out and listed on standard error (or --removed-report).
The date of completion is --as-of (default today).
The company block comes from --company (the company file, testdata/
company.yaml). --metals makes a variant for a product family that uses
only those minerals (the others are declared unused); --products fills the
Product List (a CSV: number, name[, comments]) and sets the scope to
products. The copy is read back and checked as "cmrt check" would: exit 1
when RMI's Checker would count required fields missing. --format json
prints the summary (minerals, answers, left-out smelters, missing cells);
csv prints the left-out smelters.

Example:
   cmrt export ` + name + ` --period 2025 --template RMI_` + string(family) + `_` + map[cmrt.Family]string{cmrt.CMRT: "6.5", cmrt.EMRT: "2.1"}[family] + `.xlsx --company company.yaml -o company-` + string(family) + `.xlsx
   cmrt export ` + name + ` --template RMI_` + string(family) + `_` + map[cmrt.Family]string{cmrt.CMRT: "6.5", cmrt.EMRT: "2.1"}[family] + `.xlsx --metals ` + map[cmrt.Family]string{cmrt.CMRT: "tin,tantalum", cmrt.EMRT: "cobalt"}[family] + ` --products pumps.csv -o pumps-` + string(family) + `.xlsx --removed-report left-out.csv`,
			Flags: append(append([]cli.Flag{}, seasonFlags...),
				&cli.StringFlag{Name: "template", Usage: "RMI's blank " + string(family) + " template `FILE` (.xlsx) to fill a copy of"},
				&cli.StringFlag{Name: "company", Usage: "company `FILE` (YAML; see testdata/company.yaml)"},
				&cli.StringFlag{Name: "metals", Usage: "only these `METALS` (comma-separated): a product-family variant"},
				&cli.StringFlag{Name: "products", Usage: "products `FILE` (CSV: number, name[, comments]) for the Product List"},
				&cli.StringFlag{Name: "removed-report", Usage: "write the smelters left out to `FILE` (CSV) instead of standard error"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output `FILE` (.xlsx)"},
				formatFlag(),
			),
			Action: exportAction(func(c *cli.Context, st *store.Store) error { return runExportOwn(c, st, family) }),
		}
	}
	return &cli.Command{
		Name:  "export",
		Usage: "the company's own CMRT/EMRT, and tables (smelters, findings, suppliers, declarations) as CSV or xlsx",
		Description: `Example:
   cmrt export cmrt --period 2025 --template RMI_CMRT_6.5.xlsx --company company.yaml -o company-CMRT.xlsx
   cmrt export smelters --period 2025 -o smelters-2025.xlsx
   cmrt export findings --period 2025 --format csv -o -`,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return cli.Exit(fmt.Sprintf("export: no command %q (see cmrt export --help)", c.Args().First()), exitUsage)
			}
			return cli.ShowSubcommandHelp(c)
		},
		Subcommands: []*cli.Command{
			own(cmrt.CMRT),
			own(cmrt.EMRT),
			table(exports.Smelters, "   cmrt export smelters --period 2025 -o smelters-2025.xlsx"),
			table(exports.Findings, "   cmrt export findings --period 2025 -o findings-2025.xlsx"),
			table(exports.Suppliers, "   cmrt export suppliers --period 2025 -o suppliers.csv"),
			table(exports.Declarations, "   cmrt export declarations --period 2025 --format xlsx -o declarations.xlsx"),
		},
	}
}

// exportAction opens the database read-only (an export never writes it)
// and runs fn; positional arguments are refused.
func exportAction(fn func(c *cli.Context, st *store.Store) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		args, err := positional(c)
		if errors.Is(err, errHelp) {
			_ = cli.ShowSubcommandHelp(c)
			return cli.Exit("", exitOK)
		}
		if err != nil {
			return err
		}
		if len(args) > 0 {
			return cli.Exit(fmt.Sprintf("%s takes no arguments, got %q (see --help)", c.Command.FullName(), args), exitUsage)
		}
		st, err := openStore(c)
		if err != nil {
			return err
		}
		defer st.Close()
		return fn(c, st)
	}
}

func runExportOwn(c *cli.Context, st *store.Store, family cmrt.Family) error {
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	out, tpl := c.String("output"), c.String("template")
	if tpl == "" || out == "" {
		return cli.Exit("--template FILE and -o FILE are required (see --help)", exitUsage)
	}
	if same, _ := sameFile(tpl, out); same {
		return cli.Exit(fmt.Sprintf("-o %s is the template itself: RMI's blank stays as it is; write the copy elsewhere", out), exitUsage)
	}
	period, asOf, err := seasonArgs(c, st)
	if err != nil {
		return err
	}
	company, err := loadCompany(c)
	if err != nil {
		return err
	}
	o := exports.OwnOptions{Family: family, Period: period, AsOf: asOf, Template: tpl, Company: company}
	if p := c.String("products"); p != "" {
		if o.Products, err = exports.ReadProducts(p); err != nil {
			return ownExit(err)
		}
	}
	if m := c.String("metals"); m != "" {
		o.Metals = strings.Split(m, ",")
	}
	own, err := exports.MakeOwn(c.Context, st, o)
	if err != nil {
		return ownExit(err)
	}
	if err := writeFileAtomic(out, own.Workbook); err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	left := &Table{Header: own.LeftOut.Header, Rows: own.LeftOut.Rows}
	if p := c.String("removed-report"); p != "" {
		var b bytes.Buffer
		if err := left.Write(&b, "csv"); err != nil {
			return cli.Exit(err.Error(), exitInternal)
		}
		if err := writeFileAtomic(p, b.Bytes()); err != nil {
			return cli.Exit(err.Error(), exitUsage)
		}
	}
	if err := printOwnSummary(c, format, out, own, left); err != nil {
		return err
	}
	if own.Fill.Check.RequiredMissing > 0 {
		return cli.Exit("", exitProblems)
	}
	return nil
}

// ownExit maps an error of exports.MakeOwn to an exit: a fault of the
// inputs is a usage error, its message naming the flag at fault.
func ownExit(err error) error {
	var ie *exports.InputError
	if !errors.As(err, &ie) {
		return cli.Exit(err.Error(), exitInternal)
	}
	msg := err.Error()
	if ie.Named {
		msg = "--" + msg
	}
	var wf *exports.WrongFamilyError
	if errors.As(err, &wf) {
		msg += fmt.Sprintf(" (use cmrt export %s)", strings.ToLower(string(wf.Template.Family)))
	}
	return cli.Exit(msg, exitUsage)
}

// ownSummary is the JSON output of cmrt export cmrt|emrt.
type ownSummary struct {
	Output          string              `json:"output"`
	Family          string              `json:"family"`
	Version         string              `json:"version"`
	Period          int                 `json:"period"`
	AsOf            string              `json:"as_of"`
	Minerals        []ownMineral        `json:"minerals"`
	Smelters        int                 `json:"smelters"`
	LeftOut         []map[string]string `json:"left_out"`
	RequiredMissing int                 `json:"required_missing"`
	Missing         []cmrt.Problem      `json:"missing"`
}

type ownMineral struct {
	Mineral   string            `json:"mineral"`
	InScope   bool              `json:"in_scope"`
	Relevant  int               `json:"relevant_suppliers"`
	Responded int               `json:"responded"`
	Answers   map[string]string `json:"answers"`
}

// printOwnSummary says what was written: a summary and the smelters left
// out (table: on standard error unless --removed-report took them), the
// left-out table as CSV, or everything as JSON.
func printOwnSummary(c *cli.Context, format, out string, own *exports.Own, left *Table) error {
	w := c.App.Writer
	r, res := own.Rollup, own.Fill
	missing := own.Missing()
	switch format {
	case "json":
		sum := ownSummary{Output: out, Family: string(res.Template.Family), Version: res.Template.Version, Period: own.Period,
			AsOf: own.AsOf.Format("2006-01-02"), Smelters: len(r.Smelters), RequiredMissing: res.Check.RequiredMissing,
			Minerals: []ownMineral{}, LeftOut: left.Objects(), Missing: missing}
		if sum.Missing == nil {
			sum.Missing = []cmrt.Problem{}
		}
		for _, m := range r.Minerals {
			om := ownMineral{Mineral: m.Mineral, InScope: m.InScope, Relevant: m.Relevant, Responded: m.Responded, Answers: map[string]string{}}
			for k, v := range m.Answers {
				om.Answers[string(k)] = v
			}
			sum.Minerals = append(sum.Minerals, om)
		}
		return writeJSON(w, sum)
	case "csv":
		return left.Write(w, "csv")
	}
	if c.String("removed-report") == "" && len(left.Rows) > 0 {
		printf(c.App.ErrWriter, "Left out of the Smelter List (or entered as \"Smelter not listed\"):\n")
		if err := left.Write(c.App.ErrWriter, "table"); err != nil {
			return err
		}
	}
	var scope []string
	for _, m := range r.Minerals {
		if m.InScope {
			scope = append(scope, fmt.Sprintf("%s (%d of %d suppliers responded)", m.Mineral, m.Responded, m.Relevant))
		}
	}
	if len(scope) == 0 {
		scope = []string{"none"}
	}
	printf(w, "wrote %s: %s %s, period %d, as of %s\n", out, res.Template.Family, res.Template.Version, own.Period, own.AsOf.Format("2006-01-02"))
	printf(w, "in scope: %s\n", strings.Join(scope, "; "))
	printf(w, "smelter list: %d smelters (%d by name: matched no facility in RMI's lists); left out: %d removed by RMI, %d with no name or country to list them by\n",
		len(r.Smelters), own.ByName(), len(r.Removed), own.Unnamed())
	printf(w, "RMI's Checker (as cmrt check computes it): %d required fields missing", res.Check.RequiredMissing)
	if len(missing) == 0 {
		printf(w, "\n")
		return nil
	}
	printf(w, ":\n")
	for _, p := range missing {
		printf(w, "  %s!%s  %s\n", p.Sheet, p.Cell, p.Message)
	}
	return nil
}

// sameFile reports whether two paths name one file.
func sameFile(a, b string) (bool, error) {
	ia, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	ib, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(ia, ib), nil
}
