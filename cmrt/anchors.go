package cmrt

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/openminerals/cmrt/internal/xlsx"
)

// Reading a revision newer than any known.
//
// RMI releases a revision a year, and most keep the previous layout (6.6 =
// 6.5 on the Declaration). A file whose J3 names a revision newer than any
// layout of its family (CMRT 6.7) is read with the family's latest layout
// only when that layout's structural anchors hold in the file: question
// headings numbered at their rows, the company labels at their rows, the
// Smelter List and Product List headers in their columns, and the sheets
// the layout reads. When one does not, the file is refused with the anchor,
// its cell and what was found: a cell is never guessed.

// layoutFor returns the layout of a family's revision; for a revision newer
// than every known one, the latest layout with newer set.
func layoutFor(f Family, version string) (l Layout, newer bool, err error) {
	l, err = LookupLayout(f, version)
	if err == nil {
		return l, false, nil
	}
	if latest, ok := latestLayout(f); ok && VersionLess(latest.Version, version) {
		return latest, true, nil
	}
	return Layout{}, false, err
}

// anchor is a cell whose English text must satisfy a test for a layout to
// fit a file.
type anchor struct {
	what        string // "question 1 heading"
	sheet, cell string
	want        string // what the text must be, for the message
	ok          func(text string) bool
}

// numbered tests for a heading numbered id: "1) …" or "A. …", full-width
// forms allowed ("１）").
func numbered(id string) func(string) bool {
	return func(s string) bool {
		s = strings.TrimSpace(foldWidth(s))
		return strings.HasPrefix(s, id+")") || strings.HasPrefix(s, id+".")
	}
}

func not(test func(string) bool) func(string) bool { return func(s string) bool { return !test(s) } }

// containsText tests for a label holding part, ignoring case, spacing and
// punctuation ("Email – Contact (*):" holds "Email").
func containsText(part string) func(string) bool {
	p := foldKey(part)
	return func(s string) bool { return strings.Contains(foldKey(s), p) }
}

// layoutAnchors derives the anchors from the layout itself, so a new layout
// brings its own.
func layoutAnchors(l Layout) []anchor {
	var out []anchor
	add := func(what, sheet, col string, row int, want string, ok func(string) bool) {
		if col == "" || row <= 0 {
			return
		}
		out = append(out, anchor{what: what, sheet: sheet, cell: col + strconv.Itoa(row), want: want, ok: ok})
	}
	// Numbers only: RMI rewords questions, but numbering a question at a
	// row is the layout.
	for _, q := range l.Questions {
		add("question "+q.ID+" heading", SheetDeclaration, "B", q.FirstRow-1, fmt.Sprintf("a heading starting %q", q.ID+")"), numbered(q.ID))
	}
	for _, q := range l.CompanyQuestions {
		row := q.PerMineralRow - 1
		if q.PerMineralRow == 0 {
			_, row = xlsx.MustSplitRef(q.Cell)
		}
		add("company question "+q.ID+" heading", SheetDeclaration, "B", row, fmt.Sprintf("a heading starting %q", q.ID+"."), numbered(q.ID))
	}
	// Where the next heading would follow, none may: a question added
	// after the last one would otherwise go unread.
	if n := len(l.Questions); n >= 2 {
		last, prev := l.Questions[n-1], l.Questions[n-2]
		if id, err := strconv.Atoi(last.ID); err == nil {
			next := strconv.Itoa(id + 1)
			add("space after question "+last.ID, SheetDeclaration, "B", 2*last.FirstRow-prev.FirstRow-1,
				fmt.Sprintf("no question %s (the layout has %d)", next, n), not(numbered(next)))
		}
	}
	if n := len(l.CompanyQuestions); n >= 2 {
		last, prev := l.CompanyQuestions[n-1], l.CompanyQuestions[n-2]
		if last.PerMineralRow == 0 && prev.PerMineralRow == 0 && len(last.ID) == 1 {
			_, lr := xlsx.MustSplitRef(last.Cell)
			_, pr := xlsx.MustSplitRef(prev.Cell)
			next := string(rune(last.ID[0] + 1))
			add("space after company question "+last.ID, SheetDeclaration, "B", 2*lr-pr,
				fmt.Sprintf("no company question %s (the layout ends at %s)", next, last.ID), not(numbered(next)))
		}
	}
	cc := l.Company
	for _, f := range []struct{ what, cell, text string }{
		{"company name label", cc.Name, "Company Name"},
		{"contact e-mail label", cc.ContactEmail, "Email"},
		{"effective date label", cc.EffectiveDate, "Effective Date"},
	} {
		if f.cell != "" {
			_, row := xlsx.MustSplitRef(f.cell)
			add(f.what, SheetDeclaration, "B", row, fmt.Sprintf("a label with %q", f.text), containsText(f.text))
		}
	}
	sl := l.Smelters
	for _, h := range []struct{ what, col, text string }{
		{"Smelter List metal header", sl.Metal, "Metal"},
		{"Smelter List look-up header", sl.LookupName, "Smelter Look-up"},
		{"Smelter List name header", sl.Name, "Smelter Name"},
		{"Smelter List country header", sl.Country, "Country"},
		{"Smelter List identification header", sl.CID, "Smelter Identification"},
	} {
		add(h.what, SheetSmelterList, h.col, sl.HeaderRow, fmt.Sprintf("a header with %q", h.text), containsText(h.text))
	}
	pl := l.Products
	add("Product List number header", SheetProductList, pl.Number, pl.HeaderRow, `a header with "Product Number"`, containsText("Product Number"))
	add("Product List requester number header", SheetProductList, pl.RequesterNumber, pl.HeaderRow, `a header with "Requester Product Number"`, containsText("Requester Product Number"))
	add("Product List requester name header", SheetProductList, pl.RequesterName, pl.HeaderRow, `a header with "Requester Product Name"`, containsText("Requester Product Name"))
	return out
}

// layoutSheets are the sheets a layout reads, by their exact names.
func layoutSheets(l Layout) []string {
	out := []string{SheetDeclaration, SheetSmelterList, SheetProductList, SheetChecker}
	if l.Smelters.LookupName != "" {
		out = append(out, SheetLookup)
	}
	if l.Mines != nil {
		out = append(out, SheetMineList)
	}
	return out
}

// verifyAnchors checks that the latest known layout fits a file of a newer
// revision, and notes that it was read with it.
func (r *reader) verifyAnchors(decl *xlsx.Grid, l Layout, version string) error {
	refuse := func(sheet, cell, format string, args ...any) error {
		msg := fmt.Sprintf(format, args...)
		return &FileError{File: r.path, Sheet: sheet, Cell: cell, Err: fmt.Errorf(
			"%w: %s revision %s is newer than the known ones and the %s %s layout does not fit it: %s", ErrUnsupported, l.Family, version, l.Family, l.Version, msg)}
	}
	present := map[string]bool{}
	for _, s := range r.wb.Sheets() {
		present[s.Name] = true
	}
	for _, s := range layoutSheets(l) {
		if !present[s] {
			return refuse("", "", "no sheet named %q (sheets: %s)", s, r.sheetNames())
		}
	}
	grids := map[string]*xlsx.Grid{SheetDeclaration: decl}
	var labels map[string][]string // L: sheet+cell → English, then the other languages
	for _, a := range layoutAnchors(l) {
		g, ok := grids[a.sheet]
		if !ok {
			_, row := xlsx.MustSplitRef(a.cell)
			var err error
			if g, err = r.wb.ReadGrid(a.sheet, xlsx.ReadOptions{MaxCol: 30, MaxRow: row}); err != nil {
				return &FileError{File: r.path, Sheet: a.sheet, Err: err}
			}
			grids[a.sheet] = g
		}
		c := g.Cell(a.cell)
		found := text(c)
		if a.ok(found) {
			continue
		}
		// A label in another language, or a formula never calculated:
		// the file's own L sheet gives the English of that very cell.
		if labels == nil {
			var err error
			if labels, err = r.readLabels(len(l.Languages)); err != nil {
				return err
			}
		}
		if texts := labels[a.sheet+a.cell]; len(texts) > 0 && a.ok(texts[0]) && (found == "" && c.HasFormula || foldedIn(found, texts)) {
			continue
		}
		return refuse(a.sheet, a.cell, "%s should be %s, found %q", a.what, a.want, found)
	}
	r.note("REVISION_NEWER_THAN_KNOWN", Info, SheetDeclaration, "J3",
		"%s revision %s is newer than any this tool knows; read with the %s %s layout, whose question headings, labels, headers and sheets all matched",
		l.Family, version, l.Family, l.Version)
	return nil
}

// readLabels reads sheet L: key (sheet name + cell) in A, English in D,
// the other languages after it.
func (r *reader) readLabels(languages int) (map[string][]string, error) {
	out := map[string][]string{}
	name, ok := r.sheets[SheetL]
	if !ok {
		return out, nil
	}
	err := r.rows(name, 3+max(languages, 1), 0, func(_ int, vals []string) {
		if vals[1] != "" && vals[4] != "" {
			out[vals[1]] = append([]string(nil), vals[4:]...)
		}
	})
	return out, err
}

func foldedIn(s string, list []string) bool {
	k := foldKey(s)
	for _, x := range list {
		if k != "" && foldKey(x) == k {
			return true
		}
	}
	return false
}
