//! Duplicate detection: which contacts are the same person, how sure, and why.
//!
//! Pure: [`find`] takes the contacts as [`Person`]s (read by the store) and
//! the pairs the user said are different people, and returns clusters of
//! likely duplicates, best first, each pair with a score in 0–1 and its
//! reasons in words. The same input gives the same output, byte for byte.
//!
//! The way there (normalise, block, compare, weigh by Fellegi–Sunter m/u
//! probabilities estimated by EM, cluster without chaining strangers) lives
//! in the submodules; see docs/architecture.md.

use std::collections::HashSet;
use std::hash::BuildHasher;

use serde::Serialize;

/// One contact as duplicate detection sees it: stored values, not yet
/// normalised (normalising is part of the detection).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub uid: String,
    pub name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// As stored (`contact_email.email`).
    pub emails: Vec<String>,
    /// Phone keys as stored (`contact_phone.phone_key`): E.164 when the
    /// number parsed, else its digits.
    pub phones: Vec<String>,
    pub org: Option<String>,
    pub city: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
    /// As stored: "1985-04-12", or "--04-12" without a year.
    pub birthday: Option<String>,
}

/// What the user asks of a scan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Pairs scoring below this are not reported (0–1).
    pub min_score: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_score: DEFAULT_MIN_SCORE,
        }
    }
}

/// The score a pair needs to be reported when the user does not say.
pub const DEFAULT_MIN_SCORE: f64 = 0.8;

/// How much one field says about a pair: the comparison level it fell in
/// and its Fellegi–Sunter match weight (log2 of m/u; negative = against).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldWeight {
    /// "email", "phone", "given name", "family name", "birthday", …
    pub field: &'static str,
    /// The comparison level, in words: "same after normalisation",
    /// "nickname", "different", "missing on one side", …
    pub level: String,
    pub weight: f64,
}

/// Two contacts that may be the same person. `a < b` (contact ids).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pair {
    pub a: i64,
    pub b: i64,
    /// The probability they are the same person, 0–1 (rounded to 3 places,
    /// so output is stable).
    pub score: f64,
    /// The evidence in words, strongest first: "same e-mail after
    /// normalisation", "nickname: Bob = Robert", …
    pub reasons: Vec<String>,
    /// Every field's part in the score, for `--explain`.
    pub weights: Vec<FieldWeight>,
}

/// Contacts that are likely one person.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cluster {
    /// Contact ids, ascending.
    pub contacts: Vec<i64>,
    /// How sure the cluster is as a whole (0–1, rounded to 3 places).
    pub score: f64,
    /// The scored pairs inside the cluster, best first.
    pub pairs: Vec<Pair>,
}

/// What a scan found.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scan {
    /// Best first; ties by smallest contact id.
    pub clusters: Vec<Cluster>,
    /// How many contacts were looked at.
    pub people: usize,
    /// How many candidate pairs blocking produced (and were scored).
    pub compared: usize,
}

/// How far a scan is, for a progress line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Normalising and blocking: `done` of `total` people.
    Blocking {
        done: usize,
        total: usize,
    },
    /// Estimating weights and scoring: `done` of `total` candidate pairs.
    Scoring {
        done: usize,
        total: usize,
    },
    Clustering,
}

/// A pair the user said are different people: uids, in either order.
pub type NotDuplicate = (String, String);

/// Finds the clusters of likely duplicates among `people`. Pairs in
/// `not_duplicate` (by uid, in either order) never end up in one cluster.
pub fn find<S: BuildHasher>(
    people: &[Person],
    not_duplicate: &HashSet<NotDuplicate, S>,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Scan {
    let _ = (people, not_duplicate, options, progress);
    todo!("issue 9: the duplicate engine")
}
