package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openminerals/cmrt/smelters"
	"github.com/openminerals/cmrt/smelters/smelterstest"
)

// TestRefreshWorkbookOfSeveralLists: one workbook holding RMI's standard
// list, the Conformant list and the revision history (plus a notes sheet)
// is loaded whole in one refresh — one snapshot per list, the notes sheet
// named as skipped — and the revision history's removal of a conformant
// facility wins over the Conformant sheet beside it.
func TestRefreshWorkbookOfSeveralLists(t *testing.T) {
	day := time.Date(2026, 8, 22, 0, 0, 0, 0, time.UTC)
	facs := smelterstest.Reference(smelterstest.Options{Seed: 11, Facilities: 40, Aliases: 60})
	statuses := smelterstest.Statuses(facs, 11, day)
	var removed smelters.Facility
	for _, s := range statuses {
		if s.Status == smelters.StatusConformant {
			removed = s
			break
		}
	}
	if removed.CID == "" {
		t.Fatal("no conformant facility generated")
	}
	revs := smelterstest.RevisionsTable([]smelters.Revision{{Metal: removed.Metal, CID: removed.CID, Name: removed.Name,
		Country: removed.Country, Basis: "Removed", Details: "No longer an operating smelter / refiner",
		RevisionDate: day.AddDate(0, -4, 0)}})
	notes := smelterstest.Table{Sheet: "Read me", Title: []string{"Downloaded from RMI for internal use."}}
	path := filepath.Join(t.TempDir(), "RMI lists 2026-08-22.xlsx")
	if err := smelterstest.WriteXLSX(path, revs, notes, smelterstest.StandardTable(facs), smelterstest.ConformantTable(statuses)); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "cmrt.db")
	out, stderr, code := cmrtRun(t, "--db", db, "smelters", "refresh", path, "--format", "json")
	if code != exitOK {
		t.Fatalf("refresh: exit %d %s%s", code, out, stderr)
	}
	var reports []smRefreshReport
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, r := range reports {
		kinds = append(kinds, r.Sheet+"="+string(r.Kind))
	}
	if got, want := strings.Join(kinds, "|"), "CMRT_Export=standard|Full Conformant Smelter List=conformant|Revisions_StdSmelterList=revisions"; got != want {
		t.Errorf("lists %s, want %s", got, want)
	}
	if len(reports) == 0 || len(reports[0].Skipped) != 1 || reports[0].Skipped[0].Sheet != "Read me" {
		t.Errorf("skipped sheets: %+v", reports)
	}
	text, _, _ := cmrtRun(t, "--db", db, "smelters", "refresh", path)
	if !strings.Contains(text, `sheet "Read me" skipped`) || !strings.Contains(text, "[Full Conformant Smelter List]: already loaded") {
		t.Errorf("text output:\n%s", text)
	}
	show, _, code := cmrtRun(t, "--db", db, "smelters", "show", removed.CID, "--format", "json")
	if code != exitOK || !strings.Contains(show, `"status": "removed"`) || strings.Contains(show, `"status": "conformant"`) {
		t.Errorf("show %s: exit %d\n%s", removed.CID, code, show)
	}
}
