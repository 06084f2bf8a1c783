//! Birthdays, with or without the year.

use chrono::{Datelike, NaiveDate};

use super::{DateError, DateKind, lex};

/// A birthday: month and day, year when known.
///
/// Stored as "1985-04-12", or vCard style as "--04-12" when the year is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Birthday {
    /// The year of birth, when known.
    pub year: Option<i32>,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month, from 1.
    pub day: u32,
}

impl Birthday {
    /// Reads a birthday, in any case.
    ///
    /// Understood: `1985-04-12`, `--04-12`, `04-12`, the vCard basic forms
    /// `19850412` and `--0412`, `apr 12`, `12 apr`, `april 12th`,
    /// `april 12 1985`, `12 April 1985`. The day is checked against the month;
    /// February 29 needs a leap year, or no year.
    pub fn parse(text: &str) -> Result<Birthday, DateError> {
        let fail = |reason: String| DateError::new(DateKind::Birthday, text, reason);
        let words = lex::words(text);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let parts = match words.as_slice() {
            [] => Err("there is nothing to read".to_owned()),
            [word] => numeric(word).unwrap_or_else(|| Err(format!("unknown form {word:?}"))),
            _ => lex::month_day_year(&words)
                .unwrap_or_else(|| Err("expected a month name and a day, such as apr 12".into())),
        };
        let (year, month, day) = parts.map_err(fail)?;
        Ok(Birthday { year, month, day })
    }

    /// The stored form: "1985-04-12", or "--04-12" without a year.
    pub fn to_storage(&self) -> String {
        match self.year {
            Some(year) => format!("{year:04}-{:02}-{:02}", self.month, self.day),
            None => format!("--{:02}-{:02}", self.month, self.day),
        }
    }

    /// How a birthday reads to a person: "12 Apr", or "12 Apr 1985" when the
    /// year is known. Every front end shows birthdays this way.
    pub fn describe(&self) -> String {
        // A leap year, so February 29 has a day to be formatted on.
        let day = NaiveDate::from_ymd_opt(2000, self.month, self.day)
            .map_or_else(|| self.to_storage(), |d| d.format("%-d %b").to_string());
        match self.year {
            Some(year) => format!("{day} {year}"),
            None => day,
        }
    }

    /// Reads the stored form back; `None` unless it is exactly one of the two
    /// stored forms and names a real day.
    pub fn from_storage(s: &str) -> Option<Birthday> {
        let stored = |year: &str, month: &str, day: &str| {
            let two = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
            if !(two(month) && two(day)) {
                return None;
            }
            let year = match year {
                "-" => None,
                year => Some(lex::year(year)?),
            };
            let (month, day) = (month.parse().ok()?, day.parse().ok()?);
            lex::check_day(year, month, day).ok()?;
            Some(Birthday { year, month, day })
        };
        let mut parts = s.trim().splitn(3, '-');
        match (parts.next()?, parts.next()?, parts.next()?) {
            // "--04-12" splits as "", "", "04-12".
            ("", "", rest) => {
                let (month, day) = rest.split_once('-')?;
                stored("-", month, day)
            }
            (year, month, day) if !year.is_empty() => stored(year, month, day),
            _ => None,
        }
    }

    /// The next birthday on or after `today`.
    ///
    /// A February 29 birthday falls on February 28 in other years.
    pub fn next_on_or_after(&self, today: NaiveDate) -> NaiveDate {
        match self.in_year(today.year()) {
            Some(date) if date >= today => date,
            _ => today
                .year()
                .checked_add(1)
                .and_then(|year| self.in_year(year))
                .unwrap_or(today),
        }
    }

    /// Age in whole years on `date`; `None` without a year or before the birth.
    pub fn age_on(&self, date: NaiveDate) -> Option<i32> {
        let age = date.year().checked_sub(self.year?)?;
        let age = if date < self.in_year(date.year())? {
            age.checked_sub(1)?
        } else {
            age
        };
        (age >= 0).then_some(age)
    }

    /// This birthday's day in `year`, February 29 becoming the 28th when needed.
    fn in_year(&self, year: i32) -> Option<NaiveDate> {
        let last = lex::days_in_month(Some(year), self.month);
        NaiveDate::from_ymd_opt(year, self.month, self.day.clamp(1, last))
    }
}

/// The all-digit forms: "1985-04-12", "--04-12", "04-12", "19850412", "--0412".
fn numeric(word: &str) -> Option<Result<lex::YearMonthDay, String>> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (year, month, day) = if let Some(rest) = word.strip_prefix("--") {
        match rest.split_once('-') {
            Some((m, d)) => (None, m, d),
            None if rest.len() == 4 => (None, rest.get(..2)?, rest.get(2..)?),
            None => return None,
        }
    } else if word.len() == 8 && digits(word) {
        (Some(word.get(..4)?), word.get(4..6)?, word.get(6..)?)
    } else {
        let parts: Vec<&str> = word.split('-').collect();
        match parts.as_slice() {
            [y, m, d] => (Some(*y), *m, *d),
            [m, d] => (None, *m, *d),
            _ => return None,
        }
    };
    if !(digits(month) && digits(day) && month.len() <= 2 && day.len() <= 2) {
        return None;
    }
    let year = match year {
        Some(y) => Some(lex::year(y)?),
        None => None,
    };
    let (month, day) = (month.parse().ok()?, day.parse().ok()?);
    Some(lex::check_day(year, month, day).map(|()| (year, month, day)))
}

/// Serialised as its stored text, so JSON shows what the database holds.
impl serde::Serialize for Birthday {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_storage())
    }
}

impl<'de> serde::Deserialize<'de> for Birthday {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Birthday::from_storage(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a Birthday: {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bday(year: Option<i32>, month: u32, day: u32) -> Birthday {
        Birthday { year, month, day }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn a_birthday_reads_as_day_and_month_with_the_year_when_known() {
        assert_eq!(bday(None, 4, 12).describe(), "12 Apr");
        assert_eq!(bday(Some(1985), 4, 12).describe(), "12 Apr 1985");
        assert_eq!(bday(None, 2, 29).describe(), "29 Feb");
    }

    #[test]
    fn parses_every_form() {
        let full = Ok(bday(Some(1985), 4, 12));
        let no_year = Ok(bday(None, 4, 12));
        assert_eq!(Birthday::parse("1985-04-12"), full);
        assert_eq!(Birthday::parse("19850412"), full);
        assert_eq!(Birthday::parse("april 12 1985"), full);
        assert_eq!(Birthday::parse("April 12, 1985"), full);
        assert_eq!(Birthday::parse("12 April 1985"), full);
        assert_eq!(Birthday::parse("--04-12"), no_year);
        assert_eq!(Birthday::parse("--0412"), no_year);
        assert_eq!(Birthday::parse("04-12"), no_year);
        assert_eq!(Birthday::parse("4-12"), no_year);
        assert_eq!(Birthday::parse("apr 12"), no_year);
        assert_eq!(Birthday::parse(" 12 APR "), no_year);
        assert_eq!(Birthday::parse("april 12th"), no_year);
    }

    #[test]
    fn checks_the_day() {
        assert_eq!(Birthday::parse("--02-29"), Ok(bday(None, 2, 29)));
        assert_eq!(Birthday::parse("2000-02-29"), Ok(bday(Some(2000), 2, 29)));
        for bad in [
            "",
            "1985-02-29",
            "feb 29 1985",
            "--02-30",
            "apr 31",
            "13-01",
            "00-10",
            "04-00",
            "1985-04",
            "85-04-12",
            "april",
            "april 12 85",
            "someday",
            "--4-1-2",
            "12 13",
        ] {
            let err = Birthday::parse(bad).expect_err(bad);
            assert_eq!(err.input, bad.trim());
            assert_eq!(err.kind, DateKind::Birthday);
            let message = err.to_string();
            assert!(message.contains(&format!("{bad:?}")), "{message}");
            assert!(message.contains("as a birthday"), "{message}");
            assert!(message.contains("hint: try 1985-04-12"), "{message}");
        }
    }

    #[test]
    fn storage_forms() {
        assert_eq!(bday(Some(1985), 4, 12).to_storage(), "1985-04-12");
        assert_eq!(bday(None, 4, 12).to_storage(), "--04-12");
        assert_eq!(
            Birthday::from_storage("1985-04-12"),
            Some(bday(Some(1985), 4, 12))
        );
        assert_eq!(Birthday::from_storage("--04-12"), Some(bday(None, 4, 12)));
        for bad in [
            "",
            "04-12",
            "--4-12",
            "1985-4-12",
            "1985-02-29",
            "--02-30",
            "x",
            "-04-12",
        ] {
            assert_eq!(Birthday::from_storage(bad), None, "{bad}");
        }
    }

    #[test]
    fn next_birthday() {
        let b = bday(Some(1985), 4, 12);
        assert_eq!(b.next_on_or_after(ymd(2026, 4, 12)), ymd(2026, 4, 12));
        assert_eq!(b.next_on_or_after(ymd(2026, 4, 13)), ymd(2027, 4, 12));
        assert_eq!(b.next_on_or_after(ymd(2026, 1, 1)), ymd(2026, 4, 12));
        let leap = bday(None, 2, 29);
        assert_eq!(leap.next_on_or_after(ymd(2026, 1, 1)), ymd(2026, 2, 28));
        assert_eq!(leap.next_on_or_after(ymd(2027, 3, 1)), ymd(2028, 2, 29));
        let nonsense = bday(None, 13, 40);
        assert_eq!(nonsense.next_on_or_after(ymd(2026, 1, 1)), ymd(2026, 1, 1));
        assert_eq!(b.next_on_or_after(NaiveDate::MAX), NaiveDate::MAX);
    }

    #[test]
    fn ages() {
        let b = bday(Some(1985), 4, 12);
        assert_eq!(b.age_on(ymd(2026, 4, 11)), Some(40));
        assert_eq!(b.age_on(ymd(2026, 4, 12)), Some(41));
        assert_eq!(b.age_on(ymd(1985, 4, 12)), Some(0));
        assert_eq!(b.age_on(ymd(1985, 4, 11)), None);
        assert_eq!(bday(None, 4, 12).age_on(ymd(2026, 4, 12)), None);
        let leap = bday(Some(2000), 2, 29);
        assert_eq!(leap.age_on(ymd(2001, 2, 27)), Some(0));
        assert_eq!(leap.age_on(ymd(2001, 2, 28)), Some(1));
        assert_eq!(leap.age_on(ymd(2004, 2, 28)), Some(3));
        assert_eq!(leap.age_on(ymd(2004, 2, 29)), Some(4));
    }
}
