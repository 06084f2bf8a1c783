//! `kith import`: address books in, in one transaction.

use std::path::PathBuf;

use crate::domain::contact::Consent;
use crate::error::Result;
use crate::formats::{ColumnMap, Format};

use super::Ctx;

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
    pub dry_run: bool,
}

impl ImportReport {
    /// The report as the CLI prints it and the TUI shows it.
    pub fn to_text(&self) -> String {
        todo!("import report text")
    }
}

/// How far a long import has come, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// Reads every file, then writes everything in one transaction (none when
/// dry). A file that is no address book is an error and nothing is written.
pub fn import(
    ctx: &mut Ctx,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let _ = (ctx, options, progress);
    todo!("import")
}
