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

mod block;
mod cluster;
pub mod compare;
mod explain;
pub mod nicknames;
pub mod normalise;
mod weights;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::hash::BuildHasher;

use serde::Serialize;

use compare::{BIRTHDAY, EMAIL, FAMILY, GIVEN, Levels, PHONE, different};
use normalise::Norm;

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
    let total = people.len();
    progress(Progress::Blocking { done: 0, total });
    let norms: Vec<Norm> = people.iter().map(Norm::new).collect();
    let candidates = block::candidates(&norms, &mut |done| {
        progress(Progress::Blocking { done, total });
    });
    progress(Progress::Blocking { done: total, total });
    let levels = compare_all(&norms, &candidates, progress);
    let model = weights::estimate(&norms, &levels);
    progress(Progress::Clustering);
    let marked = |i: u32, j: u32| {
        let (a, b) = (&people[i as usize].uid, &people[j as usize].uid);
        !not_duplicate.is_empty()
            && (not_duplicate.contains(&(a.clone(), b.clone()))
                || not_duplicate.contains(&(b.clone(), a.clone())))
    };
    let mut kept: Vec<(u32, u32, f64, Levels)> = candidates
        .iter()
        .zip(&levels)
        .filter_map(|(&(i, j), l)| {
            let score = explain::round(model.probability(*l), 3);
            (score >= options.min_score && score > 0.0 && !contradicts(*l))
                .then_some((i, j, score, *l))
        })
        .filter(|&(i, j, _, _)| !marked(i, j))
        .collect();
    kept.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let linked: Vec<(u32, u32, f64)> = kept.iter().map(|&(i, j, s, _)| (i, j, s)).collect();
    let mut compatible = |i: u32, j: u32| {
        !marked(i, j) && !contradicts(compare::compare(&norms[i as usize], &norms[j as usize]))
    };
    let groups = cluster::groups(norms.len(), &linked, &mut compatible);
    let mut group_of = vec![usize::MAX; norms.len()];
    for (g, group) in groups.iter().enumerate() {
        for &m in &group.members {
            group_of[m as usize] = g;
        }
    }
    let mut pairs: Vec<Vec<Pair>> = vec![Vec::new(); groups.len()];
    for &(i, j, score, ref l) in &kept {
        let g = group_of[i as usize];
        if g == usize::MAX || g != group_of[j as usize] {
            continue;
        }
        let (a, b) = (&norms[i as usize], &norms[j as usize]);
        let (pa, pb) = (&people[i as usize], &people[j as usize]);
        let (first, second, a, b, l) = if pa.id <= pb.id {
            (pa, pb, a, b, *l)
        } else {
            let flipped = Levels {
                swapped_b: l.swapped && !l.swapped_b,
                ..*l
            };
            (pb, pa, b, a, flipped)
        };
        pairs[g].push(Pair {
            a: first.id,
            b: second.id,
            score,
            reasons: explain::reasons(a, b, l, &model),
            weights: explain::weights(l, &model),
        });
    }
    let mut clusters: Vec<Cluster> = groups
        .into_iter()
        .zip(pairs)
        .map(|(group, pairs)| {
            let mut contacts: Vec<i64> = group
                .members
                .iter()
                .map(|&m| people[m as usize].id)
                .collect();
            contacts.sort_unstable();
            Cluster {
                contacts,
                score: explain::round(group.score, 3),
                pairs,
            }
        })
        .collect();
    clusters.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.contacts[0].cmp(&y.contacts[0]))
    });
    Scan {
        clusters,
        people: total,
        compared: candidates.len(),
    }
}

/// Whether two contacts cannot be one person, whatever links them: different
/// full birthdays, neither name alike (unless they share an e-mail address:
/// "Jones Nli" and "Nils Jones" are typed names, not two people), or both
/// e-mail and phone known on both sides and neither the same (namesakes:
/// two David Bernards).
fn contradicts(levels: Levels) -> bool {
    let email = levels.level[EMAIL];
    levels.level[BIRTHDAY] == different(BIRTHDAY)
        || (email != 1
            && levels.level[GIVEN] == different(GIVEN)
            && levels.level[FAMILY] == different(FAMILY))
        || (email >= 2 && levels.level[PHONE] == different(PHONE))
}

/// Compares every candidate pair, on two threads, in order.
fn compare_all(
    norms: &[Norm],
    candidates: &[(u32, u32)],
    progress: &mut dyn FnMut(Progress),
) -> Vec<Levels> {
    const CHUNK: usize = 100_000;
    let total = candidates.len();
    let mut out = Vec::with_capacity(total);
    let run = |part: &[(u32, u32)]| -> Vec<Levels> {
        part.iter()
            .map(|&(i, j)| compare::compare(&norms[i as usize], &norms[j as usize]))
            .collect()
    };
    for chunk in candidates.chunks(CHUNK) {
        progress(Progress::Scoring {
            done: out.len(),
            total,
        });
        let (left, right) = chunk.split_at(chunk.len() / 2);
        let (l, r) = std::thread::scope(|s| {
            let handle = s.spawn(|| run(right));
            let l = run(left);
            (
                l,
                handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            )
        });
        out.extend(l);
        out.extend(r);
    }
    progress(Progress::Scoring { done: total, total });
    out
}
