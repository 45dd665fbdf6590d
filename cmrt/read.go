package cmrt

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/openminerals/cmrt/internal/inputfile"
	"github.com/openminerals/cmrt/internal/xlsx"
)

// Read reads a supplier template and checks it: the declaration, and every
// problem found while reading and by Check (with the clock at now).
func Read(path string) (*Declaration, []Problem, error) {
	d, err := ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return d, Check(d, time.Now()).Problems, nil
}

// ReadFile reads a supplier template without checking it. Problems met while
// reading (a text date, a localised answer, a row resolved through the
// Smelter Look-up) are kept in the declaration for Check to report.
//
// A file that cannot be read as a supported template gives a *FileError
// naming the file (and sheet and cell where known), wrapping ErrUnsupported,
// ErrMissingSheet or one of the internal/xlsx format errors.
func ReadFile(path string) (*Declaration, error) {
	// inputfile refuses a FIFO (which would block), a device such as
	// /dev/zero (which never ends) and an oversized file before reading.
	f, info, err := inputfile.Open(path, MaxFileSize)
	if err != nil {
		return nil, &FileError{File: path, Err: err}
	}
	defer f.Close()
	wb, err := xlsx.NewReader(f, info.Size(), xlsx.Limits{})
	if err != nil {
		return nil, &FileError{File: path, Err: err}
	}
	return readWorkbook(path, wb)
}

// ReadBytes reads a template already in memory (an importer hashes the
// file's bytes and parses the same bytes); name is used in messages.
func ReadBytes(name string, data []byte) (*Declaration, error) {
	wb, err := xlsx.NewReader(bytes.NewReader(data), int64(len(data)), xlsx.Limits{})
	if err != nil {
		return nil, &FileError{File: name, Err: err}
	}
	return readWorkbook(name, wb)
}

func readWorkbook(path string, wb *xlsx.Workbook) (*Declaration, error) {
	defer wb.Close()
	r := &reader{path: path, wb: wb}
	d, err := r.read()
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return nil, err
		}
		return nil, &FileError{File: path, Err: err}
	}
	return d, nil
}

type reader struct {
	path        string
	wb          *xlsx.Workbook
	sheets      map[string]string // canonical sheet name → name in this file
	d           *Declaration
	layout      Layout
	trans       map[string]string // foldKey(any language) → English; read on first need
	transErr    error
	countryKeys map[string]string // foldKey(country) → the template's name
	notes       []Problem
	saqBank     *SAQBank // the questionnaire's question bank (family SAQ)
}

func (r *reader) note(code string, sev Severity, sheet, cell, format string, args ...any) {
	r.notes = append(r.notes, Problem{Code: code, Severity: sev, Sheet: sheet, Cell: cell, Message: fmt.Sprintf(format, args...)})
}

// findSheets maps RMI's sheet names to this file's. Suppliers rename sheets
// ("Declaration (2)", "smelter list "); match exact names first, then by
// folded key, then by a folded prefix.
func (r *reader) findSheets() {
	r.sheets = map[string]string{}
	infos := r.wb.Sheets()
	want := []string{SheetDeclaration, SheetSmelterList, SheetProductList, SheetLookup, SheetChecker, SheetRevision, SheetMineList, SheetSources, SheetL, SheetCountries}
	for _, w := range want {
		for _, s := range infos {
			if s.Name == w {
				r.sheets[w] = s.Name
			}
		}
	}
	for _, w := range want {
		if _, ok := r.sheets[w]; ok || len(w) == 1 { // never guess the one-letter hidden sheets
			continue
		}
		wk := foldKey(w)
		for _, s := range infos {
			if k := foldKey(s.Name); k == wk || (strings.HasPrefix(k, wk) && !r.taken(s.Name)) {
				r.sheets[w] = s.Name
				break
			}
		}
	}
}

func (r *reader) taken(name string) bool {
	for _, v := range r.sheets {
		if v == name {
			return true
		}
	}
	return false
}

func (r *reader) sheetNames() string {
	var names []string
	for _, s := range r.wb.Sheets() {
		names = append(names, strconv.Quote(s.Name))
	}
	return strings.Join(names, ", ")
}

// identify finds the Declaration sheet, the template's layout and the
// file's own revision (which differs from the layout's for a revision newer
// than any known, read with the latest layout once its anchors verify).
func (r *reader) identify() (*xlsx.Grid, Layout, string, error) {
	r.findSheets()
	declSheet, ok := r.sheets[SheetDeclaration]
	if !ok {
		return nil, Layout{}, "", fmt.Errorf("%w: no %q sheet (sheets: %s); is this an RMI template?", ErrMissingSheet, SheetDeclaration, r.sheetNames())
	}
	decl, err := r.wb.ReadGrid(declSheet, xlsx.ReadOptions{MaxCol: 10, MaxRow: 200})
	if err != nil {
		return nil, Layout{}, "", &FileError{File: r.path, Sheet: declSheet, Err: err}
	}
	var revisionTitle string
	if name, ok := r.sheets[SheetRevision]; ok {
		g, err := r.wb.ReadGrid(name, xlsx.ReadOptions{MaxCol: 2, MaxRow: 3})
		if err != nil {
			return nil, Layout{}, "", &FileError{File: r.path, Sheet: name, Err: err}
		}
		revisionTitle = cleanText(g.Cell("B3").Value)
	}
	if layout, version, ok, err := r.identifySAQ(revisionTitle, decl); ok {
		return decl, layout, version, err
	}
	layout, version, newer, err := detect(revisionTitle, decl)
	if err == nil && newer {
		err = r.verifyAnchors(decl, layout, version)
	}
	if err == nil && layout.Family == SAQ {
		// Written before the bank was embedded: the default bank's.
		err = verifySAQQuestions(decl, layout, "the default question bank (the file embeds none)")
		r.saqBank = DefaultSAQBank()
	}
	return decl, layout, version, err
}

// Identify tells which template family and revision a file in memory is,
// reading only its Declaration and Revision sheets.
func Identify(name string, data []byte) (Template, error) {
	wb, err := xlsx.NewReader(bytes.NewReader(data), int64(len(data)), xlsx.Limits{})
	if err != nil {
		return Template{}, &FileError{File: name, Err: err}
	}
	defer wb.Close()
	r := &reader{path: name, wb: wb}
	decl, layout, version, err := r.identify()
	if err != nil {
		var fe *FileError
		if !errors.As(err, &fe) {
			err = &FileError{File: name, Err: err}
		}
		return Template{}, err
	}
	return Template{Family: layout.Family, Version: version, Language: languageName(cleanText(decl.Cell("D3").Value))}, nil
}

func (r *reader) read() (*Declaration, error) {
	decl, layout, version, err := r.identify()
	if err != nil {
		return nil, err
	}
	r.layout = layout
	if _, ok := r.sheets[SheetSmelterList]; !ok && layout.SmelterRule != SmelterRuleNone {
		return nil, fmt.Errorf("%w: no %q sheet (sheets: %s)", ErrMissingSheet, SheetSmelterList, r.sheetNames())
	}
	d := &Declaration{
		Layout:          layout,
		Minerals:        append([]string(nil), layout.Minerals...),
		StructureLocked: r.wb.StructureLocked(),
	}
	r.d = d
	d.SAQBank = r.saqBank
	d.Template = Template{Family: layout.Family, Version: version, Language: languageName(cleanText(decl.Cell("D3").Value))}
	if err := r.readCountries(); err != nil {
		return nil, err
	}
	if err := r.readLookup(); err != nil {
		return nil, err
	}
	if len(layout.MineralCells) > 0 {
		d.Minerals = r.pickedMinerals(decl)
	}
	r.readCompany(decl)
	r.readAnswers(decl)
	if r.transErr != nil {
		return nil, r.transErr
	}
	if err := r.readSmelters(); err != nil {
		return nil, err
	}
	if err := r.readProducts(); err != nil {
		return nil, err
	}
	if err := r.readMines(); err != nil {
		return nil, err
	}
	if r.transErr != nil {
		return nil, r.transErr
	}
	d.notes = r.notes
	return d, nil
}

// text returns a cell's cleaned cached value. A formula without a cached
// value reads as empty: nothing was calculated, so nothing was declared.
func text(c xlsx.Cell) string { return cleanText(c.Value) }

func (r *reader) readCompany(g *xlsx.Grid) {
	cc := r.layout.Company
	c := &r.d.Company
	get := func(ref string) string {
		if ref == "" {
			return ""
		}
		return text(g.Cell(ref))
	}
	c.Name = get(cc.Name)
	c.Scope = r.canonicalScope(get(cc.Scope))
	c.ScopeDescription = get(cc.ScopeDescription)
	c.UniqueID = get(cc.UniqueID)
	c.UniqueIDAuthority = get(cc.UniqueIDAuthority)
	c.Address = get(cc.Address)
	c.ContactName = get(cc.ContactName)
	c.ContactEmail = get(cc.ContactEmail)
	c.ContactPhone = get(cc.ContactPhone)
	c.Authorizer = get(cc.Authorizer)
	c.AuthorizerTitle = get(cc.AuthorizerTitle)
	c.AuthorizerEmail = get(cc.AuthorizerEmail)
	c.AuthorizerPhone = get(cc.AuthorizerPhone)
	r.readDate(g.Cell(cc.EffectiveDate), cc.EffectiveDate)
}

// canonicalScope maps a scope answer to RMI's option by its letter: the
// options start "A.", "B.", "C." in every language and revision.
func (r *reader) canonicalScope(s string) string {
	k := strings.ToUpper(foldWidth(s))
	switch {
	case strings.HasPrefix(k, "A.") || foldKey(s) == foldKey(ScopeCompany):
		return ScopeCompany
	case strings.HasPrefix(k, "B.") || foldKey(s) == foldKey(ScopeProduct):
		return ScopeProduct
	case strings.HasPrefix(k, "C.") || foldKey(s) == foldKey(ScopeUser):
		return ScopeUser
	}
	if s != "" {
		r.note("ANSWER_NOT_OPTION", Warning, SheetDeclaration, r.layout.Company.Scope,
			"Declaration scope %q is not one of the template's options (A. Company, B. Product, C. User defined)", s)
	}
	return s
}

func (r *reader) readDate(c xlsx.Cell, ref string) {
	co := &r.d.Company
	raw := text(c)
	co.EffectiveDateText = raw
	if raw == "" {
		return
	}
	switch c.Type {
	case xlsx.Number:
		f, err := strconv.ParseFloat(raw, 64)
		if err == nil {
			if t, err := dateFromSerial(f, r.wb.Date1904()); err == nil {
				co.EffectiveDate = t
				co.EffectiveDateText = t.Format("2006-01-02")
				return
			}
		}
		r.note("DATE_UNREADABLE", Warning, SheetDeclaration, ref, "effective date %s is not a valid date", raw)
		return
	case xlsx.Date:
		if t, err := time.Parse("2006-01-02", raw[:min(len(raw), 10)]); err == nil {
			co.EffectiveDate = t
			return
		}
	}
	t, err := ParseDateText(raw)
	if err != nil {
		if errors.Is(err, ErrAmbiguousDate) {
			r.note("DATE_AMBIGUOUS", Warning, SheetDeclaration, ref, "effective date %v; enter it as a real date or as YYYY-MM-DD", err)
		} else {
			r.note("DATE_UNREADABLE", Warning, SheetDeclaration, ref, "effective date: %v", err)
		}
		return
	}
	co.EffectiveDate = t
	r.note("DATE_TEXT", Info, SheetDeclaration, ref, "effective date typed as text %q, read as %s", raw, t.Format("2006-01-02"))
}

func (r *reader) readAnswers(g *xlsx.Grid) {
	l := r.layout
	for _, q := range l.Questions {
		for i, m := range r.d.Minerals {
			if len(q.OnlyMinerals) > 0 && !in(m, q.OnlyMinerals) {
				continue
			}
			ref := q.Cell(i)
			c := g.Cell(ref)
			a := Answer{Question: q.ID, Mineral: m, Cell: ref, Comment: text(g.Cell(q.CommentCell(i)))}
			a.Value, a.Raw = r.canonical(c, q.Options, ref)
			r.d.Answers = append(r.d.Answers, a)
		}
	}
	for _, q := range l.CompanyQuestions {
		if q.PerMineralRow > 0 {
			for i, m := range r.d.Minerals {
				ref := "D" + strconv.Itoa(q.PerMineralRow+i)
				a := Answer{Question: q.ID, Mineral: m, Cell: ref, Comment: text(g.Cell("G" + strconv.Itoa(q.PerMineralRow+i)))}
				a.Value, a.Raw = r.canonical(g.Cell(ref), q.Options, ref)
				r.d.Answers = append(r.d.Answers, a)
			}
			continue
		}
		c := g.Cell(q.Cell)
		a := Answer{Question: q.ID, Cell: q.Cell, Comment: text(g.Cell(q.CommentCell))}
		a.Value, a.Raw = r.canonical(c, q.Options, q.Cell)
		r.d.Answers = append(r.d.Answers, a)
	}
}

// canonical maps an answer cell to one of the options: exact, then by folded
// key ("yes " → "Yes"), then through the translations (是 → Yes). Numbers
// answering a percentage question are fractions (1 → 100%). It returns the
// value and, when it differs, the raw text.
func (r *reader) canonical(c xlsx.Cell, options []string, ref string) (value, raw string) {
	raw = text(c)
	if raw == "" {
		return "", ""
	}
	if len(options) == 0 { // a free-text question (Gemstone origins)
		return raw, ""
	}
	for _, o := range options {
		if raw == o {
			return o, ""
		}
	}
	if c.Type == xlsx.Number && hasOption(options, "100%") {
		if f, err := strconv.ParseFloat(raw, 64); err == nil {
			pct := strconv.FormatFloat(f*100, 'f', -1, 64) + "%"
			if pct == "100%" {
				return "100%", raw
			}
			raw = pct
		}
	}
	if v, ok := matchOption(raw, options); ok {
		return v, raw
	}
	if en, ok := r.translate(raw); ok {
		if v, ok := matchOption(en, options); ok {
			r.note("ANSWER_TRANSLATED", Info, SheetDeclaration, ref, "answer %q read as %q", raw, v)
			return v, raw
		}
	}
	r.note("ANSWER_NOT_OPTION", Warning, SheetDeclaration, ref, "answer %q is not one of the options (%s)", raw, strings.Join(options, " / "))
	return raw, ""
}

func hasOption(options []string, o string) bool {
	for _, x := range options {
		if x == o {
			return true
		}
	}
	return false
}

// matchOption compares by folded key, so case, spacing, punctuation and
// width do not matter: "Yes, in conformance with IPC-1755 [e.g., CMRT]" is
// the option "Yes, in conformance with IPC1755 (e.g., CMRT)".
func matchOption(s string, options []string) (string, bool) {
	k := foldKey(s)
	if k == "" {
		return "", false
	}
	for _, o := range options {
		if foldKey(o) == k {
			return o, true
		}
	}
	return "", false
}

// translate maps an answer in any of the template's languages to English.
// The L sheet is read only the first time an answer is not already one of
// the options, which is rare: Excel stores the English option whatever the
// language shown.
func (r *reader) translate(s string) (string, bool) {
	if r.trans == nil {
		r.transErr = r.readTranslations()
	}
	en, ok := r.trans[foldKey(s)]
	return en, ok
}

// readTranslations builds the answer translation table from the file's own L
// sheet (key, sheet, cell, English, nine other languages), over the built-in
// table. Only rows whose English text is an answer option count, so labels
// never turn into answers.
func (r *reader) readTranslations() error {
	r.trans = map[string]string{}
	conflict := map[string]bool{}
	add := func(from, en string) {
		k := foldKey(from)
		if k == "" || conflict[k] {
			return
		}
		if prev, ok := r.trans[k]; ok && foldKey(prev) != foldKey(en) {
			delete(r.trans, k)
			conflict[k] = true
			return
		}
		r.trans[k] = en
	}
	for _, row := range builtinTranslations {
		for _, t := range row[1:] {
			add(t, row[0])
		}
	}
	name, ok := r.sheets[SheetL]
	if !ok {
		return nil
	}
	options := map[string]bool{}
	for _, q := range r.layout.Questions {
		for _, o := range q.Options {
			options[foldKey(o)] = true
		}
	}
	for _, q := range r.layout.CompanyQuestions {
		for _, o := range q.Options {
			options[foldKey(o)] = true
		}
	}
	return r.rows(name, 4+len(r.layout.Languages)-1, 0, func(_ int, vals []string) {
		en := vals[4]
		if en == "" || !options[foldKey(en)] {
			return
		}
		for _, v := range vals[5:] {
			add(v, en)
		}
	})
}

func (r *reader) readCountries() error {
	if name, ok := r.sheets[SheetCountries]; ok {
		err := r.rows(name, 2, 0, func(row int, vals []string) {
			if row > 1 && vals[2] != "" {
				r.d.Countries = append(r.d.Countries, vals[2])
			}
		})
		if err != nil {
			return err
		}
	}
	if len(r.d.Countries) == 0 {
		for _, c := range builtinCountries {
			r.d.Countries = append(r.d.Countries, c[1])
		}
	}
	return nil
}

// MaxLookupRows bounds the Look-up rows read (RMI's carry under 2,000):
// rows past it are skipped unread, and one more is kept so that a caller
// (smelters.CheckLookup) can tell the sheet was too long.
const MaxLookupRows = 5_000

// readLookup reads the Smelter Look-up sheet: header row 4, data from row 5,
// columns A–I in every family that has one.
func (r *reader) readLookup() error {
	name, ok := r.sheets[SheetLookup]
	if !ok {
		return nil
	}
	return r.rows(name, 9, 4+MaxLookupRows+1, func(row int, v []string) {
		if row >= 5 && (v[1] != "" || v[2] != "") {
			r.d.Lookup = append(r.d.Lookup, LookupRow{
				Metal: v[1], Alias: v[2], StandardName: v[3], Country: v[4],
				CID: v[5], Source: v[6], Street: v[7], City: v[8], State: v[9],
			})
		}
	})
}

// rows streams a sheet row by row: fn gets each row holding a value, with
// its cleaned cell texts indexed by column number (1 = A) up to maxCol.
// Rows past maxRow (0: no limit) are not read.
func (r *reader) rows(sheet string, maxCol, maxRow int, fn func(row int, vals []string)) error {
	vals := make([]string, maxCol+1)
	cur, used := 0, false
	flush := func() {
		if used {
			fn(cur, vals)
		}
		clear(vals)
		used = false
	}
	err := r.wb.ReadSheet(sheet, xlsx.ReadOptions{MaxCol: maxCol, MaxRow: maxRow, ValuesOnly: true}, func(c xlsx.Cell) error {
		if c.Row != cur {
			flush()
			cur = c.Row
		}
		if v := text(c); v != "" {
			vals[c.Col], used = v, true
		}
		return nil
	})
	flush()
	if err != nil {
		return &FileError{File: r.path, Sheet: sheet, Err: err}
	}
	return nil
}

func (r *reader) readSmelters() error {
	sl := r.layout.Smelters
	if r.layout.SmelterRule == SmelterRuleNone {
		return nil
	}
	idx := newLookupIndex(r.d.Lookup)
	return r.rows(r.sheets[SheetSmelterList], xlsx.MustColumnNumber(sl.LastColumn), sl.LastRow, func(row int, vals []string) {
		if row >= sl.FirstRow {
			r.addSmelter(row, vals, idx)
		}
	})
}

func (r *reader) addSmelter(row int, vals []string, idx *lookupIndex) {
	sl := r.layout.Smelters
	get := func(col string) string {
		if col == "" {
			return ""
		}
		return vals[xlsx.MustColumnNumber(col)]
	}
	s := SmelterRow{
		Row: row, CIDInput: get(sl.CIDInput), Metal: get(sl.Metal), LookupName: get(sl.LookupName),
		Name: get(sl.Name), Country: get(sl.Country), CID: get(sl.CID), Source: get(sl.Source),
		Street: get(sl.Street), City: get(sl.City), State: get(sl.State), ContactName: get(sl.ContactName),
		ContactEmail: get(sl.ContactEmail), NextSteps: get(sl.NextSteps), MineName: get(sl.MineName),
		MineCountry: get(sl.MineCountry), Comments: get(sl.Comments),
	}
	// The look-up columns are formulas that show 0 where the Look-up cell
	// they point at is empty (RMI's F–J do not append ""); 0 is no value.
	// The same 0 is left in the contact e-mail column by files whose
	// formulas fill it: no address was given.
	for _, f := range []*string{&s.CID, &s.Source, &s.Street, &s.City, &s.State, &s.Country, &s.ContactEmail} {
		if *f == "0" {
			*f = ""
		}
	}
	// A row is a declared smelter when the CID input, metal or look-up name
	// holds something (AMRT 1.2, without a look-up column: metal or name);
	// other columns alone are notes, not smelters.
	if sl.LookupName == "" && s.Name != "" {
		// declared by its name
	} else if s.CIDInput == "" && s.Metal == "" && s.LookupName == "" {
		if s.Name != "" || s.CID != "" {
			r.note("SMELTER_ROW_INCOMPLETE", Warning, SheetSmelterList, fmt.Sprintf("B%d", row),
				"row %d names a smelter (%s) but has no metal and no Smelter Look-up choice", row, firstNonEmpty(s.Name, s.CID))
		} else {
			return
		}
	}
	if s.Metal != "" {
		if m, ok := matchOption(s.Metal, r.d.Minerals); ok {
			s.Metal = m
		} else if m, ok := matchOption(s.Metal, r.layout.MineralOptions); ok {
			s.Metal = m
		}
	}
	switch foldKey(s.LookupName) {
	case foldKey(SmelterNotListed):
		s.LookupName = SmelterNotListed
	case foldKey(SmelterNotIdentified):
		s.LookupName = SmelterNotIdentified
	}
	if rec := get(sl.Recycled); rec != "" {
		if v, ok := matchOption(rec, yesNoUnknown); ok {
			s.Recycled = v
		} else if en, ok := r.translate(rec); ok {
			s.Recycled = en
		} else {
			s.Recycled = rec
		}
	}
	r.resolveSmelter(&s, idx)
	if s.Country != "" {
		if c, ok := r.canonicalCountry(s.Country); ok {
			s.Country = c
		}
	}
	r.d.Smelters = append(r.d.Smelters, s)
}

// resolveSmelter fills what the template's formulas would have: with only a
// CID typed in column A, metal, name and country come from the Look-up row
// of that CID; with a look-up name chosen, country and CID come from that
// name's row.
func (r *reader) resolveSmelter(s *SmelterRow, idx *lookupIndex) {
	resolved := false
	if s.CIDInput != "" {
		cid, _ := NormalizeCID(s.CIDInput)
		if lr, ok := idx.byCID[cid]; ok {
			if s.Metal == "" {
				s.Metal, resolved = lr.Metal, true
			}
			if s.LookupName == "" {
				s.LookupName, resolved = lr.StandardName, true
			}
			if s.CID == "" {
				s.CID, resolved = lr.CID, true
			}
			if s.Country == "" {
				s.Country, resolved = lr.Country, true
			}
		}
	}
	if s.LookupName != "" && s.LookupName != SmelterNotListed && s.LookupName != SmelterNotIdentified {
		if lr, ok := idx.byName[lookupKey(s.Metal, s.LookupName)]; ok {
			if s.CID == "" && lr.CID != "" {
				s.CID, resolved = lr.CID, true
			}
			if s.Country == "" && lr.Country != "" {
				s.Country, resolved = lr.Country, true
			}
		}
	}
	if s.LookupName == SmelterNotListed && s.Name != "" {
		// 6.22+ fill a "not listed" row from the Look-up when its typed name
		// is a known alias.
		if lr, ok := idx.byName[lookupKey(s.Metal, s.Name)]; ok {
			if s.CID == "" && lr.CID != "" {
				s.CID, resolved = lr.CID, true
			}
			if s.Country == "" && lr.Country != "" {
				s.Country, resolved = lr.Country, true
			}
		}
	}
	if s.Name == "" {
		s.Name = s.LookupName
		if s.Name == SmelterNotListed || s.Name == SmelterNotIdentified {
			s.Name = ""
		}
	}
	if s.CID != "" {
		if cid, ok := NormalizeCID(s.CID); ok {
			s.CID = cid
		}
	}
	if resolved {
		s.Resolved = true
		r.note("SMELTER_RESOLVED", Info, SheetSmelterList, fmt.Sprintf("A%d", s.Row),
			"row %d: columns calculated by the template were empty (formulas without saved values); filled from the file's Smelter Look-up", s.Row)
	}
}

func (r *reader) canonicalCountry(s string) (string, bool) {
	if r.countryKeys == nil {
		r.countryKeys = make(map[string]string, len(r.d.Countries))
		for _, c := range r.d.Countries {
			r.countryKeys[foldKey(c)] = c
		}
	}
	if c, ok := r.countryKeys[foldKey(s)]; ok {
		return c, true
	}
	return s, false
}

func (r *reader) readProducts() error {
	name, ok := r.sheets[SheetProductList]
	if !ok {
		return nil
	}
	pl := r.layout.Products
	last := max(xlsx.MustColumnNumber(pl.Number), xlsx.MustColumnNumber(pl.Name), xlsx.MustColumnNumber(pl.RequesterNumber), xlsx.MustColumnNumber(pl.RequesterName), xlsx.MustColumnNumber(pl.Comments))
	return r.rows(name, last, pl.LastRow, func(row int, vals []string) {
		get := func(col string) string { return vals[xlsx.MustColumnNumber(col)] }
		p := Product{Row: row, Number: get(pl.Number), Name: get(pl.Name), RequesterNumber: get(pl.RequesterNumber),
			RequesterName: get(pl.RequesterName), Comments: get(pl.Comments)}
		if row >= pl.FirstRow && (p.Number != "" || p.Name != "") {
			r.d.Products = append(r.d.Products, p)
		}
	})
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// languages maps Declaration!D3's options to plain English names.
var languages = map[string]string{
	"english": "English", "中文chinese": "Chinese", "日本語japanese": "Japanese", "한국어korean": "Korean",
	"français": "French", "português": "Portuguese", "deutsch": "German", "español": "Spanish",
	"italiano": "Italian", "türkçe": "Turkish",
}

func languageName(d3 string) string {
	if n, ok := languages[foldKey(d3)]; ok {
		return n
	}
	if d3 == "" {
		return "English" // the blank default
	}
	return d3
}

// lookupIndex finds Smelter Look-up rows by CID and by metal + name.
type lookupIndex struct {
	byCID  map[string]LookupRow
	byName map[string]LookupRow
}

func lookupKey(metal, name string) string { return foldKey(metal) + "\x00" + foldKey(name) }

func newLookupIndex(rows []LookupRow) *lookupIndex {
	idx := &lookupIndex{byCID: map[string]LookupRow{}, byName: map[string]LookupRow{}}
	for _, lr := range rows {
		if cid, ok := NormalizeCID(lr.CID); ok {
			lr.CID = cid
			if _, dup := idx.byCID[cid]; !dup {
				idx.byCID[cid] = lr
			}
		}
		if lr.Alias != "" {
			idx.byName[lookupKey(lr.Metal, lr.Alias)] = lr
		}
		if lr.StandardName != "" {
			if _, dup := idx.byName[lookupKey(lr.Metal, lr.StandardName)]; !dup {
				idx.byName[lookupKey(lr.Metal, lr.StandardName)] = lr
			}
		}
	}
	return idx
}

// pickedMinerals returns the minerals of a template where the declarer
// picks them (EMRT 2.x, AMRT), in the order of the question slots. The
// template's own slot labels (B of question 1's rows, "Cobalt(*)") are used
// when they were calculated: they say which row holds which mineral, in the
// sort order of the Excel that saved the file. Without them the picks are
// sorted as the template does: blanks and "(Delete …)" dropped, "Other"
// replaced by its text, duplicates removed, case-insensitive order.
func (r *reader) pickedMinerals(g *xlsx.Grid) []string {
	l := r.layout
	var labels []string
	q1 := l.Questions[0]
	for i := 0; i < l.Slots; i++ {
		lab := strings.TrimSpace(strings.TrimSuffix(text(g.Cell("B"+strconv.Itoa(q1.FirstRow+i))), "(*)"))
		if lab == "" || lab == "0" {
			break
		}
		if m, ok := matchOption(lab, l.MineralOptions); ok {
			lab = m
		}
		labels = append(labels, lab)
	}
	var picks []string
	seen := map[string]bool{}
	others := 0
	for i, ref := range l.MineralCells {
		v := text(g.Cell(ref))
		if v == "" || strings.HasPrefix(v, "(") {
			continue
		}
		if m, ok := matchOption(v, l.MineralOptions); ok {
			v = m
		}
		if strings.HasPrefix(v, "Other") && len(l.OtherCells) > i {
			others++
			v = text(g.Cell(l.OtherCells[i]))
			if v == "" {
				continue
			}
		}
		if k := foldKey(v); !seen[k] {
			seen[k] = true
			picks = append(picks, v)
		}
	}
	filled := 0
	for _, ref := range l.OtherCells {
		if text(g.Cell(ref)) != "" {
			filled++
		}
	}
	// RMI's test, COUNTIF(picks,"Other…")=COUNTIF(other cells,"*"), runs only
	// when something is "Other".
	r.d.otherUnspecified = others > 0 && others != filled
	if len(labels) > 0 {
		return labels
	}
	sort.SliceStable(picks, func(i, j int) bool { return strings.ToLower(picks[i]) < strings.ToLower(picks[j]) })
	return picks
}

func (r *reader) readMines() error {
	ml := r.layout.Mines
	if ml == nil {
		return nil
	}
	name, ok := r.sheets[ml.sheet()]
	if !ok {
		return nil
	}
	return r.rows(name, xlsx.MustColumnNumber("M"), ml.LastRow, func(row int, vals []string) {
		get := func(col string) string { return vals[xlsx.MustColumnNumber(col)] }
		if row < ml.FirstRow || (get(ml.Metal) == "" && get(ml.MineName) == "") {
			return
		}
		m := MineRow{Row: row, Metal: get(ml.Metal), SmelterName: get(ml.SmelterName), MineName: get(ml.MineName),
			MineID: get(ml.MineID), Source: get(ml.Source), Country: get(ml.Country), Street: get(ml.Street),
			City: get(ml.City), State: get(ml.State), ContactName: get(ml.ContactName), ContactEmail: get(ml.ContactEmail),
			NextSteps: get(ml.NextSteps), Comments: get(ml.Comments)}
		if c, ok := r.canonicalCountry(m.Country); ok {
			m.Country = c
		}
		r.d.Mines = append(r.d.Mines, m)
	})
}
