//! Storage safety: concurrent writers, SIGKILL mid-write, file mode,
//! journal mode and migrating an empty file.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::util::{TestEnv, as_array, parse_id, text};

/// Every summary on contact `id`'s timeline.
fn summaries(env: &TestEnv, id: &str) -> Vec<String> {
    as_array(&env.show(id)["interactions"])
        .iter()
        .map(|i| text(i, "summary").to_string())
        .collect()
}

fn integrity(db: &Path) -> (String, i64) {
    let conn = rusqlite::Connection::open(db).expect("the file opens");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign_key_check");
    (check, dangling)
}

#[test]
fn two_processes_writing_at_once_both_succeed() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|who| {
            let mut cmds: Vec<std::process::Command> = (0..50)
                .map(|n| {
                    let mut cmd = env.std_command();
                    cmd.args(["log", "1", "note", &format!("{who}{n}")])
                        .stdin(Stdio::null());
                    cmd
                })
                .collect();
            std::thread::spawn(move || {
                cmds.iter_mut()
                    .map(|cmd| cmd.output().expect("kith runs"))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut ids = BTreeSet::new();
    for writer in writers {
        for out in writer.join().expect("writer thread") {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "a concurrent log failed: {err}");
            ids.insert(parse_id(&String::from_utf8_lossy(&out.stdout)));
        }
    }
    assert_eq!(ids.len(), 100, "100 distinct ids");
    let mut got = summaries(&env, "1");
    got.sort();
    let mut expected: Vec<String> = (0..50)
        .flat_map(|n| [format!("a{n}"), format!("b{n}")])
        .collect();
    expected.sort();
    assert_eq!(got, expected);
}

#[test]
fn processes_starting_on_a_new_database_at_once_all_succeed() {
    let env = TestEnv::new();
    for round in 0..8 {
        let db = env.path(&format!("new-{round}.db"));
        let children: Vec<Child> = (0..3)
            .map(|n| {
                env.std_command()
                    .args(["--db", db.to_str().expect("utf-8 path")])
                    .args(["add", &format!("Person {round}-{n}"), "--force"])
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn kith")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("wait");
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let listed = env.ok(&["--db", db.to_str().expect("utf-8 path"), "list"]);
        assert_eq!(listed.lines().count(), 3, "round {round}: {listed}");
    }
}

/// Waits until `path` is larger than `bytes`, failing if `child` exits first
/// (no deadline: on a loaded machine the write only takes longer, and it
/// ends by itself).
fn wait_for_growth(child: &mut Child, path: &Path, bytes: u64) {
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            panic!("the write ended ({status}) before it could be interrupted");
        }
        if std::fs::metadata(path).map_or(0, |m| m.len()) > bytes {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn sigkill_in_the_middle_of_a_large_write_leaves_nothing_and_a_sound_file() {
    let env = TestEnv::new();
    let db = env.path("big.db");
    let db_arg = db.to_str().expect("utf-8 path");
    // The demo generator fills a new database in one transaction, in a file
    // beside the path that gets its name only once the demo is whole.
    let building = env.path("big.db.building");
    let mut child = env
        .std_command()
        .args(["demo", "--db", db_arg, "--no-tui"])
        .args(["--contacts", "20000", "--interactions", "200000"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn kith demo");
    // Uncommitted pages spill into the WAL once the page cache is full: by
    // then the transaction is well under way.
    wait_for_growth(&mut child, &env.path("big.db.building-wal"), 4 << 20);
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert!(!status.success(), "killed, not finished: {status}");

    assert!(!db.exists(), "a killed demo leaves nothing under its path");
    assert_eq!(integrity(&building), ("ok".to_string(), 0));
    let conn = rusqlite::Connection::open(&building).expect("open");
    for table in ["contact", "interaction", "follow_up", "contact_email"] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 0, "the interrupted write left rows in {table}");
    }
    drop(conn);
    // The next run starts again from scratch and finishes.
    env.kith(["demo", "--db", db_arg, "--no-tui", "--contacts", "30"])
        .success();
    assert!(!building.exists(), "the half-built file is gone");
    assert_eq!(integrity(&db), ("ok".to_string(), 0));
    env.ok(&["--db", db_arg, "add", "Jane Doe"]);
    let listed = env.json(&["--db", db_arg, "list", "--archived", "--json"]);
    assert!(as_array(&listed).len() > 30);
}

#[test]
fn sigkill_mid_write_keeps_every_committed_change() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io", "--tag", "client"]);
    env.add_contact("John Roe", &[]);
    for n in 0..5 {
        env.log("1", "call", &format!("committed {n}"), &[]);
    }
    env.ok(&["follow-up", "1", "tomorrow", "send the proposal"]);
    let before = env.state();

    // Writers killed at whatever instant they happen to be at.
    let mut children: Vec<(String, Child)> = (0..24)
        .map(|n| {
            let summary = format!("racing {n}");
            let child = env
                .std_command()
                .args(["log", "2", "note", &summary])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn kith log");
            (summary, child)
        })
        .collect();
    for (n, (_, child)) in children.iter_mut().enumerate() {
        if n % 2 == 0 {
            let _ = child.kill();
        }
    }
    let mut finished = Vec::new();
    let mut started = BTreeSet::new();
    for (summary, child) in children {
        let out = child.wait_with_output().expect("wait");
        if out.status.success() {
            finished.push(summary.clone());
        }
        started.insert(summary);
    }

    assert_eq!(integrity(env.db()), ("ok".to_string(), 0));
    // Every change committed before is there, untouched.
    let after = env.state();
    assert_eq!(after[0], before[0], "Jane Doe, her calls and follow-up");
    assert_eq!(after[1]["name"], "John Roe");
    // Every write that reported success is there; killed ones are whole or absent.
    let logged = summaries(&env, "2");
    for s in &finished {
        assert!(logged.contains(s), "{s} was committed: {logged:?}");
    }
    let unique: BTreeSet<&String> = logged.iter().collect();
    assert_eq!(unique.len(), logged.len(), "no doubled rows: {logged:?}");
    for s in &logged {
        assert!(started.contains(s), "unexpected {s}");
    }
    // And it still takes writes.
    env.log("2", "call", "after the storm", &[]);
}

#[cfg(unix)]
#[test]
fn a_new_database_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let mode = std::fs::metadata(env.db())
        .expect("db")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
    // Also at the default location, in the folders kith creates on the way.
    env.command()
        .env_remove("KITH_DB")
        .args(["add", "Jane Doe"])
        .assert()
        .success();
    let nested = env.path("data/kith/kith.db");
    let mode = std::fs::metadata(&nested).expect("db").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
}

#[test]
fn the_database_is_in_wal_mode_at_the_latest_schema() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let conn = env.sql();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal_mode");
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version");
    assert!(version >= 1, "{version}");
}

#[test]
fn an_empty_version_zero_file_is_migrated() {
    let env = TestEnv::new();
    // A zero-byte file, as `touch` leaves it.
    std::fs::write(env.db(), b"").expect("touch");
    env.add_contact("Jane Doe", &[]);
    assert_eq!(env.contacts().len(), 1);
    let version: i64 = env
        .sql()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version");
    assert!(version >= 1);

    // An SQLite file at version 0 with nothing in it.
    let blank = env.path("blank.db");
    {
        let conn = rusqlite::Connection::open(&blank).expect("create");
        conn.execute_batch("CREATE TABLE scratch (x); DROP TABLE scratch;")
            .expect("touch the header");
    }
    let arg = blank.to_str().expect("utf-8 path");
    env.ok(&["--db", arg, "add", "John Roe"]);
    assert_eq!(env.ok(&["--db", arg, "list"]).lines().count(), 1);
}

#[test]
fn a_reader_and_a_writer_do_not_block_each_other() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    // Hold a read transaction open in this process while kith writes.
    let conn = env.sql();
    conn.execute_batch("BEGIN; SELECT count(*) FROM contact;")
        .expect("read transaction");
    env.log("1", "call", "while someone reads", &[]);
    conn.execute_batch("COMMIT;").expect("end read");
    assert_eq!(summaries(&env, "1"), ["while someone reads"]);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    for args in [
        &["man"][..],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["list"],
        &["show", "jane"],
    ] {
        // The reading end is closed before kith writes a byte: every write fails.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = env
            .std_command()
            .args(args)
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("run kith");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "kith {args:?}: {err}");
        assert_eq!(err, "", "kith {args:?} is quiet");
    }
}

/// The concurrency trial in small (tests/reliability/concurrency.py runs it
/// at 1,000 logs with the TUI open): 8 processes logging one after another
/// while cron's `remind` runs in a loop. No writer waits past the busy
/// timeout, none fails, every line is stored once.
#[test]
fn eight_writers_and_cron_at_once_lose_nothing_and_never_see_busy() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["-e", "jane@acme.io"]);
    env.ok(&["follow-up", "jane", "today", "call back"]);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut cron = env.std_command();
    cron.arg("remind").stdin(Stdio::null());
    let cron_stop = stop.clone();
    let cron = std::thread::spawn(move || {
        let mut runs = Vec::new();
        while !cron_stop.load(std::sync::atomic::Ordering::Relaxed) {
            runs.push(cron.output().expect("kith remind runs"));
        }
        runs
    });
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let mut cmds: Vec<std::process::Command> = (0..25)
                .map(|n| {
                    let mut cmd = env.std_command();
                    cmd.args(["log", "jane", "call", &format!("writer {w} line {n}")])
                        .stdin(Stdio::null());
                    cmd
                })
                .collect();
            std::thread::spawn(move || {
                cmds.iter_mut()
                    .map(|cmd| cmd.output().expect("kith log runs"))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut outputs: Vec<std::process::Output> = writers
        .into_iter()
        .flat_map(|w| w.join().expect("writer thread"))
        .collect();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let cron_runs = cron.join().expect("cron thread");
    assert!(!cron_runs.is_empty(), "cron ran alongside");
    outputs.extend(cron_runs);
    for out in &outputs {
        let err = String::from_utf8_lossy(&out.stderr).to_lowercase();
        assert!(out.status.success(), "a command failed: {err}");
        assert!(!err.contains("locked") && !err.contains("busy"), "{err}");
    }
    let mut got = summaries(&env, "1");
    got.sort();
    let mut expected: Vec<String> = (0..8)
        .flat_map(|w| (0..25).map(move |n| format!("writer {w} line {n}")))
        .collect();
    expected.sort();
    assert_eq!(got, expected, "each line stored exactly once");
    assert_eq!(integrity(env.db()), ("ok".to_string(), 0));
}

/// The largest file in `dir` whose name contains `part`, and its size.
fn largest_named(dir: &Path, part: &str) -> u64 {
    std::fs::read_dir(dir)
        .expect("ls")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(part))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .max()
        .unwrap_or(0)
}

/// `kith restore` first copies the live database aside. Killed during that
/// copy, it must not leave a half copy under `<db>.before-restore-<stamp>`
/// (the name a user would restore from): the copy is written under a
/// temporary name and renamed once whole. Found by the crash trials.
#[test]
fn sigkill_while_a_restore_keeps_the_old_database_aside_leaves_no_half_copy() {
    let env = TestEnv::new();
    let db_arg = env.db().to_str().expect("utf-8 path").to_string();
    env.add_contact("Jane Doe", &[]);
    // Some 40 MB of other pages, so the copy aside takes a while.
    env.sql()
        .execute_batch(
            "CREATE TABLE filler(b BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
             INSERT INTO filler SELECT randomblob(4000) FROM n;",
        )
        .expect("filler");
    let other = env.path("other.db");
    let other_arg = other.to_str().expect("utf-8 path");
    env.ok(&["--db", other_arg, "add", "Bob Stone"]);
    let backup = env.path("backup.db");
    let backup_arg = backup.to_str().expect("utf-8 path");
    env.ok(&["--db", other_arg, "backup", "-o", backup_arg]);

    let mut child = env
        .std_command()
        .args(["--db", &db_arg, "restore", backup_arg, "--yes"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn kith restore");
    let dir = env.db().parent().expect("dir");
    // Until the copy aside is under way, under whatever name it has (no
    // deadline: the restore ends by itself).
    while largest_named(dir, ".kith-restore-").max(largest_named(dir, ".before-restore-")) < 4 << 20
    {
        if let Some(status) = child.try_wait().expect("try_wait") {
            panic!("the restore ended ({status}) before it could be interrupted");
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");

    for entry in std::fs::read_dir(dir).expect("ls").filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains(".before-restore-") {
            let aside = entry.path();
            assert_eq!(integrity(&aside), ("ok".to_string(), 0), "{name}");
            let conn = rusqlite::Connection::open(&aside).expect("open");
            let filler: i64 = conn
                .query_row("SELECT count(*) FROM filler", [], |r| r.get(0))
                .expect("a whole copy holds every row");
            assert_eq!(filler, 10_000, "{name} is a half copy");
        }
    }
    // The database is untouched, and the next run finishes the restore.
    assert_eq!(env.count("SELECT count(*) FROM contact"), 1);
    assert_eq!(env.count("SELECT count(*) FROM filler"), 10_000);
    env.ok(&["--db", &db_arg, "restore", backup_arg, "--yes"]);
    let listed = env.json(&["--db", &db_arg, "list", "--json"]);
    assert_eq!(text(&as_array(&listed)[0], "name"), "Bob Stone");
}
