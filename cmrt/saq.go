package cmrt

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

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
//
// The bank travels inside the questionnaire: a very hidden, protected sheet
// (SheetSAQBank) holds the bank's canonical YAML, base64 in cells of at
// most saqBankChunk characters, and its SHA-256. The reader builds the
// layout from that bank, so a questionnaire written from an edited bank
// reads back against its own questions; one written before the bank was
// embedded reads with the default bank. A sheet rather than a custom XML
// part or a defined name: Excel and LibreOffice both keep a sheet's cells
// when they save (LibreOffice drops custom XML parts; a defined name holds
// 255 characters).

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

// SheetSAQBank is the questionnaire's very hidden sheet holding the question
// bank it was written from: B1 the SHA-256 of the bank's YAML, B2 the
// number of parts, B3 onwards the YAML in base64, in parts.
const SheetSAQBank = "QuestionBank"

// ErrSAQBank means a questionnaire's embedded question bank is damaged: not
// base64, not the bytes its SHA-256 names, or not a valid bank.
var ErrSAQBank = errors.New("invalid embedded question bank")

// saqBankChunk is the most characters in one cell of SheetSAQBank, well
// under Excel's 32,767 per cell.
const saqBankChunk = 8000

// saqBankMaxParts bounds the cells read: enough for saq.MaxYAMLBytes.
var saqBankMaxParts = (base64.StdEncoding.EncodedLen(saq.MaxYAMLBytes) + saqBankChunk - 1) / saqBankChunk

// SAQBank is the question bank a questionnaire was written from, as read.
type SAQBank struct {
	Bank *saq.Bank
	// YAML is the bank's canonical YAML (saq.Bank.Marshal); SHA256 its hash.
	YAML   []byte
	SHA256 string
	// Embedded is false for a questionnaire written before the bank was
	// embedded: it was read with the default bank.
	Embedded bool
}

var defaultSAQBank = sync.OnceValue(func() *SAQBank {
	b := saq.Default()
	data, err := b.Marshal()
	if err != nil {
		panic("cmrt: the default SAQ bank does not marshal: " + err.Error())
	}
	return &SAQBank{Bank: b, YAML: data, SHA256: saq.Hash(data)}
})

// DefaultSAQBank is the default bank, as questionnaires without an embedded
// bank are read with.
func DefaultSAQBank() *SAQBank {
	d := *defaultSAQBank()
	return &d
}

// saqBankCells lays out a bank's YAML for SheetSAQBank: cell and text, in
// order (so that the same bank writes the same bytes).
func saqBankCells(yamlData []byte) [][2]string {
	enc := base64.StdEncoding.EncodeToString(yamlData)
	var parts [][2]string
	for n := 1; len(enc) > 0; n++ {
		part := enc[:min(saqBankChunk, len(enc))]
		enc = enc[len(part):]
		row := strconv.Itoa(2 + n)
		parts = append(parts, [2]string{"A" + row, "Part " + strconv.Itoa(n)}, [2]string{"B" + row, part})
	}
	return append([][2]string{{"A1", "SHA-256"}, {"B1", saq.Hash(yamlData)}, {"A2", "Parts"}, {"B2", strconv.Itoa(len(parts) / 2)}}, parts...)
}

var reSHA256 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// readSAQBank reads the embedded bank; nil without SheetSAQBank. Every
// damage is an ErrSAQBank naming the sheet and cell.
func (r *reader) readSAQBank() (*SAQBank, error) {
	name := ""
	for _, s := range r.wb.Sheets() {
		if s.Name == SheetSAQBank {
			name = s.Name
		}
	}
	if name == "" {
		return nil, nil
	}
	bad := func(cell, format string, args ...any) error {
		return &FileError{File: r.path, Sheet: name, Cell: cell, Err: fmt.Errorf("%w: %s", ErrSAQBank, fmt.Sprintf(format, args...))}
	}
	g, err := r.wb.ReadGrid(name, xlsx.ReadOptions{MaxCol: 2, MaxRow: 2 + saqBankMaxParts})
	if err != nil {
		return nil, &FileError{File: r.path, Sheet: name, Err: err}
	}
	hash := strings.ToLower(strings.TrimSpace(g.Cell("B1").Value))
	if !reSHA256.MatchString(hash) {
		return nil, bad("B1", "want the SHA-256 of the bank (64 hexadecimal digits), found %q", clip(hash, 80))
	}
	parts, err := strconv.Atoi(strings.TrimSpace(g.Cell("B2").Value))
	if err != nil || parts < 1 || parts > saqBankMaxParts {
		return nil, bad("B2", "want the number of parts (1 to %d), found %q", saqBankMaxParts, clip(g.Cell("B2").Value, 40))
	}
	// Each part but the last is a whole number of base64 quanta
	// (saqBankChunk is a multiple of 4), so each decodes alone and a
	// damaged one is named.
	var data []byte
	for i := range parts {
		ref := "B" + strconv.Itoa(3+i)
		part := strings.TrimSpace(g.Cell(ref).Value)
		if part == "" || len(part) > saqBankChunk || (i < parts-1 && len(part) != saqBankChunk) {
			return nil, bad(ref, "part %d of %d: want %d characters (the last at most), found %d", i+1, parts, saqBankChunk, len(part))
		}
		dec, err := base64.StdEncoding.DecodeString(part)
		if err != nil {
			return nil, bad(ref, "part %d of %d is not base64: %v", i+1, parts, err)
		}
		data = append(data, dec...)
	}
	if got := saq.Hash(data); got != hash {
		return nil, bad("B1", "the bank's SHA-256 is %s, the sheet says %s: the bank was changed after the questionnaire was written", got[:12]+"…", hash[:12]+"…")
	}
	b, err := saq.Parse(data)
	if err != nil {
		return nil, bad("B3", "%v", err)
	}
	return &SAQBank{Bank: b, YAML: data, SHA256: hash, Embedded: true}, nil
}

// identifySAQ reads a questionnaire that embeds its bank (ok false for any
// other file, an older questionnaire included): the layout is the bank's,
// once the version cell and every question row agree with it.
func (r *reader) identifySAQ(revisionTitle string, decl *xlsx.Grid) (l Layout, version string, ok bool, err error) {
	if revisionTitle != "" {
		return Layout{}, "", false, nil
	}
	if f, found := familyFromText(cleanText(decl.Cell("D2").Value)); !found || f != SAQ {
		return Layout{}, "", false, nil
	}
	bank, err := r.readSAQBank()
	if err != nil || bank == nil {
		return Layout{}, "", err != nil, err
	}
	if j3, want := cleanText(decl.Cell("J3").Value), SAQVersionText(bank.Bank); j3 != want {
		return Layout{}, "", true, &FileError{File: r.path, Sheet: SheetDeclaration, Cell: "J3",
			Err: fmt.Errorf("%w: the version cell reads %q, the embedded question bank is %q", ErrSAQBank, clip(j3, 80), want)}
	}
	l = SAQLayout(bank.Bank)
	if err := verifySAQQuestions(decl, l, "its embedded question bank (sheet "+SheetSAQBank+")"); err != nil {
		return Layout{}, "", true, err
	}
	r.saqBank = bank
	return l, bank.Bank.Version, true, nil
}

// verifySAQQuestions checks that a questionnaire asks the bank's questions
// in its rows (each label in B starts "ID)"): one written from an edited
// bank with other questions would otherwise be read, and scored, against
// the wrong questions. bank names the bank in the message.
func verifySAQQuestions(decl *xlsx.Grid, l Layout, bank string) error {
	for _, q := range l.CompanyQuestions {
		_, row := xlsx.MustSplitRef(q.Cell)
		ref := "B" + strconv.Itoa(row)
		if got := cleanText(decl.Cell(ref).Value); !numbered(q.ID)(got) {
			return fmt.Errorf("%w: SAQ questions do not match %s: %s!%s is %q, the bank asks %s there",
				ErrUnsupported, bank, SheetDeclaration, ref, clip(got, 40), q.ID)
		}
	}
	return nil
}

// clip shortens s to n runes for a message.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
