//! `kith rfm`: scores and groups over a window.

use super::Ctx;
use crate::domain::dates::Interval;
use crate::domain::rfm::{RfmGroup, RfmScore};
use crate::error::Result;

/// The scores of every contact with a purchase in the `window` before today.
pub fn scores(_ctx: &Ctx, _window: Interval) -> Result<Vec<RfmScore>> {
    todo!("issue 10: RFM")
}

/// The ids of the contacts in `group` (the segment language's `rfm:`),
/// over the default window of 12 months.
pub fn group_members(_ctx: &Ctx, _group: RfmGroup) -> Result<Vec<i64>> {
    todo!("issue 10: RFM")
}
