package smelters_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/openminerals/cmrt/internal/inputfile"
	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
)

// workbookTables is a workbook as a user might assemble one from RMI's
// downloads: a notes sheet, the Conformant and Active lists, the revision
// history and a compiled list with an alias column and an RMAP Status.
func workbookTables() []smelterstest.Table {
	facs := small()
	statuses := smelterstest.Statuses(facs, 11, listDate)
	compiled := smelterstest.Table{Sheet: "Our suppliers' smelters",
		Header: []string{"Metal", "Smelter Reference", "Standard Smelter Name", "Country", "Smelter ID", "RMAP Status"},
		Rows: [][]string{
			{"Gold", "8853", "8853 S.p.A.", "ITALY", "CID002763", "Conformant"},
			{"Tin", "Yunnan Tin", "Yunnan Tin Company Limited", "CHINA", "CID002180", "Outreach Required"},
		}}
	revs := smelterstest.RevisionsTable([]smelters.Revision{{Metal: "Tin", CID: "CID003190", Name: "Chifeng Dajingzi", Country: "CHINA",
		Basis: "Removed", Details: "No longer an operating smelter / refiner", RevisionDate: day("2026-04-29"), AddedDate: day("2017-01-01")}})
	return []smelterstest.Table{
		{Sheet: "Read me", Header: []string{"Downloaded from RMI's website"}, Rows: [][]string{{"see the other sheets"}}},
		smelterstest.ConformantTable(statuses),
		smelterstest.ActiveTable(statuses, listDate),
		revs,
		compiled,
	}
}

func TestLoadFileAllSheets(t *testing.T) {
	tables := workbookTables()
	dir := t.TempDir()
	xlsxPath := filepath.Join(dir, "lists.xlsx")
	if err := smelterstest.WriteXLSX(xlsxPath, tables[len(tables)-1], tables[:len(tables)-1]...); err != nil {
		t.Fatal(err)
	}
	xmlPath := filepath.Join(dir, "lists.xml")
	if err := smelterstest.WriteSpreadsheetMLBook(xmlPath, time.Time{}, tables...); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{xlsxPath, xmlPath} {
		name := filepath.Base(path)
		all, err := smelters.LoadFileAll(path, smelters.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []string
		for _, l := range all.Lists {
			got = append(got, fmt.Sprintf("%s=%s", l.Sheet, l.Kind))
		}
		want := []string{tables[1].Sheet + "=conformant", tables[2].Sheet + "=active", "Revisions_StdSmelterList=revisions", "Our suppliers' smelters=status"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: lists %q, want %q", name, got, want)
		}
		if len(all.Skipped) != 1 || all.Skipped[0].Sheet != "Read me" || !strings.Contains(all.Skipped[0].Reason, "no header row") {
			t.Errorf("%s: skipped %+v, want the notes sheet with its reason", name, all.Skipped)
		}
		for _, l := range all.Lists {
			if l.Source != name || len(l.SHA256) != 64 || len(l.Facilities)+len(l.Revisions) == 0 {
				t.Errorf("%s sheet %q: source %q, %d facilities", name, l.Sheet, l.Source, len(l.Facilities))
			}
		}
		// The compiled list keeps its statuses and its aliases.
		st := all.Lists[3]
		if st.Facilities[1].StatusText != "Outreach Required" || st.Facilities[0].Status != smelters.StatusConformant || len(st.Facilities[0].Aliases) != 1 {
			t.Errorf("%s: status list read as %+v", name, st.Facilities)
		}

		// Asked for one list, the file says which it holds.
		_, err = smelters.LoadFile(path)
		if !errors.Is(err, smelters.ErrSeveralLists) {
			t.Fatalf("%s: LoadFile err = %v, want ErrSeveralLists", name, err)
		}
		for _, w := range []string{name, `"Revisions_StdSmelterList" (revisions list)`, `"Our suppliers' smelters" (status list)`} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", name, err, w)
			}
		}
	}
}

// TestLoadFileOneListAmongNotes: a workbook with one list keeps working
// with LoadFile, and the sheets beside it are named in warnings.
func TestLoadFileOneListAmongNotes(t *testing.T) {
	tables := workbookTables()
	path := filepath.Join(t.TempDir(), "conformant.xlsx")
	if err := smelterstest.WriteXLSX(path, tables[1], tables[0]); err != nil {
		t.Fatal(err)
	}
	l, err := smelters.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Kind != smelters.KindConformant || len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], `sheet "Read me" skipped: no header row`) {
		t.Errorf("kind %s, warnings %q", l.Kind, l.Warnings)
	}
}

// TestLoadStatusColumnMakesStatusList: an "RMAP Status" column makes a
// status list even beside a standard list's alias column, in every format.
func TestLoadStatusColumnMakesStatusList(t *testing.T) {
	tbl := smelterstest.StandardTable(small())
	tbl.Header = append(append([]string(nil), tbl.Header...), "RMAP Status")
	for i := range tbl.Rows {
		tbl.Rows[i] = append(tbl.Rows[i], []string{"Conformant", "Active", "Non Conformant"}[i%3])
	}
	dir := t.TempDir()
	for name, write := range map[string]func(string) error{
		"standard-with-status.csv":  func(p string) error { return smelterstest.WriteCSV(p, tbl, smelterstest.CSVOptions{}) },
		"standard-with-status.xlsx": func(p string) error { return smelterstest.WriteXLSX(p, tbl) },
		"standard-with-status.xml":  func(p string) error { return smelterstest.WriteSpreadsheetML(p, tbl, time.Time{}) },
	} {
		p := filepath.Join(dir, name)
		if err := write(p); err != nil {
			t.Fatal(err)
		}
		l, err := smelters.LoadFile(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if l.Kind != smelters.KindStatus {
			t.Errorf("%s: kind %s, want status", name, l.Kind)
		}
		if l.Facilities[0].Status != smelters.StatusConformant || len(l.Facilities[0].Aliases) == 0 {
			t.Errorf("%s: first facility %+v", name, l.Facilities[0])
		}
	}
}

// TestLoadRefusesEmptyLookup: a template whose Look-up yields no facility
// (cut after its header, or unreadable rows) is refused, not loaded as a
// list of nothing.
func TestLoadRefusesEmptyLookup(t *testing.T) {
	tbl := smelterstest.LookupTable(small())
	for i := range tbl.Rows {
		tbl.Rows[i] = []string{"#REF!", "#REF!", "", "", "", "", "", "", ""}
	}
	path := filepath.Join(t.TempDir(), "broken-cmrt.xlsx")
	writeTemplate(t, path, tbl)
	_, err := smelters.LoadFile(path)
	if !errors.Is(err, smelters.ErrEmptyList) || !strings.Contains(err.Error(), "broken-cmrt.xlsx") || !strings.Contains(err.Error(), smelters.LookupSheet) {
		t.Errorf("err = %v, want ErrEmptyList naming the file and the sheet", err)
	}
	if _, err := smelters.FromLookupRows([]smelters.LookupRow{{Row: 5, Metal: "Gold", Name: "Smelter not listed"}}, "x.xlsx"); !errors.Is(err, smelters.ErrEmptyList) {
		t.Errorf("rows naming no facility: err = %v", err)
	}
}

// TestCheckLookup: a Look-up no RMI template carries is refused before it
// is learnt, quickly, whatever its size.
func TestCheckLookup(t *testing.T) {
	good := smelterstest.LookupRows(small())
	if err := smelters.CheckLookup(good); err != nil {
		t.Fatalf("generated look-up: %v", err)
	}
	huge := make([]smelters.LookupRow, 1_048_572)
	for i := range huge {
		huge[i] = smelters.LookupRow{Row: i + 5, Metal: "Gold", Name: "x", StandardName: "x", CID: "CID000001"}
	}
	start := time.Now()
	_, err := smelters.FromLookupRows(huge, "hostile.xlsx")
	if !errors.Is(err, smelters.ErrImplausibleLookup) || !strings.Contains(err.Error(), "more than 5000 rows") || !strings.Contains(err.Error(), "hostile.xlsx") {
		t.Errorf("a million rows: err = %v", err)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("refusing a million rows took %v", d)
	}
	bad := append([]smelters.LookupRow(nil), good...)
	bad[7].CID = "DROP TABLE"
	if err := smelters.CheckLookup(bad); !errors.Is(err, smelters.ErrImplausibleLookup) || !strings.Contains(err.Error(), fmt.Sprintf("row %d", bad[7].Row)) {
		t.Errorf("malformed CID: err = %v", err)
	}
	long := append([]smelters.LookupRow(nil), good...)
	long[0].Street = strings.Repeat("x", smelters.MaxLookupBytes)
	if err := smelters.CheckLookup(long); !errors.Is(err, smelters.ErrImplausibleLookup) {
		t.Errorf("oversized text: err = %v", err)
	}
	// The same rules hold for a Look-up sheet loaded by refresh.
	tbl := smelterstest.LookupTable(small())
	tbl.Rows[3][4] = "CIDSN2285"
	path := filepath.Join(t.TempDir(), "odd-cmrt.xlsx")
	writeTemplate(t, path, tbl)
	if _, err := smelters.LoadFile(path); !errors.Is(err, smelters.ErrImplausibleLookup) || !strings.Contains(err.Error(), "CIDSN2285") {
		t.Errorf("Look-up sheet with a non-RMI ID: err = %v", err)
	}
}

// TestLoadFileRefusesNonRegular: a FIFO (which would block an open
// forever) and a folder are refused before they are opened.
func TestLoadFileRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "list.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, path := range []string{fifo, dir} {
		done := make(chan error, 1)
		go func() { _, err := smelters.LoadFile(path); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, inputfile.ErrNotRegular) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s: err = %v, want ErrNotRegular naming the path", path, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: LoadFile hangs", path)
		}
	}
	big := filepath.Join(dir, "big.csv")
	f, _ := os.Create(big)
	f.Truncate(smelters.MaxFileSize + 1)
	f.Close()
	if _, err := smelters.LoadFile(big); !errors.Is(err, smelters.ErrTooLarge) {
		t.Errorf("sparse file over the limit: err = %v", err)
	}
}

// TestLoadRealTemplateLookups: every Smelter Look-up of RMI's real blank
// templates passes CheckLookup (under 2,000 rows, RMI-form IDs) and is read
// through the bounded reader; AMRT 1.2 carries none and says so.
func TestLoadRealTemplateLookups(t *testing.T) {
	paths, _ := filepath.Glob("../../shared/rmi/templates/*.xlsx")
	if len(paths) == 0 {
		t.Skip("RMI's templates are not in ../shared/rmi/templates")
	}
	for _, p := range paths {
		l, err := smelters.LoadFile(p)
		if strings.Contains(p, "AMRT_1.2") {
			if !errors.Is(err, smelters.ErrNoHeader) {
				t.Errorf("%s: err = %v, want ErrNoHeader", filepath.Base(p), err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
			continue
		}
		if l.Kind != smelters.KindLookup || l.Rows == 0 || l.Rows >= 2000 || l.DateSource != "template revision" {
			t.Errorf("%s: kind %s, %d rows, date %v (%s)", filepath.Base(p), l.Kind, l.Rows, l.ListDate, l.DateSource)
		}
	}
}
