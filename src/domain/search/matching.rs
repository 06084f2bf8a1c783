//! Matching and scoring of one folded query against one indexed doc.
//!
//! Every token of the query must match some field. A token matches a field when it
//! is a subsequence of one word of the folded field, or occurs in the field
//! contiguously; how well it matches falls into a tier:
//!
//! 1. the token is a whole word of the field (or the whole field),
//! 2. the token starts a word,
//! 3. the token occurs contiguously inside a word,
//! 4. the token is scattered inside one word of the field ("grca" in García);
//!    letters scattered over several words or an e-mail address are no match.
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

use super::Field;
use super::arena::{Arena, Record, Span};
use super::hay::{Tier, contiguous, find_head, is_subsequence, window_score, words};
use super::query::{Query, Token};

static SKIM: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().ignore_case());

/// Scores are clamped below this so that they pack into a sort key.
pub(super) const MAX_SCORE: i64 = (1 << 62) - 1;

/// Points per matched char, shared by every tier.
pub(super) const PER_CHAR: i64 = 16;
const EXACT_BASE: i64 = 64;
const PREFIX_BASE: i64 = 40;
const SUBSTRING_BASE: i64 = 24;
/// Bonus for a whole-word or prefix match at the very start of the field.
const FIELD_START_BONUS: i64 = 8;
/// A substring match loses one point per byte of offset, up to this many.
const MAX_OFFSET_PENALTY: i64 = 8;
/// Scattered matches outside the name, in the spirit of the skim scores: a char at
/// a word start, a char right after the previous one, and opening a gap.
pub(super) const WORD_START_BONUS: i64 = 8;
pub(super) const ADJACENT_BONUS: i64 = 4;
pub(super) const GAP_OPEN: i64 = 3;
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

/// The outcome of scoring a doc that matched.
pub(super) struct Scored {
    pub(super) score: i64,
    pub(super) field: Field,
    /// The folded name equals the folded query.
    pub(super) exact: bool,
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
        // Every original char from the first to the last of the run: a
        // contiguous match also covers what folding dropped inside it (the
        // `e` of "Mueller" when "mueller" is typed).
        Some(map) => positions.extend(map[start]..=map[start + len - 1]),
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
        let is_name = i == 0;
        let from = positions.len();
        let Some(raw) = best_word(arena, record, span, token, is_name, positions) else {
            continue;
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

/// The best raw scattered score of `token` inside one word of `span` (letters
/// scattered over several words, or over an e-mail address, are too weak a
/// match to show). For the name, pushes the matched chars of the best word.
fn best_word(
    arena: &Arena,
    record: &Record,
    span: &Span,
    token: &Token,
    is_name: bool,
    positions: &mut Vec<u32>,
) -> Option<i64> {
    let hay = arena.hay(span);
    let text = arena.span_text(span);
    let mut best: Option<(i64, Vec<u32>)> = None;
    let mut found = Vec::new();
    for word in words(text) {
        if word.1 - word.0 < token.text.len() {
            continue;
        }
        found.clear();
        let raw = if token.ascii && !(is_name && token.chars >= ALIGN_MIN_CHARS) {
            let mut offsets = [0usize; ALIGN_MIN_CHARS as usize];
            let Some(raw) = window_score(hay, word, token.text.as_bytes(), &mut offsets) else {
                continue;
            };
            if is_name {
                for &at in &offsets[..token.text.len()] {
                    push_name_run(arena, record, at, 1, &mut found);
                }
            }
            raw
        } else if !is_subsequence(hay, word, text, token) {
            continue;
        } else if is_name {
            let (raw, chars) = SKIM
                .fuzzy_indices(&text[word.0..word.1], &token.text)
                .unwrap_or_default();
            // Char indices within the word, made char indices within the name.
            let skip = text[..word.0].chars().count();
            let chars: Vec<usize> = chars.into_iter().map(|c| c + skip).collect();
            push_name_chars(arena, record, &chars, &mut found);
            raw
        } else {
            SKIM.fuzzy_match(&text[word.0..word.1], &token.text)
                .unwrap_or(0)
        };
        if best.as_ref().is_none_or(|(b, _)| raw > *b) {
            best = Some((raw, found.clone()));
        }
    }
    let (raw, chars) = best?;
    positions.extend(chars);
    Some(raw)
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
