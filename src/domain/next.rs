//! Who to contact next and why: `kith next` and the Dashboard's list.
//!
//! Reasons rank in tiers, most pressing first (an overdue follow-up, a
//! lapsed cadence, a good customer slipping away, a birthday); within a
//! tier, the longer overdue (or the sooner the birthday), the higher. Each
//! person appears once, for their most pressing reason.

use std::collections::HashSet;

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

impl NextReason {
    /// The tier's base urgency: tiers never overlap, as [`urgency`] adds
    /// less than 1 within a tier.
    fn base(self) -> f64 {
        match self {
            NextReason::OverdueFollowUp => 3.0,
            NextReason::LapsedCadence => 2.0,
            NextReason::ChurnRisk => 1.0,
            NextReason::Birthday => 0.0,
        }
    }
}

/// The urgency of a reason with `weight` in 0–1 inside its tier (how late,
/// how risky, how soon).
pub fn urgency(reason: NextReason, weight: f64) -> f64 {
    reason.base() + weight.clamp(0.0, 0.999)
}

/// How late something is, as a weight: grows with the days late and
/// reaches its top after about two months.
pub fn lateness(days_late: i64) -> f64 {
    #[allow(clippy::cast_precision_loss)] // days
    let d = days_late.clamp(0, 60) as f64;
    d / 60.0
}

/// Most pressing first (ties: by name, then id), one line per person,
/// at most `limit`.
pub fn rank(mut items: Vec<NextItem>, limit: usize) -> Vec<NextItem> {
    items.sort_by(|a, b| {
        b.urgency
            .total_cmp(&a.urgency)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.contact_id.cmp(&b.contact_id))
    });
    let mut seen = HashSet::new();
    items.retain(|i| seen.insert(i.contact_id));
    items.truncate(limit);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, reason: NextReason, weight: f64) -> NextItem {
        NextItem {
            contact_id: id,
            name: format!("C{id}"),
            reason,
            why: String::new(),
            urgency: urgency(reason, weight),
        }
    }

    #[test]
    fn tiers_come_first_then_weight_and_each_person_once() {
        let items = vec![
            item(1, NextReason::Birthday, 0.9),
            item(2, NextReason::ChurnRisk, 1.0),
            item(3, NextReason::OverdueFollowUp, 0.0),
            item(4, NextReason::LapsedCadence, 0.2),
            item(5, NextReason::LapsedCadence, 0.7),
            item(3, NextReason::Birthday, 1.0),
        ];
        let ranked = rank(items, 10);
        let order: Vec<(i64, NextReason)> =
            ranked.iter().map(|i| (i.contact_id, i.reason)).collect();
        assert_eq!(
            order,
            [
                (3, NextReason::OverdueFollowUp),
                (5, NextReason::LapsedCadence),
                (4, NextReason::LapsedCadence),
                (2, NextReason::ChurnRisk),
                (1, NextReason::Birthday),
            ]
        );
        assert_eq!(rank(ranked, 2).len(), 2);
    }

    #[test]
    fn lateness_grows_then_stops() {
        assert!(lateness(0).abs() < f64::EPSILON);
        assert!(lateness(30) < lateness(31));
        assert!((lateness(600) - 1.0).abs() < f64::EPSILON);
    }
}
