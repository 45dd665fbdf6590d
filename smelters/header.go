package smelters

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// column is a field of an RMI list that this package reads.
type column int

const (
	colMetal column = iota
	colCID
	colName  // standard name
	colAlias // Smelter Reference / Smelter Look-up
	colCountry
	colState
	colCity
	colStreet
	colIDSource
	colStatus
	colLastAudit
	colAuditCycle
	colReaudit
	colBasis
	colDetails
	colRevisionDate
	colAddedDate
	numColumns
)

// columnNames are the names used in error messages: RMI's own spelling.
var columnNames = [numColumns]string{
	colMetal: "Metal", colCID: "Smelter ID", colName: "Standard Smelter Name",
	colAlias: "Smelter Reference", colCountry: "Country", colState: "State Province",
	colCity: "City", colStreet: "Street", colIDSource: "Source of Smelter Identification Number",
	colStatus: "RMAP Status", colLastAudit: "Last Audit Date", colAuditCycle: "Audit Cycle",
	colReaudit: "Reaudit In Progress", colBasis: "Basis for Revision", colDetails: "Details",
	colRevisionDate: "Revision Date", colAddedDate: "Smelter Added Date",
}

// columnSpellings lists the header texts known for each column, best
// first. Headers are compared by headerKey, so case, spaces, underscores,
// punctuation and a trailing "(*)" do not matter: "Smelter_ID", "Smelter
// ID" and "SMELTER ID" are one spelling.
var columnSpellings = [numColumns][]string{
	colMetal: {"Metal", "Mineral", "Metal/Mineral", "Metal Type", "Commodity"},
	colCID: {"Smelter ID", "Facility ID", "CID", "Smelter Identification Number",
		"Smelter Identification", "RMI Smelter ID", "Smelter/Refiner ID", "Refiner ID", "RMI ID",
		"Smelter Facility ID", "Facility Identification Number"},
	colName: {"Standard Smelter Name", "Standard Smelter Names", "Standard Facility Name",
		"Standard Facility Names", "Standard Refiner Name", "Standard Name",
		"Smelter Name", "Facility Name", "Refiner Name", "Smelter/Refiner Name"},
	colAlias: {"Smelter Reference", "Smelter Look-up", "Smelter Lookup", "Facility Reference",
		"Smelter Reference Name", "Smelter Alias", "Alias", "Reference Name", "Look-up Name"},
	colCountry: {"Country", "Country Location", "Country/Region", "Smelter Facility Location: Country",
		"Smelter Country", "Facility Country", "Location Country", "Country Name"},
	colState: {"State Province", "State/ Province/ Region", "Company_State_Province_Region",
		"State / Province", "Smelter Facility Location: State / Province", "State/Province",
		"State Province Region", "Province", "State", "Region", "Company State Province Region"},
	colCity:     {"City", "Smelter City", "Facility City"},
	colStreet:   {"Street", "Smelter Street", "Facility Street", "Address"},
	colIDSource: {"Source of Smelter Identification Number", "Source of Smelter ID", "ID Source"},
	colStatus: {"RMAP Status", "Assessment Status", "Status", "Conformance Status", "Smelter Status",
		"RMI Status", "RMAP Assessment Status", "Audit Status", "Conformant Status"},
	colLastAudit:    {"Last Audit Date", "Last Assessment Date", "Audit Date", "Most Recent Audit Date"},
	colAuditCycle:   {"Audit Cycle", "Assessment Cycle", "Audit Frequency"},
	colReaudit:      {"Reaudit In Progress", "Re-audit In Progress", "Reassessment In Progress"},
	colBasis:        {"Basis for Revision", "Revision Basis", "Reason for Revision"},
	colDetails:      {"Details", "Revision Details"},
	colRevisionDate: {"Revision Date", "Date of Revision"},
	colAddedDate:    {"Smelter Added Date", "Added Date", "Date Added"},
}

// spellingIndex maps a header key to its column and rank (0 = best).
var spellingIndex = func() map[string]struct {
	col  column
	rank int
} {
	m := map[string]struct {
		col  column
		rank int
	}{}
	for c, sp := range columnSpellings {
		for i, s := range sp {
			k := headerKey(s)
			if _, dup := m[k]; !dup {
				m[k] = struct {
					col  column
					rank int
				}{column(c), i}
			}
		}
	}
	return m
}()

// headerKey folds a header cell for comparison: compatibility forms,
// case, accents, a trailing "(*)" and everything but letters and digits.
func headerKey(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(norm.NFKC.String(s)), "(*)"))
	var b strings.Builder
	for _, r := range foldLatin(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// header is a detected header row.
type header struct {
	row   int             // 0-based index in the grid
	cols  [numColumns]int // cell index per column, -1 if absent
	texts map[int]string  // header text of every non-empty cell
	alias string          // header text of the alias column
}

func (h *header) has(c column) bool { return h.cols[c] >= 0 }

// found is the number of columns recognised.
func (h *header) found() int {
	n := 0
	for _, i := range h.cols {
		if i >= 0 {
			n++
		}
	}
	return n
}

// headerScan is how many rows are searched for the header: RMI's downloads
// have it in row 1, the templates' Smelter Look-up in row 4, and a list
// someone re-saved may carry a few title lines.
const headerScan = 30

// findHeader returns the row among the first headerScan rows that names
// the most known columns (the first such row on a tie), or nil when no row
// names two.
func findHeader(g grid) *header {
	var best *header
	for i := 0; i < len(g.rows) && i < headerScan; i++ {
		h := parseHeader(g.rows[i], i)
		if h.found() >= 2 && (best == nil || h.found() > best.found()) {
			best = h
		}
	}
	return best
}

func parseHeader(cells []string, row int) *header {
	h := &header{row: row, texts: map[int]string{}}
	ranks := [numColumns]int{}
	for c := range h.cols {
		h.cols[c], ranks[c] = -1, 1<<30
	}
	for i, cell := range cells {
		if strings.TrimSpace(cell) == "" {
			continue
		}
		h.texts[i] = strings.TrimSpace(cell)
		sp, ok := spellingIndex[headerKey(cell)]
		if !ok || sp.rank >= ranks[sp.col] {
			continue
		}
		h.cols[sp.col], ranks[sp.col] = i, sp.rank
		if sp.col == colAlias {
			h.alias = strings.TrimSpace(cell)
		}
	}
	// A list with a standard-name column and a plain "Smelter Name" column
	// would have taken the better one above; a look-up list whose only name
	// column is the alias keeps it as alias.
	return h
}

// lookupLayout is the fixed layout of a template's Smelter Look-up sheet,
// used when its header cannot be read (translated copies cache other
// text, or 0, in the header cells).
func lookupLayout() *header {
	h := &header{row: 3, texts: map[int]string{}, alias: LookupSheet}
	for c := range h.cols {
		h.cols[c] = -1
	}
	h.cols[colMetal], h.cols[colAlias], h.cols[colName], h.cols[colCountry] = 0, 1, 2, 3
	h.cols[colCID], h.cols[colIDSource], h.cols[colStreet], h.cols[colCity], h.cols[colState] = 4, 5, 6, 7, 8
	return h
}
