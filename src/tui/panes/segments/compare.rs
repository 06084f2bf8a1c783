//! Segments side by side: one column per segment, one row per figure.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Comparison;
use crate::domain::money::Money;
use crate::domain::segment::Performance;
use crate::domain::text::printable;
use crate::tui::overlays::path_prompt::grouped;
use crate::tui::theme::Theme;
use crate::tui::widgets::{cut, pad};

/// The figures' labels' column.
const LABEL: usize = 19;
/// The narrowest a segment's column gets before others are left out.
const MIN_COLUMN: usize = 11;
const MAX_COLUMN: usize = 20;

type Figure = fn(&Performance, &str) -> String;

/// Each row of the table: its label and how to write a segment's figure.
const ROWS: [(&str, Figure); 9] = [
    ("size", |p, _| grouped(p.size)),
    ("customers", |p, _| grouped(p.customers)),
    ("revenue", |p, c| money(Some(p.revenue_minor), c)),
    ("average purchase", |p, c| {
        money(p.average_purchase_minor, c)
    }),
    ("purchases/contact", |p, _| {
        number(p.purchases_per_contact, 2)
    }),
    ("response rate", |p, _| percent(p.response_rate)),
    ("retention", |p, _| percent(p.retention)),
    ("churn", |p, _| percent(p.churn)),
    ("average NPS", |p, _| number(p.average_nps, 1)),
];

pub fn render(f: &mut Frame, area: Rect, theme: Theme, c: &Comparison) {
    let area = Rect::new(
        area.x + 1,
        area.y,
        area.width.saturating_sub(1),
        area.height,
    );
    let w = usize::from(area.width);
    let performance = match &c.result {
        None => {
            let lines = vec![
                title_line(c, None, w, theme),
                Line::from(Span::styled("reading the figures…", theme.warn())),
            ];
            f.render_widget(Paragraph::new(lines), area);
            return;
        }
        Some(Err(e)) => {
            let lines = vec![
                title_line(c, None, w, theme),
                Line::from(Span::styled(printable(e).into_owned(), theme.error())),
            ];
            f.render_widget(Paragraph::new(lines), area);
            return;
        }
        Some(Ok(p)) => p,
    };
    let period = performance.first().map(|p| p.span.label());
    let mut lines = vec![title_line(c, period.as_deref(), w, theme), Line::default()];
    // As many segments as fit at the narrowest column; the rest are named.
    let room = w.saturating_sub(LABEL);
    let fit = (room / MIN_COLUMN).clamp(1, performance.len().max(1));
    let shown = &performance[..fit.min(performance.len())];
    // Columns no wider than a name and a figure need.
    let col = (room / shown.len().max(1)).min(MAX_COLUMN);
    let mut head = vec![Span::raw(" ".repeat(LABEL))];
    for p in shown {
        head.push(Span::styled(
            right(&cut(&printable(&p.name), col - 1), col),
            theme.title(),
        ));
    }
    lines.push(Line::from(head));
    for (label, figure) in ROWS {
        let mut spans = vec![Span::styled(pad(label, LABEL), theme.label())];
        for p in shown {
            spans.push(Span::raw(right(
                &cut(&figure(p, &c.currency), col - 1),
                col,
            )));
        }
        lines.push(Line::from(spans));
    }
    if shown.len() < performance.len() {
        let rest: Vec<String> = performance[shown.len()..]
            .iter()
            .map(|p| printable(&p.name).into_owned())
            .collect();
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            cut(
                &format!(
                    "no room for: {} (a wider terminal shows them)",
                    rest.join(", ")
                ),
                w,
            ),
            theme.dim(),
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn title_line(c: &Comparison, period: Option<&str>, w: usize, theme: Theme) -> Line<'static> {
    let what = match period {
        Some(p) => format!("Compared in {p}"),
        None => format!("Comparing {}", c.names.join(", ")),
    };
    Line::from(vec![
        Span::styled(cut(&printable(&what), w.saturating_sub(12)), theme.title()),
        Span::styled("  Esc closes", theme.dim()),
    ])
}

/// `s` right-aligned in `n` columns.
fn right(s: &str, n: usize) -> String {
    let w = crate::tui::widgets::width(s);
    format!("{}{s}", " ".repeat(n.saturating_sub(w)))
}

fn money(minor: Option<i64>, currency: &str) -> String {
    minor.map_or_else(
        || "—".to_string(),
        |minor| {
            Money {
                minor,
                currency: currency.to_string(),
            }
            .to_string()
        },
    )
}

fn number(n: Option<f64>, decimals: usize) -> String {
    n.map_or_else(|| "—".to_string(), |n| format!("{n:.decimals$}"))
}

/// A share (0–1) as a percentage.
fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_string(), |s| format!("{:.1}%", s * 100.0))
}
