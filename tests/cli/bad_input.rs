//! Bad input: a clear error on stderr naming the field or argument, exit 1
//! (2 for command-line usage), no panic, and nothing changed.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;

use crate::util::{TestEnv, stderr, stdout};

/// Jane Doe (#1, jane@acme.io), Jane Smith (#2), John Roe (#3) with a call
/// and a follow-up.
fn fixture() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact(
        "Jane Doe",
        &["--email", "jane@acme.io", "--field", "industry=fintech"],
    );
    env.add_contact("Jane Smith", &[]);
    env.add_contact("John Roe", &["--tag", "client"]);
    env.log("john", "call", "intro", &[]);
    env.ok(&["follow-up", "john", "tomorrow", "send deck"]);
    env
}

/// Runs `kith ARGS`, expects `code`, nothing on stdout, every needle on
/// stderr, no panic or backtrace, and the same state before and after.
fn refused<S: AsRef<OsStr>>(env: &TestEnv, args: &[S], code: i32, needles: &[&str]) -> String {
    let before = env.state();
    let assert = env.kith(args).code(code);
    let shown: Vec<_> = args.iter().map(|a| a.as_ref().to_string_lossy()).collect();
    assert_eq!(stdout(&assert), "", "stdout of kith {shown:?}");
    let err = stderr(&assert);
    for needle in needles {
        assert!(
            err.contains(needle),
            "kith {shown:?}: {needle:?} not in stderr:\n{err}"
        );
    }
    for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(!err.contains(bad), "kith {shown:?} panicked:\n{err}");
    }
    assert_eq!(env.state(), before, "kith {shown:?} changed something");
    err
}

#[test]
fn unknown_contact() {
    let env = fixture();
    refused(
        &env,
        &["log", "nobody", "call", "x"],
        1,
        &["nobody", "hint"],
    );
    refused(&env, &["log", "42", "call", "x"], 1, &["#42", "hint"]);
    refused(
        &env,
        &["edit", "who@nowhere.example", "--tag", "x"],
        1,
        &["who@nowhere.example", "hint"],
    );
    refused(&env, &["follow-up", "nobody", "tomorrow"], 1, &["nobody"]);
    refused(&env, &["cadence", "nobody", "30d"], 1, &["nobody"]);
    refused(&env, &["archive", "nobody"], 1, &["nobody"]);
    refused(&env, &["delete", "nobody", "--yes"], 1, &["nobody"]);
    refused(&env, &["show", "nobody"], 1, &["nobody"]);
}

#[test]
fn unknown_follow_up() {
    let env = fixture();
    refused(&env, &["done", "99"], 1, &["#99"]);
    refused(&env, &["snooze", "99", "tomorrow"], 1, &["#99"]);
    refused(&env, &["done", "abc"], 2, &["abc"]);
}

#[test]
fn ambiguous_name() {
    let env = fixture();
    refused(
        &env,
        &["log", "jane", "call", "x"],
        1,
        &["#1", "Jane Doe", "#2", "Jane Smith"],
    );
}

#[test]
fn unparsable_dates_list_the_forms_that_work() {
    let env = fixture();
    let forms = ["tomorrow", "in 2w", "next fri", "2026-12-01"];
    for args in [
        vec!["log", "john", "call", "x", "--at", "someday"],
        vec!["log", "john", "call", "x", "--at", "2026-13-45"],
        vec!["follow-up", "john", "whenever", "note"],
        vec!["follow-up", "john", "31 feb"],
        vec!["snooze", "1", "later"],
    ] {
        let err = refused(&env, &args, 1, &forms);
        let bad = args
            .iter()
            .find(|a| ["someday", "2026-13-45", "whenever", "31 feb", "later"].contains(a));
        assert!(
            err.contains(bad.expect("a bad date")),
            "the bad date is named: {err}"
        );
    }
    refused(
        &env,
        &["add", "Ann Lee", "--birthday", "the 5th"],
        2,
        &["--birthday"],
    );
}

#[test]
fn malformed_field() {
    let env = fixture();
    for field in ["noequals", "=value", "bad key!=x"] {
        refused(
            &env,
            &["add", "Ann Lee", "--field", field],
            2,
            &["--field", "KEY=VALUE"],
        );
        refused(
            &env,
            &["edit", "john", "--field", field],
            2,
            &["--field", "KEY=VALUE"],
        );
    }
}

#[test]
fn malformed_amount() {
    let env = fixture();
    for amount in [
        "lots",
        "12.345 EUR",
        "-5 EUR",
        "12 EUR USD",
        "1 2",
        "12 EURO",
        "",
    ] {
        let arg = format!("--amount={amount}");
        refused(
            &env,
            &["log", "john", "purchase", "x", &arg],
            1,
            &["--amount", "1200 EUR"],
        );
    }
}

#[test]
fn amount_on_anything_but_a_purchase() {
    let env = fixture();
    refused(
        &env,
        &["log", "john", "call", "x", "--amount", "12 EUR"],
        1,
        &["--amount", "purchase"],
    );
}

#[test]
fn rating_out_of_range_or_not_on_feedback() {
    let env = fixture();
    refused(
        &env,
        &["log", "john", "feedback", "x", "--rating", "11"],
        1,
        &["--rating", "11"],
    );
    refused(
        &env,
        &["log", "john", "feedback", "x", "--rating=-1"],
        1,
        &["--rating"],
    );
    refused(
        &env,
        &["log", "john", "feedback", "x", "--rating", "five"],
        2,
        &["--rating"],
    );
    refused(
        &env,
        &["log", "john", "call", "x", "--rating", "5"],
        1,
        &["--rating", "feedback"],
    );
}

#[test]
fn invalid_email() {
    let env = fixture();
    for email in ["jane", "jane@", "@acme.io", "jane@acme", "ja ne@acme.io"] {
        refused(&env, &["add", "Ann Lee", "--email", email], 1, &["email"]);
        refused(&env, &["edit", "john", "--email", email], 1, &["email"]);
    }
}

#[test]
fn an_email_that_belongs_to_someone_else() {
    let env = fixture();
    refused(
        &env,
        &["edit", "john", "--email", "JANE@acme.io"],
        1,
        &["#1", "JANE@acme.io", "nothing changed"],
    );
    // Merging does not exist yet: it is not offered.
    let err = env.fails(&["edit", "john", "--email", "jane@acme.io"]);
    assert!(!err.to_lowercase().contains("merge"), "{err}");
}

#[test]
fn invalid_phone() {
    let env = fixture();
    refused(
        &env,
        &["add", "Ann Lee", "--phone", "call me"],
        1,
        &["phone", "call me"],
    );
}

#[test]
fn invalid_kind_stage_consent_and_interaction_kind() {
    let env = fixture();
    refused(
        &env,
        &["add", "Ann Lee", "--kind", "boss"],
        2,
        &["--kind", "boss", "customer"],
    );
    refused(
        &env,
        &["edit", "john", "--stage", "won"],
        2,
        &["--stage", "won", "loyal"],
    );
    refused(&env, &["list", "--stage", "won"], 2, &["--stage"]);
    refused(&env, &["list", "--sort", "age"], 2, &["--sort"]);
    refused(
        &env,
        &["add", "Ann Lee", "--consent", "maybe"],
        2,
        &["--consent", "granted"],
    );
    refused(
        &env,
        &["log", "john", "lunch", "x"],
        2,
        &["lunch", "meeting"],
    );
}

#[test]
fn empty_or_huge_names() {
    let env = fixture();
    refused(&env, &["add", "   "], 1, &["name"]);
    let huge = "x".repeat(300);
    refused(&env, &["add", &huge], 1, &["name", "200"]);
    refused(&env, &["edit", "john", "--name", ""], 1, &["name"]);
}

#[test]
fn unset_of_something_not_set() {
    let env = fixture();
    refused(
        &env,
        &["edit", "john", "--unset", "nickname"],
        1,
        &["--unset", "nickname"],
    );
}

#[test]
fn bad_cadence_and_recurrence() {
    let env = fixture();
    refused(&env, &["cadence", "john", "often"], 1, &["often"]);
    refused(
        &env,
        &["follow-up", "john", "tomorrow", "x", "--every", "often"],
        2,
        &["--every"],
    );
}

#[test]
fn usage_errors_exit_two() {
    let env = fixture();
    refused(&env, &["add"], 2, &["NAME"]);
    refused(&env, &["log", "john"], 2, &["KIND"]);
    refused(&env, &["frobnicate"], 2, &["frobnicate"]);
    refused(&env, &["remind", "--days", "999"], 2, &["--days"]);
    refused(
        &env,
        &["add", "Ann Lee", "--nickname", "A"],
        2,
        &["--nickname"],
    );
}

#[test]
fn a_non_utf8_argument() {
    let env = fixture();
    let bad = OsStr::from_bytes(b"Ann \xff Lee").to_os_string();
    let args: Vec<OsString> = vec!["add".into(), bad.clone()];
    refused(
        &env,
        &args,
        2,
        &["<NAME> is not valid UTF-8", "Ann \u{FFFD} Lee"],
    );
    let args: Vec<OsString> = vec!["log".into(), "john".into(), "note".into(), bad.clone()];
    refused(&env, &args, 2, &["<TEXT> is not valid UTF-8"]);
    let args: Vec<OsString> = vec!["edit".into(), "john".into(), "--org".into(), bad.clone()];
    refused(&env, &args, 2, &["--org is not valid UTF-8"]);
    let args: Vec<OsString> = vec!["snooze".into(), "1".into(), bad];
    refused(&env, &args, 2, &["<UNTIL> is not valid UTF-8"]);
}

#[test]
fn non_utf8_text_on_stdin() {
    let env = fixture();
    let before = env.state();
    let assert = env
        .command()
        .args(["log", "john", "note", "-"])
        .write_stdin(b"caf\xe9 au lait\n".to_vec())
        .assert()
        .code(1);
    assert_eq!(stdout(&assert), "");
    let err = stderr(&assert);
    assert!(err.contains("UTF-8"), "{err}");
    assert_eq!(env.state(), before);
}

#[test]
fn an_unwritable_database_path() {
    let env = TestEnv::new();
    let file = env.path("not-a-dir");
    std::fs::write(&file, "just a file\n").expect("write");
    for db in [file.join("kith.db"), file.join("deeper/kith.db")] {
        let db_arg = db.to_str().expect("utf-8 path");
        let assert = env.kith(["--db", db_arg, "add", "Jane Doe"]).code(1);
        assert_eq!(stdout(&assert), "");
        let err = stderr(&assert);
        assert!(err.contains(db_arg), "the path is named: {err}");
        assert!(err.contains("hint"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "just a file\n"
    );
    // A directory where the file should be.
    let dir = env.path("a-dir.db");
    std::fs::create_dir(&dir).expect("mkdir");
    let dir_arg = dir.to_str().expect("utf-8 path");
    let err = env.fails(&["--db", dir_arg, "list"]);
    assert!(err.contains(dir_arg), "{err}");
}

#[test]
fn a_database_from_a_newer_kith_is_refused_untouched() {
    let env = TestEnv::new();
    {
        let conn = rusqlite::Connection::open(env.db()).expect("create");
        conn.execute_batch("CREATE TABLE contact (id INTEGER PRIMARY KEY, future_column TEXT);")
            .expect("schema");
        conn.pragma_update(None, "user_version", 999)
            .expect("version");
    }
    let before = std::fs::read(env.db()).expect("read");
    for args in [
        vec!["list"],
        vec!["add", "Jane Doe"],
        vec!["remind"],
        vec!["show", "1"],
    ] {
        let err = env.fails(&args);
        assert!(err.contains("newer"), "{err}");
        assert!(err.contains("999"), "{err}");
        assert!(err.contains("hint"), "{err}");
        assert_eq!(
            std::fs::read(env.db()).expect("read"),
            before,
            "byte-identical"
        );
    }
    let wal = env.path("kith.db-wal");
    assert!(!wal.exists(), "no WAL file left beside it");
    let version: i64 = env
        .sql()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 999);
}

#[test]
fn a_corrupted_or_foreign_file_is_refused_untouched() {
    let env = TestEnv::new();
    let junk: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let text_file = b"name,email\nJane,jane@acme.io\n".to_vec();
    let mut torn = {
        let scratch = TestEnv::new();
        scratch.add_contact("Jane Doe", &[]);
        let _ = scratch
            .sql()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        std::fs::read(scratch.db()).expect("read")
    };
    // A database whose pages were cut off.
    torn.truncate(1024 + 10);
    for (name, bytes) in [
        ("junk.db", junk),
        ("contacts.csv", text_file),
        ("torn.db", torn),
    ] {
        let path = env.path(name);
        std::fs::write(&path, &bytes).expect("write");
        let arg = path.to_str().expect("utf-8 path");
        let err = env.fails(&["--db", arg, "list"]);
        assert!(err.contains(arg), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            bytes,
            "{name} untouched"
        );
    }
    // Another program's SQLite file.
    let other = env.path("bookmarks.sqlite");
    {
        let conn = rusqlite::Connection::open(&other).expect("create");
        conn.execute_batch("CREATE TABLE bookmark (url TEXT); INSERT INTO bookmark VALUES ('x');")
            .expect("seed");
    }
    let before = std::fs::read(&other).expect("read");
    let arg = other.to_str().expect("utf-8 path");
    let err = env.fails(&["--db", arg, "add", "Jane Doe"]);
    assert!(err.contains("not a kith database"), "{err}");
    assert_eq!(std::fs::read(&other).expect("read"), before, "untouched");
}

#[test]
fn a_bad_clock_override_is_named() {
    let env = fixture();
    let before = env.state();
    let assert = env
        .command()
        .env("KITH_NOW", "soon")
        .args(["add", "Ann Lee"])
        .assert()
        .code(1);
    assert!(stderr(&assert).contains("KITH_NOW"));
    assert_eq!(env.state(), before);
}

#[test]
fn huge_fields_and_bad_tags() {
    let env = fixture();
    let huge_value = format!("notes={}", "x".repeat(10_001));
    refused(
        &env,
        &["add", "Ann Lee", "--field", &huge_value],
        2,
        &["--field", "too long"],
    );
    refused(
        &env,
        &["add", "Ann Lee", "--tag", "a,b\u{200b}"],
        1,
        &["tag", "\"b\u{FFFD}\" is not a tag"],
    );
    refused(&env, &["edit", "john", "--tag", "   "], 1, &["tag"]);
    // A note over 1 MB on stdin.
    let before = env.state();
    let assert = env
        .command()
        .args(["log", "john", "note", "-"])
        .write_stdin("y".repeat(1_100_000))
        .assert()
        .code(1);
    assert!(stderr(&assert).contains("1 MB"), "{}", stderr(&assert));
    assert_eq!(env.state(), before);
}

mod never_panics {
    //! Whatever text reaches a field, kith answers with a result or a clear
    //! error (exit 1 or 2), never a panic, and a refused command changes nothing.

    use proptest::prelude::*;

    use crate::util::{TestEnv, stderr};

    fn config() -> ProptestConfig {
        // Each case runs the binary: a few dozen cases keep this quick.
        ProptestConfig {
            cases: 24,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    /// Runs `kith ARGS`, checks the exit code and stderr, and returns whether
    /// it succeeded.
    fn run(env: &TestEnv, args: &[&str]) -> bool {
        let assert = env.kith(args);
        let out = assert.get_output();
        let code = out.status.code();
        let err = stderr(&assert);
        assert!(
            matches!(code, Some(0..=2)),
            "kith {args:?} exited {code:?}: {err}"
        );
        assert!(!err.contains("panicked"), "kith {args:?} panicked: {err}");
        code == Some(0)
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn any_name_org_and_field(
            name in "[^\\x00]{0,40}",
            org in "[^\\x00]{0,20}",
            value in "[^\\x00]{0,20}",
        ) {
            let env = TestEnv::new();
            env.add_contact("Jane Doe", &[]);
            let before = env.state();
            let field = format!("k={value}");
            let added = run(&env, &["add", &name, "--org", &org, "--field", &field, "--force"]);
            if added {
                let all = env.contacts();
                prop_assert_eq!(all.len(), 2);
                let shown = &all[1]["name"];
                prop_assert!(shown.as_str().is_some_and(|s| !s.is_empty()), "{}", shown);
            } else {
                prop_assert_eq!(env.state(), before);
            }
        }

        #[test]
        fn any_date_text(when in "[^\\x00]{0,24}") {
            let env = TestEnv::new();
            env.add_contact("Jane Doe", &[]);
            let before = env.state();
            let logged = run(&env, &["log", "1", "note", "x", "--at", &when]);
            let followed = run(&env, &["follow-up", "1", &when, "note"]);
            if !logged && !followed {
                prop_assert_eq!(env.state(), before);
            }
        }
    }
}
