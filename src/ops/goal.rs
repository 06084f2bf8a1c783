//! `kith goal`: objectives and their progress.

use super::Ctx;
use crate::domain::goal::{Goal, GoalProgress};
use crate::error::Result;

/// Reads "revenue 10000 EUR per quarter", "new customers 5 per month",
/// "nps 50 per quarter" and stores it.
pub fn add(_ctx: &mut Ctx, _text: &str) -> Result<Goal> {
    todo!("issue 10: goals")
}

/// Every objective with its progress in its current period.
pub fn progress(_ctx: &Ctx) -> Result<Vec<GoalProgress>> {
    todo!("issue 10: goals")
}

/// Removes objective `id`; returns it.
pub fn remove(_ctx: &mut Ctx, _id: i64) -> Result<Goal> {
    todo!("issue 10: goals")
}
