//! The KPI tiles' figures: each KPI of the current period in words, with
//! its change against the previous period. Counts and money change in %,
//! rates in percentage points, satisfaction in rating points.

use crate::domain::kpi::{KpiReport, PeriodKpis};
use crate::domain::money::Money;
use crate::tui::overlays::path_prompt::grouped;

/// Which way a figure moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Up,
    Down,
    Flat,
}

/// A figure's change against the previous period.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub dir: Dir,
    /// "▲ 12%", "▼ 3.5 pts", "= 0%".
    pub text: String,
    /// Whether up is good news (churn going up is not).
    pub up_is_good: bool,
}

/// One tile: a label, the value now, and how it changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    pub label: &'static str,
    /// The value, or "—" when there is nothing to measure.
    pub value: String,
    /// Why there is no value ("no ratings"), or more about it.
    pub note: Option<String>,
    pub change: Option<Change>,
}

/// The tiles of the report's last (current) period against the one before.
pub fn tiles(report: &KpiReport) -> Vec<Tile> {
    let Some(now) = report.periods.last() else {
        return Vec::new();
    };
    let before = report
        .periods
        .len()
        .checked_sub(2)
        .and_then(|i| report.periods.get(i));
    let cur = report.currency.as_str();
    let count = |label, f: fn(&PeriodKpis) -> u64| Tile {
        label,
        value: grouped(f(now)),
        note: None,
        change: before.and_then(|b| percent_change(f(b) as f64, f(now) as f64, true)),
    };
    let money = |label, f: fn(&PeriodKpis, &str) -> Option<i64>| {
        let value = f(now, cur);
        Tile {
            label,
            value: value.map_or_else(|| "—".into(), |m| short_money(m, cur)),
            note: value.is_none().then(|| "no purchases".into()),
            change: before
                .and_then(|b| f(b, cur))
                .zip(value)
                .and_then(|(b, n)| percent_change(b as f64, n as f64, true)),
        }
    };
    let rate = |label, f: fn(&PeriodKpis) -> Option<f64>, none: &str, up_is_good| Tile {
        label,
        value: f(now).map_or_else(|| "—".into(), |r| format!("{:.0}%", r * 100.0)),
        note: f(now).is_none().then(|| none.to_string()),
        change: before
            .and_then(f)
            .zip(f(now))
            .map(|(b, n)| point_change((n - b) * 100.0, " pts", up_is_good)),
    };
    vec![
        count("Contacts", |p| p.contacts),
        count("New contacts", |p| p.new_contacts),
        count("Active customers", |p| p.active_customers),
        money("Revenue", |p, c| {
            Some(in_currency(&p.revenue, c).map_or(0, |m| m.minor))
        }),
        money("Average purchase", |p, c| {
            p.revenue
                .iter()
                .position(|m| m.currency == c)
                .and_then(|i| p.average_purchase.get(i))
                .map(|m| m.minor)
        }),
        rate("Retention", |p| p.retention, "no customers before", true),
        rate("Churn", |p| p.churn, "no customers before", false),
        Tile {
            label: "Satisfaction",
            value: now
                .satisfaction
                .map_or_else(|| "—".into(), |s| format!("{s:.1}/5")),
            note: Some(answers(now.ratings, "rating")),
            change: before
                .and_then(|b| b.satisfaction)
                .zip(now.satisfaction)
                .map(|(b, n)| point_change(n - b, "", true)),
        },
        Tile {
            label: "NPS",
            value: now.nps.map_or_else(|| "—".into(), |n| format!("{n:+.0}")),
            note: Some(answers(now.nps_answers, "answer")),
            change: before
                .and_then(|b| b.nps)
                .zip(now.nps)
                .map(|(b, n)| point_change(n - b, " pts", true)),
        },
        rate(
            "Follow-ups on time",
            |p| p.follow_ups_on_time,
            "none done",
            true,
        ),
        rate(
            "Campaign response",
            |p| p.campaign_response,
            "no campaigns",
            true,
        ),
    ]
}

/// The amount in `currency` among amounts by currency.
pub fn in_currency<'a>(amounts: &'a [Money], currency: &str) -> Option<&'a Money> {
    amounts.iter().find(|m| m.currency == currency)
}

fn answers(n: u64, what: &str) -> String {
    match n {
        0 => format!("no {what}s"),
        1 => format!("1 {what}"),
        n => format!("{} {what}s", grouped(n)),
    }
}

/// The change from `before` to `now` in %; none when both are 0.
fn percent_change(before: f64, now: f64, up_is_good: bool) -> Option<Change> {
    let dir = direction(now - before);
    let text = if before == 0.0 {
        if now == 0.0 {
            return None;
        }
        format!("{} from 0", arrow(dir))
    } else {
        format!(
            "{} {:.0}%",
            arrow(dir),
            ((now - before) / before * 100.0).abs()
        )
    };
    Some(Change {
        dir,
        text,
        up_is_good,
    })
}

/// A change in points: NPS and rates in points, satisfaction in rating
/// points (one decimal).
fn point_change(delta: f64, unit: &str, up_is_good: bool) -> Change {
    let dir = direction(delta);
    let digits = usize::from(unit.is_empty());
    Change {
        dir,
        text: format!("{} {:.digits$}{unit}", arrow(dir), delta.abs()),
        up_is_good,
    }
}

fn direction(delta: f64) -> Dir {
    if delta.abs() < 1e-9 {
        Dir::Flat
    } else if delta > 0.0 {
        Dir::Up
    } else {
        Dir::Down
    }
}

fn arrow(dir: Dir) -> &'static str {
    match dir {
        Dir::Up => "▲",
        Dir::Down => "▼",
        Dir::Flat => "=",
    }
}

/// Money for a tile: whole units with thousands grouped from 1,000 up,
/// cents below ("85.50 EUR", "12,400 EUR").
pub fn short_money(minor: i64, currency: &str) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if abs >= 100_000 {
        format!("{sign}{} {currency}", grouped((abs + 50) / 100))
    } else {
        format!("{sign}{}.{:02} {currency}", abs / 100, abs % 100)
    }
}

/// A large number in a few characters, for chart labels: 950, 1.2k, 34k, 1.5M.
pub fn compact(n: u64) -> String {
    #[allow(clippy::cast_precision_loss)] // a label, rounded anyway
    let f = n as f64;
    match n {
        0..1_000 => n.to_string(),
        1_000..10_000 => format!("{:.1}k", f / 1e3),
        10_000..1_000_000 => format!("{:.0}k", f / 1e3),
        _ => format!("{:.1}M", f / 1e6),
    }
}
