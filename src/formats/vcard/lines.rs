//! Bytes to cards: physical lines (any line ending), logical lines (folds,
//! quoted-printable soft breaks and bare base64 lines joined), and cards
//! (the `BEGIN:VCARD` … `END:VCARD` envelope).
//!
//! Everything here works on bytes: a vCard 2.1 file may hold a different
//! charset in every property, so text is decoded per value, later.

use std::borrow::Cow;

use crate::formats::card::{FormatError, MAX_VALUE_BYTES, MAX_VALUE_WORDS};

/// One logical line: its bytes, folds undone, and the 1-based line where it starts.
#[derive(Debug)]
pub struct Logical<'a> {
    pub line: usize,
    pub bytes: Cow<'a, [u8]>,
}

/// Non-empty physical lines. A line ends at LF, CR LF, CR CR LF or a lone
/// CR; lines are counted by LF, or by CR in a file that has no LF at all.
struct Physical<'a> {
    rest: &'a [u8],
    line: usize,
    count_cr: bool,
}

impl<'a> Physical<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Physical {
            rest: bytes,
            line: 1,
            count_cr: !bytes.contains(&b'\n'),
        }
    }
}

impl<'a> Iterator for Physical<'a> {
    type Item = (usize, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            let end = self
                .rest
                .iter()
                .position(|&b| b == b'\r' || b == b'\n')
                .unwrap_or(self.rest.len());
            let (text, after) = self.rest.split_at(end);
            let ends = after
                .iter()
                .position(|&b| b != b'\r' && b != b'\n')
                .unwrap_or(after.len());
            let line = self.line;
            let counted = if self.count_cr { b'\r' } else { b'\n' };
            #[allow(
                clippy::naive_bytecount,
                reason = "a line ending holds a byte or three"
            )]
            let ended = after[..ends].iter().filter(|&&b| b == counted).count();
            self.line += ended;
            self.rest = &after[ends..];
            if !text.is_empty() {
                return Some((line, text));
            }
        }
    }
}

/// Logical lines: a physical line starting with a space or a tab continues
/// the one before (RFC 6350 folding, even inside a name or a UTF-8
/// character); so does the line after a quoted-printable value ending in `=`
/// (a soft break), and a bare base64 line after a base64 value (vCard 2.1
/// photos). Blank lines are skipped and end nothing.
///
/// A logical line longer than [`MAX_VALUE_BYTES`] in the file (its folds
/// counted: a million one-byte folds is 3 MB) ends the iteration, and
/// [`Unfold::too_long`] tells where it started.
pub struct Unfold<'a> {
    physical: std::iter::Peekable<Physical<'a>>,
    too_long: Option<(usize, usize)>,
}

impl<'a> Unfold<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Unfold {
            physical: Physical::new(bytes).peekable(),
            too_long: None,
        }
    }

    /// The line where a logical line too long to read starts, and how many
    /// physical lines it had taken when it was stopped.
    pub fn too_long(&self) -> Option<(usize, usize)> {
        self.too_long
    }
}

impl<'a> Iterator for Unfold<'a> {
    type Item = Logical<'a>;

    fn next(&mut self) -> Option<Logical<'a>> {
        if self.too_long.is_some() {
            return None;
        }
        let (line, first) = self.physical.next()?;
        if first.len() > MAX_VALUE_BYTES {
            self.too_long = Some((line, 1));
            return None;
        }
        let mut bytes = Cow::Borrowed(first);
        let mut physical_lines = 1;
        // What the head says is read once, not again for every line joined
        // (a million folds would make that quadratic): quoted-printable once
        // the head is whole (its colon read), base64 when first asked.
        let mut colon = first.contains(&b':');
        let (mut quoted_printable, mut base64) = (None, None);
        while let Some(&(_, next)) = self.physical.peek() {
            if colon && quoted_printable.is_none() {
                quoted_printable = Some(is_quoted_printable(&bytes));
            }
            // A soft break first: the next line is the value's own text,
            // leading blank space included.
            let soft =
                bytes.ends_with(b"=") && quoted_printable == Some(true) && !is_envelope(next);
            let fold = !soft && (next[0] == b' ' || next[0] == b'\t');
            let bare = !soft
                && !fold
                && colon
                && !next.contains(&b':')
                && is_bare_base64(next)
                && *base64.get_or_insert_with(|| is_base64_value(&bytes));
            if !(soft || fold || bare) {
                break;
            }
            // Every line is a slice of the one file: the span from the first
            // byte to the end of `next` is what this logical line takes in it.
            let span = next.as_ptr() as usize + next.len() - first.as_ptr() as usize;
            if span > MAX_VALUE_BYTES {
                self.too_long = Some((line, physical_lines + 1));
                return None;
            }
            let joined = bytes.to_mut();
            if soft {
                joined.pop();
                joined.extend_from_slice(next);
            } else if fold {
                joined.extend_from_slice(&next[1..]);
            } else {
                joined.extend_from_slice(next);
            }
            colon = colon || next.contains(&b':');
            self.physical.next();
            physical_lines += 1;
        }
        Some(Logical { line, bytes })
    }
}

/// The part of a line before its value: group, name and parameters.
pub fn head(line: &[u8]) -> &[u8] {
    let end = line.iter().position(|&b| b == b':').unwrap_or(line.len());
    &line[..end]
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn is_quoted_printable(line: &[u8]) -> bool {
    contains_ignore_case(head(line), b"QUOTED-PRINTABLE")
}

fn is_base64_value(line: &[u8]) -> bool {
    let head = head(line);
    contains_ignore_case(head, b"BASE64")
        || contains_ignore_case(head, b"ENCODING=B")
        || contains_ignore_case(line, b";base64,")
}

fn is_bare_base64(line: &[u8]) -> bool {
    line.iter()
        .all(|&b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
}

fn is_envelope(line: &[u8]) -> bool {
    let line = line.trim_ascii();
    line.eq_ignore_ascii_case(b"END:VCARD") || line.eq_ignore_ascii_case(b"BEGIN:VCARD")
}

/// What the envelope splitter found.
#[derive(Debug)]
pub enum Chunk<'a> {
    /// The logical lines between `BEGIN:VCARD` (at `line`) and `END:VCARD`.
    Card {
        line: usize,
        lines: Vec<Logical<'a>>,
    },
    /// A card whose envelope is broken, and why.
    Broken { line: usize, reason: String },
    /// Text outside any card, skipped.
    Stray { line: usize },
}

enum State<'a> {
    Outside,
    /// Inside a card that opened well.
    Open(usize, Vec<Logical<'a>>),
    /// Inside a card that opened with a misspelt `BEGIN`: skipped to its end.
    Misopened(usize, String),
}

/// Splits a file into cards by their envelopes, so that one broken card
/// costs that card only: the cards around it come in whole.
///
/// A property longer than [`MAX_VALUE_BYTES`] refuses the whole file: it
/// is damaged or hostile, and reading on would cost memory without bound.
pub fn split_cards<'a>(
    bytes: &'a [u8],
    mut each: impl FnMut(Chunk<'a>),
) -> Result<(), FormatError> {
    let mut state = State::Outside;
    let mut unfold = Unfold::new(bytes);
    for logical in unfold.by_ref() {
        let text = logical.bytes.trim_ascii();
        let begin = text.len() >= 6 && text[..6].eq_ignore_ascii_case(b"BEGIN:");
        let good_begin = text.eq_ignore_ascii_case(b"BEGIN:VCARD");
        let end = text.eq_ignore_ascii_case(b"END:VCARD");
        let line = logical.line;
        state = match state {
            State::Open(start, _) if begin => {
                each(Chunk::Broken {
                    line: start,
                    reason: format!("no END:VCARD before line {line}"),
                });
                opened(line, text, good_begin)
            }
            State::Misopened(start, reason) if begin => {
                each(Chunk::Broken {
                    line: start,
                    reason,
                });
                opened(line, text, good_begin)
            }
            State::Open(start, lines) if end => {
                each(Chunk::Card { line: start, lines });
                State::Outside
            }
            State::Open(start, mut lines) => {
                lines.push(logical);
                State::Open(start, lines)
            }
            State::Misopened(start, reason) if end => {
                each(Chunk::Broken {
                    line: start,
                    reason,
                });
                State::Outside
            }
            misopened @ State::Misopened(..) => misopened,
            State::Outside if begin => opened(line, text, good_begin),
            State::Outside if end => {
                each(Chunk::Broken {
                    line,
                    reason: "END:VCARD without a BEGIN:VCARD before it".into(),
                });
                State::Outside
            }
            State::Outside => {
                each(Chunk::Stray { line });
                State::Outside
            }
        };
    }
    if let Some((line, physical_lines)) = unfold.too_long() {
        let folded = if physical_lines > 1 {
            format!(" (folded over {physical_lines} lines or more)")
        } else {
            String::new()
        };
        return Err(FormatError(format!(
            "line {line}: a property longer than {MAX_VALUE_WORDS}{folded}; kith reads properties of up to {MAX_VALUE_WORDS}"
        )));
    }
    match state {
        State::Outside => {}
        State::Open(start, _) => each(Chunk::Broken {
            line: start,
            reason: "no END:VCARD before the end of the file".into(),
        }),
        State::Misopened(start, reason) => each(Chunk::Broken {
            line: start,
            reason,
        }),
    }
    Ok(())
}

fn opened<'a>(line: usize, text: &[u8], good: bool) -> State<'a> {
    if good {
        State::Open(line, Vec::with_capacity(16))
    } else {
        let shown = crate::domain::text::printable(&String::from_utf8_lossy(text)).into_owned();
        State::Misopened(line, format!("{shown} is not BEGIN:VCARD"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logical(bytes: &[u8]) -> Vec<(usize, String)> {
        Unfold::new(bytes)
            .map(|l| (l.line, String::from_utf8_lossy(&l.bytes).into_owned()))
            .collect()
    }

    #[test]
    fn any_line_ending_ends_a_line_and_lines_count_by_lf() {
        assert_eq!(
            logical(b"A:1\r\r\nB:2\nC:3\r\nD:4\rE:5"),
            vec![
                (1, "A:1".into()),
                (2, "B:2".into()),
                (3, "C:3".into()),
                (4, "D:4".into()),
                (4, "E:5".into()),
            ]
        );
        assert_eq!(logical(b"A:1\rB:2\r")[1], (2, "B:2".into()));
    }

    #[test]
    fn folds_join_anywhere_even_inside_a_character() {
        let bytes = b"EM\r\n AIL:j\xC3\r\n\t\xBC@x.io\r\n\r\nFN:J\r\n";
        assert_eq!(
            logical(bytes),
            vec![(1, "EMAIL:jü@x.io".into()), (5, "FN:J".into())]
        );
    }

    #[test]
    fn soft_breaks_join_quoted_printable_but_not_the_end() {
        let bytes = b"N;ENCODING=QUOTED-PRINTABLE:M=C3=\r\n=BCller=\r\nEND:VCARD\r\n";
        assert_eq!(
            logical(bytes),
            vec![
                (1, "N;ENCODING=QUOTED-PRINTABLE:M=C3=BCller=".into()),
                (3, "END:VCARD".into())
            ]
        );
    }

    #[test]
    fn envelopes_split_and_a_broken_card_costs_itself() {
        let file = b"BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCAR\nFN:B\nEND:VCARD\n\
BEGIN:VCARD\nFN:C\nBEGIN:VCARD\nFN:D\nEND:VCARD\nEND:VCARD\nBEGIN:VCARD\nFN:E\n";
        let mut got = Vec::new();
        split_cards(file, |chunk| {
            got.push(match chunk {
                Chunk::Card { line, lines } => format!("card {line} {}", lines.len()),
                Chunk::Broken { line, reason } => format!("broken {line} {reason}"),
                Chunk::Stray { line } => format!("stray {line}"),
            });
        })
        .expect("no property is too long");
        assert_eq!(
            got,
            vec![
                "card 1 1",
                "broken 4 BEGIN:VCAR is not BEGIN:VCARD",
                "broken 7 no END:VCARD before line 9",
                "card 9 1",
                "broken 12 END:VCARD without a BEGIN:VCARD before it",
                "broken 13 no END:VCARD before the end of the file",
            ]
        );
    }
}
