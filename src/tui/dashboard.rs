//! The Dashboard's reads and what comes back for them.

use super::effect::Outcome;
use crate::domain::period::Period;
use crate::ops::Ctx;

/// On the reader: every panel of the Dashboard for `period`, the fast ones
/// first.
pub fn load(_ctx: &Ctx, _seq: u64, _period: Period, _send: &mut dyn FnMut(Outcome)) {
    todo!("issue 10: the Dashboard")
}
