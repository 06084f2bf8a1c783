//! Repeat intervals: "every 2 weeks", "monthly", "3d".

use std::fmt;
use std::str::FromStr;

use chrono::{Days, Months, NaiveDate};

use super::{DateError, DateKind, lex};

/// The unit of an [`Interval`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    /// The one-letter form used by [`Interval`]'s display.
    fn letter(self) -> char {
        match self {
            Unit::Day => 'd',
            Unit::Week => 'w',
            Unit::Month => 'm',
            Unit::Year => 'y',
        }
    }
}

/// A repeat interval: `n` days, weeks, months or years.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    /// How many units; [`parse_interval`] keeps it within 1..=10 000.
    pub n: u32,
    /// Which unit.
    pub unit: Unit,
}

/// The largest amount [`parse_interval`] accepts.
const MAX_N: u32 = 10_000;

impl Interval {
    /// The date one interval after `date`.
    ///
    /// Months and years keep the day of the month, or take the month's last
    /// day when it is shorter: Jan 31 + 1m is Feb 28 (or 29). Past the last
    /// representable date the answer stays there.
    pub fn add_to(&self, date: NaiveDate) -> NaiveDate {
        self.checked_add_to(date).unwrap_or(NaiveDate::MAX)
    }

    /// As [`Interval::add_to`], but `None` past the last representable date.
    pub fn checked_add_to(&self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            Unit::Day => date.checked_add_days(Days::new(u64::from(self.n))),
            Unit::Week => date.checked_add_days(Days::new(u64::from(self.n) * 7)),
            Unit::Month => date.checked_add_months(Months::new(self.n)),
            Unit::Year => date.checked_add_months(Months::new(self.n.checked_mul(12)?)),
        }
    }

    /// The date one interval before `date`, by the same rules; `None` when
    /// that is before the first representable date.
    pub fn checked_sub_from(&self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            Unit::Day => date.checked_sub_days(Days::new(u64::from(self.n))),
            Unit::Week => date.checked_sub_days(Days::new(u64::from(self.n) * 7)),
            Unit::Month => date.checked_sub_months(Months::new(self.n)),
            Unit::Year => date.checked_sub_months(Months::new(self.n.checked_mul(12)?)),
        }
    }

    /// Roughly how many days the interval spans: a month counts 30, a year 365.
    pub fn approx_days(&self) -> i64 {
        let per_unit = match self.unit {
            Unit::Day => 1,
            Unit::Week => 7,
            Unit::Month => 30,
            Unit::Year => 365,
        };
        i64::from(self.n) * per_unit
    }
}

impl fmt::Display for Interval {
    /// The compact form: "3d", "2w", "1m", "1y".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.n, self.unit.letter())
    }
}

impl FromStr for Interval {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_interval(s)
    }
}

/// Reads a repeat interval, in any case.
///
/// Understood: `30d`, `2w`, `3m`, `1y`, `30 days`, `2 weeks`, `1 month`,
/// `every 2w`, `every 2 weeks`, `every week`, `daily`, `weekly`,
/// `fortnightly`, `monthly`, `quarterly`, `yearly`, `annually`.
/// The amount is between 1 and 10 000.
pub fn parse_interval(text: &str) -> Result<Interval, DateError> {
    let fail = |reason: String| DateError::new(DateKind::Interval, text, reason);
    let words = lex::words(text);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let named = |n, unit| Ok((n, unit));
    let (n, unit) = match words.as_slice() {
        [] => Err("there is nothing to read".to_owned()),
        ["daily"] => named(1, Unit::Day),
        ["weekly"] => named(1, Unit::Week),
        ["fortnightly"] => named(2, Unit::Week),
        ["monthly"] => named(1, Unit::Month),
        ["quarterly"] => named(3, Unit::Month),
        ["yearly" | "annually"] => named(1, Unit::Year),
        ["every", word] if lex::unit(word).is_some() => lex::quantity(&["1", *word]),
        ["every", rest @ ..] => lex::quantity(rest),
        _ => lex::quantity(&words),
    }
    .map_err(fail)?;
    if n == 0 {
        return Err(fail("an interval must be at least 1".into()));
    }
    if n > MAX_N {
        return Err(fail(format!("{n} is more than {MAX_N}")));
    }
    Ok(Interval { n, unit })
}

/// Serialised as its stored text, so JSON shows what the database holds.
impl serde::Serialize for Interval {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Interval {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_interval(&s)
            .ok()
            .ok_or_else(|| serde::de::Error::custom(format!("not a Interval: {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(n: u32, unit: Unit) -> Interval {
        Interval { n, unit }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn compact_and_long_forms() {
        assert_eq!(parse_interval("30d"), Ok(iv(30, Unit::Day)));
        assert_eq!(parse_interval("2w"), Ok(iv(2, Unit::Week)));
        assert_eq!(parse_interval("3m"), Ok(iv(3, Unit::Month)));
        assert_eq!(parse_interval("1y"), Ok(iv(1, Unit::Year)));
        assert_eq!(parse_interval("30 days"), Ok(iv(30, Unit::Day)));
        assert_eq!(parse_interval(" 2 Weeks "), Ok(iv(2, Unit::Week)));
        assert_eq!(parse_interval("1 month"), Ok(iv(1, Unit::Month)));
        assert_eq!(parse_interval("every 2w"), Ok(iv(2, Unit::Week)));
        assert_eq!(parse_interval("every 3 months"), Ok(iv(3, Unit::Month)));
        assert_eq!(parse_interval("every week"), Ok(iv(1, Unit::Week)));
        assert_eq!(parse_interval("10000d"), Ok(iv(10_000, Unit::Day)));
    }

    #[test]
    fn named_intervals() {
        assert_eq!(parse_interval("daily"), Ok(iv(1, Unit::Day)));
        assert_eq!(parse_interval("Weekly"), Ok(iv(1, Unit::Week)));
        assert_eq!(parse_interval("fortnightly"), Ok(iv(2, Unit::Week)));
        assert_eq!(parse_interval("monthly"), Ok(iv(1, Unit::Month)));
        assert_eq!(parse_interval("quarterly"), Ok(iv(3, Unit::Month)));
        assert_eq!(parse_interval("yearly"), Ok(iv(1, Unit::Year)));
        assert_eq!(parse_interval("annually"), Ok(iv(1, Unit::Year)));
    }

    #[test]
    fn bad_intervals_name_the_input() {
        for bad in [
            "",
            "0d",
            "10001d",
            "3",
            "d",
            "3x",
            "every",
            "sometimes",
            "-3d",
            "99999999999d",
            "2 weeks ago",
        ] {
            let err = parse_interval(bad).expect_err(bad);
            assert_eq!(err.input, bad.trim());
            assert_eq!(err.kind, DateKind::Interval);
            let message = err.to_string();
            assert!(message.contains(&format!("{:?}", bad.trim())), "{message}");
            assert!(message.contains("hint: try 3d"), "{message}");
        }
    }

    #[test]
    fn display_is_compact() {
        assert_eq!(iv(3, Unit::Day).to_string(), "3d");
        assert_eq!(iv(2, Unit::Week).to_string(), "2w");
        assert_eq!(iv(1, Unit::Month).to_string(), "1m");
        assert_eq!(iv(1, Unit::Year).to_string(), "1y");
        assert_eq!("fortnightly".parse::<Interval>(), Ok(iv(2, Unit::Week)));
    }

    #[test]
    fn adding_clamps_to_month_end() {
        assert_eq!(
            iv(1, Unit::Month).add_to(ymd(2026, 1, 31)),
            ymd(2026, 2, 28)
        );
        assert_eq!(
            iv(1, Unit::Month).add_to(ymd(2028, 1, 31)),
            ymd(2028, 2, 29)
        );
        assert_eq!(iv(1, Unit::Year).add_to(ymd(2028, 2, 29)), ymd(2029, 2, 28));
        assert_eq!(
            iv(2, Unit::Week).add_to(ymd(2026, 11, 23)),
            ymd(2026, 12, 7)
        );
        assert_eq!(iv(3, Unit::Day).add_to(ymd(2026, 12, 30)), ymd(2027, 1, 2));
        assert_eq!(
            iv(1, Unit::Month).checked_sub_from(ymd(2026, 3, 31)),
            Some(ymd(2026, 2, 28))
        );
    }

    #[test]
    fn adding_never_overflows() {
        assert_eq!(
            iv(u32::MAX, Unit::Year).add_to(ymd(2026, 1, 1)),
            NaiveDate::MAX
        );
        assert_eq!(iv(1, Unit::Day).add_to(NaiveDate::MAX), NaiveDate::MAX);
        assert_eq!(
            iv(u32::MAX, Unit::Week).checked_sub_from(ymd(2026, 1, 1)),
            None
        );
    }

    #[test]
    fn approximate_days() {
        assert_eq!(iv(1, Unit::Day).approx_days(), 1);
        assert_eq!(iv(2, Unit::Week).approx_days(), 14);
        assert_eq!(iv(3, Unit::Month).approx_days(), 90);
        assert_eq!(iv(1, Unit::Year).approx_days(), 365);
        assert_eq!(
            iv(u32::MAX, Unit::Year).approx_days(),
            i64::from(u32::MAX) * 365
        );
    }
}
