//! The audit log, and the hashes of forgotten people.

use rusqlite::{OptionalExtension, params};

use super::{Db, Result};

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub action: String,
    pub summary: String,
    /// JSON, as the action wrote it.
    pub detail: Option<String>,
}

/// An entry from `SELECT id, at, action, summary, detail FROM audit_log`.
pub(super) fn audit_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        action: r.get(2)?,
        summary: r.get(3)?,
        detail: r.get(4)?,
    })
}

impl Db<'_> {
    /// Records what happened; returns the entry's id.
    pub fn add_audit(
        &self,
        at: &str,
        action: &str,
        summary: &str,
        detail: Option<&str>,
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO audit_log (at, action, summary, detail) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![at, action, summary, detail])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The newest `limit` entries, newest first; of one action when given.
    pub fn audit_entries(&self, action: Option<&str>, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, action, summary, detail FROM audit_log
             WHERE ?1 IS NULL OR action = ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![action, limit as i64], audit_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The salt of this database's forgotten-people hashes, made (from
    /// `fresh`) the first time it is asked for. Call inside a write.
    pub fn forgotten_salt(&self, fresh: &str) -> Result<String> {
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('forgotten_salt', ?1)",
            )?
            .execute([fresh])?;
        Ok(self.conn.query_row(
            "SELECT value FROM meta WHERE key = 'forgotten_salt'",
            [],
            |r| r.get(0),
        )?)
    }

    /// The salt if one was ever made (a database where nobody was forgotten has none).
    pub fn existing_forgotten_salt(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'forgotten_salt'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn add_forgotten(&self, hash: &str, at: &str) -> Result<()> {
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO forgotten (hash, forgotten_at) VALUES (?1, ?2)")?
            .execute(params![hash, at])?;
        Ok(())
    }

    /// When the person with this identity hash was forgotten, if they were.
    pub fn forgotten_at(&self, hash: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT forgotten_at FROM forgotten WHERE hash = ?1")?
            .query_row([hash], |r| r.get(0))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Store;

    #[test]
    fn audit_entries_come_back_newest_first() {
        let mut store = Store::open_in_memory().expect("store");
        store
            .write(|db| {
                db.add_audit(
                    "2026-01-01 10:00:00",
                    "import",
                    "imported 3",
                    Some("{\"imported\":3}"),
                )?;
                db.add_audit("2026-01-02 10:00:00", "forget", "forgot 1 contact", None)
            })
            .expect("write");
        let all = store.db().audit_entries(None, 10).expect("read");
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].action, "forget");
        let imports = store.db().audit_entries(Some("import"), 10).expect("read");
        assert_eq!(imports[0].detail.as_deref(), Some("{\"imported\":3}"));
    }

    #[test]
    fn the_salt_is_made_once() {
        let mut store = Store::open_in_memory().expect("store");
        assert_eq!(store.db().existing_forgotten_salt().expect("read"), None);
        let first = store.write(|db| db.forgotten_salt("one")).expect("salt");
        let again = store.write(|db| db.forgotten_salt("two")).expect("salt");
        assert_eq!((first.as_str(), again.as_str()), ("one", "one"));
        store
            .write(|db| db.add_forgotten("abc", "2026-01-01 10:00:00"))
            .expect("write");
        assert!(store.db().forgotten_at("abc").expect("read").is_some());
        assert_eq!(store.db().forgotten_at("abd").expect("read"), None);
    }
}
