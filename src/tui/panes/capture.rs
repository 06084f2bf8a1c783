//! Capture: forms for a new (or edited) contact, an interaction and a
//! follow-up. Fields validate inline with the same domain rules as the CLI;
//! dates and intervals show how they read as you type; the contact field
//! suggests matches from the search index.

use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::domain::contact::{
    Contact, ContactInput, Phone, Stage, StakeholderKind, clean_email, clean_name, parse_tags,
    split_name_and_email,
};
use crate::domain::dates::{Birthday, Tense, parse_interval, parse_when};
use crate::domain::interaction::{Direction, InteractionKind, NewInteraction};
use crate::domain::money::Money;
use crate::ops::capture::Duplicate;
use crate::tui::action::{Action, FormKind};
use crate::tui::effect::Effect;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{self, Field, FieldKind};
use crate::tui::worker::SharedIndex;

const KINDS: &[&str] = &[
    "other",
    "lead",
    "prospect",
    "customer",
    "partner",
    "investor",
    "supplier",
    "colleague",
];
const STAGES: &[&str] = &[
    "-", "lead", "prospect", "customer", "loyal", "lost", "churned",
];
const INTERACTIONS: &[&str] = &[
    "call", "email", "meeting", "message", "note", "purchase", "feedback",
];
const DIRECTIONS: &[&str] = &["out", "in", "-"];
const SUGGESTIONS: usize = 6;

pub struct CapturePane {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub editing: bool,
    /// Editing this existing contact (the contact form only).
    edit: Option<Contact>,
    picked: Option<(i64, String)>,
    suggestions: Vec<(i64, String)>,
    suggestion: usize,
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
            FormKind::Contact => vec![
                Field::text("Name", "e.g. Jane Doe <jane@acme.io>").required(),
                Field::text("Email", "e.g. jane@acme.io, jane@doe.org"),
                Field::text("Phone", "e.g. +49 30 1234567"),
                Field::text("Organisation", ""),
                Field::text("Title", ""),
                Field::text("City", ""),
                Field::text("Country", ""),
                Field::text("Tags", "e.g. client, vip"),
                Field::choice("Kind", KINDS, "other"),
                Field::choice("Stage", STAGES, "-"),
                Field::text("Birthday", "e.g. 1985-04-12, apr 12"),
                Field::text("Stay in touch", "e.g. 30d, 2w, 3m"),
            ],
            FormKind::Interaction => vec![
                Field::contact("Contact"),
                Field::choice("Kind", INTERACTIONS, "call"),
                Field::text("When", "now; or e.g. yesterday 15:00"),
                Field::choice("Direction", DIRECTIONS, "out"),
                Field::text("Summary", "what happened; C-e: $EDITOR"),
                Field::text("Amount", "purchase, e.g. 1200 EUR"),
                Field::text("Rating", "feedback: 1–5, NPS 0–10"),
            ],
            FormKind::FollowUp => vec![
                Field::contact("Contact"),
                Field::text("When", "e.g. in 2w, next fri, dec 1").required(),
                Field::text("Note", "what to do"),
                Field::text("Repeat", "optional, e.g. 1w, 3m"),
            ],
        };
        self.focus = 0;
        self.edit = None;
        self.picked = None;
        self.suggestions.clear();
        self.duplicates.clear();
        self.long_text = None;
    }

    /// Opens a form, with the contact picked when one is given.
    pub fn open(&mut self, kind: FormKind, contact: Option<(i64, String)>) {
        self.reset(kind);
        self.editing = true;
        if let Some((id, name)) = contact
            && let Some(i) = self.index_of("Contact")
        {
            self.fields[i].input.set(&name);
            self.fields[i].hint = Some(format!("#{id}"));
            self.picked = Some((id, name));
            self.focus = i + 1;
        }
    }

    /// Opens the contact form on an existing contact.
    pub fn edit_contact(&mut self, c: &Contact) {
        self.reset(FormKind::Contact);
        self.editing = true;
        let values = [
            ("Name", c.name.clone()),
            ("Email", c.emails.join(", ")),
            (
                "Phone",
                c.phones
                    .iter()
                    .map(|p| p.raw.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("Organisation", c.org.clone().unwrap_or_default()),
            ("Title", c.title.clone().unwrap_or_default()),
            ("City", c.city.clone().unwrap_or_default()),
            ("Country", c.country.clone().unwrap_or_default()),
            ("Tags", c.tags.join(", ")),
            ("Kind", c.kind.to_string()),
            ("Stage", c.stage.map_or("-".to_string(), |s| s.to_string())),
            (
                "Birthday",
                c.birthday.map(|b| b.to_storage()).unwrap_or_default(),
            ),
            (
                "Stay in touch",
                c.cadence.map(|i| i.to_string()).unwrap_or_default(),
            ),
        ];
        for (label, value) in values {
            if let Some(i) = self.index_of(label) {
                self.fields[i].input.set(&value);
            }
        }
        self.edit = Some(c.clone());
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
            KeyCode::Esc => {
                self.editing = false;
                self.suggestions.clear();
                return (Vec::new(), true);
            }
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
        if let Some((id, name)) = self.suggestions.get(i).cloned() {
            let f = self.focus;
            self.fields[f].input.set(&name);
            self.fields[f].hint = Some(format!("#{id}"));
            self.fields[f].error = None;
            self.picked = Some((id, name));
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
                            .filter_map(|h| idx.get(h.id).map(|d| (d.id, d.name.clone())))
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

    fn split_list(value: &str) -> Vec<String> {
        value
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn contact_effect(&mut self) -> Option<Effect> {
        let (name, pasted) = split_name_and_email(self.value("Name"));
        let mut input = ContactInput::default();
        match clean_name(&name) {
            Ok(n) => input.name = Some(n),
            Err(e) => self.set_error("Name", e.reason),
        }
        let mut emails: Vec<String> = pasted.into_iter().collect();
        emails.extend(Self::split_list(self.value("Email")));
        for e in &emails {
            match clean_email(e) {
                Ok(e) => input.emails.push(e),
                Err(err) => self.set_error("Email", err.reason),
            }
        }
        for p in Self::split_list(self.value("Phone")) {
            let stored = self.edit.as_ref().map_or(&[][..], |c| &c.phones[..]);
            match Phone::parse_keeping(&p, self.phone_region.as_deref(), stored) {
                Ok(p) => input.phones.push(p),
                Err(err) => self.set_error("Phone", err.reason),
            }
        }
        let text = |v: &str| Some(v.to_string());
        input.org = text(self.value("Organisation"));
        input.title = text(self.value("Title"));
        input.city = text(self.value("City"));
        input.country = text(self.value("Country"));
        match parse_tags(self.value("Tags")) {
            Ok(tags) => input.tags = tags,
            Err(err) => self.set_error("Tags", err.reason),
        }
        input.kind = self.value("Kind").parse::<StakeholderKind>().ok();
        match self.value("Stage") {
            "-" | "" => input.unset.push("stage".into()),
            s => input.stage = s.parse::<Stage>().ok(),
        }
        match self.value("Birthday") {
            "" => input.unset.push("birthday".into()),
            b => match Birthday::parse(b) {
                Ok(b) => input.birthday = Some(b),
                Err(e) => self.set_error("Birthday", e.reason),
            },
        }
        match self.value("Stay in touch") {
            "" => input.unset.push("cadence".into()),
            c => match parse_interval(c) {
                Ok(i) => input.cadence = Some(i),
                Err(e) => self.set_error("Stay in touch", e.reason),
            },
        }
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        match &self.edit {
            Some(c) => {
                // The form shows every email, phone and tag: what is gone was removed.
                input
                    .unset
                    .extend(["email".to_string(), "phone".to_string()]);
                input.untag = c
                    .tags
                    .iter()
                    .filter(|t| !input.tags.contains(t))
                    .cloned()
                    .collect();
                Some(Effect::EditContact { id: c.id, input })
            }
            None => {
                let force = !self.duplicates.is_empty();
                Some(Effect::AddContact { input, force })
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

    fn interaction_effect(&mut self, now: NaiveDateTime) -> Option<Effect> {
        let contact_id = self.picked_contact();
        let kind = self.value("Kind").parse::<InteractionKind>().ok();
        let when = match self.value("When") {
            "" => "now",
            text => text,
        };
        let at = match parse_when(when, now, Tense::Past) {
            Ok(w) => Some(w.time.map_or(
                if w.date == now.date() {
                    now
                } else {
                    w.date.and_time(noon())
                },
                |t| w.date.and_time(t),
            )),
            Err(e) => {
                self.set_error("When", e.reason);
                None
            }
        };
        let amount = match self.value("Amount") {
            "" => None,
            a => match Money::parse(a, &self.currency) {
                Ok(m) => Some(m),
                Err(e) => {
                    self.set_error("Amount", e.reason);
                    return None;
                }
            },
        };
        let rating = match self.value("Rating") {
            "" => None,
            r => match r.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.set_error("Rating", format!("{r:?} is not a number"));
                    return None;
                }
            },
        };
        let (contact_id, kind, at) = (contact_id?, kind?, at?);
        let text = self
            .long_text
            .clone()
            .unwrap_or_else(|| self.value("Summary").to_string());
        let n = NewInteraction {
            contact_id,
            kind,
            direction: self.value("Direction").parse::<Direction>().ok(),
            at: at.format("%Y-%m-%d %H:%M:%S").to_string(),
            text,
            amount,
            rating,
        };
        if let Err(e) = n.validate() {
            let label = if e.field == "--amount" {
                "Amount"
            } else if e.field == "--rating" {
                "Rating"
            } else {
                "Summary"
            };
            self.set_error(label, e.reason);
            return None;
        }
        Some(Effect::Log(n))
    }

    fn follow_up_effect(&mut self, now: NaiveDateTime) -> Option<Effect> {
        let contact_id = self.picked_contact();
        let due = match parse_when(self.value("When"), now, Tense::Future) {
            Ok(w) => Some(w),
            Err(e) => {
                self.set_error("When", e.reason);
                None
            }
        };
        let every = match self.value("Repeat") {
            "" => None,
            r => match parse_interval(r) {
                Ok(i) => Some(i),
                Err(e) => {
                    self.set_error("Repeat", e.reason);
                    return None;
                }
            },
        };
        Some(Effect::AddFollowUp {
            contact_id: contact_id?,
            due: due?,
            note: self.value("Note").to_string(),
            every,
        })
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
        let fields_area = Rect::new(
            inner.x + 1,
            inner.y + 2,
            inner.width.saturating_sub(1),
            inner.height.saturating_sub(3),
        );
        let focus = self.editing.then_some(self.focus);
        let focused = form::render(f, fields_area, &self.fields, focus, theme);
        let below = fields_area.y + self.fields.len() as u16 + 1;
        if !self.duplicates.is_empty() && below < inner.y + inner.height {
            let mut lines = vec![Line::from(Span::styled(
                "May already be here:",
                theme.warn(),
            ))];
            for d in &self.duplicates {
                lines.push(Line::from(format!("  #{} {} ({})", d.id, d.name, d.reason)));
            }
            lines.push(Line::from(Span::styled(
                "C-s again adds anyway; Esc to go back",
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
            "Tab next · S-Tab back · Enter on the last field or C-s saves · Esc leaves"
        } else {
            "Enter / i edits the form · ] switches form · C-s saves"
        };
        let fy = inner.y + inner.height.saturating_sub(1);
        f.render_widget(
            Paragraph::new(Span::styled(footer, theme.dim())),
            Rect::new(inner.x + 1, fy, inner.width.saturating_sub(1), 1),
        );
        if let Some((y, cursor)) = focused {
            f.set_cursor_position(cursor);
            self.render_suggestions(
                f,
                Rect::new(
                    fields_area.x + 15,
                    y + 1,
                    fields_area.width.saturating_sub(15).min(40),
                    inner.y + inner.height - y - 1,
                ),
                theme,
            );
        }
    }

    fn render_suggestions(&self, f: &mut Frame, area: Rect, theme: Theme) {
        if self.suggestions.is_empty() || area.height < 3 {
            return;
        }
        let h = (self.suggestions.len() as u16 + 2).min(area.height);
        let rect = Rect::new(area.x, area.y, area.width, h);
        f.render_widget(Clear, rect);
        let lines: Vec<Line> = self
            .suggestions
            .iter()
            .enumerate()
            .map(|(i, (id, name))| {
                let style = if i == self.suggestion {
                    theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                Line::from(Span::styled(format!("{name}  #{id}"), style))
            })
            .collect();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(true));
        f.render_widget(Paragraph::new(lines).block(block), rect);
    }
}

fn noon() -> chrono::NaiveTime {
    chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use insta::assert_snapshot;

    use crate::tui::action::PaneId;
    use crate::tui::testing::Harness;

    #[test]
    fn new_contact_form() {
        let mut h = Harness::empty();
        h.keys("2");
        assert_eq!(h.app.active, PaneId::Capture);
        assert_snapshot!(h.screen(80, 24).backend());
    }

    #[test]
    fn validation_errors_show_next_to_the_field_and_save_nothing() {
        let mut h = Harness::empty();
        h.keys(
            "2Jane Doe<Tab>not-an-email<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>someday<C-s>",
        );
        assert_snapshot!(h.screen(80, 24).backend());
        assert_eq!(h.rt.ctx.store.db().count_contacts().expect("count"), 0);
    }

    #[test]
    fn adding_a_contact_selects_it_in_the_list() {
        let mut h = Harness::empty();
        h.keys("aJane Doe <jane@acme.io><Tab><Tab>+49 30 1234567<Tab>Acme<Tab><Tab><Tab><Tab>client, vip<C-s>");
        assert_eq!(h.app.active, PaneId::Contacts);
        let d = h.app.contacts.detail.as_ref().expect("detail");
        assert_eq!(d.contact.name, "Jane Doe");
        assert_eq!(d.contact.emails, vec!["jane@acme.io".to_string()]);
        assert_eq!(d.contact.org.as_deref(), Some("Acme"));
        assert_eq!(
            d.contact.tags,
            vec!["client".to_string(), "vip".to_string()]
        );
        assert_eq!(h.app.contacts.hits.len(), 1);
    }

    #[test]
    fn a_likely_duplicate_warns_before_adding() {
        let mut h = Harness::empty();
        h.keys("aJane Doe <jane@acme.io><C-s>");
        h.keys("aJ. Doe<Tab>JANE@acme.io<C-s>");
        assert_eq!(h.rt.ctx.store.db().count_contacts().expect("count"), 1);
        assert_snapshot!(h.screen(80, 24).backend());
        h.keys("<C-s>");
        assert_eq!(
            h.rt.ctx.store.db().count_contacts().expect("count"),
            2,
            "second C-s adds anyway"
        );
    }

    #[test]
    fn editing_a_contact_changes_it() {
        let mut h = Harness::empty();
        h.keys("aJane Doe<Tab>jane@acme.io<C-s>");
        h.keys("e<Tab><C-u>jane@doe.org<Tab><Tab>Initech<C-s>");
        let d = h.app.contacts.detail.as_ref().expect("detail");
        assert_eq!(d.contact.emails, vec!["jane@doe.org".to_string()]);
        assert_eq!(d.contact.org.as_deref(), Some("Initech"));
    }

    #[test]
    fn logging_an_interaction_through_the_picker() {
        let mut h = Harness::empty();
        h.keys("aJane Doe<C-s>aJohn Smith<C-s>");
        h.keys("2<Esc>]");
        h.keys("jan");
        assert_snapshot!("picker", h.screen(80, 24).backend());
        h.keys("<Enter><Right><Tab>yesterday<Tab><Tab>renewal talk<C-s>");
        let jane = h.app.contacts.detail.as_ref().expect("detail");
        assert_eq!(jane.contact.name, "Jane Doe");
        assert_eq!(jane.timeline.len(), 1);
        assert_eq!(jane.timeline[0].kind.as_str(), "email");
        assert_eq!(jane.timeline[0].summary, "renewal talk");
        assert!(
            jane.timeline[0].at.starts_with("2026-11-22"),
            "{}",
            jane.timeline[0].at
        );
    }

    #[test]
    fn a_follow_up_date_reads_back_as_you_type() {
        let mut h = Harness::empty();
        h.keys("aJane Doe<C-s>f");
        h.keys("in 2w");
        assert!(h.text(80, 24).contains("Mon 7 Dec 2026"));
        assert_snapshot!(h.screen(80, 24).backend());
        h.keys("<Tab>send the proposal<C-s>");
        let d = h.app.contacts.detail.as_ref().expect("detail");
        assert_eq!(d.follow_ups.len(), 1);
        assert_eq!(d.follow_ups[0].note, "send the proposal");
        assert_eq!(d.follow_ups[0].due.to_storage(), "2026-12-07");
    }
}
