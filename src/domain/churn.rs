//! Churn risk from a contact's own rhythm: days since the last interaction
//! against their usual gap (the median of their gaps, given enough history).
//! The rule is in docs/rfm.md.

use serde::Serialize;

/// How likely a contact is slipping away, and why in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChurnRisk {
    pub contact_id: i64,
    /// 0 (on rhythm) to 1 (long past their usual gap).
    pub score: f64,
    pub days_since: i64,
    pub usual_gap_days: f64,
    /// "no contact for 94 days; usually every 21".
    pub reason: String,
}

/// The fewest distinct days with an interaction (so three gaps) a rhythm
/// is read from.
pub const MIN_DAYS: usize = 4;

/// How many usual gaps past the usual gap the score takes to reach 1: at
/// the usual gap it is 0, at twice it 0.5, at three times and beyond 1.
const RAMP: f64 = 2.0;

/// The median of the gaps between consecutive days of `days` (ascending,
/// distinct day numbers); `None` below [`MIN_DAYS`].
pub fn usual_gap(days: &[i64]) -> Option<f64> {
    if days.len() < MIN_DAYS {
        return None;
    }
    let mut gaps: Vec<i64> = days.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_unstable();
    let n = gaps.len();
    #[allow(clippy::cast_precision_loss)] // gaps are days: far below 2^52
    let median = if n % 2 == 1 {
        gaps[n / 2] as f64
    } else {
        (gaps[n / 2 - 1] + gaps[n / 2]) as f64 / 2.0
    };
    Some(median)
}

/// The score for `days_since` against a usual gap: 0 up to the gap, then
/// rising in a straight line to 1 at `1 + RAMP` gaps.
pub fn score(days_since: i64, usual_gap_days: f64) -> f64 {
    #[allow(clippy::cast_precision_loss)] // days
    let ratio = days_since as f64 / usual_gap_days.max(1.0);
    ((ratio - 1.0) / RAMP).clamp(0.0, 1.0)
}

/// The churn risk of a contact with interactions on `days` (ascending,
/// distinct day numbers), on day `today`; `None` without enough history.
pub fn risk(contact_id: i64, days: &[i64], today: i64) -> Option<ChurnRisk> {
    let usual = usual_gap(days)?;
    let last = *days.last()?;
    let days_since = (today - last).max(0);
    let score = score(days_since, usual);
    let every = format_days(usual);
    let reason = if score > 0.0 {
        format!("no contact for {days_since} days; usually every {every}")
    } else {
        format!("last contact {days_since} days ago; usually every {every}")
    };
    Some(ChurnRisk {
        contact_id,
        score,
        days_since,
        usual_gap_days: usual,
        reason,
    })
}

/// "21", or "10.5" for a median between two gaps.
fn format_days(d: f64) -> String {
    if d.fract() == 0.0 {
        format!("{d:.0}")
    } else {
        format!("{d:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_gap_is_the_median_gap() {
        // Gaps 7, 21, 30: median 21.
        assert_eq!(usual_gap(&[0, 7, 28, 58]), Some(21.0));
        // Gaps 5, 10, 20, 40: median (10 + 20) / 2.
        assert_eq!(usual_gap(&[0, 5, 15, 35, 75]), Some(15.0));
        // Three days are two gaps: not enough.
        assert_eq!(usual_gap(&[0, 5, 10]), None);
    }

    #[test]
    fn the_score_is_zero_on_rhythm_and_rises_past_the_gap() {
        assert!(score(10, 21.0).abs() < f64::EPSILON);
        assert!(score(21, 21.0).abs() < f64::EPSILON);
        assert!((score(42, 21.0) - 0.5).abs() < 1e-9);
        assert!((score(63, 21.0) - 1.0).abs() < 1e-9);
        assert!((score(500, 21.0) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_reason_says_it_in_words() {
        let r = risk(7, &[0, 7, 28, 58], 58 + 94).expect("risk");
        assert_eq!(r.reason, "no contact for 94 days; usually every 21");
        assert_eq!(r.days_since, 94);
        let calm = risk(7, &[0, 7, 28, 58], 60).expect("risk");
        assert_eq!(calm.reason, "last contact 2 days ago; usually every 21");
        assert!(calm.score.abs() < f64::EPSILON);
        let half = risk(1, &[0, 5, 15, 35, 75], 75 + 30).expect("risk");
        assert_eq!(half.reason, "no contact for 30 days; usually every 15");
        let odd = risk(1, &[0, 10, 21, 32], 40).expect("risk");
        assert!((odd.usual_gap_days - 11.0).abs() < f64::EPSILON);
        let frac = risk(1, &[0, 10, 21, 31, 43], 50).expect("risk");
        assert!(
            frac.reason.ends_with("usually every 10.5"),
            "{}",
            frac.reason
        );
    }
}
