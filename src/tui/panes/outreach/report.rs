//! Drawing a campaign's report: per variant a bar of its response rate
//! (with the 95 % interval beside it), the counts and revenue; then which
//! variant leads, or that the difference is not yet significant.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::ReportView;
use crate::domain::campaign::stats::Verdict;
use crate::domain::money::Money;
use crate::domain::text::printable;
use crate::ops::campaign::{Report, VariantReport};
use crate::tui::overlays::path_prompt::grouped;
use crate::tui::theme::Theme;
use crate::tui::widgets::cut;

pub fn render(f: &mut Frame, area: Rect, theme: Theme, view: &ReportView) {
    let area = Rect::new(
        area.x + 1,
        area.y,
        area.width.saturating_sub(1),
        area.height,
    );
    let w = usize::from(area.width);
    let lines = match &view.result {
        None => vec![Line::from(Span::styled("reading…", theme.dim()))],
        Some(Err(e)) => vec![Line::from(Span::styled(
            printable(e).into_owned(),
            theme.error(),
        ))],
        Some(Ok(report)) => lines(report, w, theme),
    };
    let [body, keys] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((view.scroll, 0)),
        body,
    );
    f.render_widget(
        Paragraph::new(Span::styled(
            cut("J/K scroll · p preview · s send · Esc back", w),
            theme.dim(),
        )),
        keys,
    );
}

fn lines(report: &Report, w: usize, theme: Theme) -> Vec<Line<'static>> {
    let c = &report.campaign;
    let audience = format!("{} {}", c.audience.kind(), c.audience.text());
    let mut out = vec![
        Line::from(vec![
            Span::styled("Audience  ", theme.label()),
            Span::raw(cut(&printable(&audience), w.saturating_sub(10))),
        ]),
        Line::from(vec![
            Span::styled("Responses ", theme.label()),
            Span::raw(format!(
                "inbound within {} days of the send, or recorded",
                c.response_days
            )),
        ]),
    ];
    let waiting = [
        (report.pending, "pending"),
        (report.failed, "failed"),
        (report.uncertain, "uncertain"),
    ];
    if waiting.iter().any(|(n, _)| *n > 0) {
        let parts: Vec<String> = waiting
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{} {what}", grouped(*n)))
            .collect();
        out.push(Line::from(vec![
            Span::styled("Not sent  ", theme.label()),
            Span::styled(parts.join(", "), theme.warn()),
        ]));
    }
    out.push(Line::default());
    // Bars on one scale: the highest upper bound fills the bar.
    let top = report
        .variants
        .iter()
        .map(|v| v.rate.high)
        .fold(0.0_f64, f64::max)
        .max(0.01);
    for v in &report.variants {
        out.extend(variant_lines(v, top, w, theme));
    }
    out.push(Line::from(Span::styled(
        cut(
            &format!("bars: response rate; full width = {:.0} %", top * 100.0),
            w,
        ),
        theme.dim(),
    )));
    out.push(Line::default());
    let (text, style) = (report.verdict_sentence(), verdict_style(&report.verdict));
    out.push(Line::from(Span::styled(
        text,
        match style {
            Some(s) => s,
            None => theme.dim(),
        },
    )));
    out
}

fn variant_lines(v: &VariantReport, top: f64, w: usize, theme: Theme) -> Vec<Line<'static>> {
    let label = format!(
        "{} {}",
        printable(&v.label),
        cut(&printable(&v.template), 14)
    );
    let label = format!("{label:<17}");
    let figures = format!(
        " {:>5.1} %  CI {:.1}–{:.1} %",
        v.rate.rate * 100.0,
        v.rate.low * 100.0,
        v.rate.high * 100.0
    );
    let room = w.saturating_sub(17 + figures.chars().count()).max(4);
    let filled = bar_cells(v.rate.rate, top, room);
    let bar = "█".repeat(filled);
    let rest = "░".repeat(room - filled);
    let mut counts = vec![
        format!("sent {}", grouped(v.sent)),
        format!("responses {}", grouped(v.responses)),
    ];
    if v.skipped > 0 {
        counts.push(format!("skipped {}", grouped(v.skipped)));
    }
    for (outcome, n) in &v.outcomes {
        if *n > 0 {
            counts.push(format!("{outcome} {}", grouped(*n)));
        }
    }
    let revenue: Vec<String> = v
        .revenue
        .iter()
        .map(|(currency, minor)| {
            Money {
                minor: *minor,
                currency: currency.clone(),
            }
            .grouped()
        })
        .collect();
    let revenue = if revenue.is_empty() {
        "revenue none".to_string()
    } else {
        format!("revenue {}", revenue.join(", "))
    };
    vec![
        Line::from(vec![
            Span::styled(label, theme.label()),
            Span::styled(bar, theme.ok()),
            Span::styled(rest, theme.dim()),
            Span::raw(figures),
        ]),
        Line::from(Span::styled(
            cut(&format!("{:17}{}", "", counts.join(" · ")), w),
            theme.dim(),
        )),
        Line::from(Span::styled(
            cut(&format!("{:17}{revenue}", ""), w),
            theme.dim(),
        )),
        Line::default(),
    ]
}

/// How many of `room` cells a rate fills, on a scale where `top` fills all.
fn bar_cells(rate: f64, top: f64, room: usize) -> usize {
    let share = (rate / top).clamp(0.0, 1.0);
    // Rounded to whole cells; `room` is a terminal width, far below f64's
    // exact integers.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let cells = (share * room as f64).round() as usize;
    cells.min(room)
}

/// The verdict's style: bold when a variant leads, else dim (None).
fn verdict_style(v: &Verdict) -> Option<Style> {
    matches!(v, Verdict::Leads { .. })
        .then(|| Style::new().add_modifier(ratatui::style::Modifier::BOLD))
}
