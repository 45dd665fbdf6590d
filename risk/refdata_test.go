package risk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuiltinCAHRA(t *testing.T) {
	c := BuiltinReferenceData().CAHRA
	whole := 0
	for _, x := range c.Countries {
		if x.Whole {
			whole++
		}
	}
	if len(c.Countries) != 29 || whole != 5 || c.Edition != "June 2026" || c.Date != "2026-06-01" {
		t.Errorf("%d countries, %d whole, edition %q %q", len(c.Countries), whole, c.Edition, c.Date)
	}
	for _, n := range []string{"Burundi", "Eritrea", "Libya", "VENEZUELA (BOLIVARIAN REPUBLIC OF)", "Zimbabwe"} {
		if x, ok := c.Lookup(n); !ok || !x.Whole {
			t.Errorf("%s: %+v", n, x)
		}
	}
	drc, ok := c.Lookup("Congo, Democratic Republic of the")
	if !ok || drc.Whole || len(drc.Regions) != 26 {
		t.Errorf("DRC: %v %d regions", drc.Whole, len(drc.Regions))
	}
	if _, ok := c.Lookup("Burma"); !ok {
		t.Error("Burma/Myanmar not found")
	}
	if _, ok := c.Lookup("JAPAN"); ok {
		t.Error("Japan listed")
	}
}

func TestBuiltinCovered(t *testing.T) {
	c := BuiltinReferenceData().Covered
	for _, n := range []string{"CONGO, DEMOCRATIC REPUBLIC OF THE", "Angola", "Burundi", "Central African Republic", "CONGO", "Rwanda", "South Sudan", "TANZANIA, UNITED REPUBLIC OF", "Uganda", "Zambia"} {
		if !c.Contains(n) {
			t.Errorf("%s not covered", n)
		}
	}
	if len(c.Codes) != 10 || c.Contains("Kenya") {
		t.Errorf("%d covered countries", len(c.Codes))
	}
}

func TestBuiltinDoL(t *testing.T) {
	d := BuiltinReferenceData().DoL
	goods := map[string]bool{}
	for _, e := range d.Entries {
		goods[e.Good] = true
	}
	if len(goods) != 169 || len(d.Entries) != 467 || d.Edition != "2023" {
		t.Errorf("%d goods, %d entries, edition %q", len(goods), len(d.Entries), d.Edition)
	}
	if u := d.Unrecognised(); len(u) > 0 {
		t.Errorf("country names without ISO code: %v", u)
	}
	gold := 0
	for _, e := range d.Entries {
		if e.Good == "Gold" {
			gold++
		}
	}
	if gold != 26 {
		t.Errorf("gold: %d countries", gold)
	}
	for _, c := range []struct{ material, country, labour string }{
		{"Gold", "Ghana", "child labour"}, {"Gold", "Peru", "child and forced labour"},
		{"Gold", "KOREA (DEMOCRATIC PEOPLE'S REPUBLIC OF)", "forced labour"}, {"gold", "Venezuela", "forced labour"},
		{"Tin", "Indonesia", "child labour"}, {"Tin", "DRC", "child and forced and forced child labour"},
		{"Tantalum", "Congo, Democratic Republic of the", "child and forced and forced child labour"},
		{"Tungsten", "CD", "child and forced and forced child labour"}, {"Cobalt", "DRC", "child labour"},
		{"Mica", "India", "child labour"}, {"Diamond", "Sierra Leone", "child and forced and forced child labour"},
		{"Rubies", "MYANMAR", "child and forced labour"}, {"Jade", "Burma", "child and forced labour"},
		{"Emeralds", "Colombia", "child labour"}, {"Tanzanite", "TANZANIA, UNITED REPUBLIC OF", "child labour"},
	} {
		es := d.Named(c.material, c.country)
		if len(es) == 0 || es[0].Labour() != c.labour {
			t.Errorf("%s from %s: %+v, want %s", c.material, c.country, es, c.labour)
		}
	}
	if es := d.Named("Gold", "Japan"); len(es) != 0 {
		t.Errorf("gold from Japan: %+v", es)
	}
}

// The shipped copies are the files in ../shared/data (when present).
func TestShippedDataMatchesSharedFiles(t *testing.T) {
	for _, c := range []struct{ shared, shipped string }{
		{"eu-cahra-indicative-list-2026-06.json", "eu-cahra-indicative-list-2026-06.json"},
		{"dol-ilab-goods-list.xml", "dol-ilab-goods-list-2023.xml"},
	} {
		want, err := os.ReadFile(filepath.Join("..", "..", "shared", "data", c.shared))
		if err != nil {
			t.Skipf("../shared/data not available: %v", err)
		}
		got, err := os.ReadFile(filepath.Join("refdata", c.shipped))
		if err != nil {
			t.Fatal(err)
		}
		if digest(got) != digest(want) {
			t.Errorf("%s differs from the shared copy", c.shipped)
		}
	}
}

func TestBadReferenceFiles(t *testing.T) {
	for _, in := range []string{"", "{}", `{"entries": [{"countryName": "Atlantis"}]}`, "<Goods/>"} {
		if _, err := ParseCAHRAJSON([]byte(in), "x"); err == nil {
			t.Errorf("CAHRA %q accepted", in)
		}
	}
	for _, in := range []string{"", "<Other><Good/></Other>", "<Goods><Good>", `{"entries": []}`} {
		if _, err := ParseDoLXML([]byte(in), "x", "2024"); err == nil || !strings.Contains(err.Error(), "DoL") {
			t.Errorf("DoL %q: %v", in, err)
		}
	}
}
