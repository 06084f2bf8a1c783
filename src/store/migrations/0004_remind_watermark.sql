-- kith remind: what is new since the last run, without re-checking the backlog.
-- Never edit this file once released: add a new numbered migration instead.
-- kith schema v4. Self-contained: it needs only schema v2 (migrations 0001 and 0002), not 0003.
--
-- 1. Stay-in-touch lapses on calendar months. v2 counted a month as 30 days
--    (cadence_days), so "1m" from Feb 1 lapsed on Mar 3. This index holds the
--    exact lapse day, the same rule as `Interval::add_to` (a month keeps the
--    day, or takes the month's last day when shorter), computed from the
--    cadence text ("30d", "2w", "1m", "1y") and the day of the last contact
--    (or of creation). A query naming the same expression reads lapsed
--    contacts, or those lapsed between two days, as one range scan.
DROP INDEX contact_cadence_due;
CREATE INDEX contact_cadence_lapse ON contact (
    CASE substr(cadence, -1)
        WHEN 'd' THEN date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                           '+' || substr(cadence, 1, length(cadence) - 1) || ' days')
        WHEN 'w' THEN date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                           '+' || (7 * substr(cadence, 1, length(cadence) - 1)) || ' days')
        WHEN 'm' THEN min(date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                               '+' || substr(cadence, 1, length(cadence) - 1) || ' months'),
                          date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                               'start of month', '+' || (substr(cadence, 1, length(cadence) - 1) + 1) || ' months', '-1 day'))
        WHEN 'y' THEN min(date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                               '+' || substr(cadence, 1, length(cadence) - 1) || ' years'),
                          date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                               'start of month', '+' || (12 * substr(cadence, 1, length(cadence) - 1) + 1) || ' months', '-1 day'))
    END,
    uid,
    display_name,
    cadence,
    last_interaction_at,
    created_at
) WHERE cadence IS NOT NULL AND archived = 0;

-- Birthdays in the window are read every run (the window moves with
-- --days): from an index that holds what the reminder shows, not from rows
-- scattered through the contact table.
DROP INDEX contact_birthday_md;
CREATE INDEX contact_birthday_due ON contact (substr(birthday, -5), id, uid, display_name, birthday)
WHERE birthday IS NOT NULL AND archived = 0;

-- 2. A watermark. After a run on day `day`, every follow-up and lapse dated on
--    or before it was reported, except for contacts named in remind_dirty
--    since. The next run reads only items dated after `day`, and the items
--    of those contacts, instead of every overdue item ever reported.
CREATE TABLE remind_state (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    day  TEXT NOT NULL
);

-- Contacts whose reminders may have changed under the watermark: a follow-up
-- added, moved, reopened or handed to another contact; a cadence set; a
-- contact of a cadence seen; archiving undone; or an item --exec refused.
-- Rows are consumed up to a `seq` read before the items were gathered, so a
-- change made while remind runs survives (AUTOINCREMENT: never reused).
CREATE TABLE remind_dirty (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id  INTEGER NOT NULL
);

CREATE TRIGGER remind_dirty_follow_up_insert AFTER INSERT ON follow_up
WHEN NEW.done_at IS NULL
BEGIN
    INSERT INTO remind_dirty (contact_id) VALUES (NEW.contact_id);
END;

CREATE TRIGGER remind_dirty_follow_up_update
AFTER UPDATE OF due, snoozed_until, done_at, contact_id ON follow_up
WHEN NEW.done_at IS NULL
 AND (NEW.due IS NOT OLD.due OR NEW.snoozed_until IS NOT OLD.snoozed_until
      OR OLD.done_at IS NOT NULL OR NEW.contact_id IS NOT OLD.contact_id)
BEGIN
    INSERT INTO remind_dirty (contact_id) VALUES (NEW.contact_id);
END;

CREATE TRIGGER remind_dirty_contact_insert AFTER INSERT ON contact
WHEN NEW.cadence IS NOT NULL
BEGIN
    INSERT INTO remind_dirty (contact_id) VALUES (NEW.id);
END;

CREATE TRIGGER remind_dirty_contact_update
AFTER UPDATE OF cadence, last_interaction_at, created_at, archived ON contact
WHEN NEW.cadence IS NOT OLD.cadence
  OR (NEW.archived = 0 AND OLD.archived <> 0)
  OR (NEW.cadence IS NOT NULL AND (NEW.last_interaction_at IS NOT OLD.last_interaction_at
                                   OR NEW.created_at IS NOT OLD.created_at))
BEGIN
    INSERT INTO remind_dirty (contact_id) VALUES (NEW.id);
END;

-- 3. Recurring follow-ups keep their day of the month. Each occurrence was
--    the previous one plus the interval, so Jan 31 monthly became Feb 28,
--    then Mar 28 for ever. `anchor` holds the first occurrence's day (set
--    when it first recurs); every later one is the anchor plus whole
--    intervals: Feb 28, Mar 31, Apr 30.
ALTER TABLE follow_up ADD COLUMN anchor TEXT;

-- 4. The Follow-ups pane loads every open follow-up with its contact's name.
-- Read in due order, each one cost a jump into the follow_up table and
-- another into the contact table, thousands of page reads on a large
-- database. Read by contact instead (and sorted by the caller), both come
-- from two small indexes walked in step: the open follow-ups, whole, by
-- contact; and the live contacts' names by id.
CREATE INDEX follow_up_open_by_contact ON follow_up (
    contact_id, due, snoozed_until, uid, note, every, anchor, done_at
) WHERE done_at IS NULL;
CREATE INDEX contact_live_name ON contact (id, display_name) WHERE archived = 0;
