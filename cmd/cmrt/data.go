package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/internal/inputfile"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

// maxReferenceFile bounds a reference list download.
const maxReferenceFile = 32 << 20

func dataCommand() *cli.Command {
	return &cli.Command{
		Name:  "data",
		Usage: "reference data: load a newer edition of the EU CAHRA list or the US DoL goods list",
		Subcommands: []*cli.Command{{
			Name:      "import",
			Usage:     "load a newer edition of a reference list (cahra, dol or gems)",
			ArgsUsage: "cahra|dol|gems FILE",
			Description: `cahra: the EU indicative CAHRA list in its public JSON form (a "meta" block
with "version", and "entries" with countryName, iso2, wholeCountry, regions).
dol: the US Department of Labor's List of Goods Produced by Child Labor or
Forced Labor, as DoL's XML export (<Goods><Good>…) or as a spreadsheet
(.xlsx: a header row with Good, Country, Child Labor, Forced Labor and
optionally Forced Child Labor, marked X or Yes). The file states no
edition: name it with --edition (default "imported" and today's date).
gems: the gemstone origin restrictions (sanctions, Kimberley Process
suspensions) in the JSON shape of the shipped table, which names its own
edition and sources (cmrt rules print --format json shows the edition in
force; the shipped file is risk/refdata/gem-origin-restrictions-*.json).

The newest edition loaded of each kind is in force for later findings; the
shipped editions (cmrt rules print) are the fallback. Loading the same file
again changes nothing.

Example:
   cmrt data import cahra cahra-2026-12.json
   cmrt data import dol ilab-goods-2025.xml --edition 2025
   cmrt data import dol List_of_Goods.xlsx --edition 2025
   cmrt data import gems gem-origin-restrictions-2027-03.json`,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "edition", Usage: "the edition's name, e.g. `2025` (dol; the CAHRA JSON names its own)"},
				formatFlag(),
			},
			Action: storeAction(2, 2, runDataImport),
		}},
	}
}

func runDataImport(c *cli.Context, st *store.Store, args []string, format string) error {
	kind, path := strings.ToLower(args[0]), args[1]
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	switch {
	case kind != risk.DataCAHRA && kind != risk.DataDoL && kind != risk.DataGems:
		return cli.Exit(fmt.Sprintf("data import %q: want cahra, dol or gems", args[0]), exitUsage)
	case kind == risk.DataDoL && ext == "xls":
		return cli.Exit(fmt.Sprintf("%s: an old binary .xls; save it as .xlsx or use DoL's XML export", path), exitUsage)
	case (kind == risk.DataCAHRA || kind == risk.DataGems) && ext != "json":
		name := map[string]string{risk.DataCAHRA: "CAHRA list", risk.DataGems: "gemstone origin restrictions table"}[kind]
		return cli.Exit(fmt.Sprintf("%s: the %s is read in its JSON form (.json)", path, name), exitUsage)
	}
	data, _, err := inputfile.Read(path, maxReferenceFile)
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	res, err := st.ImportReferenceData(c.Context, kind, filepath.Base(path), ext, c.String("edition"), data)
	if err != nil {
		if errors.Is(err, risk.ErrBadReferenceFile) {
			return cli.Exit(err.Error(), exitUsage)
		}
		return cli.Exit(err.Error(), exitInternal)
	}
	if format == "json" {
		return writeJSON(c.App.Writer, res)
	}
	verb := "loaded"
	if res.AlreadyLoaded {
		verb = "already loaded"
	}
	if format == "csv" {
		t := Table{Header: []string{"outcome", "kind", "name", "edition", "date", "file", "sha256"}}
		d := res.DataSet
		t.Add(verb, d.Kind, d.Name, d.Edition, d.Date, path, d.SHA256)
		return t.Write(c.App.Writer, "csv")
	}
	printf(c.App.Writer, "%s: %s, edition %s (%s)\n", verb, res.DataSet.Name, res.DataSet.Edition, path)
	for _, u := range res.Unrecognised {
		printf(c.App.ErrWriter, "warning: country %q is not recognised; its entries match no declaration\n", u)
	}
	return nil
}
