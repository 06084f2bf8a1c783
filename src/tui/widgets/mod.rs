//! Reusable pieces of the panes.

pub mod detail;
pub mod form;
pub mod picker;
pub mod text_input;

/// `s` in at most `n` characters, with an ellipsis when cut.
pub fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
