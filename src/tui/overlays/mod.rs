//! Overlays drawn over the panes: help, command palette, confirmation, a
//! one-line prompt (tags, snooze date), the "log it?" choice, and the file
//! prompt and dry-run report of import and export.
//! While one is open it gets every key; Esc closes it.

mod entry;
mod help;
mod import_report;
mod merge_preview;
mod palette;
pub mod path_prompt;
mod prompt;

use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::Action;
use super::effect::Effect;
use super::keymap::Scope;
use super::theme::Theme;
use crate::domain::interaction::InteractionKind;
use crate::domain::text::printable;

pub use entry::EntryView;
pub use help::Help;
pub use import_report::ReportView;
pub use merge_preview::MergePreview;
pub use palette::Palette;
pub use path_prompt::{Dirs, PathFor, PathPrompt};
pub use prompt::{Prompt, PromptFor};

pub enum Overlay {
    Help(Help),
    Palette(Palette),
    /// A timeline entry, whole.
    Entry(EntryView),
    Confirm {
        message: String,
        effect: Box<Effect>,
    },
    Prompt(Prompt),
    /// The file to import from or export to.
    Path(PathPrompt),
    /// An import's dry run, before anything is written.
    ImportReport(ReportView),
    /// What a merge will do, before it is written.
    MergePreview(MergePreview),
    /// "Discard the unsaved form?": `yes` runs on y.
    Discard {
        message: String,
        yes: Action,
    },
    LogChoice {
        contact_id: i64,
        name: String,
        /// What the logged interaction says; `None` asks for it after the
        /// kind is chosen (a stay-in-touch lapse has no words of its own).
        text: Option<String>,
    },
}

/// What a key did to an overlay.
#[derive(Debug, PartialEq, Eq)]
pub enum OverlayResult {
    Keep,
    Close,
    Effects(Vec<Effect>),
    Action(Action),
    /// Stay open and show this error.
    Error(String),
}

/// Keys of the "log it?" choice, in order.
pub const LOG_CHOICES: &[(char, InteractionKind)] = &[
    ('c', InteractionKind::Call),
    ('e', InteractionKind::Email),
    ('m', InteractionKind::Meeting),
    ('s', InteractionKind::Message),
    ('n', InteractionKind::Note),
];

impl Overlay {
    pub fn help() -> Self {
        Overlay::Help(Help::default())
    }

    pub fn entry(entry: crate::domain::interaction::Interaction, name: &str) -> Self {
        Overlay::Entry(EntryView::new(entry, name))
    }

    pub fn palette(scope: Scope) -> Self {
        Overlay::Palette(Palette::new(scope))
    }

    pub fn confirm(message: String, effect: Effect) -> Self {
        Overlay::Confirm {
            message,
            effect: Box::new(effect),
        }
    }

    pub fn discard(message: &str, yes: Action) -> Self {
        Overlay::Discard {
            message: message.to_string(),
            yes,
        }
    }

    pub fn tag(contact_id: i64) -> Self {
        Overlay::Prompt(Prompt::new(PromptFor::Tag(contact_id)))
    }

    pub fn snooze(follow_up_id: i64) -> Self {
        Overlay::Prompt(Prompt::new(PromptFor::Snooze(follow_up_id)))
    }

    /// "Log it?" after a follow-up is done: the interaction says `text`.
    pub fn log_choice(contact_id: i64, name: &str, text: &str) -> Self {
        Overlay::LogChoice {
            contact_id,
            name: name.to_string(),
            text: Some(text.to_string()),
        }
    }

    /// "Log it?" for getting back in touch: the text is asked for next.
    pub fn log_asking(contact_id: i64, name: &str) -> Self {
        Overlay::LogChoice {
            contact_id,
            name: name.to_string(),
            text: None,
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent, now: NaiveDateTime) -> OverlayResult {
        match self {
            Overlay::Help(h) => h.handle_key(key),
            Overlay::Entry(e) => e.handle_key(key),
            Overlay::Palette(p) => p.handle_key(key),
            Overlay::Prompt(p) => p.handle_key(key, now),
            Overlay::Path(p) => p.handle_key(key),
            Overlay::ImportReport(r) => r.handle_key(key),
            Overlay::MergePreview(m) => m.handle_key(key),
            Overlay::Confirm { effect, .. } => match key.code {
                KeyCode::Char('y' | 'Y') | KeyCode::Enter => {
                    OverlayResult::Effects(vec![(**effect).clone()])
                }
                KeyCode::Char('n' | 'N' | 'q') | KeyCode::Esc => OverlayResult::Close,
                _ => OverlayResult::Keep,
            },
            Overlay::Discard { yes, .. } => match key.code {
                KeyCode::Char('y' | 'Y') => OverlayResult::Action(yes.clone()),
                KeyCode::Char('n' | 'N') | KeyCode::Esc => OverlayResult::Close,
                _ => OverlayResult::Keep,
            },
            Overlay::LogChoice {
                contact_id, text, ..
            } => match key.code {
                KeyCode::Esc | KeyCode::Char('q') => OverlayResult::Close,
                KeyCode::Char('E') => OverlayResult::Effects(vec![Effect::EditorNote {
                    contact_id: *contact_id,
                    name: String::new(),
                    kind: InteractionKind::Note,
                }]),
                KeyCode::Char(c) => match (LOG_CHOICES.iter().find(|(k, _)| *k == c), text) {
                    (Some((_, kind)), Some(text)) => OverlayResult::Effects(vec![Effect::Log(
                        prompt::new_interaction(*contact_id, *kind, text, now),
                    )]),
                    (Some((_, kind)), None) => {
                        *self = Overlay::Prompt(Prompt::new(PromptFor::LogText {
                            contact_id: *contact_id,
                            kind: *kind,
                        }));
                        OverlayResult::Keep
                    }
                    (None, _) => OverlayResult::Keep,
                },
                _ => OverlayResult::Keep,
            },
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: Theme, now: NaiveDateTime) {
        match self {
            Overlay::Help(h) => h.render(f, area, theme),
            Overlay::Entry(e) => e.render(f, area, theme),
            Overlay::Palette(p) => p.render(f, area, theme),
            Overlay::Prompt(p) => p.render(f, area, theme, now),
            Overlay::Path(p) => p.render(f, area, theme),
            Overlay::ImportReport(r) => r.render(f, area, theme),
            Overlay::MergePreview(m) => m.render(f, area, theme),
            Overlay::Confirm { message, .. } => {
                prompt::render_box(
                    f,
                    area,
                    theme,
                    "Confirm",
                    &[message.as_str(), "", "y: yes    n / Esc: no"],
                );
            }
            Overlay::Discard { message, .. } => {
                prompt::render_box(
                    f,
                    area,
                    theme,
                    "Unsaved form",
                    &[
                        message.as_str(),
                        "",
                        "y: yes, discard it    n / Esc: no, back to the form",
                    ],
                );
            }
            Overlay::LogChoice { name, text, .. } => {
                let first = if name.is_empty() {
                    "Log this?".to_string()
                } else {
                    format!("Log it with {name}?")
                };
                let what = match text.as_deref() {
                    Some(t) if !t.is_empty() => {
                        format!("\u{201c}{}\u{201d}", printable(t))
                    }
                    Some(_) => String::new(),
                    None => "(you type what it was about next)".to_string(),
                };
                let first = printable(&first).into_owned();
                prompt::render_box(
                    f,
                    area,
                    theme,
                    "Log an interaction",
                    &[
                        &first,
                        &what,
                        "",
                        "c call  e email  m meeting  s message  n note",
                        "E write in $EDITOR   Esc: no",
                    ],
                );
            }
        }
    }
}

/// A rectangle of `w`×`h` centred in `area` (clamped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
