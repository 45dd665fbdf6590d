package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/openminerals/cmrt/cmrt"
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

// View chooses the state of the lists to read: the zero View is every list
// loaded, with no date limit; AsOf the lists in force on a date (see
// smelters.InForce: lists whose list date, or load date when the list has
// none, is on or before it, and revisions dated on or before it);
// Snapshot the lists as they stood when that snapshot was loaded (it and
// the snapshots loaded before it).
type View struct {
	Snapshot int64
	AsOf     time.Time
}

// Current is the merged view of the lists in force.
type Current struct {
	// Day is the date the statuses hold for; zero for "every list loaded".
	Day        time.Time
	Facilities []smelters.Facility
	// InForce are the snapshots the view is made of: reference lists for
	// the metals they are the latest for, the latest of each status list,
	// and the revision histories.
	InForce []Snapshot

	indexOnce sync.Once // Lookup and StatusOf may run on several goroutines
	index     *smelters.Index
}

func (c *Current) idx() *smelters.Index {
	c.indexOnce.Do(func() { c.index = smelters.NewIndex(c.Facilities) })
	return c.index
}

// HasStatusLists reports whether any status list is in force; without one,
// every facility is not-participating.
func (c *Current) HasStatusLists() bool {
	for _, s := range c.InForce {
		if s.Kind.IsStatus() {
			return true
		}
	}
	return false
}

// Lookup returns the facility a CID names in the view (the one of the
// metal when it is listed under several), or nil.
func (c *Current) Lookup(cid, metal string) *smelters.Facility { return c.idx().Lookup(cid, metal) }

// StatusOf is a CID's status in the view (smelters.StatusUnknown when no
// list in force names it).
func (c *Current) StatusOf(cid, metal string) smelters.Status { return c.idx().StatusOf(cid, metal) }

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
	// Redated is true when the list was already loaded with another date:
	// the snapshot now has the new one.
	Redated bool `json:"redated,omitempty"`
}

// Refresh stores one list (see RefreshLists); an undated list is put in
// force whatever it changes, as before the safety check existed: callers
// that want the check use RefreshLists.
func (s *Store) Refresh(ctx context.Context, l *smelters.List) (*RefreshResult, error) {
	res, err := s.RefreshLists(ctx, []*smelters.List{l}, RefreshOptions{Confirm: true})
	if err != nil {
		return nil, err
	}
	return &res.Lists[0], nil
}

// RefreshOptions tune RefreshLists.
type RefreshOptions struct {
	// Confirm puts undated lists in force even when they would change the
	// status of more than MaxUndatedShare of the facilities in force (the
	// user said --yes, or answered the question).
	Confirm bool
}

// MaxUndatedShare is the share of the facilities in force whose status an
// undated list may change without confirmation: a 2023 compilation without
// a date, loaded after the 2026 lists, would otherwise silently replace
// them.
const MaxUndatedShare = 0.05

// ErrHeldBack is the error (inside a *HeldBackError) of a refresh that was
// not put in force.
var ErrHeldBack = errors.New("held back")

// HeldBackError says why undated lists were not put in force: how many of
// the facilities in force would change status, and how.
type HeldBackError struct {
	Sources    []string     `json:"sources"`
	Facilities int          `json:"facilities"` // in force before the refresh
	Changing   int          `json:"changing"`   // whose status would change
	Moves      []StatusMove `json:"moves"`      // most common first
}

// StatusMove counts facilities going from one status to another.
type StatusMove struct {
	From  smelters.Status `json:"from"`
	To    smelters.Status `json:"to"`
	Count int             `json:"count"`
}

func (e *HeldBackError) Error() string {
	var parts []string
	for _, m := range e.Moves {
		parts = append(parts, fmt.Sprintf("%d %s → %s", m.Count, m.From, m.To))
	}
	return fmt.Sprintf("%s has no date and would change the status of %d of the %d facilities in force (%s); not put in force: give its date with --date, or --yes to load it anyway",
		strings.Join(e.Sources, ", "), e.Changing, e.Facilities, strings.Join(parts, ", "))
}

// Unwrap makes errors.Is(err, ErrHeldBack) true.
func (e *HeldBackError) Unwrap() error { return ErrHeldBack }

// statusMoves compares the statuses of before's facilities with after's.
func statusMoves(before, after *Current) (changing int, moves []StatusMove) {
	count := map[[2]smelters.Status]int{}
	for i := range before.Facilities {
		f := &before.Facilities[i]
		from := f.EffectiveStatus()
		to := after.StatusOf(f.CID, f.Metal)
		if from != to {
			count[[2]smelters.Status{from, to}]++
			changing++
		}
	}
	for k, n := range count {
		moves = append(moves, StatusMove{From: k[0], To: k[1], Count: n})
	}
	sort.Slice(moves, func(i, j int) bool {
		if moves[i].Count != moves[j].Count {
			return moves[i].Count > moves[j].Count
		}
		if moves[i].From != moves[j].From {
			return moves[i].From < moves[j].From
		}
		return moves[i].To < moves[j].To
	})
	return changing, moves
}

// RefreshListsResult says what RefreshLists did.
type RefreshListsResult struct {
	Lists []RefreshResult `json:"lists"`
	// Rematch is the re-matching of the stored declared rows the refresh
	// made, in the same transaction.
	Rematch RematchResult `json:"rematch"`
}

// RefreshLists stores lists (typically the sheets of one file) as
// snapshots in one transaction, re-matches every stored declared row
// against the lists now in force, and returns what changed, list by list.
// A list already loaded (same SHA-256 and kind) is not stored twice; when
// it comes with another date than the one stored, it is re-dated. When
// undated lists would change the status of more than MaxUndatedShare of the
// facilities in force, nothing is written and the error is a
// *HeldBackError, unless opt.Confirm.
func (s *Store) RefreshLists(ctx context.Context, lists []*smelters.List, opt RefreshOptions) (*RefreshListsResult, error) {
	var names []string
	for _, l := range lists {
		if l.Kind == "" || l.SHA256 == "" {
			return nil, fmt.Errorf("store: refresh %s: list has no kind or checksum", l.Source)
		}
		names = append(names, l.Source)
	}
	var out *RefreshListsResult
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.refreshTx(ctx, tx, lists, opt)
		return err
	})
	if err != nil {
		var hb *HeldBackError
		if errors.As(err, &hb) {
			return nil, err
		}
		return nil, fmt.Errorf("store: refresh %s: %w", strings.Join(names, ", "), err)
	}
	return out, nil
}

// LearnLookup stores the Smelter Look-up of a template family and revision
// (see RefreshLists) and records where it came from, in one transaction.
// Learning is idempotent, also under concurrency: write transactions take
// the write lock when they begin (BEGIN IMMEDIATE), so a second import
// learning the same Look-up waits, then finds the first one's snapshot by
// SHA-256 and kind (unique in the schema) and stores nothing.
func (s *Store) LearnLookup(ctx context.Context, l *smelters.List, family, version string) (*RefreshResult, error) {
	var res *RefreshResult
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		out, err := s.refreshTx(ctx, tx, []*smelters.List{l}, RefreshOptions{Confirm: true})
		if err != nil {
			return err
		}
		res = &out.Lists[0]
		_, err = tx.ExecContext(ctx, `INSERT INTO template_lookups (family, version, snapshot_id) VALUES (?, ?, ?)
			ON CONFLICT (family, version) DO UPDATE SET snapshot_id = excluded.snapshot_id`, family, version, res.Snapshot.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: learn the %s %s Smelter Look-up: %w", family, version, err)
	}
	return res, nil
}

// refreshTx is RefreshLists inside a transaction.
func (s *Store) refreshTx(ctx context.Context, tx *sql.Tx, lists []*smelters.List, opt RefreshOptions) (*RefreshListsResult, error) {
	out := &RefreshListsResult{}
	first, err := s.view(ctx, tx, View{})
	if err != nil {
		return nil, err
	}
	before := first
	var undated []string
	for _, l := range lists {
		res := RefreshResult{Changes: []smelters.Change{}}
		prev, err := snapshotBySHA(ctx, tx, l.SHA256, l.Kind)
		switch {
		case err == nil:
			res.Snapshot, res.AlreadyLoaded = prev, true
			if l.ListDate.IsZero() || l.ListDate.Equal(prev.ListDate) {
				out.Lists = append(out.Lists, res)
				continue
			}
			if res.Snapshot, err = redate(ctx, tx, prev, l); err != nil {
				return nil, err
			}
			res.Redated = true
		case errors.Is(err, ErrNotFound):
			if res.Snapshot, err = s.insertList(ctx, tx, l); err != nil {
				return nil, err
			}
			if l.ListDate.IsZero() || l.DateSource == "" { // smelters leaves DateSource empty for an undated list
				undated = append(undated, l.Source)
			}
		default:
			return nil, err
		}
		after, err := s.view(ctx, tx, View{})
		if err != nil {
			return nil, err
		}
		for _, in := range after.InForce {
			res.InForce = res.InForce || in.ID == res.Snapshot.ID
		}
		res.Changes = smelters.Diff(before.Facilities, after.Facilities)
		out.Lists = append(out.Lists, res)
		before = after
	}
	if len(undated) > 0 && !opt.Confirm && len(first.Facilities) > 0 {
		changing, moves := statusMoves(first, before)
		if float64(changing) > MaxUndatedShare*float64(len(first.Facilities)) {
			return nil, &HeldBackError{Sources: undated, Facilities: len(first.Facilities), Changing: changing, Moves: moves}
		}
	}
	if out.Rematch, err = s.rematch(ctx, tx, first, before, rematchAffected); err != nil {
		return nil, err
	}
	return out, s.fail("refresh-end")
}

// redate gives an already loaded snapshot the date of l.
func redate(ctx context.Context, tx *sql.Tx, prev Snapshot, l *smelters.List) (Snapshot, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE smelter_snapshots SET list_date = ?, date_source = ?, effective_date = ? WHERE id = ?`,
		l.ListDate.UTC().Format(dateLayout), l.DateSource, l.ListDate.UTC().Format(dateLayout), prev.ID); err != nil {
		return prev, err
	}
	prev.ListDate, prev.DateSource, prev.Effective = l.ListDate, l.DateSource, l.ListDate
	return prev, nil
}

// DropResult says what dropping a snapshot did.
type DropResult struct {
	Snapshot Snapshot          `json:"snapshot"`
	Changes  []smelters.Change `json:"changes"`
	Rematch  RematchResult     `json:"rematch"`
}

// DropSnapshot deletes a snapshot (undoing the refresh that made it) and
// re-matches the stored declared rows against the lists then in force, in
// one transaction.
func (s *Store) DropSnapshot(ctx context.Context, id int64) (*DropResult, error) {
	res := &DropResult{}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		all, err := snapshots(ctx, tx)
		if err != nil {
			return err
		}
		found := false
		for _, sn := range all {
			if sn.ID == id {
				res.Snapshot, found = sn, true
			}
		}
		if !found {
			return fmt.Errorf("snapshot %d: %w", id, ErrNotFound)
		}
		before, err := s.view(ctx, tx, View{})
		if err != nil {
			return err
		}
		// Children go by ON DELETE CASCADE (facilities, their aliases,
		// revisions, metals, the template look-up it was learnt as).
		if _, err := tx.ExecContext(ctx, `DELETE FROM smelter_snapshots WHERE id = ?`, id); err != nil {
			return err
		}
		after, err := s.view(ctx, tx, View{})
		if err != nil {
			return err
		}
		res.Changes = smelters.Diff(before.Facilities, after.Facilities)
		if res.Rematch, err = s.rematch(ctx, tx, before, after, rematchAffected); err != nil {
			return err
		}
		return s.fail("drop-end")
	})
	if err != nil {
		return nil, fmt.Errorf("store: drop snapshot %d: %w", id, err)
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
			f.City, f.Street, f.IDSource, statusColumn(f.Status), f.StatusText, dateOrNil(f.LastAudit), f.AuditCycle,
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

// view loads the snapshots the View chooses and lets smelters decide what
// is in force and what each facility's status is (smelters.InForce,
// smelters.View): the rules live there, not in SQL.
func (s *Store) view(ctx context.Context, q queryer, v View) (*Current, error) {
	all, err := snapshots(ctx, q)
	if err != nil {
		return nil, err
	}
	cur := &Current{}
	var loaded []smelters.LoadedList
	byID := map[int64]Snapshot{}
	switch {
	case v.Snapshot != 0:
		found := false
		for _, sn := range all {
			found = found || sn.ID == v.Snapshot
		}
		if !found {
			return nil, fmt.Errorf("snapshot %d: %w", v.Snapshot, ErrNotFound)
		}
	case !v.AsOf.IsZero():
		y, m, d := v.AsOf.Date()
		cur.Day = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	for _, sn := range all {
		if v.Snapshot != 0 && sn.ID > v.Snapshot {
			continue // loaded after it
		}
		byID[sn.ID] = sn
		loaded = append(loaded, loadedList(sn))
	}
	inForce := smelters.InForce(loaded, cur.Day)
	for i := range inForce {
		l := &inForce[i]
		cur.InForce = append(cur.InForce, byID[l.ID])
		if l.Kind == smelters.KindRevisions {
			if l.Revisions, err = revisionsOf(ctx, q, l.ID); err != nil {
				return nil, err
			}
			continue
		}
		if l.Facilities, err = facilitiesOf(ctx, q, l.ID); err != nil {
			return nil, err
		}
	}
	cur.Facilities = smelters.View(inForce, cur.Day)
	return cur, nil
}

// loadedList is a snapshot as smelters' rules see it (without its rows).
func loadedList(sn Snapshot) smelters.LoadedList {
	return smelters.LoadedList{ID: sn.ID, Kind: sn.Kind, Effective: sn.Effective, Metals: sn.Metals(), Undated: sn.ListDate.IsZero()}
}

// revisionsOf loads one revisions snapshot's rows, in file order.
func revisionsOf(ctx context.Context, q queryer, snapshotID int64) ([]smelters.Revision, error) {
	rows, err := q.QueryContext(ctx, `SELECT metal, cid, name, country, basis, details, revision_date, added_date, source_row
		FROM smelter_revisions WHERE snapshot_id = ? ORDER BY id`, snapshotID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []smelters.Revision
	for rows.Next() {
		var r smelters.Revision
		var rd, ad sql.NullString
		if err := rows.Scan(&r.Metal, &r.CID, &r.Name, &r.Country, &r.Basis, &r.Details, &rd, &ad, &r.Row); err != nil {
			return nil, err
		}
		r.RevisionDate, r.AddedDate = parseDate(rd), parseDate(ad)
		out = append(out, r)
	}
	return out, rows.Err()
}

// storedStatus reads a list row's status column: schema 0001 spelt the
// statuses "other" and "not listed", which are non-conformant and no
// status in today's set.
func storedStatus(col string) smelters.Status {
	switch col {
	case "other":
		return smelters.StatusNonConformant
	case "not listed", "":
		return ""
	}
	return smelters.Status(col)
}

// statusColumn is the status a list row stores: only a status a list gives
// (conformant, active, non-conformant); removed, not-participating and
// unknown are decided over all the lists, never stored.
func statusColumn(st smelters.Status) string {
	if st.Listed() {
		return string(st)
	}
	return ""
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
		f.Status = storedStatus(status)
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

// MappingResult says what recording or withdrawing a decision did.
type MappingResult struct {
	Mapping  smelters.Mapping  `json:"mapping"`
	Replaced *smelters.Mapping `json:"replaced,omitempty"` // the decision it replaced or withdrew
	Rematch  RematchResult     `json:"rematch"`
}

// Map records a reviewer's decision and re-matches the stored declared
// rows, in one transaction. A decision for the same name (by
// smelters.MappingKey) and metal replaces the earlier one, which stays in
// the history.
func (s *Store) Map(ctx context.Context, m smelters.Mapping, note string) (*MappingResult, error) {
	cid, kind := smelters.NormalizeCID(m.CID)
	if kind == smelters.CIDNone || strings.TrimSpace(m.Name) == "" || strings.TrimSpace(m.Metal) == "" {
		return nil, fmt.Errorf("store: mapping needs a name, a metal and a CID")
	}
	m.Name = strings.TrimSpace(m.Name)
	m.CID, m.Metal = cid, smelters.NormalizeMetal(m.Metal)
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.Now().UTC()
	}
	key := smelters.MappingKey(m.Name, m.Metal)
	res := &MappingResult{Mapping: m}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		if res.Replaced, err = withdrawMapping(ctx, tx, key, m.CreatedAt); err != nil {
			return err
		}
		if err := s.fail("mapping"); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO smelter_mappings (mapping_key, name, metal, cid, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, key, m.Name, m.Metal, m.CID, note, m.CreatedAt.Format(time.RFC3339Nano)); err != nil {
			return err
		}
		res.Rematch, err = s.rematchMapping(ctx, tx, key)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: save mapping: %w", err)
	}
	return res, nil
}

// Unmap withdraws the reviewer's decision in force for a declared name and
// metal (kept in the history) and re-matches the stored declared rows, in
// one transaction. ErrNotFound when there is none.
func (s *Store) Unmap(ctx context.Context, name, metal string) (*MappingResult, error) {
	metal = smelters.NormalizeMetal(metal)
	key := smelters.MappingKey(strings.TrimSpace(name), metal)
	res := &MappingResult{Mapping: smelters.Mapping{Name: strings.TrimSpace(name), Metal: metal}}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		if res.Replaced, err = withdrawMapping(ctx, tx, key, s.Now().UTC()); err != nil {
			return err
		}
		if res.Replaced == nil {
			return fmt.Errorf("no decision for %q (%s): %w", name, metal, ErrNotFound)
		}
		res.Rematch, err = s.rematchMapping(ctx, tx, key)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: unmap: %w", err)
	}
	return res, nil
}

// withdrawMapping marks the decision in force under key as replaced at t
// and returns it (nil when there is none).
func withdrawMapping(ctx context.Context, tx *sql.Tx, key string, t time.Time) (*smelters.Mapping, error) {
	var old smelters.Mapping
	var created string
	err := tx.QueryRowContext(ctx, `SELECT name, metal, cid, created_at FROM smelter_mappings
		WHERE mapping_key = ? AND replaced_at IS NULL`, key).Scan(&old.Name, &old.Metal, &old.CID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	old.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	_, err = tx.ExecContext(ctx, `UPDATE smelter_mappings SET replaced_at = ? WHERE mapping_key = ? AND replaced_at IS NULL`,
		t.Format(time.RFC3339Nano), key)
	return &old, err
}

// Mappings returns the reviewers' decisions in force, oldest first.
func (s *Store) Mappings(ctx context.Context) ([]smelters.Mapping, error) { return mappings(ctx, s.db) }

func mappings(ctx context.Context, q queryer) ([]smelters.Mapping, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, metal, cid, created_at FROM smelter_mappings
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

// RematchResult says what re-matching the stored declared rows did.
type RematchResult struct {
	Rows int `json:"rows"` // stored declared rows looked at
	// MatchChanged are rows whose match changed (outcome, facility, score
	// or reason); StatusChanged, rows whose RMAP status changed (their
	// facility's status, or the facility itself).
	MatchChanged  int `json:"match_changed"`
	StatusChanged int `json:"status_changed"`
}

// Rematch re-matches every stored declared row against the lists in force
// and the reviewers' decisions, in one transaction.
func (s *Store) Rematch(ctx context.Context) (RematchResult, error) {
	var res RematchResult
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = s.rematchNow(ctx, tx)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("store: rematch: %w", err)
	}
	return res, nil
}

func (s *Store) rematchNow(ctx context.Context, tx *sql.Tx) (RematchResult, error) {
	cur, err := s.view(ctx, tx, View{})
	if err != nil {
		return RematchResult{}, err
	}
	return s.rematch(ctx, tx, cur, cur, rematchAll)
}

// rematchMapping re-matches the rows a reviewer's decision under key
// affects: those declaring that name (typed, else chosen from the
// look-up) for that metal.
func (s *Store) rematchMapping(ctx context.Context, tx *sql.Tx, key string) (RematchResult, error) {
	cur, err := s.view(ctx, tx, View{})
	if err != nil {
		return RematchResult{}, err
	}
	return s.rematch(ctx, tx, cur, cur, func(k rowKey) bool {
		name := k.name
		if name == "" {
			name = k.lookup
		}
		return smelters.MappingKey(name, k.metal) == key
	})
}

// Which rows a re-match looks at.
var (
	rematchAll = func(rowKey) bool { return true }
	// rematchAffected is every row, except when the change touched
	// statuses only (see matchInputsEqual): then no match can change.
	rematchAffected func(rowKey) bool
)

// matchInputsEqual reports whether two views give the matcher the same
// input (CIDs, metals, names, aliases, countries): when a refresh changed
// only statuses, the stored matches stand and only their statuses move.
func matchInputsEqual(a, b []smelters.Facility) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.CID != y.CID || x.Metal != y.Metal || x.Name != y.Name || x.Country != y.Country || !slices.Equal(x.Aliases, y.Aliases) {
			return false
		}
	}
	return true
}

// statusOnlyRematch counts the rows whose status moved between two views
// that match alike, without matching anything.
func statusOnlyRematch(ctx context.Context, tx *sql.Tx, before, after *Current) (RematchResult, error) {
	var res RematchResult
	rows, err := tx.QueryContext(ctx, `SELECT match_status, match_cid, metal, COUNT(*) FROM declared_smelters
		GROUP BY match_status, match_cid, metal`)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	for rows.Next() {
		var st, cid, metal string
		var n int
		if err := rows.Scan(&st, &cid, &metal, &n); err != nil {
			return res, err
		}
		res.Rows += n
		if rowStatus(before, st, cid, metal) != rowStatus(after, st, cid, metal) {
			res.StatusChanged += n
		}
	}
	return res, rows.Err()
}

// storedRow is a declared smelter row as re-matching needs it.
type storedRow struct {
	id                                int64
	metal, name, lookup, country, cid string
	status, matchCID, reason, detail  string
	score                             float64
}

// rowKey is what a match depends on: rows declaring the same smelter the
// same way are matched once.
type rowKey struct{ metal, name, lookup, country, cid string }

// rowStatus is a declared row's RMAP status in a view: its facility's
// status when matched, unknown when it matched nothing, none while it
// awaits review.
func rowStatus(cur *Current, matchStatus, matchCID, metal string) smelters.Status {
	switch smelters.MatchStatus(matchStatus) {
	case smelters.Matched:
		return cur.StatusOf(matchCID, metal)
	case smelters.NoMatch:
		return smelters.StatusUnknown
	}
	return ""
}

// rematch matches every stored declared row against after (and the
// reviewers' decisions), updates the rows whose match changed, and counts
// the rows whose RMAP status differs from what before gave them. The
// declared CID (column cid) is never touched.
func (s *Store) rematch(ctx context.Context, tx *sql.Tx, before, after *Current, only func(rowKey) bool) (RematchResult, error) {
	var res RematchResult
	if only == nil { // rematchAffected
		if matchInputsEqual(before.Facilities, after.Facilities) {
			return statusOnlyRematch(ctx, tx, before, after)
		}
		only = rematchAll
	}
	maps, err := mappings(ctx, tx)
	if err != nil {
		return res, err
	}
	// Each distinct way of declaring a smelter is matched once, by
	// workers that start as soon as reading the rows finds it, and a row is
	// written as soon as its match is ready: reading, matching (all cores)
	// and writing overlap.
	m := smelters.NewMatcher(after.Facilities, maps)
	type matched struct {
		k      rowKey
		r      smelters.Result
		detail string
		status smelters.Status
		err    error
		done   chan struct{} // closed when the fields above are set
	}
	jobs := make(chan *matched, 4096)
	var wg sync.WaitGroup
	defer wg.Wait()
	closeJobs := sync.OnceFunc(func() { close(jobs) })
	defer closeJobs()
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.r = smelters.MatchRow(m, cmrt.SmelterRow{Metal: j.k.metal, LookupName: j.k.lookup, Name: j.k.name, Country: j.k.country, CID: j.k.cid})
				if j.r.Status == "" {
					j.r.Status = smelters.NoMatch
				}
				b, err := json.Marshal(matchDetail{Candidates: j.r.Candidates, Disagreements: j.r.Disagreements, Notes: j.r.Notes, Stage: j.r.Stage})
				j.detail, j.err = string(b), err
				j.status = rowStatus(after, string(j.r.Status), j.r.CID, j.k.metal)
				close(j.done)
			}
		}()
	}
	var stored []storedRow
	var results []*matched // per stored row
	byKey := map[rowKey]*matched{}
	err = func() error {
		defer closeJobs()
		rows, err := tx.QueryContext(ctx, `SELECT id, metal, name, lookup_name, country, cid, match_status, match_cid,
			match_score, match_reason, match_detail FROM declared_smelters ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r storedRow
			if err := rows.Scan(&r.id, &r.metal, &r.name, &r.lookup, &r.country, &r.cid, &r.status, &r.matchCID,
				&r.score, &r.reason, &r.detail); err != nil {
				return err
			}
			k := rowKey{r.metal, r.name, r.lookup, r.country, r.cid}
			res.Rows++
			if !only(k) {
				continue
			}
			j := byKey[k]
			if j == nil {
				j = &matched{k: k, done: make(chan struct{})}
				byKey[k] = j
				jobs <- j
			}
			stored = append(stored, r)
			results = append(results, j)
		}
		return rows.Err()
	}()
	if err != nil {
		return res, err
	}
	oldStatus := map[[3]string]smelters.Status{} // before's status per (outcome, CID, metal)
	type change struct {
		id int64
		nw *matched
	}
	var changes []change
	for i, r := range stored {
		nw := results[i]
		<-nw.done
		if nw.err != nil {
			return res, nw.err
		}
		ok := [3]string{r.status, r.matchCID, r.metal}
		was, seen := oldStatus[ok]
		if !seen {
			was = rowStatus(before, r.status, r.matchCID, r.metal)
			oldStatus[ok] = was
		}
		if was != nw.status {
			res.StatusChanged++
		}
		if string(nw.r.Status) == r.status && nw.r.CID == r.matchCID && nw.r.Score == r.score &&
			nw.r.Reason == r.reason && nw.detail == r.detail {
			continue
		}
		changes = append(changes, change{r.id, nw})
	}
	res.MatchChanged = len(changes)
	if len(changes) == 0 {
		return res, s.fail("rematch")
	}
	rebuild, err := dropMatchIndexes(ctx, tx, len(changes))
	if err != nil {
		return res, err
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE declared_smelters SET match_status = ?, match_cid = ?, match_score = ?,
		match_reason = ?, match_detail = ? WHERE id = ?`)
	if err != nil {
		return res, err
	}
	defer upd.Close()
	for _, c := range changes {
		nw := c.nw
		if _, err := upd.ExecContext(ctx, string(nw.r.Status), nw.r.CID, nw.r.Score, nw.r.Reason, nw.detail, c.id); err != nil {
			return res, err
		}
	}
	if err := rebuild(); err != nil {
		return res, err
	}
	return res, s.fail("rematch")
}

// bulkRematchRows is how many changed rows make re-building the indexes
// over the match columns cheaper than updating them row by row: an
// index entry moved per row is a random seek, a re-build one sort.
var bulkRematchRows = 10_000

// dropMatchIndexes drops the indexes over declared_smelters' match columns
// when n rows are about to change (at least bulkRematchRows), and returns
// what re-creates them from their stored definitions; in the caller's
// transaction, so nobody sees the table without them.
func dropMatchIndexes(ctx context.Context, tx *sql.Tx, n int) (rebuild func() error, err error) {
	if n < bulkRematchRows {
		return func() error { return nil }, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'declared_smelters'
		AND sql IS NOT NULL AND sql LIKE '%match\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", name, err)
		}
	}
	return func() error {
		for i, def := range defs {
			if _, err := tx.ExecContext(ctx, def); err != nil {
				return fmt.Errorf("re-create index %s: %w", names[i], err)
			}
		}
		return nil
	}, nil
}

// LoadedLists returns every loaded list with its rows, for callers that
// ask smelters' rules about many dates at once (smelters.InForce, View,
// StatusOn); for one date, Current with View{AsOf} loads only what is in
// force.
func (s *Store) LoadedLists(ctx context.Context) ([]smelters.LoadedList, error) {
	all, err := snapshots(ctx, s.db)
	if err != nil {
		return nil, err
	}
	out := make([]smelters.LoadedList, 0, len(all))
	for _, sn := range all {
		l := loadedList(sn)
		if sn.Kind == smelters.KindRevisions {
			l.Revisions, err = revisionsOf(ctx, s.db, sn.ID)
		} else {
			l.Facilities, err = facilitiesOf(ctx, s.db, sn.ID)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}
