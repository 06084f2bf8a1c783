//! The Segments pane: saved segments with size and trend, a query editor
//! with the live member count and the parse error under the caret, the
//! members, and segments compared side by side.
//!
//! The editor checks the query on every key (the parser is pure and fast);
//! a query that reads is evaluated on the reader thread, each evaluation
//! with a number so what an older one sends is dropped, and the count says
//! "counting…" until the newest answers. Writes (save, delete) go to the
//! writer; the list is read again after them and after others' writes.

mod compare;
mod editor;
mod render;

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyEvent};

pub use self::editor::SaveForm;
use crate::domain::segment::{Performance, QueryError, SavedSegment, check};
use crate::ops::segment::Members;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::reader::Read;
use crate::tui::widgets::text_input::TextInput;

/// How many members a read brings back to list (the count is of all).
pub const MEMBERS_SHOWN: usize = 500;

/// Which list the movement keys move in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Saved,
    Members,
}

/// What the members shown are of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The query in the editor.
    Query(String),
    /// A saved segment (a static one's members are those it froze).
    Saved(String),
}

/// Segments side by side, once read.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub names: Vec<String>,
    /// None while it is being read.
    pub result: Option<Result<Vec<Performance>, String>>,
    /// The currency the money figures are in.
    pub currency: String,
}

#[derive(Default)]
pub struct SegmentsPane {
    /// The saved segments (None until read).
    pub saved: Option<Vec<SavedSegment>>,
    pub selected: usize,
    /// Names of the segments marked for comparison.
    pub marked: BTreeSet<String>,
    pub editor: TextInput,
    /// Keys go to the editor.
    pub editing: bool,
    /// Why the editor's query does not read (None: it reads, or is empty).
    pub error: Option<QueryError>,
    /// The members of what is shown (None: nothing evaluated yet).
    pub members: Option<Members>,
    /// The newest evaluation has not answered yet.
    pub counting: bool,
    /// The newest evaluation failed, and why.
    pub failed: Option<String>,
    pub shown: Option<Source>,
    pub member: usize,
    pub focus: Focus,
    /// The next save makes a static segment.
    pub save_static: bool,
    /// The save form, while it is open.
    pub save: Option<SaveForm>,
    pub comparison: Option<Comparison>,
    /// The newest members, list and comparison reads asked for.
    seq: u64,
    list_seq: u64,
    compare_seq: u64,
    page: usize,
}

impl SegmentsPane {
    /// Arriving at the pane: read the saved segments (and what is shown)
    /// as they are now.
    pub fn open(&mut self) -> Vec<Effect> {
        self.list_seq = self.list_seq.max(1);
        self.refresh()
    }

    /// Others wrote, or the user asked: read the list and the members again.
    pub fn refresh(&mut self) -> Vec<Effect> {
        // Not opened yet: nothing shown to refresh.
        if self.list_seq == 0 {
            return Vec::new();
        }
        let mut effects = vec![self.read_list()];
        effects.extend(match self.shown.clone() {
            Some(Source::Saved(name)) => Some(self.show_saved(name)),
            Some(Source::Query(_)) => self.run_query(),
            None => None,
        });
        effects
    }

    /// Whether keys go to the query editor or the save form.
    pub fn typing(&self) -> bool {
        self.editing || self.save.is_some()
    }

    /// An evaluation is in flight.
    pub fn busy(&self) -> bool {
        self.counting || self.comparison.as_ref().is_some_and(|c| c.result.is_none())
    }

    pub fn selected_segment(&self) -> Option<&SavedSegment> {
        self.saved.as_ref().and_then(|s| s.get(self.selected))
    }

    pub fn selected_member(&self) -> Option<&crate::store::ListRow> {
        self.members.as_ref().and_then(|m| m.rows.get(self.member))
    }

    fn read_list(&mut self) -> Effect {
        self.list_seq += 1;
        Effect::Read(Read::SegmentList { seq: self.list_seq })
    }

    /// The saved segments arrived: the selection stays on its segment.
    pub fn on_list(&mut self, seq: u64, segments: Vec<SavedSegment>) -> Vec<Effect> {
        if seq != self.list_seq {
            return Vec::new();
        }
        let keep = self.selected_segment().map(|s| s.name.clone());
        self.selected = keep
            .and_then(|k| segments.iter().position(|s| s.name == k))
            .unwrap_or(self.selected)
            .min(segments.len().saturating_sub(1));
        self.marked
            .retain(|name| segments.iter().any(|s| s.name == *name));
        self.saved = Some(segments);
        // The first visit shows the first segment.
        if self.shown.is_none() && !self.editing && self.editor.value().is_empty() {
            return self.load_selected();
        }
        Vec::new()
    }

    /// The members of evaluation `seq` arrived (older ones are dropped).
    pub fn on_members(&mut self, seq: u64, members: Result<Members, String>) {
        if seq != self.seq {
            return;
        }
        self.counting = false;
        match members {
            Ok(m) => {
                self.member = self.member.min(m.rows.len().saturating_sub(1));
                self.members = Some(m);
                self.failed = None;
            }
            Err(e) => {
                self.members = None;
                self.failed = Some(e);
            }
        }
    }

    /// Starts the comparison of `names`; its figures come later.
    pub fn compare(&mut self, names: Vec<String>) -> Effect {
        self.compare_seq += 1;
        self.editing = false;
        self.comparison = Some(Comparison {
            names: names.clone(),
            result: None,
            currency: String::new(),
        });
        Effect::Read(Read::SegmentCompare {
            seq: self.compare_seq,
            names,
        })
    }

    pub fn on_compared(
        &mut self,
        seq: u64,
        performance: Result<Vec<Performance>, String>,
        currency: String,
    ) {
        if seq != self.compare_seq {
            return;
        }
        if let Some(c) = self.comparison.as_mut() {
            c.result = Some(performance);
            c.currency = currency;
        }
    }

    /// A segment was saved: the list is read again, with it selected.
    pub fn saved_one(&mut self, segment: &SavedSegment) -> Vec<Effect> {
        self.save = None;
        if let Some(list) = self.saved.as_mut()
            && !list.iter().any(|s| s.id == segment.id)
        {
            let at = list.partition_point(|s| s.name.to_lowercase() < segment.name.to_lowercase());
            list.insert(at, segment.clone());
            self.selected = at;
        }
        self.shown = Some(Source::Saved(segment.name.clone()));
        vec![self.read_list()]
    }

    /// A segment was removed: it leaves the list and the marks.
    pub fn removed(&mut self, segment: &SavedSegment) -> Vec<Effect> {
        if let Some(list) = self.saved.as_mut() {
            list.retain(|s| s.id != segment.id);
            self.selected = self.selected.min(list.len().saturating_sub(1));
        }
        self.marked.remove(&segment.name);
        if self.shown == Some(Source::Saved(segment.name.clone())) {
            self.shown = Some(Source::Query(self.editor.value().to_string()));
        }
        vec![self.read_list()]
    }

    /// Shows the selected saved segment: its query in the editor, its members.
    fn load_selected(&mut self) -> Vec<Effect> {
        let Some(segment) = self.selected_segment().cloned() else {
            return Vec::new();
        };
        self.editor.set(&segment.query);
        self.error = None;
        vec![self.show_saved(segment.name)]
    }

    fn show_saved(&mut self, name: String) -> Effect {
        self.seq += 1;
        self.counting = true;
        self.failed = None;
        self.member = 0;
        self.shown = Some(Source::Saved(name.clone()));
        Effect::Read(Read::SegmentShow {
            seq: self.seq,
            name,
        })
    }

    /// Checks the editor's query; if it reads, evaluates it.
    fn run_query(&mut self) -> Option<Effect> {
        let query = self.editor.value().trim().to_string();
        self.failed = None;
        self.shown = Some(Source::Query(query.clone()));
        if query.is_empty() {
            self.error = None;
            self.counting = false;
            self.members = None;
            self.seq += 1;
            return None;
        }
        if let Err(e) = check(&query) {
            // The count of an older query is not this one's.
            self.error = Some(e);
            self.counting = false;
            self.members = None;
            self.seq += 1;
            return None;
        }
        self.error = None;
        self.seq += 1;
        self.counting = true;
        self.member = 0;
        Some(Effect::Read(Read::SegmentPreview {
            seq: self.seq,
            query,
        }))
    }

    pub fn update(&mut self, action: &Action) -> Vec<Effect> {
        match action {
            Action::Input(key) if self.save.is_some() => self.save_key(key),
            Action::Input(key) => self.editor_key(key),
            Action::EditQuery => {
                self.editing = true;
                self.comparison = None;
                Vec::new()
            }
            Action::ToggleStatic => {
                self.save_static = !self.save_static;
                Vec::new()
            }
            Action::MarkSegment => {
                if let Some(name) = self.selected_segment().map(|s| s.name.clone())
                    && !self.marked.remove(&name)
                {
                    self.marked.insert(name);
                }
                Vec::new()
            }
            Action::Cancel => {
                self.comparison = None;
                Vec::new()
            }
            Action::DetailDown => {
                self.focus = Focus::Members;
                Vec::new()
            }
            Action::DetailUp => {
                self.focus = Focus::Saved;
                Vec::new()
            }
            _ => self.move_selection(action),
        }
    }

    fn editor_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        match key.code {
            KeyCode::Esc => {
                self.editing = false;
                Vec::new()
            }
            // Enter leaves the editor for the members it found.
            KeyCode::Enter => {
                self.editing = false;
                if self.error.is_none() && self.members.is_some() {
                    self.focus = Focus::Members;
                }
                Vec::new()
            }
            _ if self.editor.handle(key) => self.run_query().into_iter().collect(),
            _ => Vec::new(),
        }
    }

    fn move_selection(&mut self, action: &Action) -> Vec<Effect> {
        let (pos, len) = match self.focus {
            Focus::Saved => (self.selected, self.saved.as_ref().map_or(0, Vec::len)),
            Focus::Members => (
                self.member,
                self.members.as_ref().map_or(0, |m| m.rows.len()),
            ),
        };
        let last = len.saturating_sub(1);
        let page = self.page.max(1);
        let moved = match action {
            Action::Up => pos.saturating_sub(1),
            Action::Down => (pos + 1).min(last),
            Action::PageUp => pos.saturating_sub(page),
            Action::PageDown => (pos + page).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return Vec::new(),
        };
        match self.focus {
            Focus::Members => {
                self.member = moved;
                Vec::new()
            }
            Focus::Saved if moved != pos || self.shown.is_none() => {
                self.selected = moved;
                self.load_selected()
            }
            Focus::Saved => Vec::new(),
        }
    }

    /// Opens the save form for the editor's query, if it reads.
    pub fn start_save(&mut self) -> Result<(), String> {
        let query = self.editor.value().trim();
        if query.is_empty() {
            return Err("type a query first: / edits it".into());
        }
        // The editor checked it on every key.
        if let Some(e) = &self.error {
            return Err(format!("the query does not read: {e}"));
        }
        self.editing = false;
        self.comparison = None;
        self.save = Some(SaveForm::new(self.save_static));
        Ok(())
    }

    fn save_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let query = self.editor.value().trim().to_string();
        let Some(form) = self.save.as_mut() else {
            return Vec::new();
        };
        match form.handle(key, &query) {
            editor::FormResult::Keep => Vec::new(),
            editor::FormResult::Cancel => {
                self.save = None;
                Vec::new()
            }
            editor::FormResult::Save(effect) => {
                if let Effect::SaveSegment { is_static, .. } = effect.as_ref() {
                    self.save_static = *is_static;
                }
                vec![*effect]
            }
        }
    }
}

#[cfg(test)]
mod tests;
