//! A contact's details, open follow-ups and timeline as lines of text.

use ratatui::text::{Line, Span};

use crate::domain::interaction::Direction;
use crate::domain::text::printable;
use crate::tui::effect::Detail;
use crate::tui::theme::Theme;

/// `width` is the room inside the border: timeline entries are cut to one
/// line. `entry` is the selected timeline entry; its line number is returned.
pub fn lines(
    d: &Detail,
    theme: Theme,
    width: usize,
    entry: Option<usize>,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut out = fields(d, theme, width);
    follow_ups(&mut out, d, theme, width);
    let at = timeline(&mut out, d, theme, width, entry);
    (out, at)
}

fn fields(d: &Detail, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let c = &d.contact;
    let id = format!("  #{}", c.id);
    let archived = if c.archived { "  archived" } else { "" };
    // The id and the archived mark stay in view; a long name gives way.
    let room = width.saturating_sub(super::width(&id) + super::width(archived));
    let mut out = vec![Line::from(vec![
        Span::styled(super::cut(&printable(&c.name), room), theme.title()),
        Span::styled(id, theme.dim()),
        Span::styled(archived, theme.warn()),
    ])];
    for (label, value) in c.facts() {
        out.push(Line::from(vec![
            Span::styled(super::pad(&printable(&label), 9) + " ", theme.label()),
            Span::raw(super::cut(&printable(&value), width.saturating_sub(10))),
        ]));
    }
    out
}

fn follow_ups(out: &mut Vec<Line<'static>>, d: &Detail, theme: Theme, width: usize) {
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        format!("Follow-ups ({})", d.follow_ups.len()),
        theme.title(),
    )));
    if d.follow_ups.is_empty() {
        out.push(Line::from(Span::styled(
            "  none open · f adds one",
            theme.dim(),
        )));
    }
    for f in &d.follow_ups {
        let every = f.every.map(|e| format!(" ↻{e}")).unwrap_or_default();
        let due = format!("  {} ", f.effective_due().describe());
        let room = width.saturating_sub(super::width(&due) + super::width(&every));
        out.push(Line::from(vec![
            Span::styled(due, theme.warn()),
            Span::raw(super::cut(&printable(&f.note), room)),
            Span::styled(every, theme.dim()),
        ]));
    }
}

fn timeline(
    out: &mut Vec<Line<'static>>,
    d: &Detail,
    theme: Theme,
    width: usize,
    entry: Option<usize>,
) -> Option<usize> {
    out.push(Line::default());
    let hint = match entry {
        _ if d.timeline.is_empty() => "",
        None => "  Enter: read",
        Some(_) => "  Enter: open · Esc: back",
    };
    out.push(Line::from(vec![
        Span::styled(format!("Timeline ({})", d.timeline.len()), theme.title()),
        Span::styled(hint, theme.dim()),
    ]));
    if d.timeline.is_empty() {
        out.push(Line::from(Span::styled(
            "  nothing logged · l logs an interaction",
            theme.dim(),
        )));
    }
    let mut at = None;
    for (n, i) in d.timeline.iter().enumerate() {
        let arrow = match i.direction {
            Some(Direction::In) => "←",
            Some(Direction::Out) => "→",
            None => "·",
        };
        let extra = scores(i);
        let room = width.saturating_sub(24 + super::width(&extra));
        let more = if i.body.is_some() { " ¶" } else { "" };
        let room = room.saturating_sub(super::width(more));
        let line = Line::from(vec![
            Span::styled(format!("  {} ", &i.at[..i.at.len().min(10)]), theme.dim()),
            Span::styled(format!("{:<9}", i.kind.as_str()), theme.kind(i.kind)),
            Span::raw(format!("{arrow} ")),
            Span::styled(extra, theme.ok()),
            Span::raw(super::cut(&printable(&i.summary), room)),
            Span::styled(more, theme.dim()),
        ]);
        if entry == Some(n) {
            at = Some(out.len());
            out.push(line.patch_style(theme.selected()));
        } else {
            out.push(line);
        }
    }
    at
}

/// What an entry adds before its summary: a purchase's amount, feedback's
/// satisfaction and NPS answer, each said with its scale.
fn scores(i: &crate::domain::interaction::Interaction) -> String {
    let amount = i.amount.as_ref().map(|m| format!("{m} "));
    let rating = i.rating.map(|r| format!("★{r}/5 "));
    let nps = i.nps.map(|n| format!("NPS {n} "));
    [amount, rating, nps].into_iter().flatten().collect()
}
