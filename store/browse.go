package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/smelters"
)

// SupplierSummary is one supplier and what it sent.
type SupplierSummary struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	UniqueID     string `json:"unique_id,omitempty"`
	Declarations int    `json:"declarations"`
	Current      int    `json:"current"`     // declarations not superseded
	LatestDate   string `json:"latest_date"` // newest effective date
	Families     string `json:"families"`    // e.g. "CMRT 6.4, EMRT 2.1"
}

// Suppliers lists suppliers (merged ones folded into their survivor).
func (s *Store) Suppliers(ctx context.Context) ([]SupplierSummary, error) { return s.suppliers(ctx, 0) }

// suppliers lists every supplier, or the one with ID id.
func (s *Store) suppliers(ctx context.Context, id int64) ([]SupplierSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.name, s.unique_id,
		COUNT(d.id), COALESCE(SUM(d.superseded_by IS NULL), 0), COALESCE(MAX(d.effective_date), ''),
		COALESCE(GROUP_CONCAT(DISTINCT d.family || ' ' || d.version), '')
		FROM suppliers s LEFT JOIN declarations d ON d.supplier_id = s.id
		WHERE s.merged_into IS NULL AND (? = 0 OR s.id = ?) GROUP BY s.id ORDER BY s.name COLLATE NOCASE`, id, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SupplierSummary
	for rows.Next() {
		var x SupplierSummary
		if err := rows.Scan(&x.ID, &x.Name, &x.UniqueID, &x.Declarations, &x.Current, &x.LatestDate, &x.Families); err != nil {
			return nil, err
		}
		x.Families = strings.ReplaceAll(x.Families, ",", ", ")
		out = append(out, x)
	}
	return out, rows.Err()
}

// FindSupplier finds a supplier by ID ("12") or by name (normalised).
func (s *Store) FindSupplier(ctx context.Context, ref string) (SupplierSummary, error) {
	// An ID is looked up alone: a page per supplier must not cost a
	// summary of every supplier. Only an ID's own spelling is one ("012"
	// is a name), IDs start at 1 (suppliers takes 0 for all of them), and
	// an ID no supplier has may still be a name.
	trimmed := strings.TrimSpace(ref)
	if id, err := strconv.ParseInt(trimmed, 10, 64); err == nil && id > 0 && strconv.FormatInt(id, 10) == trimmed {
		one, err := s.suppliers(ctx, id)
		if err != nil {
			return SupplierSummary{}, err
		}
		if len(one) == 1 {
			return one[0], nil
		}
	}
	all, err := s.Suppliers(ctx)
	if err != nil {
		return SupplierSummary{}, err
	}
	key := SupplierKey(ref)
	var hits []SupplierSummary
	for _, x := range all {
		if SupplierKey(x.Name) == key {
			hits = append(hits, x)
		}
	}
	switch len(hits) {
	case 0:
		return SupplierSummary{}, fmt.Errorf("supplier %q: %w", ref, ErrNotFound)
	case 1:
		return hits[0], nil
	}
	return SupplierSummary{}, fmt.Errorf("supplier %q is ambiguous (%d suppliers share the name; use the ID)", ref, len(hits))
}

// MergeSuppliers folds supplier from into supplier into: its declarations
// move, later imports under its identity land on into, and supersession is
// recomputed. One transaction.
func (s *Store) MergeSuppliers(ctx context.Context, from, into int64) error {
	if from == into {
		return errors.New("store: cannot merge a supplier into itself")
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		for _, id := range []int64{from, into} {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM suppliers WHERE id = ? AND merged_into IS NULL`, id).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("supplier %d: %w", id, ErrNotFound)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE suppliers SET merged_into = ? WHERE id = ? OR merged_into = ?`, into, from, from); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE declarations SET supplier_id = ? WHERE supplier_id = ?`, into, from); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM declarations WHERE supplier_id = ?`, into)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			var r SaveResult
			if err := supersede(ctx, tx, id, &r); err != nil {
				return err
			}
		}
		return nil
	})
}

// RenameSupplier sets a supplier's display name.
func (s *Store) RenameSupplier(ctx context.Context, id int64, name string) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE suppliers SET name = ? WHERE id = ?`, name, id)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return fmt.Errorf("supplier %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// DeclarationSummary is one stored declaration.
type DeclarationSummary struct {
	ID              int64  `json:"id"`
	SupplierID      int64  `json:"supplier_id"`
	Supplier        string `json:"supplier"`
	Family          string `json:"family"`
	Version         string `json:"version"`
	Language        string `json:"language"`
	Period          int    `json:"period"`
	EffectiveDate   string `json:"effective_date"`
	RequiredMissing int    `json:"required_missing"`
	Errors          int    `json:"errors"`
	Warnings        int    `json:"warnings"`
	Smelters        int    `json:"smelters"`
	Current         bool   `json:"current"`
	SupersededBy    int64  `json:"superseded_by,omitempty"`
	File            string `json:"file"`
	SHA256          string `json:"sha256"`
	ImportedAt      string `json:"imported_at"`
}

// DeclarationFilter narrows Declarations; zero values match everything.
type DeclarationFilter struct {
	ID          int64 // one declaration
	SupplierID  int64
	Period      int
	Family      string
	CurrentOnly bool
}

// Declarations lists stored declarations.
func (s *Store) Declarations(ctx context.Context, f DeclarationFilter) ([]DeclarationSummary, error) {
	q := `SELECT d.id, d.supplier_id, su.name, d.family, d.version, d.language, d.period, COALESCE(d.effective_date, ''),
		d.required_missing, d.errors, d.warnings, (SELECT COUNT(*) FROM declared_smelters x WHERE x.declaration_id = d.id),
		COALESCE(d.superseded_by, 0), fi.path, fi.sha256, d.imported_at
		FROM declarations d JOIN suppliers su ON su.id = d.supplier_id JOIN files fi ON fi.id = d.file_id WHERE 1=1`
	var args []any
	if f.ID != 0 {
		q += ` AND d.id = ?`
		args = append(args, f.ID)
	}
	if f.SupplierID != 0 {
		q += ` AND d.supplier_id = ?`
		args = append(args, f.SupplierID)
	}
	if f.Period != 0 {
		q += ` AND d.period = ?`
		args = append(args, f.Period)
	}
	if f.Family != "" {
		q += ` AND d.family = ?`
		args = append(args, strings.ToUpper(f.Family))
	}
	if f.CurrentOnly {
		q += ` AND d.superseded_by IS NULL`
	}
	q += ` ORDER BY su.name COLLATE NOCASE, d.family, d.period, d.id`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DeclarationSummary
	for rows.Next() {
		var x DeclarationSummary
		if err := rows.Scan(&x.ID, &x.SupplierID, &x.Supplier, &x.Family, &x.Version, &x.Language, &x.Period, &x.EffectiveDate,
			&x.RequiredMissing, &x.Errors, &x.Warnings, &x.Smelters, &x.SupersededBy, &x.File, &x.SHA256, &x.ImportedAt); err != nil {
			return nil, err
		}
		x.Current = x.SupersededBy == 0
		out = append(out, x)
	}
	return out, rows.Err()
}

// DeclaredRow is one stored Smelter List row: as declared, its match, and
// the matched facility's status on the day asked for.
type DeclaredRow struct {
	Row         int     `json:"row"`
	Metal       string  `json:"metal"`
	Name        string  `json:"name"`
	Country     string  `json:"country"`
	CID         string  `json:"cid"`
	MatchStatus string  `json:"match_status"`
	MatchCID    string  `json:"match_cid,omitempty"`
	MatchScore  float64 `json:"match_score"`
	MatchReason string  `json:"match_reason"`
	FacilityStatus
}

// DeclarationDetail is one declaration with everything stored for it, in
// the template model's own types (company block, answers, products,
// problems) and the declared rows with their match and status.
type DeclarationDetail struct {
	DeclarationSummary
	Company  cmrt.Company   `json:"company"`
	Minerals []string       `json:"minerals"`
	Answers  []cmrt.Answer  `json:"answers"`
	Products []cmrt.Product `json:"products"`
	// Mines are the Mine List rows (a gemstone declaration's Sources rows).
	Mines    []cmrt.MineRow `json:"mines"`
	Smelters []DeclaredRow  `json:"smelter_rows"`
	Problems []cmrt.Problem `json:"problems"`
}

// Declaration returns one declaration in full, its smelter rows with the
// status of their facilities in every list loaded (see DeclarationAsOf).
func (s *Store) Declaration(ctx context.Context, id int64) (*DeclarationDetail, error) {
	return s.DeclarationAsOf(ctx, id, time.Time{})
}

// DeclarationAsOf returns one declaration in full, its smelter rows with
// the status of their facilities on asOf (zero: every list loaded).
func (s *Store) DeclarationAsOf(ctx context.Context, id int64, asOf time.Time) (*DeclarationDetail, error) {
	return s.declaration(ctx, id, func() (*Current, time.Time, error) { return s.statusView(ctx, asOf) })
}

// DeclarationIn is DeclarationAsOf with the lists already loaded: the
// statuses of cur (a Current of the store), re-audits judged on day on.
// A caller showing many declarations loads the lists once.
func (s *Store) DeclarationIn(ctx context.Context, id int64, cur *Current, on time.Time) (*DeclarationDetail, error) {
	return s.declaration(ctx, id, func() (*Current, time.Time, error) { return cur, on, nil })
}

func (s *Store) declaration(ctx context.Context, id int64, lists func() (*Current, time.Time, error)) (*DeclarationDetail, error) {
	list, err := s.Declarations(ctx, DeclarationFilter{ID: id})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("declaration %d: %w", id, ErrNotFound)
	}
	d := &DeclarationDetail{DeclarationSummary: list[0], Answers: []cmrt.Answer{}, Smelters: []DeclaredRow{}, Problems: []cmrt.Problem{}}
	c := &d.Company
	var minerals string
	if err := s.db.QueryRowContext(ctx, `SELECT company_name, scope, scope_description, unique_id, unique_id_authority, address,
		contact_name, contact_email, contact_phone, authorizer, authorizer_title, authorizer_email, authorizer_phone,
		effective_date_text, minerals FROM declarations WHERE id = ?`, id).Scan(
		&c.Name, &c.Scope, &c.ScopeDescription, &c.UniqueID, &c.UniqueIDAuthority, &c.Address,
		&c.ContactName, &c.ContactEmail, &c.ContactPhone, &c.Authorizer, &c.AuthorizerTitle, &c.AuthorizerEmail, &c.AuthorizerPhone,
		&c.EffectiveDateText, &minerals); err != nil {
		return nil, err
	}
	c.EffectiveDate = parseDate(sql.NullString{String: d.EffectiveDate, Valid: true}) // the summary's, "" for none
	if minerals != "" {
		d.Minerals = strings.Split(minerals, "\n")
	}
	if err := s.each(ctx, `SELECT question, mineral, value, raw, comment, cell FROM answers WHERE declaration_id = ? ORDER BY position`, id, func(r *sql.Rows) error {
		var a cmrt.Answer
		if err := r.Scan(&a.Question, &a.Mineral, &a.Value, &a.Raw, &a.Comment, &a.Cell); err != nil {
			return err
		}
		d.Answers = append(d.Answers, a)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := s.each(ctx, `SELECT row, metal, name, country, cid, match_status, match_cid, match_score, match_reason FROM declared_smelters WHERE declaration_id = ? ORDER BY row`, id, func(r *sql.Rows) error {
		var x DeclaredRow
		if err := r.Scan(&x.Row, &x.Metal, &x.Name, &x.Country, &x.CID, &x.MatchStatus, &x.MatchCID, &x.MatchScore, &x.MatchReason); err != nil {
			return err
		}
		d.Smelters = append(d.Smelters, x)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(d.Smelters) > 0 {
		cur, on, err := lists()
		if err != nil {
			return nil, err
		}
		for i := range d.Smelters {
			x := &d.Smelters[i]
			x.FacilityStatus = facilityStatus(cur, x.MatchStatus, x.MatchCID, x.Metal, on)
		}
	}
	if err := s.each(ctx, `SELECT code, severity, sheet, cell, message, checker FROM problems WHERE declaration_id = ? ORDER BY position`, id, func(r *sql.Rows) error {
		var p cmrt.Problem
		if err := r.Scan(&p.Code, &p.Severity, &p.Sheet, &p.Cell, &p.Message, &p.Checker); err != nil {
			return err
		}
		d.Problems = append(d.Problems, p)
		return nil
	}); err != nil {
		return nil, err
	}
	if d.Products, err = s.DeclarationProducts(ctx, id); err != nil {
		return nil, err
	}
	d.Mines = []cmrt.MineRow{}
	if err := s.each(ctx, `SELECT row, metal, smelter_name, mine_name, mine_id, source, country, street, city, state,
		contact_name, contact_email, next_steps, comments FROM mines WHERE declaration_id = ? ORDER BY row`, id, func(r *sql.Rows) error {
		var m cmrt.MineRow
		if err := r.Scan(&m.Row, &m.Metal, &m.SmelterName, &m.MineName, &m.MineID, &m.Source, &m.Country, &m.Street, &m.City, &m.State,
			&m.ContactName, &m.ContactEmail, &m.NextSteps, &m.Comments); err != nil {
			return err
		}
		d.Mines = append(d.Mines, m)
		return nil
	}); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Store) each(ctx context.Context, q string, id int64, fn func(*sql.Rows) error) error {
	return eachRow(ctx, s.db, q, id, fn)
}

// DeclaredSmelter is a facility as the current declarations name it,
// with how many suppliers name it and what RMI says about it on the day
// asked for.
type DeclaredSmelter struct {
	Metal string `json:"metal"` // as declared
	CID   string `json:"cid"`   // the matched facility's CID; empty when unmatched
	// DeclaredCID is the CID the rows declare (kept when they match nothing).
	DeclaredCID string `json:"declared_cid"`
	Name        string `json:"name"` // as declared
	Country     string `json:"country"`
	MatchStatus string `json:"match_status"`
	FacilityStatus
	Suppliers int `json:"suppliers"`
	Rows      int `json:"rows"`
}

// FacilityStatus is what RMI's lists say about a declared row's facility
// on a day: its standard name and metal (RMI's "Multiple" for a facility
// listed under several), the status (smelters.Status; unknown for a row
// matching nothing, empty while it awaits review), the text RMI published,
// the removal and the re-audit state.
type FacilityStatus struct {
	StandardName  string          `json:"standard_name"`
	FacilityMetal string          `json:"facility_metal"`
	RMAPStatus    smelters.Status `json:"rmap_status"`
	StatusText    string          `json:"status_text"`
	RemovedOn     string          `json:"removed_on"`
	RemovedReason string          `json:"removed_reason"`
	Successors    []string        `json:"successors"`
	ReauditDue    string          `json:"reaudit_due"`
	// Reaudit is reaudit_due, reaudit_in_progress or reaudit_overdue for a
	// conformant facility with a published due date, else empty.
	Reaudit smelters.ReauditState `json:"reaudit"`
}

// facilityStatus looks a declared row's match up in a view.
func facilityStatus(cur *Current, matchStatus, matchCID, metal string, on time.Time) FacilityStatus {
	fs := FacilityStatus{RMAPStatus: rowStatus(cur, matchStatus, matchCID, metal), Successors: []string{}}
	if matchStatus != string(smelters.Matched) {
		return fs
	}
	f := cur.Lookup(matchCID, metal)
	if f == nil {
		return fs
	}
	fs.StandardName, fs.FacilityMetal, fs.StatusText = f.Name, f.Metal, f.StatusText
	if f.Removal != nil {
		fs.RemovedOn, fs.RemovedReason = dateString(f.Removal.Date), f.Removal.Reason
		fs.Successors = append(fs.Successors, f.Removal.Successors...)
	}
	fs.ReauditDue, fs.Reaudit = dateString(f.ReauditDue), f.Reaudit(on)
	return fs
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// DeclaredFilter narrows DeclaredSmelters.
type DeclaredFilter struct {
	Metal       string
	MatchStatus string // matched, needs_review, no_match
	RMAPStatus  smelters.Status
	Period      int
	SupplierID  int64
	// AsOf is the day statuses hold for: the lists in force then (zero:
	// every list loaded, re-audits judged on the store's clock).
	AsOf time.Time
}

// statusDay is the view and the day re-audits are judged on for AsOf.
func (s *Store) statusView(ctx context.Context, asOf time.Time) (*Current, time.Time, error) {
	cur, err := s.view(ctx, s.db, View{AsOf: asOf})
	if asOf.IsZero() {
		asOf = s.Now()
	}
	return cur, asOf, err
}

// DeclaredSmelters groups the smelter rows of current declarations by the
// facility they matched (or, unmatched, by declared CID and name), with the
// facility's status on f.AsOf.
func (s *Store) DeclaredSmelters(ctx context.Context, f DeclaredFilter) ([]DeclaredSmelter, error) {
	q := `SELECT x.metal, x.match_cid, MIN(x.cid), CASE WHEN x.match_cid = '' THEN x.name ELSE MIN(x.name) END, MIN(x.country), x.match_status,
		COUNT(DISTINCT d.supplier_id), COUNT(*)
		FROM declared_smelters x JOIN declarations d ON d.id = x.declaration_id
		WHERE d.superseded_by IS NULL`
	var args []any
	// Suppliers declare a metal, never RMI's "Multiple": --metal multiple
	// selects the rows whose facility RMI lists under several metals.
	multiple := smelters.NormalizeMetal(f.Metal) == smelters.MetalMultiple
	if f.Metal != "" && !multiple {
		q += ` AND x.metal = ? COLLATE NOCASE`
		args = append(args, smelters.NormalizeMetal(f.Metal))
	}
	if f.MatchStatus != "" {
		q += ` AND x.match_status = ?`
		args = append(args, f.MatchStatus)
	}
	if f.Period != 0 {
		q += ` AND d.period = ?`
		args = append(args, f.Period)
	}
	if f.SupplierID != 0 {
		q += ` AND d.supplier_id = ?`
		args = append(args, f.SupplierID)
	}
	q += ` GROUP BY x.metal, x.match_cid, CASE WHEN x.match_cid = '' THEN x.cid || char(0) || x.name ELSE '' END, x.match_status
		ORDER BY COUNT(DISTINCT d.supplier_id) DESC, x.metal, x.match_cid, MIN(x.cid), MIN(x.name)`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DeclaredSmelter
	for rows.Next() {
		var x DeclaredSmelter
		if err := rows.Scan(&x.Metal, &x.CID, &x.DeclaredCID, &x.Name, &x.Country, &x.MatchStatus, &x.Suppliers, &x.Rows); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cur, on, err := s.statusView(ctx, f.AsOf)
	if err != nil {
		return nil, err
	}
	kept := []DeclaredSmelter{}
	for _, x := range out {
		x.FacilityStatus = facilityStatus(cur, x.MatchStatus, x.CID, x.Metal, on)
		if (f.RMAPStatus == "" || x.RMAPStatus == f.RMAPStatus) && (!multiple || x.FacilityMetal == smelters.MetalMultiple) {
			kept = append(kept, x)
		}
	}
	return kept, nil
}

// NewestListDate is the newest list date of the standard lists and status
// lists loaded from RMI's downloads (zero when none carries a date): a
// supplier file filled before it carries an older Smelter Look-up.
func (s *Store) NewestListDate(ctx context.Context) (time.Time, error) {
	var d sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT MAX(list_date) FROM smelter_snapshots
		WHERE kind IN ('standard', 'conformant', 'active') AND list_date IS NOT NULL`).Scan(&d)
	return parseDate(d), err
}

// LookupRevision is the newest template revision whose Smelter Look-up the
// store has learnt, per family.
func (s *Store) LookupRevisions(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT family, version FROM template_lookups`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var fam, v string
		if err := rows.Scan(&fam, &v); err != nil {
			return nil, err
		}
		if cur, ok := out[fam]; !ok || cmrt.VersionLess(cur, v) {
			out[fam] = v
		}
	}
	return out, rows.Err()
}

// RecordLookupRevision notes that snapshot holds the Smelter Look-up of a
// template family and revision.
func (s *Store) RecordLookupRevision(ctx context.Context, family, version string, snapshotID int64) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO template_lookups (family, version, snapshot_id) VALUES (?, ?, ?)
			ON CONFLICT (family, version) DO UPDATE SET snapshot_id = excluded.snapshot_id`, family, version, snapshotID)
		return err
	})
}
