//! RFM: recency, frequency and monetary scores 1–5 (quintiles over the
//! window) and the usual named groups. The rules are in docs/rfm.md.

use serde::Serialize;

use super::word_enum;

word_enum!(
    /// The named RFM groups, best first.
    RfmGroup, "RFM group" {
        Champions => "champions", Loyal => "loyal", PotentialLoyalists => "potential-loyalists",
        New => "new", Promising => "promising", NeedAttention => "need-attention",
        AboutToSleep => "about-to-sleep", AtRisk => "at-risk", CantLose => "cant-lose",
        Hibernating => "hibernating", Lost => "lost",
    }
);

/// One contact's scores over the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RfmScore {
    pub contact_id: i64,
    pub recency: u8,
    pub frequency: u8,
    pub monetary: u8,
    pub group: RfmGroup,
    /// Days since the last purchase, purchases and spend (default currency,
    /// minor units) in the window.
    pub days_since: i64,
    pub purchases: u64,
    pub spent_minor: i64,
}

/// One buyer's purchases in the window, before scoring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Purchases {
    pub contact_id: i64,
    /// Days since the last purchase (any currency).
    pub days_since: i64,
    /// Purchases in the window (any currency).
    pub count: u64,
    /// Spend in the default currency, minor units.
    pub spent_minor: i64,
}

/// The group table, on the recency score (rows, 5 first) and the
/// frequency-monetary score (columns, FM 1 to 5). docs/rfm.md prints it.
const TABLE: [[RfmGroup; 5]; 5] = {
    use RfmGroup::{
        AboutToSleep, AtRisk, CantLose, Champions, Hibernating, Lost, Loyal, NeedAttention, New,
        PotentialLoyalists, Promising,
    };
    [
        // R = 5
        [
            New,
            PotentialLoyalists,
            PotentialLoyalists,
            Champions,
            Champions,
        ],
        // R = 4
        [
            Promising,
            PotentialLoyalists,
            PotentialLoyalists,
            Loyal,
            Champions,
        ],
        // R = 3
        [AboutToSleep, AboutToSleep, NeedAttention, Loyal, Loyal],
        // R = 2
        [Hibernating, Hibernating, AtRisk, AtRisk, CantLose],
        // R = 1
        [Lost, Lost, AtRisk, AtRisk, CantLose],
    ]
};

impl RfmGroup {
    /// The group of recency score `r` and frequency-monetary score `fm`
    /// (each 1–5; out-of-range values are clamped).
    pub fn of(r: u8, fm: u8) -> RfmGroup {
        let row = 5 - usize::from(r.clamp(1, 5));
        let col = usize::from(fm.clamp(1, 5)) - 1;
        TABLE[row][col]
    }

    /// What the group means, in a few words (for the summary).
    pub fn label(self) -> &'static str {
        match self {
            RfmGroup::Champions => "champions",
            RfmGroup::Loyal => "loyal",
            RfmGroup::PotentialLoyalists => "potential loyalists",
            RfmGroup::New => "new",
            RfmGroup::Promising => "promising",
            RfmGroup::NeedAttention => "need attention",
            RfmGroup::AboutToSleep => "about to sleep",
            RfmGroup::AtRisk => "at risk",
            RfmGroup::CantLose => "can't lose them",
            RfmGroup::Hibernating => "hibernating",
            RfmGroup::Lost => "lost",
        }
    }
}

/// The frequency-monetary score: the mean of F and M, halves rounded up.
pub fn fm_score(f: u8, m: u8) -> u8 {
    (f + m).div_ceil(2)
}

/// Quintile scores 1–5 of `values`, where a higher value is better: a
/// value's score is 1 + ⌊5 × (values strictly worse) / n⌋, so equal values
/// always share a score, and a value is scored 5 only when at least 80% of
/// the others are worse.
pub fn quintiles(values: &[i64]) -> Vec<u8> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    values
        .iter()
        .map(|v| {
            let worse = sorted.partition_point(|x| x < v);
            // worse < n, so this is 0..=4.
            let q = (5 * worse) / n;
            1 + u8::try_from(q).unwrap_or(4)
        })
        .collect()
}

/// Every buyer's scores and group. Recency is better when fewer days have
/// passed, frequency and monetary when larger.
pub fn score(buyers: &[Purchases]) -> Vec<RfmScore> {
    let recency = quintiles(&buyers.iter().map(|b| -b.days_since).collect::<Vec<_>>());
    let frequency = quintiles(
        &buyers
            .iter()
            .map(|b| i64::try_from(b.count).unwrap_or(i64::MAX))
            .collect::<Vec<_>>(),
    );
    let monetary = quintiles(&buyers.iter().map(|b| b.spent_minor).collect::<Vec<_>>());
    buyers
        .iter()
        .enumerate()
        .map(|(i, b)| RfmScore {
            contact_id: b.contact_id,
            recency: recency[i],
            frequency: frequency[i],
            monetary: monetary[i],
            group: RfmGroup::of(recency[i], fm_score(frequency[i], monetary[i])),
            days_since: b.days_since,
            purchases: b.count,
            spent_minor: b.spent_minor,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_of_ten_distinct_values_are_two_per_score() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(quintiles(&v), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    }

    #[test]
    fn equal_values_share_the_score_of_the_lowest_of_them() {
        // Six of ten bought once: none of them has anyone worse, so all
        // score 1; the 2s have six worse (1 + ⌊30/10⌋ = 4); the 5 has eight
        // worse (1 + ⌊40/10⌋ = 5); the 9 has nine worse (5).
        let v = [1, 1, 1, 1, 1, 1, 2, 2, 5, 9];
        assert_eq!(quintiles(&v), [1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
        // Everyone equal: everyone 1.
        assert_eq!(quintiles(&[7, 7, 7]), [1, 1, 1]);
        assert!(quintiles(&[]).is_empty());
        assert_eq!(quintiles(&[3]), [1]);
    }

    #[test]
    fn the_group_table_covers_every_cell() {
        assert_eq!(RfmGroup::of(5, 5), RfmGroup::Champions);
        assert_eq!(RfmGroup::of(4, 5), RfmGroup::Champions);
        assert_eq!(RfmGroup::of(4, 4), RfmGroup::Loyal);
        assert_eq!(RfmGroup::of(5, 1), RfmGroup::New);
        assert_eq!(RfmGroup::of(4, 1), RfmGroup::Promising);
        assert_eq!(RfmGroup::of(3, 3), RfmGroup::NeedAttention);
        assert_eq!(RfmGroup::of(3, 2), RfmGroup::AboutToSleep);
        assert_eq!(RfmGroup::of(2, 3), RfmGroup::AtRisk);
        assert_eq!(RfmGroup::of(1, 5), RfmGroup::CantLose);
        assert_eq!(RfmGroup::of(2, 1), RfmGroup::Hibernating);
        assert_eq!(RfmGroup::of(1, 1), RfmGroup::Lost);
        let mut seen: Vec<RfmGroup> = TABLE.iter().flatten().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, RfmGroup::ALL);
    }

    #[test]
    fn fm_is_the_mean_rounded_up() {
        assert_eq!(fm_score(1, 1), 1);
        assert_eq!(fm_score(1, 2), 2);
        assert_eq!(fm_score(4, 5), 5);
        assert_eq!(fm_score(3, 4), 4);
    }
}
