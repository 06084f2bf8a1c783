-- kith schema v1: contacts, their channels, tags and fields; interactions;
-- follow-ups; what cron has already reported.
-- Never edit this file once released: add a new numbered migration instead.

CREATE TABLE contact (
    id                INTEGER PRIMARY KEY,
    uid               TEXT NOT NULL UNIQUE,
    display_name      TEXT NOT NULL,
    given_name        TEXT,
    family_name       TEXT,
    org               TEXT,
    title             TEXT,
    city              TEXT,
    region            TEXT,
    country           TEXT,
    postcode          TEXT,
    -- "1985-04-12", or "--04-12" when the year is unknown (as vCard writes it)
    birthday          TEXT,
    source            TEXT NOT NULL DEFAULT 'manual',
    kind              TEXT NOT NULL DEFAULT 'other'
                      CHECK (kind IN ('lead','prospect','customer','partner','investor','supplier','colleague','other')),
    stage             TEXT CHECK (stage IN ('lead','prospect','customer','loyal','lost','churned')),
    consent           TEXT NOT NULL DEFAULT 'unknown' CHECK (consent IN ('granted','denied','unknown')),
    consent_at        TEXT,
    consent_how       TEXT,
    -- stay-in-touch cadence: "30d", "2w"; cadence_days is its length in days for queries
    cadence           TEXT,
    cadence_days      INTEGER,
    -- local time of the newest interaction, kept by the store on every write
    last_interaction_at TEXT,
    archived          INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX contact_last_interaction ON contact (last_interaction_at);
-- the first page of the name-sorted list, shown before the search index is built
CREATE INDEX contact_name ON contact (display_name COLLATE NOCASE, id) WHERE archived = 0;
CREATE INDEX contact_cadence ON contact (cadence_days) WHERE cadence_days IS NOT NULL;
CREATE INDEX contact_birthday_md ON contact (substr(birthday, -5)) WHERE birthday IS NOT NULL;

-- One email, one contact is enforced in code, not here, so two devices can
-- each hold a row until dedup merges them.
CREATE TABLE contact_email (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    email_key   TEXT NOT NULL,
    is_primary  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contact_email_key ON contact_email (email_key);
CREATE INDEX contact_email_contact ON contact_email (contact_id);

CREATE TABLE contact_phone (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    raw         TEXT NOT NULL,
    e164        TEXT,
    -- E.164 when it parses, else the digits: what duplicates are found by
    phone_key   TEXT NOT NULL
);
CREATE INDEX contact_phone_key ON contact_phone (phone_key);
CREATE INDEX contact_phone_contact ON contact_phone (contact_id);

CREATE TABLE contact_tag (
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    PRIMARY KEY (contact_id, tag)
) WITHOUT ROWID;
CREATE INDEX contact_tag_tag ON contact_tag (tag);

CREATE TABLE contact_field (
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (contact_id, key)
) WITHOUT ROWID;

-- Folded words of each display name ("José García" → jose, garcia): resolving
-- a contact named on the command line is a prefix range scan, not a table scan.
CREATE TABLE name_token (
    token       TEXT NOT NULL,
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    PRIMARY KEY (token, contact_id)
) WITHOUT ROWID;
CREATE INDEX name_token_contact ON name_token (contact_id);

CREATE TABLE interaction (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    contact_id    INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL
                  CHECK (kind IN ('note','call','email','meeting','message','purchase','feedback','campaign')),
    direction     TEXT CHECK (direction IN ('in','out')),
    -- local time "YYYY-MM-DD HH:MM:SS"
    at            TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    body          TEXT,
    amount_minor  INTEGER,
    currency      TEXT,
    rating        INTEGER CHECK (rating BETWEEN 0 AND 10),
    campaign      TEXT,
    variant       TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX interaction_contact_at ON interaction (contact_id, at);
CREATE INDEX interaction_at ON interaction (at);

CREATE TABLE follow_up (
    id             INTEGER PRIMARY KEY,
    uid            TEXT NOT NULL UNIQUE,
    contact_id     INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    -- "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" (local)
    due            TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    -- recurrence: "2w", "1m"…
    every          TEXT,
    snoozed_until  TEXT,
    done_at        TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX follow_up_open ON follow_up (coalesce(snoozed_until, due)) WHERE done_at IS NULL;
CREATE INDEX follow_up_contact ON follow_up (contact_id);

-- Every reminder item `kith remind` has reported (and --exec accepted). The key
-- names the item and its date ("follow-up:<uid>:<due>"), so cron never nags
-- twice, yet a snoozed or recurring item is reported again on its new date.
CREATE TABLE reminder_log (
    key          TEXT PRIMARY KEY,
    reported_at  TEXT NOT NULL
) WITHOUT ROWID;
