package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/store"
)

// writingCommands are the commands that change the database, by their path
// under cmrt. Only these create a missing database or migrate an old one;
// every other command opens it read-only, so a mistyped --db is an error
// rather than a new empty database, and a database on a read-only medium
// can be read. A command missing here that tries to write fails loudly
// (SQLite refuses), which TestDatabaseAccessPerCommand also catches.
var writingCommands = map[string]bool{
	"import":                  true,
	"migrate":                 true,
	"smelters refresh":        true,
	"smelters map":            true,
	"smelters unmap":          true,
	"smelters rematch":        true,
	"smelters snapshots drop": true,
	"suppliers merge":         true,
	"suppliers rename":        true,
	"suppliers import":        true,
	"data import":             true,
	"findings":                true, // stores the findings it computes
	"findings set":            true,
	"serve":                   true, // imports, status changes, mappings, list refreshes
}

// writesExistingOnly are writing commands with nothing to do on a database
// that does not exist yet: a mistyped --db is an error for them too.
var writesExistingOnly = map[string]bool{
	"findings":     true,
	"findings set": true,
}

// readOnlyWith names, for a writing command, the flag with which it only
// reads: a dry run previews against the database and stores nothing, so
// it works on a read-only copy and does not create a mistyped --db.
var readOnlyWith = map[string]string{
	"import": "dry-run",
}

// writesWith names, for a reading command, the flags with which it writes:
// `suppliers --period` ranks suppliers, which computes and stores the
// period's findings as `cmrt findings` does.
var writesWith = map[string][]string{
	"suppliers": {"period", "as-of", "rules", "risk", "designation"},
}

// writes reports whether the running command changes the database.
func writes(c *cli.Context) bool {
	cmd := commandPath(c)
	if flag := readOnlyWith[cmd]; flag != "" && c.Bool(flag) {
		return false
	}
	for _, flag := range writesWith[cmd] {
		if c.IsSet(flag) {
			return true
		}
	}
	return writingCommands[cmd]
}

// commandPath is the running command's path under cmrt ("smelters list");
// urfave/cli's FullName gives only the last name.
func commandPath(c *cli.Context) string {
	var names []string
	for _, ctx := range c.Lineage() {
		// The root context's command stands for the app itself.
		if ctx.Command != nil && ctx.Command.Name != c.App.Name &&
			(len(names) == 0 || names[len(names)-1] != ctx.Command.Name) {
			names = append(names, ctx.Command.Name)
		}
	}
	slices.Reverse(names)
	return strings.Join(names, " ")
}

// dbPath is the database the global --db flag (or $CMRT_DB) names.
func dbPath(c *cli.Context) string {
	if p := c.String("db"); p != "" {
		return p
	}
	return defaultDBPath()
}

// openStore opens the database named by --db: for writing (created and
// migrated when needed) if the running command writes (see writes),
// read-only otherwise.
func openStore(c *cli.Context) (*store.Store, error) {
	path := dbPath(c)
	cmd := commandPath(c)
	var st *store.Store
	var err error
	if writes(c) && writesExistingOnly[cmd] {
		if _, statErr := os.Stat(path); errors.Is(statErr, fs.ErrNotExist) {
			return nil, dbOpenError(path, cmd, fmt.Errorf("%w at %s", store.ErrNoDatabase, path))
		}
	}
	if writes(c) {
		st, err = store.Open(path)
	} else {
		st, err = store.OpenReadOnly(path)
	}
	if err != nil {
		return nil, dbOpenError(path, cmd, err)
	}
	return st, nil
}

// dbOpenError says what the user can do about a database that could not
// be opened. A database that is missing, outdated, not ours or not
// writable is exit 2, like any input that cannot be used; the rest is 3.
func dbOpenError(path, cmd string, err error) error {
	var se *store.SchemaError
	switch {
	case errors.Is(err, store.ErrNoDatabase):
		return cli.Exit(fmt.Sprintf("%v; run `cmrt import` first, or check --db", err), exitUsage)
	case errors.Is(err, store.ErrSchemaOutdated) && errors.As(err, &se):
		return cli.Exit(fmt.Sprintf("database %s: schema version %d, this cmrt needs %d: run `cmrt migrate` "+
			"(or any command that writes, such as `cmrt import`) to upgrade it; `cmrt %s` only reads, "+
			"and commands that only read never change the database", path, se.Have, se.Want, cmd), exitUsage)
	case errors.Is(err, store.ErrSchemaTooNew) && errors.As(err, &se):
		return cli.Exit(fmt.Sprintf("database %s: schema version %d was written by a newer cmrt (this one knows up to %d): "+
			"use that version", path, se.Have, se.Want), exitUsage)
	case errors.Is(err, store.ErrReadOnly):
		return cli.Exit(fmt.Sprintf("database %s cannot be written here (read-only file, folder or medium), "+
			"and `cmrt %s` writes: %v", path, cmd, err), exitUsage)
	case errors.Is(err, store.ErrNotDatabase), errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission):
		return cli.Exit(fmt.Sprintf("database %s: %v", path, err), exitUsage)
	}
	return cli.Exit(fmt.Sprintf("database %s: %v", path, err), exitInternal)
}

// migrateCommand creates the database or brings its schema up to date, for
// when the next commands only read.
func migrateCommand() *cli.Command {
	return &cli.Command{
		Name:  "migrate",
		Usage: "create the database, or upgrade its schema to this cmrt's version",
		Description: `Commands that only read (suppliers, declarations, smelters list, ...) never
create or change the database: after installing a newer cmrt, they ask for
its schema to be upgraded. Any command that writes (import, smelters
refresh, ...) upgrades it too; this one does only that.

Example:
   cmrt migrate
   cmrt --db /shares/compliance/cmrt.db migrate --format json`,
		Flags: []cli.Flag{formatFlag()},
		Action: storeAction(0, 0, func(c *cli.Context, st *store.Store, _ []string, format string) error {
			from, to := st.SchemaUpgrade()
			w := c.App.Writer
			switch format {
			case "json":
				return writeJSON(w, struct {
					Database string `json:"database"`
					From     int    `json:"from_version"`
					To       int    `json:"to_version"`
				}{st.Path(), from, to})
			case "csv":
				t := Table{Header: []string{"database", "from_version", "to_version"}}
				t.Add(st.Path(), strconv.Itoa(from), strconv.Itoa(to))
				return t.Write(w, "csv")
			}
			switch {
			case from == to:
				printf(w, "%s: schema version %d, up to date\n", st.Path(), to)
			case from == 0:
				printf(w, "%s: created, schema version %d\n", st.Path(), to)
			default:
				printf(w, "%s: schema upgraded from version %d to %d\n", st.Path(), from, to)
			}
			return nil
		}),
	}
}
