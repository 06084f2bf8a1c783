//! Case and accent folding, with a map back to the original characters.

use deunicode::deunicode_char;

use crate::domain::text::is_invisible;

/// Lowercase + strip accents/transliterate, e.g. `"José Müller"` -> `"jose muller"`,
/// `"Łódź"` -> `"lodz"`, `"Straße"` -> `"strasse"`.
///
/// Runs of whitespace (including whitespace produced by transliteration) become one
/// space and the ends are trimmed, so folded names compare equal regardless of spacing.
/// Characters without a transliteration are kept, lowercased. Invisible characters
/// (zero-width spaces, bidi marks) are dropped, so `"J\u{200b}ane"` folds to `"jane"`.
///
/// The German spellings without umlauts fold like the umlauts: `ae`, `oe` and `ue`
/// between a consonant and another letter lose the `e` (see [`collapse_umlauts`]),
/// so "Mueller", "Müller" and "Muller" all fold to `"muller"`, and "Schroeder"
/// and "Schröder" to `"schroder"`.
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
        if is_invisible(c) {
            continue;
        }
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
    let start = sink.start;
    collapse_umlauts(out, start, map);
}

/// Drops the `e` of `ae`, `oe` or `ue` that follows a consonant and precedes
/// another letter, in `out[start..]` (and the matching entries of `map`, which
/// ends with one entry per byte of `out[start..]`).
///
/// Both the stored text and the query are folded this way, so the spellings
/// with and without umlauts meet: "mueller" → "muller" ← "müller". The rule
/// leaves a word's end alone ("joe", "lee" keep their `e`). It also meets
/// names that merely look German ("Michael" and "Michal" both fold to
/// `michal`): harmless, as both sides fold alike, and a contiguous match
/// highlights the dropped `e` with its neighbours.
fn collapse_umlauts(out: &mut String, start: usize, map: Option<&mut Vec<u32>>) {
    let bytes = &out.as_bytes()[start..];
    let drop: Vec<usize> = (2..bytes.len().saturating_sub(1))
        .filter(|&i| {
            bytes[i] == b'e'
                && matches!(bytes[i - 1], b'a' | b'o' | b'u')
                && is_consonant(bytes[i - 2])
                && bytes[i + 1].is_ascii_alphabetic()
        })
        .collect();
    if drop.is_empty() {
        return;
    }
    let field_len = bytes.len();
    let kept: Vec<u8> = bytes
        .iter()
        .enumerate()
        .filter(|(i, _)| drop.binary_search(i).is_err())
        .map(|(_, &b)| b)
        .collect();
    // Only ASCII bytes were dropped: the rest is still whole UTF-8.
    let kept = String::from_utf8(kept).expect("dropping ASCII bytes keeps UTF-8 valid");
    out.truncate(start);
    out.push_str(&kept);
    if let Some(map) = map {
        let field_start = map.len() - field_len;
        let mut at = 0;
        map.retain(|_| {
            let keep = at < field_start || drop.binary_search(&(at - field_start)).is_err();
            at += 1;
            keep
        });
    }
}

const fn is_consonant(b: u8) -> bool {
    b.is_ascii_alphabetic() && !matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
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

#[cfg(test)]
mod tests {
    use super::super::{SearchDoc, SearchIndex};
    use super::fold;

    fn doc(id: i64, name: &str) -> SearchDoc {
        SearchDoc {
            id,
            name: name.to_owned(),
            ..SearchDoc::default()
        }
    }

    fn ids(index: &SearchIndex, query: &str) -> Vec<i64> {
        index.search(query).iter().map(|h| h.id).collect()
    }

    #[test]
    fn fold_lowercases_and_strips_accents() {
        assert_eq!(fold("José Müller"), "jose muller");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("  Ærø \t  Ø "), "aero o");
        assert_eq!(fold("Jose\u{301}"), "jose");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn fold_drops_invisible_characters() {
        assert_eq!(fold("J\u{200b}ane Doe"), fold("Jane Doe"));
        assert_eq!(fold("\u{202e}Eve\u{feff} Smith\u{2066}"), "eve smith");
        // A match highlights the run it covers, the dropped character inside
        // included (shown as a replacement character), and nothing past it.
        let index = SearchIndex::new(vec![doc(1, "J\u{200b}ane Doe")]);
        assert_eq!(index.search("jane")[0].name_positions, [0, 1, 2, 3, 4]);
        assert_eq!(index.search("ane")[0].name_positions, [2, 3, 4]);
    }

    #[test]
    fn fold_meets_umlauts_and_their_spellings() {
        for name in ["Müller", "Mueller", "Muller", "MUELLER"] {
            assert_eq!(fold(name), "muller", "{name}");
        }
        assert_eq!(fold("Schröder"), fold("Schroeder"));
        assert_eq!(fold("Bär"), fold("Baer"));
        // Only between a consonant and another letter: word ends and vowel runs stay.
        assert_eq!(fold("Joe Lee"), "joe lee");
        assert_eq!(fold("Aeon Zoe"), "aeon zoe");
        assert_eq!(fold("Sue"), "sue");
    }

    #[test]
    fn umlaut_spellings_find_each_other() {
        let index = SearchIndex::new(vec![
            doc(1, "Anna Müller"),
            doc(2, "Ben Mueller"),
            doc(3, "Carl Schröder"),
            doc(4, "Anna Miller"),
        ]);
        for query in ["muller", "mueller", "Müller", "MUELLER"] {
            assert_eq!(ids(&index, query), [1, 2], "{query}");
        }
        assert_eq!(ids(&index, "schroeder"), [3]);
        assert_eq!(ids(&index, "schröder"), [3]);
        // "Mueller" is highlighted whole, the `e` folding dropped included.
        let hit = &index.search("mueller")[1];
        assert_eq!(
            (hit.id, hit.name_positions.clone()),
            (2, vec![4, 5, 6, 7, 8, 9, 10])
        );
    }
}
