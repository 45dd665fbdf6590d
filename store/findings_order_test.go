package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/openminerals/cmrt/risk"
)

// TestFindingsOrderAsSQLite: Findings orders in Go exactly as the ORDER BY
// it replaced (supplier under NOCASE, supplier ID, severity rank, code,
// metal, key), on suppliers that differ only in case, non-ASCII names
// (NOCASE folds ASCII only), ties broken late, and the history still
// follows its finding.
func TestFindingsOrderAsSQLite(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	suppliers := []string{"acme", "Acme", "ACME", "Äcme", "äcme", "beta", "Beta_", "beta ", "Zeta", "_x", ""}
	sevs := []risk.Severity{risk.High, risk.Medium, risk.Low, risk.Info}
	codes := []string{risk.CodeSmelterNotParticipating, risk.CodeSmelterActive, "SMELTER_CAHRA"}
	var fs []risk.Finding
	for i := range 300 {
		fs = append(fs, risk.Finding{Code: codes[rng.IntN(len(codes))], Severity: sevs[rng.IntN(len(sevs))],
			SupplierID: int64(rng.IntN(3)), Supplier: suppliers[rng.IntN(len(suppliers))],
			Metal: []string{"Gold", "gold", "Tin", ""}[rng.IntN(4)], Key: fmt.Sprintf("k%03d", rng.IntN(1000)+i*1000)})
	}
	if _, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs); err != nil {
		t.Fatal(err)
	}
	rows, err := st.db.QueryContext(ctx, `SELECT id FROM findings WHERE period = 2025 ORDER BY supplier COLLATE NOCASE, supplier_id,
		CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, code, metal, key`)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		want = append(want, id)
	}
	rows.Close()
	picked := want[len(want)/2]
	if _, err := st.SetFindingStatus(ctx, picked, risk.StatusResolved, "checked", "anna"); err != nil {
		t.Fatal(err)
	}
	for _, lean := range []bool{false, true} {
		got, err := st.Findings(ctx, FindingFilter{Period: 2025, WithoutHistory: lean})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, f := range got {
			ids = append(ids, f.ID)
			switch {
			case lean && f.History != nil:
				t.Errorf("finding %d: history %v without history asked", f.ID, f.History)
			case !lean && f.ID == picked && (len(f.History) != 2 || f.History[1].Note != "checked"):
				t.Errorf("finding %d: history %+v, want found then checked", f.ID, f.History)
			case !lean && f.ID != picked && len(f.History) != 1:
				t.Errorf("finding %d: history %+v, want found", f.ID, f.History)
			}
		}
		if !slices.Equal(ids, want) {
			t.Errorf("without history %v: order\n%v\nwant (SQLite)\n%v", lean, ids, want)
		}
	}
}
