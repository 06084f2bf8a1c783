//! The dry run of an import, before anything is written: the counts, then
//! every reject and warning with its file and line, scrollable. Enter
//! imports, Esc cancels (nothing was written).

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::path_prompt::{contacts, grouped};
use super::{OverlayResult, centered};
use crate::domain::text::printable;
use crate::ops::import::{FileLine, ImportReport};
use crate::tui::action::Action;
use crate::tui::theme::Theme;

pub struct ReportView {
    pub path: PathBuf,
    /// `None` while the dry run reads the file.
    pub report: Option<ImportReport>,
    /// Why the file cannot be imported.
    pub error: Option<String>,
    scroll: u16,
    page: u16,
}

impl ReportView {
    /// The file is being read.
    pub fn reading(path: PathBuf) -> Self {
        ReportView {
            path,
            report: None,
            error: None,
            scroll: 0,
            page: 10,
        }
    }

    /// How many contacts Enter writes: the new ones and the updated ones.
    pub fn to_write(&self) -> usize {
        self.report.as_ref().map_or(0, |r| r.imported + r.updated)
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> OverlayResult {
        self.scroll = match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return OverlayResult::Close,
            KeyCode::Enter if self.error.is_some() => return OverlayResult::Close,
            KeyCode::Enter if self.report.is_some() && self.to_write() == 0 => {
                return OverlayResult::Close;
            }
            KeyCode::Enter if self.report.is_some() => {
                return OverlayResult::Action(Action::ImportFile {
                    path: self.path.clone(),
                    dry_run: false,
                });
            }
            KeyCode::Char('j') | KeyCode::Down => self.scroll.saturating_add(1),
            KeyCode::Char('k') | KeyCode::Up => self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll.saturating_add(self.page),
            KeyCode::PageUp => self.scroll.saturating_sub(self.page),
            KeyCode::Char('g') | KeyCode::Home => 0,
            KeyCode::Char('G') | KeyCode::End => u16::MAX,
            _ => self.scroll,
        };
        OverlayResult::Keep
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: Theme) {
        let lines = self.lines(theme);
        // Long reasons wrap: count the rows they take, to fit the box to
        // them and to stop scrolling at the end.
        let inner_w = usize::from(area.width.min(76).saturating_sub(2)).max(1);
        let rows: usize = lines
            .iter()
            .map(|l| l.width().div_ceil(inner_w).max(1))
            .sum();
        let total = u16::try_from(rows).unwrap_or(u16::MAX);
        let height = total
            .saturating_add(2)
            .min(area.height.saturating_sub(2))
            .max(8);
        let rect = centered(area, 76, height);
        f.render_widget(Clear, rect);
        let name = self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let keys = match (&self.report, &self.error) {
            (_, Some(_)) => " Esc: close ".to_string(),
            (None, None) => " Esc: cancel ".to_string(),
            (Some(_), None) if self.to_write() == 0 => " nothing to import · Esc: close ".into(),
            (Some(_), None) => format!(
                " Enter: import these {} · Esc: cancel · j/k scroll ",
                contacts(self.to_write())
            ),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(
                format!(" Import {} ", printable(&name)),
                theme.title(),
            ))
            .title_bottom(Span::styled(keys, theme.key()))
            .border_style(theme.border(true));
        let inner_h = rect.height.saturating_sub(2);
        self.page = inner_h.saturating_sub(1).max(1);
        self.scroll = self.scroll.min(total.saturating_sub(inner_h));
        f.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0)),
            rect,
        );
    }

    fn lines(&self, theme: Theme) -> Vec<Line<'static>> {
        let path = printable(&self.path.display().to_string()).into_owned();
        if let Some(error) = &self.error {
            return vec![
                Line::from(Span::styled("Cannot import this file:", theme.error())),
                Line::from(printable(error).into_owned()),
                Line::default(),
                Line::from(Span::styled("Nothing was written.", theme.dim())),
            ];
        }
        let Some(r) = &self.report else {
            return vec![Line::from(Span::styled(
                format!("Reading {path}…"),
                theme.dim(),
            ))];
        };
        let count = |n: usize| format!("{:>9}", grouped(u64::try_from(n).unwrap_or(u64::MAX)));
        let mut out = vec![
            Line::from(Span::styled(
                "Dry run: this is what importing would do. Nothing is written yet.",
                theme.dim(),
            )),
            Line::default(),
            Line::from(vec![
                Span::styled(count(r.imported), theme.ok()),
                Span::raw(" new"),
            ]),
            Line::from(vec![
                Span::styled(count(r.updated), theme.ok()),
                Span::raw(" updated (the same e-mail or vCard UID)"),
            ]),
            Line::from(format!("{} unchanged", count(r.unchanged))),
            Line::from(vec![
                Span::styled(count(r.rejected.len()), reject_style(r, theme)),
                Span::raw(" rejected"),
            ]),
            Line::from(format!(
                "{} warning{}",
                count(r.warnings.len()),
                if r.warnings.len() == 1 { "" } else { "s" }
            )),
        ];
        for (title, items, style) in [
            ("Rejected", &r.rejected, theme.error()),
            ("Warnings", &r.warnings, theme.warn()),
            ("Possible duplicates", &r.possible_duplicates, theme.warn()),
        ] {
            if items.is_empty() {
                continue;
            }
            out.push(Line::default());
            out.push(Line::from(Span::styled(title, style)));
            out.extend(items.iter().map(|item| file_line(item, theme)));
        }
        out
    }
}

fn reject_style(r: &ImportReport, theme: Theme) -> ratatui::style::Style {
    if r.rejected.is_empty() {
        ratatui::style::Style::new()
    } else {
        theme.error()
    }
}

/// "  contacts.vcf:14  no name, no e-mail and no phone"
fn file_line(item: &FileLine, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!("  {}:{}  ", printable(&item.file), item.line),
            theme.dim(),
        ),
        Span::raw(printable(&item.reason).into_owned()),
    ])
}
