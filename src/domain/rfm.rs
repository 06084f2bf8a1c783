//! RFM: recency, frequency and monetary scores 1–5 (quintiles over the
//! window) and the usual named groups. The rules are in docs/kpi.md.

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
