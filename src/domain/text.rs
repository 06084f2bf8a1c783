//! Text that came from a user or a file, made safe to show or compare.
//!
//! Stored text never reaches a terminal or a file raw: an ESC or a BEL in an
//! organisation name could clear the screen or retitle the window. Every
//! front end (CLI output, the TUI, the ICS writer) passes stored text through
//! [`printable`] or [`printable_multiline`] before writing it.
//!
//! Invisible format characters (zero-width spaces, bidi overrides) make two
//! strings that look the same compare different, or make text read in
//! another order than it is stored: [`is_invisible`] names them, so input
//! rules can refuse them and comparisons can fold them away.

use std::borrow::Cow;

/// True for the characters that change how text looks or is ordered without
/// being seen: zero-width spaces and joiners, the word joiner, the BOM, soft
/// hyphen, and the bidirectional marks, embeddings, overrides and isolates.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// True if `c` must not be written raw to a terminal, nor accepted in a
/// one-line value: C0 and C1 controls (ESC, BEL, CSI…) and the invisible
/// format characters.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// One line of stored text as it may be shown: every control or invisible
/// character becomes `�` (U+FFFD), so nothing reaches the terminal that it
/// would act on, and the user still sees that something odd is stored.
pub fn printable(s: &str) -> Cow<'_, str> {
    replace_unsafe(s, |_| false)
}

/// Like [`printable`], but keeps newlines and tabs (a note's body).
pub fn printable_multiline(s: &str) -> Cow<'_, str> {
    replace_unsafe(s, |c| c == '\n' || c == '\t')
}

fn replace_unsafe(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if is_unsafe(c) && !keep(c) {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(printable("José García · Acme"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_and_bells_are_replaced() {
        assert_eq!(printable("Acme\x1b[31mRED"), "Acme\u{FFFD}[31mRED");
        assert_eq!(printable("T\x1b]0;pwned\x07"), "T\u{FFFD}]0;pwned\u{FFFD}");
        assert_eq!(printable("a\u{9b}b"), "a\u{FFFD}b", "C1 CSI");
        assert_eq!(printable("line\nbreak"), "line\u{FFFD}break");
    }

    #[test]
    fn notes_keep_newlines_and_tabs_only() {
        assert_eq!(
            printable_multiline("a\n\tb\x1bc\r"),
            "a\n\tb\u{FFFD}c\u{FFFD}"
        );
    }

    #[test]
    fn invisible_characters_are_named() {
        for c in ['\u{200B}', '\u{200D}', '\u{202E}', '\u{2066}', '\u{FEFF}'] {
            assert!(is_invisible(c), "{c:?}");
            assert_eq!(printable(&format!("a{c}b")), "a\u{FFFD}b");
        }
        assert!(!is_invisible('é'));
        assert!(!is_invisible(' '));
    }
}
