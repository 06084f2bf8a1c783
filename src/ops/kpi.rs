//! `kith kpi` and the Dashboard's figures.

use chrono::NaiveDate;

use super::Ctx;
use crate::domain::kpi::{KpiFacts, KpiReport, PeriodKpis, periods, stage_flow};
use crate::domain::period::{Period, Span};
use crate::error::{Error, Result};
use crate::store::Db;

/// The KPIs of every `period` from the one holding `since` (default: the
/// last 12 months, 4 quarters or 3 years) to the current one.
pub fn report(ctx: &Ctx, period: Period, since: Option<NaiveDate>) -> Result<KpiReport> {
    let today = ctx.clock.now().date();
    if let Some(day) = since.filter(|d| *d > today) {
        return Err(Error::user(format!(
            "--since {day} is after today ({today}): there are no figures yet"
        ))
        .with_hint("give a past date, like \"2026-01-01\" or \"6 months ago\""));
    }
    let current = period.span_of(today);
    let first = match since {
        Some(day) => period.span_of(day),
        None => (1..default_count(period)).fold(current, |s, _| s.previous()),
    };
    let spans = period.spans(first.start, today);
    let db = ctx.store.db();
    let stages = db.stage_history_since(first.start)?;
    Ok(KpiReport {
        period,
        currency: ctx.config.currency.clone(),
        periods: periods(&spans, &facts(db, &spans)?),
        stages: stage_flow(&stages, first.start.and_time(chrono::NaiveTime::MIN)),
    })
}

/// The figures of one span alone (what objectives measure).
pub fn span_figures(db: Db<'_>, span: Span) -> Result<PeriodKpis> {
    let spans = [span];
    let mut all = periods(&spans, &facts(db, &spans)?);
    all.pop()
        .ok_or_else(|| Error::internal("no figures for one span"))
}

fn default_count(period: Period) -> usize {
    match period {
        Period::Month => 12,
        Period::Quarter => 4,
        Period::Year => 3,
    }
}

/// Everything `spans` (consecutive, oldest first) are computed from.
fn facts(db: Db<'_>, spans: &[Span]) -> Result<KpiFacts> {
    let (Some(first), Some(last)) = (spans.first(), spans.last()) else {
        return Ok(KpiFacts::default());
    };
    let (from, to) = (first.start, last.end());
    let (created_before, created) = db.contacts_created(from)?;
    // One period more, for the first period's retention.
    let (purchases, first_purchases) = db.purchases(first.previous().start, from, to)?;
    Ok(KpiFacts {
        created_before,
        created,
        purchases,
        first_purchases,
        feedback: db.feedback_between(from, to)?,
        follow_ups: db.follow_ups_done_by_month(from, to)?,
        sends: db.campaign_sends_by_month(from, to)?,
        sizes: db.segment_sizes_before(to)?,
    })
}
