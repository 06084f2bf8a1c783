//! `kith demo`: a seeded sample database, never written over real data.

use crate::util::{TestEnv, as_array, stderr, text};

/// The numbers in "demo database …: N contacts (+M planted duplicates, +K
/// namesakes), I interactions, F follow-ups".
fn summary_numbers(summary: &str) -> Vec<usize> {
    summary
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[test]
fn builds_a_database_of_the_asked_size() {
    let env = TestEnv::new();
    let db = env.path("demo.db");
    let db_arg = db.to_str().expect("utf-8 path");
    let assert = env
        .kith([
            "demo",
            "--db",
            db_arg,
            "--contacts",
            "50",
            "--interactions",
            "300",
            "--no-tui",
        ])
        .success()
        .stdout("");
    let summary = stderr(&assert);
    assert!(summary.contains("50 contacts"), "{summary}");
    assert!(summary.contains("300 interactions"), "{summary}");
    assert!(summary.contains(db_arg), "{summary}");
    let numbers = summary_numbers(summary.split(db_arg).nth(1).expect("after path"));
    let (planted, namesakes, campaign) = (numbers[1], numbers[2], numbers[4]);
    assert_eq!(namesakes, 2, "{summary}");

    let all = env.json(&["--db", db_arg, "list", "--archived", "--json"]);
    let all = as_array(&all);
    assert_eq!(all.len(), 50 + planted + namesakes, "{summary}");
    let conn = rusqlite::Connection::open(&db).expect("open");
    let interactions: i64 = conn
        .query_row("SELECT count(*) FROM interaction", [], |r| r.get(0))
        .expect("count");
    // The asked-for timeline, and the demo campaign's messages and answers.
    assert_eq!(usize::try_from(interactions).ok(), Some(300 + campaign));
    let sent: i64 = conn
        .query_row(
            "SELECT count(*) FROM interaction WHERE kind = 'campaign'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert!(sent > 0 && usize::try_from(sent).is_ok_and(|n| n <= campaign));
    // Realistic: emails, organisations, tags and stages are filled in.
    assert!(
        all.iter()
            .filter(|c| !as_array(&c["emails"]).is_empty())
            .count()
            >= 40
    );
    assert!(all.iter().any(|c| c["org"].is_string()));
    assert!(all.iter().any(|c| !as_array(&c["tags"]).is_empty()));
    assert!(all.iter().any(|c| c["stage"].is_string()));
    // The timeline is there, through the ordinary commands.
    let busiest = all
        .iter()
        .map(|c| env.json(&["--db", db_arg, "show", &c["id"].to_string(), "--json"]))
        .map(|c| as_array(&c["interactions"]).len())
        .max();
    assert!(busiest.unwrap_or(0) > 0);
}

#[test]
fn the_same_seed_makes_the_same_data() {
    let env = TestEnv::new();
    let names = |db: &str, seed: &str| -> Vec<String> {
        env.kith([
            "demo",
            "--db",
            db,
            "--contacts",
            "30",
            "--interactions",
            "60",
            "--seed",
            seed,
            "--no-tui",
        ])
        .success();
        as_array(&env.json(&["--db", db, "list", "--archived", "--json"]))
            .iter()
            .map(|c| text(c, "name").to_string())
            .collect()
    };
    let a = names(env.path("a.db").to_str().expect("path"), "7");
    let b = names(env.path("b.db").to_str().expect("path"), "7");
    let c = names(env.path("c.db").to_str().expect("path"), "8");
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn refuses_a_database_that_holds_contacts() {
    let env = TestEnv::new();
    let other = env.path("other.db");
    let other_arg = other.to_str().expect("utf-8 path");
    env.add_contact("Real Person", &["--db", other_arg]);
    env.ok(&["--db", other_arg, "log", "1", "call", "real data"]);
    let list = || env.json(&["--db", other_arg, "show", "1", "--json"]);
    let before = list();
    let err = env.fails(&[
        "demo",
        "--db",
        other_arg,
        "--contacts",
        "5",
        "--interactions",
        "5",
        "--no-tui",
    ]);
    assert!(err.contains("already holds contacts"), "{err}");
    assert!(err.contains(other_arg), "{err}");
    assert_eq!(list(), before, "nothing changed");
    assert_eq!(
        as_array(&env.json(&["--db", other_arg, "list", "--archived", "--json"])).len(),
        1
    );
}

#[test]
fn kith_db_named_again_with_db_is_still_left_alone() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let before = env.state();
    let db_arg = env.db().to_str().expect("utf-8 path").to_string();
    env.kith([
        "demo",
        "--db",
        &db_arg,
        "--contacts",
        "5",
        "--interactions",
        "5",
        "--no-tui",
    ])
    .success();
    assert_eq!(env.state(), before);
}

#[test]
fn refuses_a_database_whose_contacts_are_all_archived() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&["archive", "1"]);
    let before = env.state();
    let db_arg = env.db().to_str().expect("utf-8 path").to_string();
    // Without KITH_DB, --db names the database demo data would go into.
    let assert = env
        .command()
        .env_remove("KITH_DB")
        .args(["demo", "--db", &db_arg, "--contacts", "5"])
        .args(["--interactions", "5", "--no-tui"])
        .assert()
        .code(1);
    let err = stderr(&assert);
    assert!(err.contains("already holds contacts"), "{err}");
    assert_eq!(env.state(), before);
}

#[test]
fn a_plain_demo_never_writes_into_kith_db() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    let before = env.state();
    let bytes = std::fs::read(env.db()).expect("read");
    let assert = env.kith(["demo", "--no-tui"]).success();
    let summary = stderr(&assert);
    let db_arg = env.db().to_str().expect("path");
    assert!(!summary.contains(db_arg), "{summary}");
    assert!(
        !summary.contains("deleted on exit"),
        "the kept database is not called deleted: {summary}"
    );
    assert_eq!(
        std::fs::read(env.db()).expect("read"),
        bytes,
        "byte-identical"
    );
    assert_eq!(env.state(), before);
    // The sample data went into a new database of its own, which is kept
    // (without the TUI nobody could have looked at it otherwise).
    let kept = summary
        .lines()
        .find_map(|l| l.strip_prefix("kept in "))
        .unwrap_or_else(|| panic!("where the demo database is: {summary}"));
    let demo_db = std::path::Path::new(kept.trim()).join("kith.db");
    assert!(
        demo_db.starts_with(env.path("tmp")),
        "{}",
        demo_db.display()
    );
    let demo_arg = demo_db.to_str().expect("path");
    let listed = env.json(&["--db", demo_arg, "list", "--archived", "--json"]);
    assert!(as_array(&listed).len() >= 300, "the default size");
}

#[test]
fn a_plain_demo_with_an_empty_kith_db_leaves_it_alone_too() {
    let env = TestEnv::new();
    env.kith([
        "demo",
        "--no-tui",
        "--contacts",
        "10",
        "--interactions",
        "10",
    ])
    .success();
    assert!(!env.db().exists(), "KITH_DB was not created");
}

/// A killed `kith demo` leaves its half-built database only under
/// `<path>.building` (here made by hand as such a run left it: contacts,
/// no campaigns, a `-wal` beside it); the next run throws it away, builds
/// the whole demo, and gives it its name only once it is complete.
#[test]
fn a_build_a_killed_run_left_is_started_again_from_scratch() {
    let env = TestEnv::new();
    let db = env.path("demo.db");
    let db_arg = db.to_str().expect("utf-8 path");
    let partial = env.path("demo.db.building");
    let partial_arg = partial.to_str().expect("utf-8 path");
    env.kith([
        "--db",
        partial_arg,
        "add",
        "Half Built",
        "--email",
        "half@example.com",
    ])
    .success();
    std::fs::write(env.path("demo.db.building-wal"), b"").expect("a stale wal");
    let args = [
        "demo",
        "--db",
        db_arg,
        "--contacts",
        "40",
        "--interactions",
        "200",
    ];
    env.kith([&args[..], &["--no-tui"]].concat()).success();
    assert!(!partial.exists(), "the half-built file is gone");
    assert!(!env.path("demo.db.building-wal").exists());
    let conn = rusqlite::Connection::open(&db).expect("open");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert_eq!(
        count("SELECT count(*) FROM contact_email WHERE email = 'half@example.com'"),
        0,
        "nothing of the half-built file is kept"
    );
    assert!(
        count("SELECT count(*) FROM campaign") > 0,
        "the demo is whole"
    );
    assert!(count("SELECT count(*) FROM goal") > 0, "the demo is whole");
    let err = env.fails(&[&args[..], &["--no-tui"]].concat());
    assert!(err.contains("already holds contacts"), "{err}");
}
