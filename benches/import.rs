//! In-process benchmarks of `kith import`: a kith JSON file of the demo
//! generator's contacts, imported into an empty database, and imported
//! again into the database that already holds them (every card unchanged).
//!
//! Size it with `KITH_BENCH_IMPORT_CONTACTS` (default 100 000). With
//! `KITH_BENCH_IMPORT_FILE=path` the JSON file is also kept at `path`, for
//! whole-process timings (`hyperfine 'kith --db new.db import path'`).
//! Whole-process timings of CSV and vCard files are in `benches/hyperfine.sh`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use kith::clock::Clock;
use kith::config::Config;
use kith::ops::Ctx;
use kith::ops::demo::{DemoSize, generate};
use kith::ops::import::{ImportOptions, ImportReport, import};
use kith::store::{ContactFilter, ContactSort, Store};

fn main() {
    if !std::env::args().any(|a| a == "--list") {
        fixture();
    }
    divan::main();
    if let Some(f) = FIXTURE.get() {
        let _ = std::fs::remove_dir_all(&f.dir);
    }
}

struct Fixture {
    dir: PathBuf,
    /// The contacts as kith's JSON.
    json: PathBuf,
    /// A database holding exactly the file's contacts, imported once.
    full_db: PathBuf,
    /// How many contacts importing the file makes (cards of one person merge).
    imported: usize,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(build_fixture)
}

fn clock() -> Clock {
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date");
    Clock::fixed(at)
}

fn ctx(path: &Path) -> Ctx {
    Ctx {
        store: Store::open(path).expect("open the benchmark database"),
        clock: clock(),
        config: Config::default(),
    }
}

fn options(file: &Path) -> ImportOptions {
    ImportOptions {
        files: vec![file.to_path_buf()],
        ..ImportOptions::default()
    }
}

fn build_fixture() -> Fixture {
    let contacts: usize = std::env::var("KITH_BENCH_IMPORT_CONTACTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::Builder::new()
        .prefix("kith-bench-import-")
        .tempdir()
        .expect("temporary directory")
        .keep();
    let mut demo = Ctx {
        store: Store::open_in_memory().expect("store"),
        clock: clock(),
        config: Config::default(),
    };
    let size = DemoSize {
        contacts,
        interactions: 0,
        seed: 42,
    };
    generate(&mut demo, size).expect("generate");
    let all = demo
        .store
        .db()
        .contacts(
            &ContactFilter {
                include_archived: true,
                ..ContactFilter::default()
            },
            ContactSort::Created,
        )
        .expect("contacts");
    let json = dir.join("contacts.json");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&json).expect("create"));
    kith::formats::json::write(&mut out, &all).expect("write JSON");
    drop(out);
    if let Ok(keep) = std::env::var("KITH_BENCH_IMPORT_FILE") {
        std::fs::copy(&json, &keep).expect("keep the JSON file");
    }
    let full_db = dir.join("full.db");
    let report = import(&mut ctx(&full_db), &options(&json), &mut |_| {}).expect("import");
    eprintln!(
        "kith bench: {} contacts written as JSON; imported {}, updated {}, unchanged {}",
        all.len(),
        report.imported,
        report.updated,
        report.unchanged
    );
    Fixture {
        dir,
        json,
        full_db,
        imported: report.imported,
    }
}

/// A fresh path for one sample's database.
fn fresh_db(name: &str) -> PathBuf {
    let path = fixture().dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn json_into_an_empty_database(bencher: Bencher) {
    let f = fixture();
    bencher
        .with_inputs(|| ctx(&fresh_db("empty.db")))
        .bench_local_values(|mut ctx| -> ImportReport {
            let report = import(&mut ctx, &options(&f.json), &mut |_| {}).expect("import");
            assert_eq!(report.imported, f.imported);
            report
        });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn json_again_all_unchanged(bencher: Bencher) {
    let f = fixture();
    bencher
        .with_inputs(|| {
            let path = fresh_db("again.db");
            std::fs::copy(&f.full_db, &path).expect("copy");
            ctx(&path)
        })
        .bench_local_values(|mut ctx| -> ImportReport {
            let report = import(&mut ctx, &options(&f.json), &mut |_| {}).expect("import");
            assert_eq!((report.imported, report.updated), (0, 0));
            report
        });
}
