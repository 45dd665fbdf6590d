package cmrt_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/synth"
)

// TestFillGeneratedTemplate runs without RMI's files: a blank written by
// the test generator, filled, read back; bad answers are refused naming
// the question.
func TestFillGeneratedTemplate(t *testing.T) {
	dir := t.TempDir()
	blank := filepath.Join(dir, "blank.xlsx")
	lookup := []cmrt.LookupRow{{Metal: "Tin", Alias: "Thaisarco", StandardName: "Thaisarco", Country: "THAILAND", CID: "CID001070"}}
	if err := synth.Write(blank, &cmrt.Declaration{Template: cmrt.Template{Family: cmrt.CMRT, Version: "6.5"}, Lookup: lookup}, synth.Options{}); err != nil {
		t.Fatal(err)
	}
	d := &cmrt.Declaration{
		Company: cmrt.Company{Name: "=HYPERLINK(\"http://evil.example\")", Scope: cmrt.ScopeCompany},
		Answers: []cmrt.Answer{{Question: "1", Mineral: "Tin", Value: "Yes"}, {Question: "2", Mineral: "Tin", Value: "yes"}},
		Smelters: []cmrt.SmelterRow{{Metal: "Tin", CID: "CID001070"},
			{Metal: "Tin", Name: "Unknown Tin Works", Country: "Bolivia"}},
	}
	var buf bytes.Buffer
	res, err := cmrt.FillTemplate(blank, d, &buf)
	if err != nil {
		t.Fatal(err)
	}
	back := res.Declaration
	if back.Company.Name != d.Company.Name || back.Answer("1", "Tin") != "Yes" || back.Answer("2", "Tin") != "Yes" {
		t.Errorf("read back: company %q, answers %q %q", back.Company.Name, back.Answer("1", "Tin"), back.Answer("2", "Tin"))
	}
	if len(back.Smelters) != 2 || back.Smelters[0].CID != "CID001070" || back.Smelters[0].CIDInput != "CID001070" ||
		back.Smelters[1].LookupName != cmrt.SmelterNotListed || back.Smelters[1].Name != "Unknown Tin Works" {
		t.Errorf("smelters read back: %+v", back.Smelters)
	}
	if len(res.NotInLookup) != 1 || res.NotInLookup[0].Name != "Unknown Tin Works" {
		t.Errorf("NotInLookup = %+v", res.NotInLookup)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if fo, _ := f.GetCellFormula(cmrt.SheetDeclaration, "D8"); fo != "" {
		t.Errorf("a company name became a formula: %q", fo)
	}
	f.Close()

	for _, c := range []struct {
		a    cmrt.Answer
		want string
	}{
		{cmrt.Answer{Question: "1", Mineral: "Tin", Value: "Maybe"}, `question 1 (Tin): "Maybe" is not one of CMRT 6.5's options`},
		{cmrt.Answer{Question: "1", Mineral: "Cobalt", Value: "Yes"}, `mineral "Cobalt" is not in the declaration`},
		{cmrt.Answer{Question: "Z", Value: "Yes"}, `has no question "Z"`},
	} {
		_, err := cmrt.FillTemplate(blank, &cmrt.Declaration{Answers: []cmrt.Answer{c.a}}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.a, err, c.want)
		}
	}
	filled := filepath.Join(dir, "filled.xlsx")
	if err := os.WriteFile(filled, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := cmrt.FillTemplate(filled, d, &bytes.Buffer{}); !errors.Is(err, cmrt.ErrNotBlank) {
		t.Errorf("filling a filled template: %v, want ErrNotBlank", err)
	}
}
