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

/// The newest interaction per contact that is not a campaign message: the
/// (contact, at) index read backwards from each contact's newest.
const LAST_SQL: &str = "SELECT i.contact_id, i.kind, i.summary, i.at, i.amount_minor, i.currency
     FROM json_each(?1) AS j
     JOIN interaction i ON i.id = (
         SELECT id FROM interaction
         WHERE contact_id = j.value AND kind <> 'campaign'
         ORDER BY at DESC, id DESC LIMIT 1)";

/// The newest purchase per contact. Purchases are few: `+at` keeps the
/// (kind, contact) index in use, instead of walking all of a contact's
/// interactions by date (8x slower at 100k contacts).
const PURCHASE_SQL: &str =
    "SELECT i.contact_id, i.kind, i.summary, i.at, i.amount_minor, i.currency
     FROM json_each(?1) AS j
     JOIN interaction i ON i.id = (
         SELECT id FROM interaction
         WHERE kind = 'purchase' AND contact_id = j.value
         ORDER BY +at DESC, id DESC LIMIT 1)";

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
        for (purchase, sql) in [(false, LAST_SQL), (true, PURCHASE_SQL)] {
            let mut stmt = self.conn.prepare_cached(sql)?;
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

#[cfg(test)]
mod tests {
    //! The batch read gives, for every contact, what the plain one-contact
    //! queries (the definitions) give, on a demo database.

    use rusqlite::OptionalExtension;

    use super::*;

    fn one(db: Db<'_>, id: i64) -> MergeRow {
        let c = &db.conn;
        let newest = |which: &str| -> Option<LastRow> {
            c.query_row(
                &format!(
                    "SELECT kind, summary, at, amount_minor, currency FROM interaction
                     WHERE contact_id = ?1 AND {which} ORDER BY at DESC, id DESC LIMIT 1"
                ),
                [id],
                |r| {
                    Ok(LastRow {
                        kind: r.get(0)?,
                        summary: r.get(1)?,
                        at: r.get(2)?,
                        amount_minor: r.get(3)?,
                        currency: r.get(4)?,
                    })
                },
            )
            .optional()
            .expect("newest")
        };
        let list = |sql: &str| -> Vec<(String, String)> {
            let mut stmt = c.prepare(sql).expect("prepare");
            stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("rows")
        };
        let mut row = c
            .query_row(
                "SELECT display_name, given_name, family_name, org, title, city, country, stage
                 FROM contact WHERE id = ?1",
                [id],
                |r| {
                    Ok(MergeRow {
                        id,
                        display_name: r.get(0)?,
                        given_name: r.get(1)?,
                        family_name: r.get(2)?,
                        org: r.get(3)?,
                        title: r.get(4)?,
                        city: r.get(5)?,
                        country: r.get(6)?,
                        stage: r.get(7)?,
                        ..MergeRow::default()
                    })
                },
            )
            .expect("contact");
        row.email = c
            .query_row(
                "SELECT email FROM contact_email WHERE contact_id = ?1
                 ORDER BY is_primary DESC, id LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .expect("email");
        let mut tags: Vec<String> = list("SELECT tag, '' FROM contact_tag WHERE contact_id = ?1")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        tags.sort();
        row.tags = tags;
        row.fields = list("SELECT key, value FROM contact_field WHERE contact_id = ?1")
            .into_iter()
            .collect();
        row.last_interaction = newest("kind <> 'campaign'");
        row.last_purchase = newest("kind = 'purchase'");
        row
    }

    #[test]
    fn the_batch_read_matches_the_one_contact_definitions() {
        let ctx = crate::ops::demo::test_ctx(400, 4000, 11);
        let db = ctx.store.db();
        // Campaign messages newer than anything else, for every 7th contact:
        // never "the last interaction".
        db.conn
            .execute(
                "INSERT INTO interaction (uid, contact_id, kind, direction, at, summary, campaign,
                                          variant, created_at, updated_at)
                 SELECT 'camp-' || id, id, 'campaign', 'out', '2026-11-23 08:00:00', 'News',
                        'autumn', 'A', '2026-11-23T08:00:00Z', '2026-11-23T08:00:00Z'
                 FROM contact WHERE id % 7 = 0",
                [],
            )
            .expect("campaign messages");
        let mut ids: Vec<i64> = (1..=400).collect();
        ids.push(99_999);
        let all = db.merge_rows(&ids).expect("batch");
        assert_eq!(all.len(), 400, "an id that is no contact is left out");
        let mut seen = [0; 4];
        for id in 1..=400 {
            let expected = one(db, id);
            seen[0] += usize::from(expected.last_purchase.is_some());
            seen[1] += usize::from(!expected.tags.is_empty());
            seen[2] += usize::from(!expected.fields.is_empty());
            seen[3] += usize::from(expected.email.is_some());
            assert_eq!(all.get(&id), Some(&expected), "contact {id}");
        }
        // The demo exercises every part.
        assert!(seen.iter().all(|n| *n > 0), "{seen:?}");
        let newest_is_campaign = (1..=400).filter(|id| id % 7 == 0).all(|id| {
            all[&id]
                .last_interaction
                .as_ref()
                .is_none_or(|l| l.kind != "campaign")
        });
        assert!(newest_is_campaign);
        assert!(db.merge_rows(&[]).expect("none").is_empty());
    }
}
