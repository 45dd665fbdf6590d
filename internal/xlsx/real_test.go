package xlsx

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/xuri/excelize/v2"
)

// rmiDir returns the shared folder of real RMI templates, skipping the test
// when it is absent (as on CI machines without shared/).
func rmiDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "rmi")
	if _, err := os.Stat(filepath.Join(dir, "RMI_CMRT_6.4.xlsx")); err != nil {
		tb.Skipf("real RMI templates not available: %v", err)
	}
	return dir
}

func realFiles(tb testing.TB) []string {
	dir := rmiDir(tb)
	files := []string{filepath.Join(dir, "RMI_CMRT_6.4.xlsx")}
	more, _ := filepath.Glob(filepath.Join(dir, "templates", "*.xlsx"))
	return append(files, more...)
}

// equivSheets are the sheets the CMRT reader needs.
var equivSheets = []string{"Declaration", "Smelter List", "L", "C", "Smelter Look-up", "Product List"}

// TestEquivalenceRealTemplates compares every cell of the needed sheets of
// every real template against excelize (raw values).
func TestEquivalenceRealTemplates(t *testing.T) {
	files := realFiles(t)
	if testing.Short() {
		files = files[:1]
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			compareWithExcelize(t, path, equivSheets)
		})
	}
}

// compareWithExcelize checks both directions: each cell we report has
// excelize's raw value and formula presence; each non-empty excelize cell is
// one we report.
func compareWithExcelize(t *testing.T, path string, sheets []string) {
	t.Helper()
	w, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer w.Close()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("excelize: %v", err)
	}
	defer f.Close()
	raw := excelize.Options{RawCellValue: true}
	have := map[string]bool{}
	for _, s := range w.Sheets() {
		have[s.Name] = true
	}
	if sl := f.GetSheetList(); len(sl) != len(w.Sheets()) {
		t.Errorf("sheet count: ours %d, excelize %d", len(w.Sheets()), len(sl))
	} else {
		for i, s := range w.Sheets() {
			if s.Name != sl[i] {
				t.Errorf("sheet %d: ours %q, excelize %q", i, s.Name, sl[i])
			}
			vis, _ := f.GetSheetVisible(s.Name)
			if s.Hidden == vis {
				t.Errorf("sheet %q: Hidden %v, excelize visible %v", s.Name, s.Hidden, vis)
			}
		}
	}
	compared := 0
	for _, sheet := range sheets {
		if !have[sheet] {
			continue
		}
		ours := map[[2]int]Cell{}
		// excelize's GetCellValue answers for a cell inside a merged range
		// with the range's top-left value; we report what the cell stores.
		covered := map[[2]int]bool{}
		merges, err := f.GetMergeCells(sheet)
		if err != nil {
			t.Fatalf("excelize GetMergeCells(%q): %v", sheet, err)
		}
		for _, m := range merges {
			r1, c1, err1 := ParseRef(m.GetStartAxis())
			r2, c2, err2 := ParseRef(m.GetEndAxis())
			if err1 != nil || err2 != nil {
				t.Fatalf("merge %v: %v %v", m, err1, err2)
			}
			for r := r1; r <= r2; r++ {
				for c := c1; c <= c2; c++ {
					if r != r1 || c != c1 {
						covered[[2]int{r, c}] = true
					}
				}
			}
		}
		err = w.ReadSheet(sheet, ReadOptions{}, func(c Cell) error {
			ref := c.Ref()
			if prev, dup := ours[[2]int{c.Row, c.Col}]; dup {
				t.Errorf("%s!%s reported twice (%+v, %+v)", sheet, ref, prev, c)
			}
			ours[[2]int{c.Row, c.Col}] = c
			want, err := f.GetCellValue(sheet, ref, raw)
			if err != nil {
				t.Errorf("%s!%s: excelize: %v", sheet, ref, err)
			}
			if c.Value != want && !covered[[2]int{c.Row, c.Col}] {
				t.Errorf("%s!%s (%v): value %q, excelize %q", sheet, ref, c.Type, c.Value, want)
			}
			formula, err := f.GetCellFormula(sheet, ref)
			if err != nil {
				t.Errorf("%s!%s: excelize formula: %v", sheet, ref, err)
			}
			if c.HasFormula != (formula != "") {
				t.Errorf("%s!%s: HasFormula %v, excelize formula %q", sheet, ref, c.HasFormula, formula)
			}
			if !c.HasValue && c.Value != "" {
				t.Errorf("%s!%s: HasValue false with value %q", sheet, ref, c.Value)
			}
			compared++
			return nil
		})
		if err != nil {
			t.Fatalf("ReadSheet(%q): %v", sheet, err)
		}
		rows, err := f.GetRows(sheet, raw)
		if err != nil {
			t.Fatalf("excelize GetRows(%q): %v", sheet, err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				got, ok := ours[[2]int{r + 1, c + 1}]
				if !ok {
					t.Errorf("%s!%s%d: excelize has %q, we have no cell", sheet, ColumnName(c+1), r+1, v)
				} else if got.Value != v {
					t.Errorf("%s!%s%d: GetRows %q, ours %q", sheet, ColumnName(c+1), r+1, v, got.Value)
				}
			}
		}
	}
	if compared == 0 {
		t.Errorf("no cells compared in %s", path)
	}
}

// TestRealTemplateFacts pins facts of the blank CMRT 6.4 that the CMRT reader
// relies on, independently of excelize.
func TestRealTemplateFacts(t *testing.T) {
	path := filepath.Join(rmiDir(t), "RMI_CMRT_6.4.xlsx")
	w, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if !w.StructureLocked() {
		t.Error("StructureLocked = false, want true (workbookProtection lockStructure=1)")
	}
	if w.Date1904() {
		t.Error("Date1904 = true")
	}
	hidden := map[string]bool{}
	for _, s := range w.Sheets() {
		hidden[s.Name] = s.Hidden
	}
	for name, want := range map[string]bool{"Declaration": false, "Smelter List": false, "L": true, "C": true, "SorP": true} {
		if got, ok := hidden[name]; !ok || got != want {
			t.Errorf("sheet %q hidden=%v present=%v, want hidden=%v", name, got, ok, want)
		}
	}
	if v, ok := w.DefinedName("CL"); !ok || v != "'C'!$B$2:$B$250" {
		t.Errorf("DefinedName(CL) = %q, %v", v, ok)
	}
	if _, ok := w.DefinedName("Metal"); ok {
		t.Error("DefinedName(Metal) found, but it is sheet-scoped")
	}
	g, err := w.ReadGrid("Declaration", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := g.Cell("D3"); c.Value != "English" {
		t.Errorf("Declaration!D3 = %+v, want English", c)
	}
	if c := g.Cell("J3"); c.Type != SharedString || c.Value == "" {
		t.Errorf("Declaration!J3 = %+v, want the revision string", c)
	}
	// Smelter List: formulas on empty rows carry <v/>, i.e. no cached value.
	var formulasNoValue, cellsPastQ int
	err = w.ReadSheet("Smelter List", ReadOptions{MaxCol: 17}, func(c Cell) error {
		if c.Col > 17 {
			cellsPastQ++
		}
		if c.Row == 100 && c.HasFormula && !c.HasValue {
			formulasNoValue++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cellsPastQ != 0 {
		t.Errorf("%d cells past column Q with MaxCol 17", cellsPastQ)
	}
	if formulasNoValue == 0 {
		t.Error("row 100 of Smelter List: no formula without cached value found")
	}
}

// benchParts are the parts BenchmarkReadCMRT64 inflates.
var benchSheets = []string{"Declaration", "Smelter List", "L", "C", "Smelter Look-up"}

func readCMRT(tb testing.TB, path string) int {
	w, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer w.Close()
	n := 0
	if _, err := w.ReadGrid("Declaration", ReadOptions{}); err != nil {
		tb.Fatal(err)
	}
	if err := w.ReadSheet("Smelter List", ReadOptions{MaxCol: 17}, func(Cell) error { n++; return nil }); err != nil {
		tb.Fatal(err)
	}
	for _, s := range []string{"L", "C", "Smelter Look-up"} {
		if err := w.ReadSheet(s, ReadOptions{}, func(Cell) error { n++; return nil }); err != nil {
			tb.Fatal(err)
		}
	}
	return n
}

// BenchmarkReadCMRT64: Open + Declaration grid + Smelter List stream (to
// column Q) + L + C + Smelter Look-up on the real blank CMRT 6.4.
func BenchmarkReadCMRT64(b *testing.B) {
	path := filepath.Join(rmiDir(b), "RMI_CMRT_6.4.xlsx")
	for b.Loop() {
		readCMRT(b, path)
	}
}

// BenchmarkInflateOnly inflates the same parts as BenchmarkReadCMRT64
// (workbook, rels, shared strings, the five sheets) to io.Discard: the floor
// any reader pays.
func BenchmarkInflateOnly(b *testing.B) {
	path := filepath.Join(rmiDir(b), "RMI_CMRT_6.4.xlsx")
	w, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	parts := []string{"xl/workbook.xml", "xl/_rels/workbook.xml.rels", w.sstPath}
	for _, s := range benchSheets {
		se, err := w.sheet(s)
		if err != nil {
			b.Fatal(err)
		}
		parts = append(parts, se.path)
	}
	w.Close()
	for b.Loop() {
		zr, err := zip.OpenReader(path)
		if err != nil {
			b.Fatal(err)
		}
		idx := map[string]*zip.File{}
		for _, f := range zr.File {
			idx[normPart(f.Name)] = f
		}
		for _, p := range parts {
			rc, err := idx[p].Open()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, rc); err != nil {
				b.Fatal(err)
			}
			rc.Close()
		}
		zr.Close()
	}
}

// BenchmarkExcelizeOpenGetRows: excelize OpenFile + GetRows of the same
// sheets, for comparison.
func BenchmarkExcelizeOpenGetRows(b *testing.B) {
	path := filepath.Join(rmiDir(b), "RMI_CMRT_6.4.xlsx")
	for b.Loop() {
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range benchSheets {
			if _, err := f.GetRows(s); err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
	runtime.GC()
}
