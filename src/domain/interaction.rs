//! Interactions: the timeline of everything that happened with a contact.

use serde::Serialize;

use super::money::Money;
use super::{Invalid, word_enum};

word_enum!(
    /// What kind of touch point an interaction was.
    InteractionKind, "interaction kind" {
        Note => "note", Call => "call", Email => "email", Meeting => "meeting",
        Message => "message", Purchase => "purchase", Feedback => "feedback", Campaign => "campaign",
    }
);

word_enum!(
    /// Who started it.
    Direction, "direction" { In => "in", Out => "out" }
);

/// The longest text an interaction may have, in bytes (1 MB).
pub const MAX_TEXT_BYTES: usize = 1_000_000;

/// A stored interaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Interaction {
    pub id: i64,
    pub uid: String,
    pub contact_id: i64,
    pub kind: InteractionKind,
    pub direction: Option<Direction>,
    /// Local time, "YYYY-MM-DD HH:MM:SS".
    pub at: String,
    pub summary: String,
    pub body: Option<String>,
    pub amount: Option<Money>,
    /// Satisfaction, 1–5 (feedback only).
    pub rating: Option<i64>,
    /// Net Promoter answer, 0–10 (feedback only).
    pub nps: Option<i64>,
}

/// A new interaction, validated by [`NewInteraction::validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewInteraction {
    pub contact_id: i64,
    pub kind: InteractionKind,
    pub direction: Option<Direction>,
    pub at: String,
    pub text: String,
    pub amount: Option<Money>,
    /// Satisfaction, 1–5 (feedback only).
    pub rating: Option<i64>,
    /// Net Promoter answer, 0–10 (feedback only).
    pub nps: Option<i64>,
}

impl NewInteraction {
    /// Checks the combination of kind, amount, rating and NPS answer.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.amount.is_some() && self.kind != InteractionKind::Purchase {
            return Err(Invalid::new("--amount", "only a purchase has an amount")
                .hint("log it as: kith log CONTACT purchase --amount \"1200 EUR\""));
        }
        if let Some(r) = self.rating {
            if self.kind != InteractionKind::Feedback {
                return Err(Invalid::new("--rating", "only feedback has a rating")
                    .hint("log it as: kith log CONTACT feedback --rating 5"));
            }
            if !(1..=5).contains(&r) {
                return Err(
                    Invalid::new("--rating", format!("{r} is not between 1 and 5")).hint(
                        "--rating is satisfaction, 1–5; a 0–10 recommendation score is --nps",
                    ),
                );
            }
        }
        if let Some(n) = self.nps {
            if self.kind != InteractionKind::Feedback {
                return Err(Invalid::new("--nps", "only feedback has an NPS answer")
                    .hint("log it as: kith log CONTACT feedback --nps 9"));
            }
            if !(0..=10).contains(&n) {
                return Err(
                    Invalid::new("--nps", format!("{n} is not between 0 and 10"))
                        .hint("how likely they are to recommend you, 0–10"),
                );
            }
        }
        if self.text.len() > MAX_TEXT_BYTES {
            return Err(Invalid::new("text", "longer than 1 MB"));
        }
        // A note keeps its lines and tabs; other control characters (ESC,
        // BEL…) would act on the terminal that shows it.
        if let Some(c) = self
            .text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        {
            return Err(Invalid::new(
                "text",
                format!("contains a control character (U+{:04X})", u32::from(c)),
            )
            .hint(
                "newlines and tabs are kept; remove terminal escapes (e.g. pipe through `col -b`)",
            ));
        }
        Ok(())
    }

    /// The first line of the text, shortened: what lists and timelines show.
    pub fn summary(&self) -> String {
        summarize(&self.text)
    }

    /// The whole text when it is longer than its summary.
    pub fn body(&self) -> Option<String> {
        let text = self.text.trim();
        (text != self.summary()).then(|| text.to_string())
    }
}

/// How far past now an interaction's time may be: a clock a few minutes
/// ahead is not a future.
pub const FUTURE_TOLERANCE: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

impl NewInteraction {
    /// Refuses a time in the future: an interaction is something that
    /// happened (a plan is a follow-up). `now` is the local wall-clock time.
    pub fn check_not_future(&self, now: chrono::NaiveDateTime) -> Result<(), Invalid> {
        let at = chrono::NaiveDateTime::parse_from_str(&self.at, "%Y-%m-%d %H:%M:%S");
        match at {
            Ok(at) if at > now + FUTURE_TOLERANCE => Err(Invalid::new(
                "time",
                format!(
                    "{} is in the future: an interaction is something that happened",
                    &self.at[..16]
                ),
            )
            .hint("to plan it, schedule a follow-up")),
            _ => Ok(()),
        }
    }
}

/// First non-empty line, at most 120 characters.
pub fn summarize(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() > 120 {
        let mut s: String = line.chars().take(119).collect();
        s.push('…');
        s
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(kind: InteractionKind) -> NewInteraction {
        NewInteraction {
            contact_id: 1,
            kind,
            direction: None,
            at: "2026-11-23 09:00:00".into(),
            text: "renewal talk\nwants a proposal".into(),
            amount: None,
            rating: None,
            nps: None,
        }
    }

    #[test]
    fn summary_is_the_first_line_and_body_the_rest() {
        let n = new(InteractionKind::Call);
        assert_eq!(n.summary(), "renewal talk");
        assert_eq!(n.body().as_deref(), Some("renewal talk\nwants a proposal"));
    }

    #[test]
    fn text_keeps_lines_and_tabs_but_not_escapes() {
        let mut n = new(InteractionKind::Note);
        n.text = "line one\r\n\tindented".into();
        assert!(n.validate().is_ok());
        n.text = "red \x1b[31malert".into();
        assert_eq!(n.validate().map_err(|e| e.field), Err("text".to_string()));
        n.text = "bell\x07".into();
        assert!(n.validate().is_err());
    }

    #[test]
    fn the_future_has_not_happened_yet() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("valid");
        let mut n = new(InteractionKind::Call);
        assert!(n.check_not_future(now).is_ok());
        n.at = "2026-11-23 09:05:00".into();
        assert!(n.check_not_future(now).is_ok(), "within the tolerance");
        n.at = "2026-11-23 09:06:00".into();
        assert_eq!(
            n.check_not_future(now).map_err(|e| e.field),
            Err("time".into())
        );
        n.at = "2030-01-01 12:00:00".into();
        assert!(n.check_not_future(now).is_err());
    }

    #[test]
    fn amount_rating_and_nps_belong_to_their_kinds() {
        let field = |n: &NewInteraction| n.validate().map_err(|e| e.field);
        let mut n = new(InteractionKind::Call);
        n.rating = Some(5);
        assert_eq!(field(&n), Err("--rating".to_string()));
        n.rating = None;
        n.nps = Some(9);
        assert_eq!(field(&n), Err("--nps".to_string()));
        let mut n = new(InteractionKind::Feedback);
        n.rating = Some(5);
        n.nps = Some(10);
        assert!(n.validate().is_ok());
        // Satisfaction is 1–5; a 0–10 answer is an NPS one.
        for bad in [0, 6, 9] {
            n.rating = Some(bad);
            assert_eq!(field(&n), Err("--rating".to_string()), "{bad}");
        }
        n.rating = None;
        n.nps = Some(11);
        assert_eq!(field(&n), Err("--nps".to_string()));
        n.nps = Some(0);
        assert!(n.validate().is_ok());
    }
}
