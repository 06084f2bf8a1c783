//! What `kith remind` needs: lapsed cadences, upcoming birthdays, and the log
//! of what was already reported.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params, params_from_iter};

use super::{Db, Result, stamps};

use crate::domain::dates::{Birthday, Interval};
use crate::domain::remind::{BirthdayRow, CadenceRow, Watermark};

/// The day a contact's stay-in-touch cadence lapses, written exactly as the
/// `contact_cadence_lapse` index (migration 0004) holds it, so that a query
/// naming it reads that index: the day of the last contact (or creation)
/// plus the cadence, with `Interval::add_to`'s calendar rule.
macro_rules! lapse_day {
    () => {
        "CASE substr(cadence, -1)
        WHEN 'd' THEN date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                           '+' || substr(cadence, 1, length(cadence) - 1) || ' days')
        WHEN 'w' THEN date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                           '+' || (7 * substr(cadence, 1, length(cadence) - 1)) || ' days')
        WHEN 'm' THEN min(date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                               '+' || substr(cadence, 1, length(cadence) - 1) || ' months'),
                          date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                               'start of month', '+' || (substr(cadence, 1, length(cadence) - 1) + 1) || ' months', '-1 day'))
        WHEN 'y' THEN min(date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                               '+' || substr(cadence, 1, length(cadence) - 1) || ' years'),
                          date(substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10),
                               'start of month', '+' || (12 * substr(cadence, 1, length(cadence) - 1) + 1) || ' months', '-1 day'))
    END"
    };
}
pub(super) use lapse_day;

/// What a lapse row shows; the WHERE clause is appended.
macro_rules! lapsed_select {
    () => {
        concat!(
            "SELECT id, uid, display_name, cadence,
                    substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10)
             FROM contact
             WHERE cadence IS NOT NULL AND archived = 0 AND ",
            lapse_day!(),
            " <= ?1 "
        )
    };
}

/// Lapsed on or before day ?1 and after day ?2 ('' for no bound): both
/// bound the one range scan.
const LAPSED_SQL: &str = concat!(
    lapsed_select!(),
    "AND ",
    lapse_day!(),
    " > ?2 ORDER BY ",
    lapse_day!(),
    ", id"
);

/// Lapsed on or before day ?1, among the contacts in the JSON array ?2.
const LAPSED_OF_SQL: &str = concat!(
    lapsed_select!(),
    "AND id IN (SELECT value FROM json_each(?2)) ORDER BY id"
);

impl Db<'_> {
    /// Live contacts with a cadence that lapsed on or before `today`
    /// ("YYYY-MM-DD"), and after `after` when given: one range scan of the
    /// `contact_cadence_lapse` index.
    pub fn lapsed_cadences(&self, after: Option<&str>, today: &str) -> Result<Vec<CadenceRow>> {
        let mut stmt = self.conn.prepare_cached(LAPSED_SQL)?;
        cadence_rows(stmt.query(params![today, after.unwrap_or("")])?)
    }

    /// As [`Db::lapsed_cadences`], among the given contacts only.
    pub fn lapsed_cadences_of(&self, contact_ids: &[i64], today: &str) -> Result<Vec<CadenceRow>> {
        if contact_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(LAPSED_OF_SQL)?;
        cadence_rows(stmt.query(params![today, json_ids(contact_ids)])?)
    }

    pub fn remind_watermark(&self) -> Result<Watermark> {
        let (day, dirty_seq): (Option<String>, i64) = self
            .conn
            .prepare_cached(
                "SELECT (SELECT day FROM remind_state WHERE id = 1),
                        (SELECT coalesce(max(seq), 0) FROM remind_dirty)",
            )?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Watermark {
            day: day.as_deref().and_then(stamps::date),
            dirty_seq,
        })
    }

    /// The contacts whose reminders changed, up to `dirty_seq`, each once.
    pub fn dirty_contacts(&self, dirty_seq: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT contact_id FROM remind_dirty WHERE seq <= ?1 ORDER BY contact_id",
        )?;
        let rows = stmt.query_map([dirty_seq], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records that everything dated on or before `day` was reported, except
    /// for contacts marked dirty after `dirty_seq`. The day never moves back.
    pub fn advance_watermark(&self, day: NaiveDate, dirty_seq: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO remind_state (id, day) VALUES (1, ?1)
                 ON CONFLICT (id) DO UPDATE SET day = max(day, excluded.day)",
            )?
            .execute([day.format("%Y-%m-%d").to_string()])?;
        self.conn
            .prepare_cached("DELETE FROM remind_dirty WHERE seq <= ?1")?
            .execute([dirty_seq])?;
        Ok(())
    }

    /// Asks the next run to look at this contact's items again (an item
    /// that was due but not reported).
    pub fn mark_remind_dirty(&self, contact_id: i64) -> Result<()> {
        self.conn
            .prepare_cached("INSERT INTO remind_dirty (contact_id) VALUES (?1)")?
            .execute([contact_id])?;
        Ok(())
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

/// Reads lapse rows; thousands share a handful of cadences ("2w", "30d"…),
/// so each distinct one is parsed once.
fn cadence_rows(mut rows: rusqlite::Rows<'_>) -> Result<Vec<CadenceRow>> {
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

/// Ids bound as one JSON array (read with `json_each`): one statement for
/// any number of them.
pub(super) fn json_ids(ids: &[i64]) -> String {
    let items: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", items.join(","))
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

    use chrono::NaiveDate;

    use crate::domain::dates::Interval;
    use crate::store::Store;

    /// Every live contact with a cadence: (id, cadence, day of last contact).
    const ALL: &str = "SELECT id, cadence,
            substr(coalesce(last_interaction_at, replace(created_at, 'T', ' ')), 1, 10)
         FROM contact WHERE cadence IS NOT NULL AND archived = 0";

    #[test]
    fn lapses_follow_the_calendar_rule_of_intervals_on_every_day_of_a_year() {
        let ctx = crate::ops::demo::test_ctx(2000, 6000, 3);
        let db = ctx.store.db();
        let everyone: Vec<(i64, Interval, NaiveDate)> = db
            .conn
            .prepare(ALL)
            .expect("prepare")
            .query_map([], |r| {
                let cadence: String = r.get(1)?;
                let last: String = r.get(2)?;
                Ok((
                    r.get(0)?,
                    cadence.parse().expect("cadence"),
                    NaiveDate::parse_from_str(&last, "%Y-%m-%d").expect("day"),
                ))
            })
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert!(
            everyone
                .iter()
                .any(|(_, c, _)| c.to_string().ends_with('m'))
        );
        let lapsed_by = |day: NaiveDate| -> Vec<(NaiveDate, i64)> {
            let mut v: Vec<(NaiveDate, i64)> = everyone
                .iter()
                .map(|(id, c, last)| (c.add_to(*last), *id))
                .filter(|(due, _)| *due <= day)
                .collect();
            v.sort_unstable();
            v
        };
        let mut day = ctx.clock.now().date() - chrono::Days::new(200);
        for _ in 0..365 {
            let today = day.format("%Y-%m-%d").to_string();
            let got = |after: Option<&str>| -> Vec<(NaiveDate, i64)> {
                db.lapsed_cadences(after, &today)
                    .expect("lapses")
                    .into_iter()
                    .map(|r| (r.cadence.add_to(r.last), r.contact_id))
                    .collect()
            };
            assert_eq!(got(None), lapsed_by(day), "on {today}");
            // Since a week ago: the difference of the two.
            let week_ago = day - chrono::Days::new(7);
            let before: Vec<_> = lapsed_by(week_ago);
            let since: Vec<_> = lapsed_by(day)
                .into_iter()
                .filter(|x| !before.contains(x))
                .collect();
            let week_ago = week_ago.format("%Y-%m-%d").to_string();
            assert_eq!(got(Some(&week_ago)), since, "{week_ago} to {today}");
            day = day.succ_opt().expect("next day");
        }
    }

    #[test]
    fn a_month_cadence_lapses_on_the_same_day_of_the_next_month() {
        let store = Store::open_in_memory().expect("store");
        let insert = |id: i64, cadence: &str, last: &str| {
            store
                .conn
                .execute(
                    "INSERT INTO contact (id, uid, display_name, cadence, cadence_days,
                         last_interaction_at, created_at, updated_at)
                     VALUES (?1, 'u' || ?1, 'C' || ?1, ?2, 30, ?3, '2020-01-01T00:00:00Z', '')",
                    rusqlite::params![id, cadence, last],
                )
                .expect("insert");
        };
        insert(1, "1m", "2027-02-01 10:00:00");
        insert(2, "1m", "2027-01-31 10:00:00");
        insert(3, "1y", "2028-02-29 10:00:00");
        insert(4, "2w", "2027-02-01 10:00:00");
        let ids = |today: &str| -> Vec<i64> {
            let rows = store.db().lapsed_cadences(None, today).expect("lapses");
            rows.iter().map(|r| r.contact_id).collect()
        };
        assert_eq!(ids("2027-02-14"), Vec::<i64>::new());
        assert_eq!(ids("2027-02-15"), [4]);
        assert_eq!(ids("2027-02-28"), [4, 2]);
        assert_eq!(ids("2027-03-01"), [4, 2, 1]);
        assert_eq!(ids("2029-02-27"), [4, 2, 1]);
        assert_eq!(ids("2029-02-28"), [4, 2, 1, 3]);
    }

    #[test]
    fn lapses_are_read_from_the_covering_index_alone() {
        let store = Store::open_in_memory().expect("store");
        for sql in [super::LAPSED_SQL, super::LAPSED_OF_SQL] {
            let plan: Vec<String> = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .expect("prepare")
                .query_map(["2026-11-23", "2026-11-22"], |r| r.get(3))
                .expect("plan")
                .collect::<Result<_, _>>()
                .expect("rows");
            let on_contact: Vec<&String> =
                plan.iter().filter(|l| l.contains(" contact ")).collect();
            assert!(!on_contact.is_empty(), "{plan:?}");
            assert!(
                on_contact
                    .iter()
                    .all(|l| l.contains("contact_cadence_lapse") || l.contains("PRIMARY KEY")),
                "{plan:?}"
            );
        }
        let plan: String = store
            .conn
            .query_row(
                &format!("EXPLAIN QUERY PLAN {}", super::LAPSED_SQL),
                ["2026-11-23", "2026-11-22"],
                |r| r.get(3),
            )
            .expect("plan");
        assert!(
            plan.contains("COVERING INDEX contact_cadence_lapse (<expr>>? AND <expr><?)"),
            "{plan}"
        );
    }
}
