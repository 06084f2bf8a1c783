//! The persisted search index: the folded words of every contact
//! (`search_term`, and each distinct word once in `search_vocab`), kept
//! current with every contact write, so one query narrows 100k contacts to
//! the few worth scoring without folding them all into memory.

use rusqlite::{Connection, params, params_from_iter};

use super::contacts::name_tokens;
use super::{Db, Result};
use crate::domain::contact::Contact;
use crate::domain::search::{SearchDoc, index_terms, term_tests};

/// Past this many candidates, scoring everyone is about as cheap as
/// fetching the candidates one by one.
const MAX_CANDIDATES: usize = 20_000;

/// How many ids or words go into one `IN (…)` list.
const CHUNK: usize = 500;

impl Db<'_> {
    /// Stores the search words of contact `id` (its old ones must be gone).
    pub(super) fn insert_search_terms(self, id: i64, c: &Contact) -> Result<()> {
        let terms = index_terms(
            &c.name,
            c.org.as_deref(),
            c.tags.iter().map(String::as_str),
            c.emails.iter().map(String::as_str),
        );
        insert_terms(self.conn, id, &terms)
    }

    /// The live contacts that may match `query`, as search documents, for
    /// ranking by the same scorer as the in-memory search: a superset of the
    /// matches, read through the persisted index. A query it cannot narrow
    /// (only initials, or words found in most contacts) reads every live
    /// contact.
    pub fn search_candidates(&self, query: &str) -> Result<Vec<SearchDoc>> {
        match self.narrowed_search_docs(query)? {
            Some(docs) => Ok(docs),
            None => self.search_docs(None),
        }
    }

    /// [`Db::search_candidates`], or `None` when the persisted index cannot
    /// narrow `query` and every live contact would have to be read.
    pub fn narrowed_search_docs(&self, query: &str) -> Result<Option<Vec<SearchDoc>>> {
        match self.candidate_ids(query)? {
            Some(ids) if ids.is_empty() => Ok(Some(Vec::new())),
            Some(ids) => self.live_search_docs(&ids).map(Some),
            None => Ok(None),
        }
    }

    /// The ids every narrowing token of `query` allows, sorted; `None` when
    /// no token narrows the search enough.
    fn candidate_ids(self, query: &str) -> Result<Option<Vec<i64>>> {
        let tests = term_tests(query);
        if tests.is_empty() {
            return Ok(None);
        }
        let vocab: Vec<String> = self
            .conn
            .prepare_cached("SELECT term FROM search_vocab")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut result: Option<Vec<i64>> = None;
        for test in &tests {
            let terms: Vec<&String> = vocab.iter().filter(|t| test.matches(t)).collect();
            let ids = self.contacts_with_terms(&terms)?;
            if ids.len() > MAX_CANDIDATES {
                continue; // too common to narrow anything
            }
            result = Some(match result {
                None => ids,
                Some(prev) => intersect(&prev, &ids),
            });
            if result.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
        }
        Ok(result)
    }

    /// Contacts (archived too) holding any of `terms`, sorted by id.
    fn contacts_with_terms(self, terms: &[&String]) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        for chunk in terms.chunks(CHUNK) {
            let sql = format!(
                "SELECT contact_id FROM search_term WHERE term IN ({})",
                placeholders(chunk.len())
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(chunk), |r| r.get::<_, i64>(0))?;
            for id in rows {
                ids.push(id?);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// [`Db::search_docs`] of these ids, leaving out the archived ones.
    fn live_search_docs(self, ids: &[i64]) -> Result<Vec<SearchDoc>> {
        let mut live = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT id FROM contact WHERE archived = 0 AND id IN ({}) ORDER BY id",
                placeholders(chunk.len())
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(chunk), |r| r.get::<_, i64>(0))?;
            for id in rows {
                live.push(id?);
            }
        }
        let mut docs = Vec::with_capacity(live.len());
        for chunk in live.chunks(CHUNK) {
            docs.extend(self.search_docs(Some(chunk))?);
        }
        Ok(docs)
    }
}

/// Fills `search_term`, `search_vocab` and `name_token` afresh from the
/// contacts on file: the data step of the migration that brought them.
/// Rows are inserted in key order, and the by-contact indexes built after,
/// so every B-tree is appended to rather than split at random.
pub(super) fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM search_term; DELETE FROM search_vocab; DELETE FROM name_token;
         DROP INDEX search_term_contact; DROP INDEX name_token_contact;",
    )?;
    let db = Db { conn };
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM contact ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut terms: Vec<(String, i64)> = Vec::new();
    let mut tokens: Vec<(String, i64)> = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        for d in db.search_docs(Some(chunk))? {
            let words = index_terms(
                &d.name,
                d.org.as_deref(),
                d.tags.iter().map(String::as_str),
                d.emails.iter().map(String::as_str),
            );
            terms.extend(words.into_iter().map(|t| (t, d.id)));
            tokens.extend(name_tokens(&d.name).into_iter().map(|t| (t, d.id)));
        }
    }
    terms.sort_unstable();
    tokens.sort_unstable();
    let mut term =
        conn.prepare("INSERT OR IGNORE INTO search_term (term, contact_id) VALUES (?1, ?2)")?;
    let mut vocab = conn.prepare("INSERT OR IGNORE INTO search_vocab (term) VALUES (?1)")?;
    for (i, (t, id)) in terms.iter().enumerate() {
        term.execute(params![t, id])?;
        if i == 0 || terms[i - 1].0 != *t {
            vocab.execute([t])?;
        }
    }
    let mut token =
        conn.prepare("INSERT OR IGNORE INTO name_token (token, contact_id) VALUES (?1, ?2)")?;
    for (t, id) in &tokens {
        token.execute(params![t, id])?;
    }
    conn.execute_batch(
        "CREATE INDEX search_term_contact ON search_term (contact_id);
         CREATE INDEX name_token_contact ON name_token (contact_id);",
    )?;
    Ok(())
}

fn insert_terms(conn: &Connection, id: i64, terms: &[String]) -> Result<()> {
    let mut term = conn
        .prepare_cached("INSERT OR IGNORE INTO search_term (term, contact_id) VALUES (?1, ?2)")?;
    let mut vocab = conn.prepare_cached("INSERT OR IGNORE INTO search_vocab (term) VALUES (?1)")?;
    for t in terms {
        term.execute(params![t, id])?;
        vocab.execute([t])?;
    }
    Ok(())
}

/// Two sorted id lists' common ids.
fn intersect(a: &[i64], b: &[i64]) -> Vec<i64> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use crate::domain::search::SearchIndex;
    use crate::ops::demo::test_ctx;

    #[test]
    fn candidates_rank_exactly_as_the_whole_index() {
        let ctx = test_ctx(1_500, 0, 7);
        let db = ctx.store.db();
        let whole = SearchIndex::new(db.search_docs(None).expect("docs"));
        let queries = [
            "muller",
            "mueller",
            "garcia",
            "jose garcia",
            "smth",
            "anna m",
            "gmail",
            "gmail.com",
            "o'brien",
            "zbulon",
            "schroeder",
            "ann",
            "lee",
            "a",
            "jg",
            "",
            "vip",
            "capital",
            "ngu",
            "xq",
        ];
        for query in queries {
            let candidates = db.search_candidates(query).expect("candidates");
            let narrowed = SearchIndex::new(candidates).search(query);
            assert_eq!(narrowed, whole.search(query), "{query:?}");
        }
    }

    #[test]
    fn rebuilding_gives_the_terms_the_writes_gave() {
        let ctx = test_ctx(300, 0, 3);
        let db = ctx.store.db();
        let read = || -> Vec<(String, i64)> {
            db.conn
                .prepare("SELECT term, contact_id FROM search_term ORDER BY 1, 2")
                .expect("prepare")
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("rows")
        };
        let written = read();
        assert!(written.len() > 300);
        super::rebuild(db.conn).expect("rebuild");
        assert_eq!(read(), written);
    }
}
