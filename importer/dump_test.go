package importer

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// dumpTables prints every row of every table of the database at path, in
// rowid order, with instants (columns ending in _at) reduced to whether
// they are set: the same input must give these same lines.
func dumpTables(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	total := 0
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `" ORDER BY rowid`)
		if err != nil { // a WITHOUT ROWID table
			rows, err = db.Query(`SELECT * FROM "` + table + `" ORDER BY 1, 2`)
		}
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			b.WriteString(table)
			for i, c := range cols {
				v := vals[i]
				if strings.HasSuffix(c, "_at") && v != nil {
					v = "<set>"
				}
				fmt.Fprintf(&b, " %s=%v", c, v)
			}
			b.WriteByte('\n')
			total++
		}
		rows.Close()
	}
	if total == 0 {
		t.Fatal("empty database")
	}
	return b.String()
}
