//! Follow-ups: something to do about a contact by a date, maybe recurring.

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
}

impl FollowUp {
    /// When it is really due: the snooze date if snoozed, else the due date.
    pub fn effective_due(&self) -> When {
        self.snoozed_until.unwrap_or(self.due)
    }

    /// The next occurrence after completing a recurring follow-up: the due
    /// date moved by whole intervals until it is after `today`, so a weekly
    /// task finished late does not pile up missed weeks.
    pub fn next_due(&self, today: chrono::NaiveDate) -> Option<When> {
        let every = self.every?;
        let mut date = every.add_to(self.due.date);
        while date <= today {
            date = every.add_to(date);
        }
        Some(When {
            date,
            time: self.due.time,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::Unit;
    use chrono::NaiveDate;

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
        };
        assert_eq!(
            f.next_due(d(2026, 11, 23)),
            Some(When::day(d(2026, 11, 30)))
        );
        assert_eq!(f.next_due(d(2026, 11, 1)), Some(When::day(d(2026, 11, 9))));
    }
}
