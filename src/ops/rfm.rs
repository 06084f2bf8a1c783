//! `kith rfm`: scores and groups over a window.

use chrono::{Days, NaiveDate};

use super::Ctx;
use crate::domain::dates::{Interval, Unit};
use crate::domain::rfm::{self, RfmGroup, RfmScore};
use crate::error::{Error, Result};
use crate::store::Db;

/// The window `rfm:` in the segment language and the Dashboard use.
pub const DEFAULT_WINDOW: Interval = Interval {
    n: 12,
    unit: Unit::Month,
};

/// The scores of every contact with a purchase in the `window` before today.
pub fn scores(ctx: &Ctx, window: Interval) -> Result<Vec<RfmScore>> {
    scores_on(
        ctx.store.db(),
        ctx.clock.now().date(),
        window,
        &ctx.config.currency,
    )
}

/// The ids of the contacts in `group` (the segment language's `rfm:`),
/// over the default window of 12 months.
pub fn group_members(ctx: &Ctx, group: RfmGroup) -> Result<Vec<i64>> {
    Ok(scores(ctx, DEFAULT_WINDOW)?
        .into_iter()
        .filter(|s| s.group == group)
        .map(|s| s.contact_id)
        .collect())
}

/// [`scores`] on any connection (the TUI's reader has its own): purchases
/// from the day one `window` before `today` through `today`, money in
/// `currency`; by contact id.
pub fn scores_on(
    db: Db<'_>,
    today: NaiveDate,
    window: Interval,
    currency: &str,
) -> Result<Vec<RfmScore>> {
    let from = window.checked_sub_from(today).ok_or_else(|| {
        Error::user(format!("--window {window} reaches before the first date"))
            .with_hint("use a shorter window, such as 12m or 2y")
    })?;
    let until = today.checked_add_days(Days::new(1)).unwrap_or(today);
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let buyers = db.purchases_between(&day(from), &day(until), currency, today)?;
    Ok(rfm::score(&buyers))
}

/// One group's line of the summary.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GroupSummary {
    pub group: RfmGroup,
    pub count: usize,
    /// Of all scored contacts, 0–1.
    pub share: f64,
    /// Average spend per member (default currency, minor units).
    pub average_spent_minor: i64,
    pub average_days_since: f64,
}

/// Every group, best first, with its count, share, average spend and
/// average days since the last purchase (empty groups included).
pub fn summary(scores: &[RfmScore]) -> Vec<GroupSummary> {
    #[allow(clippy::cast_precision_loss)] // counts and days
    RfmGroup::ALL
        .iter()
        .map(|g| {
            let members: Vec<&RfmScore> = scores.iter().filter(|s| s.group == *g).collect();
            let n = members.len();
            let spent: i64 = members.iter().map(|s| s.spent_minor).sum();
            let days: i64 = members.iter().map(|s| s.days_since).sum();
            GroupSummary {
                group: *g,
                count: n,
                share: if scores.is_empty() {
                    0.0
                } else {
                    n as f64 / scores.len() as f64
                },
                average_spent_minor: if n == 0 {
                    0
                } else {
                    spent / i64::try_from(n).unwrap_or(i64::MAX)
                },
                average_days_since: if n == 0 { 0.0 } else { days as f64 / n as f64 },
            }
        })
        .collect()
}
