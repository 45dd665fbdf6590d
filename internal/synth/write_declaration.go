package synth

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/xlsx"
)

// The Declaration sheet: title block, company information, the minerals in
// scope (where picked), the per-mineral questions in their rows or slots,
// the company-level questions, and the hidden dropdown lists and helpers.

// selection works out what the selection cells hold and, as the template's
// sorting helpers do, the minerals in slot order (layouts with picked
// minerals only).
func (w *writer) selection() error {
	l := w.l
	n := len(l.MineralCells)
	if n == 0 {
		return nil
	}
	sel := make([]string, n)
	other := make([]string, len(l.OtherCells))
	tied := w.tiedSelection()
	otherOpt := otherOption(l)
	if w.opts.Selection != nil {
		if len(w.opts.Selection) > n || len(w.opts.SelectionOther) > len(other) {
			return fmt.Errorf("%s %s has %d selection cells and %d \"Other\" cells; got %d and %d values",
				l.Family, l.Version, n, len(other), len(w.opts.Selection), len(w.opts.SelectionOther))
		}
		copy(sel, w.opts.Selection)
		copy(other, w.opts.SelectionOther)
	} else {
		k := 0
		for _, m := range w.d.Minerals {
			opt, isOption := cmrt.MatchOption(m, l.MineralOptions)
			isOption = isOption && opt != otherOpt
			if tied {
				if !isOption {
					return fmt.Errorf("%w: %q is not a mineral %s %s offers (%s)", cmrt.ErrUnsupported, m, l.Family, l.Version, strings.Join(l.MineralOptions, ", "))
				}
				for i, o := range l.MineralOptions {
					if o == opt {
						sel[i] = o
					}
				}
				continue
			}
			if k >= n {
				return fmt.Errorf("%s %s takes at most %d minerals; got %d", l.Family, l.Version, n, len(w.d.Minerals))
			}
			switch {
			case len(l.MineralOptions) == 0:
				sel[k] = m
			case isOption:
				sel[k] = opt
			case otherOpt != "" && k < len(other):
				sel[k], other[k] = otherOpt, m
			default:
				return fmt.Errorf("%w: %q is not a mineral %s %s offers", cmrt.ErrUnsupported, m, l.Family, l.Version)
			}
			k++
		}
	}
	w.sel, w.selOther = sel, other
	passes := sortPasses(w.selectionInputs())
	w.slots = nil
	for _, m := range dedupe(passes[len(passes)-1]) {
		if m != "" {
			w.slots = append(w.slots, m)
		}
	}
	return nil
}

// tiedSelection: each selection cell offers one mineral or its "(Delete …)"
// (EMRT 2.x: as many cells as options).
func (w *writer) tiedSelection() bool {
	return len(w.l.MineralOptions) > 0 && len(w.l.MineralOptions) == len(w.l.MineralCells)
}

// otherOption is the layout's "Other [specify below]" option, if any.
func otherOption(l cmrt.Layout) string {
	if len(l.OtherCells) == 0 {
		return ""
	}
	for _, o := range l.MineralOptions {
		if strings.HasPrefix(o, "Other") {
			return o
		}
	}
	return ""
}

// selectionInputs is the sorting helper's first column: what each selection
// cell contributes (blank for an empty cell or a "(Delete …)", the text
// below an "Other"), one per slot.
func (w *writer) selectionInputs() []string {
	l := w.l
	in := make([]string, l.Slots)
	otherOpt := otherOption(l)
	for i, v := range w.sel {
		if i >= len(in) {
			break
		}
		switch {
		case v == "":
		case w.tiedSelection() && strings.EqualFold(v, "(Delete "+l.MineralOptions[i]+")"):
		case otherOpt != "" && strings.EqualFold(v, otherOpt):
			if i < len(w.selOther) {
				in[i] = w.selOther[i]
			}
		default:
			in[i] = v
		}
	}
	return in
}

// textGreater is Excel's ">" between two texts, which ignores case.
func textGreater(a, b string) bool { return strings.ToLower(a) > strings.ToLower(b) }

// sortPasses runs RMI's sorting helper: ten passes of an odd-even
// transposition sort where blanks sink to the end. passes[0] is the input.
func sortPasses(in []string) [][]string {
	n := len(in)
	passes := [][]string{append([]string(nil), in...)}
	for p := 1; p <= n; p++ {
		prev := passes[p-1]
		cur := append([]string(nil), prev...)
		for i := (p + 1) % 2; i+1 < n; i += 2 {
			a, b := prev[i], prev[i+1]
			switch {
			case b == "":
			case a == "":
				cur[i], cur[i+1] = b, a
			case textGreater(a, b):
				cur[i], cur[i+1] = b, a
			}
		}
		passes = append(passes, cur)
	}
	return passes
}

// dedupe is the helper's last column: each value once (ignoring case), in
// order, then blanks.
func dedupe(sorted []string) []string {
	out := make([]string, len(sorted))
	for k := range out {
		for _, z := range sorted {
			seen := 0
			for _, o := range out[:k] {
				if strings.EqualFold(o, z) {
					seen++
				}
			}
			if seen == 0 {
				out[k] = z
				break
			}
		}
	}
	return out
}

// sortNetwork writes a sorting helper: the inputs in col (rows r0…), the
// passes in the next columns, and returns the last column's letter.
func (w *writer) sortNetwork(rs *rowSet, col string, r0 int, inputFormulas []string, values []string) string {
	passes := sortPasses(values)
	n := len(values)
	for i := 0; i < n; i++ {
		if inputFormulas[i] != "" {
			rs.set(rowRef(col, r0+i), w.fcell(inputFormulas[i], passes[0][i], 0))
		}
	}
	for p := 1; p <= n; p++ {
		c, pc := colShift(col, p), colShift(col, p-1)
		paired := map[int]bool{}
		for i := (p + 1) % 2; i+1 < n; i += 2 {
			a, b := rowRef(pc, r0+i), rowRef(pc, r0+i+1)
			rs.set(rowRef(c, r0+i), w.fcell(`IF(`+b+`="",`+a+`,IF(`+a+`="",`+b+`,IF(`+a+`>`+b+`,`+b+`,`+a+`)))`, passes[p][i], 0))
			rs.set(rowRef(c, r0+i+1), w.fcell(`IF(`+b+`="",`+b+`,IF(`+a+`="",`+a+`,IF(`+a+`>`+b+`,`+a+`,`+b+`)))`, passes[p][i+1], 0))
			paired[i], paired[i+1] = true, true
		}
		for i := 0; i < n; i++ {
			if !paired[i] {
				rs.set(rowRef(c, r0+i), w.fcell(rowRef(pc, r0+i), passes[p][i], 0))
			}
		}
	}
	return colShift(col, n)
}

// listRow is the first row of the hidden dropdown lists, below the ©.
func (w *writer) listRow() int { return w.copyrightRow() + w.spec.listGap }

// copyrightRow is two rows below the form's last row (the Checker link
// row is between).
func (w *writer) copyrightRow() int {
	l := w.l
	last := 0
	n := questionRows(l)
	for _, q := range l.Questions {
		last = max(last, q.FirstRow+n-1)
	}
	for _, q := range l.CompanyQuestions {
		if q.PerMineralRow > 0 {
			last = max(last, q.PerMineralRow+w.companyRows()-1)
			continue
		}
		_, r := xlsx.MustSplitRef(q.Cell)
		last = max(last, r)
	}
	return last + 2
}

// companyRows is the number of rows of a per-mineral company question.
func (w *writer) companyRows() int {
	if len(w.l.MineralCells) > 0 {
		return w.l.Slots
	}
	return len(w.l.Minerals)
}

// optionLists places every distinct dropdown list of the Declaration in the
// hidden rows from listRow; a list that begins another (Yes/No within
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
		r := w.listRow()
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

func (w *writer) percentAsNumber() bool { return !w.since(w.spec.textPercentFrom) }

// xvalOf is a written value as Excel sees it.
func xvalOf(v any) xval {
	switch x := v.(type) {
	case string:
		return xs(x)
	case float64:
		return xval{n: x, num: true}
	case int:
		return xval{n: float64(x), num: true}
	}
	return xs("")
}

// declForm collects the Declaration's cells before it is streamed.
type declForm struct {
	w      *writer
	rs     *rowSet
	merges [][2]string
	dvs    []*excelize.DataValidation
}

func (f *declForm) put(ref string, v any, style int) {
	f.rs.set(ref, excelize.Cell{Value: v, StyleID: style})
	f.w.decl[ref] = xvalOf(v)
}

func (f *declForm) formula(ref, formula string, v string) {
	f.rs.set(ref, f.w.fcell(formula, v, 0))
	f.w.decl[ref] = xs(v)
}

func (f *declForm) lab(ref, english string) {
	f.put(ref, f.w.label(cmrt.SheetDeclaration, ref, english), 0)
}

func (f *declForm) merge(a, b string) { f.merges = append(f.merges, [2]string{a, b}) }

// list adds a dropdown over sqref from a range or name.
func (f *declForm) list(sqref, source string) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	dv.SetSqrefDropList(source)
	f.dvs = append(f.dvs, dv)
}

// listRows is a dropdown from the hidden list rows first…first+n-1 in B.
func listRows(first, n int) string { return fmt.Sprintf("$B$%d:$B$%d", first, first+n-1) }

func (w *writer) declaration() error {
	s, l := cmrt.SheetDeclaration, w.l
	f := &declForm{w: w, rs: newRowSet()}

	// Title block.
	f.put("D2", w.label(s, "D2", w.spec.titles.at(l.Version)), 0)
	f.merge("D2", "J2")
	f.put("B3", "Select Language Preference Here:\n请选择你的语言:\n表示言語をここから選択してください:\n사용할 언어를 선택하시오 :\nSélectionner la langue préférée ici:\nWählen Sie hier die Sprache:", w.styles.wrap)
	f.put("D3", l.Languages[w.lang], w.styles.input)
	f.put("J3", l.RevisionText(), w.styles.wrap)
	f.rs.set("P3", w.fcell("MATCH($D$3,LN,0)", float64(w.lang+1), 0)) // SL: the language's column in L
	f.lab("B4", w.spec.purpose)
	f.lab("B6", "Mandatory fields are noted with an asterisk (*).  Consult the instructions tab for guidance on how to answer each question.")
	f.lab("B7", "Company Information")

	// Company information.
	co := &w.d.Company
	for _, cf := range w.spec.company {
		cell := cf.cell(l.Company)
		if cell == "" {
			continue
		}
		_, r := xlsx.MustSplitRef(cell)
		f.lab(rowRef("B", r), cf.label)
		if cell == l.Company.EffectiveDate {
			v, style := w.dateCell()
			if v != nil {
				f.put(cell, v, style)
			} else {
				f.rs.set(cell, excelize.Cell{StyleID: style})
			}
		} else if v := cf.value(co); v != "" {
			f.put(cell, v, w.styles.input)
		}
		end := "J"
		if cell == l.Company.Scope {
			end = "G"
		}
		f.merge(cell, rowRef(end, r))
	}
	for i, c := range w.spec.scopeCells {
		f.put(c, []string{cmrt.ScopeCompany, cmrt.ScopeProduct, cmrt.ScopeUser}[i], 0)
	}

	w.mineralSelection(f)
	answers := map[string]cmrt.Answer{}
	for _, a := range w.d.Answers {
		answers[a.Question+"\x00"+strings.ToLower(a.Mineral)] = a
	}
	if err := w.checkAnswerMinerals(); err != nil {
		return err
	}
	lists, first := w.optionLists()
	w.questions(f, answers, first)
	w.companyQuestions(f, answers, first)

	// Hidden dropdown sources: English literals; "100%" is the number 1
	// formatted as a percentage where RMI's list holds it so.
	r := w.listRow()
	seen := map[string]bool{}
	for _, list := range lists {
		for _, o := range list {
			ref := rowRef("B", r)
			if o == "100%" && !w.since(w.spec.listTextPercentFrom) {
				f.put(ref, 1.0, w.styles.percent)
			} else {
				f.put(ref, o, 0)
			}
			w.optionLRow(ref, o, seen[o])
			seen[o] = true
			f.rs.hidden[r] = true
			r++
		}
	}
	w.mineralOptionRows(f, r)
	f.put(rowRef("A", w.copyrightRow()), w.copyright(), 0)
	f.list("D3", "LN")
	f.list(l.Company.Scope+":"+strings.Replace(l.Company.Scope, "D", "G", 1),
		"$"+strings.Join(splitCell(w.spec.scopeCells[0]), "$")+":$"+strings.Join(splitCell(w.spec.scopeCells[len(w.spec.scopeCells)-1]), "$"))

	if err := w.protect(s); err != nil {
		return err
	}
	for _, dv := range f.dvs {
		if err := w.f.AddDataValidation(s, dv); err != nil {
			return err
		}
	}
	widths := map[string]float64{"A": 3, "B": 48}
	for c := 'C'; c <= 'J'; c++ {
		widths[string(c)] = 14
	}
	return w.stream(s, f.rs, widths, []string{w.spec.hiddenCols.at(l.Version)}, f.merges)
}

// checkAnswerMinerals refuses answers for a mineral the file does not
// declare: in a template with picked minerals they would land in no row.
func (w *writer) checkAnswerMinerals() error {
	if len(w.l.MineralCells) == 0 {
		return nil
	}
	for _, a := range w.d.Answers {
		if a.Mineral != "" && w.slotIndex(a.Mineral) < 0 {
			return fmt.Errorf("answer %s for %s, which is not among the minerals picked (%s)", a.Question, a.Mineral, strings.Join(w.slots, ", "))
		}
	}
	return nil
}

// slotIndex is a mineral's slot, -1 when it has none.
func (w *writer) slotIndex(m string) int {
	for i, s := range w.slots {
		if strings.EqualFold(s, m) {
			return i
		}
	}
	return -1
}

// mineralSelection writes the selection cells, their "Other" cells and the
// sorting helpers (hidden columns from P) that turn them into the slots.
func (w *writer) mineralSelection(f *declForm) {
	l := w.l
	if len(l.MineralCells) == 0 {
		return
	}
	_, r0 := xlsx.MustSplitRef(l.MineralCells[0])
	_, rLast := xlsx.MustSplitRef(l.MineralCells[len(l.MineralCells)-1])
	f.lab(rowRef("B", r0), "Select Minerals/Metals in Scope (*):")
	if !w.companyRow(rLast + 1) { // AMRT 1.2 has its company block right below
		f.lab(rowRef("B", rLast+1), "Note: The minerals selected here are reflected in the questions below and will be sorted in alphabetical order. Please ensure that the answers match the intended minerals.")
	}
	if len(l.OtherCells) > 0 {
		_, ro := xlsx.MustSplitRef(l.OtherCells[0])
		f.lab(rowRef("B", ro), `If you selected "Other" in previous question, please specify which other minerals/metals are in scope:`)
	}
	for i, cell := range l.MineralCells {
		if w.sel[i] != "" {
			f.put(cell, w.sel[i], w.styles.input)
		} else {
			f.rs.set(cell, excelize.Cell{StyleID: w.styles.input})
		}
	}
	for i, cell := range l.OtherCells {
		if i < len(w.selOther) && w.selOther[i] != "" {
			f.put(cell, w.selOther[i], w.styles.input)
		}
	}
	for _, cells := range [][]string{l.MineralCells, l.OtherCells} {
		for i, cell := range cells {
			c, r := xlsx.MustSplitRef(cell)
			if i+1 < len(cells) {
				if nc, nr := xlsx.MustSplitRef(cells[i+1]); nr == r && xlsx.MustColumnNumber(nc) > xlsx.MustColumnNumber(c)+1 {
					f.merge(cell, rowRef(colShift(nc, -1), r))
				}
			}
		}
	}
	// The helper: each cell's contribution, sorted, de-duplicated in AA.
	otherOpt := otherOption(l)
	in := w.selectionInputs()
	formulas := make([]string, l.Slots)
	for i, cell := range l.MineralCells {
		if i >= l.Slots {
			break
		}
		x := cell
		switch {
		case w.tiedSelection():
			x = `IF(` + cell + `="(Delete ` + l.MineralOptions[i] + `)","",` + cell + `)`
		case otherOpt != "" && i < len(l.OtherCells):
			o := l.OtherCells[i]
			x = `IF(` + cell + `="` + otherOpt + `",IF(ISBLANK(` + o + `),"",` + o + `),` + cell + `)`
		}
		formulas[i] = `IF(ISBLANK(` + cell + `),"",` + x + `)`
	}
	out := w.sortNetwork(f.rs, "P", r0, formulas, in)
	passes := sortPasses(in)
	list := dedupe(passes[len(passes)-1])
	dd := colShift(out, 1)
	zr := fmt.Sprintf("$%s$%d:$%s$%d", out, r0, out, r0+l.Slots-1)
	for i, v := range list {
		ref := rowRef(dd, r0+i)
		if i == 0 {
			f.rs.set(ref, w.fcell(rowRef(out, r0), v, 0))
		} else {
			f.rs.set(ref, w.fcell(fmt.Sprintf(`IFERROR(INDEX(%s,MATCH(0,INDEX(COUNTIF($%s$%d:$%s$%d,%s),0),0)),"")`, zr, dd, r0, dd, r0+i-1, zr), v, 0))
		}
		w.decl[ref] = xs(v)
	}
}

// companyRow reports a row holding a company field.
func (w *writer) companyRow(r int) bool {
	for _, cf := range w.spec.company {
		if cell := cf.cell(w.l.Company); cell != "" {
			if _, cr := xlsx.MustSplitRef(cell); cr == r {
				return true
			}
		}
	}
	return false
}

// slotRef is the cell of the sorted mineral list holding slot i.
func (w *writer) slotRef(i int) string {
	_, r0 := xlsx.MustSplitRef(w.l.MineralCells[0])
	return rowRef(colShift("P", w.l.Slots+1), r0+i)
}

// mineralOptionRows writes the selection cells' dropdown sources below the
// answer lists: per cell its mineral and "(Delete …)" (EMRT 2.x), or one
// list of the options (AMRT 1.3).
func (w *writer) mineralOptionRows(f *declForm, r int) {
	l := w.l
	if len(l.MineralOptions) == 0 {
		return
	}
	if w.tiedSelection() {
		for i, o := range l.MineralOptions {
			f.put(rowRef("B", r), o, 0)
			f.put(rowRef("C", r), "(Delete "+o+")", 0)
			f.rs.hidden[r] = true
			f.list(w.mergedRef(l.MineralCells, i), fmt.Sprintf("$B$%d:$C$%d", r, r))
			r++
		}
		return
	}
	for i, o := range l.MineralOptions {
		f.put(rowRef("B", r+i), o, 0)
		f.rs.hidden[r+i] = true
	}
	var sq []string
	for i := range l.MineralCells {
		sq = append(sq, w.mergedRef(l.MineralCells, i))
	}
	f.list(strings.Join(sq, " "), listRows(r, len(l.MineralOptions)))
}

// mergedRef is a selection cell with the cells merged into it ("E12:F12").
func (w *writer) mergedRef(cells []string, i int) string {
	c, r := xlsx.MustSplitRef(cells[i])
	if i+1 < len(cells) {
		if nc, nr := xlsx.MustSplitRef(cells[i+1]); nr == r && xlsx.MustColumnNumber(nc) > xlsx.MustColumnNumber(c)+1 {
			return cells[i] + ":" + rowRef(colShift(nc, -1), r)
		}
	}
	return cells[i]
}

// outOf are the Excel conditions "cell is one of the answers that take a
// mineral out of scope".
func outOf(cell string, set []string) []string {
	var c []string
	for _, o := range set {
		c = append(c, cell+`="`+o+`"`)
	}
	return c
}

// slotSuffix is the "(*)" a slot label carries when the question is
// required for the slot's mineral, as a formula on the slot's question 1
// and 2 answers, and its value.
func (w *writer) slotSuffix(need cmrt.Need, uncounted bool, slot int) (string, string) {
	l := w.l
	if uncounted {
		return `""`, ""
	}
	q1 := l.Questions[0].Cell(slot)
	var conds []string
	out := false
	if need != cmrt.NeedAlways {
		conds = append(conds, outOf(q1, l.OutOfScopeQ1)...)
		out = out || w.rawIn(q1, l.OutOfScopeQ1)
	}
	if need == cmrt.NeedInScope && len(l.OutOfScopeQ2) > 0 {
		q2 := l.Questions[1].Cell(slot)
		conds = append(conds, outOf(q2, l.OutOfScopeQ2)...)
		out = out || w.rawIn(q2, l.OutOfScopeQ2)
	}
	if len(conds) == 0 {
		return `"(*)"`, "(*)"
	}
	v := "(*)"
	if out {
		v = ""
	}
	return `IF(OR(` + strings.Join(conds, ",") + `),"","(*)")`, v
}

// rawIn is Excel's view of a written Declaration cell being one of a set.
func (w *writer) rawIn(cell string, set []string) bool {
	v := w.decl[cell]
	for _, o := range set {
		if v.eq(o) {
			return true
		}
	}
	return false
}

// slotLabel writes the label formula of a slot row: the slot's mineral and,
// when the question is required for it, "(*)".
func (w *writer) slotLabel(f *declForm, ref string, slot int, need cmrt.Need, uncounted bool) {
	m := ""
	if slot < len(w.slots) {
		m = w.slots[slot]
	}
	src := w.slotRef(slot)
	sf, sv := w.slotSuffix(need, uncounted, slot)
	formula := `IF(COUNTBLANK(` + src + `),"",` + src + `&` + sf + `)`
	v := ""
	if m != "" {
		v = m + sv
	}
	f.formula(ref, formula, v)
}

// questions writes the per-mineral questions: per question a heading and
// one answer row per mineral (fixed layouts, with hidden placeholder rows
// below) or per slot (picked minerals, slots past the Checker's hidden).
func (w *writer) questions(f *declForm, answers map[string]cmrt.Answer, first map[string]int) {
	l := w.l
	s := cmrt.SheetDeclaration
	picked := len(l.MineralCells) > 0
	n := questionRows(l)
	f.lab(rowRef("B", l.Questions[0].FirstRow-2), fmt.Sprintf("Answer the following questions 1 - %d based on the declaration scope indicated above", len(l.Questions)))
	// In row order: a label's "(*)" depends on the answers above it.
	for qi, q := range l.Questions {
		hr := q.FirstRow - 1
		star := " (*)"
		if q.Uncounted {
			star = ""
		}
		f.lab(rowRef("B", hr), fmt.Sprintf("%s) %s%s", q.ID, q.Text, star))
		f.lab(rowRef("D", hr), "Answer")
		f.lab(rowRef("G", hr), "Comments")
		for i := 0; i < n; i++ {
			r := q.FirstRow + i
			m := ""
			switch {
			case picked && i < len(w.slots):
				m = w.slots[i]
			case !picked && i < len(l.Minerals):
				m = l.Minerals[i]
			}
			if picked {
				w.slotLabel(f, rowRef("B", r), i, q.Need, q.Uncounted)
				if l.CheckedSlots > 0 && i >= l.CheckedSlots {
					f.rs.hidden[r] = true
				}
			} else if m == "" || (len(q.OnlyMinerals) > 0 && !containsFold(q.OnlyMinerals, m)) {
				f.rs.hidden[r] = true
				if m == "" && prefilled(l, qi) {
					f.put(q.Cell(i), "No", 0)
					f.put(rowRef("E", r), "No", 0)
				}
				continue
			} else {
				key := m
				if _, ok := labelTranslations[m+"  "]; ok {
					key = m + "  "
				}
				f.put(rowRef("B", r), w.label(s, rowRef("B", r), key)+"(*)", 0)
			}
			if m != "" {
				a := answers[q.ID+"\x00"+strings.ToLower(m)]
				if v, style, ok := w.answerCell(a, q.Options); ok {
					f.put(q.Cell(i), v, style)
				}
				if a.Comment != "" {
					f.put(q.CommentCell(i), a.Comment, w.styles.inputWrap)
				}
			}
			f.merge(q.Cell(i), rowRef("E", r))
			f.merge(q.CommentCell(i), rowRef("J", r))
		}
		f.list(fmt.Sprintf("D%d:E%d", q.FirstRow, q.FirstRow+n-1), listRows(first["Q"+q.ID], len(q.Options)))
	}
	w.metalDrop(f)
}

// metalDrop writes the sorting helper behind the Smelter and Mine Lists'
// metal dropdown: the slots' minerals answered "Yes" to the layout's
// question, sorted.
func (w *writer) metalDrop(f *declForm) {
	l, md := w.l, w.spec.metalDrop
	if len(l.MineralCells) == 0 || md.name == "" {
		return
	}
	q := l.Questions[md.question]
	formulas := make([]string, l.Slots)
	values := make([]string, l.Slots)
	for i := range formulas {
		formulas[i] = `IF(COUNTIF(` + q.Cell(i) + `,"Yes"),` + w.slotRef(i) + `,"")`
		if w.decl[q.Cell(i)].eq("Yes") && i < len(w.slots) {
			values[i] = w.slots[i]
		}
	}
	w.sortNetwork(f.rs, md.col, q.FirstRow, formulas, values)
}

// metalDropRange is the sorted column of the metal dropdown helper.
func (w *writer) metalDropRange() (col string, first, last int) {
	md := w.spec.metalDrop
	q := w.l.Questions[md.question]
	return colShift(md.col, w.l.Slots), q.FirstRow, q.FirstRow + w.l.Slots - 1
}

// companyQuestions writes the company-level questions (A–I), one of them
// per mineral in EMRT (C).
func (w *writer) companyQuestions(f *declForm, answers map[string]cmrt.Answer, first map[string]int) {
	l := w.l
	s := cmrt.SheetDeclaration
	if len(l.CompanyQuestions) == 0 {
		return
	}
	rowOf := func(q cmrt.CompanyQuestion) int {
		if q.PerMineralRow > 0 {
			return q.PerMineralRow - 1
		}
		_, r := xlsx.MustSplitRef(q.Cell)
		return r
	}
	r0 := rowOf(l.CompanyQuestions[0])
	f.lab(rowRef("B", r0-2), "Answer the Following Questions at a Company Level")
	f.lab(rowRef("B", r0-1), "Question")
	f.lab(rowRef("D", r0-1), "Answer")
	f.lab(rowRef("G", r0-1), "Comments")
	picked := len(l.MineralCells) > 0
	for _, q := range l.CompanyQuestions {
		f.lab(rowRef("B", rowOf(q)), fmt.Sprintf("%s. %s (*)", q.ID, q.Text))
		if q.PerMineralRow > 0 {
			n := w.companyRows()
			for i := 0; i < n; i++ {
				r := q.PerMineralRow + i
				m := ""
				if picked {
					w.slotLabel(f, rowRef("B", r), i, cmrt.NeedInScope, false)
					if i < len(w.slots) {
						m = w.slots[i]
					}
					if l.CheckedSlots > 0 && i >= l.CheckedSlots {
						f.rs.hidden[r] = true
					}
				} else {
					m = l.Minerals[i]
					f.put(rowRef("B", r), w.label(s, rowRef("B", r), m)+"(*)", 0)
				}
				ref := rowRef("D", r)
				if m != "" {
					a := answers[q.ID+"\x00"+strings.ToLower(m)]
					if v, style, ok := w.answerCell(a, q.Options); ok {
						f.put(ref, v, style)
					}
					if a.Comment != "" {
						f.put(rowRef("G", r), a.Comment, w.styles.inputWrap)
					}
				}
				f.merge(ref, rowRef("E", r))
				f.merge(rowRef("G", r), rowRef("J", r))
			}
			f.list(fmt.Sprintf("D%d:E%d", q.PerMineralRow, q.PerMineralRow+n-1), listRows(first["C"+q.ID], len(q.Options)))
			continue
		}
		_, r := xlsx.MustSplitRef(q.Cell)
		a := answers[q.ID+"\x00"]
		if v, style, ok := w.answerCell(a, q.Options); ok {
			f.put(q.Cell, v, style)
		}
		if a.Comment != "" {
			f.put(q.CommentCell, a.Comment, w.styles.inputWrap)
		}
		f.merge(q.Cell, rowRef("E", r))
		f.merge(q.CommentCell, rowRef("J", r))
		f.list(q.Cell+":"+rowRef("E", r), listRows(first["C"+q.ID], len(q.Options)))
	}
}

func splitCell(ref string) []string {
	i := strings.IndexAny(ref, "0123456789")
	return []string{ref[:i], ref[i:]}
}

// optionLRow adds the L row of a hidden list cell with the option's
// translations. RMI's second "No" rows carry a stray leading space in most
// languages; so do these.
func (w *writer) optionLRow(cell, option string, repeated bool) {
	key := cmrt.SheetDeclaration + cell
	if w.lseen[key] {
		return
	}
	w.lseen[key] = true
	texts := make([]any, len(w.l.Languages))
	for i := range texts {
		texts[i] = option
	}
	if option == "100%" && !w.since(w.spec.listTextPercentFrom) {
		for i := range texts {
			texts[i] = 1.0
		}
	}
	if tr := cmrt.OptionTranslations(option); tr != nil {
		for i, lang := range w.l.Languages {
			j := cmrtLanguage(lang)
			if i == 0 {
				j = 0
			}
			if j >= 0 && j < len(tr) {
				t := tr[j]
				if repeated && i > 1 {
					t = " " + t
				}
				texts[i] = t
			}
		}
	}
	w.lrows = append(w.lrows, lRow{sheet: cmrt.SheetDeclaration, cell: cell, texts: texts})
}

// answerCell is an answer cell as found in a file: the raw text when the
// declaration kept one, else the canonical value. A "100%" answer is the
// number 1 up to the revision that made it text. ok is false for no answer.
func (w *writer) answerCell(a cmrt.Answer, options []string) (v any, style int, ok bool) {
	text := a.Raw
	if text == "" {
		text = a.Value
	}
	if text == "" {
		return nil, 0, false
	}
	if slices.Contains(options, "100%") && (text == "100%" || text == "1") {
		if w.percentAsNumber() {
			return 1.0, w.styles.percent, true
		}
		text = "100%"
	}
	return text, w.styles.input, true
}

// dateCell is the effective date as a real date (a serial number with the
// template's date format) when the declaration has one and no other text,
// else the text as typed; v is nil for no date.
func (w *writer) dateCell() (v any, style int) {
	co := w.d.Company
	t := co.EffectiveDate
	switch {
	case !t.IsZero() && (co.EffectiveDateText == "" || co.EffectiveDateText == t.Format("2006-01-02")):
		return math.Floor(t.Sub(excelEpoch).Hours() / 24), w.styles.date
	case co.EffectiveDateText != "":
		return co.EffectiveDateText, w.styles.input
	}
	return nil, w.styles.date
}
