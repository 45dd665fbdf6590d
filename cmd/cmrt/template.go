package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/cmrt"
)

// templateCommand writes blank templates of this project's own families:
// RMI publishes none for diamonds and coloured gemstones.
func templateCommand() *cli.Command {
	return &cli.Command{
		Name:  "template",
		Usage: "write a blank supplier template of this tool's own (gemstones, saq)",
		Subcommands: []*cli.Command{{
			Name:      "gemstones",
			Usage:     "write the blank Gemstone Declaration Template (diamonds, ruby, sapphire, emerald)",
			ArgsUsage: " ",
			Description: `Writes the Gemstone Declaration Template, Revision 1.0: Instructions, the
Declaration (company information, questions per material and company-level
questions, dropdown answers, "(*)" on mandatory fields), Sources (mines,
traders, cutting and polishing centres with Kimberley Process and RJC
certificate IDs), a Checker counting the mandatory fields left with live
formulas, and hidden dropdown lists. The structure is locked and only input
cells are editable. Suppliers' filled files are read by "cmrt check" and
"cmrt import" like RMI's templates. --lang sets the labels (the answers are
English in every language). "-o -" writes the file to standard output.

Example:
   cmrt template gemstones -o gemstone-declaration.xlsx
   cmrt template gemstones --lang zh -o gemstone-declaration-zh.xlsx`,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "lang", Value: "en", Usage: "label language: " + strings.Join(cmrt.GemstoneLanguages(), ", ")},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "file to write (required; - for standard output)"},
			},
			Action: runTemplateGemstones,
		}, templateSAQCommand()},
	}
}

func runTemplateGemstones(c *cli.Context) error {
	out, err := writeTemplate(c, "template gemstones", func(w io.Writer) error {
		return cmrt.WriteGemstone(w, nil, c.String("lang"))
	})
	if err != nil || out == "" {
		return err
	}
	printf(c.App.Writer, "wrote %s (%s, labels %s)\n", out, cmrt.GemstoneVersionText, c.String("lang"))
	return nil
}

// writeTemplate runs a `template` subcommand: it takes no arguments, and
// writes the workbook write makes to -o FILE, or to standard output with
// -o -. It returns the file written ("" for standard output or --help).
func writeTemplate(c *cli.Context, name string, write func(io.Writer) error) (string, error) {
	pos, err := positional(c)
	if err != nil {
		if err == errHelp {
			_ = cli.ShowSubcommandHelp(c)
			return "", nil
		}
		return "", err
	}
	if len(pos) > 0 {
		return "", cli.Exit(fmt.Sprintf("%s takes no arguments (got %q); name the file with -o", name, pos[0]), exitUsage)
	}
	out := c.String("output")
	if out == "" {
		return "", cli.Exit(name+": name the file to write with -o FILE (or -o - for standard output)", exitUsage)
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return "", cli.Exit(err.Error(), exitUsage)
	}
	if out == "-" {
		if _, err := c.App.Writer.Write(buf.Bytes()); err != nil {
			return "", cli.Exit(fmt.Sprintf("%s: %v", name, err), exitInternal)
		}
		return "", nil
	}
	if err := writeFileAtomic(out, buf.Bytes()); err != nil {
		return "", cli.Exit(fmt.Sprintf("%s: %v", name, err), exitUsage)
	}
	return out, nil
}
