package cmrt

import (
	"fmt"
	"strconv"

	"github.com/openminerals/cmrt/internal/xlsx"
	"github.com/openminerals/cmrt/saq"
)

// The supplier self-assessment questionnaire (SAQ): this project's own
// sustainability questionnaire, nine themes of questions from a bank (package
// saq). Its layout is built from the bank: the company block of the other
// families, then each question as a company-level question (one answer cell
// in D, a comment in G), grouped under theme headings. The reader, Check,
// the importer and the store treat it as one more family. `cmrt template
// saq` writes it (saq_write.go).

// SAQ is the Supplier Self-Assessment Questionnaire family.
const SAQ Family = "SAQ"

// SAQTitle is Declaration!D2; the version cell J3 reads
// SAQTitle + ", Revision " + the bank's version.
const SAQTitle = "Supplier Self-Assessment Questionnaire"

// saqFirstRow is the row of the first theme heading: the company block ends
// at row 22, the questions' heading is row 24.
const saqFirstRow = 25

// SAQVersionText is the version cell's text for a bank.
func SAQVersionText(b *saq.Bank) string { return SAQTitle + ", Revision " + b.Version }

// saqRows gives each question's row and each theme's heading row: a theme
// heading, then its questions.
func saqRows(b *saq.Bank) (themeRows []int, questionRows map[string]int) {
	questionRows = map[string]int{}
	row := saqFirstRow
	for _, t := range b.Themes {
		themeRows = append(themeRows, row)
		row++
		for _, q := range t.Questions {
			questionRows[q.ID] = row
			row++
		}
	}
	return themeRows, questionRows
}

// SAQLayout is the layout of the questionnaire written from bank b.
func SAQLayout(b *saq.Bank) Layout {
	_, rows := saqRows(b)
	var cqs []CompanyQuestion
	for _, tq := range b.Questions() {
		q := tq.Question
		var opts []string
		for _, o := range b.OptionsOf(q) {
			opts = append(opts, o.Label)
		}
		r := strconv.Itoa(rows[q.ID])
		cqs = append(cqs, CompanyQuestion{ID: q.ID, Text: q.Text.EN, Cell: "D" + r, CommentCell: "G" + r, Options: opts})
	}
	return Layout{
		Family: SAQ, Version: b.Version, Current: true,
		Languages:        []string{"English", "中文 Chinese", "日本語 Japanese"},
		Company:          cmrtCompany,
		CompanyQuestions: cqs,
		CompanyNeed:      NeedAlways,
		SmelterRule:      SmelterRuleNone,
	}
}

func init() { layouts = append(layouts, SAQLayout(saq.Default())) }

// verifySAQQuestions checks that a questionnaire asks the default bank's
// questions in its rows (each label in B starts "ID)"): one written from an
// edited bank with other questions would otherwise be read, and scored,
// against the wrong questions.
func verifySAQQuestions(decl *xlsx.Grid, l Layout) error {
	for _, q := range l.CompanyQuestions {
		_, row := splitRef(q.Cell)
		ref := "B" + strconv.Itoa(row)
		if got := cleanText(decl.Cell(ref).Value); !numbered(q.ID)(got) {
			if len([]rune(got)) > 40 {
				got = string([]rune(got)[:40]) + "…"
			}
			return fmt.Errorf("%w: SAQ written from another question bank: %s!%s is %q, the default bank asks %s there (read and scored only with the default bank)",
				ErrUnsupported, SheetDeclaration, ref, got, q.ID)
		}
	}
	return nil
}
