package reports

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestSafeCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Acme", "Acme"},
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"  =1", "'  =1"},
		{"-12.5", "-12.5"},
		{"+44", "+44"},
		{"", ""},
		{"a=b", "a=b"},
	} {
		if got := SafeCell(c.in); got != c.want {
			t.Errorf("SafeCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCSVWriterNeutralisesEveryCell(t *testing.T) {
	var b bytes.Buffer
	w := NewCSVWriter(&b)
	if err := w.WriteAll([][]string{{"name", "cid"}, {"=cmd()", "CID000001"}, {"Tin, \"Ltd\"", "@x"}}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[1][0] != "'=cmd()" || recs[2][0] != "Tin, \"Ltd\"" || recs[2][1] != "'@x" {
		t.Fatalf("records = %q", recs)
	}
}
