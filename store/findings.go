package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/openminerals/cmrt/risk"
)

// FindingsRun is one computation of a period's findings.
type FindingsRun struct {
	ID         int64          `json:"id"`
	Period     int            `json:"period"`
	AsOf       string         `json:"as_of"`
	ComputedAt string         `json:"computed_at"`
	Rules      string         `json:"rules"` // rule set name@digest
	Data       []risk.DataSet `json:"data_editions"`
	Found      int            `json:"found"`    // findings the rules produced
	Opened     int            `json:"opened"`   // new this run
	Gone       int            `json:"gone"`     // no longer found
	Reopened   int            `json:"reopened"` // gone before, found again
	// Cached is true when nothing the findings depend on changed since the
	// last run: the stored findings stand and nothing was recomputed.
	Cached bool `json:"cached"`
	// current is the run's findings as stored (IDs, statuses), in memory,
	// with when each was first found: RunFindings lists them without
	// reading back what was just written.
	current []*risk.Finding // into the computed parts, not copies
	created []string
}

// systemActor is who the recomputation's history events are by.
const systemActor = "cmrt"

// ComputeFindings brings a period's stored findings up to date: when an
// input changed since the last run (declarations, suppliers, matches,
// smelter lists, register, reference data, rule set, as-of date, or the
// rules' code) it reads the season, runs the rules and stores the result
// (SaveFindings); otherwise it returns the last run, marked Cached. force
// recomputes regardless.
func (s *Store) ComputeFindings(ctx context.Context, period int, asOf time.Time, cfg *risk.Config, force bool) (*FindingsRun, error) {
	return s.ComputeFindingsThen(ctx, period, asOf, cfg, force, nil)
}

// ComputeFindingsThen is ComputeFindings that calls then with the run
// once, for the caller to prepare its listing (RunFindings) while the
// findings are being written: then runs alongside the write when the
// listing cannot differ from what it would be after the commit (the run
// adds no history: nothing gone, nothing back), else after the commit.
// then has returned when ComputeFindingsThen returns; on an error, what
// it prepared must not be shown.
func (s *Store) ComputeFindingsThen(ctx context.Context, period int, asOf time.Time, cfg *risk.Config, force bool,
	then func(*FindingsRun)) (*FindingsRun, error) {
	ref, err := s.ReferenceData(ctx)
	if err != nil {
		return nil, err
	}
	y, m, d := asOf.Date()
	asOf = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	// The fingerprint of the last run's inputs says whether to compute at
	// all; the one stored with a computation is taken in its transaction,
	// with the declared rows' digest the season read gave.
	var rows rowsDigest
	fingerprint := func(q queryer) (string, error) { return s.fingerprint(ctx, q, period, asOf, cfg, &rows) }
	if !force {
		run, err := s.lastRun(ctx, period)
		if err != nil {
			return nil, err
		}
		if run != nil {
			fp, err := s.fingerprint(ctx, s.db, period, asOf, cfg, nil)
			if err != nil {
				return nil, fmt.Errorf("store: findings %d: %w", period, err)
			}
			if run.fingerprint == fp {
				run.Cached = true
				if then != nil {
					then(&run.FindingsRun)
				}
				return &run.FindingsRun, nil
			}
		}
	}
	compute := func(q queryer, emit func([]risk.Finding)) error {
		season, err := s.season(ctx, q, period, asOf, true, &rows)
		if err != nil {
			return fmt.Errorf("season %d: %w", period, err)
		}
		risk.EvaluateParts(season, ref, cfg, emit)
		return nil
	}
	return s.saveFindings(ctx, period, asOf, cfg.Edition(), fingerprint, ref.Editions(), compute, then)
}

// engineDigest changes when the rules' code changes what they say (the
// rule table); recompute after an upgrade.
var engineDigest = func() string {
	h := sha256.Sum256([]byte(risk.RuleTable(nil)))
	return hex.EncodeToString(h[:8])
}()

// fingerprint sums up everything the period's findings are computed from:
// counts and sums that change when a declaration is added, superseded or
// merged, the declared rows' digest (a row added, removed or re-matched),
// the suppliers' names (a rename changes findings), the smelter lists,
// register and reference data, the as-of date, the rule set and the rules'
// code. rows is the digest when the caller read the rows (the season),
// nil to read them here.
func (s *Store) fingerprint(ctx context.Context, q queryer, period int, asOf time.Time, cfg *risk.Config, rows *rowsDigest) (string, error) {
	if rows == nil {
		rows = &rowsDigest{}
		var (
			declID, row any
			cid, status string
		)
		err := eachRow(ctx, q, `SELECT x.declaration_id, x.row, x.match_cid, x.match_status FROM declared_smelters x
			JOIN declarations d ON d.id = x.declaration_id WHERE d.period = ? AND d.superseded_by IS NULL`, period, func(r *sql.Rows) error {
			if err := r.Scan(&declID, &row, &cid, &status); err != nil {
				return err
			}
			id, ok1 := declID.(int64)
			n, ok2 := row.(int64)
			if !ok1 || !ok2 {
				return fmt.Errorf("declared smelter row: declaration %v, row %v: not integers", declID, row)
			}
			rows.add(id, n, cid, status)
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	var parts [6]string
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || COALESCE(SUM(COALESCE(superseded_by, 0)), 0) || ':' || COALESCE(SUM(supplier_id), 0)
			FROM declarations WHERE period = ?),
		(SELECT COALESCE(group_concat(id || '=' || name || '>' || COALESCE(merged_into, ''), '|'), '') FROM suppliers),
		'',
		(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM smelter_snapshots),
		(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || COALESCE(SUM(period), 0) FROM register_entries),
		(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM reference_data)`, period).Scan(
		&parts[0], &parts[1], &parts[2], &parts[3], &parts[4], &parts[5])
	if err != nil {
		return "", err
	}
	names := sha256.Sum256([]byte(parts[1]))
	parts[1] = hex.EncodeToString(names[:8])
	parts[2] = rows.String()
	return strings.Join(append(parts[:], asOf.Format(dateLayout), cfg.Edition(), engineDigest), "|"), nil
}

// rowsDigest sums up a period's current declared rows as the findings
// see them: how many, and an order-free sum of a hash of each row's
// declaration, row number, matched CID and match status, which changes
// when a row is added, removed or re-matched. The season read takes it
// while it reads the rows (in halves, summed), so that a first run reads
// them once.
type rowsDigest struct {
	n   int64
	sum uint64
}

func (d *rowsDigest) add(declarationID, row int64, matchCID, matchStatus string) {
	h := uint64(14695981039346656037) // FNV-1a
	mix := func(b byte) { h = (h ^ uint64(b)) * 1099511628211 }
	for _, v := range [2]int64{declarationID, row} {
		for i := range 8 {
			mix(byte(v >> (8 * i)))
		}
	}
	for _, s := range [2]string{matchCID, matchStatus} {
		for i := range len(s) {
			mix(s[i])
		}
		mix(0xff) // not a byte of UTF-8 text: "AB"+"C" and "A"+"BC" differ
	}
	d.n++
	d.sum += h
}

func (d *rowsDigest) plus(o rowsDigest) { d.n, d.sum = d.n+o.n, d.sum+o.sum }

func (d *rowsDigest) String() string { return fmt.Sprintf("%d:%016x", d.n, d.sum) }

type lastRun struct {
	FindingsRun
	fingerprint string
}

func (s *Store) lastRun(ctx context.Context, period int) (*lastRun, error) {
	var r lastRun
	var data string
	err := s.db.QueryRowContext(ctx, `SELECT id, period, as_of, computed_at, rules, data_editions, fingerprint, found, opened, gone, reopened
		FROM finding_runs WHERE period = ? ORDER BY id DESC LIMIT 1`, period).Scan(&r.ID, &r.Period, &r.AsOf, &r.ComputedAt, &r.Rules,
		&data, &r.fingerprint, &r.Found, &r.Opened, &r.Gone, &r.Reopened)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), &r.Data); err != nil {
		return nil, fmt.Errorf("store: findings run %d: %w", r.ID, err)
	}
	return &r, nil
}

// storedFinding is a finding as its set holds it.
type storedFinding struct {
	risk.Finding             // the content, ID, key and status (no rule text, no history)
	firstRun, lastRun int64  // the run that found it, the one that last changed it
	raw               string // its array as stored
	at                int    // where raw begins in its set's JSON
}

// setEntry is what a recomputation or a decision needs of a stored
// finding (decodeSet's light reading).
type setEntry struct {
	id, firstRun, lastRun int64
	key                   string
	status                risk.Status
	raw                   string
	at                    int
}

// storedSet is one row of finding_sets: a supplier's findings in a period.
type storedSet struct {
	rowID, supplierID int64
	period            int
	body              string
	entries           []setEntry
}

// loadSets reads the finding sets that where (a condition on
// finding_sets) selects, each finding as a setEntry.
func loadSets(ctx context.Context, q queryer, where string, args ...any) ([]storedSet, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, period, supplier_id, found, findings FROM finding_sets WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storedSet
	for rows.Next() {
		var set storedSet
		var found int
		if err := rows.Scan(&set.rowID, &set.period, &set.supplierID, &found, &set.body); err != nil {
			return nil, err
		}
		set.entries = make([]setEntry, 0, min(max(found, 0), len(set.body)/32)) // an array takes 40 bytes or more
		err := decodeSet(set.body, true, func(f *storedFinding) error {
			set.entries = append(set.entries, setEntry{id: f.ID, firstRun: f.firstRun, lastRun: f.lastRun, key: f.Key, status: f.Status, raw: f.raw, at: f.at})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("finding_sets row %d: %w", set.rowID, err)
		}
		out = append(out, set)
	}
	return out, rows.Err()
}

// setWriter builds the sets a run stores, each a supplier's findings
// (new and carried over, in the order the rules give them, then those no
// longer found), and writes those that changed. A set is built only from
// its first difference with the stored one: a recomputation that changes
// nothing copies nothing. A new set is written as soon as a part of the
// findings comes without it (flush), while the rules run on the next; if
// a later part adds to it after all, the last write brings it up to date.
type setWriter struct {
	ctx      context.Context
	tx       *sql.Tx
	period   int
	stored   map[int64]*storedSet // by supplier ID
	sets     map[int64]*setBody
	built    int // bytes in the sets' buffers
	ins, upd *sql.Stmt
}

type setBody struct {
	stored       *storedSet // nil: a new set
	same         bool       // so far the stored set's findings, in order: buf is empty
	buf          []byte
	found        int
	minID, maxID int64
	part         int   // the last part that added to it
	rowID        int64 // a new set written by flush
	written      int   // how much of buf flush wrote
}

func newSetWriter(ctx context.Context, tx *sql.Tx, period int, stored []storedSet) *setWriter {
	w := &setWriter{ctx: ctx, tx: tx, period: period,
		stored: make(map[int64]*storedSet, len(stored)), sets: make(map[int64]*setBody, len(stored))}
	for i := range stored {
		w.stored[stored[i].supplierID] = &stored[i]
	}
	return w
}

func (w *setWriter) close() {
	for _, st := range []*sql.Stmt{w.ins, w.upd} {
		if st != nil {
			st.Close()
		}
	}
}

// add appends a finding of part to its supplier's set: e as stored
// (unchanged), or f encoded when e is nil.
func (w *setWriter) add(part int, supplierID, id int64, e *setEntry, f *storedFinding) {
	set := w.sets[supplierID]
	if set == nil {
		set = &setBody{stored: w.stored[supplierID], minID: id, maxID: id}
		set.same = set.stored != nil
		if !set.same { // sized as the sets so far, which most often fits: growing copies
			set.buf = make([]byte, 0, 1024+w.built/max(1, len(w.sets))*3/2)
		}
		w.sets[supplierID] = set
	}
	set.minID, set.maxID, set.part = min(set.minID, id), max(set.maxID, id), part
	if set.same {
		if old := set.stored.entries; e != nil && set.found < len(old) && &old[set.found] == e {
			set.found++
			return
		}
		set.materialize()
	}
	if len(set.buf) == 0 {
		set.buf = append(set.buf, '[')
	}
	if set.found > 0 {
		set.buf = append(set.buf, ',')
	}
	n := len(set.buf)
	if e != nil {
		set.buf = append(set.buf, e.raw...)
	} else {
		set.buf = appendStoredFinding(set.buf, f)
	}
	w.built += len(set.buf) - n
	set.found++
}

// materialize copies the stored findings the set holds so far into buf.
func (set *setBody) materialize() {
	set.same = false
	set.buf = append(make([]byte, 0, len(set.stored.body)+256), '[')
	if set.found > 0 {
		last := &set.stored.entries[set.found-1]
		set.buf = append(set.buf, set.stored.body[1:last.at+len(last.raw)]...)
	}
}

// sortedIDs are the suppliers of the sets that keep says to, in order.
func (w *setWriter) sortedIDs(keep func(*setBody) bool) []int64 {
	var ids []int64
	for id, set := range w.sets {
		if keep(set) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// flush writes the new sets that no part from part on added to.
func (w *setWriter) flush(part int) error {
	for _, id := range w.sortedIDs(func(set *setBody) bool { return set.stored == nil && set.rowID == 0 && set.part < part }) {
		set := w.sets[id]
		if err := w.insert(id, set); err != nil {
			return err
		}
		set.written = len(set.buf)
	}
	return nil
}

// write stores the sets whose JSON differs from what was stored.
func (w *setWriter) write() error {
	for _, id := range w.sortedIDs(func(*setBody) bool { return true }) {
		set := w.sets[id]
		var err error
		switch {
		case set.rowID != 0 && set.written == len(set.buf), set.same && set.found == len(set.stored.entries):
			continue // as written, or as stored
		case set.rowID != 0:
			err = w.update(id, set, set.rowID)
		case set.stored == nil:
			err = w.insert(id, set)
		default:
			if set.same { // fewer findings than stored (never: each stored one is added)
				set.materialize()
			}
			if set.stored.body != string(set.buf)+"]" {
				err = w.update(id, set, set.stored.rowID)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *setWriter) insert(supplierID int64, set *setBody) error {
	var err error
	if w.ins == nil {
		if w.ins, err = w.tx.PrepareContext(w.ctx, `INSERT INTO finding_sets (period, supplier_id, found, min_id, max_id, findings)
			VALUES (?, ?, ?, ?, ?, ?)`); err != nil {
			return err
		}
	}
	r, err := w.ins.ExecContext(w.ctx, w.period, supplierID, set.found, set.minID, set.maxID, set.body())
	if err != nil {
		return fmt.Errorf("findings of supplier %d: %w", supplierID, err)
	}
	set.rowID, err = r.LastInsertId()
	return err
}

func (w *setWriter) update(supplierID int64, set *setBody, rowID int64) error {
	var err error
	if w.upd == nil {
		if w.upd, err = w.tx.PrepareContext(w.ctx, `UPDATE finding_sets SET found = ?, min_id = ?, max_id = ?, findings = ? WHERE id = ?`); err != nil {
			return err
		}
	}
	if _, err := w.upd.ExecContext(w.ctx, set.found, set.minID, set.maxID, set.body(), rowID); err != nil {
		return fmt.Errorf("findings of supplier %d: %w", supplierID, err)
	}
	return nil
}

// body is the set's JSON, as TEXT: SQLite's JSON functions read a BLOB as
// JSONB.
func (set *setBody) body() string { return string(set.buf) + "]" }

// SaveFindings stores one computation of a period's findings in one
// transaction. A finding with the key of a stored one keeps its ID,
// status and history (its content is refreshed); a stored finding the
// computation no longer produces becomes gone, with why; a gone one found
// again returns to the status it had; new ones open.
func (s *Store) SaveFindings(ctx context.Context, period int, asOf time.Time, rules string, data []risk.DataSet, fs []risk.Finding) (*FindingsRun, error) {
	// A copy: the run's findings are made from them in place.
	fs = slices.Clone(fs)
	return s.saveFindings(ctx, period, asOf, rules, nil, data, func(_ queryer, emit func([]risk.Finding)) error { emit(fs); return nil }, nil)
}

// saveFindings stores the findings compute returns. compute reads the
// season while the transaction, which already holds the write lock (so
// nothing can change what it reads), loads the stored findings: on
// another connection at the same time, or in the transaction when the
// store has only one (an in-memory database). The inputs' fingerprint is
// taken once compute is done (nil: none, a run stored by SaveFindings).
func (s *Store) saveFindings(ctx context.Context, period int, asOf time.Time, rules string, fingerprint func(queryer) (string, error),
	data []risk.DataSet, compute func(q queryer, emit func([]risk.Finding)) error, then func(*FindingsRun)) (*FindingsRun, error) {
	now := s.Now().UTC().Format(time.RFC3339)
	run := &FindingsRun{Period: period, AsOf: asOf.Format(dateLayout), ComputedAt: now, Rules: rules, Data: data}
	dataJSON, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	var thenDone chan struct{} // then runs while the findings are written
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		// The findings come in parts (risk.EvaluateParts), each taken in
		// while the rules still run on the next.
		var parts chan []risk.Finding
		var computed chan error
		if s.db.Stats().MaxOpenConnections != 1 {
			parts, computed = make(chan []risk.Finding, 64), make(chan error, 1)
			go func() {
				err := compute(s.db, func(p []risk.Finding) { parts <- p })
				close(parts)
				computed <- err
			}()
			// Never leave it reading after an early return.
			defer func() {
				if computed != nil {
					for range parts {
					}
					<-computed
				}
			}()
		}
		r, err := tx.ExecContext(ctx, `INSERT INTO finding_runs (period, as_of, computed_at, rules, data_editions, fingerprint, found, opened, gone, reopened)
			VALUES (?, ?, ?, ?, ?, '', 0, 0, 0, 0)`, period, run.AsOf, now, rules, string(dataJSON))
		if err != nil {
			return err
		}
		run.ID, _ = r.LastInsertId()
		stored, err := loadSets(ctx, tx, `period = ?`, period)
		if err != nil {
			return err
		}
		firstFound, err := runTimes(ctx, tx, period)
		if err != nil {
			return err
		}
		n := 0
		for i := range stored {
			n += len(stored[i].entries)
		}
		type storedAt struct {
			*setEntry
			supplierID int64
		}
		existing := make(map[string]storedAt, n)
		for i := range stored {
			for j := range stored[i].entries {
				e := &stored[i].entries[j]
				if other, dup := existing[e.key]; dup { // the schema cannot say so: the sets are JSON
					return fmt.Errorf("findings %d and %d share the key %q", other.id, e.id, e.key)
				}
				existing[e.key] = storedAt{e, stored[i].supplierID}
			}
		}
		ev, err := tx.PrepareContext(ctx, `INSERT INTO finding_events (finding_id, period, at, by, from_status, to_status, note, run_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ev.Close()
		// New findings get IDs from here on: an ID is never given twice,
		// even one whose finding's set was since rewritten.
		var lastID int64
		if err := tx.QueryRowContext(ctx, `SELECT MAX((SELECT COALESCE(MAX(max_id), 0) FROM finding_sets),
			(SELECT COALESCE(MAX(finding_id), 0) FROM finding_events))`).Scan(&lastID); err != nil {
			return err
		}
		// What becomes of each finding, part by part as they come, each
		// put in its supplier's set while the rules run on the next part.
		type reopened struct {
			id   int64
			from risk.Status
		}
		var (
			sets    = newSetWriter(ctx, tx, period, stored)
			back    []reopened
			found   = make(map[string]int, n) // key → 1 + the part it came in
			current = make([]*risk.Finding, 0, n)
			created = make([]string, 0, n)
			part    int
			elem    []byte
		)
		consume := func(fs []risk.Finding) error {
			part++
			for i := range fs {
				f := &fs[i]
				run.Found++
				if p := found[f.Key]; p != 0 {
					if p != part { // Evaluate drops a key a later part repeats
						run.Found--
					}
					continue
				}
				found[f.Key] = part
				f.Period, f.History = period, nil
				sf := storedFinding{Finding: *f, firstRun: run.ID, lastRun: run.ID}
				old, ok := existing[f.Key]
				switch {
				case !ok:
					lastID++
					sf.ID, sf.Status = lastID, risk.StatusOpen
					run.Opened++
					sets.add(part, sf.SupplierID, sf.ID, nil, &sf)
				case old.status == risk.StatusGone:
					st, err := statusBeforeGone(ctx, tx, old.id)
					if err != nil {
						return err
					}
					back = append(back, reopened{old.id, st})
					sf.ID, sf.Status, sf.firstRun = old.id, st, old.firstRun
					run.Reopened++
					sets.add(part, sf.SupplierID, sf.ID, nil, &sf)
				default:
					sf.ID, sf.Status, sf.firstRun, sf.lastRun = old.id, old.status, old.firstRun, old.lastRun
					if elem = appendStoredFinding(elem[:0], &sf); string(elem) == old.raw {
						sets.add(part, sf.SupplierID, sf.ID, old.setEntry, nil) // unchanged
					} else {
						sf.lastRun = run.ID // its content changed
						sets.add(part, sf.SupplierID, sf.ID, nil, &sf)
					}
				}
				f.ID, f.Status = sf.ID, sf.Status
				current = append(current, f)
				if ok {
					created = append(created, firstFound[sf.firstRun])
				} else {
					created = append(created, now)
				}
			}
			return nil
		}
		defer sets.close()
		if parts != nil {
			for p := range parts {
				if err := consume(p); err != nil {
					return err
				}
				// What the last part left alone is written while the
				// rules run on the next.
				if err := sets.flush(part); err != nil {
					return err
				}
			}
			err, computed = <-computed, nil
		} else {
			var consumed error
			err = compute(tx, func(p []risk.Finding) { consumed = cmp.Or(consumed, consume(p)) })
			err = cmp.Or(err, consumed)
		}
		if err != nil {
			return err
		}
		// Taken once the season is read (compute gives it the declared
		// rows' digest), under the same lock.
		fp := ""
		if fingerprint != nil {
			if fp, err = fingerprint(tx); err != nil {
				return fmt.Errorf("fingerprint: %w", err)
			}
		}
		// The stored findings not found again stay in their sets: gone
		// now, or still gone.
		var gone []storedAt
		for i := range stored {
			for j := range stored[i].entries {
				old := &stored[i].entries[j]
				switch {
				case found[old.key] != 0:
				case old.status == risk.StatusGone:
					sets.add(part+1, stored[i].supplierID, old.id, old, nil)
				default:
					gone = append(gone, storedAt{old, stored[i].supplierID})
				}
			}
		}
		slices.SortFunc(gone, func(a, b storedAt) int { return cmp.Compare(a.id, b.id) })
		run.Gone = len(gone)
		run.current, run.created = current, created
		// Listed from memory, the run is what it will be once committed;
		// the history the listing reads is too, unless this run adds to it.
		if then != nil && len(gone) == 0 && len(back) == 0 {
			thenDone = make(chan struct{})
			go func() {
				defer close(thenDone)
				then(run)
			}()
		}
		why := fmt.Sprintf("no longer found (run %d, as of %s, rules %s)", run.ID, run.AsOf, rules)
		for _, old := range gone {
			f, err := decodeStoredFinding(old.raw)
			if err != nil {
				return fmt.Errorf("finding %d: %w", old.id, err)
			}
			f.Period, f.SupplierID, f.Status, f.lastRun = period, old.supplierID, risk.StatusGone, run.ID
			sets.add(part+1, old.supplierID, old.id, nil, &f)
			if _, err := ev.ExecContext(ctx, old.id, period, now, systemActor, string(old.status), string(risk.StatusGone), why, run.ID); err != nil {
				return err
			}
		}
		for _, b := range back {
			if _, err := ev.ExecContext(ctx, b.id, period, now, systemActor, string(risk.StatusGone), string(b.from), "found again", run.ID); err != nil {
				return err
			}
		}
		if err := sets.write(); err != nil {
			return err
		}
		if err := s.fail("findings"); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE finding_runs SET fingerprint = ?, found = ?, opened = ?, gone = ?, reopened = ? WHERE id = ?`,
			fp, run.Found, run.Opened, run.Gone, run.Reopened, run.ID)
		return err
	})
	if thenDone != nil {
		<-thenDone
	}
	if err != nil {
		return nil, fmt.Errorf("store: save findings %d: %w", period, err)
	}
	if then != nil && thenDone == nil {
		then(run)
	}
	return run, nil
}

// runTimes maps the period's runs (every run for period 0) to when they
// were computed: a finding was first found at its first run's time.
func runTimes(ctx context.Context, q queryer, period int) (map[int64]string, error) {
	query, args := `SELECT id, computed_at FROM finding_runs`, []any(nil)
	if period != 0 {
		query, args = query+` WHERE period = ?`, append(args, period)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var at string
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		out[id] = at
	}
	return out, rows.Err()
}

// statusBeforeGone is the status a finding had when it went.
func statusBeforeGone(ctx context.Context, tx *sql.Tx, id int64) (risk.Status, error) {
	var st string
	err := tx.QueryRowContext(ctx, `SELECT from_status FROM finding_events WHERE finding_id = ? AND to_status = 'gone'
		ORDER BY id DESC LIMIT 1`, id).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) || st == "" {
		return risk.StatusOpen, nil
	}
	return risk.Status(st), err
}

// FindingFilter narrows Findings; zero values match everything. Gone
// findings are left out unless Status asks for them.
type FindingFilter struct {
	Period     int
	SupplierID int64
	Metal      string
	Code       string
	Severity   risk.Severity
	Status     risk.Status
	ID         int64
	// WithoutHistory leaves History nil: a table shows none, and reading
	// it costs a query over the period's events.
	WithoutHistory bool
}

// matches reports whether x passes the filter (its Code in upper case).
func (f *FindingFilter) matches(x *risk.Finding) bool {
	return (f.ID == 0 || x.ID == f.ID) &&
		(f.Period == 0 || x.Period == f.Period) &&
		(f.SupplierID == 0 || x.SupplierID == f.SupplierID) &&
		(f.Metal == "" || compareNoCase(x.Metal, f.Metal) == 0) &&
		(f.Code == "" || x.Code == f.Code) &&
		(f.Severity == "" || x.Severity == f.Severity) &&
		(f.Status == "" && (f.ID != 0 || x.Status != risk.StatusGone) || x.Status == f.Status)
}

// Findings returns stored findings with their status and history, ordered
// by supplier, severity (most severe first), code, metal and key. Title,
// guidance, OECD step and action come from the rule of the code.
func (s *Store) Findings(ctx context.Context, f FindingFilter) ([]risk.Finding, error) {
	where, args := `1=1`, []any(nil)
	add := func(cond string, v ...any) { where += " AND " + cond; args = append(args, v...) }
	if f.ID != 0 {
		add("min_id <= ? AND max_id >= ?", f.ID, f.ID)
	}
	if f.Period != 0 {
		add("period = ?", f.Period)
	}
	if f.SupplierID != 0 {
		add("supplier_id = ?", f.SupplierID)
	}
	f.Code = strings.ToUpper(f.Code)
	// Counted first: a season's findings are tens of thousands of large
	// structs, which a growing slice would copy over and over.
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(found), 0) FROM finding_sets WHERE `+where, args...).Scan(&n); err != nil {
		return nil, err
	}
	var found map[int64]string
	if !f.WithoutHistory {
		var err error
		if found, err = runTimes(ctx, s.db, f.Period); err != nil {
			return nil, err
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, period, supplier_id, findings FROM finding_sets WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]risk.Finding, 0, min(max(n, 0), 1<<18)) // the count is the database's word: bounded
	for rows.Next() {
		var rowID, supplierID int64
		var period int
		var body string
		if err := rows.Scan(&rowID, &period, &supplierID, &body); err != nil {
			return nil, err
		}
		err := decodeSet(body, false, func(sf *storedFinding) error {
			x := &sf.Finding
			x.Period, x.SupplierID = period, supplierID
			if !f.matches(x) {
				return nil
			}
			if r, ok := risk.RuleByCode(x.Code); ok {
				x.Title, x.OECDStep, x.Guidance, x.Action = r.Title, r.OECDStep, r.Guidance, r.Action
			}
			if !f.WithoutHistory {
				x.History = []risk.Event{{At: found[sf.firstRun], By: systemActor, To: risk.StatusOpen, Note: "found"}}
			}
			out = append(out, *x)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("finding_sets row %d: %w", rowID, err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	sortStoredFindings(out)
	if f.WithoutHistory {
		return out, nil
	}
	return out, s.addHistory(ctx, out, f)
}

// RunFindings lists the findings of a run ComputeFindings just made as
// Findings would read them back, from memory; a cached run, a filter for
// gone findings or for one ID, or another period is read from the store.
func (s *Store) RunFindings(ctx context.Context, run *FindingsRun, f FindingFilter) ([]risk.Finding, error) {
	if run == nil || run.current == nil || f.ID != 0 || f.Status == risk.StatusGone || (f.Period != 0 && f.Period != run.Period) {
		return s.Findings(ctx, f)
	}
	f.Code = strings.ToUpper(f.Code)
	n := 0
	for _, x := range run.current {
		if f.matches(x) {
			n++
		}
	}
	out := make([]risk.Finding, 0, n)
	for i, x := range run.current {
		if !f.matches(x) {
			continue
		}
		out = append(out, *x)
		if r, ok := risk.RuleByCode(x.Code); ok {
			y := &out[len(out)-1]
			y.Title, y.OECDStep, y.Guidance, y.Action = r.Title, r.OECDStep, r.Guidance, r.Action
		}
		if !f.WithoutHistory {
			out[len(out)-1].History = []risk.Event{{At: run.created[i], By: systemActor, To: risk.StatusOpen, Note: "found"}}
		}
	}
	sortStoredFindings(out)
	if f.WithoutHistory {
		return out, nil
	}
	if f.Period == 0 {
		f.Period = run.Period
	}
	return out, s.addHistory(ctx, out, f)
}

// addHistory appends to each finding the steps after it was found, read
// in one query for the period (or the one finding).
func (s *Store) addHistory(ctx context.Context, out []risk.Finding, f FindingFilter) error {
	if len(out) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(out))
	for i := range out {
		idx[out[i].ID] = i
	}
	// Later steps: one query for the period (or the one finding).
	eq := `SELECT e.finding_id, e.at, e.by, e.from_status, e.to_status, e.note FROM finding_events e`
	var eargs []any
	if f.ID != 0 {
		eq += ` WHERE e.finding_id = ?`
		eargs = append(eargs, f.ID)
	} else if f.Period != 0 {
		eq += ` WHERE e.period = ?`
		eargs = append(eargs, f.Period)
	}
	eq += ` ORDER BY e.id`
	erows, err := s.db.QueryContext(ctx, eq, eargs...)
	if err != nil {
		return err
	}
	defer erows.Close()
	for erows.Next() {
		var id int64
		var e risk.Event
		var from, to string
		if err := erows.Scan(&id, &e.At, &e.By, &from, &to, &e.Note); err != nil {
			return err
		}
		e.From, e.To = risk.Status(from), risk.Status(to)
		if i, ok := idx[id]; ok {
			out[i].History = append(out[i].History, e)
		}
	}
	return erows.Err()
}

// sortStoredFindings orders findings by supplier (ASCII case ignored, as
// SQLite's NOCASE), supplier ID, severity (most severe first), code, metal
// and key; the ID breaks ties between periods.
func sortStoredFindings(fs []risk.Finding) {
	slices.SortFunc(fs, func(a, b risk.Finding) int {
		if c := compareNoCase(a.Supplier, b.Supplier); c != 0 {
			return c
		}
		if c := cmp.Compare(a.SupplierID, b.SupplierID); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Severity.Level(), a.Severity.Level()); c != 0 { // most severe first
			return c
		}
		return cmp.Or(strings.Compare(a.Code, b.Code), strings.Compare(a.Metal, b.Metal), strings.Compare(a.Key, b.Key), cmp.Compare(a.ID, b.ID))
	})
}

// compareNoCase compares as SQLite's NOCASE collation: ASCII letters fold
// to lower case, every other byte compares as it is.
func compareNoCase(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return cmp.Compare(x, y)
		}
	}
	return cmp.Compare(len(a), len(b))
}

// ErrFindingGone is returned when a decision is recorded on a finding that
// no longer applies.
var ErrFindingGone = errors.New("the finding is gone (no longer found); decisions apply to current findings")

// SetFindingStatus records a decision on a finding: its new status, who and
// why; the history keeps the step.
func (s *Store) SetFindingStatus(ctx context.Context, id int64, status risk.Status, note, by string) (risk.Finding, error) {
	if status == risk.StatusGone {
		return risk.Finding{}, fmt.Errorf("status gone is set by recomputation only")
	}
	now := s.Now().UTC().Format(time.RFC3339)
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		sets, err := loadSets(ctx, tx, `min_id <= ? AND max_id >= ?`, id, id)
		if err != nil {
			return err
		}
		for _, set := range sets {
			for _, e := range set.entries {
				if e.id != id {
					continue
				}
				if e.status == risk.StatusGone {
					return fmt.Errorf("finding %d: %w", id, ErrFindingGone)
				}
				f, err := decodeStoredFinding(e.raw)
				if err != nil {
					return fmt.Errorf("finding %d: %w", id, err)
				}
				// The finding's array replaced in its set, the rest as it was.
				f.Status = status
				body := set.body[:e.at] + string(appendStoredFinding(nil, &f)) + set.body[e.at+len(e.raw):]
				if _, err := tx.ExecContext(ctx, `UPDATE finding_sets SET findings = ? WHERE id = ?`, body, set.rowID); err != nil {
					return err
				}
				_, err = tx.ExecContext(ctx, `INSERT INTO finding_events (finding_id, period, at, by, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
					id, set.period, now, by, string(e.status), string(status), note)
				return err
			}
		}
		return fmt.Errorf("finding %d: %w", id, ErrNotFound)
	})
	if err != nil {
		return risk.Finding{}, fmt.Errorf("store: %w", err)
	}
	fs, err := s.Findings(ctx, FindingFilter{ID: id})
	if err != nil || len(fs) == 0 {
		return risk.Finding{}, err
	}
	return fs[0], nil
}

// LatestPeriod is the newest reporting period with a declaration, or 0.
func (s *Store) LatestPeriod(ctx context.Context) (int, error) {
	var p sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(period) FROM declarations`).Scan(&p)
	return int(p.Int64), err
}

// HasPeriod reports whether any declaration or register entry names the
// period.
func (s *Store) HasPeriod(ctx context.Context, period int) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM declarations WHERE period = ?) +
		(SELECT COUNT(*) FROM register_entries WHERE period = ?)`, period, period).Scan(&n)
	return n > 0, err
}
