package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "the risk rules, weights, thresholds and reference data editions in force",
		Subcommands: []*cli.Command{{
			Name:  "print",
			Usage: "print the rule table, the data editions in force and the rules file",
			Description: `--format table (default): the rule table, the data editions in force and the
rule set as a YAML rules file; yaml: only the rules file (save it, edit it,
pass it back with --rules); markdown: the rule table as in README; json:
all three.

Example:
   cmrt rules print
   cmrt rules print --format yaml > my-rules.yaml
   cmrt rules print --rules my-rules.yaml
   cmrt rules print --format markdown`,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "format", Value: "table", Usage: "output format: table, yaml, markdown or json"},
				rulesFlag(),
			},
			Action: runRulesPrint,
		}},
	}
}

func runRulesPrint(c *cli.Context) error {
	if _, err := positional(c); err != nil {
		if err == errHelp {
			_ = cli.ShowSubcommandHelp(c)
			return nil
		}
		return err
	}
	cfg, err := loadRules(c)
	if err != nil {
		return err
	}
	ref, err := referenceInForce(c)
	if err != nil {
		return err
	}
	yml, err := cfg.YAML()
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	w := c.App.Writer
	switch c.String("format") {
	case "yaml":
		_, err = w.Write(yml)
		return err
	case "markdown":
		_, err = fmt.Fprint(w, risk.RuleTable(cfg))
		return err
	case "json":
		type rule struct {
			Code     string        `json:"code"`
			Title    string        `json:"title"`
			Level    string        `json:"level"`
			Severity risk.Severity `json:"severity"`
			OECDStep int           `json:"oecd_step"`
			Guidance string        `json:"guidance"`
			Meaning  string        `json:"meaning"`
			Source   string        `json:"source"`
			Action   string        `json:"action"`
		}
		var rules []rule
		for _, r := range risk.Rules {
			sev := r.Severity
			if s, ok := cfg.Severities[r.Code]; ok {
				sev = s
			}
			rules = append(rules, rule{r.Code, r.Title, r.Level, sev, r.OECDStep, r.Guidance, r.Meaning, r.Source, r.Action})
		}
		return writeJSON(w, map[string]any{"rules": rules, "rule_set": cfg.Edition(), "config": cfg, "data_editions": ref.Editions()})
	case "table":
	default:
		return cli.Exit(fmt.Sprintf("--format %q: want table, yaml, markdown or json", c.String("format")), exitUsage)
	}
	t := Table{Header: []string{"CODE", "LEVEL", "SEVERITY", "OECD STEP", "MEANING", "DATA SOURCE"}}
	for _, r := range risk.Rules {
		sev := string(r.Severity)
		if s, ok := cfg.Severities[r.Code]; ok {
			sev = string(s)
		}
		t.Add(r.Code, r.Level, sev, strconv.Itoa(r.OECDStep), r.Meaning, r.Source)
	}
	if err := t.Write(w, "table"); err != nil {
		return err
	}
	fmt.Fprintln(w)
	d := Table{Header: []string{"DATA", "EDITION", "DATE", "SOURCE"}}
	for _, e := range ref.Editions() {
		d.Add(e.Name, e.Edition, e.Date, e.Source)
	}
	if err := d.Write(w, "table"); err != nil {
		return err
	}
	printf(w, "\n# rule set %s\n", cfg.Edition())
	_, err = w.Write(yml)
	return err
}

// referenceInForce is the reference data of the database when there is
// one (imported editions), the shipped data otherwise: printing the rules
// does not create a database.
func referenceInForce(c *cli.Context) (risk.ReferenceData, error) {
	path := c.String("db")
	if path == "" {
		path = defaultDBPath()
	}
	if _, err := os.Stat(path); err != nil {
		return risk.BuiltinReferenceData(), nil
	}
	st, err := store.Open(path)
	if err != nil {
		return risk.ReferenceData{}, cli.Exit(fmt.Sprintf("database %s: %v", path, err), exitInternal)
	}
	defer st.Close()
	ref, err := st.ReferenceData(c.Context)
	if err != nil {
		return ref, cli.Exit(err.Error(), exitInternal)
	}
	return ref, nil
}
