//! Slow work off the UI thread: loading every contact into the search index
//! and filtering it as the user types.
//!
//! The index is shared (`Arc<RwLock<_>>`): the worker builds and searches it,
//! the UI reads it to draw the visible rows and updates it after a save.
//! Filter jobs are coalesced: when several keystrokes queue up, only the
//! newest query is computed. Tests run the same jobs inline with [`run_job`].
//!
//! The thread spawned here builds the index on a second thread of its own,
//! and until it is ready answers a query from the persisted search index in
//! the database ([`filter_from_store`]), so what is typed in the first
//! second already searches every contact.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, RwLock};

use crate::domain::search::{Hit, SearchDoc, SearchIndex};
use crate::store::{ContactFilter, ContactSort, Db, ListRow, Store};

pub type SharedIndex = Arc<RwLock<SearchIndex>>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// (Re)load every contact into the index.
    Load,
    Filter {
        seq: u64,
        query: String,
        sort: ContactSort,
    },
    /// The index changed: the next filter must not reuse the last result.
    Forget,
}

#[derive(Debug)]
pub enum Done {
    /// The first rows by name, read straight from the database while the
    /// index builds, so the list shows people at once.
    Preview(Vec<ListRow>),
    Loaded {
        total: usize,
    },
    Filtered {
        seq: u64,
        query: String,
        hits: Vec<Hit>,
    },
    Forgotten,
    Failed(String),
}

/// Remembers the last ranked result so one more typed letter only rescans it.
#[derive(Default)]
pub struct Filterer {
    last: Option<(String, Vec<Hit>)>,
}

impl Filterer {
    pub fn filter(&mut self, index: &SearchIndex, query: &str, sort: ContactSort) -> Vec<Hit> {
        let query = query.trim_start();
        if query.trim().is_empty() {
            self.last = None;
            let mut hits = index.search("");
            sort_hits(index, &mut hits, sort);
            return hits;
        }
        let hits = match &self.last {
            Some((prev, prev_hits)) if !prev.is_empty() && query.starts_with(prev.as_str()) => {
                index.refine(prev, prev_hits, query)
            }
            _ => index.search(query),
        };
        self.last = Some((query.to_string(), hits.clone()));
        hits
    }

    pub fn forget(&mut self) {
        self.last = None;
    }
}

/// Orders an unfiltered list; a search keeps its relevance order.
fn sort_hits(index: &SearchIndex, hits: &mut [Hit], sort: ContactSort) {
    // Name order is the index's own; creation order comes from the
    // database (`by_created`), as `kith list --sort created` has it.
    if sort == ContactSort::Last {
        hits.sort_by_key(|h| {
            std::cmp::Reverse(
                index
                    .get(h.id)
                    .and_then(|d| d.last_contact)
                    .unwrap_or(i64::MIN),
            )
        });
    }
}

/// Orders `hits` newest first by `created_at` (the database's order, which
/// the index does not hold); those it does not know go last.
fn by_created(db: Db<'_>, hits: &mut [Hit]) -> Result<(), crate::store::StoreError> {
    let rank: std::collections::HashMap<i64, usize> = db
        .ids_by_created()?
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();
    hits.sort_by_key(|h| rank.get(&h.id).copied().unwrap_or(usize::MAX));
    Ok(())
}

/// How many rows the preview shows: more than any screen is tall.
const PREVIEW_ROWS: usize = 200;

/// The first page of the list, by name.
pub fn preview(db: Db<'_>) -> Done {
    let filter = ContactFilter {
        limit: Some(PREVIEW_ROWS),
        ..ContactFilter::default()
    };
    match db.list_rows(&filter, ContactSort::Name) {
        Ok(rows) => Done::Preview(rows),
        Err(e) => Done::Failed(format!("cannot read contacts: {e}")),
    }
}

/// Runs one job against `db` and the shared index.
pub fn run_job(job: Job, db: Db<'_>, index: &SharedIndex, filterer: &mut Filterer) -> Done {
    match job {
        Job::Load => match db.search_docs(None) {
            Ok(docs) => {
                let built = SearchIndex::new(docs);
                let total = built.len();
                if let Ok(mut guard) = index.write() {
                    *guard = built;
                }
                filterer.forget();
                Done::Loaded { total }
            }
            Err(e) => Done::Failed(format!("cannot load contacts: {e}")),
        },
        Job::Forget => {
            filterer.forget();
            Done::Forgotten
        }
        Job::Filter { seq, query, sort } => {
            let Ok(guard) = index.read() else {
                return Done::Failed("search index unavailable".into());
            };
            let mut hits = filterer.filter(&guard, &query, sort);
            if sort == ContactSort::Created
                && query.trim().is_empty()
                && let Err(e) = by_created(db, &mut hits)
            {
                return Done::Failed(format!("cannot sort by creation: {e}"));
            }
            Done::Filtered { seq, query, hits }
        }
    }
}

/// How many docs [`filter_from_store`] adds to the shared index one by one.
const UPSERTS_BEFORE_REBUILD: usize = 64;

/// Answers a filter while the in-memory index is still being built: ranks
/// the contacts the persisted index leaves, exactly as the whole index would,
/// and adds their documents to the shared index so the list can draw them
/// (the finished index replaces it wholesale). `None` when the query cannot
/// be narrowed that way (a blank query, only initials): it waits for the
/// index.
pub fn filter_from_store(db: Db<'_>, index: &SharedIndex, seq: u64, query: &str) -> Option<Done> {
    if query.trim().is_empty() {
        return None;
    }
    let docs = match db.narrowed_search_docs(query) {
        Ok(docs) => docs?,
        Err(e) => return Some(Done::Failed(format!("cannot search: {e}"))),
    };
    let hits = SearchIndex::new(docs.clone()).search(query);
    if let Ok(mut shared) = index.write() {
        let missing: Vec<SearchDoc> = docs
            .into_iter()
            .filter(|d| shared.get(d.id).is_none())
            .collect();
        // An upsert costs O(n): past a few, building anew is cheaper.
        if missing.len() <= UPSERTS_BEFORE_REBUILD {
            for doc in missing {
                shared.upsert(doc);
            }
        } else {
            let mut all: Vec<SearchDoc> = shared.docs().cloned().collect();
            all.extend(missing);
            *shared = SearchIndex::new(all);
        }
    }
    Some(Done::Filtered {
        seq,
        query: query.to_string(),
        hits,
    })
}

/// Starts the worker thread on its own connection to `db_path`. Results go
/// to `out` wrapped by `wrap`, so the UI receives them with terminal events.
pub fn spawn<M: Send + 'static>(
    db_path: PathBuf,
    index: SharedIndex,
    jobs: Receiver<Job>,
    out: Sender<M>,
    wrap: fn(Done) -> M,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("kith-worker".into())
        .spawn(move || {
            let store = match Store::open(&db_path) {
                Ok(s) => s,
                Err(e) => {
                    let _ = out.send(wrap(Done::Failed(format!(
                        "worker cannot open the database: {e}"
                    ))));
                    return;
                }
            };
            let ready = Arc::new(AtomicBool::new(false));
            let mut filterer = Filterer::default();
            while let Ok(first) = jobs.recv() {
                for job in coalesce(first, &jobs) {
                    let done = match job {
                        Job::Load => {
                            if out.send(wrap(preview(store.db()))).is_err() {
                                return;
                            }
                            ready.store(false, Ordering::SeqCst);
                            filterer.forget();
                            build_in_background(&db_path, &index, &ready, &out, wrap);
                            continue;
                        }
                        Job::Filter { seq, ref query, .. } if !ready.load(Ordering::SeqCst) => {
                            match filter_from_store(store.db(), &index, seq, query) {
                                Some(done) => done,
                                None => continue, // answered once the index is ready
                            }
                        }
                        job => run_job(job, store.db(), &index, &mut filterer),
                    };
                    if matches!(done, Done::Forgotten) {
                        continue;
                    }
                    if out.send(wrap(done)).is_err() {
                        return;
                    }
                }
            }
        })
}

/// Builds the in-memory index on a thread of its own connection, swaps it in,
/// marks it `ready` and reports [`Done::Loaded`] (or the failure).
fn build_in_background<M: Send + 'static>(
    db_path: &std::path::Path,
    index: &SharedIndex,
    ready: &Arc<AtomicBool>,
    out: &Sender<M>,
    wrap: fn(Done) -> M,
) {
    let (db_path, index, ready, sender) = (
        db_path.to_path_buf(),
        Arc::clone(index),
        Arc::clone(ready),
        out.clone(),
    );
    let spawned = std::thread::Builder::new()
        .name("kith-index".into())
        .spawn(move || {
            let done = match Store::open(&db_path) {
                Ok(store) => run_job(Job::Load, store.db(), &index, &mut Filterer::default()),
                Err(e) => Done::Failed(format!("cannot load contacts: {e}")),
            };
            ready.store(matches!(done, Done::Loaded { .. }), Ordering::SeqCst);
            let _ = sender.send(wrap(done));
        });
    if let Err(e) = spawned {
        let _ = out.send(wrap(Done::Failed(format!("cannot load contacts: {e}"))));
    }
}

/// Takes every queued job; keeps each Load and Forget, and of the filters only the newest.
fn coalesce(first: Job, jobs: &Receiver<Job>) -> Vec<Job> {
    let mut queue = vec![first];
    while let Ok(j) = jobs.try_recv() {
        queue.push(j);
    }
    let last_filter = queue.iter().rposition(|j| matches!(j, Job::Filter { .. }));
    queue
        .into_iter()
        .enumerate()
        .filter(|(i, j)| matches!(j, Job::Load | Job::Forget) || Some(*i) == last_filter)
        .map(|(_, j)| j)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_the_index_is_built_a_query_searches_everyone_through_the_database() {
        let ctx = crate::ops::demo::test_ctx(400, 0, 11);
        let db = ctx.store.db();
        let whole = SearchIndex::new(db.search_docs(None).expect("docs"));
        let index: SharedIndex = Arc::default();
        for query in ["garcia", "mueller", "jose garcia", "gmail"] {
            let Some(Done::Filtered { seq, hits, .. }) = filter_from_store(db, &index, 3, query)
            else {
                panic!("{query:?} is answered from the database");
            };
            assert_eq!(seq, 3);
            assert_eq!(hits, whole.search(query), "{query:?}");
            let shared = index.read().expect("index");
            assert!(hits.iter().all(|h| shared.get(h.id).is_some()), "{query:?}");
        }
        // A blank query or initials alone wait for the index.
        assert!(filter_from_store(db, &index, 4, " ").is_none());
        assert!(filter_from_store(db, &index, 5, "j g").is_none());
    }

    #[test]
    fn hits_answered_before_the_index_is_built_are_drawn_by_name() {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        use ratatui::{Terminal, backend::TestBackend};

        use crate::tui::{app::App, effect::Outcome, theme::Theme, view};

        let ctx = crate::ops::demo::test_ctx(300, 0, 5);
        let db = ctx.store.db();
        let index: SharedIndex = Arc::default();
        let mut app = App::new(Arc::clone(&index), ctx.clock.now());
        let _ = app.start();
        let _ = app.on_outcome(Outcome::Worker(preview(db)));
        let name = db.search_docs(None).expect("docs")[250].name.clone();
        let query = crate::domain::search::fold(&name);
        for c in std::iter::once('/').chain(query.chars()) {
            let _ = app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let seq = u64::try_from(query.chars().count()).expect("short");
        let done = filter_from_store(db, &index, seq, &query).expect("narrowed");
        let _ = app.on_outcome(Outcome::Worker(done));
        let mut terminal = Terminal::new(TestBackend::new(100, 20)).expect("terminal");
        terminal
            .draw(|f| view::render(f, &mut app, Theme::plain(), 0))
            .expect("draw");
        let screen = terminal.backend().to_string();
        assert!(screen.contains(name.as_str()), "{name}:\n{screen}");
    }

    #[test]
    fn queued_filters_collapse_to_the_newest() {
        let (tx, rx) = std::sync::mpsc::channel();
        let f = |seq: u64, q: &str| Job::Filter {
            seq,
            query: q.into(),
            sort: ContactSort::Name,
        };
        tx.send(f(2, "ja")).expect("send");
        tx.send(Job::Load).expect("send");
        tx.send(f(3, "jan")).expect("send");
        assert_eq!(coalesce(f(1, "j"), &rx), vec![Job::Load, f(3, "jan")]);
    }
}
