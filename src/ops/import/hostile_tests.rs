//! Invalid UTF-8 in every position of a small CSV, vCard and JSON file:
//! each import refuses the file naming the line, or reads it in a
//! documented encoding (`formats::decode`); none panics, and no text stored
//! holds a replacement character or a control character.

use std::path::Path;

use super::{ImportOptions, import};
use crate::ops::Ctx;
use crate::ops::demo::test_ctx;
use crate::store::{ContactFilter, ContactSort};

const FIXTURES: [(&str, &[u8]); 4] = [
    (
        "plain.csv",
        b"Name,E-mail\nAnn Lee,ann@example.com\nBob Stone,bob@example.org\n",
    ),
    (
        "small.csv",
        include_bytes!("../../../tests/fixtures/hostile/small.csv"),
    ),
    (
        "small.vcf",
        include_bytes!("../../../tests/fixtures/hostile/small.vcf"),
    ),
    (
        "small.json",
        include_bytes!("../../../tests/fixtures/hostile/small.json"),
    ),
];

/// A byte never valid in UTF-8, a continuation byte alone (undefined in
/// windows-1252), and a lead byte cut short.
const BAD_BYTES: [u8; 3] = [0xFF, 0x81, 0xC3];

fn import_file(ctx: &mut Ctx, path: &Path) -> crate::error::Result<super::ImportReport> {
    let options = ImportOptions {
        files: vec![path.to_path_buf()],
        ..ImportOptions::default()
    };
    import(ctx, &options, &mut |_| {})
}

/// Every contact's every value, as Rust would write it in source: a
/// control character shows as `\u{…}`.
fn stored_text(ctx: &Ctx) -> String {
    let filter = ContactFilter {
        include_archived: true,
        ..ContactFilter::default()
    };
    let contacts = ctx
        .store
        .db()
        .contacts(&filter, ContactSort::Name)
        .expect("contacts");
    format!("{contacts:?}")
}

#[test]
fn an_invalid_byte_anywhere_is_refused_with_its_line_or_read_as_a_known_encoding() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, good) in FIXTURES {
        let mut ctx = test_ctx(0, 0, 0);
        let (mut refused, mut read) = (0, 0);
        // Each position gets one bad byte in turn (the release-build script
        // tests/reliability/hostile_files.py puts each of them everywhere).
        for (at, bad) in (0..good.len()).map(|at| (at, BAD_BYTES[at % BAD_BYTES.len()])) {
            let mut bytes = good.to_vec();
            bytes[at] = bad;
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).expect("write");
            match import_file(&mut ctx, &path) {
                Ok(_) => read += 1,
                Err(e) => {
                    refused += 1;
                    let shown = e.to_string();
                    assert!(shown.contains(name), "byte {at} of {name}: {shown}");
                    if shown.contains("invalid UTF-8") {
                        let line = good[..at].split(|&b| b == b'\n').count();
                        assert!(
                            shown.contains(&format!("line {line}: invalid UTF-8")),
                            "byte {at} of {name} is on line {line}: {shown}"
                        );
                    }
                }
            }
        }
        let stored = stored_text(&ctx);
        assert!(
            !stored.contains('\u{FFFD}') && !stored.contains("\\u{"),
            "{name}: {stored}"
        );
        eprintln!("{name}: {refused} refused, {read} read");
        assert_eq!(refused + read, good.len());
    }
}
