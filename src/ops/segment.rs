//! Segments: evaluating a query, saved segments, their sizes over time and
//! their performance side by side.

use super::Ctx;
use crate::domain::period::Span;
use crate::domain::segment::{Performance, SavedSegment};
use crate::error::Result;
use crate::store::ListRow;

/// The members of a query (text in the segment language), name order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Members {
    /// How many contacts match in all.
    pub total: u64,
    /// The first `limit` of them.
    pub rows: Vec<ListRow>,
}

/// Evaluates `query`: how many match and the first `limit`. A query that
/// does not parse is a user error whose message holds the caret picture.
pub fn members(_ctx: &Ctx, _query: &str, _limit: usize) -> Result<Members> {
    todo!("issue 10: segments")
}

/// The ids of every contact matching `query`.
pub fn member_ids(_ctx: &Ctx, _query: &str) -> Result<Vec<i64>> {
    todo!("issue 10: segments")
}

/// Saves a segment (a static one freezes its members now).
pub fn add(
    _ctx: &mut Ctx,
    _name: &str,
    _query: &str,
    _is_static: bool,
    _description: &str,
) -> Result<SavedSegment> {
    todo!("issue 10: segments")
}

/// Every saved segment with its size now and a week ago, by name.
pub fn list(_ctx: &Ctx) -> Result<Vec<SavedSegment>> {
    todo!("issue 10: segments")
}

/// One saved segment and its first `limit` members.
pub fn show(_ctx: &Ctx, _name: &str, _limit: usize) -> Result<(SavedSegment, Members)> {
    todo!("issue 10: segments")
}

/// Removes a saved segment; returns it.
pub fn remove(_ctx: &mut Ctx, _name: &str) -> Result<SavedSegment> {
    todo!("issue 10: segments")
}

/// Each named segment's performance in `span`, in the order given.
pub fn compare(_ctx: &Ctx, _names: &[String], _span: Span) -> Result<Vec<Performance>> {
    todo!("issue 10: segments")
}

/// Records every saved segment's size for today, once a day.
pub fn record_sizes_if_due(_ctx: &mut Ctx) -> Result<()> {
    todo!("issue 10: segments")
}
