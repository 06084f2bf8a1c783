//! Follow-ups: something to do about a contact by a date, maybe recurring.

use chrono::NaiveDate;
use serde::Serialize;

use super::dates::{Interval, When};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub id: i64,
    pub uid: String,
    pub contact_id: i64,
    pub contact: String,
    pub due: When,
    pub note: String,
    pub every: Option<Interval>,
    pub snoozed_until: Option<When>,
    pub done_at: Option<String>,
    /// The first occurrence's day of a recurring follow-up that has
    /// recurred (None: `due` is the first); later ones are counted from it.
    #[serde(skip)]
    pub anchor: Option<NaiveDate>,
}

impl FollowUp {
    /// When it is really due: the snooze date if snoozed, else the due date.
    pub fn effective_due(&self) -> When {
        self.snoozed_until.unwrap_or(self.due)
    }

    /// The next occurrence after completing a recurring follow-up: the
    /// first one after both its due date and `today`, so a weekly task
    /// finished late does not pile up missed weeks.
    ///
    /// Occurrences are the anchor plus whole intervals, never the previous
    /// one plus an interval: a monthly task from Jan 31 comes on Feb 28, then
    /// Mar 31, not Mar 28.
    pub fn next_due(&self, today: NaiveDate) -> Option<When> {
        let every = self.every?;
        let anchor = self.anchor.unwrap_or(self.due.date);
        let after = self.due.date.max(today);
        let mut k: u32 = 1;
        let date = loop {
            let step = Interval {
                n: every.n.saturating_mul(k),
                unit: every.unit,
            };
            // Saturates at the last date, which ends the loop.
            let date = step.add_to(anchor);
            if date > after {
                break date;
            }
            k = k.saturating_add(1);
        };
        Some(When {
            date,
            time: self.due.time,
        })
    }

    /// The day the series is counted from, once it recurs.
    pub fn anchor_day(&self) -> NaiveDate {
        self.anchor.unwrap_or(self.due.date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::Unit;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn recurring_follow_up_moves_past_today() {
        let f = FollowUp {
            id: 1,
            uid: "u".into(),
            contact_id: 1,
            contact: "Jane".into(),
            due: When::day(d(2026, 11, 2)),
            note: String::new(),
            every: Some(Interval {
                n: 1,
                unit: Unit::Week,
            }),
            snoozed_until: None,
            done_at: None,
            anchor: None,
        };
        assert_eq!(
            f.next_due(d(2026, 11, 23)),
            Some(When::day(d(2026, 11, 30)))
        );
        assert_eq!(f.next_due(d(2026, 11, 1)), Some(When::day(d(2026, 11, 9))));
    }

    #[test]
    fn a_monthly_series_keeps_its_day_at_month_ends() {
        let mut f = FollowUp {
            id: 1,
            uid: "u".into(),
            contact_id: 1,
            contact: "Jane".into(),
            due: When::day(d(2027, 1, 31)),
            note: String::new(),
            every: Some(Interval {
                n: 1,
                unit: Unit::Month,
            }),
            snoozed_until: None,
            done_at: None,
            anchor: None,
        };
        let mut seen = Vec::new();
        for _ in 0..5 {
            let next = f.next_due(f.due.date).expect("recurs");
            f.anchor = Some(f.anchor_day());
            f.due = next;
            seen.push(next.date);
        }
        assert_eq!(
            seen,
            [
                d(2027, 2, 28),
                d(2027, 3, 31),
                d(2027, 4, 30),
                d(2027, 5, 31),
                d(2027, 6, 30)
            ]
        );
        // Done late: the first occurrence after today, still on the anchor.
        assert_eq!(f.next_due(d(2027, 8, 15)), Some(When::day(d(2027, 8, 31))));
    }
}
