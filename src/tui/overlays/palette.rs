//! `:`: fuzzy search over every action that applies here; Enter runs it.

use crossterm::event::{KeyCode, KeyEvent};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{OverlayResult, centered};
use crate::tui::keymap::{Binding, Scope, bindings_for};
use crate::tui::theme::Theme;
use crate::tui::widgets::text_input::TextInput;

pub struct Palette {
    scope: Scope,
    input: TextInput,
    selected: usize,
}

impl Palette {
    pub fn new(scope: Scope) -> Self {
        Palette {
            scope,
            input: TextInput::default(),
            selected: 0,
        }
    }

    /// Matching bindings, best first.
    pub fn matches(&self) -> Vec<&'static Binding> {
        let matcher = SkimMatcherV2::default();
        let query = self.input.value().trim();
        let mut scored: Vec<(i64, usize, &'static Binding)> = bindings_for(self.scope)
            .filter(|b| {
                !matches!(
                    b.action,
                    crate::tui::action::Action::Palette | crate::tui::action::Action::Cancel
                )
            })
            .enumerate()
            .filter_map(|(i, b)| {
                if query.is_empty() {
                    return Some((0, i, b));
                }
                matcher.fuzzy_match(b.help, query).map(|s| (s, i, b))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, _, b)| b).collect()
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> OverlayResult {
        match key.code {
            KeyCode::Esc => OverlayResult::Close,
            KeyCode::Enter => match self.matches().get(self.selected) {
                Some(b) => OverlayResult::Action(b.action.clone()),
                None => OverlayResult::Keep,
            },
            KeyCode::Down | KeyCode::Tab => {
                self.selected = (self.selected + 1).min(self.matches().len().saturating_sub(1));
                OverlayResult::Keep
            }
            KeyCode::Up | KeyCode::BackTab => {
                self.selected = self.selected.saturating_sub(1);
                OverlayResult::Keep
            }
            _ => {
                if self.input.handle(key) {
                    self.selected = 0;
                }
                OverlayResult::Keep
            }
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let rect = centered(area, 64, area.height.saturating_sub(4).clamp(6, 18));
        f.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Command ", theme.title()))
            .border_style(theme.border(true));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        let (line, cursor) = self.input.prompt_line(
            Span::styled(": ", theme.key()),
            (inner.x, inner.y, inner.width),
            ("type to filter actions", theme.dim()),
        );
        let mut lines = vec![line];
        let room = usize::from(inner.height.saturating_sub(1));
        let matches = self.matches();
        let start = self.selected.saturating_sub(room.saturating_sub(1));
        for (i, b) in matches.iter().enumerate().skip(start).take(room) {
            let style = if i == self.selected {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            let key = b.keys[0].label();
            let pad = usize::from(inner.width)
                .saturating_sub(b.help.chars().count() + key.chars().count() + 3);
            lines.push(Line::from(vec![
                Span::styled(format!(" {}{} ", b.help, " ".repeat(pad)), style),
                Span::styled(key, theme.key()),
            ]));
        }
        if matches.is_empty() {
            lines.push(Line::from(Span::styled(" no action matches", theme.dim())));
        }
        f.render_widget(Paragraph::new(lines), inner);
        f.set_cursor_position(cursor);
    }
}
