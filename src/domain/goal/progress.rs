//! An objective's progress in its current period, and its forecast.

use chrono::NaiveDate;

use super::{Goal, GoalProgress, Metric};
use crate::domain::kpi::PeriodKpis;
use crate::domain::money::{Money, grouped};
use crate::domain::period::Span;

/// `goal`'s progress in `span` (its current period), from that span's
/// figures, on `today`. A sum's forecast is its value divided by the share
/// of the period gone; an average's (NPS, satisfaction, retention) is its
/// value so far.
pub fn progress(goal: &Goal, span: Span, figures: &PeriodKpis, today: NaiveDate) -> GoalProgress {
    let actual = actual(goal, figures);
    let target = goal.target as f64;
    let elapsed = span.elapsed(today);
    let forecast = match actual {
        Some(a) if goal.metric.is_sum() && elapsed > 0.0 => a / elapsed,
        Some(a) => a,
        None => 0.0,
    };
    let value = actual.unwrap_or(0.0);
    let done = if target == 0.0 { 0.0 } else { value / target };
    GoalProgress {
        goal: goal.clone(),
        span,
        actual: value,
        target,
        forecast,
        done,
        summary: summary(goal, span, actual, forecast),
    }
}

/// The value so far in the target's units; `None` for an average with
/// nothing to average yet.
fn actual(goal: &Goal, f: &PeriodKpis) -> Option<f64> {
    let count = |n: u64| Some(n as f64);
    match goal.metric {
        Metric::Revenue => {
            let currency = goal.currency.as_deref().unwrap_or_default();
            let minor = f
                .revenue
                .iter()
                .find(|m| m.currency == currency)
                .map_or(0, |m| m.minor);
            Some(minor as f64)
        }
        Metric::NewCustomers => count(f.new_customers),
        Metric::NewContacts => count(f.new_contacts),
        Metric::ActiveCustomers => count(f.active_customers),
        Metric::Purchases => count(f.purchases),
        Metric::Nps => f.nps,
        Metric::Satisfaction => f.satisfaction.map(|s| s * 100.0),
        Metric::Retention => f.retention.map(|r| r * 100.0),
    }
}

/// A value in the target's units as the user reads it.
fn show(goal: &Goal, value: f64) -> String {
    match goal.metric {
        Metric::Revenue => Money {
            minor: value.round() as i64,
            currency: goal.currency.clone().unwrap_or_default(),
        }
        .grouped(),
        Metric::Nps => format!("{value:+.0}"),
        Metric::Satisfaction => format!("{:.2}", value / 100.0),
        Metric::Retention => format!("{value:.0}%"),
        _ => grouped(value.round().max(0.0) as u64),
    }
}

/// "revenue 2026-Q4: 4,200.00 EUR of 10,000.00 EUR (42%), on pace for
/// 11,300.00 EUR: on track".
fn summary(goal: &Goal, span: Span, actual: Option<f64>, forecast: f64) -> String {
    let target = goal.target as f64;
    let head = format!("{} {}", goal.metric, span.label());
    let Some(value) = actual else {
        return format!(
            "{head}: nothing to measure yet (target {})",
            show(goal, target)
        );
    };
    let share = if target == 0.0 {
        String::new()
    } else {
        format!(" ({:.0}%)", 100.0 * value / target)
    };
    let verdict = if forecast >= target {
        "on track"
    } else {
        "behind"
    };
    let pace = if goal.metric.is_sum() {
        format!("on pace for {}", show(goal, forecast))
    } else {
        "so far".to_string()
    };
    format!(
        "{head}: {} of {}{share}, {pace}: {verdict}",
        show(goal, value),
        show(goal, target)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::goal::parse;
    use crate::domain::period::Period;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).expect("day")
    }

    fn figures(span: Span) -> PeriodKpis {
        PeriodKpis {
            span,
            label: span.label(),
            contacts: 0,
            new_contacts: 3,
            active_customers: 0,
            new_customers: 2,
            purchases: 0,
            revenue: vec![Money {
                minor: 420_000,
                currency: "EUR".into(),
            }],
            average_purchase: Vec::new(),
            retention: None,
            churn: None,
            satisfaction: None,
            ratings: 0,
            nps: Some(40.0),
            nps_answers: 5,
            follow_ups_done: 0,
            follow_ups_on_time: None,
            campaign_sent: 0,
            campaign_response: None,
            segment_sizes: Vec::new(),
        }
    }

    #[test]
    fn sums_forecast_at_the_current_pace() {
        let goal = parse("revenue 10000 EUR per quarter", "EUR").expect("goal");
        let q4 = Period::Quarter.span_of(day(11, 15));
        // 2026-Q4 has 92 days; by Nov 15, 46 are gone: half the quarter.
        // 4,200 EUR in half the quarter is on pace for 8,400 EUR: behind.
        let p = progress(&goal, q4, &figures(q4), day(11, 15));
        assert_eq!(
            (p.actual, p.target, p.forecast),
            (420_000.0, 1_000_000.0, 840_000.0)
        );
        assert!((p.done - 0.42).abs() < 1e-9);
        assert_eq!(
            p.summary,
            "revenue 2026-Q4: 4,200.00 EUR of 10,000.00 EUR (42%), on pace for 8,400.00 EUR: behind"
        );
    }

    #[test]
    fn averages_forecast_their_value_and_may_have_none() {
        let q4 = Period::Quarter.span_of(day(11, 15));
        let nps = parse("nps 30 per quarter", "EUR").expect("goal");
        let p = progress(&nps, q4, &figures(q4), day(11, 15));
        assert!((p.forecast - 40.0).abs() < 1e-9);
        assert_eq!(
            p.summary,
            "nps 2026-Q4: +40 of +30 (133%), so far: on track"
        );
        let sat = parse("satisfaction 4 per quarter", "EUR").expect("goal");
        let p = progress(&sat, q4, &figures(q4), day(11, 15));
        assert!(p.actual.abs() < 1e-9);
        assert_eq!(
            p.summary,
            "satisfaction 2026-Q4: nothing to measure yet (target 4.00)"
        );
    }
}
