//! Saved segments: their rows, a static segment's frozen members, the daily
//! sizes, and the sums `segment compare` shows for a set of members.

use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Result};

/// A saved segment as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentRow {
    pub id: i64,
    pub name: String,
    pub query: String,
    pub description: String,
    pub is_static: bool,
}

/// Members' figures in a span of days (`from` inclusive, `to` exclusive).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentSums {
    pub customers: u64,
    pub revenue_minor: i64,
    pub purchases: u64,
    pub campaign_sends: u64,
    pub campaign_answered: u64,
    /// Members who bought in the previous span, and of them those who bought again.
    pub buyers_before: u64,
    pub buyers_kept: u64,
    pub nps_sum: i64,
    pub nps_answers: u64,
}

const SEGMENT_COLUMNS: &str = "id, name, query, description, is_static";

fn segment_row(r: &Row<'_>) -> rusqlite::Result<SegmentRow> {
    Ok(SegmentRow {
        id: r.get(0)?,
        name: r.get(1)?,
        query: r.get(2)?,
        description: r.get(3)?,
        is_static: r.get(4)?,
    })
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Db<'_> {
    pub fn insert_segment(&self, uid: &str, row: &SegmentRow, now: &str) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO segment (uid, name, query, description, is_static, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?
            .execute(params![uid, row.name, row.query, row.description, row.is_static, now])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The segment named `name` (ignoring case).
    pub fn segment_by_name(&self, name: &str) -> Result<Option<SegmentRow>> {
        let sql = format!("SELECT {SEGMENT_COLUMNS} FROM segment WHERE name = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([name], segment_row)
            .optional()?)
    }

    /// Every saved segment, by name.
    pub fn segments(&self) -> Result<Vec<SegmentRow>> {
        let sql = format!("SELECT {SEGMENT_COLUMNS} FROM segment ORDER BY name, id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], segment_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Deletes a segment with its members and sizes.
    pub fn delete_segment(&self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM segment WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// Freezes a static segment's members.
    pub fn set_segment_members(&self, id: i64, members: &[i64]) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM segment_member WHERE segment_id = ?1")?
            .execute([id])?;
        let json = serde_json::to_string(members).unwrap_or_else(|_| "[]".into());
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO segment_member (segment_id, contact_id)
                 SELECT ?1, value FROM json_each(?2) WHERE value IN (SELECT id FROM contact)",
            )?
            .execute(params![id, json])?;
        Ok(())
    }

    /// A static segment's members (a deleted contact has left it).
    pub fn segment_members(&self, id: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.contact_id FROM segment_member m JOIN contact c ON c.id = m.contact_id
             WHERE m.segment_id = ?1 ORDER BY m.contact_id",
        )?;
        let ids = stmt.query_map([id], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// The segments with no size recorded on `day`.
    pub fn segments_unsized_on(&self, day: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id FROM segment s WHERE NOT EXISTS
                 (SELECT 1 FROM segment_size z WHERE z.segment_id = s.id AND z.day = ?1)",
        )?;
        let ids = stmt.query_map([day], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    pub fn record_segment_size(&self, id: i64, day: &str, size: u64) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO segment_size (segment_id, day, size) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![id, day, i64::try_from(size).unwrap_or(i64::MAX)])?;
        Ok(())
    }

    /// The newest size recorded between `oldest` and `newest` (days, inclusive).
    pub fn segment_size_between(&self, id: i64, oldest: &str, newest: &str) -> Result<Option<u64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT size FROM segment_size WHERE segment_id = ?1 AND day >= ?2 AND day <= ?3
                 ORDER BY day DESC LIMIT 1",
            )?
            .query_row(params![id, oldest, newest], |r| r.get::<_, i64>(0))
            .optional()?
            .map(count))
    }

    /// The members' figures between `from` and `to` (days; `to` excluded),
    /// with `before` the start of the previous span, in `currency`.
    pub fn segment_sums(
        &self,
        members: &[i64],
        before: &str,
        from: &str,
        to: &str,
        currency: &str,
    ) -> Result<SegmentSums> {
        let json = serde_json::to_string(members).unwrap_or_else(|_| "[]".into());
        let one = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<(i64, i64)> {
            Ok(self.conn.prepare_cached(sql)?.query_row(p, |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                ))
            })?)
        };
        let (customers, _) = one(
            "SELECT count(*), 0 FROM contact WHERE id IN (SELECT value FROM json_each(?1))
             AND stage IN ('customer', 'loyal')",
            &[&json],
        )?;
        let (revenue, purchases) = one(
            "SELECT sum(CASE WHEN currency = ?4 THEN amount_minor END), count(*) FROM interaction
             WHERE kind = 'purchase' AND at >= ?2 AND at < ?3
               AND contact_id IN (SELECT value FROM json_each(?1))",
            &[&json, &from, &to, &currency],
        )?;
        // The campaign response rule is kpi's, shared.
        let (sends, answered) = one(
            &format!(
                "SELECT count(*), sum({}) FROM interaction i
                  WHERE i.kind = 'campaign' AND i.at >= ?2 AND i.at < ?3
                    AND i.contact_id IN (SELECT value FROM json_each(?1))",
                super::kpi::send_answered_sql("i")
            ),
            &[&json, &from, &to],
        )?;
        let (buyers_before, buyers_kept) = one(
            "SELECT count(*), sum(EXISTS (SELECT 1 FROM interaction n
                 WHERE n.contact_id = p.contact_id AND n.kind = 'purchase' AND n.at >= ?3 AND n.at < ?4))
             FROM (SELECT DISTINCT contact_id FROM interaction
                   WHERE kind = 'purchase' AND at >= ?2 AND at < ?3
                     AND contact_id IN (SELECT value FROM json_each(?1))) p",
            &[&json, &before, &from, &to],
        )?;
        let (nps_sum, nps_answers) = one(
            "SELECT sum(nps), count(nps) FROM interaction
             WHERE kind = 'feedback' AND at >= ?2 AND at < ?3
               AND contact_id IN (SELECT value FROM json_each(?1))",
            &[&json, &from, &to],
        )?;
        Ok(SegmentSums {
            customers: count(customers),
            revenue_minor: revenue,
            purchases: count(purchases),
            campaign_sends: count(sends),
            campaign_answered: count(answered),
            buyers_before: count(buyers_before),
            buyers_kept: count(buyers_kept),
            nps_sum,
            nps_answers: count(nps_answers),
        })
    }
}
