//! Contacts: a fuzzy-filtered list of everyone, and the selected contact's
//! details, open follow-ups and timeline.
//!
//! Only the visible rows are drawn: the list holds search hits (ids and
//! match positions) and reads names from the shared index for the rows on
//! screen. Filtering runs on the worker; results carry a sequence number so
//! a slow, stale result never overwrites a newer one.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::search::{Field, Hit, SearchDoc, SearchIndex};
use crate::domain::text::printable;
use crate::store::{ContactSort, ListRow};
use crate::tui::action::Action;
use crate::tui::effect::{Detail, Effect};
use crate::tui::theme::Theme;
use crate::tui::widgets::text_input::TextInput;
use crate::tui::widgets::{self, cut, detail};
use crate::tui::worker::{Job, SharedIndex};

#[derive(Default)]
pub struct ContactsPane {
    pub search: TextInput,
    pub searching: bool,
    pub sort: ContactSort,
    pub hits: Vec<Hit>,
    pub selected: usize,
    pub detail: Option<Detail>,
    detail_scroll: u16,
    /// The selected timeline entry, while the timeline has the focus.
    pub entry: Option<usize>,
    /// The newest filter asked for, and the newest received.
    asked: u64,
    got: u64,
    /// Whether the index has been loaded once.
    pub loaded: bool,
    /// A contact to select once the next result arrives.
    want: Option<i64>,
    /// Rows that fit in the list, from the last draw (for paging).
    page: usize,
    /// The first rows by name, shown until the index is loaded.
    preview: Vec<ListRow>,
    /// The archived view: its own small index, searched here (not on the
    /// worker). `None`: the list shows the active contacts.
    archived: Option<SearchIndex>,
    /// The archived contacts are being read.
    archived_loading: bool,
}

impl ContactsPane {
    pub fn busy(&self) -> bool {
        !self.loaded || self.asked > self.got || self.archived_loading
    }

    /// Whether the list shows the archived contacts.
    pub fn showing_archived(&self) -> bool {
        self.archived.is_some()
    }

    pub fn selected_id(&self) -> Option<i64> {
        self.hits.get(self.selected).map(|h| h.id)
    }

    pub fn update(&mut self, action: &Action) -> Vec<Effect> {
        if let Some(i) = self.entry {
            let last = self
                .detail
                .as_ref()
                .map_or(0, |d| d.timeline.len().saturating_sub(1));
            let page = self.page.max(1);
            let moved = match action {
                Action::Up => Some(i.saturating_sub(1)),
                Action::Down => Some(i + 1),
                Action::PageUp => Some(i.saturating_sub(page)),
                Action::PageDown => Some(i + page),
                Action::Top => Some(0),
                Action::Bottom => Some(last),
                Action::Cancel => {
                    self.entry = None;
                    return Vec::new();
                }
                _ => None,
            };
            if let Some(j) = moved {
                self.entry = Some(j.min(last));
                return Vec::new();
            }
        }
        match action {
            Action::Search => {
                self.searching = true;
                Vec::new()
            }
            Action::ToggleArchived => {
                self.selected = 0;
                self.hits.clear();
                self.detail = None;
                self.entry = None;
                if self.archived.take().is_some() {
                    self.filter()
                } else {
                    self.archived = Some(SearchIndex::default());
                    self.archived_loading = true;
                    vec![Effect::LoadArchived]
                }
            }
            Action::Cancel if !self.search.value().is_empty() => {
                self.search.clear();
                self.filter()
            }
            Action::CycleSort => {
                self.sort = match self.sort {
                    ContactSort::Name => ContactSort::Last,
                    ContactSort::Last => ContactSort::Created,
                    ContactSort::Created => ContactSort::Name,
                };
                self.filter()
            }
            Action::Up => self.move_to(self.selected.saturating_sub(1)),
            Action::Down => self.move_to(self.selected + 1),
            Action::PageUp => self.move_to(self.selected.saturating_sub(self.page.max(1))),
            Action::PageDown => self.move_to(self.selected + self.page.max(1)),
            Action::Top => self.move_to(0),
            Action::Bottom => self.move_to(self.hits.len().saturating_sub(1)),
            Action::DetailDown => {
                self.detail_scroll = self.detail_scroll.saturating_add(3);
                Vec::new()
            }
            Action::DetailUp => {
                self.detail_scroll = self.detail_scroll.saturating_sub(3);
                Vec::new()
            }
            Action::Input(key) => match key.code {
                KeyCode::Esc | KeyCode::Enter => {
                    self.searching = false;
                    Vec::new()
                }
                KeyCode::Up => self.move_to(self.selected.saturating_sub(1)),
                KeyCode::Down => self.move_to(self.selected + 1),
                _ => {
                    if self.search.handle(key) {
                        self.filter()
                    } else {
                        Vec::new()
                    }
                }
            },
            _ => Vec::new(),
        }
    }

    /// Asks the worker for the current query (the archived view filters here).
    fn filter(&mut self) -> Vec<Effect> {
        if let Some(archived) = &self.archived {
            let hits = archived.search(self.search.value());
            return self.show_hits(hits);
        }
        self.asked += 1;
        vec![Effect::Worker(Job::Filter {
            seq: self.asked,
            query: self.search.value().to_string(),
            sort: self.sort,
        })]
    }

    fn move_to(&mut self, i: usize) -> Vec<Effect> {
        if self.hits.is_empty() {
            return Vec::new();
        }
        let i = i.min(self.hits.len() - 1);
        let changed =
            i != self.selected || self.detail.as_ref().map(|d| d.contact.id) != self.selected_id();
        self.selected = i;
        if changed {
            self.load_selected()
        } else {
            Vec::new()
        }
    }

    fn load_selected(&mut self) -> Vec<Effect> {
        self.detail_scroll = 0;
        self.entry = None;
        match self.selected_id() {
            Some(id) => vec![Effect::LoadDetail(id)],
            None => {
                self.detail = None;
                Vec::new()
            }
        }
    }

    /// Shows the first rows while the index loads, and the first contact.
    pub fn preview(&mut self, rows: Vec<ListRow>) -> Vec<Effect> {
        if self.loaded {
            return Vec::new();
        }
        self.hits = rows
            .iter()
            .map(|r| Hit {
                id: r.id,
                score: 0,
                field: Field::Name,
                name_positions: Vec::new(),
            })
            .collect();
        self.preview = rows;
        self.selected = 0;
        self.load_selected()
    }

    pub fn on_loaded(&mut self) -> Vec<Effect> {
        self.loaded = true;
        self.preview = Vec::new();
        self.filter()
    }

    pub fn filtered(&mut self, seq: u64, query: &str, hits: Vec<Hit>) -> Vec<Effect> {
        if seq < self.got || query != self.search.value() && seq < self.asked {
            return Vec::new();
        }
        self.got = seq;
        if self.archived.is_some() {
            return Vec::new(); // the active list, asked for before the switch
        }
        self.show_hits(hits)
    }

    /// The archived contacts arrived.
    pub fn archived_loaded(&mut self, docs: Vec<SearchDoc>) -> Vec<Effect> {
        self.archived_loading = false;
        match &mut self.archived {
            Some(index) => {
                *index = SearchIndex::new(docs);
                self.filter()
            }
            None => Vec::new(),
        }
    }

    /// Shows `hits`, keeping the selected contact when it is among them.
    fn show_hits(&mut self, hits: Vec<Hit>) -> Vec<Effect> {
        let keep = self.want.take().or_else(|| self.selected_id());
        self.hits = hits;
        self.selected = keep
            .and_then(|id| self.hits.iter().position(|h| h.id == id))
            .unwrap_or(0);
        if self.detail.as_ref().map(|d| d.contact.id) == self.selected_id() {
            Vec::new()
        } else {
            self.load_selected()
        }
    }

    pub fn detail_loaded(&mut self, detail: Detail) {
        if Some(detail.contact.id) == self.selected_id() || self.hits.is_empty() {
            // Keep the timeline selection, within the entries now there.
            let last = detail.timeline.len().checked_sub(1);
            self.entry = self.entry.zip(last).map(|(i, last)| i.min(last));
            self.detail = Some(detail);
        }
    }

    /// Selects a contact, clearing the search if it hides them.
    pub fn select_id(&mut self, id: i64) -> Vec<Effect> {
        if let Some(i) = self.hits.iter().position(|h| h.id == id) {
            self.selected = i;
            return self.load_selected();
        }
        self.archived = None;
        self.archived_loading = false;
        self.want = Some(id);
        self.search.clear();
        self.searching = false;
        let mut effects = self.filter();
        effects.push(Effect::LoadDetail(id));
        effects
    }

    /// The index changed (a save): filter again, keeping the selection.
    pub fn refresh_after_save(&mut self) -> Vec<Effect> {
        self.filter()
    }

    /// Others wrote: filter again and re-read the shown contact.
    pub fn refresh(&mut self) -> Vec<Effect> {
        let mut effects = if self.archived.is_some() {
            self.archived_loading = true;
            vec![Effect::LoadArchived]
        } else {
            self.filter()
        };
        effects.extend(self.selected_id().map(Effect::LoadDetail));
        effects
    }

    pub fn removed(&mut self, id: i64) -> Vec<Effect> {
        if self.detail.as_ref().is_some_and(|d| d.contact.id == id) {
            self.detail = None;
        }
        self.hits.retain(|h| h.id != id);
        if let Some(archived) = &mut self.archived {
            archived.remove(id);
        }
        self.selected = self.selected.min(self.hits.len().saturating_sub(1));
        let mut effects = self.load_selected();
        effects.extend(self.filter());
        effects
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: Theme, index: &SharedIndex) {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                .areas(area);
        let [search_area, list_area] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(left);
        self.render_search(f, search_area, theme);
        self.render_list(f, list_area, theme, index);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(false))
            .title(Span::styled(" Detail ", theme.title()));
        match &self.detail {
            Some(d) => {
                let width = usize::from(right.width.saturating_sub(2));
                let (lines, at) = detail::lines(d, theme, width, self.entry);
                let inner_h = right.height.saturating_sub(2);
                let max = (lines.len() as u16).saturating_sub(inner_h);
                // Keep the selected entry in view.
                if let Some(at) = at.and_then(|a| u16::try_from(a).ok()) {
                    if at < self.detail_scroll {
                        self.detail_scroll = at;
                    } else if at >= self.detail_scroll + inner_h {
                        self.detail_scroll = at + 1 - inner_h;
                    }
                }
                self.detail_scroll = self.detail_scroll.min(max);
                let block = block.border_style(theme.border(self.entry.is_some()));
                f.render_widget(
                    Paragraph::new(lines)
                        .block(block)
                        .scroll((self.detail_scroll, 0)),
                    right,
                );
            }
            None => {
                let empty = index.read().is_ok_and(|i| i.is_empty());
                let text = if self.loaded && empty {
                    vec![
                        Line::from("No contacts yet."),
                        Line::default(),
                        Line::from(vec![
                            Span::styled("a", theme.key()),
                            Span::raw(" adds one here, or from a shell:"),
                        ]),
                        Line::from(Span::styled(
                            "  kith add \"Jane Doe <jane@acme.io>\"",
                            theme.dim(),
                        )),
                    ]
                } else {
                    vec![Line::from(Span::styled("Select a contact.", theme.dim()))]
                };
                f.render_widget(
                    Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
                    right,
                );
            }
        }
    }

    fn render_search(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let sort = match self.sort {
            ContactSort::Name => "name",
            ContactSort::Last => "last contact",
            ContactSort::Created => "newest",
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(self.searching))
            .title(Span::styled(" Search ", theme.title()))
            .title_top(
                Line::from(Span::styled(format!(" sort: {sort} "), theme.dim())).right_aligned(),
            );
        let inner = block.inner(area);
        f.render_widget(block, area);
        let placeholder = if self.searching {
            ""
        } else {
            "names, emails, orgs, tags"
        };
        let (line, cursor) = self.search.prompt_line(
            Span::styled("/ ", theme.key()),
            (inner.x, inner.y, inner.width),
            (placeholder, theme.dim()),
        );
        f.render_widget(Paragraph::new(line), inner);
        if self.searching {
            f.set_cursor_position(cursor);
        }
    }

    fn render_list(&mut self, f: &mut Frame, area: Rect, theme: Theme, index: &SharedIndex) {
        let guard = index.read().ok();
        let source = match &self.archived {
            Some(archived) => Some(archived),
            None => guard.as_deref(),
        };
        let total = match &self.archived {
            Some(_) if self.archived_loading => None,
            Some(a) => Some(a.len()),
            None => self.loaded.then(|| source.map_or(0, SearchIndex::len)),
        };
        let count = match total {
            None => " loading… ".to_string(),
            Some(total) if self.search.value().trim().is_empty() => format!(" {total} "),
            Some(total) => format!(" {} of {total} ", self.hits.len()),
        };
        let title = if self.archived.is_some() {
            Line::from(vec![
                Span::styled(" Contacts ", theme.title()),
                Span::styled("· ARCHIVED ", theme.warn()),
            ])
        } else {
            Line::from(Span::styled(" Contacts ", theme.title()))
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(!self.searching))
            .title(title)
            .title_top(Line::from(Span::styled(count, theme.dim())).right_aligned());
        let inner = block.inner(area);
        f.render_widget(block, area);
        let height = usize::from(inner.height);
        self.page = height.saturating_sub(1);
        if self.hits.is_empty() {
            let msg = match total {
                None => "loading contacts…",
                Some(0) if self.archived.is_some() => "nobody archived · v: back",
                Some(0) => "nobody here yet",
                Some(_) => "no match",
            };
            f.render_widget(Paragraph::new(Span::styled(msg, theme.dim())), inner);
            return;
        }
        // Keep the selection in view; draw only the rows that fit.
        let offset = self.selected.saturating_sub(height.saturating_sub(1));
        let Some(idx) = source else { return };
        let width = usize::from(inner.width);
        // Preview rows stand for the active list only.
        let preview = !self.loaded && self.archived.is_none();
        let lines: Vec<Line> = self.hits[offset..self.hits.len().min(offset + height)]
            .iter()
            .enumerate()
            .map(|(i, hit)| {
                let selected = offset + i == self.selected;
                // Before the index is built, a row is either a preview row or
                // a search hit the worker answered from the database (and put
                // into the index).
                let row_of_preview = self.preview.get(offset + i).filter(|r| r.id == hit.id);
                let (name, org) = match (idx.get(hit.id), row_of_preview) {
                    (None, Some(r)) if preview => (r.name.as_str(), r.org.as_deref().unwrap_or("")),
                    (doc, _) => (
                        doc.map_or("?", |d| d.name.as_str()),
                        doc.and_then(|d| d.org.as_deref()).unwrap_or(""),
                    ),
                };
                row(name, &hit.name_positions, org, width, selected, theme)
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    }
}

/// One list row: the name with matched letters highlighted, then the org,
/// cut with an ellipsis to fit `width` columns.
fn row<'a>(
    name: &str,
    positions: &[usize],
    org: &str,
    width: usize,
    selected: bool,
    theme: Theme,
) -> Line<'a> {
    let base = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    let (name, org) = (printable(name), printable(org));
    let shown = cut(&name, width);
    // A cut name ends in the ellipsis, which is no letter of it.
    let kept = if shown == *name {
        shown.chars().count()
    } else {
        shown.chars().count().saturating_sub(1)
    };
    let mut spans: Vec<Span> = shown
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let matched = positions.contains(&i) && i < kept;
            let style = if matched {
                base.patch(theme.matched())
            } else {
                base
            };
            Span::styled(c.to_string(), style)
        })
        .collect();
    let mut used = widgets::width(&shown);
    if !org.is_empty() && used + 4 < width {
        let org = cut(&org, width - used - 3);
        used += widgets::width(&org) + 3;
        spans.push(Span::styled(
            format!(" · {org}"),
            base.patch(theme.dim_on(selected)),
        ));
    }
    if selected && used < width {
        spans.push(Span::styled(" ".repeat(width - used), base));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests;
