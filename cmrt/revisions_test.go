package cmrt_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/internal/synth"
)

func scenario(t *testing.T, name string) fixtures.Scenario {
	t.Helper()
	for _, s := range fixtures.Scenarios() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no scenario %q", name)
	return fixtures.Scenario{}
}

// TestRevisions2026 reads each 2026 revision by its own layout: current,
// requester columns of the Product List read, AMRT 1.31's new minerals
// taken as minerals.
func TestRevisions2026(t *testing.T) {
	for _, v := range []struct {
		family   cmrt.Family
		versions []string
	}{{cmrt.CMRT, []string{"6.6", "6.6.1"}}, {cmrt.EMRT, []string{"2.11", "2.11.1"}}, {cmrt.AMRT, []string{"1.31", "1.31.1"}}} {
		for _, version := range v.versions {
			l, err := cmrt.LookupLayout(v.family, version)
			if err != nil || !l.Current || l.Products.RequesterNumber != "D" || l.Products.RequesterName != "E" || l.Products.Comments != "F" {
				t.Errorf("%s %s: layout %+v, %v; want a current layout with requester columns D, E and comments in F", v.family, version, l.Products, err)
			}
		}
		if got := cmrt.CurrentVersion(v.family); got != v.versions[1] {
			t.Errorf("%s current version %q, want %q", v.family, got, v.versions[1])
		}
	}
	old, _ := cmrt.LookupLayout(cmrt.CMRT, "6.5")
	if old.Current || old.Products.RequesterNumber != "" {
		t.Errorf("CMRT 6.5 %+v: want outdated, without requester columns", old.Products)
	}
	amrt, _ := cmrt.LookupLayout(cmrt.AMRT, "1.31")
	if len(amrt.MineralOptions) != 19 || !strings.Contains(strings.Join(amrt.MineralOptions, ","), "Cadmium,Iridium,Lead") {
		t.Errorf("AMRT 1.31 minerals %q", amrt.MineralOptions)
	}
	s := scenario(t, "cmrt-6.6-complete")
	path := filepath.Join(t.TempDir(), s.File())
	if err := s.Write(path); err != nil {
		t.Fatal(err)
	}
	d, err := cmrt.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Products) != 3 || d.Products[1].RequesterNumber != "ACM-55-0013" || d.Products[1].RequesterName != "Position sensor AEC-Q100" || d.Products[1].Comments != "Replaces HX-2114" {
		t.Errorf("products %+v", d.Products)
	}
}

// newerFile writes a 6.6.1 declaration as revision 6.7, edited by mess.
func newerFile(t *testing.T, mess func(f *excelize.File) error) string {
	t.Helper()
	s := scenario(t, "cmrt-6.7-anchors-verify")
	var buf bytes.Buffer
	if err := synth.WriteTo(&buf, s.Decl, s.Opts); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := s.Mess(f); err != nil {
		t.Fatal(err)
	}
	if mess != nil {
		if err := mess(f); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "cmrt-6.7.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestNewerRevisionReadWithLatestLayout(t *testing.T) {
	path := newerFile(t, nil)
	d, err := cmrt.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Template.Version != "6.7" || d.Layout.Version != "6.6.1" {
		t.Errorf("template %s read with layout %s, want 6.7 with 6.6.1", d.Template.Version, d.Layout.Version)
	}
	var notice *cmrt.Problem
	for _, p := range cmrt.Check(d, time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)).Problems {
		if p.Code == "REVISION_NEWER_THAN_KNOWN" {
			notice = &p
		}
	}
	if notice == nil || notice.Severity != cmrt.Info || notice.Cell != "J3" || !strings.Contains(notice.Message, "6.7") || !strings.Contains(notice.Message, "CMRT 6.6.1 layout") {
		t.Errorf("notice %+v; want an info at J3 naming 6.7 and the CMRT 6.6.1 layout", notice)
	}
	tmpl, err := cmrt.Identify("x.xlsx", mustRead(t, path))
	if err != nil || tmpl.Version != "6.7" {
		t.Errorf("Identify: %+v, %v", tmpl, err)
	}
}

// TestNewerRevisionAnchorsRefused: each kind of anchor, moved, refuses the
// file with the anchor, its cell and what the cell holds.
func TestNewerRevisionAnchorsRefused(t *testing.T) {
	cases := []struct {
		name string
		mess func(f *excelize.File) error
		want []string
	}{
		{"question heading moved", func(f *excelize.File) error {
			return f.SetCellStr("Declaration", "B25", "")
		}, []string{"Declaration!B25", "question 1 heading", `found ""`, "CMRT 6.6.1 layout"}},
		{"question renumbered", func(f *excelize.File) error {
			return f.SetCellStr("Declaration", "B61", "9) Is this a new question?")
		}, []string{"Declaration!B61", "question 7 heading", `"9) Is this a new question?"`}},
		{"question 10 where 1 was", func(f *excelize.File) error {
			return f.SetCellStr("Declaration", "B25", "10) Is any 3TG intentionally added?")
		}, []string{"Declaration!B25", "question 1 heading"}},
		{"company question heading replaced", func(f *excelize.File) error {
			return f.SetCellStr("Declaration", "B75", "Any policy?")
		}, []string{"Declaration!B75", "company question A heading", `"Any policy?"`}},
		{"question 9 added", func(f *excelize.File) error {
			return f.SetCellStr("Declaration", "B73", "9) Do you source from recycled gold only?")
		}, []string{"Declaration!B73", "space after question 8", "no question 9"}},
		{"company question I added", func(f *excelize.File) error {
			return f.SetCellStr("Declaration", "B91", "I. Do you publish a report?")
		}, []string{"Declaration!B91", "space after company question H", "no company question I"}},
		{"company question moved", func(f *excelize.File) error {
			return f.SetCellStr("Declaration", "B89", "I. Something new")
		}, []string{"Declaration!B89", "company question H heading", `"I. Something new"`}},
		{"effective date label moved", func(f *excelize.File) error {
			return f.SetCellStr("Declaration", "B22", "Signature:")
		}, []string{"Declaration!B22", "effective date label", `"Signature:"`}},
		{"smelter list column inserted", func(f *excelize.File) error {
			return f.InsertCols("Smelter List", "B", 1)
		}, []string{"Smelter List!B4", "Smelter List metal header"}},
		{"product list without requester columns", func(f *excelize.File) error {
			return f.RemoveCol("Product List", "D")
		}, []string{"Product List!D5", "requester number header"}},
		{"sheet renamed", func(f *excelize.File) error {
			return f.SetSheetName("Checker", "Check")
		}, []string{`no sheet named "Checker"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := newerFile(t, c.mess)
			_, err := cmrt.ReadFile(path)
			if err == nil {
				t.Fatal("read without error")
			}
			if !errors.Is(err, cmrt.ErrUnsupported) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q: want one line matching ErrUnsupported", err)
			}
			for _, w := range append(c.want, path, "6.7") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestUnknownOlderRevisionStillRefused: only a revision newer than every
// known one borrows a layout; one between or before known ones is refused.
func TestUnknownOlderRevisionStillRefused(t *testing.T) {
	for _, v := range []string{"6.45", "5.12", "6.6.0.1"} {
		path := newerFile(t, func(f *excelize.File) error {
			return f.SetCellStr("Declaration", "J3", "Revision "+v+"\nMay 1, 2026")
		})
		if _, err := cmrt.ReadFile(path); !errors.Is(err, cmrt.ErrUnsupported) || !strings.Contains(err.Error(), "revision "+v) {
			t.Errorf("revision %s: %v, want unsupported", v, err)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestNewerRevisionAnchorsOnRealBlanks relabels RMI's own blanks (the
// Chinese-labelled copies: anchors must be found through sheet L) as next
// year's revision. EMRT 2.1 and AMRT 1.3 share every anchor with 2.11.1 and
// 1.31.1, so they verify; CMRT 6.5 lacks 6.6.1's requester columns, so
// only the Product List anchor fails.
func TestNewerRevisionAnchorsOnRealBlanks(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "rmi", "templates")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real RMI templates not available (%s): %v", dir, err)
	}
	for _, c := range []struct {
		file, version, wantErr string
	}{
		{"RMI_EMRT_2.1.xlsx", "2.12", ""},
		{"RMI_AMRT_1.3.xlsx", "1.32", ""},
		{"RMI_CMRT_6.5.xlsx", "6.7", "Product List!D5"},
	} {
		t.Run(c.file, func(t *testing.T) {
			f, err := excelize.OpenFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			j3, _ := f.GetCellValue("Declaration", "J3")
			if err := f.SetCellStr("Declaration", "J3", "Revision "+c.version+"\n"+j3[strings.Index(j3, "\n")+1:]); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), c.file)
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			d, err := cmrt.ReadFile(path)
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.wantErr == "" && d.Template.Version != c.version:
				t.Errorf("version %s", d.Template.Version)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Errorf("error %v, want one at %s", err, c.wantErr)
			}
		})
	}
}

// TestRealFilesMessages: what the one-line error says for an .xls with a
// password to open and a Windows-1252 CSV export, both renamed .xlsx.
func TestRealFilesMessages(t *testing.T) {
	dir := t.TempDir()
	for name, want := range map[string]string{
		"hostile-xls-encrypted": "password-protected old binary Excel 97-2003 workbook",
		"hostile-csv-1252":      `a CSV file (Windows-1252, semicolon-separated) renamed .xlsx, not an .xlsx workbook; first line "Numéro d'identification;Métal;Nom de la fonderie;Pays"`,
	} {
		s := scenario(t, name)
		path := filepath.Join(dir, s.File())
		if err := s.Write(path); err != nil {
			t.Fatal(err)
		}
		_, err := cmrt.ReadFile(path)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), path+": ") {
			t.Errorf("%s: %v; want it to say %q", name, err, want)
		}
	}
}

func TestOutdated(t *testing.T) {
	for _, c := range []struct {
		f        cmrt.Family
		version  string
		outdated bool
	}{
		{cmrt.CMRT, "6.5", true}, {cmrt.CMRT, "6.01", true}, {cmrt.CMRT, "6.6", false}, {cmrt.CMRT, "6.6.1", false}, {cmrt.CMRT, "6.7", false},
		{cmrt.EMRT, "2.1", true}, {cmrt.EMRT, "2.11", false}, {cmrt.AMRT, "1.3", true}, {cmrt.AMRT, "1.31.1", false},
	} {
		cur, got := cmrt.Outdated(c.f, c.version)
		if got != c.outdated || len(cur) == 0 {
			t.Errorf("Outdated(%s, %s) = %v, %v; want outdated %v", c.f, c.version, cur, got, c.outdated)
		}
	}
}

func TestVersionLess(t *testing.T) {
	for _, c := range []struct {
		a, b string
		less bool
	}{{"6.31", "6.4", true}, {"6.4", "6.31", false}, {"6.01", "6.1", true}, {"1.2", "1.21", true}, {"1.3", "2.0", true},
		{"6.5", "6.5", false}, {"6.6", "6.6.1", true}, {"6.6.1", "6.7", true}, {"2.11", "2.2", true}, {"6.6.1", "6.6", false}} {
		if got := cmrt.VersionLess(c.a, c.b); got != c.less {
			t.Errorf("VersionLess(%s, %s) = %v", c.a, c.b, got)
		}
	}
}
