package store

import (
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/openminerals/cmrt/risk"
)

// A stored finding gives back exactly what was stored, whatever the bytes
// (quotes, backslashes, control characters, non-ASCII, invalid UTF-8 in a
// file name), and what SQLite's json_array wrote (migration 0011's
// encoding) reads as the same finding.
func TestStoredFindingRoundTrip(t *testing.T) {
	evidence := []risk.Evidence{
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
	for i, e := range evidence {
		f := storedFinding{Finding: risk.Finding{ID: int64(i + 1), Key: "SMELTER_CAHRA|s1|tin|" + e.Value, Code: "SMELTER_CAHRA", Severity: risk.High,
			Supplier: e.Value + " Ltd", DeclarationID: 42, Metal: "Tin", CID: e.Cell, Smelter: e.File, Message: e.List + "\n", Evidence: e,
			Status: risk.StatusAcceptedRisk}, firstRun: 3, lastRun: 7}
		enc := string(appendStoredFinding(nil, &f))
		got, err := decodeStoredFinding(enc)
		if err != nil || !reflect.DeepEqual(got.Finding, f.Finding) || got.firstRun != 3 || got.lastRun != 7 || got.raw != enc {
			t.Errorf("%q: decoded %+v, %v; want %+v", enc, got, err, f)
		}
		var sqliteJSON string
		if err := db.QueryRow(`SELECT json_array(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, json_array(?, ?, ?, ?, ?, ?), ?, ?, ?)`,
			f.ID, f.Key, f.Code, string(f.Severity), f.Supplier, f.DeclarationID, f.Metal, f.CID, f.Smelter, f.Message,
			e.File, e.Sheet, e.Cell, e.Value, e.List, e.ListDate, string(f.Status), f.firstRun, f.lastRun).Scan(&sqliteJSON); err != nil {
			t.Fatal(err)
		}
		got, err = decodeStoredFinding(sqliteJSON)
		if err != nil {
			t.Errorf("json_array %q: %v", sqliteJSON, err)
		} else if !reflect.DeepEqual(got.Finding, f.Finding) && !strings.ContainsRune(got.Evidence.File+got.Smelter, 0xFFFD) {
			t.Errorf("json_array %q: decoded %+v, want %+v", sqliteJSON, got.Finding, f.Finding)
		}
		// SQLite can take the stored form apart.
		if e.File == strings.ToValidUTF8(e.File, "") {
			var file string
			var first int64
			if err := db.QueryRow(`SELECT ? -> 10 ->> 0, ? ->> 12`, enc, enc).Scan(&file, &first); err != nil || file != e.File || first != 3 {
				t.Errorf("SQLite reading %q: %q %d %v", enc, file, first, err)
			}
		}
	}
	good := `[1,"k","C","high","A",0,"","","","",["","","","","",""],"open",1,1]`
	if _, err := decodeStoredFinding(good); err != nil {
		t.Fatalf("%s: %v", good, err)
	}
	for _, bad := range []string{"", "[]", good[:len(good)-1], good + ",", strings.Replace(good, `"open"`, `"closed"`, 1),
		strings.Replace(good, `"high"`, `"urgent"`, 1), strings.Replace(good, `,"",""],`, `,""],`, 1), strings.Replace(good, `[1,`, `[1.5,`, 1),
		strings.Replace(good, `"k"`, `"\x"`, 1), strings.Replace(good, `"k"`, `"\u12"`, 1), strings.Replace(good, `"k"`, `k`, 1), `{}`} {
		if f, err := decodeStoredFinding(bad); err == nil {
			t.Errorf("%q decoded without error: %+v", bad, f)
		}
	}
}

func FuzzStoredFinding(f *testing.F) {
	f.Add("a.xlsx", "Smelter List", `"x"\y`, "list", int64(3), "\xff")
	f.Fuzz(func(t *testing.T, file, sheet, value, list string, id int64, text string) {
		sf := storedFinding{Finding: risk.Finding{ID: id, Key: text, Code: text, Severity: risk.Low, Supplier: text, DeclarationID: -id,
			Metal: text, CID: text, Smelter: text, Message: text, Status: risk.StatusOpen,
			Evidence: risk.Evidence{File: file, Sheet: sheet, Cell: text, Value: value, List: list, ListDate: text}}, firstRun: id, lastRun: id}
		enc := string(appendStoredFinding(nil, &sf))
		got, err := decodeStoredFinding(enc)
		if err != nil || !reflect.DeepEqual(got.Finding, sf.Finding) || got.firstRun != id || got.lastRun != id {
			t.Fatalf("%q: got %+v, %v", enc, got, err)
		}
	})
}

// Whatever a set's JSON holds, decodeSet returns findings whose arrays are
// where it says, or an error: never a panic.
func FuzzDecodeSet(f *testing.F) {
	f.Add(`[[1,"k","C","high","A",0,"","","","",["","","","","",""],"open",1,1]]`)
	f.Add(`[[1,"k","C","high","A",0,"","","","",["","","","","",""],"open",1,1], [2,"k\"2","C","low","A",0,"","","","",["","","","","",""],"gone",1,2]]`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, body string) {
		for _, light := range []bool{true, false} {
			_ = decodeSet(body, light, func(sf *storedFinding) error {
				if body[sf.at:sf.at+len(sf.raw)] != sf.raw || sf.raw[0] != '[' || sf.raw[len(sf.raw)-1] != ']' {
					t.Fatalf("%q: finding %d's array %q is not at %d", body, sf.ID, sf.raw, sf.at)
				}
				return nil
			})
		}
	})
}
