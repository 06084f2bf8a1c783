//! Reading the files of an import: what is no address book is refused from
//! its first bytes, before the rest is read, so a huge binary or sparse
//! file costs milliseconds and a bounded amount of memory.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::formats::{self, ColumnMap, Format, ReadOutcome};

/// The largest file kith imports: far above any address book (a million
/// contacts in vCard is a few hundred MB), far below what would exhaust memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// How much of a file its format is told from.
const SNIFF_BYTES: u64 = 64 * 1024;

/// Reads one file whole, in `format` or the one its first bytes show.
pub(super) fn read_file(
    path: &Path,
    format: Option<Format>,
    maps: &[ColumnMap],
) -> Result<ReadOutcome> {
    let name = printable(&path.display().to_string()).into_owned();
    let fail = |why: &str| {
        Error::user(format!("cannot import {name}: {why}"))
            .with_hint("nothing was imported; fix or leave out this file and run again")
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(&io_reason(&e)))?;
    if meta.is_dir() {
        return Err(fail("it is a folder, not a file"));
    }
    if meta.len() == 0 {
        return Err(fail("the file is empty"));
    }
    let mut file = File::open(path).map_err(|e| fail(&io_reason(&e)))?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(SNIFF_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(&io_reason(&e)))?;
    let format = match format.or_else(|| formats::detect(&bytes)) {
        Some(f) => f,
        None if bytes.iter().all(u8::is_ascii_whitespace) && meta.len() <= SNIFF_BYTES => {
            return Err(fail("the file is empty"));
        }
        None => {
            return Err(fail(
                "not an address book kith can read (vCard, CSV or kith's JSON)",
            ));
        }
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(&format!(
            "it is {:.1} GiB; kith imports files of up to 1 GiB",
            meta.len() as f64 / f64::from(1u32 << 30)
        )));
    }
    bytes.reserve(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)
        .map_err(|e| fail(&io_reason(&e)))?;
    formats::read(&bytes, Some(format), maps).map_err(|e| fail(&e.0))
}

/// An I/O error in words, without the OS error number.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        _ => e.to_string(),
    }
}

/// The source recorded on contacts from a file of this dialect, in a word.
pub(super) fn dialect_source(dialect: &str) -> &'static str {
    let lower = dialect.to_ascii_lowercase();
    for word in [
        "google",
        "outlook",
        "linkedin",
        "thunderbird",
        "vcard",
        "kith",
    ] {
        if lower.contains(word) {
            return word;
        }
    }
    if lower.contains("json") {
        "json"
    } else {
        "csv"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialects_name_the_source() {
        assert_eq!(dialect_source("Google Contacts CSV"), "google");
        assert_eq!(dialect_source("vCard 3.0"), "vcard");
        assert_eq!(dialect_source("LinkedIn Connections CSV"), "linkedin");
        assert_eq!(dialect_source("kith JSON"), "kith");
        assert_eq!(dialect_source("CSV"), "csv");
    }

    #[test]
    fn a_sparse_file_is_refused_from_its_first_bytes() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("zeros.vcf");
        File::create(&path)
            .and_then(|f| f.set_len(2 * MAX_FILE_BYTES))
            .expect("sparse file");
        let err = read_file(&path, None, &[]).expect_err("refused");
        assert!(err.message.contains("zeros.vcf"), "{err}");
        assert!(err.message.contains("not an address book"), "{err}");
        let err = read_file(&path, Some(Format::Vcard), &[]).expect_err("refused");
        assert!(err.message.contains("up to 1 GiB"), "{err}");
    }
}
