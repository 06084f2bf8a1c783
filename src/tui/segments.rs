//! The Segments pane's reads (on the reader thread), its commands that
//! need the app (save, delete, compare, open a member), and what comes
//! back for them.

use super::action::{Action, PaneId};
use super::app::App;
use super::effect::{Effect, Outcome};
use super::overlays::Overlay;
use super::panes::segments::{Focus, MEMBERS_SHOWN};
use crate::domain::segment::{Performance, SavedSegment};
use crate::domain::text::printable;
use crate::ops::segment::Members;
use crate::ops::{Ctx, segment};

/// An error as one line, for the pane to show.
fn line(e: &crate::error::Error) -> String {
    e.to_string().lines().last().unwrap_or("").to_string()
}

/// On the reader: evaluates the query being typed.
pub fn preview(ctx: &Ctx, seq: u64, query: &str, send: &mut dyn FnMut(Outcome)) {
    let members = segment::members(ctx, query, MEMBERS_SHOWN).map_err(|e| line(&e));
    send(Outcome::Segments(Found::Members { seq, members }));
}

/// On the reader: a saved segment's members.
pub fn show(ctx: &Ctx, seq: u64, name: &str, send: &mut dyn FnMut(Outcome)) {
    let members = segment::show(ctx, name, MEMBERS_SHOWN)
        .map(|(_, members)| members)
        .map_err(|e| line(&e));
    send(Outcome::Segments(Found::Members { seq, members }));
}

/// On the reader: the saved segments with their sizes.
pub fn list(ctx: &Ctx, seq: u64, send: &mut dyn FnMut(Outcome)) {
    let segments = segment::list(ctx).map_err(|e| line(&e));
    send(Outcome::Segments(Found::List { seq, segments }));
}

/// On the reader: the named segments side by side, this quarter.
pub fn compare(ctx: &Ctx, seq: u64, names: &[String], send: &mut dyn FnMut(Outcome)) {
    let span = segment::COMPARE_PERIOD.span_of(ctx.clock.now().date());
    let performance = segment::compare(ctx, names, span).map_err(|e| line(&e));
    send(Outcome::Segments(Found::Compared {
        seq,
        performance,
        currency: ctx.config.currency.clone(),
    }));
}

/// What the Segments pane's reads and writes found.
#[derive(Debug)]
pub enum Found {
    /// The members of the query (or saved segment) of read `seq`, or why
    /// it could not be evaluated.
    Members {
        seq: u64,
        members: Result<Members, String>,
    },
    /// The saved segments, read by read `seq`.
    List {
        seq: u64,
        segments: Result<Vec<SavedSegment>, String>,
    },
    /// The marked segments side by side, read by read `seq`.
    Compared {
        seq: u64,
        performance: Result<Vec<Performance>, String>,
        /// The currency the money figures are in (the configured default).
        currency: String,
    },
    Saved(Box<SavedSegment>),
    Removed(Box<SavedSegment>),
}

impl App {
    /// The Segments pane's actions: s, d, c and Enter need the app (the
    /// status, the confirmation, the Contacts pane); the rest are the pane's.
    pub(super) fn segments_action(&mut self, action: &Action) -> Vec<Effect> {
        let pane = &mut self.segments;
        match action {
            Action::SaveSegment => match pane.start_save() {
                Ok(()) => Vec::new(),
                Err(e) => self.say_error(&e),
            },
            Action::DeleteSegment => {
                let Some(s) = pane.selected_segment() else {
                    return self.say_error("no saved segment selected");
                };
                let kind = if s.is_static { "static" } else { "live" };
                self.overlay = Some(Overlay::confirm(
                    format!(
                        "Delete the {kind} segment “{}” ({})? Its contacts stay.",
                        printable(&s.name),
                        printable(&s.query)
                    ),
                    Effect::RemoveSegment(s.name.clone()),
                ));
                Vec::new()
            }
            Action::CompareSegments => {
                let names: Vec<String> = pane
                    .saved
                    .iter()
                    .flatten()
                    .filter(|s| pane.marked.contains(&s.name))
                    .map(|s| s.name.clone())
                    .collect();
                if names.is_empty() {
                    return self.say_error("Space marks segments; c compares the marked ones");
                }
                vec![pane.compare(names)]
            }
            Action::OpenContact => {
                if pane.focus == Focus::Saved {
                    // Enter on a segment steps into its members.
                    pane.focus = Focus::Members;
                    return Vec::new();
                }
                match pane.selected_member().map(|r| r.id) {
                    Some(id) => {
                        self.active = PaneId::Contacts;
                        self.contacts.select_id(id)
                    }
                    None => self.say_error("no member selected"),
                }
            }
            other => pane.update(other),
        }
    }

    /// Outcomes of the Segments pane's reads and writes.
    pub(super) fn on_segments(&mut self, found: Found) -> Vec<Effect> {
        let pane = &mut self.segments;
        match found {
            Found::Members { seq, members } => {
                pane.on_members(seq, members);
                Vec::new()
            }
            Found::List { seq, segments } => match segments {
                Ok(list) => pane.on_list(seq, list),
                Err(e) => self.say_error(&e),
            },
            Found::Compared {
                seq,
                performance,
                currency,
            } => {
                pane.on_compared(seq, performance, currency);
                Vec::new()
            }
            Found::Saved(s) => {
                let effects = pane.saved_one(&s);
                let kind = if s.is_static { "static" } else { "live" };
                self.say_ok(&format!(
                    "Saved the {kind} segment {} ({} contacts)",
                    s.name, s.size
                ));
                effects
            }
            Found::Removed(s) => {
                let effects = pane.removed(&s);
                self.say_ok(&format!("Deleted the segment {}", s.name));
                effects
            }
        }
    }
}
