//! A one-line text input: the value, a cursor, and the usual editing keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Position;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::domain::text::printable;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Cursor position in chars.
    cursor: usize,
}

impl TextInput {
    pub fn new(value: &str) -> Self {
        TextInput {
            value: value.to_string(),
            cursor: value.chars().count(),
        }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    /// The cursor's position, in chars.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, value: &str) {
        *self = TextInput::new(value);
    }

    pub fn clear(&mut self) {
        *self = TextInput::default();
    }

    /// Applies an editing key; returns whether the value changed.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let tail = self.value.chars().skip(self.cursor).collect();
                self.value = tail;
                self.cursor = 0;
                true
            }
            KeyCode::Char('w') if ctrl => self.delete_word(),
            KeyCode::Char('a') if ctrl => {
                self.cursor = 0;
                false
            }
            KeyCode::Char('e') if ctrl => {
                self.cursor = self.len();
                false
            }
            KeyCode::Char(c) if !ctrl => {
                let at = self.byte_at(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
                true
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
                true
            }
            KeyCode::Delete if self.cursor < self.len() => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
                true
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(self.len());
                false
            }
            KeyCode::Home => {
                self.cursor = 0;
                false
            }
            KeyCode::End => {
                self.cursor = self.len();
                false
            }
            _ => false,
        }
    }

    fn delete_word(&mut self) -> bool {
        let chars: Vec<char> = self.value.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1] == ' ' {
            start -= 1;
        }
        while start > 0 && chars[start - 1] != ' ' {
            start -= 1;
        }
        if start == self.cursor {
            return false;
        }
        self.value = chars[..start].iter().chain(&chars[self.cursor..]).collect();
        self.cursor = start;
        true
    }

    fn len(&self) -> usize {
        self.value.chars().count()
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_idx)
            .map_or(self.value.len(), |(i, _)| i)
    }

    /// The visible part of the value for `width` cells, and where the cursor is in it.
    pub fn view(&self, width: usize) -> (String, u16) {
        let width = width.max(1);
        let start = self.cursor.saturating_sub(width - 1);
        let visible: String = self.value.chars().skip(start).take(width).collect();
        (visible, u16::try_from(self.cursor - start).unwrap_or(0))
    }

    /// A line showing the value (or `placeholder` when empty), and the cursor
    /// position to set on the frame when focused.
    pub fn line<'a>(
        &self,
        x: u16,
        y: u16,
        width: usize,
        style: Style,
        placeholder: (&'a str, Style),
    ) -> (Line<'a>, Position) {
        let (visible, cur) = self.view(width);
        let line = if self.value.is_empty() {
            Line::from(Span::styled(placeholder.0, placeholder.1))
        } else {
            // A field may hold stored text: never hand its escapes to the terminal.
            Line::from(Span::styled(printable(&visible).into_owned(), style))
        };
        (line, Position::new(x + cur, y))
    }
}

impl TextInput {
    /// A prompt such as `"/ "` followed by the input, filling a row of
    /// `width` cells from `x`; and where the cursor goes.
    pub fn prompt_line<'a>(
        &self,
        prompt: Span<'a>,
        (x, y, width): (u16, u16, u16),
        placeholder: (&'a str, Style),
    ) -> (Line<'a>, Position) {
        let used = u16::try_from(prompt.content.chars().count()).unwrap_or(0);
        let room = usize::from(width.saturating_sub(used));
        let (line, cursor) = self.line(x + used, y, room, Style::new(), placeholder);
        let mut spans = vec![prompt];
        spans.extend(line.spans);
        (Line::from(spans), cursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut TextInput, code: KeyCode) {
        input.handle(&KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn typing_and_editing_with_accents() {
        let mut t = TextInput::default();
        for c in "Mülr".chars() {
            press(&mut t, KeyCode::Char(c));
        }
        press(&mut t, KeyCode::Left);
        press(&mut t, KeyCode::Char('l'));
        assert_eq!(t.value(), "Müllr");
        press(&mut t, KeyCode::Char('e'));
        assert_eq!(t.value(), "Müller");
        press(&mut t, KeyCode::Backspace);
        press(&mut t, KeyCode::Home);
        press(&mut t, KeyCode::Delete);
        assert_eq!(t.value(), "üllr");
    }

    #[test]
    fn ctrl_w_deletes_a_word() {
        let mut t = TextInput::new("jane doe");
        t.handle(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(t.value(), "jane ");
    }

    #[test]
    fn view_scrolls_to_keep_the_cursor_visible() {
        let t = TextInput::new("abcdefghij");
        assert_eq!(t.view(5), ("ghij".to_string(), 4));
    }
}
