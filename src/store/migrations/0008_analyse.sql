-- kith schema v8: what analysing, segmenting and planning need.
-- Never edit this file once released: add a new numbered migration instead.

-- Feedback has two scales: satisfaction 1–5 (`rating`) and NPS 0–10 (`nps`).
-- Until v8 both went into `rating`; a value that cannot be a satisfaction
-- score (0, or above 5) was an NPS answer and moves.
ALTER TABLE interaction ADD COLUMN nps INTEGER CHECK (nps BETWEEN 0 AND 10);
UPDATE interaction SET nps = rating, rating = NULL WHERE rating = 0 OR rating > 5;

-- What KPIs, RFM and segments read, without scanning the whole timeline.
-- Partial indexes are used only when a query names the kind as a literal
-- (`kind = 'purchase'`, not a bound parameter).
CREATE INDEX interaction_purchase ON interaction (at, contact_id, amount_minor, currency)
    WHERE kind = 'purchase';
CREATE INDEX interaction_feedback ON interaction (at, contact_id, rating, nps)
    WHERE kind = 'feedback';
CREATE INDEX interaction_campaign ON interaction (campaign, contact_id, at, variant)
    WHERE kind = 'campaign';
-- `count.call:>=3` and friends: one contact's interactions of one kind.
CREATE INDEX interaction_kind_contact ON interaction (kind, contact_id);

-- New contacts per period (KPIs) and `created:` in the segment language.
CREATE INDEX contact_created ON contact (created_at);

-- Every change of stage, written by triggers so that every writer (capture,
-- edit, import, merge, the TUI) records it. `at` is a UTC stamp, like the
-- contact's `updated_at`.
CREATE TABLE stage_change (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    from_stage  TEXT,
    to_stage    TEXT
);
CREATE INDEX stage_change_contact ON stage_change (contact_id, at);
CREATE INDEX stage_change_at ON stage_change (at);

CREATE TRIGGER contact_stage_born AFTER INSERT ON contact
WHEN NEW.stage IS NOT NULL
BEGIN
    INSERT INTO stage_change (contact_id, at, from_stage, to_stage)
    VALUES (NEW.id, NEW.created_at, NULL, NEW.stage);
END;

CREATE TRIGGER contact_stage_moved AFTER UPDATE OF stage ON contact
WHEN NEW.stage IS NOT OLD.stage
BEGIN
    INSERT INTO stage_change (contact_id, at, from_stage, to_stage)
    VALUES (NEW.id, NEW.updated_at, OLD.stage, NEW.stage);
END;

-- Contacts from before v8: their stage since they were created is all we know.
INSERT INTO stage_change (contact_id, at, from_stage, to_stage)
SELECT id, created_at, NULL, stage FROM contact WHERE stage IS NOT NULL;

-- Saved segments: a query in the segment language. A live segment is
-- evaluated on every read; a static one froze its members when saved.
CREATE TABLE segment (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    query        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    is_static    INTEGER NOT NULL DEFAULT 0 CHECK (is_static IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE segment_member (
    segment_id  INTEGER NOT NULL REFERENCES segment (id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    PRIMARY KEY (segment_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX segment_member_contact ON segment_member (contact_id);

-- Each segment's size, once a day (by the first kith command of the day),
-- for "change since last week" and the sizes-over-time chart.
CREATE TABLE segment_size (
    segment_id  INTEGER NOT NULL REFERENCES segment (id) ON DELETE CASCADE,
    day         TEXT NOT NULL,
    size        INTEGER NOT NULL,
    PRIMARY KEY (segment_id, day)
) WITHOUT ROWID;

-- Objectives: a KPI, a target and a period ("revenue 10000 EUR per quarter").
-- `target` is in minor units for money, else a count or NPS points.
CREATE TABLE goal (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    metric      TEXT NOT NULL,
    target      INTEGER NOT NULL,
    currency    TEXT,
    period      TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
