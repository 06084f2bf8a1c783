//! The Cleanup pane's scan, off the UI thread: the cleanup findings, then
//! the duplicate clusters, on a thread with its own connection. Progress
//! comes back a few times a second; each message carries the scan's number,
//! so the app drops what a stale scan sends. When scans queue up (r pressed
//! twice), only the newest runs.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use super::effect::Outcome;
use crate::domain::dedup::Options;
use crate::error::Result;
use crate::ops::{Ctx, cleanup, dedup};

/// Where scans run.
pub enum Scanner {
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
            while let Ok(first) = jobs.recv() {
                // Only the newest of the scans asked for meanwhile.
                let seq = jobs.try_iter().last().unwrap_or(first);
                let mut gone = false;
                run(&ctx, seq, &mut |o| gone |= out.send(wrap(o)).is_err());
                if gone {
                    return;
                }
            }
        })
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
