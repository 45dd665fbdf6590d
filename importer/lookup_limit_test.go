package importer

import (
	"archive/zip"
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/internal/fixtures"
	"github.com/openminerals/cmrt/store"
)

// withHugeLookup rewrites the template at path so that its Smelter Look-up
// sheet holds rows data rows (well-formed CIDs, inline strings).
func withHugeLookup(t *testing.T, path string, rows int) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	read := func(name string) string {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				defer rc.Close()
				b, _ := io.ReadAll(rc)
				return string(b)
			}
		}
		t.Fatalf("%s: no part %s", path, name)
		return ""
	}
	m := regexp.MustCompile(`<sheet [^>]*name="Smelter Look-up"[^>]*r:id="(rId\d+)"`).FindStringSubmatch(read("xl/workbook.xml"))
	if m == nil {
		t.Fatal("no Smelter Look-up sheet in the fixture")
	}
	tm := regexp.MustCompile(`Id="` + m[1] + `"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="` + m[1] + `"`).FindStringSubmatch(read("xl/_rels/workbook.xml.rels"))
	if tm == nil {
		t.Fatal("no relationship for the Look-up sheet")
	}
	part := "xl/" + strings.TrimPrefix(tm[1]+tm[2], "/xl/")

	out, err := os.Create(path + ".new")
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != part {
			rc, _ := f.Open()
			io.Copy(w, rc)
			rc.Close()
			continue
		}
		bw := bufio.NewWriterSize(w, 64<<10)
		bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		is := func(col byte, row int, s string) {
			fmt.Fprintf(bw, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, col, row, s)
		}
		fmt.Fprintf(bw, `<row r="4">`)
		for i, h := range []string{"Metal", "Smelter Look-up (*)", "Standard Smelter Names", "Smelter Facility Location: Country", "Smelter ID"} {
			is(byte('A'+i), 4, h)
		}
		bw.WriteString(`</row>`)
		for r := 5; r < 5+rows; r++ {
			fmt.Fprintf(bw, `<row r="%d">`, r)
			is('A', r, "Gold")
			is('B', r, fmt.Sprintf("Alias %d", r))
			is('C', r, fmt.Sprintf("Refinery %d", r))
			is('D', r, "CHINA")
			is('E', r, fmt.Sprintf("CID%06d", r%1_000_000))
			bw.WriteString(`</row>`)
		}
		bw.WriteString(`</sheetData></worksheet>`)
		if err := bw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
}

// TestLearnLookupRefusesImplausible: a supplier file whose Smelter Look-up
// has far too many rows is imported (its declaration stored), but its
// Look-up is not learnt, and the summary says why; reading it stays quick
// and small because the template reader stops collecting past the limit.
func TestLearnLookupRefusesImplausible(t *testing.T) {
	rows := 300_000
	if testing.Short() {
		rows = 20_000
	}
	dir := t.TempDir()
	paths, err := fixtures.Many(dir, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	withHugeLookup(t, paths[0], rows)
	st := openStore(t)
	ctx := context.Background()

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	sum, err := Run(ctx, st, paths, Options{Now: now, LearnLookup: true})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Look-up of %d rows: import %v, %.1f MB allocated; refused: %q", rows, elapsed.Round(time.Millisecond),
		float64(after.TotalAlloc-before.TotalAlloc)/1e6, sum.LookupRefused)
	if sum.Imported != 1 || sum.Rejected != 0 {
		t.Fatalf("imported %d, rejected %d: %+v", sum.Imported, sum.Rejected, sum.Files)
	}
	if len(sum.Learnt) != 0 || len(sum.LookupRefused) != 1 || !strings.Contains(sum.LookupRefused[0], "more than 5000 rows") ||
		!strings.Contains(sum.LookupRefused[0], filepath.Base(paths[0])) {
		t.Errorf("learnt %q, refused %q; want the Look-up refused for its size, naming the file", sum.Learnt, sum.LookupRefused)
	}
	snaps, err := st.Snapshots(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 0 {
		t.Errorf("%d snapshots stored, want none", len(snaps))
	}
	decls, _ := st.Declarations(ctx, store.DeclarationFilter{})
	if len(decls) != 1 {
		t.Errorf("%d declarations stored, want 1", len(decls))
	}
	if elapsed > 20*time.Second || after.TotalAlloc-before.TotalAlloc > 400<<20 {
		t.Errorf("import took %v and %d MB of allocations", elapsed, (after.TotalAlloc-before.TotalAlloc)>>20)
	}
}
