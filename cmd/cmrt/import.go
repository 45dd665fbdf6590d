package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/importer"
	"github.com/openminerals/cmrt/internal/termtext"
	"github.com/openminerals/cmrt/store"
)

func importCommand() *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "read, check, match and store a season of supplier templates",
		ArgsUsage: "PATH...",
		Description: `PATH is a file, a folder (searched recursively for .xlsx, .xlsm and .xls) or a
glob pattern. Each file is read and checked, its smelters are matched against
the reference lists in force, and it is stored in one transaction: all of it
or nothing. Files already imported (same SHA-256) are skipped, so an
interrupted import finishes when run again. A newer declaration of the same
supplier, template family and period supersedes the older one; history is kept.

The reporting period is the year of each file's effective date unless
--period is given. A file with no company name is rejected: the supplier
could not be told; --supplier NAME names the supplier of the files given
(recorded on each declaration as a note, SUPPLIER_NAMED_ON_IMPORT).

In a folder, what is not a template (a CSV, a PDF, a FIFO, an unreadable
sub-folder, a link to a folder) is skipped and listed with the reason; a file
named on the command line is always read, and rejected if it is not a
template. Files over 64 MiB, devices and FIFOs are refused before reading.

Example:
   cmrt import suppliers/2025/
   cmrt import --supplier "Acme Components Ltd" inbox/acme-cmrt.xlsx
   cmrt import --period 2025 --learn-lookup 'inbox/*.xlsx'
   cmrt import --dry-run --format json inbox/ > preview.json

Exit codes: 0 nothing rejected (skipped paths do not count); 1 a file was
rejected; 2 usage error, or no template file found; 3 internal or database error — after a failed write
(a full disk) the summary of what was stored is printed first, and running
the same import again finishes the job.`,
		Flags: []cli.Flag{
			formatFlag(),
			&cli.IntFlag{Name: "period", Usage: "reporting `YEAR` for every file (default: each file's effective date)"},
			&cli.BoolFlag{Name: "dry-run", Usage: "read, check and match, but store nothing"},
			&cli.BoolFlag{Name: "learn-lookup", Usage: "refresh the reference list from files carrying a newer template revision's Smelter Look-up"},
			&cli.IntFlag{Name: "workers", Usage: "files read in parallel (default: one per core)"},
			&cli.StringFlag{Name: "supplier", Usage: "supplier `NAME` for every file given, instead of (or in the absence of) the company name each declares"},
		},
		Action: func(c *cli.Context) error {
			paths, format, err := prepare(c, 1, -1)
			if err != nil {
				return err
			}
			if p := c.Int("period"); p != 0 && (p < 2000 || p > 2100) {
				return cli.Exit(fmt.Sprintf("--period %d: want a year such as 2025", p), exitUsage)
			}
			supplier := strings.TrimSpace(c.String("supplier"))
			if c.IsSet("supplier") && supplier == "" {
				return cli.Exit("--supplier: want a supplier name", exitUsage)
			}
			st, err := openStore(c)
			if err != nil {
				return err
			}
			defer st.Close()
			var bar *progress
			opt := importer.Options{
				Period: c.Int("period"), DryRun: c.Bool("dry-run"), LearnLookup: c.Bool("learn-lookup"),
				Workers: c.Int("workers"), Supplier: supplier,
				Progress: func(done, total int) {
					if bar == nil {
						bar = newProgress(total, "importing")
					}
					bar.Add(1)
				},
			}
			// An import's live heap is small and bounded (the matcher, a few
			// files in flight), while reading templates allocates a lot:
			// collecting less often saves about a tenth of the CPU for some
			// tens of MB, and the soft limit brings collection back if the
			// heap ever grows.
			debug.SetGCPercent(300)
			debug.SetMemoryLimit(1 << 30)
			sum, err := importer.Run(context.Background(), st, paths, opt)
			if bar != nil {
				bar.Done()
			}
			if err != nil && sum == nil {
				if errors.Is(err, importer.ErrNoFiles) || errors.Is(err, fs.ErrNotExist) {
					return cli.Exit("import: "+termtext.Clean(err.Error()), exitUsage)
				}
				return cli.Exit("import: "+termtext.Clean(err.Error()), exitInternal)
			}
			// After a failed write too: say what was stored before stopping.
			if werr := writeImportSummary(c.App.Writer, format, sum); werr != nil {
				return cli.Exit(werr.Error(), exitInternal)
			}
			if len(sum.Files) == sum.Skipped {
				// As before skipped paths were listed: a folder with no
				// template in it is a usage error.
				return cli.Exit("import: no template files to import (see the skipped paths above)", exitUsage)
			}
			if err != nil {
				return cli.Exit("import stopped: "+termtext.Clean(err.Error())+"; what was stored is listed above; run the same import again to finish", exitInternal)
			}
			if sum.Rejected > 0 {
				return cli.Exit("", exitProblems)
			}
			return nil
		},
	}
}

func writeImportSummary(w io.Writer, format string, s *importer.Summary) error {
	switch format {
	case "json":
		return writeJSON(w, s)
	case "csv":
		t := Table{Header: []string{"file", "outcome", "reason", "declaration_id", "supplier", "template", "period", "smelters", "superseded"}}
		for _, f := range s.Files {
			t.Add(f.Path, string(f.Outcome), f.Reason, idOrEmpty(f.DeclarationID), f.Supplier, f.Template, strconv.Itoa(f.Period),
				strconv.Itoa(f.Smelters), joinIDs(f.Superseded))
		}
		return t.Write(w, "csv")
	}
	verb := "imported"
	if s.DryRun {
		verb = "would import (dry run)"
	}
	printf(w, "%s %d, unchanged %d, superseded %d, rejected %d, skipped %d  (%d paths in %s)\n",
		verb, s.Imported, s.Unchanged, s.Superseded, s.Rejected, s.Skipped, len(s.Files), s.Timing.Wall.Round(time.Millisecond))
	if s.Error != "" {
		printf(w, "stopped on a database error after storing %d files; %d not reached: %s\n", s.Imported, s.NotReached, s.Error)
	}
	// Reasons of rejected and failed files name the file already.
	for _, section := range []struct {
		outcome importer.Outcome
		title   string
	}{{importer.Rejected, "rejected"}, {importer.Failed, "failed to store"}, {importer.Skipped, "skipped"}} {
		title := "\n" + section.title + ":\n"
		for _, f := range s.Files {
			if f.Outcome != section.outcome {
				continue
			}
			fmt.Fprint(w, title) // our own text, newlines meant
			title = ""
			if section.outcome == importer.Skipped {
				printf(w, "  %s: %s\n", f.Path, f.Reason)
			} else {
				printf(w, "  %s\n", f.Reason)
			}
		}
	}
	if len(s.Metals) > 0 {
		fmt.Fprintln(w)
		t := Table{Header: []string{"METAL", "DECLARED", "MATCHED", "NEEDS REVIEW", "NO MATCH (UNKNOWN)"}}
		for _, m := range s.Metals {
			t.Add(m.Metal, strconv.Itoa(m.Declared), strconv.Itoa(m.Matched), strconv.Itoa(m.NeedsReview), strconv.Itoa(m.NotListed))
		}
		if err := t.Write(w, "table"); err != nil {
			return err
		}
	}
	for _, l := range s.Learnt {
		printf(w, "\nlearnt the Smelter Look-up of %s\n", l)
	}
	for _, r := range s.LookupRefused {
		printf(w, "\ndid not learn a Smelter Look-up: %s\n", r)
	}
	for _, o := range s.LookupOffers {
		printf(w, "\n%s carries a newer Smelter Look-up than the database's reference list;\nrun again with --learn-lookup, or: cmrt smelters refresh %s\n", o, strings.SplitN(o, " (", 2)[0])
	}
	return nil
}

func idOrEmpty(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func joinIDs(ids []int64) string {
	var s []string
	for _, id := range ids {
		s = append(s, strconv.FormatInt(id, 10))
	}
	return strings.Join(s, " ")
}

func suppliersCommand() *cli.Command {
	return &cli.Command{
		Name:  "suppliers",
		Usage: "list suppliers who answered; merge or rename them",
		Description: `Example:
   cmrt suppliers
   cmrt suppliers merge "ACME Ltd" "Acme Limited"   # fold the first into the second
   cmrt suppliers rename 12 "Acme Group"`,
		Flags: []cli.Flag{formatFlag()},
		Action: storeAction(0, 0, func(c *cli.Context, st *store.Store, _ []string, format string) error {
			list, err := st.Suppliers(c.Context)
			if err != nil {
				return cli.Exit(err.Error(), exitInternal)
			}
			if format == "json" {
				return writeJSON(c.App.Writer, nonNil(list))
			}
			t := Table{Header: []string{"ID", "SUPPLIER", "UNIQUE ID", "DECLARATIONS", "CURRENT", "LATEST DATE", "TEMPLATES"}}
			for _, s := range list {
				t.Add(strconv.FormatInt(s.ID, 10), s.Name, s.UniqueID, strconv.Itoa(s.Declarations), strconv.Itoa(s.Current), s.LatestDate, s.Families)
			}
			return t.Write(c.App.Writer, format)
		}),
		Subcommands: []*cli.Command{
			{
				Name:      "merge",
				Usage:     "fold supplier FROM into supplier INTO (by ID or name)",
				ArgsUsage: "FROM INTO",
				Description: `FROM's declarations move to INTO and later files under FROM's identity
land on INTO; supersession is recomputed.

Example:
   cmrt suppliers merge "ACME Ltd" "Acme Limited"
   cmrt suppliers merge 12 7`,
				Action: storeAction(2, 2, func(c *cli.Context, st *store.Store, args []string, _ string) error {
					from, err := st.FindSupplier(c.Context, args[0])
					if err != nil {
						return storeExit(err)
					}
					into, err := st.FindSupplier(c.Context, args[1])
					if err != nil {
						return storeExit(err)
					}
					if err := st.MergeSuppliers(c.Context, from.ID, into.ID); err != nil {
						return storeExit(err)
					}
					printf(c.App.Writer, "merged \"%s\" (%d) into \"%s\" (%d)\n", from.Name, from.ID, into.Name, into.ID)
					return nil
				}),
			},
			{
				Name:      "rename",
				Usage:     "set a supplier's display name",
				ArgsUsage: "SUPPLIER NAME",
				Description: `Example:
   cmrt suppliers rename 12 "Acme Group"`,
				Action: storeAction(2, 2, func(c *cli.Context, st *store.Store, args []string, _ string) error {
					s, err := st.FindSupplier(c.Context, args[0])
					if err != nil {
						return storeExit(err)
					}
					if err := st.RenameSupplier(c.Context, s.ID, args[1]); err != nil {
						return storeExit(err)
					}
					printf(c.App.Writer, "renamed %d to \"%s\"\n", s.ID, args[1])
					return nil
				}),
			},
		},
	}
}

func storeExit(err error) error {
	msg := termtext.Clean(err.Error()) // may carry a supplier's name
	if errors.Is(err, store.ErrNotFound) || strings.Contains(err.Error(), "ambiguous") {
		return cli.Exit(msg, exitUsage)
	}
	return cli.Exit(msg, exitInternal)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func declarationsCommand() *cli.Command {
	return &cli.Command{
		Name:  "declarations",
		Usage: "list stored declarations, or show one",
		Description: `Example:
   cmrt declarations --supplier "Acme Ltd" --period 2025
   cmrt declarations show 42`,
		Flags: []cli.Flag{
			formatFlag(),
			&cli.StringFlag{Name: "supplier", Usage: "only this supplier (`ID or name`)"},
			&cli.IntFlag{Name: "period", Usage: "only this reporting `YEAR`"},
			&cli.StringFlag{Name: "family", Usage: "only this template `FAMILY` (CMRT, EMRT, CRT, AMRT)"},
			&cli.BoolFlag{Name: "current", Usage: "only declarations not superseded"},
		},
		Action: storeAction(0, 0, func(c *cli.Context, st *store.Store, _ []string, format string) error {
			f := store.DeclarationFilter{Period: c.Int("period"), Family: c.String("family"), CurrentOnly: c.Bool("current")}
			if ref := c.String("supplier"); ref != "" {
				s, err := st.FindSupplier(c.Context, ref)
				if err != nil {
					return storeExit(err)
				}
				f.SupplierID = s.ID
			}
			list, err := st.Declarations(c.Context, f)
			if err != nil {
				return cli.Exit(err.Error(), exitInternal)
			}
			if format == "json" {
				return writeJSON(c.App.Writer, nonNil(list))
			}
			t := Table{Header: []string{"ID", "SUPPLIER", "TEMPLATE", "PERIOD", "EFFECTIVE", "MISSING", "ERRORS", "WARNINGS", "SMELTERS", "CURRENT", "FILE"}}
			for _, d := range list {
				cur := "yes"
				if !d.Current {
					cur = "superseded by " + strconv.FormatInt(d.SupersededBy, 10)
				}
				t.Add(strconv.FormatInt(d.ID, 10), d.Supplier, d.Family+" "+d.Version, strconv.Itoa(d.Period), d.EffectiveDate,
					strconv.Itoa(d.RequiredMissing), strconv.Itoa(d.Errors), strconv.Itoa(d.Warnings), strconv.Itoa(d.Smelters), cur, d.File)
			}
			return t.Write(c.App.Writer, format)
		}),
		Subcommands: []*cli.Command{{
			Name:      "show",
			Usage:     "everything stored for one declaration",
			ArgsUsage: "ID",
			Description: `Company fields, every answer, the smelter rows with their matches (RMI's
standard name, status on the --as-of date, removal, re-audit) and the
problems found. --format csv lists the smelter rows.

Example:
   cmrt declarations show 42
   cmrt declarations show --format json 42 | jq '.smelter_rows[] | select(.match_status != "matched")'`,
			Flags: []cli.Flag{formatFlag(), &cli.StringFlag{Name: "as-of", Usage: "smelter statuses on `DATE` (YYYY-MM-DD); default today"}},
			Action: storeAction(1, 1, func(c *cli.Context, st *store.Store, args []string, format string) error {
				id, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil {
					return cli.Exit(fmt.Sprintf("declarations show: %q is not a declaration ID", args[0]), exitUsage)
				}
				asOf, err := smAsOf(c, st)
				if err != nil {
					return err
				}
				d, err := st.DeclarationAsOf(c.Context, id, asOf)
				if err != nil {
					return storeExit(err)
				}
				return writeDeclaration(c.App.Writer, format, d)
			}),
		}},
	}
}

func writeDeclaration(w io.Writer, format string, d *store.DeclarationDetail) error {
	if format == "json" {
		return writeJSON(w, d)
	}
	if format == "csv" {
		return smelterRowsTable(d.Smelters, format).Write(w, "csv")
	}
	printf(w, "declaration %d: %s, %s %s (%s), period %d, effective %s\n", d.ID, d.Supplier, d.Family, d.Version, d.Language, d.Period, d.EffectiveDate)
	printf(w, "file %s (sha256 %s)\n", d.File, d.SHA256)
	if !d.Current {
		fmt.Fprintf(w, "superseded by declaration %d\n", d.SupersededBy)
	}
	printf(w, "minerals: %s; %d required fields missing, %d errors, %d warnings; %d products, %d mines\n\n",
		strings.Join(d.Minerals, ", "), d.RequiredMissing, d.Errors, d.Warnings, len(d.Products), len(d.Mines))
	t := Table{Header: []string{"QUESTION", "MINERAL", "ANSWER", "COMMENT"}}
	for _, a := range d.Answers {
		t.Add(a.Question, a.Mineral, a.Value, a.Comment)
	}
	if err := t.Write(w, "table"); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := smelterRowsTable(d.Smelters, format).Write(w, "table"); err != nil {
		return err
	}
	if len(d.Problems) > 0 {
		fmt.Fprintln(w)
		t = Table{Header: []string{"SEVERITY", "CODE", "CELL", "MESSAGE"}}
		for _, p := range d.Problems {
			t.Add(string(p.Severity), p.Code, p.Sheet+"!"+p.Cell, p.Message)
		}
		if err := t.Write(w, "table"); err != nil {
			return err
		}
	}
	if err := writeProducts(w, d.Products); err != nil {
		return err
	}
	return writeMines(w, d.Mines)
}
