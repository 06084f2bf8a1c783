//! Comparison levels: how two normalised contacts agree, field by field.
//!
//! Level 0 of every field is "missing on one side" and weighs nothing; the
//! other levels go from the strongest agreement to "different".

use strsim::jaro_winkler;

use super::nicknames;
use super::normalise::Norm;

/// How many fields are compared.
pub const N: usize = 7;
pub const EMAIL: usize = 0;
pub const PHONE: usize = 1;
pub const GIVEN: usize = 2;
pub const FAMILY: usize = 3;
pub const BIRTHDAY: usize = 4;
pub const PLACE: usize = 5;
pub const ORG: usize = 6;

/// Each field's name, as `--explain` prints it.
pub const FIELDS: [&str; N] = [
    "email",
    "phone",
    "given name",
    "family name",
    "birthday",
    "postcode/city",
    "organisation",
];

/// Each field's levels in words, by level.
pub const LEVELS: [&[&str]; N] = [
    &[
        "missing on one side",
        "same after normalisation",
        "same user name, other provider",
        "same user name (just the name), other provider",
        "different",
    ],
    &[
        "missing on one side",
        "same",
        "same last 9 digits",
        "different",
    ],
    &[
        "missing on one side",
        "same",
        "nickname",
        "initial",
        "very similar",
        "similar",
        "different",
    ],
    &[
        "missing on one side",
        "same",
        "one part of the other",
        "very similar",
        "similar",
        "different",
    ],
    &[
        "missing on one side",
        "same",
        "same day, year missing",
        "nearly the same",
        "different",
    ],
    &[
        "missing on one side",
        "same postcode",
        "same city",
        "different",
    ],
    &["missing on one side", "same", "similar", "different"],
];

/// The level of "different" for each field (its last level).
pub fn different(field: usize) -> u8 {
    (LEVELS[field].len() - 1) as u8
}

/// How a pair compares: one level per field, and whether the names match
/// only the other way round (given ↔ family).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Levels {
    pub level: [u8; N],
    pub swapped: bool,
    /// When swapped: b's names are the wrong way round (else a's).
    pub swapped_b: bool,
}

/// Jaro–Winkler similarity at or above which names are "very similar".
const VERY_SIMILAR: f64 = 0.93;
/// … and "similar".
const SIMILAR: f64 = 0.86;

/// Compares two contacts.
pub fn compare(a: &Norm, b: &Norm) -> Levels {
    let mut level = [0; N];
    level[EMAIL] = email(a, b);
    level[PHONE] = phone(a, b);
    let (given, family, swapped) = names(a, b);
    level[GIVEN] = given;
    level[FAMILY] = family;
    level[BIRTHDAY] = birthday(a.birthday.as_deref(), b.birthday.as_deref());
    level[PLACE] = place(a, b);
    level[ORG] = org(a.org.as_deref(), b.org.as_deref());
    Levels {
        level,
        swapped: swapped.is_some(),
        swapped_b: swapped == Some(true),
    }
}

fn shares(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.binary_search(x).is_ok())
}

fn email(a: &Norm, b: &Norm) -> u8 {
    if a.emails.is_empty() || b.emails.is_empty() {
        0
    } else if shares(&a.emails, &b.emails) {
        1
    } else if let Some(user) = a
        .emails
        .iter()
        .map(|x| local_part(x))
        .find(|user| b.emails.iter().any(|y| local_part(y) == *user))
    {
        // "anna.smith" at two providers says little beyond the names;
        // "anna.smith84" or "bluefox" says more.
        if name_like(user, a) && name_like(user, b) {
            3
        } else {
            2
        }
    } else {
        4
    }
}

/// Whether an e-mail user name is just the contact's name: given and
/// family name (either order, or the initial and family name), or one of
/// them alone, ignoring dots, dashes and underscores; digits make it more.
fn name_like(user: &str, n: &Norm) -> bool {
    let letters = |s: &str| -> String { s.chars().filter(char::is_ascii_alphanumeric).collect() };
    let user = letters(user);
    if user.is_empty() || user.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let given = letters(n.given.split(' ').next().unwrap_or(""));
    let family = letters(&n.family);
    if given.is_empty() || family.is_empty() {
        return false;
    }
    let initial = &given[..given.chars().next().map_or(0, char::len_utf8)];
    [
        format!("{given}{family}"),
        format!("{family}{given}"),
        format!("{initial}{family}"),
        given.clone(),
        family.clone(),
    ]
    .contains(&user)
}

/// The part of an e-mail key before the `@`.
pub fn local_part(key: &str) -> &str {
    key.rsplit_once('@').map_or(key, |(l, _)| l)
}

fn phone(a: &Norm, b: &Norm) -> u8 {
    if a.phones.is_empty() || b.phones.is_empty() {
        0
    } else if shares(&a.phones, &b.phones) {
        1
    } else if shares(&a.tails, &b.tails) {
        2
    } else {
        3
    }
}

/// Given-name level of two folded given names.
pub fn given_level(a: &str, ga: &[u16], b: &str, gb: &[u16]) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b {
        return 1;
    }
    let fa = a.split(' ').next().unwrap_or(a);
    let fb = b.split(' ').next().unwrap_or(b);
    if fa != fb && nicknames::shared(ga, gb) {
        return 2;
    }
    if (fa.len() == 1 && fb.starts_with(fa)) || (fb.len() == 1 && fa.starts_with(fb)) {
        return 3;
    }
    if fa == fb {
        return 4;
    }
    let sim = jaro_winkler(a, b);
    if sim >= VERY_SIMILAR {
        4
    } else if sim >= SIMILAR {
        5
    } else {
        6
    }
}

/// Family-name level of two folded family names.
pub fn family_level(a: &str, b: &str) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b {
        return 1;
    }
    let part = |x: &str, y: &str| x.split(' ').all(|w| y.split(' ').any(|v| v == w));
    if part(a, b) || part(b, a) {
        return 2;
    }
    let sim = jaro_winkler(a, b);
    if sim >= VERY_SIMILAR {
        3
    } else if sim >= SIMILAR {
        4
    } else {
        5
    }
}

/// The name levels, the way round they agree best.
fn names(a: &Norm, b: &Norm) -> (u8, u8, Option<bool>) {
    let given = given_level(&a.given, &a.given_groups, &b.given, &b.given_groups);
    let family = family_level(&a.family, &b.family);
    if given == 1 && family == 1 {
        return (given, family, None);
    }
    if a.given.is_empty() || a.family.is_empty() || b.given.is_empty() || b.family.is_empty() {
        return (given, family, None);
    }
    // The other way round: a's (or b's) family field holds the given name.
    let first = |s: &str| s.split(' ').next().unwrap_or("").to_string();
    let a_swapped = (
        given_level(
            &a.family,
            nicknames::groups(&first(&a.family)),
            &b.given,
            &b.given_groups,
        ),
        family_level(&a.given, &b.family),
    );
    let b_swapped = (
        given_level(
            &a.given,
            &a.given_groups,
            &b.family,
            nicknames::groups(&first(&b.family)),
        ),
        family_level(&a.family, &b.given),
    );
    let sum = |(g, f): (u8, u8)| u16::from(g) + u16::from(f);
    let (on_b, (sg, sf)) = if sum(b_swapped) < sum(a_swapped) {
        (true, b_swapped)
    } else {
        (false, a_swapped)
    };
    let strong = |l: u8, most: u8| l >= 1 && l <= most;
    if strong(sg, 5) && strong(sf, 4) && sum((sg, sf)) < sum((given, family)) {
        (sg, sf, Some(on_b))
    } else {
        (given, family, None)
    }
}

/// Birthday level: "1985-04-12" or "--04-12" (no year).
pub fn birthday(a: Option<&str>, b: Option<&str>) -> u8 {
    let (Some(a), Some(b)) = (a, b) else {
        return 0;
    };
    let full = |s: &str| s.len() == 10 && !s.starts_with("--");
    let day = |s: &str| s.get(s.len().saturating_sub(5)..).unwrap_or("").to_string();
    if a == b {
        return if full(a) { 1 } else { 2 };
    }
    if day(a) == day(b) && (!full(a) || !full(b)) {
        return 2;
    }
    if full(a) && full(b) {
        let diff = a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count();
        // Day and month swapped: 1985-04-12 / 1985-12-04.
        let swapped = a[..5] == b[..5] && a[5..7] == b[8..10] && a[8..10] == b[5..7];
        if diff == 1 || swapped {
            return 3;
        }
    }
    4
}

fn place(a: &Norm, b: &Norm) -> u8 {
    if let (Some(x), Some(y)) = (&a.postcode, &b.postcode)
        && x == y
    {
        return 1;
    }
    if let (Some(x), Some(y)) = (&a.city, &b.city)
        && x == y
    {
        return 2;
    }
    let both = |x: &Option<String>, y: &Option<String>| x.is_some() && y.is_some();
    if both(&a.postcode, &b.postcode) || both(&a.city, &b.city) {
        3
    } else {
        0
    }
}

fn org(a: Option<&str>, b: Option<&str>) -> u8 {
    let (Some(a), Some(b)) = (a, b) else {
        return 0;
    };
    if a == b {
        1
    } else if jaro_winkler(a, b) >= 0.9 {
        2
    } else {
        3
    }
}
