package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/openminerals/cmrt/smelters"
)

// Snapshot is one refresh: one list file as loaded.
type Snapshot struct {
	ID          int64             `json:"id"`
	Kind        smelters.ListKind `json:"kind"`
	Source      string            `json:"source"`
	SHA256      string            `json:"sha256"`
	Format      string            `json:"format"`
	Sheet       string            `json:"sheet,omitempty"`
	HeaderRow   int               `json:"header_row,omitempty"`
	ListDate    time.Time         `json:"list_date,omitzero"`
	DateSource  string            `json:"date_source,omitempty"`
	LoadedAt    time.Time         `json:"loaded_at"`
	Effective   time.Time         `json:"effective_date"` // ListDate, else the day loaded
	Rows        int               `json:"rows"`
	Facilities  int               `json:"facilities"`
	Aliases     int               `json:"aliases"`
	Pseudo      int               `json:"pseudo"`
	Revisions   int               `json:"revisions"`
	RowsByMetal map[string]int    `json:"rows_by_metal"`
	Warnings    []string          `json:"warnings,omitempty"`
}

// Metals are the metals the snapshot covers, sorted.
func (s *Snapshot) Metals() []string {
	var out []string
	for m := range s.RowsByMetal {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// View chooses the state of the lists to read: the zero View is the lists
// in force now; AsOf the lists in force on a date (snapshots whose list
// date, or load date when the list has none, is on or before it); Snapshot
// the state just after that snapshot.
type View struct {
	Snapshot int64
	AsOf     time.Time
}

// Current is the merged view of the lists in force.
type Current struct {
	Facilities []smelters.Facility
	// InForce are the snapshots the view is made of: reference lists for
	// the metals they are the latest for, and the latest of each status list.
	InForce []Snapshot
}

// HasStatusLists reports whether any status list is in force; without one,
// every facility is "not listed".
func (c *Current) HasStatusLists() bool {
	for _, s := range c.InForce {
		if s.Kind.IsStatus() {
			return true
		}
	}
	return false
}

// RefreshResult says what a refresh did.
type RefreshResult struct {
	Snapshot Snapshot `json:"snapshot"`
	// AlreadyLoaded is true when the same file (same SHA-256, same kind) was
	// loaded before: nothing was written and Snapshot is the earlier one.
	AlreadyLoaded bool `json:"already_loaded"`
	// InForce is false when the list changed nothing in force, being older
	// than the lists already loaded for its metals or kind.
	InForce bool              `json:"in_force"`
	Changes []smelters.Change `json:"changes"`
}

// Refresh stores a list as a new snapshot and returns what changed in the
// current view. It is one transaction: if any step fails, nothing is kept.
func (s *Store) Refresh(ctx context.Context, l *smelters.List) (*RefreshResult, error) {
	if l.Kind == "" || l.SHA256 == "" {
		return nil, fmt.Errorf("store: refresh %s: list has no kind or checksum", l.Source)
	}
	res := &RefreshResult{}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		prev, err := snapshotBySHA(ctx, tx, l.SHA256, l.Kind)
		if err == nil {
			res.Snapshot, res.AlreadyLoaded = prev, true
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		before, err := s.view(ctx, tx, View{})
		if err != nil {
			return err
		}
		snap, err := s.insertList(ctx, tx, l)
		if err != nil {
			return err
		}
		after, err := s.view(ctx, tx, View{})
		if err != nil {
			return err
		}
		for _, in := range after.InForce {
			if in.ID == snap.ID {
				res.InForce = true
			}
		}
		res.Snapshot = snap
		res.Changes = smelters.Diff(before.Facilities, after.Facilities)
		return s.fail("refresh-end")
	})
	if err != nil {
		return nil, fmt.Errorf("store: refresh %s: %w", l.Source, err)
	}
	return res, nil
}

func (s *Store) insertList(ctx context.Context, tx *sql.Tx, l *smelters.List) (Snapshot, error) {
	now := s.Now().UTC()
	snap := Snapshot{Kind: l.Kind, Source: l.Source, SHA256: l.SHA256, Format: l.Format, Sheet: l.Sheet,
		HeaderRow: l.HeaderRow, ListDate: l.ListDate, DateSource: l.DateSource, LoadedAt: now,
		Rows: l.Rows, Facilities: len(l.Facilities), Aliases: l.AliasCount(), Pseudo: l.Pseudo,
		Revisions: len(l.Revisions), RowsByMetal: l.RowsByMetal, Warnings: l.Warnings}
	snap.Effective = l.ListDate
	if snap.Effective.IsZero() {
		y, m, d := now.Date()
		snap.Effective = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO smelter_snapshots
		(kind, source, sha256, format, sheet, header_row, list_date, date_source, loaded_at, effective_date,
		 row_count, facility_count, alias_count, pseudo_count, revision_count, warnings)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(l.Kind), l.Source, l.SHA256, l.Format, l.Sheet, l.HeaderRow, dateOrNil(l.ListDate), l.DateSource,
		now.Format(time.RFC3339Nano), snap.Effective.Format(dateLayout),
		snap.Rows, snap.Facilities, snap.Aliases, snap.Pseudo, snap.Revisions, strings.Join(l.Warnings, "\n"))
	if err != nil {
		return snap, err
	}
	if snap.ID, err = r.LastInsertId(); err != nil {
		return snap, err
	}
	for _, m := range l.Metals() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO smelter_snapshot_metals (snapshot_id, metal, row_count) VALUES (?, ?, ?)`,
			snap.ID, m, l.RowsByMetal[m]); err != nil {
			return snap, err
		}
	}
	if err := s.fail("snapshot"); err != nil {
		return snap, err
	}
	facStmt, err := tx.PrepareContext(ctx, `INSERT INTO smelter_facilities
		(snapshot_id, cid, non_rmi, metal, name, country, state, city, street, id_source, status, status_text,
		 last_audit, audit_cycle, reaudit_due, reaudit_in_progress, extra, source_row)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return snap, err
	}
	defer facStmt.Close()
	aliasStmt, err := tx.PrepareContext(ctx, `INSERT INTO smelter_aliases (facility_id, position, alias) VALUES (?, ?, ?)`)
	if err != nil {
		return snap, err
	}
	defer aliasStmt.Close()
	for i := range l.Facilities {
		f := &l.Facilities[i]
		extra := "{}"
		if len(f.Extra) > 0 {
			b, err := json.Marshal(f.Extra)
			if err != nil {
				return snap, err
			}
			extra = string(b)
		}
		r, err := facStmt.ExecContext(ctx, snap.ID, f.CID, boolInt(f.NonRMI), f.Metal, f.Name, f.Country, f.State,
			f.City, f.Street, f.IDSource, string(f.Status), f.StatusText, dateOrNil(f.LastAudit), f.AuditCycle,
			dateOrNil(f.ReauditDue), boolInt(f.ReauditInProgress), extra, f.Row)
		if err != nil {
			return snap, fmt.Errorf("row %d, %s %s: %w", f.Row, f.CID, f.Metal, err)
		}
		id, err := r.LastInsertId()
		if err != nil {
			return snap, err
		}
		for p, a := range f.Aliases {
			if _, err := aliasStmt.ExecContext(ctx, id, p, a); err != nil {
				return snap, err
			}
		}
		if i == len(l.Facilities)/2 {
			if err := s.fail("facilities"); err != nil {
				return snap, err
			}
		}
	}
	for _, rv := range l.Revisions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO smelter_revisions
			(snapshot_id, metal, cid, name, country, basis, details, revision_date, added_date, source_row)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			snap.ID, rv.Metal, rv.CID, rv.Name, rv.Country, rv.Basis, rv.Details,
			dateOrNil(rv.RevisionDate), dateOrNil(rv.AddedDate), rv.Row); err != nil {
			return snap, err
		}
	}
	return snap, nil
}

const snapshotColumns = `id, kind, source, sha256, format, sheet, header_row, list_date, date_source, loaded_at,
	effective_date, row_count, facility_count, alias_count, pseudo_count, revision_count, warnings`

func scanSnapshot(sc interface{ Scan(...any) error }) (Snapshot, error) {
	var (
		s                 Snapshot
		kind, loaded, eff string
		listDate          sql.NullString
		warnings          string
	)
	err := sc.Scan(&s.ID, &kind, &s.Source, &s.SHA256, &s.Format, &s.Sheet, &s.HeaderRow, &listDate, &s.DateSource,
		&loaded, &eff, &s.Rows, &s.Facilities, &s.Aliases, &s.Pseudo, &s.Revisions, &warnings)
	if err != nil {
		return s, err
	}
	s.Kind = smelters.ListKind(kind)
	s.ListDate = parseDate(listDate)
	s.LoadedAt, _ = time.Parse(time.RFC3339Nano, loaded)
	s.Effective, _ = time.Parse(dateLayout, eff)
	if warnings != "" {
		s.Warnings = strings.Split(warnings, "\n")
	}
	return s, nil
}

// snapshots returns every snapshot in effective order (effective date,
// then load order), with the metals each covers.
func snapshots(ctx context.Context, q queryer) ([]Snapshot, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+snapshotColumns+` FROM smelter_snapshots ORDER BY effective_date, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Snapshot
	idx := map[int64]int{}
	for rows.Next() {
		s, err := scanSnapshot(rows)
		if err != nil {
			return nil, err
		}
		s.RowsByMetal = map[string]int{}
		idx[s.ID] = len(out)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mrows, err := q.QueryContext(ctx, `SELECT snapshot_id, metal, row_count FROM smelter_snapshot_metals`)
	if err != nil {
		return nil, err
	}
	defer mrows.Close()
	for mrows.Next() {
		var id int64
		var metal string
		var n int
		if err := mrows.Scan(&id, &metal, &n); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			out[i].RowsByMetal[metal] = n
		}
	}
	return out, mrows.Err()
}

func snapshotBySHA(ctx context.Context, q queryer, sha string, kind smelters.ListKind) (Snapshot, error) {
	all, err := snapshots(ctx, q)
	if err != nil {
		return Snapshot{}, err
	}
	for _, s := range all {
		if s.SHA256 == sha && s.Kind == kind {
			return s, nil
		}
	}
	return Snapshot{}, ErrNotFound
}

// Snapshots lists every snapshot, oldest list first.
func (s *Store) Snapshots(ctx context.Context) ([]Snapshot, error) { return snapshots(ctx, s.db) }

// Snapshot returns one snapshot.
func (s *Store) Snapshot(ctx context.Context, id int64) (Snapshot, error) {
	all, err := snapshots(ctx, s.db)
	if err != nil {
		return Snapshot{}, err
	}
	for _, sn := range all {
		if sn.ID == id {
			return sn, nil
		}
	}
	return Snapshot{}, fmt.Errorf("snapshot %d: %w", id, ErrNotFound)
}

// Current returns the merged view of the lists in force for v.
func (s *Store) Current(ctx context.Context, v View) (*Current, error) { return s.view(ctx, s.db, v) }

// Facilities returns the facilities of the view, merged (see smelters.Merge).
func (s *Store) Facilities(ctx context.Context, v View) ([]smelters.Facility, error) {
	c, err := s.view(ctx, s.db, v)
	if err != nil {
		return nil, err
	}
	return c.Facilities, nil
}

// Matcher indexes the view's facilities and the reviewers' mappings.
func (s *Store) Matcher(ctx context.Context, v View) (*smelters.Matcher, error) {
	facs, err := s.Facilities(ctx, v)
	if err != nil {
		return nil, err
	}
	maps, err := s.Mappings(ctx)
	if err != nil {
		return nil, err
	}
	return smelters.NewMatcher(facs, maps), nil
}

// view selects the snapshots in force and merges them. For each metal the
// latest reference list (standard list or Smelter Look-up) that covers it
// says which facilities exist; for each status kind (conformant, active,
// compiled) the latest list gives statuses, a later list winning for a CID
// named by several. "Latest" orders by effective date, then load order.
func (s *Store) view(ctx context.Context, q queryer, v View) (*Current, error) {
	all, err := snapshots(ctx, q)
	if err != nil {
		return nil, err
	}
	var limit []Snapshot
	switch {
	case v.Snapshot != 0:
		pos := -1
		for i, sn := range all {
			if sn.ID == v.Snapshot {
				pos = i
			}
		}
		if pos < 0 {
			return nil, fmt.Errorf("snapshot %d: %w", v.Snapshot, ErrNotFound)
		}
		limit = all[:pos+1]
	case !v.AsOf.IsZero():
		y, m, d := v.AsOf.Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		for _, sn := range all {
			if !sn.Effective.After(day) {
				limit = append(limit, sn)
			}
		}
	default:
		limit = all
	}
	refFor := map[string]int{} // metal → index in limit of the reference list in force
	statusFor := map[smelters.ListKind]int{}
	for i, sn := range limit {
		switch {
		case sn.Kind.IsReference():
			for m := range sn.RowsByMetal {
				refFor[m] = i
			}
		case sn.Kind.IsStatus():
			statusFor[sn.Kind] = i
		}
	}
	metalsOf := map[int]map[string]bool{}
	for m, i := range refFor {
		if metalsOf[i] == nil {
			metalsOf[i] = map[string]bool{}
		}
		metalsOf[i][m] = true
	}
	cur := &Current{}
	var reference []smelters.Facility
	var statusIdx []int
	for i, sn := range limit {
		if ms := metalsOf[i]; ms != nil {
			facs, err := facilitiesOf(ctx, q, sn.ID)
			if err != nil {
				return nil, err
			}
			for _, f := range facs {
				if ms[f.Metal] {
					reference = append(reference, f)
				}
			}
			cur.InForce = append(cur.InForce, sn)
		}
		if sn.Kind.IsStatus() && statusFor[sn.Kind] == i {
			statusIdx = append(statusIdx, i)
			cur.InForce = append(cur.InForce, sn)
		}
	}
	var statusLists [][]smelters.Facility
	for _, i := range statusIdx { // in effective order: a later list wins
		facs, err := facilitiesOf(ctx, q, limit[i].ID)
		if err != nil {
			return nil, err
		}
		statusLists = append(statusLists, facs)
	}
	cur.Facilities = smelters.Merge(reference, statusLists...)
	return cur, nil
}

// facilitiesOf loads one snapshot's facilities with their aliases.
func facilitiesOf(ctx context.Context, q queryer, snapshotID int64) ([]smelters.Facility, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, cid, non_rmi, metal, name, country, state, city, street, id_source,
		status, status_text, last_audit, audit_cycle, reaudit_due, reaudit_in_progress, extra, source_row
		FROM smelter_facilities WHERE snapshot_id = ? ORDER BY id`, snapshotID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []smelters.Facility
	idx := map[int64]int{}
	for rows.Next() {
		var (
			f                   smelters.Facility
			id                  int64
			nonRMI, inProgress  int
			status, extra       string
			lastAudit, reaudDue sql.NullString
		)
		if err := rows.Scan(&id, &f.CID, &nonRMI, &f.Metal, &f.Name, &f.Country, &f.State, &f.City, &f.Street,
			&f.IDSource, &status, &f.StatusText, &lastAudit, &f.AuditCycle, &reaudDue, &inProgress, &extra, &f.Row); err != nil {
			return nil, err
		}
		f.NonRMI, f.ReauditInProgress = nonRMI == 1, inProgress == 1
		f.Status = smelters.Status(status)
		f.LastAudit, f.ReauditDue = parseDate(lastAudit), parseDate(reaudDue)
		if extra != "" && extra != "{}" {
			if err := json.Unmarshal([]byte(extra), &f.Extra); err != nil {
				return nil, fmt.Errorf("facility %s: extra columns: %w", f.CID, err)
			}
		}
		f.SnapshotID = snapshotID
		idx[id] = len(out)
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	arows, err := q.QueryContext(ctx, `SELECT a.facility_id, a.alias FROM smelter_aliases a
		JOIN smelter_facilities f ON f.id = a.facility_id
		WHERE f.snapshot_id = ? ORDER BY a.facility_id, a.position`, snapshotID)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var id int64
		var alias string
		if err := arows.Scan(&id, &alias); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			out[i].Aliases = append(out[i].Aliases, alias)
		}
	}
	return out, arows.Err()
}

// Revisions returns RMI's revision history for a CID, from every revisions
// list loaded, oldest first (duplicates across lists removed).
func (s *Store) Revisions(ctx context.Context, cid string) ([]smelters.Revision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT metal, cid, name, country, basis, details, revision_date, added_date
		FROM smelter_revisions WHERE cid = ? ORDER BY revision_date, metal`, cid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []smelters.Revision
	for rows.Next() {
		var r smelters.Revision
		var rd, ad sql.NullString
		if err := rows.Scan(&r.Metal, &r.CID, &r.Name, &r.Country, &r.Basis, &r.Details, &rd, &ad); err != nil {
			return nil, err
		}
		r.RevisionDate, r.AddedDate = parseDate(rd), parseDate(ad)
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveMapping records a reviewer's decision. A decision for the same name
// (by smelters.MappingKey) and metal replaces the earlier one, which stays
// in the history. It returns the decision as stored and the one replaced,
// if any.
func (s *Store) SaveMapping(ctx context.Context, m smelters.Mapping, note string) (saved smelters.Mapping, replaced *smelters.Mapping, err error) {
	cid, kind := smelters.NormalizeCID(m.CID)
	if kind == smelters.CIDNone || strings.TrimSpace(m.Name) == "" || strings.TrimSpace(m.Metal) == "" {
		return m, nil, fmt.Errorf("store: mapping needs a name, a metal and a CID")
	}
	m.Name = strings.TrimSpace(m.Name)
	m.CID, m.Metal = cid, smelters.NormalizeMetal(m.Metal)
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.Now().UTC()
	}
	key := smelters.MappingKey(m.Name, m.Metal)
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		var old smelters.Mapping
		var created string
		err := tx.QueryRowContext(ctx, `SELECT name, metal, cid, created_at FROM smelter_mappings
			WHERE mapping_key = ? AND replaced_at IS NULL`, key).Scan(&old.Name, &old.Metal, &old.CID, &created)
		switch {
		case err == nil:
			old.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
			replaced = &old
			if _, err := tx.ExecContext(ctx, `UPDATE smelter_mappings SET replaced_at = ? WHERE mapping_key = ? AND replaced_at IS NULL`,
				m.CreatedAt.Format(time.RFC3339Nano), key); err != nil {
				return err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if err := s.fail("mapping"); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO smelter_mappings (mapping_key, name, metal, cid, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, key, m.Name, m.Metal, m.CID, note, m.CreatedAt.Format(time.RFC3339Nano))
		return err
	})
	if err != nil {
		return m, nil, fmt.Errorf("store: save mapping: %w", err)
	}
	return m, replaced, nil
}

// Mappings returns the reviewers' decisions in force, oldest first.
func (s *Store) Mappings(ctx context.Context) ([]smelters.Mapping, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, metal, cid, created_at FROM smelter_mappings
		WHERE replaced_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []smelters.Mapping
	for rows.Next() {
		var m smelters.Mapping
		var created string
		if err := rows.Scan(&m.Name, &m.Metal, &m.CID, &created); err != nil {
			return nil, err
		}
		m.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, m)
	}
	return out, rows.Err()
}
