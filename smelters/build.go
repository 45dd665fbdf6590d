package smelters

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"strings"
)

// LookupRow is one row of a template's Smelter Look-up sheet (header row 4,
// data from row 5), as another package reads it from a supplier's file.
type LookupRow struct {
	Row          int    // 1-based sheet row
	Metal        string // A
	Name         string // B: Smelter Look-up, the name or alias a supplier may pick
	StandardName string // C: Standard Smelter Names
	Country      string // D: Smelter Facility Location: Country
	CID          string // E: Smelter ID
	Source       string // F: Source of Smelter Identification Number
	Street       string // G
	City         string // H
	State        string // I: State / Province
}

// FromLookupRows builds a KindLookup list from Smelter Look-up rows read by
// another package; source names where they came from (a file name). Its
// SHA256 is computed over the rows, so the same look-up carried by two
// supplier files is recognisably the same list. Rows that fail CheckLookup
// (wrapping ErrImplausibleLookup) or name no facility (ErrEmptyList) are
// refused: a supplier's file must not install a reference list that no
// refresh would accept.
func FromLookupRows(rows []LookupRow, source string) (*List, error) {
	if err := CheckLookup(rows); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", source, LookupSheet, err)
	}
	l := &List{Kind: KindLookup, Source: source, Format: "lookup-rows", Sheet: LookupSheet,
		HeaderRow: 4, RowsByMetal: map[string]int{}}
	b := newBuilder(l)
	for _, r := range rows {
		cells := [numColumns]string{
			colMetal: r.Metal, colAlias: r.Name, colName: r.StandardName, colCountry: r.Country,
			colCID: r.CID, colIDSource: r.Source, colStreet: r.Street, colCity: r.City, colState: r.State,
		}
		b.add(r.Row, func(c column) string { return strings.TrimSpace(cells[c]) }, nil)
	}
	l.SHA256 = b.sum()
	if len(l.Facilities) == 0 {
		return nil, fmt.Errorf("%s: %s: %w: %d rows, none naming a facility by Smelter ID and metal", source, LookupSheet, ErrEmptyList, len(rows))
	}
	return l, nil
}

// build reads a worksheet into l.
func build(l *List, g grid, opt Options) error {
	h := findHeader(g)
	lookupSheet := strings.EqualFold(strings.TrimSpace(g.name), LookupSheet)
	if lookupSheet && (h == nil || !h.has(colCID) || !h.has(colMetal)) {
		h = lookupLayout() // a translated template caches other text in the header
	}
	if h == nil {
		where := "the file"
		if g.name != "" {
			where = fmt.Sprintf("sheet %q", g.name)
		}
		return fmt.Errorf("%s: %w", l.Source, errNoHeader(where))
	}
	l.HeaderRow = h.row + 1

	var missing []string
	for _, c := range []column{colMetal, colCID} {
		if !h.has(c) {
			missing = append(missing, columnNames[c])
		}
	}
	if !h.has(colName) && !h.has(colAlias) {
		missing = append(missing, columnNames[colName])
	}
	if len(missing) > 0 {
		return &MissingColumnsError{File: l.Source, Sheet: g.name, Row: l.HeaderRow, Missing: missing, Kind: opt.Kind}
	}

	kind := opt.Kind
	if kind == "" {
		var err error
		if kind, err = detectKind(h, g.name, l.Source); err != nil {
			return err
		}
	}
	l.Kind = kind
	if kind == KindStatus && !h.has(colStatus) {
		return &MissingColumnsError{File: l.Source, Sheet: g.name, Row: l.HeaderRow,
			Missing: []string{columnNames[colStatus]}, Kind: kind}
	}

	b := newBuilder(l)
	if kind != KindRevisions {
		// At most one facility per row: growing by doubling would cost
		// twice the final slice in garbage on a large list.
		l.Facilities = make([]Facility, 0, max(len(g.rows)-h.row-1, 0))
	}
	for i := h.row + 1; i < len(g.rows); i++ {
		cells := g.rows[i]
		get := func(c column) string {
			if j := h.cols[c]; j >= 0 && j < len(cells) {
				return strings.TrimSpace(cells[j])
			}
			return ""
		}
		var extra map[string]string
		if kind.IsStatus() {
			for j, text := range h.texts {
				if j < len(cells) && strings.TrimSpace(cells[j]) != "" && !h.recognised(j) {
					if extra == nil {
						extra = map[string]string{}
					}
					extra[text] = strings.TrimSpace(cells[j])
				}
			}
		}
		b.add(i+1, get, extra)
	}
	if kind == KindLookup {
		// The same look-up ships in every template of a revision: identify
		// it by its rows, not by the workbook that carries it.
		l.SHA256 = b.sum()
		if err := checkLookupList(l); err != nil {
			return fmt.Errorf("%s: %w", sheetPlace(l.Source, g.name), err)
		}
	}
	if len(l.Facilities) == 0 && len(l.Revisions) == 0 {
		return fmt.Errorf("%s: %w: header in row %d, then %d rows with none naming a facility by Smelter ID and metal",
			sheetPlace(l.Source, g.name), ErrEmptyList, l.HeaderRow, l.Rows)
	}
	return nil
}

func (h *header) recognised(cell int) bool {
	for _, j := range h.cols {
		if j == cell {
			return true
		}
	}
	return false
}

// detectKind tells the list apart by its columns, then by the sheet or
// file name: the Active and Conformant lists share their first columns.
func detectKind(h *header, sheet, source string) (ListKind, error) {
	hint := strings.ToLower(sheet + " " + source)
	switch {
	case h.has(colBasis) || h.has(colRevisionDate):
		return KindRevisions, nil
	case h.has(colStatus) && !strings.EqualFold(strings.TrimSpace(sheet), LookupSheet):
		// A status column makes it a status list, whatever else it has:
		// its statuses must not be dropped as a plain standard list's.
		return KindStatus, nil
	case h.has(colAlias):
		if strings.EqualFold(strings.TrimSpace(sheet), LookupSheet) || strings.Contains(headerKey(h.alias), "lookup") {
			return KindLookup, nil
		}
		return KindStandard, nil
	case h.has(colLastAudit) || h.has(colAuditCycle) || h.has(colReaudit):
		return KindConformant, nil
	case strings.Contains(hint, "active"):
		return KindActive, nil
	case strings.Contains(hint, "conformant"):
		return KindConformant, nil
	case strings.Contains(hint, "export") || strings.Contains(hint, "standard"):
		return KindStandard, nil
	}
	return "", fmt.Errorf("%s: %w: it has no alias, audit or status column and neither the sheet name %q nor the file name says Active or Conformant; say which with --kind (%s)",
		source, ErrUnknownKind, sheet, kindNames())
}

func kindNames() string {
	var s []string
	for _, k := range ListKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

// builder turns rows into facilities, one per CID and metal.
type builder struct {
	l    *List
	idx  map[string]int
	hash hash.Hash // over the rows' look-up columns
}

func newBuilder(l *List) *builder { return &builder{l: l, idx: map[string]int{}, hash: sha256.New()} }

// lookupColumns are the Smelter Look-up's columns A to I, hashed in order.
var lookupColumns = []column{colMetal, colAlias, colName, colCountry, colCID, colIDSource, colStreet, colCity, colState}

func (b *builder) sum() string { return hex.EncodeToString(b.hash.Sum(nil)) }

// pseudoNames are the templates' placeholder entries, not facilities.
var pseudoNames = map[string]bool{
	"smelter not listed": true, "smelter not yet identified": true,
	"not listed": true, "not yet identified": true, "unknown": true,
}

func (b *builder) add(row int, get func(column) string, extra map[string]string) {
	l := b.l
	metal, alias, name, rawCID := get(colMetal), get(colAlias), get(colName), get(colCID)
	if metal == "" && alias == "" && name == "" && rawCID == "" {
		return
	}
	for _, c := range lookupColumns {
		b.hash.Write([]byte(get(c)))
		b.hash.Write([]byte{0x1f})
	}
	b.hash.Write([]byte{0x1e})
	metal = NormalizeMetal(metal)
	l.Rows++
	l.RowsByMetal[metal]++
	cid, ck := NormalizeCID(rawCID)
	if ck == CIDNone {
		if pseudoNames[exactKey(alias)] || pseudoNames[exactKey(name)] {
			l.Pseudo++
		} else {
			l.Warnings = append(l.Warnings, fmt.Sprintf("row %d: %q has no Smelter ID; skipped", row, firstNonEmpty(name, alias)))
		}
		return
	}
	if metal == "" {
		l.Warnings = append(l.Warnings, fmt.Sprintf("row %d: %s has no metal; skipped", row, cid))
		return
	}
	if l.Kind == KindRevisions {
		rd, _ := ParseDate(get(colRevisionDate))
		ad, _ := ParseDate(get(colAddedDate))
		l.Revisions = append(l.Revisions, Revision{Metal: metal, CID: cid, Name: firstNonEmpty(name, alias),
			Country: get(colCountry), Basis: get(colBasis), Details: get(colDetails),
			RevisionDate: rd, AddedDate: ad, Row: row})
		return
	}
	key := cid + "\x00" + MetalKey(metal)
	if i, ok := b.idx[key]; ok {
		f := &l.Facilities[i]
		if name != "" && name != f.Name {
			l.Warnings = append(l.Warnings, fmt.Sprintf("row %d: %s %s is named %q here and %q in row %d; kept the first",
				row, cid, metal, name, f.Name, f.Row))
		}
		if alias != "" && !slices.Contains(f.Aliases, alias) {
			f.Aliases = append(f.Aliases, alias)
		}
		return
	}
	f := Facility{
		CID: cid, NonRMI: ck == CIDOther, Metal: metal, Name: firstNonEmpty(name, alias),
		Country: get(colCountry), State: get(colState), City: get(colCity), Street: get(colStreet),
		IDSource: get(colIDSource), Row: row, Extra: extra,
	}
	if alias != "" {
		f.Aliases = []string{alias}
	}
	if l.Kind.IsStatus() {
		f.StatusText = get(colStatus)
		if f.StatusText == "" {
			switch l.Kind {
			case KindConformant:
				f.StatusText = "Conformant"
			case KindActive:
				f.StatusText = "Active"
			}
		}
		f.Status = ParseStatus(f.StatusText)
		f.LastAudit, _ = ParseDate(get(colLastAudit))
		f.AuditCycle = get(colAuditCycle)
		f.ReauditDue = ReauditDue(f.LastAudit, f.AuditCycle)
		f.ReauditInProgress = isYes(get(colReaudit))
	}
	b.idx[key] = len(l.Facilities)
	l.Facilities = append(l.Facilities, f)
}

func isYes(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1", "x":
		return true
	}
	return false
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// sheetPlace names a file and, for a workbook, the sheet.
func sheetPlace(file, sheet string) string {
	if sheet == "" {
		return file
	}
	return fmt.Sprintf("%s, sheet %q", file, sheet)
}
