-- Organise: merges that can be undone, pairs the user said are not the same
-- person, and cleanup findings the user chose to skip.

-- One row per merge: what `kith undo` needs to put every contact and every
-- link back exactly as it was. `snapshot` is JSON written and read only by
-- store/merge.rs; `uids` lists every contact the merge touched (space
-- separated) so `kith forget` can drop the merges that hold a person.
CREATE TABLE merge_log (
    id            INTEGER PRIMARY KEY,
    audit_id      INTEGER REFERENCES audit_log (id) ON DELETE SET NULL,
    at            TEXT NOT NULL,
    survivor_uid  TEXT NOT NULL,
    uids          TEXT NOT NULL,
    snapshot      TEXT NOT NULL,
    undone_at     TEXT
);
CREATE INDEX merge_log_open ON merge_log (id) WHERE undone_at IS NULL;

-- "Not a duplicate": the pair never comes back in a scan. By uid (ids may be
-- reused after a merge is undone), ordered so each pair has one row.
CREATE TABLE not_duplicate (
    a_uid  TEXT NOT NULL,
    b_uid  TEXT NOT NULL,
    at     TEXT NOT NULL,
    PRIMARY KEY (a_uid, b_uid),
    CHECK (a_uid < b_uid)
) WITHOUT ROWID;

-- A cleanup finding the user skipped: it stays skipped while the value it
-- was about is unchanged (a new bad value is a new finding).
CREATE TABLE finding_skip (
    check_name   TEXT NOT NULL,
    contact_uid  TEXT NOT NULL,
    value        TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (check_name, contact_uid, value)
) WITHOUT ROWID;
