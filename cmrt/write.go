package cmrt

import (
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Writing a template.
//
// Write produces a complete workbook in the real layout of d.Layout: the
// eleven sheets of an RMI file in RMI's order (three of them hidden), the
// Declaration form with its labels and hidden dropdown lists, the Smelter
// List with the template's auto-fill formulas, the Checker with its F/G/H
// formulas, the Product List, the Smelter Look-up and the hidden L
// (translations), C (countries) and SorP (subdivisions) sheets, under
// workbook-structure protection like RMI's.
//
// What is written how, and why:
//
//   - Declaration and Product List are written cell by cell with text in the
//     shared-string table, as Excel saves them. Their labels are plain values
//     in the chosen language (a file flattened by a tool), not RMI's
//     OFFSET(L!…) formulas: a label formula's cached value is all a reader
//     sees anyway, and plain labels keep Declaration!D2 readable when
//     OmitCachedValues is set. D2 holds the English title, which is what L
//     gives in all ten languages.
//   - Smelter List, Checker, Smelter Look-up, L, C and SorP are streamed:
//     their text is written as inline strings (as streaming writers do), and
//     their formulas as RMI's, each with the value Excel would cache, computed
//     here, unless OmitCachedValues asks for none. So a reader meets both
//     string storages and both kinds of formula cell.
//   - A Smelter List column the template fills by formula (B, C, E–J) is a
//     formula when the row's value is what the formula gives (or empty), and a
//     typed value otherwise, the way a supplier picking from a dropdown or
//     typing over a formula leaves it. Like Excel, street/city/state formulas
//     on a Look-up row with an empty cell cache the number 0.
//   - The Checker's cached counts follow Excel's comparison rules on the raw
//     cells written ("是" is not "Yes" there), so Checker!D2 shows what Excel
//     would show; Check, on canonical answers, may count fewer.
//
// The cell addresses come from the Layout; what a Layout does not hold (sheet
// order, label texts, the hidden list row, revision history) is in a writeSpec
// per family. Only CMRT has one so far.

// WriteOptions controls Write.
type WriteOptions struct {
	// Lookup is written to the Smelter Look-up sheet, in the order given;
	// nil means d.Lookup. The Smelter List's cached formula values are
	// computed against it.
	Lookup []LookupRow
	// OmitCachedValues writes every formula without a cached value, as tools
	// that write formulas but do not recalculate leave them.
	OmitCachedValues bool
	// LabelLanguage is the language chosen in Declaration!D3 and used for
	// the labels: a D3 option ("中文 Chinese") or a plain name ("Chinese").
	// Empty means d.Template.Language, then English.
	LabelLanguage string
	// TrimFormulaRows writes the Smelter List's auto-fill formulas only in
	// the declared rows. RMI's blank carries them in every row through
	// Layout.Smelters.LastRow (2,500 rows, most of the file's size), and so
	// does Write by default.
	TrimFormulaRows bool
	// Password protects the workbook structure (SHA-512, as RMI's files do,
	// which costs tens of milliseconds) and the sheets. Empty still sets
	// lockStructure and sheet protection, without a password.
	Password string
}

// Write writes d as a template file at path. See WriteTo.
func Write(path string, d *Declaration, opts WriteOptions) error {
	f, err := build(d, opts)
	if err != nil {
		return err
	}
	defer f.Close()
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cmrt: write: %w", err)
	}
	if _, err := f.WriteTo(out); err != nil {
		out.Close()
		return fmt.Errorf("cmrt: write %s: %w", path, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("cmrt: write %s: %w", path, err)
	}
	return nil
}

// WriteTo writes d as a template workbook to w, in the real layout of
// d.Layout (or of d.Template's family and version when d.Layout is unset).
// It fails with ErrUnsupported for a family it cannot write yet.
func WriteTo(w io.Writer, d *Declaration, opts WriteOptions) error {
	f, err := build(d, opts)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("cmrt: write: %w", err)
	}
	return nil
}

// revision is one row of the Revision sheet's history.
type revision struct{ version, released string }

// companyField is one company-information row of the Declaration.
type companyField struct {
	label string
	cell  func(CompanyCells) string
	value func(*Company) string
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

// writeSpec is what a writer needs beyond Layout for one family.
type writeSpec struct {
	revisionTitle string // Revision!B3, a literal English title in every RMI file
	title         string // Declaration!D2; L gives it in English in every language
	sheets        []string
	hidden        map[string]bool
	company       []companyField
	listRow       int    // first row of the hidden Declaration dropdown lists
	hiddenCols    string // hidden helper columns of the Declaration
	scopeCells    []string
	metalList     []string // Smelter List W3… (the metal dropdown), in RMI's order
	history       []revision
	// textPercentFrom is the first revision storing Q6's "100%" as text;
	// earlier ones store the number 1 formatted as a percentage.
	textPercentFrom string
	// notListedLookupFrom is the first revision whose Smelter List formulas
	// look a "Smelter not listed" row's typed name up in the Look-up.
	// Before it, V matches metal & "Smelter not listed" itself, i.e. the
	// Look-up's pseudo-entry, so F–J show 0 (its empty cells).
	notListedLookupFrom string
	// sorpKeyFrom is the first revision with SorP's third column (country
	// code & name), which the state-code formula matches on.
	sorpKeyFrom string
	// checkerGapAfter is the company question after which RMI's Checker has
	// a hidden empty row (row 61 in CMRT 6.x).
	checkerGapAfter string
	// responderFrom is the first revision calling the Product List columns
	// "Responder’s …" instead of "Manufacturer’s …".
	responderFrom string
	// dateFormats maps a revision to Declaration!D22's number format when it
	// differs from dateFormat.
	dateFormat  string
	dateFormats map[string]string
	copyright   string
}

func companyCMRT() []companyField {
	return []companyField{
		{"Company Name (*):", func(c CompanyCells) string { return c.Name }, func(c *Company) string { return c.Name }, checkRequired},
		{"Declaration Scope or Class (*):", func(c CompanyCells) string { return c.Scope }, func(c *Company) string { return c.Scope }, checkRequired},
		{"Description of Scope:", func(c CompanyCells) string { return c.ScopeDescription }, func(c *Company) string { return c.ScopeDescription }, checkScopeDesc},
		{"Company Unique ID:", func(c CompanyCells) string { return c.UniqueID }, func(c *Company) string { return c.UniqueID }, checkNone},
		{"Company Unique ID Authority:", func(c CompanyCells) string { return c.UniqueIDAuthority }, func(c *Company) string { return c.UniqueIDAuthority }, checkNone},
		{"Address:", func(c CompanyCells) string { return c.Address }, func(c *Company) string { return c.Address }, checkNone},
		{"Contact Name (*):", func(c CompanyCells) string { return c.ContactName }, func(c *Company) string { return c.ContactName }, checkRequired},
		{"Email – Contact (*):", func(c CompanyCells) string { return c.ContactEmail }, func(c *Company) string { return c.ContactEmail }, checkEmail},
		{"Phone – Contact (*):", func(c CompanyCells) string { return c.ContactPhone }, func(c *Company) string { return c.ContactPhone }, checkRequired},
		{"Authorizer (*):", func(c CompanyCells) string { return c.Authorizer }, func(c *Company) string { return c.Authorizer }, checkRequired},
		{"Title - Authorizer:", func(c CompanyCells) string { return c.AuthorizerTitle }, func(c *Company) string { return c.AuthorizerTitle }, checkNone},
		{"Email - Authorizer (*):", func(c CompanyCells) string { return c.AuthorizerEmail }, func(c *Company) string { return c.AuthorizerEmail }, checkEmail},
		{"Phone - Authorizer:", func(c CompanyCells) string { return c.AuthorizerPhone }, func(c *Company) string { return c.AuthorizerPhone }, checkNone},
		// The effective date is written by writeDate; value is for the Checker only.
		{"Effective Date (*):", func(c CompanyCells) string { return c.EffectiveDate }, func(c *Company) string { return c.EffectiveDateText }, checkRequired},
	}
}

// writeSpecs holds the families Write supports.
var writeSpecs = map[Family]*writeSpec{
	CMRT: {
		revisionTitle: "Conflict Minerals Reporting Template",
		title:         "Conflict Minerals Reporting Template (CMRT)",
		sheets: []string{SheetRevision, "Instructions", "Definitions", SheetDeclaration, SheetSmelterList,
			SheetChecker, SheetProductList, SheetLookup, SheetL, SheetCountries, "SorP"},
		hidden:     map[string]bool{SheetL: true, SheetCountries: true, "SorP": true},
		company:    companyCMRT(),
		listRow:    96,
		hiddenCols: "L:Y",
		scopeCells: []string{"P9", "Q9", "R9"},
		metalList:  []string{"Tantalum", "Tin", "Tungsten", "Gold"},
		// Versions and dates of RMI's revision history; Write lists those up
		// to the file's own revision, which ends the list.
		history: []revision{
			{"5.12", "April 26, 2019"}, {"6", "May 13, 2020"}, {"6.01", "May 19, 2020"},
			{"6.1", "April 28, 2021"}, {"6.2", "April 27, 2022"}, {"6.21", "May 6, 2022"},
			{"6.22", "May 11, 2022"}, {"6.3", "May 5, 2023"}, {"6.31", "May 26, 2023"},
			{"6.4", "April 26, 2024"}, {"6.5", "April 25, 2025"},
		},
		textPercentFrom:     "6.31",
		notListedLookupFrom: "6.22",
		sorpKeyFrom:         "6.31",
		checkerGapAfter:     "F",
		responderFrom:       "6.5",
		dateFormat:          "d-mmm-yyyy",
		dateFormats:         map[string]string{"6.31": "d/mmm/yyyy"},
		copyright:           "© Responsible Minerals Initiative. All rights reserved.",
	},
}

// Smelter List helper columns (hidden, RMI's), shared by the 6.x layouts.
const (
	colStdName = "R"
	colCC      = "S"
	colStateCC = "T"
	colMatch   = "V"
	colNLFlag  = "X"
	colKey     = "AB"
)

// lRow is one row of sheet L: key sheet+cell, English and the translations,
// in the order of Layout.Languages.
type lRow struct {
	sheet, cell string
	texts       []any
}

// slEff is what one declared Smelter List row holds once written, as Excel
// sees it (typed values and formula results alike), for the Checker.
type slEff struct{ b, c, d, e xval }

// xval is a cell value under Excel's rules: text, number, empty or an error.
type xval struct {
	s     string
	n     float64
	num   bool
	err   bool
	empty bool
}

func xs(s string) xval { return xval{s: s, empty: s == ""} }

var xerr = xval{err: true}

func (v xval) text() string {
	if v.num {
		return strconv.FormatFloat(v.n, 'f', -1, 64)
	}
	return v.s
}

// eq is Excel's "=" between a cell and a text: case-insensitive, exact
// otherwise; numbers never equal text.
func (v xval) eq(s string) bool { return !v.err && !v.num && strings.EqualFold(v.s, s) }

// cached returns the value to cache for a formula result.
func (v xval) cached() any {
	switch {
	case v.err:
		return nil
	case v.num:
		return v.n
	default:
		return v.s
	}
}

type writer struct {
	f     *excelize.File
	d     *Declaration
	l     Layout
	spec  *writeSpec
	opts  WriteOptions
	lang  int
	look  []LookupRow
	byCID map[string]int // lower-case CID → first Look-up index
	byKey map[string]int // lower-case metal+alias → first Look-up index

	lrows  []lRow
	lseen  map[string]bool
	decl   map[string]xval // Declaration cells written
	prod1  xval            // Product List first number cell
	sl     []slEff
	styles struct{ date, percent, input, wrap, inputWrap int }
}

func build(d *Declaration, opts WriteOptions) (*excelize.File, error) {
	if d == nil {
		return nil, fmt.Errorf("cmrt: write: nil declaration")
	}
	l := d.Layout
	if l.Family == "" {
		var err error
		if l, err = LookupLayout(d.Template.Family, d.Template.Version); err != nil {
			return nil, fmt.Errorf("cmrt: write: %w", err)
		}
	}
	spec, ok := writeSpecs[l.Family]
	if !ok {
		return nil, fmt.Errorf("cmrt: write: %w: writing %s templates is not supported yet", ErrUnsupported, l.Family)
	}
	w := &writer{
		d: d, l: l, spec: spec, opts: opts,
		lseen: map[string]bool{}, decl: map[string]xval{},
		byCID: map[string]int{}, byKey: map[string]int{},
	}
	w.look = opts.Lookup
	if w.look == nil {
		w.look = d.Lookup
	}
	for i, r := range w.look {
		if k := strings.ToLower(r.CID); k != "" {
			if _, dup := w.byCID[k]; !dup {
				w.byCID[k] = i
			}
		}
		k := strings.ToLower(r.Metal + r.Alias)
		if _, dup := w.byKey[k]; !dup {
			w.byKey[k] = i
		}
	}
	lang := opts.LabelLanguage
	if lang == "" {
		lang = d.Template.Language
	}
	w.lang = languageIndex(l.Languages, lang)

	f := excelize.NewFile()
	w.f = f
	if err := w.run(); err != nil {
		f.Close()
		return nil, fmt.Errorf("cmrt: write: %w", err)
	}
	return f, nil
}

// languageIndex finds a language among the D3 options by option text or by
// plain name ("Chinese" for "中文 Chinese"); English when not found.
func languageIndex(opts []string, lang string) int {
	if lang == "" {
		return 0
	}
	for i, o := range opts {
		if foldKey(o) == foldKey(lang) || strings.EqualFold(languageName(o), lang) {
			return i
		}
	}
	return 0
}

func (w *writer) run() error {
	f := w.f
	for i, name := range w.spec.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
			continue
		}
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	// Sheet visibility and the active tab first: excelize reads every sheet
	// to set them, which would re-parse the streamed ones.
	if idx, err := f.GetSheetIndex(SheetDeclaration); err == nil && idx >= 0 {
		f.SetActiveSheet(idx)
	}
	for _, name := range w.spec.sheets {
		if w.spec.hidden[name] {
			if err := f.SetSheetVisible(name, false); err != nil {
				return err
			}
		}
	}
	if err := w.makeStyles(); err != nil {
		return err
	}
	steps := []func() error{
		w.revisionSheet, w.textSheets, w.declaration, w.productList, w.lookupSheet,
		w.smelterList, w.checker, w.countries, w.subdivisions, w.lSheet, w.names,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true, Password: w.opts.Password})
}

func (w *writer) makeStyles() error {
	var err error
	datefmt := w.spec.dateFormat
	if v, ok := w.spec.dateFormats[w.l.Version]; ok {
		datefmt = v
	}
	unlocked := &excelize.Protection{Locked: false}
	if w.styles.date, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &datefmt, Protection: unlocked}); err != nil {
		return err
	}
	if w.styles.percent, err = w.f.NewStyle(&excelize.Style{NumFmt: 9, Protection: unlocked}); err != nil {
		return err
	}
	if w.styles.input, err = w.f.NewStyle(&excelize.Style{Protection: unlocked}); err != nil {
		return err
	}
	if w.styles.inputWrap, err = w.f.NewStyle(&excelize.Style{Protection: unlocked, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return err
	}
	w.styles.wrap, err = w.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return err
}

func (w *writer) protect(sheet string) error {
	return w.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		Password: w.opts.Password, SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true, AutoFilter: true, DeleteRows: true,
	})
}

// label registers a label in sheet L (key sheet+cell) and returns it in the
// chosen language; English where no translation is known.
func (w *writer) label(sheet, cell, english string) string {
	key := sheet + cell
	texts := make([]any, len(w.l.Languages))
	tr := labelTranslations[english]
	for i := range texts {
		texts[i] = english
		if i > 0 && i-1 < len(tr) && tr[i-1] != "" {
			texts[i] = tr[i-1]
		}
	}
	if !w.lseen[key] {
		w.lseen[key] = true
		w.lrows = append(w.lrows, lRow{sheet: sheet, cell: cell, texts: texts})
	}
	return texts[w.lang].(string)
}

// labelFormula is RMI's localised-label formula for a cell of sheet.
func labelFormula(sheet string) string {
	return `OFFSET(L!$C$1,MATCH("` + sheet + `"&ADDRESS(ROW(),COLUMN(),4),L!$A:$A,0)-1,SL,,)`
}

const copyrightFormula = `OFFSET(L!$C$1,MATCH("General"&"Cpy",L!$A:$A,0)-1,SL,,)`

// fcell is a formula cell with its cached value (none when
// OmitCachedValues is set or the value is an Excel error).
func (w *writer) fcell(formula string, v any, style int) excelize.Cell {
	if w.opts.OmitCachedValues {
		v = nil
	}
	return excelize.Cell{Formula: formula, Value: v, StyleID: style}
}

// rowSet collects the cells of a streamed sheet, then writes them in order.
type rowSet struct {
	rows   map[int][]any
	hidden map[int]bool
}

func newRowSet() *rowSet { return &rowSet{rows: map[int][]any{}, hidden: map[int]bool{}} }

func (r *rowSet) set(ref string, v any) {
	col, row, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		panic("cmrt: bad cell reference " + ref)
	}
	r.setRC(row, col, v)
}

func (r *rowSet) setRC(row, col int, v any) {
	cells := r.rows[row]
	for len(cells) < col {
		cells = append(cells, nil)
	}
	cells[col-1] = v
	r.rows[row] = cells
}

// stream writes a sheet through excelize's StreamWriter. Sheet protection
// and data validations must be in place before, as the stream carries them.
func (w *writer) stream(sheet string, rs *rowSet, widths map[string]float64, hiddenCols []string, merges [][2]string) error {
	sw, err := w.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	cols := make([]string, 0, len(widths))
	for c := range widths {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		n, err := excelize.ColumnNameToNumber(c)
		if err != nil {
			return err
		}
		if err := sw.SetColWidth(n, n, widths[c]); err != nil {
			return err
		}
	}
	for _, hc := range hiddenCols {
		a, b, _ := strings.Cut(hc, ":")
		if b == "" {
			b = a
		}
		na, err1 := excelize.ColumnNameToNumber(a)
		nb, err2 := excelize.ColumnNameToNumber(b)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("bad column range %q", hc)
		}
		if err := sw.SetColVisible(na, nb, false); err != nil {
			return err
		}
	}
	rows := make([]int, 0, len(rs.rows))
	for r := range rs.rows {
		rows = append(rows, r)
	}
	sort.Ints(rows)
	for _, r := range rows {
		var opts []excelize.RowOpts
		if rs.hidden[r] {
			opts = append(opts, excelize.RowOpts{Hidden: true})
		}
		if err := sw.SetRow("A"+strconv.Itoa(r), rs.rows[r], opts...); err != nil {
			return err
		}
	}
	for _, m := range merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// revisionSheet writes the document title and the revision history, ending
// with the file's own revision.
func (w *writer) revisionSheet() error {
	f, s := w.f, SheetRevision
	set := func(ref string, v any) error { return f.SetCellValue(s, ref, v) }
	for _, c := range [][2]string{{"B2", "DOCUMENT TITLE"}, {"B3", w.spec.revisionTitle}, {"B4", "SHEET"},
		{"B5", fmt.Sprintf("1 of %d", len(w.spec.sheets)-len(w.spec.hidden))}, {"B9", "REVISION HISTORY"},
		{"B12", "REVISION"}, {"C12", "ORIGINATOR"}, {"D12", "RELEASE DATE"}, {"E12", "DESCRIPTION OF FUNCTIONAL CHANGE"}} {
		if err := set(c[0], c[1]); err != nil {
			return err
		}
	}
	row := 13
	found := false
	for _, h := range w.spec.history {
		if versionLess(w.l.Version, h.version) {
			break
		}
		ref := "B" + strconv.Itoa(row)
		if n, err := strconv.ParseFloat(h.version, 64); err == nil {
			if err := f.SetCellFloat(s, ref, n, -1, 64); err != nil {
				return err
			}
		} else if err := set(ref, h.version); err != nil {
			return err
		}
		if err := set("C"+strconv.Itoa(row), "RMI"); err != nil {
			return err
		}
		if err := set("D"+strconv.Itoa(row), h.released); err != nil {
			return err
		}
		if err := set("E"+strconv.Itoa(row), "Revision "+h.version+" of the template"); err != nil {
			return err
		}
		found = found || h.version == w.l.Version
		row++
	}
	if !found { // a revision the history does not know still ends the list
		if err := set("B"+strconv.Itoa(row), w.l.Version); err != nil {
			return err
		}
		if err := set("D"+strconv.Itoa(row), w.l.Released); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(s, "B", "B", 12); err != nil {
		return err
	}
	if err := f.SetColWidth(s, "C", "E", 30); err != nil {
		return err
	}
	return w.protect(s)
}

// textSheets writes short Instructions and Definitions sheets.
func (w *writer) textSheets() error {
	texts := map[string][][2]string{
		"Instructions": {
			{"A1", "Instructions for completing the " + w.spec.title + ", revision " + w.l.Version + "."},
			{"A3", "Complete the Declaration tab, then list the smelters in the Smelter List tab and, when the scope is a product list, the products in the Product List tab."},
			{"A4", "Fields marked with an asterisk (*) are mandatory; the Checker tab counts those left incomplete."},
		},
		"Definitions": {
			{"B2", "Definitions"},
			{"B4", "3TG: tantalum, tin, tungsten and gold."},
			{"B5", "Smelter: a facility that processes ore or scrap into refined metal (for gold: a refiner)."},
		},
	}
	for _, s := range []string{"Instructions", "Definitions"} {
		for _, c := range texts[s] {
			if err := w.f.SetCellValue(s, c[0], c[1]); err != nil {
				return err
			}
		}
		if err := w.protect(s); err != nil {
			return err
		}
	}
	return nil
}

// optionLists places every distinct dropdown list of the Declaration in the
// hidden rows from spec.listRow; a list that begins another (Yes/No within
// Yes/No/Unknown) shares its rows. It returns the lists in row order and
// each question's first row.
func (w *writer) optionLists() (lists [][]string, first map[string]int) {
	var all [][]string
	for _, q := range w.l.Questions {
		all = append(all, q.Options)
	}
	for _, q := range w.l.CompanyQuestions {
		all = append(all, q.Options)
	}
	prefix := func(a, b []string) bool { // a begins b
		if len(a) > len(b) {
			return false
		}
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	for _, o := range all {
		placed := false
		for i, k := range lists {
			if prefix(o, k) {
				placed = true
				break
			}
			if prefix(k, o) {
				lists[i] = o
				placed = true
				break
			}
		}
		if !placed {
			lists = append(lists, o)
		}
	}
	rowOf := func(o []string) int {
		r := w.spec.listRow
		for _, k := range lists {
			if prefix(o, k) {
				return r
			}
			r += len(k)
		}
		return 0
	}
	first = map[string]int{}
	for _, q := range w.l.Questions {
		first["Q"+q.ID] = rowOf(q.Options)
	}
	for _, q := range w.l.CompanyQuestions {
		first["C"+q.ID] = rowOf(q.Options)
	}
	return lists, first
}

func (w *writer) percentAsNumber() bool { return versionLess(w.l.Version, w.spec.textPercentFrom) }

func (w *writer) declaration() error {
	f, s, l := w.f, SheetDeclaration, w.l
	set := func(ref string, v any, style int) error {
		var err error
		switch x := v.(type) {
		case string:
			err = f.SetCellStr(s, ref, x)
			w.decl[ref] = xs(x)
		case float64:
			err = f.SetCellFloat(s, ref, x, -1, 64)
			w.decl[ref] = xval{n: x, num: true}
		case int:
			err = f.SetCellInt(s, ref, int64(x))
			w.decl[ref] = xval{n: float64(x), num: true}
		default:
			return fmt.Errorf("declaration %s: unsupported value %T", ref, v)
		}
		if err == nil && style != 0 {
			err = f.SetCellStyle(s, ref, ref, style)
		}
		return err
	}
	lab := func(ref, english string) error { return set(ref, w.label(s, ref, english), 0) }
	merge := func(a, b string) error { return f.MergeCell(s, a, b) }
	row := func(col string, r int) string { return col + strconv.Itoa(r) }

	// Title block.
	if err := set("D2", w.label(s, "D2", w.spec.title), 0); err != nil {
		return err
	}
	if err := merge("D2", "J2"); err != nil {
		return err
	}
	if err := set("B3", "Select Language Preference Here:\n请选择你的语言:\n表示言語をここから選択してください:\n사용할 언어를 선택하시오 :\nSélectionner la langue préférée ici:\nWählen Sie hier die Sprache:", w.styles.wrap); err != nil {
		return err
	}
	if err := set("D3", l.Languages[w.lang], w.styles.input); err != nil {
		return err
	}
	if err := set("J3", "Revision "+l.Version+"\n"+l.Released, w.styles.wrap); err != nil {
		return err
	}
	if err := set("P3", w.lang+1, 0); err != nil { // SL: the language's column in L
		return err
	}
	for _, c := range [][2]string{
		{"B4", "The purpose of this document is to collect sourcing information on tin, tantalum, tungsten and gold used in products"},
		{"B6", "Mandatory fields are noted with an asterisk (*).  Consult the instructions tab for guidance on how to answer each question."},
		{"B7", "Company Information"},
	} {
		if err := lab(c[0], c[1]); err != nil {
			return err
		}
	}

	// Company information.
	co := &w.d.Company
	for _, cf := range w.spec.company {
		cell := cf.cell(l.Company)
		if cell == "" {
			continue
		}
		_, r, err := excelize.CellNameToCoordinates(cell)
		if err != nil {
			return err
		}
		if err := lab(row("B", r), cf.label); err != nil {
			return err
		}
		if cell == l.Company.EffectiveDate {
			if err := w.writeDate(cell); err != nil {
				return err
			}
		} else if v := cf.value(co); v != "" {
			if err := set(cell, v, w.styles.input); err != nil {
				return err
			}
		}
		end := "J"
		if cell == l.Company.Scope {
			end = "G"
		}
		if err := merge(cell, row(end, r)); err != nil {
			return err
		}
	}
	scopes := []string{ScopeCompany, ScopeProduct, ScopeUser}
	for i, c := range w.spec.scopeCells {
		if err := set(c, scopes[i], 0); err != nil {
			return err
		}
	}

	// Questions 1–8 per mineral, then the company-level questions.
	lists, first := w.optionLists()
	answers := map[string]Answer{}
	for _, a := range w.d.Answers {
		answers[a.Question+"\x00"+a.Mineral] = a
	}
	if len(l.Questions) > 0 {
		if err := lab(row("B", l.Questions[0].FirstRow-2), fmt.Sprintf("Answer the following questions 1 - %d based on the declaration scope indicated above", len(l.Questions))); err != nil {
			return err
		}
	}
	for _, q := range l.Questions {
		hr := q.FirstRow - 1
		if err := lab(row("B", hr), fmt.Sprintf("%s) %s (*)", q.ID, q.Text)); err != nil {
			return err
		}
		if err := lab(row("D", hr), "Answer"); err != nil {
			return err
		}
		if err := lab(row("G", hr), "Comments"); err != nil {
			return err
		}
		var sq []string
		for i, m := range l.Minerals {
			r := q.FirstRow + i
			if err := set(row("B", r), w.label(s, row("B", r), m+"  ")+"(*)", 0); err != nil {
				return err
			}
			a := answers[q.ID+"\x00"+m]
			if err := w.writeAnswer(q.Cell(i), a, q.Options); err != nil {
				return err
			}
			if a.Comment != "" {
				if err := set(q.CommentCell(i), a.Comment, w.styles.inputWrap); err != nil {
					return err
				}
			}
			if err := merge(q.Cell(i), row("E", r)); err != nil {
				return err
			}
			if err := merge(q.CommentCell(i), row("J", r)); err != nil {
				return err
			}
			sq = append(sq, q.Cell(i)+":"+row("E", r))
		}
		if err := w.dropList(s, strings.Join(sq, " "), first["Q"+q.ID], len(q.Options)); err != nil {
			return err
		}
	}
	if len(l.CompanyQuestions) > 0 {
		_, r0, err := excelize.CellNameToCoordinates(l.CompanyQuestions[0].Cell)
		if err != nil {
			return err
		}
		for _, c := range [][2]string{{row("B", r0-2), "Answer the Following Questions at a Company Level"},
			{row("B", r0-1), "Question"}, {row("D", r0-1), "Answer"}, {row("G", r0-1), "Comments"}} {
			if err := lab(c[0], c[1]); err != nil {
				return err
			}
		}
	}
	for _, q := range l.CompanyQuestions {
		_, r, err := excelize.CellNameToCoordinates(q.Cell)
		if err != nil {
			return err
		}
		if err := lab(row("B", r), fmt.Sprintf("%s. %s (*)", q.ID, q.Text)); err != nil {
			return err
		}
		a := answers[q.ID+"\x00"]
		if err := w.writeAnswer(q.Cell, a, q.Options); err != nil {
			return err
		}
		if a.Comment != "" {
			if err := set(q.CommentCell, a.Comment, w.styles.inputWrap); err != nil {
				return err
			}
		}
		if err := merge(q.Cell, row("E", r)); err != nil {
			return err
		}
		if err := merge(q.CommentCell, row("J", r)); err != nil {
			return err
		}
		if err := w.dropList(s, q.Cell+":"+row("E", r), first["C"+q.ID], len(q.Options)); err != nil {
			return err
		}
	}

	// Hidden dropdown sources: English literals; "100%" is the number 1
	// formatted as a percentage, as in every 6.x blank.
	r := w.spec.listRow
	seen := map[string]bool{}
	for _, list := range lists {
		for _, o := range list {
			ref := row("B", r)
			if o == "100%" {
				if err := set(ref, 1.0, w.styles.percent); err != nil {
					return err
				}
			} else if err := set(ref, o, 0); err != nil {
				return err
			}
			w.optionLRow(ref, o, seen[o])
			seen[o] = true
			if err := f.SetRowVisible(s, r, false); err != nil {
				return err
			}
			r++
		}
	}
	if len(l.CompanyQuestions) > 0 {
		_, cr, _ := excelize.CellNameToCoordinates(l.CompanyQuestions[len(l.CompanyQuestions)-1].Cell)
		if err := set(row("A", cr+2), w.label("General", "Cpy", w.spec.copyright), 0); err != nil {
			return err
		}
	}
	if err := w.dropList(s, "D3", 0, 0); err != nil {
		return err
	}
	if err := w.dropList(s, l.Company.Scope+":"+strings.Replace(l.Company.Scope, "D", "G", 1), -1, 0); err != nil {
		return err
	}
	if err := f.SetColVisible(s, w.spec.hiddenCols, false); err != nil {
		return err
	}
	if err := f.SetColWidth(s, "A", "A", 3); err != nil {
		return err
	}
	if err := f.SetColWidth(s, "B", "B", 48); err != nil {
		return err
	}
	if err := f.SetColWidth(s, "C", "J", 14); err != nil {
		return err
	}
	return w.protect(s)
}

// dropList adds a list validation: first > 0 is a row range of the hidden
// lists in column B, 0 the language list LN, -1 the scope options.
func (w *writer) dropList(sheet, sqref string, first, n int) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	switch {
	case first > 0:
		dv.SetSqrefDropList(fmt.Sprintf("$B$%d:$B$%d", first, first+n-1))
	case first == 0:
		dv.SetSqrefDropList("LN")
	default:
		dv.SetSqrefDropList("$" + strings.Join(splitCell(w.spec.scopeCells[0]), "$") + ":$" + strings.Join(splitCell(w.spec.scopeCells[len(w.spec.scopeCells)-1]), "$"))
	}
	return w.f.AddDataValidation(sheet, dv)
}

func splitCell(ref string) []string {
	i := strings.IndexAny(ref, "0123456789")
	return []string{ref[:i], ref[i:]}
}

// optionLRow adds the L row of a hidden list cell with the option's
// translations. RMI's second "No" rows carry a stray leading space in most
// languages; so do these.
func (w *writer) optionLRow(cell, option string, repeated bool) {
	key := SheetDeclaration + cell
	if w.lseen[key] {
		return
	}
	w.lseen[key] = true
	texts := make([]any, len(w.l.Languages))
	for i := range texts {
		texts[i] = option
	}
	if option == "100%" {
		for i := range texts {
			texts[i] = 1.0
		}
	}
	for _, tr := range builtinTranslations {
		if foldKey(tr[0]) != foldKey(option) {
			continue
		}
		for i := range texts {
			if i < len(tr) {
				t := tr[i]
				if repeated && i > 1 {
					t = " " + t
				}
				texts[i] = t
			}
		}
		break
	}
	w.lrows = append(w.lrows, lRow{sheet: SheetDeclaration, cell: cell, texts: texts})
}

// writeAnswer writes an answer cell as found in a file: the raw text when
// the declaration kept one, else the canonical value. A "100%" answer is the
// number 1 up to the revision that made it text.
func (w *writer) writeAnswer(ref string, a Answer, options []string) error {
	text := a.Raw
	if text == "" {
		text = a.Value
	}
	if text == "" {
		return nil
	}
	if hasOption(options, "100%") && (text == "100%" || text == "1") {
		if w.percentAsNumber() {
			w.decl[ref] = xval{n: 1, num: true}
			if err := w.f.SetCellFloat(SheetDeclaration, ref, 1, -1, 64); err != nil {
				return err
			}
			return w.f.SetCellStyle(SheetDeclaration, ref, ref, w.styles.percent)
		}
		text = "100%"
	}
	w.decl[ref] = xs(text)
	if err := w.f.SetCellStr(SheetDeclaration, ref, text); err != nil {
		return err
	}
	return w.f.SetCellStyle(SheetDeclaration, ref, ref, w.styles.input)
}

// writeDate writes the effective date as a real date (a serial number with
// the template's date format) when the declaration has one and no other
// text, else the text as typed.
func (w *writer) writeDate(ref string) error {
	co := w.d.Company
	t := co.EffectiveDate
	switch {
	case !t.IsZero() && (co.EffectiveDateText == "" || co.EffectiveDateText == t.Format("2006-01-02")):
		serial := math.Floor(t.Sub(excelEpoch).Hours() / 24)
		w.decl[ref] = xval{n: serial, num: true}
		if err := w.f.SetCellFloat(SheetDeclaration, ref, serial, -1, 64); err != nil {
			return err
		}
		return w.f.SetCellStyle(SheetDeclaration, ref, ref, w.styles.date)
	case co.EffectiveDateText != "":
		w.decl[ref] = xs(co.EffectiveDateText)
		if err := w.f.SetCellStr(SheetDeclaration, ref, co.EffectiveDateText); err != nil {
			return err
		}
		return w.f.SetCellStyle(SheetDeclaration, ref, ref, w.styles.input)
	}
	return w.f.SetCellStyle(SheetDeclaration, ref, ref, w.styles.date)
}

func (w *writer) productList() error {
	f, s, pl := w.f, SheetProductList, w.l.Products
	if err := f.SetCellStr(s, "A1", w.label(s, "A1", `Completion required only if reporting level "Product (or List of Products)" selected on the 'Declaration' worksheet.`)); err != nil {
		return err
	}
	if err := f.SetCellStr(s, "B4", "Click here to return to Declaration tab"); err != nil {
		return err
	}
	who := "Manufacturer’s"
	if !versionLess(w.l.Version, w.spec.responderFrom) {
		who = "Responder’s"
	}
	headers := []struct{ col, text string }{
		{pl.Number, who + " Product Number (*)"}, {pl.Name, who + " Product Name"},
		{pl.RequesterNumber, "Requester Product Number"}, {pl.RequesterName, "Requester Product Name"},
		{pl.Comments, "Comments"},
	}
	for _, h := range headers {
		if h.col == "" {
			continue
		}
		ref := h.col + strconv.Itoa(pl.HeaderRow)
		if err := f.SetCellStr(s, ref, w.label(s, ref, h.text)); err != nil {
			return err
		}
	}
	next := pl.FirstRow
	for _, p := range w.d.Products {
		r := p.Row
		if r == 0 {
			r = next
		}
		if r < pl.FirstRow || r > pl.LastRow {
			return fmt.Errorf("product row %d outside the Product List (%d–%d)", r, pl.FirstRow, pl.LastRow)
		}
		next = r + 1
		for _, c := range []struct{ col, v string }{{pl.Number, p.Number}, {pl.Name, p.Name},
			{pl.RequesterNumber, p.RequesterNumber}, {pl.RequesterName, p.RequesterName}, {pl.Comments, p.Comments}} {
			if c.col == "" || c.v == "" {
				continue
			}
			if err := f.SetCellStr(s, c.col+strconv.Itoa(r), c.v); err != nil {
				return err
			}
		}
		if r == pl.FirstRow {
			w.prod1 = xs(p.Number)
		}
	}
	if err := f.SetCellStr(s, "B"+strconv.Itoa(pl.LastRow+1), w.label("General", "Cpy", w.spec.copyright)); err != nil {
		return err
	}
	if err := f.SetColWidth(s, "B", "D", 36); err != nil {
		return err
	}
	return w.protect(s)
}

// lookupHeaders are the Smelter Look-up's columns A–I.
var lookupHeaders = []string{"Metal", "Smelter Look-up (*)", "Standard Smelter Names", "Smelter Facility Location: Country",
	"Smelter ID", "Source of Smelter Identification Number", "Smelter Street ", "Smelter City", "Smelter Facility Location: State / Province"}

func (w *writer) lookupSheet() error {
	s := SheetLookup
	if err := w.protect(s); err != nil {
		return err
	}
	rs := newRowSet()
	rs.set("A1", w.fcell(labelFormula(s), w.label(s, "A1", "The following list represents the RMI's smelter name/alias information as of this template's release. This list is updated frequently; the most up-to-date version is on the RMI website."), w.styles.wrap))
	for i, h := range lookupHeaders {
		ref := colName(i+1) + "4"
		rs.set(ref, w.fcell(labelFormula(s), w.label(s, ref, h), 0))
	}
	rs.set("J4", "METAL+Alias")
	rs.set("K4", "METAL+Alias")
	kIsAlias := !versionLess(w.l.Version, "6.22")
	for i, lr := range w.look {
		r := 5 + i
		for c, v := range []string{lr.Metal, lr.Alias, lr.StandardName, lr.Country, lr.CID, lr.Source, lr.Street, lr.City, lr.State} {
			if v != "" {
				rs.setRC(r, c+1, v)
			}
		}
		n := strconv.Itoa(r)
		rs.setRC(r, 10, w.fcell("A"+n+"&B"+n, lr.Metal+lr.Alias, 0))
		if kIsAlias {
			rs.setRC(r, 11, w.fcell("A"+n+"&B"+n, lr.Metal+lr.Alias, 0))
		} else {
			rs.setRC(r, 11, w.fcell("B"+n+"&C"+n, lr.Alias+lr.StandardName, 0))
		}
	}
	widths := map[string]float64{"A": 10, "B": 40, "C": 40, "D": 24, "E": 12, "F": 10, "G": 24, "H": 16, "I": 20}
	return w.stream(s, rs, widths, []string{"J:K"}, [][2]string{{"A1", "I1"}})
}

// Smelter List header texts, columns A–Q.
var smelterHeaders = []string{
	"Smelter Identification Number Input Column", "Metal (*)", "Smelter Look-up (*)", "Smelter Name (1)",
	"Smelter Country (*)", "Smelter Identification", "Source of Smelter Identification Number", "Smelter Street ",
	"Smelter City", "Smelter Facility Location: State / Province", "Smelter Contact Name", "Smelter Contact Email",
	"Proposed next steps", `Name of Mine(s) or if recycled or scrap sourced, enter "recycled" or "scrap"`,
	`Location (Country) of Mine(s) or if recycled or scrap sourced, enter "recycled" or "scrap"`,
	"Does 100% of the smelter’s feedstock originate from recycled or scrap sources?", "Comments",
}

// smelterCols are the layout's columns A–Q in header order.
func smelterCols(sl SmelterListLayout) []string {
	return []string{sl.CIDInput, sl.Metal, sl.LookupName, sl.Name, sl.Country, sl.CID, sl.Source, sl.Street,
		sl.City, sl.State, sl.ContactName, sl.ContactEmail, sl.NextSteps, sl.MineName, sl.MineCountry, sl.Recycled, sl.Comments}
}

func isPseudo(s string) bool {
	return strings.EqualFold(s, SmelterNotListed) || strings.EqualFold(s, SmelterNotIdentified)
}

func (w *writer) smelterList() error {
	s, sl := SheetSmelterList, w.l.Smelters
	if strings.Join(smelterCols(sl), "") != "ABCDEFGHIJKLMNOPQ" {
		return fmt.Errorf("%w: writing a Smelter List with columns %v", ErrUnsupported, smelterCols(sl))
	}
	if err := w.protect(s); err != nil {
		return err
	}
	last := strconv.Itoa(sl.LastRow)
	first := strconv.Itoa(sl.FirstRow)
	for _, v := range [][2]string{{"B", "Metal"}, {"C", "SN"}, {"E", "CL"}, {"P", "$AH$2:$AH$4"}} {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = v[0] + first + ":" + v[0] + last
		dv.SetSqrefDropList(v[1])
		if err := w.f.AddDataValidation(s, dv); err != nil {
			return err
		}
	}
	rs := newRowSet()
	lf := labelFormula(s)
	rs.set("U1", "z")
	rs.set("B2", w.fcell(lf, w.label(s, "B2", "TO BEGIN:"), 0))
	rs.set("J2", w.fcell(lf, w.label(s, "J2", `Link to "RMAP Conformant Smelter List"`), 0))
	rs.set("B3", w.fcell(lf, w.label(s, "B3", "Option A: If you know the Smelter Identification Number, input the number in Column A; columns B, C, E, F, G, I and J auto-populate.\nOption B: Select the Metal in column B, then the smelter in column C.\nOption C: Select the Metal in column B, select \"Smelter Not Listed\" in column C and complete columns D and E.\n(*) Mandatory fields."), w.styles.wrap))
	rs.set("G3", w.fcell(copyrightFormula, w.label("General", "Cpy", w.spec.copyright), 0))
	rs.set("Q3", excelize.Cell{Value: "Revision " + w.l.Version + "\n" + w.l.Released, StyleID: w.styles.wrap})
	for i, m := range w.spec.metalList {
		rs.set(colName(23+i)+"3", m) // W3…
	}
	rs.set("AH2", "Yes")
	rs.set("AH3", "No")
	rs.set("AH4", "Unknown")
	for i, h := range smelterHeaders {
		ref := colName(i+1) + strconv.Itoa(sl.HeaderRow)
		rs.set(ref, w.fcell(lf, w.label(s, ref, h), w.styles.wrap))
	}
	rs.set("R4", "Standard Smelter Name")
	rs.set("S4", "Country Code")
	rs.set("T4", "State / Province Code")
	rs.set("W4", SmelterNotIdentified)
	rs.set("X4", "Smelter Not Listed")

	rows, err := w.smelterRows()
	if err != nil {
		return err
	}
	lastRow := sl.LastRow
	if w.opts.TrimFormulaRows {
		lastRow = sl.FirstRow - 1
		if n := len(rows); n > 0 {
			lastRow = rows[n-1].Row
		}
	}
	byRow := map[int]*SmelterRow{}
	for i := range rows {
		byRow[rows[i].Row] = &rows[i]
	}
	for r := sl.FirstRow; r <= lastRow; r++ {
		if sr, ok := byRow[r]; ok {
			w.smelterRow(rs, r, sr)
		} else {
			w.smelterRow(rs, r, nil)
		}
	}
	widths := map[string]float64{"A": 18, "B": 12, "C": 36, "D": 30, "E": 20, "F": 14, "G": 14, "H": 18, "I": 14,
		"J": 18, "K": 16, "L": 20, "M": 18, "N": 20, "O": 20, "P": 16, "Q": 24}
	return w.stream(s, rs, widths, []string{"R:AH"}, [][2]string{{"B3", "F3"}})
}

// smelterRows numbers the declared rows: each keeps its Row when set, the
// others follow on.
func (w *writer) smelterRows() ([]SmelterRow, error) {
	sl := w.l.Smelters
	rows := append([]SmelterRow(nil), w.d.Smelters...)
	next := sl.FirstRow
	used := map[int]bool{}
	for i := range rows {
		if rows[i].Row == 0 {
			rows[i].Row = next
		}
		r := rows[i].Row
		if r < sl.FirstRow || r > sl.LastRow {
			return nil, fmt.Errorf("smelter row %d outside the Smelter List (%d–%d)", r, sl.FirstRow, sl.LastRow)
		}
		if used[r] {
			return nil, fmt.Errorf("two smelters in Smelter List row %d", r)
		}
		used[r] = true
		next = r + 1
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Row < rows[j].Row })
	return rows, nil
}

// smelterRow writes one Smelter List row (s nil: an empty template row with
// its formulas), evaluating the template's formulas as Excel would.
func (w *writer) smelterRow(rs *rowSet, r int, s *SmelterRow) {
	n := strconv.Itoa(r)
	in := w.styles.input
	var sr SmelterRow
	if s != nil {
		sr = *s
	}
	put := func(col string, v any) {
		c, _ := excelize.ColumnNameToNumber(col)
		rs.setRC(r, c, v)
	}
	typed := func(col, v string) {
		if v != "" {
			put(col, excelize.Cell{Value: v, StyleID: in})
		}
	}
	// formulaOr writes the formula when the wanted value is empty or what
	// the formula gives, else the wanted value typed over it.
	formulaOr := func(col, formula string, calc xval, want string) xval {
		if want == "" || (!calc.err && calc.text() == want) {
			put(col, w.fcell(formula, calc.cached(), in))
			return calc
		}
		put(col, excelize.Cell{Value: want, StyleID: in})
		return xs(want)
	}
	lk := func(i int, field func(LookupRow) string, amp bool) xval {
		v := field(w.look[i])
		if v == "" && !amp { // OFFSET on an empty cell gives 0
			return xval{num: true}
		}
		return xs(v)
	}

	a := sr.CIDInput
	typed("A", a)
	// B, C: filled from the CID typed in A.
	bCalc, cCalc := xs(""), xs("")
	if a != "" {
		if i, ok := w.byCID[strings.ToLower(a)]; ok {
			bCalc, cCalc = xs(w.look[i].Metal), xs(w.look[i].StandardName)
		} else {
			bCalc, cCalc = xerr, xerr
		}
	}
	b := formulaOr("B", `IF(LEN(A`+n+`)=0,"",INDEX('Smelter Look-up'!$A:$A,MATCH($A`+n+`,'Smelter Look-up'!$E:$E,0)))`, bCalc, sr.Metal)
	c := formulaOr("C", `IF(LEN(A`+n+`)=0,"",INDEX('Smelter Look-up'!$C:$C,MATCH($A`+n+`,'Smelter Look-up'!$E:$E,0)))`, cCalc, sr.LookupName)
	// D: the supplier's own name, unless it only repeats the look-up name.
	dName := sr.Name
	if dName != "" && !isPseudo(c.s) && strings.EqualFold(dName, c.s) {
		dName = ""
	}
	typed("D", dName)
	d := xs(dName)

	// V: the Look-up row matched by metal & look-up name (or, from 6.22,
	// metal & typed name for the pseudo entries).
	notListedLookup := !versionLess(w.l.Version, w.spec.notListedLookupFrom)
	v := -1
	vErr := true
	var vFormula string
	if notListedLookup {
		vFormula = `IF(C` + n + `="",NA(),IF(OR(C` + n + `="Smelter not listed",C` + n + `="Smelter not yet identified"),MATCH($B` + n + `&$D` + n + `,'Smelter Look-up'!$J:$J,0),MATCH($B` + n + `&$C` + n + `,'Smelter Look-up'!$J:$J,0)))`
	} else {
		vFormula = `IF(C` + n + `="",NA(),MATCH($B` + n + `&$C` + n + `,'Smelter Look-up'!$J:$J,0))`
	}
	if !b.err && !c.err && c.text() != "" {
		key := b.text() + c.text()
		if notListedLookup && isPseudo(c.text()) {
			key = b.text() + d.text()
		}
		if i, ok := w.byKey[strings.ToLower(key)]; ok {
			v, vErr = i, false
		}
	}
	pick := func(field func(LookupRow) string, amp bool) xval {
		if vErr {
			return xs("")
		}
		return lk(v, field, amp)
	}
	e := formulaOr("E", `IF(ISERROR($V`+n+`),"",OFFSET('Smelter Look-up'!$D$4,$V`+n+`-4,0)&"")`, pick(func(x LookupRow) string { return x.Country }, true), sr.Country)
	formulaOr("F", `IF(ISERROR($V`+n+`),"",OFFSET('Smelter Look-up'!$E$4,$V`+n+`-4,0))`, pick(func(x LookupRow) string { return x.CID }, false), sr.CID)
	var gCalc xval
	switch {
	case c.eq("Smelter Not Listed") && (vErr || !notListedLookup):
		gCalc = xs("Enter smelter details")
	case c.eq("Smelter Not Listed"):
		gCalc = xs("RMI")
	default:
		gCalc = pick(func(x LookupRow) string { return x.Source }, false)
	}
	gFormula := `IF(C` + n + `=$X$4,IF(ISERROR($V` + n + `),"Enter smelter details","RMI"),IF(ISERROR($V` + n + `),"",OFFSET('Smelter Look-up'!$F$4,$V` + n + `-4,0)))`
	if !notListedLookup {
		gFormula = `IF(C` + n + `=$X$4,"Enter smelter details",IF(ISERROR($V` + n + `),"",OFFSET('Smelter Look-up'!$F$4,$V` + n + `-4,0)))`
	}
	formulaOr("G", gFormula, gCalc, sr.Source)
	formulaOr("H", `IF(ISERROR($V`+n+`),"",OFFSET('Smelter Look-up'!$G$4,$V`+n+`-4,0))`, pick(func(x LookupRow) string { return x.Street }, false), sr.Street)
	formulaOr("I", `IF(ISERROR($V`+n+`),"",OFFSET('Smelter Look-up'!$H$4,$V`+n+`-4,0))`, pick(func(x LookupRow) string { return x.City }, false), sr.City)
	j := formulaOr("J", `IF(ISERROR($V`+n+`),"",OFFSET('Smelter Look-up'!$I$4,$V`+n+`-4,0))`, pick(func(x LookupRow) string { return x.State }, false), sr.State)
	typed("K", sr.ContactName)
	typed("L", sr.ContactEmail)
	typed("M", sr.NextSteps)
	typed("N", sr.MineName)
	typed("O", sr.MineCountry)
	typed("P", sr.Recycled)
	typed("Q", sr.Comments)

	// Hidden helpers.
	put(colStdName, w.fcell(`IF(ISERROR($V`+n+`),"",OFFSET('Smelter Look-up'!$C$4,$V`+n+`-4,0)&"")`, pick(func(x LookupRow) string { return x.StandardName }, true).cached(), 0))
	cc := xs("")
	if !b.err && b.text() != "" {
		cc = xs("Unknown")
		for _, ct := range builtinCountries {
			if !e.err && strings.EqualFold(ct[1], e.text()) {
				cc = xs(ct[0])
				break
			}
		}
	}
	if b.err {
		cc = xerr
	}
	put(colCC, w.fcell(`IF(B`+n+`="","",IF(ISERROR(MATCH($E`+n+`,CL,0)),"Unknown",INDIRECT("'C'!$A$"&MATCH($E`+n+`,CL,0)+1)))`, cc.cached(), 0))
	// T: the subdivision code, found by name (and, from 6.31, by country
	// code & name through SorP's matching key).
	sorpKey := !versionLess(w.l.Version, w.spec.sorpKeyFrom)
	st := xs("")
	if b.err {
		st = xerr
	} else if b.text() != "" && !j.num && j.s != "" {
		for _, sp := range subdivisions {
			if strings.EqualFold(sp[1], j.s) {
				st = xs(sp[0])
				if sorpKey {
					st = xerr
					for _, sp2 := range subdivisions {
						if strings.EqualFold(sp2[0][:2]+sp2[1], cc.text()+j.s) {
							st = xs(sp2[0])
							break
						}
					}
				}
				break
			}
		}
	}
	tFormula := `IF(B` + n + `="","",IF(ISERROR(MATCH($J` + n + `,SorP!$B$1:$B$6226,0)),"",INDIRECT("'SorP'!$A$"&MATCH($S` + n + `&$J` + n + `,SorP!C:C,0))))`
	if !sorpKey {
		tFormula = `IF(B` + n + `="","",IF(ISERROR(MATCH($J` + n + `,SorP!$B$1:$B$6226,0)),"",INDIRECT("'SorP'!$A$"&MATCH($J` + n + `,SorP!$B$1:$B$6226,0))))`
	}
	put(colStateCC, w.fcell(tFormula, st.cached(), 0))
	var vv any
	if !vErr {
		vv = float64(5 + v)
	}
	put(colMatch, w.fcell(vFormula, vv, 0))
	flag := xval{num: true}
	nl := c.eq(SmelterNotListed) && (len(d.text()) == 0 || len(e.text()) == 0)
	if nl {
		flag.n = 1
	}
	put(colNLFlag, w.fcell(`IF(AND(C`+n+`="Smelter not listed",OR(LEN(D`+n+`)=0,LEN(E`+n+`)=0)),1,0)`, flag.cached(), 0))
	key := xs(b.text() + c.text())
	if b.err || c.err {
		key = xerr
	}
	put(colKey, w.fcell("B"+n+"&C"+n, key.cached(), 0))
	if s != nil {
		w.sl = append(w.sl, slEff{b: b, c: c, d: d, e: e})
	}
}

// subdivisions is a small SorP sheet: ISO 3166-2 code and name, enough for
// the fixtures' smelters.
var subdivisions = [][2]string{
	{"AT-7", "Tirol"}, {"AU-WA", "Western Australia"}, {"BR-AM", "Amazonas"}, {"BR-MG", "Minas Gerais"},
	{"BR-RN", "Rio Grande do Norte"}, {"BR-RO", "Rondônia"}, {"BR-SP", "São Paulo"}, {"CA-ON", "Ontario"},
	{"CN-FJ", "Fujian"}, {"CN-GD", "Guangdong"}, {"CN-GX", "Guangxi"}, {"CN-HN", "Hunan"}, {"CN-JX", "Jiangxi"},
	{"CN-NX", "Ningxia"}, {"CN-SD", "Shandong"}, {"CN-YN", "Yunnan"}, {"CN-ZJ", "Zhejiang"},
	{"DE-BW", "Baden-Württemberg"}, {"DE-BY", "Bayern"}, {"DE-HH", "Hamburg"}, {"DE-NI", "Niedersachsen"},
	{"DE-SN", "Sachsen"}, {"ID-BB", "Kepulauan Bangka Belitung"}, {"ID-JK", "Jakarta Raya"}, {"IN-MH", "Maharashtra"},
	{"JP-04", "Miyagi"}, {"JP-13", "Tokyo"}, {"JP-14", "Kanagawa"}, {"JP-16", "Toyama"}, {"JP-23", "Aichi"},
	{"JP-27", "Osaka"}, {"JP-40", "Fukuoka"}, {"KR-26", "Busan"}, {"KR-28", "Incheon"}, {"KR-42", "Gangwon"},
	{"MY-07", "Pulau Pinang"}, {"MY-08", "Perak"}, {"MY-10", "Selangor"}, {"US-MI", "Michigan"},
	{"US-OH", "Ohio"}, {"US-PA", "Pennsylvania"},
}

// checker writes the Checker sheet: for every required field a row with the
// answer echoed in B and RMI's hidden F (necessary?), G (complete?) and
// H = F×G columns, their cached values computed under Excel's rules, and the
// total in D2.
func (w *writer) checker() error {
	s := SheetChecker
	if err := w.protect(s); err != nil {
		return err
	}
	rs := newRowSet()
	lf := labelFormula(s)
	l := w.l
	complete := w.label("Checker", "Comp", "Complete")
	rs.set("A1", w.fcell(lf, w.label(s, "A1", "To ensure all required fields have been populated before submitting to your customers review form for any line items highlighted in red"), w.styles.wrap))
	rs.set("D1", w.fcell(lf, w.label(s, "D1", "Required fields remaining to be completed"), w.styles.wrap))
	rs.set("A2", "Click here to return to Declaration tab")
	for _, c := range [][2]string{{"A3", "Required Fields"}, {"B3", "Answer provided"}, {"C3", "Notes"}, {"D3", "Hyperlink to source"}} {
		rs.set(c[0], w.fcell(lf, w.label(s, c[0], c[1]), 0))
	}
	rs.set("F3", "necessary?")
	rs.set("G3", "complete?")
	rs.set("H3", "incomplete")

	decl := func(ref string) xval { // =Declaration!ref: an empty cell is 0
		if v, ok := w.decl[ref]; ok && !v.empty {
			return v
		}
		return xval{num: true}
	}
	isZero := func(v xval) int {
		if v.num && v.n == 0 {
			return 1
		}
		return 0
	}
	b01 := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	r := 4
	total := 0
	// put writes one checked row: label, echo, F, G, H and the notes.
	put := func(labelF string, labelV string, bF string, bV xval, fF string, fV int, gF string, gV int, note string) int {
		n := strconv.Itoa(r)
		if labelF != "" {
			rs.set("A"+n, w.fcell(labelF, labelV, w.styles.wrap))
		} else {
			rs.set("A"+n, excelize.Cell{Value: labelV, StyleID: w.styles.wrap})
		}
		if bF != "" { // the smelter rows echo nothing
			rs.set("B"+n, w.fcell(bF, bV.cached(), 0))
		}
		if fF == "" {
			rs.set("F"+n, fV)
		} else {
			rs.set("F"+n, w.fcell(fF, float64(fV), 0))
		}
		rs.set("G"+n, w.fcell(gF, float64(gV), 0))
		h := fV * gV
		rs.set("H"+n, w.fcell("F"+n+"*G"+n, float64(h), 0))
		rs.set("I"+n, w.fcell(`OFFSET(L!$C$1,MATCH("Checker"&"Comp",L!$A:$A,0)-1,SL,,)`, complete, 0))
		j := w.label(s, "J"+n, note)
		rs.set("J"+n, w.fcell(lf, j, 0))
		cv := complete
		if h == 1 {
			cv = j
		}
		rs.set("C"+n, w.fcell("IF(H"+n+"=1,J"+n+",I"+n+")", cv, w.styles.wrap))
		total += h
		r++
		return r - 1
	}
	declLabel := func(ref string) string { return w.decl[ref].s }
	rowOf := func(ref string) int { _, rr, _ := excelize.CellNameToCoordinates(ref); return rr }

	// Company information.
	scopeRow := 0
	for _, cf := range w.spec.company {
		cell := cf.cell(l.Company)
		if cf.check == checkNone || cell == "" {
			continue
		}
		lref := "B" + strconv.Itoa(rowOf(cell))
		b := decl(cell)
		note := fmt.Sprintf("Provide %s in the Declaration tab cell %s", strings.TrimSuffix(strings.TrimSuffix(cf.label, ":"), " (*)"), cell)
		switch cf.check {
		case checkRequired:
			got := put("Declaration!"+lref, declLabel(lref), "Declaration!"+cell, b, "", 1, "IF(B"+strconv.Itoa(r)+"=0,1,0)", isZero(b), note)
			if cell == l.Company.Scope {
				scopeRow = got
			}
		case checkEmail:
			hasAt := !b.num && strings.Contains(b.s, "@")
			put("Declaration!"+lref, declLabel(lref), "Declaration!"+cell, b, "", 1,
				`IF(ISNUMBER(SEARCH("@",B`+strconv.Itoa(r)+`)),0,1)`, b01(!hasAt), note)
		case checkScopeDesc:
			scope := decl(l.Company.Scope)
			need := !(scope.eq(ScopeCompany) || scope.eq(ScopeProduct) || isZero(scope) == 1)
			sr := strconv.Itoa(scopeRow)
			put("Declaration!"+lref, declLabel(lref), "Declaration!"+cell, b,
				"IF(OR(B"+sr+"=Declaration!"+w.spec.scopeCells[0]+",B"+sr+"=Declaration!"+w.spec.scopeCells[1]+",B"+sr+"=0),0,1)", b01(need),
				"IF(B"+strconv.Itoa(r)+"=0,1,0)", isZero(b), note)
		}
	}

	// Per-mineral questions.
	type mineralRows struct{ q1, q2, scope int }
	mr := make([]mineralRows, len(l.Minerals))
	bvals := map[int]xval{}
	fvals := map[int]int{}
	for qi, q := range l.Questions {
		hr := q.FirstRow - 1
		rs.set("A"+strconv.Itoa(r), w.fcell("Declaration!B"+strconv.Itoa(hr), declLabel("B"+strconv.Itoa(hr)), w.styles.wrap))
		if qi == 0 { // RMI's sheet has an (always 0) H on the first heading
			rs.set("H"+strconv.Itoa(r), w.fcell("F"+strconv.Itoa(r)+"*G"+strconv.Itoa(r), 0.0, 0))
		}
		r++
		firstInScope := true
		for pi := 0; pi < qi; pi++ {
			if l.Questions[pi].Need == NeedInScope {
				firstInScope = false
			}
		}
		for i, m := range l.Minerals {
			cell := q.Cell(i)
			lref := "B" + strconv.Itoa(q.FirstRow+i)
			n := strconv.Itoa(r)
			note := fmt.Sprintf("Answer question %s for %s on the Declaration tab cell %s", q.ID, m, cell)
			var b xval
			var fF string
			var fV int
			q1b, q2b := bvals[mr[i].q1], bvals[mr[i].q2]
			switch q.Need {
			case NeedAlways:
				b, fV = decl(cell), 1
			case NeedUsed:
				q1 := strconv.Itoa(mr[i].q1)
				b = xval{num: true}
				if q1b.eq("Yes") {
					b = decl(cell)
				}
				fF, fV = "IF(B$"+q1+`="No",0,1)`, b01(!q1b.eq("No"))
				put("Declaration!"+lref, declLabel(lref), `IF($B$`+q1+`="Yes",Declaration!`+cell+`,0)`, b, fF, fV, "IF(B"+n+"=0,1,0)", isZero(b), note)
				mr[i].q2 = r - 1
				bvals[r-1], fvals[r-1] = b, fV
				continue
			case NeedInScope:
				q1, q2 := strconv.Itoa(mr[i].q1), strconv.Itoa(mr[i].q2)
				b = xval{num: true}
				if q1b.eq("Yes") && q2b.eq("Yes") {
					b = decl(cell)
				}
				bF := `IF(AND($B$` + q1 + `="Yes",$B$` + q2 + `="Yes"),Declaration!` + cell + `,0)`
				if firstInScope {
					fF, fV = "IF(OR(B"+q1+`="No",B`+q2+`="No"),0,1)`, b01(!(q1b.eq("No") || q2b.eq("No")))
					put("Declaration!"+lref, declLabel(lref), bF, b, fF, fV, "IF(B"+n+"=0,1,0)", isZero(b), note)
					mr[i].scope = r - 1
				} else {
					fV = fvals[mr[i].scope]
					put("Declaration!"+lref, declLabel(lref), bF, b, "F"+strconv.Itoa(mr[i].scope), fV, "IF(B"+n+"=0,1,0)", isZero(b), note)
				}
				bvals[r-1], fvals[r-1] = b, fV
				continue
			}
			put("Declaration!"+lref, declLabel(lref), "Declaration!"+cell, b, "", fV, "IF(B"+n+"=0,1,0)", isZero(b), note)
			mr[i].q1 = r - 1
			bvals[r-1], fvals[r-1] = b, fV
		}
	}
	// Company-level questions: required when any mineral is in scope.
	inScope := 0
	var scopeRefs []string
	for _, m := range mr {
		if m.scope > 0 {
			inScope += fvals[m.scope]
			scopeRefs = append(scopeRefs, strconv.Itoa(m.scope))
		}
	}
	if len(l.CompanyQuestions) > 0 {
		hr := rowOf(l.CompanyQuestions[0].Cell) - 1
		rs.set("A"+strconv.Itoa(r), w.fcell("Declaration!B"+strconv.Itoa(hr), declLabel("B"+strconv.Itoa(hr)), 0))
		r++
	}
	aRow := 0
	cqF := b01(inScope > 0)
	for _, q := range l.CompanyQuestions {
		lref := "B" + strconv.Itoa(rowOf(q.Cell))
		b := decl(q.Cell)
		n := strconv.Itoa(r)
		note := fmt.Sprintf("Answer question (%s) on the Declaration tab cell %s", q.ID, q.Cell)
		var fF string
		switch {
		case aRow == 0 && len(scopeRefs) > 0:
			fF = "IF(SUM(F$" + scopeRefs[0] + ":F$" + scopeRefs[len(scopeRefs)-1] + ")=0,0,1)"
		case aRow == 0:
			fF = "0"
		default:
			fF = "F$" + strconv.Itoa(aRow)
		}
		got := put("Declaration!"+lref, declLabel(lref), "Declaration!"+q.Cell, b, fF, cqF, "IF(B"+n+"=0,1,0)", isZero(b), note)
		if aRow == 0 {
			aRow = got
		}
		if q.CommentRequiredWhen != "" {
			u := decl(q.CommentCell)
			need := cqF == 1 && b.eq(q.CommentRequiredWhen)
			un := strconv.Itoa(r)
			short := 1
			if len([]rune(u.text())) > 1 {
				short = 0
			}
			put("", "The URL in the comment field", "Declaration!"+q.CommentCell, u,
				"IF(AND(F"+strconv.Itoa(got)+"=1,B"+strconv.Itoa(got)+`="`+q.CommentRequiredWhen+`"),1,0)`, b01(need),
				"IF(LEN(B"+un+")>1,0,1)", short,
				fmt.Sprintf("Enter the URL in Declaration worksheet cell %s if you answer %q for question %s", q.CommentCell, q.CommentRequiredWhen, q.ID))
		}
		if q.ID == w.spec.checkerGapAfter {
			rs.hidden[r] = true
			rs.setRC(r, 1, "")
			r++
		}
	}
	// Product List: needed when the scope is a product list; only its first
	// cell is looked at.
	{
		pl := l.Products
		first := pl.Number + strconv.Itoa(pl.FirstRow)
		n := strconv.Itoa(r)
		need := decl(l.Company.Scope).eq(ScopeProduct)
		empty := w.prod1.empty || w.prod1.s == ""
		bText := "One or more product / item numbers have been provided"
		if empty {
			bText = "No products or item numbers listed"
		}
		gF := `IF(INDIRECT("'Product List'!` + first + `")="",1,0)`
		if versionLess(l.Version, "6.22") {
			gF = `IF('Product List'!` + first + `="",1,0)`
		}
		put("", "Product List", "IF(G"+n+`=1,"No products or item numbers listed","One or more product / item numbers have been provided")`, xs(bText),
			"IF(B"+strconv.Itoa(scopeRow)+"=Declaration!"+w.spec.scopeCells[1]+",1,0)", b01(need), gF, b01(empty),
			"If applicable, provide 1 or more Products or Item Numbers this declaration applies to on the Product List tab")
	}
	// Smelter List per mineral: at least one row with the metal and a
	// look-up choice (B&C matching "metal?*").
	sl := l.Smelters
	for i, m := range l.Minerals {
		has, withC := false, false
		for _, e := range w.sl {
			if e.b.eq(m) {
				has = true
			}
			if !e.b.err && !e.c.err {
				k := e.b.text() + e.c.text()
				if len(k) > len(m) && strings.EqualFold(k[:len(m)], m) {
					withC = true
				}
			}
		}
		g := b01(!(has && withC))
		fV := fvals[mr[i].scope]
		put("", "Smelter List - "+m, "", xs(""), "F"+strconv.Itoa(mr[i].scope), fV,
			fmt.Sprintf(`IF(AND(COUNTIF(SmelterIdetifiedForMetal,"%s")>0,COUNTIF('Smelter List'!%s$%d:%s$%d,"%s?*")>0),0,1)`, m, colKey, sl.FirstRow, colKey, sl.LastRow, m), g,
			fmt.Sprintf("Provide list of %s smelters contributing material to supply chain on Smelter List tab", strings.ToLower(m)))
	}
	// Rows with "Smelter not listed" need a name and a country.
	{
		listed, incomplete := false, false
		for _, e := range w.sl {
			if e.c.eq(SmelterNotListed) {
				listed = true
				if e.d.text() == "" || e.e.text() == "" {
					incomplete = true
				}
			}
		}
		// From 6.22 whole columns; before, the data rows.
		rng := func(col string) string { return "$" + col + ":$" + col }
		if versionLess(l.Version, "6.22") {
			rng = func(col string) string { return fmt.Sprintf("%s%d:%s%d", col, sl.FirstRow, col, sl.LastRow) }
		}
		put("", `All rows with "Smelter not listed" selected, have a name and country listed`, "", xs(""),
			`IF(COUNTIF('Smelter List'!`+rng("C")+`,"Smelter not listed")=0,0,1)`, b01(listed),
			`IF(OR(SUMPRODUCT(('Smelter List'!`+rng("C")+`="Smelter not listed")*('Smelter List'!`+rng("D")+`=""))>0,SUMPRODUCT(('Smelter List'!`+rng("C")+`="Smelter not listed")*('Smelter List'!`+rng("E")+`=""))>0),1,0)`, b01(incomplete),
			`Please complete columns D & E on Smelter List for all rows "Smelter Not Listed" selected in column C`)
	}
	tr := strconv.Itoa(r)
	rs.set("H"+tr, w.fcell("SUM(H4:H"+strconv.Itoa(r-1)+")", float64(total), 0))
	var d2 any = float64(total)
	if total == 0 {
		d2 = "0"
	}
	rs.set("D2", w.fcell("IF(H"+tr+`=0,"0",H`+tr+")", d2, 0))
	widths := map[string]float64{"A": 50, "B": 20, "C": 50, "D": 30}
	return w.stream(s, rs, widths, []string{"E:M"}, nil)
}

// countries writes sheet C: code and RMI's upper-case name.
func (w *writer) countries() error {
	rs := newRowSet()
	rs.set("A1", "COUNTRY CODE LIST")
	rs.set("B1", "FULL NAME")
	for i, c := range builtinCountries {
		rs.setRC(i+2, 1, c[0])
		rs.setRC(i+2, 2, c[1])
	}
	return w.stream(SheetCountries, rs, nil, nil, nil)
}

// subdivisions writes sheet SorP: code, name and, from 6.31, the matching
// key country code & name.
func (w *writer) subdivisions() error {
	rs := newRowSet()
	key := !versionLess(w.l.Version, w.spec.sorpKeyFrom)
	rs.set("A1", "subdivision_code")
	rs.set("B1", "subdivision_name")
	if key {
		rs.set("C1", "matching_key")
	}
	for i, sp := range subdivisions {
		r := i + 2
		rs.setRC(r, 1, sp[0])
		rs.setRC(r, 2, sp[1])
		if key {
			n := strconv.Itoa(r)
			rs.setRC(r, 3, w.fcell("LEFT(A"+n+",2)&B"+n, sp[0][:2]+sp[1], 0))
		}
	}
	return w.stream("SorP", rs, nil, nil, nil)
}

// lSheet writes the translations: key (a formula, sheet & cell), sheet,
// cell, then one column per language.
func (w *writer) lSheet() error {
	rs := newRowSet()
	rs.set("B1", "Sheets")
	rs.set("C1", "Cells")
	for i, lang := range w.l.Languages {
		rs.setRC(1, 4+i, lang)
	}
	for i, lr := range w.lrows {
		r := i + 2
		n := strconv.Itoa(r)
		rs.setRC(r, 1, w.fcell("B"+n+"&C"+n, lr.sheet+lr.cell, 0))
		rs.setRC(r, 2, lr.sheet)
		rs.setRC(r, 3, lr.cell)
		for j, t := range lr.texts {
			rs.setRC(r, 4+j, t)
		}
	}
	return w.stream(SheetL, rs, nil, nil, nil)
}

// names defines RMI's workbook names the formulas and dropdowns use.
func (w *writer) names() error {
	sl := w.l.Smelters
	lastLang := colName(4 + len(w.l.Languages) - 1)
	for _, n := range []excelize.DefinedName{
		{Name: "SL", Comment: "Selected Language", RefersTo: "Declaration!$P$3"},
		{Name: "LN", Comment: "language list for dropdown", RefersTo: "L!$D$1:$" + lastLang + "$1"},
		{Name: "CL", Comment: "CountryList", RefersTo: fmt.Sprintf("'C'!$B$2:$B$%d", len(builtinCountries)+1)},
		{Name: "Metal", Comment: "metal list for dropdown", RefersTo: fmt.Sprintf("'Smelter List'!$W$3:$%s$3", colName(23+len(w.spec.metalList)-1)), Scope: SheetSmelterList},
		{Name: "SN", Comment: "smelter list for dropdown", RefersTo: "OFFSET('Smelter Look-up'!$B$4,MATCH('Smelter List'!$B1,'Smelter Look-up'!$A:$A,0)-4,0,COUNTIF('Smelter Look-up'!$A:$A,'Smelter List'!$B1),1)"},
		{Name: "SmelterIdetifiedForMetal", RefersTo: fmt.Sprintf("'Smelter List'!$%s$%d:$%s$%d", sl.Metal, sl.FirstRow, sl.Metal, sl.LastRow)},
	} {
		n := n
		if err := w.f.SetDefinedName(&n); err != nil {
			return err
		}
	}
	return nil
}

func colName(n int) string {
	s, err := excelize.ColumnNumberToName(n)
	if err != nil {
		panic(err)
	}
	return s
}

// versionLess compares revisions numerically by dotted parts: 6.4 < 6.22
// is false, 6.22 < 6.31 is true. An empty b is never greater.
func versionLess(a, b string) bool {
	if b == "" {
		return false
	}
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y float64
		if i < len(pa) {
			x, _ = strconv.ParseFloat("0."+pa[i], 64)
			if i == 0 {
				x, _ = strconv.ParseFloat(pa[i], 64)
			}
		}
		if i < len(pb) {
			y, _ = strconv.ParseFloat("0."+pb[i], 64)
			if i == 0 {
				y, _ = strconv.ParseFloat(pb[i], 64)
			}
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// labelTranslations gives this package's own translations of the labels it
// writes, in the order of the CMRT languages after English: Chinese,
// Japanese, Korean, French, Portuguese, German, Spanish, Italian, Turkish.
// Labels not listed are written in English in every language.
var labelTranslations = map[string][]string{
	"Company Information":             {"公司信息", "会社情報", "회사 정보", "Informations sur la société", "Informações da empresa", "Unternehmensangaben", "Información de la empresa", "Informazioni sulla società", "Şirket bilgileri"},
	"Company Name (*):":               {"公司名称 (*)：", "会社名 (*):", "회사명 (*):", "Nom de la société (*) :", "Nome da empresa (*):", "Name des Unternehmens (*):", "Nombre de la empresa (*):", "Ragione sociale (*):", "Şirket adı (*):"},
	"Declaration Scope or Class (*):": {"申报范围或类别 (*)：", "申告範囲または種類 (*):", "신고 범위 또는 등급 (*):", "Portée ou catégorie de la déclaration (*) :", "Âmbito ou classe da declaração (*):", "Umfang oder Art der Erklärung (*):", "Alcance o clase de la declaración (*):", "Ambito o classe della dichiarazione (*):", "Beyan kapsamı veya sınıfı (*):"},
	"Description of Scope:":           {"范围描述：", "範囲の説明:", "범위 설명:", "Description de la portée :", "Descrição do âmbito:", "Beschreibung des Umfangs:", "Descripción del alcance:", "Descrizione dell'ambito:", "Kapsam açıklaması:"},
	"Company Unique ID:":              {"公司唯一识别码：", "会社固有ID:", "회사 고유 ID:", "Identifiant unique de la société :", "ID exclusivo da empresa:", "Eindeutige Unternehmens-ID:", "ID única de la empresa:", "ID univoco della società:", "Şirket benzersiz kimliği:"},
	"Company Unique ID Authority:":    {"公司唯一识别码授权机构：", "会社固有IDの発行機関:", "회사 고유 ID 발급 기관:", "Autorité de l'identifiant unique :", "Autoridade do ID exclusivo:", "Vergabestelle der Unternehmens-ID:", "Autoridad de la ID única:", "Autorità dell'ID univoco:", "Benzersiz kimlik yetkilisi:"},
	"Address:":                        {"地址：", "住所:", "주소:", "Adresse :", "Endereço:", "Anschrift:", "Dirección:", "Indirizzo:", "Adres:"},
	"Contact Name (*):":               {"联系人姓名 (*)：", "連絡先担当者名 (*):", "담당자 이름 (*):", "Nom du contact (*) :", "Nome do contato (*):", "Name der Kontaktperson (*):", "Nombre del contacto (*):", "Nome del referente (*):", "İrtibat kişisi (*):"},
	"Email – Contact (*):":            {"电子邮件 – 联系人 (*)：", "Eメール – 連絡先 (*):", "이메일 – 담당자 (*):", "E-mail – contact (*) :", "E-mail – contato (*):", "E-Mail – Kontaktperson (*):", "Correo electrónico – contacto (*):", "E-mail – referente (*):", "E-posta – irtibat (*):"},
	"Phone – Contact (*):":            {"电话 – 联系人 (*)：", "電話番号 – 連絡先 (*):", "전화 – 담당자 (*):", "Téléphone – contact (*) :", "Telefone – contato (*):", "Telefon – Kontaktperson (*):", "Teléfono – contacto (*):", "Telefono – referente (*):", "Telefon – irtibat (*):"},
	"Authorizer (*):":                 {"授权人 (*)：", "承認者 (*):", "승인자 (*):", "Signataire autorisé (*) :", "Autorizador (*):", "Freigabeberechtigte Person (*):", "Persona que autoriza (*):", "Firmatario autorizzato (*):", "Onaylayan (*):"},
	"Title - Authorizer:":             {"职务 - 授权人：", "役職 - 承認者:", "직함 - 승인자:", "Fonction – signataire :", "Cargo - autorizador:", "Funktion – freigabeberechtigte Person:", "Cargo - persona que autoriza:", "Qualifica - firmatario:", "Unvan - onaylayan:"},
	"Email - Authorizer (*):":         {"电子邮件 - 授权人 (*)：", "Eメール - 承認者 (*):", "이메일 - 승인자 (*):", "E-mail – signataire (*) :", "E-mail - autorizador (*):", "E-Mail – freigabeberechtigte Person (*):", "Correo electrónico - persona que autoriza (*):", "E-mail - firmatario (*):", "E-posta - onaylayan (*):"},
	"Phone - Authorizer:":             {"电话 - 授权人：", "電話番号 - 承認者:", "전화 - 승인자:", "Téléphone – signataire :", "Telefone - autorizador:", "Telefon – freigabeberechtigte Person:", "Teléfono - persona que autoriza:", "Telefono - firmatario:", "Telefon - onaylayan:"},
	"Effective Date (*):":             {"生效日期 (*)：", "発効日 (*):", "유효 날짜 (*):", "Date d'effet (*) :", "Data de vigência (*):", "Gültigkeitsdatum (*):", "Fecha de vigencia (*):", "Data di validità (*):", "Geçerlilik tarihi (*):"},
	"Answer":                          {"答案", "回答", "답변", "Réponse", "Resposta", "Antwort", "Respuesta", "Risposta", "Cevap"},
	"Comments":                        {"注释", "備考", "의견", "Commentaires", "Comentários", "Kommentare", "Comentarios", "Commenti", "Açıklamalar"},
	"Question":                        {"问题", "質問", "질문", "Question", "Pergunta", "Frage", "Pregunta", "Domanda", "Soru"},
	"Complete":                        {"完成", "完了", "완료", "Terminé", "Concluído", "Vollständig", "Completo", "Completo", "Tamamlandı"},
	"Tantalum  ":                      {"钽", "タンタル", "탄탈륨  ", "Tantale  ", "Tântalo", "Tantal  ", "Tantalio  ", "Tantalio  ", "Tantal "},
	"Tin  ":                           {"锡", "スズ", "주석  ", "Étain  ", "Estanho", "Zinn  ", "Estaño  ", "Stagno  ", "Kalay "},
	"Gold  ":                          {"金", "金", "금  ", "Or  ", "Ouro", "Gold  ", "Oro  ", "Oro  ", "Altın "},
	"Tungsten  ":                      {"钨", "タングステン", "텅스텐  ", "Tungstène  ", "Tungstênio", "Wolfram  ", "Tungsteno  ", "Tungsteno  ", "Tungsten "},
	"Metal (*)":                       {"金属 (*)", "金属 (*)", "금속 (*)", "Métal (*)", "Metal (*)", "Metall (*)", "Metal (*)", "Metallo (*)", "Metal (*)"},
	"Smelter Look-up (*)":             {"冶炼厂查找 (*)", "製錬所検索 (*)", "제련소 조회 (*)", "Recherche de fonderie (*)", "Pesquisa de fundição (*)", "Schmelzhütten-Suche (*)", "Búsqueda de fundición (*)", "Ricerca fonderia (*)", "İzabe tesisi arama (*)"},
	"Smelter Name (1)":                {"冶炼厂名称 (1)", "製錬所名 (1)", "제련소 이름 (1)", "Nom de la fonderie (1)", "Nome da fundição (1)", "Name der Schmelzhütte (1)", "Nombre de la fundición (1)", "Nome della fonderia (1)", "İzabe tesisi adı (1)"},
	"Smelter Country (*)":             {"冶炼厂所在国家 (*)", "製錬所の国 (*)", "제련소 국가 (*)", "Pays de la fonderie (*)", "País da fundição (*)", "Land der Schmelzhütte (*)", "País de la fundición (*)", "Paese della fonderia (*)", "İzabe tesisi ülkesi (*)"},
	"Smelter Identification":          {"冶炼厂识别号", "製錬所識別番号", "제련소 식별 번호", "Identification de la fonderie", "Identificação da fundição", "Schmelzhütten-Identifikation", "Identificación de la fundición", "Identificazione della fonderia", "İzabe tesisi kimliği"},
	"Required fields remaining to be completed": {"剩余待填写的必填字段", "未入力の必須項目数", "작성해야 할 남은 필수 항목", "Champs obligatoires restant à remplir", "Campos obrigatórios por preencher", "Noch auszufüllende Pflichtfelder", "Campos obligatorios pendientes", "Campi obbligatori da completare", "Doldurulması gereken zorunlu alanlar"},
}
