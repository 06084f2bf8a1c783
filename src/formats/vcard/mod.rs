//! vCard 2.1, 3.0 and 4.0: reading what real address books export, and
//! writing vCard 4.0.
//!
//! The reader is written here, line by line, on bytes: `lines` splits the
//! file on any line ending, undoes folds (even inside a name or a UTF-8
//! character) and quoted-printable soft breaks, and cuts cards by their
//! envelope, so a broken card costs that card only; `property` decodes each
//! value in the charset it names (vCard 2.1 may name a different one per
//! property); `read` maps properties to a [`Card`].
//!
//! Why not a crate: `calcard` 0.3, the most tolerant one, survived CR CR
//! LF, a fold inside a name, a line with no colon and 2.1 quoted-printable;
//! but it reads text that is already UTF-8, so a 2.1 `CHARSET=Shift_JIS`
//! value cannot reach it intact; it let a card
//! missing its `END:VCARD` swallow the next card; and parsing alone took
//! 0.40 s for 100k eleven-line cards (34 MB) in release. `vcard` 0.6 and
//! `vcard4` read 4.0 only; `ical` misses 2.1.
//!
//! Speed (`benches/vcard.rs`, release, on a 2-core machine shared with other
//! builds, so only side-by-side figures mean much): on the same 100k-card
//! file, this reader (parse *and* map to `Card`) took 0.38-0.65 s while
//! calcard's parse took 0.40-0.61 s in the same minutes. Most of the time is
//! allocation: names, parameters and values borrow from the line unless they
//! must change.

mod lines;
mod property;
mod read;
mod write;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

pub use write::write;

use super::card::{Card, Entry, FormatError, ReadOutcome};
use super::decode::to_utf8_bytes;
use lines::Chunk;

/// Every card of a file (versions may be mixed); a broken card is rejected
/// with its line and reason, the others come in.
pub fn read(bytes: &[u8]) -> Result<ReadOutcome, FormatError> {
    let (bytes, _) = to_utf8_bytes(bytes);
    let mut entries = Vec::new();
    let mut warnings = Vec::new();
    let mut versions = BTreeSet::new();
    let mut stray: Option<usize> = None;
    lines::split_cards(&bytes, |chunk| match chunk {
        Chunk::Card { line, lines } => {
            let (card, version) = read::card(line, &lines);
            if let Some(v) = version.filter(|v| !versions.contains(v.as_ref())) {
                versions.insert(crate::domain::text::printable(&v).into_owned());
            }
            entries.push(Entry::Card(Box::new(card)));
        }
        Chunk::Broken { line, reason } => entries.push(Entry::Rejected { line, reason }),
        Chunk::Stray { line } => {
            stray.get_or_insert(line);
        }
    })?;
    if let Some(line) = stray {
        warnings.push((line, "text outside any card; skipped".to_string()));
    }
    if entries.is_empty() {
        return Err(FormatError(
            "no BEGIN:VCARD in the file: not a vCard file".into(),
        ));
    }
    Ok(ReadOutcome {
        dialect: dialect(&versions),
        entries,
        warnings,
    })
}

/// "vCard 3.0", or "vCard (2.1, 3.0)" when the file mixes versions.
fn dialect(versions: &BTreeSet<String>) -> String {
    let list: Vec<&str> = versions.iter().map(String::as_str).collect();
    match list.as_slice() {
        [] => "vCard".into(),
        [one] => format!("vCard {one}"),
        many => format!("vCard ({})", many.join(", ")),
    }
}

/// The cards of a file that read (for tests and the bench).
pub fn cards(outcome: &ReadOutcome) -> impl Iterator<Item = &Card> {
    outcome.entries.iter().filter_map(|e| match e {
        Entry::Card(c) => Some(c.as_ref()),
        Entry::Rejected { .. } => None,
    })
}
