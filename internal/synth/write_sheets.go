package synth

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/xlsx"
)

// The workbook's smaller sheets: Revision, Instructions, Definitions,
// Product List, Minerals Scope, and the hidden C, SorP and L, and the
// workbook names the formulas and dropdowns use.

// revisionSheet writes the document title and the revision history, ending
// with the file's own revision.
func (w *writer) revisionSheet() error {
	f, s := w.f, cmrt.SheetRevision
	names, hidden := w.sheets()
	set := func(ref string, v any) error { return f.SetCellValue(s, ref, v) }
	for _, c := range [][2]string{{"B2", "DOCUMENT TITLE"}, {"B3", w.spec.revisionTitle}, {"B4", "SHEET"},
		{"B5", fmt.Sprintf("1 of %d", len(names)-len(hidden))}, {"B9", "REVISION HISTORY"},
		{"B12", "REVISION"}, {"C12", "ORIGINATOR"}, {"D12", "RELEASE DATE"}, {"E12", "DESCRIPTION OF FUNCTIONAL CHANGE"}} {
		if err := set(c[0], c[1]); err != nil {
			return err
		}
	}
	row := 13
	found := false
	for _, h := range w.spec.history {
		if cmrt.VersionLess(w.l.Version, h.version) {
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
	title := w.spec.titles.at(w.l.Version)
	texts := map[string][][2]string{
		"Instructions": {
			{"A1", "Instructions for completing the " + title + ", revision " + w.l.Version + "."},
			{"A3", "Complete the Declaration tab, then list the smelters in the Smelter List tab and, when the scope is a product list, the products in the Product List tab."},
			{"A4", "Fields marked with an asterisk (*) are mandatory; the Checker tab counts those left incomplete."},
		},
		"Definitions": {{"B2", "Definitions"}},
	}
	for i, g := range w.spec.glossary {
		texts["Definitions"] = append(texts["Definitions"], [2]string{"B" + strconv.Itoa(4+i), g[0] + ": " + g[1]})
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

// productList writes the Product List cell by cell (text in the shared
// strings, as Excel saves it), with the revision's column headers.
func (w *writer) productList() error {
	f, s, pl := w.f, cmrt.SheetProductList, w.l.Products
	if err := f.SetCellStr(s, "A1", w.label(s, "A1", `Completion required only if reporting level "Product (or List of Products)" selected on the 'Declaration' worksheet.`)); err != nil {
		return err
	}
	if err := f.SetCellStr(s, "B4", "Click here to return to Declaration tab"); err != nil {
		return err
	}
	who := "Manufacturer’s"
	switch {
	case pl.RequesterNumber != "":
		who = "Responder"
	case w.since(w.spec.responderFrom):
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
	if err := f.SetCellStr(s, "B"+strconv.Itoa(pl.LastRow+1), w.copyright()); err != nil {
		return err
	}
	last := pl.Comments
	if last == "" {
		last = "D"
	}
	if err := f.SetColWidth(s, "B", last, 36); err != nil {
		return err
	}
	return w.protect(s)
}

// mineralsScopeSheet writes the AMRT's Minerals Scope: the requester's
// explanation of why each mineral is asked about, a dropdown of the picked
// minerals per row. Suppliers return it as received, here empty.
func (w *writer) mineralsScopeSheet() error {
	s := sheetMineralsScope
	if !w.has(s) {
		return nil
	}
	if err := w.protect(s); err != nil {
		return err
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "B8:B17"
	dv.SetSqrefDropList("listIndex")
	if err := w.f.AddDataValidation(s, dv); err != nil {
		return err
	}
	rs := newRowSet()
	lf := labelFormula(s)
	rs.set("B4", "Click here to return to Declaration tab")
	rs.set("B5", w.fcell(lf, w.label(s, "B5", "The Minerals Scope tab may be completed by the AMRT requester to provide additional details on the specified minerals."), w.styles.wrap))
	rs.set("B6", w.fcell(lf, w.label(s, "B6", "Downstream companies are expected to collect the relevant data within their supply chains; the requester may explain here why each mineral is included."), w.styles.wrap))
	rs.set("B7", "Select Minerals/Metals in Scope")
	rs.set("C7", "Reasons for inclusion on the AMRT")
	for r := 8; r <= 17; r++ {
		rs.set(rowRef("B", r), excelize.Cell{StyleID: w.styles.input})
		rs.set(rowRef("C", r), excelize.Cell{StyleID: w.styles.inputWrap})
	}
	return w.stream(s, rs, map[string]float64{"A": 3, "B": 40, "C": 80}, nil, [][2]string{{"B5", "C5"}, {"B6", "C6"}})
}

// countries writes sheet C: code and RMI's upper-case name.
func (w *writer) countries() error {
	rs := newRowSet()
	rs.set("A1", "COUNTRY CODE LIST")
	rs.set("B1", "FULL NAME")
	for i, c := range countries {
		rs.setRC(i+2, 1, c[0])
		rs.setRC(i+2, 2, c[1])
	}
	return w.stream(cmrt.SheetCountries, rs, nil, nil, nil)
}

// subdivisions writes sheet SorP: code, name and, where the revision has
// it, the matching key country code & name.
func (w *writer) subdivisions() error {
	rs := newRowSet()
	key := w.since(w.spec.sorpKeyFrom)
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
	return w.stream(cmrt.SheetL, rs, nil, nil, nil)
}

// names defines RMI's workbook names the formulas and dropdowns use.
func (w *writer) names() error {
	l, sl := w.l, w.l.Smelters
	lastLang := xlsx.ColumnName(4 + len(l.Languages) - 1)
	names := []excelize.DefinedName{
		{Name: "SL", Comment: "Selected Language", RefersTo: "Declaration!$P$3"},
		{Name: "LN", Comment: "language list for dropdown", RefersTo: "L!$D$1:$" + lastLang + "$1"},
		{Name: "CL", Comment: "CountryList", RefersTo: fmt.Sprintf("'C'!$B$2:$B$%d", len(countries)+1)},
		{Name: "SmelterIdetifiedForMetal", RefersTo: fmt.Sprintf("'Smelter List'!$%s$%d:$%s$%d", sl.Metal, sl.FirstRow, sl.Metal, sl.LastRow)},
	}
	if sl.LookupName != "" {
		names = append(names, excelize.DefinedName{Name: "SN", Comment: "smelter list for dropdown",
			RefersTo: fmt.Sprintf("OFFSET('Smelter Look-up'!$B$4,MATCH('Smelter List'!$%s1,'Smelter Look-up'!$A:$A,0)-4,0,COUNTIF('Smelter Look-up'!$A:$A,'Smelter List'!$%s1),1)", sl.Metal, sl.Metal)})
	}
	if len(l.MineralCells) == 0 {
		metals := w.metalList()
		c, r := xlsx.MustSplitRef(w.spec.metalListCell)
		names = append(names, excelize.DefinedName{Name: "Metal", Comment: "metal list for dropdown",
			RefersTo: fmt.Sprintf("'Smelter List'!$%s$%d:$%s$%d", c, r, colShift(c, len(metals)-1), r), Scope: cmrt.SheetSmelterList})
	} else {
		spread := func(col string, first, last int) string {
			rng := fmt.Sprintf("Declaration!$%s$%d:$%s$%d", col, first, col, last)
			return fmt.Sprintf(`Declaration!$%s$%d:INDEX(%s,SUMPRODUCT(--(%s<>"")))`, col, first, rng, rng)
		}
		_, r0 := xlsx.MustSplitRef(l.MineralCells[0])
		names = append(names, excelize.DefinedName{Name: "listIndex", Comment: "minerals in scope",
			RefersTo: spread(colShift("P", l.Slots+1), r0, r0+l.Slots-1)})
		if md := w.spec.metalDrop; md.name != "" {
			col, first, last := w.metalDropRange()
			names = append(names, excelize.DefinedName{Name: md.name, Comment: "metals for the Smelter List", RefersTo: spread(col, first, last)})
		}
	}
	if w.combined() && l.Mines != nil {
		names = append(names, excelize.DefinedName{Name: "SSLX", Comment: "smelters of a metal for the Mine List",
			RefersTo: fmt.Sprintf("OFFSET('Smelter List'!$%s$4,MATCH('Mine List'!$%s1,'Smelter List'!$%s:$%s,0)-4,0,COUNTIF('Smelter List'!$%s:$%s,'Mine List'!$%s1),1)",
				w.h.combSmelter, l.Mines.Metal, w.h.combMetal, w.h.combMetal, w.h.combMetal, w.h.combMetal, l.Mines.Metal)})
	}
	for _, n := range names {
		n := n
		if err := w.f.SetDefinedName(&n); err != nil {
			return err
		}
	}
	return nil
}
