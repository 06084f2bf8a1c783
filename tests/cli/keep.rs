//! `kith backup`, `restore`, `check` and `forget`: copies that are always
//! whole, restores that check first and keep the old database aside, a
//! check that names what is wrong, and a forget that leaves no trace.

use std::path::Path;

use rusqlite::Connection;

use crate::util::{DOWN_TO_V7, TestEnv, stderr, stdout};

fn integrity(path: &Path) -> String {
    let conn = Connection::open(path).expect("open the copy");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

fn count(path: &Path, sql: &str) -> i64 {
    let conn = Connection::open(path).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_backup_goes_beside_the_database_private_and_whole() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe <jane@acme.io>", &[]);
    env.log("jane", "call", "renewal", &[]);
    let out = env.ok(&["backup"]);
    let path = env.path("backups/kith-20261123-090000.db");
    assert!(
        out.starts_with(&format!("backed up to {} (", path.display())),
        "{out}"
    );
    assert!(out.trim_end().ends_with("KiB)"), "{out}");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&env.path("backups")), 0o700);
    assert_eq!(integrity(&path), "ok");
    assert_eq!(count(&path, "SELECT count(*) FROM interaction"), 1);
    assert!(!env.path("backups/kith-20261123-090000.db-wal").exists());
}

#[test]
fn keep_removes_only_older_kith_backups() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    for now in ["2026-11-20 09:00", "2026-11-21 09:00", "2026-11-22 09:00"] {
        env.ok_at(now, &["backup"]);
    }
    for other in ["notes.db", "kith-20200101-000000.db.txt", "kith-old.db"] {
        std::fs::write(env.path(&format!("backups/{other}")), "mine").expect("seed");
    }
    let assert = env.kith(["backup", "--keep", "2"]).success();
    assert_eq!(
        stderr(&assert).lines().count(),
        2,
        "two removed: {}",
        stderr(&assert)
    );
    let mut left: Vec<String> = std::fs::read_dir(env.path("backups"))
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "kith-20200101-000000.db.txt",
            "kith-20261122-090000.db",
            "kith-20261123-090000.db",
            "kith-old.db",
            "notes.db"
        ]
    );
    let err = env.kith(["backup", "--keep", "0"]).code(2);
    assert!(stderr(&err).contains("--keep"), "{}", stderr(&err));
}

#[test]
fn a_backup_to_a_missing_directory_or_of_no_database_is_refused_and_a_directory_takes_the_default_name()
 {
    let env = TestEnv::new();
    let err = env.fails(&["backup"]);
    assert!(err.contains("there is no database at"), "{err}");
    assert!(!env.db().exists() && !env.path("backups").exists());
    env.add_contact("Jane Doe", &[]);
    let err = env.fails(&["backup", "-o", "nowhere/kith.db"]);
    assert!(
        err.contains("cannot write nowhere/kith.db: no such directory"),
        "{err}"
    );
    assert!(!env.path("nowhere").exists());
    std::fs::create_dir(env.path("adir")).expect("dir");
    let out = env.ok(&["backup", "-o", "adir"]);
    assert!(
        out.starts_with("backed up to adir/kith-20261123-090000.db ("),
        "{out}"
    );
    assert_eq!(integrity(&env.path("adir/kith-20261123-090000.db")), "ok");
}

#[test]
fn backups_taken_while_another_kith_writes_are_each_sound() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    std::thread::scope(|s| {
        let writer = s.spawn(|| {
            for i in 0..25 {
                let out = env
                    .std_command()
                    .args(["log", "jane", "note", &format!("note {i}")])
                    .output()
                    .expect("run kith log");
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        });
        let mut seen = 0;
        for i in 0..6 {
            let name = format!("b{i}.db");
            env.ok(&["backup", "-o", &name]);
            let path = env.path(&name);
            assert_eq!(integrity(&path), "ok", "{name}");
            let n = count(&path, "SELECT count(*) FROM interaction");
            assert!(n >= seen, "{name}: {n} interactions after {seen}");
            seen = n;
        }
        writer.join().expect("writer");
    });
    assert_eq!(env.count("SELECT count(*) FROM interaction"), 25);
}

#[cfg(unix)]
#[test]
fn restore_puts_a_backup_back_and_keeps_the_database_aside() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&["backup", "-o", "before.db"]);
    env.add_contact("Bob Roe", &[]);
    let assert = env.kith(["restore", "before.db", "--yes"]).success();
    let err = stderr(&assert);
    let aside = env.path("kith.db.before-restore-20261123-090000");
    assert!(
        err.contains(&format!(
            "kept the database as it was in {}",
            aside.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("restored 1 contacts from before.db (there were 2)"),
        "{err}"
    );
    let names: Vec<String> = env
        .contacts()
        .iter()
        .map(|c| c["name"].as_str().expect("name").to_string())
        .collect();
    assert_eq!(names, ["Jane Doe"]);
    assert_eq!(mode(&aside), 0o600);
    assert_eq!(count(&aside, "SELECT count(*) FROM contact"), 2);
    assert_eq!(
        env.count("SELECT count(*) FROM audit_log WHERE action = 'restore'"),
        1
    );
    assert_eq!(
        stdout(&env.kith(["check"]).success()).lines().last(),
        Some("ok")
    );
}

#[test]
fn restore_refuses_bad_files_and_changes_nothing() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&["backup", "-o", "good.db"]);
    std::fs::write(
        env.path("notes.txt"),
        "not a database at all, just some text\n",
    )
    .expect("seed");
    std::fs::create_dir(env.path("adir")).expect("dir");
    std::fs::copy(env.path("good.db"), env.path("newer.db")).expect("copy");
    Connection::open(env.path("newer.db"))
        .expect("open")
        .pragma_update(None, "user_version", 99)
        .expect("bump");
    let before = env.state();
    for (file, expected) in [
        ("notes.txt", "is not an SQLite database file"),
        ("adir", "is a directory"),
        ("missing.db", "does not exist"),
        ("newer.db", "written by a newer kith (schema version 99"),
    ] {
        let err = env.fails(&["restore", file, "--yes"]);
        assert!(err.contains(expected), "{file}: {err}");
        assert!(err.contains("nothing changed"), "{file}: {err}");
    }
    let err = env.kith(["restore", "good.db"]).code(2);
    assert!(stderr(&err).contains("pass --yes"), "{}", stderr(&err));
    assert_eq!(env.state(), before);
    assert!(!env.path("kith.db.before-restore-20261123-090000").exists());
}

#[test]
fn check_passes_a_sound_database_and_names_orphan_rows() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe <jane@acme.io>", &["--tag", "client"]);
    env.log("jane", "call", "renewal", &[]);
    let out = env.ok(&["check"]);
    assert!(
        out.contains("1 contacts (0 archived), 1 interactions"),
        "{out}"
    );
    assert_eq!(out.lines().last(), Some("ok"), "{out}");
    {
        let conn = env.sql();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO contact_tag (contact_id, tag) VALUES (999, 'ghost');
             INSERT INTO interaction (uid, contact_id, kind, at, created_at, updated_at)
                 VALUES ('x', 999, 'note', '2026-01-01 10:00:00', 'x', 'x');",
        )
        .expect("orphans");
    }
    let assert = env.kith(["check"]).code(1);
    let out = stdout(&assert);
    assert!(
        out.contains("problem: 1 contact_tag rows belong to a contact that does not exist"),
        "{out}"
    );
    assert!(out.contains("problem: 1 interaction rows"), "{out}");
    assert!(out.contains("fix: run `kith check --repair`"), "{out}");
    assert!(
        stderr(&assert).contains("the database has 2 problems"),
        "{}",
        stderr(&assert)
    );
    let report = {
        let a = env.kith(["check", "--json"]).code(1);
        serde_json::from_str::<serde_json::Value>(&stdout(&a)).expect("JSON")
    };
    assert_eq!(report["findings"][0]["check"], "orphans");
    env.ok(&["check", "--repair"]);
    assert_eq!(
        env.count("SELECT count(*) FROM contact_tag WHERE contact_id = 999"),
        0
    );
    assert_eq!(env.ok(&["check"]).lines().last(), Some("ok"));
}

#[test]
fn check_finds_a_damaged_page() {
    let env = TestEnv::new();
    for i in 0..30 {
        env.add_contact(&format!("Person {i} <p{i}@example.org>"), &["--force"]);
    }
    let (root, page_size) = {
        let conn = env.sql();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .expect("checkpoint");
        let root: i64 = conn
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'contact_email_key'",
                [],
                |r| r.get(0),
            )
            .expect("root");
        let size: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .expect("size");
        (root, size)
    };
    let mut bytes = std::fs::read(env.db()).expect("read");
    // The page's type byte: an index leaf (10) made an interior table page (5).
    let at = usize::try_from((root - 1) * page_size).expect("offset");
    bytes[at] = 5;
    std::fs::write(env.db(), &bytes).expect("write");
    let assert = env.kith(["check"]).code(1);
    let out = stdout(&assert);
    assert!(out.contains("problem: the file is damaged"), "{out}");
    assert!(out.contains("kith restore FILE"), "{out}");
}

#[test]
fn forget_leaves_only_hashes_and_no_trace_in_the_file() {
    let env = TestEnv::new();
    env.add_contact(
        "Zelda Quux <zelda.quux@example.org>",
        &["--phone", "+49 30 1234567"],
    );
    env.add_contact("Bob Roe <bob@example.org>", &[]);
    env.log("zelda", "call", "private matters", &[]);
    env.ok(&["follow-up", "zelda", "next fri", "call back"]);
    let before = env.state();
    let err = env.kith(["forget", "zelda"]).code(2);
    assert!(stderr(&err).contains("pass --yes"), "{}", stderr(&err));
    assert_eq!(env.state(), before);
    let assert = env.kith(["forget", "zelda", "--yes"]).success();
    assert_eq!(
        stderr(&assert),
        "forgot Zelda Quux (#1) with 1 interactions and 1 follow-ups\n"
    );
    assert_eq!(env.contacts().len(), 1);
    assert_eq!(env.count("SELECT count(*) FROM forgotten"), 2);
    assert_eq!(
        env.count(
            "SELECT count(*) FROM forgotten WHERE hash LIKE '%zelda%' OR hash LIKE '%example%'"
        ),
        0
    );
    let audit: (String, String) = env
        .sql()
        .query_row(
            "SELECT summary, detail FROM audit_log WHERE action = 'forget'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("audit entry");
    let audit = format!("{audit:?}");
    assert!(
        !audit.contains("Zelda") && !audit.contains("zelda") && !audit.contains("1234567"),
        "{audit}"
    );
    let mut bytes = std::fs::read(env.db()).expect("read");
    if let Ok(wal) = std::fs::read(env.path("kith.db-wal")) {
        bytes.extend(wal);
    }
    for trace in [
        &b"zelda.quux@example.org"[..],
        b"Zelda Quux",
        b"private matters",
        b"quux",
    ] {
        assert!(
            !bytes.windows(trace.len()).any(|w| w == trace),
            "{} is still in the file",
            String::from_utf8_lossy(trace)
        );
    }
    let err = env.fails(&["forget", "zelda", "--yes"]);
    assert!(err.contains("zelda"), "{err}");
}

#[test]
fn forget_leaves_no_stage_change_or_segment_membership_behind() {
    let env = TestEnv::new();
    let zelda = env.add_contact(
        "Zelda Quux <zelda@example.org>",
        &["--city", "Berlin", "--stage", "lead"],
    );
    env.add_contact(
        "Bob Roe <bob@example.org>",
        &["--city", "Berlin", "--stage", "lead"],
    );
    env.ok(&["edit", "zelda", "--stage", "customer"]);
    env.ok(&["edit", "bob", "--stage", "customer"]);
    env.ok(&["segment", "add", "berlin-now", "city:berlin", "--static"]);
    // Before: a lead, then a customer, for each; both in the segment.
    assert_eq!(
        env.count(&format!(
            "SELECT count(*) FROM stage_change WHERE contact_id = {zelda}"
        )),
        2
    );
    assert_eq!(
        env.count(&format!(
            "SELECT count(*) FROM segment_member WHERE contact_id = {zelda}"
        )),
        1
    );
    env.ok(&["forget", "zelda", "--yes"]);
    assert_eq!(env.contacts().len(), 1);
    for table in ["stage_change", "segment_member"] {
        assert_eq!(
            env.count(&format!(
                "SELECT count(*) FROM {table} WHERE contact_id = {zelda}"
            )),
            0,
            "{table} keeps rows of the forgotten person"
        );
        // Nor any row keyed by an id that no contact has any more.
        assert_eq!(
            env.count(&format!(
                "SELECT count(*) FROM {table} WHERE contact_id NOT IN (SELECT id FROM contact)"
            )),
            0,
            "{table}"
        );
    }
    // Bob keeps his.
    assert_eq!(env.count("SELECT count(*) FROM stage_change"), 2);
    assert_eq!(env.count("SELECT count(*) FROM segment_member"), 1);
}

#[test]
fn another_process_holding_the_database_sees_the_restore() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&["backup", "-o", "one.db"]);
    env.add_contact("Bob Roe", &[]);
    let reader = env.sql();
    let contacts = |conn: &Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM contact", [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(contacts(&reader), 2);
    env.ok(&["restore", "one.db", "--yes"]);
    assert_eq!(contacts(&reader), 1);
    let mode: String = reader
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
}

#[test]
fn the_database_itself_is_never_a_destination_or_a_source() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let before = env.state();
    let err = env.fails(&["export", "--format", "json", "-o", "kith.db"]);
    assert!(err.contains("kith.db is kith's database itself"), "{err}");
    let err = env.fails(&["backup", "-o", "kith.db"]);
    assert!(err.contains("kith.db is kith's database itself"), "{err}");
    let err = env.fails(&["restore", "kith.db", "--yes"]);
    assert!(
        err.contains("is the database itself; nothing changed"),
        "{err}"
    );
    assert_eq!(env.state(), before);
}

#[test]
fn two_restores_in_one_second_keep_both_copies_aside() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&["backup", "-o", "one.db"]);
    env.add_contact("Bob Roe", &[]);
    env.ok(&["restore", "one.db", "--yes"]);
    env.ok(&["restore", "one.db", "--yes"]);
    let first = env.path("kith.db.before-restore-20261123-090000");
    let second = env.path("kith.db.before-restore-20261123-090000-2");
    assert_eq!(count(&first, "SELECT count(*) FROM contact"), 2);
    assert_eq!(count(&second, "SELECT count(*) FROM contact"), 1);
}

#[test]
fn a_backup_from_an_older_kith_is_migrated_once_restored() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--city", "Lyon"]);
    env.ok(&["backup", "-o", "old.db"]);
    // Make the copy what schema version 5 was: no street, no audit log,
    // import keys, forgotten hashes or meta (nor what versions 7 and 8 added).
    Connection::open(env.path("old.db"))
        .expect("open")
        .execute_batch(&format!(
            "{DOWN_TO_V7}
             DROP TABLE merge_log; DROP TABLE not_duplicate; DROP TABLE finding_skip;
             DROP TABLE import_key; DROP TABLE forgotten; DROP TABLE meta; DROP TABLE audit_log;
             ALTER TABLE contact DROP COLUMN street;
             PRAGMA user_version = 5;"
        ))
        .expect("downgrade");
    env.add_contact("Bob Roe", &[]);
    env.ok(&["restore", "old.db", "--yes"]);
    assert_eq!(env.count("PRAGMA user_version"), 9);
    assert_eq!(env.contacts().len(), 1);
    assert_eq!(
        env.count("SELECT count(*) FROM audit_log WHERE action = 'restore'"),
        1
    );
    assert_eq!(env.ok(&["check"]).lines().last(), Some("ok"));
}
