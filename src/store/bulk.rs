//! Many new contacts at once (an import, the demo generator): the same rows
//! `insert_contact` writes, but each table filled in one pass, in key order,
//! many rows per statement.
//!
//! One contact at a time costs some twenty statements, most of them inserts
//! of words into `search_term` and `name_token` at random places in their
//! B-trees. Here every child row is collected first, sorted by its key and
//! written in chunks, so the B-trees grow at their ends; the vocabulary gets
//! each distinct word once.

use std::collections::BTreeSet;

use rusqlite::{Connection, ToSql, params_from_iter};

use super::contacts::{INSERT_CONTACT, attributes, name_tokens};
use super::{Db, Result};
use crate::domain::contact::{Contact, email_key};
use crate::domain::search::index_terms;

/// Rows per multi-row INSERT (well under `SQLite`'s 32,766 parameters).
const CHUNK: usize = 128;

impl Db<'_> {
    /// Inserts `contacts` with all their children; returns their new ids,
    /// in order. Equivalent to [`Db::insert_contact`] for each, faster for
    /// many.
    pub fn insert_contacts(&self, contacts: &[Contact]) -> Result<Vec<i64>> {
        // The table's CHECKs (`kind IN (…)` and the like) cost more than the
        // rest of the insert: SQLite builds the IN list again for every row.
        // Every value here comes from a domain enum, so they cannot fail.
        self.conn
            .pragma_update(None, "ignore_check_constraints", true)?;
        let ids = self.insert_contact_rows(contacts);
        self.conn
            .pragma_update(None, "ignore_check_constraints", false)?;
        let ids = ids?;
        self.insert_children_of(contacts, &ids)?;
        Ok(ids)
    }

    fn insert_contact_rows(self, contacts: &[Contact]) -> Result<Vec<i64>> {
        // Not cached: prepared after the pragma above, so compiled without CHECKs.
        let mut stmt = self.conn.prepare(INSERT_CONTACT)?;
        let mut ids = Vec::with_capacity(contacts.len());
        for c in contacts {
            let mut values = attributes(c);
            values.push(rusqlite::types::Value::Text(c.uid.clone()));
            values.push(rusqlite::types::Value::Text(c.created_at.clone()));
            stmt.execute(params_from_iter(values))?;
            ids.push(self.conn.last_insert_rowid());
        }
        Ok(ids)
    }

    fn insert_children_of(self, contacts: &[Contact], ids: &[i64]) -> Result<()> {
        let rows = || contacts.iter().zip(ids.iter());

        let keys: Vec<Vec<String>> = contacts
            .iter()
            .map(|c| c.emails.iter().map(|e| email_key(e)).collect())
            .collect();
        let mut emails: Vec<[&dyn ToSql; 4]> = Vec::new();
        for ((c, id), keys) in rows().zip(&keys) {
            for (i, (e, k)) in c.emails.iter().zip(keys).enumerate() {
                emails.push([id, e, k, if i == 0 { &true } else { &false }]);
            }
        }
        insert_many(
            self.conn,
            "INSERT INTO contact_email (contact_id, email, email_key, is_primary) VALUES",
            &emails,
        )?;

        let phone_keys: Vec<Vec<String>> = contacts
            .iter()
            .map(|c| {
                c.phones
                    .iter()
                    .map(crate::domain::contact::Phone::key)
                    .collect()
            })
            .collect();
        let mut phones: Vec<[&dyn ToSql; 4]> = Vec::new();
        for ((c, id), keys) in rows().zip(&phone_keys) {
            for (p, k) in c.phones.iter().zip(keys) {
                phones.push([id, &p.raw, &p.e164, k]);
            }
        }
        insert_many(
            self.conn,
            "INSERT INTO contact_phone (contact_id, raw, e164, phone_key) VALUES",
            &phones,
        )?;

        let mut tags: Vec<[&dyn ToSql; 2]> = Vec::new();
        let mut fields: Vec<[&dyn ToSql; 3]> = Vec::new();
        for (c, id) in rows() {
            let id: &dyn ToSql = id;
            tags.extend(c.tags.iter().map(|t| [id, t as &dyn ToSql]));
            fields.extend(c.fields.iter().map(|(k, v)| [id, k as &dyn ToSql, v]));
        }
        insert_many(
            self.conn,
            "INSERT OR IGNORE INTO contact_tag (contact_id, tag) VALUES",
            &tags,
        )?;
        insert_many(
            self.conn,
            "INSERT OR REPLACE INTO contact_field (contact_id, key, value) VALUES",
            &fields,
        )?;

        // Words: sorted by (word, id), so both trees are filled at their ends.
        let mut tokens: Vec<(String, i64)> = Vec::new();
        let mut terms: Vec<(String, i64)> = Vec::new();
        for (c, id) in rows() {
            tokens.extend(name_tokens(&c.name).into_iter().map(|t| (t, *id)));
            let words = index_terms(
                &c.name,
                c.org.as_deref(),
                c.tags.iter().map(String::as_str),
                c.emails.iter().map(String::as_str),
            );
            terms.extend(words.into_iter().map(|t| (t, *id)));
        }
        tokens.sort_unstable();
        terms.sort_unstable();
        let vocab: BTreeSet<&str> = terms.iter().map(|(t, _)| t.as_str()).collect();
        insert_many(
            self.conn,
            "INSERT OR IGNORE INTO name_token (token, contact_id) VALUES",
            &pairs(&tokens),
        )?;
        insert_many(
            self.conn,
            "INSERT OR IGNORE INTO search_term (term, contact_id) VALUES",
            &pairs(&terms),
        )?;
        let vocab: Vec<[&dyn ToSql; 1]> = vocab.iter().map(|t| [t as &dyn ToSql]).collect();
        insert_many(
            self.conn,
            "INSERT OR IGNORE INTO search_vocab (term) VALUES",
            &vocab,
        )?;
        Ok(())
    }
}

/// (word, id) rows as parameters.
fn pairs(rows: &[(String, i64)]) -> Vec<[&dyn ToSql; 2]> {
    rows.iter()
        .map(|(t, id)| [t as &dyn ToSql, id as &dyn ToSql])
        .collect()
}

/// Runs `head` ("INSERT … VALUES") over `rows`, [`CHUNK`] rows a statement.
fn insert_many<const N: usize>(
    conn: &Connection,
    head: &str,
    rows: &[[&dyn ToSql; N]],
) -> Result<()> {
    let sql = |n: usize| {
        let row = format!("({})", vec!["?"; N].join(","));
        format!("{head} {}", vec![row; n].join(","))
    };
    let mut full = conn.prepare_cached(&sql(CHUNK))?;
    for chunk in rows.chunks(CHUNK) {
        let values = params_from_iter(chunk.iter().flatten());
        if chunk.len() == CHUNK {
            full.execute(values)?;
        } else {
            conn.prepare(&sql(chunk.len()))?.execute(values)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::ops::demo::test_ctx;
    use crate::store::Store;

    /// What one contact looks like to every reader that uses the child tables.
    fn seen(store: &Store, id: i64, name_word: &str) -> String {
        let db = store.db();
        let contact = db.contact(id).expect("read").expect("there");
        let found: Vec<i64> = db
            .search_candidates(name_word)
            .expect("search")
            .iter()
            .map(|d| d.id)
            .collect();
        let by_name = db
            .contacts_by_name_prefixes(&[name_word.to_lowercase()], false)
            .expect("names");
        let by_email = contact
            .emails
            .first()
            .map(|e| db.contacts_by_email(e).expect("email"));
        format!("{contact:?} {found:?} {by_name:?} {by_email:?}")
    }

    #[test]
    fn many_at_once_write_what_one_at_a_time_writes() {
        let source = test_ctx(300, 0, 7);
        let mut contacts = source
            .store
            .db()
            .contacts(
                &crate::store::ContactFilter::default(),
                crate::store::ContactSort::Name,
            )
            .expect("contacts");
        assert!(
            contacts
                .iter()
                .any(|c| !c.fields.is_empty() && !c.phones.is_empty())
        );
        for c in &mut contacts {
            c.id = 0;
        }
        let mut one = Store::open_in_memory().expect("store");
        let mut many = Store::open_in_memory().expect("store");
        let one_ids: Vec<i64> = one
            .write(|db| contacts.iter().map(|c| db.insert_contact(c)).collect())
            .expect("one by one");
        let many_ids = many
            .write(|db| db.insert_contacts(&contacts))
            .expect("all at once");
        assert_eq!(one_ids, many_ids);
        for (c, id) in contacts.iter().zip(&one_ids) {
            let word = c.name.split(' ').next().expect("a word");
            assert_eq!(seen(&one, *id, word), seen(&many, *id, word), "{}", c.name);
        }
    }
}
