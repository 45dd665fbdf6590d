package store

import (
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/cmrt"
	"github.com/openminerals/cmrt/smelters"
)

// TestRematchBulkRebuildsIndexes: a re-match that changes many rows drops
// the match_cid index and builds it again in its transaction: afterwards
// the index is there and the rows read as matched through it; a re-match
// that fails midway leaves the index (and the rows) as they were.
func TestRematchBulkRebuildsIndexes(t *testing.T) {
	defer func(n int) { bulkRematchRows = n }(bulkRematchRows)
	bulkRematchRows = 1
	s := openTemp(t)
	storeRows(t, s, "Acme",
		cmrt.SmelterRow{Metal: "Tantalum", Name: "Jiangxi Tuohong", CID: "CID002842"},
		cmrt.SmelterRow{Metal: "Gold", Name: "Alpha Ref.", Country: "JAPAN"},
		cmrt.SmelterRow{Metal: "Tungsten", Name: "Omni Metals", CID: "CID009001"})
	index := func() string {
		t.Helper()
		var def string
		if err := s.db.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'declared_smelters_cid'`).Scan(&def); err != nil {
			t.Fatalf("index declared_smelters_cid: %v", err)
		}
		return def
	}
	before := index()
	std, conf, revs := rmiLike()
	s.failpoint = func(p string) error {
		if p == "rematch" {
			return errors.New("injected")
		}
		return nil
	}
	if _, err := s.RefreshLists(ctx, []*smelters.List{std, conf, revs}, RefreshOptions{}); err == nil {
		t.Fatal("the injected failure was not reported")
	}
	if index() != before {
		t.Error("a failed re-match changed the index")
	}
	s.failpoint = nil
	res, err := s.RefreshLists(ctx, []*smelters.List{std, conf, revs}, RefreshOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rematch.MatchChanged != 3 {
		t.Errorf("re-matched %+v, want 3 rows changed", res.Rematch)
	}
	if index() != before {
		t.Errorf("index after a bulk re-match: %q, want %q", index(), before)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM declared_smelters INDEXED BY declared_smelters_cid
		WHERE match_cid IN ('CID002842', 'CID000001', 'CID009001')`).Scan(&n); err != nil || n != 3 {
		t.Errorf("rows found through the index: %d %v, want 3", n, err)
	}
	var ok string
	if err := s.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || !strings.EqualFold(ok, "ok") {
		t.Errorf("integrity_check: %q %v", ok, err)
	}
}

// TestDropMatchIndexes: below bulkRematchRows nothing is dropped; at it,
// the match_cid index is gone inside the transaction until rebuild puts
// it back as it was. (TestRematchBulkRebuildsIndexes sees only the end
// state, the same whether the index was dropped or not.)
func TestDropMatchIndexes(t *testing.T) {
	defer func(n int) { bulkRematchRows = n }(bulkRematchRows)
	bulkRematchRows = 2
	s := openTemp(t)
	indexes := func(tx *sql.Tx) string {
		t.Helper()
		var defs string
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(group_concat(sql, ';'), '') FROM (SELECT sql FROM sqlite_master
			WHERE type = 'index' AND tbl_name = 'declared_smelters' AND sql LIKE '%match\_%' ESCAPE '\' ORDER BY name)`).Scan(&defs); err != nil {
			t.Fatal(err)
		}
		return defs
	}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		before := indexes(tx)
		if !strings.Contains(before, "declared_smelters_cid") {
			t.Fatalf("no index over the match columns to begin with: %q", before)
		}
		rebuild, err := dropMatchIndexes(ctx, tx, 1)
		if err != nil {
			return err
		}
		if got := indexes(tx); got != before {
			t.Errorf("one row to change dropped indexes: %q, want %q", got, before)
		}
		if err := rebuild(); err != nil {
			return err
		}
		if rebuild, err = dropMatchIndexes(ctx, tx, 2); err != nil {
			return err
		}
		if got := indexes(tx); got != "" {
			t.Errorf("a bulk change left indexes over the match columns: %q", got)
		}
		if err := rebuild(); err != nil {
			return err
		}
		if got := indexes(tx); got != before {
			t.Errorf("rebuilt indexes %q, want %q", got, before)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
