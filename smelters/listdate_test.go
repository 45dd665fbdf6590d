package smelters_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
)

// TestListDateSources: a list's date comes from its content, then its
// sheet name, a revision date column, the file name, then (SpreadsheetML
// only) the document's creation time; --date overrides them all; a
// re-saved workbook's save dates never count.
func TestListDateSources(t *testing.T) {
	facs := small()
	statuses := smelterstest.Statuses(facs, 11, listDate)
	conformant := smelterstest.ConformantTable(statuses)
	titled := func(title string) smelterstest.Table {
		tb := conformant
		tb.Title = []string{title, ""}
		return tb
	}
	revs := smelterstest.RevisionsTable([]smelters.Revision{
		{Metal: "Tin", CID: "CID003190", Name: "Chifeng", Basis: "Removed", RevisionDate: day("2026-04-29")},
		{Metal: "Gold", CID: "CID002763", Name: "8853 S.p.A.", Basis: "Name correction", RevisionDate: day("2026-07-10")},
		{Metal: "Gold", CID: "CID000035", Name: "Agosi AG", Basis: "Added", RevisionDate: day("2025-01-01")},
	})
	csv := func(tb smelterstest.Table) func(string) error {
		return func(p string) error { return smelterstest.WriteCSV(p, tb, smelterstest.CSVOptions{}) }
	}
	for _, tc := range []struct {
		file   string
		write  func(string) error
		opt    smelters.Options
		date   string // "" for undated
		source string
	}{
		{"conformant.csv", csv(titled("Conformant Smelters as of 22 August 2026")), smelters.Options{}, "2026-08-22", "content"},
		{"conformant.csv", csv(titled("Downloaded Aug 22, 2026 from RMI")), smelters.Options{}, "2026-08-22", "content"},
		{"conformant.csv", csv(titled("As of 22-Aug-2026")), smelters.Options{}, "2026-08-22", "content"},
		{"conformant_20250101.csv", csv(titled("RMI list 2026-08-22")), smelters.Options{}, "2026-08-22", "content"},
		{"conformant.xml", func(p string) error {
			return smelterstest.WriteSpreadsheetML(p, smelterstest.ActiveTable(statuses, day("2026-08-22")), day("2027-01-01"))
		}, smelters.Options{}, "2026-08-22", "sheet name"},
		{"revisions.csv", csv(revs), smelters.Options{}, "2026-07-10", "revision date column"},
		{"Conformant_Smelter_List_20260822.csv", csv(conformant), smelters.Options{}, "2026-08-22", "file name"},
		{"2026-08-22 conformant.csv", csv(conformant), smelters.Options{}, "2026-08-22", "file name"},
		{"conformant compilation 2023.xlsx", func(p string) error { return smelterstest.WriteXLSX(p, conformant) },
			smelters.Options{}, "2023-01-01", "file name (year only)"},
		{"conformant.xml", func(p string) error { return smelterstest.WriteSpreadsheetML(p, conformant, day("2026-08-22")) },
			smelters.Options{}, "2026-08-22", "document created"},
		// Undated: nothing in the content or the name; excelize stamps
		// docProps/core.xml with today's date, which must not count.
		{"conformant.xlsx", func(p string) error { return smelterstest.WriteXLSX(p, conformant) }, smelters.Options{}, "", ""},
		{"conformant.csv", csv(conformant), smelters.Options{}, "", ""},
		{"conformant.xml", lastSavedOnly(conformant), smelters.Options{}, "", ""},
		// --date wins over what the file says.
		{"conformant.csv", csv(titled("as of 22 August 2026")), smelters.Options{ListDate: day("2026-09-01")}, "2026-09-01", "given"},
	} {
		path := filepath.Join(t.TempDir(), tc.file)
		if err := tc.write(path); err != nil {
			t.Fatal(err)
		}
		l, err := smelters.LoadFileWith(path, tc.opt)
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		got := ""
		if !l.ListDate.IsZero() {
			got = l.ListDate.Format("2006-01-02")
		}
		if got != tc.date || l.DateSource != tc.source {
			t.Errorf("%s (%s): date %q from %q, want %q from %q", tc.file, l.Kind, got, l.DateSource, tc.date, tc.source)
		}
	}
}

// lastSavedOnly writes a SpreadsheetML list whose only document date is
// LastSaved, as Excel writes when a user re-saves a file.
func lastSavedOnly(tb smelterstest.Table) func(string) error {
	return func(p string) error {
		if err := smelterstest.WriteSpreadsheetML(p, tb, time.Time{}); err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		props := `<DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><LastSaved>2026-11-30T08:00:00Z</LastSaved></DocumentProperties><Styles>`
		return os.WriteFile(p, []byte(strings.Replace(string(data), "<Styles>", props, 1)), 0o644)
	}
}
