//! The raw rows the store reads for KPIs (grouped by calendar month where
//! it can), and how they fold into months, quarters and years.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::formulas::{mean, nps, rate, retention};
use super::{PeriodKpis, SegmentSize};
use crate::domain::money::Money;
use crate::domain::period::Span;

/// Purchases of one contact in one currency in one month ("2026-11").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PurchaseRow {
    pub month: String,
    pub contact_id: i64,
    pub currency: String,
    pub count: u64,
    pub minor: i64,
}

/// One feedback interaction: its time ("2026-11-03 10:00:00") and scores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackRow {
    pub contact_id: i64,
    pub at: String,
    pub rating: Option<i64>,
    pub nps: Option<i64>,
}

/// Follow-ups closed in one month, and how many of them by their due day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpMonth {
    pub month: String,
    pub done: u64,
    pub on_time: u64,
}

/// Campaign messages sent in one month and how many were answered (the
/// rule is `store::kpi`'s `campaign_responses`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendRow {
    pub month: String,
    pub sent: u64,
    pub answered: u64,
}

/// A saved segment's size as recorded on `day` ("2026-11-30").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SizeRow {
    pub name: String,
    pub day: String,
    pub size: u64,
}

/// Everything the KPIs of a run of periods are computed from. Months are
/// "YYYY-MM" keys; the purchases start one period before the first span
/// (for its retention).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KpiFacts {
    /// Contacts created before the first month of `created`.
    pub created_before: u64,
    /// Contacts created per month, from the report's first month on.
    pub created: Vec<(String, u64)>,
    pub purchases: Vec<PurchaseRow>,
    /// Each contact whose first purchase ever falls in the report, with
    /// that purchase's month.
    pub first_purchases: Vec<(i64, String)>,
    /// Oldest first.
    pub feedback: Vec<FeedbackRow>,
    pub follow_ups: Vec<FollowUpMonth>,
    pub sends: Vec<SendRow>,
    pub sizes: Vec<SizeRow>,
}

fn month_key(day: chrono::NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// A span's first month and the month after its last, as "YYYY-MM" keys
/// (formatted once per span, not once per row).
struct Months {
    from: String,
    to: String,
}

impl Months {
    fn of(span: Span) -> Self {
        Self {
            from: month_key(span.start),
            to: month_key(span.end()),
        }
    }

    /// Whether month key `month` lies in the span.
    fn holds(&self, month: &str) -> bool {
        self.from.as_str() <= month && month < self.to.as_str()
    }
}

/// The figures of each span, oldest first.
pub fn periods(spans: &[Span], facts: &KpiFacts) -> Vec<PeriodKpis> {
    let mut previous_active = spans
        .first()
        .map(|s| active(s.previous(), facts))
        .unwrap_or_default();
    spans
        .iter()
        .map(|&span| {
            let now_active = active(span, facts);
            let kept = retention(&previous_active, &now_active);
            let figures = period(span, facts, &now_active, kept);
            previous_active = now_active;
            figures
        })
        .collect()
}

fn active(span: Span, facts: &KpiFacts) -> HashSet<i64> {
    let months = Months::of(span);
    facts
        .purchases
        .iter()
        .filter(|p| months.holds(&p.month))
        .map(|p| p.contact_id)
        .collect()
}

fn period(
    span: Span,
    facts: &KpiFacts,
    active: &HashSet<i64>,
    retention: Option<f64>,
) -> PeriodKpis {
    let months = Months::of(span);
    let contacts = facts.created_before
        + facts
            .created
            .iter()
            .filter(|(m, _)| m.as_str() < months.to.as_str())
            .map(|(_, n)| n)
            .sum::<u64>();
    let new_contacts = facts
        .created
        .iter()
        .filter(|(m, _)| months.holds(m))
        .map(|(_, n)| n)
        .sum();
    let (purchases, revenue, average_purchase) = money(&months, facts);
    let (satisfaction, ratings, nps, nps_answers) = feedback(&months, facts);
    let (done, on_time) = sum_pairs(
        facts
            .follow_ups
            .iter()
            .filter(|f| months.holds(&f.month))
            .map(|f| (f.done, f.on_time)),
    );
    let (sent, answered) = sum_pairs(
        facts
            .sends
            .iter()
            .filter(|s| months.holds(&s.month))
            .map(|s| (s.sent, s.answered)),
    );
    PeriodKpis {
        span,
        label: span.label(),
        contacts,
        new_contacts,
        active_customers: active.len() as u64,
        new_customers: facts
            .first_purchases
            .iter()
            .filter(|(_, m)| months.holds(m))
            .count() as u64,
        purchases,
        revenue,
        average_purchase,
        retention,
        churn: retention.map(|r| 1.0 - r),
        satisfaction,
        ratings,
        nps,
        nps_answers,
        follow_ups_done: done,
        follow_ups_on_time: rate(on_time, done),
        campaign_sent: sent,
        campaign_response: rate(answered, sent),
        segment_sizes: sizes(span, facts),
    }
}

fn sum_pairs(pairs: impl Iterator<Item = (u64, u64)>) -> (u64, u64) {
    pairs.fold((0, 0), |(a, b), (x, y)| (a + x, b + y))
}

/// Purchases, revenue by currency (largest first) and the average purchase
/// in each (rounded to the nearest minor unit).
fn money(months: &Months, facts: &KpiFacts) -> (u64, Vec<Money>, Vec<Money>) {
    let mut by_currency: BTreeMap<&str, (u64, i64)> = BTreeMap::new();
    for p in facts.purchases.iter().filter(|p| months.holds(&p.month)) {
        let entry = by_currency.entry(p.currency.as_str()).or_default();
        entry.0 += p.count;
        entry.1 += p.minor;
    }
    let mut rows: Vec<(&str, u64, i64)> = by_currency
        .into_iter()
        .map(|(c, (n, m))| (c, n, m))
        .collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    let count = rows.iter().map(|r| r.1).sum();
    let money = |minor: i64, currency: &str| Money {
        minor,
        currency: currency.to_string(),
    };
    let revenue = rows.iter().map(|r| money(r.2, r.0)).collect();
    let average = rows
        .iter()
        .map(|&(c, n, m)| money(average_minor(m, n), c))
        .collect();
    (count, revenue, average)
}

/// `total / count` rounded half away from zero.
fn average_minor(total: i64, count: u64) -> i64 {
    let count = i64::try_from(count.max(1)).unwrap_or(i64::MAX);
    let half = if total < 0 { -count / 2 } else { count / 2 };
    (total + half) / count
}

/// Mean satisfaction over every rating; NPS over each contact's latest answer.
fn feedback(months: &Months, facts: &KpiFacts) -> (Option<f64>, u64, Option<f64>, u64) {
    let mut ratings = Vec::new();
    let mut latest: HashMap<i64, i64> = HashMap::new();
    for f in facts
        .feedback
        .iter()
        .filter(|f| months.holds(month_of(&f.at)))
    {
        if let Some(r) = f.rating {
            ratings.push(r as f64);
        }
        if let Some(n) = f.nps {
            latest.insert(f.contact_id, n);
        }
    }
    let answers: Vec<i64> = latest.into_values().collect();
    (
        mean(&ratings),
        ratings.len() as u64,
        nps(&answers),
        answers.len() as u64,
    )
}

fn month_of(at: &str) -> &str {
    at.get(..7).unwrap_or(at)
}

/// Each segment's latest recorded size on or before the span's last day.
fn sizes(span: Span, facts: &KpiFacts) -> Vec<SegmentSize> {
    let end = span.end().format("%Y-%m-%d").to_string();
    let mut latest: BTreeMap<&str, (&str, u64)> = BTreeMap::new();
    for s in facts.sizes.iter().filter(|s| s.day.as_str() < end.as_str()) {
        let entry = latest
            .entry(s.name.as_str())
            .or_insert((s.day.as_str(), s.size));
        if s.day.as_str() >= entry.0 {
            *entry = (s.day.as_str(), s.size);
        }
    }
    latest
        .into_iter()
        .map(|(name, (_, size))| SegmentSize {
            name: name.to_string(),
            size,
        })
        .collect()
}
