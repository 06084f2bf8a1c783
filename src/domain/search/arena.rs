//! Folded fields of many docs, stored back to back so a search streams
//! through memory, with per-field bit masks for cheap rejects and the map
//! from folded name bytes back to the original chars (for highlighting).

use super::fold::{fold_into, masks_of};
use super::hay::Hay;
use super::{Field, SearchDoc};

/// Folded fields longer than this many bytes are cut (at a char boundary).
const MAX_FIELD_BYTES: usize = u16::MAX as usize;

/// One folded field of a doc: a range of the arena's text.
#[derive(Clone)]
pub(super) struct Span {
    pub(super) mask: u64,
    /// Bits of the first byte of every word.
    pub(super) heads: u64,
    /// Adjacent byte pairs, see [`pairs_mask_of`].
    pub(super) pairs: u64,
    pub(super) start: u32,
    pub(super) len: u16,
    pub(super) field: Field,
}

/// Where one doc's data lives in the [`Arena`].
#[derive(Clone, Copy)]
pub(super) struct Record {
    /// Unions of the span masks: the cheap reject.
    pub(super) mask: u64,
    pub(super) heads: u64,
    pub(super) pairs: u64,
    /// First span (the name).
    pub(super) spans: u32,
    pub(super) span_count: u32,
    /// Where the name's char map starts, or [`IDENTITY`] when folded byte `i` of
    /// the name comes from original char `i` (the common case, stored as nothing).
    pub(super) name_map: u32,
}

const IDENTITY: u32 = u32::MAX;

/// Folded fields of many docs back to back, so a search streams through memory.
#[derive(Default)]
pub(super) struct Arena {
    pub(super) text: String,
    pub(super) spans: Vec<Span>,
    /// For every byte of a folded name, the index of the original char.
    pub(super) name_maps: Vec<u32>,
}

pub(super) fn to_u32(n: usize) -> u32 {
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

    pub(super) fn close_span(&mut self, start: usize, field: Field) {
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
    pub(super) fn spans(&self, record: &Record) -> &[Span] {
        let from = record.spans as usize;
        &self.spans[from..from + record.span_count as usize]
    }

    #[inline]
    pub(super) fn hay(&self, span: &Span) -> Hay<'_> {
        let start = span.start as usize;
        Hay {
            all: self.text.as_bytes(),
            start,
            end: start + usize::from(span.len),
        }
    }

    /// The name's char map; `None` for the identity.
    #[inline]
    pub(super) fn name_map(&self, record: &Record) -> Option<&[u32]> {
        if record.name_map == IDENTITY {
            return None;
        }
        let from = record.name_map as usize;
        let len = usize::from(self.spans[record.spans as usize].len);
        Some(&self.name_maps[from..from + len])
    }

    #[inline]
    pub(super) fn span_text(&self, span: &Span) -> &str {
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
