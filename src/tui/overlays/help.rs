//! `?`: every key, grouped by where it works, read from the keymap itself.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{OverlayResult, centered};
use crate::tui::keymap::{KEYMAP, Scope};
use crate::tui::theme::Theme;

#[derive(Default)]
pub struct Help {
    scroll: u16,
}

impl Help {
    pub fn handle_key(&mut self, key: &KeyEvent) -> OverlayResult {
        match key.code {
            KeyCode::Esc | KeyCode::Char('?' | 'q') => OverlayResult::Close,
            KeyCode::Char('j') | KeyCode::Down => {
                self.scroll = self
                    .scroll
                    .saturating_add(1)
                    .min(lines(Theme::plain()).len() as u16);
                OverlayResult::Keep
            }
            KeyCode::Char('k') | KeyCode::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                OverlayResult::Keep
            }
            KeyCode::PageDown | KeyCode::Char(' ') => {
                self.scroll = self
                    .scroll
                    .saturating_add(10)
                    .min(lines(Theme::plain()).len() as u16);
                OverlayResult::Keep
            }
            KeyCode::PageUp => {
                self.scroll = self.scroll.saturating_sub(10);
                OverlayResult::Keep
            }
            _ => OverlayResult::Keep,
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let rect = centered(area, 72, area.height.saturating_sub(2).max(10));
        f.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Keys ", theme.title()))
            .title_bottom(Span::styled(" j/k scroll · Esc close ", theme.dim()))
            .border_style(theme.border(true));
        f.render_widget(
            Paragraph::new(lines(theme))
                .block(block)
                .scroll((self.scroll, 0)),
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
