//! `kith export`: contacts out, in a standard format.

use std::io::Write;
use std::path::Path;

use crate::error::Result;
use crate::formats::Format;

use super::Ctx;

/// Which contacts to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Every live contact.
    All,
    /// Live contacts with this tag.
    Tag(String),
    /// These contacts (the TUI's current list), in this order.
    Ids(Vec<i64>),
}

/// Writes the selected contacts to `out`; returns how many.
pub fn export(
    ctx: &Ctx,
    format: Format,
    selection: &Selection,
    out: &mut dyn Write,
) -> Result<usize> {
    let _ = (ctx, format, selection, out);
    todo!("export")
}

/// [`export`] into a file, created 0600 and replaced whole (never half-written).
pub fn export_to_file(
    ctx: &Ctx,
    format: Format,
    selection: &Selection,
    path: &Path,
) -> Result<usize> {
    let _ = (ctx, format, selection, path);
    todo!("export to a file")
}
