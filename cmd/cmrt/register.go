package main

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/internal/inputfile"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

// maxRegisterFile bounds a supplier register file.
const maxRegisterFile = 64 << 20

// withSupplierRisk adds the register and the risk view to the suppliers
// command: `suppliers import FILE`, and --period (with --as-of, --rules,
// --risk, --designation) listing each supplier's risk rank and
// designations. Without those flags the command is unchanged.
func withSupplierRisk(c *cli.Command) *cli.Command {
	c.Usage += "; import the supplier register; rank suppliers by risk (--period)"
	c.Description = strings.Replace(c.Description, "Example:\n", `With --period, each supplier of the period (who answered or is in the
register) with its risk rank (low, medium, high: README "Risk rank"), score,
the critical finding that forced it, its designations (essential, important,
human-rights-high-risk) and its rank change against the previous period;
then the share of low-risk suppliers and the response rate per metal family.

Example:
   cmrt suppliers import register.csv
   cmrt suppliers --period 2025 --risk high --designation essential
   cmrt suppliers --period 2025 --format json
`, 1)
	c.Flags = append(c.Flags, append(periodFlags(),
		&cli.StringFlag{Name: "risk", Usage: "with --period: only suppliers of this `RANK` (low, medium, high)"},
		&cli.StringFlag{Name: "designation", Usage: "with --period: only suppliers with this `DESIGNATION` (essential, important, human-rights-high-risk)"},
	)...)
	c.Subcommands = append(c.Subcommands, registerImportCommand())
	plain := c.Action
	riskView := storeAction(0, 0, runSupplierRisk)
	c.Action = func(ctx *cli.Context) error {
		for _, f := range []string{"period", "as-of", "rules", "risk", "designation"} {
			if ctx.IsSet(f) {
				return riskView(ctx)
			}
		}
		return plain(ctx)
	}
	return c
}

func registerImportCommand() *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "load the supplier register: who was asked (CSV or .xlsx)",
		ArgsUsage: "FILE",
		Description: `Columns by header, any order and case: name (required), supplier_id,
annual_spend, important_material (yes/no), hard_to_replace (yes/no),
materials and countries (separated by ; or ,), contact_email, period (a year;
empty: every period). Entries link to suppliers by supplier_id (the company
unique ID declared in the templates), then by normalised name; a name that
fits several suppliers is reported and left unlinked. The file replaces the
register of the periods it names, in one transaction. Exits 1 when an entry
is ambiguous.

Example:
   cmrt suppliers import register.csv
   cmrt suppliers import "Supplier register 2025.xlsx" --format json`,
		Flags:  []cli.Flag{formatFlag()},
		Action: storeAction(1, 1, runRegisterImport),
	}
}

func runRegisterImport(c *cli.Context, st *store.Store, args []string, format string) error {
	path := args[0]
	data, _, err := inputfile.Read(path, maxRegisterFile)
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	entries, err := risk.ParseRegister(filepath.Base(path), data)
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	res, err := st.ImportRegister(c.Context, path, entries)
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	ambiguous := 0
	for _, l := range res.Links {
		if l.How == "ambiguous" {
			ambiguous++
		}
	}
	if format == "json" {
		if err := writeJSON(c.App.Writer, res); err != nil {
			return err
		}
	} else {
		t := Table{Header: []string{"ROW", "NAME", "PERIOD", "LINKED TO", "BY"}}
		for _, l := range res.Links {
			to := ""
			switch {
			case l.SupplierID != 0:
				to = fmt.Sprintf("%d %s", l.SupplierID, l.Supplier)
			case len(l.Candidates) > 0:
				to = "several: " + joinIDs(l.Candidates)
			}
			t.Add(strconv.Itoa(l.Row), l.Name, periodText(l.Period), to, l.How)
		}
		if err := t.Write(c.App.Writer, format); err != nil {
			return err
		}
		if format == "table" {
			printf(c.App.ErrWriter, "%d entries from %s (replacing %d); %d ambiguous\n", res.Entries, path, res.Replaced, ambiguous)
		}
	}
	if ambiguous > 0 {
		return cli.Exit("", exitProblems)
	}
	return nil
}

func periodText(p int) string {
	if p == 0 {
		return "all"
	}
	return strconv.Itoa(p)
}

// supplierRisk is one line of `cmrt suppliers --period`.
type supplierRisk struct {
	ID           int64     `json:"id"` // 0: a register entry no supplier has answered as
	Name         string    `json:"name"`
	RiskRank     risk.Rank `json:"risk_rank"`
	RiskScore    float64   `json:"risk_score"`
	Critical     string    `json:"critical"`
	Designations []string  `json:"designations"`
	InRegister   bool      `json:"in_register"`
	Families     []string  `json:"families"`
	Findings     int       `json:"findings"`
	PreviousRank risk.Rank `json:"previous_rank"`
	RankChange   string    `json:"rank_change"`
}

func runSupplierRisk(c *cli.Context, st *store.Store, _ []string, format string) error {
	cfg, err := loadRules(c)
	if err != nil {
		return err
	}
	period, asOf, err := seasonArgs(c, st)
	if err != nil {
		return err
	}
	var wantRank risk.Rank
	if r := strings.ToLower(c.String("risk")); r != "" {
		wantRank = risk.Rank(r)
		if wantRank != risk.RankLow && wantRank != risk.RankMedium && wantRank != risk.RankHigh {
			return cli.Exit(fmt.Sprintf("--risk %q: want low, medium or high", r), exitUsage)
		}
	}
	wantDesignation := strings.ToLower(c.String("designation"))
	switch wantDesignation {
	case "", risk.DesignationEssential, risk.DesignationImportant, risk.DesignationHumanRights:
	default:
		return cli.Exit(fmt.Sprintf("--designation %q: want essential, important or human-rights-high-risk", wantDesignation), exitUsage)
	}
	ref, err := st.ReferenceData(c.Context)
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	ranks := func(p int) ([]risk.SupplierRank, *risk.Season, map[string]int, error) {
		if _, err := st.ComputeFindings(c.Context, p, asOf, cfg, false); err != nil {
			return nil, nil, nil, err
		}
		season, err := st.Season(c.Context, p, asOf)
		if err != nil {
			return nil, nil, nil, err
		}
		fs, err := st.Findings(c.Context, store.FindingFilter{Period: p})
		if err != nil {
			return nil, nil, nil, err
		}
		n := map[string]int{}
		for _, f := range fs {
			n[risk.SupplierKey(f.SupplierID, f.Supplier)]++
		}
		return cfg.Ranks(season, fs), season, n, nil
	}
	cur, season, nFindings, err := ranks(period)
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	var prev []risk.SupplierRank
	if ok, err := st.HasPeriod(c.Context, period-1); err != nil {
		return cli.Exit(err.Error(), exitInternal)
	} else if ok {
		if prev, _, _, err = ranks(period - 1); err != nil {
			return cli.Exit(err.Error(), exitInternal)
		}
	}
	yoy := risk.CompareRanks(prev, cur)
	change := map[string]risk.RankChange{}
	for _, ch := range yoy.Changes {
		change[risk.SupplierKey(ch.SupplierID, ch.Supplier)] = ch
	}
	bySupplier := map[string]*risk.Supplier{}
	for i := range season.Suppliers {
		s := &season.Suppliers[i]
		bySupplier[strconv.FormatInt(s.ID, 10)+"\x00"+s.Name] = s
	}
	var out []supplierRisk
	for _, r := range cur {
		s := bySupplier[strconv.FormatInt(r.SupplierID, 10)+"\x00"+r.Supplier]
		x := supplierRisk{ID: r.SupplierID, Name: r.Supplier, RiskRank: r.Rank, RiskScore: r.Score, Critical: r.Critical,
			Designations: []string{}, Families: []string{}}
		if s != nil {
			x.Designations = nonNil(cfg.Designate(s, ref.DoL))
			x.InRegister = s.Register != nil
			for _, d := range s.Declarations {
				x.Families = append(x.Families, d.Family+" "+d.Version)
			}
			sort.Strings(x.Families)
		}
		key := risk.SupplierKey(r.SupplierID, r.Supplier)
		x.Findings = nFindings[key]
		if ch, ok := change[key]; ok && len(prev) > 0 {
			x.PreviousRank, x.RankChange = ch.Previous, ch.Change
		}
		if wantRank != "" && x.RiskRank != wantRank {
			continue
		}
		if wantDesignation != "" && !contains(x.Designations, wantDesignation) {
			continue
		}
		out = append(out, x)
	}
	if format == "json" {
		return writeJSON(c.App.Writer, nonNil(out))
	}
	t := Table{Header: []string{"ID", "SUPPLIER", "RISK", "SCORE", "CRITICAL", "DESIGNATIONS", "TEMPLATES", "IN REGISTER", "PREVIOUS", "CHANGE"}}
	for _, x := range out {
		id := ""
		if x.ID != 0 {
			id = strconv.FormatInt(x.ID, 10)
		}
		t.Add(id, x.Name, string(x.RiskRank), strconv.FormatFloat(x.RiskScore, 'f', -1, 64), x.Critical,
			strings.Join(x.Designations, ", "), strings.Join(x.Families, ", "), yesNo(x.InRegister), string(x.PreviousRank), x.RankChange)
	}
	if err := t.Write(c.App.Writer, format); err != nil {
		return err
	}
	if format != "table" {
		return nil
	}
	w := c.App.Writer
	if len(prev) > 0 {
		printf(w, "\nlow-risk suppliers: %.0f%% in %d, %.0f%% in %d\n", 100*yoy.LowShareCurrent, period, 100*yoy.LowSharePrevious, period-1)
	} else {
		printf(w, "\nlow-risk suppliers: %.0f%% in %d (no data for %d)\n", 100*yoy.LowShareCurrent, period, period-1)
	}
	rates := risk.ResponseRates(season)
	if len(rates) == 0 {
		printf(w, "response rate: no register for %d (cmrt suppliers import FILE)\n", period)
	}
	for _, r := range rates {
		printf(w, "response rate, %s: %d of %d asked answered (%.0f%%)\n", r.Family, r.Answered, r.Asked, 100*r.Rate)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
