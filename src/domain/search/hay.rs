//! Byte scans over one folded field: finding a byte eight at a time, the
//! best contiguous occurrence of a token, and a scattered one.

use super::fold::is_word;
use super::matching::{ADJACENT_BONUS, GAP_OPEN, PER_CHAR, WORD_START_BONUS};
use super::query::Token;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Tier {
    Substring,
    Prefix,
    Exact,
}

/// One field's bytes, `all[start..end]`, seen through indices relative to `start`.
/// Reads may look past `end` (into the next field) to scan eight bytes at a time.
#[derive(Clone, Copy)]
pub(super) struct Hay<'a> {
    pub(super) all: &'a [u8],
    pub(super) start: usize,
    pub(super) end: usize,
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

impl Hay<'_> {
    #[inline]
    pub(super) fn len(self) -> usize {
        self.end - self.start
    }

    #[inline]
    pub(super) fn at(self, i: usize) -> u8 {
        self.all[self.start + i]
    }

    /// The first index `>= from` holding `needle`.
    #[inline]
    pub(super) fn find(self, from: usize, needle: u8) -> Option<usize> {
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
pub(super) fn contiguous(hay: Hay<'_>, token: &[u8], initial: bool) -> Option<(Tier, usize)> {
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
pub(super) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

#[inline]
pub(super) fn is_subsequence(
    hay: Hay<'_>,
    word: (usize, usize),
    text: &str,
    token: &Token,
) -> bool {
    if token.ascii {
        let mut from = word.0;
        token.text.bytes().all(|b| match hay.find(from, b) {
            Some(i) if i < word.1 => {
                from = i + 1;
                true
            }
            _ => false,
        })
    } else {
        let text = &text[word.0..word.1];
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

/// A skim-like score for an ASCII `token` scattered over the bytes `word.0..word.1`
/// of `hay`, or `None` if it is no subsequence of them: the shortest window ending
/// where the earliest match ends,
/// matched greedily, with points per char, bonuses at word starts and for adjacent
/// chars, and a penalty per gap. The first (up to `offsets.len()`) matched byte
/// offsets go to `offsets`.
#[inline]
pub(super) fn window_score(
    hay: Hay<'_>,
    word: (usize, usize),
    token: &[u8],
    offsets: &mut [usize],
) -> Option<i64> {
    let mut end = word.0;
    for &b in token {
        end = hay.find(end, b)? + 1;
        if end > word.1 {
            return None;
        }
    }
    let mut start = end;
    for &b in token.iter().rev() {
        while start > word.0 {
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

/// The first index `>= from` holding `needle` at the start of a word.
#[inline]
pub(super) fn find_head(hay: Hay<'_>, mut from: usize, needle: u8) -> Option<usize> {
    loop {
        let i = hay.find(from, needle)?;
        if i == 0 || !is_word(hay.at(i - 1)) {
            return Some(i);
        }
        from = i + 1;
    }
}

/// The byte ranges of the words of `text`: runs of letters, digits and
/// non-ASCII chars (see [`is_word`]). A scattered token must fall inside one.
pub(super) fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !is_word(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        Some((start, i))
    })
}
