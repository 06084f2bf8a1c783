//! Bytes ⇄ domain, with no database: file formats kith reads and writes.
//!
//! Readers turn a file into [`card::Card`]s (one bad card costs that card
//! only); writers turn stored contacts into a file. `ops::import` and
//! `ops::export` put them to work.

pub mod card;
pub mod csv;
pub mod decode;
pub mod ics;
pub mod json;
pub mod vcard;

#[cfg(test)]
mod limits_tests;

use std::io::Write;

use crate::domain::contact::Contact;

pub use card::{Card, Entry, FormatError, ReadOutcome};
pub use csv::ColumnMap;

/// The address-book formats kith reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Vcard,
    Json,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Vcard => "vcard",
            Format::Json => "json",
        }
    }

    /// The usual file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Vcard => "vcf",
            Format::Json => "json",
        }
    }

    /// The format a file name's extension suggests (`.vcf`, `.vcard`, `.csv`, `.json`).
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "vcf" | "vcard" => Some(Format::Vcard),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "vcard" | "vcf" => Ok(Format::Vcard),
            "json" => Ok(Format::Json),
            other => Err(format!("{other:?} is not a format (csv, vcard or json)")),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where writing a file named `path` lands: a symlink is followed, so the
/// file it points at (in a synced folder, say) is the one written; a
/// dangling link names the file to create (the link stays a link); a path
/// that does not exist yet is itself.
pub fn write_target(path: &std::path::Path) -> std::io::Result<std::path::PathBuf> {
    match std::fs::canonicalize(path) {
        Ok(target) => Ok(target),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match std::fs::read_link(path) {
            Ok(to) => Ok(path.parent().unwrap_or(std::path::Path::new(".")).join(to)),
            Err(_) => Ok(path.to_path_buf()),
        },
        Err(e) => Err(e),
    }
}

/// The format a file's bytes are in, from what they start with (after a BOM
/// and blank space, UTF-16 made UTF-8): `BEGIN:VCARD` is vCard, `{` or `[`
/// is JSON, a line of text with commas, semicolons or tabs is CSV. `None`
/// for an empty or binary file.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let (bytes, _) = decode::to_utf8_bytes(bytes);
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    // Binary: NUL bytes or mostly control bytes.
    let controls = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !b"\t\r\n\x0c".contains(&b)))
        .count();
    if head.contains(&0) || controls * 20 > head.len() {
        return None;
    }
    if head.len() >= 11 && head[..11].eq_ignore_ascii_case(b"BEGIN:VCARD") {
        return Some(Format::Vcard);
    }
    if matches!(head[0], b'{' | b'[') {
        return Some(Format::Json);
    }
    let first_lines = head.split(|&b| b == b'\n').take(5);
    if first_lines
        .into_iter()
        .any(|l| l.iter().any(|b| b",;\t".contains(b)))
    {
        return Some(Format::Csv);
    }
    // A vCard file may open with a stray line before its first card.
    let lower = head.to_ascii_lowercase();
    if lower.windows(11).any(|w| w == b"begin:vcard") {
        return Some(Format::Vcard);
    }
    None
}

/// Reads a whole file in `format`, or in the format [`detect`] finds.
pub fn read(
    bytes: &[u8],
    format: Option<Format>,
    maps: &[ColumnMap],
) -> Result<ReadOutcome, FormatError> {
    let format = match format.or_else(|| detect(bytes)) {
        Some(f) => f,
        None if bytes.iter().all(u8::is_ascii_whitespace) => {
            return Err(FormatError("the file is empty".into()));
        }
        None => {
            return Err(FormatError(
                "not an address book kith can read (vCard, CSV or JSON)".into(),
            ));
        }
    };
    if !maps.is_empty() && format != Format::Csv {
        return Err(FormatError("--map applies to CSV files only".into()));
    }
    match format {
        Format::Vcard => vcard::read(bytes),
        Format::Csv => csv::read(bytes, maps),
        Format::Json => json::read(bytes),
    }
}

/// Writes `contacts` in `format`.
pub fn write(format: Format, out: &mut dyn Write, contacts: &[Contact]) -> std::io::Result<()> {
    match format {
        Format::Vcard => vcard::write(out, contacts),
        Format::Csv => csv::write(out, contacts),
        Format::Json => json::write(out, contacts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        assert_eq!(detect(b"\xEF\xBB\xBFBEGIN:VCARD\r\n"), Some(Format::Vcard));
        assert_eq!(
            detect(b"\n\nbegin:vcard\nVERSION:3.0\n"),
            Some(Format::Vcard)
        );
        assert_eq!(detect(b"  {\"contacts\": []}"), Some(Format::Json));
        assert_eq!(
            detect(b"Name,E-mail Address\nJane,j@x.io\n"),
            Some(Format::Csv)
        );
        assert_eq!(
            detect(b"Notes:\n\"When exporting...\"\n\nFirst Name,Last Name\n"),
            Some(Format::Csv)
        );
        assert_eq!(detect(b""), None);
        assert_eq!(detect(b"   \n"), None);
        assert_eq!(detect(b"\x7fELF\x02\x01\x01\x00\x00\x00"), None);
        assert_eq!(detect(b"just some words\n"), None);
    }

    #[test]
    fn an_empty_or_binary_file_is_an_error() {
        assert_eq!(
            read(b"", None, &[]).expect_err("empty").0,
            "the file is empty"
        );
        assert!(read(b"\x00\x01\x02PK", None, &[]).is_err());
    }
}
