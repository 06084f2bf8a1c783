//! What `kith check` reads: `SQLite`'s own checks, rows that lost their
//! contact, derived columns that disagree with what they derive from, and
//! counts for a summary.

use super::{Db, Result};

/// The tables whose rows belong to a contact (`contact_id`).
pub const CONTACT_CHILDREN: &[&str] = &[
    "contact_email",
    "contact_phone",
    "contact_tag",
    "contact_field",
    "name_token",
    "search_term",
    "import_key",
    "interaction",
    "follow_up",
];

/// One row `PRAGMA foreign_key_check` reports, grouped: `count` rows of
/// `table` point at rows of `parent` that do not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenReference {
    pub table: String,
    pub parent: String,
    pub count: i64,
}

/// How much the database holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub contacts: i64,
    pub archived: i64,
    pub interactions: i64,
    pub open_follow_ups: i64,
    pub tags: i64,
    pub audit_entries: i64,
    pub forgotten: i64,
    /// The database's size in bytes (pages in use and free).
    pub bytes: i64,
}

impl Db<'_> {
    /// What `PRAGMA integrity_check` finds wrong (at most 100 lines; empty = ok).
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        super::keep::integrity_problems(self.conn)
    }

    /// `PRAGMA foreign_key_check`, grouped by table and parent.
    pub fn broken_references(&self) -> Result<Vec<BrokenReference>> {
        let mut stmt = self.conn.prepare(
            "SELECT \"table\", parent, count(*) FROM pragma_foreign_key_check
             GROUP BY 1, 2 ORDER BY 1, 2",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(BrokenReference {
                table: r.get(0)?,
                parent: r.get(1)?,
                count: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Per table of [`CONTACT_CHILDREN`], how many rows name a contact that
    /// does not exist (only tables with such rows are listed).
    pub fn orphan_rows(&self) -> Result<Vec<(&'static str, i64)>> {
        let mut out = Vec::new();
        for table in CONTACT_CHILDREN {
            let n: i64 = self.conn.query_row(
                &format!(
                    "SELECT count(*) FROM {table} t
                     WHERE NOT EXISTS (SELECT 1 FROM contact c WHERE c.id = t.contact_id)"
                ),
                [],
                |r| r.get(0),
            )?;
            if n > 0 {
                out.push((*table, n));
            }
        }
        Ok(out)
    }

    /// Words of the search vocabulary that no contact's terms use.
    pub fn unused_search_words(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM search_vocab v
             WHERE NOT EXISTS (SELECT 1 FROM search_term t WHERE t.term = v.term)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Contacts whose `last_interaction_at` is not the time of their newest
    /// interaction other than a campaign send (what lists sort by and
    /// cadences count from).
    pub fn stale_last_contacts(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            &format!("SELECT count(*) FROM contact c WHERE {STALE_LAST_CONTACT}"),
            [],
            |r| r.get(0),
        )?)
    }

    pub fn counts(&self) -> Result<Counts> {
        let one = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(Counts {
            contacts: one("SELECT count(*) FROM contact WHERE archived = 0")?,
            archived: one("SELECT count(*) FROM contact WHERE archived <> 0")?,
            interactions: one("SELECT count(*) FROM interaction")?,
            open_follow_ups: one("SELECT count(*) FROM follow_up WHERE done_at IS NULL")?,
            tags: one("SELECT count(DISTINCT tag) FROM contact_tag")?,
            audit_entries: one("SELECT count(*) FROM audit_log")?,
            forgotten: one("SELECT count(*) FROM forgotten")?,
            bytes: one("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")?,
        })
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        super::migrate::user_version(self.conn)
    }

    /// Deletes rows whose contact is gone and unused search words, and sets
    /// every `last_interaction_at` from the interactions; returns how many
    /// rows changed. Call inside a write.
    pub fn repair_derived_rows(&self) -> Result<i64> {
        let mut changed = 0;
        for table in CONTACT_CHILDREN {
            changed += self.conn.execute(
                &format!(
                    "DELETE FROM {table}
                     WHERE NOT EXISTS (SELECT 1 FROM contact c WHERE c.id = {table}.contact_id)"
                ),
                [],
            )? as i64;
        }
        changed += self.conn.execute(
            "DELETE FROM search_vocab
             WHERE NOT EXISTS (SELECT 1 FROM search_term t WHERE t.term = search_vocab.term)",
            [],
        )? as i64;
        changed += self.conn.execute(
            &format!(
                "UPDATE contact AS c SET last_interaction_at =
                    (SELECT max(at) FROM interaction i
                      WHERE i.contact_id = c.id AND i.kind <> 'campaign')
                 WHERE {STALE_LAST_CONTACT}"
            ),
            [],
        )? as i64;
        Ok(changed)
    }
}

// A campaign send is not staying in touch: it never moves the last contact.
const STALE_LAST_CONTACT: &str = "c.last_interaction_at IS NOT \
     (SELECT max(at) FROM interaction i WHERE i.contact_id = c.id AND i.kind <> 'campaign')";
