//! Undoing a merge: the survivor's rows and the absorbed contacts come back
//! from the merge's snapshot, and the interactions and follow-ups moved go
//! back where they were.

use crate::error::{Error, Result};
use crate::store::{CAMPAIGN_TABLES, Db, MergeLogRow};

use super::{Ctx, Renumbering, Snapshot, Undone, fingerprint, later_open_merge};

/// Undoes merge `history_id`, or the newest merge not yet undone.
pub fn undo(ctx: &mut Ctx, history_id: Option<i64>) -> Result<Undone> {
    undo_with(ctx, history_id, false)
}

/// [`undo`]; with `force`, also when the survivor was edited after the
/// merge (those edits are overwritten by the survivor as it was before).
pub fn undo_with(ctx: &mut Ctx, history_id: Option<i64>, force: bool) -> Result<Undone> {
    let at = ctx.clock.now().format("%Y-%m-%d %H:%M:%S").to_string();
    let stamp = ctx.clock.stamp();
    ctx.store.write(|db| {
        let logs = db.merge_logs()?;
        let log = pick(&logs, history_id)?;
        let history_id = log.audit_id.unwrap_or(0);
        if let Some(undone) = &log.undone_at {
            return Err(Error::user(format!(
                "merge #{history_id} was already undone ({undone})"
            )));
        }
        if let Some(later) = later_open_merge(&logs, log) {
            let later = later.audit_id.unwrap_or(0);
            return Err(Error::user(format!(
                "a later merge (#{later}) involves the same contacts: undo #{later} first"
            ))
            .with_hint(format!("kith undo {later}")));
        }
        let snapshot: Snapshot = serde_json::from_str(&db.merge_snapshot(log.id)?)
            .map_err(|e| Error::internal(format!("merge #{history_id}'s record is damaged: {e}")))?;
        let survivor = db.contact_id_by_uid(&log.survivor_uid)?.ok_or_else(|| {
            Error::user(format!(
                "the contact merge #{history_id} kept no longer exists; nothing to undo"
            ))
        })?;
        let now = db
            .contact(survivor)?
            .ok_or_else(|| Error::internal("the survivor vanished"))?;
        let edited = fingerprint(&now) != snapshot.after;
        if edited && !force {
            return Err(Error::user(format!(
                "contact #{survivor} was edited after merge #{history_id}; undoing it would lose those edits"
            ))
            .with_hint(format!(
                "kith undo {history_id} --force brings the merged contacts back and puts #{survivor} as it was before the merge"
            )));
        }
        let (restored, renumbered) = restore(db, &snapshot, survivor)?;
        let summary = format!(
            "undid merge #{history_id}: {} back from #{survivor}",
            restored
                .iter()
                .map(|id| format!("#{id}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        let detail = serde_json::json!({
            "merge": history_id,
            "survivor": survivor,
            "restored": restored,
            "renumbered": renumbered,
            "forced": edited,
        })
        .to_string();
        db.add_audit(&at, "undo", &summary, Some(&detail))?;
        db.set_merge_undone(log.id, &stamp)?;
        Ok(Undone {
            history_id,
            survivor,
            restored,
            renumbered,
            overwrote_edits: edited,
        })
    })
}

/// The merge to undo: the one with audit id `history_id`, or the newest
/// not undone.
fn pick(logs: &[MergeLogRow], history_id: Option<i64>) -> Result<&MergeLogRow> {
    match history_id {
        Some(id) => logs.iter().find(|l| l.audit_id == Some(id)).ok_or_else(|| {
            Error::user(format!("#{id} is not a merge in the history"))
                .with_hint("`kith history` lists what can be undone")
        }),
        None => logs
            .iter()
            .rev()
            .find(|l| l.undone_at.is_none())
            .ok_or_else(|| Error::user("there is no merge to undo")),
    }
}

/// The contacts an undo brought back, and (old id, new id) of those renumbered.
type Restored = (Vec<i64>, Vec<(i64, i64)>);

/// Writes the snapshot back: the survivor (`survivor`) as it was, the
/// absorbed contacts under their old ids where free, and the moved rows.
/// Returns the restored contacts' ids and the ones renumbered.
fn restore(db: Db<'_>, snapshot: &Snapshot, survivor: i64) -> Result<Restored> {
    let merged_terms = db.search_terms_of(survivor)?;
    db.delete_contact_parts(survivor)?;
    for c in &snapshot.contacts {
        if let Some(keys) = c.tables.iter().find(|t| t.table == "import_key") {
            db.delete_import_keys(keys)?;
        }
    }
    let mut ids = Renumbering::new();
    let mut restored = Vec::new();
    let mut renumbered = Vec::new();
    for (i, c) in snapshot.contacts.iter().enumerate() {
        let id = if i == 0 {
            if let Some(row) = c.tables.iter().find(|t| t.table == "contact") {
                db.overwrite_contact_row(survivor, row)?;
            }
            survivor
        } else {
            let row = c
                .tables
                .iter()
                .find(|t| t.table == "contact")
                .ok_or_else(|| Error::internal("a merge record without its contact row"))?;
            let id = db.insert_snapshot_rows(row, None)?;
            if id != c.id {
                renumbered.push((c.id, id));
            }
            restored.push(id);
            id
        };
        ids.insert(c.id, id);
        db.clear_history_rows(id)?;
        // Campaign rows are moved back below, not rewritten.
        for rows in c
            .tables
            .iter()
            .filter(|t| t.table != "contact" && !CAMPAIGN_TABLES.contains(&t.table.as_str()))
        {
            db.insert_snapshot_rows(rows, Some(id))?;
        }
    }
    for (table, moved) in [
        ("interaction", &snapshot.interactions),
        ("follow_up", &snapshot.follow_ups),
    ] {
        for &(row, old) in moved {
            let to = ids.get(&old).copied().unwrap_or(old);
            db.move_back(table, row, survivor, to)?;
        }
    }
    super::campaigns::restore(db, snapshot, survivor, &ids)?;
    db.recompute_last_interaction(survivor, true)?;
    for &id in ids.values() {
        db.rewrite_derived(id)?;
    }
    db.drop_unused_search_words(&merged_terms)?;
    Ok((restored, renumbered))
}
