//! Examples for `parse_when` and `When`, all from Monday 2026-11-23 10:00.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::{DateKind, Tense, When, parse_when};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
}

/// Monday 23 November 2026, 10:00:42.
fn now() -> NaiveDateTime {
    ymd(2026, 11, 23)
        .and_hms_opt(10, 0, 42)
        .expect("valid test time")
}

fn future(text: &str) -> When {
    parse_when(text, now(), Tense::Future).unwrap_or_else(|e| panic!("{e}"))
}

fn past(text: &str) -> When {
    parse_when(text, now(), Tense::Past).unwrap_or_else(|e| panic!("{e}"))
}

fn day(y: i32, m: u32, d: u32) -> When {
    When::day(ymd(y, m, d))
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> When {
    When {
        date: ymd(y, m, d),
        time: Some(hm(h, min)),
    }
}

#[test]
fn named_days() {
    assert_eq!(future("today"), day(2026, 11, 23));
    assert_eq!(future("  TODAY "), day(2026, 11, 23));
    assert_eq!(future("now"), at(2026, 11, 23, 10, 0));
    assert_eq!(future("tomorrow"), day(2026, 11, 24));
    assert_eq!(future("yesterday"), day(2026, 11, 22));
    assert_eq!(past("yesterday"), day(2026, 11, 22));
    assert_eq!(future("tonight"), at(2026, 11, 23, 20, 0));
}

#[test]
fn in_and_ago() {
    assert_eq!(future("in 3 days"), day(2026, 11, 26));
    assert_eq!(future("in 3d"), day(2026, 11, 26));
    assert_eq!(future("in 2w"), day(2026, 12, 7));
    assert_eq!(future("in 2 weeks"), day(2026, 12, 7));
    assert_eq!(future("in 1 month"), day(2026, 12, 23));
    assert_eq!(future("in a month"), day(2026, 12, 23));
    assert_eq!(future("in 1y"), day(2027, 11, 23));
    assert_eq!(future("3 days ago"), day(2026, 11, 20));
    assert_eq!(future("2w ago"), day(2026, 11, 9));
    assert_eq!(future("a year ago"), day(2025, 11, 23));
}

#[test]
fn signed_and_bare_amounts() {
    assert_eq!(future("+3d"), day(2026, 11, 26));
    assert_eq!(future("-1w"), day(2026, 11, 16));
    assert_eq!(future("+2m"), day(2027, 1, 23));
    assert_eq!(future("+1y"), day(2027, 11, 23));
    assert_eq!(future("3d"), day(2026, 11, 26));
    assert_eq!(future("+0d"), day(2026, 11, 23));
    assert_eq!(future("-3 days"), day(2026, 11, 20));
}

#[test]
fn months_clamp_to_month_end() {
    let jan31 = ymd(2027, 1, 31).and_hms_opt(9, 0, 0).expect("valid");
    let parsed = parse_when("+1m", jan31, Tense::Future).expect("parses");
    assert_eq!(parsed, day(2027, 2, 28));
}

#[test]
fn weekdays_by_tense() {
    // Today is a Monday.
    assert_eq!(future("fri"), day(2026, 11, 27));
    assert_eq!(future("Friday"), day(2026, 11, 27));
    assert_eq!(past("fri"), day(2026, 11, 20));
    assert_eq!(future("mon"), day(2026, 11, 30));
    assert_eq!(past("mon"), day(2026, 11, 16));
    assert_eq!(future("tue"), day(2026, 11, 24));
    assert_eq!(past("sun"), day(2026, 11, 22));
    assert_eq!(future("thurs"), day(2026, 11, 26));
}

#[test]
fn next_last_and_this() {
    assert_eq!(future("next mon"), day(2026, 11, 30));
    assert_eq!(past("next mon"), day(2026, 11, 30));
    assert_eq!(future("next fri"), day(2026, 11, 27));
    assert_eq!(future("last fri"), day(2026, 11, 20));
    assert_eq!(future("last mon"), day(2026, 11, 16));
    assert_eq!(future("this mon"), day(2026, 11, 23));
    assert_eq!(past("this sun"), day(2026, 11, 29));
    assert_eq!(future("this friday"), day(2026, 11, 27));
}

#[test]
fn periods_as_people_say_them() {
    // Today is Monday 23 November 2026.
    assert_eq!(future("next week"), day(2026, 11, 30));
    assert_eq!(future("next week 9am"), at(2026, 11, 30, 9, 0));
    assert_eq!(future("next month"), day(2026, 12, 1));
    assert_eq!(future("next year"), day(2027, 1, 1));
    assert_eq!(future("end of month"), day(2026, 11, 30));
    assert_eq!(future("EOM"), day(2026, 11, 30));
    assert_eq!(future("end of the month 17:00"), at(2026, 11, 30, 17, 0));
    assert_eq!(future("eow"), day(2026, 11, 27));
    assert_eq!(future("end of week"), day(2026, 11, 27));
    assert_eq!(future("end of the week"), day(2026, 11, 27));
    assert_eq!(future("in a week"), day(2026, 11, 30));
    assert_eq!(future("in a fortnight"), day(2026, 12, 7));
    assert_eq!(future("in 2 fortnights"), day(2026, 12, 21));
    assert_eq!(future("this fri"), day(2026, 11, 27));
    assert_eq!(future("monday 9:00"), at(2026, 11, 30, 9, 0));
    assert_eq!(future("noon"), at(2026, 11, 23, 12, 0));
    assert_eq!(future("fri noon"), at(2026, 11, 27, 12, 0));
}

#[test]
fn next_week_follows_the_week_start() {
    let sunday_weeks = |text: &str, now: NaiveDateTime| {
        super::parse_when_in_week(text, now, Tense::Future, chrono::Weekday::Sun)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // Monday 23 November: this week began Sunday 22nd, next week begins Sunday 29th.
    assert_eq!(sunday_weeks("next week", now()), day(2026, 11, 29));
    let sunday = ymd(2026, 11, 29).and_hms_opt(9, 0, 0).expect("valid");
    assert_eq!(sunday_weeks("next week", sunday), day(2026, 12, 6));
    // The working week still ends on Friday.
    assert_eq!(sunday_weeks("eow", now()), day(2026, 11, 27));
}

#[test]
fn periods_at_their_edges() {
    let on = |y, m, d, text: &str| {
        let now = ymd(y, m, d).and_hms_opt(9, 0, 0).expect("valid");
        parse_when(text, now, Tense::Future).unwrap_or_else(|e| panic!("{e}"))
    };
    // Sunday: next week starts tomorrow; the week's Friday has passed, so eow is the coming one.
    assert_eq!(on(2026, 11, 29, "next week"), day(2026, 11, 30));
    assert_eq!(on(2026, 11, 29, "eow"), day(2026, 12, 4));
    // Friday: end of week is today.
    assert_eq!(on(2026, 11, 27, "eow"), day(2026, 11, 27));
    // December rolls into January; February ends on the 28th or 29th.
    assert_eq!(on(2026, 12, 15, "next month"), day(2027, 1, 1));
    assert_eq!(on(2027, 2, 3, "eom"), day(2027, 2, 28));
    assert_eq!(on(2028, 2, 3, "eom"), day(2028, 2, 29));
    assert_eq!(on(2026, 12, 31, "eom"), day(2026, 12, 31));
}

#[test]
fn iso_dates_and_times() {
    assert_eq!(future("2026-12-01"), day(2026, 12, 1));
    assert_eq!(future("2026-12-01 14:30"), at(2026, 12, 1, 14, 30));
    assert_eq!(future("2026-12-01T14:30"), at(2026, 12, 1, 14, 30));
    assert_eq!(future("2026-12-01 14:30:00"), at(2026, 12, 1, 14, 30));
    assert_eq!(future("2026-12-01t14:30:59"), at(2026, 12, 1, 14, 30));
    assert_eq!(past("2030-01-01"), day(2030, 1, 1));
}

#[test]
fn month_days() {
    assert_eq!(future("dec 1"), day(2026, 12, 1));
    assert_eq!(future("1 dec"), day(2026, 12, 1));
    assert_eq!(future("december 1"), day(2026, 12, 1));
    assert_eq!(future("dec 1st"), day(2026, 12, 1));
    assert_eq!(future("nov 1"), day(2027, 11, 1));
    assert_eq!(past("nov 1"), day(2026, 11, 1));
    assert_eq!(past("dec 1"), day(2025, 12, 1));
    assert_eq!(future("nov 23"), day(2026, 11, 23));
    assert_eq!(past("nov 23"), day(2026, 11, 23));
    assert_eq!(future("dec 1 2026"), day(2026, 12, 1));
    assert_eq!(future("1 dec 2026"), day(2026, 12, 1));
    assert_eq!(future("December 1st, 2030"), day(2030, 12, 1));
    assert_eq!(past("1 dec 2030"), day(2030, 12, 1));
    assert_eq!(future("feb 29"), day(2028, 2, 29));
    assert_eq!(past("feb 29"), day(2024, 2, 29));
}

#[test]
fn dates_with_times() {
    assert_eq!(future("tomorrow 9am"), at(2026, 11, 24, 9, 0));
    assert_eq!(future("fri 14:30"), at(2026, 11, 27, 14, 30));
    assert_eq!(future("dec 1 9:15pm"), at(2026, 12, 1, 21, 15));
    assert_eq!(future("dec 1 9:15 PM"), at(2026, 12, 1, 21, 15));
    assert_eq!(future("in 2w at 10:00"), at(2026, 12, 7, 10, 0));
    assert_eq!(future("in 2w at 10"), at(2026, 12, 7, 10, 0));
    assert_eq!(future("1 dec 2026 at noon"), at(2026, 12, 1, 12, 0));
    assert_eq!(future("tomorrow midnight"), at(2026, 11, 24, 0, 0));
    assert_eq!(future("tonight 9pm"), at(2026, 11, 23, 21, 0));
    assert_eq!(future("+3d 8:05"), at(2026, 11, 26, 8, 5));
}

#[test]
fn bare_times_mean_today() {
    assert_eq!(future("14:30"), at(2026, 11, 23, 14, 30));
    assert_eq!(future("9am"), at(2026, 11, 23, 9, 0));
    assert_eq!(future("9 am"), at(2026, 11, 23, 9, 0));
    assert_eq!(future("at 9"), at(2026, 11, 23, 9, 0));
    assert_eq!(future("12am"), at(2026, 11, 23, 0, 0));
    assert_eq!(future("12pm"), at(2026, 11, 23, 12, 0));
    assert_eq!(future("12:45am"), at(2026, 11, 23, 0, 45));
    assert_eq!(future("0:00"), at(2026, 11, 23, 0, 0));
    assert_eq!(future("23:59"), at(2026, 11, 23, 23, 59));
}

#[test]
fn bad_input_is_an_error_naming_it() {
    for bad in [
        "",
        "   ",
        "someday",
        "fri banana",
        "2026-02-30",
        "2026-13-01",
        "feb 30",
        "apr 31 2027",
        "feb 29 2027",
        "25:00",
        "12:60",
        "13pm",
        "0am",
        "9:5",
        "1:2:3:4",
        "tomorrow 24:00",
        "at",
        "tomorrow at",
        "at 24",
        "in",
        "ago",
        "+",
        "-",
        "+3",
        "3x",
        "in 3",
        "in 99999999999 days",
        "+4294967295y",
        "+4294967295d",
        "-4294967295w",
        "next",
        "next weak",
        "end of",
        "in a fortnite",
        "this dec",
        "dec",
        "dec 1 26",
        "in 3 days ago",
        "++3d",
        "9am 10am",
        "2026-12-01 junk",
        "ünïcödé",
    ] {
        let err = parse_when(bad, now(), Tense::Future).expect_err(bad);
        assert_eq!(err.input, bad.trim());
        assert_eq!(err.kind, DateKind::When);
        let message = err.to_string();
        assert!(message.contains(&format!("{:?}", bad.trim())), "{message}");
        assert!(message.contains("as a date"), "{message}");
        assert!(message.contains("hint: try today"), "{message}");
    }
}

#[test]
fn errors_say_what_was_wrong() {
    let reason = |text: &str| {
        parse_when(text, now(), Tense::Future)
            .expect_err(text)
            .reason
    };
    assert_eq!(reason("someday"), "unknown word \"someday\"");
    assert_eq!(reason("fri banana"), "unknown word \"banana\"");
    assert_eq!(reason("2026-02-30"), "February 2026 has no day 30");
    assert_eq!(reason("25:00"), "25:00 is not a time of day");
    assert_eq!(
        reason("in 99999999999 days"),
        "the number 99999999999 is too large"
    );
    assert_eq!(reason("+4294967295y"), "that date is out of range");
    let message = parse_when("someday", now(), Tense::Future)
        .expect_err("bad")
        .to_string();
    assert_eq!(message.lines().count(), 2);
    assert!(message.starts_with("cannot read \"someday\" as a date: unknown word"));
}

#[test]
fn out_of_range_dates_are_errors_not_panics() {
    let end = NaiveDate::MAX.and_hms_opt(12, 0, 0).expect("valid");
    let start = NaiveDate::MIN.and_hms_opt(12, 0, 0).expect("valid");
    for text in [
        "tomorrow", "fri", "next fri", "+1d", "in 1y", "feb 29", "jan 1",
    ] {
        assert!(parse_when(text, end, Tense::Future).is_err(), "{text}");
    }
    for text in ["yesterday", "last fri", "-1d", "1y ago", "dec 31"] {
        assert!(parse_when(text, start, Tense::Past).is_err(), "{text}");
    }
}

#[test]
fn storage_round_trip() {
    let plain = day(2026, 12, 1);
    let timed = at(2026, 12, 1, 14, 30);
    assert_eq!(plain.to_storage(), "2026-12-01");
    assert_eq!(timed.to_storage(), "2026-12-01 14:30");
    assert_eq!(timed.to_string(), "2026-12-01 14:30");
    assert_eq!(When::from_storage("2026-12-01"), Some(plain));
    assert_eq!(When::from_storage("2026-12-01 14:30"), Some(timed));
    assert_eq!(When::from_storage("2026-12-01 14:30:00"), Some(timed));
    assert_eq!(When::from_storage("2026-12-01T14:30:00"), Some(timed));
    assert_eq!(When::from_storage("2026-12-01T14:30:59"), Some(timed));
    for bad in [
        "",
        "tomorrow",
        "2026-02-30",
        "2026-12-01 25:00",
        "2026-12-01 14:30 x",
    ] {
        assert_eq!(When::from_storage(bad), None, "{bad}");
    }
}

#[test]
fn describe_and_datetime() {
    assert_eq!(future("in 2w").describe(), "Mon 7 Dec 2026");
    assert_eq!(at(2026, 12, 7, 14, 30).describe(), "Mon 7 Dec 2026 14:30");
    assert_eq!(
        day(2026, 12, 7).to_datetime(),
        ymd(2026, 12, 7).and_hms_opt(0, 0, 0).expect("valid")
    );
    assert_eq!(
        at(2026, 12, 7, 14, 30).to_datetime(),
        ymd(2026, 12, 7).and_hms_opt(14, 30, 0).expect("valid")
    );
    assert!(day(2026, 12, 7) < at(2026, 12, 7, 0, 0));
    assert!(at(2026, 12, 7, 23, 0) < day(2026, 12, 8));
}

#[test]
fn past_is_before_today_or_before_now() {
    // Now is 10:00:42 on Monday 23 November 2026.
    assert!(day(2026, 11, 22).is_past(now()));
    assert!(!day(2026, 11, 23).is_past(now()));
    assert!(at(2026, 11, 23, 9, 59).is_past(now()));
    assert!(!at(2026, 11, 23, 10, 0).is_past(now()));
    assert!(!day(2026, 11, 24).is_past(now()));
}
