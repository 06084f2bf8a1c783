//! The pure formulas of docs/kpi.md.

use std::collections::HashSet;

/// `part / whole`, or `None` when `whole` is 0.
pub fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The arithmetic mean, or `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The middle value (the mean of the two middle ones for an even count), or
/// `None` for no values.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        f64::midpoint(values[mid - 1], values[mid])
    } else {
        values[mid]
    })
}

/// Net Promoter Score of answers 0–10: % promoters (9–10) − % detractors
/// (0–6), from −100 to 100; `None` without answers.
pub fn nps(answers: &[i64]) -> Option<f64> {
    let promoters = answers.iter().filter(|a| **a >= 9).count() as u64;
    let detractors = answers.iter().filter(|a| **a <= 6).count() as u64;
    let total = answers.len() as u64;
    Some(100.0 * (rate(promoters, total)? - rate(detractors, total)?))
}

/// The share of `previous` (last period's active customers) found again in
/// `current`; `None` when nobody was active last period.
pub fn retention<S: std::hash::BuildHasher>(
    previous: &HashSet<i64, S>,
    current: &HashSet<i64, S>,
) -> Option<f64> {
    let kept = previous.intersection(current).count() as u64;
    rate(kept, previous.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nps_is_promoters_minus_detractors_in_percent() {
        // 2 promoters (9, 10), 1 passive (8), 1 detractor (3): 50% − 25% = 25.
        assert_eq!(nps(&[9, 10, 8, 3]), Some(25.0));
        assert_eq!(nps(&[0, 6]), Some(-100.0));
        assert_eq!(nps(&[7, 8]), Some(0.0));
        assert_eq!(nps(&[]), None);
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 10.0]), Some(3.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn retention_is_the_share_of_last_periods_customers_back() {
        let prev: HashSet<i64> = [1, 2, 3, 4].into();
        let now: HashSet<i64> = [2, 4, 9].into();
        assert_eq!(retention(&prev, &now), Some(0.5));
        assert_eq!(retention(&HashSet::new(), &now), None);
        assert_eq!(rate(1, 0), None);
        assert_eq!(mean(&[1.0, 2.0]), Some(1.5));
    }
}
