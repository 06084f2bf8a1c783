//! The interaction form: log a call, an e-mail, a meeting, a purchase...

use chrono::NaiveDateTime;

use super::CapturePane;
use crate::domain::dates::{Tense, parse_when};
use crate::domain::interaction::{Direction, InteractionKind, NewInteraction};
use crate::domain::money::Money;
use crate::tui::effect::Effect;
use crate::tui::widgets::form::Field;

const INTERACTIONS: &[&str] = &[
    "call", "email", "meeting", "message", "note", "purchase", "feedback",
];
const DIRECTIONS: &[&str] = &["out", "in", "-"];
/// The labels say the scales, so nobody types a 9 as a satisfaction.
const RATING: &str = "Rating 1–5";
const NPS: &str = "NPS 0–10";

pub(super) fn fields() -> Vec<Field> {
    vec![
        Field::contact("Contact"),
        Field::choice("Kind", INTERACTIONS, "call"),
        Field::text("When", "now; or e.g. yesterday 15:00"),
        Field::choice("Direction", DIRECTIONS, "out"),
        Field::text("Summary", "what happened; C-e: $EDITOR"),
        Field::text("Amount", "purchase, e.g. 1200 EUR"),
        Field::text(RATING, "feedback: satisfaction"),
        Field::text(NPS, "feedback: would recommend"),
    ]
}

impl CapturePane {
    pub(super) fn interaction_effect(&mut self, now: NaiveDateTime) -> Option<Effect> {
        let contact_id = self.picked_contact();
        let kind = self.value("Kind").parse::<InteractionKind>().ok();
        let when = match self.value("When") {
            "" => "now",
            text => text,
        };
        let at = match parse_when(when, now, Tense::Past) {
            Ok(w) => Some(w.time.map_or(
                if w.date == now.date() {
                    now
                } else {
                    w.date.and_time(noon())
                },
                |t| w.date.and_time(t),
            )),
            Err(e) => {
                self.set_error("When", e.reason);
                None
            }
        };
        // Every field is checked before anything returns, so one save shows
        // every error at once.
        let amount = match self.value("Amount") {
            "" => Some(None),
            a => match Money::parse(a, &self.currency) {
                Ok(m) => Some(Some(m)),
                Err(e) => {
                    self.set_error("Amount", e.reason);
                    None
                }
            },
        };
        let rating = self.score(RATING);
        let nps = self.score(NPS);
        let text = self
            .long_text
            .clone()
            .unwrap_or_else(|| self.value("Summary").to_string());
        let n = NewInteraction {
            contact_id: contact_id.unwrap_or_default(),
            kind: kind.unwrap_or(InteractionKind::Note),
            direction: self.value("Direction").parse::<Direction>().ok(),
            at: at.unwrap_or(now).format("%Y-%m-%d %H:%M:%S").to_string(),
            text,
            amount: amount.clone().flatten(),
            rating,
            nps,
        };
        // The domain's rules, one field at a time, so each gets its own error.
        let alone = [
            NewInteraction {
                rating: None,
                nps: None,
                ..n.clone()
            },
            NewInteraction {
                amount: None,
                nps: None,
                ..n.clone()
            },
            NewInteraction {
                amount: None,
                rating: None,
                ..n.clone()
            },
            NewInteraction {
                amount: None,
                rating: None,
                nps: None,
                ..n.clone()
            },
        ];
        for (check, label) in alone.iter().zip(["Amount", RATING, NPS, "Summary"]) {
            if let Err(e) = check.validate()
                && self
                    .index_of(label)
                    .is_some_and(|i| self.fields[i].error.is_none())
            {
                self.set_error(label, e.reason);
            }
        }
        let complete = contact_id.is_some() && kind.is_some() && at.is_some();
        if !complete || self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        Some(Effect::Log(n))
    }

    /// A whole number typed in a score field, `None` when empty; text that
    /// is not a number marks the field, so nothing is saved.
    fn score(&mut self, label: &str) -> Option<i64> {
        match self.value(label) {
            "" => None,
            r => match r.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    let error = format!("{r:?} is not a number");
                    self.set_error(label, error);
                    None
                }
            },
        }
    }
}

fn noon() -> chrono::NaiveTime {
    chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()
}
