//! `kith import`: address books in, in one transaction.
//!
//! Every file is read first (a file that is no address book stops the run
//! before anything is written); each card is made a contact by the domain's
//! rules (`convert`); cards are matched with the database and with each
//! other (`plan`), from keys loaded once into memory, so a 100k-card file
//! costs a few table scans rather than a query per card; then everything is
//! written in one transaction, or, dry, nothing. The same plan gives the
//! same report either way.

mod convert;
mod plan;
mod read;
mod report;

#[cfg(test)]
mod hostile_tests;

use std::path::PathBuf;

use crate::domain::contact::{Consent, clean_line};
use crate::domain::privacy::{fingerprint, identity_keys};
use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::formats::{ColumnMap, Entry, Format};

use super::Ctx;
use convert::{Incoming, Rules};
use plan::{Plan, Run, Target};

pub use read::MAX_FILE_BYTES;

/// What to import and how.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    pub files: Vec<PathBuf>,
    /// `None`: detected from each file's bytes.
    pub format: Option<Format>,
    pub maps: Vec<ColumnMap>,
    /// Recorded as each new contact's source; by default the file's dialect.
    pub source: Option<String>,
    /// Recorded on every imported contact when given.
    pub consent: Option<Consent>,
    /// Read and report, write nothing.
    pub dry_run: bool,
    /// Bring back people erased with `kith forget` (skipped otherwise).
    pub allow_forgotten: bool,
}

/// A file and line the report points at, and what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FileLine {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

/// What an import did (or, dry, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: Vec<FileLine>,
    pub warnings: Vec<FileLine>,
    /// New contacts that share a phone number with an existing one: a
    /// phone alone is not identity, so they came in on their own.
    pub possible_duplicates: Vec<FileLine>,
    pub dry_run: bool,
}

/// How far a long import has come, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// Progress is reported every this many cards, never per card.
const PROGRESS_EVERY: usize = 4096;

/// Past this many new contacts into a database holding fewer, the contact
/// tables' indexes are built once at the end instead of row by row.
const REBUILD_INDEXES_FROM: usize = 20_000;

/// Reads every file, then writes everything in one transaction (none when
/// dry). A file that is no address book is an error and nothing is written.
pub fn import(
    ctx: &mut Ctx,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    if options.files.is_empty() {
        return Err(Error::usage("name at least one file to import"));
    }
    let source = match &options.source {
        Some(s) => Some(
            clean_line("--source", s)?
                .ok_or_else(|| Error::usage("--source needs a name, like linkedin"))?,
        ),
        None => None,
    };
    let files = options
        .files
        .iter()
        .map(|path| read::read_file(path, options.format, &options.maps))
        .collect::<Result<Vec<_>>>()?;
    let names: Vec<String> = options
        .files
        .iter()
        .map(|p| printable(&p.display().to_string()).into_owned())
        .collect();
    let scopes: Vec<String> = options
        .files
        .iter()
        .map(|p| {
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            format!("row:{name}")
        })
        .collect();
    let now = ctx.clock.stamp();
    let region = ctx.config.phone_region();
    let mut report = ImportReport {
        dry_run: options.dry_run,
        ..ImportReport::default()
    };
    let rules = Rules {
        region: region.as_deref(),
        now: &now,
        source: source.as_deref().unwrap_or_default(),
        source_given: source.is_some(),
        consent: options.consent,
    };
    let total: usize = files.iter().map(|f| f.entries.len()).sum();
    let cards = convert_all(files, &rules, &names, &mut report, progress);
    let run = Run {
        scopes: &scopes,
        names: &names,
        now: &now,
        consent: options.consent,
    };
    if options.dry_run {
        let db = ctx.store.db();
        let (cards, forgotten) = skip_forgotten(db, cards, options.allow_forgotten, &names)?;
        let index = db.import_index(&scopes)?;
        let plan = plan::plan(db, &index, cards, &run)?;
        fill_counts(&mut report, &plan, &names, &forgotten);
        return Ok(report);
    }
    ctx.store.write_bulk(|db| {
        let (cards, forgotten) = skip_forgotten(db, cards, options.allow_forgotten, &names)?;
        let index = db.import_index(&scopes)?;
        let plan = plan::plan(db, &index, cards, &run)?;
        fill_counts(&mut report, &plan, &names, &forgotten);
        let audit = db.add_audit(
            &now,
            "import",
            &report.summary(&names.join(", ")),
            Some(&report.audit_detail(&names).to_string()),
        )?;
        let existing = usize::try_from(db.count_contacts()?).unwrap_or(usize::MAX);
        let mut write = || write_plan(db, &plan, audit, total, progress);
        if plan.new.len() >= REBUILD_INDEXES_FROM && existing < plan.new.len() {
            let tables: Vec<&str> = std::iter::once("contact")
                .chain(crate::store::CONTACT_PARTS.iter().copied())
                .collect();
            db.with_indexes_rebuilt(&tables, write)
        } else {
            write()
        }
    })?;
    Ok(report)
}

/// Makes each card of each file a contact; rejects and warnings go to the
/// report. Progress counts the first half of the work here.
fn convert_all(
    files: Vec<crate::formats::ReadOutcome>,
    rules: &Rules<'_>,
    names: &[String],
    report: &mut ImportReport,
    progress: &mut dyn FnMut(Progress),
) -> Vec<Incoming> {
    let total: usize = files.iter().map(|f| f.entries.len()).sum();
    let mut cards: Vec<Incoming> = Vec::with_capacity(total);
    let mut done = 0usize;
    for (i, outcome) in files.into_iter().enumerate() {
        let note = |line: usize, reason: &str| FileLine {
            file: names[i].clone(),
            line,
            reason: printable(reason).into_owned(),
        };
        report
            .warnings
            .extend(outcome.warnings.iter().map(|(line, w)| note(*line, w)));
        let rules = Rules {
            source: if rules.source_given {
                rules.source
            } else {
                read::dialect_source(&outcome.dialect)
            },
            ..*rules
        };
        let mut tick = |n: usize| {
            done += n;
            progress(Progress {
                done: done as u64,
                total: total as u64 * 2,
            });
        };
        for converted in convert_entries(outcome.entries, i, &rules, &mut tick) {
            match converted {
                Ok(mut inc) => {
                    let line = inc.line;
                    report
                        .warnings
                        .extend(inc.warnings.drain(..).map(|w| note(line, &w)));
                    cards.push(inc);
                }
                Err((line, reason)) => report.rejected.push(note(line, &reason)),
            }
        }
    }
    cards
}

/// Each entry of one file made a contact, or a reject (line, reason), in
/// file order. Cards are independent, so batches are shared among the
/// cores: parsing phone numbers is the costliest rule, and a 100k-card file
/// should not wait on one core for it. `tick` hears after each batch.
fn convert_entries(
    entries: Vec<Entry>,
    file: usize,
    rules: &Rules<'_>,
    tick: &mut dyn FnMut(usize),
) -> Vec<Result<Incoming, (usize, String)>> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let one = |entry: Entry| match entry {
        Entry::Rejected { line, reason } => Err((line, reason)),
        Entry::Card(card) => {
            let line = card.line;
            convert::convert(*card, file, rules).map_err(|reason| (line, reason))
        }
    };
    let mut out = Vec::with_capacity(entries.len());
    let mut rest = entries.into_iter();
    loop {
        let batch: Vec<Entry> = rest.by_ref().take(PROGRESS_EVERY * threads).collect();
        let n = batch.len();
        if n == 0 {
            break;
        }
        if threads == 1 || n < 2 * PROGRESS_EVERY {
            out.extend(batch.into_iter().map(one));
        } else {
            let size = n.div_ceil(threads);
            let mut parts: Vec<Vec<Entry>> = Vec::with_capacity(threads);
            let mut batch = batch.into_iter();
            loop {
                let part: Vec<Entry> = batch.by_ref().take(size).collect();
                if part.is_empty() {
                    break;
                }
                parts.push(part);
            }
            std::thread::scope(|s| {
                let handles: Vec<_> = parts
                    .into_iter()
                    .map(|part| s.spawn(move || part.into_iter().map(one).collect::<Vec<_>>()))
                    .collect();
                for h in handles {
                    out.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
                }
            });
        }
        tick(n);
    }
    out
}

/// Cards of people erased with `kith forget`, taken out (and noted) unless
/// `allow` brings them back.
fn skip_forgotten(
    db: crate::store::Db<'_>,
    cards: Vec<Incoming>,
    allow: bool,
    names: &[String],
) -> Result<(Vec<Incoming>, Vec<FileLine>)> {
    let Some(salt) = db.existing_forgotten_salt()? else {
        return Ok((cards, Vec::new()));
    };
    let mut kept = Vec::with_capacity(cards.len());
    let mut notes = Vec::new();
    for card in cards {
        let keys = identity_keys(&card.contact.emails, &card.contact.phones);
        let mut when = None;
        for key in &keys {
            if let Some(at) = db.forgotten_at(&fingerprint(&salt, key))? {
                when = Some(at);
                break;
            }
        }
        match when {
            Some(at) if !allow => notes.push(FileLine {
                file: names[card.file].clone(),
                line: card.line,
                reason: format!(
                    "{} was erased with kith forget on {}; not imported — use --allow-forgotten to bring them back",
                    printable(&card.contact.name),
                    &at[..at.len().min(10)]
                ),
            }),
            _ => kept.push(card),
        }
    }
    Ok((kept, notes))
}

fn fill_counts(report: &mut ImportReport, plan: &Plan, names: &[String], forgotten: &[FileLine]) {
    let note = |(file, line, reason): &(usize, usize, String)| FileLine {
        file: names[*file].clone(),
        line: *line,
        reason: reason.clone(),
    };
    report.imported = plan.new.len();
    report.updated = plan.updated.len();
    report.unchanged = plan.unchanged;
    report.warnings.extend(forgotten.iter().cloned());
    report.warnings.extend(plan.warnings.iter().map(note));
    // In run order: by file as named, then by line.
    let pos = |f: &str| names.iter().position(|n| n == f);
    report.warnings.sort_by_key(|w| (pos(&w.file), w.line));
    report.possible_duplicates = plan.duplicates.iter().map(note).collect();
}

/// Inserts the new contacts, updates the changed ones, remembers the keys.
fn write_plan(
    db: crate::store::Db<'_>,
    plan: &Plan,
    audit: i64,
    total: usize,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    // In slices: progress moves, and each slice's rows stay in the cache
    // while its words are sorted and written (one pass over 100k was slower).
    let mut ids = Vec::with_capacity(plan.new.len());
    for slice in plan.new.chunks(PROGRESS_EVERY) {
        ids.extend(db.insert_contacts(slice)?);
        progress(Progress {
            done: (total + ids.len()) as u64,
            total: total as u64 * 2,
        });
    }
    let mut written = plan.new.len();
    for c in &plan.updated {
        db.update_contact(c)?;
        written += 1;
        if written.is_multiple_of(PROGRESS_EVERY) {
            progress(Progress {
                done: (total + written) as u64,
                total: total as u64 * 2,
            });
        }
    }
    // In key order, so 100k random hashes append to the table's B-tree
    // instead of landing all over it.
    let mut keys: Vec<&(String, String, Target)> = plan.keys.iter().collect();
    keys.sort_unstable_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    for (scope, key, target) in keys {
        let id = match *target {
            Target::Existing(id) => id,
            Target::New(n) => ids[n],
        };
        db.add_import_key(scope, key, id, Some(audit))?;
    }
    Ok(())
}
