//! Case and accent folding, with a map back to the original characters.

use deunicode::deunicode_char;

/// Lowercase + strip accents/transliterate, e.g. `"José Müller"` -> `"jose muller"`,
/// `"Łódź"` -> `"lodz"`, `"Straße"` -> `"strasse"`.
///
/// Runs of whitespace (including whitespace produced by transliteration) become one
/// space and the ends are trimmed, so folded names compare equal regardless of spacing.
/// Characters without a transliteration are kept, lowercased.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, None);
    out
}

/// Appends the folding of `s` to `out`. When `map` is given, pushes for every byte
/// appended to `out` the index of the char of `s` it came from.
pub(super) fn fold_into(s: &str, out: &mut String, mut map: Option<&mut Vec<u32>>) {
    out.reserve(s.len());
    if let Some(map) = map.as_deref_mut() {
        map.reserve(s.len());
    }
    let mut sink = Sink {
        start: out.len(),
        out,
        pending_space: None,
    };
    for (index, c) in s.chars().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        if c.is_ascii() {
            sink.push(c.to_ascii_lowercase(), index, map.as_deref_mut());
        } else if let Some(ascii) = deunicode_char(c) {
            for t in ascii.chars() {
                sink.push(t.to_ascii_lowercase(), index, map.as_deref_mut());
            }
        } else {
            for t in c.to_lowercase() {
                sink.push(t, index, map.as_deref_mut());
            }
        }
    }
}

struct Sink<'a> {
    out: &'a mut String,
    /// Where this field starts in `out`, so leading whitespace is dropped.
    start: usize,
    /// The original char of a run of whitespace not yet written as one space.
    pending_space: Option<u32>,
}

impl Sink<'_> {
    #[inline]
    fn push(&mut self, c: char, origin: u32, map: Option<&mut Vec<u32>>) {
        if c.is_whitespace() {
            if self.out.len() > self.start && self.pending_space.is_none() {
                self.pending_space = Some(origin);
            }
            return;
        }
        let space = self.pending_space.take();
        if space.is_some() {
            self.out.push(' ');
        }
        self.out.push(c);
        if let Some(map) = map {
            map.extend(space);
            if c.is_ascii() {
                map.push(origin);
            } else {
                map.extend(std::iter::repeat_n(origin, c.len_utf8()));
            }
        }
    }
}

/// One bit per byte class: `a`–`z`, `0`–`9`, other ASCII hashed into 26 bits, and
/// one bit for every non-ASCII byte. If a token is a subsequence of a text, the
/// token's mask is a subset of the text's mask, which makes a cheap reject.
pub(super) fn mask_of(s: &str) -> u64 {
    s.bytes().fold(0, |mask, b| mask | byte_bit(b))
}

/// [`mask_of`], the same for the first byte of each word only (see [`is_word`]),
/// and [`pairs_mask_of`], in one pass.
pub(super) fn masks_of(s: &str) -> (u64, u64, u64) {
    let (mut mask, mut heads, mut pairs) = (0, 0, 0);
    let mut prev: Option<u8> = None;
    for b in s.bytes() {
        let bit = byte_bit(b);
        mask |= bit;
        match prev {
            Some(p) => {
                pairs |= pair_bit(p, b);
                if is_word(b) && !is_word(p) {
                    heads |= bit;
                }
            }
            None if is_word(b) => heads |= bit,
            None => {}
        }
        prev = Some(b);
    }
    (mask, heads, pairs)
}

/// A 64-bit Bloom filter of the adjacent byte pairs of `s`: if a token occurs in a
/// text, the token's pairs are a subset of the text's.
pub(super) fn pairs_mask_of(s: &str) -> u64 {
    s.as_bytes()
        .windows(2)
        .fold(0, |mask, w| mask | pair_bit(w[0], w[1]))
}

const fn pair_bit(a: u8, b: u8) -> u64 {
    let h = ((a as u64) << 8 | b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    1 << (h >> 58)
}

/// Letters, digits and every byte of a non-ASCII char make up words.
#[inline]
pub(super) const fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

#[inline]
pub(super) const fn byte_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        0x80.. => 1 << 63,
        _ => 1 << (36 + b % 26),
    }
}
