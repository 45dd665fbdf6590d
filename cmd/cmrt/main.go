// Command cmrt reads, checks and stores suppliers' Responsible Minerals
// Initiative reporting templates (CMRT, EMRT, CRT, AMRT), keeps RMI's smelter
// and refiner lists, and matches declared smelters against them. It works
// offline on an embedded SQLite database.
//
// Exit codes (every command):
//
//	0  success; for check/import: every file complete / nothing rejected
//	1  the work ran but found problems (a file with errors, a rejected file)
//	2  usage error or unreadable input (a missing or outdated database too)
//	3  internal or database error
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"
)

// Exit codes, documented in the package comment, README and --help.
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
	exitInternal = 3
)

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run is main without os.Exit, so tests can drive the whole CLI.
func run(args []string, stdout, stderr io.Writer) int {
	app := newApp()
	app.Writer, app.ErrWriter = stdout, stderr
	if err := app.Run(args); err != nil {
		var ec cli.ExitCoder
		if errors.As(err, &ec) {
			if msg := ec.Error(); msg != "" && ec.ExitCode() != exitOK {
				fmt.Fprintln(app.ErrWriter, "cmrt:", cleanLines(msg)) // messages name files and cells
			}
			return ec.ExitCode()
		}
		fmt.Fprintln(app.ErrWriter, "cmrt:", cleanLines(err.Error()))
		return exitInternal
	}
	return exitOK
}

func newApp() *cli.App {
	app := &cli.App{
		Name:  "cmrt",
		Usage: "responsible-minerals due diligence: check and import RMI templates, match smelters",
		Description: `Works offline on one SQLite database (--db, $CMRT_DB, default cmrt.db in the
working directory). "cmrt COMMAND --help" shows each command's options.

Example:
   cmrt check supplier.xlsx                           # is this declaration complete?
   cmrt smelters refresh Conformant_Smelter_List.xml  # load RMI's lists you downloaded
   cmrt import --learn-lookup suppliers/2025/         # store a season of declarations
   cmrt smelters declared --status removed            # declared smelters RMI removed

Only commands that write (import without --dry-run, smelters refresh/map,
suppliers merge/rename, migrate) create the database or upgrade its schema;
the others open it read-only and stop with exit 2 when it is missing or
needs "cmrt migrate".

Exit codes: 0 success; 1 problems found (a file with errors, a rejected file);
2 usage error or unreadable input (a missing or outdated database included);
3 internal or database error.`,
		Flags: []cli.Flag{
			&cli.StringFlag{
				Name:    "db",
				Usage:   "SQLite database file",
				Value:   defaultDBPath(),
				EnvVars: []string{"CMRT_DB"},
			},
		},
		Commands:               commands(),
		ErrWriter:              os.Stderr,
		Writer:                 os.Stdout,
		HideHelpCommand:        true,
		EnableBashCompletion:   false,
		UseShortOptionHandling: true,
		// run maps errors to exit codes itself; urfave's default handler
		// would call os.Exit from inside Run.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   usageError,
		// Without this, urfave/cli answers an unknown command with its own
		// exit code 3, which here means an internal error.
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return cli.Exit(fmt.Sprintf("no command %q (see cmrt --help)", c.Args().First()), exitUsage)
			}
			return cli.ShowAppHelp(c)
		},
	}
	setUsageError(app.Commands)
	return app
}

// usageError turns a flag-parsing failure into exit code 2.
func usageError(_ *cli.Context, err error, _ bool) error { return cli.Exit(err.Error(), exitUsage) }

func setUsageError(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = usageError
		setUsageError(c.Subcommands)
	}
}

// commands lists the top-level commands; each lives in its own file.
func commands() []*cli.Command {
	return []*cli.Command{
		checkCommand(),
		importCommand(),
		withSupplierRisk(suppliersCommand()),
		declarationsCommand(),
		smeltersCommand(),
		migrateCommand(),
		findingsCommand(),
		rulesCommand(),
		dataCommand(),
		exportCommand(),
		reportCommand(),
		serveCommand(),
		templateCommand(),
		saqCommand(),
	}
}

// defaultDBPath is cmrt.db in the working directory: a compliance officer
// keeps one database per programme folder, next to the suppliers' files.
func defaultDBPath() string { return "cmrt.db" }
