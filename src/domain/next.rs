//! Who to contact next and why: `kith next` and the Dashboard's list.

use serde::Serialize;

use super::word_enum;

word_enum!(
    /// Why someone is on the list, most pressing first.
    NextReason, "reason" {
        OverdueFollowUp => "overdue-follow-up", LapsedCadence => "lapsed-cadence",
        ChurnRisk => "churn-risk", Birthday => "birthday",
    }
);

/// One line of the list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NextItem {
    pub contact_id: i64,
    pub name: String,
    pub reason: NextReason,
    /// The reason in words: "follow-up 'send the proposal' 3 days overdue".
    pub why: String,
    /// Higher is more pressing; the list is sorted by it.
    pub urgency: f64,
}
