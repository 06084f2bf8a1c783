//! A pair's evidence in words, from its comparison levels and weights.

use super::FieldWeight;
use super::compare::{
    BIRTHDAY, EMAIL, FAMILY, FIELDS, GIVEN, LEVELS, Levels, N, ORG, PHONE, PLACE, local_part,
};
use super::normalise::Norm;
use super::weights::Model;

/// Every field's level and weight, in field order.
pub fn weights(levels: Levels, model: &Model) -> Vec<FieldWeight> {
    (0..N)
        .map(|f| {
            let l = usize::from(levels.level[f]);
            FieldWeight {
                field: FIELDS[f],
                level: LEVELS[f][l].to_string(),
                weight: round(model.weight[f][l], 2),
            }
        })
        .collect()
}

/// Rounds to `places` decimals (stable output).
pub fn round(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    let r = (x * scale).round() / scale;
    if r == 0.0 { 0.0 } else { r }
}

/// The reasons for a pair, strongest first: each field that speaks for it,
/// in words. Equal weights keep field order.
pub fn reasons<'a>(a: &'a Norm, b: &'a Norm, levels: Levels, model: &Model) -> Vec<String> {
    let mut found: Vec<(f64, String)> = Vec::new();
    let level = |f: usize| levels.level[f];
    let weight = |f: usize| model.weight[f][usize::from(levels.level[f])];
    // Swapped: one side's family field is compared with the other's given.
    let parts = |n: &'a Norm, swap: bool| {
        if swap {
            (&n.family_raw, &n.given_raw, &n.family, &n.given)
        } else {
            (&n.given_raw, &n.family_raw, &n.given, &n.family)
        }
    };
    let (a_given_raw, a_family_raw, a_given, a_family) =
        parts(a, levels.swapped && !levels.swapped_b);
    let (b_given_raw, b_family_raw, b_given, b_family) = parts(b, levels.swapped_b);
    for f in 0..N {
        if weight(f) <= 0.0 {
            continue;
        }
        let text = match (f, level(f)) {
            (EMAIL, 1) => {
                if shares_raw(a, b) {
                    "same e-mail".to_string()
                } else {
                    "same e-mail after normalisation".to_string()
                }
            }
            (EMAIL, 2 | 3) => {
                format!("same e-mail user name at another provider ({})", user(a, b))
            }
            (PHONE, 1) => {
                if a.phones
                    .iter()
                    .any(|p| p.starts_with('+') && b.phones.contains(p))
                {
                    "same phone in E.164".to_string()
                } else {
                    "same phone number".to_string()
                }
            }
            (PHONE, 2) => "same phone number ending (last 9 digits)".to_string(),
            (GIVEN, l) => name_reason("first name", a_given_raw, b_given_raw, a_given, b_given, l),
            (FAMILY, l) => name_reason(
                "last name",
                a_family_raw,
                b_family_raw,
                a_family,
                b_family,
                l,
            ),
            (BIRTHDAY, 1) if level(PLACE) == 1 => "same birthday and postcode".to_string(),
            (BIRTHDAY, 1) => "same birthday".to_string(),
            (BIRTHDAY, 2) => "same birthday (day and month)".to_string(),
            (BIRTHDAY, 3) => "nearly the same birthday".to_string(),
            (PLACE, 1) if level(BIRTHDAY) == 1 => continue,
            (PLACE, 1) => "same postcode".to_string(),
            (PLACE, 2) => "same city".to_string(),
            (ORG, 1) => match (&a.org_suffix, &b.org_suffix) {
                (x, y) if x == y => "same organisation".to_string(),
                (Some(x), Some(y)) => format!("company suffix differs ({x} / {y})"),
                (Some(x), None) | (None, Some(x)) => format!("company suffix differs ({x})"),
                (None, None) => "same organisation".to_string(),
            },
            (ORG, 2) => "similar organisation".to_string(),
            _ => continue,
        };
        found.push((weight(f), text));
    }
    if levels.swapped {
        let strongest = weight(GIVEN).max(weight(FAMILY));
        found.push((strongest, "first and last name swapped".to_string()));
    }
    // Stable: equal weights keep the order above.
    found.sort_by(|x, y| y.0.total_cmp(&x.0));
    found.into_iter().map(|(_, text)| text).collect()
}

fn shares_raw(a: &Norm, b: &Norm) -> bool {
    a.emails_raw.iter().any(|e| b.emails_raw.contains(e))
}

fn user(a: &Norm, b: &Norm) -> String {
    for x in &a.emails {
        if let Some(y) = b.emails.iter().find(|y| local_part(y) == local_part(x)) {
            return format!("{x} / {y}");
        }
    }
    String::new()
}

/// The reason a name field gives, in words.
fn name_reason(what: &str, raw_a: &str, raw_b: &str, a: &str, b: &str, level: u8) -> String {
    let (ta, tb) = (raw_a.trim(), raw_b.trim());
    match level {
        1 if ta.to_lowercase() != tb.to_lowercase() && transliterated(ta, tb) => {
            format!("transliteration: {ta} = {tb}")
        }
        1 => format!("same {what}"),
        2 if what == "first name" => format!("nickname: {ta} = {tb}"),
        2 => format!("{what} in part: {ta} ~ {tb}"),
        3 if what == "first name" => format!("initial: {ta} = {tb}"),
        _ if a == b => format!("same {what}"),
        _ => format!("similar {what}: {ta} ~ {tb}"),
    }
}

/// Whether two raw names that fold alike differ by more than case and
/// punctuation (accents, umlauts spelt out, another script).
fn transliterated(a: &str, b: &str) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    letters(a) != letters(b)
}
