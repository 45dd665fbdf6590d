package synth

import (
	"strconv"

	"github.com/openminerals/cmrt/cmrt"
)

// What Write needs beyond Layout, per family: texts, sheet order, hidden
// helper columns and the revisions at which RMI changed a formula. Cell
// addresses stay in Layout; a version differs from another only through
// the thresholds here ("from revision x on"), never through code.

// revision is one row of the Revision sheet's history.
type revision struct{ version, released string }

// versioned is a value that changed over a family's revisions: each entry
// holds from its revision on (entries in increasing order).
type versioned []struct{ from, v string }

// at returns the value in force at a revision.
func (vs versioned) at(version string) string {
	out := ""
	for _, e := range vs {
		if !cmrt.VersionLess(version, e.from) {
			out = e.v
		}
	}
	return out
}

// companyField is one company-information row of the Declaration.
type companyField struct {
	label string
	cell  func(cmrt.CompanyCells) string
	value func(*cmrt.Company) string
	// check is what the Checker requires of the field.
	check fieldCheck
}

type fieldCheck int

const (
	checkNone      fieldCheck = iota
	checkRequired             // must not be empty
	checkEmail                // must contain "@"
	checkScopeDesc            // required when the scope is neither A nor B
)

// smelterHelpers names the Smelter List's hidden helper columns, which moved
// between families. An empty letter is a helper the template lacks.
type smelterHelpers struct {
	std, cc, state   string // standard name, country code, state code
	match            string // Look-up row matched by metal & name
	flag             string // 1 for a "not listed" row lacking name or country
	key              string // metal & look-up name, as the Checker counts it
	missing, counter string // AMRT: "name or country blank" and metal&"+"
	combMetal        string // "Combined Metal" / "Combined Smelter", which
	combSmelter      string // feed the Mine List's smelter dropdown
	// notIdentified and notListed are the header cells holding the
	// pseudo-entries' names ("Smelter not yet identified", "Smelter Not Listed").
	notIdentified, notListed string
	yesNo                    string // first cell of the Yes/No/Unknown list of the recycled column
	yesNoLocalized           bool   // that list is label formulas in the chosen language (AMRT)
	marker                   string // the "z" cell above the helpers
	hidden                   string // the hidden helper columns
}

// metalDrop is where a template with picked minerals lists, sorted, the
// minerals its Smelter List and Mine List may name: those answered "Yes" to
// one question (EMRT 2.x: question 2; AMRT: question 1).
type metalDrop struct {
	question int    // index in Layout.Questions
	col      string // first column of the sorting helper, in that question's rows
	name     string // the workbook name the dropdowns use
}

// writeSpec is what a writer needs beyond Layout for one family.
type writeSpec struct {
	revisionTitle string    // Revision!B3, a literal English title in every RMI file
	titles        versioned // Declaration!D2; L gives it in English in every language
	purpose       string    // Declaration!B4
	glossary      [][2]string
	// revisionFirstFrom is the first revision whose Revision sheet comes
	// before Instructions ("" never).
	revisionFirstFrom string
	mineralsScope     bool // AMRT's Minerals Scope sheet after the Declaration
	company           []companyField
	// listGap is the distance from the © row to the hidden dropdown lists.
	listGap    int
	hiddenCols versioned // hidden helper columns of the Declaration
	scopeCells []string
	// metalList is the Smelter List's metal dropdown of a fixed-mineral
	// template, in RMI's order from metalListCell (nil: the layout's order).
	metalList     []string
	metalListCell string
	metalDrop     metalDrop
	// lookupHelpers serve a Smelter List with a look-up column, freeHelpers
	// one without (AMRT 1.2).
	lookupHelpers, freeHelpers smelterHelpers
	history                    []revision
	// Thresholds: the first revision with a behaviour; "" means never.
	//
	// textPercentFrom: "100%" answers are stored as text, not the number 1.
	textPercentFrom string
	// listTextPercentFrom: the hidden dropdown list holds the text "100%".
	listTextPercentFrom string
	// notListedLookupFrom: the Smelter List looks a "Smelter not listed"
	// row's typed name up in the Look-up. Before it, V matches metal &
	// "Smelter not listed" itself, i.e. the pseudo-entry, so F–J show 0.
	notListedLookupFrom string
	// sorpKeyFrom: SorP has its third column (country code & name), which
	// the state-code formula matches on.
	sorpKeyFrom string
	// lookupKeyAliasFrom: the Look-up's K column is metal & alias (before:
	// alias & standard name).
	lookupKeyAliasFrom string
	// keyIfLookupFrom: the Smelter List's key column is the metal of rows
	// with a look-up choice, IF(C="","",B), instead of B&C.
	keyIfLookupFrom string
	// combinedFrom: the Smelter List has the combined metal/smelter helpers.
	combinedFrom string
	// responderFrom: the Product List says "Responder’s" instead of
	// "Manufacturer’s" (layouts with requester columns say "Responder").
	responderFrom string
	// nameRequiredFrom: the Smelter List's name header is "Smelter Name (*)"
	// instead of "Smelter Name (1)".
	nameRequiredFrom string
	// productIndirectFrom: the Checker looks at the Product List through
	// INDIRECT (which survives deleted rows).
	productIndirectFrom string
	// smelterRevisionWord heads the Smelter List's revision cell.
	smelterRevisionWord versioned
	// checkerGapAfter is the company question after which RMI's Checker has
	// a hidden empty row (row 61 in CMRT 6.x).
	checkerGapAfter string
	// dateFormats maps a revision to Declaration's date format when it
	// differs from dateFormat.
	dateFormat  string
	dateFormats map[string]string
	copyright   versioned
}

// since reports whether the file's revision is at or after a threshold; an
// empty threshold is never reached.
func (w *writer) since(threshold string) bool {
	return threshold != "" && !cmrt.VersionLess(w.l.Version, threshold)
}

func companyFields() []companyField {
	return []companyField{
		{"Company Name (*):", func(c cmrt.CompanyCells) string { return c.Name }, func(c *cmrt.Company) string { return c.Name }, checkRequired},
		{"Declaration Scope or Class (*):", func(c cmrt.CompanyCells) string { return c.Scope }, func(c *cmrt.Company) string { return c.Scope }, checkRequired},
		{"Description of Scope:", func(c cmrt.CompanyCells) string { return c.ScopeDescription }, func(c *cmrt.Company) string { return c.ScopeDescription }, checkScopeDesc},
		{"Company Unique ID:", func(c cmrt.CompanyCells) string { return c.UniqueID }, func(c *cmrt.Company) string { return c.UniqueID }, checkNone},
		{"Company Unique ID Authority:", func(c cmrt.CompanyCells) string { return c.UniqueIDAuthority }, func(c *cmrt.Company) string { return c.UniqueIDAuthority }, checkNone},
		{"Address:", func(c cmrt.CompanyCells) string { return c.Address }, func(c *cmrt.Company) string { return c.Address }, checkNone},
		{"Contact Name (*):", func(c cmrt.CompanyCells) string { return c.ContactName }, func(c *cmrt.Company) string { return c.ContactName }, checkRequired},
		{"Email – Contact (*):", func(c cmrt.CompanyCells) string { return c.ContactEmail }, func(c *cmrt.Company) string { return c.ContactEmail }, checkEmail},
		{"Phone – Contact (*):", func(c cmrt.CompanyCells) string { return c.ContactPhone }, func(c *cmrt.Company) string { return c.ContactPhone }, checkRequired},
		{"Authorizer (*):", func(c cmrt.CompanyCells) string { return c.Authorizer }, func(c *cmrt.Company) string { return c.Authorizer }, checkRequired},
		{"Title - Authorizer:", func(c cmrt.CompanyCells) string { return c.AuthorizerTitle }, func(c *cmrt.Company) string { return c.AuthorizerTitle }, checkNone},
		{"Email - Authorizer (*):", func(c cmrt.CompanyCells) string { return c.AuthorizerEmail }, func(c *cmrt.Company) string { return c.AuthorizerEmail }, checkEmail},
		{"Phone - Authorizer:", func(c cmrt.CompanyCells) string { return c.AuthorizerPhone }, func(c *cmrt.Company) string { return c.AuthorizerPhone }, checkNone},
		// The effective date is written by dateCell; value is for the Checker only.
		{"Effective Date (*):", func(c cmrt.CompanyCells) string { return c.EffectiveDate }, func(c *cmrt.Company) string { return c.EffectiveDateText }, checkRequired},
	}
}

// rmiHelpers are the Smelter List helpers of CMRT, CRT and EMRT.
var rmiHelpers = smelterHelpers{
	std: "R", cc: "S", state: "T", match: "V", flag: "X", key: "AB", combMetal: "AC", combSmelter: "AD",
	notIdentified: "W4", notListed: "X4", yesNo: "AH2", marker: "U1", hidden: "R:AH",
}

func copyrightSince(years ...string) versioned {
	var v versioned
	for i := 0; i+1 < len(years); i += 2 {
		v = append(v, struct{ from, v string }{years[i], "© " + years[i+1] + " Responsible Minerals Initiative. All rights reserved."})
	}
	return v
}

// writeSpecs holds the families Write supports.
var writeSpecs = map[cmrt.Family]*writeSpec{
	cmrt.CMRT: {
		revisionTitle: "Conflict Minerals Reporting Template",
		titles:        versioned{{"0", "Conflict Minerals Reporting Template (CMRT)"}},
		purpose:       "The purpose of this document is to collect sourcing information on tin, tantalum, tungsten and gold used in products",
		glossary: [][2]string{{"3TG", "Tantalum, tin, tungsten and gold."},
			{"Smelter", "A facility that processes ore or scrap into refined metal (for gold: a refiner)."}},
		revisionFirstFrom: "0",
		company:           companyFields(),
		listGap:           5,
		hiddenCols:        versioned{{"0", "L:Y"}},
		scopeCells:        []string{"P9", "Q9", "R9"},
		metalList:         []string{"Tantalum", "Tin", "Tungsten", "Gold"},
		metalListCell:     "W3",
		lookupHelpers:     rmiHelpers,
		// Versions and dates of RMI's revision history; Write lists those up
		// to the file's own revision, which ends the list.
		history: []revision{
			{"5.12", "April 26, 2019"}, {"6", "May 13, 2020"}, {"6.01", "May 19, 2020"},
			{"6.1", "April 28, 2021"}, {"6.2", "April 27, 2022"}, {"6.21", "May 6, 2022"},
			{"6.22", "May 11, 2022"}, {"6.3", "May 5, 2023"}, {"6.31", "May 26, 2023"},
			{"6.4", "April 26, 2024"}, {"6.5", "April 25, 2025"},
			// 2026 revisions: release dates not known (LAYOUTS-2026.md §1).
			{"6.6", ""}, {"6.6.1", ""},
		},
		textPercentFrom:     "6.31",
		notListedLookupFrom: "6.22",
		sorpKeyFrom:         "6.31",
		lookupKeyAliasFrom:  "6.22",
		responderFrom:       "6.5",
		productIndirectFrom: "6.22",
		smelterRevisionWord: versioned{{"0", "Revision"}},
		checkerGapAfter:     "F",
		dateFormat:          "d-mmm-yyyy",
		dateFormats:         map[string]string{"6.31": "d/mmm/yyyy"},
		copyright:           versioned{{"0", "© Responsible Minerals Initiative. All rights reserved."}},
	},
	cmrt.EMRT: {
		revisionTitle: "Extended Mineral Reporting Template",
		titles:        versioned{{"0", "Extended Mineral Reporting Template (EMRT)"}, {"2.1", "Extended Minerals Reporting Template (EMRT)"}},
		purpose:       "The purpose of this document is to collect sourcing information on cobalt, mica and other minerals used in products.",
		glossary: [][2]string{{"Processor", "An entity that takes raw mined minerals and processes them into a product (mica)."},
			{"Smelter", "A facility that processes concentrates, intermediates or recycled feed into a refined product."}},
		revisionFirstFrom: "2.1",
		company:           companyFields(),
		listGap:           5,
		hiddenCols:        versioned{{"0", "L:Y"}, {"2.0", "L:AC"}},
		scopeCells:        []string{"P9", "Q9", "R9"},
		metalListCell:     "AA3",
		metalDrop:         metalDrop{question: 1, col: "S", name: "SmelterdropX"},
		lookupHelpers:     func() smelterHelpers { h := rmiHelpers; h.hidden = "R:AI"; return h }(),
		history: []revision{
			{"1", "October 20, 2021"}, {"1.01", "November 23, 2021"}, {"1.02", "December 23, 2021"},
			{"1.1", "October 14, 2022"}, {"1.11", "November 4, 2022"}, {"1.2", "May 12, 2023"},
			{"1.3", "April 26, 2024"}, {"2.0", "April 25, 2025"}, {"2.1", "October 17, 2025"},
			{"2.11", ""}, {"2.11.1", ""},
		},
		textPercentFrom:     "2.0",
		listTextPercentFrom: "2.0",
		sorpKeyFrom:         "1.3",
		lookupKeyAliasFrom:  "0",
		keyIfLookupFrom:     "2.0",
		combinedFrom:        "2.1",
		responderFrom:       "2.0",
		nameRequiredFrom:    "2.0",
		smelterRevisionWord: versioned{{"0", "Version"}, {"2.1", "Revision"}},
		dateFormat:          "d-mmm-yyyy",
		copyright:           copyrightSince("0", "2022", "1.2", "2023", "1.3", "2024", "2.0", "2025"),
	},
	cmrt.CRT: {
		revisionTitle: "Cobalt Reporting Template",
		titles:        versioned{{"0", "Cobalt Reporting Template (CRT)"}},
		purpose:       "The purpose of this document is to collect sourcing information on cobalt.",
		glossary: [][2]string{{"Cobalt Refiner", "An entity that processes cobalt concentrates, intermediates or recycled feed into a cobalt product."},
			{"CAHRA", "Conflict-affected and high-risk areas, as the OECD Due Diligence Guidance defines them."}},
		company:            companyFields(),
		listGap:            5,
		hiddenCols:         versioned{{"0", "L:Y"}},
		scopeCells:         []string{"P9", "Q9", "R9"},
		metalListCell:      "AA3",
		lookupHelpers:      rmiHelpers,
		history:            []revision{{"1", "March 1, 2018"}, {"1.1", "December 21, 2018"}, {"2", "October 30, 2019"}, {"2.1", "May 13, 2020"}, {"2.11", "May 19, 2020"}, {"2.2", "October 28, 2020"}},
		lookupKeyAliasFrom: "0",
		// "Revision 2.2" in RMI's own Smelter List.
		smelterRevisionWord: versioned{{"0", "Revision"}},
		dateFormat:          "d-mmm-yyyy",
		copyright:           copyrightSince("0", "2020"),
	},
	cmrt.AMRT: {
		revisionTitle: "Additional Minerals Reporting Template",
		titles:        versioned{{"0", "Additional Minerals Reporting Template (AMRT)"}},
		purpose:       "The purpose of this document is to collect sourcing information on minerals/metals used in products.",
		glossary: [][2]string{{"Minerals in scope", "The minerals or metals the requester asks about, up to ten per declaration."},
			{"Smelter", "A facility that processes ore, concentrate or scrap into refined metal."}},
		revisionFirstFrom: "1.3",
		mineralsScope:     true,
		company:           companyFields(),
		listGap:           2,
		hiddenCols:        versioned{{"0", "L:AC"}},
		scopeCells:        []string{"P9", "Q9", "R9"},
		metalDrop:         metalDrop{question: 0, col: "P", name: "listIndex2"},
		lookupHelpers: smelterHelpers{
			std: "R", cc: "S", state: "T", key: "V", missing: "W", counter: "X", match: "Y", flag: "AB",
			combMetal: "AC", combSmelter: "AD", notIdentified: "AA4", notListed: "AB4", yesNo: "Z2", yesNoLocalized: true,
			marker: "S1", hidden: "R:AD",
		},
		freeHelpers: smelterHelpers{
			std: "P", cc: "Q", state: "R", key: "T", missing: "U", counter: "V", yesNo: "Z2", yesNoLocalized: true,
			marker: "S1", hidden: "P:Z",
		},
		history: []revision{{"1", "November 11, 2022"}, {"1.01", "December 14, 2022"}, {"1.1", "October 27, 2023"},
			{"1.2", "October 4, 2024"}, {"1.21", "May 16, 2025"}, {"1.3", "October 17, 2025"},
			{"1.31", ""}, {"1.31.1", ""}},
		sorpKeyFrom:         "0",
		lookupKeyAliasFrom:  "0",
		combinedFrom:        "0",
		nameRequiredFrom:    "0",
		productIndirectFrom: "0",
		smelterRevisionWord: versioned{{"0", "Revision"}},
		dateFormat:          "d-mmm-yyyy",
		copyright:           copyrightSince("0", "2024", "1.21", "2025"),
	},
}

// fixedRows is the number of answer rows per question of a fixed-mineral
// layout: RMI kept the CMRT's four rows, so EMRT 1.x and CRT have hidden
// placeholder rows below their minerals.
func fixedRows(l cmrt.Layout) int {
	if len(l.Questions) > 1 {
		if n := l.Questions[1].FirstRow - l.Questions[0].FirstRow - 2; n >= len(l.Minerals) {
			return n
		}
	}
	return len(l.Minerals)
}

// questionRows is the number of answer rows per question: the slots of a
// layout with picked minerals, else the fixed rows.
func questionRows(l cmrt.Layout) int {
	if len(l.MineralCells) > 0 {
		return l.Slots
	}
	return fixedRows(l)
}

// prefilled reports whether a fixed layout's placeholder rows of question qi
// hold RMI's "No": the questions the others' Checker formulas look at
// (question 1, and question 2 where later questions depend on it).
func prefilled(l cmrt.Layout, qi int) bool {
	q := l.Questions[qi]
	if q.Need == cmrt.NeedAlways {
		return true
	}
	if q.Need != cmrt.NeedUsed {
		return false
	}
	for i, p := range l.Questions {
		if p.Need == cmrt.NeedUsed && i < qi {
			return false
		}
	}
	for _, p := range l.Questions {
		if p.Need == cmrt.NeedInScope {
			return true
		}
	}
	return false
}

// rowRef is a cell reference in a column and row.
func rowRef(col string, row int) string { return col + strconv.Itoa(row) }
