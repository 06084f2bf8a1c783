//! Blocking: which pairs are worth comparing at all.
//!
//! Every contact gets a few keys (its e-mails, phone endings, sorted name
//! words, a phonetic code of the family name with the first initial, the
//! formal given name with the family name, birthday with postcode).
//! Contacts sharing a key are candidates. A block
//! larger than [`CAP`] (a common name in a big book) is sorted by name and
//! only neighbours within [`WINDOW`] are paired, so 100k contacts give a few
//! hundred thousand pairs, not five billion.

use std::collections::HashMap;

use rphonetic::{DoubleMetaphone, Encoder};

use super::nicknames;
use super::normalise::Norm;

/// Blocks up to this size are paired in full.
pub const CAP: usize = 16;
/// In a larger block, each contact is paired with this many next neighbours
/// in name order.
pub const WINDOW: usize = 3;

/// Family-name particles that say little: "van", "de", "von", …
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "da", "di", "del", "della", "la", "le", "du", "dos", "das",
    "ter", "ten", "zu", "af", "al", "el", "bin", "ibn", "mac", "st",
];

/// The phonetic code of one folded word (Double Metaphone, primary).
pub fn sound(encoder: &DoubleMetaphone, word: &str) -> String {
    encoder.encode(word)
}

/// The blocking keys of one contact.
pub fn keys(norm: &Norm, encoder: &DoubleMetaphone) -> Vec<String> {
    let mut keys = Vec::new();
    for e in &norm.emails {
        keys.push(format!("e:{e}"));
    }
    for t in &norm.tails {
        keys.push(format!("t:{t}"));
    }
    if norm.name_key.contains(' ') {
        keys.push(format!("n:{}", norm.name_key));
    }
    let initial = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    let family_words: Vec<&str> = norm
        .family
        .split(' ')
        .filter(|w| w.len() > 1 && !PARTICLES.contains(w))
        .collect();
    let given_words: Vec<&str> = norm.given.split(' ').filter(|w| !w.is_empty()).collect();
    let first_given = given_words.first().copied().unwrap_or("");
    if !first_given.is_empty() {
        for word in &family_words {
            let code = sound(encoder, word);
            // Both ways round, so swapped names meet.
            keys.push(format!("m:{code}|{}", initial(first_given)));
            if first_given.len() > 1 {
                keys.push(format!(
                    "m:{}|{}",
                    sound(encoder, first_given),
                    initial(word)
                ));
            }
        }
        if !norm.family.is_empty() {
            keys.push(format!(
                "k:{}|{}",
                nicknames::formal(first_given),
                norm.family
            ));
        }
    }
    if let (Some(b), Some(p)) = (&norm.birthday, &norm.postcode) {
        keys.push(format!("b:{b}|{p}"));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The candidate pairs `(i, j)` with `i < j` (indices into `norms`),
/// sorted, no repeats.
pub fn candidates(norms: &[Norm], progress: &mut dyn FnMut(usize)) -> Vec<(u32, u32)> {
    let encoder = DoubleMetaphone::default();
    let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
    let step = (norms.len() / 8).max(1000);
    for (i, norm) in norms.iter().enumerate() {
        for key in keys(norm, &encoder) {
            blocks.entry(key).or_default().push(i as u32);
        }
        if i % step == step - 1 {
            progress(i + 1);
        }
    }
    let mut pairs = Vec::new();
    for members in blocks.values_mut() {
        if members.len() < 2 {
            continue;
        }
        if members.len() <= CAP {
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        } else {
            members.sort_by(|&a, &b| {
                let (na, nb) = (&norms[a as usize], &norms[b as usize]);
                (&na.name_key, a).cmp(&(&nb.name_key, b))
            });
            for (x, &a) in members.iter().enumerate() {
                for &b in members.iter().skip(x + 1).take(WINDOW) {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    // The order of `blocks` does not leak: pairs are sorted here.
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}
