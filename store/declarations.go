package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
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
	var declID int64
	children, err := childRows(f, &declID)
	if err != nil {
		return res, fmt.Errorf("store: %s: %w", f.Path, err)
	}
	// Prepared before the transaction: with a one-connection pool
	// (":memory:") preparing inside it would wait for itself.
	if err := s.inserts.prepare(ctx, s.db, children); err != nil {
		return res, fmt.Errorf("store: %s: %w", f.Path, err)
	}
	err = s.withTx(ctx, func(tx *sql.Tx) error {
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
		// The seq of the newest row (by rowid, a B-tree look-up) is the
		// largest, as every row takes the largest + 1: MAX(imported_seq)
		// scanned the whole table for every file.
		var seq int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT imported_seq FROM declarations ORDER BY id DESC LIMIT 1), 0) + 1`).Scan(&seq); err != nil {
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
		res.DeclarationID, declID = id, id
		if err := saveSAQBank(ctx, tx, id, d); err != nil {
			return err
		}
		if err := s.inserts.insert(ctx, tx, children); err != nil {
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

// tableRows are the rows of one child table of a declaration.
type tableRows struct {
	table string
	cols  []string
	n     int
	// row appends row i's values, one per column, to args.
	row func(i int, args []any) []any
}

// childRows lists a declaration's rows, table by table: answers, products,
// smelter rows with their matches, mines and problems. *id is read when the
// rows are inserted, once the declaration has its ID.
func childRows(f *ImportedFile, id *int64) ([]tableRows, error) {
	d := f.Decl
	details := make([]string, len(d.Smelters))
	for i := range d.Smelters {
		m := f.Matches[i]
		detail, err := json.Marshal(matchDetail{Candidates: m.Candidates, Disagreements: m.Disagreements, Notes: m.Notes, Stage: m.Stage})
		if err != nil {
			return nil, err
		}
		details[i] = string(detail)
	}
	problems := f.Check.Problems
	if f.Supplier != "" {
		declared := "empty"
		if d.Company.Name != "" {
			declared = fmt.Sprintf("%q", d.Company.Name)
		}
		problems = append(problems[:len(problems):len(problems)], cmrt.Problem{Code: CodeSupplierNamed, Severity: cmrt.Info,
			Sheet: cmrt.SheetDeclaration, Cell: d.Layout.Company.Name,
			Message: fmt.Sprintf("supplier named %q on import (--supplier); the file's company name is %s", f.Supplier, declared)})
	}
	return []tableRows{
		{"answers", []string{"declaration_id", "position", "question", "mineral", "value", "raw", "comment", "cell"},
			len(d.Answers), func(i int, args []any) []any {
				a := d.Answers[i]
				return append(args, *id, i, a.Question, a.Mineral, a.Value, a.Raw, a.Comment, a.Cell)
			}},
		{"products", []string{"declaration_id", "row", "number", "name", "requester_number", "requester_name", "comments"},
			len(d.Products), func(i int, args []any) []any {
				p := d.Products[i]
				return append(args, *id, p.Row, p.Number, p.Name, p.RequesterNumber, p.RequesterName, p.Comments)
			}},
		{"declared_smelters", []string{"declaration_id", "row", "metal", "cid_input", "lookup_name", "name",
			"country", "cid", "source", "street", "city", "state", "contact_name", "contact_email", "next_steps", "mine_name", "mine_country",
			"recycled", "comments", "resolved", "match_status", "match_cid", "match_score", "match_reason", "match_detail"},
			len(d.Smelters), func(i int, args []any) []any {
				sm, m := d.Smelters[i], f.Matches[i]
				status := m.Status
				if status == "" {
					status = smelters.NoMatch
				}
				return append(args, *id, sm.Row, sm.Metal, sm.CIDInput, sm.LookupName, sm.Name, sm.Country, sm.CID,
					sm.Source, sm.Street, sm.City, sm.State, sm.ContactName, sm.ContactEmail, sm.NextSteps, sm.MineName,
					sm.MineCountry, sm.Recycled, sm.Comments, boolInt(sm.Resolved), string(status), m.CID, m.Score, m.Reason, details[i])
			}},
		{"mines", []string{"declaration_id", "row", "metal", "smelter_name", "mine_name", "mine_id", "source",
			"country", "street", "city", "state", "contact_name", "contact_email", "next_steps", "comments"},
			len(d.Mines), func(i int, args []any) []any {
				mn := d.Mines[i]
				return append(args, *id, mn.Row, mn.Metal, mn.SmelterName, mn.MineName, mn.MineID,
					mn.Source, mn.Country, mn.Street, mn.City, mn.State, mn.ContactName, mn.ContactEmail, mn.NextSteps, mn.Comments)
			}},
		{"problems", []string{"declaration_id", "position", "code", "severity", "sheet", "cell", "message", "checker"},
			len(problems), func(i int, args []any) []any {
				p := problems[i]
				return append(args, *id, i, p.Code, string(p.Severity), p.Sheet, p.Cell, p.Message, boolInt(p.Checker))
			}},
	}, nil
}

// insertBatch is the most rows one INSERT carries: 64 rows of the widest
// table are 1,600 parameters, far under SQLite's limit of 32,766.
const insertBatch = 64

// insertCache holds the multi-row INSERT statements of the import writer,
// prepared once per store and reused by every file's transaction. The
// profile of a bulk import showed the single writer spending its time
// preparing a statement for every row, then (with multi-row statements
// prepared per file) parsing those long statements: prepared once, a file
// costs one execution per 64 rows.
type insertCache struct {
	mu    sync.Mutex
	stmts map[insertKey]*sql.Stmt
}

type insertKey struct {
	table string
	rows  int
}

// prepare makes sure the statements the rows need are prepared.
func (c *insertCache) prepare(ctx context.Context, db *sql.DB, tables []tableRows) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stmts == nil {
		c.stmts = map[insertKey]*sql.Stmt{}
	}
	for _, t := range tables {
		for _, rows := range []int{min(t.n, insertBatch), t.n % insertBatch} {
			if rows == 0 {
				continue
			}
			key := insertKey{t.table, rows}
			if c.stmts[key] != nil {
				continue
			}
			st, err := db.PrepareContext(ctx, insertSQL(t.table, t.cols, rows))
			if err != nil {
				return fmt.Errorf("%s: %w", t.table, err)
			}
			c.stmts[key] = st
		}
	}
	return nil
}

// insert inserts the rows in statements of up to insertBatch rows.
func (c *insertCache) insert(ctx context.Context, tx *sql.Tx, tables []tableRows) error {
	var args []any
	for _, t := range tables {
		for start := 0; start < t.n; start += insertBatch {
			rows := min(insertBatch, t.n-start)
			c.mu.Lock()
			st := c.stmts[insertKey{t.table, rows}]
			c.mu.Unlock()
			args = args[:0]
			for i := start; i < start+rows; i++ {
				args = t.row(i, args)
			}
			// The statement is prepared on the transaction's connection
			// once, then reused (database/sql keeps it per connection).
			if _, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("%s: %w", t.table, err)
			}
		}
	}
	return nil
}

func insertSQL(table string, cols []string, rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
	tuple := "(" + strings.Repeat("?, ", len(cols)-1) + "?)"
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tuple)
	}
	return b.String()
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
