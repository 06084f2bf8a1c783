//! A form: labelled one-line fields, one focused, each with an optional
//! inline error or live hint (how a date reads, who a contact is).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text_input::TextInput;
use crate::domain::text::printable;
use crate::tui::theme::Theme;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// One of a few words; ← / → cycle through them.
    Choice(&'static [&'static str]),
    /// A contact, picked from fuzzy suggestions.
    Contact,
}

#[derive(Clone, Debug)]
pub struct Field {
    pub label: &'static str,
    pub kind: FieldKind,
    pub input: TextInput,
    pub required: bool,
    pub placeholder: &'static str,
    pub error: Option<String>,
    /// A live reading of the value, shown when there is no error.
    pub hint: Option<String>,
}

impl Field {
    pub fn text(label: &'static str, placeholder: &'static str) -> Self {
        Field {
            label,
            kind: FieldKind::Text,
            input: TextInput::default(),
            required: false,
            placeholder,
            error: None,
            hint: None,
        }
    }

    pub fn choice(label: &'static str, options: &'static [&'static str], initial: &str) -> Self {
        Field {
            kind: FieldKind::Choice(options),
            input: TextInput::new(initial),
            ..Field::text(label, "")
        }
    }

    pub fn contact(label: &'static str) -> Self {
        Field {
            kind: FieldKind::Contact,
            required: true,
            ..Field::text(label, "type a name, ↑/↓ to pick")
        }
    }

    #[must_use]
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    #[must_use]
    pub fn with(mut self, value: &str) -> Self {
        self.input.set(value);
        self
    }

    pub fn value(&self) -> &str {
        self.input.value().trim()
    }

    /// Handles an editing key; returns whether the value changed.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        if let FieldKind::Choice(options) = self.kind {
            let step: isize = match key.code {
                KeyCode::Left => -1,
                KeyCode::Right | KeyCode::Char(' ') => 1,
                _ => 0,
            };
            if step != 0 {
                let i = options
                    .iter()
                    .position(|o| *o == self.value())
                    .map_or(0, |i| i as isize);
                let n = options.len() as isize;
                self.input.set(options[((i + step).rem_euclid(n)) as usize]);
                self.error = None;
                return true;
            }
        }
        let changed = self.input.handle(key);
        if changed {
            self.error = None;
        }
        changed
    }
}

/// Draws the fields from `area.y` (from the first that keeps the focused one
/// in view); returns the focused field's row and cursor.
pub fn render(
    f: &mut Frame,
    area: Rect,
    fields: &[Field],
    focus: Option<usize>,
    theme: Theme,
) -> Option<(u16, Position)> {
    const LABEL: usize = 15;
    let width = usize::from(area.width);
    // The input takes the width left after the label and room for the
    // inline hint or error: wide terminals show long values whole.
    let avail = width.saturating_sub(LABEL);
    let input_w = avail
        .saturating_sub((avail * 2 / 5).clamp(20, 44))
        .max(avail.min(12));
    let mut focused = None;
    // A form taller than its room scrolls to keep the focused field in view.
    let rows = usize::from(area.height);
    let skip = focus.map_or(0, |i| (i + 1).saturating_sub(rows));
    for (i, field) in fields.iter().enumerate().skip(skip) {
        let y = area.y + (i - skip) as u16;
        if y >= area.y + area.height {
            break;
        }
        let is_focus = focus == Some(i);
        let marker = if field.required { "*" } else { " " };
        let label_style = if is_focus { theme.key() } else { theme.label() };
        let mut spans = vec![Span::styled(
            format!("{marker}{:<w$}", field.label, w = LABEL - 1),
            label_style,
        )];
        let x = area.x + LABEL as u16;
        let style = if is_focus {
            theme.selected()
        } else {
            Style::new()
        };
        // A message too long for its room takes room from this row's input,
        // down to what the value needs.
        let message = field.error.as_ref().or(field.hint.as_ref());
        let needed = message.map_or(0, |m| m.chars().count() + 1);
        let room = width.saturating_sub(LABEL + input_w + 1);
        let row_w = if needed > room {
            let value = field.input.value().chars().count() + 2;
            input_w
                .saturating_sub(needed - room)
                .max(value.min(input_w))
                .max(input_w.min(12))
        } else {
            input_w
        };
        let (line, cursor) = if is_focus || field.input.value().is_empty() {
            field
                .input
                .line(x, y, row_w, style, (field.placeholder, theme.dim()))
        } else {
            // At rest a long value shows its start, cut with an ellipsis.
            let text = crate::tui::widgets::cut(&printable(field.input.value()), row_w);
            (Line::from(Span::styled(text, style)), Position::new(x, y))
        };
        let shown: usize = line.spans.iter().map(|s| s.content.chars().count()).sum();
        spans.extend(line.spans);
        spans.push(Span::styled(" ".repeat(row_w.saturating_sub(shown)), style));
        if let FieldKind::Choice(options) = field.kind
            && is_focus
            && field.error.is_none()
        {
            spans.push(Span::styled(
                format!(" ←→ {}", options.join("/")),
                theme.dim(),
            ));
        }
        let room = width.saturating_sub(LABEL + row_w + 1);
        if let Some(err) = &field.error {
            spans.push(Span::styled(
                format!(" {}", crate::tui::widgets::cut(err, room)),
                theme.error(),
            ));
        } else if let Some(hint) = &field.hint {
            spans.push(Span::styled(
                format!(" {}", crate::tui::widgets::cut(hint, room)),
                theme.ok(),
            ));
        }
        f.render_widget(
            Paragraph::new(Line::from(spans)),
            Rect::new(area.x, y, area.width, 1),
        );
        if is_focus {
            focused = Some((y, cursor));
        }
    }
    focused
}
