//! `kith campaign send`: to a real SMTP server on 127.0.0.1 (aiosmtpd from
//! the CI venv), through a sendmail-compatible command (a script standing in
//! for it that records what it gets), and to a drafts folder; failures
//! retried, a kill -9 mid-send never sending a message twice.
//!
//! The SMTP tests need a python with aiosmtpd: `KITH_TEST_PYTHON` (CI sets
//! it), else `python3` if it has it, else they are skipped with a notice.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::util::TestEnv;

mod command;
mod drafts;
mod smtp;

/// The campaign every test sends.
const CAMPAIGN_UID: &str = "0193a000-0000-7000-8000-00000000c0de";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/outreach")
        .join(name)
}

/// A python that has aiosmtpd, or None after saying why the test is skipped.
fn python() -> Option<String> {
    let has_it = |python: &str| {
        Command::new(python)
            .args(["-c", "import aiosmtpd"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    match std::env::var("KITH_TEST_PYTHON") {
        Ok(python) => {
            assert!(
                has_it(&python),
                "KITH_TEST_PYTHON={python} cannot import aiosmtpd (pip install aiosmtpd)"
            );
            Some(python)
        }
        Err(_) if has_it("python3") => Some("python3".into()),
        Err(_) => {
            eprintln!(
                "skipped: aiosmtpd not installed (set KITH_TEST_PYTHON to a python that has it)"
            );
            None
        }
    }
}

/// What a mail client shows of each .eml file (python's email parser).
fn read_mail(python: &str, files: &[PathBuf]) -> Vec<Value> {
    let out = Command::new(python)
        .arg(fixture("read_mail.py"))
        .args(files)
        .output()
        .expect("run read_mail.py");
    assert!(
        out.status.success(),
        "read_mail.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).expect("read_mail.py JSON");
    parsed.as_array().expect("a list").clone()
}

/// The SMTP sink on 127.0.0.1, writing what it receives into a folder;
/// stopped when dropped.
struct Sink {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Sink {
    fn start(python: &str, dir: PathBuf) -> Sink {
        let mut child = Command::new(python)
            .arg(fixture("smtp_sink.py"))
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the SMTP sink");
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().expect("stdout")),
            &mut line,
        )
        .expect("the sink's port");
        let port = line.trim().parse().expect("a port number");
        Sink { child, port, dir }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The .eml files in `dir`, sorted.
fn emls(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    out.sort();
    out
}

/// Writes the config file with an `[outreach]` table of `lines`.
fn config(env: &TestEnv, lines: &str) {
    let dir = env.path("config/kith");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(dir.join("config.toml"), format!("[outreach]\n{lines}\n")).expect("config");
}

/// Five contacts and campaign "spring" (variants A and B, written the way
/// `campaign new` writes them): Zoë, Ann and Bob get a message, Dan had
/// consent when the campaign was made but withdraws it before the send,
/// Cleo was skipped at creation (consent denied).
fn setup(env: &TestEnv) {
    env.add_contact(
        "Zoë Müller",
        &[
            "-e",
            "zoe@example.org",
            "--org",
            "Bäckerei Süß",
            "--consent",
            "granted",
        ],
    );
    env.add_contact(
        "Ann Archer",
        &["-e", "ann@example.org", "--consent", "granted"],
    );
    env.add_contact(
        "Bob Baker",
        &["-e", "bob@example.org", "--consent", "granted"],
    );
    env.add_contact(
        "Dan Drop",
        &["-e", "dan@example.org", "--consent", "granted"],
    );
    env.add_contact(
        "Cleo Denied",
        &["-e", "cleo@example.org", "--consent", "denied"],
    );
    let db = env.sql();
    db.execute_batch(&format!(
        "INSERT INTO campaign (uid, name, audience_kind, audience, response_days, created_at, updated_at)
           VALUES ('{CAMPAIGN_UID}', 'spring', 'query', 'consent:granted', 14,
                   '2026-11-23T09:00:00Z', '2026-11-23T09:00:00Z');
         INSERT INTO campaign_variant (campaign_id, label, template, subject, body, weight)
           VALUES (1, 'A', 'offer', 'Grüße, {{{{ first_name }}}} 🎉',
                   'Hallo {{{{ first_name }}}},\nein Angebot für {{{{ org | default(\"dich\") }}}}.\n', 50),
                  (1, 'B', 'offer-short', 'Short: {{{{ name }}}}', 'Hi {{{{ first_name }}}}!\n', 50);
         INSERT INTO campaign_recipient (campaign_id, contact_id, variant, state, skip_reason, email, message_id)
           SELECT 1, c.id, CASE WHEN c.display_name IN ('Ann Archer', 'Dan Drop') THEN 'B' ELSE 'A' END,
                  CASE c.consent WHEN 'granted' THEN 'pending' ELSE 'skipped' END,
                  CASE c.consent WHEN 'granted' THEN NULL ELSE 'consent-denied' END,
                  (SELECT email FROM contact_email e WHERE e.contact_id = c.id),
                  '{CAMPAIGN_UID}.' || c.uid || '@kith'
             FROM contact c;"
    ))
    .expect("campaign rows");
    env.ok(&["edit", "Dan Drop", "--consent", "denied"]);
}

/// One more pending recipient of "spring", with variant A.
fn add_recipient(env: &TestEnv, name: &str, email: &str) {
    let id = env.add_contact(name, &["-e", email, "--consent", "granted"]);
    env.sql()
        .execute(
            "INSERT INTO campaign_recipient (campaign_id, contact_id, variant, state, email, message_id)
             SELECT 1, id, 'A', 'pending', ?2, ?3 || '.' || uid || '@kith' FROM contact WHERE id = ?1",
            rusqlite::params![id, email, CAMPAIGN_UID],
        )
        .expect("recipient");
}

/// Each recipient's state, by name.
fn states(env: &TestEnv) -> Vec<(String, String)> {
    let db = env.sql();
    let mut stmt = db
        .prepare(
            "SELECT c.display_name, r.state FROM campaign_recipient r
               JOIN contact c ON c.id = r.contact_id ORDER BY c.display_name",
        )
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect()
}

fn stored_message_id(env: &TestEnv, email: &str) -> String {
    env.sql()
        .query_row(
            "SELECT r.message_id FROM campaign_recipient r
               JOIN contact_email e ON e.contact_id = r.contact_id WHERE e.email = ?1",
            [email],
            |r| r.get(0),
        )
        .expect("message id")
}

/// The sendmail stand-in as `send_command` (it records into `$KITH_FAKE_SENDMAIL_DIR`).
fn sendmail_config(env: &TestEnv) {
    config(
        env,
        &format!(
            "from = \"Jane Doe <jane@example.com>\"\nsend_command = \"'{}' -t -i\"",
            fixture("fake_sendmail.sh").display()
        ),
    );
}
