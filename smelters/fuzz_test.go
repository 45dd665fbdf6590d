package smelters_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
)

// The list fuzz targets feed mutated list files to LoadAll. Whatever the
// input, it must return without panicking, every error must say which file
// it is about, and every list returned must hold what a list holds.
// Run each with, for example:
//
//	go test ./smelters -run '^$' -fuzz FuzzLoadCSV -fuzztime 2m -parallel 1

// fuzzTables are the generated lists the targets are seeded with: every
// kind of RMI list, small enough for fast runs.
func fuzzTables() []smelterstest.Table {
	facs := smelterstest.Reference(smelterstest.Options{Seed: 9, Facilities: 24, Aliases: 30})
	statuses := smelterstest.Statuses(facs, 3, listDate)
	conformant := smelterstest.ConformantTable(statuses)
	conformant.Title = []string{"Conformant Smelters as of 22 August 2026"}
	revs := smelterstest.RevisionsTable([]smelters.Revision{
		{Metal: "Tin", CID: "CID003190", Name: "Chifeng", Country: "CHINA", Basis: "Removed", Details: "see Smelter ID CID002224",
			RevisionDate: day("2026-04-29"), AddedDate: day("2017-01-01")}})
	status := smelterstest.StandardTable(facs[:3])
	status.Header = append(append([]string(nil), status.Header...), "RMAP Status")
	for i := range status.Rows {
		status.Rows[i] = append(status.Rows[i], "Outreach Required")
	}
	return []smelterstest.Table{smelterstest.StandardTable(facs), conformant, smelterstest.ActiveTable(statuses, listDate),
		revs, status, smelterstest.LookupTable(facs)}
}

func fuzzSeedFile(f *testing.F, name string, write func(string) error) []byte {
	path := filepath.Join(f.TempDir(), name)
	if err := write(path); err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// checkLoaded asserts what LoadAll must give for any input.
func checkLoaded(t *testing.T, name string, data []byte) {
	all, err := smelters.LoadAll(name, data, smelters.Options{})
	if err != nil {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name the file: %v", err)
		}
		return
	}
	if len(all.Lists) == 0 {
		t.Fatal("no list and no error")
	}
	for _, l := range all.Lists {
		if len(l.Facilities) == 0 && len(l.Revisions) == 0 {
			t.Errorf("sheet %q: empty %s list accepted", l.Sheet, l.Kind)
		}
		if l.Rows > smelters.MaxRows+100 || l.Kind == smelters.KindLookup && l.Rows > smelters.MaxLookupRows {
			t.Errorf("sheet %q: %d rows past the limits", l.Sheet, l.Rows)
		}
		if _, ok := smelters.ParseListKind(string(l.Kind)); !ok {
			t.Errorf("sheet %q: kind %q", l.Sheet, l.Kind)
		}
		if (l.DateSource == "") != l.ListDate.IsZero() {
			t.Errorf("sheet %q: date %v from %q", l.Sheet, l.ListDate, l.DateSource)
		}
		for _, fc := range l.Facilities {
			if fc.CID == "" || fc.Metal == "" || fc.Row < 1 {
				t.Errorf("sheet %q: facility without CID, metal or row: %+v", l.Sheet, fc)
			}
		}
	}
	// Same input, same output.
	again, err := smelters.LoadAll(name, data, smelters.Options{})
	if err != nil || len(again.Lists) != len(all.Lists) || len(again.Skipped) != len(all.Skipped) {
		t.Fatalf("second read differs: %v", err)
	}
	for i, l := range all.Lists {
		if a := again.Lists[i]; a.SHA256 != l.SHA256 || a.Rows != l.Rows || len(a.Facilities) != len(l.Facilities) || a.ListDate != l.ListDate {
			t.Errorf("sheet %q read twice differently", l.Sheet)
		}
	}
}

func FuzzLoadCSV(f *testing.F) {
	for _, tb := range fuzzTables() {
		f.Add(fuzzSeedFile(f, "list.csv", func(p string) error { return smelterstest.WriteCSV(p, tb, smelterstest.CSVOptions{}) }))
	}
	tb := fuzzTables()[1]
	f.Add(fuzzSeedFile(f, "semi.csv", func(p string) error {
		return smelterstest.WriteCSV(p, tb, smelterstest.CSVOptions{Comma: ';', BOM: true})
	}))
	f.Add(fuzzSeedFile(f, "u16.csv", func(p string) error {
		return smelterstest.WriteCSV(p, tb, smelterstest.CSVOptions{Comma: '\t', UTF16: true})
	}))
	f.Add([]byte("Metal,Smelter ID,Standard Smelter Name\nGold,CID002763,Soci\xe9t\xe9\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, []byte("PK")) || bytes.Contains(data[:min(len(data), 4096)], []byte("<")) {
			return // the other targets' formats
		}
		checkLoaded(t, "list.csv", data)
	})
}

func FuzzLoadSpreadsheetML(f *testing.F) {
	tables := fuzzTables()
	for _, tb := range tables {
		f.Add(fuzzSeedFile(f, "list.xml", func(p string) error { return smelterstest.WriteSpreadsheetML(p, tb, listDate) }))
	}
	f.Add(fuzzSeedFile(f, "book.xml", func(p string) error {
		return smelterstest.WriteSpreadsheetMLBook(p, listDate, tables[1], tables[2], tables[3])
	}))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLoaded(t, "list.xml", data)
	})
}

// FuzzLoadXLSX mutates whole .xlsx files: mostly the zip container and the
// CRC and deflate checks.
func FuzzLoadXLSX(f *testing.F) {
	tables := fuzzTables()
	f.Add(fuzzSeedFile(f, "list.xlsx", func(p string) error { return smelterstest.WriteXLSX(p, tables[1], tables[0]) }))
	f.Add(fuzzSeedFile(f, "lookup.xlsx", func(p string) error { return smelterstest.WriteXLSX(p, tables[5]) }))
	f.Add(manyStringsSeed(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLoaded(t, "list.xlsx", data)
	})
}

// FuzzLoadXLSXParts mutates the sheet and shared-strings XML of a list
// workbook and zips them intact, so that the mutations reach the sheet
// reader and the list builder instead of failing the CRC check.
func FuzzLoadXLSXParts(f *testing.F) {
	tables := fuzzTables()
	for _, tb := range tables {
		data := fuzzSeedFile(f, "list.xlsx", func(p string) error { return smelterstest.WriteXLSX(p, tb) })
		sheet, sst := partOf(f, data, "xl/worksheets/sheet1.xml"), partOf(f, data, "xl/sharedStrings.xml")
		f.Add(sheet, sst)
	}
	seed := fuzzSeedFile(f, "list.xlsx", func(p string) error { return smelterstest.WriteXLSX(p, tables[0]) })
	zr, err := zip.NewReader(bytes.NewReader(seed), int64(len(seed)))
	if err != nil {
		f.Fatal(err)
	}
	var names []string
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		parts[zf.Name] = partOf(f, seed, zf.Name)
	}
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, name := range names {
			// Stored, not deflated: each run spends its time in the reader.
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
			switch name {
			case "xl/worksheets/sheet1.xml":
				w.Write(sheet)
			case "xl/sharedStrings.xml":
				w.Write(sst)
			default:
				w.Write(parts[name])
			}
		}
		zw.Close()
		checkLoaded(t, "list.xlsx", buf.Bytes())
	})
}

func partOf(f *testing.F, data []byte, name string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		f.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				f.Fatal(err)
			}
			defer rc.Close()
			var b bytes.Buffer
			b.ReadFrom(rc)
			return b.Bytes()
		}
	}
	f.Fatalf("no part %s", name)
	return nil
}

func manyStringsSeed(f *testing.F) []byte {
	path := filepath.Join(f.TempDir(), "many.xlsx")
	if _, err := smelterstest.WriteManyStringsXLSX(path, smelterstest.ManyStrings{Rows: 20}); err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// TestFuzzSeedsLoad: the seeds are lists, so the fuzzer starts from inputs
// that reach the list builder.
func TestFuzzSeedsLoad(t *testing.T) {
	dir := t.TempDir()
	for i, tb := range fuzzTables() {
		for _, w := range []struct {
			ext   string
			write func(string) error
		}{
			{".csv", func(p string) error { return smelterstest.WriteCSV(p, tb, smelterstest.CSVOptions{}) }},
			{".xml", func(p string) error { return smelterstest.WriteSpreadsheetML(p, tb, listDate) }},
			{".xlsx", func(p string) error { return smelterstest.WriteXLSX(p, tb) }},
		} {
			p := filepath.Join(dir, tb.Sheet+w.ext)
			if err := w.write(p); err != nil {
				t.Fatal(err)
			}
			if _, err := smelters.LoadFile(p); err != nil {
				t.Errorf("seed %d (%s%s): %v", i, tb.Sheet, w.ext, err)
			}
		}
	}
}
