//! `kith next`: who to contact next and why; churn risk.

use super::Ctx;
use crate::domain::churn::ChurnRisk;
use crate::domain::next::NextItem;
use crate::error::Result;

/// The `limit` most pressing people to contact, most pressing first.
pub fn next(_ctx: &Ctx, _limit: usize) -> Result<Vec<NextItem>> {
    todo!("issue 10: who next")
}

/// The churn risk of every contact with enough history, highest first.
pub fn churn_risks(_ctx: &Ctx) -> Result<Vec<ChurnRisk>> {
    todo!("issue 10: churn")
}
