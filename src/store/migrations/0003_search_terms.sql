-- kith schema v3: a persisted search index, so one query (`kith find`, a
-- misspelt name on any command) reads a few index ranges instead of folding
-- every contact into memory.
-- Never edit this file once released: add a new numbered migration instead.
--
-- search_term holds the folded words of each contact's name, organisation,
-- tags and emails ("José García <jg@globex.com>" → jose, garcia, jg, globex,
-- com). search_vocab lists every word once, so a query scans the few
-- thousand distinct words, not a row per contact; words no longer used stay
-- (they name nobody, and cost one string each).
--
-- The rows are written by the store on every contact write; this migration
-- creates the tables, and the code that runs it fills them from the
-- contacts already on file (and re-folds name_token, whose folding now
-- drops invisible characters and meets "ue" with "ü").
CREATE TABLE search_term (
    term        TEXT NOT NULL,
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    PRIMARY KEY (term, contact_id)
) WITHOUT ROWID;
CREATE INDEX search_term_contact ON search_term (contact_id);

CREATE TABLE search_vocab (
    term  TEXT PRIMARY KEY
) WITHOUT ROWID;
