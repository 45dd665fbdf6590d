-- 0009: findings stored more compactly, so that a season's first
-- computation (tens of thousands of findings) is written faster.
--
--  - the six evidence columns become one, `evidence`: a JSON array of six
--    strings [file, sheet, cell, value, list, list date] (readable, and
--    json_extract(evidence, '$[0]') gives the file);
--  - `created_at` goes: a finding was first found at its first run's
--    computed_at (finding_runs), which is what created_at always held;
--  - `status_by` and `status_at` are '' while the finding stands as it was
--    found (open, by cmrt, at its first run); a decision or a recomputation
--    that changes the status fills them, as before;
--  - `content_hash` sums up the computed content (code to evidence), so
--    that a recomputation tells a changed finding without reading the
--    content back; rows migrated here have 0 and are hashed by the next
--    computation (their content is compared once);
--  - one index, findings_key (see below), instead of two;
--  - the CHECKs on severity and status compare with each value in turn:
--    SQLite evaluates `IN (...)` through a small temporary index, which made
--    them a sixth of the cost of inserting a season's findings.
--
-- SQLite cannot change a table's columns in place with these constraints,
-- so the table is rebuilt. Foreign keys are on during migrations, and
-- dropping findings would cascade to finding_events: the events are set
-- aside first and put back with their IDs.

CREATE TEMP TABLE finding_events_kept AS SELECT * FROM finding_events;
DROP TABLE finding_events;

CREATE TABLE findings_new (
    id             INTEGER PRIMARY KEY,
    period         INTEGER NOT NULL,
    key            TEXT    NOT NULL,
    code           TEXT    NOT NULL,
    severity       TEXT    NOT NULL
                   CHECK (severity = 'high' OR severity = 'medium' OR severity = 'low' OR severity = 'info'),
    supplier_id    INTEGER NOT NULL DEFAULT 0,  -- 0: a register entry linked to no supplier
    supplier       TEXT    NOT NULL,
    declaration_id INTEGER NOT NULL DEFAULT 0,
    metal          TEXT    NOT NULL DEFAULT '',
    cid            TEXT    NOT NULL DEFAULT '',
    smelter        TEXT    NOT NULL DEFAULT '',
    message        TEXT    NOT NULL DEFAULT '',
    evidence       TEXT    NOT NULL DEFAULT '["","","","","",""]', -- JSON: [file, sheet, cell, value, list, list date]
    content_hash   INTEGER NOT NULL DEFAULT 0,  -- of the content above (store.contentHash); 0: not yet hashed
    status         TEXT    NOT NULL DEFAULT 'open'
                   CHECK (status = 'open' OR status = 'action-requested' OR status = 'resolved' OR
                          status = 'accepted-risk' OR status = 'gone'),
    status_by      TEXT    NOT NULL DEFAULT '', -- '' while as found (by cmrt at first_run)
    status_at      TEXT    NOT NULL DEFAULT '', -- '' while as found (first_run's computed_at)
    note           TEXT    NOT NULL DEFAULT '',
    gone_reason    TEXT    NOT NULL DEFAULT '',
    first_run      INTEGER NOT NULL REFERENCES finding_runs (id), -- its computed_at: when first found
    last_run       INTEGER NOT NULL REFERENCES finding_runs (id)  -- the run that last changed it
);

INSERT INTO findings_new (id, period, key, code, severity, supplier_id, supplier, declaration_id, metal, cid, smelter,
        message, evidence, status, status_by, status_at, note, gone_reason, first_run, last_run)
    SELECT id, period, key, code, severity, supplier_id, supplier, declaration_id, metal, cid, smelter,
        message, json_array(ev_file, ev_sheet, ev_cell, ev_value, ev_list, ev_list_date), status, status_by, status_at,
        note, gone_reason, first_run, last_run
    FROM findings;

DROP TABLE findings;
ALTER TABLE findings_new RENAME TO findings;
-- The key identifies a finding across runs, and it names the supplier
-- (risk.Finding.Key: code|s<supplier ID>|… or code|r:<name>|… for ID 0),
-- so (period, supplier_id, key) is unique exactly when (period, key) is;
-- the one index also finds a supplier's findings (it replaces
-- findings_supplier, one index fewer to keep up per finding stored).
CREATE UNIQUE INDEX findings_key ON findings (period, supplier_id, key);

CREATE TABLE finding_events (
    id          INTEGER PRIMARY KEY,
    finding_id  INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    at          TEXT    NOT NULL,
    by          TEXT    NOT NULL,
    from_status TEXT    NOT NULL DEFAULT '',
    to_status   TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    run_id      INTEGER REFERENCES finding_runs (id)
);
INSERT INTO finding_events (id, finding_id, at, by, from_status, to_status, note, run_id)
    SELECT id, finding_id, at, by, from_status, to_status, note, run_id FROM finding_events_kept;
DROP TABLE finding_events_kept;
CREATE INDEX finding_events_finding ON finding_events (finding_id);
