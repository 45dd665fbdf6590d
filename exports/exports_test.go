package exports

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/reports"
)

func TestParseProducts(t *testing.T) {
	got, err := ParseProducts("p.csv", []byte("Part number,name,comments\nP-100, Pump housing ,cast\n\n,\nP-200,Valve\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Number != "P-100" || got[0].Name != "Pump housing" || got[0].Comments != "cast" || got[1].Name != "Valve" {
		t.Errorf("products %+v", got)
	}
	for _, c := range []struct{ in, want string }{
		{"", "p.csv: no products"},
		{"number,name\n", "p.csv: no products"},
		{"P-1,a\n,Pump\n", "p.csv: line 2: a product needs its number"},
		{"P-1,a\n\nP-2,\"b\nc\"\n,Pump\n", "p.csv: line 5: a product needs its number"}, // a blank line, a quoted line break
		{"P-1,\"open\n", "p.csv:"},
	} {
		_, err := ParseProducts("p.csv", []byte(c.in))
		var ie *InputError
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.As(err, &ie) || ie.Input != "products" {
			t.Errorf("ParseProducts(%q): %v, want an InputError with %q", c.in, err, c.want)
		}
	}
}

func TestKindsAndNames(t *testing.T) {
	for _, k := range Kinds {
		if got, err := ParseKind(string(k)); err != nil || got != k || k.Describe() == "" {
			t.Errorf("ParseKind(%q) = %q, %v; Describe %q", k, got, err, k.Describe())
		}
	}
	if _, err := ParseKind("../etc"); err == nil || !strings.Contains(err.Error(), "want smelters, findings, suppliers, declarations") {
		t.Errorf("ParseKind of an unknown kind: %v", err)
	}
	if got := FileName(Smelters, 2025, XLSX); got != "smelters-2025.xlsx" {
		t.Errorf("FileName = %q", got)
	}
}

// TestWrite: a cell a spreadsheet would run as a formula is neutralised in
// CSV and stays a text cell in xlsx.
func TestWrite(t *testing.T) {
	s := reports.XLSXSheet{Name: "T", Header: []string{"a", "b"}, Rows: [][]string{{"=1+1", "plain"}}}
	var csvOut bytes.Buffer
	if err := Write(&csvOut, s, CSV); err != nil {
		t.Fatal(err)
	}
	if got := csvOut.String(); got != "a,b\n'=1+1,plain\n" {
		t.Errorf("CSV %q", got)
	}
	var xl bytes.Buffer
	if err := Write(&xl, s, XLSX); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&xl)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("T", "A2"); v != "=1+1" {
		t.Errorf("xlsx A2 = %q", v)
	}
	if fo, _ := f.GetCellFormula("T", "A2"); fo != "" {
		t.Errorf("xlsx A2 is a formula %q", fo)
	}
	if err := Write(&xl, s, "pdf"); err == nil {
		t.Error("Write accepted format pdf")
	}
}
