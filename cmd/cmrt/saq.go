package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

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
