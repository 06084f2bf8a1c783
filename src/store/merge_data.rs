//! What templates say about contacts, read for many contacts at once: a
//! campaign renders thousands of messages, so each part is one query over
//! all the ids, not one query per contact.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Row;

use super::{Db, Result};

/// One contact's values as stored (not yet made printable).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeRow {
    pub id: i64,
    pub display_name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// The primary e-mail, else the first one.
    pub email: Option<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub stage: Option<String>,
    /// Sorted.
    pub tags: Vec<String>,
    pub fields: BTreeMap<String, String>,
    /// The newest interaction that is not a campaign message.
    pub last_interaction: Option<LastRow>,
    /// The newest purchase.
    pub last_purchase: Option<LastRow>,
}

/// An interaction as a merge field reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LastRow {
    pub kind: String,
    pub summary: String,
    /// Local time, "YYYY-MM-DD HH:MM:SS".
    pub at: String,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
}

/// The newest interaction per contact matching `which` (an SQL condition on
/// `interaction`, a literal of this file): the (contact, at) index read
/// backwards from each contact's newest.
fn newest_sql(which: &str) -> String {
    format!(
        "SELECT i.contact_id, i.kind, i.summary, i.at, i.amount_minor, i.currency
         FROM json_each(?1) AS j
         JOIN interaction i ON i.id = (
             SELECT id FROM interaction
             WHERE contact_id = j.value AND {which}
             ORDER BY at DESC, id DESC LIMIT 1)"
    )
}

fn last_row(r: &Row<'_>) -> rusqlite::Result<(i64, LastRow)> {
    Ok((
        r.get(0)?,
        LastRow {
            kind: r.get(1)?,
            summary: r.get(2)?,
            at: r.get(3)?,
            amount_minor: r.get(4)?,
            currency: r.get(5)?,
        },
    ))
}

impl Db<'_> {
    /// The merge values of these contacts, by id (an id that is no contact
    /// is left out). Six queries whatever the number of ids.
    pub fn merge_rows(&self, ids: &[i64]) -> Result<HashMap<i64, MergeRow>> {
        let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let mut out = self.merge_contacts(&json)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, email FROM contact_email
             WHERE contact_id IN (SELECT value FROM json_each(?1))
             ORDER BY contact_id, is_primary DESC, id",
        )?;
        let rows = stmt.query_map([&json], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))?;
        for row in rows {
            let (id, email) = row?;
            if let Some(m) = out.get_mut(&id) {
                m.email.get_or_insert(email);
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, tag FROM contact_tag
             WHERE contact_id IN (SELECT value FROM json_each(?1)) ORDER BY contact_id, tag",
        )?;
        for row in stmt.query_map([&json], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))? {
            let (id, tag) = row?;
            if let Some(m) = out.get_mut(&id) {
                m.tags.push(tag);
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, key, value FROM contact_field
             WHERE contact_id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([&json], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)))?;
        for row in rows {
            let (id, key, value) = row?;
            if let Some(m) = out.get_mut(&id) {
                m.fields.insert(key, value);
            }
        }
        for (purchase, which) in [(false, "kind <> 'campaign'"), (true, "kind = 'purchase'")] {
            let sql = newest_sql(which);
            let mut stmt = self.conn.prepare_cached(&sql)?;
            for row in stmt.query_map([&json], last_row)? {
                let (id, last) = row?;
                if let Some(m) = out.get_mut(&id) {
                    if purchase {
                        m.last_purchase = Some(last);
                    } else {
                        m.last_interaction = Some(last);
                    }
                }
            }
        }
        Ok(out)
    }

    fn merge_contacts(self, json: &str) -> Result<HashMap<i64, MergeRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, display_name, given_name, family_name, org, title, city, country, stage
             FROM contact WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([json], |r| {
            Ok(MergeRow {
                id: r.get(0)?,
                display_name: r.get(1)?,
                given_name: r.get(2)?,
                family_name: r.get(3)?,
                org: r.get(4)?,
                title: r.get(5)?,
                city: r.get(6)?,
                country: r.get(7)?,
                stage: r.get(8)?,
                ..MergeRow::default()
            })
        })?;
        rows.map(|r| r.map(|m| (m.id, m)).map_err(Into::into))
            .collect()
    }
}
