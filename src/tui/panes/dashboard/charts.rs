//! The Dashboard's charts, with ratatui's own widgets: revenue per period
//! as bars, new contacts and active customers as two lines, NPS as a
//! sparkline, objectives as line gauges. Each one that has no room becomes
//! a one-line summary; without colour the two lines differ by their marker
//! and the gauges by their symbols.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Borders, Chart, Dataset, GraphType, LineGauge, Paragraph,
    Sparkline,
};

use super::tiles::{compact, in_currency};
use crate::domain::goal::GoalProgress;
use crate::domain::kpi::KpiReport;
use crate::domain::period::{Period, Span as PeriodSpan};
use crate::domain::text::printable;
use crate::tui::theme::Theme;

/// A section: a top rule with the title.
pub fn section(title: String, theme: Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border(false))
        .title(Span::styled(title, theme.title()))
}

/// The charts column: bars, lines and the sparkline when there is room,
/// summary lines for those there is not.
pub fn render(f: &mut Frame, area: Rect, report: &KpiReport, theme: Theme) {
    let h = area.height;
    let (bars, lines, spark) = if h >= 13 {
        let spark = 3;
        let bars = (h - spark) / 2;
        (bars, h - spark - bars, spark)
    } else {
        (h.saturating_sub(2), 0, 0)
    };
    let [bars_area, lines_area, spark_area, rest] = Layout::vertical([
        Constraint::Length(bars),
        Constraint::Length(lines),
        Constraint::Length(spark),
        Constraint::Fill(1),
    ])
    .areas(area);
    revenue(f, bars_area, report, theme);
    if lines > 0 {
        people(f, lines_area, report, theme);
        nps(f, spark_area, report, theme);
    } else {
        let summary = vec![people_summary(report, theme), nps_summary(report, theme)];
        f.render_widget(Paragraph::new(summary), rest);
    }
}

/// A period's name on the axis, in `width` columns.
fn axis_label(span: PeriodSpan, width: u16) -> String {
    match span.period {
        Period::Month if width >= 3 => span.start.format("%b").to_string(),
        Period::Month => span.start.format("%m").to_string(),
        Period::Quarter => span.label().chars().skip(5).collect(),
        Period::Year if width >= 4 => span.label(),
        Period::Year => span.label().chars().skip(2).collect(),
    }
}

fn revenue(f: &mut Frame, area: Rect, report: &KpiReport, theme: Theme) {
    let cur = report.currency.as_str();
    let title = format!(" Revenue per {} ({cur}) ", report.period);
    let block = section(title, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let minor: Vec<u64> = report
        .periods
        .iter()
        .map(|p| in_currency(&p.revenue, cur).map_or(0, |m| m.minor.max(0).unsigned_abs()))
        .collect();
    if minor.iter().all(|m| *m == 0) {
        let text = vec![
            Line::styled(format!("no purchases in {cur} yet"), theme.dim()),
            Line::styled(
                "log one with `kith log NAME purchase --amount 120`",
                theme.dim(),
            ),
        ];
        f.render_widget(Paragraph::new(text), inner);
        return;
    }
    let n = u16::try_from(minor.len()).unwrap_or(u16::MAX).max(1);
    let width = (inner.width / n).saturating_sub(1).clamp(1, 9);
    let bars: Vec<Bar> = report
        .periods
        .iter()
        .zip(&minor)
        .map(|(p, m)| {
            let units = m / 100;
            let text = compact(units);
            let text = if text.chars().count() <= usize::from(width) {
                text
            } else {
                String::new()
            };
            Bar::default()
                .value(units)
                .text_value(text)
                .label(Line::from(axis_label(p.span, width)))
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(1)
        .bar_style(theme_fg(theme, Color::Yellow))
        .value_style(value_style(theme))
        .label_style(theme.dim());
    f.render_widget(chart, inner);
}

fn theme_fg(theme: Theme, c: Color) -> Style {
    if theme.color {
        Style::new().fg(c)
    } else {
        Style::new()
    }
}

/// The figure printed on a bar: reversed so it reads on the bar's block.
fn value_style(theme: Theme) -> Style {
    if theme.color {
        Style::new().fg(Color::Black).bg(Color::Yellow)
    } else {
        Style::new().add_modifier(ratatui::style::Modifier::REVERSED)
    }
}

#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn points(values: impl Iterator<Item = u64>) -> Vec<(f64, f64)> {
    values
        .enumerate()
        .map(|(i, v)| (i as f64, v as f64))
        .collect()
}

/// New contacts and active customers per period, as two lines.
fn people(f: &mut Frame, area: Rect, report: &KpiReport, theme: Theme) {
    let new = points(report.periods.iter().map(|p| p.new_contacts));
    let active = points(report.periods.iter().map(|p| p.active_customers));
    let top = new.iter().chain(&active).map(|p| p.1).fold(1.0, f64::max);
    #[allow(clippy::cast_precision_loss)]
    let right = (report.periods.len().max(2) - 1) as f64;
    let title = format!(
        " • new contacts  █ active customers · per {} ",
        report.period
    );
    let datasets = vec![
        Dataset::default()
            .name("• new")
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(theme_fg(theme, Color::Cyan))
            .data(&new),
        Dataset::default()
            .name("█ active")
            .marker(Marker::Block)
            .graph_type(GraphType::Line)
            .style(theme_fg(theme, Color::Green))
            .data(&active),
    ];
    let first = report.periods.first().map(|p| p.label.clone());
    let last = report.periods.last().map(|p| p.label.clone());
    let chart = Chart::new(datasets)
        .block(section(title, theme))
        .legend_position(None)
        .x_axis(
            Axis::default()
                .bounds([0.0, right])
                .labels(first.into_iter().chain(last).map(Span::raw))
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(["0".to_string(), format!("{top:.0}")].map(Span::raw))
                .style(theme.dim()),
        );
    f.render_widget(chart, area);
}

fn people_summary(report: &KpiReport, theme: Theme) -> Line<'static> {
    let join = |f: fn(&crate::domain::kpi::PeriodKpis) -> u64| {
        let tail: Vec<String> = report
            .periods
            .iter()
            .rev()
            .take(4)
            .rev()
            .map(|p| f(p).to_string())
            .collect();
        tail.join("→")
    };
    Line::from(vec![
        Span::styled("New ", theme.label()),
        Span::raw(join(|p| p.new_contacts)),
        Span::styled("  active ", theme.label()),
        Span::raw(join(|p| p.active_customers)),
    ])
}

/// NPS per period as a sparkline (−100…100 drawn from the bottom).
fn nps(f: &mut Frame, area: Rect, report: &KpiReport, theme: Theme) {
    // Each period as wide as the room allows (a sparkline bar is a column).
    let n = report.periods.len().max(1);
    let each = (usize::from(area.width) / n).max(1);
    let values: Vec<Option<u64>> = report
        .periods
        .iter()
        .flat_map(|p| std::iter::repeat_n(p.nps.map(nps_height), each))
        .collect();
    let block = section(nps_title(report), theme);
    let spark = Sparkline::default()
        .block(block)
        .data(&values)
        .max(200)
        .absent_value_symbol("·")
        .style(theme_fg(theme, Color::Magenta));
    f.render_widget(spark, area);
}

/// An NPS of −100…100 as a bar height of 0…200.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn nps_height(nps: f64) -> u64 {
    (nps.clamp(-100.0, 100.0) + 100.0).round() as u64
}

fn nps_title(report: &KpiReport) -> String {
    match report.periods.last().and_then(|p| p.nps) {
        Some(n) => format!(" NPS {n:+.0} (−100…100, · no answers) "),
        None => " NPS: no answers this period ".to_string(),
    }
}

fn nps_summary(report: &KpiReport, theme: Theme) -> Line<'static> {
    let trail: Vec<String> = report
        .periods
        .iter()
        .rev()
        .take(4)
        .rev()
        .map(|p| p.nps.map_or_else(|| "·".into(), |n| format!("{n:+.0}")))
        .collect();
    Line::from(vec![
        Span::styled("NPS ", theme.label()),
        Span::raw(trail.join("→")),
    ])
}

/// Each objective as a line gauge over its forecast text; those beyond
/// the room are counted.
pub fn goals(f: &mut Frame, area: Rect, goals: &[GoalProgress], theme: Theme) {
    let fit = usize::from(area.height / 2);
    let shown = if goals.len() > fit {
        fit.saturating_sub(1)
    } else {
        goals.len()
    };
    let mut y = area.y;
    let bar = (area.width / 3).clamp(4, 24);
    for g in &goals[..shown] {
        let gauge = LineGauge::default()
            .ratio(g.done.clamp(0.0, 1.0))
            .label(Line::from(format!("{:>3.0}%", g.done * 100.0)))
            .filled_symbol("█")
            .unfilled_symbol("░")
            .filled_style(theme_fg(theme, Color::Green))
            .unfilled_style(theme.dim());
        let width = bar.min(area.width);
        f.render_widget(gauge, Rect::new(area.x, y, width, 1));
        let text = Rect::new(area.x + width, y, area.width - width, 1);
        let name = Line::styled(format!(" {}", printable(&g.goal.text)), theme.label());
        f.render_widget(Paragraph::new(name), text);
        let summary = format!("  {} · {}", g.span.label(), printable(&g.summary));
        f.render_widget(
            Paragraph::new(Line::styled(summary, theme.dim())),
            Rect::new(area.x, y + 1, area.width, 1),
        );
        y += 2;
    }
    if shown < goals.len() && y < area.bottom() {
        let more = format!("+{} more: kith goal list", goals.len() - shown);
        f.render_widget(
            Paragraph::new(Line::styled(more, theme.dim())),
            Rect::new(area.x, y, area.width, 1),
        );
    }
}
