//! What users type as dates: `parse_when` (both tenses, any week start),
//! `parse_interval` and `Birthday::parse`, relative to a "now" taken from
//! the input. Any text gives a value or an error, never a panic; every value
//! survives its stored form and can be shown and used.
//!
//! Input: two bytes of days after 1970-01-01 (to the year 2149), one byte
//! for the hour, tense and week start, then the text.

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use kith::domain::dates::{Birthday, Tense, When, parse_interval, parse_when_in_week};

pub fn run(data: &[u8]) {
    let Some((head, text)) = data.split_first_chunk::<3>() else {
        return;
    };
    let text = String::from_utf8_lossy(text);
    let days = u64::from(u16::from_le_bytes([head[0], head[1]]));
    let Some(today) =
        NaiveDate::from_ymd_opt(1970, 1, 1).and_then(|d| d.checked_add_days(Days::new(days)))
    else {
        return;
    };
    let hour = u32::from(head[2] % 24);
    let now = today.and_time(NaiveTime::from_hms_opt(hour, 30, 0).unwrap_or(NaiveTime::MIN));
    let tense = if head[2] & 0x80 == 0 {
        Tense::Future
    } else {
        Tense::Past
    };
    let week_start = Weekday::try_from((head[2] >> 5) % 7).unwrap_or(Weekday::Mon);

    match parse_when_in_week(&text, now, tense, week_start) {
        Ok(when) => {
            let stored = when.to_storage();
            assert_eq!(
                When::from_storage(&stored),
                Some(when),
                "{text:?} → {stored}"
            );
            let _ = when.describe();
            let _ = when.is_past(now);
            let _ = when.to_datetime();
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }

    match parse_interval(&text) {
        Ok(interval) => {
            assert!(
                (1..=10_000).contains(&interval.n),
                "{text:?} → {interval:?}"
            );
            let shown = interval.to_string();
            assert_eq!(parse_interval(&shown), Ok(interval), "{text:?} → {shown}");
            assert!(interval.approx_days() > 0);
            if let Some(later) = interval.checked_add_to(today) {
                assert!(later > today, "{text:?}: {today} + {interval} = {later}");
            }
            assert!(interval.add_to(today) > today);
            if let Some(earlier) = interval.checked_sub_from(today) {
                assert!(
                    earlier < today,
                    "{text:?}: {today} - {interval} = {earlier}"
                );
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }

    match Birthday::parse(&text) {
        Ok(birthday) => {
            let stored = birthday.to_storage();
            assert_eq!(
                Birthday::from_storage(&stored),
                Some(birthday),
                "{text:?} → {stored}"
            );
            let _ = birthday.describe();
            let next = birthday.next_on_or_after(today);
            assert!(
                next >= today,
                "{text:?}: next birthday {next} before {today}"
            );
            assert_eq!(next.month(), birthday.month, "{text:?} → {next}");
            if let Some(age) = birthday.age_on(today) {
                assert!(age >= 0);
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}
