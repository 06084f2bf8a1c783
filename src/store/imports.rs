//! What `kith import` reads and writes beyond contacts: the keys an import
//! matches on, loaded once into memory so a 100k-card file costs a few
//! scans instead of a query per card, and the `import_key` rows it leaves.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::{Db, Result};

/// Every key an import matches cards on, each mapped to a contact id.
#[derive(Clone, Debug, Default)]
pub struct ImportIndex {
    /// Contacts' own uids, and vCard UIDs remembered under scope `uid`.
    pub uids: HashMap<String, i64>,
    /// Email keys (lower case); the oldest contact when two hold one.
    pub emails: HashMap<String, i64>,
    /// Phone keys (E.164, else digits): for "possible duplicate" only.
    pub phones: HashMap<String, i64>,
    /// Row identities of the scopes asked for: (scope, key).
    pub rows: HashMap<(String, String), i64>,
}

impl Db<'_> {
    /// Loads the keys of every contact, and the `import_key` rows of `scopes`.
    pub fn import_index(&self, scopes: &[String]) -> Result<ImportIndex> {
        let mut index = ImportIndex::default();
        let pairs = |sql: &str, map: &mut HashMap<String, i64>| -> Result<()> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                map.entry(r.get(0)?).or_insert(r.get(1)?);
            }
            Ok(())
        };
        pairs("SELECT uid, id FROM contact", &mut index.uids)?;
        pairs(
            "SELECT key, contact_id FROM import_key WHERE scope = 'uid'",
            &mut index.uids,
        )?;
        pairs(
            "SELECT email_key, contact_id FROM contact_email ORDER BY contact_id",
            &mut index.emails,
        )?;
        pairs(
            "SELECT phone_key, contact_id FROM contact_phone ORDER BY contact_id",
            &mut index.phones,
        )?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, contact_id FROM import_key WHERE scope = ?1")?;
        for scope in scopes {
            let mut rows = stmt.query([scope])?;
            while let Some(r) = rows.next()? {
                index.rows.insert((scope.clone(), r.get(0)?), r.get(1)?);
            }
        }
        Ok(index)
    }

    /// Remembers where contact `contact_id` came from; a key already
    /// remembered keeps the contact it names.
    pub fn add_import_key(
        &self,
        scope: &str,
        key: &str,
        contact_id: i64,
        audit_id: Option<i64>,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO import_key (scope, key, contact_id, audit_id)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![scope, key, contact_id, audit_id])?;
        Ok(())
    }

    /// A contact's display name, for a report line ("#12 Jane Doe").
    pub fn contact_name(&self, id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT display_name FROM contact WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::ops::demo::test_ctx;

    #[test]
    fn the_index_holds_every_contacts_keys() {
        let mut ctx = test_ctx(50, 0, 3);
        let db = ctx.store.db();
        let contacts = db
            .contacts(
                &crate::store::ContactFilter {
                    include_archived: true,
                    ..Default::default()
                },
                crate::store::ContactSort::Created,
            )
            .expect("contacts");
        let index = db.import_index(&["row:a.csv".into()]).expect("index");
        for c in &contacts {
            assert_eq!(index.uids.get(&c.uid), Some(&c.id));
            for e in &c.emails {
                assert!(
                    index
                        .emails
                        .contains_key(&crate::domain::contact::email_key(e))
                );
            }
        }
        let first = contacts[0].id;
        ctx.store
            .write(|db| {
                db.add_import_key("row:a.csv", "k1", first, None)?;
                db.add_import_key("uid", "urn:x", first, None)?;
                db.add_import_key("row:b.csv", "k2", first, None)
            })
            .expect("write");
        let index = ctx
            .store
            .db()
            .import_index(&["row:a.csv".into()])
            .expect("index");
        assert_eq!(index.rows.len(), 1);
        assert_eq!(
            index.rows.get(&("row:a.csv".into(), "k1".into())),
            Some(&first)
        );
        assert_eq!(index.uids.get("urn:x"), Some(&first));
    }
}
