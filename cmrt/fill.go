package cmrt

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openminerals/cmrt/internal/inputfile"
)

// MaxTemplateSize bounds a blank template handed to FillTemplate: RMI's
// are under 2 MB.
const MaxTemplateSize = 64 << 20

// ErrNotBlank means the template handed to FillTemplate already holds a
// declaration: filling it would mix two companies' answers.
var ErrNotBlank = errors.New("template is not blank")

// FillResult is what FillTemplate wrote, read back with this package's
// reader: the round trip a customer's tool will make.
type FillResult struct {
	Template Template
	// Declaration is the written file read back; Check its verdict.
	Declaration *Declaration
	Check       Result
	// NotInLookup are the smelters whose CID the template's own Smelter
	// Look-up does not know (a newer facility than the revision): written
	// as "Smelter not listed" rows with name and country.
	NotInLookup []SmelterRow
}

// FillTemplate writes a company's declaration d into a copy of the blank
// RMI template at templatePath and writes the copy to w.
//
// RMI recognises only its own, unmodified templates, so this sets input
// cells and nothing else: formulas, data validations, hidden sheets,
// protection and styles stay as RMI made them. Smelters go in by CID in the
// Smelter List's "Smelter Identification Number Input Column" (column A),
// from which RMI's formulas fill metal, name and country; a CID missing
// from the template's Smelter Look-up is written as a "Smelter not listed"
// row. The workbook asks to be recalculated fully when opened, so Excel and
// LibreOffice show RMI's Checker on the new answers.
//
// d gives the company block, the minerals (for templates where the declarer
// picks them: written in d.Minerals' order, which must be the template's
// sorted order), the answers (Question, Mineral, Value, Comment; English
// options), the products and the smelters (Metal, CID, Name, Country,
// Comments).
func FillTemplate(templatePath string, d *Declaration, w io.Writer) (*FillResult, error) {
	data, err := readTemplate(templatePath)
	if err != nil {
		return nil, err
	}
	return FillTemplateBytes(templatePath, data, d, w)
}

// FillTemplateBytes is FillTemplate on a template already read (at most
// MaxTemplateSize bytes); messages call it templatePath.
func FillTemplateBytes(templatePath string, data []byte, d *Declaration, w io.Writer) (*FillResult, error) {
	blank, err := ReadBytes(templatePath, data)
	if err != nil {
		return nil, err
	}
	l := blank.Layout
	if blank.Company.Name != "" || len(blank.Smelters) > 0 {
		return nil, &FileError{File: templatePath, Sheet: SheetDeclaration, Cell: l.Company.Name,
			Err: fmt.Errorf("%w: it holds %q and %d smelter rows; start from RMI's blank download", ErrNotBlank, blank.Company.Name, len(blank.Smelters))}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, &FileError{File: templatePath, Err: err}
	}
	defer f.Close()
	fl := &filler{f: f, path: templatePath, l: l, blank: blank}
	notInLookup, err := fl.fill(d)
	if err != nil {
		return nil, err
	}
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return nil, fmt.Errorf("cmrt: fill %s: %w", templatePath, err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("cmrt: fill %s: %w", templatePath, err)
	}
	back, err := ReadBytes(templatePath+" (filled)", buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("cmrt: the filled copy of %s does not read back: %w", templatePath, err)
	}
	if len(l.MineralCells) > 0 && strings.Join(back.Minerals, "\n") != strings.Join(d.Minerals, "\n") {
		return nil, &FileError{File: templatePath, Sheet: SheetDeclaration, Cell: l.MineralCells[0],
			Err: fmt.Errorf("the template sorts the minerals %v into its question rows as %v (its saved labels); pick minerals in that order", d.Minerals, back.Minerals)}
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return nil, err
	}
	return &FillResult{Template: back.Template, Declaration: back, Check: Check(back, time.Now()), NotInLookup: notInLookup}, nil
}

// readTemplate reads the blank the user supplies through inputfile (a
// FIFO or device is refused before it could hang the export).
func readTemplate(path string) ([]byte, error) {
	data, _, err := inputfile.Read(path, MaxTemplateSize)
	if err != nil {
		return nil, &FileError{File: path, Err: err}
	}
	return data, nil
}

type filler struct {
	f     *excelize.File
	path  string
	l     Layout
	blank *Declaration
}

// set writes a text value into an input cell. An input cell holds no
// formula in RMI's templates; where the template has one (the Smelter
// List's look-up columns, which a "Smelter not listed" row overwrites as a
// user would), only that cell's formula goes: set refuses when the cell
// below loses its formula too (a shared formula's first cell).
func (fl *filler) set(sheet, cell string, v any) error {
	if cell == "" {
		return nil
	}
	below := ""
	if col, row, err := excelize.SplitCellName(cell); err == nil {
		below = col + strconv.Itoa(row+1)
	}
	had, _ := fl.f.GetCellFormula(sheet, below)
	if err := fl.f.SetCellValue(sheet, cell, v); err != nil {
		return &FileError{File: fl.path, Sheet: sheet, Cell: cell, Err: err}
	}
	if had != "" {
		if now, _ := fl.f.GetCellFormula(sheet, below); now == "" {
			return &FileError{File: fl.path, Sheet: sheet, Cell: cell, Err: errors.New("writing here would remove the template's formulas below it (a shared formula)")}
		}
	}
	return nil
}

func (fl *filler) fill(d *Declaration) ([]SmelterRow, error) {
	l := fl.l
	decl := SheetDeclaration
	// Answers are English options: the template's language must be English
	// for RMI's Checker to recognise them.
	if len(l.Languages) > 0 {
		if err := fl.set(decl, "D3", l.Languages[0]); err != nil {
			return nil, err
		}
	}
	c, cc := d.Company, l.Company
	for _, kv := range [][2]string{
		{cc.Name, c.Name}, {cc.Scope, c.Scope}, {cc.ScopeDescription, c.ScopeDescription},
		{cc.UniqueID, c.UniqueID}, {cc.UniqueIDAuthority, c.UniqueIDAuthority}, {cc.Address, c.Address},
		{cc.ContactName, c.ContactName}, {cc.ContactEmail, c.ContactEmail}, {cc.ContactPhone, c.ContactPhone},
		{cc.Authorizer, c.Authorizer}, {cc.AuthorizerTitle, c.AuthorizerTitle},
		{cc.AuthorizerEmail, c.AuthorizerEmail}, {cc.AuthorizerPhone, c.AuthorizerPhone},
	} {
		if kv[1] != "" {
			if err := fl.set(decl, kv[0], kv[1]); err != nil {
				return nil, err
			}
		}
	}
	if !c.EffectiveDate.IsZero() {
		if err := fl.set(decl, cc.EffectiveDate, c.EffectiveDate); err != nil {
			return nil, err
		}
	}

	minerals := l.Minerals
	if len(l.MineralCells) > 0 {
		if len(d.Minerals) > len(l.MineralCells) {
			return nil, fmt.Errorf("cmrt: %s %s takes at most %d minerals, got %d", l.Family, l.Version, len(l.MineralCells), len(d.Minerals))
		}
		for i, ref := range l.MineralCells {
			v := ""
			if i < len(d.Minerals) {
				m, ok := matchOption(d.Minerals[i], l.MineralOptions)
				if !ok && len(l.MineralOptions) > 0 {
					return nil, fmt.Errorf("cmrt: %s %s offers no mineral %q (options: %s)", l.Family, l.Version, d.Minerals[i], strings.Join(l.MineralOptions, ", "))
				}
				v = m
			}
			if err := fl.set(decl, ref, v); err != nil {
				return nil, err
			}
		}
		minerals = d.Minerals
	}
	index := func(m string) int {
		for i, x := range minerals {
			if strings.EqualFold(x, m) {
				return i
			}
		}
		return -1
	}

	for _, a := range d.Answers {
		if a.Value == "" && a.Comment == "" {
			continue
		}
		cell, comment, options, err := fl.answerCells(a, index)
		if err != nil {
			return nil, err
		}
		if a.Value != "" {
			v, ok := matchOption(a.Value, options)
			if !ok && len(options) > 0 {
				return nil, fmt.Errorf("cmrt: question %s (%s): %q is not one of %s %s's options (%s)", a.Question, a.Mineral, a.Value, l.Family, l.Version, strings.Join(options, "; "))
			}
			if err := fl.set(decl, cell, v); err != nil {
				return nil, err
			}
		}
		if a.Comment != "" {
			if err := fl.set(decl, comment, a.Comment); err != nil {
				return nil, err
			}
		}
	}

	pl := l.Products
	if len(d.Products) > pl.LastRow-pl.FirstRow+1 {
		return nil, fmt.Errorf("cmrt: %d products; %s %s's Product List holds %d", len(d.Products), l.Family, l.Version, pl.LastRow-pl.FirstRow+1)
	}
	for i, p := range d.Products {
		row := strconv.Itoa(pl.FirstRow + i)
		for _, kv := range [][2]string{{pl.Number, p.Number}, {pl.Name, p.Name}, {pl.RequesterNumber, p.RequesterNumber},
			{pl.RequesterName, p.RequesterName}, {pl.Comments, p.Comments}} {
			if kv[0] != "" && kv[1] != "" {
				if err := fl.set(SheetProductList, kv[0]+row, kv[1]); err != nil {
					return nil, err
				}
			}
		}
	}
	return fl.smelters(d.Smelters)
}

// answerCells locates an answer's value and comment cells and options.
func (fl *filler) answerCells(a Answer, index func(string) int) (cell, comment string, options []string, err error) {
	l := fl.l
	for _, q := range l.Questions {
		if q.ID != a.Question {
			continue
		}
		i := index(a.Mineral)
		if i < 0 {
			return "", "", nil, fmt.Errorf("cmrt: question %s: mineral %q is not in the declaration", a.Question, a.Mineral)
		}
		return q.Cell(i), q.CommentCell(i), q.Options, nil
	}
	for _, q := range l.CompanyQuestions {
		if q.ID != a.Question {
			continue
		}
		if q.PerMineralRow > 0 {
			i := index(a.Mineral)
			if i < 0 {
				return "", "", nil, fmt.Errorf("cmrt: question %s: mineral %q is not in the declaration", a.Question, a.Mineral)
			}
			row := strconv.Itoa(q.PerMineralRow + i)
			return "D" + row, "G" + row, q.Options, nil
		}
		return q.Cell, q.CommentCell, q.Options, nil
	}
	return "", "", nil, fmt.Errorf("cmrt: %s %s has no question %q", l.Family, l.Version, a.Question)
}

// smelters writes the Smelter List: by CID where the template's Look-up
// knows it, as "Smelter not listed" otherwise.
func (fl *filler) smelters(rows []SmelterRow) ([]SmelterRow, error) {
	sl := fl.l.Smelters
	if len(rows) > sl.LastRow-sl.FirstRow+1 {
		return nil, fmt.Errorf("cmrt: %d smelters; %s %s's Smelter List holds %d", len(rows), fl.l.Family, fl.l.Version, sl.LastRow-sl.FirstRow+1)
	}
	known := map[string]bool{}
	for _, lr := range fl.blank.Lookup {
		if cid, ok := NormalizeCID(lr.CID); ok {
			known[cid+"\x00"+foldKey(lr.Metal)] = true
		}
	}
	countries := map[string]string{}
	for _, c := range fl.blank.Countries {
		countries[foldKey(c)] = c
	}
	var notInLookup []SmelterRow
	sheet := SheetSmelterList
	for i, s := range rows {
		row := strconv.Itoa(sl.FirstRow + i)
		cid, _ := NormalizeCID(s.CID)
		if sl.CIDInput != "" && cid != "" && known[cid+"\x00"+foldKey(s.Metal)] {
			if err := fl.set(sheet, sl.CIDInput+row, cid); err != nil {
				return nil, err
			}
		} else {
			notInLookup = append(notInLookup, s)
			country := s.Country
			if c, ok := countries[foldKey(country)]; ok {
				country = c
			}
			note := s.Comments
			if cid != "" {
				note = strings.TrimSpace(cid + " (not in this revision's Smelter Look-up). " + note)
			}
			lookup := ""
			if sl.LookupName != "" {
				lookup = SmelterNotListed
			}
			for _, kv := range [][2]string{{sl.Metal, s.Metal}, {sl.LookupName, lookup}, {sl.Name, s.Name},
				{sl.Country, country}, {sl.Comments, note}} {
				if kv[0] != "" && kv[1] != "" {
					if err := fl.set(sheet, kv[0]+row, kv[1]); err != nil {
						return nil, err
					}
				}
			}
			continue
		}
		if s.Comments != "" && sl.Comments != "" {
			if err := fl.set(sheet, sl.Comments+row, s.Comments); err != nil {
				return nil, err
			}
		}
	}
	return notInLookup, nil
}
