//! Which variant leads: response rates with 95 % confidence intervals
//! (Wilson) and a two-proportion test between the best two variants.

use serde::Serialize;

/// A response rate with its 95 % Wilson interval (fractions, 0 to 1).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rate {
    pub responses: u64,
    pub sent: u64,
    pub rate: f64,
    pub low: f64,
    pub high: f64,
}

/// What the numbers say about the variants.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Verdict {
    /// `label` has the best rate and the difference with `over` (the
    /// runner-up) is significant at 5 %.
    Leads {
        label: String,
        over: String,
        p_value: f64,
    },
    /// The best rate is not yet significantly better.
    NotSignificant { label: String, p_value: f64 },
    /// One variant, or nothing sent yet: nothing to compare.
    NothingToCompare,
}

/// The normal quantile of a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// A count as a float (counts of recipients stay far below 2^52).
#[allow(clippy::cast_precision_loss)]
fn real(n: u64) -> f64 {
    n as f64
}

/// The rate of `responses` out of `sent`, with its 95 % Wilson interval
/// (Wilson 1927; it stays inside 0–1 and behaves at small counts, unlike
/// p ± 1.96·√(p(1−p)/n)). Nothing sent: a rate of 0 within 0–1.
pub fn rate(responses: u64, sent: u64) -> Rate {
    if sent == 0 {
        return Rate {
            responses,
            sent,
            rate: 0.0,
            low: 0.0,
            high: 1.0,
        };
    }
    let n = real(sent);
    let p = real(responses.min(sent)) / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    Rate {
        responses,
        sent,
        rate: p,
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    }
}

/// The two-sided p-value of a pooled two-proportion z-test: how likely a
/// difference at least this large is if both variants had the same rate.
pub fn p_value(a: (u64, u64), b: (u64, u64)) -> f64 {
    let ((xa, na), (xb, nb)) = (a, b);
    if na == 0 || nb == 0 {
        return 1.0;
    }
    let (na, nb) = (real(na), real(nb));
    let (pa, pb) = (real(xa) / na, real(xb) / nb);
    let pooled = (real(xa) + real(xb)) / (na + nb);
    let se = (pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb)).sqrt();
    if se <= 0.0 {
        return 1.0;
    }
    let z = (pa - pb).abs() / se;
    // P(|Z| ≥ z) for a standard normal Z is erfc(z / √2).
    libm::erfc(z / std::f64::consts::SQRT_2).clamp(0.0, 1.0)
}

/// Compares variants given as (label, responses, sent): the best rate
/// against the runner-up, significant at p < 0.05. Variants with nothing
/// sent take no part; fewer than two left is nothing to compare.
pub fn verdict(variants: &[(String, u64, u64)]) -> Verdict {
    let mut live: Vec<&(String, u64, u64)> = variants.iter().filter(|v| v.2 > 0).collect();
    if live.len() < 2 {
        return Verdict::NothingToCompare;
    }
    // Best rate first; a tie keeps the given order (A before B).
    live.sort_by(|a, b| {
        let (ra, rb) = (real(a.1) / real(a.2), real(b.1) / real(b.2));
        rb.total_cmp(&ra)
    });
    let (best, next) = (live[0], live[1]);
    let p_value = p_value((best.1, best.2), (next.1, next.2));
    if p_value < 0.05 {
        Verdict::Leads {
            label: best.0.clone(),
            over: next.0.clone(),
            p_value,
        }
    } else {
        Verdict::NotSignificant {
            label: best.0.clone(),
            p_value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, eps: f64) -> bool {
        (a - b).abs() < eps
    }

    #[test]
    fn wilson_intervals_match_values_worked_by_hand() {
        // 30/200: p = 0.15, z² = 3.8415; centre = (0.15 + 0.0096)/1.0192
        // = 0.1566; half = 1.96·√(0.0006375 + 0.000024)/1.0192 = 0.0495.
        let r = rate(30, 200);
        assert!(close(r.rate, 0.15, 1e-12));
        assert!(close(r.low, 0.1071, 5e-4), "{r:?}");
        assert!(close(r.high, 0.2061, 5e-4), "{r:?}");
        // 0/10: the interval starts at 0 and reaches z²/(n+z²) = 0.2775.
        let r = rate(0, 10);
        assert!(close(r.low, 0.0, 1e-12));
        assert!(close(r.high, 0.2775, 5e-4), "{r:?}");
        // 10/10 mirrors it.
        let r = rate(10, 10);
        assert!(close(r.low, 0.7225, 5e-4), "{r:?}");
        assert!(close(r.high, 1.0, 1e-12));
        let none = rate(0, 0);
        assert!(close(none.low, 0.0, 1e-12) && close(none.high, 1.0, 1e-12));
    }

    #[test]
    fn two_proportions_are_compared_like_the_textbook() {
        // 50/200 vs 30/200: pooled 0.2, se = √(0.2·0.8·0.01) = 0.04,
        // z = 0.10/0.04 = 2.5, p = erfc(2.5/√2) = 0.01242.
        let p = p_value((50, 200), (30, 200));
        assert!(close(p, 0.012_419, 1e-5), "{p}");
        let v = verdict(&[("A".into(), 30, 200), ("B".into(), 50, 200)]);
        match v {
            Verdict::Leads {
                label,
                over,
                p_value,
            } => {
                assert_eq!((label.as_str(), over.as_str()), ("B", "A"));
                assert!(close(p_value, 0.012_419, 1e-5));
            }
            other => panic!("expected B to lead, got {other:?}"),
        }
        // 12/100 vs 10/100: pooled 0.11, se = 0.04425, z = 0.452, p = 0.651.
        match verdict(&[("A".into(), 12, 100), ("B".into(), 10, 100)]) {
            Verdict::NotSignificant { label, p_value } => {
                assert_eq!(label, "A");
                assert!(close(p_value, 0.6513, 5e-4), "{p_value}");
            }
            other => panic!("expected no leader, got {other:?}"),
        }
    }

    #[test]
    fn one_variant_or_nothing_sent_has_nothing_to_compare() {
        assert_eq!(verdict(&[("A".into(), 3, 10)]), Verdict::NothingToCompare);
        assert_eq!(
            verdict(&[("A".into(), 0, 0), ("B".into(), 0, 0)]),
            Verdict::NothingToCompare
        );
        assert_eq!(
            verdict(&[("A".into(), 3, 10), ("B".into(), 0, 0)]),
            Verdict::NothingToCompare
        );
        // Both at 0 %: no difference at all.
        assert!(matches!(
            verdict(&[("A".into(), 0, 10), ("B".into(), 0, 10)]),
            Verdict::NotSignificant { p_value, .. } if close(p_value, 1.0, 1e-12)
        ));
    }
}
