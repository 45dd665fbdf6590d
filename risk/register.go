package risk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/openminerals/cmrt/internal/xlsx"
)

// Register columns, matched against the header whatever the case, spaces
// or dashes ("Supplier ID", "supplier-id" and "supplier_id" are one).
const (
	colName              = "name"
	colSupplierID        = "supplier_id"
	colAnnualSpend       = "annual_spend"
	colImportantMaterial = "important_material"
	colHardToReplace     = "hard_to_replace"
	colMaterials         = "materials"
	colCountries         = "countries"
	colContactEmail      = "contact_email"
	colMaterialType      = "material_type"
	colPeriod            = "period"
)

var registerColumns = []string{colName, colSupplierID, colAnnualSpend, colImportantMaterial, colHardToReplace,
	colMaterials, colCountries, colContactEmail, colMaterialType, colPeriod}

// Material types of the register's material_type column.
const (
	MaterialDirect   = "direct"
	MaterialIndirect = "indirect"
)

// maxRegisterRows bounds a register file: a company's suppliers, not a
// data dump.
const maxRegisterRows = 200_000

// ErrBadRegister is returned for a register file that cannot be read.
var ErrBadRegister = errors.New("bad supplier register")

// ParseRegister reads a supplier register: a CSV (UTF-8, with or without
// BOM, comma or semicolon) or, when the name ends in .xlsx, the first sheet
// of a workbook. Errors name the file, sheet and cell.
func ParseRegister(name string, data []byte) ([]RegisterEntry, error) {
	var (
		rows  [][]string
		sheet string
		err   error
	)
	if strings.HasSuffix(strings.ToLower(name), ".xlsx") {
		rows, sheet, err = xlsxRows(data)
	} else {
		rows, err = csvRows(data)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadRegister, name, err)
	}
	where := func(row, col int) string {
		ref := xlsx.ColumnName(col+1) + strconv.Itoa(row)
		if sheet != "" {
			return fmt.Sprintf("%s: sheet %q, cell %s", name, sheet, ref)
		}
		return fmt.Sprintf("%s: line %d, column %s", name, row, ref)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: %s: empty file", ErrBadRegister, name)
	}
	cols := map[string]int{}
	for i, h := range rows[0] {
		k := headerKey(h)
		for _, c := range registerColumns {
			if k == c {
				if _, dup := cols[c]; dup {
					return nil, fmt.Errorf("%w: %s: column %q appears twice", ErrBadRegister, where(1, i), c)
				}
				cols[c] = i
			}
		}
	}
	if _, ok := cols[colName]; !ok {
		return nil, fmt.Errorf("%w: %s: no \"name\" column in the header (found: %s); expected columns: %s",
			ErrBadRegister, name, strings.Join(rows[0], ", "), strings.Join(registerColumns, ", "))
	}
	var out []RegisterEntry
	for ri, r := range rows[1:] {
		line := ri + 2
		get := func(c string) (string, int) {
			i, ok := cols[c]
			if !ok || i >= len(r) {
				return "", i
			}
			return strings.TrimSpace(r[i]), i
		}
		blank := true
		for _, v := range r {
			if strings.TrimSpace(v) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		e := RegisterEntry{Row: line, File: name}
		var i int
		if e.Name, i = get(colName); e.Name == "" {
			return nil, fmt.Errorf("%w: %s: the supplier name is empty", ErrBadRegister, where(line, i))
		}
		e.SupplierRef, _ = get(colSupplierID)
		e.ContactEmail, _ = get(colContactEmail)
		if v, i := get(colMaterialType); v != "" {
			switch t := strings.ToLower(v); t {
			case MaterialDirect, MaterialIndirect:
				e.MaterialType = t
			default:
				return nil, fmt.Errorf("%w: %s: material_type %q: want direct or indirect", ErrBadRegister, where(line, i), v)
			}
		}
		if v, i := get(colAnnualSpend); v != "" {
			f, err := parseSpend(v)
			if err != nil {
				return nil, fmt.Errorf("%w: %s: annual_spend %q is not a number", ErrBadRegister, where(line, i), v)
			}
			e.AnnualSpend, e.SpendKnown = f, true
		}
		for _, b := range []struct {
			col string
			dst *bool
		}{{colImportantMaterial, &e.ImportantMaterial}, {colHardToReplace, &e.HardToReplace}} {
			v, i := get(b.col)
			yes, ok := parseYesNo(v)
			if !ok {
				return nil, fmt.Errorf("%w: %s: %s %q: want yes or no", ErrBadRegister, where(line, i), b.col, v)
			}
			*b.dst = yes
		}
		m, _ := get(colMaterials)
		e.Materials = splitList(m)
		c, _ := get(colCountries)
		e.Countries = splitList(c)
		if v, i := get(colPeriod); v != "" {
			p, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
			if err != nil || p < 1900 || p > 2200 {
				return nil, fmt.Errorf("%w: %s: period %q: want a year such as 2025", ErrBadRegister, where(line, i), v)
			}
			e.Period = p
		}
		out = append(out, e)
	}
	return out, nil
}

func headerKey(h string) string {
	h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(h)
}

func parseSpend(v string) (float64, error) {
	v = strings.NewReplacer(",", "", " ", "", "$", "", "€", "", "£", "", "\u00a0", "").Replace(v)
	f, err := strconv.ParseFloat(v, 64)
	if err == nil && f < 0 {
		return 0, errors.New("negative")
	}
	return f, err
}

func parseYesNo(v string) (yes, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "no", "n", "false", "0":
		return false, true
	case "yes", "y", "true", "1", "x":
		return true, true
	}
	return false, false
}

// splitList splits "Gold; Tin" or "Gold, Tin" into trimmed items.
func splitList(v string) []string {
	sep := ";"
	if !strings.Contains(v, ";") {
		sep = ","
	}
	var out []string
	for _, p := range strings.Split(v, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func csvRows(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		if len(rows) > maxRegisterRows {
			return nil, fmt.Errorf("more than %d rows", maxRegisterRows)
		}
		rows = append(rows, rec)
	}
}

func xlsxRows(data []byte) ([][]string, string, error) {
	wb, err := xlsx.NewReader(bytes.NewReader(data), int64(len(data)), xlsx.Limits{})
	if err != nil {
		return nil, "", err
	}
	defer wb.Close()
	sheets := wb.Sheets()
	if len(sheets) == 0 {
		return nil, "", errors.New("the workbook has no sheet")
	}
	name := sheets[0].Name
	var rows [][]string
	err = wb.ReadSheet(name, xlsx.ReadOptions{MaxCol: 64, MaxRow: maxRegisterRows + 1}, func(c xlsx.Cell) error {
		for len(rows) < c.Row {
			rows = append(rows, nil)
		}
		r := rows[c.Row-1]
		for len(r) < c.Col {
			r = append(r, "")
		}
		r[c.Col-1] = c.Value
		rows[c.Row-1] = r
		return nil
	})
	return rows, name, err
}
