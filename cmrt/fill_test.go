package cmrt

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"os/exec"
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
// kept; then, where LibreOffice is installed, RMI's own Checker sheet
// recalculated by LibreOffice counts no missing field.
func TestFillRealTemplates(t *testing.T) {
	cases := realBlanks(t)
	dir := t.TempDir()
	var written []string
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
		written = append(written, out)
	}
	// A control: without a company name and an effective date RMI's
	// Checker must count 2, or the oracle is not recalculating.
	control, _ := completeDeclaration(t, cases[0])
	control.Company.Name, control.Company.EffectiveDate = "", time.Time{}
	var buf bytes.Buffer
	res, err := FillTemplate(cases[0].path, control, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if res.Check.RequiredMissing != 2 {
		t.Errorf("control: Check counts %d required missing, want 2", res.Check.RequiredMissing)
	}
	controlPath := filepath.Join(dir, "control.xlsx")
	if err := os.WriteFile(controlPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		t.Skip("-short: skipping RMI's Checker recalculated by LibreOffice")
	}
	counts, err := libreOfficeCheckerCounts(t, dir, append(written, controlPath))
	if errors.Is(err, errNoSoffice) {
		t.Skip("LibreOffice (Debian package libreoffice-calc-nogui) is not installed: skipping RMI's own Checker recalculated")
	}
	if err != nil {
		t.Fatal(err)
	}
	if got := counts[len(written)]; got != "2" {
		t.Errorf("control without company name and date: LibreOffice Checker count %q, want 2", got)
	}
	for i, f := range written {
		if counts[i] != "0" {
			t.Errorf("%s: RMI's Checker recalculated by LibreOffice counts %q required fields remaining, want 0", cases[i].name, counts[i])
		} else {
			t.Logf("%s: RMI's Checker (LibreOffice) counts 0 required fields remaining", filepath.Base(f))
		}
	}
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

var errNoSoffice = errors.New("soffice not found")

// libreOfficeCheckerCounts recalculates files with LibreOffice headless
// (one soffice run for all of them: it takes seconds to start) and returns
// each file's RMI Checker count, Checker!D3 (FACTS.md).
func libreOfficeCheckerCounts(t *testing.T, dir string, files []string) ([]string, error) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		return nil, errNoSoffice
	}
	profile := filepath.Join(dir, "lo-profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		return nil, err
	}
	// OOXMLRecalcMode 0: always recalculate an xlsx on load, or LibreOffice
	// shows the values the file saved.
	xcu := `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(xcu), 0o644); err != nil {
		return nil, err
	}
	outDir := filepath.Join(dir, "csv")
	args := append([]string{"-env:UserInstallation=file://" + profile, "--headless", "--norestore",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", outDir}, files...)
	cmd := exec.Command(soffice, args...)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, errors.New("soffice: " + err.Error() + ": " + string(out))
	}
	t.Logf("LibreOffice recalculated %d files in %v", len(files), time.Since(start).Round(100*time.Millisecond))
	var counts []string
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".xlsx")
		data, err := os.ReadFile(filepath.Join(outDir, base+"-"+SheetChecker+".csv"))
		if err != nil {
			return nil, err
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			return nil, err
		}
		// Checker!D2 is the count, under D1's "Required fields remaining to
		// be completed" (in the template's language).
		if len(recs) < 2 || len(recs[1]) < 4 {
			return nil, errors.New(base + ": Checker CSV has no cell D2")
		}
		counts = append(counts, strings.TrimSpace(recs[1][3]))
	}
	return counts, nil
}
