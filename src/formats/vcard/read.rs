//! One card's properties to a [`Card`].
//!
//! Apple's and Google's `itemN.` groups are read first, so a grouped value
//! is named by its `X-ABLabel` ("_$!<Anniversary>!$_" → "anniversary").

use std::collections::HashMap;

use super::lines::Logical;
use super::property::{Property, is_base64};
use crate::domain::dates::Birthday;
use crate::domain::text::printable;
use crate::formats::card::{Address, Card};

/// The card and the vCard version it said it was.
pub fn card<'a>(
    line: usize,
    lines: &'a [Logical<'_>],
) -> (Card, Option<std::borrow::Cow<'a, str>>) {
    let mut card = Card {
        line,
        ..Card::default()
    };
    // Labels first (an `X-ABLabel` may follow the value it names); only
    // the lines naming one are parsed for them.
    let labels: HashMap<String, String> = lines
        .iter()
        .filter(|l| names_label(&l.bytes))
        .filter_map(|l| Property::parse(&l.bytes))
        .filter(|p| p.name == "X-ABLABEL")
        .filter_map(|p| Some((p.group.as_deref()?.to_string(), label(&p.text_cow()))))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut version = None;
    let mut preferred_email = None;
    let mut reader = Reader {
        card: &mut card,
        address_preferred: false,
        address_key: String::new(),
    };
    for logical in lines {
        let Some(p) = Property::parse(&logical.bytes) else {
            reader.card.warnings.push(format!(
                "line {}: {:?} is not a property (no colon); skipped",
                logical.line,
                printable(&shorten(&String::from_utf8_lossy(&logical.bytes)))
            ));
            continue;
        };
        let label = p.group.as_deref().and_then(|g| labels.get(g)).cloned();
        if p.name == "VERSION" {
            version = Some(p.text_cow());
        } else if p.name == "EMAIL" && preferred_email.is_none() && p.is_preferred() {
            preferred_email = Some(reader.card.emails.len());
            reader.property(&p, label);
        } else {
            reader.property(&p, label);
        }
    }
    // The preferred e-mail first: the import takes the first as primary.
    if let Some(i) = preferred_email.filter(|&i| i > 0 && i < card.emails.len()) {
        let preferred = card.emails.remove(i);
        card.emails.insert(0, preferred);
    }
    (card, version)
}

struct Reader<'c> {
    card: &'c mut Card,
    address_preferred: bool,
    /// The field name the chosen address takes if a preferred one displaces it.
    address_key: String,
}

impl Reader<'_> {
    #[allow(clippy::too_many_lines, reason = "one arm per property, a flat table")]
    fn property(&mut self, p: &Property<'_>, label: Option<String>) {
        let card = &mut *self.card;
        let some = |s: String| Some(s).filter(|s| !s.is_empty());
        match p.name.as_ref() {
            "UID" => {
                let uid = p.text_cow();
                let bare = uid
                    .get(..9)
                    .filter(|prefix| prefix.eq_ignore_ascii_case("urn:uuid:"))
                    .map_or(&*uid, |_| &uid[9..]);
                card.uid = some(bare.trim().to_string());
            }
            "FN" => card.name = some(p.text()),
            "N" => {
                let mut parts = p.components(" ").into_iter();
                let mut next = || parts.next().and_then(some);
                card.family_name = next();
                card.given_name = next();
                card.additional_names = next();
                card.prefix = next();
                card.suffix = next();
            }
            "NICKNAME" => {
                card.nickname = card.nickname.take().or_else(|| p.list().into_iter().next());
            }
            "ORG" => {
                let mut parts = p.components(", ").into_iter().filter(|s| !s.is_empty());
                card.org = parts.next();
                let department = parts.collect::<Vec<_>>().join(", ");
                if !department.is_empty() {
                    add_field(card, "department", &department);
                }
            }
            "TITLE" => card.title = some(p.text()),
            "ROLE" => add_field(card, "role", &p.text()),
            "EMAIL" => {
                let email = p.text_cow();
                let email = email
                    .get(..7)
                    .filter(|s| s.eq_ignore_ascii_case("mailto:"))
                    .map_or(&*email, |_| &email[7..]);
                if !email.trim().is_empty() {
                    card.emails.push(email.trim().to_string());
                }
            }
            "TEL" => {
                let phone = plain_phone(&p.text_cow());
                if !phone.is_empty() {
                    card.phones.push(phone);
                }
            }
            "ADR" => self.address(p, label),
            "BDAY" => birthday(card, p),
            "CATEGORIES" => {
                for tag in p.list() {
                    if !card.tags.contains(&tag) {
                        card.tags.push(tag);
                    }
                }
            }
            "NOTE" => add_field(card, "note", &p.text()),
            "URL" => add_field(card, label.as_deref().unwrap_or("url"), &p.text()),
            "KIND" | "X-ADDRESSBOOKSERVER-KIND" => {
                let kind = p.text().to_ascii_lowercase();
                card.is_company |= kind == "org" || kind == "group";
            }
            "X-ABSHOWAS" => card.is_company |= p.text().eq_ignore_ascii_case("COMPANY"),
            "PHOTO" | "LOGO" | "SOUND" | "KEY" => check_binary(card, p),
            "X-KITH-KIND" => card.kith.kind = some(p.text()),
            "X-KITH-STAGE" => card.kith.stage = some(p.text()),
            "X-KITH-CONSENT" => card.kith.consent = some(p.text()),
            "X-KITH-CONSENT-AT" => card.kith.consent_at = some(p.text()),
            "X-KITH-CADENCE" => card.kith.cadence = some(p.text()),
            "X-KITH-SOURCE" => card.kith.source = some(p.text()),
            "X-KITH-CREATED" => card.kith.created_at = some(p.text()),
            "X-KITH-ARCHIVED" => card.kith.archived = p.text().eq_ignore_ascii_case("true"),
            "X-KITH-FIELD" => {
                if let Some(key) = p.param("X-KEY").filter(|k| !k.trim().is_empty()) {
                    let value = p.text();
                    card.fields.push((key.to_string(), value));
                }
            }
            // A grouped value Apple or Google labelled: a date, a related
            // name, a social profile, an instant messenger.
            name if label.is_some()
                && !matches!(name, "X-ABLABEL" | "X-ABADR" | "X-ABUID" | "PRODID" | "REV") =>
            {
                add_field(card, label.as_deref().unwrap_or_default(), &p.text());
            }
            "ANNIVERSARY" | "X-ANNIVERSARY" => add_field(card, "anniversary", &p.text()),
            "X-SOCIALPROFILE" | "IMPP" => {
                let kind = p
                    .param("TYPE")
                    .or_else(|| p.param("X-SERVICE-TYPE"))
                    .map(str::to_ascii_lowercase);
                let key = match (p.name.as_ref(), kind) {
                    ("IMPP", _) => "im".to_string(),
                    (_, Some(kind)) => kind,
                    _ => "profile".into(),
                };
                add_field(card, &key, &p.text());
            }
            _ => {}
        }
    }

    /// The first address, or the first marked preferred; any other is
    /// kept as a field ("address (work)"), on one line.
    fn address(&mut self, p: &Property<'_>, label: Option<String>) {
        let address = address(p);
        if address.is_empty() {
            return;
        }
        let kind = label.or_else(|| {
            ["home", "work", "other"]
                .into_iter()
                .find(|t| p.has_type(t))
                .map(str::to_string)
        });
        let key = kind.map_or_else(|| "address".to_string(), |k| format!("address ({k})"));
        let preferred = p.is_preferred();
        if self.card.address.is_empty() || (preferred && !self.address_preferred) {
            let old = std::mem::replace(&mut self.card.address, address);
            let old_key = std::mem::replace(&mut self.address_key, key);
            self.address_preferred = preferred;
            if !old.is_empty() {
                add_field(self.card, &old_key, &one_line(&old));
            }
        } else {
            add_field(self.card, &key, &one_line(&address));
        }
    }
}

/// An `ADR`: the street line is the extended part, the street and the PO box
/// joined; a multi-line street is joined with commas.
fn address(p: &Property<'_>) -> Address {
    let parts = p.components(", ");
    let part = |i: usize| {
        parts
            .get(i)
            .map(|s| {
                if !s.contains('\n') {
                    return s.clone();
                }
                s.split('\n')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .filter(|s| !s.is_empty())
    };
    let po_box = part(0).map(|b| {
        if b.bytes().all(|c| c.is_ascii_digit()) {
            format!("PO Box {b}")
        } else {
            b
        }
    });
    let street = [part(1), part(2), po_box]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    Address {
        street: Some(street).filter(|s| !s.is_empty()),
        city: part(3),
        region: part(4),
        postcode: part(5),
        country: part(6),
    }
}

/// An address on one line, as kith shows a place: "1 Main St, 75001 Paris, France".
fn one_line(a: &Address) -> String {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let town = [opt(&a.postcode), opt(&a.city)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    [opt(&a.street), town, opt(&a.region), opt(&a.country)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A field, numbered when the card has one of that name already
/// ("url", "url 2").
fn add_field(card: &mut Card, key: &str, value: &str) {
    let value = value.trim();
    if value.is_empty() || key.trim().is_empty() {
        return;
    }
    let mut name = key.trim().to_string();
    let mut n = 1;
    while card.fields.iter().any(|(k, _)| *k == name) {
        n += 1;
        name = format!("{} {n}", key.trim());
    }
    card.fields.push((name, value.to_string()));
}

/// Whether a line's name is `X-ABLabel` (any group, any case).
fn names_label(line: &[u8]) -> bool {
    let head = super::lines::head(line);
    head.windows(9)
        .any(|w| w.eq_ignore_ascii_case(b"X-ABLABEL"))
}

/// An Apple label, its `_$!<…>!$_` wrapping removed, lower-cased.
fn label(text: &str) -> String {
    let inner = text
        .strip_prefix("_$!<")
        .and_then(|t| t.strip_suffix(">!$_"))
        .unwrap_or(text);
    inner.trim().to_lowercase()
}

/// A phone as written; a `tel:` URI made plain, its `;ext=` kept as " ext. N"
/// and its other parameters dropped.
fn plain_phone(text: &str) -> String {
    let text = text.trim();
    let Some(uri) = text
        .get(..4)
        .filter(|s| s.eq_ignore_ascii_case("tel:"))
        .map(|_| &text[4..])
    else {
        return text.to_string();
    };
    let mut parts = uri.split(';');
    let number = parts.next().unwrap_or_default().trim().to_string();
    let ext = parts.find_map(|p| {
        p.split_once('=')
            .filter(|(k, _)| k.trim().eq_ignore_ascii_case("ext"))
            .map(|(_, v)| v.trim().to_string())
    });
    match ext {
        Some(ext) if !ext.is_empty() => format!("{number} ext. {ext}"),
        _ => number,
    }
}

/// `BDAY` in every form address books write; text that is no date is kept
/// as a field, with a warning.
fn birthday(card: &mut Card, p: &Property<'_>) {
    let text = p.text();
    if text.is_empty() {
        return;
    }
    let as_text = p
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("text"));
    // A date-time keeps its date; Apple's X-APPLE-OMIT-YEAR names a year
    // that stands for "unknown".
    let date = text.split(['T', 't']).next().unwrap_or_default().trim();
    let omit_year = p.param("X-APPLE-OMIT-YEAR").is_some();
    let parsed = if as_text {
        None
    } else if omit_year {
        let digits: String = date.chars().filter(char::is_ascii_digit).collect();
        digits
            .get(digits.len().saturating_sub(4)..)
            .and_then(|md| Birthday::parse(&format!("--{md}")).ok())
    } else {
        Birthday::parse(date).ok()
    };
    match parsed {
        Some(b) => card.birthday = Some(b),
        None => {
            card.warnings.push(format!(
                "birthday {:?} is not a date; kept as the field \"birthday\"",
                printable(&shorten(&text))
            ));
            add_field(card, "birthday", &text);
        }
    }
}

/// A photo, logo, sound or key: kith keeps none, but a corrupt one is worth
/// a warning (the rest of the card comes in).
fn check_binary(card: &mut Card, p: &Property<'_>) {
    let value = p.value;
    let inline = match p.param("ENCODING") {
        Some(e) if e.eq_ignore_ascii_case("b") || e.eq_ignore_ascii_case("base64") => Some(value),
        _ => value
            .windows(8)
            .position(|w| w.eq_ignore_ascii_case(b";base64,"))
            .map(|at| &value[at + 8..]),
    };
    if inline.is_some_and(|data| !is_base64(data)) {
        card.warnings.push(format!(
            "the {} is not valid base64; left out",
            p.name.to_ascii_lowercase()
        ));
    }
}

/// At most 40 characters of a value, for a message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
