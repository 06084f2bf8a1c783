//! Merging contacts that are one person, and undoing a merge.
//!
//! A merge keeps one contact (the survivor) and moves every interaction,
//! follow-up, tag, field, e-mail and phone of the others onto it; a single
//! value that differs follows one rule (a non-empty value wins, then the
//! newer contact's). Everything needed to put the contacts back exactly as
//! they were is written to `merge_log` in the same transaction, with an
//! audit entry: `kith undo` reverses the last merge, `kith undo ID` a given
//! one (ID = the audit entry's id, as `kith history` lists it).

use serde::Serialize;

use crate::domain::contact::Contact;
use crate::domain::dedup::Options;
use crate::error::Result;
use crate::store::{AuditEntry, Db};

use super::Ctx;

/// One single-valued field where the merged contacts disagree, and the
/// value the rule chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChoice {
    /// "name", "org", "birthday", …
    pub field: &'static str,
    /// The value the merged contact gets.
    pub value: String,
    /// The contact it comes from.
    pub from: i64,
    /// The values left out, with the contact each was on. They stay in the
    /// merge's record, so `kith undo` brings them back.
    pub dropped: Vec<(i64, String)>,
}

/// What a merge will do (the dry run) or did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MergePlan {
    /// The contact that stays, as it is before the merge.
    pub survivor: Contact,
    /// The contacts merged into it, as they are before the merge.
    pub absorbed: Vec<Contact>,
    /// The survivor as it will be after the merge.
    pub result: Contact,
    /// Single values that differed, and what the rule chose.
    pub choices: Vec<FieldChoice>,
    /// Interactions and follow-ups moved onto the survivor.
    pub interactions: usize,
    pub follow_ups: usize,
}

/// A merge written to the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Merged {
    /// The audit entry's id: what `kith history` shows and `kith undo ID` takes.
    pub history_id: i64,
    pub plan: MergePlan,
}

/// What `merge --auto` did (or, dry, would do).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AutoMerge {
    pub dry_run: bool,
    /// One per cluster above the threshold, best first. `history_id` is 0
    /// in a dry run.
    pub merges: Vec<Merged>,
}

/// A merge undone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Undone {
    /// The undone merge's audit entry id.
    pub history_id: i64,
    /// The contact that had stayed, and the contacts brought back.
    pub survivor: i64,
    pub restored: Vec<i64>,
}

/// One line of `kith history`: an audit entry, and whether it is a merge
/// that can still be undone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    #[serde(flatten)]
    pub entry: AuditEntry,
    pub undoable: bool,
}

/// Works out the merge of `ids` (two or more) without writing anything.
/// The survivor is `keep`, else the first of `ids`.
pub fn plan(db: Db<'_>, ids: &[i64], keep: Option<i64>) -> Result<MergePlan> {
    let _ = (db, ids, keep);
    todo!("issue 9: merge plan")
}

/// Merges `ids` into one contact, in one transaction with its audit entry.
pub fn merge(ctx: &mut Ctx, ids: &[i64], keep: Option<i64>) -> Result<Merged> {
    let _ = (ctx, ids, keep);
    todo!("issue 9: merge")
}

/// Scans for duplicates and merges every cluster whose score is at least
/// `options.min_score`, all in one transaction (all or nothing).
pub fn merge_auto(ctx: &mut Ctx, options: &Options, dry_run: bool) -> Result<AutoMerge> {
    let _ = (ctx, options, dry_run);
    todo!("issue 9: merge --auto")
}

/// Undoes merge `history_id`, or the newest merge not yet undone.
pub fn undo(ctx: &mut Ctx, history_id: Option<i64>) -> Result<Undone> {
    let _ = (ctx, history_id);
    todo!("issue 9: undo")
}

/// The newest `limit` audit entries, newest first.
pub fn history(db: Db<'_>, limit: usize) -> Result<Vec<HistoryEntry>> {
    let _ = (db, limit);
    todo!("issue 9: history")
}
