package cmrt

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/internal/xlsx"
)

// Writing the Gemstone Declaration Template.
//
// Sheets: Instructions, Declaration (company block, questions per material
// and company-level questions, dropdown answers, "(*)" on mandatory
// fields), Sources, Checker (live formulas: one row per mandatory field,
// the count of those left in D2, where RMI's Checker has it) and the hidden Lists
// the dropdowns read. The structure is locked and every sheet protected
// without a password; only input cells are unlocked. The Checker's formulas
// follow Check's rules for the family, so Excel (or LibreOffice) and Check
// count the same fields.

// SheetGemLists is the Gemstone template's hidden sheet of dropdown lists.
const SheetGemLists = "Lists"

// gemScopes are the scopes the Gemstone template offers: it has no Product
// List, so no product scope.
var gemScopes = []string{ScopeCompany, ScopeUser}

// WriteGemstone writes the Gemstone Declaration Template with its labels in
// lang ("en", "zh" or "ja"). With d nil the template is blank; otherwise
// d's company, answers and sources (d.Mines) are filled in, as a supplier
// would (tests use it for the round trip).
func WriteGemstone(w io.Writer, d *Declaration, lang string) error {
	d3, ok := gemLanguages[lang]
	if !ok {
		return fmt.Errorf("%w: gemstone template language %q (offered: %s)", ErrUnsupported, lang, strings.Join(GemstoneLanguages(), ", "))
	}
	l, err := LookupLayout(GEM, GemstoneVersion)
	if err != nil {
		return err
	}
	if d == nil {
		d = &Declaration{}
	}
	g := &gemWriter{f: excelize.NewFile(), l: l, d: d, lang: lang}
	defer g.f.Close()
	if err := g.build(d3); err != nil {
		return fmt.Errorf("cmrt: gemstone template: %w", err)
	}
	if _, err := g.f.WriteTo(w); err != nil {
		return fmt.Errorf("cmrt: gemstone template: %w", err)
	}
	return nil
}

type gemWriter struct {
	f    *excelize.File
	l    Layout
	d    *Declaration
	lang string
	err  error
	// styles
	title, head, label, input, date, locked int
	lists                                   map[string]string // list name → Lists!$X$1:$X$n
}

func (g *gemWriter) set(sheet, ref string, v any) {
	if g.err == nil {
		g.err = g.f.SetCellValue(sheet, ref, v)
	}
}

func (g *gemWriter) style(sheet, from, to string, s int) {
	if g.err == nil {
		g.err = g.f.SetCellStyle(sheet, from, to, s)
	}
}

func (g *gemWriter) formula(sheet, ref, f string) {
	if g.err == nil {
		g.err = g.f.SetCellFormula(sheet, ref, f)
	}
}

func (g *gemWriter) tr(en string) string { return gemLabel(g.lang, en) }

func (g *gemWriter) build(d3 string) error {
	if err := g.begin(SheetDeclaration, SheetSources, SheetChecker, SheetGemLists); err != nil {
		return err
	}
	g.listsSheet()
	g.instructions()
	g.declaration(d3)
	g.sources()
	g.checker()
	if g.err != nil {
		return g.err
	}
	// The Declaration prints on one page, as the picture in README shows it.
	if err := g.fitToWidth(SheetDeclaration, 1); err != nil {
		return err
	}
	one, zero := 1, 0
	if err := g.f.SetPageLayout(SheetSources, &excelize.PageLayoutOptions{FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	return g.seal("Instructions", SheetDeclaration, SheetSources, SheetChecker, SheetGemLists)
}

// begin names the first sheet Instructions, adds the others after it and
// makes the styles.
func (g *gemWriter) begin(sheets ...string) error {
	if err := g.f.SetSheetName("Sheet1", "Instructions"); err != nil {
		return err
	}
	for _, s := range sheets {
		if _, err := g.f.NewSheet(s); err != nil {
			return err
		}
	}
	return g.styles()
}

// fitToWidth prints sheet one page wide and pagesHigh pages high (0: as
// many as it takes).
func (g *gemWriter) fitToWidth(sheet string, pagesHigh int) error {
	fit, one := true, 1
	if err := g.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return g.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{FitToWidth: &one, FitToHeight: &pagesHigh})
}

// seal finishes a project template as RMI's are: the lists sheet hidden,
// the Declaration active, every sheet protected (input cells are unlocked
// by their style) and the workbook's structure locked.
func (g *gemWriter) seal(sheets ...string) error {
	f := g.f
	if err := f.SetSheetVisible(SheetGemLists, false); err != nil {
		return err
	}
	f.SetActiveSheet(1)
	for _, s := range sheets {
		if err := f.ProtectSheet(s, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true}); err != nil {
			return err
		}
	}
	return f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true})
}

func (g *gemWriter) styles() error {
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		id, e := g.f.NewStyle(s)
		err = e
		return id
	}
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	g.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "1F3864"}})
	g.head = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	g.label = mk(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	g.input = mk(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Border: border,
		Protection: &excelize.Protection{Locked: false}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	g.date = mk(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Border: border,
		Protection: &excelize.Protection{Locked: false}, NumFmt: 14, CustomNumFmt: strPtr("yyyy-mm-dd")})
	g.locked = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	return err
}

func strPtr(s string) *string { return &s }

// listsSheet writes the hidden dropdown lists, one per column.
func (g *gemWriter) listsSheet() {
	var countries []string
	for _, c := range builtinCountries {
		countries = append(countries, c[1])
	}
	langs := make([]string, 0, len(g.l.Languages))
	langs = append(langs, g.l.Languages...)
	cols := []namedList{
		{"yesNo", yesNo}, {"yesNoUnknown", yesNoUnknown}, {"rjc", gemRJCOptions}, {"materials", GemstoneMaterials},
		{"types", gemSourceTypes}, {"languages", langs}, {"scopes", gemScopes}, {"countries", countries},
	}
	g.writeLists(cols)
}

// namedList is one dropdown list of the hidden Lists sheet.
type namedList struct {
	name string
	vals []string
}

// writeLists writes the hidden dropdown lists, one per column, and
// records each list's range under its name.
func (g *gemWriter) writeLists(cols []namedList) {
	g.lists = map[string]string{}
	for i, c := range cols {
		col := xlsx.ColumnName(i + 1)
		for j, v := range c.vals {
			g.set(SheetGemLists, col+strconv.Itoa(j+1), v)
		}
		g.lists[c.name] = fmt.Sprintf("%s!$%s$1:$%s$%d", SheetGemLists, col, col, len(c.vals))
	}
}

// listFor names the list of a question's options.
func (g *gemWriter) listFor(opts []string) string {
	switch {
	case len(opts) == 0:
		return ""
	case strings.Join(opts, "|") == strings.Join(yesNo, "|"):
		return g.lists["yesNo"]
	case strings.Join(opts, "|") == strings.Join(yesNoUnknown, "|"):
		return g.lists["yesNoUnknown"]
	}
	return g.lists["rjc"]
}

func (g *gemWriter) dropdown(sheet, sqref, list string) {
	if g.err != nil || list == "" {
		return
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	dv.SetSqrefDropList(list)
	g.err = g.f.AddDataValidation(sheet, dv)
}

func (g *gemWriter) instructions() { g.writeInstructions(GemstoneVersionText, gemInstructions[g.lang]) }

// writeInstructions fills the Instructions sheet: the version text as its
// title (the cell the reader detects the template by), then the lines.
func (g *gemWriter) writeInstructions(version string, lines []string) {
	s := "Instructions"
	g.set(s, "B2", version)
	g.style(s, "B2", "B2", g.title)
	for i, line := range lines {
		g.set(s, "B"+strconv.Itoa(4+i), line)
	}
	if g.err == nil {
		g.err = g.f.SetColWidth(s, "B", "B", 120)
	}
}

// mandatory marks a label "(*)".
func mandatory(label string) string { return label + " (*)" }

// colWidth is the width of the columns from to to.
type colWidth struct {
	from, to string
	width    float64
}

// declarationTop writes what the Gemstone and SAQ Declarations share above
// their questions: the column widths, the title, which stays English in
// every language (the reader detects the family from it, and the revision
// from J3), the language, and the company information with its effective
// date, labelled through tr.
func (g *gemWriter) declarationTop(title, version, d3 string, widths []colWidth, tr func(string) string) {
	s := SheetDeclaration
	for _, w := range widths {
		if g.err == nil {
			g.err = g.f.SetColWidth(s, w.from, w.to, w.width)
		}
	}
	g.set(s, "D2", title)
	g.style(s, "D2", "D2", g.title)
	g.set(s, "J3", version)
	g.set(s, "B3", tr("Language"))
	g.set(s, "D3", d3)
	g.style(s, "D3", "D3", g.input)
	g.dropdown(s, "D3", g.lists["languages"])
	g.set(s, "B5", tr("(*) mandatory field"))

	g.set(s, "B7", tr("Company information"))
	g.style(s, "B7", "G7", g.head)
	cc, co := g.l.Company, g.d.Company
	fields := []struct {
		cell, label string
		need        bool
		value       string
	}{
		{cc.Name, "Company name (Legal name)", true, co.Name},
		{cc.Scope, "Declaration scope", true, co.Scope},
		{cc.ScopeDescription, "Description of scope", false, co.ScopeDescription},
		{cc.UniqueID, "Company unique ID", false, co.UniqueID},
		{cc.UniqueIDAuthority, "Company unique ID authority", false, co.UniqueIDAuthority},
		{cc.Address, "Address", false, co.Address},
		{cc.ContactName, "Contact name", true, co.ContactName},
		{cc.ContactEmail, "Contact e-mail", true, co.ContactEmail},
		{cc.ContactPhone, "Contact phone", true, co.ContactPhone},
		{cc.Authorizer, "Authorizer", true, co.Authorizer},
		{cc.AuthorizerTitle, "Title (authorizer)", false, co.AuthorizerTitle},
		{cc.AuthorizerEmail, "E-mail (authorizer)", true, co.AuthorizerEmail},
		{cc.AuthorizerPhone, "Phone (authorizer)", false, co.AuthorizerPhone},
	}
	for _, fl := range fields {
		_, row := xlsx.MustSplitRef(fl.cell)
		label := tr(fl.label)
		if fl.need {
			label = mandatory(label)
		}
		b := "B" + strconv.Itoa(row)
		g.set(s, b, label)
		g.style(s, b, b, g.label)
		g.style(s, fl.cell, fl.cell, g.input)
		if fl.value != "" {
			g.set(s, fl.cell, fl.value)
		}
	}
	g.dropdown(s, cc.Scope, g.lists["scopes"])
	_, dr := xlsx.MustSplitRef(cc.EffectiveDate)
	g.set(s, "B"+strconv.Itoa(dr), mandatory(tr("Effective date (YYYY-MM-DD)")))
	g.style(s, cc.EffectiveDate, cc.EffectiveDate, g.date)
	switch {
	case !co.EffectiveDate.IsZero():
		g.set(s, cc.EffectiveDate, co.EffectiveDate)
	case co.EffectiveDateText != "":
		g.set(s, cc.EffectiveDate, co.EffectiveDateText)
	}
}

func (g *gemWriter) declaration(d3 string) {
	s, l, d := SheetDeclaration, g.l, g.d
	// E, F, H and I are gaps (RMI's cells sit in D, G and J).
	g.declarationTop(GemstoneTitle, GemstoneVersionText, d3, []colWidth{
		{"B", "B", 62}, {"C", "C", 22}, {"D", "D", 34}, {"G", "G", 36}, {"A", "A", 2}, {"E", "F", 2}, {"H", "I", 2}, {"J", "J", 40},
	}, g.tr)

	answers := map[string]Answer{}
	for _, a := range d.Answers {
		answers[a.Question+"|"+a.Mineral] = a
	}
	fill := func(ref, commentRef string, a Answer) {
		g.style(s, ref, ref, g.input)
		g.style(s, commentRef, commentRef, g.input)
		if a.Value != "" {
			g.set(s, ref, a.Value)
		}
		if a.Comment != "" {
			g.set(s, commentRef, a.Comment)
		}
	}
	heading := l.Questions[0].FirstRow - 2
	g.set(s, "B"+strconv.Itoa(heading), g.tr("Questions per material"))
	g.set(s, "D"+strconv.Itoa(heading), g.tr("Answer"))
	g.set(s, "G"+strconv.Itoa(heading), g.tr("Comments"))
	g.style(s, "B"+strconv.Itoa(heading), "G"+strconv.Itoa(heading), g.head)
	for _, q := range l.Questions {
		label := q.ID + ") " + g.tr(q.Text)
		if !q.Uncounted {
			label = mandatory(label)
		}
		hr := strconv.Itoa(q.FirstRow - 1)
		g.set(s, "B"+hr, label)
		g.style(s, "B"+hr, "B"+hr, g.label)
		if g.err == nil {
			g.err = g.f.MergeCell(s, "B"+hr, "G"+hr)
		}
		if g.err == nil {
			g.err = g.f.SetRowHeight(s, q.FirstRow-1, 30)
		}
		for i, m := range l.Minerals {
			if len(q.OnlyMinerals) > 0 && !in(m, q.OnlyMinerals) {
				continue
			}
			row := strconv.Itoa(q.FirstRow + i)
			g.set(s, "C"+row, g.tr(m))
			fill(q.Cell(i), q.CommentCell(i), answers[q.ID+"|"+m])
			g.dropdown(s, q.Cell(i), g.listFor(q.Options))
		}
	}
	cq := l.CompanyQuestions[0]
	_, cr := xlsx.MustSplitRef(cq.Cell)
	g.set(s, "B"+strconv.Itoa(cr-1), g.tr("Company-level questions"))
	g.style(s, "B"+strconv.Itoa(cr-1), "G"+strconv.Itoa(cr-1), g.head)
	for _, q := range l.CompanyQuestions {
		_, row := xlsx.MustSplitRef(q.Cell)
		g.set(s, "B"+strconv.Itoa(row), mandatory(q.ID+") "+g.tr(q.Text)))
		g.style(s, "B"+strconv.Itoa(row), "B"+strconv.Itoa(row), g.label)
		if g.err == nil {
			g.err = g.f.SetRowHeight(s, row, 30)
		}
		fill(q.Cell, q.CommentCell, answers[q.ID+"|"])
		g.dropdown(s, q.Cell, g.listFor(q.Options))
	}
}

func (g *gemWriter) sources() {
	s, ml := SheetSources, g.l.Mines
	g.set(s, "A1", g.tr("Mines, traders, cutting and polishing centres"))
	g.style(s, "A1", "A1", g.title)
	heads := []struct{ col, label string }{
		{ml.Metal, "Material"}, {ml.Source, "Type"}, {ml.MineName, "Name"}, {ml.Country, "Country"},
		{ml.MineID, "Kimberley Process certificate ID"}, {ml.Comments, "RJC certificate ID"},
	}
	hr := strconv.Itoa(ml.HeaderRow)
	for _, h := range heads {
		g.set(s, h.col+hr, g.tr(h.label))
		if g.err == nil {
			g.err = g.f.SetColWidth(s, h.col, h.col, 30)
		}
	}
	g.style(s, "A"+hr, ml.Comments+hr, g.head)
	first, last := strconv.Itoa(ml.FirstRow), strconv.Itoa(ml.LastRow)
	g.style(s, "A"+first, ml.Comments+last, g.input)
	g.dropdown(s, ml.Metal+first+":"+ml.Metal+last, g.lists["materials"])
	g.dropdown(s, ml.Source+first+":"+ml.Source+last, g.lists["types"])
	g.dropdown(s, ml.Country+first+":"+ml.Country+last, g.lists["countries"])
	for i, m := range g.d.Mines {
		if ml.FirstRow+i > ml.LastRow {
			g.err = fmt.Errorf("%d sources, the sheet holds %d", len(g.d.Mines), ml.LastRow-ml.FirstRow+1)
			return
		}
		r := strconv.Itoa(ml.FirstRow + i)
		for _, c := range []struct{ col, v string }{{ml.Metal, m.Metal}, {ml.Source, m.Source}, {ml.MineName, m.MineName},
			{ml.Country, m.Country}, {ml.MineID, m.MineID}, {ml.Comments, m.Comments}} {
			if c.v != "" {
				g.set(s, c.col+r, c.v)
			}
		}
	}
}

// checkerSheet writes the project templates' Checker sheet: one row per
// mandatory field with a live formula giving 1 while it is missing, and
// their sum in D2 (where RMI's Checker keeps its count, so one LibreOffice
// oracle reads every template). newChecker writes the title, the header and
// the company block's rows; the family adds its questions; total closes it.
type checkerSheet struct {
	g   *gemWriter
	row int
}

func (g *gemWriter) newChecker(tr func(string) string) *checkerSheet {
	s := SheetChecker
	g.set(s, "B1", tr("Checker"))
	g.style(s, "B1", "B1", g.title)
	g.set(s, "B2", tr("Mandatory fields left"))
	if g.err == nil {
		g.err = g.f.SetColWidth(s, "B", "B", 70)
	}
	g.set(s, "B5", tr("Field"))
	g.set(s, "C5", tr("Cell"))
	g.set(s, "D5", tr("Missing (1 = yes)"))
	g.style(s, "B5", "D5", g.head)
	c := &checkerSheet{g: g, row: 6}
	cc := g.l.Company
	c.add(tr("Company name (Legal name)"), cc.Name, ckBlank(cc.Name))
	c.add(tr("Declaration scope"), cc.Scope, ckBlank(cc.Scope))
	c.add(tr("Description of scope"), cc.ScopeDescription, fmt.Sprintf(`AND(NOT(%s),TRIM(%s)<>%q,TRIM(%s)<>%q,%s)`,
		ckBlank(cc.Scope), ckRef(cc.Scope), ScopeCompany, ckRef(cc.Scope), ScopeProduct, ckBlank(cc.ScopeDescription)))
	c.add(tr("Contact name"), cc.ContactName, ckBlank(cc.ContactName))
	c.add(tr("Contact e-mail"), cc.ContactEmail, ckEmail(cc.ContactEmail))
	c.add(tr("Contact phone"), cc.ContactPhone, ckBlank(cc.ContactPhone))
	c.add(tr("Authorizer"), cc.Authorizer, ckBlank(cc.Authorizer))
	c.add(tr("E-mail (authorizer)"), cc.AuthorizerEmail, ckEmail(cc.AuthorizerEmail))
	c.add(tr("Effective date (YYYY-MM-DD)"), cc.EffectiveDate, ckBlank(cc.EffectiveDate))
	return c
}

// add writes a row counting the field at cell while cond holds.
func (c *checkerSheet) add(label, cell, cond string) {
	r := strconv.Itoa(c.row)
	c.g.set(SheetChecker, "B"+r, label)
	c.g.set(SheetChecker, "C"+r, cell)
	c.g.formula(SheetChecker, "D"+r, "IF("+cond+",1,0)")
	c.row++
}

// total writes the count of fields left in D2.
func (c *checkerSheet) total() {
	c.g.formula(SheetChecker, "D2", fmt.Sprintf("SUM(D6:D%d)", c.row-1))
	c.g.style(SheetChecker, "D2", "D2", c.g.locked)
}

// ckRef, ckBlank and ckEmail are Checker formulas over a
// Declaration cell: its reference, "empty", "empty or no @".
func ckRef(cell string) string   { return "Declaration!" + cell }
func ckBlank(cell string) string { return "LEN(TRIM(" + ckRef(cell) + "))=0" }
func ckEmail(cell string) string {
	return "OR(" + ckBlank(cell) + ",ISERROR(FIND(\"@\"," + ckRef(cell) + ")))"
}

// checker writes the Gemstone template's Checker under the rules Check
// applies to the family: question 1 always; the other counted questions and
// the company-level questions while a material is not answered "No";
// question B's comment when B is "Yes".
func (g *gemWriter) checker() {
	l := g.l
	c := g.newChecker(g.tr)
	add, ref, blank := c.add, ckRef, ckBlank
	q1 := l.Questions[0]
	var used []string
	for i := range l.Minerals {
		used = append(used, fmt.Sprintf(`TRIM(%s)<>"No"`, ref(q1.Cell(i))))
	}
	for _, q := range l.Questions {
		if q.Uncounted {
			continue
		}
		for i, m := range l.Minerals {
			if len(q.OnlyMinerals) > 0 && !in(m, q.OnlyMinerals) {
				continue
			}
			cond := blank(q.Cell(i))
			if q.Need != NeedAlways {
				cond = "AND(" + used[i] + "," + cond + ")"
			}
			add(q.ID+") "+g.tr(m), q.Cell(i), cond)
		}
	}
	anyUsed := "OR(" + strings.Join(used, ",") + ")"
	for _, q := range l.CompanyQuestions {
		add(q.ID+")", q.Cell, "AND("+anyUsed+","+blank(q.Cell)+")")
		if q.CommentRequiredWhen != "" {
			add(q.ID+") "+g.tr("Comments"), q.CommentCell, fmt.Sprintf(`AND(%s,TRIM(%s)=%q,LEN(TRIM(%s))<=1)`, anyUsed, ref(q.Cell), q.CommentRequiredWhen, ref(q.CommentCell)))
		}
	}
	c.total()
}

// GemDate reads the Gemstone template's RJC expiry answer: YYYY-MM-DD text
// or a date typed into the cell (an Excel serial number, 1900 system).
func GemDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s[:min(len(s), 10)]); err == nil {
		return t, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if t, err := dateFromSerial(f, false); err == nil {
			return t, true
		}
	}
	if t, err := ParseDateText(s); err == nil {
		return t, true
	}
	return time.Time{}, false
}
