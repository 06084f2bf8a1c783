//! Dates as people type them: follow-ups, reminders, intervals and birthdays.
//!
//! Everything here is pure. Nothing reads the clock: the caller passes the
//! current local date-time in, so the same input always gives the same answer.
//!
//! - [`parse_when`] reads a point in time ("tomorrow 9am", "in 2w", "fri",
//!   "next week", "eom", "dec 1", "2026-12-01 14:30") into a [`When`].
//! - [`parse_interval`] reads a repeat interval ("2w", "every 3 months",
//!   "monthly") into an [`Interval`].
//! - [`Birthday::parse`] reads a birthday with or without its year.

mod birthday;
mod interval;
mod lex;
mod when;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

pub use birthday::Birthday;
pub use interval::{Interval, Unit, parse_interval};
pub use when::{Tense, When, parse_when, parse_when_in_week};

/// What a [`DateError`] was trying to read; decides the wording and the hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    /// A point in time, read by [`parse_when`].
    When,
    /// A repeat interval, read by [`parse_interval`].
    Interval,
    /// A birthday, read by [`Birthday::parse`].
    Birthday,
}

impl DateKind {
    /// The thing being read, with its article: "a date", "an interval".
    pub fn noun(self) -> &'static str {
        match self {
            DateKind::When => "a date",
            DateKind::Interval => "an interval",
            DateKind::Birthday => "a birthday",
        }
    }

    /// Examples of the forms that are understood.
    pub fn hint(self) -> &'static str {
        match self {
            DateKind::When => {
                "today, tomorrow, yesterday, in 3 days, in 2w, +3d, -1w, fri, next fri, \
                 next week, next month, eow, eom, dec 1, mon 9:00, noon, 2026-12-01 14:30"
            }
            DateKind::Interval => {
                "3d, 2w, 1m, 1y, 30 days, 2 weeks, every 2w, daily, weekly, fortnightly, \
                 monthly, yearly"
            }
            DateKind::Birthday => "1985-04-12, --04-12, 04-12, apr 12, 12 apr, april 12 1985",
        }
    }
}

/// Input that could not be read as a date, an interval or a birthday.
///
/// Displays as two lines: what was wrong with the input, then the forms that work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read {input:?} as {}: {reason}\n  hint: try {}", .kind.noun(), .kind.hint())]
pub struct DateError {
    /// The text as given, without surrounding whitespace.
    pub input: String,
    /// What went wrong, in a few words.
    pub reason: String,
    /// What was being read.
    pub kind: DateKind,
}

impl DateError {
    fn new(kind: DateKind, input: &str, reason: impl Into<String>) -> Self {
        DateError {
            input: input.trim().to_owned(),
            reason: reason.into(),
            kind,
        }
    }
}
