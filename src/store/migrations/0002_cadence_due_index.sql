-- kith schema v2: stay-in-touch lapses read from one index.
-- Never edit this file once released: add a new numbered migration instead.
--
-- `kith remind` finds contacts whose cadence has run out. With v1's index on
-- cadence_days alone it visited every contact with a cadence (15% of them),
-- reading each one's table row and computing a date per row. This partial
-- index holds, per cadence length, the day of the last contact (or of
-- creation) and what the reminder shows, so each cadence length is one range
-- scan over the lapsed contacts only, without touching the contact table.
-- last_interaction_at and created_at are read only inside the expression, but
-- SQLite counts an index as covering only when it holds every column a query
-- names, so they are kept too.
DROP INDEX contact_cadence;
CREATE INDEX contact_cadence_due ON contact (
    cadence_days,
    substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
    uid,
    display_name,
    cadence,
    last_interaction_at,
    created_at
) WHERE cadence_days IS NOT NULL AND archived = 0;
