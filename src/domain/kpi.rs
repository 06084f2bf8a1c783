//! Key figures per period: what `kith kpi` prints and the Dashboard draws.
//! Every definition, with its formula, is in docs/kpi.md.
//!
//! Contract shared by `ops::kpi` (which fills it) and the Dashboard (which
//! reads it): fields may be added, not removed or renamed.

use serde::Serialize;

use super::contact::Stage;
use super::money::Money;
use super::period::{Period, Span};

/// The KPIs of consecutive periods, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KpiReport {
    pub period: Period,
    /// The configured default currency (what `average_purchase` leads with).
    pub currency: String,
    pub periods: Vec<PeriodKpis>,
    /// Conversion between stages and the median time in each, over the
    /// whole report.
    pub stages: StageFlow,
}

/// One period's figures. A rate is `None` when its denominator is 0.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeriodKpis {
    pub span: Span,
    /// "2026-11", "2026-Q4", "2026".
    pub label: String,
    /// Contacts that existed at the end of the period (archived ones too).
    pub contacts: u64,
    pub new_contacts: u64,
    /// Contacts with at least one purchase in the period.
    pub active_customers: u64,
    /// Contacts whose first purchase ever fell in the period.
    pub new_customers: u64,
    pub purchases: u64,
    /// Revenue by currency, largest first.
    pub revenue: Vec<Money>,
    /// Average purchase by currency, in the order of `revenue`.
    pub average_purchase: Vec<Money>,
    /// Share of the previous period's active customers active again (0–1).
    pub retention: Option<f64>,
    /// 1 − retention.
    pub churn: Option<f64>,
    /// Mean satisfaction rating (1–5) and how many ratings.
    pub satisfaction: Option<f64>,
    pub ratings: u64,
    /// % promoters (9–10) − % detractors (0–6), −100…100, and how many answers.
    pub nps: Option<f64>,
    pub nps_answers: u64,
    /// Follow-ups done in the period, and the share done by their due day.
    pub follow_ups_done: u64,
    pub follow_ups_on_time: Option<f64>,
    /// Campaign messages sent in the period and the share answered.
    pub campaign_sent: u64,
    pub campaign_response: Option<f64>,
    /// Saved segments' sizes at the end of the period (as recorded).
    pub segment_sizes: Vec<SegmentSize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SegmentSize {
    pub name: String,
    pub size: u64,
}

/// How contacts move between stages.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StageFlow {
    pub conversions: Vec<Conversion>,
    pub time_in_stage: Vec<StageTime>,
}

/// Of the contacts that reached `from`, how many went on to `to`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conversion {
    pub from: Stage,
    pub to: Stage,
    pub reached: u64,
    pub converted: u64,
    pub rate: Option<f64>,
}

/// The median number of days contacts stayed in a stage before leaving it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageTime {
    pub stage: Stage,
    pub median_days: Option<f64>,
    /// How many stays the median is over.
    pub stays: u64,
}

mod facts;
mod formulas;
mod stages;

pub use facts::{FeedbackRow, FollowUpMonth, KpiFacts, PurchaseRow, SendRow, SizeRow, periods};
pub use formulas::{mean, median, nps, rate, retention};
pub use stages::{StageRow, stage_flow};
