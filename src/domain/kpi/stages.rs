//! Conversion between stages and the time spent in each, from the stage
//! history (every change of a contact's stage, oldest first).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::formulas::{median, rate};
use super::{Conversion, StageFlow, StageTime};
use crate::domain::contact::Stage;

/// One change of stage: the contact entered `to` (`None`: no stage) at `at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageRow {
    pub contact_id: i64,
    pub at: NaiveDateTime,
    pub to: Option<Stage>,
}

/// The steps reported: along the journey, and out of it.
const STEPS: [(Stage, Stage); 7] = [
    (Stage::Lead, Stage::Prospect),
    (Stage::Prospect, Stage::Customer),
    (Stage::Customer, Stage::Loyal),
    (Stage::Lead, Stage::Lost),
    (Stage::Prospect, Stage::Lost),
    (Stage::Customer, Stage::Churned),
    (Stage::Loyal, Stage::Churned),
];

/// Whether entering `stage` completes a step to `to`: `to` itself, or a
/// later stage of the journey (a lead who became a customer went through
/// prospect).
fn arrives(stage: Stage, to: Stage) -> bool {
    let journey = |s: Stage| {
        [Stage::Lead, Stage::Prospect, Stage::Customer, Stage::Loyal]
            .iter()
            .position(|j| *j == s)
    };
    match (journey(stage), journey(to)) {
        (Some(a), Some(b)) => a >= b,
        _ => stage == to,
    }
}

/// `rows` sorted by contact, then time. A contact "reached" a stage when it
/// entered it on or after `since`; it "converted" when it entered the next
/// stage of the step at any later time (directly or not). A stay in a stage
/// counts when it ended on or after `since`: its days run from entering the
/// stage to the next change.
pub fn stage_flow(rows: &[StageRow], since: NaiveDateTime) -> StageFlow {
    let mut reached: BTreeMap<(Stage, Stage), (u64, u64)> = BTreeMap::new();
    let mut stays: BTreeMap<Stage, Vec<f64>> = BTreeMap::new();
    for history in rows.chunk_by(|a, b| a.contact_id == b.contact_id) {
        for (i, change) in history.iter().enumerate() {
            let Some(stage) = change.to else { continue };
            if let Some(next) = history.get(i + 1).filter(|n| n.at >= since) {
                let days = (next.at - change.at).num_seconds() as f64 / 86_400.0;
                stays.entry(stage).or_default().push(days);
            }
            if change.at < since || history[..i].iter().any(|h| h.to == Some(stage)) {
                continue; // counted once, from its first entry in the report
            }
            for &(from, to) in STEPS.iter().filter(|(from, _)| *from == stage) {
                let later = history[i + 1..]
                    .iter()
                    .any(|h| h.to.is_some_and(|s| arrives(s, to)));
                let entry = reached.entry((from, to)).or_default();
                entry.0 += 1;
                entry.1 += u64::from(later);
            }
        }
    }
    let conversions = STEPS
        .iter()
        .map(|&(from, to)| {
            let (n, converted) = reached.get(&(from, to)).copied().unwrap_or_default();
            Conversion {
                from,
                to,
                reached: n,
                converted,
                rate: rate(converted, n),
            }
        })
        .collect();
    let time_in_stage = Stage::ALL
        .iter()
        .map(|&stage| {
            let mut days = stays.remove(&stage).unwrap_or_default();
            StageTime {
                stage,
                stays: days.len() as u64,
                median_days: median(&mut days),
            }
        })
        .collect();
    StageFlow {
        conversions,
        time_in_stage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(contact_id: i64, day: &str, to: Option<Stage>) -> StageRow {
        let at = NaiveDateTime::parse_from_str(&format!("{day} 09:00:00"), "%Y-%m-%d %H:%M:%S")
            .expect("time");
        StageRow { contact_id, at, to }
    }

    #[test]
    fn conversion_counts_first_entries_and_later_arrivals() {
        let rows = [
            // 1: lead → prospect (10 days) → customer (20 days).
            row(1, "2026-01-01", Some(Stage::Lead)),
            row(1, "2026-01-11", Some(Stage::Prospect)),
            row(1, "2026-01-31", Some(Stage::Customer)),
            // 2: lead → lost after 4 days.
            row(2, "2026-01-02", Some(Stage::Lead)),
            row(2, "2026-01-06", Some(Stage::Lost)),
            // 3: a lead since before the report: not counted as reached.
            row(3, "2025-06-01", Some(Stage::Lead)),
            // 4: prospect → loyal, skipping customer: converted both steps.
            row(4, "2026-02-01", Some(Stage::Prospect)),
            row(4, "2026-02-03", Some(Stage::Loyal)),
        ];
        let since = row(0, "2026-01-01", None).at;
        let flow = stage_flow(&rows, since);
        let step = |from, to| {
            flow.conversions
                .iter()
                .find(|c| c.from == from && c.to == to)
                .cloned()
                .expect("step")
        };
        // Leads reached: 1 and 2; to prospect: 1 of 2; to lost: 1 of 2.
        assert_eq!(step(Stage::Lead, Stage::Prospect).rate, Some(0.5));
        assert_eq!(step(Stage::Lead, Stage::Lost).converted, 1);
        // Prospects reached: 1 and 4, both went on (4 by way of loyal).
        assert_eq!(step(Stage::Prospect, Stage::Customer).rate, Some(1.0));
        assert_eq!(step(Stage::Customer, Stage::Loyal).rate, Some(0.0));
        let lead = &flow.time_in_stage[0];
        // Stays as a lead: 10 days and 4 days → median 7.
        assert_eq!(
            (lead.stage, lead.stays, lead.median_days),
            (Stage::Lead, 2, Some(7.0))
        );
        // As a prospect: 20 days (1) and 2 days (4) → median 11.
        assert_eq!(flow.time_in_stage[1].median_days, Some(11.0));
    }
}
