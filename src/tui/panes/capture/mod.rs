//! Capture: forms for a new (or edited) contact, an interaction and a
//! follow-up. Fields validate inline with the same domain rules as the CLI;
//! dates and intervals show how they read as you type; the contact field
//! suggests matches from the search index.

use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::contact::{Contact, split_name_and_email};
use crate::domain::dates::{Birthday, Tense, parse_interval, parse_when};
use crate::domain::money::Money;
use crate::ops::capture::Duplicate;
use crate::tui::action::{Action, FormKind};
use crate::tui::effect::Effect;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{self, Field, FieldKind};
use crate::tui::widgets::picker::{self, Suggestion};
use crate::tui::worker::SharedIndex;

mod contact_form;
mod follow_up_form;
mod interaction_form;

pub use contact_form::{conflicts, form_values};

const SUGGESTIONS: usize = 6;

pub struct CapturePane {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub editing: bool,
    /// Editing this existing contact (the contact form only).
    edit: Option<Contact>,
    picked: Option<(i64, String)>,
    suggestions: Vec<Suggestion>,
    suggestion: usize,
    /// The values the form opened with: anything else is unsaved input.
    pristine: Vec<String>,
    duplicates: Vec<Duplicate>,
    /// The whole text written in $EDITOR; the summary field shows its first line.
    long_text: Option<String>,
    pub phone_region: Option<String>,
    pub currency: String,
}

impl CapturePane {
    pub fn new(kind: FormKind) -> Self {
        let mut pane = CapturePane {
            kind,
            fields: Vec::new(),
            focus: 0,
            editing: false,
            edit: None,
            picked: None,
            suggestions: Vec::new(),
            suggestion: 0,
            pristine: Vec::new(),
            duplicates: Vec::new(),
            long_text: None,
            phone_region: None,
            currency: "EUR".into(),
        };
        pane.reset(kind);
        pane
    }

    fn reset(&mut self, kind: FormKind) {
        self.kind = kind;
        self.fields = match kind {
            FormKind::Contact => contact_form::fields(),
            FormKind::Interaction => interaction_form::fields(),
            FormKind::FollowUp => follow_up_form::fields(),
        };
        self.focus = 0;
        self.edit = None;
        self.picked = None;
        self.suggestions.clear();
        self.duplicates.clear();
        self.long_text = None;
        self.mark_pristine();
    }

    /// What the form holds now counts as saved (nothing to lose).
    fn mark_pristine(&mut self) {
        self.pristine = self.fields.iter().map(|f| f.value().to_string()).collect();
    }

    /// Whether the form holds input that quitting would lose.
    pub fn has_unsaved_input(&self) -> bool {
        self.long_text.is_some()
            || self
                .fields
                .iter()
                .zip(&self.pristine)
                .any(|(f, v)| f.value() != v)
    }

    /// Whether opening a `kind` form (for `contact`) goes back to the
    /// unsaved one rather than starting afresh.
    pub fn would_resume(&self, kind: FormKind, contact: Option<i64>) -> bool {
        let same_contact = contact == self.picked.as_ref().map(|p| p.0);
        kind == self.kind
            && self.edit.is_none()
            && self.has_unsaved_input()
            && (contact.is_none() || same_contact)
    }

    /// Throws the unsaved input away (the user said so).
    pub fn discard(&mut self) {
        let kind = self.kind;
        self.reset(kind);
        self.editing = false;
    }

    /// Leaves the field: the form stays as it is, and keys are commands again.
    pub fn stop_editing(&mut self) {
        self.editing = false;
        self.suggestions.clear();
    }

    /// Opens a form, with the contact picked when one is given. A form of
    /// the same kind with unsaved input is resumed, not thrown away.
    pub fn open(&mut self, kind: FormKind, contact: Option<(i64, String)>) {
        let resume = self.would_resume(kind, contact.as_ref().map(|c| c.0));
        self.editing = true;
        if resume {
            return;
        }
        self.reset(kind);
        if let Some((id, name)) = contact
            && let Some(i) = self.index_of("Contact")
        {
            self.fields[i].input.set(&name);
            self.fields[i].hint = Some(format!("#{id}"));
            self.picked = Some((id, name));
            self.focus = i + 1;
            self.mark_pristine();
        }
    }

    pub fn editing_contact(&self) -> Option<&Contact> {
        self.edit.as_ref()
    }

    pub fn saved(&mut self) {
        let kind = self.kind;
        self.reset(kind);
        self.editing = false;
    }

    pub fn duplicates(&mut self, dups: Vec<Duplicate>) {
        self.duplicates = dups;
    }

    fn index_of(&self, label: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.label == label)
    }

    fn value(&self, label: &str) -> &str {
        self.index_of(label).map_or("", |i| self.fields[i].value())
    }

    fn set_error(&mut self, label: &str, error: String) {
        if let Some(i) = self.index_of(label) {
            self.fields[i].error = Some(error);
        }
    }

    /// Returns the effects, and whether the user left the form (Esc).
    pub fn update(
        &mut self,
        action: &Action,
        index: &SharedIndex,
        now: NaiveDateTime,
    ) -> (Vec<Effect>, bool) {
        match action {
            Action::Input(key) => self.on_key(key, index, now),
            Action::NextField => {
                self.editing = true;
                (Vec::new(), false)
            }
            Action::NextForm => {
                let next = match self.kind {
                    FormKind::Contact => FormKind::Interaction,
                    FormKind::Interaction => FormKind::FollowUp,
                    FormKind::FollowUp => FormKind::Contact,
                };
                self.reset(next);
                self.editing = true;
                (Vec::new(), false)
            }
            Action::Submit => (self.submit(now), false),
            Action::Down => {
                self.focus = (self.focus + 1).min(self.fields.len() - 1);
                (Vec::new(), false)
            }
            Action::Up => {
                self.focus = self.focus.saturating_sub(1);
                (Vec::new(), false)
            }
            Action::Cancel => (Vec::new(), true),
            _ => (Vec::new(), false),
        }
    }

    fn on_key(
        &mut self,
        key: &KeyEvent,
        index: &SharedIndex,
        now: NaiveDateTime,
    ) -> (Vec<Effect>, bool) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let on_contact = self.fields[self.focus].kind == FieldKind::Contact;
        match key.code {
            // Esc closes the duplicate warning (the form stays as typed),
            // else leaves editing; a second Esc leaves the pane.
            KeyCode::Esc if !self.duplicates.is_empty() => self.duplicates.clear(),
            KeyCode::Esc => self.stop_editing(),
            KeyCode::Char('s') if ctrl => return (self.submit(now), false),
            KeyCode::Char('e') if ctrl && self.fields[self.focus].label == "Summary" => {
                return (vec![Effect::EditText], false);
            }
            KeyCode::Down if on_contact && !self.suggestions.is_empty() => {
                self.suggestion = (self.suggestion + 1).min(self.suggestions.len() - 1);
            }
            KeyCode::Up if on_contact && !self.suggestions.is_empty() => {
                self.suggestion = self.suggestion.saturating_sub(1);
            }
            KeyCode::Enter | KeyCode::Tab if on_contact && !self.suggestions.is_empty() => {
                self.pick(self.suggestion);
                self.focus_next();
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.suggestions.clear();
                self.focus = self.focus.saturating_sub(1);
            }
            KeyCode::Enter if self.focus + 1 == self.fields.len() => {
                return (self.submit(now), false);
            }
            KeyCode::Enter | KeyCode::Tab | KeyCode::Down => self.focus_next(),
            _ => {
                if self.fields[self.focus].handle(key) {
                    self.after_change(index, now);
                }
            }
        }
        (Vec::new(), false)
    }

    fn focus_next(&mut self) {
        self.suggestions.clear();
        self.focus = (self.focus + 1).min(self.fields.len() - 1);
    }

    fn pick(&mut self, i: usize) {
        if let Some(s) = self.suggestions.get(i).cloned() {
            let f = self.focus;
            self.fields[f].input.set(&s.name);
            self.fields[f].hint = Some(format!("#{}", s.id));
            self.fields[f].error = None;
            self.picked = Some((s.id, s.name));
        }
        self.suggestions.clear();
    }

    /// Text put in the summary from $EDITOR.
    pub fn edited_text(&mut self, text: &str) {
        if let Some(i) = self.index_of("Summary") {
            self.fields[i].input.set(text.lines().next().unwrap_or(""));
            self.fields[i].hint = (text.lines().count() > 1)
                .then(|| format!("+{} more lines", text.lines().count() - 1));
            self.long_text = Some(text.to_string());
        }
    }

    /// Live feedback for the focused field.
    fn after_change(&mut self, index: &SharedIndex, now: NaiveDateTime) {
        let f = self.focus;
        let value = self.fields[f].value().to_string();
        let label = self.fields[f].label;
        self.duplicates.clear();
        self.fields[f].hint = None;
        if label == "Summary" {
            self.long_text = None;
        }
        if value.is_empty() {
            self.suggestions.clear();
            if self.fields[f].kind == FieldKind::Contact {
                self.picked = None;
            }
            return;
        }
        let hint = match (self.fields[f].kind, label) {
            (FieldKind::Contact, _) => {
                self.picked = None;
                self.suggestions = index.read().map_or_else(
                    |_| Vec::new(),
                    |idx| {
                        idx.search(&value)
                            .into_iter()
                            .take(SUGGESTIONS)
                            .filter_map(|h| idx.get(h.id).map(Suggestion::of))
                            .collect()
                    },
                );
                self.suggestion = 0;
                if self.suggestions.is_empty() {
                    Err("nobody matches".to_string())
                } else {
                    return;
                }
            }
            (_, "When") => {
                let tense = if self.kind == FormKind::FollowUp {
                    Tense::Future
                } else {
                    Tense::Past
                };
                parse_when(&value, now, tense)
                    .map(|w| format!("→ {}", w.describe()))
                    .map_err(|e| e.reason)
            }
            (_, "Repeat" | "Stay in touch") => parse_interval(&value)
                .map(|i| format!("→ every {i}"))
                .map_err(|e| e.reason),
            (_, "Birthday") => Birthday::parse(&value)
                .map(|b| format!("→ {}", b.to_storage()))
                .map_err(|e| e.reason),
            (_, "Amount") => Money::parse(&value, &self.currency)
                .map(|m| format!("→ {m}"))
                .map_err(|e| e.reason),
            (_, "Name") => match split_name_and_email(&value) {
                (_, Some(email)) => Ok(format!("email {email}")),
                _ => return,
            },
            _ => return,
        };
        match hint {
            Ok(h) => self.fields[f].hint = Some(h),
            Err(e) => self.fields[f].error = Some(e),
        }
    }

    /// Validates every field; returns the effect to run, or marks errors.
    fn submit(&mut self, now: NaiveDateTime) -> Vec<Effect> {
        for f in &mut self.fields {
            f.error = None;
        }
        let effect = match self.kind {
            FormKind::Contact => self.contact_effect(),
            FormKind::Interaction => self.interaction_effect(now),
            FormKind::FollowUp => self.follow_up_effect(now),
        };
        match effect {
            Some(e) => vec![e],
            None => {
                self.editing = true;
                self.focus = self
                    .fields
                    .iter()
                    .position(|f| f.error.is_some())
                    .unwrap_or(self.focus);
                Vec::new()
            }
        }
    }

    fn picked_contact(&mut self) -> Option<i64> {
        let id = self.picked.as_ref().map(|(id, _)| *id);
        if id.is_none() {
            self.set_error("Contact", "pick a contact from the suggestions".into());
        }
        id
    }

    /// The rows the fields get of `room`: the "may already be here" list
    /// keeps its rows on a short screen, and the form gives up its last
    /// ones instead (it scrolls to the focus).
    fn form_rows(&self, room: u16) -> u16 {
        let fields = self.fields.len() as u16;
        let warning = match self.duplicates.len() as u16 {
            0 => 0,
            n => n + 3,
        };
        if fields + warning > room {
            room.saturating_sub(warning).max(room.min(3))
        } else {
            room
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: Theme) {
        let title = match (self.kind, &self.edit) {
            (FormKind::Contact, Some(c)) => format!(" Edit {} ", c.name),
            (FormKind::Contact, None) => " New contact ".to_string(),
            (FormKind::Interaction, _) => " Log an interaction ".to_string(),
            (FormKind::FollowUp, _) => " New follow-up ".to_string(),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(self.editing))
            .title(Span::styled(title, theme.title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let mut tabs = vec![Span::raw(" ")];
        for (kind, name) in [
            (FormKind::Contact, "Contact"),
            (FormKind::Interaction, "Interaction"),
            (FormKind::FollowUp, "Follow-up"),
        ] {
            let style = if kind == self.kind {
                theme.tab_active()
            } else {
                theme.tab()
            };
            tabs.push(Span::styled(format!(" {name} "), style));
            tabs.push(Span::raw(" "));
        }
        tabs.push(Span::styled(" ] next form", theme.dim()));
        f.render_widget(
            Paragraph::new(Line::from(tabs)),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let fields_h = self.form_rows(inner.height.saturating_sub(3));
        let fields_area = Rect::new(
            inner.x + 1,
            inner.y + 2,
            inner.width.saturating_sub(1),
            fields_h,
        );
        let focus = self.editing.then_some(self.focus);
        let focused = form::render(f, fields_area, &self.fields, focus, theme);
        let below = fields_area.y + (self.fields.len() as u16).min(fields_h) + 1;
        if !self.duplicates.is_empty() && below < inner.y + inner.height {
            let mut lines = vec![Line::from(Span::styled(
                "May already be here:",
                theme.warn(),
            ))];
            for d in &self.duplicates {
                lines.push(Line::from(format!("  #{} {} ({})", d.id, d.name, d.reason)));
            }
            lines.push(Line::from(Span::styled(
                "C-s again adds anyway · Esc goes back to the form",
                theme.dim(),
            )));
            f.render_widget(
                Paragraph::new(lines),
                Rect::new(
                    fields_area.x,
                    below,
                    fields_area.width,
                    inner.y + inner.height - below,
                ),
            );
        }
        let invalid = self.fields.iter().any(|f| f.error.is_some());
        let footer = if invalid {
            "Fix the fields marked in red, then C-s"
        } else if self.editing {
            "Tab / S-Tab move · Enter on the last field or C-s saves · Esc stops editing"
        } else {
            "Enter / i / a edits the form · ] switches form · C-s saves · Esc leaves"
        };
        let fy = inner.y + inner.height.saturating_sub(1);
        f.render_widget(
            Paragraph::new(Span::styled(footer, theme.dim())),
            Rect::new(inner.x + 1, fy, inner.width.saturating_sub(1), 1),
        );
        if let Some((y, cursor)) = focused {
            f.set_cursor_position(cursor);
            picker::render(
                f,
                Rect::new(
                    fields_area.x + 15,
                    y + 1,
                    fields_area.width.saturating_sub(15).min(picker::MAX_WIDTH),
                    inner.y + inner.height - y - 1,
                ),
                &self.suggestions,
                self.suggestion,
                theme,
            );
        }
    }
}

#[cfg(test)]
mod edit_tests;
#[cfg(test)]
mod tests;
