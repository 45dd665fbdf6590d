// Command gen writes generated RMI templates: the fixture scenarios (by
// default the sample ones, into testdata/samples) or n varied files.
//
//	go run ./testdata/gen                      # sample scenarios → testdata/samples
//	go run ./testdata/gen -all -out /tmp/fx    # every scenario, with the large and hostile files
//	go run ./testdata/gen -n 300 -out /tmp/many [-seed 1] [-full] [-families]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/openminerals/cmrt/internal/fixtures"
)

func main() {
	out := flag.String("out", "testdata/samples", "output directory")
	n := flag.Int("n", 0, "write n varied files instead of the scenarios")
	seed := flag.Int64("seed", 1, "seed for -n")
	full := flag.Bool("full", false, "with -n: Smelter List formulas in all 2,500 rows, like RMI's blank (larger, slower)")
	all := flag.Bool("all", false, "write every scenario, including the 2,000-row and the hostile files")
	families := flag.Bool("families", false, "with -n: mix every template family and revision (CMRT, EMRT, CRT, AMRT), not only CMRT")
	flag.Parse()
	if err := run(*out, *n, *seed, *full, *all, *families); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string, n int, seed int64, full, all, families bool) error {
	start := time.Now()
	var count int
	switch {
	case n > 0:
		gen, err := fixtures.ManyWith(out, fixtures.ManyOptions{N: n, Seed: seed, FullFormulaRows: full, Families: families})
		if err != nil {
			return err
		}
		count = len(gen)
	case all:
		paths, err := fixtures.WriteAll(out)
		if err != nil {
			return err
		}
		count = len(paths)
	default:
		paths, err := fixtures.WriteSamples(out)
		if err != nil {
			return err
		}
		count = len(paths)
	}
	d := time.Since(start)
	fmt.Printf("wrote %d files to %s in %v (%v per file)\n", count, out, d.Round(time.Millisecond), (d / time.Duration(max(count, 1))).Round(100*time.Microsecond))
	return nil
}
