//! One card as read from a file, made into a contact by the domain's rules:
//! every value that breaks a rule is left out (or cleaned) and reported at
//! the card's line; only a card with nothing to call or reach the person by
//! is rejected.

use std::collections::BTreeMap;

use crate::domain::contact::{
    Consent, Contact, MAX_NAME_LEN, MAX_VALUE_LEN, Phone, StakeholderKind, clean_email, clean_line,
    clean_name, clean_tag, email_key, parse_field, split_given_family,
};
use crate::domain::dates::Interval;
use crate::domain::privacy::fingerprint;
use crate::domain::text::{is_unsafe, printable};
use crate::formats::Card;
use crate::formats::card::KithAttributes;

/// What an import run applies to every card.
pub(super) struct Rules<'a> {
    pub region: Option<&'a str>,
    /// The run's stamp: `created_at`, `updated_at`, `consent_at`.
    pub now: &'a str,
    /// `--source`, else the file's dialect in a word.
    pub source: &'a str,
    pub source_given: bool,
    pub consent: Option<Consent>,
}

/// A card made into a contact (not yet matched with the database).
#[derive(Clone, Debug)]
pub(super) struct Incoming {
    pub file: usize,
    pub line: usize,
    /// The file's own identity for the card (vCard `UID`, kith's `uid`).
    pub uid: Option<String>,
    /// The row's identity within its file: a hash of name, e-mails, phones.
    pub row_key: String,
    /// The name is the card's own (not an e-mail or phone standing in).
    pub named: bool,
    /// The file (or `--consent`) says what the person consented to.
    pub consent_given: bool,
    /// The file says what kind of contact this is.
    pub kind_given: bool,
    pub contact: Contact,
    pub warnings: Vec<String>,
}

/// Makes `card` a contact, or says why it cannot be one.
pub(super) fn convert(mut card: Card, file: usize, rules: &Rules<'_>) -> Result<Incoming, String> {
    let mut warnings = std::mem::take(&mut card.warnings);
    let mut w = |s: String| warnings.push(s);
    let (emails, phones) = reachable(&card, rules.region, &mut w);
    let name = card.display_name().and_then(|n| name_value(&n, &mut w));
    let named = name.is_some();
    let Some(name) = name
        .or_else(|| emails.first().cloned())
        .or_else(|| phones.first().map(|p| p.display().to_string()))
    else {
        return Err("no name, e-mail or phone".into());
    };
    let mut line =
        |field: &str, v: &Option<String>| v.as_deref().and_then(|v| line_value(field, v, &mut w));
    let (mut given_name, mut family_name) = (
        line("given name", &card.given_name),
        line("family name", &card.family_name),
    );
    if named && !card.is_company && given_name.is_none() && family_name.is_none() {
        (given_name, family_name) = split_given_family(&name);
    }
    let org = line("organisation", &card.org);
    let title = line("title", &card.title);
    let street = line("street", &card.address.street);
    let city = line("city", &card.address.city);
    let region = line("region", &card.address.region);
    let postcode = line("postcode", &card.address.postcode);
    let country = line("country", &card.address.country);
    let tags = tags(&card.tags, &mut w);
    let fields = fields(card.fields, &mut w);
    let kith = kith_attributes(&card.kith, &mut w);
    let row_key = row_key(&name, &emails, &phones);
    let source = match (&kith.source, rules.source_given) {
        (Some(s), false) => s.clone(),
        _ => rules.source.to_string(),
    };
    let (consent, consent_at, consent_given) = match (rules.consent, kith.consent) {
        (Some(c), _) => (c, Some(rules.now.to_string()), true),
        (None, Some(c)) => (
            c,
            Some(kith.consent_at.unwrap_or_else(|| rules.now.to_string())),
            true,
        ),
        (None, None) => (Consent::Unknown, None, false),
    };
    let contact = Contact {
        id: 0,
        uid: String::new(),
        name,
        given_name,
        family_name,
        emails,
        phones,
        org,
        title,
        street,
        city,
        region,
        country,
        postcode,
        birthday: card.birthday,
        source,
        kind: kith.kind.unwrap_or(StakeholderKind::Other),
        stage: kith.stage,
        tags,
        fields,
        consent,
        consent_at,
        cadence: kith.cadence,
        archived: card.kith.archived,
        last_contact: None,
        created_at: kith.created_at.unwrap_or_else(|| rules.now.to_string()),
        updated_at: rules.now.to_string(),
    };
    Ok(Incoming {
        file,
        line: card.line,
        uid: card
            .uid
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty()),
        row_key,
        named,
        consent_given,
        kind_given: kith.kind.is_some(),
        contact,
        warnings,
    })
}

/// The card's e-mails and phones that pass the domain's rules, each once.
fn reachable(
    card: &Card,
    region: Option<&str>,
    w: &mut impl FnMut(String),
) -> (Vec<String>, Vec<Phone>) {
    let mut emails: Vec<String> = Vec::new();
    for raw in card.emails.iter().filter(|e| !e.trim().is_empty()) {
        match clean_email(raw) {
            Ok(e) if !emails.iter().any(|x| email_key(x) == email_key(&e)) => emails.push(e),
            Ok(_) => {}
            Err(e) => w(format!("{}; left out", e.reason)),
        }
    }
    let mut phones: Vec<Phone> = Vec::new();
    for raw in card.phones.iter().filter(|p| !p.trim().is_empty()) {
        match Phone::parse(raw, region) {
            Ok(p) if !phones.iter().any(|x| x.key() == p.key()) => phones.push(p),
            Ok(_) => {}
            Err(e) => w(format!("phone {}; left out", e.reason)),
        }
    }
    (emails, phones)
}

/// Tags by the tag rule, each once, sorted.
fn tags(raw: &[String], w: &mut impl FnMut(String)) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for raw in raw.iter().filter(|t| !t.trim().is_empty()) {
        match clean_tag(raw) {
            Ok(t) if !tags.contains(&t) => tags.push(t),
            Ok(_) => {}
            Err(e) => w(format!("{}; left out", e.reason)),
        }
    }
    tags.sort();
    tags
}

/// The identity of a row with no UID: the same name, e-mails and phones in
/// the same file are the same row when the file is imported again.
fn row_key(name: &str, emails: &[String], phones: &[Phone]) -> String {
    let mut emails: Vec<String> = emails.iter().map(|e| email_key(e)).collect();
    emails.sort();
    let mut phones: Vec<String> = phones.iter().map(Phone::key).collect();
    phones.sort();
    let text = format!("{name}\n{}\n{}", emails.join(","), phones.join(","));
    fingerprint("kith import row", &text)[..32].to_string()
}

/// Control and invisible characters taken out of a one-line value, reported.
fn strip_unsafe(field: &str, value: &str, w: &mut impl FnMut(String)) -> String {
    if value.chars().any(|c| is_unsafe(c) && !c.is_whitespace()) {
        w(format!(
            "{field} {:?}: control or invisible characters removed",
            printable(value)
        ));
        value
            .chars()
            .filter(|&c| !is_unsafe(c) || c.is_whitespace())
            .collect()
    } else {
        value.to_string()
    }
}

fn name_value(raw: &str, w: &mut impl FnMut(String)) -> Option<String> {
    let value = strip_unsafe("name", raw, w);
    match clean_name(&value) {
        Ok(n) => Some(n),
        Err(_) if value.chars().count() > MAX_NAME_LEN => {
            w(format!(
                "name longer than {MAX_NAME_LEN} characters; cut short"
            ));
            clean_name(&value.chars().take(MAX_NAME_LEN).collect::<String>()).ok()
        }
        Err(_) => None,
    }
}

fn line_value(field: &str, raw: &str, w: &mut impl FnMut(String)) -> Option<String> {
    let value = strip_unsafe(field, raw, w);
    match clean_line(field, &value) {
        Ok(v) => v,
        Err(e) => {
            w(format!("{field}: {}; left out", e.reason));
            None
        }
    }
}

/// Custom fields: keys made to the `--field` key rule ("Home Page" →
/// `home-page`), values kept multi-line but without control characters;
/// two values under one key are joined on a new line.
fn fields(raw: Vec<(String, String)>, w: &mut impl FnMut(String)) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (key, value) in raw {
        let Some(key) = field_key(&key) else {
            w(format!(
                "field {:?}: no letters or digits in its name; left out",
                printable(&key)
            ));
            continue;
        };
        let value: String = if value
            .chars()
            .any(|c| is_unsafe(c) && c != '\n' && c != '\t')
        {
            w(format!(
                "field {key}: control or invisible characters removed"
            ));
            value
                .replace("\r\n", "\n")
                .chars()
                .filter(|&c| !is_unsafe(c) || c == '\n' || c == '\t')
                .collect()
        } else {
            value
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        if value.len() > MAX_VALUE_LEN {
            w(format!(
                "field {key}: longer than {MAX_VALUE_LEN} characters; left out"
            ));
            continue;
        }
        out.entry(key)
            .and_modify(|v| {
                if !v.lines().any(|l| l == value) {
                    v.push('\n');
                    v.push_str(value);
                }
            })
            .or_insert_with(|| value.to_string());
    }
    out
}

/// A custom field key as `--field` takes it: lower case letters, digits,
/// `_`, `-` and `.`; anything else becomes `-`.
pub(super) fn field_key(raw: &str) -> Option<String> {
    let mut key = String::new();
    // Accents folded first, so "Société" is `societe`, not `soci-t-`.
    for c in deunicode::deunicode(raw.trim()).to_lowercase().chars() {
        if c.is_ascii_alphanumeric() || "_.".contains(c) {
            key.push(c);
        } else if !key.ends_with('-') {
            key.push('-');
        }
    }
    let key: String = key.trim_matches('-').chars().take(64).collect();
    let key = key.trim_end_matches('-').to_string();
    parse_field(&format!("{key}=")).ok().map(|(k, _)| k)
}

/// kith's own attributes, each checked by its domain word or rule.
struct Attributes {
    kind: Option<StakeholderKind>,
    stage: Option<crate::domain::contact::Stage>,
    consent: Option<Consent>,
    consent_at: Option<String>,
    cadence: Option<Interval>,
    source: Option<String>,
    created_at: Option<String>,
}

fn kith_attributes(k: &KithAttributes, w: &mut impl FnMut(String)) -> Attributes {
    fn word<T: std::str::FromStr<Err = crate::domain::Invalid>>(
        v: Option<&String>,
        w: &mut impl FnMut(String),
    ) -> Option<T> {
        let v = v.map(|s| s.trim()).filter(|s| !s.is_empty())?;
        v.parse::<T>()
            .map_err(|e| w(format!("{}: {}; left out", e.field, e.reason)))
            .ok()
    }
    let stamp = |v: &Option<String>, what: &str, w: &mut dyn FnMut(String)| {
        let v = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
        if chrono::DateTime::parse_from_rfc3339(v).is_ok() {
            Some(v.to_string())
        } else {
            w(format!("{what} {:?} is not a time; left out", printable(v)));
            None
        }
    };
    let cadence = k
        .cadence
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|c| {
            c.parse::<Interval>()
                .map_err(|e| w(format!("cadence: {e}; left out")))
                .ok()
        });
    let source = k.source.as_deref().and_then(|s| line_value("source", s, w));
    Attributes {
        kind: word(k.kind.as_ref(), w),
        stage: word(k.stage.as_ref(), w),
        consent: word(k.consent.as_ref(), w),
        consent_at: stamp(&k.consent_at, "consent time", w),
        cadence,
        source,
        created_at: stamp(&k.created_at, "creation time", w),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules<'static> {
        Rules {
            region: Some("DE"),
            now: "2026-11-23T08:00:00Z",
            source: "vcard",
            source_given: false,
            consent: None,
        }
    }

    #[test]
    fn bad_values_are_left_out_and_reported() {
        let card = Card {
            line: 7,
            name: Some("Jane\u{1b}[31m Doe".into()),
            emails: vec![
                "jane@acme.io".into(),
                "not an address".into(),
                "JANE@acme.io".into(),
            ],
            phones: vec!["030 1234567".into(), "call the office".into()],
            title: Some("CTO\u{7}".into()),
            tags: vec!["VIP Client".into(), "vip client".into()],
            fields: vec![
                ("Home Page".into(), "https://x.io".into()),
                ("!!".into(), "x".into()),
            ],
            ..Card::default()
        };
        let inc = convert(card, 0, &rules()).expect("converts");
        let c = &inc.contact;
        assert_eq!(c.name, "Jane[31m Doe");
        assert_eq!(c.emails, vec!["jane@acme.io".to_string()]);
        assert_eq!(c.phones.len(), 1);
        assert_eq!(c.phones[0].e164.as_deref(), Some("+49301234567"));
        assert_eq!(c.title.as_deref(), Some("CTO"));
        assert_eq!(c.tags, vec!["vip-client".to_string()]);
        assert_eq!(
            c.fields.get("home-page").map(String::as_str),
            Some("https://x.io")
        );
        assert_eq!(inc.line, 7);
        assert_eq!(inc.warnings.len(), 5, "{:?}", inc.warnings);
        assert!(inc.warnings.iter().all(|w| !w.contains('\u{1b}')));
    }

    #[test]
    fn the_name_falls_back_to_an_email_or_phone_else_the_card_is_rejected() {
        let only_email = Card {
            emails: vec!["jane@acme.io".into()],
            ..Card::default()
        };
        let inc = convert(only_email, 0, &rules()).expect("converts");
        assert_eq!(inc.contact.name, "jane@acme.io");
        assert!(!inc.named);
        let only_phone = Card {
            phones: vec!["+49 30 1234567".into()],
            ..Card::default()
        };
        assert_eq!(
            convert(only_phone, 0, &rules())
                .expect("converts")
                .contact
                .name,
            "+49301234567"
        );
        let nothing = Card {
            emails: vec!["nope".into()],
            phones: vec!["no phone".into()],
            ..Card::default()
        };
        assert_eq!(
            convert(nothing, 0, &rules()).expect_err("rejected"),
            "no name, e-mail or phone"
        );
    }

    #[test]
    fn kith_attributes_are_checked_by_their_rules() {
        let card = Card {
            name: Some("Jane".into()),
            kith: KithAttributes {
                kind: Some("customer".into()),
                stage: Some("sideways".into()),
                consent: Some("granted".into()),
                cadence: Some("2w".into()),
                source: Some("linkedin".into()),
                ..KithAttributes::default()
            },
            ..Card::default()
        };
        let inc = convert(card, 0, &rules()).expect("converts");
        assert_eq!(inc.contact.kind, StakeholderKind::Customer);
        assert_eq!(inc.contact.stage, None);
        assert_eq!(inc.contact.consent, Consent::Granted);
        assert_eq!(
            inc.contact.cadence.map(|c| c.to_string()).as_deref(),
            Some("2w")
        );
        assert_eq!(inc.contact.source, "linkedin");
        assert_eq!(inc.warnings.len(), 1, "{:?}", inc.warnings);
    }

    #[test]
    fn field_keys_follow_the_field_rule() {
        assert_eq!(field_key("Home Page").as_deref(), Some("home-page"));
        assert_eq!(
            field_key("  X-Custom.Thing ").as_deref(),
            Some("x-custom.thing")
        );
        assert_eq!(field_key("Société").as_deref(), Some("societe"));
        assert_eq!(field_key("!!"), None);
    }
}
