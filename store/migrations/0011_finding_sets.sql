-- 0011: a period's findings stored one row per supplier, not one row per
-- finding, so that a season's first computation (some 60,000 findings
-- over 1,000 suppliers) writes a thousand rows instead of sixty thousand
-- rows and their index entries: that was a third of `cmrt findings`'s
-- first run.
--
-- finding_sets holds, per period and supplier (supplier_id 0: register
-- entries linked to no supplier, each finding naming its own), the
-- supplier's findings as a JSON array, one array per finding:
--
--   [id, key, code, severity, supplier, declaration_id, metal, cid,
--    smelter, message, [file, sheet, cell, value, list, list date],
--    status, first_run, last_run]
--
-- the JSON as SQLite's json_array writes it (", \ and control characters
-- escaped, every other byte as it is). A finding keeps its ID for good;
-- min_id and max_id find the set that holds an ID. Who decided what, when
-- and why is in finding_events (the history), which now names the period
-- itself. The view `findings` shows the findings one row each, with the
-- columns they had, for reading with SQL.
--
-- Dropping findings would cascade to finding_events (foreign keys are on
-- during migrations): the events are rebuilt first, without that key.

CREATE TABLE finding_sets (
    id          INTEGER PRIMARY KEY,
    period      INTEGER NOT NULL,
    supplier_id INTEGER NOT NULL,
    found       INTEGER NOT NULL,  -- findings in the set, gone ones included
    min_id      INTEGER NOT NULL,
    max_id      INTEGER NOT NULL,
    findings    TEXT    NOT NULL,  -- JSON, see above
    UNIQUE (period, supplier_id)
);

INSERT INTO finding_sets (period, supplier_id, found, min_id, max_id, findings)
    SELECT period, supplier_id, COUNT(*), MIN(id), MAX(id),
           '[' || group_concat(json_array(id, key, code, severity, supplier, declaration_id, metal, cid, smelter, message,
                                          json(evidence), status, first_run, last_run), ',' ORDER BY id) || ']'
    FROM findings
    GROUP BY period, supplier_id;

CREATE TABLE finding_events_new (
    id          INTEGER PRIMARY KEY,
    finding_id  INTEGER NOT NULL,
    period      INTEGER NOT NULL,
    at          TEXT    NOT NULL,
    by          TEXT    NOT NULL,
    from_status TEXT    NOT NULL DEFAULT '',
    to_status   TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    run_id      INTEGER REFERENCES finding_runs (id)
);
INSERT INTO finding_events_new (id, finding_id, period, at, by, from_status, to_status, note, run_id)
    SELECT e.id, e.finding_id, x.period, e.at, e.by, e.from_status, e.to_status, e.note, e.run_id
    FROM finding_events e JOIN findings x ON x.id = e.finding_id;
DROP TABLE finding_events;
ALTER TABLE finding_events_new RENAME TO finding_events;
CREATE INDEX finding_events_finding ON finding_events (finding_id);
CREATE INDEX finding_events_period ON finding_events (period);

DROP TABLE findings;

CREATE VIEW findings AS
    SELECT f.value ->> 0 AS id, s.period AS period, f.value ->> 1 AS key, f.value ->> 2 AS code, f.value ->> 3 AS severity,
           s.supplier_id AS supplier_id, f.value ->> 4 AS supplier, f.value ->> 5 AS declaration_id, f.value ->> 6 AS metal,
           f.value ->> 7 AS cid, f.value ->> 8 AS smelter, f.value ->> 9 AS message, f.value -> 10 AS evidence,
           f.value ->> 11 AS status, f.value ->> 12 AS first_run, f.value ->> 13 AS last_run
    FROM finding_sets s, json_each(s.findings) f;
