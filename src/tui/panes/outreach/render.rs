//! Drawing the Outreach pane: the campaigns, the new-campaign form with
//! its live plan, and one recipient's rendered message. (The report is in
//! `report.rs`, the send confirmation in `send.rs`.)

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::form::{Field, Form};
use super::{OutreachPane, PreviewView, View};
use crate::domain::campaign::{Audience, SkipReason};
use crate::domain::text::{printable, printable_multiline};
use crate::ops::campaign::{Plan, Summary};
use crate::tui::overlays::path_prompt::grouped;
use crate::tui::theme::Theme;
use crate::tui::widgets::{cut, pad};

/// Labels of the form's rows, padded to one width.
const LABEL: usize = 12;

impl OutreachPane {
    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: Theme) {
        let (title, right) = match &self.view {
            View::List => (" Outreach ".to_string(), self.count_line()),
            View::Form(_) => (" New campaign ".to_string(), String::new()),
            View::Preview(p) => (format!(" Preview: {} ", printable(&p.name)), preview_of(p)),
            View::Report(r) => (format!(" Report: {} ", printable(&r.name)), String::new()),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(true))
            .title(Span::styled(title, theme.title()))
            .title_top(Line::from(Span::styled(right, theme.dim())).right_aligned());
        let inner = block.inner(area);
        f.render_widget(block, area);
        self.page = usize::from(inner.height).saturating_sub(2);
        match &self.view {
            View::List => self.render_list(f, inner, theme),
            View::Form(form) => render_form(f, inner, theme, form),
            View::Preview(p) => render_preview(f, inner, theme, p),
            View::Report(r) => super::report::render(f, inner, theme, r),
        }
        if let Some(b) = &self.send {
            b.render(f, inner, theme);
        }
    }

    fn count_line(&self) -> String {
        match &self.campaigns {
            Some(c) if c.is_empty() => String::new(),
            Some(c) if c.len() == 1 => " 1 campaign ".into(),
            Some(c) => format!(" {} campaigns ", c.len()),
            None => String::new(),
        }
    }

    fn render_list(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let w = usize::from(area.width);
        let cols = Columns::fit(w);
        let mut lines = vec![Line::from(Span::styled(cols.header(), theme.label()))];
        match &self.campaigns {
            None => lines.push(Line::from(Span::styled("reading…", theme.dim()))),
            Some(list) if list.is_empty() => {
                for (text, style) in [
                    ("  No campaigns yet.", Style::new()),
                    ("", theme.dim()),
                    (
                        "  n: new campaign (audience, template, variants).",
                        theme.dim(),
                    ),
                    ("  Templates are made from a shell:", theme.dim()),
                    (
                        "    kith template add welcome --subject \"Hello {{ first_name }}\"",
                        theme.dim(),
                    ),
                ] {
                    lines.push(Line::from(Span::styled(cut(text, w), style)));
                }
            }
            Some(list) => {
                let height = usize::from(area.height).saturating_sub(1).max(1);
                let offset = self.selected.saturating_sub(height - 1);
                for (i, s) in list.iter().enumerate().skip(offset).take(height) {
                    let style = if i == self.selected {
                        theme.selected()
                    } else {
                        Style::new()
                    };
                    lines.push(Line::from(Span::styled(cols.row(s), style)));
                }
            }
        }
        f.render_widget(Paragraph::new(lines), area);
    }
}

/// "3 / 37" in the preview's title.
fn preview_of(p: &PreviewView) -> String {
    match &p.result {
        Some(Ok(found)) => format!(" {} / {} ", found.index + 1, found.total),
        _ => String::new(),
    }
}

/// The list's columns for a width: name and audience share what the fixed
/// columns leave.
struct Columns {
    name: usize,
    audience: usize,
}

/// Created, variants, sent/pending, responses, rate (with their gaps).
const FIXED: usize = 2 + 11 + 5 + 12 + 6 + 7;

impl Columns {
    fn fit(width: usize) -> Self {
        let rest = width.saturating_sub(FIXED + 1);
        let name = (rest / 2).clamp(8, 32);
        Columns {
            name,
            audience: rest.saturating_sub(name).max(6),
        }
    }

    fn header(&self) -> String {
        format!(
            "  {}{:<11}{}{:<5}{:>12}{:>6}{:>7}",
            pad("Campaign", self.name),
            "Created",
            pad("Audience", self.audience),
            " Var",
            "sent/pending",
            "resp",
            "rate"
        )
    }

    fn row(&self, s: &Summary) -> String {
        let c = &s.campaign;
        let audience = match &c.audience {
            Audience::Query(q) => q.clone(),
            Audience::Segment(name) => format!("segment:{name}"),
        };
        let labels: Vec<&str> = c.variants.iter().map(|v| v.label.as_str()).collect();
        let rate = s
            .rate
            .map_or_else(|| "–".to_string(), |r| format!("{:.1}%", r * 100.0));
        let waiting = s.pending + s.failed + s.sending;
        format!(
            "  {}{:<11}{} {}{:>12}{:>6}{:>7}",
            gap(&printable(&c.name), self.name),
            c.created_at.get(..10).unwrap_or(&c.created_at),
            gap(&printable(&audience), self.audience),
            pad(&printable(&labels.join("/")), 4),
            format!("{}/{}", grouped(s.sent), grouped(waiting)),
            grouped(s.responses),
            rate
        )
    }
}

/// `text` in `n` columns, the last one a space between it and the next.
fn gap(text: &str, n: usize) -> String {
    pad(&cut(text, n.saturating_sub(1)), n)
}

fn render_form(f: &mut Frame, area: Rect, theme: Theme, form: &Form) {
    let w = usize::from(area.width);
    let x = area.x + 1;
    let room = area.width.saturating_sub(1);
    let mut lines = Vec::new();
    let mut cursor = None;
    for field in form.shown() {
        let focused = form.focus == Some(field);
        // Typed values start where a choice's value does (after "‹ ").
        let width = if form.is_choice_field(field) {
            LABEL
        } else {
            LABEL + 2
        };
        let label = Span::styled(
            pad(field_label(field), width),
            if focused { theme.key() } else { theme.label() },
        );
        let y = area.y + u16::try_from(lines.len()).unwrap_or(0);
        let typed = match field {
            Field::Name => Some((&form.name, "spring-offer")),
            Field::Target if !form.by_segment => Some((&form.query, "tag:client last:>90d")),
            Field::Split => Some((&form.split, "50/50")),
            _ => None,
        };
        if let Some((input, placeholder)) = typed {
            let (line, at) = input.prompt_line(label, (x, y, room), (placeholder, theme.dim()));
            if focused {
                cursor = Some(at);
            }
            lines.push(line);
        } else {
            let value = choice_value(form, field);
            let shown = if focused {
                format!("‹ {value} ›")
            } else {
                format!("  {value}")
            };
            lines.push(Line::from(vec![
                label,
                Span::raw(printable(&shown).into_owned()),
            ]));
        }
        if field == Field::Target
            && !form.by_segment
            && let Some(e) = &form.query_error
        {
            lines.push(caret_line(form, e, w, theme));
        }
    }
    lines.push(Line::default());
    lines.extend(plan_lines(form, w, theme));
    lines.push(Line::default());
    lines.push(match &form.error {
        Some(e) => Line::from(Span::styled(cut(&printable(e), w), theme.error())),
        None if form.focus.is_none() => Line::from(Span::styled(
            cut("Enter: back to the form · Esc: drop it", w),
            theme.dim(),
        )),
        None => Line::from(Span::styled(
            cut(
                "Tab/↓ next · ←/→ choose · Enter on the last or C-s creates · Esc cancel",
                w,
            ),
            theme.dim(),
        )),
    });
    let area = Rect::new(x, area.y, room, area.height);
    f.render_widget(Paragraph::new(lines), area);
    if let Some(at) = cursor {
        f.set_cursor_position(at);
    }
}

fn field_label(field: Field) -> &'static str {
    match field {
        Field::Name => "Name",
        Field::Audience => "Audience",
        Field::Target => "Who",
        Field::TemplateA => "Template A",
        Field::TemplateB => "Template B",
        Field::Split => "Split A/B",
    }
}

fn choice_value(form: &Form, field: Field) -> String {
    let reading = || match &form.choices {
        None => "reading…".to_string(),
        Some(Err(e)) => e.clone(),
        Some(Ok(_)) => "none yet".to_string(),
    };
    match field {
        Field::Audience if form.by_segment => "a saved segment".into(),
        Field::Audience => "a query".into(),
        Field::Target => form.segment_name().map_or_else(reading, str::to_string),
        Field::TemplateA => form
            .template_name(false)
            .map_or_else(reading, str::to_string),
        Field::TemplateB => form
            .template_name(true)
            .map_or_else(|| "none (no A/B test)".to_string(), str::to_string),
        Field::Name | Field::Split => String::new(),
    }
}

/// The caret under the query's error, with the message beside it.
fn caret_line(
    form: &Form,
    e: &crate::domain::segment::QueryError,
    w: usize,
    theme: Theme,
) -> Line<'static> {
    let room = w.saturating_sub(LABEL + 2);
    let (_, cur) = form.query.view(room);
    let start = form.query.cursor() - usize::from(cur);
    let at = LABEL + 2 + e.column.saturating_sub(start).min(room);
    let text = format!("{}^ {}", " ".repeat(at), printable(&e.message));
    Line::from(Span::styled(cut(&text, w), theme.error()))
}

/// The plan's numbers: matched, per variant, skipped by reason.
fn plan_lines(form: &Form, w: usize, theme: Theme) -> Vec<Line<'static>> {
    let line = |text: String, style: Style| Line::from(Span::styled(cut(&text, w), style));
    match &form.plan {
        _ if form.planning => vec![line("planning…".into(), theme.warn())],
        None => vec![line(
            "The plan shows here once the audience and template A are set.".into(),
            theme.dim(),
        )],
        Some(Err(e)) => vec![line(printable(e).into_owned(), theme.error())],
        Some(Ok(plan)) => plan_summary(plan)
            .into_iter()
            .map(|t| line(t, theme.ok()))
            .collect(),
    }
}

/// "120 matched · 97 get a message: A 49, B 48" and the skips by reason.
pub fn plan_summary(plan: &Plan) -> Vec<String> {
    let variants: Vec<String> = plan
        .variants
        .iter()
        .map(|v| format!("{} {}", printable(&v.label), grouped(v.recipients)))
        .collect();
    let mut out = vec![format!(
        "{} matched · {} get a message: {}",
        grouped(plan.matched),
        grouped(plan.recipients.len() as u64),
        variants.join(", ")
    )];
    let mut skips = Vec::new();
    for (reason, what) in [
        (SkipReason::ConsentUnknown, "consent unknown"),
        (SkipReason::ConsentDenied, "consent denied"),
        (SkipReason::NoEmail, "no e-mail"),
    ] {
        let n = plan.skipped.iter().filter(|s| s.reason == reason).count();
        if n > 0 {
            skips.push(format!("{} {what}", grouped(n as u64)));
        }
    }
    if !skips.is_empty() {
        out.push(format!("skipped: {}", skips.join(", ")));
    }
    out
}

fn render_preview(f: &mut Frame, area: Rect, theme: Theme, p: &PreviewView) {
    let w = usize::from(area.width.saturating_sub(1));
    let area = Rect::new(
        area.x + 1,
        area.y,
        area.width.saturating_sub(1),
        area.height,
    );
    let found = match &p.result {
        None => {
            f.render_widget(
                Paragraph::new(Span::styled("rendering…", theme.dim())),
                area,
            );
            return;
        }
        Some(Err(e)) => {
            let lines = vec![
                Line::from(Span::styled(printable(e).into_owned(), theme.error())),
                Line::from(Span::styled("Esc: back to the campaigns", theme.dim())),
            ];
            f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
            return;
        }
        Some(Ok(found)) => found,
    };
    let header = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(pad(label, 9), theme.label()),
            Span::raw(cut(&value, w.saturating_sub(9))),
        ])
    };
    let head = vec![
        header(
            "To",
            format!("{} <{}>", printable(&found.name), printable(&found.email)),
        ),
        header("Subject", printable(&found.message.subject).into_owned()),
        header(
            "Variant",
            format!("{} · {}", printable(&found.variant), found.state),
        ),
        Line::from(Span::styled("─".repeat(w), theme.dim())),
    ];
    let [top, body, keys] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(4),
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(head), top);
    let text = printable_multiline(&found.message.body).into_owned();
    f.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .scroll((p.scroll, 0)),
        body,
    );
    f.render_widget(
        Paragraph::new(Span::styled(
            cut("] next recipient · [ previous · J/K scroll · Esc back", w),
            theme.dim(),
        )),
        keys,
    );
}
