//! Who each card is: an existing contact (by UID, else e-mail, else the
//! row's remembered identity), a card met earlier in the same run, or
//! someone new; and what each contact gains from its cards.
//!
//! A phone number alone is not identity (a switchboard, a shared line): a
//! card whose only link to someone is a phone comes in as a new contact,
//! listed as a possible duplicate. A single value the file disagrees on
//! keeps the stored one and is reported; lists (e-mails, phones, tags,
//! custom fields) gain what is new, never twice.

use std::collections::{HashMap, HashSet};

use crate::domain::contact::{Consent, Contact, StakeholderKind, email_key};
use crate::domain::text::printable;
use crate::error::Result;
use crate::store::{ContactFilter, ContactSort, Db, ImportIndex};

use super::convert::Incoming;

/// The contact a card goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Existing(i64),
    /// The n-th new contact of this run.
    New(usize),
}

/// A note for the report: (file index, line, text).
pub(super) type Note = (usize, usize, String);

/// Everything an import would write, computed without writing.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub new: Vec<Contact>,
    pub updated: Vec<Contact>,
    pub unchanged: usize,
    /// `import_key` rows to add: (scope, key, contact).
    pub keys: Vec<(String, String, Target)>,
    pub warnings: Vec<Note>,
    pub duplicates: Vec<Note>,
}

/// What the run needs besides the cards.
pub(super) struct Run<'a> {
    /// Each file's scope for row identities ("row:<file name>").
    pub scopes: &'a [String],
    /// Each file's name as the report shows it.
    pub names: &'a [String],
    pub now: &'a str,
    pub consent: Option<Consent>,
}

/// Matches `cards` and merges them into a plan.
pub(super) fn plan(
    db: Db<'_>,
    index: &ImportIndex,
    mut cards: Vec<Incoming>,
    run: &Run<'_>,
) -> Result<Plan> {
    let mut out = Plan::default();
    let targets = match_cards(db, index, &mut cards, run, &mut out)?;
    let wanted: Vec<i64> = targets
        .iter()
        .filter_map(|t| match t {
            Target::Existing(id) => Some(*id),
            Target::New(_) => None,
        })
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut stored: HashMap<i64, (Contact, Contact)> = HashMap::new();
    if !wanted.is_empty() {
        let filter = ContactFilter {
            ids: Some(wanted),
            include_archived: true,
            ..ContactFilter::default()
        };
        for c in db.contacts(&filter, ContactSort::Created)? {
            stored.insert(c.id, (c.clone(), c));
        }
    }
    let mut order: Vec<i64> = Vec::new();
    let mut seen: HashSet<i64> = HashSet::new();
    for (card, target) in cards.into_iter().zip(targets) {
        let mut notes = Vec::new();
        match target {
            Target::New(n) if n == out.new.len() => {
                let mut c = card.contact;
                if c.uid.is_empty() {
                    c.uid = super::super::new_uid();
                }
                out.new.push(c);
            }
            Target::New(n) => merge(&mut out.new[n], &card, run, &mut notes),
            Target::Existing(id) => {
                if let Some((_, working)) = stored.get_mut(&id) {
                    if seen.insert(id) {
                        order.push(id);
                    }
                    merge(working, &card, run, &mut notes);
                }
            }
        }
        out.warnings
            .extend(notes.into_iter().map(|n| (card.file, card.line, n)));
    }
    for id in order {
        if let Some((original, mut working)) = stored.remove(&id) {
            if working == original {
                out.unchanged += 1;
            } else {
                working.updated_at = run.now.to_string();
                out.updated.push(working);
            }
        }
    }
    Ok(out)
}

/// Pass one: each card's target, in file order, so a card can match one
/// met earlier in the run. E-mails another contact holds are taken off the
/// card (one e-mail, one contact) and reported.
fn match_cards(
    db: Db<'_>,
    index: &ImportIndex,
    cards: &mut [Incoming],
    run: &Run<'_>,
    out: &mut Plan,
) -> Result<Vec<Target>> {
    let mut uids: HashMap<String, Target> = HashMap::new();
    let mut emails: HashMap<String, Target> = HashMap::new();
    let mut rows: HashMap<(String, String), Target> = HashMap::new();
    // Where each new contact's first card is, to name it in the report.
    let mut firsts: Vec<(usize, usize)> = Vec::new();
    let mut targets = Vec::with_capacity(cards.len());
    for card in cards.iter_mut() {
        let scope = &run.scopes[card.file];
        let row = (scope.clone(), card.row_key.clone());
        let by_uid = card.uid.as_ref().and_then(|u| {
            uids.get(u)
                .copied()
                .or_else(|| index.uids.get(u).map(|&id| Target::Existing(id)))
        });
        let by_email = || {
            card.contact.emails.iter().find_map(|e| {
                let k = email_key(e);
                emails
                    .get(&k)
                    .copied()
                    .or_else(|| index.emails.get(&k).map(|&id| Target::Existing(id)))
            })
        };
        let by_row = || {
            rows.get(&row)
                .copied()
                .or_else(|| index.rows.get(&row).map(|&id| Target::Existing(id)))
        };
        let found = by_uid.or_else(by_email).or_else(by_row);
        let target = match found {
            Some(t) => {
                if let Target::New(n) = t {
                    let (file, line) = firsts[n];
                    out.warnings.push((
                        card.file,
                        card.line,
                        format!(
                            "the same person as {}:{line}; merged into one contact",
                            run.names[file]
                        ),
                    ));
                }
                t
            }
            None => {
                let t = Target::New(firsts.len());
                firsts.push((card.file, card.line));
                if let Some((id, phone)) = card
                    .contact
                    .phones
                    .iter()
                    .find_map(|p| index.phones.get(&p.key()).map(|&id| (id, p.display())))
                {
                    let reason = format!(
                        "{} shares the phone {} with {}",
                        printable(&card.contact.name),
                        printable(phone),
                        who(db, id)?
                    );
                    out.duplicates.push((card.file, card.line, reason));
                }
                t
            }
        };
        if let Some(uid) = &card.uid
            && !uids.contains_key(uid)
            && !index.uids.contains_key(uid)
        {
            uids.insert(uid.clone(), target);
            // A new contact keeps a UUID as its own uid (kith's own
            // exports round-trip); any other UID is remembered beside it.
            if found.is_none() && uuid::Uuid::parse_str(uid).is_ok() {
                card.contact.uid.clone_from(uid);
            } else {
                out.keys.push(("uid".into(), uid.clone(), target));
            }
        }
        claim_emails(db, index, card, target, &mut emails, &firsts, run, out)?;
        if card.uid.is_none() && !rows.contains_key(&row) && !index.rows.contains_key(&row) {
            out.keys.push((row.0.clone(), row.1.clone(), target));
            rows.insert(row, target);
        }
        targets.push(target);
    }
    Ok(targets)
}

/// An existing contact as the report names it: "#12 Jane Doe".
fn who(db: Db<'_>, id: i64) -> Result<String> {
    let name = db.contact_name(id)?.unwrap_or_default();
    Ok(format!("#{id} {}", printable(&name)))
}

/// Keeps the card's e-mails that no other contact holds, and claims them
/// for `target`; the others are taken off and noted.
#[allow(
    clippy::too_many_arguments,
    reason = "one step of match_cards, over its state"
)]
fn claim_emails(
    db: Db<'_>,
    index: &ImportIndex,
    card: &mut Incoming,
    target: Target,
    emails: &mut HashMap<String, Target>,
    firsts: &[(usize, usize)],
    run: &Run<'_>,
    out: &mut Plan,
) -> Result<()> {
    let mut kept = Vec::with_capacity(card.contact.emails.len());
    for e in std::mem::take(&mut card.contact.emails) {
        let k = email_key(&e);
        let holder = emails
            .get(&k)
            .copied()
            .or_else(|| index.emails.get(&k).map(|&id| Target::Existing(id)));
        let holder = match holder {
            None => {
                emails.insert(k, target);
                kept.push(e);
                continue;
            }
            Some(h) if h == target => {
                kept.push(e);
                continue;
            }
            Some(Target::Existing(id)) => who(db, id)?,
            Some(Target::New(n)) => {
                let (file, line) = firsts[n];
                format!("the card at {}:{line}", run.names[file])
            }
        };
        out.warnings.push((
            card.file,
            card.line,
            format!("{} already belongs to {holder}; not added", printable(&e)),
        ));
    }
    card.contact.emails = kept;
    Ok(())
}

/// Adds what `card` holds and `c` lacks; a value they disagree on keeps
/// `c`'s and is noted.
fn merge(c: &mut Contact, card: &Incoming, run: &Run<'_>, notes: &mut Vec<String>) {
    let new = &card.contact;
    let stand_in = c.emails.contains(&c.name) || c.phones.iter().any(|p| p.display() == c.name);
    if card.named && new.name != c.name {
        if stand_in {
            c.name.clone_from(&new.name);
        } else {
            notes.push(kept("name", &c.name, &new.name));
        }
    }
    for (slot, value) in [
        (&mut c.given_name, &new.given_name),
        (&mut c.family_name, &new.family_name),
    ] {
        if slot.is_none() {
            slot.clone_from(value);
        }
    }
    for (field, slot, value) in [
        ("organisation", &mut c.org, &new.org),
        ("title", &mut c.title, &new.title),
        ("street", &mut c.street, &new.street),
        ("city", &mut c.city, &new.city),
        ("region", &mut c.region, &new.region),
        ("postcode", &mut c.postcode, &new.postcode),
        ("country", &mut c.country, &new.country),
    ] {
        fill(field, slot, value.as_ref(), notes);
    }
    let text = |b: Option<crate::domain::dates::Birthday>| b.map(|b| b.describe());
    let mut birthday = text(c.birthday);
    fill(
        "birthday",
        &mut birthday,
        text(new.birthday).as_ref(),
        notes,
    );
    if c.birthday.is_none() {
        c.birthday = new.birthday;
    }
    if card.kind_given && new.kind != c.kind {
        if c.kind == StakeholderKind::Other {
            c.kind = new.kind;
        } else {
            notes.push(kept("kind", c.kind.as_str(), new.kind.as_str()));
        }
    }
    let word = |s: Option<crate::domain::contact::Stage>| s.map(|s| s.to_string());
    let mut stage = word(c.stage);
    fill("stage", &mut stage, word(new.stage).as_ref(), notes);
    if c.stage.is_none() {
        c.stage = new.stage;
    }
    let every = |i: Option<crate::domain::dates::Interval>| i.map(|i| i.to_string());
    let mut cadence = every(c.cadence);
    fill("cadence", &mut cadence, every(new.cadence).as_ref(), notes);
    if c.cadence.is_none() {
        c.cadence = new.cadence;
    }
    for e in &new.emails {
        if !c.emails.iter().any(|x| email_key(x) == email_key(e)) {
            c.emails.push(e.clone());
        }
    }
    for p in &new.phones {
        if !c.phones.iter().any(|x| x.key() == p.key()) {
            c.phones.push(p.clone());
        }
    }
    let before = c.tags.len();
    for t in &new.tags {
        if !c.tags.contains(t) {
            c.tags.push(t.clone());
        }
    }
    if c.tags.len() != before {
        c.tags.sort();
    }
    for (k, v) in &new.fields {
        match c.fields.get(k) {
            None => {
                c.fields.insert(k.clone(), v.clone());
            }
            Some(old) if old == v || old.lines().any(|l| l == v) => {}
            Some(old) => notes.push(kept(&format!("field {k}"), old, v)),
        }
    }
    match run.consent {
        Some(given) if given != c.consent => {
            c.consent = given;
            c.consent_at = Some(run.now.to_string());
        }
        // A file saying "unknown" is no news about a contact whose consent is unknown.
        None if card.consent_given
            && c.consent == Consent::Unknown
            && new.consent != Consent::Unknown =>
        {
            c.consent = new.consent;
            c.consent_at.clone_from(&new.consent_at);
        }
        _ => {}
    }
}

fn fill(field: &str, slot: &mut Option<String>, value: Option<&String>, notes: &mut Vec<String>) {
    match (slot.as_ref(), value) {
        (_, None) => {}
        (None, Some(v)) => *slot = Some(v.clone()),
        (Some(old), Some(v)) if old == v => {}
        (Some(old), Some(v)) => notes.push(kept(field, old, v)),
    }
}

/// "kept title "CTO"; the file says "CEO"", values shortened and printable.
fn kept(field: &str, stored: &str, file: &str) -> String {
    let short = |s: &str| {
        let s = printable(s).into_owned();
        if s.chars().count() > 60 {
            format!("{}…", s.chars().take(59).collect::<String>())
        } else {
            s
        }
    };
    format!(
        "kept {field} {:?}; the file says {:?}",
        short(stored),
        short(file)
    )
}
