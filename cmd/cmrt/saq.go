package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/inputfile"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/saq"
	"github.com/openminerals/cmrt/store"
)

// saqCommand groups the supplier self-assessment questionnaire's commands;
// the questionnaire itself is written by "cmrt template saq".
func saqCommand() *cli.Command {
	return &cli.Command{
		Name:  "saq",
		Usage: "the supplier self-assessment questionnaire (SAQ): question bank, scores and ranks",
		Subcommands: []*cli.Command{{
			Name:  "bank",
			Usage: "the SAQ's question bank",
			Subcommands: []*cli.Command{{
				Name:      "print",
				Usage:     "write the default question bank (YAML) to edit",
				ArgsUsage: " ",
				Description: `Writes the default question bank: nine themes of five questions (policy,
system, initiative, monitoring, improvement), each citing the section of the
RBA Code of Conduct it rests on, the answer scale with its points and the
critical questions (forced labour, child labour, working hours) with their
unfavourable answers. Edit a copy and pass it to "cmrt template saq
--questions": the questionnaire carries its bank, and its answers are
scored with it.

Example:
   cmrt saq bank print > saq-bank.yaml`,
				Action: runSAQBankPrint,
			}},
		}, {
			Name:      "scores",
			Usage:     "per supplier: SAQ theme scores, total, rank and the critical answers; per theme: the responders' average",
			ArgsUsage: " ",
			Description: `Scores the period's questionnaires (family SAQ), each against the question
bank it was written from (embedded in the questionnaire; the default bank
for questionnaires written before banks were embedded): each theme's points
as a percent of its maximum, the total, and the rank from the rules file's
saq thresholds (total at or above low_from: low; at or above medium_from:
medium; below: high; a critical question of the bank answered unfavourably
ranks high while critical_override is on). The last row is each theme's
average over the responders, the benchmark every supplier is compared with;
when suppliers answered different banks, themes are matched by ID and each
is averaged over the responders whose bank has it. Reads the database only.

Example:
   cmrt saq scores --period 2026
   cmrt saq scores --format json --rules my-rules.yaml`,
			Flags:  append(periodFlags(), formatFlag()),
			Action: storeAction(0, 0, runSAQScores),
		}, {
			Name:      "trend",
			Usage:     "year on year: share of low / medium / high SAQ ranks, overall and per designation",
			ArgsUsage: " ",
			Description: `Compares the SAQ ranks of --period with --previous (default: the year before):
the share of responders ranked low, medium and high in each, and the change
of the low share in percentage points — for every responder, then per
designation (essential, important, human-rights high-risk, from each
period's supplier register). Reads the database only.

Example:
   cmrt saq trend --period 2026
   cmrt saq trend --period 2026 --previous 2024 --format json`,
			Flags: append(periodFlags(), formatFlag(),
				&cli.IntFlag{Name: "previous", Usage: "the period to compare with (`YEAR`; default: --period minus one)"}),
			Action: storeAction(0, 0, runSAQTrend),
		}},
	}
}

// saqScoresJSON is the JSON output of cmrt saq scores.
type saqScoresJSON struct {
	Period       int                     `json:"period"`
	Suppliers    []risk.SAQSupplierScore `json:"suppliers"`
	Averages     []saq.ThemeScore        `json:"theme_averages"`
	AverageTotal float64                 `json:"average_total"`
	Shares       saq.Shares              `json:"shares"`
}

func runSAQScores(c *cli.Context, st *store.Store, _ []string, format string) error {
	cfg, err := loadRules(c)
	if err != nil {
		return err
	}
	period, asOf, err := seasonArgs(c, st)
	if err != nil {
		return err
	}
	se, err := st.Season(c.Context, period, asOf)
	if err != nil {
		return storeExit(err)
	}
	scores, averages, total := cfg.SAQScores(se)
	var ranks []string
	for _, s := range scores {
		ranks = append(ranks, s.Rank)
	}
	if format == "json" {
		return writeJSON(c.App.Writer, saqScoresJSON{Period: period, Suppliers: scores, Averages: averages, AverageTotal: total, Shares: saq.ShareOf(ranks)})
	}
	// One column per theme of any responder's bank (the averages' themes);
	// blank where a supplier's bank has no such theme.
	t := &Table{Header: []string{"Supplier", "Total %", "Rank", "Critical"}}
	for _, th := range averages {
		t.Header = append(t.Header, th.Theme+" %")
	}
	t.Header = append(t.Header, "Bank")
	pct := func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
	banks := map[string]bool{}
	for _, s := range scores {
		var crit []string
		for _, cr := range s.Critical {
			crit = append(crit, cr.Question+" "+cr.Answer+" ("+cr.Code+")")
		}
		own := map[string]float64{}
		for _, th := range s.Themes {
			own[th.Theme] = th.Percent
		}
		row := []string{s.Supplier, pct(s.Total), s.Rank, strings.Join(crit, "; ")}
		for _, th := range averages {
			v, ok := own[th.Theme]
			if !ok {
				row = append(row, "")
				continue
			}
			row = append(row, pct(v))
		}
		bank := s.Bank
		if len(s.BankSHA256) >= 8 {
			bank += " (" + s.BankSHA256[:8] + ")" // as "template saq" printed it
		}
		t.Add(append(row, bank)...)
		banks[s.Bank+s.BankSHA256] = true
	}
	if len(scores) > 0 {
		row := []string{fmt.Sprintf("(average of %d responders)", len(scores)), pct(total), "", ""}
		for _, th := range averages {
			row = append(row, pct(th.Percent))
		}
		t.Add(append(row, "")...)
	}
	if err := t.Write(c.App.Writer, format); err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	if format == "table" {
		sh := saq.ShareOf(ranks)
		printf(c.App.Writer, "\n%d responders in %d: low %.1f%%, medium %.1f%%, high %.1f%%\n", sh.N, period, sh.Low, sh.Medium, sh.High)
		if len(banks) > 1 {
			printf(c.App.Writer, "%d question banks: each theme is averaged over the responders whose bank has it\n", len(banks))
		}
	}
	return nil
}

func runSAQBankPrint(c *cli.Context) error {
	pos, err := positional(c)
	if err != nil {
		if err == errHelp {
			_ = cli.ShowSubcommandHelp(c)
			return nil
		}
		return err
	}
	if len(pos) > 0 {
		return cli.Exit(fmt.Sprintf("saq bank print takes no arguments (got %q)", pos[0]), exitUsage)
	}
	if _, err := c.App.Writer.Write(saq.DefaultBankYAML()); err != nil {
		return cli.Exit(fmt.Sprintf("saq bank print: %v", err), exitInternal)
	}
	return nil
}

// templateSAQCommand is "cmrt template saq".
func templateSAQCommand() *cli.Command {
	return &cli.Command{
		Name:      "saq",
		Usage:     "write the blank supplier self-assessment questionnaire (SAQ)",
		ArgsUsage: " ",
		Description: `Writes the supplier self-assessment questionnaire: Instructions, the
Declaration sheet (company information, then the questions grouped by theme,
each citing its RBA Code of Conduct section, dropdown answers, "(*)" on every
mandatory field), a Checker counting the mandatory fields left with live
formulas (total in D2), and hidden dropdown lists. The structure is locked and
only input cells are editable. Returned files are read by "cmrt check" and
"cmrt import" like the other templates (family SAQ). --lang sets the labels
and the questions' language (the answers are English in every language);
--questions takes a bank edited from "cmrt saq bank print": the workbook
embeds the bank it was written from (a very hidden sheet, with its SHA-256),
and returned files are read and scored with that bank. "-o -" writes to
standard output.

Example:
   cmrt template saq -o saq-2026.xlsx
   cmrt template saq --lang ja --questions saq-bank.yaml -o saq-2026-ja.xlsx`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "lang", Value: "en", Usage: "language: " + strings.Join(cmrt.GemstoneLanguages(), ", ")},
			&cli.StringFlag{Name: "questions", Usage: "question bank (YAML; default: the built-in bank)"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "file to write (required; - for standard output)"},
		},
		Action: runTemplateSAQ,
	}
}

func runTemplateSAQ(c *cli.Context) error {
	bank := saq.Default()
	if path := c.String("questions"); path != "" {
		data, _, err := inputfile.Read(path, maxBankFile)
		if err != nil {
			return cli.Exit(fmt.Sprintf("template saq: --questions: %v", err), exitUsage)
		}
		if bank, err = saq.Parse(data); err != nil {
			return cli.Exit(fmt.Sprintf("template saq: %s: %v", path, err), exitUsage)
		}
	}
	out, err := writeTemplate(c, "template saq", func(w io.Writer) error {
		return cmrt.WriteSAQ(w, bank, nil, c.String("lang"))
	})
	if err != nil || out == "" {
		return err
	}
	canon, err := bank.Marshal()
	if err != nil {
		return cli.Exit(fmt.Sprintf("template saq: %v", err), exitInternal)
	}
	// The bank's hash names it in "cmrt saq scores": a returned file scored
	// with a bank the company did not issue stands out.
	printf(c.App.Writer, "wrote %s (%s, %d questions, %s; bank %s %s, SHA-256 %s)\n", out, cmrt.SAQVersionText(bank),
		len(bank.Questions()), c.String("lang"), bank.ID, bank.Version, saq.Hash(canon)[:8])
	return nil
}

// maxBankFile bounds a question bank file: a few hundred questions of YAML.
const maxBankFile = 4 << 20

func runSAQTrend(c *cli.Context, st *store.Store, _ []string, format string) error {
	cfg, err := loadRules(c)
	if err != nil {
		return err
	}
	period, asOf, err := seasonArgs(c, st)
	if err != nil {
		return err
	}
	previous := c.Int("previous")
	if previous == 0 {
		previous = period - 1
	}
	if previous >= period {
		return cli.Exit(fmt.Sprintf("--previous %d: want a period before %d", previous, period), exitUsage)
	}
	ref, err := st.ReferenceData(c.Context)
	if err != nil {
		return storeExit(err)
	}
	cur, err := st.Season(c.Context, period, asOf)
	if err != nil {
		return storeExit(err)
	}
	prev, err := st.Season(c.Context, previous, asOf)
	if err != nil {
		return storeExit(err)
	}
	y := cfg.SAQYearOnYear(prev, cur, ref.DoL)
	if format == "json" {
		return writeJSON(c.App.Writer, y)
	}
	pct := func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
	p, n := strconv.Itoa(previous), strconv.Itoa(period)
	t := &Table{Header: []string{"Group", "Responders " + p, "Low % " + p, "Medium % " + p, "High % " + p,
		"Responders " + n, "Low % " + n, "Medium % " + n, "High % " + n, "Low change (points)"}}
	change := func(g risk.SAQGroupTrend) string {
		if g.Previous.N == 0 || g.Current.N == 0 {
			return "" // nothing to compare with
		}
		return fmt.Sprintf("%+.1f", g.LowChange)
	}
	for _, g := range y.Groups {
		t.Add(g.Group, strconv.Itoa(g.Previous.N), pct(g.Previous.Low), pct(g.Previous.Medium), pct(g.Previous.High),
			strconv.Itoa(g.Current.N), pct(g.Current.Low), pct(g.Current.Medium), pct(g.Current.High), change(g))
	}
	if err := t.Write(c.App.Writer, format); err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	if format == "table" && len(y.Groups) > 0 {
		if g := y.Groups[0]; g.Previous.N == 0 {
			printf(c.App.Writer, "\nno questionnaire in %d to compare with; %d responders\n", previous, g.Current.N)
		} else {
			printf(c.App.Writer, "\nlow-risk share %+.1f points since %d, %d responders\n", g.LowChange, previous, g.Current.N)
		}
	}
	return nil
}
