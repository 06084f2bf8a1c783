//! Cleanup: the data checks of `kith check --data` and the Cleanup pane, and
//! their fixes. The rules are in `domain::cleanup`; this reads the contacts,
//! leaves out what the user skipped, and writes fixes and skips.

use crate::domain::cleanup::{self, DataFinding, Fix, Rules};
use crate::domain::contact::{Phone, clean_name, split_given_family};
use crate::domain::text::printable;
use crate::error::{Error, Result};

use super::Ctx;
use super::capture::save_in;

/// Every finding of every data check over live contacts, by contact then
/// check; findings the user skipped (same check, contact and value) are
/// left out.
pub fn findings(ctx: &Ctx) -> Result<Vec<DataFinding>> {
    let db = ctx.store.db();
    let skips = db.finding_skips()?;
    let rules = rules(ctx);
    let mut out = Vec::new();
    for subject in db.cleanup_subjects(None)? {
        out.extend(cleanup::check(&subject, &rules).into_iter().filter(|f| {
            !skips.contains(&(
                f.check.as_str().to_string(),
                f.contact_uid.clone(),
                f.value.clone(),
            ))
        }));
    }
    Ok(out)
}

fn rules(ctx: &Ctx) -> Rules {
    Rules {
        now: ctx.clock.now(),
        phone_region: ctx.config.phone_region(),
        stale_months: ctx.config.stale_months,
    }
}

/// Applies the finding's fix in one transaction. If the value it is about
/// changed meanwhile (another process, the shell), nothing is written and
/// the error says so.
pub fn apply_fix(ctx: &mut Ctx, finding: &DataFinding) -> Result<()> {
    let rules = rules(ctx);
    let now = ctx.clock.stamp();
    let id = finding.contact_id;
    ctx.store.write(|db| {
        // The checks run again inside the write: the fix is applied only
        // if the same finding still stands, so a value changed meanwhile is
        // never written over.
        let stands = db
            .cleanup_subjects(Some(id))?
            .into_iter()
            .filter(|s| s.uid == finding.contact_uid)
            .flat_map(|s| cleanup::check(&s, &rules))
            .any(|f| f.check == finding.check && f.value == finding.value && f.fix == finding.fix);
        let mut c = match db.contact(id)? {
            Some(c) if stands && !c.archived => c,
            _ => {
                return Err(Error::user(format!(
                    "#{id} {} changed since it was checked; nothing was written",
                    printable(&finding.name)
                ))
                .with_hint("run `kith check --data` again"));
            }
        };
        match &finding.fix {
            Fix::Archive => {
                db.set_archived(id, true, &now)?;
                return Ok(());
            }
            Fix::SetName { name } => {
                c.name = clean_name(name)?;
                (c.given_name, c.family_name) = split_given_family(&c.name);
            }
            Fix::SetEmail { from, to } => {
                for e in &mut c.emails {
                    if e == from {
                        e.clone_from(to);
                    }
                }
            }
            Fix::RemoveEmail { email } => c.emails.retain(|e| e != email),
            Fix::SetPhone { from, to } => {
                let parsed = Phone::parse(from, rules.phone_region.as_deref())?;
                if parsed.e164.as_ref() != Some(to) {
                    return Err(Error::user(format!(
                        "{} no longer reads as {to}; nothing was written",
                        printable(from)
                    )));
                }
                for p in &mut c.phones {
                    if p.raw == *from && p.e164.is_none() {
                        *p = parsed.clone();
                    }
                }
            }
            Fix::RemovePhone { raw } => c.phones.retain(|p| p.raw != *raw || p.e164.is_some()),
            Fix::Manual { advice } => {
                return Err(Error::user(format!(
                    "kith cannot fix this alone: {}",
                    printable(advice)
                )));
            }
        }
        c.updated_at.clone_from(&now);
        save_in(db, &c)
    })
}

/// Remembers that the user skipped this finding: it does not come back
/// while its value is unchanged.
pub fn skip(ctx: &mut Ctx, finding: &DataFinding) -> Result<()> {
    let now = ctx.clock.stamp();
    ctx.store.write(|db| {
        Ok(db.add_finding_skip(
            finding.check.as_str(),
            &finding.contact_uid,
            &finding.value,
            &now,
        )?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cleanup::DataCheck;
    use crate::domain::contact::Contact;

    /// A database holding `contacts` exactly as given (past the input
    /// rules, as an import from an older kith could leave them).
    fn ctx_with(contacts: &[Contact]) -> Ctx {
        let mut ctx = crate::ops::demo::test_ctx(0, 0, 1);
        ctx.store
            .write(|db| {
                for c in contacts {
                    db.insert_contact(c)?;
                }
                Ok::<_, Error>(())
            })
            .expect("insert");
        ctx
    }

    fn contact(name: &str, email: &str) -> Contact {
        let mut c = Contact::new(crate::ops::new_uid(), name, "2026-11-01T10:00:00Z");
        c.emails = vec![email.to_string()];
        c
    }

    fn checks(ctx: &Ctx) -> Vec<(i64, DataCheck, String)> {
        findings(ctx)
            .expect("findings")
            .into_iter()
            .map(|f| (f.contact_id, f.check, f.value))
            .collect()
    }

    #[test]
    fn findings_cover_live_contacts_by_id_then_check() {
        let mut archived = contact("GONE", "x@example,com");
        archived.archived = true;
        let mut ctx = ctx_with(&[
            contact("JANE DOE", "jane@example,com"),
            contact("Bob Smith", "bob@example.com"),
            archived,
            contact(" Ann Lee", "ann"),
        ]);
        assert_eq!(
            checks(&ctx),
            vec![
                (1, DataCheck::BadEmail, "jane@example,com".into()),
                (1, DataCheck::NameCase, "JANE DOE".into()),
                (4, DataCheck::BadEmail, "ann".into()),
                (4, DataCheck::NameSpacing, " Ann Lee".into()),
            ]
        );
        ctx.config.stale_months = 0;
        assert_eq!(checks(&ctx).len(), 4);
    }

    #[test]
    fn fixes_write_through_the_store_keeping_keys_and_search_right() {
        let mut ctx = ctx_with(&[contact("JANE  DOE", "Jane@Example,com")]);
        for f in findings(&ctx).expect("findings") {
            apply_fix(&mut ctx, &f).expect("fix");
        }
        let db = ctx.store.db();
        let c = db.contact(1).expect("db").expect("contact");
        assert_eq!(c.name, "Jane Doe");
        assert_eq!(
            (c.given_name.as_deref(), c.family_name.as_deref()),
            (Some("Jane"), Some("Doe"))
        );
        assert_eq!(c.emails, ["Jane@Example.com"]);
        assert_eq!(db.contacts_by_email("jane@example.com").expect("db"), [1]);
        let named = db.contacts_sharing_name_token("doe").expect("db");
        assert_eq!(named, [(1, "Jane Doe".to_string())]);
        assert_eq!(checks(&ctx), vec![], "nothing left to find");
    }

    #[test]
    fn phones_are_parsed_again_or_removed_and_the_unreachable_archived() {
        let mut c = contact("Jane Doe", "jane@example.com");
        c.emails.clear();
        c.phones = vec![
            Phone {
                raw: "030 1234567".into(),
                e164: None,
            },
            Phone {
                raw: "12".into(),
                e164: None,
            },
        ];
        let mut ctx = ctx_with(&[c]);
        ctx.config.phone_region = "DE".into();
        for f in findings(&ctx).expect("findings") {
            apply_fix(&mut ctx, &f).expect("fix");
        }
        let c = ctx.store.db().contact(1).expect("db").expect("contact");
        assert_eq!(
            c.phones,
            [Phone {
                raw: "030 1234567".into(),
                e164: Some("+49301234567".into())
            }]
        );
        let by_key = Phone::parse("+49 30 1234567", None).expect("phone");
        assert_eq!(ctx.store.db().contacts_by_phone(&by_key).expect("db"), [1]);

        let mut none = contact("Ann Lee", "x@example.com");
        none.emails.clear();
        let mut ctx = ctx_with(&[none]);
        let f = findings(&ctx).expect("findings");
        assert_eq!(f[0].check, DataCheck::Unreachable);
        apply_fix(&mut ctx, &f[0]).expect("archive");
        assert!(ctx.store.db().contact(1).expect("db").expect("c").archived);
        assert_eq!(checks(&ctx), vec![], "archived contacts are not checked");
    }

    #[test]
    fn a_fix_of_a_value_changed_meanwhile_writes_nothing() {
        let mut ctx = ctx_with(&[contact("JANE DOE", "jane@example,com")]);
        let found = findings(&ctx).expect("findings");
        // Another process corrects the e-mail and renames the contact.
        let mut c = ctx.store.db().contact(1).expect("db").expect("contact");
        c.emails = vec!["jane@example.org".into()];
        c.name = "JANE SMITH".into();
        ctx.store.write(|db| save_in(db, &c)).expect("save");
        let before = ctx.store.db().contact(1).expect("db").expect("contact");
        for f in &found {
            let err = apply_fix(&mut ctx, f).expect_err("stale finding");
            assert!(
                err.to_string().contains("changed since it was checked"),
                "{err}"
            );
        }
        assert_eq!(ctx.store.db().contact(1).expect("db").expect("c"), before);
    }

    #[test]
    fn a_correction_held_by_another_contact_is_refused_with_nothing_changed() {
        let mut ctx = ctx_with(&[
            contact("Jane Doe", "jane@example,com"),
            contact("Jane Other", "jane@example.com"),
        ]);
        let f = findings(&ctx).expect("findings");
        let before = ctx.store.db().contact(1).expect("db").expect("contact");
        let err = apply_fix(&mut ctx, &f[0]).expect_err("one email, one contact");
        assert!(
            err.to_string().contains("already belongs to contact #2"),
            "{err}"
        );
        assert_eq!(ctx.store.db().contact(1).expect("db").expect("c"), before);
    }

    #[test]
    fn manual_advice_is_not_applied() {
        let mut c = contact("Jane Doe", "jane@example.com");
        c.kind = crate::domain::contact::StakeholderKind::Customer;
        let mut ctx = ctx_with(&[c]);
        let f = findings(&ctx).expect("findings");
        assert_eq!(f[0].check, DataCheck::NoConsent);
        let err = apply_fix(&mut ctx, &f[0]).expect_err("manual");
        assert!(
            err.to_string().contains("kith edit 1 --consent granted"),
            "{err}"
        );
    }

    #[test]
    fn a_skip_survives_a_rescan_until_the_value_changes() {
        let mut ctx = ctx_with(&[
            contact("Jane Doe", "jane@example,com"),
            contact("bob smith", "bob@example.com"),
        ]);
        let found = findings(&ctx).expect("findings");
        assert_eq!(found.len(), 2);
        skip(&mut ctx, &found[0]).expect("skip");
        skip(&mut ctx, &found[0]).expect("skipping twice is fine");
        assert_eq!(
            checks(&ctx),
            vec![(2, DataCheck::NameCase, "bob smith".into())]
        );
        // A new bad value is a new finding.
        let mut c = ctx.store.db().contact(1).expect("db").expect("contact");
        c.emails = vec!["jane@example,org".into()];
        ctx.store.write(|db| save_in(db, &c)).expect("save");
        assert_eq!(
            checks(&ctx),
            vec![
                (1, DataCheck::BadEmail, "jane@example,org".into()),
                (2, DataCheck::NameCase, "bob smith".into())
            ]
        );
    }
}
