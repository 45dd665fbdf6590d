package cmrt_test

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/libreoffice"
	"github.com/openminerals/cmrt/saq"
)

// editedBank is testdata/saq/edited-bank.yaml: the default bank with a
// question added (HR6), one removed (ENV5), new points, a new critical
// question (SC6), LAB3 no longer critical and a tenth theme: 48 questions.
func editedBank(t *testing.T) *saq.Bank {
	t.Helper()
	data, err := os.ReadFile("../testdata/saq/edited-bank.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := saq.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(b.Questions()); n != 48 {
		t.Fatalf("edited bank: %d questions, want 48", n)
	}
	return b
}

// filledFrom answers every question of bank b, cycling through each
// question's options, with a comment on every third.
func filledFrom(b *saq.Bank) *cmrt.Declaration {
	d := &cmrt.Declaration{Company: saqCompany()}
	for i, q := range cmrt.SAQLayout(b).CompanyQuestions {
		a := cmrt.Answer{Question: q.ID, Value: q.Options[i%len(q.Options)], Cell: q.Cell}
		if i%3 == 0 {
			a.Comment = "evidence: " + q.ID + " — see the 2026 report"
		}
		d.Answers = append(d.Answers, a)
	}
	return d
}

// checkEditedRead checks a questionnaire of the edited bank read back: its
// bank embedded and intact, every answer in its cell.
func checkEditedRead(t *testing.T, got *cmrt.Declaration, b *saq.Bank, want *cmrt.Declaration) {
	t.Helper()
	if got.Template.Family != cmrt.SAQ || got.Template.Version != "2026-acme" {
		t.Errorf("template %+v, want SAQ 2026-acme", got.Template)
	}
	sb := got.SAQBank
	if sb == nil || !sb.Embedded {
		t.Fatalf("bank %+v, want the embedded one", sb)
	}
	canon, err := b.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if sb.SHA256 != saq.Hash(canon) || string(sb.YAML) != string(canon) || !reflect.DeepEqual(sb.Bank, b) {
		t.Errorf("embedded bank differs from the one written (hash %s, want %s)", sb.SHA256, saq.Hash(canon))
	}
	if len(got.Answers) != len(want.Answers) {
		t.Fatalf("%d answers, want %d", len(got.Answers), len(want.Answers))
	}
	for i, a := range want.Answers {
		if g := got.Answers[i]; g.Question != a.Question || g.Value != a.Value || g.Comment != a.Comment || g.Cell != a.Cell {
			t.Errorf("answer %d: got %+v, want %+v", i, g, a)
		}
	}
	if !reflect.DeepEqual(got.Company, want.Company) {
		t.Errorf("company\n got %+v\nwant %+v", got.Company, want.Company)
	}
}

// TestSAQEditedBankRoundTrip: a questionnaire written from an edited bank
// reads back with that bank (not refused, not read against the default's
// rows): the new question HR6, SC6 with its own options and the DIV theme
// answered, ENV5 gone, every answer in its cell; the Checker and Check
// count the edited bank's 48 questions.
func TestSAQEditedBankRoundTrip(t *testing.T) {
	b := editedBank(t)
	for _, lang := range cmrt.GemstoneLanguages() {
		want := filledFrom(b)
		got, err := cmrt.ReadFile(writeSAQ(t, b, want, lang))
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		checkEditedRead(t, got, b, want)
		ids := map[string]string{}
		for _, a := range got.Answers {
			ids[a.Question] = a.Value
		}
		if _, ok := ids["ENV5"]; ok || ids["SC6"] == "" || ids["HR6"] == "" || ids["DIV2"] == "" {
			t.Errorf("%s: answers %v: want HR6, SC6, DIV2 and no ENV5", lang, ids)
		}
		if res := cmrt.Check(got, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)); res.RequiredMissing != 0 {
			t.Errorf("%s: filled: Check counts %d missing: %+v", lang, res.RequiredMissing, res.Problems)
		}
	}
	blank, err := cmrt.ReadFile(writeSAQ(t, b, nil, "en"))
	if err != nil {
		t.Fatal(err)
	}
	if got := cmrt.Check(blank, time.Now()).RequiredMissing; got != 8+48 {
		t.Errorf("blank: Check counts %d, want %d", got, 8+48)
	}
	f, err := excelize.OpenFile(writeSAQ(t, b, nil, "en"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetSheetVisible(cmrt.SheetSAQBank); v {
		t.Error("the bank sheet is visible")
	}
	if fo, _ := f.GetCellFormula(cmrt.SheetChecker, "D2"); fo != "SUM(D6:D"+strconv.Itoa(6+8+48)+")" {
		t.Errorf("Checker!D2 formula %q", fo)
	}
}

// TestSAQWithoutEmbeddedBank: a questionnaire written before the bank was
// embedded (here: the sheet removed) still reads, with the default bank; one
// of an edited bank without it is refused as before, naming the cell.
func TestSAQWithoutEmbeddedBank(t *testing.T) {
	strip := func(path string) string {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.DeleteSheet(cmrt.SheetSAQBank); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "old.xlsx")
		if err := f.SaveAs(out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := filledSAQ(t)
	got, err := cmrt.ReadFile(strip(writeSAQ(t, nil, want, "en")))
	if err != nil {
		t.Fatal(err)
	}
	if got.SAQBank == nil || got.SAQBank.Embedded || got.SAQBank.SHA256 != cmrt.DefaultSAQBank().SHA256 {
		t.Errorf("bank %+v, want the default, not embedded", got.SAQBank)
	}
	if got.Template.Version != "1.0" || len(got.Answers) != 45 {
		t.Fatalf("template %+v, %d answers", got.Template, len(got.Answers))
	}
	for i, a := range want.Answers {
		if g := got.Answers[i]; g.Value != a.Value || g.Cell != a.Cell {
			t.Errorf("answer %d: got %+v, want %+v", i, g, a)
		}
	}
	src := strings.Replace(string(saq.DefaultBankYAML()), "id: GOV1,", "id: G1,", 1)
	b, err := saq.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = cmrt.ReadFile(strip(writeSAQ(t, b, nil, "en")))
	if !errors.Is(err, cmrt.ErrUnsupported) || !strings.Contains(err.Error(), "Declaration!B26") || !strings.Contains(err.Error(), "default question bank") {
		t.Fatalf("err = %v", err)
	}
}

// TestSAQTamperedBank: a damaged embedded bank is refused with an error
// naming the file, the sheet and the cell, never read with a bank that is
// not the one the questionnaire was written from.
func TestSAQTamperedBank(t *testing.T) {
	b := editedBank(t)
	canon, err := b.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	// embed is the sheet's cells for yaml under hash, in parts of 8,000
	// characters as the writer makes them.
	embed := func(yaml, hash string) map[string]string {
		e := base64.StdEncoding.EncodeToString([]byte(yaml))
		cells := map[string]string{"B1": hash}
		n := 0
		for ; len(e) > 0; n++ {
			part := e[:min(8000, len(e))]
			e = e[len(part):]
			cells["B"+strconv.Itoa(3+n)] = part
		}
		cells["B2"] = strconv.Itoa(n)
		return cells
	}
	hashed := func(yaml string) map[string]string { return embed(yaml, saq.Hash([]byte(yaml))) }
	cheaper := strings.Replace(string(canon), "points: 0", "points: 4", 1) // "No" scores like "Yes"
	renamed := strings.Replace(string(canon), "id: GOV2", "id: GOV9", 1)
	cases := []struct {
		name  string
		cells map[string]string
		kind  error
		want  string
	}{
		{"YAML changed, hash not", embed(cheaper, saq.Hash(canon)), cmrt.ErrSAQBank, "QuestionBank!B1: invalid embedded question bank: the bank's SHA-256"},
		{"invalid YAML", hashed("themes: ["), cmrt.ErrSAQBank, "QuestionBank!B3"},
		{"valid YAML, invalid bank", hashed("version: x\n"), cmrt.ErrSAQBank, "QuestionBank!B3: invalid embedded question bank: saq: question bank: scale"},
		{"not base64", map[string]string{"B4": strings.Repeat("A", 7999) + "!"}, cmrt.ErrSAQBank, "QuestionBank!B4: invalid embedded question bank: part 2 of 4 is not base64"},
		{"hash missing", map[string]string{"B1": ""}, cmrt.ErrSAQBank, "QuestionBank!B1"},
		{"hostile part count", map[string]string{"B2": "99999999"}, cmrt.ErrSAQBank, "QuestionBank!B2"},
		{"part count too high", map[string]string{"B2": "5"}, cmrt.ErrSAQBank, "QuestionBank!B6: invalid embedded question bank: part 4 of 5: want 8000 characters"},
		{"part missing", map[string]string{"B4": ""}, cmrt.ErrSAQBank, "QuestionBank!B4: invalid embedded question bank: part 2 of 4: want 8000 characters (the last at most), found 0"},
		{"oversized part", map[string]string{"B3": strings.Repeat("A", 9000)}, cmrt.ErrSAQBank, "QuestionBank!B3"},
		{"bank of other questions", hashed(renamed), cmrt.ErrUnsupported, "Declaration!B27 is \"GOV2)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := excelize.OpenFile(writeSAQ(t, b, filledFrom(b), "en"))
			if err != nil {
				t.Fatal(err)
			}
			for ref, v := range c.cells {
				if err := f.SetCellStr(cmrt.SheetSAQBank, ref, v); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(t.TempDir(), "tampered.xlsx")
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			f.Close()
			_, err = cmrt.ReadFile(path)
			var fe *cmrt.FileError
			if !errors.Is(err, c.kind) || !errors.As(err, &fe) || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v\nwant %v naming %s and %q", err, c.kind, path, c.want)
			}
		})
	}
	// The version cell must name the embedded bank's version.
	f, err := excelize.OpenFile(writeSAQ(t, b, nil, "en"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetCellStr(cmrt.SheetDeclaration, "J3", cmrt.SAQVersionText(saq.Default())); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "j3.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if _, err := cmrt.ReadFile(path); !errors.Is(err, cmrt.ErrSAQBank) || !strings.Contains(err.Error(), "Declaration!J3") {
		t.Errorf("J3 of another version: err = %v", err)
	}
}

// TestSAQEditedBankLibreOffice recalculates the edited bank's Checker in
// LibreOffice headless (blank 8 + 48, filled 0, three left 3), and reads
// back the filled one as LibreOffice saves it: the bank sheet survives
// (LibreOffice keeps it hidden, if not very hidden) and every answer is
// intact.
func TestSAQEditedBankLibreOffice(t *testing.T) {
	b := editedBank(t)
	partial := filledFrom(b)
	partial.Company.ContactPhone = ""
	partial.Answers[7].Value = ""  // HR3
	partial.Answers[47].Value = "" // DIV2
	cases := []struct {
		name string
		d    *cmrt.Declaration
		lang string
		want int
	}{
		{"acme-blank-en", nil, "en", 8 + 48},
		{"acme-filled-ja", filledFrom(b), "ja", 0},
		{"acme-partial-zh", partial, "zh", 3},
	}
	var written []checkerCase
	for _, c := range cases {
		written = append(written, checkerCase{c.name, writeSAQ(t, b, c.d, c.lang), c.want})
	}
	files, work := checkCheckerCounts(t, written)
	saved, err := libreoffice.Resave(work, files[1:2])
	if err != nil {
		t.Fatal(err)
	}
	got, err := cmrt.ReadFile(saved[0])
	if err != nil {
		t.Fatalf("saved by LibreOffice: %v", err)
	}
	checkEditedRead(t, got, b, filledFrom(b))
}
