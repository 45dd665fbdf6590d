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
	"strconv"
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
	// With no run to compare with (or forced), the fingerprint is taken in
	// the transaction while the season is read; otherwise it decides.
	fingerprint := func(q queryer) (string, error) { return s.fingerprint(ctx, q, period, asOf, cfg) }
	if !force {
		run, err := s.lastRun(ctx, period)
		if err != nil {
			return nil, err
		}
		if run != nil {
			fp, err := fingerprint(s.db)
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
			fingerprint = func(queryer) (string, error) { return fp, nil }
		}
	}
	compute := func(q queryer, emit func([]risk.Finding)) error {
		season, err := s.season(ctx, q, period, asOf, true)
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
// counts and sums that change when a row is added, removed, superseded,
// merged or re-matched, the suppliers' names (a rename changes findings),
// the as-of date, the rule set and the rules' code.
func (s *Store) fingerprint(ctx context.Context, q queryer, period int, asOf time.Time, cfg *risk.Config) (string, error) {
	var parts [6]string
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || COALESCE(SUM(COALESCE(superseded_by, 0)), 0) || ':' || COALESCE(SUM(supplier_id), 0)
			FROM declarations WHERE period = ?),
		(SELECT COALESCE(group_concat(id || '=' || name || '>' || COALESCE(merged_into, ''), '|'), '') FROM suppliers),
		(SELECT COUNT(*) || ':' || TOTAL(x.id * (1 + CAST(substr(x.match_cid, 4) AS INTEGER)) + length(x.match_cid) + length(x.match_status))
			FROM declared_smelters x JOIN declarations d ON d.id = x.declaration_id WHERE d.period = ? AND d.superseded_by IS NULL),
		(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM smelter_snapshots),
		(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || COALESCE(SUM(period), 0) FROM register_entries),
		(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM reference_data)`, period, period).Scan(
		&parts[0], &parts[1], &parts[2], &parts[3], &parts[4], &parts[5])
	if err != nil {
		return "", err
	}
	names := sha256.Sum256([]byte(parts[1]))
	parts[1] = hex.EncodeToString(names[:8])
	return strings.Join(append(parts[:], asOf.Format(dateLayout), cfg.Edition(), engineDigest), "|"), nil
}

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

// findingColumns are a finding's computed content, in findingValues order;
// the evidence is one JSON column (findings_evidence.go).
const findingColumns = `code, severity, supplier_id, supplier, declaration_id, metal, cid, smelter, message, evidence`

// A finding is written with its content's hash (migration 0009), which a
// recomputation compares instead of reading the content back.
const (
	findingWriteColumns  = findingColumns + `, content_hash`
	nFindingWriteColumns = 11
)

// findingValues are the values of findingWriteColumns.
func findingValues(f *risk.Finding) []any {
	return []any{f.Code, string(f.Severity), f.SupplierID, f.Supplier, f.DeclarationID, f.Metal, f.CID, f.Smelter, f.Message,
		encodeEvidence(&f.Evidence), contentHash(appendContent(nil, f))}
}

// contentHash is the 64-bit FNV-1a hash of a finding's content
// (appendContent), never 0: 0 marks a row stored before hashes were
// (migration 0009), whose content is compared instead.
func contentHash(content []byte) int64 {
	h := uint64(14695981039346656037)
	for _, c := range content {
		h ^= uint64(c)
		h *= 1099511628211
	}
	if h == 0 {
		h = 1
	}
	return int64(h)
}

// appendContent appends a finding's computed content as storedFindings
// has SQLite join it (integers in decimal, each value followed by 0x1f),
// to tell whether a recomputation changed it.
func appendContent(b []byte, f *risk.Finding) []byte {
	b, _ = appendContentAt(b, f)
	return b
}

// appendContentAt is appendContent that also says where in b the
// evidence's JSON array begins (it ends before the last byte).
func appendContentAt(b []byte, f *risk.Finding) ([]byte, int) {
	for _, v := range [...]string{f.Code, string(f.Severity)} {
		b = append(append(b, v...), 0x1f)
	}
	b = append(strconv.AppendInt(b, f.SupplierID, 10), 0x1f)
	b = append(append(b, f.Supplier...), 0x1f)
	b = append(strconv.AppendInt(b, f.DeclarationID, 10), 0x1f)
	for _, v := range [...]string{f.Metal, f.CID, f.Smelter, f.Message} {
		b = append(append(b, v...), 0x1f)
	}
	at := len(b)
	return append(appendEvidence(b, &f.Evidence), 0x1f), at
}

type storedFinding struct {
	id      int64
	status  risk.Status
	hash    int64  // contentHash, 0 when stored before hashes
	content string // appendContent's, read only when hash is 0
	created string
}

// SaveFindings stores one computation of a period's findings in one
// transaction. A finding with the key of a stored one keeps its status,
// note and history (its content is refreshed); a stored finding the
// computation no longer produces becomes gone, with why; a gone one found
// again returns to the status it had; new ones open.
func (s *Store) SaveFindings(ctx context.Context, period int, asOf time.Time, rules string, data []risk.DataSet, fs []risk.Finding) (*FindingsRun, error) {
	// A copy: the run's findings are made from them in place.
	fs = slices.Clone(fs)
	return s.saveFindings(ctx, period, asOf, rules, nil, data, func(_ queryer, emit func([]risk.Finding)) error { emit(fs); return nil }, nil)
}

// saveFindings stores the findings compute returns. compute reads the
// season while the transaction, which already holds the write lock (so
// nothing can change what it reads), loads the stored findings and takes
// the inputs' fingerprint (nil: none, a run stored by SaveFindings): on
// another connection at the same time, or in the transaction when the
// store has only one (an in-memory database).
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
		// The findings come in parts (risk.EvaluateParts), the first ones
		// stored while the rules still run on the next.
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
		existing, err := storedFindings(ctx, tx, period)
		if err != nil {
			return err
		}
		fp := ""
		if fingerprint != nil {
			if fp, err = fingerprint(tx); err != nil {
				return fmt.Errorf("fingerprint: %w", err)
			}
		}
		upd, err := tx.PrepareContext(ctx, `UPDATE findings SET code = ?, severity = ?, supplier_id = ?, supplier = ?, declaration_id = ?,
			metal = ?, cid = ?, smelter = ?, message = ?, evidence = ?, content_hash = ?, last_run = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer upd.Close()
		ev, err := tx.PrepareContext(ctx, `INSERT INTO finding_events (finding_id, at, by, from_status, to_status, note, run_id)
			VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ev.Close()
		// New findings get IDs from here on, given rather than left to
		// SQLite, so the run knows them without reading them back.
		var lastID int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM findings`).Scan(&lastID); err != nil {
			return err
		}
		ins := newFindingInserter(ctx, tx, period, run.ID)
		defer ins.close()
		// What becomes of each finding, part by part as they come; new ones
		// are stored while waiting for the next part, the rest once the
		// last is in, when a caller's listing (then) can run alongside.
		type reopened struct {
			i    int // in current
			back risk.Status
		}
		var (
			pending []int // in current: new findings not yet stored
			changed []int // in current: stored findings whose content changed
			back    []reopened
			rehash  [][2]int64 // ID, content hash
			content []byte
			found   = make(map[string]int, len(existing)) // key → 1 + the part it came in
			current = make([]*risk.Finding, 0, len(existing))
			created = make([]string, 0, len(existing))
			part    int
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
				old, ok := existing[f.Key]
				f.Period, f.History = period, nil
				if !ok {
					lastID++
					f.ID, f.Status = lastID, risk.StatusOpen
					pending = append(pending, len(current))
					current, created = append(current, f), append(created, now)
					run.Opened++
					continue
				}
				f.ID, f.Status = old.id, old.status
				content = appendContent(content[:0], f)
				switch hash := contentHash(content); {
				case old.status == risk.StatusGone:
					st, err := statusBeforeGone(ctx, tx, old.id)
					if err != nil {
						return err
					}
					back = append(back, reopened{len(current), st})
					f.Status = st
					run.Reopened++
				case old.hash != 0 && old.hash != hash, old.hash == 0 && string(content) != old.content:
					changed = append(changed, len(current))
				case old.hash == 0: // the same, stored before hashes
					rehash = append(rehash, [2]int64{f.ID, hash})
				}
				current, created = append(current, f), append(created, old.created)
			}
			return nil
		}
		storeNew := func(n int) error {
			for ; n > 0 && len(pending) > 0; n-- {
				f := current[pending[0]]
				pending = pending[1:]
				if err := ins.add(f); err != nil {
					return err
				}
			}
			return nil
		}
		if parts != nil {
			for in := parts; in != nil; {
				var p []risk.Finding
				ok := true
				select {
				case p, ok = <-in:
				default:
					if len(pending) > 0 {
						if err := storeNew(findingsPerInsert); err != nil {
							return err
						}
						continue
					}
					p, ok = <-in
				}
				if !ok {
					in = nil
				} else if err := consume(p); err != nil {
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
		var gone []storedFinding
		for key, old := range existing {
			if found[key] == 0 && old.status != risk.StatusGone {
				gone = append(gone, old)
			}
		}
		slices.SortFunc(gone, func(a, b storedFinding) int { return cmp.Compare(a.id, b.id) })
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
		if err := storeNew(len(pending)); err != nil {
			return err
		}
		if err := ins.flush(); err != nil {
			return err
		}

		for _, i := range changed {
			f := current[i]
			if _, err := upd.ExecContext(ctx, append(findingValues(f), run.ID, f.ID)...); err != nil {
				return err
			}
		}
		for _, r := range rehash {
			if _, err := tx.ExecContext(ctx, `UPDATE findings SET content_hash = ? WHERE id = ?`, r[1], r[0]); err != nil {
				return err
			}
		}
		for _, b := range back {
			f := current[b.i]
			if _, err := upd.ExecContext(ctx, append(findingValues(f), run.ID, f.ID)...); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE findings SET status = ?, gone_reason = '', status_by = ?, status_at = ? WHERE id = ?`,
				string(b.back), systemActor, now, f.ID); err != nil {
				return err
			}
			if _, err := ev.ExecContext(ctx, f.ID, now, systemActor, string(risk.StatusGone), string(b.back), "found again", run.ID); err != nil {
				return err
			}
		}
		why := fmt.Sprintf("no longer found (run %d, as of %s, rules %s)", run.ID, run.AsOf, rules)
		for _, old := range gone {
			if _, err := tx.ExecContext(ctx, `UPDATE findings SET status = 'gone', gone_reason = ?, status_by = ?, status_at = ?, last_run = ? WHERE id = ?`,
				why, systemActor, now, run.ID, old.id); err != nil {
				return err
			}
			if _, err := ev.ExecContext(ctx, old.id, now, systemActor, string(old.status), string(risk.StatusGone), why, run.ID); err != nil {
				return err
			}
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

func storedFindings(ctx context.Context, tx *sql.Tx, period int) (map[string]storedFinding, error) {
	found, err := runTimes(ctx, tx, period)
	if err != nil {
		return nil, err
	}
	// The content's hash; for a row without one, the content, joined by
	// SQLite as appendContent joins it (integers in decimal, each value
	// followed by 0x1f).
	cols := strings.Split(findingColumns, ",")
	for i, c := range cols {
		cols[i] = strings.TrimSpace(c) + ` || char(31)`
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, key, status, first_run, content_hash, CASE WHEN content_hash = 0 THEN `+
		strings.Join(cols, " || ")+` ELSE '' END FROM findings WHERE period = ?`, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]storedFinding{}
	for rows.Next() {
		var sf storedFinding
		var key, st string
		var first int64
		if err := rows.Scan(&sf.id, &key, &st, &first, &sf.hash, &sf.content); err != nil {
			return nil, err
		}
		sf.status, sf.created = risk.Status(st), found[first]
		out[key] = sf
	}
	return out, rows.Err()
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

// findingInserter inserts new findings many rows per statement: a first
// computation stores tens of thousands. The full-batch statement is
// prepared once. A finding's values go straight into the statement's
// arguments, its content (for the hash) into a buffer reused from one
// finding to the next, of which the evidence is a part: a first run
// stores some 60,000 findings, and a slice of values, a content buffer
// and an evidence buffer each was a good part of storing them.
type findingInserter struct {
	ctx         context.Context
	tx          *sql.Tx
	period, run any // int64, boxed once
	args        []any
	n           int
	full        *sql.Stmt
	content     []byte
}

const findingsPerInsert = 200

func newFindingInserter(ctx context.Context, tx *sql.Tx, period int, run int64) *findingInserter {
	return &findingInserter{ctx: ctx, tx: tx, period: int64(period), run: run,
		args: make([]any, 0, findingsPerInsert*(3+nFindingWriteColumns+2))}
}

// insertFindingsSQL inserts n new findings: open, as found by cmrt at
// first_run (status_by and status_at stay empty, migration 0009).
func insertFindingsSQL(n int) string {
	row := "(" + strings.Repeat("?, ", 3+nFindingWriteColumns+1) + "?)"
	return `INSERT INTO findings (id, period, key, ` + findingWriteColumns + `, first_run, last_run) VALUES ` +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// add queues a new finding, its values as findingValues gives them.
func (fi *findingInserter) add(f *risk.Finding) error {
	var at int
	fi.content, at = appendContentAt(fi.content[:0], f)
	evidence := fi.content[at : len(fi.content)-1]
	fi.args = append(fi.args, f.ID, fi.period, f.Key,
		f.Code, string(f.Severity), f.SupplierID, f.Supplier, f.DeclarationID, f.Metal, f.CID, f.Smelter, f.Message,
		string(evidence), contentHash(fi.content), fi.run, fi.run)
	fi.n++
	if fi.n == findingsPerInsert {
		return fi.flush()
	}
	return nil
}

func (fi *findingInserter) flush() error {
	if fi.n == 0 {
		return nil
	}
	var err error
	if fi.n == findingsPerInsert {
		if fi.full == nil {
			if fi.full, err = fi.tx.PrepareContext(fi.ctx, insertFindingsSQL(findingsPerInsert)); err != nil {
				return err
			}
		}
		_, err = fi.full.ExecContext(fi.ctx, fi.args...)
	} else {
		_, err = fi.tx.ExecContext(fi.ctx, insertFindingsSQL(fi.n), fi.args...)
	}
	if err != nil {
		return err
	}
	fi.args, fi.n = fi.args[:0], 0
	return nil
}

func (fi *findingInserter) close() {
	if fi.full != nil {
		fi.full.Close()
	}
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

// Findings returns stored findings with their status and history, ordered
// by supplier, severity (most severe first), code, metal and key. Title,
// guidance, OECD step and action come from the rule of the code.
func (s *Store) Findings(ctx context.Context, f FindingFilter) ([]risk.Finding, error) {
	q := ` FROM findings WHERE 1=1`
	var args []any
	add := func(cond string, v any) { q += " AND " + cond; args = append(args, v) }
	if f.ID != 0 {
		add("id = ?", f.ID)
	}
	if f.Period != 0 {
		add("period = ?", f.Period)
	}
	if f.SupplierID != 0 {
		add("supplier_id = ?", f.SupplierID)
	}
	if f.Metal != "" {
		add("metal = ? COLLATE NOCASE", f.Metal)
	}
	if f.Code != "" {
		add("code = ?", strings.ToUpper(f.Code))
	}
	if f.Severity != "" {
		add("severity = ?", string(f.Severity))
	}
	switch {
	case f.Status != "":
		add("status = ?", string(f.Status))
	case f.ID == 0:
		q += " AND status <> 'gone'"
	}
	// Counted first: a season's findings are tens of thousands of large
	// structs, which a growing slice would copy over and over.
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*)`+q, args...).Scan(&n); err != nil {
		return nil, err
	}
	var found map[int64]string
	if !f.WithoutHistory {
		var err error
		if found, err = runTimes(ctx, s.db, f.Period); err != nil {
			return nil, err
		}
	}
	// Ordered here, not by SQLite: without an index to read them in order,
	// SQLite's sorter costs more than reading the rows.
	rows, err := s.db.QueryContext(ctx, `SELECT id, period, key, status, first_run, `+findingColumns+q, args...)
	if err != nil {
		return nil, err
	}
	out := make([]risk.Finding, 0, n)
	for rows.Next() {
		var x risk.Finding
		var st, evidence string
		var first int64
		if err := rows.Scan(&x.ID, &x.Period, &x.Key, &st, &first, &x.Code, &x.Severity, &x.SupplierID, &x.Supplier,
			&x.DeclarationID, &x.Metal, &x.CID, &x.Smelter, &x.Message, &evidence); err != nil {
			rows.Close()
			return nil, err
		}
		if err := decodeEvidence(evidence, &x.Evidence); err != nil {
			rows.Close()
			return nil, fmt.Errorf("finding %d: %w", x.ID, err)
		}
		x.Status = risk.Status(st)
		if r, ok := risk.RuleByCode(x.Code); ok {
			x.Title, x.OECDStep, x.Guidance, x.Action = r.Title, r.OECDStep, r.Guidance, r.Action
		}
		if !f.WithoutHistory {
			x.History = []risk.Event{{At: found[first], By: systemActor, To: risk.StatusOpen, Note: "found"}}
		}
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
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
	code := strings.ToUpper(f.Code)
	keep := func(x *risk.Finding) bool {
		return (f.SupplierID == 0 || x.SupplierID == f.SupplierID) &&
			(f.Metal == "" || compareNoCase(x.Metal, f.Metal) == 0) &&
			(code == "" || x.Code == code) &&
			(f.Severity == "" || x.Severity == f.Severity) &&
			(f.Status == "" || x.Status == f.Status)
	}
	n := 0
	for _, x := range run.current {
		if keep(x) {
			n++
		}
	}
	out := make([]risk.Finding, 0, n)
	for i, x := range run.current {
		if !keep(x) {
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
		eq += ` JOIN findings x ON x.id = e.finding_id WHERE x.period = ?`
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
		if c := cmp.Compare(severityRank(a.Severity), severityRank(b.Severity)); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(a.Code, b.Code), strings.Compare(a.Metal, b.Metal), strings.Compare(a.Key, b.Key), cmp.Compare(a.ID, b.ID))
	})
}

func severityRank(s risk.Severity) int {
	switch s {
	case risk.High:
		return 0
	case risk.Medium:
		return 1
	case risk.Low:
		return 2
	}
	return 3
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
		var cur string
		err := tx.QueryRowContext(ctx, `SELECT status FROM findings WHERE id = ?`, id).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("finding %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if risk.Status(cur) == risk.StatusGone {
			return fmt.Errorf("finding %d: %w", id, ErrFindingGone)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET status = ?, status_by = ?, status_at = ?, note = ? WHERE id = ?`,
			string(status), by, now, note, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO finding_events (finding_id, at, by, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)`,
			id, now, by, cur, string(status), note)
		return err
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
