-- kith schema v6: what import, export, backup and forget need.
-- Never edit this file once released: add a new numbered migration instead.

-- The street line of a postal address, beside city, region, postcode, country.
ALTER TABLE contact ADD COLUMN street TEXT;

-- What happened to the data, when, and how much: imports, restores, forgets
-- (later merges). `detail` is JSON for machines; `summary` is for people.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    action   TEXT NOT NULL,
    summary  TEXT NOT NULL,
    detail   TEXT
);
CREATE INDEX audit_log_action ON audit_log (action, at);

-- Where an imported contact came from, so importing the same file again
-- changes nothing: a vCard UID (scope 'uid') or a row's identity within a
-- named source (scope 'csv:<source>' …). `audit_id` names the import that
-- first brought it in.
CREATE TABLE import_key (
    scope       TEXT NOT NULL,
    key         TEXT NOT NULL,
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    audit_id    INTEGER REFERENCES audit_log (id) ON DELETE SET NULL,
    PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX import_key_contact ON import_key (contact_id);

-- People erased with `kith forget`: only a salted hash of each e-mail and
-- phone is kept, so a later import can warn before bringing them back.
CREATE TABLE forgotten (
    hash          TEXT PRIMARY KEY,
    forgotten_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Small settings the database itself owns (the salt of `forgotten`).
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
