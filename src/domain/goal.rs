//! Objectives: a KPI, a target and a period ("revenue 10000 EUR per
//! quarter"), their progress and a forecast at the current pace.
//!
//! Contract shared by `ops::goal` and the Dashboard: fields may be added,
//! not removed or renamed.

use serde::Serialize;

use super::period::{Period, Span};
use super::word_enum;

word_enum!(
    /// What an objective measures (each is a KPI of docs/kpi.md).
    Metric, "metric" {
        Revenue => "revenue", NewCustomers => "new-customers", NewContacts => "new-contacts",
        ActiveCustomers => "active-customers", Purchases => "purchases", Nps => "nps",
        Satisfaction => "satisfaction", Retention => "retention",
    }
);

/// A stored objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Goal {
    pub id: i64,
    pub metric: Metric,
    /// Minor units for revenue; a count; NPS points; a percentage for
    /// retention; satisfaction × 100.
    pub target: i64,
    pub currency: Option<String>,
    pub period: Period,
    /// As the user wrote it.
    pub text: String,
}

/// An objective in its current period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalProgress {
    pub goal: Goal,
    pub span: Span,
    /// The value so far, in the target's units.
    pub actual: f64,
    pub target: f64,
    /// The value at the end of the period at the current pace (for sums;
    /// an average's forecast is its value so far).
    pub forecast: f64,
    /// actual / target, 0 when the target is 0.
    pub done: f64,
    /// "4,200 of 10,000 EUR", "on pace for 11,300 EUR".
    pub summary: String,
}

mod parse;
mod progress;

pub use parse::{FORMS, parse};
pub use progress::progress;

impl Metric {
    /// Whether the metric adds up over a period (a forecast extrapolates it)
    /// rather than being an average or a rate (its forecast is its value).
    pub fn is_sum(self) -> bool {
        matches!(
            self,
            Metric::Revenue
                | Metric::NewCustomers
                | Metric::NewContacts
                | Metric::ActiveCustomers
                | Metric::Purchases
        )
    }
}
