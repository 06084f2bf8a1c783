//! Property tests: the readers never panic, and what is written reads back.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use proptest::prelude::*;

use super::{Birthday, Interval, Tense, Unit, When, lex, parse_interval, parse_when};

/// Any date with a four-digit year, 0000-01-01 to 9999-12-31.
fn date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(0, 1, 1).expect("valid");
    (0u64..3_652_425).prop_map(move |n| first.checked_add_days(Days::new(n)).expect("in range"))
}

fn time() -> impl Strategy<Value = NaiveTime> {
    (0u32..24, 0u32..60).prop_map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).expect("valid"))
}

fn now() -> impl Strategy<Value = NaiveDateTime> {
    (date(), time()).prop_map(|(d, t)| d.and_time(t))
}

fn tense() -> impl Strategy<Value = Tense> {
    prop_oneof![Just(Tense::Future), Just(Tense::Past)]
}

fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![
        Just(Unit::Day),
        Just(Unit::Week),
        Just(Unit::Month),
        Just(Unit::Year)
    ]
}

const WORDS: &[&str] = &[
    "today",
    "now",
    "tomorrow",
    "yesterday",
    "tonight",
    "in",
    "ago",
    "next",
    "last",
    "this",
    "at",
    "a",
    "an",
    "every",
    "d",
    "days",
    "w",
    "week",
    "m",
    "months",
    "y",
    "year",
    "fri",
    "friday",
    "mon",
    "sun",
    "dec",
    "december",
    "feb",
    "1st",
    "29",
    "31",
    "2026",
    "0",
    "+",
    "-",
    "+3d",
    "-1w",
    "2m",
    "1y",
    "9am",
    "12pm",
    "14:30",
    "25:00",
    "9:5",
    "noon",
    "midnight",
    "pm",
    "am",
    "2026-12-01",
    "2026-02-30",
    "2026-12-01t14:30",
    "--04-12",
    "04-12",
    "4294967295",
    "99999999999999999999",
    "t",
    ":",
    ",",
    "é",
    "eow",
    "eom",
    "end",
    "of",
    "the",
    "fortnight",
    "month",
];

/// Strings built from the grammar's own words and numbers.
fn grammar_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        3 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        1 => any::<u64>().prop_map(|n| n.to_string()),
        1 => (any::<u32>(), "[+-]?", "[dwmy]?").prop_map(|(n, sign, u)| format!("{sign}{n}{u}")),
    ];
    proptest::collection::vec(word, 0..6).prop_map(|words| words.join(" "))
}

proptest! {
    #[test]
    fn parse_when_never_panics(text in ".{0,40}", now in now(), tense in tense()) {
        let _ = parse_when(&text, now, tense);
    }

    #[test]
    fn grammar_words_never_panic(text in grammar_text(), now in now(), tense in tense()) {
        let _ = parse_when(&text, now, tense);
        let _ = parse_interval(&text);
        let _ = Birthday::parse(&text);
    }

    #[test]
    fn extreme_nows_never_panic(text in grammar_text(), tense in tense(), late in any::<bool>()) {
        let day = if late { NaiveDate::MAX } else { NaiveDate::MIN };
        let _ = parse_when(&text, day.and_time(NaiveTime::MIN), tense);
    }

    #[test]
    fn other_readers_never_panic(text in ".{0,40}") {
        let _ = parse_interval(&text);
        let _ = Birthday::parse(&text);
        let _ = Birthday::from_storage(&text);
        let _ = When::from_storage(&text);
    }

    #[test]
    fn iso_dates_round_trip(d in date(), t in time(), now in now(), tense in tense()) {
        let text = d.format("%Y-%m-%d").to_string();
        prop_assert_eq!(parse_when(&text, now, tense), Ok(When::day(d)));
        let timed = When { date: d, time: Some(t) };
        prop_assert_eq!(parse_when(&timed.to_storage(), now, tense), Ok(timed));
        for w in [When::day(d), timed] {
            prop_assert_eq!(When::from_storage(&w.to_storage()), Some(w));
        }
    }

    #[test]
    fn signed_days_move_by_that_many(n in 0u64..5000, now in now()) {
        let today = now.date();
        let ahead = parse_when(&format!("+{n}d"), now, Tense::Future).map(|w| w.date);
        prop_assert_eq!(ahead.ok(), today.checked_add_days(Days::new(n)));
        let back = parse_when(&format!("-{n}d"), now, Tense::Future).map(|w| w.date);
        prop_assert_eq!(back.ok(), today.checked_sub_days(Days::new(n)));
    }

    #[test]
    fn future_weekdays_land_within_a_week(
        now in now(),
        name in proptest::sample::select(&["mon", "tue", "wed", "thu", "fri", "sat", "sun",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][..]),
    ) {
        let when = parse_when(name, now, Tense::Future).expect("in range");
        let ahead = (when.date - now.date()).num_days();
        prop_assert!((1..=7).contains(&ahead), "{} days ahead", ahead);
        prop_assert_eq!(Some(when.date.weekday()), lex::weekday(name));
        prop_assert_eq!(when.time, None);
    }

    #[test]
    fn periods_land_where_a_consultant_means(now in now()) {
        let today = now.date();
        let read = |text: &str| parse_when(text, now, Tense::Future).map(|w| w.date);
        if let Ok(monday) = read("next week") {
            prop_assert_eq!(monday.weekday(), chrono::Weekday::Mon);
            prop_assert!((1..=7).contains(&(monday - today).num_days()));
        }
        if let Ok(first) = read("next month") {
            prop_assert_eq!(first.day(), 1);
            prop_assert!(first > today && (first - today).num_days() <= 31);
        }
        if let Ok(last) = read("eom") {
            prop_assert_eq!((last.month(), last.year()), (today.month(), today.year()));
            prop_assert_ne!(last.succ_opt().map(|d| d.month()), Some(today.month()));
        }
        if let Ok(friday) = read("eow") {
            prop_assert_eq!(friday.weekday(), chrono::Weekday::Fri);
            prop_assert!((0..7).contains(&(friday - today).num_days()));
        }
        if let Ok(later) = read("in a fortnight") {
            prop_assert_eq!((later - today).num_days(), 14);
        }
    }

    #[test]
    fn intervals_round_trip(n in 1u32..=10_000, unit in unit()) {
        let interval = Interval { n, unit };
        prop_assert_eq!(parse_interval(&interval.to_string()), Ok(interval));
        prop_assert_eq!(interval.to_string().parse::<Interval>(), Ok(interval));
    }

    #[test]
    fn birthdays_round_trip(year in proptest::option::of(0i32..=9999), month in 1u32..=12, day in 1u32..=31) {
        let day = day.min(lex::days_in_month(year, month));
        let birthday = Birthday { year, month, day };
        prop_assert_eq!(Birthday::from_storage(&birthday.to_storage()), Some(birthday));
        prop_assert_eq!(Birthday::parse(&birthday.to_storage()), Ok(birthday));
    }

    #[test]
    fn next_birthday_is_within_a_year(
        year in proptest::option::of(1900i32..=2100), month in 1u32..=12, day in 1u32..=31, today in date(),
    ) {
        let birthday = Birthday { year, month, day: day.min(lex::days_in_month(year, month)) };
        let next = birthday.next_on_or_after(today);
        prop_assert!(next >= today);
        prop_assert!((next - today).num_days() <= 366);
        prop_assert_eq!(next.month(), month);
    }
}
