package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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
}

// systemActor is who the recomputation's history events are by.
const systemActor = "cmrt"

// ComputeFindings reads the season of a period as of a date, runs the
// rules and stores the findings with their lifecycle (SaveFindings). It
// returns the season too, for ranks and designations.
func (s *Store) ComputeFindings(ctx context.Context, period int, asOf time.Time, cfg *risk.Config) (*FindingsRun, *risk.Season, error) {
	ref, err := s.ReferenceData(ctx)
	if err != nil {
		return nil, nil, err
	}
	season, err := s.Season(ctx, period, asOf)
	if err != nil {
		return nil, nil, err
	}
	run, err := s.SaveFindings(ctx, period, asOf, cfg.Edition(), ref.Editions(), risk.Evaluate(season, ref, cfg))
	return run, season, err
}

type storedFinding struct {
	id     int64
	status risk.Status
	body   string
}

// findingBody is what is kept of a computed finding: everything but its
// lifecycle, which lives in columns and events.
func findingBody(f risk.Finding) (string, error) {
	f.ID, f.Status, f.History = 0, "", nil
	b, err := json.Marshal(f)
	return string(b), err
}

// SaveFindings stores one computation of a period's findings in one
// transaction. A finding with the key of a stored one keeps its status,
// note and history (its content is refreshed); a stored finding the
// computation no longer produces becomes gone, with why; a gone one found
// again returns to the status it had; new ones open.
func (s *Store) SaveFindings(ctx context.Context, period int, asOf time.Time, rules string, data []risk.DataSet, fs []risk.Finding) (*FindingsRun, error) {
	now := s.Now().UTC().Format(time.RFC3339)
	run := &FindingsRun{Period: period, AsOf: asOf.Format(dateLayout), ComputedAt: now, Rules: rules, Data: data, Found: len(fs)}
	dataJSON, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `INSERT INTO finding_runs (period, as_of, computed_at, rules, data_editions, found, opened, gone, reopened)
			VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0)`, period, run.AsOf, now, rules, string(dataJSON), len(fs))
		if err != nil {
			return err
		}
		run.ID, _ = r.LastInsertId()
		existing := map[string]storedFinding{}
		rows, err := tx.QueryContext(ctx, `SELECT id, key, status, body FROM findings WHERE period = ?`, period)
		if err != nil {
			return err
		}
		for rows.Next() {
			var sf storedFinding
			var key, st string
			if err := rows.Scan(&sf.id, &key, &st, &sf.body); err != nil {
				rows.Close()
				return err
			}
			sf.status = risk.Status(st)
			existing[key] = sf
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO findings (period, key, code, severity, supplier_id, supplier, declaration_id,
			metal, cid, body, status, status_by, status_at, first_run, last_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		upd, err := tx.PrepareContext(ctx, `UPDATE findings SET code = ?, severity = ?, supplier_id = ?, supplier = ?, declaration_id = ?,
			metal = ?, cid = ?, body = ?, last_run = ? WHERE id = ?`)
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
		found := make(map[string]bool, len(fs))
		for _, f := range fs {
			if found[f.Key] {
				continue
			}
			found[f.Key] = true
			body, err := findingBody(f)
			if err != nil {
				return err
			}
			old, ok := existing[f.Key]
			switch {
			case !ok:
				r, err := ins.ExecContext(ctx, period, f.Key, f.Code, string(f.Severity), f.SupplierID, f.Supplier, f.DeclarationID,
					f.Metal, f.CID, body, systemActor, now, run.ID, run.ID)
				if err != nil {
					return fmt.Errorf("finding %s: %w", f.Key, err)
				}
				id, _ := r.LastInsertId()
				if _, err := ev.ExecContext(ctx, id, now, systemActor, "", string(risk.StatusOpen), "found", run.ID); err != nil {
					return err
				}
				run.Opened++
			case old.status == risk.StatusGone:
				back, err := statusBeforeGone(ctx, tx, old.id)
				if err != nil {
					return err
				}
				if _, err := upd.ExecContext(ctx, f.Code, string(f.Severity), f.SupplierID, f.Supplier, f.DeclarationID, f.Metal, f.CID, body, run.ID, old.id); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE findings SET status = ?, gone_reason = '', status_by = ?, status_at = ? WHERE id = ?`,
					string(back), systemActor, now, old.id); err != nil {
					return err
				}
				if _, err := ev.ExecContext(ctx, old.id, now, systemActor, string(risk.StatusGone), string(back), "found again", run.ID); err != nil {
					return err
				}
				run.Reopened++
			case old.body != body:
				if _, err := upd.ExecContext(ctx, f.Code, string(f.Severity), f.SupplierID, f.Supplier, f.DeclarationID, f.Metal, f.CID, body, run.ID, old.id); err != nil {
					return err
				}
			}
		}
		why := fmt.Sprintf("no longer found (run %d, as of %s, rules %s)", run.ID, run.AsOf, rules)
		for key, old := range existing {
			if found[key] || old.status == risk.StatusGone {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE findings SET status = 'gone', gone_reason = ?, status_by = ?, status_at = ?, last_run = ? WHERE id = ?`,
				why, systemActor, now, run.ID, old.id); err != nil {
				return err
			}
			if _, err := ev.ExecContext(ctx, old.id, now, systemActor, string(old.status), string(risk.StatusGone), why, run.ID); err != nil {
				return err
			}
			run.Gone++
		}
		if err := s.fail("findings"); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE finding_runs SET opened = ?, gone = ?, reopened = ? WHERE id = ?`, run.Opened, run.Gone, run.Reopened, run.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: save findings %d: %w", period, err)
	}
	return run, nil
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
}

// Findings returns stored findings with their status and history, in the
// order of risk's output (supplier, severity, code, metal, key).
func (s *Store) Findings(ctx context.Context, f FindingFilter) ([]risk.Finding, error) {
	q := `SELECT id, body, status, status_by, status_at, note, gone_reason FROM findings WHERE 1=1`
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
	q += ` ORDER BY supplier COLLATE NOCASE, supplier_id,
		CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, code, metal, key`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []risk.Finding
	idx := map[int64]int{}
	for rows.Next() {
		var (
			x                          risk.Finding
			id                         int64
			body, st, by, at, note, gr string
		)
		if err := rows.Scan(&id, &body, &st, &by, &at, &note, &gr); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &x); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: finding %d: %w", id, err)
		}
		x.ID, x.Status, x.History = id, risk.Status(st), []risk.Event{}
		idx[id] = len(out)
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	// History: one query for the period (or the one finding) rather than
	// one per finding.
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
		return nil, err
	}
	defer erows.Close()
	for erows.Next() {
		var id int64
		var e risk.Event
		var from, to string
		if err := erows.Scan(&id, &e.At, &e.By, &from, &to, &e.Note); err != nil {
			return nil, err
		}
		e.From, e.To = risk.Status(from), risk.Status(to)
		if i, ok := idx[id]; ok {
			out[i].History = append(out[i].History, e)
		}
	}
	return out, erows.Err()
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
