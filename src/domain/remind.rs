//! What `kith remind` reports: due follow-ups, stay-in-touch lapses and
//! birthdays, each with a key that says whether it was already reported.
//!
//! The key names the item *and its date*, so a snoozed or recurring
//! follow-up, or a cadence lapse after a fresh interaction, is new again,
//! while re-running cron on the same morning reports nothing twice.

use chrono::NaiveDate;
use serde::Serialize;

use super::dates::{Birthday, Interval, When};
use super::follow_up::FollowUp;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    FollowUp,
    StayInTouch,
    Birthday,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::FollowUp => "follow-up",
            ItemKind::StayInTouch => "stay-in-touch",
            ItemKind::Birthday => "birthday",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    pub contact_id: i64,
    pub contact: String,
    pub due: When,
    pub note: String,
    /// The follow-up's id, for `kith done`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up_id: Option<i64>,
    #[serde(skip)]
    pub key: String,
}

impl Item {
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.due.date < today
    }
}

/// The follow-up as an item (taking its strings: thousands are made each
/// time the Follow-ups pane loads).
pub fn follow_up_item(f: FollowUp) -> Item {
    let due = f.effective_due();
    let key = format!("follow-up:{}:{}", f.uid, stored_form(due));
    Item {
        kind: ItemKind::FollowUp,
        contact_id: f.contact_id,
        contact: f.contact,
        due,
        note: f.note,
        follow_up_id: Some(f.id),
        key,
    }
}

/// `When::to_storage`, without its format-string machinery: keys are made
/// for every open follow-up each time the Follow-ups pane loads.
fn stored_form(w: When) -> String {
    use chrono::Timelike;
    match w.time {
        None => w.date.to_string(),
        Some(t) => format!("{} {:02}:{:02}", w.date, t.hour(), t.minute()),
    }
}

/// A contact with a cadence, and the day of the last interaction (or of
/// their creation, when there was none).
pub struct CadenceRow {
    pub contact_id: i64,
    pub contact_uid: String,
    pub contact: String,
    pub cadence: Interval,
    pub last: NaiveDate,
}

/// The lapse, if the cadence has run out by `today`.
pub fn stay_in_touch_item(row: &CadenceRow, today: NaiveDate) -> Option<Item> {
    let due = row.cadence.add_to(row.last);
    (due <= today).then(|| {
        let days = (today - row.last).num_days();
        Item {
            kind: ItemKind::StayInTouch,
            contact_id: row.contact_id,
            contact: row.contact.clone(),
            due: When::day(due),
            note: format!("no contact for {days} days (every {})", row.cadence),
            follow_up_id: None,
            key: format!("stay-in-touch:{}:{due}", row.contact_uid),
        }
    })
}

/// Where the last `kith remind` left off: after a run on `day`, every
/// follow-up and lapse dated on or before it was reported, except those of
/// contacts marked dirty since (a change, or an item `--exec` refused).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Watermark {
    /// None before the first run: nothing can be assumed reported.
    pub day: Option<NaiveDate>,
    /// The newest dirty mark when this was read; later ones are kept.
    pub dirty_seq: i64,
}

pub struct BirthdayRow {
    pub contact_id: i64,
    pub contact_uid: String,
    pub contact: String,
    pub birthday: Birthday,
}

/// The next birthday if it falls within `days` days from `today` (0 = today only).
pub fn birthday_item(row: &BirthdayRow, today: NaiveDate, days: u32) -> Option<Item> {
    let next = row.birthday.next_on_or_after(today);
    if (next - today).num_days() > i64::from(days) {
        return None;
    }
    let note = match row.birthday.age_on(next) {
        Some(age) => format!("birthday, turns {age}"),
        None => "birthday".to_string(),
    };
    Some(Item {
        kind: ItemKind::Birthday,
        contact_id: row.contact_id,
        contact: row.contact.clone(),
        due: When::day(next),
        note,
        follow_up_id: None,
        key: format!("birthday:{}:{next}", row.contact_uid),
    })
}

/// Oldest first; within a day follow-ups, then lapses, then birthdays.
pub fn sort_items(items: &mut [Item]) {
    items.sort_by(|a, b| {
        (a.due.date, a.kind, a.due.time, &a.contact)
            .cmp(&(b.due.date, b.kind, b.due.time, &b.contact))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::Unit;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn cadence_lapses_only_when_run_out() {
        let row = CadenceRow {
            contact_id: 1,
            contact_uid: "u1".into(),
            contact: "Jane".into(),
            cadence: Interval {
                n: 30,
                unit: Unit::Day,
            },
            last: d(2026, 10, 1),
        };
        assert!(stay_in_touch_item(&row, d(2026, 10, 30)).is_none());
        let item = stay_in_touch_item(&row, d(2026, 11, 23)).expect("lapsed");
        assert_eq!(item.due, When::day(d(2026, 10, 31)));
        assert_eq!(item.note, "no contact for 53 days (every 30d)");
        assert_eq!(item.key, "stay-in-touch:u1:2026-10-31");
    }

    #[test]
    fn birthdays_within_the_window() {
        let row = BirthdayRow {
            contact_id: 1,
            contact_uid: "u1".into(),
            contact: "Jane".into(),
            birthday: Birthday {
                year: Some(1985),
                month: 11,
                day: 27,
            },
        };
        let item = birthday_item(&row, d(2026, 11, 23), 7).expect("in window");
        assert_eq!(item.note, "birthday, turns 41");
        assert!(birthday_item(&row, d(2026, 11, 23), 3).is_none());
    }

    #[test]
    fn keys_hold_the_stored_form_of_the_due_date() {
        let noon = chrono::NaiveTime::from_hms_opt(12, 5, 0).expect("time");
        for w in [
            When::day(d(2026, 11, 23)),
            When::day(d(33, 1, 2)),
            When {
                date: d(2026, 1, 2),
                time: Some(noon),
            },
        ] {
            assert_eq!(stored_form(w), w.to_storage());
        }
    }
}
