//! Performs effects: every write through `ops`, reads through the store, and
//! search jobs through the worker (a thread, or inline in tests). Keeps the
//! shared search index in step with what was saved.

use std::sync::mpsc::Sender;

use super::effect::{Detail, Effect, Outcome};
use super::worker::{self, Filterer, Job, SharedIndex};
use crate::domain::contact::{Contact, ContactInput};
use crate::error::{Error, Result};
use crate::ops::capture::{self, AddOutcome};
use crate::ops::{Ctx, follow_up, remind};

/// How many timeline entries the detail view loads.
const TIMELINE: usize = 200;
/// Birthdays this many days ahead show in the follow-up list.
const BIRTHDAY_DAYS: u32 = 14;

pub enum Jobs {
    Thread(Sender<Job>),
    Inline(Filterer),
}

pub struct Runtime {
    pub ctx: Ctx,
    pub index: SharedIndex,
    pub jobs: Jobs,
}

impl Runtime {
    /// Runs one effect; outcomes of thread jobs arrive later on the channel.
    /// `editor` writes text in $EDITOR (the terminal is suspended around it).
    pub fn run(
        &mut self,
        effect: Effect,
        editor: &mut dyn FnMut(&str) -> Result<Option<String>>,
    ) -> Vec<Outcome> {
        match self.try_run(effect, editor) {
            Ok(outcomes) => outcomes,
            Err(e) => vec![Outcome::Failed(e.to_string().replace('\n', " "))],
        }
    }

    fn try_run(
        &mut self,
        effect: Effect,
        editor: &mut dyn FnMut(&str) -> Result<Option<String>>,
    ) -> Result<Vec<Outcome>> {
        let out = match effect {
            Effect::Worker(job) => match &mut self.jobs {
                Jobs::Thread(tx) => {
                    tx.send(job)
                        .map_err(|_| Error::internal("the search worker stopped"))?;
                    Vec::new()
                }
                Jobs::Inline(filterer) => {
                    vec![Outcome::Worker(worker::run_job(
                        job,
                        self.ctx.store.db(),
                        &self.index,
                        filterer,
                    ))]
                }
            },
            Effect::LoadDetail(id) => {
                let db = self.ctx.store.db();
                match db.contact(id)? {
                    Some(contact) => vec![Outcome::Detail(Box::new(Detail {
                        contact,
                        follow_ups: db.open_follow_ups_of(id)?,
                        timeline: db.interactions_of(id, Some(TIMELINE))?,
                    }))],
                    None => Vec::new(),
                }
            }
            Effect::LoadForEdit(id) => match self.ctx.store.db().contact(id)? {
                Some(c) => vec![Outcome::EditLoaded(Box::new(c))],
                None => vec![Outcome::Failed(format!("no contact #{id}: it was removed"))],
            },
            Effect::LoadAgenda => {
                let today = self.ctx.clock.now().date();
                vec![Outcome::Agenda(remind::agenda(
                    self.ctx.store.db(),
                    today,
                    BIRTHDAY_DAYS,
                    true,
                )?)]
            }
            Effect::EditorNote {
                contact_id,
                name,
                kind,
            } => {
                let header = format!("{kind} with {name}");
                match editor(&header)? {
                    Some(text) => {
                        let now = self.ctx.clock.now();
                        let n = crate::domain::interaction::NewInteraction {
                            contact_id,
                            kind,
                            direction: None,
                            at: now.format("%Y-%m-%d %H:%M:%S").to_string(),
                            text,
                            amount: None,
                            rating: None,
                        };
                        return self.try_run(Effect::Log(n), editor);
                    }
                    None => vec![Outcome::Failed("empty note: nothing logged".into())],
                }
            }
            Effect::EditText => vec![Outcome::EditedText(editor("the interaction")?)],
            write => self.write(write)?,
        };
        Ok(out)
    }

    /// Effects that change the database, each one `ops` call.
    fn write(&mut self, effect: Effect) -> Result<Vec<Outcome>> {
        let out = match effect {
            Effect::AddContact { input, force } => {
                let contact = capture::new_contact(&self.ctx, input)?;
                match capture::add_contact(&mut self.ctx, &contact, force)? {
                    AddOutcome::Added(id) => {
                        self.reindex(id)?;
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
                let mut c = self
                    .ctx
                    .store
                    .db()
                    .contact(id)?
                    .ok_or_else(|| Error::user(format!("no contact #{id}")))?;
                capture::apply_input(&self.ctx, &mut c, input)?;
                capture::save_contact(&mut self.ctx, &c)?;
                self.reindex(id)?;
                vec![Outcome::ContactSaved {
                    id,
                    name: c.name,
                    created: false,
                }]
            }
            Effect::SaveEdit {
                id,
                input,
                base,
                changed,
            } => self.save_edit(id, input, &base, &changed)?,
            Effect::Log(n) => {
                capture::log_interaction(&mut self.ctx, &n)?;
                self.reindex(n.contact_id)?;
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
                follow_up::add_follow_up(&mut self.ctx, contact_id, due, &note, every)?;
                vec![Outcome::FollowUpAdded { contact_id }]
            }
            Effect::Complete(id) => match follow_up::complete(&mut self.ctx, id)? {
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
                let f = follow_up::snooze(&mut self.ctx, id, until)?;
                vec![Outcome::Snoozed {
                    follow_up: f,
                    until,
                }]
            }
            Effect::Archive(id) => {
                capture::set_archived(&mut self.ctx, id, true)?;
                self.unindex(id);
                vec![Outcome::Archived { id }]
            }
            Effect::Delete(id) => {
                let name = self
                    .ctx
                    .store
                    .db()
                    .contact(id)?
                    .map(|c| c.name)
                    .unwrap_or_default();
                capture::delete_contact(&mut self.ctx, id)?;
                self.unindex(id);
                vec![Outcome::Deleted { id, name }]
            }
            other => return Err(Error::internal(format!("not a write: {other:?}"))),
        };
        Ok(out)
    }

    /// Saves the edit form's changes, unless one of the fields it changed
    /// was also changed in the database since the form read `base`.
    fn save_edit(
        &mut self,
        id: i64,
        input: ContactInput,
        base: &Contact,
        changed: &[&'static str],
    ) -> Result<Vec<Outcome>> {
        let mut c = self
            .ctx
            .store
            .db()
            .contact(id)?
            .ok_or_else(|| Error::user(format!("no contact #{id}: it was removed")))?;
        let clash = crate::tui::panes::capture::conflicts(base, &c, changed);
        if !clash.is_empty() {
            return Ok(vec![Outcome::EditConflict {
                current: Box::new(c),
                fields: clash,
            }]);
        }
        capture::apply_input(&self.ctx, &mut c, input)?;
        capture::save_contact(&mut self.ctx, &c)?;
        self.reindex(id)?;
        Ok(vec![Outcome::ContactSaved {
            id,
            name: c.name,
            created: false,
        }])
    }

    /// Puts the contact's current search document in the index.
    fn reindex(&mut self, id: i64) -> Result<()> {
        let docs = self.ctx.store.db().search_docs(Some(&[id]))?;
        if let Ok(mut idx) = self.index.write() {
            match docs.into_iter().next() {
                Some(doc) => idx.upsert(doc),
                None => idx.remove(id),
            }
        }
        self.forget();
        Ok(())
    }

    fn unindex(&mut self, id: i64) {
        if let Ok(mut idx) = self.index.write() {
            idx.remove(id);
        }
        self.forget();
    }

    /// Tells the filter its cached result is stale.
    fn forget(&mut self) {
        match &mut self.jobs {
            Jobs::Inline(f) => f.forget(),
            Jobs::Thread(tx) => {
                let _ = tx.send(Job::Forget);
            }
        }
    }
}
