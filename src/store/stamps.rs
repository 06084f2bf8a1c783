//! Reading the date and date-time stamps the store writes.
//!
//! Every stamp kith stores has one exact shape ("2026-11-23",
//! "2026-11-23 09:00:00"), so it is read by position, several times cheaper
//! than chrono's format-string parser: this runs once per row when 100k
//! search documents or thousands of reminder rows are loaded. Anything else,
//! a leap second included, goes to the parser, so every input gives what
//! the parser alone gave.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// "YYYY-MM-DD".
pub(super) fn date(s: &str) -> Option<NaiveDate> {
    canonical_date(s).or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// "YYYY-MM-DD HH:MM:SS".
pub(super) fn date_time(s: &str) -> Option<NaiveDateTime> {
    canonical_date_time(s).or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok())
}

/// The decimal number in `b[from..to]`, all ASCII digits.
fn number(b: &[u8], from: usize, to: usize) -> Option<u32> {
    b.get(from..to)?.iter().try_fold(0_u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

fn ymd(b: &[u8]) -> Option<NaiveDate> {
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(number(b, 0, 4)?).ok()?,
        number(b, 5, 7)?,
        number(b, 8, 10)?,
    )
}

fn canonical_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 {
        return None;
    }
    ymd(b)
}

fn canonical_date_time(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() != 19 || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let time = NaiveTime::from_hms_opt(number(b, 11, 13)?, number(b, 14, 16)?, number(b, 17, 19)?)?;
    Some(ymd(b)?.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_by_position_agree_with_the_parser() {
        let reference = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let mut rng = fastrand::Rng::with_seed(4);
        for _ in 0..20_000 {
            let s = format!(
                "{:04}-{:02}-{:02}",
                rng.u32(0..10_000),
                rng.u32(0..14),
                rng.u32(0..33)
            );
            assert_eq!(date(&s), reference(&s), "{s}");
        }
        for s in [
            "2026-11-23",
            "2026-1-23",
            "2026-11-23 ",
            "+2026-11-23",
            "2024-02-29",
            "2023-02-29",
            "2026/11/23",
            "",
        ] {
            assert_eq!(date(s), reference(s), "{s:?}");
        }
    }

    #[test]
    fn stamps_read_by_position_agree_with_the_parser() {
        let reference = |at: &str| NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M:%S").ok();
        let mut rng = fastrand::Rng::with_seed(5);
        let mut checked = 0;
        for _ in 0..20_000 {
            let at = format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                rng.u32(0..10_000),
                rng.u32(0..14),
                rng.u32(0..33),
                rng.u32(0..25),
                rng.u32(0..61),
                rng.u32(0..62)
            );
            assert_eq!(date_time(&at), reference(&at), "{at}");
            checked += usize::from(reference(&at).is_some());
        }
        assert!(checked > 1000, "few valid samples: {checked}");
        for at in [
            "2026-11-23 09:00:00",
            "2026-11-23T09:00:00",
            "2026-11-23 9:00:00",
            "2026-11-23 09:00",
            "2026-11-23",
            "2024-02-29 23:59:59",
            "2023-02-29 12:00:00",
            "2016-12-31 23:59:60",
            "+2026-11-23 09:00:00",
            "２０２６-11-23 09:00:00",
            "",
        ] {
            assert_eq!(date_time(at), reference(at), "{at:?}");
        }
    }
}
