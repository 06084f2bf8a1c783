//! One row of cells made a `Card`, each cell read as its column's target.

use csv::StringRecord;

use super::birthday;
use super::dialect::Dialect;
use super::map::{KithKey, Part, Target};
use super::write::unguard;
use crate::formats::card::{Address, Card};

/// An address of the row: its parts, and the whole in one cell if given.
#[derive(Default)]
struct Draft {
    address: Address,
    formatted: Option<String>,
}

/// The card a row holds. `custom_used[i]` is set when column `i` gave a
/// custom field, for the file's "kept as custom fields" note.
pub(super) fn card(
    dialect: Dialect,
    targets: &[Target],
    record: &StringRecord,
    line: usize,
    custom_used: &mut [bool],
) -> Card {
    let mut card = Card {
        line,
        ..Card::default()
    };
    // Few rows have more than one address: a short list, not a map.
    let mut drafts: Vec<(u32, Draft)> = Vec::new();
    let mut birth: [Option<&str>; 3] = [None; 3];
    for (i, (target, cell)) in targets.iter().zip(record.iter()).enumerate() {
        let mut cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        if dialect == Dialect::Kith {
            cell = unguard(cell);
        }
        match target {
            Target::Uid => first(&mut card.uid, cell),
            Target::Name => first(&mut card.name, cell),
            Target::Given => first(&mut card.given_name, cell),
            Target::Additional => first(&mut card.additional_names, cell),
            Target::Family => first(&mut card.family_name, cell),
            Target::Prefix => first(&mut card.prefix, cell),
            Target::Suffix => first(&mut card.suffix, cell),
            Target::Nickname => first(&mut card.nickname, cell),
            Target::Org => first(&mut card.org, cell),
            Target::Title => first(&mut card.title, cell),
            Target::Email => values(dialect, cell, ",;", &mut card.emails),
            Target::Phone => values(dialect, cell, ";", &mut card.phones),
            Target::Tags => tags(dialect, cell, &mut card.tags),
            Target::Address { rank, part } => {
                let at = match drafts.iter().position(|(r, _)| r == rank) {
                    Some(at) => at,
                    None => {
                        drafts.push((*rank, Draft::default()));
                        drafts.len() - 1
                    }
                };
                let draft = &mut drafts[at].1;
                let a = &mut draft.address;
                match part {
                    Part::Street => join(&mut a.street, cell, ", "),
                    Part::City => first(&mut a.city, cell),
                    Part::Region => first(&mut a.region, cell),
                    Part::Postcode => first(&mut a.postcode, cell),
                    Part::Country => first(&mut a.country, cell),
                    Part::Formatted => first(&mut draft.formatted, cell),
                }
            }
            Target::Birthday if card.birthday.is_none() => {
                match birthday::parse(cell, dialect.month_first()) {
                    Ok(b) => card.birthday = b,
                    Err(warning) => card.warnings.push(warning),
                }
            }
            Target::Ignore | Target::Birthday => {}
            Target::BirthYear => birth[0] = Some(cell),
            Target::BirthMonth => birth[1] = Some(cell),
            Target::BirthDay => birth[2] = Some(cell),
            Target::Note => add_field(&mut card.fields, "note", cell, "\n"),
            Target::Field(key) => add_field(&mut card.fields, key, cell, "; "),
            Target::Custom(key) => {
                custom_used[i] = true;
                add_field(&mut card.fields, key, cell, "; ");
            }
            Target::Kith(key) => kith(&mut card, *key, cell),
        }
    }
    if card.birthday.is_none() {
        match birthday::from_parts(birth[0], birth[1], birth[2]) {
            Ok(b) => card.birthday = b,
            Err(warning) => card.warnings.push(warning),
        }
    }
    // The preferred address that has anything in it; a formatted one only
    // when it has no parts.
    drafts.sort_by_key(|(rank, _)| *rank);
    if let Some((_, draft)) = drafts
        .into_iter()
        .find(|(_, d)| !d.address.is_empty() || d.formatted.is_some())
    {
        card.address = draft.address;
        if card.address.is_empty() {
            card.address.street = draft.formatted.map(|f| {
                f.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            });
        }
    }
    card
}

fn first(slot: &mut Option<String>, value: &str) {
    if slot.is_none() {
        *slot = Some(value.to_string());
    }
}

fn join(slot: &mut Option<String>, value: &str, sep: &str) {
    match slot {
        Some(v) => {
            v.push_str(sep);
            v.push_str(value);
        }
        None => *slot = Some(value.to_string()),
    }
}

fn add_field(fields: &mut Vec<(String, String)>, key: &str, value: &str, sep: &str) {
    match fields.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => {
            v.push_str(sep);
            v.push_str(value);
        }
        None => fields.push((key.to_string(), value.to_string())),
    }
}

/// Several values in one cell: Google's " ::: ", and `seps` elsewhere.
/// kith's own CSV joins with ";" only.
fn values(dialect: Dialect, cell: &str, seps: &str, out: &mut Vec<String>) {
    let seps: &[char] = if dialect == Dialect::Kith {
        &[';']
    } else if seps.contains(',') {
        &[';', ',']
    } else {
        &[';']
    };
    // Most cells hold one value: no splitting then.
    if !cell.contains(|c| c == ':' || seps.contains(&c)) {
        out.push(cell.to_string());
        return;
    }
    for piece in pieces(cell) {
        for value in piece.split(seps).map(str::trim) {
            if !value.is_empty() {
                out.push(value.to_string());
            }
        }
    }
}

/// A cell split on Google's " ::: " (the search skipped when there is no ':').
fn pieces(cell: &str) -> impl Iterator<Item = &str> {
    let (whole, split) = if cell.contains(':') {
        (None, Some(cell.split(":::")))
    } else {
        (Some(cell), None)
    };
    whole.into_iter().chain(split.into_iter().flatten())
}

/// Tags: kith's joined by ",", Google's group memberships by " ::: " (its
/// system groups start with "* ": `* myContacts` holds everyone and is
/// dropped, `* starred` becomes the tag "starred"), others by ";" or ",".
fn tags(dialect: Dialect, cell: &str, out: &mut Vec<String>) {
    let add = |tag: &str| {
        let tag = tag.trim();
        let tag = match tag.strip_prefix("* ") {
            Some(system) if system.eq_ignore_ascii_case("mycontacts") => return,
            Some(system) => system.trim(),
            None => tag,
        };
        if !tag.is_empty() {
            out.push(tag.to_string());
        }
    };
    if dialect == Dialect::Kith {
        cell.split(',').for_each(add);
    } else if dialect.is_google() {
        pieces(cell).for_each(add);
    } else {
        pieces(cell).flat_map(|p| p.split([';', ','])).for_each(add);
    }
}

fn kith(card: &mut Card, key: KithKey, cell: &str) {
    let k = &mut card.kith;
    let slot = match key {
        KithKey::Kind => &mut k.kind,
        KithKey::Stage => &mut k.stage,
        KithKey::Consent => &mut k.consent,
        KithKey::ConsentAt => &mut k.consent_at,
        KithKey::Cadence => &mut k.cadence,
        KithKey::Source => &mut k.source,
        KithKey::CreatedAt => &mut k.created_at,
        KithKey::Archived => {
            k.archived = matches!(cell.to_ascii_lowercase().as_str(), "true" | "yes" | "1");
            return;
        }
    };
    first(slot, cell);
}
