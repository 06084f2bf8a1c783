//! A seeded generator of contacts with planted duplicates and the truth
//! behind them, to measure duplicate detection (`benches/dedup.rs`) and to
//! give `kith demo` something for the Cleanup pane.
//!
//! Each true person ("entity") gets one record; about one in six comes back
//! once or twice more, the way imports from a phone, `LinkedIn` and Outlook
//! bring them: typos, nicknames, swapped or Outlook-style names, initials,
//! missing fields, transliterations, national phone formats, another e-mail
//! provider or a wholly new address, gmail dots and +tags, company legal
//! suffixes. Namesakes (different people sharing a full name) are planted
//! too, and are not duplicates. Names have a common head and a long tail,
//! as in a real address book (`names`). The same seed gives the same set.
//!
//! The variations are written independently of the duplicate engine (its
//! nickname table included), so the figures it scores here are honest.

use std::collections::HashSet;

use crate::domain::contact::{Contact, Phone};
use crate::domain::dates::Birthday;
use crate::domain::dedup::{Cluster, Person};
use crate::domain::phone::sample_mobile;

use super::demo::{Lists, lists};

mod names;
mod vary;
use names::Names;
use vary::FREE_MAIL;
pub(crate) use vary::vary;

/// Contacts with planted duplicates, and who is who.
#[derive(Clone, Debug, Default)]
pub struct Synthetic {
    pub contacts: Vec<Contact>,
    /// `entity[i]`: the true person behind `contacts[i]`.
    pub entity: Vec<u32>,
    /// `planted[i]`: how `contacts[i]` was made from its person's first
    /// record (empty for a first record; `[Namesake]` for a new person who
    /// shares an earlier one's name).
    pub planted: Vec<Vec<Variation>>,
}

/// One way a record of a person differs from their first record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Variation {
    /// One or two edits in the given or family name.
    Typo,
    /// "Bob" for "Robert".
    Nickname,
    /// Given and family name the wrong way round.
    Swapped,
    /// "SMITH, ROBERT".
    Outlook,
    /// "R. Smith".
    Initials,
    /// "Müller" → "Mueller", "ß" → "ss", "Ø" → "Oe", or accents dropped.
    Transliteration,
    NoEmail,
    NoPhone,
    NoBirthday,
    /// The same number written the national way ("0151 …" for "+49 151 …").
    PhoneFormat,
    /// The same local part at another provider.
    EmailProvider,
    /// A wholly different e-mail address.
    NewEmail,
    /// Dots moved or a +tag added at gmail, which ignores both.
    GmailAlias,
    /// "Acme `GmbH`" for "Acme".
    CompanySuffix,
    /// Not a duplicate: another person with the same full name.
    Namesake,
}

impl Variation {
    /// Every variation, for tests that check each is planted.
    pub const ALL: [Variation; 15] = [
        Variation::Typo,
        Variation::Nickname,
        Variation::Swapped,
        Variation::Outlook,
        Variation::Initials,
        Variation::Transliteration,
        Variation::NoEmail,
        Variation::NoPhone,
        Variation::NoBirthday,
        Variation::PhoneFormat,
        Variation::EmailProvider,
        Variation::NewEmail,
        Variation::GmailAlias,
        Variation::CompanySuffix,
        Variation::Namesake,
    ];
}

/// How well clusters match the truth, pair by pair.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Quality {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Pairs of records of one person.
    pub true_pairs: usize,
    /// Pairs inside the clusters found.
    pub found_pairs: usize,
    /// Pairs found that are of one person.
    pub correct_pairs: usize,
}

/// When the first records were made, so the set is the same on every run.
const STAMP: &str = "2026-01-01T00:00:00Z";

/// About `records` contacts (exactly, unless `records` is tiny), with
/// planted duplicates and namesakes, in an order that hides who is who.
pub fn generate(seed: u64, records: usize) -> Synthetic {
    let mut rng = fastrand::Rng::with_seed(seed);
    let lists = lists();
    let names = Names::new(&mut rng, &lists);
    let mut g = Gen {
        rng,
        lists,
        names,
        emails: HashSet::new(),
        phones: HashSet::new(),
    };
    let mut out = Synthetic::default();
    let mut firsts: Vec<usize> = Vec::new();
    let mut next_entity = 0u32;
    while out.contacts.len() < records {
        let entity = next_entity;
        next_entity += 1;
        let namesake_of = (!firsts.is_empty() && g.rng.u32(0..100) < 3)
            .then(|| out.contacts[firsts[g.rng.usize(0..firsts.len())]].clone());
        let first = match &namesake_of {
            Some(other) => g.namesake(other),
            None => g.person(),
        };
        firsts.push(out.contacts.len());
        out.contacts.push(first.clone());
        out.entity.push(entity);
        out.planted.push(if namesake_of.is_some() {
            vec![Variation::Namesake]
        } else {
            Vec::new()
        });
        // About one person in six comes back; one in five of those twice.
        if g.rng.u32(0..100) < 16 {
            let again = if g.rng.u32(0..5) == 0 { 2 } else { 1 };
            for _ in 0..again {
                if out.contacts.len() >= records {
                    break;
                }
                let (dup, how) = g.duplicate(&first);
                out.contacts.push(dup);
                out.entity.push(entity);
                out.planted.push(how);
            }
        }
    }
    // Shuffle (Fisher–Yates, seeded): ids must not give the truth away.
    for i in (1..out.contacts.len()).rev() {
        let j = g.rng.usize(0..=i);
        out.contacts.swap(i, j);
        out.entity.swap(i, j);
        out.planted.swap(i, j);
    }
    out
}

/// The contacts as the store would give them to a scan: ids 1..=n in order.
pub fn people(s: &Synthetic) -> Vec<Person> {
    s.contacts
        .iter()
        .enumerate()
        .map(|(i, c)| Person {
            id: i as i64 + 1,
            uid: c.uid.clone(),
            name: c.name.clone(),
            given_name: c.given_name.clone(),
            family_name: c.family_name.clone(),
            emails: c.emails.clone(),
            phones: c.phones.iter().map(Phone::key).collect(),
            org: c.org.clone(),
            city: c.city.clone(),
            postcode: c.postcode.clone(),
            country: c.country.clone(),
            birthday: c.birthday.map(|b| b.to_storage()),
        })
        .collect()
}

/// How many pairs of records belong to one person.
pub fn true_pairs(s: &Synthetic) -> usize {
    let mut size = std::collections::HashMap::<u32, usize>::new();
    for e in &s.entity {
        *size.entry(*e).or_default() += 1;
    }
    size.values().map(|k| k * (k - 1) / 2).sum()
}

/// Pairwise precision, recall and F1 of `clusters` (contact ids as given by
/// [`people`]): every pair inside a cluster counts as found.
pub fn score(s: &Synthetic, clusters: &[Cluster]) -> Quality {
    let mut found = HashSet::new();
    for c in clusters {
        for (i, a) in c.contacts.iter().enumerate() {
            for b in &c.contacts[i + 1..] {
                found.insert((*a.min(b), *a.max(b)));
            }
        }
    }
    let entity = |id: i64| {
        usize::try_from(id - 1)
            .ok()
            .and_then(|i| s.entity.get(i))
            .copied()
    };
    let correct = found
        .iter()
        .filter(|(a, b)| entity(*a).is_some() && entity(*a) == entity(*b))
        .count();
    let true_pairs = true_pairs(s);
    let precision = if found.is_empty() {
        1.0
    } else {
        correct as f64 / found.len() as f64
    };
    let recall = if true_pairs == 0 {
        1.0
    } else {
        correct as f64 / true_pairs as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Quality {
        precision,
        recall,
        f1,
        true_pairs,
        found_pairs: found.len(),
        correct_pairs: correct,
    }
}

struct Gen {
    rng: fastrand::Rng,
    lists: Lists,
    names: Names,
    emails: HashSet<String>,
    phones: HashSet<String>,
}

impl Gen {
    /// A uid from the seeded generator (shaped like a UUID), so the whole
    /// set, uids included, is the same for a seed.
    fn uid(&mut self) -> String {
        let n = self.rng.u128(..);
        let h = format!("{n:032x}");
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }

    /// `local@domain`, made unique among the set's addresses with a number.
    /// At gmail, which ignores dots, "anna.smith" and "annasmith" are one
    /// mailbox, so two people cannot hold both.
    fn unique_email(&mut self, local: &str, domain: &str) -> String {
        let mut email = format!("{local}@{domain}");
        while !self.emails.insert(mailbox(&email)) {
            email = format!("{local}{}@{domain}", self.rng.u32(1..1000));
        }
        email
    }

    /// A number no other person in the set has (people rarely share one).
    fn phone(&mut self, country: &str) -> Option<Phone> {
        for _ in 0..8 {
            let p = sample_mobile(country, self.rng.u64(..))?;
            if self.phones.insert(p.key()) {
                return Some(p);
            }
        }
        None
    }

    fn birthday(&mut self) -> Birthday {
        Birthday {
            year: (self.rng.u32(0..5) > 0).then(|| self.rng.i32(1950..2004)),
            month: self.rng.u32(1..13),
            day: self.rng.u32(1..29),
        }
    }

    /// A new person's first record.
    fn person(&mut self) -> Contact {
        let given = self.names.given(&mut self.rng);
        let family = self.names.family(&mut self.rng);
        self.record(&given, &family)
    }

    /// Another person with `other`'s name and nothing else of theirs.
    fn namesake(&mut self, other: &Contact) -> Contact {
        let given = other.given_name.clone().unwrap_or_default();
        let family = other.family_name.clone().unwrap_or_default();
        let mut c = self.record(&given, &family);
        // A different phone and birthday for sure, even if the draws agree.
        if c.phones.iter().any(|p| other.phones.contains(p)) {
            c.phones.clear();
        }
        if c.birthday.is_some() && c.birthday == other.birthday {
            c.birthday = None;
        }
        c
    }

    fn record(&mut self, given: &str, family: &str) -> Contact {
        let mut c = Contact::new(self.uid(), format!("{given} {family}"), STAMP);
        c.given_name = Some(given.to_string());
        c.family_name = Some(family.to_string());
        let (city, country) = pick(&mut self.rng, &self.lists.cities);
        c.city = Some(city.to_string());
        c.country = Some(country.to_string());
        let company = (self.rng.u32(0..10) < 6).then(|| pick(&mut self.rng, &self.lists.companies));
        c.org = company.map(|(o, _)| o.to_string());
        let local = names::local_part(&mut self.rng, given, family);
        let domain = match company {
            Some((_, d)) if self.rng.bool() => d,
            _ => pick(&mut self.rng, FREE_MAIL),
        };
        if self.rng.u32(0..100) < 92 {
            c.emails = vec![self.unique_email(&local, domain)];
        }
        if self.rng.u32(0..100) < 70 {
            c.phones.extend(self.phone(country));
        }
        if self.rng.u32(0..100) < 50 {
            c.birthday = Some(self.birthday());
        }
        if self.rng.u32(0..100) < 40 {
            c.postcode = Some(format!("{:05}", self.rng.u32(1000..99_999)));
        }
        c
    }

    /// The person of `first` again, as another import brings them: one or
    /// more variations (never one that would not change anything).
    fn duplicate(&mut self, first: &Contact) -> (Contact, Vec<Variation>) {
        let mut d = first.clone();
        d.uid = self.uid();
        d.source = "import".into();
        let mut how = Vec::new();
        // A name variation most of the time…
        if self.rng.u32(0..100) < 75 {
            let names = [
                Variation::Typo,
                Variation::Nickname,
                Variation::Swapped,
                Variation::Outlook,
                Variation::Initials,
                Variation::Transliteration,
            ];
            self.one_of(&mut d, &names, &mut how);
        }
        // …a change in how to reach them most of the time…
        if how.is_empty() || self.rng.u32(0..100) < 70 {
            let reach = [
                Variation::NoEmail,
                Variation::NoPhone,
                Variation::NoBirthday,
                Variation::PhoneFormat,
                Variation::PhoneFormat,
                Variation::EmailProvider,
                Variation::NewEmail,
                Variation::GmailAlias,
                Variation::GmailAlias,
            ];
            self.one_of(&mut d, &reach, &mut how);
        }
        // …and sometimes a second one, or the company's legal form.
        if self.rng.u32(0..100) < 20 {
            let more = [
                Variation::Typo,
                Variation::NoBirthday,
                Variation::NoPhone,
                Variation::PhoneFormat,
            ];
            self.one_of(&mut d, &more, &mut how);
        }
        if self.rng.u32(0..100) < 25 && vary(&mut self.rng, &mut d, Variation::CompanySuffix) {
            how.push(Variation::CompanySuffix);
        }
        if how.is_empty() {
            // Nothing applied (a record with little on it): at least the case.
            d.name = d.name.to_uppercase();
            how.push(Variation::Outlook);
        }
        // Keep one piece of evidence beyond the name: a person whose every
        // e-mail, phone and birthday changed is not findable by anyone.
        let shares = d.emails.iter().any(|e| first.emails.contains(e))
            || how.contains(&Variation::GmailAlias)
            || d.phones
                .iter()
                .any(|p| first.phones.iter().any(|q| q.key() == p.key()))
            || (d.birthday.is_some() && d.birthday == first.birthday);
        if !shares {
            if let Some(p) = first.phones.first() {
                d.phones = vec![p.clone()];
            } else if first.birthday.is_some() {
                d.birthday = first.birthday;
            }
        }
        if how.contains(&Variation::NewEmail) || how.contains(&Variation::EmailProvider) {
            for e in &d.emails {
                self.emails.insert(mailbox(e));
            }
        }
        (d, how)
    }

    /// Applies one of `choices` that changes `d`, drawn at random.
    fn one_of(&mut self, d: &mut Contact, choices: &[Variation], how: &mut Vec<Variation>) {
        let start = self.rng.usize(0..choices.len());
        for k in 0..choices.len() {
            let v = choices[(start + k) % choices.len()];
            if !how.iter().any(|h| clash(*h, v)) && vary(&mut self.rng, d, v) {
                how.push(v);
                return;
            }
        }
    }
}

/// Whether `b` after `a` would be the same change or undo it (a number
/// written the national way, then dropped).
fn clash(a: Variation, b: Variation) -> bool {
    use Variation::{EmailProvider, GmailAlias, NewEmail, NoEmail, NoPhone, PhoneFormat};
    let email = [NoEmail, EmailProvider, NewEmail, GmailAlias];
    let phone = [NoPhone, PhoneFormat];
    a == b
        || (email.contains(&a) && email.contains(&b))
        || (phone.contains(&a) && phone.contains(&b))
}

/// The mailbox an address reaches: gmail ignores dots in the user name.
fn mailbox(email: &str) -> String {
    match email.split_once('@') {
        Some((local, "gmail.com")) => format!("{}@gmail.com", local.replace('.', "")),
        _ => email.to_string(),
    }
}

fn pick<T: Copy>(rng: &mut fastrand::Rng, items: &[T]) -> T {
    items[rng.usize(0..items.len())]
}

#[cfg(test)]
mod tests;
