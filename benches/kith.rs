//! In-process benchmarks of the library: the store, reminders and the demo
//! generator, on a database made once per run by the real generator.
//!
//! Size it with `KITH_BENCH_CONTACTS` and `KITH_BENCH_INTERACTIONS` (default
//! 10 000 / 100 000, so `cargo bench --bench kith` takes a few minutes); the
//! figures SPEC's budgets speak of come from
//!
//! ```text
//! KITH_BENCH_CONTACTS=100000 KITH_BENCH_INTERACTIONS=1000000 cargo bench --bench kith
//! ```
//!
//! or reuse a database built before with `KITH_BENCH_DB=path` (made by
//! `kith demo --db path --no-tui ...`, or by an earlier run: a path that does
//! not exist yet is generated there and kept). The file named is never
//! written to: benchmarks run on copies in a temporary directory.
//!
//! Whole-process timings of the `kith` binary are in `benches/hyperfine.sh`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use divan::{Bencher, black_box};
use kith::clock::Clock;
use kith::config::Config;
use kith::domain::contact::ContactInput;
use kith::domain::interaction::{InteractionKind, NewInteraction};
use kith::ops::demo::{DemoSize, generate};
use kith::ops::{Ctx, capture, remind, resolve};
use kith::store::{ContactFilter, ContactSort, Store};

fn main() {
    // Build (or copy) the database before the first benchmark, so its
    // progress line does not land inside the results table.
    if !std::env::args().any(|a| a == "--list") {
        fixture();
    }
    divan::main();
    // Statics are never dropped: remove the working copies by hand.
    if let Some(f) = FIXTURE.get() {
        let _ = std::fs::remove_dir_all(&f.dir);
    }
}

/// A name no generated contact has, added to the read copy so that
/// resolving it by fuzzy name has exactly one answer.
const UNIQUE_NAME: &str = "Zebulon Quixotewright";
const UNIQUE_EMAIL: &str = "zebulon@quixotewright.example";

/// The benchmark database, made (or copied) once per process.
struct Fixture {
    dir: PathBuf,
    /// Read benchmarks only.
    read_db: PathBuf,
    /// Write benchmarks (add, log) grow this one, never `read_db`.
    write_db: PathBuf,
    /// A contact with an ordinary timeline, and one of the busiest.
    typical_id: i64,
    busy_id: i64,
    /// `typical_id`'s primary email.
    email: String,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(build_fixture)
}

fn env_count(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a count")),
        Err(_) => default,
    }
}

fn ctx(path: &Path) -> Ctx {
    Ctx {
        store: Store::open(path).expect("open the benchmark database"),
        clock: Clock::from_env().expect("KITH_NOW"),
        config: Config::default(),
    }
}

fn build_fixture() -> Fixture {
    let dir = tempfile::Builder::new()
        .prefix("kith-bench-")
        .tempdir()
        .expect("temporary directory")
        .keep();
    let source = match std::env::var_os("KITH_BENCH_DB").map(PathBuf::from) {
        Some(path) if path.exists() => {
            eprintln!("kith bench: using {}", path.display());
            path
        }
        requested => {
            let path = requested.unwrap_or_else(|| dir.join("generated.db"));
            let size = DemoSize {
                contacts: env_count("KITH_BENCH_CONTACTS", 10_000),
                interactions: env_count("KITH_BENCH_INTERACTIONS", 100_000),
                ..DemoSize::default()
            };
            let started = Instant::now();
            let sum = generate(&mut ctx(&path), size).expect("generate");
            eprintln!(
                "kith bench: generated {} contacts (+{} duplicates), {} interactions in {:.1}s at {}",
                sum.contacts,
                sum.duplicates,
                sum.interactions,
                started.elapsed().as_secs_f64(),
                path.display()
            );
            path
        }
    };
    let read_db = dir.join("read.db");
    let write_db = dir.join("write.db");
    {
        let store = Store::open(&source).expect("open the source database");
        store.backup_to(&write_db).expect("copy for writes");
        if source.starts_with(&dir) {
            drop(store);
            std::fs::rename(&source, &read_db).expect("generated database as the read copy");
        } else {
            store.backup_to(&read_db).expect("copy for reads");
        }
    }
    let mut c = ctx(&read_db);
    let input = ContactInput {
        name: Some(UNIQUE_NAME.into()),
        emails: vec![UNIQUE_EMAIL.into()],
        ..ContactInput::default()
    };
    let contact = capture::new_contact(&c, input).expect("contact");
    capture::add_contact(&mut c, &contact, false).expect("add the unique contact");
    let db = c.store.db();
    let mut busy = (0, 0);
    for id in 1..=1000 {
        let n = db.interactions_of(id, None).expect("timeline").len();
        if n > busy.1 {
            busy = (id, n);
        }
    }
    let typical_id = 42;
    let email = db
        .contact(typical_id)
        .expect("load")
        .and_then(|c| c.emails.first().cloned())
        .expect("contact 42 has an email");
    Fixture {
        dir,
        read_db,
        write_db,
        typical_id,
        busy_id: busy.0,
        email,
    }
}

/// Capture, loading and resolving contacts, and the list views.
mod store {
    use super::{
        AtomicU64, Bencher, ContactFilter, ContactInput, ContactSort, InteractionKind,
        NewInteraction, Ordering, UNIQUE_NAME, black_box, capture, ctx, fixture, resolve,
    };

    /// A fresh name per call, sharing no word with any other contact, so
    /// the duplicate check runs in full and never refuses.
    fn unique_name() -> String {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let word = |mut n: u64| {
            let mut w = String::from("Bq");
            for _ in 0..6 {
                w.push(char::from(b'a' + (n % 26) as u8));
                n /= 26;
            }
            w
        };
        format!("{} {}", word(n), word(n + 7_654_321))
    }

    /// What `kith add` does after parsing: build, check for duplicates, insert, commit.
    #[divan::bench]
    fn insert_contact(bencher: Bencher) {
        let mut c = ctx(&fixture().write_db);
        bencher.bench_local(|| {
            let input = ContactInput {
                name: Some(unique_name()),
                emails: vec![format!("{}@bench.example", unique_name().replace(' ', "."))],
                tags: vec!["bench".into()],
                ..ContactInput::default()
            };
            let contact = capture::new_contact(&c, input).expect("contact");
            match capture::add_contact(&mut c, &contact, false).expect("add") {
                capture::AddOutcome::Added(id) => id,
                capture::AddOutcome::Duplicates(d) => panic!("refused as a duplicate: {d:?}"),
            }
        });
    }

    /// What `kith log` does after resolving the contact: insert, move the stamp, commit.
    #[divan::bench]
    fn log_interaction(bencher: Bencher) {
        let mut c = ctx(&fixture().write_db);
        let contact_id = fixture().typical_id;
        let at = c.clock.now().format("%Y-%m-%d %H:%M:%S").to_string();
        bencher.bench_local(|| {
            let n = NewInteraction {
                contact_id,
                kind: InteractionKind::Call,
                direction: None,
                at: at.clone(),
                text: "renewal talk, wants a proposal".into(),
                amount: None,
                rating: None,
                nps: None,
            };
            capture::log_interaction(&mut c, &n).expect("log")
        });
    }

    /// What `kith show` loads: the contact, its latest 20 interactions, its open follow-ups.
    #[divan::bench(args = ["typical", "busiest"])]
    fn contact_with_timeline(bencher: Bencher, which: &str) {
        let c = ctx(&fixture().read_db);
        let id = if which == "busiest" {
            fixture().busy_id
        } else {
            fixture().typical_id
        };
        let db = c.store.db();
        bencher.bench_local(|| {
            let contact = db.contact(id).expect("load");
            let timeline = db.interactions_of(id, Some(20)).expect("timeline");
            let follow_ups = db.open_follow_ups_of(id).expect("follow-ups");
            (contact, timeline, follow_ups)
        });
    }

    /// Naming a contact on the command line: by id, by email, by a unique
    /// fuzzy name; a common name (an ambiguity error listing candidates)
    /// and a typo (no name-word prefix matches, so everyone is scanned).
    #[divan::bench(args = ["id", "email", "name", "name_ambiguous", "name_typo"])]
    fn resolve_contact(bencher: Bencher, by: &str) {
        let c = ctx(&fixture().read_db);
        let text = match by {
            "id" => fixture().typical_id.to_string(),
            "email" => fixture().email.clone(),
            "name" => UNIQUE_NAME.to_lowercase(),
            "name_ambiguous" => "smith".to_string(),
            _ => "Zebulon Quixotewrigth".to_string(),
        };
        let db = c.store.db();
        bencher.bench_local(|| resolve::resolve_contact(db, black_box(&text)).ok());
    }

    /// `kith find` without the in-memory index: the contacts the persisted
    /// search index leaves, ranked by the search scorer.
    #[divan::bench(args = ["muller", "jose garcia", "zbulon", "smith"])]
    fn find_through_the_persisted_index(bencher: Bencher, query: &str) {
        let c = ctx(&fixture().read_db);
        let db = c.store.db();
        bencher.bench_local(|| {
            let docs = db.search_candidates(black_box(query)).expect("candidates");
            kith::domain::search::SearchIndex::new(docs)
                .search(query)
                .len()
        });
    }

    /// `kith list`: light rows of every live contact, by name.
    #[divan::bench(sample_count = 20)]
    fn list_rows(bencher: Bencher) {
        let c = ctx(&fixture().read_db);
        let db = c.store.db();
        bencher.bench_local(|| {
            db.list_rows(&ContactFilter::default(), ContactSort::Name)
                .expect("rows")
        });
    }

    /// `kith list --json`: every live contact fully loaded, by name.
    #[divan::bench(sample_count = 10)]
    fn list_contacts_full(bencher: Bencher) {
        let c = ctx(&fixture().read_db);
        let db = c.store.db();
        bencher.bench_local(|| {
            db.contacts(&ContactFilter::default(), ContactSort::Name)
                .expect("contacts")
        });
    }
}

/// `kith remind`: everything due today, with whether it was reported before.
mod remind_items {
    use super::{Bencher, ctx, fixture, remind};

    #[divan::bench(sample_count = 30)]
    fn due_items(bencher: Bencher) {
        let c = ctx(&fixture().read_db);
        let today = c.clock.now().date();
        let db = c.store.db();
        bencher.bench_local(|| remind::due_items(db, today, 7).expect("due items"));
    }

    /// The Follow-ups pane's load: every open follow-up, lapse and birthday.
    #[divan::bench(sample_count = 30)]
    fn agenda(bencher: Bencher) {
        let c = ctx(&fixture().read_db);
        let today = c.clock.now().date();
        let db = c.store.db();
        bencher.bench_local(|| remind::agenda(db, today, 7, true).expect("agenda"));
    }
}

/// The seeded generator behind `kith demo` and the benchmark database:
/// throughput in interactions per second, into a new database file each time.
mod demo {
    use super::{Bencher, DemoSize, ctx, generate};

    const SIZE: DemoSize = DemoSize {
        contacts: 2_000,
        interactions: 20_000,
        seed: 42,
    };

    #[divan::bench(sample_count = 10)]
    fn generate_2k_contacts_20k_interactions(bencher: Bencher) {
        bencher
            .counter(divan::counter::ItemsCount::new(SIZE.interactions))
            .with_inputs(|| {
                let dir = tempfile::tempdir().expect("temporary directory");
                let c = ctx(&dir.path().join("demo.db"));
                (dir, c)
            })
            .bench_local_values(|(dir, mut c)| {
                let sum = generate(&mut c, SIZE).expect("generate");
                (dir, c, sum)
            });
    }
}
