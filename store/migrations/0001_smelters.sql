-- 0001: RMI smelter and refiner lists, and reviewers' matching decisions.
--
-- Every refresh of a list is a snapshot; facilities, aliases, statuses and
-- revisions belong to their snapshot, so a report can be re-run against the
-- lists in force on a past date. Dates are TEXT 'YYYY-MM-DD', instants TEXT
-- RFC 3339 in UTC.

CREATE TABLE smelter_snapshots (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('lookup', 'standard', 'conformant', 'active', 'status', 'revisions')),
    source         TEXT    NOT NULL,              -- file name as loaded
    sha256         TEXT    NOT NULL,              -- of the file (of the rows, for a supplier's look-up)
    format         TEXT    NOT NULL,              -- spreadsheetml, xlsx, csv, lookup-rows
    sheet          TEXT    NOT NULL DEFAULT '',
    header_row     INTEGER NOT NULL DEFAULT 0,
    list_date      TEXT,                          -- the list's own date, NULL when unknown
    date_source    TEXT    NOT NULL DEFAULT '',   -- where list_date came from
    loaded_at      TEXT    NOT NULL,
    effective_date TEXT    NOT NULL,              -- list_date, else the day loaded; orders snapshots
    row_count      INTEGER NOT NULL,              -- data rows, pseudo rows included
    facility_count INTEGER NOT NULL,
    alias_count    INTEGER NOT NULL,
    pseudo_count   INTEGER NOT NULL,              -- "Smelter not listed", "Smelter not yet identified"
    revision_count INTEGER NOT NULL,
    warnings       TEXT    NOT NULL DEFAULT '',   -- one per line
    UNIQUE (sha256, kind)                         -- loading the same file twice is a no-op
);

-- The metals a snapshot covers: a reference list is in force for these.
CREATE TABLE smelter_snapshot_metals (
    snapshot_id INTEGER NOT NULL REFERENCES smelter_snapshots (id) ON DELETE CASCADE,
    metal       TEXT    NOT NULL,
    row_count   INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, metal)
);

-- One facility per CID and metal per snapshot, with its status when the
-- snapshot is a status list.
CREATE TABLE smelter_facilities (
    id                  INTEGER PRIMARY KEY,
    snapshot_id         INTEGER NOT NULL REFERENCES smelter_snapshots (id) ON DELETE CASCADE,
    cid                 TEXT    NOT NULL,
    non_rmi             INTEGER NOT NULL DEFAULT 0 CHECK (non_rmi IN (0, 1)),
    metal               TEXT    NOT NULL,
    name                TEXT    NOT NULL,        -- standard smelter name
    country             TEXT    NOT NULL DEFAULT '',
    state               TEXT    NOT NULL DEFAULT '',
    city                TEXT    NOT NULL DEFAULT '',
    street              TEXT    NOT NULL DEFAULT '',
    id_source           TEXT    NOT NULL DEFAULT '',
    status              TEXT    NOT NULL DEFAULT ''
                        CHECK (status IN ('', 'conformant', 'active', 'non-conformant', 'other', 'not listed')),
    status_text         TEXT    NOT NULL DEFAULT '', -- as published
    last_audit          TEXT,
    audit_cycle         TEXT    NOT NULL DEFAULT '', -- as published
    reaudit_due         TEXT,                        -- derived: last_audit + audit_cycle
    reaudit_in_progress INTEGER NOT NULL DEFAULT 0 CHECK (reaudit_in_progress IN (0, 1)),
    extra               TEXT    NOT NULL DEFAULT '{}', -- JSON: other columns, verbatim
    source_row          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (snapshot_id, cid, metal)
);
CREATE INDEX smelter_facilities_cid ON smelter_facilities (cid);

-- The names a supplier may know a facility by, in list order.
CREATE TABLE smelter_aliases (
    facility_id INTEGER NOT NULL REFERENCES smelter_facilities (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    alias       TEXT    NOT NULL,
    PRIMARY KEY (facility_id, position)
);

-- RMI's revision history of the standard list.
CREATE TABLE smelter_revisions (
    id            INTEGER PRIMARY KEY,
    snapshot_id   INTEGER NOT NULL REFERENCES smelter_snapshots (id) ON DELETE CASCADE,
    metal         TEXT    NOT NULL,
    cid           TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    country       TEXT    NOT NULL DEFAULT '',
    basis         TEXT    NOT NULL DEFAULT '',
    details       TEXT    NOT NULL DEFAULT '',
    revision_date TEXT,
    added_date    TEXT,
    source_row    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX smelter_revisions_cid ON smelter_revisions (cid);

-- Reviewers' decisions: this declared name, for this metal, is this CID.
-- A new decision for the same name and metal replaces the old one, which is
-- kept with its replaced_at.
CREATE TABLE smelter_mappings (
    id          INTEGER PRIMARY KEY,
    mapping_key TEXT NOT NULL,  -- smelters.MappingKey(name, metal)
    name        TEXT NOT NULL,  -- as declared
    metal       TEXT NOT NULL,
    cid         TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    replaced_at TEXT
);
CREATE UNIQUE INDEX smelter_mappings_current ON smelter_mappings (mapping_key) WHERE replaced_at IS NULL;
