package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/internal/inputfile"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/store"
)

// maxRulesFile bounds a rules file: a page of YAML.
const maxRulesFile = 1 << 20

func rulesFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "rules", Usage: "rules `FILE` (YAML) over the built-in weights, severities, critical list and thresholds"}
}

func periodFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "period", Usage: "reporting `YEAR` (default: the newest period with declarations)"},
		&cli.StringFlag{Name: "as-of", Usage: "facility statuses as of `DATE` (YYYY-MM-DD; default today)"},
		rulesFlag(),
	}
}

func findingsCommand() *cli.Command {
	return &cli.Command{
		Name:  "findings",
		Usage: "risk findings of a period: smelters, declarations and suppliers (OECD steps 2–3)",
		Description: `Recomputes the period's findings from the stored declarations, the smelter
lists in force on --as-of, the supplier register and the reference data,
stores them (decisions on findings that still apply are kept; those no
longer found become "gone") and lists them. When nothing they depend on
changed since the last run (declarations, suppliers, matches, smelter
lists, register, reference data, rules, as-of date), the stored findings
are listed as they are; --recompute forces a new run. Exits 1 when any
finding is listed. The JSON output is an array of finding objects (README,
"Findings JSON contract").

Example:
   cmrt findings --period 2025
   cmrt findings --severity high --status open --format json
   cmrt findings --supplier "Acme Ltd" --metal tin --code SMELTER_NOT_CONFORMANT
   cmrt findings --rules my-rules.yaml --as-of 2025-12-31
   cmrt findings set 42 --status action-requested --note "asked for the CID" --by anna`,
		Flags: append(periodFlags(),
			&cli.StringFlag{Name: "supplier", Usage: "only this supplier (`ID or name`)"},
			&cli.StringFlag{Name: "metal", Usage: "only this `METAL`"},
			&cli.StringFlag{Name: "code", Usage: "only this finding `CODE` (see cmrt rules print)"},
			&cli.StringFlag{Name: "severity", Usage: "only this `SEVERITY`: high, medium, low or info"},
			&cli.StringFlag{Name: "status", Usage: "only this `STATUS`: open, action-requested, resolved, accepted-risk or gone (default: all but gone)"},
			&cli.BoolFlag{Name: "recompute", Usage: "recompute even when nothing the findings depend on changed"},
			formatFlag(),
		),
		// A bad rules file is a usage error before any database is opened.
		Before: func(c *cli.Context) error { _, err := loadRules(c); return err },
		Action: storeAction(0, 0, runFindings),
		Subcommands: []*cli.Command{{
			Name:      "set",
			Usage:     "record a decision on a finding: its status, a note, who",
			ArgsUsage: "ID",
			Description: `Statuses: open, action-requested, resolved, accepted-risk. The finding's
history keeps every step (who, when, from, to, note).

Example:
   cmrt findings set 42 --status action-requested --note "asked Acme for the CID" --by anna
   cmrt findings set 42 --status accepted-risk --note "recycled material only"`,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "status", Usage: "new `STATUS` (required)"},
				&cli.StringFlag{Name: "note", Usage: "why (`TEXT`)"},
				&cli.StringFlag{Name: "by", Usage: "who decided (`NAME`; default $USER)"},
				formatFlag(),
			},
			Action: storeAction(1, 1, runFindingSet),
		}},
	}
}

// loadRules reads --rules over the built-in rule set.
func loadRules(c *cli.Context) (*risk.Config, error) {
	path := c.String("rules")
	if path == "" {
		return risk.DefaultConfig(), nil
	}
	data, _, err := inputfile.Read(path, maxRulesFile)
	if err != nil {
		return nil, cli.Exit(fmt.Sprintf("--rules: %v", err), exitUsage)
	}
	cfg, err := risk.LoadConfig(data)
	if err != nil {
		return nil, cli.Exit(fmt.Sprintf("%s: %v", path, err), exitUsage)
	}
	return cfg, nil
}

// seasonArgs resolves --period and --as-of.
func seasonArgs(c *cli.Context, st *store.Store) (int, time.Time, error) {
	asOf, err := dateFlag(c, "as-of")
	if err != nil {
		return 0, asOf, err
	}
	if asOf.IsZero() {
		asOf = st.Now().UTC()
	}
	period := c.Int("period")
	if period == 0 {
		p, err := st.LatestPeriod(c.Context)
		if err != nil {
			return 0, asOf, cli.Exit(err.Error(), exitInternal)
		}
		period = p
		if period == 0 {
			period = asOf.Year()
		}
	}
	if period < 1900 || period > 2200 {
		return 0, asOf, cli.Exit(fmt.Sprintf("--period %d: want a year such as 2025", period), exitUsage)
	}
	return period, asOf, nil
}

func runFindings(c *cli.Context, st *store.Store, _ []string, format string) error {
	cfg, err := loadRules(c)
	if err != nil {
		return err
	}
	period, asOf, err := seasonArgs(c, st)
	if err != nil {
		return err
	}
	// Only the JSON carries each finding's history.
	filter := store.FindingFilter{Period: period, Metal: c.String("metal"), Code: c.String("code"), WithoutHistory: format != "json"}
	if s := c.String("severity"); s != "" {
		sev, ok := risk.ParseSeverity(s)
		if !ok {
			return cli.Exit(fmt.Sprintf("--severity %q: want high, medium, low or info", s), exitUsage)
		}
		filter.Severity = sev
	}
	if s := c.String("status"); s != "" {
		stt, ok := risk.ParseStatus(s)
		if !ok {
			return cli.Exit(fmt.Sprintf("--status %q: want open, action-requested, resolved, accepted-risk or gone", s), exitUsage)
		}
		filter.Status = stt
	}
	if code := filter.Code; code != "" {
		if _, ok := risk.RuleByCode(strings.ToUpper(code)); !ok {
			return cli.Exit(fmt.Sprintf("--code %q: no such code (see cmrt rules print)", code), exitUsage)
		}
	}
	if filter.Metal != "" {
		filter.Metal = smelters.NormalizeMetal(filter.Metal)
	}
	supplierName := ""
	if ref := c.String("supplier"); ref != "" {
		sup, err := st.FindSupplier(c.Context, ref)
		switch {
		case err == nil:
			filter.SupplierID = sup.ID
		case errors.Is(err, store.ErrNotFound):
			supplierName = store.SupplierKey(ref) // a register entry nobody linked yet
		default:
			return storeExit(err)
		}
	}
	// Most of what a run allocates (the season, the findings) lives to
	// its end, so a collection at the default 100% growth frees little:
	// at 400% a season's first run spends about 0.3 CPU-s less in the
	// collector than at 100%, and 0.05 less than at 200%, for a peak of
	// about 220 MB (205 MB at 200%). GOGC, when set, decides.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	// The listing is prepared while the store writes the findings, into
	// a buffer shown only once they are committed.
	var (
		out     chunkBuffer
		listed  int
		listErr error
	)
	run, err := st.ComputeFindingsThen(c.Context, period, asOf, cfg, c.Bool("recompute"), func(run *store.FindingsRun) {
		list, err := st.RunFindings(c.Context, run, filter)
		if err != nil {
			listErr = cli.Exit(err.Error(), exitInternal)
			return
		}
		if supplierName != "" {
			kept := list[:0]
			for _, f := range list {
				if f.SupplierID == 0 && store.SupplierKey(f.Supplier) == supplierName {
					kept = append(kept, f)
				}
			}
			list = kept
		}
		listed = len(list)
		listErr = writeFindings(&out, format, list)
	})
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	if listErr != nil {
		return listErr
	}
	if _, err := out.WriteTo(c.App.Writer); err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	if format == "table" {
		how := fmt.Sprintf("%d found, %d new, %d gone, %d back", run.Found, run.Opened, run.Gone, run.Reopened)
		if run.Cached {
			how = "nothing changed since run " + strconv.FormatInt(run.ID, 10) + " of " + run.ComputedAt
		}
		printf(c.App.ErrWriter, "%d findings listed; period %d as of %s; %s (rules %s; %s)\n",
			listed, period, run.AsOf, how, run.Rules, editionsText(run.Data))
	}
	if listed > 0 {
		return cli.Exit("", exitProblems)
	}
	return nil
}

func editionsText(ds []risk.DataSet) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, d.Label())
	}
	return strings.Join(parts, ", ")
}

func writeFindings(w io.Writer, format string, list []risk.Finding) error {
	if format == "json" {
		return writeFindingsJSON(w, list)
	}
	t := Table{Header: []string{"ID", "SEVERITY", "CODE", "SUPPLIER", "METAL", "CID", "SMELTER", "STATUS", "FILE", "CELL", "MESSAGE"}}
	csv := format == "csv"
	if csv { // a CSV is read in a spreadsheet: every field of the contract
		t.Header = append(t.Header, "ACTION", "OECD_STEP", "VALUE", "LIST", "LIST_DATE", "DECLARATION_ID", "KEY")
	}
	for _, f := range list {
		row := []string{strconv.FormatInt(f.ID, 10), string(f.Severity), f.Code, f.Supplier, f.Metal, f.CID, f.Smelter,
			string(f.Status), f.Evidence.File, f.Evidence.Cell, f.Message}
		if csv {
			row = append(row, f.Action, strconv.Itoa(f.OECDStep), f.Evidence.Value, f.Evidence.List, f.Evidence.ListDate,
				strconv.FormatInt(f.DeclarationID, 10), f.Key)
		}
		t.Add(row...)
	}
	return t.Write(w, format)
}

func runFindingSet(c *cli.Context, st *store.Store, args []string, format string) error {
	id, err := strconv.ParseInt(strings.TrimSpace(args[0]), 10, 64)
	if err != nil || id <= 0 {
		return cli.Exit(fmt.Sprintf("finding ID %q: want a number from cmrt findings", args[0]), exitUsage)
	}
	s := c.String("status")
	if s == "" {
		return cli.Exit("--status is required: open, action-requested, resolved or accepted-risk", exitUsage)
	}
	status, ok := risk.ParseStatus(s)
	if !ok || status == risk.StatusGone {
		return cli.Exit(fmt.Sprintf("--status %q: want open, action-requested, resolved or accepted-risk", s), exitUsage)
	}
	by := c.String("by")
	if by == "" {
		by = os.Getenv("USER")
	}
	if by == "" {
		by = "unknown"
	}
	f, err := st.SetFindingStatus(context.Background(), id, status, c.String("note"), by)
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrFindingGone):
		return cli.Exit(err.Error(), exitUsage)
	case err != nil:
		return cli.Exit(err.Error(), exitInternal)
	}
	if format == "json" {
		return writeJSON(c.App.Writer, f)
	}
	if format == "csv" {
		t := Table{Header: []string{"id", "code", "supplier", "status", "by", "note"}}
		t.Add(strconv.FormatInt(f.ID, 10), f.Code, f.Supplier, string(f.Status), by, c.String("note"))
		return t.Write(c.App.Writer, "csv")
	}
	printf(c.App.Writer, "finding %d (%s, %s): %s by %s\n", f.ID, f.Code, f.Supplier, f.Status, by)
	return nil
}

// chunkBuffer holds a listing until it may be shown: a season's JSON is
// some 70 MB, which a bytes.Buffer would copy each time it doubled.
type chunkBuffer struct {
	chunks [][]byte
}

const chunkSize = 1 << 20

func (b *chunkBuffer) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(b.chunks) == 0 || len(b.chunks[len(b.chunks)-1]) == chunkSize {
			b.chunks = append(b.chunks, make([]byte, 0, chunkSize))
		}
		last := &b.chunks[len(b.chunks)-1]
		k := min(len(p), chunkSize-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

func (b *chunkBuffer) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, c := range b.chunks {
		k, err := w.Write(c)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
