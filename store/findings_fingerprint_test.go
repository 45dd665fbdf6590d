package store

import (
	"context"
	"database/sql"
	"testing"

	"github.com/openminerals/cmrt/risk"
)

// The declared rows' digest a computation takes while it reads the season
// (in two halves, on connections of their own) is the one the next run
// reads to decide whether anything changed; a re-match, even one that
// swaps two rows' matches, changes it.
func TestRowsDigestTheSameBothWays(t *testing.T) {
	st := seasonStore(t)
	ctx := context.Background()
	for _, supplier := range []string{"Bravo", "Charlie"} { // three declarations: two halves
		if _, err := st.SaveDeclaration(ctx, decl(t, supplier, "2025-03-31", "Beta Smelter", "Alpha Refinery")); err != nil {
			t.Fatal(err)
		}
	}
	asOf, cfg := day("2025-12-31"), risk.DefaultConfig()
	fingerprints := func() (read, queried string) {
		t.Helper()
		var digest rowsDigest
		err := st.withTx(ctx, func(tx *sql.Tx) error {
			if _, err := st.season(ctx, tx, 2025, asOf, true, &digest); err != nil {
				return err
			}
			var err error
			read, err = st.fingerprint(ctx, tx, 2025, asOf, cfg, &digest)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if digest.n != 6 {
			t.Errorf("the season read %d declared rows, want 6", digest.n)
		}
		queried, err = st.fingerprint(ctx, st.db, 2025, asOf, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		return read, queried
	}
	read, queried := fingerprints()
	if read != queried {
		t.Fatalf("read with the season %q, queried %q", read, queried)
	}
	for _, q := range []string{
		`UPDATE declared_smelters SET match_cid = 'CID000009' WHERE id = (SELECT MIN(id) FROM declared_smelters)`,
		// the two rows of the first declaration swap their matches
		`UPDATE declared_smelters SET match_cid = CASE match_cid WHEN 'CID000001' THEN 'CID000002' ELSE 'CID000001' END
			WHERE declaration_id = (SELECT MIN(declaration_id) FROM declared_smelters)`,
		`UPDATE declared_smelters SET match_status = 'needs_review' WHERE id = (SELECT MAX(id) FROM declared_smelters)`,
	} {
		if _, err := st.db.Exec(q); err != nil {
			t.Fatal(err)
		}
		r, qd := fingerprints()
		if r != qd || r == read {
			t.Errorf("after %s:\nread    %q\nqueried %q\nbefore  %q", q, r, qd, read)
		}
		read = r
	}
}
