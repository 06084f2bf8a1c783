//! Reporting periods: calendar months, quarters and years. One rule for
//! KPIs, objectives, segment performance and the Dashboard.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::word_enum;

word_enum!(
    /// How long one reporting period is.
    Period, "period" { Month => "month", Quarter => "quarter", Year => "year" }
);

impl Period {
    /// Its length in months.
    pub fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Year => 12,
        }
    }

    /// The period holding `day`.
    pub fn span_of(self, day: NaiveDate) -> Span {
        let months = self.months();
        let month0 = (day.month0() / months) * months;
        let start = NaiveDate::from_ymd_opt(day.year(), month0 + 1, 1).unwrap_or(day);
        Span {
            period: self,
            start,
        }
    }

    /// The periods from the one holding `since` to the one holding `until`,
    /// oldest first (at least one).
    pub fn spans(self, since: NaiveDate, until: NaiveDate) -> Vec<Span> {
        let last = self.span_of(until.max(since));
        let mut span = self.span_of(since.min(until));
        let mut out = vec![span];
        while span.start < last.start {
            span = span.next();
            out.push(span);
        }
        out
    }
}

/// One calendar period: from `start` (its first day) to `end()` (the first
/// day of the next one, excluded).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub period: Period,
    pub start: NaiveDate,
}

impl Span {
    /// The first day after the period.
    pub fn end(self) -> NaiveDate {
        add_months(self.start, self.period.months())
    }

    #[must_use]
    pub fn next(self) -> Span {
        Span {
            period: self.period,
            start: self.end(),
        }
    }

    #[must_use]
    pub fn previous(self) -> Span {
        Span {
            period: self.period,
            start: sub_months(self.start, self.period.months()),
        }
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        self.start <= day && day < self.end()
    }

    /// How many days it has.
    pub fn days(self) -> i64 {
        (self.end() - self.start).num_days()
    }

    /// Its name: "2026-11", "2026-Q4", "2026".
    pub fn label(self) -> String {
        match self.period {
            Period::Month => self.start.format("%Y-%m").to_string(),
            Period::Quarter => format!("{}-Q{}", self.start.year(), self.start.month0() / 3 + 1),
            Period::Year => self.start.year().to_string(),
        }
    }

    /// The share of the period gone by the end of `today` (0–1): what a
    /// forecast at the current pace divides by.
    pub fn elapsed(self, today: NaiveDate) -> f64 {
        if today < self.start {
            return 0.0;
        }
        let gone = ((today - self.start).num_days() + 1).min(self.days());
        gone as f64 / self.days() as f64
    }
}

fn add_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

fn sub_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn periods_are_calendar_months_quarters_and_years() {
        let q = Period::Quarter.span_of(d(2026, 11, 30));
        assert_eq!((q.start, q.end()), (d(2026, 10, 1), d(2027, 1, 1)));
        assert_eq!(q.label(), "2026-Q4");
        assert_eq!(q.previous().label(), "2026-Q3");
        assert_eq!(Period::Month.span_of(d(2026, 2, 14)).days(), 28);
        assert_eq!(Period::Year.span_of(d(2026, 2, 14)).label(), "2026");
        assert_eq!(Period::Month.span_of(d(2026, 12, 31)).end(), d(2027, 1, 1));
    }

    #[test]
    fn spans_run_oldest_first_and_include_both_ends() {
        let labels: Vec<String> = Period::Month
            .spans(d(2026, 10, 15), d(2026, 12, 1))
            .into_iter()
            .map(Span::label)
            .collect();
        assert_eq!(labels, ["2026-10", "2026-11", "2026-12"]);
        assert_eq!(Period::Year.spans(d(2026, 5, 1), d(2026, 1, 1)).len(), 1);
    }

    #[test]
    fn elapsed_counts_today_as_gone() {
        let m = Period::Month.span_of(d(2026, 11, 1));
        assert!((m.elapsed(d(2026, 11, 15)) - 0.5).abs() < 1e-9);
        assert!((m.elapsed(d(2026, 12, 5)) - 1.0).abs() < 1e-9);
        assert!(m.elapsed(d(2026, 10, 5)).abs() < 1e-9);
        assert!(m.contains(d(2026, 11, 30)) && !m.contains(d(2026, 12, 1)));
    }
}
