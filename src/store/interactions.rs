//! Interactions: the timeline, and the contact's "last contacted" stamp.

use rusqlite::{Row, params};

use super::{Db, Result};
use crate::domain::interaction::{Interaction, NewInteraction};
use crate::domain::money::Money;

const COLUMNS: &str =
    "id, uid, contact_id, kind, direction, at, summary, body, amount_minor, currency, rating, nps";

impl Db<'_> {
    /// Inserts an interaction and moves the contact's last-contact stamp forward.
    pub fn insert_interaction(&self, uid: &str, n: &NewInteraction, now: &str) -> Result<i64> {
        let id = self.insert_interaction_row(uid, n, now)?;
        self.touch_last_interaction(n.contact_id, &n.at, now)?;
        Ok(id)
    }

    /// Inserts an interaction but leaves the contact's last-contact stamp
    /// alone: for bulk writers (the demo generator) that insert many rows per
    /// contact and then call [`Db::touch_last_interaction`] once per contact
    /// with the newest `at`, which leaves the same rows as
    /// [`Db::insert_interaction`] for each.
    pub fn insert_interaction_row(&self, uid: &str, n: &NewInteraction, now: &str) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO interaction (uid, contact_id, kind, direction, at, summary, body,
                 amount_minor, currency, rating, nps, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        )?;
        stmt.execute(params![
            uid,
            n.contact_id,
            n.kind.as_str(),
            n.direction
                .map(super::super::domain::interaction::Direction::as_str),
            n.at,
            n.summary(),
            n.body(),
            n.amount.as_ref().map(|m| m.minor),
            n.amount.as_ref().map(|m| m.currency.as_str()),
            n.rating,
            n.nps,
            now,
        ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Moves a contact's last-contact stamp forward to `at` (never back) and
    /// marks the contact updated.
    pub fn touch_last_interaction(&self, contact_id: i64, at: &str, now: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE contact SET updated_at = ?3,
                     last_interaction_at = CASE WHEN last_interaction_at IS NULL OR last_interaction_at < ?2
                                                THEN ?2 ELSE last_interaction_at END
                 WHERE id = ?1",
            )?
            .execute(params![contact_id, at, now])?;
        Ok(())
    }

    /// A contact's timeline, newest first (`limit` None = all).
    pub fn interactions_of(
        &self,
        contact_id: i64,
        limit: Option<usize>,
    ) -> Result<Vec<Interaction>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM interaction WHERE contact_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2"
        );
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![contact_id, limit], interaction_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn count_interactions(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM interaction")?
            .query_row([], |r| r.get(0))?)
    }
}

fn interaction_from_row(r: &Row<'_>) -> rusqlite::Result<Interaction> {
    let amount = match (r.get::<_, Option<i64>>(8)?, r.get::<_, Option<String>>(9)?) {
        (Some(minor), Some(currency)) => Some(Money { minor, currency }),
        _ => None,
    };
    Ok(Interaction {
        id: r.get(0)?,
        uid: r.get(1)?,
        contact_id: r.get(2)?,
        kind: r
            .get::<_, String>(3)?
            .parse()
            .unwrap_or(crate::domain::interaction::InteractionKind::Note),
        direction: r.get::<_, Option<String>>(4)?.and_then(|d| d.parse().ok()),
        at: r.get(5)?,
        summary: r.get(6)?,
        body: r.get(7)?,
        amount,
        rating: r.get(10)?,
        nps: r.get(11)?,
    })
}
