-- 0002: suppliers' declarations, one per imported template file.
--
-- A file is stored whole or not at all (one transaction per file): its
-- declaration, answers, products, smelter rows with their matches, mines
-- and problems. files.sha256 makes a second import of the same bytes a
-- no-op. Dates are TEXT 'YYYY-MM-DD', instants TEXT RFC 3339 UTC.

CREATE TABLE suppliers (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,              -- as last declared
    name_key    TEXT    NOT NULL,              -- normalised company name
    unique_id   TEXT    NOT NULL DEFAULT '',   -- company unique ID when declared
    merged_into INTEGER REFERENCES suppliers (id),
    created_at  TEXT    NOT NULL,
    UNIQUE (name_key, unique_id)
);

CREATE TABLE files (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT    NOT NULL UNIQUE,
    path        TEXT    NOT NULL,              -- as given on the command line
    size        INTEGER NOT NULL,
    imported_at TEXT    NOT NULL
);

CREATE TABLE declarations (
    id                  INTEGER PRIMARY KEY,
    file_id             INTEGER NOT NULL UNIQUE REFERENCES files (id),
    supplier_id         INTEGER NOT NULL REFERENCES suppliers (id),
    family              TEXT    NOT NULL,
    version             TEXT    NOT NULL,
    language            TEXT    NOT NULL,
    period              INTEGER NOT NULL,      -- reporting year
    effective_date      TEXT,
    effective_date_text TEXT    NOT NULL DEFAULT '',
    company_name        TEXT    NOT NULL,
    scope               TEXT    NOT NULL DEFAULT '',
    scope_description   TEXT    NOT NULL DEFAULT '',
    unique_id           TEXT    NOT NULL DEFAULT '',
    unique_id_authority TEXT    NOT NULL DEFAULT '',
    address             TEXT    NOT NULL DEFAULT '',
    contact_name        TEXT    NOT NULL DEFAULT '',
    contact_email       TEXT    NOT NULL DEFAULT '',
    contact_phone       TEXT    NOT NULL DEFAULT '',
    authorizer          TEXT    NOT NULL DEFAULT '',
    authorizer_title    TEXT    NOT NULL DEFAULT '',
    authorizer_email    TEXT    NOT NULL DEFAULT '',
    authorizer_phone    TEXT    NOT NULL DEFAULT '',
    minerals            TEXT    NOT NULL DEFAULT '', -- in template order, one per line
    required_missing    INTEGER NOT NULL,
    errors              INTEGER NOT NULL,
    warnings            INTEGER NOT NULL,
    superseded_by       INTEGER REFERENCES declarations (id),
    imported_seq        INTEGER NOT NULL,      -- import order, breaks effective-date ties
    imported_at         TEXT    NOT NULL
);
CREATE INDEX declarations_supplier ON declarations (supplier_id, family, period);

CREATE TABLE answers (
    declaration_id INTEGER NOT NULL REFERENCES declarations (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    question       TEXT    NOT NULL,
    mineral        TEXT    NOT NULL DEFAULT '',
    value          TEXT    NOT NULL DEFAULT '',
    raw            TEXT    NOT NULL DEFAULT '',
    comment        TEXT    NOT NULL DEFAULT '',
    cell           TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (declaration_id, position)
);

CREATE TABLE products (
    declaration_id   INTEGER NOT NULL REFERENCES declarations (id) ON DELETE CASCADE,
    row              INTEGER NOT NULL,
    number           TEXT    NOT NULL DEFAULT '',
    name             TEXT    NOT NULL DEFAULT '',
    requester_number TEXT    NOT NULL DEFAULT '',
    requester_name   TEXT    NOT NULL DEFAULT '',
    comments         TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (declaration_id, row)
);

CREATE TABLE declared_smelters (
    id             INTEGER PRIMARY KEY,
    declaration_id INTEGER NOT NULL REFERENCES declarations (id) ON DELETE CASCADE,
    row            INTEGER NOT NULL,
    metal          TEXT    NOT NULL DEFAULT '',
    cid_input      TEXT    NOT NULL DEFAULT '',
    lookup_name    TEXT    NOT NULL DEFAULT '',
    name           TEXT    NOT NULL DEFAULT '',
    country        TEXT    NOT NULL DEFAULT '',
    cid            TEXT    NOT NULL DEFAULT '',
    source         TEXT    NOT NULL DEFAULT '',
    street         TEXT    NOT NULL DEFAULT '',
    city           TEXT    NOT NULL DEFAULT '',
    state          TEXT    NOT NULL DEFAULT '',
    contact_name   TEXT    NOT NULL DEFAULT '',
    contact_email  TEXT    NOT NULL DEFAULT '',
    next_steps     TEXT    NOT NULL DEFAULT '',
    mine_name      TEXT    NOT NULL DEFAULT '',
    mine_country   TEXT    NOT NULL DEFAULT '',
    recycled       TEXT    NOT NULL DEFAULT '',
    comments       TEXT    NOT NULL DEFAULT '',
    resolved       INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
    -- the match against the reference lists at import time
    match_status   TEXT    NOT NULL DEFAULT 'no_match' CHECK (match_status IN ('matched', 'needs_review', 'no_match')),
    match_cid      TEXT    NOT NULL DEFAULT '',
    match_score    REAL    NOT NULL DEFAULT 0,
    match_reason   TEXT    NOT NULL DEFAULT '',
    match_detail   TEXT    NOT NULL DEFAULT '{}', -- JSON: candidates and disagreements
    UNIQUE (declaration_id, row)
);
CREATE INDEX declared_smelters_cid ON declared_smelters (match_cid);

CREATE TABLE mines (
    declaration_id INTEGER NOT NULL REFERENCES declarations (id) ON DELETE CASCADE,
    row            INTEGER NOT NULL,
    metal          TEXT    NOT NULL DEFAULT '',
    smelter_name   TEXT    NOT NULL DEFAULT '',
    mine_name      TEXT    NOT NULL DEFAULT '',
    mine_id        TEXT    NOT NULL DEFAULT '',
    source         TEXT    NOT NULL DEFAULT '',
    country        TEXT    NOT NULL DEFAULT '',
    street         TEXT    NOT NULL DEFAULT '',
    city           TEXT    NOT NULL DEFAULT '',
    state          TEXT    NOT NULL DEFAULT '',
    contact_name   TEXT    NOT NULL DEFAULT '',
    contact_email  TEXT    NOT NULL DEFAULT '',
    next_steps     TEXT    NOT NULL DEFAULT '',
    comments       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (declaration_id, row)
);

CREATE TABLE problems (
    declaration_id INTEGER NOT NULL REFERENCES declarations (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    code           TEXT    NOT NULL,
    severity       TEXT    NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    sheet          TEXT    NOT NULL DEFAULT '',
    cell           TEXT    NOT NULL DEFAULT '',
    message        TEXT    NOT NULL,
    checker        INTEGER NOT NULL DEFAULT 0 CHECK (checker IN (0, 1)),
    PRIMARY KEY (declaration_id, position)
);

-- Which template revision's Smelter Look-up a look-up snapshot was learnt
-- from, so an import can tell when a supplier's file carries a newer one.
CREATE TABLE template_lookups (
    family      TEXT    NOT NULL,
    version     TEXT    NOT NULL,
    snapshot_id INTEGER NOT NULL REFERENCES smelter_snapshots (id) ON DELETE CASCADE,
    PRIMARY KEY (family, version)
);
