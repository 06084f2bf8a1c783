-- kith schema v9: outreach. Templates, campaigns with A/B variants, who gets
-- what, every send's state (so a message is never sent twice), responses.
-- Never edit this file once released: add a new numbered migration instead.

-- A message template: subject and body in minijinja syntax, checked when saved.
CREATE TABLE template (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- A campaign: who it targets (a query in the segment language, or a saved
-- segment by name, as typed) and how long a reply counts as a response.
-- Its recipients are fixed when it is created.
CREATE TABLE campaign (
    id             INTEGER PRIMARY KEY,
    uid            TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    -- 'query' or 'segment'; `audience` is the query text or the segment name.
    audience_kind  TEXT NOT NULL CHECK (audience_kind IN ('query', 'segment')),
    audience       TEXT NOT NULL,
    response_days  INTEGER NOT NULL CHECK (response_days BETWEEN 1 AND 365),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- Each variant keeps a copy of its template as it was when the campaign was
-- created, so editing or removing the template later changes nothing sent.
CREATE TABLE campaign_variant (
    campaign_id  INTEGER NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    -- "A", "B", ...
    label        TEXT NOT NULL,
    template     TEXT NOT NULL,
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    -- The share of recipients, as a weight ("60/40" -> 60 and 40).
    weight       INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    PRIMARY KEY (campaign_id, label)
) WITHOUT ROWID;

-- One row per contact the campaign targeted. The state moves
--   pending -> sending -> sent      (or -> failed, retried by the next run)
-- and `sending` is committed before a message leaves: a row still `sending`
-- after a crash may or may not have gone out, so it is never sent again
-- without being asked to. `skipped` rows were never to be sent (no consent,
-- no e-mail) and say why.
CREATE TABLE campaign_recipient (
    campaign_id     INTEGER NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    contact_id      INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    variant         TEXT NOT NULL,
    state           TEXT NOT NULL
                    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
    skip_reason     TEXT CHECK (skip_reason IN ('consent-denied', 'consent-unknown', 'no-email')),
    email           TEXT,
    -- Chosen when the campaign is created, so a resend carries the same id.
    message_id      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    sent_at         TEXT,
    -- The `campaign` interaction logged by the send.
    interaction_id  INTEGER REFERENCES interaction (id) ON DELETE SET NULL,
    PRIMARY KEY (campaign_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX campaign_recipient_contact ON campaign_recipient (contact_id);

-- Responses recorded by hand (`kith campaign respond`); inbound interactions
-- within the campaign's response_days count too, without a row here.
CREATE TABLE campaign_response (
    campaign_id  INTEGER NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    contact_id   INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    outcome      TEXT NOT NULL CHECK (outcome IN ('replied', 'booked', 'bought')),
    -- local time "YYYY-MM-DD HH:MM:SS"
    at           TEXT NOT NULL,
    PRIMARY KEY (campaign_id, contact_id)
) WITHOUT ROWID;
