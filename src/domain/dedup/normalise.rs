//! Normalisers: the forms in which two records of one person meet.
//!
//! Each is a pure function of a stored value; [`Norm`] holds them all for
//! one contact, computed once per scan.

use crate::domain::contact::split_given_family;
use crate::domain::search::fold;

use super::Person;
use super::nicknames;

/// An e-mail address as matching sees it: lower case, trimmed, and with the
/// dots and tags removed only where the provider ignores them.
///
/// Gmail ignores dots and `+tags` (and googlemail.com is gmail.com);
/// Outlook/Hotmail/Live/MSN, iCloud, Fastmail and Proton ignore `+tags`;
/// Yahoo ignores `-tags`. Elsewhere `a.b+x@example.com` is its own address.
pub fn email_match_key(email: &str) -> String {
    let email = email.trim().to_lowercase();
    let Some((local, domain)) = email.rsplit_once('@') else {
        return email;
    };
    let domain = domain.trim_end_matches('.');
    let until = |sep: char| local.split(sep).next().unwrap_or(local);
    match domain {
        "gmail.com" | "googlemail.com" => format!("{}@gmail.com", until('+').replace('.', "")),
        "outlook.com" | "hotmail.com" | "live.com" | "msn.com" | "icloud.com" | "me.com"
        | "mac.com" | "fastmail.com" | "fastmail.fm" | "proton.me" | "protonmail.com"
        | "protonmail.ch" | "pm.me" => format!("{}@{domain}", until('+')),
        d if d.starts_with("hotmail.") || d.starts_with("outlook.") || d.starts_with("live.") => {
            format!("{}@{domain}", until('+'))
        }
        d if d == "yahoo.com" || d.starts_with("yahoo.") || d == "ymail.com" => {
            format!("{}@{domain}", until('-'))
        }
        _ => format!("{local}@{domain}"),
    }
}

/// A name folded for matching: case and accents folded (ß→ss, æ→ae, ø→o,
/// Cyrillic and Greek transliterated, "Mueller" and "Müller" both
/// "muller", see [`fold`]), apostrophes dropped ("O'Brien" → "obrien"),
/// other punctuation a space ("Anne-Marie" → "anne marie").
pub fn fold_name(name: &str) -> String {
    let folded = fold(name);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if c == '\'' || c == '\u{2019}' {
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// Words that are no part of a name: titles and generational suffixes.
const NOT_NAME: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "herr", "frau", "mme", "mlle", "jr", "sr",
];

/// A person's given and family name, raw (as typed), from what is stored:
/// "SMITH, ROBERT" is family "SMITH", given "ROBERT"; stored given/family
/// names win otherwise; a bare display name splits as everywhere in kith.
pub fn given_family(person: &Person) -> (String, String) {
    if let Some((family, given)) = person.name.split_once(',') {
        let (family, given) = (family.trim(), given.trim());
        if !family.is_empty() && !given.is_empty() && !given.contains(',') {
            return (given.to_string(), family.to_string());
        }
    }
    let given = person.given_name.as_deref().map_or("", str::trim);
    let family = person.family_name.as_deref().map_or("", str::trim);
    // Stored parts win only while the display name still says them (an
    // edited display name "I Hall" outranks a stale given name "Inés").
    let shown = format!(" {} ", fold_name(&person.name));
    let says = |part: &str| part.is_empty() || shown.contains(&format!(" {} ", fold_name(part)));
    if (!given.is_empty() || !family.is_empty()) && says(given) && says(family) {
        return (given.to_string(), family.to_string());
    }
    let (given, family) = split_given_family(person.name.trim());
    (given.unwrap_or_default(), family.unwrap_or_default())
}

/// A folded name without titles ("Dr. Jane Doe" → "jane doe").
pub fn name_words(name: &str) -> String {
    let folded = fold_name(name);
    folded
        .split(' ')
        .filter(|w| !NOT_NAME.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The folded words of a whole name, sorted: the same for "Robert Smith",
/// "SMITH, ROBERT" and "Smith Robert".
pub fn sorted_tokens(given: &str, family: &str) -> String {
    let mut words: Vec<&str> = given
        .split(' ')
        .chain(family.split(' '))
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_unstable();
    words.join(" ")
}

/// Company legal forms, folded and without dots ("S.p.A." → "spa").
const LEGAL_SUFFIXES: &[&str] = &[
    "gmbh",
    "ag",
    "kg",
    "kgaa",
    "ohg",
    "ug",
    "gbr",
    "ev",
    "se",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "sa",
    "sas",
    "sarl",
    "sasu",
    "eurl",
    "bv",
    "nv",
    "vof",
    "oy",
    "oyj",
    "ab",
    "as",
    "asa",
    "aps",
    "spa",
    "srl",
    "sl",
    "slu",
    "plc",
    "pty",
    "pte",
    "sro",
    "kft",
    "zrt",
    "sprl",
    "bvba",
    "lda",
    "cv",
    "mbh",
];

/// An organisation as matching sees it: folded, legal form removed. Returns
/// the key and the removed suffix as typed (`Acme GmbH` → `acme`, `GmbH`).
pub fn company_key(org: &str) -> (String, Option<String>) {
    let raw: Vec<&str> = org.split_whitespace().collect();
    let mut end = raw.len();
    while end > 1 {
        let word: String = fold(raw[end - 1])
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if word.is_empty() || LEGAL_SUFFIXES.contains(&word.as_str()) {
            end -= 1;
        } else {
            break;
        }
    }
    let suffix = raw[end..]
        .iter()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let key = fold_name(&raw[..end].join(" "));
    let suffix = (!suffix.is_empty()).then(|| suffix.trim_end_matches(',').to_string());
    (key, suffix)
}

/// The last nine digits of a phone key: meets an E.164 number with the same
/// number stored unparsed ("+49 30 1234567" and "030 1234567"). None for
/// fewer than seven digits.
pub fn phone_tail(key: &str) -> Option<String> {
    let digits: Vec<char> = key.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return None;
    }
    Some(digits[digits.len().saturating_sub(9)..].iter().collect())
}

/// A postcode as matching sees it: upper case, no spaces or dashes.
pub fn postcode_key(postcode: &str) -> String {
    postcode
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// One contact, normalised for matching.
#[derive(Clone, Debug, Default)]
pub struct Norm {
    pub given_raw: String,
    pub family_raw: String,
    /// Folded, without titles.
    pub given: String,
    pub family: String,
    /// The nickname groups of the given name's first word.
    pub given_groups: Vec<u16>,
    pub name_key: String,
    /// [`email_match_key`]s, sorted, no repeats.
    pub emails: Vec<String>,
    /// The raw e-mail behind each key, lower case.
    pub emails_raw: Vec<String>,
    pub phones: Vec<String>,
    /// [`phone_tail`]s, sorted, no repeats.
    pub tails: Vec<String>,
    pub birthday: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub org: Option<String>,
    pub org_suffix: Option<String>,
}

impl Norm {
    pub fn new(person: &Person) -> Norm {
        let (given_raw, family_raw) = given_family(person);
        let given = name_words(&given_raw);
        let family = name_words(&family_raw);
        let first = given.split(' ').next().unwrap_or("");
        let given_groups = nicknames::groups(first).to_vec();
        let name_key = sorted_tokens(&given, &family);
        let mut keyed: Vec<(String, String)> = person
            .emails
            .iter()
            .map(|e| (email_match_key(e), e.trim().to_lowercase()))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        keyed.sort();
        keyed.dedup_by(|a, b| a.0 == b.0);
        let (emails, emails_raw) = keyed.into_iter().unzip();
        let mut phones: Vec<String> = person.phones.clone();
        phones.sort();
        phones.dedup();
        let mut tails: Vec<String> = phones.iter().filter_map(|p| phone_tail(p)).collect();
        tails.sort();
        tails.dedup();
        let present = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let (org, org_suffix) = match present(&person.org) {
            Some(o) => {
                let (key, suffix) = company_key(&o);
                (Some(key).filter(|k| !k.is_empty()), suffix)
            }
            None => (None, None),
        };
        Norm {
            given_groups,
            name_key,
            emails,
            emails_raw,
            phones,
            tails,
            birthday: present(&person.birthday),
            postcode: present(&person.postcode)
                .map(|p| postcode_key(&p))
                .filter(|p| !p.is_empty()),
            city: present(&person.city)
                .map(|c| fold_name(&c))
                .filter(|c| !c.is_empty()),
            org,
            org_suffix,
            given_raw,
            family_raw,
            given,
            family,
        }
    }
}
