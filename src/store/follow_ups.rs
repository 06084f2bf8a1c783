//! Follow-ups: open ones by due date, completion, snoozing.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Result};
use crate::domain::dates::{Interval, Unit, When};
use crate::domain::follow_up::FollowUp;

pub(super) const COLUMNS: &str = "f.id, f.uid, f.contact_id, c.display_name, f.due, f.note, f.every, \
                       f.snoozed_until, f.done_at, f.anchor";

impl Db<'_> {
    pub fn insert_follow_up(
        &self,
        uid: &str,
        contact_id: i64,
        due: When,
        note: &str,
        every: Option<Interval>,
        now: &str,
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO follow_up (uid, contact_id, due, note, every, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?
            .execute(params![
                uid,
                contact_id,
                due.to_storage(),
                note,
                every.map(|e| e.to_string()),
                now
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn follow_up(&self, id: i64) -> Result<Option<FollowUp>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM follow_up f JOIN contact c ON c.id = f.contact_id WHERE f.id = ?1"
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], follow_up_from_row)
            .optional()?)
    }

    /// Open follow-ups whose effective due day is on or before `until` (a
    /// "YYYY-MM-DD" day; None = all open ones), earliest first; archived
    /// contacts' follow-ups are left out.
    pub fn open_follow_ups(&self, until: Option<&str>) -> Result<Vec<FollowUp>> {
        let Some(until) = until else {
            return self.all_open_follow_ups();
        };
        // Contacts' names come from the small `contact_live_name` index
        // rather than from rows spread through the contact table.
        let sql = format!(
            "SELECT {COLUMNS} FROM follow_up f
                 JOIN contact c INDEXED BY contact_live_name ON c.id = f.contact_id
             WHERE f.done_at IS NULL AND c.archived = 0
               AND coalesce(f.snoozed_until, f.due) < ?1 || 'z'
             ORDER BY coalesce(f.snoozed_until, f.due), f.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([until], follow_up_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every open follow-up, read in contact order from two indexes walked
    /// in step (see migration 0004), then sorted as [`Db::open_follow_ups`]
    /// sorts: effective due date, then id.
    fn all_open_follow_ups(self) -> Result<Vec<FollowUp>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM follow_up f INDEXED BY follow_up_open_by_contact
                 JOIN contact c INDEXED BY contact_live_name ON c.id = f.contact_id
             WHERE f.done_at IS NULL AND c.archived = 0
             ORDER BY f.contact_id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], follow_up_from_row)?;
        let mut all: Vec<FollowUp> = rows.collect::<Result<_, _>>()?;
        all.sort_unstable_by_key(|f| {
            let due = f.effective_due();
            (due.date, due.time, f.id)
        });
        Ok(all)
    }

    /// Open follow-ups of live contacts due after day `after` and on or
    /// before day `until` ("YYYY-MM-DD"): one range of the `follow_up_open`
    /// index.
    pub fn open_follow_ups_between(&self, after: &str, until: &str) -> Result<Vec<FollowUp>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM follow_up f
                 JOIN contact c INDEXED BY contact_live_name ON c.id = f.contact_id
             WHERE f.done_at IS NULL AND c.archived = 0
               AND coalesce(f.snoozed_until, f.due) > ?1 || 'z'
               AND coalesce(f.snoozed_until, f.due) < ?2 || 'z'
             ORDER BY coalesce(f.snoozed_until, f.due), f.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([after, until], follow_up_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Open follow-ups due on or before day `until` of the given live
    /// contacts, earliest first.
    pub fn open_follow_ups_of_contacts(
        &self,
        contact_ids: &[i64],
        until: &str,
    ) -> Result<Vec<FollowUp>> {
        if contact_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM follow_up f
                 JOIN contact c INDEXED BY contact_live_name ON c.id = f.contact_id
             WHERE f.contact_id IN (SELECT value FROM json_each(?1))
               AND f.done_at IS NULL AND c.archived = 0
               AND coalesce(f.snoozed_until, f.due) < ?2 || 'z'
             ORDER BY coalesce(f.snoozed_until, f.due), f.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let ids = super::reminders::json_ids(contact_ids);
        let rows = stmt.query_map(params![ids, until], follow_up_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A contact's open follow-ups, earliest first.
    pub fn open_follow_ups_of(&self, contact_id: i64) -> Result<Vec<FollowUp>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM follow_up f JOIN contact c ON c.id = f.contact_id
             WHERE f.contact_id = ?1 AND f.done_at IS NULL
             ORDER BY coalesce(f.snoozed_until, f.due), f.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([contact_id], follow_up_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn complete_follow_up(&self, id: i64, now: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE follow_up SET done_at = ?2, updated_at = ?2 WHERE id = ?1")?
            .execute(params![id, now])?;
        Ok(())
    }

    /// Moves a recurring follow-up to its next date, clears any snooze, and
    /// records the day its series is counted from.
    pub fn reschedule_follow_up(
        &self,
        id: i64,
        due: When,
        anchor: NaiveDate,
        now: &str,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE follow_up SET due = ?2, anchor = ?3, snoozed_until = NULL, updated_at = ?4
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                due.to_storage(),
                anchor.format("%Y-%m-%d").to_string(),
                now
            ])?;
        Ok(())
    }

    pub fn snooze_follow_up(&self, id: i64, until: When, now: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE follow_up SET snoozed_until = ?2, updated_at = ?3 WHERE id = ?1",
            )?
            .execute(params![id, until.to_storage(), now])?;
        Ok(())
    }
}

pub(super) fn follow_up_from_row(r: &Row<'_>) -> rusqlite::Result<FollowUp> {
    let text = |i: usize| -> rusqlite::Result<Option<&str>> { Ok(r.get_ref(i)?.as_str_or_null()?) };
    let due = text(4)?.unwrap_or_default();
    let due = when(due).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            4,
            rusqlite::types::Type::Text,
            format!("bad due {due:?}").into(),
        )
    })?;
    Ok(FollowUp {
        id: r.get(0)?,
        uid: r.get(1)?,
        contact_id: r.get(2)?,
        contact: r.get(3)?,
        due,
        note: r.get(5)?,
        every: text(6)?.and_then(interval),
        snoozed_until: text(7)?.and_then(when),
        done_at: r.get(8)?,
        anchor: text(9)?.and_then(super::stamps::date),
    })
}

/// A stored due day: "YYYY-MM-DD" is read by position (the Follow-ups pane
/// loads thousands), anything else by [`When::from_storage`].
fn when(s: &str) -> Option<When> {
    match s.len() {
        10 => super::stamps::date(s).map(When::day),
        _ => When::from_storage(s),
    }
    .or_else(|| When::from_storage(s))
}

/// A stored interval, always written in its compact form ("2w"): read
/// directly when it is one, by the parser otherwise.
fn interval(s: &str) -> Option<Interval> {
    let compact =
        s.len() > 1 && s.len() <= 6 && s[..s.len() - 1].bytes().all(|b| b.is_ascii_digit());
    let parsed = compact.then(|| {
        let n: u32 = s[..s.len() - 1].parse().ok()?;
        let unit = match s.as_bytes()[s.len() - 1] {
            b'd' => Unit::Day,
            b'w' => Unit::Week,
            b'm' => Unit::Month,
            b'y' => Unit::Year,
            _ => return None,
        };
        Some(Interval { n, unit })
    });
    // Only what the parser itself accepts is taken from the shortcut.
    match parsed.flatten() {
        Some(i) if (1..=10_000).contains(&i.n) => Some(i),
        _ => s.parse().ok(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn open_follow_ups_until_a_day_are_the_due_prefix_of_all_open_ones() {
        let ctx = crate::ops::demo::test_ctx(800, 1000, 9);
        let db = ctx.store.db();
        let all = db.open_follow_ups(None).expect("all");
        assert!(all.len() > 50, "{}", all.len());
        assert_eq!(db.open_follow_ups(Some("9999-12-31")).expect("far"), all);
        for day in ["2026-11-10", "2026-11-23", "2026-12-05"] {
            let due = db.open_follow_ups(Some(day)).expect("due");
            let expected: Vec<_> = all
                .iter()
                .filter(|f| f.effective_due().to_storage().as_str() < format!("{day}z").as_str())
                .cloned()
                .collect();
            assert_eq!(due, expected, "until {day}");
        }
    }

    #[test]
    fn every_open_follow_up_is_read_from_two_covering_indexes() {
        let ctx = crate::ops::demo::test_ctx(0, 0, 1);
        let db = ctx.store.db();
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT {} FROM follow_up f INDEXED BY follow_up_open_by_contact
                 JOIN contact c INDEXED BY contact_live_name ON c.id = f.contact_id
             WHERE f.done_at IS NULL AND c.archived = 0 ORDER BY f.contact_id",
            super::COLUMNS
        );
        let plan: Vec<String> = db
            .conn
            .prepare(&sql)
            .expect("prepare")
            .query_map([], |r| r.get(3))
            .expect("plan")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(
            plan,
            [
                "SCAN f USING COVERING INDEX follow_up_open_by_contact",
                "SEARCH c USING COVERING INDEX contact_live_name (id=?)"
            ]
        );
    }

    #[test]
    fn stored_days_and_intervals_read_as_the_parsers_read_them() {
        for s in [
            "2026-11-23",
            "2026-11-23 14:30",
            "2026-11-23T14:30:00",
            "2026-02-30",
            "20261123xx",
            "",
        ] {
            assert_eq!(
                super::when(s),
                crate::domain::dates::When::from_storage(s),
                "{s:?}"
            );
        }
        for s in [
            "3d", "2w", "1m", "1y", "10000d", "10001d", "0d", "12x", "d", "", "weekly", "2 weeks",
        ] {
            assert_eq!(super::interval(s), s.parse().ok(), "{s:?}");
        }
    }
}
