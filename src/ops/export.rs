//! `kith export`: contacts out, in a standard format; and everything held
//! on one person as one JSON document (see [`super::dossier`]).

use std::io::Write;
use std::path::Path;

use crate::domain::contact::{Contact, clean_tag};
use crate::error::{Error, Result};
use crate::formats::Format;
use crate::store::{ContactFilter, ContactSort, Db};

use super::Ctx;

/// Which contacts to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Every live contact.
    All,
    /// Live contacts with this tag.
    Tag(String),
    /// These contacts (the TUI's current list), in this order.
    Ids(Vec<i64>),
}

/// Writes the selected contacts to `out`; returns how many.
pub fn export(
    ctx: &Ctx,
    format: Format,
    selection: &Selection,
    out: &mut dyn Write,
) -> Result<usize> {
    export_selected(ctx, format, selection, false, out)
}

/// [`export`] into a file, created 0600 and replaced whole (never half-written).
pub fn export_to_file(
    ctx: &Ctx,
    format: Format,
    selection: &Selection,
    path: &Path,
) -> Result<usize> {
    super::files::write_private(path, |out| {
        export_selected(ctx, format, selection, false, out)
    })
}

/// [`export`], with archived contacts too when `archived` (for
/// [`Selection::All`] and [`Selection::Tag`]; named ids are always exported).
pub fn export_selected(
    ctx: &Ctx,
    format: Format,
    selection: &Selection,
    archived: bool,
    out: &mut dyn Write,
) -> Result<usize> {
    let contacts = selected(ctx.store.db(), selection, archived)?;
    crate::formats::write(format, out, &contacts)?;
    out.flush()?;
    Ok(contacts.len())
}

/// The contacts of a selection, read in a few bulk queries.
pub fn selected(db: Db<'_>, selection: &Selection, archived: bool) -> Result<Vec<Contact>> {
    let filter = match selection {
        Selection::All => ContactFilter {
            include_archived: archived,
            ..ContactFilter::default()
        },
        Selection::Tag(tag) => ContactFilter {
            tag: Some(clean_tag(tag)?),
            include_archived: archived,
            ..ContactFilter::default()
        },
        Selection::Ids(ids) => ContactFilter {
            ids: Some(ids.clone()),
            include_archived: true,
            ..ContactFilter::default()
        },
    };
    let mut contacts = db.contacts(&filter, ContactSort::Name)?;
    if let Selection::Ids(ids) = selection {
        let order: std::collections::HashMap<i64, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        contacts.sort_by_key(|c| order.get(&c.id).copied().unwrap_or(usize::MAX));
        if contacts.len() < order.len() {
            let found: std::collections::HashSet<i64> = contacts.iter().map(|c| c.id).collect();
            let missing = ids
                .iter()
                .find(|id| !found.contains(id))
                .copied()
                .unwrap_or_default();
            return Err(Error::user(format!("no contact #{missing}")));
        }
    }
    Ok(contacts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::json;

    fn names(bytes: &[u8]) -> Vec<String> {
        let outcome = json::read(bytes).expect("reads back");
        outcome
            .entries
            .iter()
            .filter_map(|e| match e {
                crate::formats::Entry::Card(c) => c.name.clone(),
                crate::formats::Entry::Rejected { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_selection_picks_live_contacts_and_ids_keep_their_order() {
        let mut ctx = crate::ops::demo::test_ctx(30, 0, 3);
        let db = ctx.store.db();
        let all = db
            .contacts(&ContactFilter::default(), ContactSort::Name)
            .expect("all");
        let archived_id = all[0].id;
        crate::ops::capture::set_archived(&mut ctx, archived_id, true).expect("archive");

        let mut out = Vec::new();
        let n = export(&ctx, Format::Json, &Selection::All, &mut out).expect("export");
        assert_eq!(n, all.len() - 1);
        assert_eq!(names(&out).len(), n);

        let mut out = Vec::new();
        let n =
            export_selected(&ctx, Format::Json, &Selection::All, true, &mut out).expect("export");
        let on_file = ctx.store.db().count_contacts().expect("count");
        assert_eq!(n as i64, on_file);

        let ids = vec![all[3].id, archived_id, all[1].id];
        let mut out = Vec::new();
        export(&ctx, Format::Json, &Selection::Ids(ids), &mut out).expect("export");
        assert_eq!(
            names(&out),
            vec![
                all[3].name.clone(),
                all[0].name.clone(),
                all[1].name.clone()
            ]
        );
        let err = export(
            &ctx,
            Format::Json,
            &Selection::Ids(vec![999_999]),
            &mut Vec::new(),
        )
        .expect_err("unknown id");
        assert!(err.message.contains("#999999"), "{err}");
    }
}
