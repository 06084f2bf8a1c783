//! Drawing the whole screen: pane tabs, the active pane, the status line,
//! and any overlay on top. Reads the state; changes only scroll positions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::PaneId;
use super::app::{App, StatusKind};
use super::keymap::{self, Scope};
use super::theme::Theme;

const SPINNER: [char; 4] = ['◐', '◓', '◑', '◒'];

pub fn render(f: &mut Frame, app: &mut App, theme: Theme, tick: usize) {
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(f.area());
    render_tabs(f, tabs, app, theme);
    match app.active {
        PaneId::Contacts => app.contacts.render(f, body, theme, &app.index),
        PaneId::Capture => app.capture.render(f, body, theme),
        PaneId::FollowUps => app.follow_ups.render(f, body, theme, app.now.date()),
        PaneId::Segments => app.segments.render(f, body, theme),
        PaneId::Dashboard => app.dashboard.render(f, body, theme),
        PaneId::Cleanup => app.cleanup.render(f, body, theme),
        PaneId::Outreach => app.outreach.render(f, body, theme),
    }
    render_status(f, status, app, theme, tick);
    if let Some(overlay) = app.overlay.as_mut() {
        overlay.render(f, body, theme, app.now);
    }
}

fn render_tabs(f: &mut Frame, area: Rect, app: &App, theme: Theme) {
    // The roomiest form that fits: seven panes do not fit 80 columns with
    // the brand, gaps and the help hint, so those go first, then the
    // padding around the names of the panes not shown, then those names
    // (their numbers stay).
    let width = usize::from(area.width);
    let forms = [
        (true, " ", "? help  : commands ", Labels::Padded),
        (true, "", "? help ", Labels::Padded),
        (false, "", "? help ", Labels::Padded),
        (false, " ", "", Labels::Tight),
        (false, "", "", Labels::Numbers),
    ];
    let mut spans = Vec::new();
    for (i, (brand, gap, help, labels)) in forms.iter().enumerate() {
        spans = tab_spans(app, theme, *brand, gap, *labels);
        let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
        if used + help.chars().count() <= width || i == forms.len() - 1 {
            spans.push(Span::raw(
                " ".repeat(width.saturating_sub(used + help.chars().count())),
            ));
            spans.push(Span::styled(*help, theme.dim()));
            break;
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// How the tabs of the panes not shown are labelled.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Labels {
    /// " 2 Capture "
    Padded,
    /// "2 Capture"
    Tight,
    /// " 2 "
    Numbers,
}

fn tab_spans(
    app: &App,
    theme: Theme,
    brand: bool,
    gap: &str,
    labels: Labels,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if brand {
        spans.push(Span::styled(" kith ", theme.title()));
    }
    for (i, pane) in PaneId::ALL.iter().enumerate() {
        let active = *pane == app.active;
        let style = if active {
            theme.tab_active()
        } else {
            theme.tab()
        };
        let label = match labels {
            _ if active => format!(" {} {} ", i + 1, pane.title()),
            Labels::Padded => format!(" {} {} ", i + 1, pane.title()),
            Labels::Tight => format!("{} {}", i + 1, pane.title()),
            Labels::Numbers => format!(" {} ", i + 1),
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(gap.to_string()));
    }
    spans
}

fn render_status(f: &mut Frame, area: Rect, app: &App, theme: Theme, tick: usize) {
    let mut spans = Vec::new();
    if app.busy() {
        spans.push(Span::styled(
            format!("{} ", SPINNER[tick % SPINNER.len()]),
            theme.warn(),
        ));
    }
    match &app.status {
        // An import or export runs on the writer: say how far it is.
        _ if app.transfer.is_some() => {
            let text = app
                .transfer
                .as_ref()
                .map(super::transfer::Running::status)
                .unwrap_or_default();
            spans.push(Span::styled(text, theme.warn()));
        }
        // A campaign is being sent on the writer: say how far it is.
        _ if app.outreach.sending.is_some() => {
            let text = app
                .outreach
                .sending
                .as_ref()
                .map(super::outreach::Sending::status)
                .unwrap_or_default();
            spans.push(Span::styled(text, theme.warn()));
        }
        // A write is queued behind another process's lock: say so.
        _ if app.writing > 0 => {
            spans.push(Span::styled("waiting for the database…", theme.warn()));
        }
        Some(s) => {
            let style = match s.kind {
                StatusKind::Error => theme.error(),
                StatusKind::Ok => theme.ok(),
                StatusKind::Info => theme.dim(),
            };
            // Messages quote names and notes: stored text, made printable.
            spans.push(Span::styled(
                crate::domain::text::printable(&s.text).into_owned(),
                style,
            ));
        }
        None => {
            let typing = app.contacts.searching && app.active == PaneId::Contacts;
            if typing {
                spans.push(Span::styled(
                    "type to filter · ↑↓ move · Enter keep · Esc leave",
                    theme.dim(),
                ));
            } else if app.active == PaneId::Contacts && app.contacts.showing_archived() {
                spans.push(Span::styled("archived contacts: ", theme.warn()));
                for (key, help) in [
                    ("A", " restore  "),
                    ("v", " back to active  "),
                    ("/", " search"),
                ] {
                    spans.push(Span::styled(key, theme.key()));
                    spans.push(Span::styled(help, theme.dim()));
                }
            } else if app.active == PaneId::Cleanup
                && app.cleanup.focus == super::panes::cleanup::Section::Findings
            {
                for (key, help) in [
                    ("f", " fix  "),
                    ("s", " skip  "),
                    ("↑↓", " finding  "),
                    ("K", " back to the duplicates  "),
                    ("r", " rescan"),
                ] {
                    spans.push(Span::styled(key, theme.key()));
                    spans.push(Span::styled(help, theme.dim()));
                }
            } else if app.active == PaneId::Contacts && app.contacts.entry.is_some() {
                spans.push(Span::styled(
                    "timeline: ↑↓ entry · Enter read it whole · Esc back to the list",
                    theme.dim(),
                ));
            } else if !(app.active == PaneId::Capture && app.capture.editing
                || app.active == PaneId::Segments && app.segments.typing()
                || app.active == PaneId::Outreach && app.outreach.typing())
            {
                let mut used = 0;
                for (key, help) in keymap::hints(Scope::of(app.active), 8) {
                    let hint = format!(" {help}  ");
                    used += key.chars().count() + hint.chars().count();
                    if used > usize::from(area.width) {
                        break;
                    }
                    spans.push(Span::styled(key, theme.key()));
                    spans.push(Span::styled(hint, theme.dim()));
                }
            }
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
