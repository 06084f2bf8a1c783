//! Churn risk from a contact's own rhythm: days since the last interaction
//! against their usual gap (the median of their gaps, given enough history).

use serde::Serialize;

/// How likely a contact is slipping away, and why in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChurnRisk {
    pub contact_id: i64,
    /// 0 (on rhythm) to 1 (long past their usual gap).
    pub score: f64,
    pub days_since: i64,
    pub usual_gap_days: f64,
    /// "no contact for 94 days; usually every 21".
    pub reason: String,
}
