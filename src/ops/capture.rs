//! Capturing and changing contacts and interactions.

use crate::domain::Invalid;
use crate::domain::contact::{self, Contact, ContactInput, clean_email, clean_name, clean_tag};
use crate::domain::interaction::NewInteraction;
use crate::domain::search::fold;
use crate::error::{Error, Result};
use crate::store::Db;

use super::{Ctx, new_uid};

/// An existing contact that looks like the one being added, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Duplicate {
    pub id: i64,
    pub name: String,
    pub reason: String,
}

#[derive(Debug)]
pub enum AddOutcome {
    Added(i64),
    /// Nothing was added: these look like the same person (use `force`).
    Duplicates(Vec<Duplicate>),
}

/// Builds a new contact from `input` (the name is required).
pub fn new_contact(ctx: &Ctx, input: ContactInput) -> Result<Contact> {
    let mut c = Contact::new(new_uid(), String::new(), &ctx.clock.stamp());
    if input.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(Invalid::new("name", "the name is empty")
            .hint(r#"kith add "Jane Doe" --email jane@acme.io"#)
            .into());
    }
    apply_input(ctx, &mut c, input)?;
    Ok(c)
}

/// Applies every set value of `input` to `c` (validating each), for add and edit.
pub fn apply_input(ctx: &Ctx, c: &mut Contact, input: ContactInput) -> Result<()> {
    apply_input_at(&ctx.clock.stamp(), c, input)
}

/// [`apply_input`] with the time of the change given.
fn apply_input_at(now: &str, c: &mut Contact, input: ContactInput) -> Result<()> {
    if let Some(name) = input.name {
        c.name = clean_name(&name)?;
        (c.given_name, c.family_name) = contact::split_given_family(&c.name);
    }
    for key in &input.unset {
        match key.as_str() {
            "org" => c.org = None,
            "title" => c.title = None,
            "street" => c.street = None,
            "city" => c.city = None,
            "region" => c.region = None,
            "postcode" => c.postcode = None,
            "country" => c.country = None,
            "stage" => c.stage = None,
            "birthday" => c.birthday = None,
            "email" => c.emails.clear(),
            "phone" => c.phones.clear(),
            "cadence" => c.cadence = None,
            other => {
                let key = other.strip_prefix("field.").unwrap_or(other).to_lowercase();
                if c.fields.remove(&key).is_none() {
                    return Err(Invalid::new(
                        "--unset",
                        format!("{other:?} is not set on {}", c.name),
                    )
                    .hint(format!(
                        "built-in: {}; or a custom field key",
                        contact::UNSETTABLE.join(", ")
                    ))
                    .into());
                }
            }
        }
    }
    for e in input.emails {
        let e = clean_email(&e)?;
        if !c
            .emails
            .iter()
            .any(|x| contact::email_key(x) == contact::email_key(&e))
        {
            c.emails.push(e);
        }
    }
    for p in input.phones {
        if !c.phones.iter().any(|x| x.key() == p.key()) {
            c.phones.push(p);
        }
    }
    for (field, value, slot) in [
        ("org", input.org, &mut c.org),
        ("title", input.title, &mut c.title),
        ("street", input.street, &mut c.street),
        ("city", input.city, &mut c.city),
        ("region", input.region, &mut c.region),
        ("postcode", input.postcode, &mut c.postcode),
        ("country", input.country, &mut c.country),
    ] {
        if let Some(v) = value {
            *slot = contact::clean_line(field, &v)?;
        }
    }
    for t in input.tags {
        let t = clean_tag(&t)?;
        if !c.tags.contains(&t) {
            c.tags.push(t);
        }
    }
    for t in input.untag {
        let t = clean_tag(&t)?;
        c.tags.retain(|x| *x != t);
    }
    c.tags.sort();
    if let Some(k) = input.kind {
        c.kind = k;
    }
    if let Some(s) = input.stage {
        c.stage = Some(s);
    }
    if let Some(s) = input.source {
        c.source = contact::clean_line("source", &s)?.unwrap_or_default();
    }
    if let Some(b) = input.birthday {
        c.birthday = Some(b);
    }
    for (k, v) in input.fields {
        contact::check_visible(&format!("field {k}"), &v)?;
        c.fields.insert(k, v);
    }
    if let Some(cadence) = input.cadence {
        c.cadence = Some(cadence);
    }
    if let Some(consent) = input.consent
        && consent != c.consent
    {
        c.consent = consent;
        c.consent_at = Some(now.to_string());
    }
    c.updated_at = now.to_string();
    Ok(())
}

/// Existing contacts with the same email or phone, or a very similar name.
pub fn possible_duplicates(db: Db<'_>, c: &Contact) -> Result<Vec<Duplicate>> {
    let mut out: Vec<Duplicate> = Vec::new();
    let mut push = |db: Db<'_>, id: i64, reason: String| -> Result<()> {
        if id == c.id || out.iter().any(|d| d.id == id) {
            return Ok(());
        }
        if let Some(other) = db.contact(id)? {
            out.push(Duplicate {
                id,
                name: other.name,
                reason,
            });
        }
        Ok(())
    };
    for e in &c.emails {
        for id in db.contacts_by_email(e)? {
            push(db, id, format!("same email {e}"))?;
        }
    }
    for p in &c.phones {
        for id in db.contacts_by_phone(p)? {
            push(db, id, format!("same phone {}", p.display()))?;
        }
    }
    for (id, name) in db.contacts_sharing_name_token(&c.name)? {
        if similar_names(&name, &c.name) {
            push(db, id, format!("similar name {name:?}"))?;
        }
    }
    Ok(out)
}

/// Same words in any order after folding, or a one-letter typo in a long name.
pub fn similar_names(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        let mut w: Vec<String> = fold(s).split_whitespace().map(str::to_string).collect();
        w.sort();
        w.join(" ")
    };
    let (a, b) = (words(a), words(b));
    a == b || (a.len() >= 8 && strsim::levenshtein(&a, &b) <= 1)
}

/// Adds a contact unless it looks like a duplicate (or `force`).
pub fn add_contact(ctx: &mut Ctx, c: &Contact, force: bool) -> Result<AddOutcome> {
    ctx.store.write(|db| {
        if !force {
            let dups = possible_duplicates(db, c)?;
            if !dups.is_empty() {
                return Ok(AddOutcome::Duplicates(dups));
            }
        }
        Ok(AddOutcome::Added(db.insert_contact(c)?))
    })
}

/// Saves an edited contact. An email or phone that another contact already
/// holds is refused: one email, one contact.
pub fn save_contact(ctx: &mut Ctx, c: &Contact) -> Result<()> {
    ctx.store.write(|db| save_in(db, c))
}

/// Writes `c` over its row, unless one of its emails belongs to another contact.
pub(crate) fn save_in(db: Db<'_>, c: &Contact) -> Result<()> {
    for e in &c.emails {
        if let Some(other) = db.contacts_by_email(e)?.into_iter().find(|id| *id != c.id) {
            return Err(Error::user(format!(
                "{} already belongs to contact #{other}; nothing changed",
                crate::domain::text::printable(e)
            ))
            .with_hint(format!(
                "one email, one contact: take it off #{other} first (see `kith show {other}`), \
                 or use another address"
            )));
        }
    }
    db.update_contact(c)?;
    Ok(())
}

/// What [`edit_contact`] did.
pub enum Edited {
    Saved(Box<Contact>),
    /// Nothing was written: these fields the edit changes were changed
    /// elsewhere since the editor read them; `current` is the contact now.
    Conflict {
        current: Box<Contact>,
        fields: Vec<&'static str>,
    },
}

/// Edits contact `id` in one transaction: reads it as it is now, asks
/// `conflicts` which of the edit's fields clash with that (a form loaded
/// earlier passes its check; the CLI, which reads and writes at once,
/// passes none), then applies `input` and saves. Reading inside the write
/// means a change made by another process in between is never written over.
pub fn edit_contact(
    ctx: &mut Ctx,
    id: i64,
    input: ContactInput,
    conflicts: impl FnOnce(&Contact) -> Vec<&'static str>,
) -> Result<Edited> {
    let now = ctx.clock.stamp();
    ctx.store.write(|db| {
        let mut c = db
            .contact(id)?
            .ok_or_else(|| Error::user(format!("no contact #{id}: it was removed")))?;
        let fields = conflicts(&c);
        if !fields.is_empty() {
            return Ok(Edited::Conflict {
                current: Box::new(c),
                fields,
            });
        }
        apply_input_at(&now, &mut c, input)?;
        save_in(db, &c)?;
        Ok(Edited::Saved(Box::new(c)))
    })
}

pub fn log_interaction(ctx: &mut Ctx, n: &NewInteraction) -> Result<i64> {
    n.validate()?;
    n.check_not_future(ctx.clock.now())?;
    let now = ctx.clock.stamp();
    ctx.store.write(|db| {
        if !db.contact_exists(n.contact_id)? {
            return Err(Error::user(format!("no contact #{}", n.contact_id)));
        }
        Ok(db.insert_interaction(&new_uid(), n, &now)?)
    })
}

pub fn set_archived(ctx: &mut Ctx, id: i64, archived: bool) -> Result<()> {
    let now = ctx.clock.stamp();
    ctx.store
        .write(|db| Ok(db.set_archived(id, archived, &now)?))
}

pub fn delete_contact(ctx: &mut Ctx, id: i64) -> Result<()> {
    ctx.store.write(|db| Ok(db.delete_contact(id)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_reads_the_contact_inside_its_write_and_a_clash_writes_nothing() {
        let mut ctx = crate::ops::demo::test_ctx(20, 0, 3);
        let before = ctx.store.db().contact(5).expect("db").expect("contact");
        let title = |t: &str| ContactInput {
            title: Some(t.into()),
            ..ContactInput::default()
        };
        let clash = edit_contact(&mut ctx, 5, title("Chief"), |_| vec!["Title"]).expect("edit");
        assert!(matches!(clash, Edited::Conflict { ref fields, .. } if fields == &["Title"]));
        assert_eq!(ctx.store.db().contact(5).expect("db").expect("c"), before);
        let saved = edit_contact(&mut ctx, 5, title("Chief"), |_| Vec::new()).expect("edit");
        assert!(matches!(saved, Edited::Saved(ref c) if c.title.as_deref() == Some("Chief")));
        let after = ctx.store.db().contact(5).expect("db").expect("contact");
        assert_eq!(after.title.as_deref(), Some("Chief"));
        assert_eq!(after.org, before.org, "only the edited field moved");
    }

    #[test]
    fn similar_names_fold_and_reorder() {
        assert!(similar_names("José García", "garcia jose"));
        assert!(similar_names("Jonathan Smith", "Jonathon Smith"));
        assert!(!similar_names("Jane Doe", "John Doe"));
    }

    #[test]
    fn an_invisible_character_does_not_hide_a_similar_name() {
        let mut ctx = crate::ops::demo::test_ctx(0, 0, 1);
        let jane = ContactInput {
            name: Some("Jane Doe".into()),
            ..ContactInput::default()
        };
        let first = new_contact(&ctx, jane.clone()).expect("contact");
        let AddOutcome::Added(id) = add_contact(&mut ctx, &first, false).expect("add") else {
            panic!("the first Jane Doe is no duplicate");
        };
        // Built past the name rules, as text from an import could arrive.
        let mut other = new_contact(&ctx, jane).expect("contact");
        other.name = "J\u{200b}ane Doe".into();
        let dups = possible_duplicates(ctx.store.db(), &other).expect("dups");
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].id, id);
        assert!(
            dups[0].reason.starts_with("similar name"),
            "{}",
            dups[0].reason
        );
        assert!(similar_names("J\u{200b}ane Doe", "Jane Doe"));
    }
}
