//! Everything held on one person, read whole (a data-rights export) or
//! erased with no trace left in the search vocabulary.

use rusqlite::params;

use super::audit::AuditEntry;
use super::follow_ups::{COLUMNS as FOLLOW_UP_COLUMNS, follow_up_from_row};
use super::{Db, Result};
use crate::domain::follow_up::FollowUp;

/// Where an imported contact came from (a row of `import_key`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ImportKey {
    pub scope: String,
    pub key: String,
    /// The audit entry of the import that brought it in.
    pub audit_id: Option<i64>,
}

impl Db<'_> {
    /// A contact's follow-ups, open and done, by due date.
    pub fn all_follow_ups_of(&self, contact_id: i64) -> Result<Vec<FollowUp>> {
        let sql = format!(
            "SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN contact c ON c.id = f.contact_id
             WHERE f.contact_id = ?1 ORDER BY f.due, f.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([contact_id], follow_up_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Where a contact came from: its `import_key` rows.
    pub fn import_keys_of(&self, contact_id: i64) -> Result<Vec<ImportKey>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT scope, key, audit_id FROM import_key WHERE contact_id = ?1 ORDER BY scope, key",
        )?;
        let rows = stmt.query_map([contact_id], |r| {
            Ok(ImportKey {
                scope: r.get(0)?,
                key: r.get(1)?,
                audit_id: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The audit entries with these ids, oldest first.
    pub fn audit_entries_by_id(&self, ids: &[i64]) -> Result<Vec<AuditEntry>> {
        let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, action, summary, detail FROM audit_log
             WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
        )?;
        let rows = stmt.query_map([ids], super::audit::audit_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many interactions and follow-ups a contact has.
    pub fn timeline_counts(&self, contact_id: i64) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM interaction WHERE contact_id = ?1),
                    (SELECT count(*) FROM follow_up WHERE contact_id = ?1)",
            [contact_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// The search words of a contact (name, organisation, tags, e-mails).
    pub fn search_terms_of(&self, contact_id: i64) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT term FROM search_term WHERE contact_id = ?1")?;
        let rows = stmt.query_map([contact_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Drops those of `terms` from the search vocabulary that no contact
    /// uses any more (a forgotten person's words). Call inside a write.
    pub fn drop_unused_search_words(&self, terms: &[String]) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "DELETE FROM search_vocab WHERE term = ?1
             AND NOT EXISTS (SELECT 1 FROM search_term WHERE term = ?1)",
        )?;
        for term in terms {
            stmt.execute(params![term])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{Store, StoreError};

    #[test]
    fn import_keys_name_the_audit_entries_of_their_imports() {
        let mut store = Store::open_in_memory().expect("store");
        store
            .write(|db| {
                db.conn.execute_batch(
                    "INSERT INTO contact (id, uid, display_name, created_at, updated_at)
                     VALUES (1, 'u1', 'Jane', 'x', 'x'), (2, 'u2', 'Bob', 'x', 'x');",
                )?;
                let first =
                    db.add_audit("2026-11-01 10:00:00", "import", "imported 2", Some("{}"))?;
                let second = db.add_audit("2026-11-02 10:00:00", "import", "imported 1", None)?;
                db.conn.execute(
                    "INSERT INTO import_key (scope, key, contact_id, audit_id)
                     VALUES ('uid', 'a', 1, ?1), ('csv:google', 'row', 1, ?2), ('uid', 'b', 2, ?1)",
                    [first, second],
                )?;
                Ok::<_, StoreError>(())
            })
            .expect("seed");
        let db = store.db();
        let keys = db.import_keys_of(1).expect("keys");
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].scope, "csv:google");
        let ids: Vec<i64> = keys.iter().filter_map(|k| k.audit_id).collect();
        let audit = db.audit_entries_by_id(&ids).expect("audit");
        assert_eq!(audit.len(), 2);
        assert_eq!(audit[0].summary, "imported 2");
        assert!(db.audit_entries_by_id(&[]).expect("none").is_empty());
    }
}
