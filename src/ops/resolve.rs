//! Naming a contact: by id, by exact email, or by a fuzzy name.
//!
//! A number is an id; one that is no contact's id is read as a name (a
//! contact may be called "2027"), and `#2027` is always an id.
//!
//! A fuzzy name first narrows by name-word prefixes through the `name_token`
//! index (a few index range scans, fast at 100k contacts); only when that finds
//! nobody does it fall back to a fuzzy search, narrowed by the persisted search
//! index and ranked like `kith find`. More than one
//! plausible match is an error listing the candidates, never a guess.

use crate::domain::search::{self, SearchDoc};
use crate::error::{Error, Result};
use crate::store::Db;

/// How many candidates an ambiguity error lists.
const SHOWN: usize = 10;

pub fn resolve_contact(db: Db<'_>, text: &str) -> Result<i64> {
    let text = text.trim();
    if text.is_empty() {
        return Err(
            Error::user("no contact named").with_hint("name a contact by id, email or name")
        );
    }
    let hash = text.strip_prefix('#');
    if let Ok(id) = hash.unwrap_or(text).parse::<i64>() {
        if db.contact_exists(id)? {
            return Ok(id);
        }
        // "2027" may be a name: a number that is no id is looked up as one
        // (but "#2027" is an id and nothing else).
        let named = hash.is_none() && !named_by_words(db, &[search::fold(text)])?.is_empty();
        if !named {
            return Err(
                Error::user(format!("no contact #{id}")).with_hint("`kith find NAME` shows ids")
            );
        }
    }
    if text.contains('@') {
        return match db.contacts_by_email(text)?.as_slice() {
            [id] => Ok(*id),
            [] => Err(Error::user(format!("no contact with email {text}"))
                .with_hint(format!("add one: kith add \"Name <{text}>\""))),
            ids => Err(ambiguous(db, text, ids.to_vec())?),
        };
    }
    let query = search::fold(text);
    let prefixes: Vec<String> = query.split_whitespace().map(str::to_string).collect();
    let candidates = named_by_words(db, &prefixes)?;
    let docs = if candidates.is_empty() {
        // A typo: whoever the persisted search index leaves, scored fuzzily.
        db.search_candidates(text)?
    } else {
        db.search_docs(Some(&candidates))?
    };
    pick(db, text, &query, &docs)
}

/// Contacts with a name word starting with each of `prefixes`: the live
/// ones, or if there are none the archived ones (an archived contact can
/// still be named, to restore or delete them).
fn named_by_words(db: Db<'_>, prefixes: &[String]) -> Result<Vec<i64>> {
    let live = db.contacts_by_name_prefixes(prefixes, false)?;
    if live.is_empty() {
        return Ok(db.contacts_by_name_prefixes(prefixes, true)?);
    }
    Ok(live)
}

/// One clear winner, or an error listing the close ones.
fn pick(db: Db<'_>, text: &str, query: &str, docs: &[SearchDoc]) -> Result<i64> {
    let mut hits: Vec<_> = docs
        .iter()
        .filter_map(|d| search::score_doc(d, text))
        .collect();
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
    // A contact is named by their name: when some names match, letters
    // that only turn up scattered in an email or a tag do not compete.
    if hits.iter().any(|h| h.field == search::Field::Name) {
        hits.retain(|h| h.field == search::Field::Name);
    }
    let exact: Vec<i64> = docs
        .iter()
        .filter(|d| search::fold(&d.name) == query)
        .map(|d| d.id)
        .collect();
    match (hits.as_slice(), exact.as_slice()) {
        ([], _) => Err(Error::user(format!("no contact matches {text:?}"))
            .with_hint("`kith find` searches names, emails, organisations and tags")),
        ([only], _) => Ok(only.id),
        (_, [one]) => Ok(*one),
        (_, _) => Err(ambiguous(db, text, hits.iter().map(|h| h.id).collect())?),
    }
}

fn ambiguous(db: Db<'_>, text: &str, ids: Vec<i64>) -> Result<Error> {
    let total = ids.len();
    let mut lines = Vec::new();
    for id in ids.into_iter().take(SHOWN) {
        if let Some(c) = db.contact(id)? {
            let line = crate::domain::contact::one_line(
                &c.name,
                c.emails.first().map(String::as_str),
                c.org.as_deref(),
            );
            lines.push(format!("  #{id}  {line}"));
        }
    }
    if total > SHOWN {
        lines.push(format!("  … and {} more", total - SHOWN));
    }
    Ok(Error::user(format!(
        "{text:?} matches {total} contacts:\n{}",
        lines.join("\n")
    ))
    .with_hint("name one by id (kith show 42) or email"))
}
