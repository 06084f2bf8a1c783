-- kith schema v5: contacts by the time they last changed.
-- Never edit this file once released: add a new numbered migration instead.
--
-- The TUI looks for writes made by other processes (cron, the shell) when
-- SQLite's data_version moves: the newest `updated_at`, then the contacts
-- updated since the last look. Without an index each look read the whole
-- contact table on the UI thread (tens of milliseconds at 100k contacts);
-- with it, both are a short range scan. `archived` rides along so the look
-- never touches the table.
CREATE INDEX contact_updated ON contact (updated_at, id, archived);
