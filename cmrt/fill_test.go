package cmrt

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// fillCase is a real blank template and a complete declaration for it.
type fillCase struct {
	name     string
	path     string
	minerals []string // picks, for EMRT 2.x
	inScope  []string
}

func realBlanks(t *testing.T) []fillCase {
	dir := sharedRMI(t)
	cases := []fillCase{
		{name: "CMRT 6.4", path: filepath.Join(dir, "RMI_CMRT_6.4.xlsx"), inScope: []string{"Tantalum", "Tin", "Gold", "Tungsten"}},
		{name: "CMRT 6.5", path: filepath.Join(dir, "templates", "RMI_CMRT_6.5.xlsx"), inScope: []string{"Tantalum", "Tin", "Gold", "Tungsten"}},
		{name: "EMRT 2.1", path: filepath.Join(dir, "templates", "RMI_EMRT_2.1.xlsx"),
			minerals: []string{"Cobalt", "Copper", "Graphite", "Lithium", "Mica", "Nickel"}, inScope: []string{"Cobalt", "Mica"}},
	}
	var out []fillCase
	for _, c := range cases {
		if _, err := os.Stat(c.path); err != nil {
			t.Logf("skipping %s: %v", c.name, err)
			continue
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		t.Skip("no RMI blank templates in ../shared/rmi")
	}
	return out
}

// completeDeclaration answers every question the Checker needs, with one
// Look-up smelter per in-scope mineral and one CID the Look-up lacks.
func completeDeclaration(t *testing.T, c fillCase) (*Declaration, []SmelterRow) {
	blank, err := ReadFile(c.path)
	if err != nil {
		t.Fatal(err)
	}
	l := blank.Layout
	d := &Declaration{
		Company: Company{
			Name: "Nordwind Components GmbH", Scope: ScopeCompany, Address: "Hafenstraße 1, 20457 Hamburg, Germany",
			ContactName: "Anna Keller", ContactEmail: "anna.keller@example.com", ContactPhone: "+49 40 123456",
			Authorizer: "Dr. Jonas Weber", AuthorizerTitle: "Head of Compliance", AuthorizerEmail: "j.weber@example.com",
			AuthorizerPhone: "+49 40 123457", EffectiveDate: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC),
		},
		Minerals: c.minerals,
	}
	minerals := l.Minerals
	if len(c.minerals) > 0 {
		minerals = c.minerals
	}
	used := map[string]bool{}
	for _, m := range c.inScope {
		used[m] = true
	}
	for _, q := range l.Questions {
		for _, m := range minerals {
			v := ""
			switch {
			case q.ID == "1":
				v = "No"
				if used[m] {
					v = "Yes"
				}
			case !used[m]:
			case hasOption(q.Options, "100%"):
				v = "100%"
			case strings.Contains(q.Text, "source") || strings.Contains(q.Text, "recycled"):
				v = "No"
			default:
				v = "Yes"
			}
			if v != "" {
				d.Answers = append(d.Answers, Answer{Question: q.ID, Mineral: m, Value: v})
			}
		}
	}
	for _, q := range l.CompanyQuestions {
		if q.PerMineralRow > 0 {
			for _, m := range c.inScope {
				d.Answers = append(d.Answers, Answer{Question: q.ID, Mineral: m, Value: "Yes"})
			}
			continue
		}
		a := Answer{Question: q.ID, Value: q.Options[0]}
		if q.CommentRequiredWhen == a.Value {
			a.Comment = "https://example.com/responsible-minerals-policy"
		}
		d.Answers = append(d.Answers, a)
	}
	seen := map[string]bool{}
	for _, lr := range blank.Lookup {
		if cid, ok := NormalizeCID(lr.CID); ok && used[lr.Metal] && !seen[lr.Metal] {
			seen[lr.Metal] = true
			d.Smelters = append(d.Smelters, SmelterRow{Metal: lr.Metal, CID: cid, Name: lr.StandardName, Country: lr.Country})
		}
	}
	if len(seen) != len(c.inScope) {
		t.Fatalf("%s: Look-up has smelters for %v, want one for each of %v", c.name, seen, c.inScope)
	}
	notListed := SmelterRow{Metal: c.inScope[0], CID: "CID999999", Name: "Nordwind Test Refinery", Country: "Germany"}
	d.Smelters = append(d.Smelters, notListed)
	return d, []SmelterRow{notListed}
}

// TestFillRealTemplates fills RMI's real blank templates and reads the copy
// back: zero Checker errors, every smelter present, formulas and validations
// kept.
func TestFillRealTemplates(t *testing.T) {
	cases := realBlanks(t)
	dir := t.TempDir()
	for _, c := range cases {
		d, notListed := completeDeclaration(t, c)
		var buf bytes.Buffer
		res, err := FillTemplate(c.path, d, &buf)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if res.Check.Errors() != 0 || res.Check.RequiredMissing != 0 {
			t.Errorf("%s: read back with %d errors, %d required missing: %+v", c.name, res.Check.Errors(), res.Check.RequiredMissing, res.Check.Problems)
		}
		if len(res.NotInLookup) != 1 || res.NotInLookup[0].CID != notListed[0].CID {
			t.Errorf("%s: not in Look-up = %+v, want %s", c.name, res.NotInLookup, notListed[0].CID)
		}
		back := res.Declaration
		if back.Company.Name != d.Company.Name || !back.Company.EffectiveDate.Equal(d.Company.EffectiveDate) {
			t.Errorf("%s: company read back %q %v", c.name, back.Company.Name, back.Company.EffectiveDate)
		}
		for _, want := range d.Smelters {
			found := false
			for _, got := range back.Smelters {
				if strings.EqualFold(got.Metal, want.Metal) && (got.CID == want.CID || got.Name == want.Name) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: smelter %s %s %s missing from the read-back Smelter List %+v", c.name, want.Metal, want.CID, want.Name, back.Smelters)
			}
		}
		if len(back.Smelters) != len(d.Smelters) {
			t.Errorf("%s: %d smelter rows read back, wrote %d", c.name, len(back.Smelters), len(d.Smelters))
		}
		out := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".xlsx")
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		assertTemplateKept(t, c.path, out)
	}
	// RMI's own Checker recalculated by LibreOffice on exported files:
	// cmd/cmrt's TestExportOwnRecalculatedByLibreOffice (one soffice run).
}

// assertTemplateKept compares the filled copy with the blank: the same
// sheets with the same visibility, the same data validations, RMI's
// Smelter List formulas and the workbook asking for a full recalculation.
func assertTemplateKept(t *testing.T, blankPath, filledPath string) {
	t.Helper()
	open := func(p string) *excelize.File {
		f, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	b, f := open(blankPath), open(filledPath)
	defer b.Close()
	defer f.Close()
	bs, fs := b.GetSheetList(), f.GetSheetList()
	if strings.Join(bs, "|") != strings.Join(fs, "|") {
		t.Errorf("%s: sheets %v, blank had %v", filledPath, fs, bs)
	}
	for _, s := range bs {
		bv, _ := b.GetSheetVisible(s)
		fv, _ := f.GetSheetVisible(s)
		if bv != fv {
			t.Errorf("%s: sheet %s visible %v, blank %v", filledPath, s, fv, bv)
		}
		bd, _ := b.GetDataValidations(s)
		fd, _ := f.GetDataValidations(s)
		if len(bd) != len(fd) {
			t.Errorf("%s: sheet %s has %d data validations, blank %d", filledPath, s, len(fd), len(bd))
		}
	}
	for _, cell := range []string{"B5", "C5", "E5", "F5", "B6", "E2000"} {
		bf, _ := b.GetCellFormula(SheetSmelterList, cell)
		ff, _ := f.GetCellFormula(SheetSmelterList, cell)
		if bf != ff {
			t.Errorf("%s: Smelter List!%s formula %q, blank %q", filledPath, cell, ff, bf)
		}
	}
	bc, _ := b.GetCellFormula(SheetChecker, "D2")
	fc, _ := f.GetCellFormula(SheetChecker, "D2")
	if bc == "" || bc != fc {
		t.Errorf("%s: Checker!D2 formula %q, blank %q", filledPath, fc, bc)
	}
	props, err := f.GetCalcProps()
	if err != nil || props.FullCalcOnLoad == nil || !*props.FullCalcOnLoad {
		t.Errorf("%s: fullCalcOnLoad not set (%+v, %v)", filledPath, props, err)
	}
}
