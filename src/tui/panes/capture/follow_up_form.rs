//! The follow-up form: whom, when, what, and how often it repeats.

use chrono::NaiveDateTime;

use super::CapturePane;
use crate::domain::dates::{Tense, parse_interval, parse_when};
use crate::tui::effect::Effect;
use crate::tui::widgets::form::Field;

pub(super) fn fields() -> Vec<Field> {
    vec![
        Field::contact("Contact"),
        Field::text("When", "e.g. in 2w, next fri, dec 1").required(),
        Field::text("Note", "what to do"),
        Field::text("Repeat", "optional, e.g. 1w, 3m"),
    ]
}

impl CapturePane {
    pub(super) fn follow_up_effect(&mut self, now: NaiveDateTime) -> Option<Effect> {
        let contact_id = self.picked_contact();
        let due = match parse_when(self.value("When"), now, Tense::Future) {
            Ok(w) => Some(w),
            Err(e) => {
                self.set_error("When", e.reason);
                None
            }
        };
        let every = match self.value("Repeat") {
            "" => None,
            r => match parse_interval(r) {
                Ok(i) => Some(i),
                Err(e) => {
                    self.set_error("Repeat", e.reason);
                    return None;
                }
            },
        };
        Some(Effect::AddFollowUp {
            contact_id: contact_id?,
            due: due?,
            note: self.value("Note").to_string(),
            every,
        })
    }
}
