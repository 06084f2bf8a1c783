//! Campaign rows in a merge's undo. A merge moved an absorbed contact's
//! recipient row (and its response) to the survivor unless the survivor
//! was a recipient of that campaign already; then the absorbed one was
//! dropped. An undo moves the moved rows back as they are now (a message
//! sent since the merge stays sent, so it is never sent twice) and writes
//! the dropped ones back from the snapshot.

use std::collections::HashSet;

use crate::error::Result;
use crate::store::{Db, SqlValue, TableRows};

use super::{ContactRows, Renumbering, Snapshot};

/// The campaign ids of a contact's rows in `table`, in snapshot order.
fn campaigns(c: &ContactRows, table: &str) -> Vec<(usize, i64)> {
    let Some(rows) = c.tables.iter().find(|t| t.table == table) else {
        return Vec::new();
    };
    (0..rows.rows.len())
        .filter_map(|i| match rows.get(i, "campaign_id") {
            Some(SqlValue::Integer(id)) => Some((i, *id)),
            _ => None,
        })
        .collect()
}

/// Puts the absorbed contacts' campaign rows back; `ids` maps their old
/// ids to the ids they came back under.
pub(super) fn restore(
    db: Db<'_>,
    snapshot: &Snapshot,
    survivor: i64,
    ids: &Renumbering,
) -> Result<()> {
    let Some(first) = snapshot.contacts.first() else {
        return Ok(());
    };
    // The campaigns the survivor was in, then (as the merge went, contact
    // by contact) each one whose row an absorbed contact gave it.
    let mut taken: HashSet<i64> = campaigns(first, "campaign_recipient")
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    for c in snapshot.contacts.iter().skip(1) {
        let id = ids.get(&c.id).copied().unwrap_or(c.id);
        let mut dropped = Vec::new();
        for (row, campaign) in campaigns(c, "campaign_recipient") {
            if taken.insert(campaign) {
                db.move_campaign_back(campaign, survivor, id)?;
            } else {
                dropped.push(row);
            }
        }
        write_back(db, c, "campaign_recipient", &dropped, id)?;
        let answered: HashSet<i64> = db.campaign_responses_of(id)?.into_iter().collect();
        let missing: Vec<usize> = campaigns(c, "campaign_response")
            .into_iter()
            .filter(|(_, campaign)| !answered.contains(campaign))
            .map(|(row, _)| row)
            .collect();
        write_back(db, c, "campaign_response", &missing, id)?;
    }
    Ok(())
}

/// Inserts rows `which` of a contact's `table` snapshot under contact `id`;
/// a send's interaction deleted since is no longer named.
fn write_back(db: Db<'_>, c: &ContactRows, table: &str, which: &[usize], id: i64) -> Result<()> {
    let Some(rows) = c.tables.iter().find(|t| t.table == table) else {
        return Ok(());
    };
    if which.is_empty() {
        return Ok(());
    }
    let mut subset = TableRows {
        table: rows.table.clone(),
        columns: rows.columns.clone(),
        rows: which
            .iter()
            .filter_map(|&i| rows.rows.get(i).cloned())
            .collect(),
    };
    if let Some(col) = subset.columns.iter().position(|c| c == "interaction_id") {
        for row in &mut subset.rows {
            if let Some(SqlValue::Integer(i)) = row.get(col)
                && !db.interaction_exists(*i)?
            {
                row[col] = SqlValue::Null;
            }
        }
    }
    db.insert_snapshot_rows(&subset, Some(id))?;
    Ok(())
}
