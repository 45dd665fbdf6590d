package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"sync"
)

// ChangeWatch tells a cache whether the database changed: Stamp returns a
// value that differs from every earlier one once a transaction was
// committed since, by this process or by another one on the same file (a
// `cmrt import` next to a running dashboard). It costs one PRAGMA on a
// connection of its own, so a cache can ask on every request.
//
// SQLite's data_version changes when another connection commits; the
// watch's connection never writes, so every commit is another's. An
// in-memory store has one connection, shared by every query: there no
// other process can write, and the count of rows that connection changed
// (total_changes) says the same.
type ChangeWatch struct {
	mu     sync.Mutex
	s      *Store
	conn   *sql.Conn // nil for a one-connection store
	closed bool
}

// WatchChanges starts a watch; Close releases its connection.
func (s *Store) WatchChanges(ctx context.Context) (*ChangeWatch, error) {
	w := &ChangeWatch{s: s}
	if s.db.Stats().MaxOpenConnections == 1 {
		return w, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: change watch: %w", err)
	}
	w.conn = conn
	return w, nil
}

// Stamp is the database's change stamp now.
func (w *ChangeWatch) Stamp(ctx context.Context) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return "", fmt.Errorf("store: change watch: closed")
	}
	var n int64
	var err error
	if w.conn == nil {
		err = w.s.db.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&n)
	} else {
		err = w.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&n)
	}
	if err != nil {
		return "", fmt.Errorf("store: change watch: %w", err)
	}
	return strconv.FormatInt(n, 10), nil
}

// Close releases the watch's connection.
func (w *ChangeWatch) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	if w.conn == nil {
		return nil
	}
	err := w.conn.Close()
	w.conn = nil
	return err
}

// LastFindingEvent is the newest step of any finding's history (0 when
// there is none): a cache notes it, and FindingsChangedAfter then says
// which findings gained a step since.
func (s *Store) LastFindingEvent(ctx context.Context) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM finding_events`).Scan(&id)
	return id, err
}

// FindingsChangedAfter lists, by period, the findings whose history gained
// a step after event afterID — a decision recorded (SetFindingStatus) or a
// recomputation — and returns the newest event.
func (s *Store) FindingsChangedAfter(ctx context.Context, afterID int64) (map[int][]int64, int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, finding_id, period FROM finding_events WHERE id > ? ORDER BY id`, afterID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := map[int][]int64{}
	seen := map[int64]bool{}
	last := afterID
	for rows.Next() {
		var ev, id int64
		var period int
		if err := rows.Scan(&ev, &id, &period); err != nil {
			return nil, 0, err
		}
		last = max(last, ev)
		if !seen[id] {
			seen[id] = true
			out[period] = append(out[period], id)
		}
	}
	return out, last, rows.Err()
}
