package exports

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/internal/inputfile"
	"github.com/openminerals/cmrt/reports"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

// Limits on the small input files of the company's own declaration.
const (
	MaxProductsFile = 8 << 20
	MaxCompanyFile  = 1 << 20 // a few pages of YAML
)

// InputError is a fault of what the user gave (the template, the metals,
// the products, the company file), not of the tool: the CLI exits with
// the usage code, the dashboard shows the message on the page.
type InputError struct {
	// Input names the option at fault ("template", "metals", "products",
	// "company").
	Input string
	// Named: the message starts with Input's name (the CLI writes it as
	// the flag); otherwise it starts with the file's name.
	Named bool
	Err   error
}

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(input string, err error) error { return &InputError{Input: input, Err: err} }

// namedErr is an InputError whose message begins with the input's name.
func namedErr(input, format string, a ...any) error {
	return &InputError{Input: input, Named: true, Err: fmt.Errorf(input+format, a...)}
}

// renamedError is an error whose message names a file as the user knows
// it (an upload's name, not the temporary path it was saved under);
// errors.Is and errors.As still see the error it renames.
type renamedError struct {
	msg string
	err error
}

func (e *renamedError) Error() string { return e.msg }
func (e *renamedError) Unwrap() error { return e.err }

// renamed is err with path replaced by name in its message.
func renamed(err error, path, name string) error {
	if err == nil || name == path {
		return err
	}
	return &renamedError{msg: strings.ReplaceAll(err.Error(), path, name), err: err}
}

// WrongFamilyError: the blank template given is of another family than
// the declaration asked for (an EMRT given to make the CMRT).
type WrongFamilyError struct {
	File     string
	Template cmrt.Template
	Want     cmrt.Family
}

func (e *WrongFamilyError) Error() string {
	return fmt.Sprintf("%s is %s %s, not a %s template", e.File, e.Template.Family, e.Template.Version, e.Want)
}

// OwnOptions say which of the company's declarations to make.
type OwnOptions struct {
	Family cmrt.Family // CMRT or EMRT
	Period int
	// AsOf dates the facility statuses and is the date of completion.
	AsOf time.Time
	// Template is the path of RMI's blank template, read through
	// inputfile; Name is how messages call it (the uploaded file's name;
	// default Template).
	Template, Name string
	Company        *reports.Company // nil: the company block stays empty
	// Metals, when not empty, make a variant for a product family that
	// uses only these minerals (any case); the others are declared unused.
	Metals []string
	// Products fill the Product List and set the scope to products.
	Products []cmrt.Product
}

// Own is the company's declaration, filled and read back.
type Own struct {
	Period int
	AsOf   time.Time
	// Workbook is the filled copy of the blank template (.xlsx bytes).
	Workbook []byte
	Fill     *cmrt.FillResult
	Rollup   *risk.Rollup
	// LeftOut lists the smelters the Smelter List leaves out (removed by
	// RMI, naming no smelter) or enters by name as "Smelter not listed".
	LeftOut reports.XLSXSheet
}

// MakeOwn rolls the period's supplier declarations of the family up into
// the company's declaration and fills it into a copy of the blank template
// (cmrt.FillTemplate: only input cells set; RMI's formulas, validations and
// protection stay). Faults of the inputs are *InputError.
func MakeOwn(ctx context.Context, st *store.Store, o OwnOptions) (*Own, error) {
	name := o.Name
	if name == "" {
		name = o.Template
	}
	data, _, err := inputfile.Read(o.Template, cmrt.MaxTemplateSize)
	if err != nil {
		return nil, namedErr("template", ": %w", renamed(err, o.Template, name))
	}
	t, err := cmrt.Identify(name, data)
	if err != nil {
		return nil, inputErr("template", err)
	}
	if t.Family != o.Family {
		return nil, inputErr("template", &WrongFamilyError{File: name, Template: t, Want: o.Family})
	}
	layout, err := cmrt.LookupLayout(t.Family, t.Version)
	if err != nil {
		return nil, inputErr("template", fmt.Errorf("%s: %w", name, err))
	}
	minerals := layout.Minerals
	if len(layout.MineralCells) > 0 {
		// The declarer picks minerals; the template sorts the picks into its
		// question rows. All of them, in the template's order, keep the
		// sorted rows as RMI saved them; the unused are declared unused.
		minerals = layout.MineralOptions
	}
	var only []string
	for _, x := range o.Metals {
		x = strings.TrimSpace(x)
		if x == "" {
			continue
		}
		found := ""
		for _, known := range minerals {
			if strings.EqualFold(known, x) {
				found = known
			}
		}
		if found == "" {
			return nil, namedErr("metals", " %q: %s %s declares %s", x, t.Family, t.Version, strings.Join(minerals, ", "))
		}
		only = append(only, found)
	}

	se, err := st.Season(ctx, o.Period, o.AsOf)
	if err != nil {
		return nil, err
	}
	r := risk.RollUp(se, risk.RollupOptions{Family: string(o.Family), Minerals: minerals, Only: only})
	d := reports.OwnDeclaration(layout, r, o.Company, o.Products, o.AsOf)
	var buf bytes.Buffer
	res, err := cmrt.FillTemplateBytes(name, data, d, &buf) // the bytes read above, named as the user knows them
	if err != nil {
		var fe *cmrt.FileError
		if errors.As(err, &fe) || errors.Is(err, cmrt.ErrNotBlank) {
			return nil, inputErr("template", err)
		}
		return nil, err
	}
	return &Own{Period: o.Period, AsOf: o.AsOf, Workbook: buf.Bytes(), Fill: res, Rollup: r, LeftOut: leftOut(r, res)}, nil
}

// OwnFileName is the name the company's declaration is offered under.
func OwnFileName(f cmrt.Family, period int) string {
	return fmt.Sprintf("company-%s-%d.xlsx", f, period)
}

// Missing are the problems RMI's Checker counts as required fields missing.
func (o *Own) Missing() []cmrt.Problem {
	var out []cmrt.Problem
	for _, p := range o.Fill.Check.Problems {
		if p.Checker {
			out = append(out, p)
		}
	}
	return out
}

// ByName counts the Smelter List's rows entered by name and country: they
// matched no facility in RMI's lists.
func (o *Own) ByName() int {
	n := 0
	for _, s := range o.Rollup.Smelters {
		if s.Unmatched {
			n++
		}
	}
	return n
}

// Unnamed counts the declared rows left out for want of a name or country
// to list them by.
func (o *Own) Unnamed() int {
	n := 0
	for _, u := range o.Rollup.Unmatched {
		if !u.Listed {
			n++
		}
	}
	return n
}

// leftOut lists what the Smelter List leaves out or enters by name.
func leftOut(r *risk.Rollup, res *cmrt.FillResult) reports.XLSXSheet {
	t := reports.XLSXSheet{Name: "Left out", Header: []string{"metal", "cid", "name", "country", "why", "suppliers"}}
	add := func(cells ...string) { t.Rows = append(t.Rows, cells) }
	for _, s := range r.Removed {
		why := "removed by RMI"
		if !s.RemovedOn.IsZero() {
			why += " on " + s.RemovedOn.Format("2006-01-02")
		}
		if s.Reason != "" {
			why += ": " + s.Reason
		}
		add(s.Metal, s.CID, s.Name, s.Country, why, strings.Join(s.Suppliers, "; "))
	}
	for _, u := range r.Unmatched {
		if !u.Listed {
			add(u.Metal, u.CID, u.Name, u.Country, "left out: "+u.Reason+" (their Smelter List row "+strconv.Itoa(u.Row)+")", u.Supplier)
		}
	}
	for _, s := range res.NotInLookup {
		why := "entered as \"Smelter not listed\": this template revision's Smelter Look-up lacks the CID"
		if s.CID == "" {
			why = "entered as \"Smelter not listed\" by name and country: matched no facility in RMI's lists"
		}
		add(s.Metal, s.CID, s.Name, s.Country, why, suppliersOf(r, s))
	}
	return t
}

// suppliersOf names the suppliers declaring a Smelter List row.
func suppliersOf(r *risk.Rollup, row cmrt.SmelterRow) string {
	for _, s := range r.Smelters {
		if s.Metal == row.Metal && s.CID == row.CID && s.Name == row.Name {
			return strings.Join(s.Suppliers, "; ")
		}
	}
	return ""
}

// ReadProducts reads a products file (CSV: number, name[, comments])
// through inputfile.
func ReadProducts(path string) ([]cmrt.Product, error) {
	data, _, err := inputfile.Read(path, MaxProductsFile)
	if err != nil {
		return nil, namedErr("products", ": %w", err)
	}
	return ParseProducts(path, data)
}

// ParseProducts reads the Product List: lines of number, name, optional
// comments; a first row whose first cell says "number" is a header. name
// is how messages call the input.
func ParseProducts(name string, data []byte) ([]cmrt.Product, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var out []cmrt.Product
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, inputErr("products", fmt.Errorf("%s: %w", name, err))
		}
		if first && len(rec) > 0 && strings.Contains(strings.ToLower(rec[0]), "number") {
			continue
		}
		if len(rec) == 0 || strings.TrimSpace(rec[0]) == "" {
			if len(rec) > 1 && strings.TrimSpace(rec[1]) != "" {
				line, _ := r.FieldPos(0) // the file's line: the reader skips blank lines
				return nil, inputErr("products", fmt.Errorf("%s: line %d: a product needs its number in the first column", name, line))
			}
			continue
		}
		p := cmrt.Product{Number: strings.TrimSpace(rec[0])}
		if len(rec) > 1 {
			p.Name = strings.TrimSpace(rec[1])
		}
		if len(rec) > 2 {
			p.Comments = strings.TrimSpace(rec[2])
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, inputErr("products", fmt.Errorf("%s: no products (want lines of number, name[, comments])", name))
	}
	return out, nil
}

// ReadCompany reads a company file (YAML) through inputfile; name is how
// messages call it.
func ReadCompany(path, name string) (*reports.Company, error) {
	data, _, err := inputfile.Read(path, MaxCompanyFile)
	if err != nil {
		return nil, namedErr("company", ": %w", renamed(err, path, name))
	}
	co, err := reports.ParseCompany(name, data)
	if err != nil {
		return nil, inputErr("company", err)
	}
	return co, nil
}
