//! A sandbox per test: its own directory, database, clock and environment,
//! and helpers that run the real `kith` binary inside it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use serde_json::Value;
use tempfile::TempDir;

/// The fixed "now" of every test: a Monday morning.
pub const NOW: &str = "2026-11-23 09:00";

/// No single command in these tests should come near this.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The `kith` binary Cargo built for this test run.
pub fn kith_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_kith"))
}

pub struct TestEnv {
    dir: TempDir,
    db: PathBuf,
    now: String,
}

impl TestEnv {
    /// A fresh sandbox; its database does not exist until a command creates it.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("kith-cli-")
            .tempdir()
            .expect("temp dir");
        for sub in ["data", "config", "cache", "state", "tmp"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("sandbox dir");
        }
        let db = dir.path().join("kith.db");
        TestEnv {
            dir,
            db,
            now: NOW.to_string(),
        }
    }

    /// The database `KITH_DB` points at.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// A path inside the sandbox.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Moves the clock of every later command.
    pub fn set_now(&mut self, now: &str) {
        self.now = now.to_string();
    }

    /// The environment every command gets, applied to a std command (for
    /// tests that spawn, race or kill processes).
    pub fn std_command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(kith_bin());
        for (key, _) in std::env::vars_os() {
            let key_text = key.to_string_lossy();
            if key_text.starts_with("KITH_") || key_text.starts_with("XDG_") {
                cmd.env_remove(&key);
            }
        }
        let dir = self.dir.path();
        cmd.env("KITH_DB", &self.db)
            .env("KITH_NOW", &self.now)
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .env("HOME", dir)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .env("XDG_CACHE_HOME", dir.join("cache"))
            .env("XDG_STATE_HOME", dir.join("state"))
            .env("TMPDIR", dir.join("tmp"))
            .env_remove("EDITOR")
            .env_remove("VISUAL")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("RUST_BACKTRACE")
            .current_dir(dir);
        cmd
    }

    /// A `kith` command in the sandbox, with stdin an empty pipe.
    pub fn command(&self) -> Command {
        let mut cmd = Command::from_std(self.std_command());
        cmd.timeout(TIMEOUT).write_stdin("");
        cmd
    }

    /// Runs `kith ARGS…`.
    pub fn kith<I, S>(&self, args: I) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command().args(args).assert()
    }

    /// Runs `kith ARGS…` at another moment.
    pub fn kith_at(&self, now: &str, args: &[&str]) -> Assert {
        self.command().env("KITH_NOW", now).args(args).assert()
    }

    /// Runs `kith ARGS…`, expects success, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        stdout(&self.kith(args).success())
    }

    /// Runs `kith ARGS…` at `now`, expects success, returns stdout.
    pub fn ok_at(&self, now: &str, args: &[&str]) -> String {
        stdout(&self.kith_at(now, args).success())
    }

    /// Runs `kith ARGS…`, expects exit code 1 and nothing on stdout; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let assert = self.kith(args).code(1);
        assert_eq!(stdout(&assert), "", "stdout of failed kith {args:?}");
        stderr(&assert)
    }

    /// `kith add NAME ARGS…`, returning the new contact's id.
    pub fn add_contact(&self, name: &str, args: &[&str]) -> i64 {
        let mut all = vec!["add", name];
        all.extend_from_slice(args);
        parse_id(&self.ok(&all))
    }

    /// `kith log CONTACT KIND TEXT ARGS…`, returning the interaction's id.
    pub fn log(&self, contact: &str, kind: &str, text: &str, args: &[&str]) -> i64 {
        let mut all = vec!["log", contact, kind, text];
        all.extend_from_slice(args);
        parse_id(&self.ok(&all))
    }

    /// Runs a `--json` command and parses what it printed.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("kith {args:?} printed invalid JSON ({e}):\n{out}"))
    }

    /// Runs a `--json` command at `now` and parses what it printed.
    pub fn json_at(&self, now: &str, args: &[&str]) -> Value {
        let out = self.ok_at(now, args);
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("kith {args:?} printed invalid JSON ({e}):\n{out}"))
    }

    /// `kith show CONTACT --json`, with every interaction.
    pub fn show(&self, contact: &str) -> Value {
        self.json(&["show", contact, "--json", "--limit", "0"])
    }

    /// `kith list --archived --json`: every contact.
    pub fn contacts(&self) -> Vec<Value> {
        as_array(&self.json(&["list", "--archived", "--json"])).clone()
    }

    /// `kith remind --all --json` at `now`: every due item, reported or not.
    pub fn due_at(&self, now: &str) -> Vec<Value> {
        let out = self.ok_at(now, &["remind", "--all", "--json"]);
        as_array(&serde_json::from_str(&out).expect("remind JSON")).clone()
    }

    /// Everything a user can see: every contact in full with its timeline and
    /// open follow-ups. Two equal states mean nothing changed.
    pub fn state(&self) -> Value {
        if !self.db.exists() {
            return Value::Null;
        }
        let shown: Vec<Value> = self
            .contacts()
            .iter()
            .map(|c| self.show(&c["id"].to_string()))
            .collect();
        Value::Array(shown)
    }

    /// Opens the database directly, for what no command shows (counts, pragmas).
    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).expect("open the database directly")
    }

    /// One number from the database.
    pub fn count(&self, sql: &str) -> i64 {
        self.sql()
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

pub fn stdout(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).expect("stderr is UTF-8")
}

/// The single id a capture command prints.
pub fn parse_id(out: &str) -> i64 {
    out.trim()
        .parse()
        .unwrap_or_else(|_| panic!("expected an id, got {out:?}"))
}

pub fn as_array(v: &Value) -> &Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected a JSON array, got {v}"))
}

/// The keys of a JSON object, sorted.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .unwrap_or_else(|| panic!("expected a JSON object, got {v}"))
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

/// Sorted owned strings, to compare with [`keys`].
pub fn sorted(words: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = words.iter().map(ToString::to_string).collect();
    v.sort();
    v
}

/// The ids of a JSON array of contacts, in order.
pub fn ids(contacts: &[Value]) -> Vec<i64> {
    contacts
        .iter()
        .map(|c| c["id"].as_i64().expect("id is a number"))
        .collect()
}

/// A string field of a JSON object.
pub fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

/// SQL that takes a database back from schema version 9 to 7 (what
/// migrations 0009 and 0008 added), for tests of older files.
pub const DOWN_TO_V7: &str = "DROP TABLE campaign_response; DROP TABLE campaign_recipient;
     DROP TABLE campaign_variant; DROP TABLE campaign; DROP TABLE template;
     DROP TRIGGER contact_stage_born; DROP TRIGGER contact_stage_moved;
     DROP TABLE stage_change; DROP TABLE segment_size; DROP TABLE segment_member;
     DROP TABLE segment; DROP TABLE goal;
     DROP INDEX interaction_purchase; DROP INDEX interaction_feedback;
     DROP INDEX interaction_campaign; DROP INDEX interaction_kind_contact;
     DROP INDEX contact_created;
     ALTER TABLE interaction DROP COLUMN nps;";
