//! Drawing the Cleanup pane: clusters | comparison above, findings below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{CleanupPane, Section, compare};
use crate::domain::dedup::{Cluster, Progress};
use crate::domain::text::printable;
use crate::tui::overlays::path_prompt::grouped;
use crate::tui::theme::Theme;
use crate::tui::widgets::{cut, pad};

impl CleanupPane {
    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: Theme) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(true))
            .title(Span::styled(" Cleanup ", theme.title()))
            .title_top(self.summary(theme).right_aligned());
        let inner = block.inner(area);
        f.render_widget(block, area);
        let below = (inner.height / 3).max(4);
        let [top, bottom] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(below)]).areas(inner);
        let left_width = if inner.width <= 90 { 26 } else { 34 };
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_width), Constraint::Min(10)]).areas(top);
        // Room for the cursor to move a page at a time in either list.
        self.page = usize::from(top.height.max(bottom.height)).saturating_sub(2);
        self.render_clusters(f, left, theme);
        self.render_comparison(f, right, theme);
        self.render_findings(f, bottom, theme);
    }

    /// The title's right side: what was found, a scan's progress, staleness.
    fn summary(&self, theme: Theme) -> Line<'static> {
        let text = if self.scanning {
            format!(" {} ", progress_text(self.progress))
        } else if self.stale {
            " changed elsewhere since the scan: r rescans ".to_string()
        } else {
            let mut parts = Vec::new();
            if let Some(scan) = &self.scan {
                parts.push(count(scan.clusters.len(), "duplicate", "duplicates"));
            }
            if let Some(findings) = &self.findings {
                parts.push(count(findings.len(), "finding", "findings"));
            }
            format!(" {} ", parts.join(" · "))
        };
        let style = if self.stale || self.scanning {
            theme.warn()
        } else {
            theme.dim()
        };
        Line::from(Span::styled(text, style))
    }

    fn render_clusters(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let focused = self.focus == Section::Duplicates;
        let block = Block::default()
            .borders(Borders::RIGHT)
            .border_style(theme.border(false));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = usize::from(inner.width);
        let Some(scan) = &self.scan else {
            let lines = vec![
                Line::from(Span::styled("Looking for duplicates…", theme.dim())),
                Line::from(Span::styled(
                    progress_bar(self.progress, width),
                    theme.warn(),
                )),
            ];
            f.render_widget(Paragraph::new(lines), inner);
            return;
        };
        if scan.clusters.is_empty() {
            let lines = vec![
                Line::from("No duplicates found."),
                Line::from(vec![Span::styled("r", theme.key()), Span::raw(" rescans.")]),
            ];
            f.render_widget(Paragraph::new(lines), inner);
            return;
        }
        let height = usize::from(inner.height);
        let offset = self.selected.saturating_sub(height.saturating_sub(1));
        let lines: Vec<Line> = scan
            .clusters
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .map(|(i, c)| self.cluster_line(c, i == self.selected, focused, width, theme))
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn cluster_line(
        &self,
        c: &Cluster,
        selected: bool,
        focused: bool,
        width: usize,
        theme: Theme,
    ) -> Line<'static> {
        let base = match (selected, focused) {
            (true, true) => theme.selected(),
            (true, false) => theme.label(),
            _ => Style::new(),
        };
        let first = c.contacts.first().and_then(|id| self.names.get(id));
        let name = printable(first.map_or("?", String::as_str)).into_owned();
        let more = match c.contacts.len() {
            0 | 1 => String::new(),
            n => format!(" +{}", n - 1),
        };
        let score = format!("{:.2} ", c.score);
        let room = width.saturating_sub(score.len() + more.len());
        Line::from(vec![
            Span::styled(score, base.patch(theme.dim_on(selected))),
            Span::styled(
                pad(&format!("{}{more}", cut(&name, room)), room + more.len()),
                base,
            ),
        ])
    }

    fn render_comparison(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let area = Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(1),
            ..area
        };
        let Some(cluster) = self.selected_cluster() else {
            return;
        };
        if self.compared.is_empty() {
            f.render_widget(Paragraph::new(Span::styled("reading…", theme.dim())), area);
            return;
        }
        let width = usize::from(area.width);
        let label = 9;
        let n = self.compared.len().max(1);
        let col = (width.saturating_sub(label) / n).max(4);
        let mut lines = Vec::new();
        // The first contact stays: the others merge into it.
        let mut header = vec![Span::raw(" ".repeat(label))];
        for (i, c) in self.compared.iter().enumerate() {
            let tag = if i == 0 { " stays" } else { "" };
            header.push(Span::styled(
                pad(&format!("#{}{tag}", c.contact.id), col),
                theme.title(),
            ));
        }
        lines.push(Line::from(header));
        for row in compare::rows(&self.compared) {
            if row.values.iter().all(String::is_empty) {
                continue;
            }
            let style = if row.differ {
                theme.warn()
            } else {
                Style::new()
            };
            let cells: Vec<Vec<&str>> =
                row.values.iter().map(|v| v.split('\n').collect()).collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1);
            for i in 0..height {
                let head = if i == 0 { row.label } else { "" };
                let mut spans = vec![Span::styled(pad(head, label), theme.label())];
                for cell in &cells {
                    let shown = match cell.get(i) {
                        Some(v) if !v.is_empty() => *v,
                        _ if i == 0 => "—",
                        _ => "",
                    };
                    spans.push(Span::styled(pad(shown, col.saturating_sub(1)) + " ", style));
                }
                lines.push(Line::from(spans));
            }
        }
        lines.push(Line::default());
        for pair in &cluster.pairs {
            lines.push(Line::from(vec![
                Span::styled(format!("#{} = #{} ", pair.a, pair.b), theme.label()),
                Span::styled(format!("{:.2}", pair.score), theme.dim()),
            ]));
            for reason in &pair.reasons {
                lines.push(Line::from(Span::raw(cut(
                    &format!("  · {}", printable(reason)),
                    width,
                ))));
            }
        }
        f.render_widget(Paragraph::new(lines), area);
    }

    fn render_findings(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let focused = self.focus == Section::Findings;
        let title = match &self.findings {
            Some(list) => format!(" Findings ({}) ", list.len()),
            None => " Findings ".to_string(),
        };
        let mut block = Block::default()
            .borders(Borders::TOP)
            .border_style(theme.border(focused))
            .title(Span::styled(title, theme.title()));
        // The selected finding's fix in full, where the row may cut it.
        if focused && let Some(finding) = self.selected_finding() {
            let room = usize::from(area.width).saturating_sub(20);
            let hint = if finding.fix.is_automatic() {
                format!("f: {}", printable(&finding.fix.describe()))
            } else {
                "s skips it".to_string()
            };
            block = block.title_top(
                Line::from(Span::styled(format!(" {} ", cut(&hint, room)), theme.key()))
                    .right_aligned(),
            );
        }
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = usize::from(inner.width);
        let Some(findings) = &self.findings else {
            f.render_widget(
                Paragraph::new(Span::styled("checking…", theme.dim())),
                inner,
            );
            return;
        };
        if findings.is_empty() {
            let line = Line::from(vec![
                Span::raw("No problems found. "),
                Span::styled("r", theme.key()),
                Span::raw(" rescans."),
            ]);
            f.render_widget(Paragraph::new(line), inner);
            return;
        }
        let height = usize::from(inner.height);
        let offset = self.finding.saturating_sub(height.saturating_sub(1));
        let name_width = if width <= 90 { 16 } else { 22 };
        let lines: Vec<Line> = findings
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .map(|(i, finding)| {
                let selected = i == self.finding;
                let base = match (selected, focused) {
                    (true, true) => theme.selected(),
                    (true, false) => theme.label(),
                    _ => Style::new(),
                };
                let fix = format!("  → {}", printable(&finding.fix.describe()));
                let name = pad(&printable(&finding.name), name_width) + " ";
                let room = width.saturating_sub(name_width + 1);
                let message = printable(&finding.message).into_owned();
                let text = pad(&format!("{message}{fix}"), room);
                Line::from(vec![
                    Span::styled(name, base.patch(theme.dim_on(selected))),
                    Span::styled(text, base),
                ])
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    }
}

/// "1 duplicate", "3 findings".
fn count(n: usize, one: &str, many: &str) -> String {
    let word = if n == 1 { one } else { many };
    format!("{} {word}", grouped(n as u64))
}

/// What a running scan is doing, in words.
pub fn progress_text(progress: Option<Progress>) -> String {
    let g = |n: usize| grouped(n as u64);
    match progress {
        None => "scanning…".to_string(),
        Some(Progress::Blocking { done, total }) => {
            format!("reading contacts {} / {}", g(done), g(total))
        }
        Some(Progress::Scoring { done, total }) => {
            format!("comparing pairs {} / {}", g(done), g(total))
        }
        Some(Progress::Clustering) => "grouping the duplicates…".to_string(),
    }
}

/// A bar of `width` cells filled as far as the scan's current step is.
fn progress_bar(progress: Option<Progress>, width: usize) -> String {
    let (done, total) = match progress {
        Some(Progress::Blocking { done, total } | Progress::Scoring { done, total }) => {
            (done, total)
        }
        Some(Progress::Clustering) => (1, 1),
        None => (0, 1),
    };
    let filled = (done.min(total) * width).checked_div(total).unwrap_or(0);
    "█".repeat(filled) + &"░".repeat(width - filled)
}
