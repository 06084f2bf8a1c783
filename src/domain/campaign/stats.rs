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

/// The rate of `responses` out of `sent`, with its 95 % Wilson interval.
pub fn rate(responses: u64, sent: u64) -> Rate {
    todo!("issue 11: Wilson interval for {responses}/{sent}")
}

/// Compares variants given as (label, responses, sent).
pub fn verdict(variants: &[(String, u64, u64)]) -> Verdict {
    todo!(
        "issue 11: two-proportion z-test over {} variants",
        variants.len()
    )
}
