package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/risk"
)

// TestStoredFindingsComeBackExactly: findings whose text holds any bytes
// (quotes, separators, control characters, invalid UTF-8, NUL) are read
// back exactly, through Findings and through the SQL view findings; a run
// over the same findings then rewrites no set.
func TestStoredFindingsComeBackExactly(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	awkward := []string{"", "plain", `"quoted" \ back`, "unit\x1fsep", "line\nbreak\ttab", "bad \xff utf-8", "nul\x00byte", "ünïcödé ‮", "\u2028\u2029 / \\u0041", `],[1,"x"]`}
	var fs []risk.Finding
	for i, s := range awkward {
		fs = append(fs, risk.Finding{Code: risk.CodeSmelterActive, Severity: risk.Medium, SupplierID: int64(i%3 + 1), Supplier: s,
			DeclarationID: int64(100 + i), Metal: "Gold", CID: s, Smelter: s, Message: s, Key: "k" + s,
			Evidence: risk.Evidence{File: s, Sheet: "Smelter List", Cell: "D5", Value: s, List: s + "x", ListDate: "2025-10-01"}})
	}
	if _, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs); err != nil {
		t.Fatal(err)
	}
	got, err := st.Findings(ctx, FindingFilter{Period: 2025, WithoutHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]risk.Finding{}
	for _, f := range got {
		byKey[f.Key] = f
	}
	if len(byKey) != len(fs) {
		t.Fatalf("%d findings read back, want %d", len(byKey), len(fs))
	}
	for _, want := range fs {
		g := byKey[want.Key]
		if g.ID == 0 || g.Status != risk.StatusOpen || g.Period != 2025 || g.Supplier != want.Supplier || g.SupplierID != want.SupplierID ||
			g.DeclarationID != want.DeclarationID || g.CID != want.CID || g.Smelter != want.Smelter || g.Message != want.Message ||
			g.Evidence != want.Evidence || g.Code != want.Code || g.Severity != want.Severity {
			t.Errorf("read back %+v\nwant %+v", g, want)
		}
	}
	// Stored as text, which SQLite's JSON functions read as JSON (a BLOB
	// would be read as its binary JSONB).
	var blobs int
	if err := st.db.QueryRow(`SELECT COUNT(*) FROM finding_sets WHERE typeof(findings) <> 'text'`).Scan(&blobs); err != nil || blobs != 0 {
		t.Errorf("%d sets not stored as text, %v", blobs, err)
	}
	// The view shows each finding once, with the same text.
	rows, err := st.db.QueryContext(ctx, `SELECT id, key, supplier_id, message, evidence ->> 0, status, severity FROM findings WHERE period = 2025`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var id, supplierID int64
		var key, message, file, status, severity string
		if err := rows.Scan(&id, &key, &supplierID, &message, &file, &status, &severity); err != nil {
			t.Fatal(err)
		}
		g := byKey[key]
		if id != g.ID || supplierID != g.SupplierID || message != g.Message || file != g.Evidence.File || status != "open" || severity != "medium" {
			t.Errorf("view row %d %q: %q %q %s %s; want %+v", id, key, message, file, status, severity, g)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if n != len(fs) {
		t.Errorf("the view shows %d findings, want %d", n, len(fs))
	}
	before := setBodies(t, st)
	run, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs)
	if err != nil {
		t.Fatal(err)
	}
	if run.Opened != 0 || run.Gone != 0 {
		t.Fatalf("second run over the same findings: %d new, %d gone; want none", run.Opened, run.Gone)
	}
	after := setBodies(t, st)
	if len(after) != len(before) {
		t.Fatalf("%d sets, then %d", len(before), len(after))
	}
	for id, body := range before {
		if after[id] != body {
			t.Errorf("set %d rewritten by a run over the same findings:\n%s\n%s", id, body, after[id])
		}
	}
}

// setBodies maps each finding set's row to its JSON.
func setBodies(t *testing.T, st *Store) map[int64]string {
	t.Helper()
	rows, err := st.db.Query(`SELECT id, findings FROM finding_sets`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			t.Fatal(err)
		}
		out[id] = body
	}
	return out
}

// A set whose JSON is damaged (by hand, or a disk) gives an error that
// names its row, never a panic or a half-read listing.
func TestDamagedSetIsAnError(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	fs := []risk.Finding{{Code: risk.CodeSmelterActive, Severity: risk.Medium, SupplierID: 1, Supplier: "A", Key: "k1"}}
	if _, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs); err != nil {
		t.Fatal(err)
	}
	var good string
	if err := st.db.QueryRow(`SELECT findings FROM finding_sets`).Scan(&good); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "[", good[:len(good)-1], good + "x", `[[1]]`, `[[1,"k","C","urgent","A",0,"","","","",["","","","","",""],"open",1,1]]`,
		`[[1,"k","C","high","A",0,"","","","",["","","","","",""],"closed",1,1]]`, `[[1,"k","C","high","A",0,"","","","",["",""],"open",1,1]]`,
		`[[1,"k\u","C","high","A",0,"","","","",["","","","","",""],"open",1,1]]`,
		`[[99999999999999999999,"k","C","high","A",0,"","","","",["","","","","",""],"open",1,1]]`} {
		if _, err := st.db.Exec(`UPDATE finding_sets SET findings = ?`, bad); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Findings(ctx, FindingFilter{Period: 2025}); err == nil {
			t.Errorf("%q: read without an error", bad)
		}
		if _, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs); err == nil {
			t.Errorf("%q: saved over without an error", bad)
		}
	}
	// Two findings with one key (the schema cannot prevent it: the sets
	// are JSON) are listed, but a recomputation refuses to carry them over.
	twice := `[[1,"k1","C","high","A",0,"","","","",["","","","","",""],"open",1,1],[2,"k1","C","high","A",0,"","","","",["","","","","",""],"open",1,1]]`
	if _, err := st.db.Exec(`UPDATE finding_sets SET findings = ?`, twice); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs); err == nil || !strings.Contains(err.Error(), `share the key "k1"`) {
		t.Errorf("two findings with one key: %v", err)
	}
}

// Sets are written as soon as a part of the findings comes without them;
// a supplier whose findings come again in a later part has its set
// rewritten with all of them. The stored findings are those of the same
// findings saved in one part.
func TestSetsWrittenBetweenParts(t *testing.T) {
	ctx := context.Background()
	finding := func(supplier int64, key string) risk.Finding {
		return risk.Finding{Code: risk.CodeSmelterActive, Severity: risk.Medium, SupplierID: supplier, Supplier: fmt.Sprint("S", supplier), Key: key}
	}
	parts := [][]risk.Finding{
		{finding(3, "c1")},
		{finding(1, "a1")},
		{finding(2, "b1")},
		{finding(3, "c2")}, // 3 again, after its set was written
	}
	save := func(st *Store, parts [][]risk.Finding) (*FindingsRun, []risk.Finding) {
		t.Helper()
		run, err := st.saveFindings(ctx, 2025, day("2025-12-31"), "test", nil, nil, func(_ queryer, emit func([]risk.Finding)) error {
			for _, p := range parts {
				emit(slices.Clone(p))
			}
			return nil
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := st.Findings(ctx, FindingFilter{Period: 2025, WithoutHistory: true})
		if err != nil {
			t.Fatal(err)
		}
		return run, fs
	}
	inParts := openTemp(t)
	run, got := save(inParts, parts)
	if run.Opened != 4 || len(got) != 4 {
		t.Fatalf("%d opened, %d listed; want 4", run.Opened, len(got))
	}
	var one []risk.Finding
	for _, p := range parts {
		one = append(one, p...)
	}
	_, want := save(openTemp(t), [][]risk.Finding{one})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("saved in parts:\n%+v\nin one:\n%+v", got, want)
	}
	// Supplier 3's set was written first (after the second part), then
	// rewritten with both of its findings.
	var row int64
	var keys string
	if err := inParts.db.QueryRow(`SELECT id, (SELECT group_concat(key, ' ') FROM findings WHERE supplier_id = 3) FROM finding_sets WHERE supplier_id = 3`).Scan(&row, &keys); err != nil ||
		row != 1 || keys != "c1 c2" {
		t.Errorf("supplier 3's set: row %d, %q, %v; want row 1, c1 c2", row, keys, err)
	}
}

// A stored finding whose code no rule has any more (an older version's)
// is listed without rule text, not with the text of the one before it.
func TestStoredFindingOfAnOldCode(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	fs := []risk.Finding{
		{Code: risk.CodeSmelterActive, Severity: risk.Medium, SupplierID: 1, Supplier: "A", Key: "k1"},
		{Code: "SMELTER_RETIRED_CODE", Severity: risk.Low, SupplierID: 1, Supplier: "A", Key: "k2"},
	}
	if _, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "test", nil, fs); err != nil {
		t.Fatal(err)
	}
	got, err := st.Findings(ctx, FindingFilter{Period: 2025})
	if err != nil || len(got) != 2 {
		t.Fatalf("%+v, %v", got, err)
	}
	for _, f := range got {
		known := f.Code == risk.CodeSmelterActive
		if (f.Title != "") != known || (f.Action != "") != known || len(f.History) != 1 {
			t.Errorf("%s: title %q, action %q, %d steps of history", f.Code, f.Title, f.Action, len(f.History))
		}
	}
}
