package synth

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/xlsx"
)

// The Checker sheet: for every required field a row with the answer echoed
// in B and RMI's hidden F (necessary?), G (complete?) and H = F×G columns,
// their cached values computed under Excel's rules, and the total in D2.
// The CMRT's Checker reads question 2 only once question 1 is "Yes" (a
// gated Checker, Layout.Gated); the other families read each answer as it
// stands, per fixed mineral row or per slot.

// ckRow is one checked row of the Checker.
type ckRow struct {
	labelF, labelV string // A: a formula (echoing a Declaration label) or a literal
	bF             string // B: the echo ("" for none)
	bV             xval
	fF             string // F: a formula, or "" for the constant fV
	fV             int
	noF            bool   // F left empty (0): RMI's rows for slots it does not check
	gF             string // G
	gV             int
	hF             string // H when not F×G
	hV             int
	kF             string // K, a helper some rows have
	kV             any
	note           string
	uncounted      bool // outside the total
}

// ckSheet collects the Checker's rows.
type ckSheet struct {
	w        *writer
	rs       *rowSet
	r        int
	complete string
	total    int
	excluded map[int]bool
	scopeRow int
}

func b01(b bool) int {
	if b {
		return 1
	}
	return 0
}

// decl is =Declaration!ref as Excel sees it: an empty cell is 0.
func (c *ckSheet) decl(ref string) xval {
	if v, ok := c.w.decl[ref]; ok && !v.empty {
		return v
	}
	return xval{num: true}
}

func isZero(v xval) int { return b01(v.num && v.n == 0) }

func (c *ckSheet) declLabel(ref string) string { return c.w.decl[ref].s }

// heading writes a row echoing a Declaration heading.
func (c *ckSheet) heading(ref string) {
	c.rs.set("A"+strconv.Itoa(c.r), c.w.fcell("Declaration!"+ref, c.declLabel(ref), c.w.styles.wrap))
	c.r++
}

// put writes one checked row: label, echo, F, G, H and the notes, and
// returns its row.
func (c *ckSheet) put(x ckRow) int {
	w, rs := c.w, c.rs
	r := c.r
	n := strconv.Itoa(r)
	if x.labelF != "" {
		rs.set("A"+n, w.fcell(x.labelF, x.labelV, w.styles.wrap))
	} else {
		rs.set("A"+n, excelize.Cell{Value: x.labelV, StyleID: w.styles.wrap})
	}
	if x.bF != "" {
		rs.set("B"+n, w.fcell(x.bF, x.bV.cached(), 0))
	}
	fV := x.fV
	switch {
	case x.noF:
		fV = 0
	case x.fF == "":
		rs.set("F"+n, fV)
	default:
		rs.set("F"+n, w.fcell(x.fF, float64(fV), 0))
	}
	rs.set("G"+n, w.fcell(x.gF, float64(x.gV), 0))
	h := fV * x.gV
	if x.hF != "" {
		h = x.hV
		rs.set("H"+n, w.fcell(x.hF, float64(h), 0))
	} else {
		rs.set("H"+n, w.fcell("F"+n+"*G"+n, float64(h), 0))
	}
	if x.kF != "" {
		rs.set("K"+n, w.fcell(x.kF, x.kV, 0))
	}
	rs.set("I"+n, w.fcell(`OFFSET(L!$C$1,MATCH("Checker"&"Comp",L!$A:$A,0)-1,SL,,)`, c.complete, 0))
	j := w.label(cmrt.SheetChecker, "J"+n, x.note)
	rs.set("J"+n, w.fcell(labelFormula(cmrt.SheetChecker), j, 0))
	cv := c.complete
	if h == 1 {
		cv = j
	}
	rs.set("C"+n, w.fcell("IF(H"+n+"=1,J"+n+",I"+n+")", cv, w.styles.wrap))
	if x.uncounted {
		c.excluded[r] = true
	} else {
		c.total += h
	}
	c.r++
	return r
}

func (w *writer) checker() error {
	s := cmrt.SheetChecker
	if err := w.protect(s); err != nil {
		return err
	}
	c := &ckSheet{w: w, rs: newRowSet(), r: 4, excluded: map[int]bool{}}
	lf := labelFormula(s)
	rs := c.rs
	c.complete = w.label("Checker", "Comp", "Complete")
	rs.set("A1", w.fcell(lf, w.label(s, "A1", "To ensure all required fields have been populated before submitting to your customers review form for any line items highlighted in red"), w.styles.wrap))
	rs.set("D1", w.fcell(lf, w.label(s, "D1", "Required fields remaining to be completed"), w.styles.wrap))
	rs.set("A2", "Click here to return to Declaration tab")
	for _, h := range [][2]string{{"A3", "Required Fields"}, {"B3", "Answer provided"}, {"C3", "Notes"}, {"D3", "Hyperlink to source"}} {
		rs.set(h[0], w.fcell(lf, w.label(s, h[0], h[1]), 0))
	}
	rs.set("F3", "necessary?")
	rs.set("G3", "complete?")
	rs.set("H3", "incomplete")

	c.companyFields()
	if w.l.Gated {
		c.gated()
	} else {
		c.ungated()
	}
	c.notListed()
	var sums []string
	for a := 4; a < c.r; a++ {
		if c.excluded[a] {
			continue
		}
		b := a
		for b+1 < c.r && !c.excluded[b+1] {
			b++
		}
		sums = append(sums, fmt.Sprintf("SUM(H%d:H%d)", a, b))
		a = b
	}
	tr := strconv.Itoa(c.r)
	rs.set("H"+tr, w.fcell(strings.Join(sums, "+"), float64(c.total), 0))
	var d2 any = float64(c.total)
	if c.total == 0 {
		d2 = "0"
	}
	rs.set("D2", w.fcell("IF(H"+tr+`=0,"0",H`+tr+")", d2, 0))
	widths := map[string]float64{"A": 50, "B": 20, "C": 50, "D": 30}
	return w.stream(s, rs, widths, []string{"E:M"}, nil)
}

// companyFields writes the company-information rows and, where minerals
// are picked, the "at least one mineral" and "every Other named" rows.
func (c *ckSheet) companyFields() {
	w, l := c.w, c.w.l
	for _, cf := range w.spec.company {
		cell := cf.cell(l.Company)
		if cf.check == checkNone || cell == "" {
			continue
		}
		_, row := xlsx.MustSplitRef(cell)
		lref := rowRef("B", row)
		b := c.decl(cell)
		n := strconv.Itoa(c.r)
		note := fmt.Sprintf("Provide %s in the Declaration tab cell %s", strings.TrimSuffix(strings.TrimSuffix(cf.label, ":"), " (*)"), cell)
		x := ckRow{labelF: "Declaration!" + lref, labelV: c.declLabel(lref), bF: "Declaration!" + cell, bV: b, fV: 1, note: note,
			gF: "IF(B" + n + "=0,1,0)", gV: isZero(b)}
		switch cf.check {
		case checkRequired:
			got := c.put(x)
			if cell == l.Company.Scope {
				c.scopeRow = got
			}
		case checkEmail:
			x.gF, x.gV = `IF(ISNUMBER(SEARCH("@",B`+n+`)),0,1)`, b01(b.num || !strings.Contains(b.s, "@"))
			c.put(x)
		case checkScopeDesc:
			scope := c.decl(l.Company.Scope)
			sr := strconv.Itoa(c.scopeRow)
			x.fF = "IF(OR(B" + sr + "=Declaration!" + w.spec.scopeCells[0] + ",B" + sr + "=Declaration!" + w.spec.scopeCells[1] + ",B" + sr + "=0),0,1)"
			x.fV = b01(!(scope.eq(cmrt.ScopeCompany) || scope.eq(cmrt.ScopeProduct) || isZero(scope) == 1))
			c.put(x)
			c.mineralRows()
		}
	}
}

// mineralRows are the picked-minerals checks: at least one mineral (when
// the layout requires one), and as many "Other" names as "Other" picks.
func (c *ckSheet) mineralRows() {
	w, l := c.w, c.w.l
	if len(l.MineralCells) == 0 {
		return
	}
	selLabel := rowRef("B", func() int { _, r := xlsx.MustSplitRef(l.MineralCells[0]); return r }())
	if l.MineralsRequired {
		first := l.Questions[0].Cell(0)
		first = "B" + first[1:]
		c.put(ckRow{labelF: "Declaration!" + selLabel, labelV: c.declLabel(selLabel), fV: 1,
			gF: `IF(Declaration!` + first + `<>"",0,1)`, gV: b01(c.w.decl[first].s == ""),
			note: "Select at least one mineral in scope on the Declaration tab, cell " + l.MineralCells[0]})
	}
	otherOpt := otherOption(l)
	if otherOpt == "" {
		return
	}
	others, texts := 0, 0
	for _, v := range w.sel {
		if strings.EqualFold(v, otherOpt) {
			others++
		}
	}
	for _, v := range w.selOther {
		if v != "" {
			texts++
		}
	}
	sel, oth := boxRange(l.MineralCells), boxRange(l.OtherCells)
	_, ro := xlsx.MustSplitRef(l.OtherCells[0])
	olab := rowRef("B", ro)
	c.put(ckRow{labelF: "Declaration!" + olab, labelV: c.declLabel(olab),
		fF: `IF(COUNTIF(Declaration!` + sel + `,"` + otherOpt + `")>0,1,0)`, fV: b01(others > 0),
		gF: `IF(COUNTIF(Declaration!` + sel + `,"` + otherOpt + `")=COUNTIF(Declaration!` + oth + `,"*"),0,1)`, gV: b01(others != texts),
		note: "Name every \"Other\" mineral in the cell below it on the Declaration tab"})
}

// boxRange is the rectangle covering cells, merged neighbours included
// ("D12:I13").
func boxRange(cells []string) string {
	minC, maxC, minR, maxR := 1<<30, 0, 1<<30, 0
	for _, cell := range cells {
		col, r := xlsx.MustSplitRef(cell)
		ci := xlsx.MustColumnNumber(col)
		minC, maxC, minR, maxR = min(minC, ci), max(maxC, ci), min(minR, r), max(maxR, r)
	}
	return fmt.Sprintf("%s%d:%s%d", xlsx.ColumnName(minC), minR, xlsx.ColumnName(maxC), maxR)
}

// productRow writes the Product List check: needed when the scope is a
// product list; only its first cell is looked at.
func (c *ckSheet) productRow() {
	w, pl := c.w, c.w.l.Products
	first := pl.Number + strconv.Itoa(pl.FirstRow)
	n := strconv.Itoa(c.r)
	need := c.decl(w.l.Company.Scope).eq(cmrt.ScopeProduct)
	empty := w.prod1.empty || w.prod1.s == ""
	bText := "One or more product / item numbers have been provided"
	if empty {
		bText = "No products or item numbers listed"
	}
	gF := `IF('Product List'!` + first + `="",1,0)`
	if w.since(w.spec.productIndirectFrom) {
		gF = `IF(INDIRECT("'Product List'!` + first + `")="",1,0)`
	}
	c.put(ckRow{labelV: "Product List", bF: "IF(G" + n + `=1,"No products or item numbers listed","One or more product / item numbers have been provided")`, bV: xs(bText),
		fF: "IF(B" + strconv.Itoa(c.scopeRow) + "=Declaration!" + w.spec.scopeCells[1] + ",1,0)", fV: b01(need), gF: gF, gV: b01(empty),
		note: "If applicable, provide 1 or more Products or Item Numbers this declaration applies to on the Product List tab"})
}

// notListed writes the check that every "Smelter not listed" row has a
// name and a country (outside the total in some revisions).
func (c *ckSheet) notListed() {
	w, l := c.w, c.w.l
	sl := l.Smelters
	if sl.LookupName == "" {
		return
	}
	listed, incomplete := false, false
	for _, e := range w.sl {
		if e.c.eq(cmrt.SmelterNotListed) {
			listed = true
			if e.d.text() == "" || e.e.text() == "" {
				incomplete = true
			}
		}
	}
	// From 6.22 the CMRT looks at whole columns; before, the data rows.
	rng := func(col string) string { return fmt.Sprintf("%s%d:%s%d", col, sl.FirstRow, col, sl.LastRow) }
	if w.since(w.spec.notListedLookupFrom) {
		rng = func(col string) string { return "$" + col + ":$" + col }
	}
	c.put(ckRow{labelV: `All rows with "Smelter not listed" selected, have a name and country listed`,
		fF: `IF(COUNTIF('Smelter List'!` + rng(sl.LookupName) + `,"Smelter not listed")=0,0,1)`, fV: b01(listed),
		gF:        `IF(OR(SUMPRODUCT(('Smelter List'!` + rng(sl.LookupName) + `="Smelter not listed")*('Smelter List'!` + rng(sl.Name) + `=""))>0,SUMPRODUCT(('Smelter List'!` + rng(sl.LookupName) + `="Smelter not listed")*('Smelter List'!` + rng(sl.Country) + `=""))>0),1,0)`,
		gV:        b01(incomplete),
		note:      fmt.Sprintf(`Please complete columns %s & %s on Smelter List for all rows "Smelter Not Listed" selected in column %s`, sl.Name, sl.Country, sl.LookupName),
		uncounted: !l.NotListedCounted})
}

// gated writes the CMRT's per-mineral and company-level rows, product and
// smelter checks: question 2 echoed only once question 1 is "Yes",
// questions 3+ once both are.
func (c *ckSheet) gated() {
	w, l, rs := c.w, c.w.l, c.rs
	type mineralRows struct{ q1, q2, scope int }
	mr := make([]mineralRows, len(l.Minerals))
	bvals := map[int]xval{}
	fvals := map[int]int{}
	for qi, q := range l.Questions {
		hr := q.FirstRow - 1
		if qi == 0 { // RMI's sheet has an (always 0) H on the first heading
			rs.set("H"+strconv.Itoa(c.r), w.fcell("F"+strconv.Itoa(c.r)+"*G"+strconv.Itoa(c.r), 0.0, 0))
		}
		c.heading(rowRef("B", hr))
		firstInScope := true
		for pi := 0; pi < qi; pi++ {
			if l.Questions[pi].Need == cmrt.NeedInScope {
				firstInScope = false
			}
		}
		for i, m := range l.Minerals {
			cell := q.Cell(i)
			lref := rowRef("B", q.FirstRow+i)
			n := strconv.Itoa(c.r)
			x := ckRow{labelF: "Declaration!" + lref, labelV: c.declLabel(lref), gF: "IF(B" + n + "=0,1,0)",
				note: fmt.Sprintf("Answer question %s for %s on the Declaration tab cell %s", q.ID, m, cell)}
			q1b, q2b := bvals[mr[i].q1], bvals[mr[i].q2]
			switch q.Need {
			case cmrt.NeedAlways:
				x.bF, x.bV, x.fV = "Declaration!"+cell, c.decl(cell), 1
			case cmrt.NeedUsed:
				q1 := strconv.Itoa(mr[i].q1)
				x.bV = xval{num: true}
				if q1b.eq("Yes") {
					x.bV = c.decl(cell)
				}
				x.bF = `IF($B$` + q1 + `="Yes",Declaration!` + cell + `,0)`
				x.fF, x.fV = "IF(B$"+q1+`="No",0,1)`, b01(!q1b.eq("No"))
			case cmrt.NeedInScope:
				q1, q2 := strconv.Itoa(mr[i].q1), strconv.Itoa(mr[i].q2)
				x.bV = xval{num: true}
				if q1b.eq("Yes") && q2b.eq("Yes") {
					x.bV = c.decl(cell)
				}
				x.bF = `IF(AND($B$` + q1 + `="Yes",$B$` + q2 + `="Yes"),Declaration!` + cell + `,0)`
				if firstInScope {
					x.fF, x.fV = "IF(OR(B"+q1+`="No",B`+q2+`="No"),0,1)`, b01(!(q1b.eq("No") || q2b.eq("No")))
				} else {
					x.fF, x.fV = "F"+strconv.Itoa(mr[i].scope), fvals[mr[i].scope]
				}
			}
			x.gV = isZero(x.bV)
			got := c.put(x)
			bvals[got], fvals[got] = x.bV, x.fV
			switch {
			case q.Need == cmrt.NeedAlways:
				mr[i].q1 = got
			case q.Need == cmrt.NeedUsed:
				mr[i].q2 = got
			case firstInScope:
				mr[i].scope = got
			}
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
		_, hr := xlsx.MustSplitRef(l.CompanyQuestions[0].Cell)
		c.rs.set("A"+strconv.Itoa(c.r), w.fcell("Declaration!B"+strconv.Itoa(hr-1), c.declLabel("B"+strconv.Itoa(hr-1)), 0))
		c.r++
	}
	aRow := 0
	cqF := b01(inScope > 0)
	for _, q := range l.CompanyQuestions {
		_, qr := xlsx.MustSplitRef(q.Cell)
		lref := rowRef("B", qr)
		b := c.decl(q.Cell)
		n := strconv.Itoa(c.r)
		var fF string
		switch {
		case aRow == 0 && len(scopeRefs) > 0:
			fF = "IF(SUM(F$" + scopeRefs[0] + ":F$" + scopeRefs[len(scopeRefs)-1] + ")=0,0,1)"
		case aRow == 0:
			fF = "0"
		default:
			fF = "F$" + strconv.Itoa(aRow)
		}
		got := c.put(ckRow{labelF: "Declaration!" + lref, labelV: c.declLabel(lref), bF: "Declaration!" + q.Cell, bV: b, fF: fF, fV: cqF,
			gF: "IF(B" + n + "=0,1,0)", gV: isZero(b), note: fmt.Sprintf("Answer question (%s) on the Declaration tab cell %s", q.ID, q.Cell)})
		if aRow == 0 {
			aRow = got
		}
		if q.CommentRequiredWhen != "" {
			c.commentRow(q, got, cqF == 1 && b.eq(q.CommentRequiredWhen))
		}
		if q.ID == w.spec.checkerGapAfter {
			rs.hidden[c.r] = true
			rs.setRC(c.r, 1, "")
			c.r++
		}
	}
	c.productRow()
	// Smelter List per mineral: at least one row with the metal and a
	// look-up choice (B&C matching "metal?*").
	for i, m := range l.Minerals {
		fV := fvals[mr[i].scope]
		c.put(ckRow{labelV: "Smelter List - " + m, fF: "F" + strconv.Itoa(mr[i].scope), fV: fV,
			gF: c.lookupTest(fmt.Sprintf("%q", m), m+"?*"), gV: b01(!c.hasLookup(m, false)),
			note: fmt.Sprintf("Provide list of %s smelters contributing material to supply chain on Smelter List tab", strings.ToLower(m))})
	}
}

// commentRow is the check of a comment a company answer makes mandatory
// (the policy URL of question B).
func (c *ckSheet) commentRow(q cmrt.CompanyQuestion, answerRow int, need bool) {
	u := c.decl(q.CommentCell)
	n := strconv.Itoa(c.r)
	c.put(ckRow{labelV: "The URL in the comment field", bF: "Declaration!" + q.CommentCell, bV: u,
		fF: "IF(AND(F" + strconv.Itoa(answerRow) + "=1,B" + strconv.Itoa(answerRow) + `="` + q.CommentRequiredWhen + `"),1,0)`, fV: b01(need),
		gF: "IF(LEN(B" + n + ")>1,0,1)", gV: b01(len([]rune(u.text())) <= 1),
		note: fmt.Sprintf("Enter the URL in Declaration worksheet cell %s if you answer %q for question %s", q.CommentCell, q.CommentRequiredWhen, q.ID)})
}

// lookupTest is the Checker's "a row names this metal and a smelter"
// formula: crit is the metal (a quoted name or a cell), keyCrit what the
// key column must match.
func (c *ckSheet) lookupTest(crit, keyCrit string) string {
	sl := c.w.l.Smelters
	kc := c.w.h.key
	k := fmt.Sprintf("%q", keyCrit)
	if c.w.since(c.w.spec.keyIfLookupFrom) {
		k = crit
	}
	return fmt.Sprintf(`IF(AND(COUNTIF(SmelterIdetifiedForMetal,%s)>0,COUNTIF('Smelter List'!%s$%d:%s$%d,%s)>0),0,1)`, crit, kc, sl.FirstRow, kc, sl.LastRow, k)
}

// hasLookup evaluates lookupTest: a row with the metal, and a row whose
// key matches (metal & look-up name starting with the metal, or, where
// the key is the metal of rows with a look-up choice, that).
func (c *ckSheet) hasLookup(m string, keyIfLookup bool) bool {
	has, withC := false, false
	for _, e := range c.w.sl {
		if e.b.eq(m) {
			has = true
		}
		if e.b.err || e.c.err {
			continue
		}
		if keyIfLookup {
			if e.c.text() != "" && e.b.eq(m) {
				withC = true
			}
			continue
		}
		k := e.b.text() + e.c.text()
		if len(k) > len(m) && strings.EqualFold(k[:len(m)], m) {
			withC = true
		}
	}
	return has && withC
}

// ungated writes the per-mineral, company-level, product and smelter rows
// of the EMRT, CRT and AMRT Checkers: each answer echoed as it stands; a
// row's necessity follows from question 1 (and 2) of the same mineral row
// or slot.
func (c *ckSheet) ungated() {
	w, l := c.w, c.w.l
	picked := len(l.MineralCells) > 0
	n := questionRows(l)
	checked := func(i int) bool { return !picked || l.CheckedSlots == 0 || i < l.CheckedSlots }
	mineral := func(i int) string {
		switch {
		case picked && i < len(w.slots):
			return w.slots[i]
		case !picked && i < len(l.Minerals):
			return l.Minerals[i]
		}
		return ""
	}
	firstUsed, firstInScope := -1, -1
	for qi, q := range l.Questions {
		if q.Need == cmrt.NeedUsed && firstUsed < 0 {
			firstUsed = qi
		}
		if q.Need == cmrt.NeedInScope && firstInScope < 0 {
			firstInScope = qi
		}
	}
	rows := make([][]int, len(l.Questions))
	fv, bv, av := map[int]int{}, map[int]xval{}, map[int]string{}
	// cond is "this row's mineral is out of the question's scope", from
	// question 1 (and 2) of its row, as an Excel condition and its value.
	cond := func(i int, need cmrt.Need) (string, bool) {
		var cs []string
		out := false
		q1 := rows[0][i]
		if picked {
			cs = append(cs, "A"+strconv.Itoa(q1)+`=""`)
			out = av[q1] == ""
		}
		for _, o := range l.OutOfScopeQ1 {
			cs = append(cs, "B$"+strconv.Itoa(q1)+`="`+o+`"`)
			out = out || bv[q1].eq(o)
		}
		if need == cmrt.NeedInScope && firstUsed >= 0 {
			q2 := rows[firstUsed][i]
			for _, o := range l.OutOfScopeQ2 {
				cs = append(cs, "B$"+strconv.Itoa(q2)+`="`+o+`"`)
				out = out || bv[q2].eq(o)
			}
		}
		if len(cs) == 1 {
			return cs[0], out
		}
		return "OR(" + strings.Join(cs, ",") + ")", out
	}
	for qi, q := range l.Questions {
		c.heading(rowRef("B", q.FirstRow-1))
		rows[qi] = make([]int, n)
		for i := 0; i < n; i++ {
			cell := q.Cell(i)
			lref := rowRef("B", q.FirstRow+i)
			m := mineral(i)
			b := c.decl(cell)
			nr := strconv.Itoa(c.r)
			x := ckRow{labelF: "Declaration!" + lref, labelV: c.declLabel(lref), bF: "Declaration!" + cell, bV: b,
				gF: "IF(B" + nr + "=0,1,0)", gV: isZero(b), uncounted: q.Uncounted,
				note: fmt.Sprintf("Answer question %s for %s on the Declaration tab cell %s", q.ID, cmp.Or(m, "this mineral"), cell)}
			applies := checked(i) && (picked || m == "" || len(q.OnlyMinerals) == 0 || containsFold(q.OnlyMinerals, m))
			switch {
			case !applies:
				x.noF = true
			case q.Need == cmrt.NeedAlways && picked:
				x.fF, x.fV = "IF(A"+nr+`="",0,1)`, b01(x.labelV != "")
			case q.Need == cmrt.NeedAlways:
				x.fV = 1
			case (q.Need == cmrt.NeedUsed && qi == firstUsed) || (q.Need == cmrt.NeedInScope && qi == firstInScope):
				f, out := cond(i, q.Need)
				x.fF, x.fV = "IF("+f+",0,1)", b01(!out)
			case q.Need == cmrt.NeedUsed:
				src := rows[firstUsed][i]
				x.fF, x.fV = "F"+strconv.Itoa(src), fv[src]
			default:
				src := rows[firstInScope][i]
				x.fF, x.fV = "F"+strconv.Itoa(src), fv[src]
			}
			got := c.put(x)
			rows[qi][i] = got
			if !x.noF {
				fv[got] = x.fV
			}
			bv[got], av[got] = b, x.labelV
		}
	}
	// The row deciding whether a mineral's smelters and company answers
	// are needed: question 3's (in scope), else question 2's (used).
	scope := func(i int) int {
		switch {
		case firstInScope >= 0:
			return rows[firstInScope][i]
		case firstUsed >= 0:
			return rows[firstUsed][i]
		}
		return rows[0][i]
	}
	needQ := 0
	switch {
	case l.CompanyNeed == cmrt.NeedInScope && firstInScope >= 0:
		needQ = firstInScope
	case l.CompanyNeed != cmrt.NeedAlways && firstUsed >= 0:
		needQ = firstUsed
	}
	companyF := 0
	for _, r := range rows[needQ] {
		companyF = max(companyF, fv[r])
	}
	if len(l.CompanyQuestions) > 0 {
		q0 := l.CompanyQuestions[0]
		hr := q0.PerMineralRow - 1
		if q0.PerMineralRow == 0 {
			_, hr = xlsx.MustSplitRef(q0.Cell)
		}
		c.heading(rowRef("B", hr-1))
	}
	aRow := 0
	for _, q := range l.CompanyQuestions {
		if q.PerMineralRow > 0 {
			c.heading(rowRef("B", q.PerMineralRow-1))
			for i := 0; i < w.companyRows(); i++ {
				r := q.PerMineralRow + i
				cell := rowRef("D", r)
				lref := rowRef("B", r)
				b := c.decl(cell)
				nr := strconv.Itoa(c.r)
				sr := scope(i)
				x := ckRow{labelF: "Declaration!" + lref, labelV: c.declLabel(lref), bF: "Declaration!" + cell, bV: b,
					fF: "F" + strconv.Itoa(sr), fV: fv[sr], gF: "IF(B" + nr + "=0,1,0)", gV: isZero(b), noF: !checked(i),
					note: fmt.Sprintf("Answer question (%s) for %s on the Declaration tab cell %s", q.ID, cmp.Or(mineral(i), "this mineral"), cell)}
				if aRow > 0 {
					x.fF += "*F$" + strconv.Itoa(aRow)
					x.fV *= companyF
				}
				c.put(x)
			}
			continue
		}
		_, qr := xlsx.MustSplitRef(q.Cell)
		lref := rowRef("B", qr)
		nr := strconv.Itoa(c.r)
		b := c.decl(q.Cell)
		bF := "Declaration!" + q.Cell
		if q.CommentInsteadOfAnswer {
			// The answer counts only as one of the options; the "describe"
			// option counts as its comment.
			bF, b = "0", xval{num: true}
			for k := len(q.Options) - 1; k >= 0; k-- {
				o := q.Options[k]
				then := "Declaration!" + q.Cell
				if o == q.CommentRequiredWhen {
					then = "Declaration!" + q.CommentCell
				}
				bF = `IF(Declaration!` + q.Cell + `="` + o + `",` + then + `,` + bF + `)`
			}
			d := c.decl(q.Cell)
			for _, o := range q.Options {
				if d.eq(o) {
					b = d
					if o == q.CommentRequiredWhen {
						b = c.decl(q.CommentCell)
					}
					break
				}
			}
		}
		x := ckRow{labelF: "Declaration!" + lref, labelV: c.declLabel(lref), bF: bF, bV: b, fV: companyF,
			gF: "IF(B" + nr + "=0,1,0)", gV: isZero(b), note: fmt.Sprintf("Answer question (%s) on the Declaration tab cell %s", q.ID, q.Cell)}
		if aRow == 0 {
			x.fF = fmt.Sprintf("IF(SUM(F$%d:F$%d)=0,0,1)", rows[needQ][0], rows[needQ][n-1])
		} else {
			x.fF = "F$" + strconv.Itoa(aRow)
		}
		got := c.put(x)
		if aRow == 0 {
			aRow = got
		}
		if q.CommentRequiredWhen != "" && !q.CommentInsteadOfAnswer {
			c.commentRow(q, got, companyF == 1 && c.decl(q.Cell).eq(q.CommentRequiredWhen))
		}
	}
	c.productRow()
	c.smelterRows(picked, checked, mineral, scope, fv, rows)
}

// smelterRows writes, per mineral row or slot, the Checker's test that the
// Smelter List names a smelter for it, in the layout's way (SmelterRule).
func (c *ckSheet) smelterRows(picked bool, checked func(int) bool, mineral func(int) string, scope func(int) int, fv map[int]int, rows [][]int) {
	w, l := c.w, c.w.l
	sl := l.Smelters
	count := len(l.Minerals)
	if picked {
		count = l.Slots
		c.rs.set("A"+strconv.Itoa(c.r), "Smelter List")
		c.r++
	}
	keyIf := w.since(w.spec.keyIfLookupFrom)
	for i := 0; i < count; i++ {
		m := mineral(i)
		nr := strconv.Itoa(c.r)
		sr := scope(i)
		x := ckRow{fF: "F" + strconv.Itoa(sr), fV: fv[sr], noF: !checked(i),
			note: fmt.Sprintf("Provide list of %s smelters contributing material to supply chain on Smelter List tab", strings.ToLower(cmp.Or(m, "the mineral's")))}
		crit := fmt.Sprintf("%q", m)
		if picked {
			ref := w.slotRef(i)
			x.labelF, x.labelV = "Declaration!"+ref, m
			crit = "A" + nr
		} else {
			x.labelV = "Smelter List - " + m
		}
		switch l.SmelterRule {
		case cmrt.SmelterRuleNameCountry, cmrt.SmelterRuleMetal:
			k := 0
			for _, cv := range w.slCounters() {
				if strings.EqualFold(cv, m+"+") {
					k++
				}
			}
			kc := w.h.counter
			x.kF = fmt.Sprintf(`COUNTIF('Smelter List'!$%s$%d:$%s$%d,""&%s&"+")`, kc, sl.FirstRow, kc, sl.LastRow, crit)
			x.kV = float64(k)
			x.gF, x.gV = "IF(K"+nr+"<1,1,0)", b01(k < 1)
		default:
			x.gF = c.lookupTest(crit, m+"?*")
			x.gV = b01(!c.hasLookup(m, keyIf))
			if m == "" { // COUNTIF(…,"") counts the list's blank rows
				x.gV = 0
			}
		}
		if l.SmelterRule == cmrt.SmelterRuleCRT {
			// CRT 2.2: H fires only with question 1 blank, question 2 "Yes"
			// and no row for the metal (K: question 1 incomplete).
			q1, q2 := l.Questions[0].Cell(i), l.Questions[1].Cell(i)
			k := b01(c.decl(q1).num) // H of question 1's row
			x.kF, x.kV = "IF(H"+strconv.Itoa(rows[0][i])+">0,1,0)", float64(k)
			has := false
			for _, e := range w.sl {
				has = has || e.b.eq(m)
			}
			fire := (c.decl(q1).eq("Yes") || c.decl(q2).eq("Yes")) && !has
			x.hF = fmt.Sprintf(`IF(AND(OR(Declaration!%s="Yes",Declaration!%s="Yes"),(COUNTIF(SmelterIdetifiedForMetal,%q)<1)),(1*K%s),(0*K%s))`, q1, q2, m, nr, nr)
			x.hV = b01(fire) * k
		}
		c.put(x)
	}
}

// slCounters is the Smelter List's counter column as Excel computes it,
// for every row written (declared or carrying only formulas).
func (w *writer) slCounters() []string {
	sl := w.l.Smelters
	var out []string
	for _, e := range w.sl {
		switch {
		case sl.LookupName == "": // typed columns: blank name or country is missing
			if e.d.text() != "" && e.e.text() != "" {
				out = append(out, e.b.text()+"+")
			}
		case !e.b.err:
			// Look-up and country columns hold formulas, never blank.
			out = append(out, e.b.text()+"+")
		}
	}
	if sl.LookupName != "" && !w.opts.TrimFormulaRows {
		for i := len(w.sl); i < sl.LastRow-sl.FirstRow+1; i++ {
			out = append(out, "+")
		}
	}
	return out
}
