package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/openminerals/cmrt/store"
	"github.com/urfave/cli/v2"
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

// openStore opens the database named by the global --db flag.
func openStore(c *cli.Context) (*store.Store, error) {
	path := c.String("db")
	if path == "" {
		path = defaultDBPath()
	}
	st, err := store.Open(path)
	if err != nil {
		return nil, cli.Exit(fmt.Sprintf("database %s: %v", path, err), exitInternal)
	}
	return st, nil
}
