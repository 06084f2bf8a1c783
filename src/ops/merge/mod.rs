//! Merging contacts that are one person, and undoing a merge.
//!
//! A merge keeps one contact (the survivor) and moves every interaction,
//! follow-up, tag, field, e-mail and phone of the others onto it; a single
//! value that differs follows one rule (a non-empty value wins, then the
//! newer contact's). Everything needed to put the contacts back exactly as
//! they were is written to `merge_log` in the same transaction, with an
//! audit entry: `kith undo` reverses the last merge, `kith undo ID` a given
//! one (ID = the audit entry's id, as `kith history` lists it).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::contact::Contact;
use crate::domain::dedup::Options;
pub use crate::domain::merge::FieldChoice;
use crate::domain::merge::combine;
use crate::error::{Error, Result};
use crate::store::{AuditEntry, Db, MergeLogRow, TableRows};

use super::Ctx;

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
    /// Every non-empty single value of the result and the contact it comes
    /// from (the conflicts of `choices` included).
    pub fields: Vec<FieldChoice>,
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
    /// Absorbed contacts whose old id was taken meanwhile by a new contact:
    /// (old id, the id they got back).
    pub renumbered: Vec<(i64, i64)>,
    /// Whether the survivor had been edited since the merge (and `force`
    /// overwrote those edits).
    pub overwrote_edits: bool,
}

/// One line of `kith history`: an audit entry, and whether it is a merge
/// that can still be undone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    #[serde(flatten)]
    pub entry: AuditEntry,
    pub undoable: bool,
}

mod campaigns;
mod undo;
pub use undo::{undo, undo_with};

/// What `merge_log.snapshot` holds: enough to put every contact of a merge
/// back exactly as it was.
#[derive(Debug, Serialize, Deserialize)]
struct Snapshot {
    /// Every contact of the merge as it was, the survivor first.
    contacts: Vec<ContactRows>,
    /// The interactions and follow-ups moved: (id, the contact it was on).
    interactions: Vec<(i64, i64)>,
    follow_ups: Vec<(i64, i64)>,
    /// The survivor as the merge left it ([`fingerprint`]): undo compares
    /// it to see whether the survivor was edited since.
    after: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct ContactRows {
    id: i64,
    uid: String,
    tables: Vec<TableRows>,
}

/// A contact's own values (fields, e-mails, phones, tags), without the
/// times that logging an interaction moves.
fn fingerprint(c: &Contact) -> String {
    let mut c = c.clone();
    c.updated_at.clear();
    c.last_contact = None;
    serde_json::to_string(&c).unwrap_or_default()
}

/// Works out the merge of `ids` (two or more) without writing anything.
/// The survivor is `keep`, else the first of `ids`.
pub fn plan(db: Db<'_>, ids: &[i64], keep: Option<i64>) -> Result<MergePlan> {
    let mut seen = HashSet::new();
    for &id in ids {
        if !seen.insert(id) {
            return Err(Error::user(format!(
                "#{id} is named twice: a contact cannot be merged with itself"
            )));
        }
    }
    if ids.len() < 2 {
        return Err(Error::user("a merge needs two or more contacts")
            .with_hint("kith merge A B [C…]; `kith dedup` lists likely duplicates"));
    }
    let survivor_id = keep.unwrap_or(ids[0]);
    if !ids.contains(&survivor_id) {
        return Err(Error::user(format!(
            "--keep #{survivor_id} is not one of the contacts merged"
        ))
        .with_hint("name the contact to keep among those merged"));
    }
    let mut survivor = None;
    let mut absorbed = Vec::new();
    let (mut interactions, mut follow_ups) = (0, 0);
    for &id in ids {
        let c = db
            .contact(id)?
            .ok_or_else(|| Error::user(format!("no contact #{id}")))?;
        if id == survivor_id {
            survivor = Some(c);
        } else {
            let (i, f) = db.timeline_counts(id)?;
            interactions += usize::try_from(i).unwrap_or(0);
            follow_ups += usize::try_from(f).unwrap_or(0);
            absorbed.push(c);
        }
    }
    let survivor = survivor.ok_or_else(|| Error::internal("the survivor was not read"))?;
    let newest = std::iter::once(&survivor)
        .chain(&absorbed)
        .map(|c| c.updated_at.clone())
        .max()
        .unwrap_or_default();
    let (result, fields) = combine(&survivor, &absorbed, &newest);
    let choices = fields
        .iter()
        .filter(|c| !c.dropped.is_empty())
        .cloned()
        .collect();
    Ok(MergePlan {
        survivor,
        absorbed,
        result,
        choices,
        fields,
        interactions,
        follow_ups,
    })
}

/// Merges `ids` into one contact, in one transaction with its audit entry.
pub fn merge(ctx: &mut Ctx, ids: &[i64], keep: Option<i64>) -> Result<Merged> {
    let at = ctx.clock.now().format("%Y-%m-%d %H:%M:%S").to_string();
    let stamp = ctx.clock.stamp();
    ctx.store
        .write(|db| merge_in(db, plan(db, ids, keep)?, &at, &stamp))
}

/// Writes `plan` inside the caller's transaction: the merged survivor, the
/// moves, the deletions, the audit entry (`at`) and the merge record.
fn merge_in(db: Db<'_>, mut plan: MergePlan, at: &str, stamp: &str) -> Result<Merged> {
    let survivor = plan.survivor.id;
    let mut contacts = Vec::new();
    let mut old_terms = db.search_terms_of(survivor)?;
    let (mut interactions, mut follow_ups) = (Vec::new(), Vec::new());
    for c in std::iter::once(&plan.survivor).chain(&plan.absorbed) {
        contacts.push(ContactRows {
            id: c.id,
            uid: c.uid.clone(),
            tables: db.contact_rows(c.id)?,
        });
        if c.id != survivor {
            let (i, f) = db.timeline_ids(c.id)?;
            interactions.extend(i.into_iter().map(|id| (id, c.id)));
            follow_ups.extend(f.into_iter().map(|id| (id, c.id)));
            old_terms.extend(db.search_terms_of(c.id)?);
        }
    }
    plan.result.updated_at = stamp.to_string();
    db.update_contact(&plan.result)?;
    db.set_created_at(survivor, &plan.result.created_at)?;
    for c in &plan.absorbed {
        db.move_timeline(c.id, survivor)?;
        db.move_segment_members(c.id, survivor)?;
        db.move_campaign_rows(c.id, survivor)?;
        db.delete_contact(c.id)?;
    }
    db.recompute_last_interaction(survivor, false)?;
    old_terms.sort();
    old_terms.dedup();
    db.drop_unused_search_words(&old_terms)?;
    let after = db
        .contact(survivor)?
        .ok_or_else(|| Error::internal("the merged contact vanished"))?;
    let absorbed: Vec<i64> = plan.absorbed.iter().map(|c| c.id).collect();
    let summary = format!(
        "merged {} into #{survivor}",
        absorbed
            .iter()
            .map(|id| format!("#{id}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let detail = serde_json::json!({
        "survivor": survivor,
        "absorbed": absorbed,
        "interactions": interactions.len(),
        "follow_ups": follow_ups.len(),
    })
    .to_string();
    let history_id = db.add_audit(at, "merge", &summary, Some(&detail))?;
    let uids: Vec<String> = contacts.iter().map(|c| c.uid.clone()).collect();
    let snapshot = Snapshot {
        contacts,
        interactions,
        follow_ups,
        after: fingerprint(&after),
    };
    let snapshot = serde_json::to_string(&snapshot)
        .map_err(|e| Error::internal(format!("cannot record the merge: {e}")))?;
    db.add_merge_log(history_id, stamp, &uids, &snapshot)?;
    plan.result = after;
    Ok(Merged { history_id, plan })
}

/// Scans for duplicates and merges every cluster whose score is at least
/// `options.min_score`, all in one transaction (all or nothing).
pub fn merge_auto(ctx: &mut Ctx, options: &Options, dry_run: bool) -> Result<AutoMerge> {
    let at = ctx.clock.now().format("%Y-%m-%d %H:%M:%S").to_string();
    let stamp = ctx.clock.stamp();
    let scan = super::dedup::scan(ctx.store.db(), options, &mut |_| {})?;
    let groups: Vec<Vec<i64>> = scan
        .clusters
        .iter()
        .filter(|c| c.score >= options.min_score && c.contacts.len() >= 2)
        .map(|c| c.contacts.clone())
        .collect();
    let choose = |db: Db<'_>, ids: &[i64]| -> Result<MergePlan> {
        let keep = auto_survivor(db, ids)?;
        plan(db, ids, Some(keep))
    };
    if dry_run {
        let db = ctx.store.db();
        let merges = groups
            .iter()
            .map(|ids| {
                Ok(Merged {
                    history_id: 0,
                    plan: choose(db, ids)?,
                })
            })
            .collect::<Result<_>>()?;
        return Ok(AutoMerge { dry_run, merges });
    }
    let merges = ctx.store.write(|db| {
        groups
            .iter()
            .map(|ids| merge_in(db, choose(db, ids)?, &at, &stamp))
            .collect::<Result<Vec<_>>>()
    })?;
    Ok(AutoMerge { dry_run, merges })
}

/// The contact `merge --auto` keeps: the one with most interactions, then
/// the oldest.
fn auto_survivor(db: Db<'_>, ids: &[i64]) -> Result<i64> {
    let mut best: Option<(i64, String, i64)> = None;
    for &id in ids {
        let c = db
            .contact(id)?
            .ok_or_else(|| Error::user(format!("no contact #{id}")))?;
        let (n, _) = db.timeline_counts(id)?;
        let better = best.as_ref().is_none_or(|(bn, bc, bid)| {
            (n, std::cmp::Reverse(&c.created_at), std::cmp::Reverse(id))
                > (*bn, std::cmp::Reverse(bc), std::cmp::Reverse(*bid))
        });
        if better {
            best = Some((n, c.created_at, id));
        }
    }
    best.map(|(_, _, id)| id)
        .ok_or_else(|| Error::internal("an empty cluster"))
}

/// The newest `limit` audit entries, newest first.
pub fn history(db: Db<'_>, limit: usize) -> Result<Vec<HistoryEntry>> {
    let entries = db.audit_entries(None, limit)?;
    let logs = db.merge_logs()?;
    let undoable: HashSet<i64> = logs
        .iter()
        .filter(|l| l.undone_at.is_none() && later_open_merge(&logs, l).is_none())
        .filter_map(|l| l.audit_id)
        .collect();
    Ok(entries
        .into_iter()
        .map(|entry| HistoryEntry {
            undoable: undoable.contains(&entry.id),
            entry,
        })
        .collect())
}

/// A merge after `log`, not undone, that involves one of its contacts.
fn later_open_merge<'l>(logs: &'l [MergeLogRow], log: &MergeLogRow) -> Option<&'l MergeLogRow> {
    let uids: HashSet<&String> = log.uids.iter().collect();
    logs.iter()
        .rev()
        .find(|l| l.id > log.id && l.undone_at.is_none() && l.uids.iter().any(|u| uids.contains(u)))
}

/// Old contact id → the id it has now, for the contacts an undo restores.
type Renumbering = HashMap<i64, i64>;

#[cfg(test)]
mod tests;
