package smelterstest

import (
	"sort"
	"time"

	"github.com/openminerals/cmrt/smelters"
)

// Table is a worksheet to write: optional title lines, a header row, data.
type Table struct {
	Sheet  string
	Title  []string // lines written above the header, one per row
	Header []string
	Rows   [][]string
	// DateCols are the columns holding dates (written as yyyy-mm-dd):
	// SpreadsheetML types them DateTime, .xlsx writes real date cells.
	DateCols []int
}

// HeaderRow is the 1-based row of the header.
func (t *Table) HeaderRow() int { return len(t.Title) + 1 }

// Date formats a date as the tables hold it.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// StandardHeader is the CMRT/EMRT/AMRT standard smelter list's header.
var StandardHeader = []string{"Metal", "Smelter Reference", "Standard Smelter Name", "Country", "Smelter ID", "City", "State Province"}

// StandardTable is RMI's standard smelter list download (sheet
// CMRT_Export): one row per alias.
func StandardTable(facs []smelters.Facility) Table {
	t := Table{Sheet: "CMRT_Export", Header: StandardHeader}
	for _, f := range facs {
		for _, a := range f.Aliases {
			t.Rows = append(t.Rows, []string{f.Metal, a, f.Name, f.Country, f.CID, f.City, f.State})
		}
	}
	return t
}

// LookupHeader is the Smelter Look-up sheet's header (row 4) in CMRT 6.4.
var LookupHeader = []string{"Metal", "Smelter Look-up (*)", "Standard Smelter Names", "Smelter Facility Location: Country",
	"Smelter ID", "Source of Smelter Identification Number", "Smelter Street ", "Smelter City",
	"Smelter Facility Location: State / Province", "METAL+Alias", "METAL+Alias"}

// LookupTable is a template's Smelter Look-up sheet: instructions in row
// 1, header in row 4, rows sorted by metal and alias, each metal closed by
// the two pseudo-entries "Smelter not listed" and "Smelter not yet
// identified".
func LookupTable(facs []smelters.Facility) Table {
	t := Table{Sheet: smelters.LookupSheet, Header: LookupHeader,
		Title: []string{"The following list represents the RMI's latest smelter name/alias information as of this templates release.", "", ""}}
	byMetal := map[string][][]string{}
	for _, f := range facs {
		for _, a := range f.Aliases {
			byMetal[f.Metal] = append(byMetal[f.Metal], []string{f.Metal, a, f.Name, f.Country, f.CID, f.IDSource,
				f.Street, f.City, f.State, f.Metal + a, f.Metal + a})
		}
	}
	var metals []string
	for m := range byMetal {
		metals = append(metals, m)
	}
	sort.Strings(metals)
	for _, m := range metals {
		rows := byMetal[m]
		sort.SliceStable(rows, func(i, j int) bool { return rows[i][1] < rows[j][1] })
		t.Rows = append(t.Rows, rows...)
		t.Rows = append(t.Rows,
			[]string{m, "Smelter not listed", "", "", "", "", "", "", "", m + "Smelter not listed", m + "Smelter not listed"},
			[]string{m, "Smelter not yet identified", "Unknown", "Unknown", "", "", "", "", "", m + "Smelter not yet identified", m + "Smelter not yet identified"})
	}
	return t
}

// LookupRows is LookupTable as the rows a template reader hands over.
func LookupRows(facs []smelters.Facility) []smelters.LookupRow {
	t := LookupTable(facs)
	out := make([]smelters.LookupRow, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = smelters.LookupRow{Row: t.HeaderRow() + 1 + i, Metal: r[0], Name: r[1], StandardName: r[2],
			Country: r[3], CID: r[4], Source: r[5], Street: r[6], City: r[7], State: r[8]}
	}
	return out
}

// ConformantHeader is the Conformant list's header.
var ConformantHeader = []string{"Metal", "Smelter ID", "Standard Smelter Name", "State/ Province/ Region", "Country Location",
	"Company Website with CM Policy", "Last Audit Date", "Audit Cycle", "Reaudit In Progress", "LBMA RG", "RJC"}

// ConformantTable is RMI's Conformant list for the conformant rows of
// statuses (from Statuses).
func ConformantTable(statuses []smelters.Facility) Table {
	t := Table{Sheet: "Full Conformant Smelter List", Header: ConformantHeader, DateCols: []int{6}}
	for _, f := range statuses {
		if f.Status != smelters.StatusConformant {
			continue
		}
		reaudit, lbma := "", ""
		if f.ReauditInProgress {
			reaudit = "Yes"
		}
		if f.Metal == "Gold" && len(f.CID)%2 == 0 {
			lbma = "Yes"
		}
		t.Rows = append(t.Rows, []string{f.Metal, f.CID, f.Name, f.State, f.Country, "https://example.com/cm-policy",
			Date(f.LastAudit), f.AuditCycle, reaudit, lbma, ""})
	}
	return t
}

// ActiveHeader is the Active list's header, underscores and all.
var ActiveHeader = []string{"Metal", "Smelter_ID", "Standard_Smelter_Name", "Company_State_Province_Region", "Country_Location"}

// ActiveTable is RMI's Active list for the active rows of statuses; the
// sheet is named "Active Smelters<date>" as RMI names it.
func ActiveTable(statuses []smelters.Facility, date time.Time) Table {
	t := Table{Sheet: "Active Smelters" + date.Format("01-02-2006"), Header: ActiveHeader}
	for _, f := range statuses {
		if f.Status == smelters.StatusActive {
			t.Rows = append(t.Rows, []string{f.Metal, f.CID, f.Name, f.State, f.Country})
		}
	}
	return t
}

// RevisionsHeader is the revision history's header.
var RevisionsHeader = []string{"Metal", "Smelter ID", "Standard Smelter Name", "Country", "Basis for Revision", "Details",
	"Revision Date", "Smelter Added Date"}

// RevisionsTable is RMI's revision history.
func RevisionsTable(revs []smelters.Revision) Table {
	t := Table{Sheet: "Revisions_StdSmelterList", Header: RevisionsHeader, DateCols: []int{6, 7}}
	for _, r := range revs {
		t.Rows = append(t.Rows, []string{r.Metal, r.CID, r.Name, r.Country, r.Basis, r.Details, Date(r.RevisionDate), Date(r.AddedDate)})
	}
	return t
}
