//! Files holding personal data are the user's alone (0600, folders 0700)
//! whatever the umask kith runs under, and a config file others could
//! change is refused before anything is read or written.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::util::{DOWN_TO_V7, TestEnv};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// `kith ARGS…` in the sandbox, started by a shell whose umask is 000, so
/// any file kith leaves to the umask comes out readable and writable by all.
fn kith_umask_000(env: &TestEnv) -> Command {
    let kith = env.std_command();
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(kith.get_program());
    for (key, value) in kith.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    cmd.current_dir(kith.get_current_dir().expect("the sandbox"))
        .stdin(Stdio::null());
    cmd
}

fn run_000(env: &TestEnv, args: &[&str]) -> Output {
    let out = kith_umask_000(env).args(args).output().expect("run kith");
    assert!(
        out.status.success(),
        "kith {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every regular file under `dir` (the sandbox's own folders aside).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn the_shell_in_these_tests_really_runs_with_umask_000() {
    let env = TestEnv::new();
    let probe = env.path("probe");
    let status = Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec touch \"$0\"")
        .arg(&probe)
        .status()
        .expect("sh");
    assert!(status.success());
    assert_eq!(
        mode(&probe),
        0o666,
        "a file left to the umask is open to all"
    );
}

#[test]
fn every_file_kith_writes_with_personal_data_is_private_under_umask_000() {
    let env = TestEnv::new();
    let arg = |p: &PathBuf| p.to_str().expect("utf-8 path").to_string();
    run_000(
        &env,
        &["add", "Jane Doe", "-e", "jane@acme.io", "--tag", "client"],
    );
    run_000(&env, &["follow-up", "jane", "today", "send the proposal"]);
    let (vcf, csv, json, one) = (
        env.path("out/all.vcf"),
        env.path("out/all.csv"),
        env.path("out/all.json"),
        env.path("out/jane.json"),
    );
    std::fs::create_dir(env.path("out")).expect("out");
    for (args, file) in [
        (vec!["export", "-o"], &vcf),
        (vec!["export", "-o"], &csv),
        (vec!["export", "-o"], &json),
        (vec!["export", "--contact", "jane", "-o"], &one),
    ] {
        let mut args: Vec<String> = args.into_iter().map(String::from).collect();
        args.push(arg(file));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_000(&env, &args);
        assert!(
            std::fs::read_to_string(file)
                .expect("written")
                .contains("Jane")
        );
    }
    let ics = env.path("out/due.ics");
    run_000(&env, &["remind", "--ics", &arg(&ics)]);
    let named_backup = env.path("out/copy.db");
    run_000(&env, &["backup", "-o", &arg(&named_backup)]);
    run_000(&env, &["backup"]);
    run_000(&env, &["restore", "-y", &arg(&named_backup)]);
    // Drafts of a campaign: one message file per recipient, in a new folder.
    let body = env.path("out/body.txt");
    std::fs::write(&body, "Hello {{ first_name }}").expect("body");
    run_000(
        &env,
        &["template", "add", "hello", "-s", "Hi", "-f", &arg(&body)],
    );
    run_000(&env, &["edit", "jane", "--consent", "granted"]);
    run_000(
        &env,
        &[
            "campaign",
            "new",
            "spring",
            "--where",
            "tag:client",
            "-t",
            "hello",
        ],
    );
    let drafts = env.path("out/drafts");
    run_000(
        &env,
        &[
            "campaign",
            "send",
            "spring",
            "--from",
            "me@example.org",
            "--drafts",
            &arg(&drafts),
        ],
    );
    assert_eq!(files_under(&drafts).len(), 1, "one draft");
    // A database at the default location, in folders kith makes.
    let out = kith_umask_000(&env)
        .env_remove("KITH_DB")
        .args(["add", "John Roe"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let backups = env.path("backups");
    for folder in [&backups, &drafts, &env.path("data/kith")] {
        assert_eq!(mode(folder), 0o700, "{}", folder.display());
    }
    let mut written = files_under(&env.path("out"));
    written.retain(|f| f != &body);
    written.extend(files_under(&backups));
    written.extend(files_under(&env.path("data")));
    written.push(env.db().to_path_buf());
    let aside: Vec<PathBuf> = files_under(env.path(".").as_path())
        .into_iter()
        .filter(|f| f.to_string_lossy().contains(".before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "restore kept the database aside");
    written.extend(aside);
    // export ×4, ics, two backups, a draft, the default database, ours, the one aside
    assert!(written.len() >= 11, "{written:?}");
    for file in &written {
        assert_eq!(mode(file), 0o600, "{} is not private", file.display());
    }
}

#[test]
fn the_copy_taken_before_migrating_is_private_under_umask_000() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["-e", "jane@acme.io"]);
    {
        let conn = env.sql();
        conn.execute_batch(DOWN_TO_V7).expect("down to v7");
        conn.pragma_update(None, "user_version", 7).expect("v7");
    }
    let out = run_000(&env, &["list"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Jane Doe"));
    let copy = env.path("kith.db.v7.bak");
    assert!(copy.exists(), "the copy before migrating is there");
    assert_eq!(mode(&copy), 0o600);
    assert_eq!(mode(env.db()), 0o600);
}

/// The `-wal` and `-shm` files exist only while kith has the database open:
/// they are looked at while a long write runs (a demo, built beside its
/// path as `<path>.building` and renamed once whole).
#[test]
fn the_wal_and_shm_files_are_private_under_umask_000() {
    let env = TestEnv::new();
    let db = env.path("demo.db");
    let mut child = kith_umask_000(&env)
        .args(["demo", "--db", db.to_str().expect("utf-8"), "--no-tui"])
        .args(["--contacts", "20000", "--interactions", "200000"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn kith demo");
    let building = env.path("demo.db.building");
    let wal = env.path("demo.db.building-wal");
    let shm = env.path("demo.db.building-shm");
    // The schema is committed first: from then on both files exist.
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) == 0 || !shm.exists() {
        assert!(
            child.try_wait().expect("try_wait").is_none(),
            "the demo ended before its WAL was seen"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let modes = [mode(&building), mode(&wal), mode(&shm)];
    child.kill().expect("kill");
    child.wait().expect("wait");
    assert_eq!(modes, [0o600; 3], "database, -wal, -shm");
}

/// Writes the config `text` at mode `mode` and returns its path.
fn config(env: &TestEnv, text: &str, mode: u32) -> PathBuf {
    let dir = env.path("config/kith");
    std::fs::create_dir_all(&dir).expect("config dir");
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("config");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    path
}

#[test]
fn a_config_others_can_change_is_refused_and_nothing_is_written() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&["follow-up", "jane", "today", "call back"]);
    let before = env.state();
    let db_bytes = std::fs::read(env.db()).expect("db");
    let pwned = env.path("pwned");
    let path = config(
        &env,
        &format!("reminder_command = \"touch '{}'\"\n", pwned.display()),
        0o666,
    );
    for args in [&["remind"][..], &["add", "John Roe"], &["list"]] {
        let err = env.fails(args);
        let shown = path.display().to_string();
        assert!(err.contains(&format!("config file {shown}")), "{err}");
        assert!(err.contains("everyone (mode 0666)"), "{err}");
        assert!(err.contains(&format!("hint: chmod go-w {shown}")), "{err}");
    }
    assert!(!pwned.exists(), "the planted command never ran");
    assert_eq!(
        std::fs::read(env.db()).expect("db"),
        db_bytes,
        "file unchanged"
    );
    // Writable by its group only: refused too; fixed as the hint says: read.
    config(&env, "currency = 'USD'\n", 0o664);
    assert!(env.fails(&["list"]).contains("its group (mode 0664)"));
    let status = Command::new("chmod")
        .args(["go-w", path.to_str().expect("utf-8")])
        .status()
        .expect("chmod");
    assert!(status.success());
    assert_eq!(env.state(), before);
}
