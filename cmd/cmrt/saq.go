package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/saq"
)

// saqCommand groups the supplier self-assessment questionnaire's commands;
// the questionnaire itself is written by "cmrt template saq".
func saqCommand() *cli.Command {
	return &cli.Command{
		Name:  "saq",
		Usage: "the supplier self-assessment questionnaire (SAQ): question bank",
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
--questions".

Example:
   cmrt saq bank print > saq-bank.yaml`,
				Action: runSAQBankPrint,
			}},
		}},
	}
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
--questions takes a bank edited from "cmrt saq bank print". "-o -" writes
to standard output.

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
	pos, err := positional(c)
	if err != nil {
		if err == errHelp {
			_ = cli.ShowSubcommandHelp(c)
			return nil
		}
		return err
	}
	if len(pos) > 0 {
		return cli.Exit(fmt.Sprintf("template saq takes no arguments (got %q); name the file with -o", pos[0]), exitUsage)
	}
	out, lang := c.String("output"), c.String("lang")
	if out == "" {
		return cli.Exit("template saq: name the file to write with -o FILE (or -o - for standard output)", exitUsage)
	}
	bank := saq.Default()
	if path := c.String("questions"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return cli.Exit(fmt.Sprintf("template saq: %v", err), exitUsage)
		}
		if bank, err = saq.Parse(data); err != nil {
			return cli.Exit(fmt.Sprintf("template saq: %s: %v", path, err), exitUsage)
		}
	}
	var buf bytes.Buffer
	if err := cmrt.WriteSAQ(&buf, bank, nil, lang); err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	if out == "-" {
		if _, err := c.App.Writer.Write(buf.Bytes()); err != nil {
			return cli.Exit(fmt.Sprintf("template saq: %v", err), exitInternal)
		}
		return nil
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return cli.Exit(fmt.Sprintf("template saq: %v", err), exitUsage)
	}
	printf(c.App.Writer, "wrote %s (%s, %d questions, %s)\n", out, cmrt.SAQVersionText(bank), len(bank.Questions()), lang)
	return nil
}
