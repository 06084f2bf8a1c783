//! Fellegi–Sunter weights estimated from the data, as splink does.
//!
//! For each field and level: `u`, how often two *different* people agree
//! that way, from a seeded random sample of pairs; `m`, how often two
//! records of the *same* person do, by expectation–maximisation over the
//! candidate pairs. A level's match weight is log2(m/u). Both are smoothed
//! toward modest prior guesses with pseudo-counts, so a book of ten
//! contacts still gets sane weights, and a big one is ruled by its data.

use super::compare::{BIRTHDAY, EMAIL, Levels, N, PLACE, compare, different};
use super::normalise::Norm;

/// The seed of the u sample: the same book always gets the same weights.
const SEED: u64 = 0x6b69_7468_0009;
/// At most this many random pairs for u.
const SAMPLE: usize = 120_000;
/// EM rounds over the candidate pairs (it settles well before).
const ROUNDS: usize = 15;
/// The weight of the prior guesses, in pairs: for m …
const M_PSEUDO: f64 = 30.0;
/// … and for u.
const U_PSEUDO: f64 = 2_000.0;

/// Prior guesses of m by field and level (level 0, missing, is unused).
const PRIOR_M: [&[f64]; N] = [
    &[0.0, 0.55, 0.02, 0.03, 0.40],
    &[0.0, 0.55, 0.10, 0.35],
    &[0.0, 0.70, 0.10, 0.05, 0.07, 0.04, 0.04],
    &[0.0, 0.85, 0.04, 0.05, 0.03, 0.03],
    &[0.0, 0.90, 0.05, 0.04, 0.01],
    &[0.0, 0.60, 0.15, 0.25],
    &[0.0, 0.65, 0.10, 0.25],
];

/// Prior guesses of u by field and level.
const PRIOR_U: [&[f64]; N] = [
    &[0.0, 0.000_01, 0.000_05, 0.000_15, 0.999_79],
    &[0.0, 0.000_01, 0.000_01, 0.999_98],
    &[0.0, 0.01, 0.001, 0.003, 0.005, 0.02, 0.961],
    &[0.0, 0.002, 0.000_5, 0.002, 0.01, 0.985_5],
    &[0.0, 0.000_05, 0.003, 0.001, 0.995_95],
    &[0.0, 0.005, 0.03, 0.965],
    &[0.0, 0.02, 0.01, 0.97],
];

/// m and u never leave these bounds (no infinite weights).
const FLOOR: f64 = 1e-7;
/// Two records of one person rarely have different full birthdays: m of
/// that level stays at most this, whatever EM says.
const BIRTHDAY_DIFFERENT_MAX_M: f64 = 0.01;
/// … and of different postcode and city: people move, but seldom between
/// two imports.
const PLACE_DIFFERENT_MAX_M: f64 = 0.1;
/// A shared e-mail user name at another provider is mostly the name again
/// ("d.bernard@…" for two David Bernards): its weight stays at most this.
const OTHER_PROVIDER_MAX_WEIGHT: f64 = 2.0;
/// … and when it is just the name ("anna.smith"), it says almost nothing
/// the names have not said.
const NAME_LIKE_USER_MAX_WEIGHT: f64 = 0.5;
/// The chance that two contacts picked at random are one person, bounds.
const PRIOR_BOUNDS: (f64, f64) = (1e-9, 0.01);

/// The estimated model.
#[derive(Clone, Debug)]
pub struct Model {
    /// Match weight (log2 m/u) by field and level; 0 for "missing".
    pub weight: [Vec<f64>; N],
    /// log2 of the prior odds that two contacts are one person.
    pub prior: f64,
}

impl Model {
    /// The posterior probability that a pair is one person.
    pub fn probability(&self, levels: Levels) -> f64 {
        let total = self.prior + self.sum(levels);
        1.0 / (1.0 + (-total).exp2())
    }

    /// The sum of a pair's field weights.
    pub fn sum(&self, levels: Levels) -> f64 {
        (0..N)
            .map(|f| self.weight[f][usize::from(levels.level[f])])
            .sum()
    }
}

/// Counts per field and level, as probabilities after [`normalised`].
type Table = [Vec<f64>; N];

fn zeros() -> Table {
    std::array::from_fn(|f| vec![0.0; PRIOR_M[f].len()])
}

/// Blends counts with a prior (pseudo-counts) into probabilities over the
/// non-missing levels.
fn normalised(counts: &Table, prior: &[&[f64]; N], pseudo: f64) -> Table {
    std::array::from_fn(|f| {
        let total: f64 = counts[f][1..].iter().sum();
        let mut p: Vec<f64> = (0..counts[f].len())
            .map(|l| {
                if l == 0 {
                    0.0
                } else {
                    ((counts[f][l] + pseudo * prior[f][l]) / (total + pseudo)).max(FLOOR)
                }
            })
            .collect();
        let sum: f64 = p[1..].iter().sum();
        for x in &mut p[1..] {
            *x /= sum;
        }
        p
    })
}

/// u by field and level, from a seeded sample of random pairs (every pair
/// when the book is small).
fn estimate_u(norms: &[Norm]) -> Table {
    let mut counts = zeros();
    let n = norms.len();
    let mut add = |i: usize, j: usize| {
        let levels = compare(&norms[i], &norms[j]);
        for f in 0..N {
            counts[f][usize::from(levels.level[f])] += 1.0;
        }
    };
    if n.saturating_mul(n.saturating_sub(1)) / 2 <= SAMPLE {
        for i in 0..n {
            for j in i + 1..n {
                add(i, j);
            }
        }
    } else {
        let mut rng = fastrand::Rng::with_seed(SEED);
        let mut taken = 0;
        while taken < SAMPLE {
            let (i, j) = (rng.usize(..n), rng.usize(..n));
            if i != j {
                add(i, j);
                taken += 1;
            }
        }
    }
    normalised(&counts, &PRIOR_U, U_PSEUDO)
}

fn weights_of(m: &Table, u: &Table) -> [Vec<f64>; N] {
    std::array::from_fn(|f| {
        (0..m[f].len())
            .map(|l| {
                if l == 0 {
                    0.0
                } else {
                    (m[f][l] / u[f][l]).log2()
                }
            })
            .collect()
    })
}

/// Keeps m of "different" at most `most` for the fields where records of
/// one person rarely disagree (EM, fed namesakes, would say more).
fn cap_m(m: &mut Table) {
    for (field, most) in [
        (BIRTHDAY, BIRTHDAY_DIFFERENT_MAX_M),
        (PLACE, PLACE_DIFFERENT_MAX_M),
    ] {
        let diff = usize::from(different(field));
        if m[field][diff] > most {
            let excess = m[field][diff] - most;
            m[field][diff] = most;
            m[field][1] += excess;
        }
    }
}

/// Estimates the model: u from random pairs, then m and the share of
/// duplicates among `candidates` (the levels of the blocked pairs) by EM.
pub fn estimate(norms: &[Norm], candidates: &[Levels]) -> Model {
    let u = estimate_u(norms);
    let mut m = normalised(&zeros(), &PRIOR_M, 1.0);
    cap_m(&mut m);
    let mut share: f64 = 0.1;
    let mut expected = 0.0;
    for _ in 0..ROUNDS {
        let weight = weights_of(&m, &u);
        let odds = (share / (1.0 - share)).log2();
        let mut counts = zeros();
        expected = 0.0;
        for levels in candidates {
            let total = odds
                + (0..N)
                    .map(|f| weight[f][usize::from(levels.level[f])])
                    .sum::<f64>();
            let p = 1.0 / (1.0 + (-total).exp2());
            expected += p;
            for f in 0..N {
                counts[f][usize::from(levels.level[f])] += p;
            }
        }
        m = normalised(&counts, &PRIOR_M, M_PSEUDO);
        cap_m(&mut m);
        share = ((expected + 1.0) / (candidates.len() as f64 + 2.0)).clamp(1e-6, 0.999);
    }
    let n = norms.len() as f64;
    let all_pairs = (n * (n - 1.0) / 2.0).max(1.0);
    let chance = (expected / all_pairs).clamp(PRIOR_BOUNDS.0, PRIOR_BOUNDS.1);
    let mut weight = weights_of(&m, &u);
    weight[EMAIL][2] = weight[EMAIL][2].min(OTHER_PROVIDER_MAX_WEIGHT);
    weight[EMAIL][3] = weight[EMAIL][3].min(NAME_LIKE_USER_MAX_WEIGHT);
    Model {
        weight,
        prior: (chance / (1.0 - chance)).log2(),
    }
}
