//! Everything kith holds on one person, as one JSON document (the right of
//! access): the contact, every interaction with its body, every follow-up
//! open or done, where the contact came from, and the audit entries of the
//! imports that brought it in. The shape is documented in docs/formats.md.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::domain::follow_up::FollowUp;
use crate::domain::interaction::Interaction;
use crate::domain::text::{printable, printable_multiline};
use crate::error::{Error, Result};
use crate::formats::json::{JSON_VERSION, JsonContact};
use crate::store::{AuditEntry, ImportKey};

use super::Ctx;

#[derive(Debug, Serialize)]
pub struct Dossier {
    pub kith: u32,
    pub exported_at: String,
    pub contact: JsonContact,
    pub interactions: Vec<DossierInteraction>,
    pub follow_ups: Vec<DossierFollowUp>,
    pub sources: Vec<ImportKey>,
    pub audit: Vec<DossierAudit>,
}

#[derive(Debug, Serialize)]
pub struct DossierInteraction {
    pub uid: String,
    pub kind: &'static str,
    pub direction: Option<&'static str>,
    pub at: String,
    pub summary: String,
    pub body: Option<String>,
    pub amount: Option<String>,
    pub rating: Option<i64>,
    pub nps: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct DossierFollowUp {
    pub uid: String,
    pub due: String,
    pub note: String,
    pub every: Option<String>,
    pub snoozed_until: Option<String>,
    pub done_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DossierAudit {
    pub id: i64,
    pub at: String,
    pub action: String,
    pub summary: String,
    /// The entry's JSON detail as written (a string if it is not JSON).
    pub detail: Option<serde_json::Value>,
}

fn line(s: &str) -> String {
    printable(s).into_owned()
}

impl From<&Interaction> for DossierInteraction {
    fn from(i: &Interaction) -> Self {
        DossierInteraction {
            uid: i.uid.clone(),
            kind: i.kind.as_str(),
            direction: i
                .direction
                .map(crate::domain::interaction::Direction::as_str),
            at: i.at.clone(),
            summary: line(&i.summary),
            body: i
                .body
                .as_deref()
                .map(|b| printable_multiline(b).into_owned()),
            amount: i.amount.as_ref().map(ToString::to_string),
            rating: i.rating,
            nps: i.nps,
        }
    }
}

impl From<&FollowUp> for DossierFollowUp {
    fn from(f: &FollowUp) -> Self {
        DossierFollowUp {
            uid: f.uid.clone(),
            due: f.due.to_storage(),
            note: printable_multiline(&f.note).into_owned(),
            every: f.every.map(|e| e.to_string()),
            snoozed_until: f.snoozed_until.map(|w| w.to_storage()),
            done_at: f.done_at.clone(),
        }
    }
}

impl From<AuditEntry> for DossierAudit {
    fn from(a: AuditEntry) -> Self {
        let detail = a.detail.map(|d| {
            serde_json::from_str(&d)
                .unwrap_or_else(|_| serde_json::Value::String(printable_multiline(&d).into_owned()))
        });
        DossierAudit {
            id: a.id,
            at: a.at,
            action: line(&a.action),
            summary: line(&a.summary),
            detail,
        }
    }
}

/// Gathers everything held on contact `id`, in one read snapshot.
pub fn dossier(ctx: &Ctx, id: i64) -> Result<Dossier> {
    let db = ctx.store.db();
    let contact = db
        .contact(id)?
        .ok_or_else(|| Error::user(format!("no contact #{id}")))?;
    let interactions = db.interactions_of(id, None)?;
    let follow_ups = db.all_follow_ups_of(id)?;
    let sources = db.import_keys_of(id)?;
    let mut audit_ids: Vec<i64> = sources.iter().filter_map(|s| s.audit_id).collect();
    audit_ids.sort_unstable();
    audit_ids.dedup();
    let audit = db.audit_entries_by_id(&audit_ids)?;
    Ok(Dossier {
        kith: JSON_VERSION,
        exported_at: ctx.clock.stamp(),
        contact: JsonContact::from_contact(&contact),
        interactions: interactions.iter().map(DossierInteraction::from).collect(),
        follow_ups: follow_ups.iter().map(DossierFollowUp::from).collect(),
        sources: sources
            .into_iter()
            .map(|s| ImportKey {
                scope: line(&s.scope),
                key: line(&s.key),
                audit_id: s.audit_id,
            })
            .collect(),
        audit: audit.into_iter().map(DossierAudit::from).collect(),
    })
}

/// Writes [`dossier`] as pretty JSON.
pub fn write_dossier(ctx: &Ctx, id: i64, out: &mut dyn Write) -> Result<()> {
    let d = dossier(ctx, id)?;
    serde_json::to_writer_pretty(&mut *out, &d).map_err(|e| match e.io_error_kind() {
        Some(kind) => Error::from(std::io::Error::from(kind)),
        None => Error::internal(format!("cannot write JSON: {e}")),
    })?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// [`write_dossier`] into a private file, replaced whole.
pub fn write_dossier_to_file(ctx: &Ctx, id: i64, path: &Path) -> Result<()> {
    super::files::write_private(path, |out| write_dossier(ctx, id, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dossier_holds_the_timeline_and_where_the_contact_came_from() {
        let ctx = crate::ops::demo::test_ctx(5, 40, 7);
        let id = ctx
            .store
            .db()
            .contacts(
                &crate::store::ContactFilter::default(),
                crate::store::ContactSort::Name,
            )
            .expect("contacts")
            .into_iter()
            .max_by_key(|c| ctx.store.db().timeline_counts(c.id).expect("counts").0)
            .expect("someone")
            .id;
        let (interactions, follow_ups) = ctx.store.db().timeline_counts(id).expect("counts");
        let d = dossier(&ctx, id).expect("dossier");
        assert_eq!(d.interactions.len() as i64, interactions);
        assert_eq!(d.follow_ups.len() as i64, follow_ups);
        assert!(d.sources.is_empty() && d.audit.is_empty());
    }
}
