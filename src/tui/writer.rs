//! The database writer: a thread with its own connection that performs
//! every write effect through `ops`, so a database locked by another process
//! (up to the 5 s busy timeout) leaves the screen responsive: the app shows
//! it is waiting, and the outcome comes back on the UI channel.

use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use super::effect::{Effect, Outcome};
use super::segments::Found;
use crate::domain::contact::{Contact, ContactInput};
use crate::error::{Error, Result};
use crate::ops::capture::{self, AddOutcome};
use crate::ops::import::{self, ImportOptions, Progress};
use crate::ops::{Ctx, cleanup, dedup, export, follow_up, merge, segment};

/// Starts the writer on `ctx` (its own connection). Each write's outcomes go
/// to `out` wrapped by `wrap`; a failure comes back as `Outcome::Failed`.
/// The thread ends when `jobs` is dropped, after the write in hand.
pub fn spawn<M: Send + 'static>(
    mut ctx: Ctx,
    jobs: Receiver<Effect>,
    out: Sender<M>,
    wrap: fn(Vec<Outcome>) -> M,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("kith-writer".into())
        .spawn(move || {
            // Saved segments' sizes, once a day, as every kith command does:
            // here, so the first frame never waits for it. A busy or
            // read-only database skips it.
            let _ = segment::record_sizes_if_due(&mut ctx);
            while let Ok(effect) = jobs.recv() {
                // A long import or send reports how far it has come, a few times a
                // second at most: the UI redraws on each message.
                let mut last: Option<Instant> = None;
                let mut progress = |o: Outcome| {
                    if last.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) {
                        last = Some(Instant::now());
                        let _ = out.send(wrap(vec![o]));
                    }
                };
                let outcomes = perform_with(&mut ctx, effect, &mut progress)
                    .unwrap_or_else(|e| vec![Outcome::Failed(e.to_string().replace('\n', " "))]);
                if out.send(wrap(outcomes)).is_err() {
                    return;
                }
            }
        })
}

/// How often a running import or send may report its progress.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Performs one write effect, one `ops` call (one transaction).
pub fn perform(ctx: &mut Ctx, effect: Effect) -> Result<Vec<Outcome>> {
    perform_with(ctx, effect, &mut |_| {})
}

/// [`perform`], telling `progress` how far an import or a campaign's send
/// has come (as `Outcome::is_progress` outcomes).
pub fn perform_with(
    ctx: &mut Ctx,
    effect: Effect,
    progress: &mut dyn FnMut(Outcome),
) -> Result<Vec<Outcome>> {
    let out = match effect {
        e @ (Effect::Import { .. } | Effect::Export { .. }) => vec![transfer(ctx, e, progress)],
        e @ (Effect::CreateCampaign(_) | Effect::SendCampaign { .. }) => {
            crate::tui::outreach::write(ctx, e, progress)?
        }
        Effect::AddContact { input, force } => {
            let contact = capture::new_contact(ctx, input)?;
            match capture::add_contact(ctx, &contact, force)? {
                AddOutcome::Added(id) => {
                    vec![Outcome::ContactSaved {
                        id,
                        name: contact.name,
                        created: true,
                    }]
                }
                AddOutcome::Duplicates(d) => vec![Outcome::Duplicates(d)],
            }
        }
        Effect::EditContact { id, input } => {
            saved_or_conflict(capture::edit_contact(ctx, id, input, |_| Vec::new())?)
        }
        Effect::SaveEdit {
            id,
            input,
            base,
            changed,
        } => save_edit(ctx, id, input, &base, &changed)?,
        Effect::Log(n) => {
            capture::log_interaction(ctx, &n)?;
            vec![Outcome::Logged {
                contact_id: n.contact_id,
            }]
        }
        Effect::AddFollowUp {
            contact_id,
            due,
            note,
            every,
        } => {
            follow_up::add_follow_up(ctx, contact_id, due, &note, every)?;
            vec![Outcome::FollowUpAdded { contact_id }]
        }
        Effect::Complete(id) => match follow_up::complete(ctx, id)? {
            follow_up::Done::Closed(f) => vec![Outcome::Completed {
                follow_up: f,
                next: None,
            }],
            follow_up::Done::Rescheduled(f, next) => vec![Outcome::Completed {
                follow_up: f,
                next: Some(next),
            }],
        },
        Effect::Snooze(id, until) => {
            let f = follow_up::snooze(ctx, id, until)?;
            vec![Outcome::Snoozed {
                follow_up: f,
                until,
            }]
        }
        Effect::Archive(id) => {
            capture::set_archived(ctx, id, true)?;
            vec![Outcome::Archived { id }]
        }
        Effect::Restore(id) => {
            capture::set_archived(ctx, id, false)?;
            let name = ctx.store.db().contact(id)?.map(|c| c.name);
            vec![Outcome::Restored {
                id,
                name: name.unwrap_or_default(),
            }]
        }
        Effect::Delete(id) => {
            let name = ctx
                .store
                .db()
                .contact(id)?
                .map(|c| c.name)
                .unwrap_or_default();
            capture::delete_contact(ctx, id)?;
            vec![Outcome::Deleted { id, name }]
        }
        Effect::Merge(ids) => vec![Outcome::Merged(Box::new(merge::merge(ctx, &ids, None)?))],
        Effect::NotDuplicate(ids) => {
            dedup::mark_not_duplicates(ctx, &ids)?;
            vec![Outcome::MarkedDistinct(ids)]
        }
        Effect::Undo(history_id) => vec![Outcome::Undone(merge::undo(ctx, Some(history_id))?)],
        Effect::FixFinding(finding) => {
            cleanup::apply_fix(ctx, &finding)?;
            vec![Outcome::Fixed(finding)]
        }
        Effect::SkipFinding(finding) => {
            cleanup::skip(ctx, &finding)?;
            vec![Outcome::Skipped(finding)]
        }
        e @ (Effect::SaveSegment { .. } | Effect::RemoveSegment(_)) => segment_write(ctx, e)?,
        other => return Err(Error::internal(format!("not a write: {other:?}"))),
    };
    Ok(out)
}

/// Saves or removes a segment.
fn segment_write(ctx: &mut Ctx, effect: Effect) -> Result<Vec<Outcome>> {
    let found = match effect {
        Effect::SaveSegment {
            name,
            query,
            is_static,
            description,
        } => Found::Saved(Box::new(segment::add(
            ctx,
            &name,
            &query,
            is_static,
            &description,
        )?)),
        Effect::RemoveSegment(name) => Found::Removed(Box::new(segment::remove(ctx, &name)?)),
        other => return Err(Error::internal(format!("not a segment write: {other:?}"))),
    };
    Ok(vec![Outcome::Segments(found)])
}

/// An import (or its dry run) or an export; a failure is its own outcome,
/// so the app knows which job ended.
fn transfer(ctx: &mut Ctx, effect: Effect, progress: &mut dyn FnMut(Outcome)) -> Outcome {
    let failed = |path, e: Error| Outcome::TransferFailed {
        path,
        message: e.to_string().replace('\n', " "),
    };
    match effect {
        Effect::Import { path, dry_run } => {
            let options = ImportOptions {
                files: vec![path.clone()],
                dry_run,
                ..ImportOptions::default()
            };
            let mut progress = |p: Progress| progress(Outcome::ImportProgress(p));
            match import::import(ctx, &options, &mut progress) {
                Ok(report) if dry_run => Outcome::ImportChecked { path, report },
                Ok(report) => Outcome::Imported { path, report },
                Err(e) => failed(path, e),
            }
        }
        Effect::Export {
            path,
            format,
            selection,
        } => match export::export_to_file(ctx, format, &selection, &path) {
            Ok(count) => Outcome::Exported { path, count },
            Err(e) => failed(path, e),
        },
        other => Outcome::Failed(format!("not an import or export: {other:?}")),
    }
}

/// Saves an edit form's changed fields, unless one of them was changed in
/// the database since the form loaded it: then the current contact comes
/// back so the form can show both values.
fn save_edit(
    ctx: &mut Ctx,
    id: i64,
    input: ContactInput,
    base: &Contact,
    changed: &[&'static str],
) -> Result<Vec<Outcome>> {
    let edited = capture::edit_contact(ctx, id, input, |current| {
        crate::tui::panes::capture::conflicts(base, current, changed)
    })?;
    Ok(saved_or_conflict(edited))
}

fn saved_or_conflict(edited: capture::Edited) -> Vec<Outcome> {
    match edited {
        capture::Edited::Saved(c) => vec![Outcome::ContactSaved {
            id: c.id,
            name: c.name,
            created: false,
        }],
        capture::Edited::Conflict { current, fields } => {
            vec![Outcome::EditConflict { current, fields }]
        }
    }
}

#[cfg(test)]
mod tests {
    use insta::assert_snapshot;

    use crate::store::{Store, StoreError};
    use crate::tui::testing::Harness;

    #[test]
    fn a_locked_database_shows_waiting_and_the_write_lands_after_release() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kith.db");
        let mut h = Harness::demo_on_file(&path);
        h.spawn_writer(&path);
        let id = h.app.contacts.selected_id().expect("selected");

        // Another process holds the write lock until told to let go.
        let (locked_tx, locked) = std::sync::mpsc::channel();
        let (release, release_rx) = std::sync::mpsc::channel::<()>();
        let other = path.clone();
        let locker = std::thread::spawn(move || {
            let mut store = Store::open(&other).expect("open");
            store
                .write(|_| {
                    locked_tx.send(()).expect("send");
                    release_rx.recv().expect("release");
                    Ok::<_, StoreError>(())
                })
                .expect("hold the lock");
        });
        locked.recv().expect("locked");

        h.keys("tlocked<Enter>");
        assert_eq!(h.app.writing, 1, "the tag waits for the lock");
        assert_snapshot!("waiting_80x24", h.screen(80, 24).backend());
        assert_snapshot!("waiting_120x36", h.screen(120, 36).backend());
        // The screen still answers keys meanwhile.
        h.keys("j");
        assert_eq!(h.app.contacts.selected, 1);
        let tags = |h: &Harness| h.contact(id).tags;
        assert!(!tags(&h).contains(&"locked".to_string()));

        release.send(()).expect("release");
        locker.join().expect("locker");
        h.wait_for_write();
        assert_eq!(h.app.writing, 0);
        assert!(tags(&h).contains(&"locked".to_string()));
        let text = h.text(80, 24);
        assert!(!text.contains("waiting for the database"), "{text}");
        assert!(text.contains("Saved"), "{text}");
    }

    #[test]
    fn a_failed_write_comes_back_as_an_error_and_ends_the_wait() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kith.db");
        let mut h = Harness::demo_on_file(&path);
        h.spawn_writer(&path);
        // Tag a contact someone else deleted meanwhile.
        h.keys("tvip");
        let id = h.app.contacts.selected_id().expect("selected");
        let mut other = Store::open(&path).expect("open");
        other
            .write(|db| db.delete_contact(id))
            .expect("delete elsewhere");
        h.keys("<Enter>");
        assert_eq!(h.app.writing, 1);
        h.wait_for_write();
        assert_eq!(h.app.writing, 0);
        let status = h.app.status.clone().expect("a status");
        assert_eq!(status.kind, crate::tui::app::StatusKind::Error);
        assert!(
            status.text.contains(&format!("no contact #{id}")),
            "{status:?}"
        );
        assert!(!h.text(80, 24).contains("waiting for the database"));
    }
}
