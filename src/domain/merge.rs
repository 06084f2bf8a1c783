//! The rule for merging contacts that are one person: the survivor keeps its
//! id and uid and gains every e-mail, phone, tag and custom field of the
//! others; a single value that differs goes to a non-empty value, and
//! between non-empty values to the most recently updated contact's.

use serde::Serialize;

use super::contact::{Consent, Contact, StakeholderKind, email_key};

/// One single-valued field of the merged contact, the value the rule chose
/// and the contact it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChoice {
    /// "name", "org", "birthday", …, or "field" for a custom field.
    pub field: &'static str,
    /// The custom field's key, when `field` is "field".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The value the merged contact gets.
    pub value: String,
    /// The contact it comes from.
    pub from: i64,
    /// The values left out, with the contact each was on. They stay in the
    /// merge's record, so `kith undo` brings them back.
    pub dropped: Vec<(i64, String)>,
}

type Get = fn(&Contact) -> Option<String>;
type Take = fn(&mut Contact, &Contact);

fn word(s: Option<&String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty()).cloned()
}

/// The single-valued fields, each with how to read it (None = empty) and
/// how to copy it from the contact that wins.
const SINGLE: &[(&str, Get, Take)] = &[
    (
        "name",
        |c| word(Some(&c.name)),
        |r, s| r.name.clone_from(&s.name),
    ),
    (
        "given_name",
        |c| word(c.given_name.as_ref()),
        |r, s| r.given_name.clone_from(&s.given_name),
    ),
    (
        "family_name",
        |c| word(c.family_name.as_ref()),
        |r, s| r.family_name.clone_from(&s.family_name),
    ),
    (
        "org",
        |c| word(c.org.as_ref()),
        |r, s| r.org.clone_from(&s.org),
    ),
    (
        "title",
        |c| word(c.title.as_ref()),
        |r, s| r.title.clone_from(&s.title),
    ),
    (
        "street",
        |c| word(c.street.as_ref()),
        |r, s| r.street.clone_from(&s.street),
    ),
    (
        "city",
        |c| word(c.city.as_ref()),
        |r, s| r.city.clone_from(&s.city),
    ),
    (
        "region",
        |c| word(c.region.as_ref()),
        |r, s| r.region.clone_from(&s.region),
    ),
    (
        "postcode",
        |c| word(c.postcode.as_ref()),
        |r, s| r.postcode.clone_from(&s.postcode),
    ),
    (
        "country",
        |c| word(c.country.as_ref()),
        |r, s| r.country.clone_from(&s.country),
    ),
    (
        "birthday",
        |c| c.birthday.map(|b| b.to_storage()),
        |r, s| r.birthday = s.birthday,
    ),
    (
        "kind",
        |c| (c.kind != StakeholderKind::Other).then(|| c.kind.as_str().to_string()),
        |r, s| r.kind = s.kind,
    ),
    (
        "stage",
        |c| c.stage.map(|s| s.as_str().to_string()),
        |r, s| r.stage = s.stage,
    ),
    (
        "cadence",
        |c| c.cadence.map(|i| i.to_string()),
        |r, s| r.cadence = s.cadence,
    ),
    (
        "consent",
        |c| (c.consent != Consent::Unknown).then(|| c.consent.as_str().to_string()),
        |r, s| {
            r.consent = s.consent;
            r.consent_at.clone_from(&s.consent_at);
        },
    ),
];

/// The merge of `survivor` and `others` as the survivor will be after it
/// (`now` its update time), and where each non-empty single value came
/// from (a choice with `dropped` values is a conflict).
pub fn combine(survivor: &Contact, others: &[Contact], now: &str) -> (Contact, Vec<FieldChoice>) {
    let all: Vec<&Contact> = std::iter::once(survivor).chain(others).collect();
    // Newest first; on a tie the survivor, then the order given.
    let mut ranked = all.clone();
    ranked.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
    let mut result = survivor.clone();
    let mut choices = Vec::new();
    for (field, get, take) in SINGLE {
        if let Some((winner, choice)) = choose(&ranked, get) {
            take(&mut result, winner);
            choices.push(FieldChoice { field, ..choice });
        }
    }
    result.fields.clear();
    let mut keys: Vec<&String> = all.iter().flat_map(|c| c.fields.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        if let Some((_, choice)) = choose(&ranked, |c| word(c.fields.get(key))) {
            result.fields.insert(key.clone(), choice.value.clone());
            choices.push(FieldChoice {
                field: "field",
                key: Some(key.clone()),
                ..choice
            });
        }
    }
    result.emails.clear();
    for e in all.iter().flat_map(|c| &c.emails) {
        if !result.emails.iter().any(|x| email_key(x) == email_key(e)) {
            result.emails.push(e.clone());
        }
    }
    result.phones.clear();
    for p in all.iter().flat_map(|c| &c.phones) {
        if !result.phones.iter().any(|x| x.key() == p.key()) {
            result.phones.push(p.clone());
        }
    }
    result.tags.clear();
    for t in all.iter().flat_map(|c| &c.tags) {
        if !result.tags.contains(t) {
            result.tags.push(t.clone());
        }
    }
    result.archived = all.iter().all(|c| c.archived);
    result.created_at = all
        .iter()
        .map(|c| c.created_at.clone())
        .min()
        .unwrap_or_default();
    result.last_contact = all.iter().filter_map(|c| c.last_contact.clone()).max();
    result.updated_at = now.to_string();
    (result, choices)
}

/// The first non-empty value in `ranked` order, and the other values that
/// differ from it.
fn choose<'c>(
    ranked: &[&'c Contact],
    get: impl Fn(&Contact) -> Option<String>,
) -> Option<(&'c Contact, FieldChoice)> {
    let values: Vec<(&Contact, String)> = ranked
        .iter()
        .filter_map(|c| get(c).map(|v| (*c, v)))
        .collect();
    let (winner, value) = values.first()?.clone();
    let mut dropped: Vec<(i64, String)> = values
        .iter()
        .filter(|(_, v)| *v != value)
        .map(|(c, v)| (c.id, v.clone()))
        .collect();
    dropped.sort();
    Some((
        winner,
        FieldChoice {
            field: "",
            key: None,
            value,
            from: winner.id,
            dropped,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::Phone;

    fn contact(id: i64, name: &str, updated: &str) -> Contact {
        let mut c = Contact::new(format!("uid-{id}"), name, "2024-01-01T00:00:00Z");
        c.id = id;
        c.updated_at = updated.into();
        c
    }

    #[test]
    fn non_empty_wins_then_the_newer_contact() {
        let mut a = contact(1, "Bob Smith", "2024-01-01T00:00:00Z");
        a.org = Some("Acme".into());
        a.emails = vec!["bob@acme.io".into()];
        a.created_at = "2023-05-01T00:00:00Z".into();
        let mut b = contact(2, "Robert Smith", "2025-01-01T00:00:00Z");
        b.city = Some("Lyon".into());
        b.emails = vec!["BOB@acme.io".into(), "robert@home.fr".into()];
        b.fields.insert("linkedin".into(), "rsmith".into());
        b.archived = true;
        let (r, choices) = combine(&a, &[b], "2026-01-01T00:00:00Z");
        assert_eq!(r.id, 1);
        assert_eq!(r.uid, "uid-1");
        assert_eq!(r.name, "Robert Smith", "the newer contact's name");
        assert_eq!(r.org.as_deref(), Some("Acme"), "non-empty wins");
        assert_eq!(r.city.as_deref(), Some("Lyon"));
        assert_eq!(r.emails, vec!["bob@acme.io", "robert@home.fr"]);
        assert_eq!(r.fields.get("linkedin").map(String::as_str), Some("rsmith"));
        assert!(!r.archived, "live if any was live");
        assert_eq!(r.created_at, "2023-05-01T00:00:00Z");
        let name = choices.iter().find(|c| c.field == "name").expect("name");
        assert_eq!(name.from, 2);
        assert_eq!(name.dropped, vec![(1, "Bob Smith".to_string())]);
        let org = choices.iter().find(|c| c.field == "org").expect("org");
        assert!(org.dropped.is_empty());
    }

    #[test]
    fn phones_are_deduplicated_by_key_and_tags_by_value() {
        let phone = |raw: &str, e164: &str| Phone {
            raw: raw.into(),
            e164: Some(e164.into()),
        };
        let mut a = contact(1, "A", "2024-01-01T00:00:00Z");
        a.phones = vec![phone("030 1234567", "+49301234567")];
        a.tags = vec!["client".into()];
        let mut b = contact(2, "A", "2024-01-01T00:00:00Z");
        b.phones = vec![
            phone("+49 30 1234567", "+49301234567"),
            phone("0171 5555", "+491715555"),
        ];
        b.tags = vec!["client".into(), "vip".into()];
        let (r, choices) = combine(&a, &[b], "2026-01-01T00:00:00Z");
        assert_eq!(r.phones.len(), 2);
        assert_eq!(r.phones[0].raw, "030 1234567", "the survivor's is kept");
        assert_eq!(r.tags, vec!["client", "vip"]);
        let name = choices.iter().find(|c| c.field == "name").expect("name");
        assert_eq!(name.from, 1, "a tie goes to the survivor");
    }
}
