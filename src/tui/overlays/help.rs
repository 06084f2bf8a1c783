//! `?`: every key, grouped by where it works, read from the keymap itself.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{OverlayResult, centered};
use crate::tui::keymap::{KEYMAP, Scope};
use crate::tui::theme::Theme;

pub struct Help {
    scroll: u16,
    /// Lines that fit, from the last draw (for paging).
    page: u16,
}

impl Default for Help {
    fn default() -> Self {
        Help {
            scroll: 0,
            page: 10,
        }
    }
}

impl Help {
    pub fn handle_key(&mut self, key: &KeyEvent) -> OverlayResult {
        // Scrolling down is clamped to the end when drawn.
        self.scroll = match key.code {
            KeyCode::Esc | KeyCode::Char('?' | 'q') => return OverlayResult::Close,
            KeyCode::Char('j') | KeyCode::Down => self.scroll.saturating_add(1),
            KeyCode::Char('k') | KeyCode::Up => self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll.saturating_add(self.page),
            KeyCode::PageUp => self.scroll.saturating_sub(self.page),
            KeyCode::Char('g') | KeyCode::Home => 0,
            KeyCode::Char('G') | KeyCode::End => u16::MAX,
            _ => self.scroll,
        };
        OverlayResult::Keep
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: Theme) {
        let rect = centered(area, 72, area.height.saturating_sub(2).max(10));
        f.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Keys ", theme.title()))
            .title_bottom(Span::styled(" j/k scroll · Esc close ", theme.dim()))
            .border_style(theme.border(true));
        let lines = lines(theme);
        // The last line stops at the bottom edge: no scrolling into nothing.
        let inner_h = rect.height.saturating_sub(2);
        let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        self.page = inner_h.saturating_sub(1).max(1);
        self.scroll = self.scroll.min(total.saturating_sub(inner_h));
        f.render_widget(
            Paragraph::new(lines).block(block).scroll((self.scroll, 0)),
            rect,
        );
    }
}

fn lines(theme: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for scope in [
        Scope::Global,
        Scope::Contacts,
        Scope::Capture,
        Scope::FollowUps,
        Scope::Segments,
        Scope::Dashboard,
        Scope::Cleanup,
        Scope::Outreach,
    ] {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled(scope.title(), theme.title())));
        for b in KEYMAP.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            out.push(Line::from(vec![
                Span::styled(format!("  {:<16}", keys.join(" / ")), theme.key()),
                Span::raw(b.help),
            ]));
        }
    }
    out.push(Line::default());
    out.extend(text_field_help(theme));
    out
}

/// Keys inside a text field or form, which the keymap does not route.
fn text_field_help(theme: Theme) -> Vec<Line<'static>> {
    let rows = [
        ("Tab / S-Tab", "next / previous field"),
        ("Enter", "next field; on the last one, save"),
        ("C-s", "save the form"),
        ("← / →", "move; on a choice field, change the choice"),
        ("↑ / ↓", "pick a suggested contact"),
        ("C-e", "write the text in $EDITOR (interaction form)"),
        ("C-u / C-w", "clear the field / delete a word"),
        ("Esc", "leave the field"),
    ];
    let mut out = vec![Line::from(Span::styled(
        "In a text field or form",
        theme.title(),
    ))];
    out.extend(rows.iter().map(|(k, h)| {
        Line::from(vec![
            Span::styled(format!("  {k:<16}"), theme.key()),
            Span::raw(*h),
        ])
    }));
    out
}

#[cfg(test)]
mod tests {
    use crate::tui::testing::Harness;

    #[test]
    fn help_stops_scrolling_at_its_last_line() {
        let mut h = Harness::demo();
        h.keys("?G");
        let end = h.text(80, 24);
        assert!(
            end.contains("leave the field"),
            "the last line shows: {end}"
        );
        h.keys("j<PgDn>j");
        assert_eq!(h.text(80, 24), end, "nothing scrolls past the end");
        // One line up moves at once: no presses were stored up past the end.
        h.keys("k");
        assert_ne!(h.text(80, 24), end);
        h.keys("g");
        assert!(h.text(80, 24).contains("quit"));
    }
}
