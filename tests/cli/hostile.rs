//! Hostile input: files made to hurt (huge, sparse, deep, folded a million
//! times, invalid UTF-8) and database paths that are not a database (a
//! folder, a link to nothing, text, random bytes, someone else's file).
//! Each is refused with a message naming the file, what is wrong and what
//! to do, and nothing changes: the database is byte-identical and no file
//! appears anywhere. The big cases against the release build, timed and
//! measured, are in `tests/reliability/hostile_files.py`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::util::{TestEnv, stderr, stdout};

/// A database holding one contact, and its bytes (kith checkpoints on exit).
fn seeded() -> (TestEnv, Vec<u8>) {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@example.com"]);
    let bytes = std::fs::read(env.db()).expect("database");
    (env, bytes)
}

/// Every path under `dir`, sorted: to show nothing was created.
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("ls") {
            let path = entry.expect("entry").path();
            if path.is_dir() && !path.is_symlink() {
                todo.push(path.clone());
            }
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Runs kith, expects exit 1, an error naming `needles` with a hint, no
/// panic; returns stderr.
fn refused<S: AsRef<OsStr>>(env: &TestEnv, args: &[S], needles: &[&str]) -> String {
    let assert = env.kith(args).code(1);
    assert_eq!(stdout(&assert), "");
    let err = stderr(&assert);
    for needle in needles {
        assert!(err.contains(needle), "{needle:?} in: {err}");
    }
    assert!(err.contains("hint:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// The database is exactly as it was, and no file beside it is new.
fn unchanged(env: &TestEnv, bytes: &[u8], before: &[PathBuf]) {
    assert_eq!(std::fs::read(env.db()).expect("database"), bytes);
    assert_eq!(listing(&env.path("")), before);
}

#[test]
fn a_2_gb_sparse_csv_is_refused_unread() {
    let (env, bytes) = seeded();
    let path = env.path("big.csv");
    std::fs::write(&path, "Name,E-mail\n").expect("header");
    std::fs::File::options()
        .append(true)
        .open(&path)
        .and_then(|f| f.set_len(2 << 30))
        .expect("sparse");
    let before = listing(&env.path(""));
    refused(
        &env,
        &["import", "big.csv"],
        &["cannot import big.csv", "not an address book"],
    );
    refused(
        &env,
        &["import", "--format", "csv", "big.csv"],
        &["cannot import big.csv", "2.0 GiB", "up to 1 GiB"],
    );
    unchanged(&env, &bytes, &before);
}

#[test]
fn a_csv_cell_of_megabytes_is_refused_with_its_line() {
    let (env, bytes) = seeded();
    let mut file =
        b"Name,E-mail,Notes\nAnn Lee,ann@example.com,hi\nBob Stone,bob@example.org,\"".to_vec();
    file.resize(file.len() + (5 << 20), b'a');
    file.extend_from_slice(b"\"\n");
    std::fs::write(env.path("cell.csv"), &file).expect("write");
    let before = listing(&env.path(""));
    refused(
        &env,
        &["import", "cell.csv"],
        &[
            "cannot import cell.csv",
            "line 3: a row longer than 1 MiB",
            "nothing was imported",
        ],
    );
    unchanged(&env, &bytes, &before);
}

#[test]
fn a_vcard_property_folded_a_million_times_is_refused_with_its_line() {
    let (env, bytes) = seeded();
    let mut file = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Folded Person\r\nNOTE:start".to_vec();
    for _ in 0..1_000_000 {
        file.extend_from_slice(b"\r\n x");
    }
    file.extend_from_slice(b"\r\nEND:VCARD\r\n");
    std::fs::write(env.path("fold.vcf"), &file).expect("write");
    let before = listing(&env.path(""));
    refused(
        &env,
        &["import", "fold.vcf"],
        &[
            "cannot import fold.vcf",
            "line 4: a property longer than 1 MiB (folded over",
        ],
    );
    unchanged(&env, &bytes, &before);
}

#[test]
fn deeply_nested_json_is_refused_with_its_place() {
    let (env, bytes) = seeded();
    let top = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(env.path("deep.json"), top).expect("write");
    let hidden = format!(
        "{{\"contacts\": [{{\"name\": \"Ann\", \"x\": {}1{}}}]}}",
        "{\"a\": ".repeat(100_000),
        "}".repeat(100_000)
    );
    std::fs::write(env.path("hidden.json"), hidden).expect("write");
    let before = listing(&env.path(""));
    for name in ["deep.json", "hidden.json"] {
        refused(
            &env,
            &["import", name],
            &[
                &format!("cannot import {name}"),
                "nested more than 32 levels deep",
            ],
        );
    }
    unchanged(&env, &bytes, &before);
}

#[test]
fn invalid_utf8_in_a_utf8_file_names_its_line() {
    let (env, bytes) = seeded();
    let good = std::fs::read(fixture("small.csv")).expect("fixture");
    let line3 = good
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map(|(i, _)| i + 2)
        .expect("a third line");
    let mut bad = good.clone();
    bad[line3 + 1] = 0xFF;
    std::fs::write(env.path("bad.csv"), bad).expect("write");
    let before = listing(&env.path(""));
    refused(
        &env,
        &["import", "bad.csv"],
        &["cannot import bad.csv", "line 3: invalid UTF-8 (byte 0xFF)"],
    );
    unchanged(&env, &bytes, &before);
    // The same file intact comes in.
    std::fs::write(env.path("good.csv"), good).expect("write");
    assert!(env.ok(&["import", "good.csv"]).contains("imported 2"));
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

#[test]
fn a_folder_as_the_database_is_named_as_such() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path("kith.db")).expect("mkdir");
    let before = listing(&env.path(""));
    for args in [vec!["list"], vec!["add", "Jane Doe"]] {
        refused(
            &env,
            &args,
            &["kith.db: it is a folder, not a file", "--db"],
        );
    }
    assert_eq!(listing(&env.path("")), before);
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_refused_and_nothing_is_created_at_its_target() {
    let env = TestEnv::new();
    std::os::unix::fs::symlink("synced/kith.db", env.db()).expect("symlink");
    let before = listing(&env.path(""));
    for args in [
        vec!["list"],
        vec!["add", "Jane Doe"],
        vec!["import", "x.csv"],
    ] {
        refused(
            &env,
            &args,
            &[
                "it is a link to synced/kith.db, which does not exist",
                "remove the link",
            ],
        );
    }
    assert_eq!(listing(&env.path("")), before);
    assert!(!env.path("synced").exists());
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let env = TestEnv::new();
    let random: Vec<u8> = (0..65_536u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    for (name, bytes) in [
        ("notes.db", b"Remember to call Jane.\n".to_vec()),
        ("random.db", random),
    ] {
        let path = env.path(name);
        std::fs::write(&path, &bytes).expect("write");
        let before = listing(&env.path(""));
        for args in [vec!["list"], vec!["add", "Jane Doe"]] {
            let mut all = vec!["--db", name];
            all.extend(args);
            refused(&env, &all, &[name, "not a kith database", "left untouched"]);
        }
        assert_eq!(std::fs::read(&path).expect("read"), bytes);
        assert_eq!(listing(&env.path("")), before);
    }
    // An empty file is a new database, as before.
    std::fs::write(env.path("empty.db"), b"").expect("write");
    env.ok(&["--db", "empty.db", "add", "Jane Doe"]);
    assert!(env.ok(&["--db", "empty.db", "list"]).contains("Jane Doe"));
}

#[cfg(unix)]
#[test]
fn a_database_another_user_owns_is_refused_untouched() {
    use std::os::unix::fs::MetadataExt;
    let (env, bytes) = seeded();
    let me = std::fs::metadata(env.path("")).expect("meta").uid();
    // Only root can give a file away; anyone else sees a root-owned file refused.
    let db = if me == 0 {
        std::os::unix::fs::chown(env.db(), Some(1), Some(1)).expect("chown");
        env.db().to_path_buf()
    } else {
        PathBuf::from("/etc/passwd")
    };
    let before = listing(&env.path(""));
    let arg = db.to_str().expect("utf-8 path");
    let err = refused(
        &env,
        &["--db", arg, "add", "Ann Lee"],
        &[arg, "belongs to another user", "chown"],
    );
    assert!(err.contains("left untouched"), "{err}");
    if me == 0 {
        unchanged(&env, &bytes, &before);
    }
}

#[cfg(unix)]
#[test]
fn a_link_to_a_real_database_is_followed() {
    let (env, _) = seeded();
    std::fs::create_dir(env.path("synced")).expect("mkdir");
    std::fs::rename(env.db(), env.path("synced/kith.db")).expect("move");
    std::os::unix::fs::symlink("synced/kith.db", env.db()).expect("symlink");
    env.add_contact("Ann Lee", &[]);
    env.log("Ann Lee", "call", "about the offer", &[]);
    assert!(env.ok(&["backup"]).contains("backed up"));
    assert!(
        std::fs::symlink_metadata(env.db())
            .expect("link")
            .is_symlink()
    );
    let real = rusqlite::Connection::open(env.path("synced/kith.db")).expect("open");
    let contacts: i64 = real
        .query_row("SELECT count(*) FROM contact", [], |r| r.get(0))
        .expect("count");
    assert_eq!(contacts, 2);
    for side in ["kith.db-wal", "kith.db-shm"] {
        assert!(!env.path(side).exists(), "no {side} beside the link");
    }
}

#[cfg(unix)]
#[test]
fn a_database_path_that_is_not_utf8_works_and_an_escape_in_a_path_is_not_printed() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let name = OsStr::from_bytes(b"caf\xe9.db");
    env.kith([
        OsStr::new("--db"),
        name,
        OsStr::new("add"),
        OsStr::new("Jane Doe"),
    ])
    .success();
    let listed = env
        .kith([OsStr::new("--db"), name, OsStr::new("list")])
        .success();
    assert!(stdout(&listed).contains("Jane Doe"));
    // A refused path holding an escape sequence is shown without it.
    std::fs::create_dir(env.path("\x1b[31mred")).expect("mkdir");
    let err = refused(&env, &["--db", "\x1b[31mred", "list"], &["it is a folder"]);
    assert!(!err.contains('\x1b'), "{err:?}");
}

#[test]
fn a_template_body_file_that_is_huge_or_not_utf8_is_refused() {
    let (env, bytes) = seeded();
    std::fs::File::create(env.path("huge.txt"))
        .and_then(|f| f.set_len(2 << 30))
        .expect("sparse");
    std::fs::write(env.path("latin1.txt"), b"Hello,\n\nCaf\xe9 at noon?\n").expect("write");
    let before = listing(&env.path(""));
    refused(
        &env,
        &[
            "template",
            "add",
            "big",
            "--subject",
            "Hi",
            "--body-file",
            "huge.txt",
        ],
        &["huge.txt is larger than 1024 KiB", "nothing was saved"],
    );
    refused(
        &env,
        &[
            "template",
            "add",
            "cafe",
            "--subject",
            "Hi",
            "--body-file",
            "latin1.txt",
        ],
        &["latin1.txt line 3: invalid UTF-8 (byte 0xE9)", "iconv"],
    );
    unchanged(&env, &bytes, &before);
    let listed = env.ok(&["template", "list"]);
    assert!(
        !listed.contains("big") && !listed.contains("cafe"),
        "{listed}"
    );
}

#[test]
fn a_config_file_that_is_not_utf8_is_refused_naming_it() {
    let (env, bytes) = seeded();
    let config = env.path("config/kith/config.toml");
    std::fs::create_dir_all(config.parent().expect("folder")).expect("mkdir");
    std::fs::write(&config, b"currency = \"EUR\"\n# caf\xe9\n").expect("write");
    let before = listing(&env.path(""));
    let err = env.fails(&["add", "Ann Lee"]);
    assert!(err.contains("config.toml"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
    unchanged(&env, &bytes, &before);
}

#[cfg(unix)]
#[test]
fn endless_standard_input_is_refused_at_once() {
    let (env, bytes) = seeded();
    let before = listing(&env.path(""));
    for args in [
        vec!["log", "Jane Doe", "note", "-"],
        vec!["template", "add", "zero", "--subject", "Hi"],
    ] {
        let zero = std::fs::File::open("/dev/zero").expect("/dev/zero");
        let out = env
            .std_command()
            .args(&args)
            .stdin(zero)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("standard input holds more than"), "{err}");
        assert!(err.contains("nothing"), "{err}");
    }
    unchanged(&env, &bytes, &before);
}

#[cfg(unix)]
#[test]
fn an_export_onto_the_wal_beside_a_linked_database_is_refused() {
    let (env, _) = seeded();
    std::fs::create_dir(env.path("synced")).expect("mkdir");
    std::fs::rename(env.db(), env.path("synced/kith.db")).expect("move");
    std::os::unix::fs::symlink("synced/kith.db", env.db()).expect("symlink");
    // kith holds the database open while it exports: its -wal exists then.
    for target in ["synced/kith.db-wal", "synced/kith.db-shm", "synced/kith.db"] {
        let err = refused(&env, &["export", "-o", target], &["kith's database itself"]);
        assert!(err.contains(target), "{err}");
    }
    assert!(env.ok(&["list"]).contains("Jane Doe"));
}
