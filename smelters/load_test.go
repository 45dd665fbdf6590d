package smelters_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
)

var listDate = time.Date(2024, 10, 18, 0, 0, 0, 0, time.UTC)

// small is a generated reference list small enough to compare in full.
func small() []smelters.Facility {
	return smelterstest.Reference(smelterstest.Options{Seed: 5, Facilities: 60, Aliases: 170})
}

// sameFacilities compares what a loaded list says about each facility with
// what was written.
func sameFacilities(t *testing.T, label string, got, want []smelters.Facility) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d facilities, want %d", label, len(got), len(want))
	}
	byCID := map[string]smelters.Facility{}
	for _, f := range got {
		byCID[f.CID+f.Metal] = f
	}
	for _, w := range want {
		g, ok := byCID[w.CID+w.Metal]
		if !ok {
			t.Errorf("%s: %s %s missing", label, w.CID, w.Metal)
			continue
		}
		if g.Name != w.Name || g.Country != w.Country || g.City != w.City || g.State != w.State {
			t.Errorf("%s: %s read as %q/%q/%q/%q, want %q/%q/%q/%q", label, w.CID, g.Name, g.Country, g.City, g.State,
				w.Name, w.Country, w.City, w.State)
		}
		if !reflect.DeepEqual(sorted(g.Aliases), sorted(w.Aliases)) {
			t.Errorf("%s: %s aliases %q, want %q", label, w.CID, g.Aliases, w.Aliases)
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestLoadStandardListEveryFormat(t *testing.T) {
	facs := small()
	tbl := smelterstest.StandardTable(facs)
	dir := t.TempDir()
	type file struct {
		name, format string
		write        func(path string) error
	}
	for _, f := range []file{
		{"CMRT_Export.xml", "spreadsheetml", func(p string) error { return smelterstest.WriteSpreadsheetML(p, tbl, listDate) }},
		{"CMRT_Export.xls", "spreadsheetml", func(p string) error { return smelterstest.WriteSpreadsheetML(p, tbl, listDate) }},
		{"resaved.xlsx", "xlsx", func(p string) error { return smelterstest.WriteXLSX(p, tbl) }},
		{"resaved.csv", "csv", func(p string) error { return smelterstest.WriteCSV(p, tbl, smelterstest.CSVOptions{BOM: true}) }},
		{"semicolons.csv", "csv", func(p string) error {
			return smelterstest.WriteCSV(p, tbl, smelterstest.CSVOptions{Comma: ';'})
		}},
		{"unicode.txt", "csv", func(p string) error {
			return smelterstest.WriteCSV(p, tbl, smelterstest.CSVOptions{Comma: '\t', UTF16: true})
		}},
		{"renamed.csv", "xlsx", func(p string) error { // sniffed, not by extension
			if err := smelterstest.WriteXLSX(p+".xlsx", tbl); err != nil {
				return err
			}
			return os.Rename(p+".xlsx", p)
		}},
	} {
		path := filepath.Join(dir, f.name)
		if err := f.write(path); err != nil {
			t.Fatal(err)
		}
		l, err := smelters.LoadFile(path)
		if err != nil {
			t.Errorf("%s: %v", f.name, err)
			continue
		}
		if l.Kind != smelters.KindStandard || l.Format != f.format || l.HeaderRow != 1 {
			t.Errorf("%s: kind %s, format %s, header row %d; want standard, %s, 1", f.name, l.Kind, l.Format, l.HeaderRow, f.format)
		}
		if l.Rows != len(tbl.Rows) || l.Source != f.name || len(l.SHA256) != 64 {
			t.Errorf("%s: %d rows, source %q, sha %q", f.name, l.Rows, l.Source, l.SHA256)
		}
		sameFacilities(t, f.name, l.Facilities, facs)
	}
}

// TestLoadHeaderSpellings writes the same list under the other spellings
// RMI and re-saved files use, with the header below some title lines.
func TestLoadHeaderSpellings(t *testing.T) {
	facs := small()
	for _, header := range [][]string{
		{"Metal", "Smelter Reference", "Standard Smelter Name", "Country", "Smelter ID", "City", "State Province"},
		{"METAL", "smelter_reference", "Standard_Smelter_Name", "Country_Location", "Smelter_ID", "City", "State_Province"},
		{"Metal", "Smelter Look-up (*)", "Standard Facility Name", "Country/Region", "Facility ID", "Smelter City", "State/ Province/ Region"},
		{"Mineral", "Alias", "Standard Facility Names", "Smelter Facility Location: Country", "CID", "city", "Company_State_Province_Region"},
		{" metal ", "Smelter Reference", "Standard Smelter Name", "COUNTRY", "smelter id", "CITY", "state province"},
	} {
		tbl := smelterstest.StandardTable(facs)
		tbl.Header = header
		tbl.Title = []string{"Generated list for tests", "Downloaded 2024-10-18"}
		path := filepath.Join(t.TempDir(), "list.csv")
		if err := smelterstest.WriteCSV(path, tbl, smelterstest.CSVOptions{}); err != nil {
			t.Fatal(err)
		}
		l, err := smelters.LoadFile(path)
		if err != nil {
			t.Errorf("header %q: %v", header, err)
			continue
		}
		if l.HeaderRow != 3 {
			t.Errorf("header %q: found at row %d, want 3", header, l.HeaderRow)
		}
		sameFacilities(t, strings.Join(header, ","), l.Facilities, facs)
	}
}

func TestLoadMissingColumns(t *testing.T) {
	tbl := smelterstest.StandardTable(small())
	// Drop Metal (0) and Smelter ID (4).
	keep := []int{1, 2, 3, 5, 6}
	cut := smelterstest.Table{Sheet: "CMRT_Export"}
	for _, i := range keep {
		cut.Header = append(cut.Header, tbl.Header[i])
	}
	for _, r := range tbl.Rows {
		var row []string
		for _, i := range keep {
			row = append(row, r[i])
		}
		cut.Rows = append(cut.Rows, row)
	}
	path := filepath.Join(t.TempDir(), "cut.xml")
	if err := smelterstest.WriteSpreadsheetML(path, cut, listDate); err != nil {
		t.Fatal(err)
	}
	_, err := smelters.LoadFile(path)
	var mc *smelters.MissingColumnsError
	if !errors.As(err, &mc) {
		t.Fatalf("err = %v, want *MissingColumnsError", err)
	}
	if !reflect.DeepEqual(mc.Missing, []string{"Metal", "Smelter ID"}) || mc.File != "cut.xml" || mc.Sheet != "CMRT_Export" || mc.Row != 1 {
		t.Errorf("got %+v", mc)
	}
	for _, want := range []string{"cut.xml", `"Metal"`, `"Smelter ID"`, "Facility ID", "header row 1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}

	// A file with nothing recognisable says what it looked for.
	junk := filepath.Join(t.TempDir(), "junk.csv")
	os.WriteFile(junk, []byte("Supplier,Contact\nAcme,Jo\n"), 0o644)
	if _, err := smelters.LoadFile(junk); !errors.Is(err, smelters.ErrNoHeader) || !strings.Contains(err.Error(), "junk.csv") {
		t.Errorf("junk.csv: err = %v, want ErrNoHeader naming the file", err)
	}
}

func TestLoadStatusLists(t *testing.T) {
	facs := small()
	statuses := smelterstest.Statuses(facs, 11, listDate)
	dir := t.TempDir()

	conf := filepath.Join(dir, "Conformant.xml")
	if err := smelterstest.WriteSpreadsheetML(conf, smelterstest.ConformantTable(statuses), listDate); err != nil {
		t.Fatal(err)
	}
	l, err := smelters.LoadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	if l.Kind != smelters.KindConformant || !l.ListDate.Equal(listDate) || l.DateSource != "document created" {
		t.Errorf("conformant: kind %s, date %v (%s)", l.Kind, l.ListDate, l.DateSource)
	}
	want := map[string]smelters.Facility{}
	for _, s := range statuses {
		if s.Status == smelters.StatusConformant {
			want[s.CID] = s
		}
	}
	if len(l.Facilities) != len(want) || len(want) == 0 {
		t.Fatalf("conformant: %d facilities, want %d", len(l.Facilities), len(want))
	}
	for _, f := range l.Facilities {
		w := want[f.CID]
		if f.Status != smelters.StatusConformant || f.StatusText != "Conformant" || !f.LastAudit.Equal(w.LastAudit) ||
			f.AuditCycle != w.AuditCycle || !f.ReauditDue.Equal(w.ReauditDue) || f.ReauditInProgress != w.ReauditInProgress {
			t.Errorf("conformant %s: %+v, want %+v", f.CID, f, w)
		}
		if f.Extra["Company Website with CM Policy"] == "" {
			t.Errorf("conformant %s: website column not kept: %v", f.CID, f.Extra)
		}
	}

	// The Active list: its date is in the sheet name.
	act := filepath.Join(dir, "active-list.xml")
	if err := smelterstest.WriteSpreadsheetML(act, smelterstest.ActiveTable(statuses, listDate), time.Time{}); err != nil {
		t.Fatal(err)
	}
	l, err = smelters.LoadFile(act)
	if err != nil {
		t.Fatal(err)
	}
	if l.Kind != smelters.KindActive || !l.ListDate.Equal(listDate) || l.DateSource != "sheet name" {
		t.Errorf("active: kind %s, date %v (%s)", l.Kind, l.ListDate, l.DateSource)
	}
	for _, f := range l.Facilities {
		if f.Status != smelters.StatusActive || f.StatusText != "Active" {
			t.Errorf("active %s: status %q %q", f.CID, f.Status, f.StatusText)
		}
	}

	// Re-saved as CSV, the Active list has no sheet name: the file name
	// must say it, or the user with --kind.
	tbl := smelterstest.ActiveTable(statuses, listDate)
	plain := filepath.Join(dir, "list-2024.csv")
	smelterstest.WriteCSV(plain, tbl, smelterstest.CSVOptions{})
	if _, err := smelters.LoadFile(plain); !errors.Is(err, smelters.ErrUnknownKind) || !strings.Contains(err.Error(), "--kind") {
		t.Errorf("unnamed active CSV: err = %v, want ErrUnknownKind mentioning --kind", err)
	}
	l, err = smelters.LoadFileWith(plain, smelters.Options{Kind: smelters.KindActive, ListDate: listDate})
	if err != nil || l.Kind != smelters.KindActive || l.DateSource != "given" {
		t.Errorf("with --kind: %v, %+v", err, l)
	}
	named := filepath.Join(dir, "Active_Smelters_20241018.csv")
	smelterstest.WriteCSV(named, tbl, smelterstest.CSVOptions{})
	if l, err = smelters.LoadFile(named); err != nil || l.Kind != smelters.KindActive || !l.ListDate.Equal(listDate) {
		t.Errorf("named active CSV: %v, kind %v, date %v", err, l.Kind, l.ListDate)
	}
}

// TestLoadCompiledStatusList: a company's own list with an "RMAP Status"
// column keeps every value verbatim and maps it, unknown ones included.
func TestLoadCompiledStatusList(t *testing.T) {
	csv := "Customer smelter list\n" +
		"Metal,Smelter ID,Smelter Name,Country,RMAP Status\n" +
		"Gold,CID002763,8853 S.p.A.,ITALY,Conformant\n" +
		"Tin,cid 2180,Yunnan Tin Company Limited,CHINA,Active\n" +
		"Tin,CID001070,China Tin Group Co. Ltd.,CHINA,Non Conformant\n" +
		"Tungsten,CID002641,China Molybdenum Tungsten Co. Ltd.,CHINA,Communication Suspended - Not Interested\n" +
		"Tantalum,CIDSN2285,Unknown Smelter,UNKNOWN,Not in RMI list\n" +
		"Gold,CID000035,Agosi AG,GERMANY,Pending Audit (new status)\n" +
		"Gold,,Smelter not yet identified,,\n"
	path := filepath.Join(t.TempDir(), "customer.csv")
	os.WriteFile(path, []byte(csv), 0o644)
	l, err := smelters.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Kind != smelters.KindStatus || l.HeaderRow != 2 || l.Rows != 7 || l.Pseudo != 1 {
		t.Fatalf("kind %s, header row %d, rows %d, pseudo %d", l.Kind, l.HeaderRow, l.Rows, l.Pseudo)
	}
	want := []struct {
		cid    string
		status smelters.Status
		text   string
		nonRMI bool
	}{
		{"CID002763", smelters.StatusConformant, "Conformant", false},
		{"CID002180", smelters.StatusActive, "Active", false},
		{"CID001070", smelters.StatusNonConformant, "Non Conformant", false},
		{"CID002641", smelters.StatusOther, "Communication Suspended - Not Interested", false},
		{"CIDSN2285", smelters.StatusNotListed, "Not in RMI list", true},
		{"CID000035", smelters.StatusOther, "Pending Audit (new status)", false},
	}
	if len(l.Facilities) != len(want) {
		t.Fatalf("%d facilities, want %d", len(l.Facilities), len(want))
	}
	for i, w := range want {
		f := l.Facilities[i]
		if f.CID != w.cid || f.Status != w.status || f.StatusText != w.text || f.NonRMI != w.nonRMI {
			t.Errorf("row %d: %s %q %q nonRMI=%v; want %s %q %q %v", i, f.CID, f.Status, f.StatusText, f.NonRMI, w.cid, w.status, w.text, w.nonRMI)
		}
	}
}

func TestLoadRevisions(t *testing.T) {
	revs := []smelters.Revision{
		{Metal: "Gold", CID: "CID002763", Name: "8853 S.p.A.", Country: "ITALY", Basis: "Name change", Details: "was Example S.r.l.",
			RevisionDate: day("2024-03-01"), AddedDate: day("2016-05-10")},
		{Metal: "Tin", CID: "CID002180", Name: "Yunnan Tin Company Limited", Country: "CHINA", Basis: "Removed", Details: "closed",
			RevisionDate: day("2024-06-01"), AddedDate: day("2012-01-01")},
	}
	path := filepath.Join(t.TempDir(), "Revisions.xlsx")
	if err := smelterstest.WriteXLSX(path, smelterstest.RevisionsTable(revs)); err != nil {
		t.Fatal(err)
	}
	l, err := smelters.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Kind != smelters.KindRevisions || len(l.Facilities) != 0 || len(l.Revisions) != 2 {
		t.Fatalf("kind %s, %d facilities, %d revisions", l.Kind, len(l.Facilities), len(l.Revisions))
	}
	for i, w := range revs {
		g := l.Revisions[i]
		if g.CID != w.CID || g.Basis != w.Basis || g.Details != w.Details || !g.RevisionDate.Equal(w.RevisionDate) || !g.AddedDate.Equal(w.AddedDate) {
			t.Errorf("revision %d: %+v, want %+v", i, g, w)
		}
	}
}

// writeTemplate writes a workbook shaped like an RMI template: a
// Declaration with the revision in J3, a Smelter List whose header also
// names smelter columns (which must not be taken for the list), and the
// Smelter Look-up with its header in row 4.
func writeTemplate(t *testing.T, path string, lookup smelterstest.Table) {
	t.Helper()
	decl := smelterstest.Table{Sheet: "Declaration", Title: []string{"", ""}, Header: []string{"", "", "", "", "", "", "", "", "", "Revision 6.4\nApril 26, 2024"}}
	list := smelterstest.Table{Sheet: "Smelter List", Title: []string{"", "", ""},
		Header: []string{"Smelter Identification Number Input Column", "Metal (*)", "Smelter Look-up (*)", "Smelter Name (1)",
			"Smelter Country (*)", "Smelter Identification", "Source of Smelter Identification Number"},
		Rows: [][]string{{"", "Gold", "Smelter not listed", "Acme Gold", "JAPAN", "", ""}}}
	if err := smelterstest.WriteXLSX(path, lookup, decl, list); err != nil {
		t.Fatal(err)
	}
}

func TestLoadTemplateLookup(t *testing.T) {
	facs := small()
	path := filepath.Join(t.TempDir(), "supplier-cmrt.xlsx")
	writeTemplate(t, path, smelterstest.LookupTable(facs))
	l, err := smelters.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	metals := map[string]bool{}
	for _, f := range facs {
		metals[f.Metal] = true
	}
	if l.Kind != smelters.KindLookup || l.Sheet != smelters.LookupSheet || l.HeaderRow != 4 || l.Pseudo != 2*len(metals) {
		t.Errorf("kind %s, sheet %q, header row %d, pseudo %d", l.Kind, l.Sheet, l.HeaderRow, l.Pseudo)
	}
	if !l.ListDate.Equal(day("2024-04-26")) || l.DateSource != "template revision" {
		t.Errorf("list date %v (%s), want the template's revision date", l.ListDate, l.DateSource)
	}
	sameFacilities(t, "template", l.Facilities, facs)
	if len(l.Warnings) != 0 {
		t.Errorf("warnings %q; a template's other sheets go without saying", l.Warnings)
	}
	if all, err := smelters.LoadFileAll(path, smelters.Options{}); err != nil || len(all.Lists) != 1 || len(all.Skipped) != 2 {
		t.Errorf("LoadFileAll: %v, %+v", err, all)
	}
	if rows, _ := smelters.FromLookupRows(smelterstest.LookupRows(facs), "x.xlsx"); rows.SHA256 != l.SHA256 {
		t.Error("the look-up read from the workbook and handed over as rows have different checksums")
	}
	for _, f := range l.Facilities {
		if f.IDSource != "RMI" {
			t.Errorf("%s: source %q", f.CID, f.IDSource)
			break
		}
	}

	// A translated copy caches other text (or 0) in the header cells: the
	// sheet's fixed layout is used.
	tbl := smelterstest.LookupTable(facs)
	tbl.Header = []string{"0", "以下列表为RMI最新的冶炼厂名称", "0", "0", "", "", "", "", ""}
	path = filepath.Join(t.TempDir(), "chinese-cmrt.xlsx")
	writeTemplate(t, path, tbl)
	if l, err = smelters.LoadFile(path); err != nil {
		t.Fatal(err)
	}
	if l.Kind != smelters.KindLookup || l.HeaderRow != 4 {
		t.Errorf("translated: kind %s header row %d", l.Kind, l.HeaderRow)
	}
	sameFacilities(t, "translated template", l.Facilities, facs)
}

func TestFromLookupRows(t *testing.T) {
	facs := small()
	rows := smelterstest.LookupRows(facs)
	mustRows := func(rows []smelters.LookupRow, source string) *smelters.List {
		t.Helper()
		l, err := smelters.FromLookupRows(rows, source)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	l := mustRows(rows, "acme.xlsx")
	if l.Kind != smelters.KindLookup || l.Format != "lookup-rows" || l.Rows != len(rows) {
		t.Errorf("kind %s format %s rows %d", l.Kind, l.Format, l.Rows)
	}
	sameFacilities(t, "lookup rows", l.Facilities, facs)
	again := mustRows(smelterstest.LookupRows(facs), "other-supplier.xlsx")
	if again.SHA256 != l.SHA256 {
		t.Error("the same look-up from two files has two checksums")
	}
	rows[3].Country = "ELSEWHERE"
	if mustRows(rows, "x.xlsx").SHA256 == l.SHA256 {
		t.Error("a changed look-up kept its checksum")
	}
}

func TestLoadRejects(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]byte{
		"old.xls":   append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...),
		"other.xml": []byte(`<?xml version="1.0"?><rss><channel/></rss>`),
		"blob.bin":  {0x00, 0x01, 0x02, 0x00, 0xFF},
	}
	for name, data := range cases {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		_, err := smelters.LoadFile(p)
		if !errors.Is(err, smelters.ErrUnsupportedFormat) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: err = %v, want ErrUnsupportedFormat naming the file", name, err)
		}
	}
	// A template without a Smelter Look-up (AMRT 1.2) says so.
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Declaration")
	f.NewSheet("Smelter List")
	p := filepath.Join(dir, "amrt12.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	if _, err := smelters.LoadFile(p); !errors.Is(err, smelters.ErrNoHeader) || !strings.Contains(err.Error(), smelters.LookupSheet) {
		t.Errorf("template without look-up: err = %v", err)
	}
}

// TestSpreadsheetMLDetails reads what Excel writes in XML Spreadsheets:
// skipped cells and rows (ss:Index), merged cells, rich text, comments.
func TestSpreadsheetMLDetails(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">
 <Worksheet ss:Name="Notes"><Table><Row><Cell><Data ss:Type="String">nothing here</Data></Cell></Row></Table></Worksheet>
 <Worksheet ss:Name="CMRT_Export">
  <Table>
   <Row ss:Index="2"><Cell ss:MergeAcross="6"><Data ss:Type="String">Standard smelter list</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">Metal</Data></Cell><Cell><Data ss:Type="String">Smelter Reference</Data></Cell><Cell><Data ss:Type="String">Standard Smelter Name</Data></Cell><Cell><Data ss:Type="String">Country</Data></Cell><Cell><Data ss:Type="String">Smelter ID</Data></Cell><Cell><Data ss:Type="String">City</Data></Cell><Cell><Data ss:Type="String">State Province</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">Gold</Data></Cell><Cell><ss:Data ss:Type="String"><html:B>8853</html:B> S.p.A.</ss:Data><Comment><ss:Data>reviewed</ss:Data></Comment></Cell><Cell><Data ss:Type="String">8853 S.p.A.</Data></Cell><Cell><Data ss:Type="String">ITALY</Data></Cell><Cell><Data ss:Type="String">CID002763</Data></Cell><Cell ss:Index="7"><Data ss:Type="String">Lombardia</Data></Cell></Row>
   <Row ss:Index="6"><Cell><Data ss:Type="String">Gold</Data></Cell><Cell ss:Index="3"><Data ss:Type="String">Agosi AG</Data></Cell><Cell><Data ss:Type="String">GERMANY</Data></Cell><Cell><Data ss:Type="String">CID000035</Data></Cell><Cell><Data ss:Type="String">Pforzheim</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>`
	p := filepath.Join(t.TempDir(), "CMRT_Export.xml")
	os.WriteFile(p, []byte(doc), 0o644)
	l, err := smelters.LoadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if l.Sheet != "CMRT_Export" || l.HeaderRow != 3 || len(l.Facilities) != 2 {
		t.Fatalf("sheet %q header row %d, %d facilities", l.Sheet, l.HeaderRow, len(l.Facilities))
	}
	a, b := l.Facilities[0], l.Facilities[1]
	if a.CID != "CID002763" || !reflect.DeepEqual(a.Aliases, []string{"8853 S.p.A."}) || a.City != "" || a.State != "Lombardia" {
		t.Errorf("row 4: %+v", a)
	}
	if b.CID != "CID000035" || b.Name != "Agosi AG" || b.Aliases != nil || b.Country != "GERMANY" || b.City != "Pforzheim" || b.Row != 6 {
		t.Errorf("row 6: %+v", b)
	}
}

func TestLoadRealTemplateLookup(t *testing.T) {
	l, err := smelters.LoadFile(realLookup(t))
	if err != nil {
		t.Fatal(err)
	}
	// CMRT-6.4.md: 660 rows (Gold 327, Tin 180, Tungsten 86, Tantalum 67)
	// naming 368 distinct CIDs, two pseudo-entries per metal.
	if l.Kind != smelters.KindLookup || l.HeaderRow != 4 || l.Rows != 660 || l.Pseudo != 8 || l.CIDs() != 368 {
		t.Errorf("kind %s, header row %d, rows %d, pseudo %d, CIDs %d", l.Kind, l.HeaderRow, l.Rows, l.Pseudo, l.CIDs())
	}
	want := map[string]int{"Gold": 327, "Tin": 180, "Tungsten": 86, "Tantalum": 67}
	if !reflect.DeepEqual(l.RowsByMetal, want) {
		t.Errorf("rows by metal %v, want %v", l.RowsByMetal, want)
	}
	if l.AliasCount() != 652 {
		t.Errorf("%d alias rows, want 652", l.AliasCount())
	}
	for _, f := range l.Facilities {
		if f.CID == "CID001916" && len(f.Aliases) != 10 {
			t.Errorf("CID001916 has %d aliases, want 10", len(f.Aliases))
		}
		if f.CID == "CID002763" && (f.Name != "8853 S.p.A." || f.Country != "ITALY" || f.Metal != "Gold") {
			t.Errorf("CID002763: %+v", f)
		}
	}
}
