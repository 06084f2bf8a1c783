//! Drawing the Dashboard: the frame with the period, the KPI tiles in a
//! grid that reflows with the width, the charts on the left, objectives
//! and "who next" on the right. A panel not read yet says "loading…"; one
//! that failed says why; nothing is drawn as a number it does not have.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::tiles::{Dir, Tile, tiles};
use super::{DashboardPane, Panel, charts};
use crate::domain::kpi::KpiReport;
use crate::domain::text::printable;
use crate::tui::theme::Theme;

/// A tile's width at least; the grid has as many columns as fit.
const TILE_WIDTH: u16 = 19;
/// How many tiles there are (one per KPI of `tiles`).
const TILES: u16 = 11;

impl DashboardPane {
    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: Theme) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(true))
            .title(Span::styled(" Dashboard ", theme.title()))
            .title_top(self.period_title(theme).right_aligned());
        let inner = block.inner(area);
        f.render_widget(block, area);
        let cols = (inner.width / TILE_WIDTH).clamp(1, 6);
        let rows = TILES.div_ceil(cols);
        let [top, bottom] =
            Layout::vertical([Constraint::Length(rows * 2), Constraint::Fill(1)]).areas(inner);
        let wide = bottom.width >= 60;
        let [left, right] = if wide {
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .spacing(1)
                .areas(bottom)
        } else {
            [Rect::default(), bottom]
        };
        match &self.kpis {
            Panel::Loading => {
                loading(f, top, "the figures", theme);
                loading(f, left, "the charts", theme);
            }
            Panel::Failed(e) => failed(f, top, e, theme),
            Panel::Ready(report) if empty(report) => {
                let text = vec![
                    Line::styled("No contacts yet: nothing to measure.", theme.warn()),
                    Line::styled(
                        "Press 2 to add one in the Capture pane (or `kith add NAME`), then log purchases with `kith log NAME purchase --amount 120`.",
                        theme.dim(),
                    ),
                ];
                f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), top);
            }
            Panel::Ready(report) => {
                render_tiles(f, top, &tiles(report), cols, theme);
                if wide {
                    charts::render(f, left, report, theme);
                }
            }
        }
        self.render_side(f, right, theme);
    }

    /// The frame's right title: the period and the one it is compared with.
    fn period_title(&self, theme: Theme) -> Line<'static> {
        let mut spans = vec![
            Span::styled("p ", theme.key()),
            Span::styled(format!("{} ", self.period), theme.label()),
        ];
        if let Some(report) = self.kpis.ready() {
            let labels: Vec<&str> = report.periods.iter().map(|p| p.label.as_str()).collect();
            let text = match labels.as_slice() {
                [.., before, now] => format!("{now} against {before} "),
                [now] => format!("{now} "),
                [] => String::new(),
            };
            spans.push(Span::styled(text, theme.title()));
        }
        Line::from(spans)
    }

    /// Objectives over "who next".
    fn render_side(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let goals_height = match &self.goals {
            Panel::Ready(g) if !g.is_empty() => {
                let want = 1 + 2 * u16::try_from(g.len()).unwrap_or(u16::MAX);
                want.min(area.height / 2).max(3)
            }
            _ => 3,
        };
        let [top, bottom] =
            Layout::vertical([Constraint::Length(goals_height), Constraint::Fill(1)]).areas(area);
        let block = charts::section(" Objectives ".into(), theme);
        let inner = block.inner(top);
        f.render_widget(block, top);
        match &self.goals {
            Panel::Loading => loading(f, inner, "the objectives", theme),
            Panel::Failed(e) => failed(f, inner, e, theme),
            Panel::Ready(g) if g.is_empty() => hint(
                f,
                inner,
                "none yet: kith goal add \"revenue 10000 EUR per quarter\"",
                theme,
            ),
            Panel::Ready(g) => charts::goals(f, inner, g, theme),
        }
        let block = charts::section(" Who next ".into(), theme);
        let inner = block.inner(bottom);
        f.render_widget(block, bottom);
        match &self.next {
            Panel::Loading => loading(f, inner, "who to contact next", theme),
            Panel::Failed(e) => failed(f, inner, e, theme),
            Panel::Ready(items) if items.is_empty() => hint(
                f,
                inner,
                "nobody to contact now: no follow-up overdue, nobody slipping away",
                theme,
            ),
            Panel::Ready(items) => {
                let height = usize::from(inner.height);
                let skip = (self.selected + 1).saturating_sub(height);
                let lines: Vec<Line> = items
                    .iter()
                    .enumerate()
                    .skip(skip)
                    .take(height)
                    .map(|(i, item)| {
                        let picked = i == self.selected;
                        let (name, rest) = if picked {
                            (theme.selected(), theme.selected())
                        } else {
                            (
                                Style::new().add_modifier(ratatui::style::Modifier::BOLD),
                                theme.dim(),
                            )
                        };
                        Line::from(vec![
                            Span::styled(printable(&item.name).into_owned(), name),
                            Span::styled(format!(" · {}", printable(&item.why)), rest),
                        ])
                    })
                    .collect();
                f.render_widget(Paragraph::new(lines), inner);
            }
        }
    }
}

/// No contact existed in any period of the report.
fn empty(report: &KpiReport) -> bool {
    report.periods.iter().all(|p| p.contacts == 0)
}

fn loading(f: &mut Frame, area: Rect, what: &str, theme: Theme) {
    hint(f, area, &format!("loading {what}…"), theme);
}

fn hint(f: &mut Frame, area: Rect, text: &str, theme: Theme) {
    let p = Paragraph::new(Line::styled(text.to_string(), theme.dim())).wrap(Wrap { trim: true });
    f.render_widget(p, area);
}

fn failed(f: &mut Frame, area: Rect, error: &str, theme: Theme) {
    let text = format!("could not read: {}", printable(error));
    let p = Paragraph::new(Line::styled(text, theme.error())).wrap(Wrap { trim: true });
    f.render_widget(p, area);
}

/// The tiles in `cols` columns, two lines each: the label, then the value
/// and its change (or why there is no value).
fn render_tiles(f: &mut Frame, area: Rect, tiles: &[Tile], cols: u16, theme: Theme) {
    let width = area.width / cols.max(1);
    for (i, tile) in tiles.iter().enumerate() {
        let i = u16::try_from(i).unwrap_or(u16::MAX);
        let (row, col) = (i / cols, i % cols);
        let y = area.y + row * 2;
        if y >= area.bottom() {
            break;
        }
        let cell = Rect::new(area.x + col * width, y, width.saturating_sub(1), 2);
        let cell = cell.intersection(area);
        let mut second = vec![Span::styled(tile.value.clone(), theme.title())];
        if let Some(c) = &tile.change {
            let good = match c.dir {
                Dir::Up => c.up_is_good,
                Dir::Down => !c.up_is_good,
                Dir::Flat => true,
            };
            let style = match c.dir {
                Dir::Flat => theme.dim(),
                _ if good => theme.ok(),
                _ => theme.error(),
            };
            second.push(Span::styled(format!(" {}", c.text), style));
        } else if let Some(note) = &tile.note {
            second.push(Span::styled(format!(" {note}"), theme.dim()));
        }
        let lines = vec![Line::styled(tile.label, theme.label()), Line::from(second)];
        f.render_widget(Paragraph::new(lines), cell);
    }
}
