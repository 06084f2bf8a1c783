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
        let mut lines = vec![Line::from(Span::styled(
            format!(
                "{} contacts become #{}:",
                plan.absorbed.len() + 1,
                plan.survivor.id
            ),
            theme.title(),
        ))];
        for (label, value) in fields(&plan.result) {
            let choice = plan.choices.iter().find(|c| c.field == label);
            let mut spans = vec![
                Span::styled(format!("  {label:<9}"), theme.label()),
                Span::raw(printable(&value).into_owned()),
            ];
            if let Some(c) = choice {
                spans.push(Span::styled(format!("  (from #{})", c.from), theme.dim()));
            }
            lines.push(Line::from(spans));
            for (id, dropped) in choice.map_or(&[][..], |c| c.dropped.as_slice()) {
                lines.push(Line::from(Span::styled(
                    format!("  {:<9}drops “{}” of #{id}", "", printable(dropped)),
                    theme.warn(),
                )));
            }
        }
        // A disputed field the result leaves empty still says what it drops.
        for c in &plan.choices {
            if fields(&plan.result).iter().any(|(l, _)| *l == c.field) {
                continue;
            }
            for (id, dropped) in &c.dropped {
                lines.push(Line::from(Span::styled(
                    format!("  {:<9}drops “{}” of #{id}", c.field, printable(dropped)),
                    theme.warn(),
                )));
            }
        }
        lines.push(Line::default());
        lines.push(Line::from(format!(
            "Moves {} and {} onto #{}.",
            plural(plan.interactions, "interaction"),
            plural(plan.follow_ups, "follow-up"),
            plan.survivor.id
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

/// The merged contact's fields that have a value, as label and text.
fn fields(c: &Contact) -> Vec<(&'static str, String)> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let phones: Vec<&str> = c
        .phones
        .iter()
        .map(crate::domain::phone::Phone::display)
        .collect();
    let place: Vec<&str> = [
        c.city.as_deref(),
        c.postcode.as_deref(),
        c.country.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let extra: Vec<String> = c.fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    [
        ("name", c.name.clone()),
        ("e-mails", c.emails.join(", ")),
        ("phones", phones.join(", ")),
        ("org", opt(&c.org)),
        ("title", opt(&c.title)),
        ("street", opt(&c.street)),
        ("city", place.join(" ")),
        (
            "birthday",
            c.birthday
                .as_ref()
                .map(crate::domain::dates::Birthday::describe)
                .unwrap_or_default(),
        ),
        ("tags", c.tags.join(", ")),
        ("fields", extra.join(", ")),
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
