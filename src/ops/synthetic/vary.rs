//! The variations: each a small function that changes one record of a
//! person the way another import or address book would have it.

use crate::domain::contact::{Contact, Phone};

use super::super::demo::slug;
use super::{Variation, pick};

/// Common nicknames, written for this generator: (formal, nickname).
pub(super) const NICKNAMES: &[(&str, &str)] = &[
    ("Robert", "Bob"),
    ("Robert", "Rob"),
    ("William", "Bill"),
    ("William", "Will"),
    ("James", "Jim"),
    ("James", "Jamie"),
    ("Michael", "Mike"),
    ("Daniel", "Dan"),
    ("Daniel", "Danny"),
    ("Thomas", "Tom"),
    ("Alexander", "Alex"),
    ("Alexander", "Sasha"),
    ("Benjamin", "Ben"),
    ("Samuel", "Sam"),
    ("Rebecca", "Becky"),
    ("David", "Dave"),
    ("Katarzyna", "Kasia"),
    ("Natalia", "Natasha"),
    ("Dmitri", "Dima"),
    ("Ivan", "Vanya"),
    ("Maximilian", "Max"),
    ("Victoria", "Vicky"),
    ("Isabella", "Bella"),
    ("Charlotte", "Charlie"),
    ("Gabriel", "Gabe"),
    ("Jakob", "Jake"),
    ("Francesca", "Fran"),
    ("José", "Pepe"),
    ("Javier", "Javi"),
    ("Tomasz", "Tomek"),
    ("Zofia", "Zosia"),
    ("Amelia", "Millie"),
    ("Olivia", "Liv"),
    ("Elias", "Eli"),
    ("Rafael", "Rafa"),
    ("Sergei", "Seryozha"),
];

pub(super) const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "outlook.com",
    "proton.me",
    "posteo.de",
    "yahoo.com",
    "web.de",
    "icloud.com",
];

/// Applies `v` to `c`; false (and `c` unchanged) when it does not apply,
/// e.g. a nickname for a name without one.
pub(crate) fn vary(rng: &mut fastrand::Rng, c: &mut Contact, v: Variation) -> bool {
    match v {
        Variation::Typo => typo(rng, c),
        Variation::Nickname => nickname(rng, c),
        Variation::Swapped => swapped(c),
        Variation::Outlook => outlook(rng, c),
        Variation::Initials => initials(c),
        Variation::Transliteration => transliterated(rng, c),
        Variation::NoEmail => !std::mem::take(&mut c.emails).is_empty(),
        Variation::NoPhone => !std::mem::take(&mut c.phones).is_empty(),
        Variation::NoBirthday => c.birthday.take().is_some(),
        Variation::PhoneFormat => national_phone(c),
        Variation::EmailProvider => other_provider(rng, c),
        Variation::NewEmail => new_email(rng, c),
        Variation::GmailAlias => gmail_alias(rng, c),
        Variation::CompanySuffix => company_suffix(c),
        Variation::Namesake => false,
    }
}

fn parts(c: &Contact) -> Option<(String, String)> {
    Some((c.given_name.clone()?, c.family_name.clone()?))
}

fn set_name(c: &mut Contact, given: &str, family: &str) {
    c.name = format!("{given} {family}");
    c.given_name = Some(given.to_string());
    c.family_name = Some(family.to_string());
}

/// One or two edits (replace, drop, double, swap neighbours) in the given
/// or family name, never its first letter (people rarely get that wrong).
fn typo(rng: &mut fastrand::Rng, c: &mut Contact) -> bool {
    let Some((given, family)) = parts(c) else {
        return false;
    };
    let in_family = rng.bool();
    let mut word: Vec<char> = if in_family { &family } else { &given }.chars().collect();
    if word.len() < 4 {
        return false;
    }
    let before = word.clone();
    for _ in 0..rng.usize(1..3) {
        let i = rng.usize(1..word.len());
        match rng.u32(0..4) {
            0 => word[i] = rng.lowercase(),
            1 if word.len() > 3 => {
                word.remove(i);
            }
            2 => word.insert(i, word[i]),
            _ if i + 1 < word.len() => word.swap(i, i + 1),
            _ => word[i] = rng.lowercase(),
        }
    }
    if word == before {
        return false;
    }
    let word: String = word.into_iter().collect();
    if in_family {
        set_name(c, &given, &word);
    } else {
        set_name(c, &word, &family);
    }
    true
}

fn nickname(rng: &mut fastrand::Rng, c: &mut Contact) -> bool {
    let Some((given, family)) = parts(c) else {
        return false;
    };
    let options: Vec<&str> = NICKNAMES
        .iter()
        .filter(|(formal, _)| *formal == given)
        .map(|(_, nick)| *nick)
        .collect();
    if options.is_empty() {
        return false;
    }
    set_name(c, pick(rng, &options), &family);
    true
}

fn swapped(c: &mut Contact) -> bool {
    let Some((given, family)) = parts(c) else {
        return false;
    };
    set_name(c, &family, &given);
    true
}

/// "SMITH, ROBERT" (or "Smith, Robert"), as Outlook exports write it.
fn outlook(rng: &mut fastrand::Rng, c: &mut Contact) -> bool {
    let Some((mut given, mut family)) = parts(c) else {
        return false;
    };
    if rng.u32(0..3) > 0 {
        given = given.to_uppercase();
        family = family.to_uppercase();
    }
    c.name = format!("{family}, {given}");
    c.given_name = Some(given);
    c.family_name = Some(family);
    true
}

fn initials(c: &mut Contact) -> bool {
    let Some((given, family)) = parts(c) else {
        return false;
    };
    let Some(first) = given.chars().next() else {
        return false;
    };
    set_name(c, &format!("{first}."), &family);
    true
}

/// German-style ("Müller" → "Mueller", "ß" → "ss", "Ø" → "Oe") or accents
/// simply dropped ("Müller" → "Muller"); only for names that have them.
fn transliterated(rng: &mut fastrand::Rng, c: &mut Contact) -> bool {
    let Some((given, family)) = parts(c) else {
        return false;
    };
    if given.is_ascii() && family.is_ascii() {
        return false;
    }
    let how: fn(&str) -> String = if rng.bool() {
        transliterate
    } else {
        |s| deunicode::deunicode(s)
    };
    set_name(c, &how(&given), &how(&family));
    true
}

/// Umlauts and Nordic letters spelt out, other accents dropped.
pub(crate) fn transliterate(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for ch in s.chars() {
        let spelt = match ch {
            'ä' | 'æ' => "ae",
            'ö' | 'ø' => "oe",
            'ü' => "ue",
            'Ä' | 'Æ' => "Ae",
            'Ö' | 'Ø' => "Oe",
            'Ü' => "Ue",
            'ß' => "ss",
            'å' => "aa",
            'Å' => "Aa",
            _ => {
                out.push_str(deunicode::deunicode_char(ch).unwrap_or("?"));
                continue;
            }
        };
        out.push_str(spelt);
    }
    out
}

fn region(c: &Contact) -> Option<String> {
    c.country.clone()
}

fn national_phone(c: &mut Contact) -> bool {
    let region = region(c);
    let Some(first) = c.phones.first() else {
        return false;
    };
    let Some(national) = first.national() else {
        return false;
    };
    match Phone::parse(&national, region.as_deref()) {
        Ok(p) if p.raw != first.raw => {
            c.phones[0] = p;
            true
        }
        _ => false,
    }
}

fn other_provider(rng: &mut fastrand::Rng, c: &mut Contact) -> bool {
    let Some((local, domain)) = c.emails.first().and_then(|e| e.split_once('@')) else {
        return false;
    };
    let others: Vec<&str> = FREE_MAIL.iter().copied().filter(|d| *d != domain).collect();
    let email = format!("{local}@{}", pick(rng, &others));
    c.emails = vec![email];
    true
}

/// Another address altogether: a nickname-like handle with a number at a
/// free provider.
fn new_email(rng: &mut fastrand::Rng, c: &mut Contact) -> bool {
    let Some((given, family)) = parts(c) else {
        return false;
    };
    let handle = format!(
        "{}{}{}",
        slug(&family).replace('.', ""),
        slug(&given).chars().next().unwrap_or('x'),
        rng.u32(10..100_000)
    );
    c.emails = vec![format!("{handle}@{}", pick(rng, FREE_MAIL))];
    true
}

/// gmail ignores dots and anything after `+` in the local part.
fn gmail_alias(rng: &mut fastrand::Rng, c: &mut Contact) -> bool {
    let Some((local, domain)) = c.emails.first().and_then(|e| e.split_once('@')) else {
        return false;
    };
    if domain != "gmail.com" {
        return false;
    }
    let local = if rng.bool() && local.contains('.') {
        local.replace('.', "")
    } else if rng.bool() {
        format!(
            "{local}+{}",
            pick(rng, &["crm", "work", "news", "linkedin"])
        )
    } else {
        let mut chars: Vec<char> = local.chars().collect();
        let at = rng.usize(1..chars.len().max(2));
        chars.insert(at.min(chars.len()), '.');
        chars.into_iter().collect::<String>().replace("..", ".")
    };
    let email = format!("{local}@{domain}");
    if c.emails[0] == email {
        return false;
    }
    c.emails = vec![email];
    true
}

/// The company with its legal form, as the country writes it.
fn company_suffix(c: &mut Contact) -> bool {
    let Some(org) = &c.org else {
        return false;
    };
    let suffix = match c.country.as_deref() {
        Some("DE" | "AT" | "CH") => "GmbH",
        Some("FR" | "BE") => "SA",
        Some("ES") => "S.L.",
        Some("IT") => "S.r.l.",
        Some("NL") => "B.V.",
        Some("GB" | "IE") => "Ltd",
        Some("SE") => "AB",
        Some("NO") => "AS",
        Some("DK") => "A/S",
        Some("FI") => "Oy",
        _ => "Inc.",
    };
    c.org = Some(format!("{org} {suffix}"));
    true
}
