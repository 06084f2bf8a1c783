//! Performs effects: reads through the store, writes through the writer
//! (a thread, or inline in tests), search jobs through the worker (likewise).
//! Keeps the shared search index in step with what was saved.

use std::sync::mpsc::Sender;

use super::effect::{Detail, Effect, Outcome};
use super::panes::cleanup::Compared;
use super::reader::{self, Read, Reader};
use super::scanner::{self, Scanner};
use super::worker::{self, Filterer, Job, SharedIndex};
use super::writer;
use crate::error::{Error, Result};
use crate::ops::{Ctx, merge, remind};

/// How many timeline entries the detail view loads.
const TIMELINE: usize = 200;
/// Birthdays this many days ahead show in the follow-up list.
const BIRTHDAY_DAYS: u32 = 14;
/// How far back in the history `u` looks for a merge to undo.
const UNDO_LOOKBACK: usize = 500;

pub enum Jobs {
    Thread(Sender<Job>),
    Inline(Filterer),
}

/// Where writes run: a thread with its own connection (a busy database
/// never freezes the screen), or inline in tests.
pub enum Writer {
    Thread(Sender<Effect>),
    Inline,
}

pub struct Runtime {
    pub ctx: Ctx,
    pub index: SharedIndex,
    pub jobs: Jobs,
    pub writer: Writer,
    /// What was last read of the database, to notice writes by others.
    pub seen: Seen,
    /// Where the Cleanup pane's scans run.
    pub scanner: Scanner,
    /// Where the Dashboard's and the Segments pane's slower reads run.
    pub reader: Reader,
}

/// The database as last read: its `data_version` and newest contact stamp.
#[derive(Default)]
pub struct Seen {
    version: Option<i64>,
    stamp: Option<String>,
}

/// More changed contacts than this are read by reloading everyone.
const MAX_UPSERTS: usize = 2_000;

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
            Effect::Worker(job) => {
                if job == Job::Load {
                    self.mark_seen()?;
                }
                self.send_job(job)?
            }
            Effect::CheckChanges => {
                let version = self.ctx.store.db().data_version()?;
                if Some(version) == self.seen.version {
                    Vec::new()
                } else {
                    self.sync(false)?
                }
            }
            Effect::Sync => self.sync(true)?,
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
                            nps: None,
                        };
                        return self.try_run(Effect::Log(n), editor);
                    }
                    None => vec![Outcome::Failed("empty note: nothing logged".into())],
                }
            }
            Effect::EditText => vec![Outcome::EditedText(editor("the interaction")?)],
            Effect::LoadArchived => vec![Outcome::ArchivedList(
                self.ctx.store.db().archived_search_docs()?,
            )],
            Effect::Scan { seq } => self.scan(seq)?,
            Effect::Read(read) => self.read(read)?,
            Effect::LoadCluster(ids) => vec![self.load_cluster(&ids)?],
            Effect::PlanMerge(ids) => vec![Outcome::MergePlanned(Box::new(merge::plan(
                self.ctx.store.db(),
                &ids,
                None,
            )?))],
            Effect::AskUndo => {
                let last = merge::history(self.ctx.store.db(), UNDO_LOOKBACK)?
                    .into_iter()
                    .find(|e| e.undoable);
                vec![Outcome::UndoAsk(last.map(Box::new))]
            }
            write => self.write(write)?,
        };
        Ok(out)
    }

    /// Performs a write: on the writer thread (the outcome comes back on
    /// the channel; meanwhile the app shows it is waiting), or here.
    fn write(&mut self, effect: Effect) -> Result<Vec<Outcome>> {
        match &self.writer {
            Writer::Thread(tx) => {
                tx.send(effect)
                    .map_err(|_| Error::internal("the database writer stopped"))?;
                Ok(vec![Outcome::Waiting])
            }
            Writer::Inline => {
                let outcomes = writer::perform(&mut self.ctx, effect)?;
                self.after_write(&outcomes)?;
                Ok(outcomes)
            }
        }
    }

    /// Keeps the search index in step with what a write saved.
    pub fn after_write(&mut self, outcomes: &[Outcome]) -> Result<()> {
        for outcome in outcomes {
            match outcome {
                Outcome::ContactSaved { id, .. }
                | Outcome::Restored { id, .. }
                | Outcome::Logged { contact_id: id } => self.reindex(*id)?,
                Outcome::Archived { id } | Outcome::Deleted { id, .. } => self.unindex(*id),
                Outcome::Merged(m) => {
                    self.reindex(m.plan.survivor.id)?;
                    for c in &m.plan.absorbed {
                        self.unindex(c.id);
                    }
                }
                Outcome::Undone(u) => {
                    for id in std::iter::once(&u.survivor).chain(&u.restored) {
                        self.reindex(*id)?;
                    }
                }
                Outcome::Fixed(f) if f.fix == crate::domain::cleanup::Fix::Archive => {
                    self.unindex(f.contact_id);
                }
                Outcome::Fixed(f) => self.reindex(f.contact_id)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn send_job(&mut self, job: Job) -> Result<Vec<Outcome>> {
        Ok(match &mut self.jobs {
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
        })
    }

    /// Starts scan `seq` of the Cleanup pane: on the scanner thread (started
    /// by the first scan), or here in tests.
    fn scan(&mut self, seq: u64) -> Result<Vec<Outcome>> {
        let stopped = || Error::internal("the duplicate scanner stopped");
        match std::mem::replace(&mut self.scanner, Scanner::Held) {
            Scanner::Later(start) => {
                let tx = start()?;
                tx.send(seq).map_err(|_| stopped())?;
                self.scanner = Scanner::Thread(tx);
                Ok(Vec::new())
            }
            Scanner::Thread(tx) => {
                let sent = tx.send(seq).map_err(|_| stopped());
                self.scanner = Scanner::Thread(tx);
                sent.map(|()| Vec::new())
            }
            Scanner::Inline => {
                let mut out = Vec::new();
                scanner::run(&self.ctx, seq, &mut |o| out.push(o));
                self.scanner = Scanner::Inline;
                Ok(out)
            }
            Scanner::Held => Ok(Vec::new()),
        }
    }

    /// Runs a read of the Dashboard or the Segments pane: on the reader
    /// thread (started by the first read), or here in tests.
    fn read(&mut self, read: Read) -> Result<Vec<Outcome>> {
        let stopped = || Error::internal("the reader stopped");
        match std::mem::replace(&mut self.reader, Reader::Held) {
            Reader::Later(start) => {
                let tx = start()?;
                tx.send(read).map_err(|_| stopped())?;
                self.reader = Reader::Thread(tx);
                Ok(Vec::new())
            }
            Reader::Thread(tx) => {
                let sent = tx.send(read).map_err(|_| stopped());
                self.reader = Reader::Thread(tx);
                sent.map(|()| Vec::new())
            }
            Reader::Inline => {
                let mut out = Vec::new();
                reader::run(&self.ctx, read, &mut |o| out.push(o));
                self.reader = Reader::Inline;
                Ok(out)
            }
            Reader::Held => Ok(Vec::new()),
        }
    }

    /// The contacts of a cluster as they are now, for the comparison.
    fn load_cluster(&self, ids: &[i64]) -> Result<Outcome> {
        let db = self.ctx.store.db();
        let mut compared = Vec::with_capacity(ids.len());
        for &id in ids {
            if let Some(contact) = db.contact(id)? {
                compared.push(Compared {
                    contact,
                    interactions: usize::try_from(db.timeline_counts(id)?.0).unwrap_or(0),
                    follow_ups: db.open_follow_ups_of(id)?.len(),
                });
            }
        }
        Ok(Outcome::Cluster(compared))
    }

    /// Remembers the database as it is now (before everyone is read).
    fn mark_seen(&mut self) -> Result<()> {
        let db = self.ctx.store.db();
        self.seen = Seen {
            version: Some(db.data_version()?),
            stamp: db.newest_contact_update()?,
        };
        Ok(())
    }

    /// Brings the search index up to date with writes made elsewhere: the
    /// contacts updated since the last look are put in (or, archived, taken
    /// out); if the count still differs (a delete), everyone is reloaded on
    /// the worker. `explicit`: the user asked (the app says so).
    fn sync(&mut self, explicit: bool) -> Result<Vec<Outcome>> {
        let db = self.ctx.store.db();
        let version = db.data_version()?;
        let changed = match &self.seen.stamp {
            Some(since) => Some(db.contacts_changed_since(since)?),
            None => None,
        };
        let live = db.count_live_contacts()?;
        // Rows come oldest first: the last is where to look from next time.
        let newest = match changed.as_ref().and_then(|c| c.last()) {
            Some(c) => Some(c.updated_at.clone()),
            None if changed.is_some() => self.seen.stamp.clone(),
            None => db.newest_contact_update()?,
        };
        let mut reload = true;
        if let Some(changed) = changed.filter(|c| c.len() <= MAX_UPSERTS) {
            let ids: Vec<i64> = changed
                .iter()
                .filter(|c| !c.archived)
                .map(|c| c.id)
                .collect();
            let docs = db.search_docs(Some(&ids))?;
            if let Ok(mut idx) = self.index.write() {
                for c in changed.iter().filter(|c| c.archived) {
                    idx.remove(c.id);
                }
                for doc in docs {
                    idx.upsert(doc);
                }
                reload = i64::try_from(idx.len()).ok() != Some(live);
            }
        }
        self.seen = Seen {
            version: Some(version),
            stamp: newest,
        };
        let mut out = if reload {
            self.try_run(Effect::Worker(Job::Load), &mut |_| Ok(None))?
        } else {
            self.forget();
            Vec::new()
        };
        out.push(Outcome::Synced { explicit });
        Ok(out)
    }

    /// Saves the edit form's changes, unless one of the fields it changed
    /// was also changed in the database since the form read `base`.
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
