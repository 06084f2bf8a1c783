//! The clock: the only place that reads the system time.
//!
//! Tests and scripts pin it with `KITH_NOW` ("2026-11-23 09:00" or
//! "2026-11-23T09:00:00"), so output that depends on "today" is deterministic.

use chrono::{DateTime, Local, NaiveDateTime, Offset, TimeZone, Utc};

#[derive(Clone, Copy, Debug)]
pub struct Clock {
    fixed: Option<NaiveDateTime>,
}

impl Clock {
    pub fn system() -> Self {
        Clock { fixed: None }
    }

    pub fn fixed(at: NaiveDateTime) -> Self {
        Clock { fixed: Some(at) }
    }

    /// `KITH_NOW` if set and valid, else the system clock.
    pub fn from_env() -> Result<Self, String> {
        match std::env::var("KITH_NOW") {
            Ok(text) if !text.trim().is_empty() => {
                parse_fixed(&text).map(Clock::fixed).ok_or_else(|| {
                    format!("KITH_NOW={text:?} is not a date-time like 2026-11-23 09:00")
                })
            }
            Err(std::env::VarError::NotUnicode(text)) => Err(format!(
                "KITH_NOW={:?} is not valid UTF-8; it should be a date-time like 2026-11-23 09:00",
                text.to_string_lossy()
            )),
            _ => Ok(Clock::system()),
        }
    }

    /// The current local wall-clock time, to the second.
    pub fn now(&self) -> NaiveDateTime {
        let now = self.fixed.unwrap_or_else(|| Local::now().naive_local());
        now.with_nanosecond_zero()
    }

    /// The current instant in UTC, for `created_at` / `updated_at`.
    pub fn now_utc(&self) -> DateTime<Utc> {
        match self.fixed {
            Some(at) => local_to_utc(at),
            None => Utc::now(),
        }
    }

    /// `now_utc` as stored: RFC 3339 with a `Z`, second precision.
    pub fn stamp(&self) -> String {
        self.now_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

/// The instant a local wall-clock time stands for. An ambiguous time (the
/// hour repeated when clocks go back) is the earlier one. A time in the gap
/// when clocks go forward (02:30 on a spring night in Berlin) does not exist:
/// it is read with the offset in force just before the gap, so it lands as
/// far past the gap as it was into it (02:30 CET → 03:30 CEST), never as UTC.
fn local_to_utc(at: NaiveDateTime) -> DateTime<Utc> {
    if let Some(t) = Local.from_local_datetime(&at).earliest() {
        return t.with_timezone(&Utc);
    }
    let before_gap = (1..=24 * 60).find_map(|minutes| {
        let earlier = at - chrono::TimeDelta::minutes(minutes);
        Local.offset_from_local_datetime(&earlier).earliest()
    });
    match before_gap {
        Some(offset) => Utc.from_utc_datetime(&(at - offset.fix())),
        None => Utc.from_utc_datetime(&at),
    }
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoNanos for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

fn parse_fixed(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .or_else(|| {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(9, 0, 0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_parses_common_shapes() {
        for s in ["2026-11-23 09:00", "2026-11-23T09:00:00", "2026-11-23"] {
            let at = parse_fixed(s).expect(s);
            assert_eq!(at.format("%Y-%m-%d %H:%M").to_string(), "2026-11-23 09:00");
        }
        assert!(parse_fixed("soon").is_none());
    }
}
