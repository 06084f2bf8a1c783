//! Drawing the Segments pane: saved segments on the left, the query editor
//! and the members on the right (or the comparison), the save form on top.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Focus, SegmentsPane};
use crate::domain::segment::SavedSegment;
use crate::domain::text::printable;
use crate::store::ListRow;
use crate::tui::overlays::path_prompt::grouped;
use crate::tui::theme::Theme;
use crate::tui::widgets::{cut, pad, width};

/// The editor's prompt before the query.
const PROMPT: &str = "› ";

impl SegmentsPane {
    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: Theme) {
        let saved = self.saved.as_ref().map_or(0, Vec::len);
        let mut summary = format!(" {saved} saved ");
        if !self.marked.is_empty() {
            summary = format!(" {saved} saved · {} marked ", self.marked.len());
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(true))
            .title(Span::styled(" Segments ", theme.title()))
            .title_top(Line::from(Span::styled(summary, theme.dim())).right_aligned());
        let inner = block.inner(area);
        f.render_widget(block, area);
        let left_width = if inner.width <= 90 { 31 } else { 40 };
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_width), Constraint::Min(10)]).areas(inner);
        self.page = usize::from(inner.height).saturating_sub(4);
        self.render_saved(f, left, theme);
        if let Some(comparison) = &self.comparison {
            super::compare::render(f, right, theme, comparison);
        } else {
            let [editor, members] =
                Layout::vertical([Constraint::Length(4), Constraint::Min(2)]).areas(right);
            self.render_editor(f, editor, theme);
            self.render_members(f, members, theme);
        }
        if let Some(form) = &self.save {
            form.render(f, inner, theme, self.editor.value().trim());
        }
    }

    fn render_saved(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let block = Block::default()
            .borders(Borders::RIGHT)
            .border_style(theme.border(self.focus == Focus::Saved && !self.editing));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let w = usize::from(inner.width);
        let header = format!(
            "{}{:>7}{:>6}",
            pad("  Saved", w.saturating_sub(13)),
            "size",
            "week"
        );
        let mut lines = vec![Line::from(Span::styled(cut(&header, w), theme.label()))];
        match &self.saved {
            None => lines.push(Line::from(Span::styled("reading…", theme.dim()))),
            Some(list) if list.is_empty() => {
                for (text, style) in [
                    ("No saved segments yet.", Style::new()),
                    ("", theme.dim()),
                    ("/ types a query, s saves it.", theme.dim()),
                    ("From a shell:", theme.dim()),
                    ("kith segment add vip \\", theme.dim()),
                    ("  \"tag:client spent:>=1000\"", theme.dim()),
                ] {
                    lines.push(Line::from(Span::styled(cut(text, w), style)));
                }
            }
            Some(list) => {
                let height = usize::from(inner.height).saturating_sub(1).max(1);
                let offset = self.selected.saturating_sub(height - 1);
                for (i, s) in list.iter().enumerate().skip(offset).take(height) {
                    let marked = self.marked.contains(&s.name);
                    lines.push(saved_line(s, i == self.selected, marked, w, theme));
                }
            }
        }
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn render_editor(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let block = Block::default()
            .borders(Borders::BOTTOM)
            .border_style(theme.border(self.editing));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let (x, y, w) = (inner.x + 1, inner.y, inner.width.saturating_sub(1));
        let placeholder = if self.editing {
            "tag:client city:berlin last:>90d -tag:vip"
        } else {
            "/ types a query: tag:client last:>90d"
        };
        let (line, cursor) = self.editor.prompt_line(
            Span::styled(PROMPT, theme.key()),
            (x, y, w),
            (placeholder, theme.dim()),
        );
        let mut lines = vec![line];
        lines.extend(self.editor_status(usize::from(w), theme));
        let area = Rect::new(x, y, w, inner.height);
        f.render_widget(Paragraph::new(lines), area);
        if self.editing && self.save.is_none() {
            f.set_cursor_position(cursor);
        }
    }

    /// Under the query: the error at its caret, or the count; then what
    /// the keys do.
    fn editor_status(&self, w: usize, theme: Theme) -> [Line<'static>; 2] {
        let kind = if self.save_static { "static" } else { "live" };
        let hint = if self.editing {
            "Enter: the members · Esc leaves · C-u clears".to_string()
        } else {
            format!("e edits · s saves as {kind} · t live/static")
        };
        let mut hint = Line::from(Span::styled(cut(&format!("  {hint}"), w), theme.dim()));
        if let Some(e) = &self.error {
            // The caret goes under the column as the input shows it (it
            // scrolls with the cursor when the query is wider than the row).
            let room = w.saturating_sub(PROMPT.chars().count());
            let (_, cur) = self.editor.view(room);
            let start = self.editor.cursor() - usize::from(cur);
            let at = PROMPT.chars().count() + e.column.saturating_sub(start).min(room);
            let message = printable(&e.message).into_owned();
            let caret = " ".repeat(at) + "^";
            // The message beside the caret, or on the line below.
            if at + 2 + width(&message) <= w {
                let text = format!("{caret} {message}");
                return [Line::from(Span::styled(text, theme.error())), hint];
            }
            hint = Line::from(Span::styled(cut(&format!("  {message}"), w), theme.error()));
            return [Line::from(Span::styled(caret, theme.error())), hint];
        }
        let (text, style) = if self.counting {
            ("counting…".to_string(), theme.warn())
        } else if let Some(failed) = &self.failed {
            (printable(failed).into_owned(), theme.error())
        } else if let Some(m) = &self.members {
            let n = grouped(m.total);
            let what = if m.total == 1 { "contact" } else { "contacts" };
            // A static segment's members are those it froze, not the query's now.
            let frozen = match &self.shown {
                Some(super::Source::Saved(name)) => self
                    .saved
                    .iter()
                    .flatten()
                    .any(|s| s.name == *name && s.is_static),
                _ => false,
            };
            let note = if frozen {
                " · static: frozen when saved"
            } else {
                ""
            };
            (format!("{n} {what}{note}"), theme.ok())
        } else if self.editing {
            ("type a query".to_string(), theme.dim())
        } else {
            (String::new(), theme.dim())
        };
        [
            Line::from(Span::styled(cut(&format!("  {text}"), w), style)),
            hint,
        ]
    }

    fn render_members(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let w = usize::from(area.width.saturating_sub(1));
        let area = Rect::new(
            area.x + 1,
            area.y,
            area.width.saturating_sub(1),
            area.height,
        );
        let cols = Columns::fit(w);
        let mut lines = vec![Line::from(Span::styled(
            cols.header(w),
            theme
                .border(self.focus == Focus::Members)
                .patch(theme.label()),
        ))];
        // While counting, the rows of the query before are not these.
        let Some(members) = self.members.as_ref().filter(|_| !self.counting) else {
            f.render_widget(Paragraph::new(lines), area);
            return;
        };
        if members.rows.is_empty() {
            lines.push(Line::from(Span::styled("nobody matches", theme.dim())));
        }
        let height = usize::from(area.height).saturating_sub(1).max(1);
        let offset = self.member.saturating_sub(height - 1);
        for (i, row) in members.rows.iter().enumerate().skip(offset).take(height) {
            let selected = i == self.member && self.focus == Focus::Members;
            lines.push(cols.row(row, selected, w, theme));
        }
        let more = members.total.saturating_sub(members.rows.len() as u64);
        if more > 0 && lines.len() <= height {
            lines.push(Line::from(Span::styled(
                format!("… and {} more", grouped(more)),
                theme.dim(),
            )));
        }
        f.render_widget(Paragraph::new(lines), area);
    }
}

/// One saved segment: mark, name, live/static, size and the week's change.
fn saved_line(
    s: &SavedSegment,
    selected: bool,
    marked: bool,
    w: usize,
    theme: Theme,
) -> Line<'static> {
    let base = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    // The selection shows without colour too; the mark beside it.
    let mark = match (selected, marked) {
        (true, true) => "›●",
        (true, false) => "› ",
        (false, true) => " ●",
        (false, false) => "  ",
    };
    let kind = if s.is_static { "S" } else { " " };
    let size = grouped(s.size);
    let trend = trend(s);
    // name | kind | size (7) | trend (6)
    let name_w = w.saturating_sub(2 + 2 + 7 + 6);
    let spans = vec![
        Span::styled(mark, base.patch(theme.key())),
        Span::styled(pad(&printable(&s.name), name_w), base),
        Span::styled(format!(" {kind}"), base.patch(theme.dim_on(selected))),
        Span::styled(format!("{size:>7}"), base),
        Span::styled(format!("{trend:>6}"), base.patch(theme.dim_on(selected))),
    ];
    Line::from(spans)
}

/// The change since last week: "+12", "−3", "±0", or nothing without a record.
pub fn trend(s: &SavedSegment) -> String {
    let Some(before) = s.week_ago else {
        return String::new();
    };
    match s.size.cmp(&before) {
        std::cmp::Ordering::Greater => format!("+{}", grouped(s.size - before)),
        std::cmp::Ordering::Less => format!("−{}", grouped(before - s.size)),
        std::cmp::Ordering::Equal => "±0".to_string(),
    }
}

/// The members list's columns for a width: the name and the last contact
/// always, the stage, e-mail and org as room allows.
struct Columns {
    name: usize,
    email: usize,
    org: usize,
    stage: usize,
}

/// "2026-11-23".
const DATE: usize = 10;

impl Columns {
    fn fit(w: usize) -> Columns {
        let rest = w.saturating_sub(DATE + 1);
        let stage = if rest >= 24 { 10 } else { 0 };
        let rest = rest.saturating_sub(stage);
        let name = (rest * 2 / 5).max(12).min(rest);
        let rest = rest - name;
        // Narrow: the org (as in the Contacts list); wide: the e-mail too.
        let (email, org) = if rest >= 30 {
            (rest * 3 / 5, rest - rest * 3 / 5)
        } else {
            (0, rest)
        };
        Columns {
            name,
            email,
            org,
            stage,
        }
    }

    fn header(&self, w: usize) -> String {
        let mut s = pad("Name", self.name);
        for (title, n) in [
            ("E-mail", self.email),
            ("Org", self.org),
            ("Stage", self.stage),
        ] {
            s.push_str(&pad(title, n));
        }
        s.push(' ');
        s.push_str("Last");
        pad(&s, w)
    }

    fn row(&self, r: &ListRow, selected: bool, w: usize, theme: Theme) -> Line<'static> {
        let base = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let dim = base.patch(theme.dim_on(selected));
        let text = |s: Option<&str>, n: usize| {
            if n == 0 {
                String::new()
            } else {
                pad(&cut(&printable(s.unwrap_or("")), n.saturating_sub(1)), n)
            }
        };
        let stage = r.stage.map(crate::domain::contact::Stage::as_str);
        let last = r
            .last_contact
            .as_deref()
            .map_or("—", |d| d.get(..10).unwrap_or(d));
        let spans = vec![
            Span::styled(text(Some(&r.name), self.name), base),
            Span::styled(text(r.email.as_deref(), self.email), dim),
            Span::styled(text(r.org.as_deref(), self.org), dim),
            Span::styled(text(stage, self.stage), base),
            Span::styled(format!(" {last}"), dim),
        ];
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        let mut line = Line::from(spans);
        if selected && used < w {
            line.spans.push(Span::styled(" ".repeat(w - used), base));
        }
        line
    }
}
