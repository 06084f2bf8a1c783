//! Past stage changes and segment sizes written in bulk: the demo's
//! history, which the triggers (recording only the present) cannot make.

use rusqlite::params;

use super::{Db, Result};

/// One contact's stage as generated: id, stage, and `created_at`.
pub struct StageRow {
    pub contact_id: i64,
    pub stage: String,
    pub created_at: String,
}

/// One past change of stage.
pub struct StageStep {
    pub contact_id: i64,
    pub at: String,
    pub from_stage: Option<String>,
    pub to_stage: String,
}

impl Db<'_> {
    /// Every contact with a stage, by id.
    pub fn contact_stages(&self) -> Result<Vec<StageRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, stage, created_at FROM contact WHERE stage IS NOT NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StageRow {
                contact_id: r.get(0)?,
                stage: r.get(1)?,
                created_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces the stage history of the contacts in `steps` with `steps`
    /// (each contact's rows, oldest first).
    pub fn replace_stage_history(&self, steps: &[StageStep]) -> Result<()> {
        let mut delete = self
            .conn
            .prepare_cached("DELETE FROM stage_change WHERE contact_id = ?1")?;
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO stage_change (contact_id, at, from_stage, to_stage)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut last = None;
        for s in steps {
            if last != Some(s.contact_id) {
                delete.execute([s.contact_id])?;
                last = Some(s.contact_id);
            }
            insert.execute(params![s.contact_id, s.at, s.from_stage, s.to_stage])?;
        }
        Ok(())
    }

    /// Records a segment's size on past days ("YYYY-MM-DD"), replacing any
    /// recorded for those days.
    pub fn insert_segment_sizes(&self, segment_id: i64, sizes: &[(String, u64)]) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT OR REPLACE INTO segment_size (segment_id, day, size) VALUES (?1, ?2, ?3)",
        )?;
        for (day, size) in sizes {
            stmt.execute(params![
                segment_id,
                day,
                i64::try_from(*size).unwrap_or(i64::MAX)
            ])?;
        }
        Ok(())
    }
}

#[cfg(test)]
impl Db<'_> {
    /// Every row of a test's checking query, each value in its debug form.
    pub(crate) fn test_rows(self, sql: &str) -> Vec<Vec<String>> {
        let mut stmt = self.conn.prepare(sql).expect("prepare");
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            (0..n)
                .map(|i| {
                    let v: rusqlite::types::Value = r.get(i)?;
                    Ok(format!("{v:?}"))
                })
                .collect()
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
    }
}
