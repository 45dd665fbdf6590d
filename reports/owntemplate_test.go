package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/risk"
)

func TestParseCompany(t *testing.T) {
	c, err := ParseCompany("company.yaml", []byte(`name: Nordwind
signer: {name: Jonas Weber, title: Head of Compliance}
policy: {url: "https://example.com/p"}
regulations: [SEC 1502, EU 2017/821]
grievance: a key the disclosure reads
template:
  contact_email: a@example.com
  answers: {C: "Yes"}
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Nordwind" || c.Signer.Title != "Head of Compliance" || c.Template.ContactEmail != "a@example.com" || c.Template.Answers["C"] != "Yes" {
		t.Errorf("parsed %+v", c)
	}
	if got := c.FilingAnswer(); got != "Yes, with the SEC and the EU" {
		t.Errorf("FilingAnswer = %q", got)
	}
	if _, err := ParseCompany("company.yaml", []byte("template:\n  answers: {Z9: \"Yes\"}\n")); err == nil || !strings.Contains(err.Error(), "Z9") {
		t.Errorf("a bad question letter: %v", err)
	}
	if _, err := ParseCompany("company.yaml", []byte("name: [unclosed\n")); err == nil || !strings.Contains(err.Error(), "company.yaml") {
		t.Errorf("bad YAML: %v, want the file named", err)
	}
}

func TestOwnDeclaration(t *testing.T) {
	l, err := cmrt.LookupLayout(cmrt.CMRT, "6.5")
	if err != nil {
		t.Fatal(err)
	}
	r := &risk.Rollup{Family: "CMRT",
		Minerals: []risk.MineralRollup{
			{Mineral: "Tantalum", Answers: map[risk.Concept]string{risk.ConceptUsed: "No"}},
			{Mineral: "Tin", InScope: true, Relevant: 2, Responded: 2, Answers: map[risk.Concept]string{
				risk.ConceptUsed: "Yes", risk.ConceptRemains: "Yes", risk.ConceptResponse: "100%"}},
		},
		Smelters: []risk.RolledSmelter{{Metal: "Tin", CID: "CID001070", Name: "Thaisarco", Country: "THAILAND"},
			{Metal: "Tin", Name: "Unknown Tin Works", Country: "BOLIVIA", Unmatched: true}},
	}
	company := &Company{Name: "Nordwind", Regulations: []string{"EU"}}
	company.Policy.URL = "https://example.com/p"
	company.Template.Answers = map[string]string{"G": "No"}
	day := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	d := OwnDeclaration(l, r, company, []cmrt.Product{{Number: "P-1"}}, day)
	if d.Company.Name != "Nordwind" || d.Company.Scope != cmrt.ScopeProduct || !d.Company.EffectiveDate.Equal(day) {
		t.Errorf("company block %+v", d.Company)
	}
	answers := map[string]cmrt.Answer{}
	for _, a := range d.Answers {
		answers[a.Question+" "+a.Mineral] = a
	}
	for key, want := range map[string]string{
		"1 Tantalum": "No", "1 Tin": "Yes", "2 Tin": "Yes", "6 Tin": "100%",
		"A ": "Yes", "B ": "Yes", "E ": "Yes, in conformance with IPC1755 (e.g., CMRT)", "F ": "Yes", "G ": "No", "H ": "Yes, with the EU",
	} {
		if got := answers[key].Value; got != want {
			t.Errorf("answer %q = %q, want %q", key, got, want)
		}
	}
	if answers["B "].Comment != "https://example.com/p" {
		t.Errorf("B's comment %q, want the policy URL", answers["B "].Comment)
	}
	if _, ok := answers["C "]; ok {
		t.Error("question C answered without the company file saying so")
	}
	if len(d.Smelters) != 2 || d.Smelters[0].CID != "CID001070" || d.Smelters[1].Comments == "" {
		t.Errorf("smelters %+v", d.Smelters)
	}
	if d := OwnDeclaration(l, r, nil, nil, day); d.Company.Name != "" || d.Company.Scope != cmrt.ScopeCompany {
		t.Errorf("without a company file: %+v", d.Company)
	}
}

func TestWriteXLSX(t *testing.T) {
	var buf bytes.Buffer
	long := strings.Repeat("x", 200)
	err := WriteXLSX(&buf, XLSXSheet{Name: "Smelters", Header: []string{"cid", "name"},
		Rows: [][]string{{"CID000001", "=1+1"}, {"CID000002", long}}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Smelters", "B2"); v != "=1+1" {
		t.Errorf("B2 = %q, want the text", v)
	}
	if fo, _ := f.GetCellFormula("Smelters", "B2"); fo != "" {
		t.Errorf("B2 is a formula %q", fo)
	}
	if p, _ := f.GetPanes("Smelters"); !p.Freeze || p.YSplit != 1 {
		t.Errorf("panes %+v", p)
	}
	if w, _ := f.GetColWidth("Smelters", "B"); w != 60 {
		t.Errorf("column B width %v, want the cap 60", w)
	}
	if w, _ := f.GetColWidth("Smelters", "A"); w != 11 {
		t.Errorf("column A width %v, want 11 (9 characters + 2)", w)
	}
	found := false
	for _, dn := range f.GetDefinedName() {
		found = found || dn.Name == "_xlnm._FilterDatabase" && strings.Contains(dn.RefersTo, "$A$1:$B$3")
	}
	if !found {
		t.Errorf("no autofilter over A1:B3: %+v", f.GetDefinedName())
	}
}
