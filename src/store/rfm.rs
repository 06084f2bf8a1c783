//! What RFM and churn risk read: each buyer's purchases over a window, and
//! each contact's days with an interaction, in one ordered scan.

use chrono::{Datelike, NaiveDate};
use rusqlite::params;

use super::{Db, Result, stamps};

use crate::domain::rfm::Purchases;

/// Per live buyer in `[?1, ?2)`: the day of the last purchase, the number
/// of purchases, and the spend in currency ?3. The kind is a literal, so
/// the range is read from the `interaction_purchase` covering index (named:
/// the planner would otherwise walk `interaction_kind_contact` for the
/// grouping's order and read every row).
const PURCHASES_SQL: &str = "
    SELECT contact_id, substr(max(at), 1, 10), count(*),
           coalesce(sum(CASE WHEN currency = ?3 THEN amount_minor END), 0)
    FROM interaction INDEXED BY interaction_purchase
    WHERE kind = 'purchase' AND at >= ?1 AND at < ?2
      AND contact_id IN (SELECT id FROM contact WHERE archived = 0)
    GROUP BY contact_id
    ORDER BY contact_id";

/// Every interaction's contact and day before ?1, in contact then time
/// order: a scan of the `interaction_contact_at` index alone.
const DAYS_SQL: &str = "
    SELECT contact_id, at FROM interaction
    WHERE at < ?1
    ORDER BY contact_id, at";

/// The live contacts, by id (the `contact_live_name` index alone).
const LIVE_SQL: &str = "SELECT id FROM contact WHERE archived = 0 ORDER BY id";

impl Db<'_> {
    /// Each live contact's purchases from day `from` up to (not including)
    /// day `until` ("YYYY-MM-DD"): days since the last one as of `today`,
    /// their number, and the spend in `currency` (other currencies count
    /// for recency and frequency only).
    pub fn purchases_between(
        &self,
        from: &str,
        until: &str,
        currency: &str,
        today: NaiveDate,
    ) -> Result<Vec<Purchases>> {
        let mut stmt = self.conn.prepare_cached(PURCHASES_SQL)?;
        let mut rows = stmt.query(params![from, until, currency])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let last = r.get_ref(1)?.as_str().ok().and_then(stamps::date);
            let Some(last) = last else {
                continue;
            };
            out.push(Purchases {
                contact_id: r.get(0)?,
                days_since: (today - last).num_days(),
                count: r.get::<_, i64>(2)?.try_into().unwrap_or(0),
                spent_minor: r.get(3)?,
            });
        }
        Ok(out)
    }

    /// Calls `each(contact_id, days)` for every live contact with an
    /// interaction before day `until` ("YYYY-MM-DD"), with the distinct
    /// days of their interactions ascending, as day numbers (days since the
    /// common era). One ordered scan; a day's text is parsed once.
    pub fn for_each_contact_days(
        &self,
        until: &str,
        mut each: impl FnMut(i64, &[i64]),
    ) -> Result<()> {
        let live: Vec<i64> = {
            let mut stmt = self.conn.prepare_cached(LIVE_SQL)?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut live = live.into_iter().peekable();
        let mut stmt = self.conn.prepare_cached(DAYS_SQL)?;
        let mut rows = stmt.query([until])?;
        let mut current: Option<(i64, bool)> = None;
        let mut days: Vec<i64> = Vec::new();
        let mut last_text = [0u8; 10];
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if current.map(|(c, _)| c) != Some(id) {
                if let Some((c, true)) = current {
                    each(c, &days);
                }
                days.clear();
                last_text = [0; 10];
                while live.next_if(|l| *l < id).is_some() {}
                current = Some((id, live.peek() == Some(&id)));
            }
            if current.is_some_and(|(_, is_live)| !is_live) {
                continue;
            }
            let at = r.get_ref(1)?.as_bytes().unwrap_or_default();
            let Some(day_text) = at.get(..10) else {
                continue;
            };
            if day_text == last_text {
                continue;
            }
            last_text.copy_from_slice(day_text);
            let Some(day) = std::str::from_utf8(day_text).ok().and_then(stamps::date) else {
                continue;
            };
            days.push(i64::from(day.num_days_from_ce()));
        }
        if let Some((c, true)) = current {
            each(c, &days);
        }
        Ok(())
    }

    /// Calls `each(contact_id, days)` for each of `ids` with an interaction
    /// before day `until`, as [`Db::for_each_contact_days`] does for
    /// everyone: a short range of the `interaction_contact_at` index per
    /// contact, for when only some contacts matter (who-next's customers).
    pub fn for_each_days_of(
        &self,
        ids: &[i64],
        until: &str,
        mut each: impl FnMut(i64, &[i64]),
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at FROM interaction WHERE contact_id = ?1 AND at < ?2 ORDER BY at",
        )?;
        let mut days: Vec<i64> = Vec::new();
        for id in ids {
            days.clear();
            let mut rows = stmt.query(params![id, until])?;
            while let Some(r) = rows.next()? {
                let at = r.get_ref(0)?.as_str().unwrap_or_default();
                let Some(day) = at.get(..10).and_then(stamps::date) else {
                    continue;
                };
                let n = i64::from(day.num_days_from_ce());
                if days.last() != Some(&n) {
                    days.push(n);
                }
            }
            if !days.is_empty() {
                each(*id, &days);
            }
        }
        Ok(())
    }

    /// The display names of `ids` (any order; unknown ids are left out).
    pub fn display_names(&self, ids: &[i64]) -> Result<Vec<(i64, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.display_name FROM json_each(?1) AS j
             JOIN contact c ON c.id = j.value",
        )?;
        let rows = stmt.query_map([super::reminders::json_ids(ids)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Store;

    fn plan(sql: &str, args: &[&str]) -> Vec<String> {
        let store = Store::open_in_memory().expect("store");
        store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("prepare")
            .query_map(rusqlite::params_from_iter(args), |r| r.get(3))
            .expect("plan")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    #[test]
    fn purchases_are_read_from_the_purchase_index() {
        let p = plan(super::PURCHASES_SQL, &["2025-11-23", "2026-11-24", "EUR"]);
        assert!(
            p.iter()
                .any(|l| l.contains("COVERING INDEX interaction_purchase")),
            "{p:?}"
        );
    }

    #[test]
    fn days_are_read_from_the_contact_time_index_alone() {
        let p = plan(super::DAYS_SQL, &["2026-11-24"]);
        assert!(
            p.iter()
                .any(|l| l.contains("COVERING INDEX interaction_contact_at")),
            "{p:?}"
        );
        assert!(!p.iter().any(|l| l.contains("TEMP B-TREE")), "{p:?}");
    }
}
