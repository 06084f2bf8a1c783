//! What `kith remind` needs: lapsed cadences, upcoming birthdays, and the log
//! of what was already reported.

use rusqlite::{OptionalExtension, params, params_from_iter};

use super::{Db, Result, stamps};
use crate::domain::dates::{Birthday, Interval};
use crate::domain::remind::{BirthdayRow, CadenceRow};

/// Lapsed stay-in-touch cadences on day ?1; see [`Db::lapsed_cadences`].
const LAPSED_SQL: &str = "SELECT c.id, c.uid, c.display_name, c.cadence,
            substr(coalesce(c.last_interaction_at, replace(c.created_at, 'T', ' ')), 1, 10)
     FROM (SELECT DISTINCT cadence_days AS days FROM contact
           WHERE cadence_days IS NOT NULL AND archived = 0) AS k
     JOIN contact c ON c.cadence_days = k.days
     WHERE c.cadence_days IS NOT NULL AND c.archived = 0
       AND substr(coalesce(c.last_interaction_at, replace(c.created_at, 'T', ' ')), 1, 10)
           <= date(?1, '-' || k.days || ' days')
     ORDER BY c.cadence_days, c.id";

impl Db<'_> {
    /// Live contacts with a cadence whose last contact (or creation) is at
    /// least their cadence's length in days before `today` ("YYYY-MM-DD").
    ///
    /// "last + N days <= today" is asked as "last <= today - N days": for
    /// each distinct cadence length N that is one range scan of the
    /// `contact_cadence_due` index, which also holds every column read here.
    pub fn lapsed_cadences(&self, today: &str) -> Result<Vec<CadenceRow>> {
        let mut stmt = self.conn.prepare_cached(LAPSED_SQL)?;
        let mut rows = stmt.query([today])?;
        // Thousands of rows share a handful of cadences ("2w", "30d"…):
        // parse each distinct one once.
        let mut cadences: Vec<(String, Option<Interval>)> = Vec::new();
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let text = |i: usize| -> rusqlite::Result<&str> { Ok(r.get_ref(i)?.as_str()?) };
            let cadence_text = text(3)?;
            let cadence = match cadences.iter().find(|(t, _)| t == cadence_text) {
                Some((_, parsed)) => *parsed,
                None => {
                    let parsed = cadence_text.parse().ok();
                    cadences.push((cadence_text.to_string(), parsed));
                    parsed
                }
            };
            let (Some(cadence), Some(last)) = (cadence, stamps::date(text(4)?)) else {
                continue;
            };
            out.push(CadenceRow {
                contact_id: r.get(0)?,
                contact_uid: r.get(1)?,
                contact: r.get(2)?,
                cadence,
                last,
            });
        }
        Ok(out)
    }

    /// Live contacts whose birthday ("…MM-DD") is one of `month_days`.
    pub fn birthdays_on(&self, month_days: &[String]) -> Result<Vec<BirthdayRow>> {
        if month_days.is_empty() {
            return Ok(Vec::new());
        }
        let ph: Vec<String> = (1..=month_days.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "SELECT id, uid, display_name, birthday FROM contact
             WHERE birthday IS NOT NULL AND substr(birthday, -5) IN ({}) AND archived = 0
             ORDER BY id",
            ph.join(",")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(month_days), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (contact_id, contact_uid, contact, birthday) = row?;
            if let Some(birthday) = Birthday::from_storage(&birthday) {
                out.push(BirthdayRow {
                    contact_id,
                    contact_uid,
                    contact,
                    birthday,
                });
            }
        }
        Ok(out)
    }

    pub fn was_reported(&self, key: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM reminder_log WHERE key = ?1")?
            .query_row([key], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Which of `keys` were reported before, as a flag per key. One
    /// statement for any number of keys: they are bound as a single JSON
    /// array and each is looked up by primary key, so there is no per-key
    /// statement (cron may see thousands of due items).
    pub fn reported_flags(&self, keys: &[&str]) -> Result<Vec<bool>> {
        let mut flags = vec![false; keys.len()];
        if keys.is_empty() {
            return Ok(flags);
        }
        let json = serde_json::to_string(keys).map_err(|e| {
            super::StoreError::Sql(rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
        })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT j.key FROM json_each(?1) AS j JOIN reminder_log r ON r.key = j.value",
        )?;
        let mut rows = stmt.query([json])?;
        while let Some(row) = rows.next()? {
            let i: i64 = row.get(0)?;
            if let Some(flag) = usize::try_from(i).ok().and_then(|i| flags.get_mut(i)) {
                *flag = true;
            }
        }
        Ok(flags)
    }

    pub fn mark_reported(&self, key: &str, now: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO reminder_log (key, reported_at) VALUES (?1, ?2)",
            )?
            .execute(params![key, now])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{Store, StoreError};

    #[test]
    fn reported_flags_mark_exactly_the_reported_keys() {
        let mut store = Store::open_in_memory().expect("store");
        let keys: Vec<String> = (0..1200)
            .map(|i| format!("follow-up:u{i}:2026-11-23"))
            .collect();
        store
            .write(|db| {
                for k in keys.iter().step_by(3) {
                    db.mark_reported(k, "2026-11-23T08:00:00Z")?;
                }
                Ok::<_, StoreError>(())
            })
            .expect("mark");
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let seen = store.db().reported_flags(&refs).expect("query");
        assert_eq!(seen.iter().filter(|f| **f).count(), 400);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(seen[i], i % 3 == 0, "{k}");
            assert_eq!(store.db().was_reported(k).expect("one"), i % 3 == 0);
        }
        assert!(store.db().reported_flags(&[]).expect("none").is_empty());
    }
}

#[cfg(test)]
mod lapse_tests {

    use crate::store::Store;

    /// v1's query: a date computed per contact with a cadence.
    const PER_ROW: &str = "SELECT id, uid, display_name, cadence,
            substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10)
         FROM contact
         WHERE cadence_days IS NOT NULL AND archived = 0
           AND date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                    '+' || cadence_days || ' days') <= ?1
         ORDER BY cadence_days, id";

    #[test]
    fn lapses_match_the_per_row_date_query_on_every_day_of_a_year() {
        let ctx = crate::ops::demo::test_ctx(2000, 6000, 3);
        let db = ctx.store.db();
        let mut start = ctx.clock.now().date() - chrono::Days::new(200);
        for _ in 0..365 {
            let today = start.format("%Y-%m-%d").to_string();
            let expected: Vec<(i64, String)> = db
                .conn
                .prepare(PER_ROW)
                .expect("prepare")
                .query_map([&today], |r| Ok((r.get(0)?, r.get(4)?)))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows");
            let got: Vec<(i64, String)> = db
                .lapsed_cadences(&today)
                .expect("lapses")
                .into_iter()
                .map(|r| (r.contact_id, r.last.format("%Y-%m-%d").to_string()))
                .collect();
            assert_eq!(got, expected, "on {today}");
            start = start.succ_opt().expect("next day");
        }
    }

    #[test]
    fn lapses_are_read_from_the_covering_index_alone() {
        let store = Store::open_in_memory().expect("store");
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", super::LAPSED_SQL))
            .expect("prepare")
            .query_map(["2026-11-23"], |r| r.get(3))
            .expect("plan")
            .collect::<Result<_, _>>()
            .expect("rows");
        let on_contact: Vec<&String> = plan.iter().filter(|l| l.contains("contact")).collect();
        assert!(!on_contact.is_empty(), "{plan:?}");
        assert!(
            on_contact
                .iter()
                .all(|l| l.contains("COVERING INDEX contact_cadence_due")),
            "{plan:?}"
        );
    }
}
