package store

import (
	"context"
	"testing"

	"github.com/openminerals/cmrt/risk"
)

// TestInsertedAsFindingValues: a new finding is stored with the values
// findingValues gives (what an update writes), its evidence and content
// hash among them, whatever bytes its text holds; a run over the same
// findings then changes nothing.
func TestInsertedAsFindingValues(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	awkward := []string{"", "plain", `"quoted" \ back`, "unit\x1fsep", "line\nbreak\ttab", "bad \xff utf-8", "nul\x00byte", "ünïcödé ‮", "\u2028\u2029 / \\u0041"}
	var fs []risk.Finding
	for i, s := range awkward {
		fs = append(fs, risk.Finding{Code: risk.CodeSmelterActive, Severity: risk.Medium, SupplierID: int64(i + 1), Supplier: s,
			DeclarationID: int64(100 + i), Metal: "Gold", CID: s, Smelter: s, Message: s, Key: "k" + s,
			Evidence: risk.Evidence{File: s, Sheet: "Smelter List", Cell: "D5", Value: s, List: s + "x", ListDate: "2025-10-01"}})
	}
	if _, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs); err != nil {
		t.Fatal(err)
	}
	rows, err := st.db.QueryContext(ctx, `SELECT `+findingWriteColumns+` FROM findings ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for ; rows.Next(); i++ {
		got := make([]any, nFindingWriteColumns)
		ptrs := make([]any, len(got))
		for j := range got {
			ptrs[j] = &got[j]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		want := findingValues(&fs[i])
		for j := range want {
			if w, ok := want[j].(string); ok {
				if g, _ := got[j].(string); g != w {
					t.Errorf("finding %d, column %d: stored %q, want %q", i, j, g, w)
				}
			} else if got[j] != want[j] {
				t.Errorf("finding %d, column %d: stored %v, want %v", i, j, got[j], want[j])
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if i != len(fs) {
		t.Fatalf("%d findings stored, want %d", i, len(fs))
	}
	run, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs)
	if err != nil {
		t.Fatal(err)
	}
	var updated int
	if err := st.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings WHERE last_run = ?`, run.ID).Scan(&updated); err != nil {
		t.Fatal(err)
	}
	if run.Opened != 0 || run.Gone != 0 || updated != 0 {
		t.Fatalf("second run over the same findings: %d new, %d gone, %d rewritten; want none", run.Opened, run.Gone, updated)
	}
}
