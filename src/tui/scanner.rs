//! The Cleanup pane's scan, off the UI thread: the cleanup findings, then
//! the duplicate clusters, on a thread with its own connection. Progress
//! comes back a few times a second; each message carries the scan's number,
//! so the app drops what a stale scan sends. When scans queue up (r pressed
//! twice), only the newest runs.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::effect::Outcome;
use crate::domain::dedup::Options;
use crate::error::Result;
use crate::ops::{Ctx, cleanup, dedup};

/// Starts the scanner's thread (with its own connection) and returns where
/// to send the number of each scan.
pub type Start = Box<dyn FnOnce() -> Result<Sender<u64>>>;

/// Where scans run.
pub enum Scanner {
    /// A thread of its own, started by the first scan (most sessions never
    /// open the Cleanup pane, so the TUI's start does not pay for it).
    Later(Start),
    /// A thread of its own: the number of each scan to run.
    Thread(Sender<u64>),
    /// Here, before the effect returns (tests on an in-memory database).
    Inline,
    /// Not at all: a test feeds the outcomes itself.
    Held,
}

/// How often a running scan may report its progress.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// How many contacts' names one query reads.
const NAMES_AT_ONCE: usize = 5_000;

/// Starts the scanner on `ctx` (its own connection). Outcomes go to `out`
/// wrapped by `wrap`. The thread ends when `jobs` is dropped.
pub fn spawn<M: Send + 'static>(
    ctx: Ctx,
    jobs: Receiver<u64>,
    out: Sender<M>,
    wrap: fn(Outcome) -> M,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("kith-scanner".into())
        .spawn(move || {
            let mut next = jobs.recv().ok();
            while let Some(first) = next {
                // Only the newest of the scans asked for meanwhile.
                let seq = jobs.try_iter().last().unwrap_or(first);
                let mut gone = false;
                run(&ctx, seq, &mut |o| gone |= out.send(wrap(o)).is_err());
                if gone {
                    return;
                }
                next = match jobs.recv_timeout(PURGE_AFTER) {
                    Ok(seq) => Some(seq),
                    Err(RecvTimeoutError::Timeout) => {
                        give_back_freed_memory();
                        jobs.recv().ok()
                    }
                    Err(RecvTimeoutError::Disconnected) => None,
                };
            }
        })
}

/// The allocator (mimalloc) returns the pages a thread freed to the system
/// only once they have been free for its purge delay (1 s) and that thread
/// allocates again. A scanner left idle after a scan would keep the scan's
/// peak (some 200 MB at 100k contacts) for as long as the TUI runs.
const PURGE_AFTER: Duration = Duration::from_millis(1200);

/// A few thousand small allocations, freed at once: enough allocator work
/// on this thread for it to return the pages the scan freed.
fn give_back_freed_memory() {
    let churn: Vec<Vec<u8>> = (0..20_000).map(|i| vec![0u8; 16 + i % 512]).collect();
    drop(churn);
}

/// Runs scan `seq`: sends the findings, progress, then the clusters (or
/// what failed) to `send`.
pub fn run(ctx: &Ctx, seq: u64, send: &mut dyn FnMut(Outcome)) {
    match cleanup::findings(ctx) {
        Ok(findings) => send(Outcome::Findings { seq, findings }),
        Err(e) => send(Outcome::ScanFailed {
            seq,
            message: format!("cannot run the cleanup checks: {e}"),
        }),
    }
    match duplicates(ctx, seq, send) {
        Ok(outcome) => send(outcome),
        Err(e) => send(Outcome::ScanFailed {
            seq,
            message: format!("cannot look for duplicates: {e}"),
        }),
    }
}

fn duplicates(ctx: &Ctx, seq: u64, send: &mut dyn FnMut(Outcome)) -> Result<Outcome> {
    let db = ctx.store.db();
    let mut last: Option<Instant> = None;
    let scan = dedup::scan(db, &Options::default(), &mut |progress| {
        if last.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) {
            last = Some(Instant::now());
            send(Outcome::ScanProgress { seq, progress });
        }
    })?;
    let ids: Vec<i64> = scan
        .clusters
        .iter()
        .flat_map(|c| c.contacts.iter().copied())
        .collect();
    // In slices: SQLite caps the parameters of one statement.
    let mut names = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(NAMES_AT_ONCE) {
        names.extend(
            db.search_docs(Some(chunk))?
                .into_iter()
                .map(|d| (d.id, d.name)),
        );
    }
    Ok(Outcome::Scanned { seq, scan, names })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::store::Store;
    use crate::tui::testing::Harness;

    #[test]
    fn the_thread_runs_only_the_newest_of_the_scans_queued() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kith.db");
        let h = Harness::demo_on_file(&path);
        let ctx = Ctx {
            store: Store::open(&path).expect("own connection"),
            clock: h.rt.ctx.clock,
            config: Config::default(),
        };
        let (jobs, queue) = std::sync::mpsc::channel();
        let (out, outcomes) = std::sync::mpsc::channel();
        for seq in 1..=3 {
            jobs.send(seq).expect("queued");
        }
        drop(jobs);
        spawn(ctx, queue, out, |o| o)
            .expect("thread")
            .join()
            .expect("ends");
        let outcomes: Vec<Outcome> = outcomes.try_iter().collect();
        let seqs: Vec<u64> = outcomes
            .iter()
            .map(|o| match o {
                Outcome::Findings { seq, .. }
                | Outcome::Scanned { seq, .. }
                | Outcome::ScanProgress { seq, .. }
                | Outcome::ScanFailed { seq, .. } => *seq,
                other => panic!("not a scan outcome: {other:?}"),
            })
            .collect();
        assert!(seqs.iter().all(|s| *s == 3), "{seqs:?}");
        assert!(matches!(outcomes.first(), Some(Outcome::Findings { .. })));
        let Some(Outcome::Scanned { scan, names, .. }) = outcomes.last() else {
            panic!("the clusters come last: {outcomes:?}");
        };
        assert!(!scan.clusters.is_empty(), "the demo plants duplicates");
        for id in scan.clusters.iter().flat_map(|c| &c.contacts) {
            assert!(names.contains_key(id), "#{id} is named");
        }
    }
}
