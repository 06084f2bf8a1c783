//! Words and numbers shared by the date, interval and birthday readers.
//!
//! Every function here returns `None` when a word is not of its shape and a
//! reason string when it is of the shape but wrong ("April has no day 31").

use chrono::{NaiveDate, Weekday};

use super::Unit;

/// Lower-cases the input and splits it into words; commas count as spaces.
pub(super) fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(',', " ")
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// Reads a word made only of ASCII digits.
pub(super) fn number(word: &str) -> Option<Result<u32, String>> {
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        word.parse::<u32>()
            .map_err(|_| format!("the number {word} is too large")),
    )
}

/// Splits a word into its leading digits and the rest: "3d" -> ("3", "d").
pub(super) fn split_number(word: &str) -> (&str, &str) {
    let end = word
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(word.len(), |(i, _)| i);
    word.split_at(end)
}

/// A unit of time, long or short: "d", "days", "wk", "month", "yrs".
pub(super) fn unit(word: &str) -> Option<Unit> {
    match word {
        "d" | "day" | "days" => Some(Unit::Day),
        "w" | "wk" | "wks" | "week" | "weeks" => Some(Unit::Week),
        "m" | "mo" | "mos" | "month" | "months" => Some(Unit::Month),
        "y" | "yr" | "yrs" | "year" | "years" => Some(Unit::Year),
        _ => None,
    }
}

/// An amount and a unit, as one word ("3d") or two ("3 days", "a week");
/// a fortnight is two weeks.
pub(super) fn quantity(words: &[&str]) -> Result<(u32, Unit), String> {
    const EXPECTED: &str = "expected an amount and a unit, such as 3d or 2 weeks";
    if let [amount, "fortnight" | "fortnights"] = words {
        let n = match *amount {
            "a" | "an" => 1,
            other => match number(other) {
                Some(n) => n?,
                None => return Err(format!("expected a number, not {other:?}")),
            },
        };
        let weeks = n
            .checked_mul(2)
            .ok_or_else(|| format!("the number {amount} is too large"))?;
        return Ok((weeks, Unit::Week));
    }
    let (amount, unit_word) = match words {
        [one] => split_number(one),
        [amount, unit_word] if matches!(*amount, "a" | "an") => ("1", *unit_word),
        [amount, unit_word] => (*amount, *unit_word),
        _ => return Err(EXPECTED.into()),
    };
    let n = match number(amount) {
        Some(n) => n?,
        None if amount.is_empty() => return Err(EXPECTED.into()),
        None => return Err(format!("expected a number, not {amount:?}")),
    };
    if unit_word.is_empty() {
        return Err(format!("{n} needs a unit: d, w, m or y"));
    }
    let unit = unit(unit_word).ok_or_else(|| format!("unknown unit {unit_word:?}"))?;
    Ok((n, unit))
}

/// A month name, in full or shortened: "dec", "december", "sept".
pub(super) fn month(word: &str) -> Option<u32> {
    let month = match word {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(month)
}

/// A weekday name, in full or shortened: "fri", "friday", "tues".
pub(super) fn weekday(word: &str) -> Option<Weekday> {
    match word {
        "mon" | "monday" => Some(Weekday::Mon),
        "tue" | "tues" | "tuesday" => Some(Weekday::Tue),
        "wed" | "weds" | "wednesday" => Some(Weekday::Wed),
        "thu" | "thur" | "thurs" | "thursday" => Some(Weekday::Thu),
        "fri" | "friday" => Some(Weekday::Fri),
        "sat" | "saturday" => Some(Weekday::Sat),
        "sun" | "sunday" => Some(Weekday::Sun),
        _ => None,
    }
}

/// A four-digit year.
pub(super) fn year(word: &str) -> Option<i32> {
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        word.parse().ok()
    } else {
        None
    }
}

/// A day of the month, with or without an ordinal ending: "1", "1st", "22nd".
fn day(word: &str) -> Option<Result<u32, String>> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|end| word.strip_suffix(end))
        .unwrap_or(word);
    number(digits)
}

/// Days in a month; without a year February has 29 (a birthday may fall then).
pub(super) fn days_in_month(year: Option<i32>, month: u32) -> u32 {
    match month {
        2 => match year {
            Some(y) if NaiveDate::from_ymd_opt(y, 2, 29).is_none() => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Checks that a month and day exist, in the given year when there is one.
pub(super) fn check_day(year: Option<i32>, month: u32, day: u32) -> Result<(), String> {
    let Some(name) = (month as usize)
        .checked_sub(1)
        .and_then(|i| MONTH_NAMES.get(i))
    else {
        return Err(format!("there is no month {month}"));
    };
    if day == 0 || day > days_in_month(year, month) {
        return Err(match year {
            Some(y) => format!("{name} {y} has no day {day}"),
            None => format!("{name} has no day {day}"),
        });
    }
    Ok(())
}

/// A day of the year: optional year, month and day.
pub(super) type YearMonthDay = (Option<i32>, u32, u32);

/// Month, day and optional year in words: "dec 1", "1st december", "apr 12 1985".
///
/// The day is checked against the month (and the year, when given).
pub(super) fn month_day_year(words: &[&str]) -> Option<Result<YearMonthDay, String>> {
    let (first, second, year_word) = match words {
        [a, b] => (*a, *b, None),
        [a, b, c] => (*a, *b, Some(*c)),
        _ => return None,
    };
    let (month, day_word) = match (month(first), month(second)) {
        (Some(m), None) => (m, second),
        (None, Some(m)) => (m, first),
        _ => return None,
    };
    let year = match year_word {
        Some(word) => Some(year(word)?),
        None => None,
    };
    Some(day(day_word)?.and_then(|day| {
        check_day(year, month, day)?;
        Ok((year, month, day))
    }))
}

/// Year, month and day in ISO order: "2026-12-01" (month and day may be one digit).
pub(super) fn iso_date(word: &str) -> Option<Result<NaiveDate, String>> {
    let mut parts = word.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    let year = year(y)?;
    let (month, day) = (number(m)?.ok()?, number(d)?.ok()?);
    Some(
        check_day(Some(year), month, day)
            .and_then(|()| NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| word.into())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_digits_only() {
        assert_eq!(number("42"), Some(Ok(42)));
        assert_eq!(number("+4"), None);
        assert_eq!(number(""), None);
        assert!(matches!(number("99999999999"), Some(Err(_))));
    }

    #[test]
    fn splits_leading_digits() {
        assert_eq!(split_number("3d"), ("3", "d"));
        assert_eq!(split_number("days"), ("", "days"));
        assert_eq!(split_number("12"), ("12", ""));
        assert_eq!(split_number("4é"), ("4", "é"));
    }

    #[test]
    fn quantities() {
        assert_eq!(quantity(&["3d"]), Ok((3, Unit::Day)));
        assert_eq!(quantity(&["2", "weeks"]), Ok((2, Unit::Week)));
        assert_eq!(quantity(&["a", "month"]), Ok((1, Unit::Month)));
        assert!(quantity(&["3"]).is_err());
        assert!(quantity(&["3x"]).is_err());
        assert!(quantity(&["x", "days"]).is_err());
    }

    #[test]
    fn month_day_year_forms() {
        assert_eq!(month_day_year(&["dec", "1st"]), Some(Ok((None, 12, 1))));
        assert_eq!(
            month_day_year(&["12", "april", "1985"]),
            Some(Ok((Some(1985), 4, 12)))
        );
        assert_eq!(month_day_year(&["feb", "29"]), Some(Ok((None, 2, 29))));
        assert!(matches!(
            month_day_year(&["feb", "29", "2026"]),
            Some(Err(_))
        ));
        assert!(matches!(month_day_year(&["apr", "31"]), Some(Err(_))));
        assert_eq!(month_day_year(&["dec", "dec"]), None);
        assert_eq!(month_day_year(&["dec", "1", "26"]), None);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(
            iso_date("2026-12-01"),
            NaiveDate::from_ymd_opt(2026, 12, 1).map(Ok)
        );
        assert!(matches!(iso_date("2026-02-30"), Some(Err(_))));
        assert!(matches!(iso_date("2026-13-01"), Some(Err(_))));
        assert_eq!(iso_date("26-12-01"), None);
        assert_eq!(iso_date("2026-12"), None);
    }
}
