package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/smelters"
)

// ImportedFile is one supplier file ready to store: what was read, checked
// and matched.
type ImportedFile struct {
	Path   string
	SHA256 string
	Size   int64
	Decl   *cmrt.Declaration
	Check  cmrt.Result
	// Matches holds one result per Decl.Smelters row, in the same order.
	Matches []smelters.Result
	// Period is the reporting year.
	Period int
	// Supplier, when set, is the supplier named by the user (import
	// --supplier), used instead of the company name the file declares. It
	// is recorded on the declaration as an info problem
	// SUPPLIER_NAMED_ON_IMPORT, so the file's own company block stays as
	// read and the override stays visible.
	Supplier string
}

// CodeSupplierNamed is the info problem recording a supplier named on import.
const CodeSupplierNamed = "SUPPLIER_NAMED_ON_IMPORT"

// SaveResult says what storing a file did.
type SaveResult struct {
	DeclarationID int64
	SupplierID    int64
	// Unchanged is true when a file with the same SHA-256 was already
	// stored; nothing was written.
	Unchanged bool
	// Superseded lists declarations this one replaced as the supplier's
	// current one for its family and period; SupersededBy is set when a
	// newer declaration was already stored, so this one is history at once.
	Superseded   []int64
	SupersededBy int64
}

// SupplierKey is a supplier's identity: the normalised company name and
// the company unique ID when one is declared.
func SupplierKey(name string) string { return smelters.NameKey(name) }

// KnownFiles returns the SHA-256 of every stored file, so an import can skip
// unchanged files before reading them.
func (s *Store) KnownFiles(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT sha256 FROM files`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	known := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		known[h] = true
	}
	return known, rows.Err()
}

// SaveDeclaration stores one file in one transaction: the supplier (found or
// created), the file, its declaration with answers, products, smelter rows
// and their matches, mines and problems, and the supersession of the
// supplier's older declarations of the same family and period.
func (s *Store) SaveDeclaration(ctx context.Context, f *ImportedFile) (SaveResult, error) {
	var res SaveResult
	if len(f.Matches) != len(f.Decl.Smelters) {
		return res, fmt.Errorf("store: %s: %d matches for %d smelter rows", f.Path, len(f.Matches), len(f.Decl.Smelters))
	}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var existing int64
		err := tx.QueryRowContext(ctx, `SELECT d.id FROM files f JOIN declarations d ON d.file_id = f.id WHERE f.sha256 = ?`, f.SHA256).Scan(&existing)
		if err == nil {
			res.Unchanged, res.DeclarationID = true, existing
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		now := s.Now().UTC().Format(time.RFC3339)
		d := f.Decl
		co := d.Company
		name := co.Name
		if f.Supplier != "" {
			name = f.Supplier
		}
		supplier, err := s.supplierFor(ctx, tx, name, co.UniqueID, now)
		if err != nil {
			return err
		}
		res.SupplierID = supplier
		fr, err := tx.ExecContext(ctx, `INSERT INTO files (sha256, path, size, imported_at) VALUES (?, ?, ?, ?)`, f.SHA256, f.Path, f.Size, now)
		if err != nil {
			return err
		}
		fileID, _ := fr.LastInsertId()
		var seq int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(imported_seq), 0) + 1 FROM declarations`).Scan(&seq); err != nil {
			return err
		}
		warnings := 0
		for _, p := range f.Check.Problems {
			if p.Severity == cmrt.Warning {
				warnings++
			}
		}
		dr, err := tx.ExecContext(ctx, `INSERT INTO declarations (file_id, supplier_id, family, version, language, period,
			effective_date, effective_date_text, company_name, scope, scope_description, unique_id, unique_id_authority,
			address, contact_name, contact_email, contact_phone, authorizer, authorizer_title, authorizer_email,
			authorizer_phone, minerals, required_missing, errors, warnings, imported_seq, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			fileID, supplier, string(d.Template.Family), d.Template.Version, d.Template.Language, f.Period,
			dateOrNil(co.EffectiveDate), co.EffectiveDateText, co.Name, co.Scope, co.ScopeDescription, co.UniqueID,
			co.UniqueIDAuthority, co.Address, co.ContactName, co.ContactEmail, co.ContactPhone, co.Authorizer,
			co.AuthorizerTitle, co.AuthorizerEmail, co.AuthorizerPhone, strings.Join(d.Minerals, "\n"),
			f.Check.RequiredMissing, f.Check.Errors(), warnings, seq, now)
		if err != nil {
			return err
		}
		id, _ := dr.LastInsertId()
		res.DeclarationID = id
		if err := insertChildren(ctx, tx, id, f); err != nil {
			return err
		}
		if err := s.fail("declaration-children"); err != nil {
			return err
		}
		return supersede(ctx, tx, id, &res)
	})
	if err != nil {
		return SaveResult{}, fmt.Errorf("store: save %s: %w", f.Path, err)
	}
	return res, nil
}

// supplierFor finds the supplier by identity (following merges) or creates it.
func (s *Store) supplierFor(ctx context.Context, tx *sql.Tx, name, uniqueID, now string) (int64, error) {
	key := SupplierKey(name)
	uid := strings.ToUpper(strings.TrimSpace(uniqueID))
	var id int64
	var merged sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT id, merged_into FROM suppliers WHERE name_key = ? AND unique_id = ?`, key, uid).Scan(&id, &merged)
	switch {
	case err == nil:
		for merged.Valid { // follow merges to the surviving supplier
			id = merged.Int64
			if err := tx.QueryRowContext(ctx, `SELECT merged_into FROM suppliers WHERE id = ?`, id).Scan(&merged); err != nil {
				return 0, err
			}
		}
		return id, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO suppliers (name, name_key, unique_id, created_at) VALUES (?, ?, ?, ?)`, name, key, uid, now)
	if err != nil {
		return 0, err
	}
	return r.LastInsertId()
}

func insertChildren(ctx context.Context, tx *sql.Tx, id int64, f *ImportedFile) error {
	d := f.Decl
	for i, a := range d.Answers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO answers (declaration_id, position, question, mineral, value, raw, comment, cell)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, i, a.Question, a.Mineral, a.Value, a.Raw, a.Comment, a.Cell); err != nil {
			return err
		}
	}
	for _, p := range d.Products {
		if _, err := tx.ExecContext(ctx, `INSERT INTO products (declaration_id, row, number, name, requester_number, requester_name, comments)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, p.Row, p.Number, p.Name, p.RequesterNumber, p.RequesterName, p.Comments); err != nil {
			return err
		}
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO declared_smelters (declaration_id, row, metal, cid_input, lookup_name, name,
		country, cid, source, street, city, state, contact_name, contact_email, next_steps, mine_name, mine_country,
		recycled, comments, resolved, match_status, match_cid, match_score, match_reason, match_detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, sm := range d.Smelters {
		m := f.Matches[i]
		detail, err := json.Marshal(matchDetail{Candidates: m.Candidates, Disagreements: m.Disagreements, Notes: m.Notes, Stage: m.Stage})
		if err != nil {
			return err
		}
		status := m.Status
		if status == "" {
			status = smelters.NoMatch
		}
		if _, err := stmt.ExecContext(ctx, id, sm.Row, sm.Metal, sm.CIDInput, sm.LookupName, sm.Name, sm.Country, sm.CID,
			sm.Source, sm.Street, sm.City, sm.State, sm.ContactName, sm.ContactEmail, sm.NextSteps, sm.MineName,
			sm.MineCountry, sm.Recycled, sm.Comments, boolInt(sm.Resolved), string(status), m.CID, m.Score, m.Reason, string(detail)); err != nil {
			return err
		}
	}
	for _, mn := range d.Mines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO mines (declaration_id, row, metal, smelter_name, mine_name, mine_id, source,
			country, street, city, state, contact_name, contact_email, next_steps, comments)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, mn.Row, mn.Metal, mn.SmelterName, mn.MineName, mn.MineID,
			mn.Source, mn.Country, mn.Street, mn.City, mn.State, mn.ContactName, mn.ContactEmail, mn.NextSteps, mn.Comments); err != nil {
			return err
		}
	}
	for i, p := range f.Check.Problems {
		if _, err := tx.ExecContext(ctx, `INSERT INTO problems (declaration_id, position, code, severity, sheet, cell, message, checker)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, i, p.Code, string(p.Severity), p.Sheet, p.Cell, p.Message, boolInt(p.Checker)); err != nil {
			return err
		}
	}
	if f.Supplier != "" {
		declared := "empty"
		if d.Company.Name != "" {
			declared = fmt.Sprintf("%q", d.Company.Name)
		}
		msg := fmt.Sprintf("supplier named %q on import (--supplier); the file's company name is %s", f.Supplier, declared)
		if _, err := tx.ExecContext(ctx, `INSERT INTO problems (declaration_id, position, code, severity, sheet, cell, message, checker)
			VALUES (?, ?, ?, ?, ?, ?, ?, 0)`, id, len(f.Check.Problems), CodeSupplierNamed, string(cmrt.Info), cmrt.SheetDeclaration,
			d.Layout.Company.Name, msg); err != nil {
			return err
		}
	}
	return nil
}

// matchDetail is the JSON kept with a declared smelter's match.
type matchDetail struct {
	Stage         smelters.Stage          `json:"stage,omitempty"`
	Candidates    []smelters.Candidate    `json:"candidates,omitempty"`
	Disagreements []smelters.Disagreement `json:"disagreements,omitempty"`
	Notes         []string                `json:"notes,omitempty"`
}

// supersede makes the newest declaration of the supplier, family and period
// the current one: later effective date first, then later import (an
// import stores its files in sorted path order, so within one import the
// later path wins), then path and SHA-256 so the order is total. Older
// ones point at it; history is kept.
func supersede(ctx context.Context, tx *sql.Tx, id int64, res *SaveResult) error {
	rows, err := tx.QueryContext(ctx, `SELECT o.id, o.superseded_by FROM declarations n JOIN declarations o
		ON o.supplier_id = n.supplier_id AND o.family = n.family AND o.period = n.period
		JOIN files f ON f.id = o.file_id
		WHERE n.id = ? ORDER BY COALESCE(o.effective_date, '') DESC, o.imported_seq DESC, f.path DESC, f.sha256 DESC`, id)
	if err != nil {
		return err
	}
	type decl struct {
		id  int64
		was sql.NullInt64
	}
	var all []decl
	for rows.Next() {
		var d decl
		if err := rows.Scan(&d.id, &d.was); err != nil {
			rows.Close()
			return err
		}
		all = append(all, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	newest := all[0].id
	for _, d := range all[1:] {
		if d.was.Valid && d.was.Int64 == newest {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE declarations SET superseded_by = ? WHERE id = ?`, newest, d.id); err != nil {
			return err
		}
		if d.id == id {
			res.SupersededBy = newest
		} else if !d.was.Valid {
			res.Superseded = append(res.Superseded, d.id)
		}
	}
	if newest == id {
		return nil
	}
	_, err = tx.ExecContext(ctx, `UPDATE declarations SET superseded_by = NULL WHERE id = ?`, newest)
	return err
}

// SetFailpoint makes fn run at the named points inside write transactions
// ("declaration-children", …); an error it returns aborts the transaction
// there, as a full disk would. For tests of the store's callers.
func (s *Store) SetFailpoint(fn func(point string) error) { s.failpoint = fn }
