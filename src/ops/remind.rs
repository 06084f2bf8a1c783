//! Gathering reminder items and remembering which were reported.

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::remind::{self, Item};
use crate::error::Result;
use crate::store::Db;

use super::Ctx;

/// Every item due by today (follow-ups, lapses) or within `birthday_days`
/// (birthdays), oldest first, each with whether it was reported before.
pub fn due_items(db: Db<'_>, today: NaiveDate, birthday_days: u32) -> Result<Vec<(Item, bool)>> {
    let a = agenda(db, today, birthday_days, false)?;
    let mut items: Vec<Item> = [a.overdue, a.today, a.stay_in_touch, a.birthdays]
        .into_iter()
        .flatten()
        .collect();
    remind::sort_items(&mut items);
    let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
    let seen = db.reported_flags(&keys)?;
    Ok(items.into_iter().zip(seen).collect())
}

/// "MM-DD" for each day of the window; Feb 29 birthdays are celebrated on
/// Feb 28 in other years, so that day asks for both.
fn month_days(today: NaiveDate, days: u32) -> Vec<String> {
    let mut out = Vec::new();
    for offset in 0..=u64::from(days.min(366)) {
        let Some(d) = today.checked_add_days(Days::new(offset)) else {
            break;
        };
        out.push(d.format("%m-%d").to_string());
        if d.month() == 2 && d.day() == 28 && NaiveDate::from_ymd_opt(d.year(), 2, 29).is_none() {
            out.push("02-29".into());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The follow-up list as the TUI shows it, in sections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agenda {
    pub overdue: Vec<Item>,
    pub today: Vec<Item>,
    pub upcoming: Vec<Item>,
    pub stay_in_touch: Vec<Item>,
    pub birthdays: Vec<Item>,
}

/// Open follow-ups (overdue, today, and later ones when `upcoming`), lapsed
/// cadences, and birthdays in the next `birthday_days` days.
pub fn agenda(db: Db<'_>, today: NaiveDate, birthday_days: u32, upcoming: bool) -> Result<Agenda> {
    let today_s = today.format("%Y-%m-%d").to_string();
    let mut a = Agenda::default();
    let until = (!upcoming).then_some(today_s.as_str());
    for f in db.open_follow_ups(until)? {
        let item = remind::follow_up_item(&f);
        match item.due.date.cmp(&today) {
            std::cmp::Ordering::Less => a.overdue.push(item),
            std::cmp::Ordering::Equal => a.today.push(item),
            std::cmp::Ordering::Greater => a.upcoming.push(item),
        }
    }
    a.stay_in_touch = db
        .lapsed_cadences(&today_s)?
        .iter()
        .filter_map(|r| remind::stay_in_touch_item(r, today))
        .collect();
    a.birthdays = db
        .birthdays_on(&month_days(today, birthday_days))?
        .iter()
        .filter_map(|r| remind::birthday_item(r, today, birthday_days))
        .collect();
    for list in [&mut a.stay_in_touch, &mut a.birthdays] {
        remind::sort_items(list);
    }
    Ok(a)
}

/// Records that these items were reported, so cron does not repeat them.
pub fn mark_reported(ctx: &mut Ctx, keys: &[String]) -> Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let now = ctx.clock.stamp();
    ctx.store.write(|db| {
        for k in keys {
            db.mark_reported(k, &now)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_day_birthdays_are_asked_for_on_feb_28() {
        let d = NaiveDate::from_ymd_opt(2027, 2, 27).expect("date");
        let days = month_days(d, 2);
        assert!(days.contains(&"02-29".to_string()), "{days:?}");
        let leap = NaiveDate::from_ymd_opt(2028, 2, 27).expect("date");
        assert_eq!(
            month_days(leap, 1),
            vec!["02-27".to_string(), "02-28".to_string()]
        );
    }
}
