//! The body shared by the `csv_import`, `vcard_import` and `json_import`
//! targets: the bytes as a file through kith's real import (the format's
//! reader with its decoding, the domain's rules, matching, and the one
//! transaction that writes), into a fresh in-memory database.
//!
//! Checked: the import succeeds or fails with a user error (never an
//! internal one, never a panic); a dry run reports exactly what the real
//! run then does; no more contacts are counted than cards were read; the
//! database passes `kith check` (integrity, references, derived columns);
//! and importing the same bytes again adds and changes nothing.

use std::io::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use kith::clock::Clock;
use kith::config::Config;
use kith::error::ErrorKind;
use kith::formats::{self, Entry, Format};
use kith::ops::Ctx;
use kith::ops::import::{ImportOptions, ImportReport, import};
use kith::store::Store;

thread_local! {
    /// One private folder per process; each input overwrites its file.
    static FOLDER: tempfile::TempDir = tempfile::tempdir().expect("a temporary folder");
    /// An empty database migrated once; each input gets a copy of it.
    static EMPTY: Store = Store::open_in_memory().expect("an in-memory database");
}

pub fn run(data: &[u8], format: Format) {
    // What the format's detection makes of the bytes must not panic either.
    let _ = formats::detect(data);
    let cards = match formats::read(data, Some(format), &[]) {
        Ok(outcome) => outcome
            .entries
            .iter()
            .filter(|e| matches!(e, Entry::Card(_)))
            .count(),
        Err(_) => 0,
    };
    FOLDER.with(|folder| {
        let path = folder.path().join(format!("input.{}", format.extension()));
        write_file(&path, data);
        check_import(&path, format, cards);
    });
}

fn write_file(path: &Path, data: &[u8]) {
    let mut file = std::fs::File::create(path).expect("the input file");
    file.write_all(data).expect("the input written");
}

fn check_import(path: &Path, format: Format, cards: usize) {
    let at = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a date");
    let mut ctx = Ctx {
        store: EMPTY.with(|empty| empty.copy_in_memory().expect("a fresh database")),
        clock: Clock::fixed(at),
        config: Config::default(),
    };
    let mut options = ImportOptions {
        files: vec![path.to_path_buf()],
        format: Some(format),
        dry_run: true,
        ..ImportOptions::default()
    };
    let dry = import(&mut ctx, &options, &mut |_| {});
    options.dry_run = false;
    let first = match import(&mut ctx, &options, &mut |_| {}) {
        Ok(report) => report,
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::User, "{e}");
            let dry = dry.expect_err("the dry run failed too");
            assert_eq!(dry.message, e.message);
            assert_eq!(contacts(&ctx), 0, "a failed import wrote contacts");
            return;
        }
    };
    let dry = dry.expect("the dry run succeeded too");
    assert_eq!(
        ImportReport {
            dry_run: false,
            ..dry
        },
        first,
        "the dry run and the import disagree"
    );
    assert!(
        first.imported + first.updated + first.unchanged <= cards,
        "{cards} cards read, {first:?}"
    );
    assert_eq!(contacts(&ctx), first.imported as u64, "{first:?}");
    let health = kith::ops::check::check(&ctx).expect("kith check runs");
    assert!(health.is_healthy(), "after the import: {health:?}");

    let again = import(&mut ctx, &options, &mut |_| {}).expect("the same file imports again");
    assert_eq!(
        again.imported, 0,
        "a second import added contacts: {again:?}"
    );
    assert_eq!(
        again.updated, 0,
        "a second import changed contacts: {again:?}"
    );
    assert_eq!(contacts(&ctx), first.imported as u64);
    let health = kith::ops::check::check(&ctx).expect("kith check runs");
    assert!(health.is_healthy(), "after a second import: {health:?}");
}

fn contacts(ctx: &Ctx) -> u64 {
    let n = ctx.store.db().count_contacts().expect("a count");
    u64::try_from(n).unwrap_or(0)
}
