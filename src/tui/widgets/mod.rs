//! Reusable pieces of the panes.

pub mod detail;
pub mod form;
pub mod picker;
pub mod text_input;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` in at most `n` terminal columns, with an ellipsis when cut (a wide
/// character that would straddle the edge is left out whole).
pub fn cut(s: &str, n: usize) -> String {
    if s.width() <= n {
        return s.to_string();
    }
    if n == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > n - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` cut to `n` columns and padded with spaces to exactly `n`.
pub fn pad(s: &str, n: usize) -> String {
    let mut out = cut(s, n);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', n.saturating_sub(w)));
    out
}

/// The columns `s` takes on a terminal.
pub fn width(s: &str) -> usize {
    s.width()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_counts_columns_and_marks_the_cut() {
        assert_eq!(cut("Jane Doe", 8), "Jane Doe");
        assert_eq!(cut("Jane Doe", 7), "Jane D…");
        // Each of these takes two columns.
        assert_eq!(cut("山田太郎", 8), "山田太郎");
        assert_eq!(cut("山田太郎", 7), "山田太…");
        assert_eq!(cut("山田太郎", 6), "山田…");
        assert_eq!(width(&cut("山田太郎", 6)), 5);
        assert_eq!(cut("abc", 0), "");
        assert_eq!(pad("山田", 6), "山田  ");
        assert_eq!(pad("Jane Doe", 5), "Jane…");
    }
}
