//! Reading one timeline entry whole: a note written in $EDITOR, a long
//! email, with its kind, date and amount. Scrolls; Esc closes.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{OverlayResult, centered};
use crate::domain::interaction::{Direction, Interaction};
use crate::domain::text::{printable, printable_multiline};
use crate::tui::theme::Theme;

pub struct EntryView {
    pub entry: Interaction,
    /// Whom it was with.
    pub name: String,
    scroll: u16,
    /// Lines that fit, from the last draw (for paging).
    page: u16,
}

impl EntryView {
    pub fn new(entry: Interaction, name: &str) -> Self {
        EntryView {
            entry,
            name: name.to_string(),
            scroll: 0,
            page: 10,
        }
    }

    pub fn scroll(&self) -> u16 {
        self.scroll
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> OverlayResult {
        let page = self.page.max(1);
        self.scroll = match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter | KeyCode::Left => {
                return OverlayResult::Close;
            }
            KeyCode::Char('j') | KeyCode::Down => self.scroll.saturating_add(1),
            KeyCode::Char('k') | KeyCode::Up => self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll.saturating_add(page),
            KeyCode::PageUp => self.scroll.saturating_sub(page),
            KeyCode::Char('g') | KeyCode::Home => 0,
            // Clamped to the end when drawn.
            KeyCode::Char('G') | KeyCode::End => u16::MAX,
            _ => self.scroll,
        };
        OverlayResult::Keep
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: Theme) {
        let rect = centered(
            area,
            area.width.saturating_sub(4).min(84),
            area.height.saturating_sub(2).max(6),
        );
        f.render_widget(Clear, rect);
        let i = &self.entry;
        let title = format!(" {} · {} ", printable(&self.name), i.kind);
        let mut head = vec![Span::styled(i.at.clone(), theme.dim())];
        if let Some(d) = i.direction {
            head.push(Span::raw(match d {
                Direction::In => "  ← in",
                Direction::Out => "  → out",
            }));
        }
        if let Some(m) = &i.amount {
            head.push(Span::styled(format!("  {m}"), theme.ok()));
        }
        if let Some(r) = i.rating {
            head.push(Span::styled(format!("  ★{r}/5"), theme.ok()));
        }
        if let Some(n) = i.nps {
            head.push(Span::styled(format!("  NPS {n}"), theme.ok()));
        }
        let text = i.body.as_deref().unwrap_or(&i.summary);
        let mut lines = vec![Line::from(head), Line::default()];
        lines.extend(
            printable_multiline(text)
                .lines()
                // A tab would leave cells the terminal draws over: spaces.
                .map(|l| Line::from(l.replace('\t', "    "))),
        );
        let inner_h = rect.height.saturating_sub(2);
        let inner_w = rect.width.saturating_sub(2);
        let para = Paragraph::new(lines).wrap(Wrap { trim: false });
        let total = u16::try_from(para.line_count(inner_w)).unwrap_or(u16::MAX);
        self.page = inner_h.saturating_sub(1);
        self.scroll = self.scroll.min(total.saturating_sub(inner_h));
        let shown_to = (self.scroll + inner_h).min(total);
        let position = if total > inner_h {
            format!(" {}–{shown_to} of {total} · ", self.scroll + 1)
        } else {
            " ".to_string()
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, theme.title()))
            .title_bottom(Span::styled(
                format!("{position}j/k PgUp/PgDn scroll · Esc close "),
                theme.dim(),
            ))
            .border_style(theme.border(true));
        f.render_widget(para.block(block).scroll((self.scroll, 0)), rect);
    }
}
