package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/openminerals/cmrt/risk"
)

// RegisterLink says how a register entry was linked to a supplier.
type RegisterLink struct {
	Row        int    `json:"row"`
	Name       string `json:"name"`
	Period     int    `json:"period"`
	SupplierID int64  `json:"supplier_id"` // 0 when not linked
	Supplier   string `json:"supplier"`
	// How is "id" (by supplier_id against the declared company unique ID),
	// "name" (normalised name), "ambiguous" (several suppliers fit: not
	// linked, never guessed) or "none" (no supplier has answered yet).
	How        string  `json:"how"`
	Candidates []int64 `json:"candidates,omitempty"`
}

// RegisterImport is what a register import did.
type RegisterImport struct {
	File     string         `json:"file"`
	Entries  int            `json:"entries"`
	Periods  []int          `json:"periods"` // 0: every period
	Replaced int            `json:"replaced"`
	Links    []RegisterLink `json:"links"`
}

// storedEntry is a register entry with its database ID.
type storedEntry struct {
	ID int64
	risk.RegisterEntry
}

// ImportRegister replaces the register entries of the periods the file
// names (0: entries for every period) with the file's, in one transaction,
// and reports how each links to a supplier.
func (s *Store) ImportRegister(ctx context.Context, file string, entries []risk.RegisterEntry) (*RegisterImport, error) {
	res := &RegisterImport{File: file, Entries: len(entries)}
	periods := map[int]bool{}
	for _, e := range entries {
		periods[e.Period] = true
	}
	for p := range periods {
		res.Periods = append(res.Periods, p)
	}
	sort.Ints(res.Periods)
	now := s.Now().UTC().Format(time.RFC3339)
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		for _, p := range res.Periods {
			r, err := tx.ExecContext(ctx, `DELETE FROM register_entries WHERE period = ?`, p)
			if err != nil {
				return err
			}
			n, _ := r.RowsAffected()
			res.Replaced += int(n)
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO register_entries (period, source, row, supplier_ref, name, annual_spend,
			important_material, hard_to_replace, materials, countries, contact_email, material_type, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, e := range entries {
			var spend any
			if e.SpendKnown {
				spend = e.AnnualSpend
			}
			if _, err := stmt.ExecContext(ctx, e.Period, file, e.Row, e.SupplierRef, e.Name, spend, boolInt(e.ImportantMaterial),
				boolInt(e.HardToReplace), strings.Join(e.Materials, "\n"), strings.Join(e.Countries, "\n"), e.ContactEmail, e.MaterialType, now); err != nil {
				return fmt.Errorf("row %d: %w", e.Row, err)
			}
		}
		stored := make([]storedEntry, len(entries))
		for i, e := range entries {
			stored[i] = storedEntry{RegisterEntry: e}
		}
		links, err := linkRegister(ctx, tx, stored)
		res.Links = links
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: register %s: %w", file, err)
	}
	return res, nil
}

// registerEntries loads the entries for a period (and those for every
// period), in file order.
func registerEntries(ctx context.Context, q queryer, period int) ([]storedEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, period, source, row, supplier_ref, name, annual_spend, important_material,
		hard_to_replace, materials, countries, contact_email, material_type FROM register_entries
		WHERE period = ? OR period = 0 ORDER BY period DESC, id`, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storedEntry
	for rows.Next() {
		var e storedEntry
		var spend sql.NullFloat64
		var imp, hard int
		var materials, countries string
		if err := rows.Scan(&e.ID, &e.Period, &e.File, &e.Row, &e.SupplierRef, &e.Name, &spend, &imp, &hard,
			&materials, &countries, &e.ContactEmail, &e.MaterialType); err != nil {
			return nil, err
		}
		e.AnnualSpend, e.SpendKnown = spend.Float64, spend.Valid
		e.ImportantMaterial, e.HardToReplace = imp == 1, hard == 1
		if materials != "" {
			e.Materials = strings.Split(materials, "\n")
		}
		if countries != "" {
			e.Countries = strings.Split(countries, "\n")
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// linkRegister links each entry to a supplier: by its supplier_id against
// the company unique IDs suppliers declared, then by normalised name. When
// several suppliers fit, the entry is reported ambiguous and stays
// unlinked. Merged suppliers are followed to their survivor.
func linkRegister(ctx context.Context, q queryer, entries []storedEntry) ([]RegisterLink, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, name_key, unique_id, merged_into FROM suppliers`)
	if err != nil {
		return nil, err
	}
	type sup struct {
		id     int64
		name   string
		merged int64
	}
	all := map[int64]sup{}
	byUID, byName := map[string][]int64{}, map[string][]int64{}
	for rows.Next() {
		var x sup
		var key, uid string
		var merged sql.NullInt64
		if err := rows.Scan(&x.id, &x.name, &key, &uid, &merged); err != nil {
			rows.Close()
			return nil, err
		}
		x.merged = merged.Int64
		all[x.id] = x
		if uid != "" {
			byUID[strings.ToUpper(uid)] = append(byUID[strings.ToUpper(uid)], x.id)
		}
		byName[key] = append(byName[key], x.id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	survivor := func(id int64) int64 {
		for i := 0; i < 100 && all[id].merged != 0; i++ {
			id = all[id].merged
		}
		return id
	}
	distinct := func(ids []int64) []int64 {
		seen := map[int64]bool{}
		var out []int64
		for _, id := range ids {
			if s := survivor(id); !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
		return out
	}
	links := make([]RegisterLink, len(entries))
	for i, e := range entries {
		l := RegisterLink{Row: e.Row, Name: e.Name, Period: e.Period, How: "none"}
		var hits []int64
		if ref := strings.ToUpper(strings.TrimSpace(e.SupplierRef)); ref != "" {
			if hits = distinct(byUID[ref]); len(hits) > 0 {
				l.How = "id"
			}
		}
		if len(hits) == 0 {
			if hits = distinct(byName[SupplierKey(e.Name)]); len(hits) > 0 {
				l.How = "name"
			}
		}
		switch {
		case len(hits) == 1:
			l.SupplierID, l.Supplier = hits[0], all[hits[0]].name
		case len(hits) > 1:
			l.How, l.Candidates = "ambiguous", hits
		}
		links[i] = l
	}
	return links, nil
}
