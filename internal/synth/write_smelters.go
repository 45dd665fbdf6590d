package synth

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/xlsx"
)

// The Smelter Look-up, the Smelter List (with a look-up column and RMI's
// auto-fill formulas, or AMRT 1.2's typed columns) and the Mine List.

// lookupHeaders are the Smelter Look-up's columns A–I.
var lookupHeaders = []string{"Metal", "Smelter Look-up (*)", "Standard Smelter Names", "Smelter Facility Location: Country",
	"Smelter ID", "Source of Smelter Identification Number", "Smelter Street ", "Smelter City", "Smelter Facility Location: State / Province"}

func (w *writer) lookupSheet() error {
	s := cmrt.SheetLookup
	if !w.has(s) {
		return nil
	}
	if err := w.protect(s); err != nil {
		return err
	}
	rs := newRowSet()
	rs.set("A1", w.fcell(labelFormula(s), w.label(s, "A1", "The following list represents the RMI's smelter name/alias information as of this template's release. This list is updated frequently; the most up-to-date version is on the RMI website."), w.styles.wrap))
	for i, h := range lookupHeaders {
		ref := xlsx.ColumnName(i+1) + "4"
		rs.set(ref, w.fcell(labelFormula(s), w.label(s, ref, h), 0))
	}
	rs.set("J4", "METAL+Alias")
	rs.set("K4", "METAL+Alias")
	kIsAlias := w.since(w.spec.lookupKeyAliasFrom)
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

// smelterField is one Smelter List column: its letter in the layout, its
// header and the row's value.
type smelterField struct {
	col, header string
	value       func(*cmrt.SmelterRow) string
}

// smelterFields are the Smelter List's columns present in the layout, with
// the revision's headers.
func (w *writer) smelterFields() []smelterField {
	sl := w.l.Smelters
	name := "Smelter Name (1)"
	if w.since(w.spec.nameRequiredFrom) {
		name = "Smelter Name (*)"
	}
	all := []smelterField{
		{sl.CIDInput, "Smelter Identification Number Input Column", func(s *cmrt.SmelterRow) string { return s.CIDInput }},
		{sl.Metal, "Metal (*)", func(s *cmrt.SmelterRow) string { return s.Metal }},
		{sl.LookupName, "Smelter Look-up (*)", func(s *cmrt.SmelterRow) string { return s.LookupName }},
		{sl.Name, name, func(s *cmrt.SmelterRow) string { return s.Name }},
		{sl.Country, "Smelter Country (*)", func(s *cmrt.SmelterRow) string { return s.Country }},
		{sl.CID, "Smelter Identification", func(s *cmrt.SmelterRow) string { return s.CID }},
		{sl.Source, "Source of Smelter Identification Number", func(s *cmrt.SmelterRow) string { return s.Source }},
		{sl.Street, "Smelter Street ", func(s *cmrt.SmelterRow) string { return s.Street }},
		{sl.City, "Smelter City", func(s *cmrt.SmelterRow) string { return s.City }},
		{sl.State, "Smelter Facility Location: State / Province", func(s *cmrt.SmelterRow) string { return s.State }},
		{sl.ContactName, "Smelter Contact Name", func(s *cmrt.SmelterRow) string { return s.ContactName }},
		{sl.ContactEmail, "Smelter Contact Email", func(s *cmrt.SmelterRow) string { return s.ContactEmail }},
		{sl.NextSteps, "Proposed next steps", func(s *cmrt.SmelterRow) string { return s.NextSteps }},
		{sl.MineName, `Name of Mine(s) or if recycled or scrap sourced, enter "recycled" or "scrap"`, func(s *cmrt.SmelterRow) string { return s.MineName }},
		{sl.MineCountry, `Location (Country) of Mine(s) or if recycled or scrap sourced, enter "recycled" or "scrap"`, func(s *cmrt.SmelterRow) string { return s.MineCountry }},
		{sl.Recycled, "Does 100% of the smelter’s feedstock originate from recycled or scrap sources?", func(s *cmrt.SmelterRow) string { return s.Recycled }},
		{sl.Comments, "Comments", func(s *cmrt.SmelterRow) string { return s.Comments }},
	}
	var out []smelterField
	for _, f := range all {
		if f.col != "" {
			out = append(out, f)
		}
	}
	return out
}

func isPseudo(s string) bool {
	return strings.EqualFold(s, cmrt.SmelterNotListed) || strings.EqualFold(s, cmrt.SmelterNotIdentified)
}

// metalList is a fixed-mineral template's metal dropdown, in RMI's order.
func (w *writer) metalList() []string {
	if w.spec.metalList != nil {
		return w.spec.metalList
	}
	return w.l.Minerals
}

// metalSource is the Smelter and Mine Lists' metal dropdown source.
func (w *writer) metalSource() string {
	if len(w.l.MineralCells) > 0 {
		return w.spec.metalDrop.name
	}
	return "Metal"
}

// combined reports the Smelter List's combined metal/smelter helpers.
func (w *writer) combined() bool {
	return w.h.combMetal != "" && w.l.Smelters.LookupName != "" && w.since(w.spec.combinedFrom)
}

// absRef makes "X4" "$X$4".
func absRef(ref string) string {
	c, r := xlsx.MustSplitRef(ref)
	return "$" + c + "$" + strconv.Itoa(r)
}

func (w *writer) smelterList() error {
	s, sl, h := cmrt.SheetSmelterList, w.l.Smelters, w.h
	fields := w.smelterFields()
	if sl.Metal == "" || sl.Name == "" || sl.Country == "" {
		return fmt.Errorf("%w: a Smelter List without metal, name or country columns", cmrt.ErrUnsupported)
	}
	if sl.LookupName != "" && strings.Join([]string{sl.CIDInput, sl.Metal, sl.LookupName, sl.Name, sl.Country, sl.CID, sl.Source, sl.Street, sl.City, sl.State}, "") != "ABCDEFGHIJ" {
		return fmt.Errorf("%w: writing a Smelter List with look-up columns %v", cmrt.ErrUnsupported, fields)
	}
	if err := w.protect(s); err != nil {
		return err
	}
	last := strconv.Itoa(sl.LastRow)
	first := strconv.Itoa(sl.FirstRow)
	yn, ynRow := xlsx.MustSplitRef(h.yesNo)
	drops := [][2]string{{sl.Metal, w.metalSource()}, {sl.Country, "CL"},
		{sl.Recycled, fmt.Sprintf("$%s$%d:$%s$%d", yn, ynRow, yn, ynRow+2)}}
	if sl.LookupName != "" {
		drops = append(drops, [2]string{sl.LookupName, "SN"})
	}
	if err := w.dropLists(s, first, last, drops); err != nil {
		return err
	}
	rs := newRowSet()
	lf := labelFormula(s)
	rs.set(h.marker, "z")
	rs.set("B2", w.fcell(lf, w.label(s, "B2", "TO BEGIN:"), 0))
	rs.set("J2", w.fcell(lf, w.label(s, "J2", `Link to "RMAP Conformant Smelter List"`), 0))
	if sl.LookupName != "" {
		rs.set("B3", w.fcell(lf, w.label(s, "B3", "Option A: If you know the Smelter Identification Number, input the number in Column A; columns B, C, E, F, G, I and J auto-populate.\nOption B: Select the Metal in column B, then the smelter in column C.\nOption C: Select the Metal in column B, select \"Smelter Not Listed\" in column C and complete columns D and E.\n(*) Mandatory fields."), w.styles.wrap))
	} else {
		rs.set("B3", w.fcell(lf, w.label(s, "B3", "Select the Metal in column A, then enter the smelter's name and country in columns B and C and any further details.\n(*) Mandatory fields."), w.styles.wrap))
	}
	rs.set("G3", w.fcell(copyrightFormula, w.copyright(), 0))
	rs.set(rowRef(sl.LastColumn, 3), excelize.Cell{Value: w.spec.smelterRevisionWord.at(w.l.Version) + strings.TrimPrefix(w.l.RevisionText(), "Revision"), StyleID: w.styles.wrap})
	if len(w.l.MineralCells) == 0 {
		c, r := xlsx.MustSplitRef(w.spec.metalListCell)
		for i, m := range w.metalList() {
			rs.set(rowRef(colShift(c, i), r), m)
		}
	}
	for i, o := range []string{"Yes", "No", "Unknown"} {
		ref := rowRef(yn, ynRow+i)
		if h.yesNoLocalized {
			rs.set(ref, w.fcell(lf, w.optionLabel(s, ref, o), 0))
		} else {
			rs.set(ref, o)
		}
	}
	for _, f := range fields {
		ref := f.col + strconv.Itoa(sl.HeaderRow)
		rs.set(ref, w.fcell(lf, w.label(s, ref, f.header), w.styles.wrap))
	}
	hdr := func(col, text string) {
		if col != "" {
			rs.set(rowRef(col, sl.HeaderRow), text)
		}
	}
	if sl.LookupName == "" {
		hdr(h.std, "Standard Smelter Name (Not in use)")
	} else {
		hdr(h.std, "Standard Smelter Name")
	}
	hdr(h.cc, "Country Code")
	hdr(h.state, "State / Province Code")
	hdr(h.missing, "Missing Entry Check")
	hdr(h.counter, "Smelter Counter")
	if h.notIdentified != "" {
		rs.set(h.notIdentified, cmrt.SmelterNotIdentified)
		rs.set(h.notListed, "Smelter Not Listed")
	}
	if w.combined() {
		hdr(h.combMetal, "Combined Metal")
		hdr(h.combSmelter, "Combined Smelter")
	}

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
	byRow := map[int]*cmrt.SmelterRow{}
	for i := range rows {
		byRow[rows[i].Row] = &rows[i]
	}
	for r := sl.FirstRow; r <= lastRow; r++ {
		sr := byRow[r]
		if sl.LookupName == "" {
			w.smelterRowFree(rs, r, sr)
		} else {
			w.smelterRow(rs, r, sr)
		}
	}
	widths := map[string]float64{}
	for _, f := range fields {
		widths[f.col] = 18
	}
	return w.stream(s, rs, widths, []string{h.hidden}, [][2]string{{"B3", "F3"}})
}

// smelterRows numbers the declared rows: each keeps its Row when set, the
// others follow on.
func (w *writer) smelterRows() ([]cmrt.SmelterRow, error) {
	sl := w.l.Smelters
	rows := append([]cmrt.SmelterRow(nil), w.d.Smelters...)
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

// smelterRowFree writes one row of a Smelter List without look-up (AMRT
// 1.2): every column typed, the hidden country and state codes, key,
// missing-entry check and counter as RMI's formulas.
func (w *writer) smelterRowFree(rs *rowSet, r int, s *cmrt.SmelterRow) {
	sl, h := w.l.Smelters, w.h
	n := strconv.Itoa(r)
	var sr cmrt.SmelterRow
	if s != nil {
		sr = *s
	}
	for _, f := range w.smelterFields() {
		if v := f.value(&sr); v != "" {
			rs.set(f.col+n, excelize.Cell{Value: v, StyleID: w.styles.input})
		}
	}
	a, b, c, st := sl.Metal+n, sl.Name+n, sl.Country+n, sl.State+n
	cc := xs("")
	if sr.Metal != "" {
		cc = xs(countryCode(sr.Country))
	}
	rs.set(h.cc+n, w.fcell(`IF(`+a+`="","",IF(ISERROR(MATCH($`+c+`,CL,0)),"Unknown",INDIRECT("'C'!$A$"&MATCH($`+c+`,CL,0)+1)))`, cc.cached(), 0))
	state := xs("")
	if sr.Metal != "" && sr.State != "" {
		state = subdivisionCode(cc.s, sr.State, true)
	}
	rs.set(h.state+n, w.fcell(`IF(`+a+`="","",IF(ISERROR(MATCH($`+st+`,SorP!B:B,0)),"",INDIRECT("'SorP'!$A$"&MATCH($`+h.cc+n+`&$`+st+`,SorP!C:C,0))))`, state.cached(), 0))
	rs.set(h.key+n, w.fcell(a+"&"+b, sr.Metal+sr.Name, 0))
	missing := sr.Name == "" || sr.Country == ""
	rs.set(h.missing+n, w.fcell("OR(ISBLANK("+b+"),ISBLANK("+c+"))", missing, 0))
	counter := ""
	if !missing {
		counter = sr.Metal + "+"
	}
	rs.set(h.counter+n, w.fcell(`IF(`+h.missing+n+`,"",`+a+`&"+")`, counter, 0))
	if s != nil {
		w.sl = append(w.sl, slEff{b: xs(sr.Metal), c: xs(""), d: xs(sr.Name), e: xs(sr.Country)})
	}
}

// countryCode is the code of a country name in sheet C, "Unknown" when
// the name is not in it.
func countryCode(name string) string {
	for _, ct := range countries {
		if strings.EqualFold(ct[1], name) {
			return ct[0]
		}
	}
	return "Unknown"
}

// subdivisionCode finds a state's code by name, or with the SorP key by
// country code & name (an error when that key is not found).
func subdivisionCode(cc, state string, key bool) xval {
	for _, sp := range subdivisions {
		if !strings.EqualFold(sp[1], state) {
			continue
		}
		if !key {
			return xs(sp[0])
		}
		for _, sp2 := range subdivisions {
			if strings.EqualFold(sp2[0][:2]+sp2[1], cc+state) {
				return xs(sp2[0])
			}
		}
		return xerr
	}
	return xs("")
}

// smelterRow writes one Smelter List row with a look-up column (s nil: an
// empty template row with its formulas), evaluating the template's formulas
// as Excel would.
func (w *writer) smelterRow(rs *rowSet, r int, s *cmrt.SmelterRow) {
	h := w.h
	n := strconv.Itoa(r)
	in := w.styles.input
	var sr cmrt.SmelterRow
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
	lk := func(i int, field func(cmrt.LookupRow) string, amp bool) xval {
		v := field(w.look[i])
		if v == "" && !amp { // OFFSET on an empty cell gives 0
			return xval{num: true}
		}
		return xs(v)
	}
	m := "$" + h.match + n

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

	// The match column: the Look-up row matched by metal & look-up name
	// (or, where the revision does so, metal & typed name for the pseudo
	// entries).
	notListedLookup := w.since(w.spec.notListedLookupFrom)
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
	pick := func(field func(cmrt.LookupRow) string, amp bool) xval {
		if vErr {
			return xs("")
		}
		return lk(v, field, amp)
	}
	e := formulaOr("E", `IF(ISERROR(`+m+`),"",OFFSET('Smelter Look-up'!$D$4,`+m+`-4,0)&"")`, pick(func(x cmrt.LookupRow) string { return x.Country }, true), sr.Country)
	formulaOr("F", `IF(ISERROR(`+m+`),"",OFFSET('Smelter Look-up'!$E$4,`+m+`-4,0))`, pick(func(x cmrt.LookupRow) string { return x.CID }, false), sr.CID)
	var gCalc xval
	switch {
	case c.eq("Smelter Not Listed") && (vErr || !notListedLookup):
		gCalc = xs("Enter smelter details")
	case c.eq("Smelter Not Listed"):
		gCalc = xs("RMI")
	default:
		gCalc = pick(func(x cmrt.LookupRow) string { return x.Source }, false)
	}
	nl := absRef(h.notListed)
	gFormula := `IF(C` + n + `=` + nl + `,IF(ISERROR(` + m + `),"Enter smelter details","RMI"),IF(ISERROR(` + m + `),"",OFFSET('Smelter Look-up'!$F$4,` + m + `-4,0)))`
	if !notListedLookup {
		gFormula = `IF(C` + n + `=` + nl + `,"Enter smelter details",IF(ISERROR(` + m + `),"",OFFSET('Smelter Look-up'!$F$4,` + m + `-4,0)))`
	}
	formulaOr("G", gFormula, gCalc, sr.Source)
	formulaOr("H", `IF(ISERROR(`+m+`),"",OFFSET('Smelter Look-up'!$G$4,`+m+`-4,0))`, pick(func(x cmrt.LookupRow) string { return x.Street }, false), sr.Street)
	formulaOr("I", `IF(ISERROR(`+m+`),"",OFFSET('Smelter Look-up'!$H$4,`+m+`-4,0))`, pick(func(x cmrt.LookupRow) string { return x.City }, false), sr.City)
	j := formulaOr("J", `IF(ISERROR(`+m+`),"",OFFSET('Smelter Look-up'!$I$4,`+m+`-4,0))`, pick(func(x cmrt.LookupRow) string { return x.State }, false), sr.State)
	sl := w.l.Smelters
	typed(sl.ContactName, sr.ContactName)
	typed(sl.ContactEmail, sr.ContactEmail)
	typed(sl.NextSteps, sr.NextSteps)
	typed(sl.MineName, sr.MineName)
	typed(sl.MineCountry, sr.MineCountry)
	typed(sl.Recycled, sr.Recycled)
	typed(sl.Comments, sr.Comments)

	// Hidden helpers.
	put(h.std, w.fcell(`IF(ISERROR(`+m+`),"",OFFSET('Smelter Look-up'!$C$4,`+m+`-4,0)&"")`, pick(func(x cmrt.LookupRow) string { return x.StandardName }, true).cached(), 0))
	cc := xs("")
	if !b.err && b.text() != "" && !e.err {
		cc = xs(countryCode(e.text()))
	}
	if b.err {
		cc = xerr
	}
	put(h.cc, w.fcell(`IF(B`+n+`="","",IF(ISERROR(MATCH($E`+n+`,CL,0)),"Unknown",INDIRECT("'C'!$A$"&MATCH($E`+n+`,CL,0)+1)))`, cc.cached(), 0))
	// The state code, found by name (and, where SorP has its key column, by
	// country code & name).
	sorpKey := w.since(w.spec.sorpKeyFrom)
	st := xs("")
	if b.err {
		st = xerr
	} else if b.text() != "" && !j.num && j.s != "" {
		st = subdivisionCode(cc.text(), j.s, sorpKey)
	}
	tFormula := `IF(B` + n + `="","",IF(ISERROR(MATCH($J` + n + `,SorP!$B$1:$B$6226,0)),"",INDIRECT("'SorP'!$A$"&MATCH($` + h.cc + n + `&$J` + n + `,SorP!C:C,0))))`
	if !sorpKey {
		tFormula = `IF(B` + n + `="","",IF(ISERROR(MATCH($J` + n + `,SorP!$B$1:$B$6226,0)),"",INDIRECT("'SorP'!$A$"&MATCH($J` + n + `,SorP!$B$1:$B$6226,0))))`
	}
	put(h.state, w.fcell(tFormula, st.cached(), 0))
	var vv any
	if !vErr {
		vv = float64(5 + v)
	}
	put(h.match, w.fcell(vFormula, vv, 0))
	flag := xval{num: true}
	if c.eq(cmrt.SmelterNotListed) && (len(d.text()) == 0 || len(e.text()) == 0) {
		flag.n = 1
	}
	put(h.flag, w.fcell(`IF(AND(C`+n+`="Smelter not listed",OR(LEN(D`+n+`)=0,LEN(E`+n+`)=0)),1,0)`, flag.cached(), 0))
	key := xs(b.text() + c.text())
	keyFormula := "B" + n + "&C" + n
	if w.since(w.spec.keyIfLookupFrom) {
		keyFormula = `IF(C` + n + `="","",B` + n + `)`
		key = b
		if c.text() == "" {
			key = xs("")
		}
	}
	if b.err || c.err {
		key = xerr
	}
	put(h.key, w.fcell(keyFormula, key.cached(), 0))
	if h.missing != "" {
		// C and E hold a formula or a value, never nothing: not blank.
		put(h.missing, w.fcell("OR(ISBLANK(C"+n+"),ISBLANK(E"+n+"))", false, 0))
		counter := xs(b.text() + "+")
		if b.err {
			counter = xerr
		}
		put(h.counter, w.fcell(`IF(`+h.missing+n+`,"",B`+n+`&"+")`, counter.cached(), 0))
	}
	if w.combined() {
		put(h.combMetal, w.fcell("B"+n, b.cached(), 0))
		cs := c
		if c.eq(cmrt.SmelterNotListed) {
			cs = d
		}
		put(h.combSmelter, w.fcell(`IF(C`+n+`="Smelter not listed",D`+n+`,C`+n+`)`, cs.cached(), 0))
	}
	if s != nil {
		w.sl = append(w.sl, slEff{b: b, c: c, d: d, e: e})
	}
}

// subdivisions is a small SorP sheet: ISO 3166-2 code and name, enough for
// the fixtures' smelters.
var subdivisions = [][2]string{
	{"AT-7", "Tirol"}, {"AU-WA", "Western Australia"}, {"BR-AM", "Amazonas"}, {"BR-MG", "Minas Gerais"},
	{"BR-RN", "Rio Grande do Norte"}, {"BR-RO", "Rondônia"}, {"BR-SP", "São Paulo"}, {"CA-ON", "Ontario"},
	{"CA-QC", "Quebec"}, {"CD-HK", "Haut-Katanga"}, {"CD-LU", "Lualaba"}, {"CL-AN", "Antofagasta"},
	{"CN-FJ", "Fujian"}, {"CN-GD", "Guangdong"}, {"CN-GX", "Guangxi"}, {"CN-HN", "Hunan"}, {"CN-JX", "Jiangxi"},
	{"CN-NX", "Ningxia"}, {"CN-SD", "Shandong"}, {"CN-YN", "Yunnan"}, {"CN-ZJ", "Zhejiang"},
	{"DE-BW", "Baden-Württemberg"}, {"DE-BY", "Bayern"}, {"DE-HH", "Hamburg"}, {"DE-NI", "Niedersachsen"},
	{"DE-SN", "Sachsen"}, {"FI-10", "Lappi"}, {"ID-BB", "Kepulauan Bangka Belitung"}, {"ID-JK", "Jakarta Raya"},
	{"IN-JH", "Jharkhand"}, {"IN-MH", "Maharashtra"},
	{"JP-04", "Miyagi"}, {"JP-13", "Tokyo"}, {"JP-14", "Kanagawa"}, {"JP-16", "Toyama"}, {"JP-23", "Aichi"},
	{"JP-27", "Osaka"}, {"JP-40", "Fukuoka"}, {"KR-26", "Busan"}, {"KR-28", "Incheon"}, {"KR-42", "Gangwon"},
	{"MY-07", "Pulau Pinang"}, {"MY-08", "Perak"}, {"MY-10", "Selangor"}, {"NO-46", "Vestland"},
	{"US-MI", "Michigan"}, {"US-OH", "Ohio"}, {"US-PA", "Pennsylvania"}, {"ZA-GP", "Gauteng"},
}

// mineField is one Mine List column.
type mineField struct {
	col, header string
	value       func(*cmrt.MineRow) string
}

func mineFields(ml *cmrt.MineListLayout) []mineField {
	return []mineField{
		{ml.Metal, "Metal", func(m *cmrt.MineRow) string { return m.Metal }},
		{ml.SmelterName, "Name of Smelter(s) sourcing from this Mine Facility", func(m *cmrt.MineRow) string { return m.SmelterName }},
		{ml.MineName, "Mine Facility (Site) Name", func(m *cmrt.MineRow) string { return m.MineName }},
		{ml.MineID, "Mine Identification (e.g. CID)", func(m *cmrt.MineRow) string { return m.MineID }},
		{ml.Source, "Source of Mine Facility Identification Number", func(m *cmrt.MineRow) string { return m.Source }},
		{ml.Country, "Mine Facility Country", func(m *cmrt.MineRow) string { return m.Country }},
		{ml.Street, "Mine Facility Street ", func(m *cmrt.MineRow) string { return m.Street }},
		{ml.City, "Mine Facility City", func(m *cmrt.MineRow) string { return m.City }},
		{ml.State, "Mine Facility Location: State / Province", func(m *cmrt.MineRow) string { return m.State }},
		{ml.ContactName, "Mine Facility Contact Name", func(m *cmrt.MineRow) string { return m.ContactName }},
		{ml.ContactEmail, "Mine Facility Contact Email", func(m *cmrt.MineRow) string { return m.ContactEmail }},
		{ml.NextSteps, "Proposed next steps", func(m *cmrt.MineRow) string { return m.NextSteps }},
		{ml.Comments, "Comments", func(m *cmrt.MineRow) string { return m.Comments }},
	}
}

// mineList writes the Mine List (EMRT 2.x, AMRT): the mines the supplier's
// smelters source from, typed, with RMI's hidden country and state codes,
// key, missing-entry check and counter.
func (w *writer) mineList() error {
	ml := w.l.Mines
	s := cmrt.SheetMineList
	if ml == nil {
		if len(w.d.Mines) > 0 {
			return fmt.Errorf("%w: %s %s has no Mine List for %d mine rows", cmrt.ErrUnsupported, w.l.Family, w.l.Version, len(w.d.Mines))
		}
		return nil
	}
	if err := w.protect(s); err != nil {
		return err
	}
	first, last := strconv.Itoa(ml.FirstRow), strconv.Itoa(ml.LastRow)
	drops := [][2]string{{ml.Metal, w.metalSource()}, {ml.Country, "CL"}}
	if w.combined() {
		drops = append(drops, [2]string{ml.SmelterName, "SSLX"})
	}
	if err := w.dropLists(s, first, last, drops); err != nil {
		return err
	}
	rs := newRowSet()
	lf := labelFormula(s)
	rs.set("B2", w.fcell(lf, w.label(s, "B2", "TO BEGIN:"), 0))
	rs.set("B3", w.fcell(lf, w.label(s, "B3", "Step 1. Select Metal in column A\nStep 2. Name the smelter(s) sourcing from this mine facility in column B\nStep 3. Enter the Mine Facility (Site) Name in column C\nStep 4. Enter all available mine information in columns D through M"), w.styles.wrap))
	rs.set(rowRef(ml.Comments, 3), excelize.Cell{Value: w.l.RevisionText(), StyleID: w.styles.wrap})
	fields := mineFields(ml)
	for _, f := range fields {
		ref := rowRef(f.col, ml.HeaderRow)
		rs.set(ref, w.fcell(lf, w.label(s, ref, f.header), w.styles.wrap))
	}
	// Hidden helpers after the last column (N…S as RMI's).
	hc := colShift(ml.Comments, 1)
	helper := func(i int) string { return colShift(hc, i) }
	for i, t := range []string{"Country Code", "State / Province Code", "", "", "Missing Entry Check", "Smelter Counter"} {
		if t != "" {
			rs.set(rowRef(helper(i), ml.HeaderRow), t)
		}
	}
	rows := append([]cmrt.MineRow(nil), w.d.Mines...)
	next := ml.FirstRow
	used := map[int]bool{}
	for i := range rows {
		if rows[i].Row == 0 {
			rows[i].Row = next
		}
		r := rows[i].Row
		if r < ml.FirstRow || r > ml.LastRow || used[r] {
			return fmt.Errorf("mine row %d outside the Mine List (%d–%d) or used twice", r, ml.FirstRow, ml.LastRow)
		}
		used[r] = true
		next = r + 1
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Row < rows[j].Row })
	lastRow := ml.LastRow
	if w.opts.TrimFormulaRows {
		lastRow = ml.FirstRow - 1
		if len(rows) > 0 {
			lastRow = rows[len(rows)-1].Row
		}
	}
	byRow := map[int]*cmrt.MineRow{}
	for i := range rows {
		byRow[rows[i].Row] = &rows[i]
	}
	for r := ml.FirstRow; r <= lastRow; r++ {
		n := strconv.Itoa(r)
		var m cmrt.MineRow
		if p := byRow[r]; p != nil {
			m = *p
		}
		for _, f := range fields {
			if v := f.value(&m); v != "" {
				rs.set(f.col+n, excelize.Cell{Value: v, StyleID: w.styles.input})
			}
		}
		a, b, c, ctry, st := ml.Metal+n, ml.SmelterName+n, ml.MineName+n, ml.Country+n, ml.State+n
		cc := ""
		if m.Metal != "" {
			cc = countryCode(m.Country)
		}
		rs.set(helper(0)+n, w.fcell(`IF(`+a+`="","",IF(ISERROR(MATCH($`+ctry+`,CL,0)),"Unknown",INDIRECT("'C'!$A$"&MATCH($`+ctry+`,CL,0)+1)))`, cc, 0))
		state := xs("")
		if m.Metal != "" && m.State != "" {
			state = subdivisionCode(cc, m.State, true)
		}
		rs.set(helper(1)+n, w.fcell(`IF(`+a+`="","",IF(ISERROR(MATCH($`+st+`,SorP!B:B,0)),"",INDIRECT("'SorP'!$A$"&MATCH($`+helper(0)+n+`&$`+st+`,SorP!C:C,0))))`, state.cached(), 0))
		rs.set(helper(3)+n, w.fcell(a+"&"+b, m.Metal+m.SmelterName, 0))
		missing := m.SmelterName == "" || m.MineName == ""
		rs.set(helper(4)+n, w.fcell("OR(ISBLANK("+b+"),ISBLANK("+c+"))", missing, 0))
		counter := ""
		if !missing {
			counter = m.Metal + "+"
		}
		rs.set(helper(5)+n, w.fcell(`IF(`+helper(4)+n+`,"",`+a+`&"+")`, counter, 0))
	}
	widths := map[string]float64{}
	for _, f := range fields {
		widths[f.col] = 20
	}
	return w.stream(s, rs, widths, []string{hc + ":" + helper(9)}, [][2]string{{"B3", "F3"}})
}

// dropLists adds the dropdowns of a list sheet: each pair is a column and
// the list (a range or defined name) offered in its rows first to last.
func (w *writer) dropLists(sheet, first, last string, drops [][2]string) error {
	for _, v := range drops {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = v[0] + first + ":" + v[0] + last
		dv.SetSqrefDropList(v[1])
		if err := w.f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	return nil
}
