//! Where kith finds its database, its config and its clock: mistakes there
//! are named, never silently worked around.

use crate::util::{TestEnv, stderr, stdout};

fn write_config(env: &TestEnv, text: &str) -> std::path::PathBuf {
    let path = env.path("config/kith/config.toml");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write config");
    path
}

#[test]
fn bad_config_values_are_named_with_the_file_and_key() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let before = env.state();
    for (text, key) in [
        ("currency = \"zzzz\"\n", "currency"),
        ("phone_region = \"QQ\"\n", "phone_region"),
    ] {
        let path = write_config(&env, text);
        let err = env.fails(&["log", "jane", "purchase", "x", "--amount", "12"]);
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains(key), "{err}");
        assert!(!err.contains("--amount"), "the amount is not blamed: {err}");
    }
    write_config(&env, "");
    assert_eq!(env.state(), before);
}

#[test]
fn a_kith_now_in_a_daylight_saving_gap_is_not_read_as_utc() {
    let env = TestEnv::new();
    // 02:30 on 28 March 2027 does not exist in Berlin: clocks go 02:00 → 03:00.
    let assert = env
        .command()
        .env("TZ", "Europe/Berlin")
        .env("KITH_NOW", "2027-03-28 02:30")
        .args(["add", "Jane Doe"])
        .assert()
        .success();
    assert_eq!(stdout(&assert), "1\n", "{}", stderr(&assert));
    // Read with the offset before the gap (+01:00): 01:30 UTC, i.e. 03:30 CEST.
    assert_eq!(env.show("1")["created_at"], "2027-03-28T01:30:00Z");
    // Outside the gap, local time converts as usual.
    env.command()
        .env("TZ", "Europe/Berlin")
        .env("KITH_NOW", "2027-03-28 04:00")
        .args(["add", "John Roe"])
        .assert()
        .success();
    assert_eq!(env.show("2")["created_at"], "2027-03-28T02:00:00Z");
}

#[test]
fn a_mistyped_database_path_is_an_error_and_creates_nothing() {
    let env = TestEnv::new();
    let typo = env.path("nodir/sub/x.db");
    let typo_arg = typo.to_str().expect("utf-8 path");
    for args in [
        &["list"][..],
        &["remind"],
        &["add", "Jane Doe"],
        &["show", "1"],
    ] {
        let assert = env
            .command()
            .env("KITH_DB", &typo)
            .args(args)
            .assert()
            .code(1);
        assert_eq!(stdout(&assert), "");
        let err = stderr(&assert);
        assert!(err.contains(typo_arg), "{args:?}: the path is named: {err}");
        assert!(err.contains("KITH_DB"), "{args:?}: {err}");
        let err = env.fails(&[&["--db", typo_arg][..], args].concat());
        assert!(err.contains("--db"), "{args:?}: {err}");
    }
    assert!(!env.path("nodir").exists(), "no folder was made");
}

#[test]
fn read_commands_never_create_a_database() {
    let env = TestEnv::new();
    for args in [
        &["list"][..],
        &["remind"],
        &["find", "jane"],
        &["show", "jane"],
    ] {
        let err = env.fails(args);
        assert!(err.contains("there is no database at"), "{args:?}: {err}");
        assert!(err.contains(&env.db().display().to_string()), "{err}");
        assert!(!env.db().exists(), "{args:?} created the database");
    }
    // At the default location they read an empty CRM, and still create nothing.
    let default = env.path("data/kith/kith.db");
    for args in [&["list"][..], &["remind"]] {
        let out = env
            .command()
            .env_remove("KITH_DB")
            .args(args)
            .assert()
            .success();
        assert_eq!(stdout(&out), "", "{args:?}");
    }
    assert!(!default.exists(), "a read created the default database");
    // A write creates the named file in a folder that exists, and the default with its folders.
    env.add_contact("Jane Doe", &[]);
    assert!(env.db().exists());
    env.command()
        .env_remove("KITH_DB")
        .args(["add", "John Roe"])
        .assert()
        .success();
    assert!(default.exists());
}

#[test]
fn an_empty_kith_db_is_named() {
    let env = TestEnv::new();
    let assert = env
        .command()
        .env("KITH_DB", "")
        .args(["list"])
        .assert()
        .code(1);
    let err = stderr(&assert);
    assert!(err.contains("KITH_DB is empty"), "{err}");
    assert!(!err.contains("--db <PATH>"), "{err}");
    // An empty --db is a usage error, about --db.
    let err = stderr(&env.kith(["--db", "", "list"]).code(2));
    assert!(err.contains("--db"), "{err}");
    assert!(!env.db().exists());
}

#[test]
fn text_piped_to_a_log_that_cannot_be_written_is_kept() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let before = env.state();
    // Another writer holds the lock past kith's busy timeout: the write fails
    // after the text was read (as a read-only database would make it fail).
    let holder = env.sql();
    holder
        .execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    let text = "renewal talk\nwants a proposal by friday\n";
    let assert = env
        .command()
        .args(["log", "jane", "note", "-"])
        .write_stdin(text)
        .assert()
        .code(1);
    holder.execute_batch("ROLLBACK").expect("release");
    let err = stderr(&assert);
    assert!(err.contains("busy"), "{err}");
    let kept = err
        .split_whitespace()
        .find(|w| w.contains("kith-unsaved-"))
        .and_then(|w| w.strip_suffix(';'))
        .unwrap_or_else(|| panic!("no saved file named: {err}"));
    assert!(
        kept.starts_with(&env.path("tmp").display().to_string()),
        "{kept}"
    );
    assert_eq!(std::fs::read_to_string(kept).expect("saved text"), text);
    assert_eq!(env.state(), before);
    // The hint's command logs it.
    let again = env
        .command()
        .args(["log", "jane", "note", "-"])
        .pipe_stdin(kept)
        .expect("stdin from the file")
        .assert()
        .success();
    assert_eq!(stdout(&again), "1\n");
}

#[test]
fn next_week_follows_the_configured_week_start() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    // Now is Monday 2026-11-23: with Sunday weeks, next week starts Sunday 29th.
    write_config(&env, "week_start = \"sunday\"\n");
    env.ok(&["follow-up", "jane", "next week"]);
    assert_eq!(env.show("1")["follow_ups"][0]["due"], "2026-11-29");
    write_config(&env, "week_start = \"monday\"\n");
    env.ok(&["snooze", "1", "next week"]);
    assert_eq!(env.show("1")["follow_ups"][0]["due"], "2026-11-30");
}

#[test]
fn a_non_utf8_kith_now_is_named() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let assert = env
        .command()
        .env("KITH_NOW", std::ffi::OsStr::from_bytes(b"2026-11-23 \xff"))
        .args(["add", "Jane Doe"])
        .assert()
        .code(1);
    assert!(stderr(&assert).contains("KITH_NOW"), "{}", stderr(&assert));
    assert!(!env.db().exists());
}
