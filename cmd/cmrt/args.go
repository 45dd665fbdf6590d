package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/store"
)

// positional returns the positional arguments, also accepting flags written
// after them (`match "name" --metal gold`), which urfave/cli v2 leaves
// unparsed. "--" ends flags.
func positional(c *cli.Context) ([]string, error) {
	args := c.Args().Slice()
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(pos, args[i+1:]...), nil
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "h" || name == "help" {
			return nil, errHelp
		}
		if isBoolFlag(c, name) {
			if !hasVal {
				val = "true"
			}
		} else if !hasVal {
			if i+1 >= len(args) {
				return nil, cli.Exit(fmt.Sprintf("flag %s needs a value", a), exitUsage)
			}
			i++
			val = args[i]
		}
		if err := c.Set(name, val); err != nil {
			return nil, cli.Exit(fmt.Sprintf("flag %s: %v (see --help)", a, err), exitUsage)
		}
	}
	return pos, nil
}

var errHelp = errors.New("help")

func isBoolFlag(c *cli.Context, name string) bool {
	for _, f := range c.Command.Flags {
		if bf, ok := f.(*cli.BoolFlag); ok {
			for _, n := range bf.Names() {
				if n == name {
					return true
				}
			}
		}
	}
	return false
}

// prepare parses the positional arguments and --format.
func prepare(c *cli.Context, minArgs, maxArgs int) (args []string, format string, err error) {
	args, err = positional(c)
	if errors.Is(err, errHelp) {
		_ = cli.ShowSubcommandHelp(c)
		return nil, "", cli.Exit("", exitOK)
	}
	if err != nil {
		return nil, "", err
	}
	if format, err = outputFormat(c); err != nil {
		return nil, "", err
	}
	if len(args) < minArgs || (maxArgs >= 0 && len(args) > maxArgs) {
		want := fmt.Sprintf("%d argument(s)", minArgs)
		if maxArgs < 0 {
			want = fmt.Sprintf("at least %d argument(s)", minArgs)
		} else if maxArgs != minArgs {
			want = fmt.Sprintf("%d to %d arguments", minArgs, maxArgs)
		}
		return nil, "", cli.Exit(fmt.Sprintf("%s: want %s %s, got %d (see --help)",
			c.Command.FullName(), want, c.Command.ArgsUsage, len(args)), exitUsage)
	}
	return args, format, nil
}

// storeAction is the Action of a command that uses the database: it
// parses between minArgs and maxArgs (-1: any) positional arguments and
// --format, opens the database (see openStore: read-only unless the command
// writes), runs fn and closes it.
func storeAction(minArgs, maxArgs int, fn func(c *cli.Context, st *store.Store, args []string, format string) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		args, format, err := prepare(c, minArgs, maxArgs)
		if err != nil {
			return err
		}
		st, err := openStore(c)
		if err != nil {
			return err
		}
		defer st.Close()
		return fn(c, st, args, format)
	}
}

// dateFlag reads a date flag (2025-12-31, 31/12/2025, Dec 31 2025...: the
// forms smelters.ParseDate reads); the zero time when the flag is not given.
func dateFlag(c *cli.Context, name string) (time.Time, error) {
	s := c.String(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, ok := smelters.ParseDate(s)
	if !ok {
		return t, cli.Exit(fmt.Sprintf("--%s %q: want a date such as 2025-12-31", name, s), exitUsage)
	}
	return t, nil
}
