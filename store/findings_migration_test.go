package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/openminerals/cmrt/risk"
)

// A database at the schema before 0009, with findings in every state
// (open as found, decided, gone) and their history, keeps all of it
// through migrations 0009 (the evidence in one column) and 0011 (one set
// of findings per supplier): IDs, when each was found from its first run,
// statuses, notes, events with their IDs; and the lifecycle goes on (a
// decision, a recompute that carries it over).
func TestMigrationsKeepFindings(t *testing.T) {
	ctx := context.Background()
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.version >= 9 {
			break
		}
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatal(m.name, err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (?, ?, 'x')`, m.version, m.name); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`INSERT INTO finding_runs (id, period, as_of, computed_at, rules, found, opened, gone, reopened) VALUES
			(1, 2025, '2025-12-31', '2026-01-05T10:00:00Z', 'default@x', 3, 3, 0, 0),
			(2, 2025, '2025-12-31', '2026-02-01T09:00:00Z', 'default@x', 2, 0, 1, 0)`,
		`INSERT INTO findings (id, period, key, code, severity, supplier_id, supplier, declaration_id, metal, cid, smelter, message,
			ev_file, ev_sheet, ev_cell, ev_value, ev_list, ev_list_date, status, status_by, status_at, note, gone_reason, created_at, first_run, last_run) VALUES
			(7, 2025, 'SMELTER_CAHRA|s1|tin|CID000001', 'SMELTER_CAHRA', 'high', 1, 'Acme', 3, 'Tin', 'CID000001', 'Alpha', 'Alpha is in a CAHRA',
			 'acme "2025".xlsx', 'Smelter List', 'E5', 'RWANDA', 'EU CAHRA indicative list (June 2026)', '2026-06-01',
			 'open', 'cmrt', '2026-01-05T10:00:00Z', '', '', '2026-01-05T10:00:00Z', 1, 1),
			(8, 2025, 'SMELTER_ACTIVE|s1|tin|CID000002', 'SMELTER_ACTIVE', 'medium', 1, 'Acme', 3, 'Tin', 'CID000002', 'Beta', 'Beta is active',
			 'acme.xlsx', 'Smelter List', 'A6', 'CID000002', 'status.xml', '2025-09-01',
			 'action-requested', 'anna', '2026-01-06T08:00:00Z', 'asked for the plan', '', '2026-01-05T10:00:00Z', 1, 1),
			(9, 2025, 'DECLARATION_STALE|s1||CMRT', 'DECLARATION_STALE', 'low', 1, 'Acme', 3, '', '', '', 'stale',
			 'acme.xlsx', 'Declaration', 'D9', '2023-01-01', '', '',
			 'gone', 'cmrt', '2026-02-01T09:00:00Z', '', 'no longer found (run 2)', '2026-01-05T10:00:00Z', 1, 2)`,
		`INSERT INTO finding_events (id, finding_id, at, by, from_status, to_status, note, run_id) VALUES
			(11, 8, '2026-01-06T08:00:00Z', 'anna', 'open', 'action-requested', 'asked for the plan', NULL),
			(12, 9, '2026-02-01T09:00:00Z', 'cmrt', 'open', 'gone', 'no longer found (run 2)', 2)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, to := st.SchemaUpgrade(); to < 9 {
		t.Fatalf("schema %d after Open", to)
	}
	all, err := st.Findings(ctx, FindingFilter{Period: 2025, Status: risk.StatusGone})
	if err != nil || len(all) != 1 || all[0].ID != 9 || all[0].Evidence.Value != "2023-01-01" ||
		len(all[0].History) != 2 || all[0].History[1].Note != "no longer found (run 2)" {
		t.Fatalf("gone findings: %+v, %v", all, err)
	}
	fs, err := st.Findings(ctx, FindingFilter{Period: 2025})
	if err != nil || len(fs) != 2 {
		t.Fatalf("findings: %+v, %v", fs, err)
	}
	byID := map[int64]risk.Finding{}
	for _, f := range fs {
		byID[f.ID] = f
	}
	cahra, active := byID[7], byID[8]
	want := risk.Evidence{File: `acme "2025".xlsx`, Sheet: "Smelter List", Cell: "E5", Value: "RWANDA", List: "EU CAHRA indicative list (June 2026)", ListDate: "2026-06-01"}
	if cahra.Evidence != want || cahra.Status != risk.StatusOpen || cahra.Message != "Alpha is in a CAHRA" || cahra.Smelter != "Alpha" ||
		len(cahra.History) != 1 || cahra.History[0].At != "2026-01-05T10:00:00Z" || cahra.History[0].Note != "found" {
		t.Errorf("finding 7 after migration: %+v", cahra)
	}
	if active.Status != risk.StatusActionRequested || len(active.History) != 2 || active.History[1].By != "anna" ||
		active.History[1].Note != "asked for the plan" || active.Evidence.Cell != "A6" {
		t.Errorf("finding 8 after migration: %+v", active)
	}
	// The decision's note is in the history, which names the period.
	var note, by string
	var period int
	if err := st.db.QueryRow(`SELECT note, by, period FROM finding_events WHERE id = 11`).Scan(&note, &by, &period); err != nil ||
		note != "asked for the plan" || by != "anna" || period != 2025 {
		t.Errorf("finding 8's decision: %q by %q in %d, %v", note, by, period, err)
	}
	var n int
	if err := st.db.QueryRow(`SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&n); err != nil || n != 0 {
		t.Errorf("foreign key check: %d rows, %v", n, err)
	}
	// The view shows the three findings as they were.
	var ids, statuses string
	if err := st.db.QueryRow(`SELECT group_concat(id, ',' ORDER BY id), group_concat(status, ',' ORDER BY id) FROM findings`).Scan(&ids, &statuses); err != nil ||
		ids != "7,8,9" || statuses != "open,action-requested,gone" {
		t.Errorf("the view after migration: %s / %s, %v", ids, statuses, err)
	}
	// The lifecycle goes on: a decision adds to the history, and a
	// recomputation that finds 8 again keeps it, and brings 9 back.
	if _, err := st.SetFindingStatus(ctx, 7, risk.StatusAcceptedRisk, "recycled only", "ben"); err != nil {
		t.Fatal(err)
	}
	again := []risk.Finding{active, all[0]}
	for i := range again {
		again[i].ID, again[i].History, again[i].Status = 0, nil, ""
	}
	run, err := st.SaveFindings(ctx, 2025, day("2025-12-31"), "default@x", nil, again)
	if err != nil {
		t.Fatal(err)
	}
	if run.Opened != 0 || run.Reopened != 1 || run.Gone != 1 {
		t.Errorf("run after migration: %+v", run)
	}
	// Finding 8 was found again as it was: its set changed (7 was
	// decided, 9 came back), but not its last run.
	var lastRun int64
	if err := st.db.QueryRow(`SELECT last_run FROM findings WHERE id = 8`).Scan(&lastRun); err != nil || lastRun != 1 {
		t.Errorf("after the first run: finding 8 last run %d, %v", lastRun, err)
	}
	// A new finding gets an ID never given before.
	more := append(again, risk.Finding{Code: "SMELTER_ACTIVE", Severity: risk.Medium, SupplierID: 1, Supplier: "Acme", Key: "SMELTER_ACTIVE|s1|tin|CID000003"})
	run, err = st.SaveFindings(ctx, 2025, day("2025-12-31"), "default@x", nil, more)
	if err != nil || run.Opened != 1 {
		t.Fatalf("run with a new finding: %+v, %v", run, err)
	}
	var newID int64
	if err := st.db.QueryRow(`SELECT id FROM findings WHERE key = 'SMELTER_ACTIVE|s1|tin|CID000003'`).Scan(&newID); err != nil || newID != 10 {
		t.Errorf("the new finding's ID: %d, %v; want 10", newID, err)
	}
	after, err := st.Findings(ctx, FindingFilter{Period: 2025})
	if err != nil || len(after) != 3 {
		t.Fatalf("after the run: %+v, %v", after, err)
	}
	for _, f := range after {
		switch f.ID {
		case 8:
			if f.Status != risk.StatusActionRequested {
				t.Errorf("8 lost its decision: %+v", f)
			}
		case 9:
			if f.Status != risk.StatusOpen || f.History[len(f.History)-1].Note != "found again" {
				t.Errorf("9 not back: %+v", f)
			}
		case 10:
		default:
			t.Errorf("unexpected finding %+v", f)
		}
	}
}
