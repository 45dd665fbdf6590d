package store

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/openminerals/cmrt/risk"
)

// The evidence column gives back exactly what was stored, whatever the
// bytes (quotes, backslashes, control characters, non-ASCII, invalid
// UTF-8 in a file name), and reads what SQLite's json_array wrote (the
// migration's encoding) as the same evidence.
func TestEvidenceRoundTrip(t *testing.T) {
	cases := []risk.Evidence{
		{},
		{File: "supplier-0000.xlsx", Sheet: "Smelter List", Cell: "E11", Value: "MYANMAR", List: "EU CAHRA indicative list (June 2026)", ListDate: "2026-06-01"},
		{File: `C:\data\"Acme" 2025.xlsx`, Sheet: "Declaration", Cell: "D56", Value: "tab\there\nnew\rline\x00nul\x1fus\x7fdel\b\f"},
		{File: "caf\xe9-latin1.xlsx", Value: "中文 ÜML € 😀", List: "\u2028\u2029"},
		{Value: `\u0041 is not an escape here`, ListDate: `"]`},
	}
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, e := range cases {
		enc := encodeEvidence(&e)
		var got risk.Evidence
		if err := decodeEvidence(enc, &got); err != nil || got != e {
			t.Errorf("%q: decoded %+v, %v; want %+v", enc, got, err, e)
		}
		var sqliteJSON string
		if err := db.QueryRow(`SELECT json_array(?, ?, ?, ?, ?, ?)`, e.File, e.Sheet, e.Cell, e.Value, e.List, e.ListDate).Scan(&sqliteJSON); err != nil {
			t.Fatal(err)
		}
		got = risk.Evidence{}
		if err := decodeEvidence(sqliteJSON, &got); err != nil {
			t.Errorf("json_array %q: %v", sqliteJSON, err)
		} else if got != e && isUTF8(e) {
			t.Errorf("json_array %q: decoded %+v, want %+v", sqliteJSON, got, e)
		}
		// SQLite can take the stored form apart.
		var file, date string
		if isUTF8(e) {
			if err := db.QueryRow(`SELECT json_extract(?, '$[0]'), json_extract(?, '$[5]')`, enc, enc).Scan(&file, &date); err != nil || file != e.File || date != e.ListDate {
				t.Errorf("json_extract of %q: %q %q %v", enc, file, date, err)
			}
		}
	}
	for _, bad := range []string{"", "[]", `["a","b","c","d","e"]`, `["a","b","c","d","e","f","g"]`, `["a","b","c","d","e","f`, `["\x"]`, `["\u12"]`, `{}`} {
		var e risk.Evidence
		if err := decodeEvidence(bad, &e); err == nil {
			t.Errorf("%q decoded without error: %+v", bad, e)
		}
	}
}

func isUTF8(e risk.Evidence) bool {
	for _, s := range []string{e.File, e.Sheet, e.Cell, e.Value, e.List, e.ListDate} {
		for _, r := range s {
			if r == 0xFFFD {
				return false
			}
		}
	}
	return true
}

func FuzzEvidence(f *testing.F) {
	f.Add("a.xlsx", "Smelter List", "E11", `"x"\y`, "list", "2026-06-01")
	f.Fuzz(func(t *testing.T, a, b, c, d, e, g string) {
		ev := risk.Evidence{File: a, Sheet: b, Cell: c, Value: d, List: e, ListDate: g}
		var got risk.Evidence
		if err := decodeEvidence(encodeEvidence(&ev), &got); err != nil || got != ev {
			t.Fatalf("%+v: got %+v, %v", ev, got, err)
		}
	})
}
