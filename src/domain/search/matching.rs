//! Matching and scoring of one folded query against one indexed doc.
//!
//! Every token of the query must match some field. A token matches a field when it
//! is a subsequence of the folded field; how well it matches falls into a tier:
//!
//! 1. the token is a whole word of the field (or the whole field),
//! 2. the token starts a word,
//! 3. the token occurs contiguously inside a word,
//! 4. the token is scattered over the field.
//!
//! A token of a single letter or digit is an initial: it only matches at the start
//! of a word, in tiers 1 and 2. A token of two letters or digits is either
//! contiguous (tiers 1–3) or the initials of two words in order (tier 4, "jg" for
//! José García), never scattered at random, which nearly every contact would be.
//!
//! Words are runs of letters and digits, so the tiers line a query such as
//! `jose garcia` up with the words of "José García" token by token. A higher tier
//! always beats a lower one within a field, and the field weight (name > org = tag >
//! email) scales the result.
//!
//! Tiers 1–3 come from a byte scan that tests eight bytes at a time. Tier 4 is only
//! computed when no field holds the token contiguously, since a contiguous match in
//! any field outscores a scattered one in every field. A scattered token of four or
//! more chars in the name is scored, and its chars to highlight found, by the skim
//! algorithm of `fuzzy-matcher` (an optimal alignment); shorter tokens, which
//! scatter over most contacts, and (for ASCII tokens) the fields that are never
//! highlighted get a cheaper skim-like estimate over the tightest window.

use std::sync::LazyLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::fold::{byte_bit, fold, fold_into, is_word, mask_of, masks_of, pairs_mask_of};
use super::{Field, SearchDoc};

static SKIM: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().ignore_case());

/// Scores are clamped below this so that they pack into a sort key.
pub(super) const MAX_SCORE: i64 = (1 << 62) - 1;

/// Folded fields longer than this many bytes are cut (at a char boundary).
const MAX_FIELD_BYTES: usize = u16::MAX as usize;

/// Points per matched char, shared by every tier.
const PER_CHAR: i64 = 16;
const EXACT_BASE: i64 = 64;
const PREFIX_BASE: i64 = 40;
const SUBSTRING_BASE: i64 = 24;
/// Bonus for a whole-word or prefix match at the very start of the field.
const FIELD_START_BONUS: i64 = 8;
/// A substring match loses one point per byte of offset, up to this many.
const MAX_OFFSET_PENALTY: i64 = 8;
/// Scattered matches outside the name, in the spirit of the skim scores: a char at
/// a word start, a char right after the previous one, and opening a gap.
const WORD_START_BONUS: i64 = 8;
const ADJACENT_BONUS: i64 = 4;
const GAP_OPEN: i64 = 3;
/// From this many chars on, a scattered token in the name is aligned by the skim
/// algorithm (an optimal alignment, worth its cost once alignments can differ);
/// shorter tokens, which match far more contacts, by the greedy window.
const ALIGN_MIN_CHARS: i64 = 4;

/// The order in which the display field is chosen on equal scores.
const FIELD_ORDER: [Field; 4] = [Field::Name, Field::Org, Field::Tag, Field::Email];

#[inline]
const fn weight(field: &Field) -> i64 {
    match field {
        Field::Name => 4,
        Field::Org | Field::Tag => 3,
        Field::Email => 2,
    }
}

#[inline]
const fn rank(field: &Field) -> usize {
    match field {
        Field::Name => 0,
        Field::Org => 1,
        Field::Tag => 2,
        Field::Email => 3,
    }
}

/// One whitespace-separated piece of the folded query.
struct Token {
    text: String,
    chars: i64,
    mask: u64,
    /// Adjacent byte pairs, see [`pairs_mask_of`].
    pairs: u64,
    ascii: bool,
    /// A single letter or digit: it only matches the start of a word (an
    /// initial), as nearly every contact holds any one letter somewhere.
    initial: bool,
    /// Two ASCII letters or digits: besides contiguously, they only match as the
    /// initials of two words in order ("jg" for José García), not scattered at
    /// random, which most contacts would satisfy.
    pair: bool,
}

impl Token {
    /// Whether the token matches less than a longer token starting with it would:
    /// then a longer query is no narrowing of this one.
    fn is_restricted(&self) -> bool {
        self.initial || self.pair
    }
}

/// A folded, tokenised query.
pub(super) struct Query {
    folded: String,
    tokens: Vec<Token>,
    /// Bits of every byte of the query.
    mask: u64,
    /// Bits of the initials the query asks for.
    heads: u64,
}

impl Query {
    pub(super) fn parse(raw: &str) -> Self {
        let folded = fold(raw);
        let tokens: Vec<Token> = folded
            .split_whitespace()
            .map(|t| Token {
                text: t.to_owned(),
                chars: i64::try_from(t.chars().count()).unwrap_or(i64::MAX),
                mask: mask_of(t),
                pairs: pairs_mask_of(t),
                ascii: t.is_ascii(),
                initial: t.chars().count() == 1 && is_word(t.as_bytes()[0]),
                pair: t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphanumeric()),
            })
            .collect();
        let mask = tokens.iter().fold(0, |m, t| m | t.mask);
        let heads = tokens
            .iter()
            .filter(|t| t.initial)
            .fold(0, |m, t| m | byte_bit(t.text.as_bytes()[0]));
        Self {
            folded,
            tokens,
            mask,
            heads,
        }
    }

    pub(super) fn is_blank(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Whether a doc can match at all, judged from its masks alone.
    #[inline]
    pub(super) fn may_match(&self, record: &Record) -> bool {
        self.mask & !record.mask == 0 && self.heads & !record.heads == 0
    }

    /// Whether every doc matching `self` also matches `prev`: each token of `prev`
    /// is a prefix of the token at the same place in `self` (equal for all but the
    /// last), as when one more character has been typed. An initial or a pair that
    /// grows into a longer token is no narrowing: the longer one matches more
    /// loosely (see [`Token::initial`] and [`Token::pair`]).
    pub(super) fn narrows(&self, prev: &Query) -> bool {
        let Some((last, head)) = prev.tokens.split_last() else {
            return true;
        };
        let Some(grown) = self.tokens.get(head.len()) else {
            return false;
        };
        head.iter().zip(&self.tokens).all(|(p, q)| p.text == q.text)
            && grown.text.starts_with(&last.text)
            && (!last.is_restricted() || grown.text == last.text)
    }
}

/// One folded field of a doc: a range of the arena's text.
#[derive(Clone)]
pub(super) struct Span {
    mask: u64,
    /// Bits of the first byte of every word.
    heads: u64,
    /// Adjacent byte pairs, see [`pairs_mask_of`].
    pairs: u64,
    start: u32,
    len: u16,
    field: Field,
}

/// Where one doc's data lives in the [`Arena`].
#[derive(Clone, Copy)]
pub(super) struct Record {
    /// Unions of the span masks: the cheap reject.
    mask: u64,
    heads: u64,
    pairs: u64,
    /// First span (the name).
    spans: u32,
    span_count: u32,
    /// Where the name's char map starts, or [`IDENTITY`] when folded byte `i` of
    /// the name comes from original char `i` (the common case, stored as nothing).
    name_map: u32,
}

const IDENTITY: u32 = u32::MAX;

/// Folded fields of many docs back to back, so a search streams through memory.
#[derive(Default)]
pub(super) struct Arena {
    text: String,
    spans: Vec<Span>,
    /// For every byte of a folded name, the index of the original char.
    name_maps: Vec<u32>,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("search index arena exceeds 4 GiB")
}

impl Arena {
    /// Folds `doc` into the arena. Spans are stored in descending field weight:
    /// name (always, even if empty), org, tags, emails.
    pub(super) fn push(&mut self, doc: &SearchDoc) -> Record {
        let spans = to_u32(self.spans.len());
        let name_map = to_u32(self.name_maps.len());
        let start = self.text.len();
        fold_into(&doc.name, &mut self.text, Some(&mut self.name_maps));
        self.close_span(start, Field::Name);
        let folded = &self.name_maps[name_map as usize..];
        let name_map = if folded.iter().enumerate().all(|(i, &c)| c as usize == i) {
            self.name_maps.truncate(name_map as usize);
            IDENTITY
        } else {
            self.name_maps
                .truncate(name_map as usize + self.text.len() - start);
            name_map
        };
        let others = (doc.org.iter().map(|o| (Field::Org, o)))
            .chain(doc.tags.iter().map(|t| (Field::Tag, t)))
            .chain(doc.emails.iter().map(|e| (Field::Email, e)));
        for (field, value) in others {
            let start = self.text.len();
            fold_into(value, &mut self.text, None);
            if self.text.len() > start {
                self.close_span(start, field);
            }
        }
        let span_count = to_u32(self.spans.len()) - spans;
        let (mask, heads, pairs) = self.spans[spans as usize..]
            .iter()
            .fold((0, 0, 0), |(m, h, p), s| {
                (m | s.mask, h | s.heads, p | s.pairs)
            });
        Record {
            mask,
            heads,
            pairs,
            spans,
            span_count,
            name_map,
        }
    }

    fn close_span(&mut self, start: usize, field: Field) {
        let mut end = self.text.len();
        if end - start > MAX_FIELD_BYTES {
            end = start + MAX_FIELD_BYTES;
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            self.text.truncate(end);
        }
        let (mask, heads, pairs) = masks_of(&self.text[start..end]);
        self.spans.push(Span {
            mask,
            heads,
            pairs,
            start: to_u32(start),
            len: u16::try_from(end - start).unwrap_or(u16::MAX),
            field,
        });
    }

    #[inline]
    fn spans(&self, record: &Record) -> &[Span] {
        let from = record.spans as usize;
        &self.spans[from..from + record.span_count as usize]
    }

    #[inline]
    fn hay(&self, span: &Span) -> Hay<'_> {
        let start = span.start as usize;
        Hay {
            all: self.text.as_bytes(),
            start,
            end: start + usize::from(span.len),
        }
    }

    /// The name's char map; `None` for the identity.
    #[inline]
    fn name_map(&self, record: &Record) -> Option<&[u32]> {
        if record.name_map == IDENTITY {
            return None;
        }
        let from = record.name_map as usize;
        let len = usize::from(self.spans[record.spans as usize].len);
        Some(&self.name_maps[from..from + len])
    }

    #[inline]
    fn span_text(&self, span: &Span) -> &str {
        let from = span.start as usize;
        &self.text[from..from + usize::from(span.len)]
    }

    #[inline]
    pub(super) fn folded_name(&self, record: &Record) -> &str {
        self.span_text(&self.spans[record.spans as usize])
    }

    /// Rewrites the arena keeping only `records` (in that order), updating them.
    pub(super) fn compact(&mut self, records: &mut [Record]) {
        let mut fresh = Arena {
            text: String::with_capacity(self.text.len() / 2),
            spans: Vec::with_capacity(self.spans.len() / 2),
            name_maps: Vec::with_capacity(self.name_maps.len() / 2),
        };
        for record in records.iter_mut() {
            let spans = to_u32(fresh.spans.len());
            let name_map = match self.name_map(record) {
                Some(map) => {
                    let at = to_u32(fresh.name_maps.len());
                    fresh.name_maps.extend_from_slice(map);
                    at
                }
                None => IDENTITY,
            };
            for span in self.spans(record) {
                let start = to_u32(fresh.text.len());
                fresh.text.push_str(self.span_text(span));
                fresh.spans.push(Span {
                    start,
                    ..span.clone()
                });
            }
            record.spans = spans;
            record.name_map = name_map;
        }
        *self = fresh;
    }

    /// Bytes of text a record refers to.
    pub(super) fn record_len(&self, record: &Record) -> usize {
        self.spans(record).iter().map(|s| usize::from(s.len)).sum()
    }

    /// Bytes of text held (live or not).
    pub(super) fn text_len(&self) -> usize {
        self.text.len()
    }
}

/// The outcome of scoring a doc that matched.
pub(super) struct Scored {
    pub(super) score: i64,
    pub(super) field: Field,
    /// The folded name equals the folded query.
    pub(super) exact: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Substring,
    Prefix,
    Exact,
}

/// Scores a doc against `query`, appending to `positions` the original chars of the
/// name that matched (unsorted, possibly repeated). On no match, `positions` is
/// left as it was.
pub(super) fn score(
    arena: &Arena,
    record: &Record,
    query: &Query,
    positions: &mut Vec<u32>,
) -> Option<Scored> {
    let spans = arena.spans(record);
    let base = positions.len();
    let mut total: i64 = 0;
    let mut per_field = [0i64; 4];
    for token in &query.tokens {
        // Without the token's byte pairs, no field holds it contiguously.
        let contiguous = if token.pairs & !record.pairs == 0 {
            best_contiguous(arena, spans, token)
        } else {
            None
        };
        let best = match contiguous {
            Some((score, span, at)) => {
                if span == 0 {
                    push_name_run(arena, record, at, token.text.len(), positions);
                }
                Some((score, span))
            }
            None if token.initial => None,
            None if token.pair => best_initials(arena, record, token, positions),
            None => best_scattered(arena, record, token, positions),
        };
        let Some((score, span)) = best else {
            positions.truncate(base);
            return None;
        };
        total = total.saturating_add(score);
        let sum = &mut per_field[rank(&spans[span].field)];
        *sum = sum.saturating_add(score);
    }
    let mut field = Field::Name;
    let mut field_score = per_field[0];
    for (f, &s) in FIELD_ORDER.iter().zip(&per_field).skip(1) {
        if s > field_score {
            field = f.clone();
            field_score = s;
        }
    }
    Some(Scored {
        score: total.min(MAX_SCORE),
        field,
        exact: arena.folded_name(record) == query.folded,
    })
}

/// Pushes the original chars of the folded name's bytes `start..start + len`.
#[inline]
fn push_name_run(
    arena: &Arena,
    record: &Record,
    start: usize,
    len: usize,
    positions: &mut Vec<u32>,
) {
    // Offsets fit: a folded field is at most `MAX_FIELD_BYTES` long.
    match arena.name_map(record) {
        None => positions.extend((start..start + len).map(|b| u32::try_from(b).unwrap_or(0))),
        Some(map) => {
            for &c in &map[start..start + len] {
                positions.push(c);
            }
        }
    }
}

/// Pushes the original chars of the folded name's chars `chars`.
fn push_name_chars(arena: &Arena, record: &Record, chars: &[usize], positions: &mut Vec<u32>) {
    let Some(map) = arena.name_map(record) else {
        // The identity map only arises for a name folded to one ASCII byte per
        // original char, so folded char indices are original ones.
        positions.extend(chars.iter().map(|&c| u32::try_from(c).unwrap_or(0)));
        return;
    };
    let name = arena.folded_name(record);
    if name.is_ascii() {
        positions.extend(chars.iter().filter_map(|&c| map.get(c)));
    } else {
        let starts: Vec<usize> = name.char_indices().map(|(b, _)| b).collect();
        positions.extend(
            chars
                .iter()
                .filter_map(|&c| starts.get(c).and_then(|&b| map.get(b))),
        );
    }
}

/// The best contiguous match of `token` over all fields: score, span index and
/// byte offset in the span.
#[inline]
fn best_contiguous(arena: &Arena, spans: &[Span], token: &Token) -> Option<(i64, usize, usize)> {
    let mut best: Option<(i64, usize, usize)> = None;
    let bytes = token.text.as_bytes();
    let needs = if token.initial { token.mask } else { 0 };
    let ceiling = contiguous_raw(Tier::Exact, 0, token.chars);
    for (i, span) in spans.iter().enumerate() {
        // Spans come in descending weight: stop once no later one can win.
        if best.is_some_and(|(b, _, _)| weight(&span.field).saturating_mul(ceiling) <= b) {
            break;
        }
        if token.mask & !span.mask != 0
            || needs & !span.heads != 0
            || token.pairs & !span.pairs != 0
        {
            continue;
        }
        let Some((tier, at)) = contiguous(arena.hay(span), bytes, token.initial) else {
            continue;
        };
        let score = weight(&span.field) * contiguous_raw(tier, at, token.chars);
        if best.is_none_or(|(b, _, _)| score > b) {
            best = Some((score, i, at));
        }
    }
    best
}

/// The best match of a two-char `token` as the initials of two words in order,
/// for when no field holds it contiguously: score and span index. Scored in the
/// scattered tier; pushes the matched name chars if the name wins.
#[inline]
fn best_initials(
    arena: &Arena,
    record: &Record,
    token: &Token,
    positions: &mut Vec<u32>,
) -> Option<(i64, usize)> {
    if token.mask & !record.heads != 0 {
        return None;
    }
    let &[a, b] = token.text.as_bytes() else {
        return None;
    };
    let ceiling = scattered_raw(i64::MAX, token.chars);
    let mut best: Option<(i64, usize, usize, usize)> = None;
    for (i, span) in arena.spans(record).iter().enumerate() {
        let w = weight(&span.field);
        if best.is_some_and(|(score, ..)| w.saturating_mul(ceiling) <= score) {
            break;
        }
        if token.mask & !span.heads != 0 {
            continue;
        }
        let hay = arena.hay(span);
        let Some(first) = find_head(hay, 0, a) else {
            continue;
        };
        let Some(second) = find_head(hay, first + 1, b) else {
            continue;
        };
        let start_bonus = if first == 0 { 2 } else { 1 } * WORD_START_BONUS;
        let gap = i64::try_from(second - first - 1)
            .unwrap_or(i64::MAX)
            .min(64);
        let raw = 2 * PER_CHAR + start_bonus + WORD_START_BONUS - GAP_OPEN - gap;
        let score = w * scattered_raw(raw, token.chars);
        if best.is_none_or(|(b, ..)| score > b) {
            best = Some((score, i, first, second));
        }
    }
    let (score, span, first, second) = best?;
    if span == 0 {
        push_name_run(arena, record, first, 1, positions);
        push_name_run(arena, record, second, 1, positions);
    }
    Some((score, span))
}

/// The first index `>= from` holding `needle` at the start of a word.
#[inline]
fn find_head(hay: Hay<'_>, mut from: usize, needle: u8) -> Option<usize> {
    loop {
        let i = hay.find(from, needle)?;
        if i == 0 || !is_word(hay.at(i - 1)) {
            return Some(i);
        }
        from = i + 1;
    }
}

/// The best scattered match of `token`, for when no field holds it contiguously:
/// score and span index. Pushes the matched name chars if the name wins.
#[inline]
fn best_scattered(
    arena: &Arena,
    record: &Record,
    token: &Token,
    positions: &mut Vec<u32>,
) -> Option<(i64, usize)> {
    let base = positions.len();
    let mut best: Option<(i64, usize)> = None;
    // Spans come in descending weight, so once the best possible score of a span
    // cannot beat the best so far, neither can any later span.
    let ceiling = scattered_raw(i64::MAX, token.chars);
    for (i, span) in arena.spans(record).iter().enumerate() {
        if token.mask & !span.mask != 0 {
            continue;
        }
        let w = weight(&span.field);
        if best.is_some_and(|(b, _)| w.saturating_mul(ceiling) <= b) {
            break;
        }
        let hay = arena.hay(span);
        let is_name = i == 0;
        let from = positions.len();
        let raw = if token.ascii && !(is_name && token.chars >= ALIGN_MIN_CHARS) {
            let mut offsets = [0usize; ALIGN_MIN_CHARS as usize];
            let Some(raw) = window_score(hay, token.text.as_bytes(), &mut offsets) else {
                continue;
            };
            if is_name {
                for &at in &offsets[..token.text.len()] {
                    push_name_run(arena, record, at, 1, positions);
                }
            }
            raw
        } else if !is_subsequence(hay, arena.span_text(span), token) {
            continue;
        } else if is_name {
            let (raw, chars) = SKIM
                .fuzzy_indices(arena.span_text(span), &token.text)
                .unwrap_or_default();
            push_name_chars(arena, record, &chars, positions);
            raw
        } else {
            SKIM.fuzzy_match(arena.span_text(span), &token.text)
                .unwrap_or(0)
        };
        let score = w * scattered_raw(raw, token.chars);
        if best.is_none_or(|(b, _)| score > b) {
            if !is_name {
                positions.truncate(base);
            }
            best = Some((score, i));
        } else {
            positions.truncate(from);
        }
    }
    best
}

#[inline]
fn contiguous_raw(tier: Tier, at: usize, chars: i64) -> i64 {
    let body = PER_CHAR.saturating_mul(chars);
    let start_bonus = if at == 0 { FIELD_START_BONUS } else { 0 };
    match tier {
        Tier::Exact => body + EXACT_BASE + start_bonus,
        Tier::Prefix => body + PREFIX_BASE + start_bonus,
        Tier::Substring => {
            let offset = i64::try_from(at).unwrap_or(i64::MAX);
            body + SUBSTRING_BASE - offset.min(MAX_OFFSET_PENALTY)
        }
    }
}

/// Maps a skim score into the scattered tier: `1..=1 + 8 * chars`, which stays below
/// the lowest contiguous score even after the field weights are applied.
#[inline]
fn scattered_raw(skim: i64, chars: i64) -> i64 {
    1 + skim.clamp(0, 2 * PER_CHAR * chars) / 4
}

/// One field's bytes, `all[start..end]`, seen through indices relative to `start`.
/// Reads may look past `end` (into the next field) to scan eight bytes at a time.
#[derive(Clone, Copy)]
struct Hay<'a> {
    all: &'a [u8],
    start: usize,
    end: usize,
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

impl Hay<'_> {
    #[inline]
    fn len(self) -> usize {
        self.end - self.start
    }

    #[inline]
    fn at(self, i: usize) -> u8 {
        self.all[self.start + i]
    }

    /// The first index `>= from` holding `needle`.
    #[inline]
    fn find(self, from: usize, needle: u8) -> Option<usize> {
        let mut i = self.start + from;
        let pattern = LOW_BITS * u64::from(needle);
        while i < self.end {
            if let Some(chunk) = self.all.get(i..i + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let x = u64::from_le_bytes(word) ^ pattern;
                // Lowest set bit marks the first zero byte of x, i.e. the first match.
                let zero = x.wrapping_sub(LOW_BITS) & !x & HIGH_BITS;
                if zero != 0 {
                    let j = i + (zero.trailing_zeros() / 8) as usize;
                    return (j < self.end).then(|| j - self.start);
                }
                i += 8;
            } else {
                return self.all[i..self.end]
                    .iter()
                    .position(|&b| b == needle)
                    .map(|k| i + k - self.start);
            }
        }
        None
    }
}

/// The best contiguous occurrence of `token` in `hay`: highest tier, then earliest;
/// with `initial`, only occurrences at the start of a word count.
/// Byte-wise search is exact for UTF-8: a match always starts on a char boundary.
#[inline]
fn contiguous(hay: Hay<'_>, token: &[u8], initial: bool) -> Option<(Tier, usize)> {
    let (&first, rest) = token.split_first()?;
    let last = *token.last()?;
    let len = token.len();
    let last_start = hay.len().checked_sub(len)?;
    let starts_word = !is_word(first);
    let ends_word = !is_word(last);
    let mut best: Option<(Tier, usize)> = None;
    let mut from = 0;
    while let Some(i) = hay.find(from, first) {
        if i > last_start {
            break;
        }
        let at = hay.start + i;
        if same(&hay.all[at + 1..at + len], rest) {
            let head = starts_word || i == 0 || !is_word(hay.at(i - 1));
            let tail = ends_word || i == last_start || !is_word(hay.at(i + len));
            let tier = match (head, tail) {
                (true, true) => Tier::Exact,
                (true, false) => Tier::Prefix,
                _ => Tier::Substring,
            };
            if (head || !initial) && best.is_none_or(|(t, _)| tier > t) {
                best = Some((tier, i));
                if tier == Tier::Exact {
                    break;
                }
            }
        }
        from = i + 1;
    }
    best
}

/// Slice equality without a library call for the short slices tokens are.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

#[inline]
fn is_subsequence(hay: Hay<'_>, text: &str, token: &Token) -> bool {
    if token.ascii {
        let mut from = 0;
        token.text.bytes().all(|b| match hay.find(from, b) {
            Some(i) => {
                from = i + 1;
                true
            }
            None => false,
        })
    } else {
        // A non-ASCII token must match whole chars, not stray bytes of them.
        let mut want = token.text.chars().peekable();
        for c in text.chars() {
            if want.peek() == Some(&c) {
                want.next();
            }
        }
        want.peek().is_none()
    }
}

/// A skim-like score for an ASCII `token` scattered over `hay`, or `None` if it is
/// no subsequence: the shortest window ending where the earliest match ends,
/// matched greedily, with points per char, bonuses at word starts and for adjacent
/// chars, and a penalty per gap. The first (up to `offsets.len()`) matched byte
/// offsets go to `offsets`.
#[inline]
fn window_score(hay: Hay<'_>, token: &[u8], offsets: &mut [usize]) -> Option<i64> {
    let mut end = 0;
    for &b in token {
        end = hay.find(end, b)? + 1;
    }
    let mut start = end;
    for &b in token.iter().rev() {
        while start > 0 {
            start -= 1;
            if hay.at(start) == b {
                break;
            }
        }
    }
    let mut score = 0;
    let mut prev: Option<usize> = None;
    let mut i = start;
    for (k, &b) in token.iter().enumerate() {
        while i < end && hay.at(i) != b {
            i += 1;
        }
        if let Some(slot) = offsets.get_mut(k) {
            *slot = i;
        }
        score += PER_CHAR;
        if i == 0 {
            score += 2 * WORD_START_BONUS;
        } else if !is_word(hay.at(i - 1)) {
            score += WORD_START_BONUS;
        }
        score += match prev {
            Some(p) if p + 1 == i => ADJACENT_BONUS,
            Some(p) => -(GAP_OPEN + i64::try_from(i - p - 1).unwrap_or(i64::MAX).min(64)),
            None => 0,
        };
        prev = Some(i);
        i += 1;
    }
    Some(score)
}
