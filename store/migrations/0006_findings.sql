-- 0006: risk findings with their lifecycle, the supplier register, and
-- imported editions of reference data (EU CAHRA list, US DoL goods list).
--
-- Findings are computed by package risk and stored per reporting period,
-- keyed by risk.Finding.Key (code, supplier, metal, subject): a
-- recomputation keeps the decision on a finding that still applies. Dates
-- are TEXT 'YYYY-MM-DD', instants TEXT RFC 3339 UTC.

-- One computation of a period's findings, with what it was computed with.
-- fingerprint sums up the inputs (declarations, suppliers, matches, lists,
-- register, reference data, rules, as-of date): a run whose fingerprint
-- equals the last one's has nothing to recompute.
CREATE TABLE finding_runs (
    id            INTEGER PRIMARY KEY,
    period        INTEGER NOT NULL,
    as_of         TEXT    NOT NULL,
    computed_at   TEXT    NOT NULL,
    rules         TEXT    NOT NULL,              -- rule set: name@digest
    data_editions TEXT    NOT NULL DEFAULT '[]', -- JSON: [risk.DataSet]
    fingerprint   TEXT    NOT NULL DEFAULT '',
    found         INTEGER NOT NULL,
    opened        INTEGER NOT NULL,
    gone          INTEGER NOT NULL,
    reopened      INTEGER NOT NULL
);
CREATE INDEX finding_runs_period ON finding_runs (period, id);

-- A finding as last computed. Title, guidance, OECD step and action come
-- from the rule (risk.RuleByCode) when read, so they follow the code.
CREATE TABLE findings (
    id             INTEGER PRIMARY KEY,
    period         INTEGER NOT NULL,
    key            TEXT    NOT NULL,
    code           TEXT    NOT NULL,
    severity       TEXT    NOT NULL CHECK (severity IN ('high', 'medium', 'low', 'info')),
    supplier_id    INTEGER NOT NULL DEFAULT 0,  -- 0: a register entry linked to no supplier
    supplier       TEXT    NOT NULL,
    declaration_id INTEGER NOT NULL DEFAULT 0,
    metal          TEXT    NOT NULL DEFAULT '',
    cid            TEXT    NOT NULL DEFAULT '',
    smelter        TEXT    NOT NULL DEFAULT '',
    message        TEXT    NOT NULL DEFAULT '',
    ev_file        TEXT    NOT NULL DEFAULT '',
    ev_sheet       TEXT    NOT NULL DEFAULT '',
    ev_cell        TEXT    NOT NULL DEFAULT '',
    ev_value       TEXT    NOT NULL DEFAULT '',
    ev_list        TEXT    NOT NULL DEFAULT '',
    ev_list_date   TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open', 'action-requested', 'resolved', 'accepted-risk', 'gone')),
    status_by      TEXT    NOT NULL DEFAULT '',
    status_at      TEXT    NOT NULL,
    note           TEXT    NOT NULL DEFAULT '',
    gone_reason    TEXT    NOT NULL DEFAULT '',
    created_at     TEXT    NOT NULL,            -- when first found (the first step of its history)
    first_run      INTEGER NOT NULL REFERENCES finding_runs (id),
    last_run       INTEGER NOT NULL REFERENCES finding_runs (id), -- the run that last changed it
    UNIQUE (period, key)
);
CREATE INDEX findings_supplier ON findings (period, supplier_id);

-- Every status change after a finding was found: decisions, gone, back.
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
CREATE INDEX finding_events_finding ON finding_events (finding_id);

-- The supplier register: who was asked, per period (0: every period).
CREATE TABLE register_entries (
    id                 INTEGER PRIMARY KEY,
    period             INTEGER NOT NULL DEFAULT 0,
    source             TEXT    NOT NULL,             -- file as imported
    row                INTEGER NOT NULL,
    supplier_ref       TEXT    NOT NULL DEFAULT '',  -- the company's supplier ID / unique ID
    name               TEXT    NOT NULL,
    annual_spend       REAL,                         -- NULL when not given
    important_material INTEGER NOT NULL DEFAULT 0 CHECK (important_material IN (0, 1)),
    hard_to_replace    INTEGER NOT NULL DEFAULT 0 CHECK (hard_to_replace IN (0, 1)),
    materials          TEXT    NOT NULL DEFAULT '',  -- one per line
    countries          TEXT    NOT NULL DEFAULT '',  -- one per line
    contact_email      TEXT    NOT NULL DEFAULT '',
    imported_at        TEXT    NOT NULL
);
CREATE INDEX register_entries_period ON register_entries (period);

-- Imported editions of reference data, kept as loaded (the bytes), so that
-- package risk parses them exactly as it parses the shipped ones.
CREATE TABLE reference_data (
    id        INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL CHECK (kind IN ('cahra', 'dol')),
    edition   TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    format    TEXT    NOT NULL,
    sha256    TEXT    NOT NULL,
    body      BLOB    NOT NULL,
    loaded_at TEXT    NOT NULL,
    UNIQUE (kind, sha256)
);
