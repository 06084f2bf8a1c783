//! A folded, tokenised query, and what each token may match.

use super::arena::Record;
use super::fold::{byte_bit, fold, is_word, mask_of, pairs_mask_of};

/// One whitespace-separated piece of the folded query.
pub(super) struct Token {
    pub(super) text: String,
    pub(super) chars: i64,
    pub(super) mask: u64,
    /// Adjacent byte pairs, see [`pairs_mask_of`].
    pub(super) pairs: u64,
    pub(super) ascii: bool,
    /// A single letter or digit: it only matches the start of a word (an
    /// initial), as nearly every contact holds any one letter somewhere.
    pub(super) initial: bool,
    /// Two ASCII letters or digits: besides contiguously, they only match as the
    /// initials of two words in order ("jg" for José García), not scattered at
    /// random, which most contacts would satisfy.
    pub(super) pair: bool,
}

impl Token {
    /// Whether the token matches less than a longer token starting with it would:
    /// then a longer query is no narrowing of this one.
    pub(super) fn is_restricted(&self) -> bool {
        self.initial || self.pair
    }
}

/// A folded, tokenised query.
pub(super) struct Query {
    pub(super) folded: String,
    pub(super) tokens: Vec<Token>,
    /// Bits of every byte of the query.
    pub(super) mask: u64,
    /// Bits of the initials the query asks for.
    pub(super) heads: u64,
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
