//! `kith forget`: erase a person (the right to erasure). The contact goes
//! with every interaction, follow-up and import key; what stays is a salted
//! hash of each e-mail and phone (so a later import can recognise them and
//! ask first) and an audit entry holding counts only. The write runs with
//! `secure_delete` on, then the file is rewritten (`VACUUM`, which also
//! drops what earlier edits left in free space) and the WAL emptied, so the
//! erased rows linger neither in free pages nor in the `-wal` file.

use crate::domain::privacy::{fingerprint, identity_keys};
use crate::error::{Error, Result};

use super::Ctx;

/// What forgetting someone erased (counts only: nothing that names them).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Forgotten {
    pub interactions: i64,
    pub follow_ups: i64,
    /// E-mails and phones kept as salted hashes.
    pub hashes: usize,
    /// Whether the WAL could be emptied (false while another process reads).
    pub wal_emptied: bool,
}

/// What [`forget`] would erase: (interactions, follow-ups).
pub fn preview(ctx: &Ctx, id: i64) -> Result<(i64, i64)> {
    if !ctx.store.db().contact_exists(id)? {
        return Err(Error::user(format!("no contact #{id}")));
    }
    Ok(ctx.store.db().timeline_counts(id)?)
}

/// Erases contact `id` in one transaction (see the module doc).
pub fn forget(ctx: &mut Ctx, id: i64) -> Result<Forgotten> {
    let at = ctx.clock.now().format("%Y-%m-%d %H:%M:%S").to_string();
    let fresh_salt = uuid::Uuid::new_v4().to_string();
    let outcome = ctx.store.with_secure_delete(|store| {
        store.write(|db| {
            let contact = db
                .contact(id)?
                .ok_or_else(|| Error::user(format!("no contact #{id}")))?;
            let (interactions, follow_ups) = db.timeline_counts(id)?;
            let terms = db.search_terms_of(id)?;
            let keys = identity_keys(&contact.emails, &contact.phones);
            let salt = db.forgotten_salt(&fresh_salt)?;
            for key in &keys {
                db.add_forgotten(&fingerprint(&salt, key), &at)?;
            }
            // The merges that involved them hold their rows; the pairs and
            // findings name them.
            db.forget_merges_of(&contact.uid)?;
            db.delete_contact(id)?;
            db.drop_unused_search_words(&terms)?;
            let summary = format!(
                "forgot a contact with {interactions} interactions and {follow_ups} follow-ups"
            );
            let detail = serde_json::json!({
                "interactions": interactions,
                "follow_ups": follow_ups,
                "hashes": keys.len(),
            })
            .to_string();
            db.add_audit(&at, "forget", &summary, Some(&detail))?;
            Ok::<_, Error>(Forgotten {
                interactions,
                follow_ups,
                hashes: keys.len(),
                wal_emptied: false,
            })
        })
    })?;
    // secure_delete zeroes the rows deleted now, but not the old copies that
    // earlier edits of this contact left in free space: rewrite the file.
    ctx.store.vacuum()?;
    let wal_emptied = ctx.store.checkpoint_truncate()?;
    Ok(Forgotten {
        wal_emptied,
        ..outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::privacy;

    #[test]
    fn only_hashes_and_counts_remain() {
        let mut ctx = crate::ops::demo::test_ctx(10, 80, 5);
        let db = ctx.store.db();
        let c = db
            .contacts(
                &crate::store::ContactFilter::default(),
                crate::store::ContactSort::Name,
            )
            .expect("contacts")
            .into_iter()
            .filter(|c| !c.emails.is_empty())
            .take(3)
            .collect::<Vec<_>>();
        // Their merge record and a "not a duplicate" pair name them too.
        let (d, e) = (c[1].id, c[2].id);
        crate::ops::merge::merge(&mut ctx, &[c[0].id, d], None).expect("merge");
        crate::ops::dedup::mark_not_duplicates(&mut ctx, &[c[0].id, e]).expect("mark");
        let db = ctx.store.db();
        let c = db.contact(c[0].id).expect("read").expect("merged");
        assert_eq!(db.merge_logs().expect("read").len(), 1);
        let (interactions, follow_ups) = preview(&ctx, c.id).expect("preview");
        let done = forget(&mut ctx, c.id).expect("forget");
        assert_eq!(
            (done.interactions, done.follow_ups),
            (interactions, follow_ups)
        );
        let db = ctx.store.db();
        assert!(!db.contact_exists(c.id).expect("read"));
        assert_eq!(db.timeline_counts(c.id).expect("counts"), (0, 0));
        let salt = db.existing_forgotten_salt().expect("read").expect("a salt");
        for key in privacy::identity_keys(&c.emails, &c.phones) {
            assert!(
                db.forgotten_at(&privacy::fingerprint(&salt, &key))
                    .expect("read")
                    .is_some()
            );
        }
        let audit = db.audit_entries(Some("forget"), 1).expect("audit");
        let entry = &audit[0];
        let text = format!(
            "{} {}",
            entry.summary,
            entry.detail.clone().unwrap_or_default()
        );
        assert!(
            !text.contains(&c.name) && !text.contains(&c.emails[0]),
            "{text}"
        );
        assert!(db.merge_logs().expect("read").is_empty());
        assert!(db.not_duplicates().expect("read").is_empty());
        assert!(forget(&mut ctx, c.id).is_err(), "already gone");
    }
}
