// Package exports produces what `cmrt export` writes and the dashboard's
// Reports page downloads: a period's tables (smelters, findings,
// suppliers, declarations) as CSV or xlsx, and the company's own CMRT or
// EMRT, rolled up from its suppliers' declarations into a copy of RMI's
// blank template, with the list of smelters its Smelter List leaves out.
//
// It is its own package, beside season, because it answers a different
// question: season evaluates a period for the PDF reports (findings
// computed in memory, ranks, disclosure inputs); exports hands over the
// stored data and the company's declaration as files a person or a
// customer's tool opens. Options are plain values, so the CLI and the web
// layer only parse their input, call one function and write the bytes.
package exports

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/reports"
	"github.com/openminerals/cmrt/risk"
	"github.com/openminerals/cmrt/store"
)

// Kind is one of the period's tables.
type Kind string

// The tables an export can write.
const (
	Smelters     Kind = "smelters"
	Findings     Kind = "findings"
	Suppliers    Kind = "suppliers"
	Declarations Kind = "declarations"
)

// Kinds lists the tables in the order they are offered.
var Kinds = []Kind{Smelters, Findings, Suppliers, Declarations}

// Describe says in a line what a table holds.
func (k Kind) Describe() string {
	switch k {
	case Smelters:
		return "the period's declared smelters and refiners, one per family, metal and CID, with status and suppliers"
	case Findings:
		return "the period's stored findings"
	case Suppliers:
		return "the period's suppliers: register entry, current declarations, Checker count"
	case Declarations:
		return "the period's stored declarations"
	}
	return ""
}

// ParseKind accepts a table's name.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("export %q: want %s", s, strings.Join(names, ", "))
}

// The file formats a table is written in.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// Formats lists the file formats in the order they are offered.
var Formats = []string{CSV, XLSX}

// ContentType is the media type of a file format.
func ContentType(format string) string {
	if format == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// FileName is the name a table is offered under: the kind, the period and
// the format, nothing a supplier wrote.
func FileName(k Kind, period int, format string) string {
	return fmt.Sprintf("%s-%d.%s", k, period, format)
}

// Write writes a table as CSV (through the one injection-safe writer: a
// cell a spreadsheet would run as a formula starts with an apostrophe) or
// xlsx (every cell text, see reports.WriteXLSX).
func Write(w io.Writer, s reports.XLSXSheet, format string) error {
	switch format {
	case XLSX:
		return reports.WriteXLSX(w, s)
	case CSV:
		cw := reports.NewCSVWriter(w)
		if err := cw.Write(s.Header); err != nil {
			return err
		}
		return cw.WriteAll(s.Rows)
	}
	return fmt.Errorf("format %q: want csv or xlsx", format)
}

// Table reads one of the period's tables; asOf dates the facility
// statuses of the smelters and suppliers tables.
func Table(ctx context.Context, st *store.Store, k Kind, period int, asOf time.Time) (reports.XLSXSheet, error) {
	switch k {
	case Smelters:
		return smeltersTable(ctx, st, period, asOf)
	case Findings:
		return findingsTable(ctx, st, period)
	case Suppliers:
		return suppliersTable(ctx, st, period, asOf)
	case Declarations:
		return declarationsTable(ctx, st, period)
	}
	_, err := ParseKind(string(k))
	return reports.XLSXSheet{}, err
}

func smeltersTable(ctx context.Context, st *store.Store, period int, asOf time.Time) (reports.XLSXSheet, error) {
	se, err := st.Season(ctx, period, asOf)
	if err != nil {
		return reports.XLSXSheet{}, err
	}
	s := reports.XLSXSheet{Name: "Smelters", Header: []string{"family", "metal", "cid", "standard_name", "country", "status",
		"status_text", "suppliers_count", "suppliers"}}
	for _, family := range []cmrt.Family{cmrt.CMRT, cmrt.EMRT, cmrt.CRT, cmrt.AMRT} {
		minerals := risk.DeclaredMinerals(se, string(family))
		if len(minerals) == 0 {
			continue
		}
		r := risk.RollUp(se, risk.RollupOptions{Family: string(family), Minerals: minerals})
		for _, list := range [][]risk.RolledSmelter{r.Smelters, r.Removed} {
			for _, f := range list {
				s.Rows = append(s.Rows, []string{string(family), f.Metal, f.CID, f.Name, f.Country, string(f.Status),
					f.StatusText, strconv.Itoa(len(f.Suppliers)), strings.Join(f.Suppliers, "; ")})
			}
		}
	}
	return s, nil
}

func findingsTable(ctx context.Context, st *store.Store, period int) (reports.XLSXSheet, error) {
	fs, err := st.Findings(ctx, store.FindingFilter{Period: period})
	if err != nil {
		return reports.XLSXSheet{}, err
	}
	s := reports.XLSXSheet{Name: "Findings", Header: []string{"id", "supplier", "severity", "code", "metal", "cid", "smelter",
		"status", "message", "action", "oecd_step"}}
	for _, f := range fs {
		s.Rows = append(s.Rows, []string{strconv.FormatInt(f.ID, 10), f.Supplier, string(f.Severity), f.Code, f.Metal, f.CID,
			f.Smelter, string(f.Status), f.Message, f.Action, strconv.Itoa(f.OECDStep)})
	}
	return s, nil
}

func suppliersTable(ctx context.Context, st *store.Store, period int, asOf time.Time) (reports.XLSXSheet, error) {
	se, err := st.Season(ctx, period, asOf)
	if err != nil {
		return reports.XLSXSheet{}, err
	}
	s := reports.XLSXSheet{Name: "Suppliers", Header: []string{"supplier_id", "supplier", "supplier_ref", "in_register", "materials",
		"responded", "declarations", "required_missing", "smelter_rows"}}
	for _, su := range se.Suppliers {
		ref, inRegister, materials := "", "no", ""
		if su.Register != nil {
			ref, inRegister, materials = su.Register.SupplierRef, "yes", strings.Join(su.Register.Materials, "; ")
		}
		var decls []string
		missing, rows := 0, 0
		for _, d := range su.Declarations {
			decls = append(decls, d.Family+" "+d.Version)
			missing += d.RequiredMissing
			rows += len(d.Smelters)
		}
		responded := "no"
		if len(su.Declarations) > 0 {
			responded = "yes"
		}
		id := ""
		if su.ID != 0 {
			id = strconv.FormatInt(su.ID, 10)
		}
		s.Rows = append(s.Rows, []string{id, su.Name, ref, inRegister, materials, responded, strings.Join(decls, ", "),
			strconv.Itoa(missing), strconv.Itoa(rows)})
	}
	return s, nil
}

func declarationsTable(ctx context.Context, st *store.Store, period int) (reports.XLSXSheet, error) {
	ds, err := st.Declarations(ctx, store.DeclarationFilter{Period: period})
	if err != nil {
		return reports.XLSXSheet{}, err
	}
	s := reports.XLSXSheet{Name: "Declarations", Header: []string{"id", "supplier", "family", "version", "language", "effective_date",
		"required_missing", "errors", "warnings", "smelters", "current", "file", "sha256"}}
	for _, d := range ds {
		current := "no"
		if d.Current {
			current = "yes"
		}
		s.Rows = append(s.Rows, []string{strconv.FormatInt(d.ID, 10), d.Supplier, d.Family, d.Version, d.Language, d.EffectiveDate,
			strconv.Itoa(d.RequiredMissing), strconv.Itoa(d.Errors), strconv.Itoa(d.Warnings), strconv.Itoa(d.Smelters), current, d.File, d.SHA256})
	}
	return s, nil
}
