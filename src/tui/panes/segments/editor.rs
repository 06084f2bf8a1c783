//! The save form: a name, an optional description, and live or static.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::effect::Effect;
use crate::tui::overlays::centered;
use crate::tui::theme::Theme;
use crate::tui::widgets::text_input::TextInput;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveForm {
    pub name: TextInput,
    pub description: TextInput,
    /// The description has the focus (else the name).
    pub on_description: bool,
    pub is_static: bool,
    /// What is wrong with the form as submitted.
    pub error: Option<String>,
}

pub enum FormResult {
    Keep,
    Cancel,
    Save(Box<Effect>),
}

impl SaveForm {
    pub fn new(is_static: bool) -> Self {
        SaveForm {
            name: TextInput::default(),
            description: TextInput::default(),
            on_description: false,
            is_static,
            error: None,
        }
    }

    /// Tab moves between the fields, C-t switches live and static, Enter
    /// saves `query`, Esc gives up.
    pub fn handle(&mut self, key: &KeyEvent, query: &str) -> FormResult {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return FormResult::Cancel,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.on_description = !self.on_description;
            }
            KeyCode::Char('t') if ctrl => self.is_static = !self.is_static,
            KeyCode::Enter => {
                let name = self.name.value().trim();
                if name.is_empty() {
                    self.error = Some("a segment needs a name".into());
                    self.on_description = false;
                    return FormResult::Keep;
                }
                self.error = None;
                return FormResult::Save(Box::new(Effect::SaveSegment {
                    name: name.to_string(),
                    query: query.to_string(),
                    is_static: self.is_static,
                    description: self.description.value().trim().to_string(),
                }));
            }
            _ => {
                let field = if self.on_description {
                    &mut self.description
                } else {
                    &mut self.name
                };
                if field.handle(key) {
                    self.error = None;
                }
            }
        }
        FormResult::Keep
    }

    /// Drawn over the pane, in the middle of `area`.
    pub fn render(&self, f: &mut Frame, area: Rect, theme: Theme, query: &str) {
        let width = area.width.saturating_sub(4).min(64);
        let box_area = centered(area, width, 9);
        f.render_widget(Clear, box_area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(true))
            .title(Span::styled(" Save the segment ", theme.title()));
        let inner = block.inner(box_area);
        f.render_widget(block, box_area);
        let w = inner.width;
        let (name, name_cursor) = self.name.prompt_line(
            Span::styled("Name         ", theme.label()),
            (inner.x, inner.y + 1, w),
            ("best-clients", theme.dim()),
        );
        let (desc, desc_cursor) = self.description.prompt_line(
            Span::styled("Description  ", theme.label()),
            (inner.x, inner.y + 2, w),
            ("optional", theme.dim()),
        );
        let kind = if self.is_static {
            "static: the members now, frozen"
        } else {
            "live: re-evaluated on every read"
        };
        let query = crate::tui::widgets::cut(
            &crate::domain::text::printable(query),
            usize::from(w.saturating_sub(13)),
        );
        let mut lines = vec![
            Line::from(vec![
                Span::styled("Query        ", theme.label()),
                Span::raw(query),
            ]),
            name,
            desc,
            Line::from(vec![
                Span::styled("Kind         ", theme.label()),
                Span::raw(kind),
            ]),
            Line::default(),
        ];
        lines.push(match &self.error {
            Some(e) => Line::from(Span::styled(e.clone(), theme.error())),
            None => Line::from(vec![
                Span::styled("Enter", theme.key()),
                Span::styled(" save  ", theme.dim()),
                Span::styled("Tab", theme.key()),
                Span::styled(" field  ", theme.dim()),
                Span::styled("C-t", theme.key()),
                Span::styled(" live/static  ", theme.dim()),
                Span::styled("Esc", theme.key()),
                Span::styled(" cancel", theme.dim()),
            ]),
        });
        f.render_widget(Paragraph::new(lines), inner);
        f.set_cursor_position(if self.on_description {
            desc_cursor
        } else {
            name_cursor
        });
    }
}
