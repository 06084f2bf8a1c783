//! The contact picker: suggestions under a contact field, each row showing
//! enough to tell namesakes apart (name, organisation, first e-mail, id),
//! cut with `…` to the width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::cut;
use crate::domain::search::SearchDoc;
use crate::domain::text::printable;
use crate::tui::theme::Theme;

/// One suggested contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub id: i64,
    pub name: String,
    pub org: Option<String>,
    pub email: Option<String>,
}

impl Suggestion {
    pub fn of(doc: &SearchDoc) -> Self {
        Suggestion {
            id: doc.id,
            name: doc.name.clone(),
            org: doc.org.clone().filter(|o| !o.trim().is_empty()),
            email: doc.emails.first().cloned(),
        }
    }

    /// `Name · Org · email`, cut to leave room for ` #id` at the right.
    pub fn row(&self, width: usize) -> String {
        let mut text = printable(&self.name).into_owned();
        for part in [&self.org, &self.email].into_iter().flatten() {
            text.push_str(" · ");
            text.push_str(&printable(part));
        }
        let id = format!(" #{}", self.id);
        let room = width.saturating_sub(id.chars().count());
        let text = cut(&text, room);
        let pad = room.saturating_sub(text.chars().count());
        format!("{text}{}{id}", " ".repeat(pad))
    }
}

/// The widest a picker gets: wide enough for a name, an org and an e-mail.
pub const MAX_WIDTH: u16 = 72;

/// Draws the suggestions in a box at the top of `area`, `selected` highlighted.
pub fn render(
    f: &mut Frame,
    area: Rect,
    suggestions: &[Suggestion],
    selected: usize,
    theme: Theme,
) {
    if suggestions.is_empty() || area.height < 3 || area.width < 10 {
        return;
    }
    let h = (suggestions.len() as u16 + 2).min(area.height);
    let rect = Rect::new(area.x, area.y, area.width, h);
    f.render_widget(Clear, rect);
    let inner = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = suggestions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let style = if i == selected {
                theme.selected()
            } else {
                Style::new()
            };
            Line::from(Span::styled(s.row(inner), style))
        })
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title_bottom(Span::styled(" ↑↓ pick · Enter/Tab choose ", theme.dim()));
    f.render_widget(Paragraph::new(lines).block(block), rect);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sophie(org: Option<&str>, email: Option<&str>) -> Suggestion {
        Suggestion {
            id: 1234,
            name: "Sophie Hoffmann".into(),
            org: org.map(str::to_string),
            email: email.map(str::to_string),
        }
    }

    #[test]
    fn a_row_shows_org_email_and_id_cut_to_the_width() {
        let s = sophie(Some("Acme"), Some("sophie@acme.io"));
        assert_eq!(
            s.row(50),
            "Sophie Hoffmann · Acme · sophie@acme.io      #1234"
        );
        let narrow = s.row(30);
        assert_eq!(narrow, "Sophie Hoffmann · Acme … #1234");
        assert_eq!(narrow.chars().count(), 30);
        assert_eq!(sophie(None, None).row(24), "Sophie Hoffmann    #1234");
    }

    #[test]
    fn stored_escapes_are_not_written_raw() {
        let s = sophie(Some("Acme\u{1b}[31mRED"), None);
        assert!(!s.row(60).contains('\u{1b}'));
    }
}
