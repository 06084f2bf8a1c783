//! Points in time as people type them: "tomorrow 9am", "in 2w", "fri", "dec 1".

use std::fmt;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::interval::Interval;
use super::{DateError, DateKind, lex};

/// Which way to resolve forms without a year or direction ("fri", "dec 1").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// The next such day: for follow-ups and reminders.
    Future,
    /// The last such day: for logging what already happened.
    Past,
}

/// A parsed point in time: a day, with a time of day only when the user gave one.
///
/// Times are kept to the minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct When {
    /// The day.
    pub date: NaiveDate,
    /// The time of day, when one was given.
    pub time: Option<NaiveTime>,
}

impl When {
    /// A whole day, without a time.
    pub fn day(date: NaiveDate) -> Self {
        When { date, time: None }
    }

    /// The date-time this stands for; a day without a time means its midnight.
    pub fn to_datetime(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
    }

    /// The stored form: "2026-12-01", or "2026-12-01 14:30" with a time.
    pub fn to_storage(&self) -> String {
        match self.time {
            None => self.date.format("%Y-%m-%d").to_string(),
            Some(time) => format!("{} {}", self.date.format("%Y-%m-%d"), time.format("%H:%M")),
        }
    }

    /// Reads the stored form back.
    ///
    /// Also accepts "2026-12-01 14:30:00" and "2026-12-01T14:30:00"; seconds
    /// are dropped, as a `When` is kept to the minute.
    pub fn from_storage(s: &str) -> Option<When> {
        let s = s.trim();
        if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(When::day(date));
        }
        [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
        ]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(s, format).ok())
        .map(|at| When {
            date: at.date(),
            time: Some(to_minute(at.time())),
        })
    }

    /// True when this is already over at `now`: a day before today, or a
    /// time earlier than now. Today without a time is not over.
    pub fn is_past(&self, now: NaiveDateTime) -> bool {
        match self.time {
            None => self.date < now.date(),
            Some(time) => self.date.and_time(time) < to_minute_dt(now),
        }
    }

    /// For people: "Mon 7 Dec 2026", or "Mon 7 Dec 2026 14:30" with a time.
    pub fn describe(&self) -> String {
        let day = self.date.format("%a %-d %b %Y");
        match self.time {
            None => day.to_string(),
            Some(time) => format!("{day} {}", time.format("%H:%M")),
        }
    }
}

impl fmt::Display for When {
    /// The stored form, as [`When::to_storage`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_storage())
    }
}

/// Reads a point in time, relative to `now` (the current local date-time).
///
/// Understood, in any case and with surrounding space ignored:
/// - `today`, `now`, `tomorrow`, `yesterday`, `tonight` (20:00);
/// - `in 3 days`, `in 2w`, `3 days ago`, `2w ago`, `+3d`, `-1w`, `3d`
///   (units d, w, m, y; months and years keep the day, or the month's last);
/// - weekdays `fri`, `friday`, resolved by `tense`; `next fri` and `last fri`
///   (strictly after or before today); `this fri` (within the 7 days from today);
/// - periods as a consultant says them (weeks start on Monday here; see
///   [`parse_when_in_week`]): `next week` is the Monday of next week, `next month` the 1st of next
///   month, `next year` January 1st of next year; `end of week` / `eow` is
///   the Friday (the last working day) on or after today, so on a Saturday
///   or Sunday it is the coming Friday; `end of month` / `eom` is this month's
///   last day; `in a fortnight` is 14 days from today;
/// - `2026-12-01`, and `dec 1`, `1 dec`, `december 1st`, with or without a year
///   (without, `tense` picks the nearest one on or after, or on or before, today);
/// - any of those followed by a time, optionally after `at`: `14:30`, `9am`,
///   `9:15 pm`, `noon`, `midnight`, or a bare hour after `at`. A time alone means today.
pub fn parse_when(text: &str, now: NaiveDateTime, tense: Tense) -> Result<When, DateError> {
    parse_when_in_week(text, now, tense, Weekday::Mon)
}

/// [`parse_when`] with weeks that start on `week_start` (the `week_start`
/// setting): `next week` is then that weekday of next week.
pub fn parse_when_in_week(
    text: &str,
    now: NaiveDateTime,
    tense: Tense,
    week_start: Weekday,
) -> Result<When, DateError> {
    let fail = |reason: String| DateError::new(DateKind::When, text, reason);
    let words = split_iso_t(lex::words(text));
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if words.is_empty() {
        return Err(fail("there is nothing to read".into()));
    }
    let (date_words, time) = split_time(&words).map_err(fail)?;
    let (date, default_time) = read_date(date_words, now, tense, week_start).map_err(fail)?;
    Ok(When {
        date,
        time: time.or(default_time),
    })
}

/// Splits "2026-12-01t14:30" into the date and the time.
fn split_iso_t(words: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len() + 1);
    for word in words {
        match word.split_once('t') {
            Some((date, time)) if lex::iso_date(date).is_some() && !time.is_empty() => {
                out.push(date.to_owned());
                out.push(time.to_owned());
            }
            _ => out.push(word),
        }
    }
    out
}

fn to_minute_dt(at: NaiveDateTime) -> NaiveDateTime {
    at.date().and_time(to_minute(at.time()))
}

fn to_minute(time: NaiveTime) -> NaiveTime {
    time.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(time)
}

fn hm(hour: u32, minute: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// Takes a trailing time (and an "at" before it) off the words.
fn split_time<'a>(words: &'a [&'a str]) -> Result<(&'a [&'a str], Option<NaiveTime>), String> {
    let without_at = |rest: &'a [&'a str]| match rest {
        [before @ .., "at"] => before,
        _ => rest,
    };
    if let [rest @ .., amount, meridiem @ ("am" | "pm")] = words
        && let Some(time) = time_word(&format!("{amount}{meridiem}"))?
    {
        return Ok((without_at(rest), Some(time)));
    }
    if let [rest @ .., last] = words
        && let Some(time) = time_word(last)?
    {
        return Ok((without_at(rest), Some(time)));
    }
    if let [rest @ .., "at", hour] = words
        && let Some(number) = lex::number(hour)
    {
        let time = number.ok().and_then(|h| hm(h, 0));
        return match time {
            Some(time) => Ok((rest, Some(time))),
            None => Err(format!("{hour} is not an hour of the day")),
        };
    }
    if words.last() == Some(&"at") {
        return Err("expected a time after \"at\"".into());
    }
    Ok((words, None))
}

/// Reads one word as a time of day: "14:30", "9am", "9:15pm", "noon".
///
/// A bare number is not a time (it could be a day or a year).
fn time_word(word: &str) -> Result<Option<NaiveTime>, String> {
    match word {
        "noon" => return Ok(hm(12, 0)),
        "midnight" => return Ok(hm(0, 0)),
        _ => {}
    }
    let (body, pm) = match (word.strip_suffix("am"), word.strip_suffix("pm")) {
        (Some(body), _) => (body, Some(false)),
        (_, Some(body)) => (body, Some(true)),
        _ => (word, None),
    };
    let looks_like_time = body.starts_with(|c: char| c.is_ascii_digit())
        && (pm.is_some() || body.contains(':'))
        && body.chars().all(|c| c.is_ascii_digit() || c == ':');
    if !looks_like_time {
        return Ok(None);
    }
    let bad = || format!("{word} is not a time of day");
    let parts: Vec<&str> = body.split(':').collect();
    let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    let (hour, minute) = match parts.as_slice() {
        [h] if pm.is_some() => (*h, "00"),
        [h, m] => (*h, *m),
        [h, m, s] if two_digits(s) && *s < "60" => (*h, *m),
        _ => return Err(bad()),
    };
    if hour.len() > 2 || !two_digits(minute) {
        return Err(bad());
    }
    let (Ok(mut hour), Ok(minute)) = (hour.parse::<u32>(), minute.parse::<u32>()) else {
        return Err(bad());
    };
    if let Some(pm) = pm {
        if !(1..=12).contains(&hour) {
            return Err(bad());
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
    }
    hm(hour, minute).map(Some).ok_or_else(bad)
}

type DatePart = (NaiveDate, Option<NaiveTime>);

fn out_of_range() -> String {
    "that date is out of range".into()
}

/// Reads the date words, giving the day and the time they imply, if any.
fn read_date(
    words: &[&str],
    now: NaiveDateTime,
    tense: Tense,
    week_start: Weekday,
) -> Result<DatePart, String> {
    let today = now.date();
    let day = |date: Option<NaiveDate>| date.map(|d| (d, None)).ok_or_else(out_of_range);
    match words {
        [] | ["today"] => Ok((today, None)),
        ["now"] => Ok((today, Some(to_minute(now.time())))),
        ["tonight"] => Ok((today, hm(20, 0))),
        ["tomorrow"] => day(today.succ_opt()),
        ["yesterday"] => day(today.pred_opt()),
        ["in", rest @ ..] => day(shift(today, rest, false)?),
        [rest @ .., "ago"] => day(shift(today, rest, true)?),
        ["next", name] if lex::weekday(name).is_some() => {
            day(weekday_from(today, name, Tense::Future))
        }
        ["last", name] if lex::weekday(name).is_some() => {
            day(weekday_from(today, name, Tense::Past))
        }
        ["next", "week" | "wk"] => {
            let start = today
                .checked_sub_days(Days::new(u64::from(today.weekday().days_since(week_start))));
            day(start.and_then(|m| m.checked_add_days(Days::new(7))))
        }
        ["next", "month" | "mo"] => day(first_of_month(today, 1)),
        ["next", "year" | "yr"] => day(today
            .year()
            .checked_add(1)
            .and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))),
        ["eow"] | ["end", "of", "week"] | ["end", "of", "the", "week"] => {
            day(today.checked_add_days(Days::new(days_until(today, Weekday::Fri))))
        }
        ["eom"] | ["end", "of", "month"] | ["end", "of", "the", "month"] => {
            day(first_of_month(today, 1).and_then(|d| d.pred_opt()))
        }
        ["this", name] => match lex::weekday(name) {
            Some(target) => day(today.checked_add_days(Days::new(days_until(today, target)))),
            None => Err(unknown(words)),
        },
        [name] if lex::weekday(name).is_some() => day(weekday_from(today, name, tense)),
        [first, rest @ ..] if first.starts_with(['+', '-']) => {
            let sign_and_amount = first.split_at(1);
            let mut amount = vec![sign_and_amount.1];
            amount.extend_from_slice(rest);
            day(shift(today, &amount, sign_and_amount.0 == "-")?)
        }
        _ => other_date(words, today, tense),
    }
}

/// ISO dates, month-day forms and bare amounts ("3d").
fn other_date(words: &[&str], today: NaiveDate, tense: Tense) -> Result<DatePart, String> {
    if let [word] = words
        && let Some(date) = lex::iso_date(word)
    {
        return Ok((date?, None));
    }
    if let Some(parts) = lex::month_day_year(words) {
        let (year, month, day) = parts?;
        let date = match year {
            Some(year) => NaiveDate::from_ymd_opt(year, month, day),
            None => nearest_month_day(today, month, day, tense),
        };
        return date.map(|d| (d, None)).ok_or_else(out_of_range);
    }
    if words
        .first()
        .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    {
        let date = shift(today, words, false)?;
        return date.map(|d| (d, None)).ok_or_else(out_of_range);
    }
    Err(unknown(words))
}

/// Moves `today` by an amount such as "3d" or "2 weeks", back when `back` is set.
///
/// The outer error is a wording problem; `None` inside means out of range.
fn shift(today: NaiveDate, words: &[&str], back: bool) -> Result<Option<NaiveDate>, String> {
    let (n, unit) = lex::quantity(words)?;
    let interval = Interval { n, unit };
    Ok(if back {
        interval.checked_sub_from(today)
    } else {
        interval.checked_add_to(today)
    })
}

/// The 1st of the month `ahead` months after `today`'s.
fn first_of_month(today: NaiveDate, ahead: u32) -> Option<NaiveDate> {
    today
        .with_day(1)?
        .checked_add_months(chrono::Months::new(ahead))
}

/// Days from `today` to the next `target` weekday, 0 if today is one.
fn days_until(today: NaiveDate, target: Weekday) -> u64 {
    let from = today.weekday().num_days_from_monday();
    u64::from((target.num_days_from_monday() + 7 - from) % 7)
}

/// The `name`d weekday strictly after (future) or strictly before (past) today.
fn weekday_from(today: NaiveDate, name: &str, tense: Tense) -> Option<NaiveDate> {
    let target = lex::weekday(name)?;
    match tense {
        Tense::Future => {
            let ahead = match days_until(today, target) {
                0 => 7,
                n => n,
            };
            today.checked_add_days(Days::new(ahead))
        }
        Tense::Past => {
            let back = match (7 - days_until(today, target)) % 7 {
                0 => 7,
                n => n,
            };
            today.checked_sub_days(Days::new(back))
        }
    }
}

/// The month-day nearest `today` on or after it (future) or on or before it (past).
///
/// February 29 looks up to eight years away for a leap year.
fn nearest_month_day(today: NaiveDate, month: u32, day: u32, tense: Tense) -> Option<NaiveDate> {
    (0..=8).find_map(|k| {
        let year = match tense {
            Tense::Future => today.year().checked_add(k)?,
            Tense::Past => today.year().checked_sub(k)?,
        };
        NaiveDate::from_ymd_opt(year, month, day).filter(|date| match tense {
            Tense::Future => *date >= today,
            Tense::Past => *date <= today,
        })
    })
}

/// Names the first word that means nothing here, or says the words do not fit.
fn unknown(words: &[&str]) -> String {
    let known = |word: &&str| {
        let bare = word.trim_start_matches(['+', '-']);
        let (digits, rest) = lex::split_number(bare);
        matches!(
            bare,
            "today"
                | "now"
                | "tonight"
                | "tomorrow"
                | "yesterday"
                | "in"
                | "ago"
                | "next"
                | "last"
                | "this"
                | "eow"
                | "eom"
                | "fortnight"
                | "end"
                | "of"
                | "the"
                | "at"
                | "a"
                | "an"
        ) || lex::weekday(bare).is_some()
            || lex::month(bare).is_some()
            || lex::unit(bare).is_some()
            || (!digits.is_empty()
                && (rest.is_empty()
                    || lex::unit(rest).is_some()
                    || matches!(rest, "st" | "nd" | "rd" | "th")))
            || lex::iso_date(bare).is_some()
    };
    match words.iter().find(|word| !known(word)) {
        Some(word) => format!("unknown word {word:?}"),
        None => "these words do not make a date".into(),
    }
}

/// Serialised as its stored text, so JSON shows what the database holds.
impl serde::Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_storage())
    }
}

impl<'de> serde::Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        When::from_storage(&s).ok_or_else(|| serde::de::Error::custom(format!("not a When: {s:?}")))
    }
}
