//! What a merge will do, before it is written: the merged contact field by
//! field, where each disputed value comes from and what is dropped, what
//! moves onto the contact that stays. Enter merges, Esc cancels.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{OverlayResult, centered};
use crate::domain::contact::Contact;
use crate::domain::text::printable;
use crate::ops::merge::MergePlan;
use crate::tui::effect::Effect;
use crate::tui::theme::Theme;
use crate::tui::widgets;

pub struct MergePreview {
    pub plan: Box<MergePlan>,
    scroll: u16,
}

impl MergePreview {
    pub fn new(plan: Box<MergePlan>) -> Self {
        MergePreview { plan, scroll: 0 }
    }

    /// The contacts to merge, the one that stays first.
    pub fn ids(&self) -> Vec<i64> {
        std::iter::once(self.plan.survivor.id)
            .chain(self.plan.absorbed.iter().map(|c| c.id))
            .collect()
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> OverlayResult {
        match key.code {
            KeyCode::Enter | KeyCode::Char('y') => {
                OverlayResult::Effects(vec![Effect::Merge(self.ids())])
            }
            KeyCode::Esc | KeyCode::Char('q' | 'n') => OverlayResult::Close,
            KeyCode::Char('j') | KeyCode::Down => {
                self.scroll = self.scroll.saturating_add(1);
                OverlayResult::Keep
            }
            KeyCode::Char('k') | KeyCode::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                OverlayResult::Keep
            }
            _ => OverlayResult::Keep,
        }
    }

    fn lines(&self, theme: Theme) -> Vec<Line<'static>> {
        let plan = &self.plan;
        let survivor = plan.survivor.id;
        let mut lines = vec![Line::from(Span::styled(
            format!("{} contacts become #{survivor}:", plan.absorbed.len() + 1),
            theme.title(),
        ))];
        // Single values, each with the contact it comes from.
        for f in &plan.fields {
            let label = f.key.as_deref().unwrap_or(f.field).replace('_', " ");
            let from = if f.from == survivor {
                theme.dim()
            } else {
                theme.ok()
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<12}", widgets::cut(&label, 11)), theme.label()),
                Span::raw(printable(&f.value).into_owned()),
                Span::styled(format!("  from #{}", f.from), from),
            ]));
            let dropped = plan
                .choices
                .iter()
                .filter(|c| c.field == f.field && c.key == f.key)
                .flat_map(|c| c.dropped.iter());
            for (id, value) in dropped {
                lines.push(Line::from(Span::styled(
                    format!("  {:<12}drops “{}” of #{id}", "", printable(value)),
                    theme.warn(),
                )));
            }
        }
        // Every e-mail, phone and tag of them all is kept.
        for (label, values) in lists(&plan.result) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {label:<12}"), theme.label()),
                Span::raw(printable(&values).into_owned()),
            ]));
        }
        lines.push(Line::default());
        lines.push(Line::from(format!(
            "Moves {} and {} onto #{survivor}.",
            plural(plan.interactions, "interaction"),
            plural(plan.follow_ups, "follow-up"),
        )));
        for c in &plan.absorbed {
            lines.push(Line::from(Span::styled(
                format!("Merged away: #{} {}", c.id, printable(&c.name)),
                theme.dim(),
            )));
        }
        lines
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let rect = centered(area, 76, area.height.saturating_sub(2).max(8));
        f.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Merge: the result ", theme.title()))
            .title_bottom(Line::from(vec![
                Span::styled(" Enter", theme.key()),
                Span::styled(" merges (u undoes)  ", Style::new()),
                Span::styled("Esc", theme.key()),
                Span::styled(" cancels  ", Style::new()),
                Span::styled("j/k", theme.key()),
                Span::styled(" scroll ", Style::new()),
            ]))
            .border_style(theme.border(true));
        f.render_widget(
            Paragraph::new(self.lines(theme))
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0))
                .block(block),
            rect,
        );
    }
}

/// The merged contact's lists that are not empty: e-mails, phones, tags.
fn lists(c: &Contact) -> Vec<(&'static str, String)> {
    let phones: Vec<&str> = c
        .phones
        .iter()
        .map(crate::domain::phone::Phone::display)
        .collect();
    [
        ("e-mails", c.emails.join(", ")),
        ("phones", phones.join(", ")),
        ("tags", c.tags.join(", ")),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect()
}

/// "1 interaction", "3 follow-ups", "no follow-ups".
fn plural(n: usize, word: &str) -> String {
    match n {
        0 => format!("no {word}s"),
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    }
}
