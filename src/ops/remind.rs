//! Gathering reminder items and remembering which were reported.

use chrono::{Datelike, Days, NaiveDate};

use std::collections::HashSet;

use crate::domain::remind::{self, Item, Watermark};
use crate::error::Result;
use crate::store::Db;

use super::Ctx;

/// Due items, each with whether it was reported before, and the watermark
/// to record with [`mark_reported`] once they are reported.
#[derive(Debug)]
pub struct Due {
    pub items: Vec<(Item, bool)>,
    pub watermark: Watermark,
}

/// Every item due by today (follow-ups, lapses) or within `birthday_days`
/// (birthdays), oldest first, each with whether it was reported before.
pub fn due_items(db: Db<'_>, today: NaiveDate, birthday_days: u32) -> Result<Due> {
    // Read first: a change made while the items are gathered stays dirty.
    let dirty_seq = db.remind_watermark()?.dirty_seq;
    let a = agenda(db, today, birthday_days, false)?;
    let items: Vec<Item> = [a.overdue, a.today, a.stay_in_touch, a.birthdays]
        .into_iter()
        .flatten()
        .collect();
    with_flags(db, items, today, dirty_seq)
}

/// The due items not reported before, oldest first.
///
/// After the first run this does not look at the backlog: it reads the
/// follow-ups and lapses dated since the last run's day, those of contacts
/// changed since (or refused by `--exec`), and the birthday window.
pub fn new_items(db: Db<'_>, today: NaiveDate, birthday_days: u32) -> Result<Due> {
    let mark = db.remind_watermark()?;
    let Some(since) = mark.day else {
        let mut due = due_items(db, today, birthday_days)?;
        due.items.retain(|(_, seen)| !seen);
        return Ok(due);
    };
    let today_s = today.format("%Y-%m-%d").to_string();
    let dirty = db.dirty_contacts(mark.dirty_seq)?;
    let mut follow_ups = db.open_follow_ups_of_contacts(&dirty, &today_s)?;
    let mut lapses = db.lapsed_cadences_of(&dirty, &today_s)?;
    if since < today {
        let since_s = since.format("%Y-%m-%d").to_string();
        follow_ups.extend(db.open_follow_ups_between(&since_s, &today_s)?);
        lapses.extend(db.lapsed_cadences(Some(&since_s), &today_s)?);
    }
    let mut keys = HashSet::new();
    let items: Vec<Item> = follow_ups
        .into_iter()
        .map(remind::follow_up_item)
        .chain(
            lapses
                .iter()
                .filter_map(|r| remind::stay_in_touch_item(r, today)),
        )
        .chain(birthdays(db, today, birthday_days)?)
        .filter(|i| keys.insert(i.key.clone()))
        .collect();
    let mut due = with_flags(db, items, today, mark.dirty_seq)?;
    due.items.retain(|(_, seen)| !seen);
    Ok(due)
}

fn with_flags(db: Db<'_>, mut items: Vec<Item>, today: NaiveDate, dirty_seq: i64) -> Result<Due> {
    remind::sort_items(&mut items);
    let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
    let seen = db.reported_flags(&keys)?;
    Ok(Due {
        items: items.into_iter().zip(seen).collect(),
        watermark: Watermark {
            day: Some(today),
            dirty_seq,
        },
    })
}

fn birthdays(db: Db<'_>, today: NaiveDate, birthday_days: u32) -> Result<Vec<Item>> {
    Ok(db
        .birthdays_on(&month_days(today, birthday_days))?
        .iter()
        .filter_map(|r| remind::birthday_item(r, today, birthday_days))
        .collect())
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
        let item = remind::follow_up_item(f);
        match item.due.date.cmp(&today) {
            std::cmp::Ordering::Less => a.overdue.push(item),
            std::cmp::Ordering::Equal => a.today.push(item),
            std::cmp::Ordering::Greater => a.upcoming.push(item),
        }
    }
    a.stay_in_touch = db
        .lapsed_cadences(None, &today_s)?
        .iter()
        .filter_map(|r| remind::stay_in_touch_item(r, today))
        .collect();
    a.birthdays = birthdays(db, today, birthday_days)?;
    for list in [&mut a.stay_in_touch, &mut a.birthdays] {
        remind::sort_items(list);
    }
    Ok(a)
}

/// Records that the items with these keys were reported, so cron does not
/// repeat them; that the contacts in `refused` have items due that were not
/// (so the next run looks at them again); and the watermark. One
/// transaction, skipped when it would change nothing.
pub fn mark_reported(
    ctx: &mut Ctx,
    keys: &[String],
    refused: &[i64],
    watermark: Watermark,
) -> Result<()> {
    let (Some(day), dirty_seq) = (watermark.day, watermark.dirty_seq) else {
        return Ok(());
    };
    let current = ctx.store.db().remind_watermark()?;
    let moves = current.day.is_none_or(|d| d < day) || current.dirty_seq > 0;
    if keys.is_empty() && refused.is_empty() && !moves {
        return Ok(());
    }
    let now = ctx.clock.stamp();
    ctx.store.write(|db| {
        for k in keys {
            db.mark_reported(k, &now)?;
        }
        db.advance_watermark(day, dirty_seq)?;
        for id in refused {
            db.mark_remind_dirty(*id)?;
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

    /// Today's unreported items, gathered the slow way: everything due,
    /// less what the log holds.
    fn unreported(ctx: &Ctx, today: NaiveDate) -> Vec<Item> {
        let due = due_items(ctx.store.db(), today, 7).expect("due");
        due.items
            .into_iter()
            .filter(|(_, seen)| !seen)
            .map(|(i, _)| i)
            .collect()
    }

    /// One change of the kind that can make an item due under the
    /// watermark, made through `ops` as the front ends make it.
    fn change(ctx: &mut Ctx, rng: &mut fastrand::Rng, today: NaiveDate, contacts: i64) {
        use crate::domain::dates::{Interval, Unit, When};
        let id = rng.i64(1..=contacts);
        let past = today - Days::new(rng.u64(0..90));
        match rng.u8(0..7) {
            0 => {
                let every = rng.bool().then_some(Interval {
                    n: 1,
                    unit: Unit::Month,
                });
                crate::ops::follow_up::add_follow_up(ctx, id, When::day(past), "again", every)
                    .expect("follow-up");
            }
            1 | 2 => {
                let open = ctx.store.db().open_follow_ups(Some("9999-12-31"));
                let open = open.expect("open");
                if let Some(f) = open.get(rng.usize(0..open.len().max(1))) {
                    if rng.bool() {
                        crate::ops::follow_up::complete(ctx, f.id).expect("done");
                    } else {
                        let day = today + Days::new(rng.u64(0..3));
                        crate::ops::follow_up::snooze(ctx, f.id, When::day(day)).expect("snooze");
                    }
                }
            }
            3 => {
                let unit = [Unit::Day, Unit::Week, Unit::Month, Unit::Year][rng.usize(0..4)];
                let cadence = Interval { n: 1, unit };
                crate::ops::follow_up::set_cadence(ctx, id, Some(cadence)).expect("cadence");
            }
            4 => {
                let n = crate::domain::interaction::NewInteraction {
                    contact_id: id,
                    kind: crate::domain::interaction::InteractionKind::Call,
                    direction: None,
                    at: format!("{} 10:00:00", past.format("%Y-%m-%d")),
                    text: "call".into(),
                    amount: None,
                    rating: None,
                    nps: None,
                };
                crate::ops::capture::log_interaction(ctx, &n).expect("log");
            }
            5 => crate::ops::capture::set_archived(ctx, id, true).expect("archive"),
            _ => crate::ops::capture::set_archived(ctx, id, false).expect("restore"),
        }
    }

    #[test]
    fn new_items_are_the_unreported_due_items_run_after_run() {
        let mut ctx = crate::ops::demo::test_ctx(400, 2000, 11);
        let contacts = 400;
        let mut rng = fastrand::Rng::with_seed(5);
        let start = ctx.clock.now().date();
        // Two runs a day for three weeks, a day skipped now and then, the
        // clock set back once; changes between runs; --exec refusing some.
        let mut days: Vec<u64> = (0..42).map(|i| i / 2).filter(|d| d % 5 != 4).collect();
        days.insert(20, 3);
        let mut reported_any = false;
        for (run, offset) in days.into_iter().enumerate() {
            let today = start + Days::new(offset);
            // The clock moves with the runs: a change is made on the day of
            // the run (an interaction is never logged in the future).
            ctx.clock = crate::clock::Clock::fixed(today.and_hms_opt(8, 0, 0).expect("time"));
            for _ in 0..rng.usize(0..6) {
                change(&mut ctx, &mut rng, today, contacts);
            }
            let expected = unreported(&ctx, today);
            let new = new_items(ctx.store.db(), today, 7).expect("new");
            let got: Vec<Item> = new.items.iter().map(|(i, _)| i.clone()).collect();
            assert_eq!(got, expected, "run {run} on {today}");
            reported_any |= !got.is_empty();
            let (refused, accepted): (Vec<&Item>, Vec<&Item>) =
                got.iter().partition(|_| rng.u8(0..10) == 0);
            let keys: Vec<String> = accepted.iter().map(|i| i.key.clone()).collect();
            let refused: Vec<i64> = refused.iter().map(|i| i.contact_id).collect();
            mark_reported(&mut ctx, &keys, &refused, new.watermark).expect("mark");
        }
        assert!(reported_any);
    }

    #[test]
    fn a_run_consumes_the_dirty_marks_it_read() {
        let mut ctx = crate::ops::demo::test_ctx(300, 1000, 2);
        let today = ctx.clock.now().date();
        let first = new_items(ctx.store.db(), today, 7).expect("first");
        assert!(!first.items.is_empty());
        let keys: Vec<String> = first.items.iter().map(|(i, _)| i.key.clone()).collect();
        mark_reported(&mut ctx, &keys, &[], first.watermark).expect("mark");
        let mark = ctx.store.db().remind_watermark().expect("mark");
        assert_eq!((mark.day, mark.dirty_seq), (Some(today), 0));
        let second = new_items(ctx.store.db(), today, 7).expect("second");
        assert!(second.items.is_empty(), "{:?}", second.items);
        // A follow-up added for yesterday is new, though before the mark.
        let yesterday = today.pred_opt().expect("day");
        let id = crate::ops::follow_up::add_follow_up(
            &mut ctx,
            1,
            crate::domain::dates::When::day(yesterday),
            "late",
            None,
        )
        .expect("add");
        let third = new_items(ctx.store.db(), today, 7).expect("third");
        let ids: Vec<Option<i64>> = third.items.iter().map(|(i, _)| i.follow_up_id).collect();
        assert_eq!(ids, [Some(id)]);
    }
}
