//! Follow-ups: overdue, today and upcoming follow-ups, stay-in-touch lapses
//! and birthdays, in sections. Done offers to log the interaction; snooze
//! takes a natural date; Enter jumps to the contact.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use chrono::NaiveDate;

use crate::domain::remind::Item;
use crate::domain::text::printable;
use crate::ops::remind::Agenda;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::theme::Theme;
use crate::tui::widgets;

#[derive(Default)]
pub struct FollowUpsPane {
    sections: Vec<(&'static str, Vec<Item>)>,
    /// Index into the flattened items.
    pub selected: usize,
    loaded: bool,
    page: usize,
}

impl FollowUpsPane {
    pub fn set(&mut self, agenda: Agenda) {
        let keep = self.selected().map(|i| i.key.clone());
        self.sections = vec![
            ("Overdue", agenda.overdue),
            ("Today", agenda.today),
            ("Stay in touch", agenda.stay_in_touch),
            ("Birthdays", agenda.birthdays),
            ("Upcoming", agenda.upcoming),
        ];
        self.loaded = true;
        let total = self.len();
        self.selected = keep
            .and_then(|k| self.items().position(|i| i.key == k))
            .unwrap_or(self.selected)
            .min(total.saturating_sub(1));
    }

    fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|(_, items)| items.iter())
    }

    fn len(&self) -> usize {
        self.sections.iter().map(|(_, i)| i.len()).sum()
    }

    pub fn selected(&self) -> Option<&Item> {
        self.items().nth(self.selected)
    }

    pub fn update(&mut self, action: &Action) -> Vec<Effect> {
        let last = self.len().saturating_sub(1);
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::PageUp => self.selected.saturating_sub(self.page.max(1)),
            Action::PageDown => (self.selected + self.page.max(1)).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.selected,
        };
        Vec::new()
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: Theme, today: NaiveDate) {
        let counts: Vec<String> = self
            .sections
            .iter()
            .filter(|(_, items)| !items.is_empty())
            .map(|(name, items)| format!("{} {name}", items.len()))
            .collect();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(true))
            .title(Span::styled(" Follow-ups ", theme.title()))
            .title_top(
                Line::from(Span::styled(
                    format!(" {} ", counts.join(" · ")),
                    theme.dim(),
                ))
                .right_aligned(),
            );
        let inner = block.inner(area);
        f.render_widget(block, area);
        if !self.loaded {
            f.render_widget(Paragraph::new(Span::styled("loading…", theme.dim())), inner);
            return;
        }
        if self.len() == 0 {
            let lines = vec![
                Line::from("Nothing due. Nice."),
                Line::default(),
                Line::from(vec![
                    Span::styled("f", theme.key()),
                    Span::raw(" adds a follow-up; from a shell:"),
                ]),
                Line::from(Span::styled(
                    "  kith follow-up jane \"next fri\" \"send the proposal\"",
                    theme.dim(),
                )),
            ];
            f.render_widget(Paragraph::new(lines), inner);
            return;
        }
        let mut lines: Vec<Line> = Vec::new();
        let mut selected_line = 0;
        let mut n = 0;
        for (name, items) in &self.sections {
            if items.is_empty() {
                continue;
            }
            if !lines.is_empty() {
                lines.push(Line::default());
            }
            lines.push(Line::from(Span::styled(
                format!("{name} ({})", items.len()),
                theme.title(),
            )));
            for item in items {
                if n == self.selected {
                    selected_line = lines.len();
                }
                lines.push(item_line(
                    item,
                    n == self.selected,
                    today,
                    usize::from(inner.width),
                    theme,
                ));
                n += 1;
            }
        }
        let height = usize::from(inner.height);
        self.page = height.saturating_sub(2);
        let offset = selected_line.saturating_sub(height.saturating_sub(2));
        f.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
    }
}

fn item_line(
    item: &Item,
    selected: bool,
    today: NaiveDate,
    width: usize,
    theme: Theme,
) -> Line<'static> {
    let base = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    let days = (item.due.date - today).num_days();
    let when = match days {
        d if d < 0 => format!("{}d late", -d),
        0 => "today".into(),
        1 => "tomorrow".into(),
        d if d < 7 => item.due.date.format("%a").to_string(),
        _ => item.due.date.format("%-d %b").to_string(),
    };
    let when_style = match days.cmp(&0) {
        std::cmp::Ordering::Less => theme.error(),
        std::cmp::Ordering::Equal => theme.warn(),
        std::cmp::Ordering::Greater => theme.dim_on(selected),
    };
    let time = item
        .due
        .time
        .map(|t| t.format(" %H:%M").to_string())
        .unwrap_or_default();
    // Only contact ids carry a `#` on screen; a follow-up is picked by its row.
    let text = format!(
        "{} {}",
        widgets::pad(&printable(&item.contact), 22),
        printable(&item.note)
    );
    let text = widgets::cut(&text, width.saturating_sub(12));
    let used = 12 + widgets::width(&text);
    Line::from(vec![
        Span::styled(
            format!("  {:<10}", format!("{when}{time}")),
            base.patch(when_style),
        ),
        Span::styled(text, base),
        Span::styled(" ".repeat(width.saturating_sub(used)), base),
    ])
}

#[cfg(test)]
mod tests {
    use insta::assert_snapshot;

    use crate::domain::remind::ItemKind;
    use crate::tui::action::PaneId;
    use crate::tui::testing::Harness;

    #[test]
    fn nothing_due() {
        let mut h = Harness::empty();
        h.keys("3");
        assert_snapshot!(h.screen(80, 24).backend());
    }

    #[test]
    fn demo_sections() {
        let mut h = Harness::demo();
        h.keys("3");
        assert_snapshot!(h.screen(80, 24).backend());
        // Only contact ids carry a `#`: no follow-up id poses as one.
        let wide = h.text(120, 36);
        assert!(!wide.contains('#'), "{wide}");
        assert_snapshot!("demo_sections_120x36", h.screen(120, 36).backend());
    }

    #[test]
    fn done_offers_to_log_the_call() {
        let mut h = Harness::demo();
        h.keys("3");
        let item = h.app.follow_ups.selected().cloned().expect("an item");
        assert_eq!(item.kind, ItemKind::FollowUp);
        h.keys("d");
        assert_snapshot!(h.screen(80, 24).backend());
        h.keys("c");
        let fu =
            h.rt.ctx
                .store
                .db()
                .follow_up(item.follow_up_id.expect("id"))
                .expect("db")
                .expect("row");
        assert!(
            fu.done_at.is_some() || fu.due != item.due,
            "closed or moved on"
        );
        let last = h.timeline(item.contact_id, Some(1));
        assert_eq!(last[0].kind.as_str(), "call");
        assert_eq!(last[0].summary, item.note);
    }

    #[test]
    fn a_long_row_ends_with_an_ellipsis() {
        let mut h = Harness::demo();
        let id = h.app.contacts.selected_id().expect("selected");
        let note = "prepare the quarterly business review with the numbers from every region";
        crate::ops::follow_up::add_follow_up(
            &mut h.rt.ctx,
            id,
            crate::domain::dates::When::day(Harness::start_time().date()),
            note,
            None,
        )
        .expect("follow-up");
        h.keys("3");
        let text = h.text(80, 24);
        let row = text
            .lines()
            .find(|l| l.contains("prepare the quarterly"))
            .expect("the row");
        assert!(row.ends_with("…│\""), "{row}");
        assert!(h.text(120, 36).contains(note), "whole when it fits");
    }

    /// Selects the first stay-in-touch lapse; returns it.
    fn select_lapse(h: &mut Harness) -> crate::domain::remind::Item {
        h.keys("3");
        for _ in 0..50 {
            match h.app.follow_ups.selected() {
                Some(i) if i.kind == ItemKind::StayInTouch => return i.clone(),
                _ => h.keys("j"),
            }
        }
        panic!("no stay-in-touch lapse in the demo")
    }

    #[test]
    fn done_on_a_lapse_asks_what_the_call_was_about() {
        let mut h = Harness::demo();
        let item = select_lapse(&mut h);
        h.keys("d");
        assert_snapshot!("lapse_log_choice", h.screen(80, 24).backend());
        h.keys("c");
        assert_snapshot!("lapse_call_prompt_80x24", h.screen(80, 24).backend());
        assert_snapshot!("lapse_call_prompt_120x36", h.screen(120, 36).backend());
        let before = h.timeline(item.contact_id, None).len();
        h.keys("talked about the renewal<Enter>");
        let last = h.timeline(item.contact_id, None);
        assert_eq!(last.len(), before + 1);
        assert_eq!(last[0].kind.as_str(), "call");
        assert_eq!(last[0].summary, "talked about the renewal");
        assert!(!last[0].summary.contains("no contact for"));
    }

    #[test]
    fn done_on_a_lapse_with_no_text_logs_the_call_without_one() {
        let mut h = Harness::demo();
        let item = select_lapse(&mut h);
        h.keys("dm<Enter>");
        let last = h.timeline(item.contact_id, Some(1));
        assert_eq!(last[0].kind.as_str(), "meeting");
        assert_eq!(last[0].summary, "");
        assert_eq!(last[0].body, None);
        assert_ne!(item.note, "", "the lapse had words of its own");
    }

    #[test]
    fn esc_on_the_lapse_prompt_logs_nothing() {
        let mut h = Harness::demo();
        let item = select_lapse(&mut h);
        let count = |h: &Harness| h.timeline(item.contact_id, None).len();
        let before = count(&h);
        h.keys("dcsome words<Esc>");
        assert!(h.app.overlay.is_none());
        assert_eq!(count(&h), before);
    }

    #[test]
    fn snooze_moves_it_and_enter_opens_the_contact() {
        let mut h = Harness::demo();
        h.keys("3");
        let item = h.app.follow_ups.selected().cloned().expect("an item");
        h.keys("zin 3 days");
        assert!(h.text(80, 24).contains("Thu 26 Nov 2026"));
        h.keys("<Enter>");
        let fu =
            h.rt.ctx
                .store
                .db()
                .follow_up(item.follow_up_id.expect("id"))
                .expect("db")
                .expect("row");
        assert_eq!(fu.effective_due().to_storage(), "2026-11-26");
        h.keys("g<Enter>");
        assert_eq!(h.app.active, PaneId::Contacts);
        let selected = h.app.follow_ups.selected().expect("item").contact_id;
        assert_eq!(
            h.app.contacts.detail.as_ref().map(|d| d.contact.id),
            Some(selected)
        );
    }
}
