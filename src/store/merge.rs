//! What a merge writes and what its undo reads back: the rows of the merged
//! contacts copied generically (every column, with its exact `SQLite` type,
//! so a column added later is not lost), and the `merge_log`.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde::{Deserialize, Serialize};

use super::contacts::name_tokens;
use super::{Db, Result};

/// The tables whose rows a merge record keeps for each contact, with the
/// column naming the contact.
pub const SNAPSHOT_TABLES: &[(&str, &str)] = &[
    ("contact", "id"),
    ("contact_email", "contact_id"),
    ("contact_phone", "contact_id"),
    ("contact_tag", "contact_id"),
    ("contact_field", "contact_id"),
    ("import_key", "contact_id"),
    // Stage history and static segments' members: an undo puts them back
    // as they were (the merge keeps the survivor's history and gives it
    // the absorbed contacts' memberships).
    ("stage_change", "contact_id"),
    ("segment_member", "contact_id"),
    // Campaign recipients and responses: a merge moves them to the
    // survivor (see `move_campaign_rows`), an undo moves them back.
    ("campaign_recipient", "contact_id"),
    ("campaign_response", "contact_id"),
];

/// The snapshot tables of campaign rows, which an undo moves back rather
/// than rewrites (a message sent since the merge must stay sent).
pub const CAMPAIGN_TABLES: &[&str] = &["campaign_recipient", "campaign_response"];

/// One stored value with its `SQLite` type. A real is kept as its bits, so
/// it comes back exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SqlValue {
    Null,
    Integer(i64),
    Real(u64),
    Text(String),
    Blob(Vec<u8>),
}

impl SqlValue {
    fn from_ref(v: ValueRef<'_>) -> SqlValue {
        match v {
            ValueRef::Null => SqlValue::Null,
            ValueRef::Integer(i) => SqlValue::Integer(i),
            ValueRef::Real(f) => SqlValue::Real(f.to_bits()),
            ValueRef::Text(t) => SqlValue::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => SqlValue::Blob(b.to_vec()),
        }
    }

    fn to_value(&self) -> Value {
        match self {
            SqlValue::Null => Value::Null,
            SqlValue::Integer(i) => Value::Integer(*i),
            SqlValue::Real(bits) => Value::Real(f64::from_bits(*bits)),
            SqlValue::Text(t) => Value::Text(t.clone()),
            SqlValue::Blob(b) => Value::Blob(b.clone()),
        }
    }
}

/// Every row one table holds for one contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRows {
    pub table: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<SqlValue>>,
}

impl TableRows {
    /// The value of `column` in `row`.
    pub fn get(&self, row: usize, column: &str) -> Option<&SqlValue> {
        let i = self.columns.iter().position(|c| c == column)?;
        self.rows.get(row)?.get(i)
    }
}

/// One line of `merge_log`, without its snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeLogRow {
    pub id: i64,
    pub audit_id: Option<i64>,
    pub survivor_uid: String,
    /// Every contact of the merge, the survivor first.
    pub uids: Vec<String>,
    pub undone_at: Option<String>,
}

impl Db<'_> {
    /// Every row of contact `id` in [`SNAPSHOT_TABLES`], table by table.
    pub fn contact_rows(&self, id: i64) -> Result<Vec<TableRows>> {
        let mut out = Vec::with_capacity(SNAPSHOT_TABLES.len());
        for (table, key) in SNAPSHOT_TABLES {
            let mut stmt = self
                .conn
                .prepare_cached(&format!("SELECT * FROM {table} WHERE {key} = ?1"))?;
            let columns: Vec<String> = stmt.column_names().map(String::from).collect();
            let mut rows = Vec::new();
            let mut query = stmt.query([id])?;
            while let Some(r) = query.next()? {
                let mut row = Vec::with_capacity(columns.len());
                for i in 0..columns.len() {
                    row.push(SqlValue::from_ref(r.get_ref(i)?));
                }
                rows.push(row);
            }
            out.push(TableRows {
                table: (*table).to_string(),
                columns,
                rows,
            });
        }
        Ok(out)
    }

    /// The ids of the interactions and of the follow-ups of contact `id`.
    pub fn timeline_ids(&self, id: i64) -> Result<(Vec<i64>, Vec<i64>)> {
        let ids = |table: &str| -> Result<Vec<i64>> {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT id FROM {table} WHERE contact_id = ?1 ORDER BY id"
            ))?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok((ids("interaction")?, ids("follow_up")?))
    }

    /// Moves every interaction, follow-up and import key of `from` to `to`.
    pub fn move_timeline(&self, from: i64, to: i64) -> Result<()> {
        for table in ["interaction", "follow_up", "import_key"] {
            self.conn
                .prepare_cached(&format!(
                    "UPDATE {table} SET contact_id = ?2 WHERE contact_id = ?1"
                ))?
                .execute([from, to])?;
        }
        Ok(())
    }

    /// Moves interaction or follow-up `id` (`table`) from `from` back to `to`,
    /// if it is still on `from`.
    pub fn move_back(&self, table: &str, id: i64, from: i64, to: i64) -> Result<()> {
        let table = if table == "interaction" {
            "interaction"
        } else {
            "follow_up"
        };
        self.conn
            .prepare_cached(&format!(
                "UPDATE {table} SET contact_id = ?3 WHERE id = ?1 AND contact_id = ?2"
            ))?
            .execute([id, from, to])?;
        Ok(())
    }

    /// Sets contact `id`'s creation time (a merge keeps the oldest).
    pub fn set_created_at(&self, id: i64, created_at: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE contact SET created_at = ?2 WHERE id = ?1")?
            .execute(params![id, created_at])?;
        Ok(())
    }

    /// Sets contact `id`'s last-contact time from its interactions. With
    /// `only_if_newer`, only when an interaction is newer than the stored time.
    /// A campaign send is not staying in touch: it does not count.
    pub fn recompute_last_interaction(&self, id: i64, only_if_newer: bool) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE contact SET last_interaction_at =
                     (SELECT max(at) FROM interaction WHERE contact_id = ?1 AND kind <> 'campaign')
                 WHERE id = ?1 AND (?2 = 0 OR EXISTS (
                     SELECT 1 FROM interaction WHERE contact_id = ?1 AND kind <> 'campaign'
                     AND at > coalesce(contact.last_interaction_at, '')))",
            )?
            .execute(params![id, only_if_newer])?;
        Ok(())
    }

    /// The id of the contact with `uid`.
    pub fn contact_id_by_uid(&self, uid: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM contact WHERE uid = ?1")?
            .query_row([uid], |r| r.get(0))
            .optional()?)
    }

    /// Deletes the rows of contact `id`'s own parts (e-mails, phones, tags,
    /// fields and the derived name and search words), keeping the contact.
    pub fn delete_contact_parts(&self, id: i64) -> Result<()> {
        for table in super::CONTACT_PARTS {
            self.conn
                .prepare_cached(&format!("DELETE FROM {table} WHERE contact_id = ?1"))?
                .execute([id])?;
        }
        Ok(())
    }

    /// Makes `to` a member of every static segment `from` is in (before
    /// `from` is deleted by a merge).
    pub fn move_segment_members(&self, from: i64, to: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO segment_member (segment_id, contact_id)
                 SELECT segment_id, ?2 FROM segment_member WHERE contact_id = ?1",
            )?
            .execute([from, to])?;
        Ok(())
    }

    /// Moves `from`'s campaign rows to `to`, for the campaigns `to` is not
    /// a recipient of; a response goes with its recipient row. The rest
    /// (campaigns both were in: the survivor's row stays) go when `from`
    /// is deleted.
    pub fn move_campaign_rows(&self, from: i64, to: i64) -> Result<()> {
        for sql in [
            "UPDATE campaign_response SET contact_id = ?2
              WHERE contact_id = ?1
                AND NOT EXISTS (SELECT 1 FROM campaign_recipient r
                                 WHERE r.campaign_id = campaign_response.campaign_id
                                   AND r.contact_id = ?2)
                AND NOT EXISTS (SELECT 1 FROM campaign_response p
                                 WHERE p.campaign_id = campaign_response.campaign_id
                                   AND p.contact_id = ?2)",
            "UPDATE campaign_recipient SET contact_id = ?2
              WHERE contact_id = ?1
                AND NOT EXISTS (SELECT 1 FROM campaign_recipient r
                                 WHERE r.campaign_id = campaign_recipient.campaign_id
                                   AND r.contact_id = ?2)",
        ] {
            self.conn.prepare_cached(sql)?.execute([from, to])?;
        }
        Ok(())
    }

    /// Moves the rows of campaign `campaign_id` (recipient and response)
    /// from `from` back to `to`, as they are now.
    pub fn move_campaign_back(&self, campaign_id: i64, from: i64, to: i64) -> Result<()> {
        for table in CAMPAIGN_TABLES {
            self.conn
                .prepare_cached(&format!(
                    "UPDATE {table} SET contact_id = ?3 WHERE campaign_id = ?1 AND contact_id = ?2"
                ))?
                .execute([campaign_id, from, to])?;
        }
        Ok(())
    }

    /// The campaigns contact `id` has a response row for.
    pub fn campaign_responses_of(&self, id: i64) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT campaign_id FROM campaign_response WHERE contact_id = ?1")?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether interaction `id` still exists.
    pub fn interaction_exists(&self, id: i64) -> Result<bool> {
        self.row_exists("interaction", id)
    }

    /// Deletes contact `id`'s stage history and segment memberships: an
    /// undo writes the snapshot's in their place (writing the contact row
    /// back fires the stage triggers, whose rows must not stay).
    pub fn clear_history_rows(&self, id: i64) -> Result<()> {
        for table in ["stage_change", "segment_member"] {
            self.conn
                .prepare_cached(&format!("DELETE FROM {table} WHERE contact_id = ?1"))?
                .execute([id])?;
        }
        Ok(())
    }

    /// Deletes the import keys named in `rows` (an `import_key` snapshot),
    /// whoever holds them now.
    pub fn delete_import_keys(&self, rows: &TableRows) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("DELETE FROM import_key WHERE scope = ?1 AND key = ?2")?;
        for i in 0..rows.rows.len() {
            if let (Some(scope), Some(key)) = (rows.get(i, "scope"), rows.get(i, "key")) {
                stmt.execute([scope.to_value(), key.to_value()])?;
            }
        }
        Ok(())
    }

    /// Writes the snapshot row of a contact over the stored contact `id`
    /// (every column but `id`).
    pub fn overwrite_contact_row(&self, id: i64, rows: &TableRows) -> Result<()> {
        let Some(row) = rows.rows.first() else {
            return Ok(());
        };
        let mut sets = Vec::new();
        let mut values = Vec::new();
        for (column, value) in rows.columns.iter().zip(row) {
            if column != "id" {
                values.push(value.to_value());
                sets.push(format!("\"{column}\" = ?{}", values.len()));
            }
        }
        values.push(Value::Integer(id));
        let sql = format!(
            "UPDATE contact SET {} WHERE id = ?{}",
            sets.join(", "),
            values.len()
        );
        self.conn.execute(&sql, params_from_iter(values))?;
        Ok(())
    }

    /// Inserts the snapshot rows of one table, naming contact `contact_id`
    /// (which may differ from the id they were taken under). A row whose own
    /// `id` is taken meanwhile gets a new one. Returns the rowid of the last
    /// row inserted (the new contact's id, for the `contact` table).
    pub fn insert_snapshot_rows(&self, rows: &TableRows, contact_id: Option<i64>) -> Result<i64> {
        let key = if rows.table == "contact" {
            "id"
        } else {
            "contact_id"
        };
        let table = SNAPSHOT_TABLES
            .iter()
            .find(|(t, _)| *t == rows.table)
            .map_or("contact", |(t, _)| *t);
        let mut last = 0;
        for row in &rows.rows {
            let mut columns = Vec::new();
            let mut values = Vec::new();
            for (column, value) in rows.columns.iter().zip(row) {
                let value = match (column == key, contact_id) {
                    (true, Some(id)) => Value::Integer(id),
                    _ => value.to_value(),
                };
                if column == "id" {
                    if let Value::Integer(id) = value
                        && self.row_exists(table, id)?
                    {
                        continue;
                    }
                    if value == Value::Null {
                        continue;
                    }
                }
                columns.push(format!("\"{column}\""));
                values.push(value);
            }
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                columns.join(", "),
                (1..=values.len())
                    .map(|i| format!("?{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            self.conn.execute(&sql, params_from_iter(values))?;
            last = self.conn.last_insert_rowid();
        }
        Ok(last)
    }

    fn row_exists(self, table: &str, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Writes contact `id`'s name words and search words again from its
    /// stored name, organisation, tags and e-mails.
    pub fn rewrite_derived(&self, id: i64) -> Result<()> {
        for table in ["name_token", "search_term"] {
            self.conn
                .prepare_cached(&format!("DELETE FROM {table} WHERE contact_id = ?1"))?
                .execute([id])?;
        }
        let Some(c) = self.contact(id)? else {
            return Ok(());
        };
        let mut token = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO name_token (token, contact_id) VALUES (?1, ?2)",
        )?;
        for t in name_tokens(&c.name) {
            token.execute(params![t, id])?;
        }
        self.insert_search_terms(id, &c)
    }

    /// Records a merge; returns its `merge_log` id.
    pub fn add_merge_log(
        &self,
        audit_id: i64,
        at: &str,
        uids: &[String],
        snapshot: &str,
    ) -> Result<i64> {
        let uids_json = serde_json::to_string(uids).unwrap_or_else(|_| "[]".into());
        self.conn
            .prepare_cached(
                "INSERT INTO merge_log (audit_id, at, survivor_uid, uids, snapshot)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                audit_id,
                at,
                uids.first().map_or("", String::as_str),
                uids_json,
                snapshot
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every merge on record, oldest first, without the snapshots.
    pub fn merge_logs(&self) -> Result<Vec<MergeLogRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, audit_id, survivor_uid, uids, undone_at FROM merge_log ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let uids: String = r.get(3)?;
            Ok(MergeLogRow {
                id: r.get(0)?,
                audit_id: r.get(1)?,
                survivor_uid: r.get(2)?,
                uids: serde_json::from_str(&uids).unwrap_or_default(),
                undone_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The snapshot of merge `id`.
    pub fn merge_snapshot(&self, id: i64) -> Result<String> {
        Ok(self
            .conn
            .prepare_cached("SELECT snapshot FROM merge_log WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?)
    }

    pub fn set_merge_undone(&self, id: i64, at: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE merge_log SET undone_at = ?2 WHERE id = ?1")?
            .execute(params![id, at])?;
        Ok(())
    }

    /// Deletes what is kept about the person with `uid` besides the contact:
    /// the merges that involved them (their snapshots hold the person's
    /// data), the pairs marked "not a duplicate" and the skipped findings.
    pub fn forget_merges_of(&self, uid: &str) -> Result<()> {
        for sql in [
            "DELETE FROM merge_log WHERE EXISTS (SELECT 1 FROM json_each(merge_log.uids) WHERE value = ?1)",
            "DELETE FROM not_duplicate WHERE a_uid = ?1 OR b_uid = ?1",
            "DELETE FROM finding_skip WHERE contact_uid = ?1",
        ] {
            self.conn.prepare_cached(sql)?.execute([uid])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{Store, StoreError};

    #[test]
    fn forgetting_someone_erases_their_merges_pairs_and_skipped_findings() {
        let mut store = Store::open_in_memory().expect("store");
        let count = |store: &Store, table: &str| -> i64 {
            store
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .expect("count")
        };
        store
            .write(|db| {
                let uids = |a: &str, b: &str| vec![a.to_string(), b.to_string()];
                for pair in [("u1", "u2"), ("u3", "u1"), ("u3", "u4")] {
                    let audit = db.add_audit("t", "merge", "merged", None)?;
                    db.add_merge_log(audit, "t", &uids(pair.0, pair.1), "{}")?;
                }
                db.add_not_duplicate("u1", "u5", "t")?;
                db.add_not_duplicate("u4", "u5", "t")?;
                db.conn.execute_batch(
                    "INSERT INTO finding_skip VALUES ('stale', 'u1', '', 't'), ('stale', 'u4', '', 't')",
                )?;
                db.forget_merges_of("u1")?;
                Ok::<_, StoreError>(())
            })
            .expect("write");
        assert_eq!(count(&store, "merge_log"), 1, "only the merge without u1");
        assert_eq!(count(&store, "not_duplicate"), 1);
        assert_eq!(count(&store, "finding_skip"), 1);
    }
}
