//! A one-line prompt: tags to add or remove, or a snooze date with a live
//! preview of how the date reads.

use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{OverlayResult, centered};
use crate::domain::contact::{ContactInput, parse_tag_changes};
use crate::domain::dates::{Tense, parse_when};
use crate::domain::interaction::{Direction, InteractionKind, NewInteraction};
use crate::tui::effect::Effect;
use crate::tui::theme::Theme;
use crate::tui::widgets::text_input::TextInput;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptFor {
    Tag(i64),
    Snooze(i64),
    /// What an interaction with this contact was about (empty: no text).
    LogText {
        contact_id: i64,
        kind: InteractionKind,
    },
}

pub struct Prompt {
    pub purpose: PromptFor,
    pub input: TextInput,
}

impl Prompt {
    pub fn new(purpose: PromptFor) -> Self {
        Prompt {
            purpose,
            input: TextInput::default(),
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent, now: NaiveDateTime) -> OverlayResult {
        match key.code {
            KeyCode::Esc => OverlayResult::Close,
            KeyCode::Enter => self.submit(now),
            _ => {
                self.input.handle(key);
                OverlayResult::Keep
            }
        }
    }

    fn submit(&self, now: NaiveDateTime) -> OverlayResult {
        let text = self.input.value().trim();
        match self.purpose {
            PromptFor::Snooze(id) => match parse_when(text, now, Tense::Future) {
                Ok(when) => OverlayResult::Effects(vec![Effect::Snooze(id, when)]),
                Err(e) => {
                    OverlayResult::Error(e.to_string().lines().next().unwrap_or("").to_string())
                }
            },
            PromptFor::Tag(id) => {
                let mut input = ContactInput::default();
                match parse_tag_changes(text) {
                    Ok((add, remove)) => (input.tags, input.untag) = (add, remove),
                    Err(e) => return OverlayResult::Error(e.to_string()),
                }
                if input.tags.is_empty() && input.untag.is_empty() {
                    return OverlayResult::Error("type a tag, or -tag to remove one".into());
                }
                OverlayResult::Effects(vec![Effect::EditContact { id, input }])
            }
            PromptFor::LogText { contact_id, kind } => OverlayResult::Effects(vec![Effect::Log(
                new_interaction(contact_id, kind, text, now),
            )]),
        }
    }

    /// The live reading of the input, for the snooze preview.
    pub fn preview(&self, now: NaiveDateTime) -> Option<Result<String, String>> {
        match self.purpose {
            PromptFor::Snooze(_) if !self.input.value().trim().is_empty() => Some(
                parse_when(self.input.value(), now, Tense::Future)
                    .map(|w| w.describe())
                    .map_err(|e| e.reason),
            ),
            _ => None,
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: Theme, now: NaiveDateTime) {
        let (title, help) = match self.purpose {
            PromptFor::Tag(_) => (
                "Tag",
                "tags to add; -tag removes  (Enter saves, Esc cancels)",
            ),
            PromptFor::Snooze(_) => (
                "Snooze until",
                "tomorrow, in 3 days, next mon, dec 1…  (Enter)",
            ),
            PromptFor::LogText { kind, .. } => (
                match kind {
                    InteractionKind::Call => "What was the call about?",
                    InteractionKind::Email => "What was the email about?",
                    InteractionKind::Meeting => "What was the meeting about?",
                    InteractionKind::Message => "What was the message about?",
                    _ => "The note",
                },
                "Enter logs it (empty: without text) · Esc cancels",
            ),
        };
        let rect = centered(area, 60, 5);
        f.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {title} "), theme.title()))
            .border_style(theme.border(true));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        let (line, cursor) = self.input.prompt_line(
            Span::styled("> ", theme.key()),
            (inner.x, inner.y, inner.width),
            ("", theme.dim()),
        );
        let mut lines = vec![line];
        lines.push(match self.preview(now) {
            Some(Ok(text)) => Line::from(Span::styled(format!("  → {text}"), theme.ok())),
            Some(Err(text)) => Line::from(Span::styled(format!("  {text}"), theme.error())),
            None => Line::default(),
        });
        lines.push(Line::from(Span::styled(help, theme.dim())));
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        f.set_cursor_position(cursor);
    }
}

/// An interaction with `contact_id` happening now: outgoing unless a note.
pub fn new_interaction(
    contact_id: i64,
    kind: InteractionKind,
    text: &str,
    now: NaiveDateTime,
) -> NewInteraction {
    NewInteraction {
        contact_id,
        kind,
        direction: (kind != InteractionKind::Note).then_some(Direction::Out),
        at: now.format("%Y-%m-%d %H:%M:%S").to_string(),
        text: text.to_string(),
        amount: None,
        rating: None,
        nps: None,
    }
}

/// A bordered box with a few lines of text, centred.
pub fn render_box(f: &mut Frame, area: Rect, theme: Theme, title: &str, lines: &[&str]) {
    let width = lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(20)
        .clamp(30, 70) as u16
        + 4;
    // Count wrapped rows, so a long message never pushes the keys out of the box.
    let rows: usize = lines
        .iter()
        .map(|l| wrapped_rows(l, usize::from(width - 2)))
        .sum();
    let rect = centered(area, width, rows as u16 + 2);
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), theme.title()))
        .border_style(theme.border(true));
    // The lines quote names and notes: stored text, made printable.
    let text: Vec<Line> = lines
        .iter()
        .map(|l| Line::from(crate::domain::text::printable(l).into_owned()))
        .collect();
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: false }).block(block),
        rect,
    );
}

/// How many rows `text` takes when word-wrapped to `width` (as `Wrap` does).
fn wrapped_rows(text: &str, width: usize) -> usize {
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let n = word.chars().count();
        let need = if used == 0 { n } else { used + 1 + n };
        if need <= width {
            used = need;
        } else {
            rows += 1 + n.saturating_sub(1) / width.max(1);
            used = n % width.max(1);
        }
    }
    rows
}
