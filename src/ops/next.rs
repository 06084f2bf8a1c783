//! `kith next`: who to contact next and why; churn risk.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};

use super::{Ctx, remind, rfm};
use crate::domain::churn::{self, ChurnRisk};
use crate::domain::next::{self as rank, NextItem, NextReason, lateness, urgency};
use crate::domain::remind::Item;
use crate::domain::rfm::{RfmGroup, RfmScore};
use crate::error::Result;
use crate::store::Db;

/// Birthdays this many days ahead are on the list.
pub const BIRTHDAY_DAYS: u32 = 7;

/// The default length of the list.
pub const DEFAULT_LIMIT: usize = 10;

/// The `limit` most pressing people to contact, most pressing first.
pub fn next(ctx: &Ctx, limit: usize) -> Result<Vec<NextItem>> {
    next_on(
        ctx.store.db(),
        ctx.clock.now().date(),
        &ctx.config.currency,
        limit,
    )
}

/// The churn risk of every contact with enough history, highest first.
pub fn churn_risks(ctx: &Ctx) -> Result<Vec<ChurnRisk>> {
    churn_risks_on(ctx.store.db(), ctx.clock.now().date())
}

/// [`churn_risks`] on any connection, as of `today`: interactions of every
/// kind up to today count; highest score first, then the longest silence.
pub fn churn_risks_on(db: Db<'_>, today: NaiveDate) -> Result<Vec<ChurnRisk>> {
    let until = today.checked_add_days(Days::new(1)).unwrap_or(today);
    let today_n = i64::from(today.num_days_from_ce());
    let mut out = Vec::new();
    db.for_each_contact_days(&until.format("%Y-%m-%d").to_string(), |id, days| {
        if let Some(r) = churn::risk(id, days, today_n) {
            out.push(r);
        }
    })?;
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.days_since.cmp(&a.days_since))
            .then_with(|| a.contact_id.cmp(&b.contact_id))
    });
    Ok(out)
}

/// [`next`] on any connection (the Dashboard reads it on its reader).
pub fn next_on(
    db: Db<'_>,
    today: NaiveDate,
    currency: &str,
    limit: usize,
) -> Result<Vec<NextItem>> {
    let agenda = remind::agenda(db, today, BIRTHDAY_DAYS, false)?;
    let mut items: Vec<NextItem> = Vec::new();
    for f in agenda.overdue.iter().chain(&agenda.today) {
        items.push(follow_up(f, today));
    }
    for l in &agenda.stay_in_touch {
        let late = (today - l.due.date).num_days();
        items.push(NextItem {
            contact_id: l.contact_id,
            name: l.contact.clone(),
            reason: NextReason::LapsedCadence,
            why: format!("stay in touch: {}", l.note),
            urgency: urgency(NextReason::LapsedCadence, lateness(late)),
        });
    }
    items.extend(slipping_customers(db, today, currency)?);
    for b in &agenda.birthdays {
        items.push(birthday(b, today));
    }
    Ok(rank::rank(items, limit))
}

fn follow_up(f: &Item, today: NaiveDate) -> NextItem {
    let late = (today - f.due.date).num_days();
    let when = match late {
        0 => "due today".to_string(),
        1 => "1 day overdue".to_string(),
        d => format!("{d} days overdue"),
    };
    NextItem {
        contact_id: f.contact_id,
        name: f.contact.clone(),
        reason: NextReason::OverdueFollowUp,
        why: format!("follow-up '{}' {when}", f.note),
        urgency: urgency(NextReason::OverdueFollowUp, lateness(late)),
    }
}

fn birthday(b: &Item, today: NaiveDate) -> NextItem {
    let days = (b.due.date - today).num_days();
    let when = match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        d => format!("in {d} days"),
    };
    let turns = b
        .note
        .strip_prefix("birthday")
        .unwrap_or_default()
        .to_string();
    #[allow(clippy::cast_precision_loss)] // days
    let soon = 1.0 - days as f64 / f64::from(BIRTHDAY_DAYS + 1);
    NextItem {
        contact_id: b.contact_id,
        name: b.contact.clone(),
        reason: NextReason::Birthday,
        why: format!("birthday {when}{turns}"),
        urgency: urgency(NextReason::Birthday, soon),
    }
}

/// A good customer: a champion, loyal or can't-lose-them buyer, or one
/// among the top fifth by spend.
pub fn is_good_customer(s: &RfmScore) -> bool {
    matches!(
        s.group,
        RfmGroup::Champions | RfmGroup::Loyal | RfmGroup::CantLose
    ) || s.monetary == 5
}

/// Good customers (over the last 12 months) past their usual gap.
fn slipping_customers(db: Db<'_>, today: NaiveDate, currency: &str) -> Result<Vec<NextItem>> {
    let good: HashMap<i64, RfmScore> = rfm::scores_on(db, today, rfm::DEFAULT_WINDOW, currency)?
        .into_iter()
        .filter(is_good_customer)
        .map(|s| (s.contact_id, s))
        .collect();
    let mut ids: Vec<i64> = good.keys().copied().collect();
    ids.sort_unstable();
    let until = today.checked_add_days(Days::new(1)).unwrap_or(today);
    let today_n = i64::from(today.num_days_from_ce());
    let mut risks: Vec<ChurnRisk> = Vec::new();
    db.for_each_days_of(&ids, &until.format("%Y-%m-%d").to_string(), |id, days| {
        if let Some(r) = churn::risk(id, days, today_n).filter(|r| r.score > 0.0) {
            risks.push(r);
        }
    })?;
    let ids: Vec<i64> = risks.iter().map(|r| r.contact_id).collect();
    let names: HashMap<i64, String> = db.display_names(&ids)?.into_iter().collect();
    Ok(risks
        .into_iter()
        .filter_map(|r| {
            let s = good.get(&r.contact_id)?;
            Some(NextItem {
                contact_id: r.contact_id,
                name: names.get(&r.contact_id)?.clone(),
                reason: NextReason::ChurnRisk,
                why: format!("good customer ({}): {}", s.group.label(), r.reason),
                urgency: urgency(NextReason::ChurnRisk, r.score),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_days_of_some_contacts_are_those_of_the_full_scan() {
        let ctx = crate::ops::demo::test_ctx(300, 4000, 4);
        let db = ctx.store.db();
        let mut all: Vec<(i64, Vec<i64>)> = Vec::new();
        db.for_each_contact_days("2026-11-24", |id, days| all.push((id, days.to_vec())))
            .expect("scan");
        assert!(all.len() > 200, "{}", all.len());
        let some: Vec<i64> = all.iter().map(|(id, _)| *id).step_by(3).collect();
        let mut picked: Vec<(i64, Vec<i64>)> = Vec::new();
        db.for_each_days_of(&some, "2026-11-24", |id, days| {
            picked.push((id, days.to_vec()));
        })
        .expect("some");
        let expected: Vec<(i64, Vec<i64>)> = all.into_iter().step_by(3).collect();
        assert_eq!(picked, expected);
    }

    #[test]
    fn churn_risks_are_highest_first_and_need_four_days() {
        let ctx = crate::ops::demo::test_ctx(300, 4000, 4);
        let risks = churn_risks(&ctx).expect("risks");
        assert!(risks.iter().any(|r| r.score > 0.0));
        assert!(risks.windows(2).all(|w| w[0].score >= w[1].score));
        let mut days = 0;
        ctx.store
            .db()
            .for_each_contact_days("2026-11-24", |_, d| days += usize::from(d.len() >= 4))
            .expect("scan");
        assert_eq!(risks.len(), days);
    }
}
