//! The application state and its update function.
//!
//! Input arrives as keys; the keymap turns them into [`Action`]s unless a
//! text field has the focus; `update` changes state and returns [`Effect`]s;
//! outcomes of effects come back through `on_outcome`. Drawing is in
//! `view.rs` and only reads the state.

use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, FormKind, PaneId};
use super::effect::{Effect, Outcome};
use super::keymap::{self, Scope};
use super::overlays::{Dirs, Overlay, OverlayResult};
use super::panes::capture::CapturePane;
use super::panes::cleanup::CleanupPane;
use super::panes::contacts::ContactsPane;
use super::panes::dashboard::DashboardPane;
use super::panes::follow_ups::FollowUpsPane;
use super::panes::outreach::OutreachPane;
use super::panes::segments::SegmentsPane;
use super::transfer::Running;
use super::worker::{Done, SharedIndex};
use crate::domain::interaction::InteractionKind;
use crate::domain::remind::ItemKind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Ok,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

pub struct App {
    pub active: PaneId,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub contacts: ContactsPane,
    pub capture: CapturePane,
    pub follow_ups: FollowUpsPane,
    pub segments: SegmentsPane,
    pub dashboard: DashboardPane,
    pub cleanup: CleanupPane,
    pub outreach: OutreachPane,
    pub index: SharedIndex,
    /// The time the app reasons with (fixed in tests).
    pub now: NaiveDateTime,
    /// Where to go back to when a form opened from another pane is done.
    return_to: Option<PaneId>,
    /// Writes sent to the writer thread whose outcome has not come back.
    pub writing: usize,
    /// The import or export in hand (see `transfer.rs`).
    pub transfer: Option<Running>,
    /// Where the file prompts of import and export start from.
    pub dirs: Dirs,
    pub quit: bool,
}

impl App {
    pub fn new(index: SharedIndex, now: NaiveDateTime) -> Self {
        App {
            active: PaneId::Contacts,
            overlay: None,
            status: None,
            contacts: ContactsPane::default(),
            capture: CapturePane::new(FormKind::Contact),
            follow_ups: FollowUpsPane::default(),
            segments: SegmentsPane::default(),
            dashboard: DashboardPane::default(),
            cleanup: CleanupPane::default(),
            outreach: OutreachPane::default(),
            index,
            now,
            return_to: None,
            writing: 0,
            transfer: None,
            dirs: Dirs::from_env(),
            quit: false,
        }
    }

    /// What to do first: load the contacts (on the worker). The follow-up
    /// list loads when its pane opens.
    pub fn start(&mut self) -> Vec<Effect> {
        vec![Effect::Worker(super::worker::Job::Load)]
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            // A second Ctrl-C on the "discard the form?" question quits.
            let asked = matches!(self.overlay, Some(Overlay::Discard { .. }));
            return self.update(if asked { Action::QuitNow } else { Action::Quit });
        }
        if let Some(overlay) = self.overlay.as_mut() {
            let result = overlay.handle_key(&key, self.now);
            return self.apply_overlay(result);
        }
        // Alt+N / FN reach pane N even from inside a text field.
        if let Some(pane) = keymap::pane_key(&key) {
            return self.update(Action::Go(pane));
        }
        if self.typing() {
            return self.update(Action::Input(key));
        }
        match keymap::resolve(Scope::of(self.active), &key) {
            Some(action) => self.update(action),
            None => Vec::new(),
        }
    }

    /// Whether keys go to a text field (the search, or a form being edited).
    pub fn typing(&self) -> bool {
        match self.active {
            PaneId::Contacts => self.contacts.searching,
            PaneId::Capture => self.capture.editing,
            PaneId::Segments => self.segments.typing(),
            PaneId::Outreach => self.outreach.typing(),
            PaneId::FollowUps | PaneId::Dashboard | PaneId::Cleanup => false,
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.status = None;
        if self.replaces_unsaved_form(&action) {
            self.overlay = Some(Overlay::discard(
                "Discard the unsaved form and open another?",
                Action::Discarded(Box::new(action)),
            ));
            return Vec::new();
        }
        match action {
            Action::Discarded(then) => {
                self.capture.discard();
                self.update(*then)
            }
            Action::Quit if self.capture.has_unsaved_input() => {
                self.overlay = Some(Overlay::discard(
                    "Discard the unsaved form and quit?",
                    Action::QuitNow,
                ));
                Vec::new()
            }
            Action::Quit | Action::QuitNow => {
                self.quit = true;
                Vec::new()
            }
            Action::Help => {
                self.overlay = Some(Overlay::help());
                Vec::new()
            }
            Action::Palette => {
                self.overlay = Some(Overlay::palette(Scope::of(self.active)));
                Vec::new()
            }
            Action::NextPane | Action::PrevPane => {
                let i = PaneId::ALL
                    .iter()
                    .position(|p| *p == self.active)
                    .unwrap_or(0);
                let n = PaneId::ALL.len();
                let next = if action == Action::NextPane {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.go(PaneId::ALL[next])
            }
            Action::Go(pane) => self.go(pane),
            Action::Capture(kind) => self.open_form(kind),
            // The form opens on the contact as it is in the database now.
            Action::EditContact => match self.contacts.detail.as_ref() {
                Some(d) => vec![Effect::LoadForEdit(d.contact.id)],
                None => self.nothing_selected(),
            },
            Action::Tag => match self.contacts.selected_id() {
                Some(id) => {
                    self.overlay = Some(Overlay::tag(id));
                    Vec::new()
                }
                None => self.nothing_selected(),
            },
            Action::Archive | Action::Delete => self.confirm_removal(&action),
            Action::EditorNote => match &self.contacts.detail {
                Some(d) => vec![Effect::EditorNote {
                    contact_id: d.contact.id,
                    name: d.contact.name.clone(),
                    kind: InteractionKind::Note,
                }],
                None => self.nothing_selected(),
            },
            Action::OpenTimeline => self.open_timeline(),
            Action::Done => self.done_selected(),
            Action::Snooze => match self.follow_ups.selected().and_then(|i| i.follow_up_id) {
                Some(id) => {
                    self.overlay = Some(Overlay::snooze(id));
                    Vec::new()
                }
                None => self.say_error("only a follow-up can be snoozed"),
            },
            Action::OpenContact => self.open_contact(),
            Action::Refresh => vec![Effect::Sync],
            a @ (Action::Import
            | Action::Export
            | Action::ImportFile { .. }
            | Action::ExportFile { .. }) => self.transfer(a),
            a @ (Action::Merge
            | Action::NotDuplicate
            | Action::UndoMerge
            | Action::Rescan
            | Action::FixFinding
            | Action::SkipFinding) => self.cleanup_action(&a),
            other => self.pane_update(&other),
        }
    }

    /// Enter on a person in another pane: the Contacts pane, on them.
    fn open_contact(&mut self) -> Vec<Effect> {
        match self.active {
            PaneId::Dashboard => self.dashboard_open_contact(),
            PaneId::Segments => self.pane_update(&Action::OpenContact),
            _ => match self.follow_ups.selected().map(|i| i.contact_id) {
                Some(id) => {
                    self.active = PaneId::Contacts;
                    self.contacts.select_id(id)
                }
                None => Vec::new(),
            },
        }
    }

    fn pane_update(&mut self, action: &Action) -> Vec<Effect> {
        match self.active {
            PaneId::Contacts => self.contacts.update(action),
            PaneId::Capture => {
                let (effects, cancelled) = self.capture.update(action, &self.index, self.now);
                if cancelled && let Some(back) = self.return_to.take() {
                    self.active = back;
                }
                effects
            }
            PaneId::FollowUps => self.follow_ups.update(action),
            PaneId::Segments => self.segments_action(action),
            PaneId::Dashboard => self.dashboard.update(action),
            PaneId::Cleanup => self.cleanup.update(action),
            PaneId::Outreach => self.outreach_action(action),
        }
    }

    /// Arrives at a pane at rest: no text field has the focus, so the next
    /// key is a command (editing starts with a key the pane shows).
    fn go(&mut self, pane: PaneId) -> Vec<Effect> {
        self.active = pane;
        self.return_to = None;
        self.contacts.searching = false;
        self.capture.stop_editing();
        match pane {
            PaneId::FollowUps => vec![Effect::LoadAgenda],
            // The scan starts the first time the pane opens, not at start.
            PaneId::Cleanup => self.cleanup.open(),
            PaneId::Segments => self.segments.open(),
            PaneId::Dashboard => self.dashboard.open(),
            PaneId::Outreach => self.outreach.open(),
            PaneId::Capture | PaneId::Contacts => Vec::new(),
        }
    }

    /// The contact a new form of `kind` opens for: the one selected.
    fn form_contact(&self, kind: FormKind) -> Option<(i64, String)> {
        if kind == FormKind::Contact {
            return None;
        }
        match self.active {
            PaneId::Contacts => self
                .contacts
                .detail
                .as_ref()
                .map(|d| (d.contact.id, d.contact.name.clone())),
            PaneId::FollowUps => self
                .follow_ups
                .selected()
                .map(|i| (i.contact_id, i.contact.clone())),
            PaneId::Capture
            | PaneId::Segments
            | PaneId::Dashboard
            | PaneId::Cleanup
            | PaneId::Outreach => None,
        }
    }

    /// Whether `action` would put another form in place of unsaved input.
    fn replaces_unsaved_form(&self, action: &Action) -> bool {
        if !self.capture.has_unsaved_input() {
            return false;
        }
        match action {
            Action::Capture(kind) => {
                let contact = self.form_contact(*kind).map(|c| c.0);
                !self.capture.would_resume(*kind, contact)
            }
            Action::EditContact => self.contacts.detail.is_some(),
            Action::NextForm => self.active == PaneId::Capture,
            _ => false,
        }
    }

    /// Opens a capture form, for the selected contact where one applies.
    fn open_form(&mut self, kind: FormKind) -> Vec<Effect> {
        let from = self.active;
        let contact = self.form_contact(kind);
        self.capture.open(kind, contact);
        if from != PaneId::Capture {
            self.return_to = Some(from);
        }
        self.active = PaneId::Capture;
        Vec::new()
    }

    fn confirm_removal(&mut self, action: &Action) -> Vec<Effect> {
        let Some(d) = self.contacts.detail.as_ref() else {
            return self.nothing_selected();
        };
        let (id, name) = (d.contact.id, d.contact.name.clone());
        self.overlay = Some(if *action == Action::Archive && d.contact.archived {
            Overlay::confirm(
                format!("Restore {name}? They come back to lists and reminders."),
                Effect::Restore(id),
            )
        } else if *action == Action::Archive {
            Overlay::confirm(
                format!("Archive {name}? They leave lists and reminders."),
                Effect::Archive(id),
            )
        } else {
            Overlay::confirm(
                format!(
                    "Delete {name} with every interaction and follow-up? This cannot be undone."
                ),
                Effect::Delete(id),
            )
        });
        Vec::new()
    }

    /// The first Enter steps into the timeline; the next opens the entry.
    fn open_timeline(&mut self) -> Vec<Effect> {
        let Some(d) = self.contacts.detail.as_ref() else {
            return self.nothing_selected();
        };
        if d.timeline.is_empty() {
            return self.say_error("nothing logged yet: l logs an interaction");
        }
        match self.contacts.entry {
            None => self.contacts.entry = Some(0),
            Some(i) => {
                let i = i.min(d.timeline.len() - 1);
                self.overlay = Some(Overlay::entry(d.timeline[i].clone(), &d.contact.name));
            }
        }
        Vec::new()
    }

    fn done_selected(&mut self) -> Vec<Effect> {
        let Some(item) = self.follow_ups.selected().cloned() else {
            return Vec::new();
        };
        match (item.kind, item.follow_up_id) {
            (ItemKind::FollowUp, Some(id)) => vec![Effect::Complete(id)],
            // Keeping in touch is done by getting in touch: offer to log it,
            // with the user's words (the reminder's text is not what was said).
            _ => {
                self.overlay = Some(Overlay::log_asking(item.contact_id, &item.contact));
                Vec::new()
            }
        }
    }

    fn apply_overlay(&mut self, result: OverlayResult) -> Vec<Effect> {
        match result {
            OverlayResult::Keep => Vec::new(),
            OverlayResult::Close => {
                self.overlay = None;
                Vec::new()
            }
            OverlayResult::Effects(effects) => {
                self.overlay = None;
                effects
            }
            OverlayResult::Action(action) => {
                self.overlay = None;
                self.update(action)
            }
            OverlayResult::Error(msg) => self.say_error(&msg),
        }
    }

    /// Idle for a while, or the terminal regained focus: look for writes
    /// made elsewhere (once the list is loaded).
    pub fn on_tick(&self) -> Vec<Effect> {
        if self.contacts.loaded {
            vec![Effect::CheckChanges]
        } else {
            Vec::new()
        }
    }

    pub fn on_outcome(&mut self, outcome: Outcome) -> Vec<Effect> {
        match outcome {
            Outcome::Waiting => {
                self.writing += 1;
                Vec::new()
            }
            Outcome::Synced { explicit } => self.synced(explicit),
            Outcome::Worker(Done::Preview(rows)) => self.contacts.preview(rows),
            Outcome::Worker(Done::Loaded { .. }) => self.contacts.on_loaded(),
            Outcome::Worker(Done::Filtered { seq, query, hits }) => {
                self.contacts.filtered(seq, &query, hits)
            }
            Outcome::Worker(Done::Failed(msg)) | Outcome::Failed(msg) => self.say_error(&msg),
            Outcome::Worker(Done::Forgotten) => Vec::new(),
            Outcome::EditedText(text) => {
                if let Some(text) = text {
                    self.capture.edited_text(&text);
                }
                Vec::new()
            }
            Outcome::Detail(detail) => {
                self.contacts.detail_loaded(*detail);
                Vec::new()
            }
            Outcome::Agenda(agenda) => {
                self.follow_ups.set(agenda);
                Vec::new()
            }
            o @ (Outcome::ContactSaved { .. }
            | Outcome::EditLoaded(_)
            | Outcome::EditConflict { .. }
            | Outcome::Duplicates(_)) => self.on_contact_form(o),
            Outcome::Logged { contact_id } | Outcome::FollowUpAdded { contact_id } => {
                let what = if matches!(outcome, Outcome::Logged { .. }) {
                    "Logged"
                } else {
                    "Follow-up added"
                };
                self.capture.saved();
                self.say_ok(what);
                self.back_from_form();
                // Show whom it was for, with the new entry in their timeline.
                let mut effects = vec![Effect::LoadAgenda];
                effects.extend(self.contacts.refresh_after_save());
                effects.extend(self.contacts.select_id(contact_id));
                effects
            }
            Outcome::Completed { follow_up, next } => {
                let msg = match next {
                    Some(n) => format!("Done: {}; next on {}", follow_up.note, n.describe()),
                    None => format!("Done: {}", follow_up.note),
                };
                self.say_ok(&msg);
                self.overlay = Some(Overlay::log_choice(
                    follow_up.contact_id,
                    &follow_up.contact,
                    &follow_up.note,
                ));
                vec![Effect::LoadAgenda]
            }
            Outcome::Snoozed { follow_up, until } => {
                self.say_ok(&format!(
                    "Snoozed {} until {}",
                    follow_up.contact,
                    until.describe()
                ));
                vec![Effect::LoadAgenda]
            }
            Outcome::Archived { id } => {
                self.say_ok(&format!("Archived #{id}"));
                self.contacts.removed(id)
            }
            Outcome::Restored { id, name } => {
                self.say_ok(&format!("Restored {name} (#{id})"));
                self.removed(id)
            }
            Outcome::ArchivedList(docs) => self.contacts.archived_loaded(docs),
            Outcome::Deleted { id, name } => {
                self.say_ok(&format!("Deleted {name}"));
                self.removed(id)
            }
            o @ (Outcome::ImportChecked { .. }
            | Outcome::ImportProgress(_)
            | Outcome::Imported { .. }
            | Outcome::Exported { .. }
            | Outcome::TransferFailed { .. }) => self.on_transfer(o),
            o @ (Outcome::ScanProgress { .. }
            | Outcome::Findings { .. }
            | Outcome::Scanned { .. }
            | Outcome::ScanFailed { .. }
            | Outcome::Cluster(_)
            | Outcome::MergePlanned(_)
            | Outcome::Merged(_)
            | Outcome::MarkedDistinct(_)
            | Outcome::UndoAsk(_)
            | Outcome::Undone(_)
            | Outcome::Fixed(_)
            | Outcome::Skipped(_)) => self.on_cleanup(o),
            Outcome::Dashboard { seq, part } => self.on_dashboard(seq, part),
            Outcome::Segments(o) => self.on_segments(o),
            Outcome::Outreach(o) => self.on_outreach(o),
        }
    }

    /// Outcomes of the contact form: loaded for editing, saved, or held back
    /// (a conflict with a change made elsewhere, a possible duplicate).
    fn on_contact_form(&mut self, outcome: Outcome) -> Vec<Effect> {
        match outcome {
            Outcome::ContactSaved { id, name, created } => {
                self.capture.saved();
                self.say_ok(&format!(
                    "{} {name} (#{id})",
                    if created { "Added" } else { "Saved" }
                ));
                self.active = PaneId::Contacts;
                self.return_to = None;
                let mut effects = self.contacts.refresh_after_save();
                effects.extend(self.contacts.select_id(id));
                effects
            }
            Outcome::EditLoaded(contact) => {
                self.capture.edit_contact(&contact);
                if self.active != PaneId::Capture {
                    self.return_to = Some(self.active);
                }
                self.active = PaneId::Capture;
                Vec::new()
            }
            Outcome::EditConflict { current, fields } => {
                self.capture.rebase(&current, &fields);
                self.say_error(&format!(
                    "Changed elsewhere since the form opened: {}. Nothing saved; C-s again saves yours",
                    fields.join(", ")
                ))
            }
            Outcome::Duplicates(dups) => {
                self.capture.duplicates(dups);
                self.say_error("This may be someone you already have: C-s again adds anyway");
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A write came back from the writer thread.
    pub fn written(&mut self, outcomes: Vec<Outcome>) -> Vec<Effect> {
        // A progress report is not the end of the write.
        let progress = Outcome::is_progress(&outcomes);
        if !progress {
            self.writing = self.writing.saturating_sub(1);
            // The Dashboard's figures are re-read when it opens next.
            self.dashboard.mark_stale();
        }
        outcomes
            .into_iter()
            .flat_map(|o| self.on_outcome(o))
            .collect()
    }

    /// The index caught up with writes made elsewhere: re-read what is shown.
    fn synced(&mut self, explicit: bool) -> Vec<Effect> {
        if explicit {
            self.say_ok("Refreshed");
        } else {
            self.cleanup_synced();
        }
        let mut effects = self.contacts.refresh();
        // The agenda is re-read when its pane opens; only a shown one now.
        if self.active == PaneId::FollowUps {
            effects.push(Effect::LoadAgenda);
        }
        effects.extend(self.dashboard_synced());
        // Likewise the saved segments and the members shown (on the reader).
        if self.active == PaneId::Segments {
            effects.extend(self.segments.refresh());
        }
        effects.extend(self.outreach_synced());
        effects
    }

    /// A contact left the list shown (deleted, or restored from the archive).
    fn removed(&mut self, id: i64) -> Vec<Effect> {
        let mut effects = self.contacts.removed(id);
        effects.push(Effect::LoadAgenda);
        effects
    }

    fn back_from_form(&mut self) {
        if self.active == PaneId::Capture {
            self.active = self.return_to.take().unwrap_or(PaneId::Contacts);
        }
    }

    fn nothing_selected(&mut self) -> Vec<Effect> {
        self.say_error("no contact selected")
    }

    pub fn say_error(&mut self, text: &str) -> Vec<Effect> {
        self.status = Some(Status {
            text: text.to_string(),
            kind: StatusKind::Error,
        });
        Vec::new()
    }

    pub fn say_ok(&mut self, text: &str) {
        self.status = Some(Status {
            text: text.to_string(),
            kind: StatusKind::Ok,
        });
    }

    /// Whether something is in flight (the status line shows a busy mark).
    pub fn busy(&self) -> bool {
        self.contacts.busy()
            || self.writing > 0
            || self.cleanup.scanning
            || self.segments.busy()
            || self.outreach.sending.is_some()
            || (self.active == PaneId::Outreach && self.outreach.busy())
            || (self.active == PaneId::Dashboard && self.dashboard.loading())
    }
}

#[cfg(test)]
mod tests {
    use insta::assert_snapshot;

    use super::*;
    use crate::tui::testing::Harness;

    #[test]
    fn help_lists_every_binding() {
        let mut h = Harness::demo();
        h.keys("?");
        // Tall enough for every key at once.
        let text = h.text(100, 120);
        for b in keymap::KEYMAP {
            assert!(text.contains(b.help), "help misses {:?}", b.help);
        }
        assert_snapshot!(h.screen(80, 24).backend());
        h.keys("<Esc>");
        assert!(h.app.overlay.is_none());
    }

    #[test]
    fn the_palette_runs_an_action() {
        let mut h = Harness::demo();
        h.keys(":go fol");
        assert_snapshot!(h.screen(80, 24).backend());
        h.keys("<Enter>");
        assert_eq!(h.app.active, PaneId::FollowUps);
    }

    #[test]
    fn tab_and_numbers_switch_panes_and_q_quits() {
        let mut h = Harness::empty();
        h.keys("<Tab>");
        assert_eq!(h.app.active, PaneId::Capture);
        h.keys("<Esc><Tab>");
        assert_eq!(h.app.active, PaneId::FollowUps);
        h.keys("1");
        assert_eq!(h.app.active, PaneId::Contacts);
        h.keys("q");
        assert!(h.app.quit);
    }

    #[test]
    fn a_tiny_terminal_does_not_panic() {
        let mut h = Harness::demo();
        for (w, hgt) in [(20, 5), (40, 10), (80, 24), (200, 60)] {
            h.text(w, hgt);
            h.keys("?");
            h.text(w, hgt);
            h.keys("<Esc>2");
            h.text(w, hgt);
            h.keys("<Esc>3");
            h.text(w, hgt);
            h.keys("<Esc>4");
            h.text(w, hgt);
            h.keys("1");
        }
    }
}
