//! Objectives (`goal`).

use rusqlite::OptionalExtension;

use super::{Db, Result};
use crate::domain::goal::Goal;

const COLUMNS: &str = "id, metric, target, currency, period, text";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Goal> {
    let word = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let bad = |i: usize, e: crate::domain::Invalid| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    };
    Ok(Goal {
        id: r.get(0)?,
        metric: word(1)?.parse().map_err(|e| bad(1, e))?,
        target: r.get(2)?,
        currency: r.get(3)?,
        period: word(4)?.parse().map_err(|e| bad(4, e))?,
        text: r.get(5)?,
    })
}

impl Db<'_> {
    /// Stores `goal` (its `id` is ignored); returns its id.
    pub fn insert_goal(&self, uid: &str, goal: &Goal, now: &str) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO goal (uid, metric, target, currency, period, text, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![
                uid,
                goal.metric.as_str(),
                goal.target,
                goal.currency,
                goal.period.as_str(),
                goal.text,
                now
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every objective, oldest first.
    pub fn goals(&self) -> Result<Vec<Goal>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM goal ORDER BY id"))?;
        let rows = stmt.query_map([], read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn goal(&self, id: i64) -> Result<Option<Goal>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM goal WHERE id = ?1"))?;
        Ok(stmt.query_row([id], read).optional()?)
    }

    pub fn delete_goal(&self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM goal WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }
}
