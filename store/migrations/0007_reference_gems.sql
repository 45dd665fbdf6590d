-- The gemstone origin restrictions join the replaceable reference data
-- (`cmrt data import gems FILE`): SQLite cannot alter a CHECK constraint,
-- so the table is rebuilt with its rows.
CREATE TABLE reference_data_new (
    id        INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL CHECK (kind IN ('cahra', 'dol', 'gems')),
    edition   TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    format    TEXT    NOT NULL,
    sha256    TEXT    NOT NULL,
    body      BLOB    NOT NULL,
    loaded_at TEXT    NOT NULL,
    UNIQUE (kind, sha256)
);
INSERT INTO reference_data_new (id, kind, edition, source, format, sha256, body, loaded_at)
    SELECT id, kind, edition, source, format, sha256, body, loaded_at FROM reference_data;
DROP TABLE reference_data;
ALTER TABLE reference_data_new RENAME TO reference_data;
