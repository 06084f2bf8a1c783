//! Contact search: case- and accent-folded, per-field fuzzy matching and ranking.
//!
//! Used by `kith find`, by commands that name a contact loosely, and by the TUI's
//! filter-as-you-type. `muller` finds "Müller", `jose garcia` finds "José García",
//! and `smth` ranks "Smith" above an e-mail whose domain happens to hold those
//! letters. See [`SearchIndex::search`] for the ordering.
//!
//! Everything that can be computed without the query (folded fields, a bitmask of
//! the characters present, the map from folded back to original characters) is
//! computed once per doc when it enters the index, so a keystroke costs one cheap
//! pass over the docs (or, with [`SearchIndex::refine`], over the previous hits).

mod arena;
mod fold;
mod hay;
mod matching;
mod query;
mod terms;
#[cfg(test)]
mod tests;

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use arena::{Arena, Record};
pub use fold::fold;
use matching::MAX_SCORE;
use query::Query;
pub use terms::{TermTest, index_terms, term_tests};

/// The field of a contact that a query matched best.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Field {
    Name,
    Email,
    Org,
    Tag,
}

/// What the search knows about one contact.
#[derive(Clone, Debug, Default)]
pub struct SearchDoc {
    pub id: i64,
    pub name: String,
    pub emails: Vec<String>,
    pub org: Option<String>,
    pub tags: Vec<String>,
    /// Unix seconds of the last interaction, for tie-breaking (more recent first).
    pub last_contact: Option<i64>,
}

/// One contact that matched a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub id: i64,
    pub score: i64,
    /// The best-matching field for display.
    pub field: Field,
    /// Char indices into the ORIGINAL (unfolded) `name` that matched, for
    /// highlighting; empty if the name did not match.
    pub name_positions: Vec<usize>,
}

/// An in-memory index of contacts for fuzzy search.
///
/// Besides the docs it keeps their folded fields in one arena, and two orders
/// over the docs, maintained on every change: by folded name (what a blank query
/// lists) and by the tie-break of equal scores (recency, then name, then id).
/// `upsert` and `remove` therefore cost O(n); load many docs at once with
/// [`SearchIndex::new`].
#[derive(Default)]
pub struct SearchIndex {
    docs: Vec<SearchDoc>,
    /// The rest is parallel to `docs`, indexed by slot.
    ids: Vec<i64>,
    records: Vec<Record>,
    /// Position of each slot in `by_tie`.
    tie_rank: Vec<u32>,
    /// Slots by folded name, then id.
    by_name: Vec<u32>,
    /// Slots by `last_contact` (most recent first, none last), folded name, id.
    by_tie: Vec<u32>,
    slots: HashMap<i64, u32, BuildHasherDefault<IdHasher>>,
    arena: Arena,
    /// Arena bytes that no live doc refers to any more.
    dead_text: usize,
}

/// Arena garbage worth compacting: at least this much, and half the arena.
const COMPACT_MIN_BYTES: usize = 1 << 16;

fn slot_u32(slot: usize) -> u32 {
    u32::try_from(slot).expect("search index holds at most 2^32 docs")
}

impl SearchIndex {
    /// Builds an index; a later doc replaces an earlier one with the same id.
    pub fn new(docs: Vec<SearchDoc>) -> Self {
        let mut index = Self::default();
        index.docs.reserve(docs.len());
        for doc in docs {
            index.store(doc);
        }
        let mut by_name: Vec<u32> = (0..index.docs.len()).map(slot_u32).collect();
        by_name.sort_unstable_by(|&a, &b| index.name_order(a, b));
        let mut by_tie = by_name.clone();
        // Stable, and already in name order: sorting by recency alone is enough.
        by_tie.sort_by(|&a, &b| index.recency_order(a, b));
        index.by_name = by_name;
        index.by_tie = by_tie;
        index.tie_rank = vec![0; index.docs.len()];
        index.renumber();
        index.maybe_compact();
        index
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Inserts `doc`, or replaces the doc with the same id.
    pub fn upsert(&mut self, doc: SearchDoc) {
        if let Some(&slot) = self.slots.get(&doc.id) {
            self.unlink(slot);
            self.store(doc);
            self.link(slot);
        } else {
            let slot = self.store(doc);
            self.tie_rank.push(0);
            self.link(slot);
        }
        self.renumber();
        self.maybe_compact();
    }

    /// Removes the doc with this id, if any.
    pub fn remove(&mut self, id: i64) {
        let Some(slot) = self.slots.remove(&id) else {
            return;
        };
        self.unlink(slot);
        self.dead_text += self.arena.record_len(&self.records[slot as usize]);
        let last = slot_u32(self.docs.len() - 1);
        let index = slot as usize;
        self.docs.swap_remove(index);
        self.ids.swap_remove(index);
        self.records.swap_remove(index);
        self.tie_rank.swap_remove(index);
        if slot != last {
            // The last doc moved into the freed slot.
            self.slots.insert(self.ids[index], slot);
            for order in [&mut self.by_name, &mut self.by_tie] {
                if let Some(entry) = order.iter_mut().find(|s| **s == last) {
                    *entry = slot;
                }
            }
        }
        self.renumber();
        self.maybe_compact();
    }

    /// Every doc, in no particular order.
    pub fn docs(&self) -> impl Iterator<Item = &SearchDoc> {
        self.docs.iter()
    }

    pub fn get(&self, id: i64) -> Option<&SearchDoc> {
        self.slots.get(&id).map(|&slot| &self.docs[slot as usize])
    }

    /// All matches, best first. An empty/blank query returns every doc in name order
    /// (folded), then id.
    ///
    /// The query is folded and split on whitespace, and every token must match some
    /// field. A token of a single letter or digit matches the start of a word (an
    /// initial: a lone letter occurs in nearly every contact); a longer token
    /// matches a field that holds it, or one word of which it is a subsequence,
    /// ranked whole word > word prefix > inside a word > scattered inside a word,
    /// weighted name > org = tag > email; for a token
    /// of two letters or digits, scattered means the initials of two words in
    /// order ("jg" for José García). A doc scores the sum of its tokens' best
    /// fields.
    ///
    /// Ordering: score descending, then docs whose folded name equals the folded
    /// query, then the most recent `last_contact` (none last), then folded name,
    /// then id.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let query = Query::parse(query);
        if query.is_blank() {
            return self.all_by_name();
        }
        let mut ranker = Ranker::default();
        for (slot, record) in self.records.iter().enumerate() {
            if query.may_match(record) {
                ranker.consider(self, slot, &query);
            }
        }
        ranker.finish(self.len())
    }

    /// Same as [`search`](Self::search), but reuses the previous result when `query`
    /// extends `prev_query` (the user typed one more char), scanning only the
    /// previous hits. `prev` must be what `search(prev_query)` (or `refine`) returned
    /// on this index as it is now; then the result is exactly `search(query)`.
    pub fn refine(&self, prev_query: &str, prev: &[Hit], query: &str) -> Vec<Hit> {
        let next = Query::parse(query);
        let before = Query::parse(prev_query);
        // Past half the index, looking every hit up costs more than a plain scan.
        if next.is_blank()
            || before.is_blank()
            || !next.narrows(&before)
            || prev.len().saturating_mul(2) >= self.len()
        {
            return self.search(query);
        }
        self.narrow(&next, prev)
    }

    /// Scores only the docs of `prev` against `query`.
    fn narrow(&self, query: &Query, prev: &[Hit]) -> Vec<Hit> {
        let mut slots: Vec<u32> = prev
            .iter()
            .filter_map(|hit| self.slots.get(&hit.id).copied())
            .collect();
        // Memory order scans faster, and a repeated hit must not be scored twice.
        slots.sort_unstable();
        slots.dedup();
        let mut ranker = Ranker::default();
        for slot in slots {
            let slot = slot as usize;
            if query.may_match(&self.records[slot]) {
                ranker.consider(self, slot, query);
            }
        }
        ranker.finish(self.len())
    }

    fn all_by_name(&self) -> Vec<Hit> {
        self.by_name
            .iter()
            .map(|&slot| Hit {
                id: self.ids[slot as usize],
                score: 0,
                field: Field::Name,
                name_positions: Vec::new(),
            })
            .collect()
    }

    /// Puts `doc` into its slot (a new one at the end if its id is new) and the
    /// arena; the orders are left to [`link`](Self::link).
    fn store(&mut self, doc: SearchDoc) -> u32 {
        let record = self.arena.push(&doc);
        if let Some(&slot) = self.slots.get(&doc.id) {
            let index = slot as usize;
            self.dead_text += self.arena.record_len(&self.records[index]);
            self.records[index] = record;
            self.docs[index] = doc;
            slot
        } else {
            let slot = slot_u32(self.docs.len());
            self.slots.insert(doc.id, slot);
            self.ids.push(doc.id);
            self.records.push(record);
            self.docs.push(doc);
            slot
        }
    }

    /// Inserts `slot` into both orders.
    fn link(&mut self, slot: u32) {
        let at = self
            .by_name
            .partition_point(|&s| self.name_order(s, slot) == Ordering::Less);
        self.by_name.insert(at, slot);
        let at = self
            .by_tie
            .partition_point(|&s| self.tie_order(s, slot) == Ordering::Less);
        self.by_tie.insert(at, slot);
    }

    /// Takes `slot` out of both orders.
    fn unlink(&mut self, slot: u32) {
        self.by_tie.remove(self.tie_rank[slot as usize] as usize);
        if let Some(at) = self.by_name.iter().position(|&s| s == slot) {
            self.by_name.remove(at);
        }
    }

    fn renumber(&mut self) {
        for (rank, &slot) in self.by_tie.iter().enumerate() {
            self.tie_rank[slot as usize] = slot_u32(rank);
        }
    }

    fn maybe_compact(&mut self) {
        if self.dead_text >= COMPACT_MIN_BYTES && self.dead_text * 2 >= self.arena.text_len() {
            self.arena.compact(&mut self.records);
            self.dead_text = 0;
        }
    }

    fn name_order(&self, a: u32, b: u32) -> Ordering {
        let (a, b) = (a as usize, b as usize);
        let name = |slot: usize| self.arena.folded_name(&self.records[slot]);
        name(a).cmp(name(b)).then(self.ids[a].cmp(&self.ids[b]))
    }

    /// Most recent first; `None` sorts last because it is less than any `Some`.
    fn recency_order(&self, a: u32, b: u32) -> Ordering {
        let recency = |slot: u32| self.docs[slot as usize].last_contact;
        recency(b).cmp(&recency(a))
    }

    fn tie_order(&self, a: u32, b: u32) -> Ordering {
        self.recency_order(a, b).then_with(|| self.name_order(a, b))
    }
}

/// Score one doc against a query (None = no match); exposed so the CLI can rank a
/// small candidate set. Agrees with [`SearchIndex::search`] on score, field and
/// positions; a blank query matches with score 0.
pub fn score_doc(doc: &SearchDoc, query: &str) -> Option<Hit> {
    let query = Query::parse(query);
    if query.is_blank() {
        return Some(Hit {
            id: doc.id,
            score: 0,
            field: Field::Name,
            name_positions: Vec::new(),
        });
    }
    let mut arena = Arena::default();
    let record = arena.push(doc);
    if !query.may_match(&record) {
        return None;
    }
    let mut positions = Vec::new();
    let scored = matching::score(&arena, &record, &query, &mut positions)?;
    Some(Hit {
        id: doc.id,
        score: scored.score,
        field: scored.field,
        name_positions: sorted_positions(&positions),
    })
}

/// Matched original-name chars as a hit reports them: sorted, without repeats.
fn sorted_positions(chars: &[u32]) -> Vec<usize> {
    if chars.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<usize> = chars.iter().map(|&c| c as usize).collect();
    // One contiguous run, the usual case, arrives sorted and distinct.
    if !chars.windows(2).all(|w| w[0] < w[1]) {
        out.sort_unstable();
        out.dedup();
    }
    out
}

/// A matched doc waiting to be sorted.
#[derive(Clone, Copy)]
struct Candidate {
    score: u64,
    id: i64,
    /// The doc's place in the tie-break order.
    tie: u32,
    /// Range of the ranker's position pool holding original-name chars.
    positions: (u32, u32),
    exact: bool,
    /// Index into `FIELDS`.
    field: u8,
}

const FIELDS: [Field; 4] = [Field::Name, Field::Email, Field::Org, Field::Tag];

/// Collects matches into flat buffers, then sorts them into hits.
#[derive(Default)]
struct Ranker {
    candidates: Vec<Candidate>,
    positions: Vec<u32>,
}

impl Ranker {
    fn consider(&mut self, index: &SearchIndex, slot: usize, query: &Query) {
        let record = &index.records[slot];
        let start = self.positions.len();
        let Some(scored) = matching::score(&index.arena, record, query, &mut self.positions) else {
            return;
        };
        self.candidates.push(Candidate {
            score: u64::try_from(scored.score.clamp(0, MAX_SCORE)).unwrap_or(0),
            id: index.ids[slot],
            tie: index.tie_rank[slot],
            positions: (slot_u32(start), slot_u32(self.positions.len())),
            exact: scored.exact,
            field: match scored.field {
                Field::Name => 0,
                Field::Email => 1,
                Field::Org => 2,
                Field::Tag => 3,
            },
        });
    }

    /// Sorts the candidates (score, then exact flag, then tie rank) into hits.
    /// `docs` bounds the tie ranks.
    fn finish(self, docs: usize) -> Vec<Hit> {
        let tie_bits = usize::BITS - docs.leading_zeros();
        let max_score = self.candidates.iter().map(|c| c.score).max().unwrap_or(0);
        let score_bits = u64::BITS - max_score.leading_zeros();
        let sorted: Vec<Candidate> = if score_bits + 1 + tie_bits <= u64::BITS {
            // Everything packs into one u64, larger is better.
            let top_tie = (1u64 << tie_bits) - 1;
            let keyed = self.candidates.iter().map(|c| {
                let key = c.score << (tie_bits + 1)
                    | u64::from(c.exact) << tie_bits
                    | (top_tie - u64::from(c.tie));
                (key, *c)
            });
            sort_desc(keyed.collect(), score_bits + 1 + tie_bits)
        } else {
            let mut keyed: Vec<(u128, Candidate)> = self
                .candidates
                .iter()
                .map(|c| {
                    let key = u128::from(c.score) << 33
                        | u128::from(c.exact) << 32
                        | u128::from(u32::MAX - c.tie);
                    (key, *c)
                })
                .collect();
            keyed.sort_unstable_by_key(|&(key, _)| Reverse(key));
            keyed.into_iter().map(|(_, c)| c).collect()
        };
        sorted
            .iter()
            .map(|c| {
                let (from, to) = (c.positions.0 as usize, c.positions.1 as usize);
                Hit {
                    id: c.id,
                    score: i64::try_from(c.score).unwrap_or(MAX_SCORE),
                    field: FIELDS[usize::from(c.field)].clone(),
                    name_positions: sorted_positions(&self.positions[from..to]),
                }
            })
            .collect()
    }
}

/// The items by key, largest first; keys are distinct and below `2^bits`.
/// Large sets go through a least-significant-digit radix sort, which moves the
/// items in a few sequential passes instead of a comparison sort's log n.
fn sort_desc<T: Copy>(mut items: Vec<(u64, T)>, bits: u32) -> Vec<T> {
    const DIGIT: u32 = 11;
    const BUCKETS: usize = 1 << DIGIT;
    if items.len() < 1024 {
        items.sort_unstable_by_key(|&(key, _)| Reverse(key));
        return items.into_iter().map(|(_, item)| item).collect();
    }
    let mut spare = items.clone();
    let mut counts = vec![0usize; BUCKETS];
    let mut shift = 0;
    while shift < bits {
        let digit = |key: u64| ((key >> shift) as usize) & (BUCKETS - 1);
        counts.fill(0);
        for &(key, _) in &items {
            counts[digit(key)] += 1;
        }
        if counts.iter().all(|&c| c == 0 || c == items.len()) {
            shift += DIGIT;
            continue;
        }
        // Descending: bucket offsets run from the highest digit down.
        let mut next = 0;
        for count in counts.iter_mut().rev() {
            let here = *count;
            *count = next;
            next += here;
        }
        for &item in &items {
            let at = &mut counts[digit(item.0)];
            spare[*at] = item;
            *at += 1;
        }
        std::mem::swap(&mut items, &mut spare);
        shift += DIGIT;
    }
    items.into_iter().map(|(_, item)| item).collect()
}

/// Hashes contact ids with one multiply: ids are local and trusted, and the
/// refine path looks up every previous hit.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        let h = (self.0 ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
}
