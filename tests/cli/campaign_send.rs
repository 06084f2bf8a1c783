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

use crate::util::{TestEnv, stderr, stdout};

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

#[test]
fn smtp_delivers_each_message_once_with_encoded_headers_and_the_rendered_body() {
    let Some(python) = python() else { return };
    let env = TestEnv::new();
    setup(&env);
    let sink = Sink::start(&python, env.path("inbox"));
    config(
        &env,
        &format!(
            "from = \"Jane Doe <jane@example.com>\"\nsmtp_url = \"smtp://127.0.0.1:{}\"",
            sink.port
        ),
    );
    let out = env.ok(&["campaign", "send", "spring"]);
    assert_eq!(
        out,
        format!(
            "Sent 3 messages (A 2, B 1) via smtp://127.0.0.1:{}; 1 skipped (consent withdrawn or unknown)\n",
            sink.port
        )
    );
    let files = emls(&sink.dir);
    assert_eq!(files.len(), 3, "one message per recipient");
    let mail = read_mail(&python, &files);
    let by_addr = |addr: &str| {
        mail.iter()
            .find(|m| m["to_addr"] == addr)
            .unwrap_or_else(|| panic!("no message to {addr}: {mail:?}"))
    };
    let zoe = by_addr("zoe@example.org");
    assert_eq!(zoe["to_name"], "Zoë Müller");
    assert_eq!(zoe["subject"], "Grüße, Zoë 🎉");
    // (Whether a template's last line break is kept is the template's rule.)
    let body = |m: &Value| m["body"].as_str().expect("body").trim_end().to_string();
    assert_eq!(body(zoe), "Hallo Zoë,\nein Angebot für Bäckerei Süß.");
    assert_eq!(zoe["from"], "Jane Doe <jane@example.com>");
    assert_eq!(
        zoe["message_id"],
        format!("<{}>", stored_message_id(&env, "zoe@example.org"))
    );
    assert_eq!(zoe["charset"], "utf-8");
    assert_eq!(zoe["content_type"], "text/plain");
    assert!(
        zoe["date"]
            .as_str()
            .is_some_and(|d| d.contains("23 Nov 2026")),
        "{zoe}"
    );
    for m in &mail {
        assert_eq!(m["headers_ascii"], true, "RFC 2047 on the wire: {m}");
        assert_eq!(m["defects"], serde_json::json!([]), "{m}");
    }
    assert_eq!(by_addr("ann@example.org")["subject"], "Short: Ann Archer");
    assert_eq!(body(by_addr("ann@example.org")), "Hi Ann!");
    let envelope: Value = serde_json::from_str(
        &std::fs::read_to_string(files[0].with_extension("json")).expect("envelope"),
    )
    .expect("envelope JSON");
    assert_eq!(envelope["mail_from"], "jane@example.com");
    assert!(
        !mail
            .iter()
            .any(|m| m["to_addr"] == "dan@example.org" || m["to_addr"] == "cleo@example.org"),
        "no message to who has no consent"
    );
    assert_eq!(
        states(&env),
        pairs(&[
            ("Ann Archer", "sent"),
            ("Bob Baker", "sent"),
            ("Cleo Denied", "skipped"),
            ("Dan Drop", "skipped"),
            ("Zoë Müller", "sent"),
        ])
    );
    // Each send logged once, with the campaign and the variant; `show` lists it.
    assert_eq!(
        env.count(
            "SELECT count(*) FROM interaction WHERE kind = 'campaign' AND direction = 'out'
               AND campaign = 'spring' AND at = '2026-11-23 09:00:00'"
        ),
        3
    );
    assert_eq!(
        env.count(
            "SELECT count(*) FROM interaction i JOIN campaign_recipient r ON r.interaction_id = i.id
              WHERE i.variant = r.variant AND r.state = 'sent'"
        ),
        3
    );
    let shown = env.ok(&["show", "Zoë Müller"]);
    assert!(shown.contains("Grüße, Zoë 🎉"), "{shown}");
    // Sending is not staying in touch.
    assert_eq!(
        env.count("SELECT count(*) FROM contact WHERE last_interaction_at IS NOT NULL"),
        0
    );

    // Everything sent is never sent again.
    let again = env.ok(&["campaign", "send", "spring"]);
    assert_eq!(again, "nothing to send: all 3 messages were sent\n");
    assert_eq!(emls(&sink.dir).len(), 3);
    assert_eq!(
        env.count("SELECT count(*) FROM interaction WHERE kind = 'campaign'"),
        3
    );
}

#[test]
fn a_rate_paces_the_send_and_a_bad_rate_is_a_usage_error() {
    let Some(python) = python() else { return };
    let env = TestEnv::new();
    setup(&env);
    let sink = Sink::start(&python, env.path("inbox"));
    config(
        &env,
        &format!(
            "from = \"jane@example.com\"\nsmtp_url = \"smtp://127.0.0.1:{}\"",
            sink.port
        ),
    );
    let before = states(&env);
    for bad in ["0/min", "abc", "0", "20000"] {
        let assert = env
            .kith(["campaign", "send", "spring", "--rate", bad])
            .code(2);
        let err = stderr(&assert);
        assert!(err.contains("--rate"), "{err}");
        assert_eq!(stdout(&assert), "");
    }
    assert_eq!(states(&env), before, "a usage error changes nothing");
    assert!(emls(&sink.dir).is_empty());
    let out = env.ok(&["campaign", "send", "spring", "--rate", "600/min"]);
    assert!(out.starts_with("Sent 3 messages"), "{out}");
    assert_eq!(emls(&sink.dir).len(), 3);
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

#[test]
fn a_sendmail_command_gets_each_message_on_stdin_and_the_words_as_arguments() {
    let env = TestEnv::new();
    setup(&env);
    // Her e-mail removed since the campaign was made: skipped, never sent.
    add_recipient(&env, "Nia Nomail", "nia@example.org");
    env.ok(&["edit", "Nia Nomail", "--unset", "email"]);
    sendmail_config(&env);
    let dir = env.path("sent");
    let assert = env
        .command()
        .env("KITH_FAKE_SENDMAIL_DIR", &dir)
        .args(["campaign", "send", "spring"])
        .assert()
        .success();
    let out = stdout(&assert);
    assert!(out.starts_with("Sent 3 messages (A 2, B 1) via "), "{out}");
    assert!(
        out.ends_with("; 2 skipped (consent withdrawn or unknown, no e-mail address any more)\n"),
        "{out}"
    );
    assert_eq!(
        env.count(
            "SELECT count(*) FROM campaign_recipient
              WHERE (state, skip_reason) IN (VALUES ('skipped', 'no-email'), ('skipped', 'consent-denied'))
                AND attempts = 0"
        ),
        3,
        "Nia (no e-mail), Dan (consent withdrawn), Cleo (skipped at creation)"
    );
    assert!(out.contains("fake_sendmail.sh -t -i"), "{out}");
    let files = emls(&dir);
    assert_eq!(files.len(), 3);
    let args = std::fs::read_to_string(dir.join("args.log")).expect("args");
    assert_eq!(args, "-t -i\n-t -i\n-t -i\n");
    // By name: Ann, Bob, Zoë.
    let first = std::fs::read_to_string(&files[0]).expect("message");
    assert!(
        first.contains("To: \"Ann Archer\" <ann@example.org>\r\n"),
        "{first}"
    );
    assert!(first.contains("Subject: Short: Ann Archer\r\n"), "{first}");
    assert!(
        first.contains(&format!(
            "Message-ID: <{}>\r\n",
            stored_message_id(&env, "ann@example.org")
        )),
        "{first}"
    );
    assert!(first.trim_end().ends_with("\r\n\r\nHi Ann!"), "{first:?}");
    let zoe = std::fs::read_to_string(&files[2]).expect("message");
    assert!(zoe.contains("To: =?utf-8?"), "{zoe}");
    assert!(zoe.is_ascii(), "{zoe}");
}

#[test]
fn a_failed_message_is_retried_by_the_next_run_and_only_it() {
    let env = TestEnv::new();
    setup(&env);
    sendmail_config(&env);
    let dir = env.path("sent");
    let assert = env
        .command()
        .env("KITH_FAKE_SENDMAIL_DIR", &dir)
        .env("KITH_FAKE_SENDMAIL_FAIL", "bob@example.org")
        .args(["campaign", "send", "spring"])
        .assert()
        .code(1);
    let out = stdout(&assert);
    assert!(out.contains("Sent 2 messages"), "{out}");
    assert!(out.contains("1 failed"), "{out}");
    assert!(
        out.contains("failed: Bob Baker <bob@example.org>: ")
            && out.contains("fake-sendmail: bob@example.org: mailbox unavailable"),
        "the error is the command's last line on stderr: {out}"
    );
    let err = stderr(&assert);
    assert!(err.contains("1 message was not sent"), "{err}");
    assert!(err.contains("run the same command again"), "{err}");
    assert_eq!(emls(&dir).len(), 2);
    assert_eq!(
        env.count("SELECT count(*) FROM campaign_recipient WHERE state = 'failed' AND attempts = 1 AND last_error LIKE '%mailbox unavailable%'"),
        1
    );
    assert_eq!(
        env.count("SELECT count(*) FROM interaction WHERE kind = 'campaign'"),
        2
    );

    let again = env
        .command()
        .env("KITH_FAKE_SENDMAIL_DIR", &dir)
        .args(["campaign", "send", "spring"])
        .assert()
        .success();
    let out = stdout(&again);
    assert!(out.starts_with("Sent 1 message via "), "{out}");
    let files = emls(&dir);
    assert_eq!(files.len(), 3, "only the failed one was sent again");
    let last = std::fs::read_to_string(&files[2]).expect("message");
    assert!(
        last.contains("To: \"Bob Baker\" <bob@example.org>"),
        "{last}"
    );
    assert_eq!(
        env.count("SELECT attempts FROM campaign_recipient r JOIN contact c ON c.id = r.contact_id WHERE c.display_name = 'Bob Baker'"),
        2
    );
    assert_eq!(
        env.count("SELECT count(*) FROM interaction WHERE kind = 'campaign'"),
        3
    );
}

#[test]
fn a_kill_mid_send_leaves_one_uncertain_message_that_is_not_sent_again_unless_asked() {
    let env = TestEnv::new();
    setup(&env);
    // A fourth recipient, so one is still to send after the crash.
    add_recipient(&env, "Eve Early", "eve@example.org");
    sendmail_config(&env);
    let dir = env.path("sent");
    // Ann, Bob, Eve, Zoë: killed once Eve's message is out.
    let status = env
        .std_command()
        .env("KITH_FAKE_SENDMAIL_DIR", &dir)
        .env("KITH_FAKE_SENDMAIL_KILL_AT", "3")
        .args(["campaign", "send", "spring"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run kith");
    assert!(!status.success(), "killed");
    assert_eq!(emls(&dir).len(), 3);
    assert_eq!(
        states(&env),
        pairs(&[
            ("Ann Archer", "sent"),
            ("Bob Baker", "sent"),
            ("Cleo Denied", "skipped"),
            ("Dan Drop", "skipped"),
            ("Eve Early", "sending"),
            ("Zoë Müller", "pending"),
        ])
    );

    let rerun = env
        .command()
        .env("KITH_FAKE_SENDMAIL_DIR", &dir)
        .args(["campaign", "send", "spring"])
        .assert()
        .success();
    let out = stdout(&rerun);
    assert!(out.starts_with("Sent 1 message via "), "{out}");
    assert!(
        out.contains(
            "1 message may have gone out when a previous run was stopped; it was not sent again (--resend-uncertain sends it)"
        ),
        "{out}"
    );
    let files = emls(&dir);
    assert_eq!(files.len(), 4, "Zoë's message; Eve's not again");
    assert!(
        std::fs::read_to_string(&files[3])
            .expect("m")
            .contains("zoe@example.org")
    );
    assert_eq!(
        env.count("SELECT count(*) FROM campaign_recipient WHERE state = 'sending'"),
        1
    );

    let resend = env
        .command()
        .env("KITH_FAKE_SENDMAIL_DIR", &dir)
        .args(["campaign", "send", "spring", "--resend-uncertain"])
        .assert()
        .success();
    assert!(stdout(&resend).starts_with("Sent 1 message via "));
    let files = emls(&dir);
    assert_eq!(files.len(), 5);
    let eve_first = std::fs::read_to_string(&files[2]).expect("m");
    let eve_again = std::fs::read_to_string(&files[4]).expect("m");
    let id = |m: &str| {
        m.lines()
            .find(|l| l.starts_with("Message-ID:"))
            .map(str::to_string)
    };
    assert!(eve_again.contains("eve@example.org"), "{eve_again}");
    assert_eq!(
        id(&eve_first),
        id(&eve_again),
        "a resend carries the same id"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM campaign_recipient WHERE state = 'sent'"),
        4
    );
    assert_eq!(
        env.count("SELECT count(*) FROM interaction WHERE kind = 'campaign'"),
        4
    );
}

#[test]
fn drafts_are_private_rfc5322_files_written_once() {
    let env = TestEnv::new();
    setup(&env);
    config(&env, "from = \"Jane Doe <jane@example.com>\"");
    let dir = env.path("drafts/spring");
    let out = env.ok(&[
        "campaign",
        "send",
        "spring",
        "--drafts",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        out,
        format!(
            "Wrote 3 drafts (A 2, B 1) to {}; 1 skipped (consent withdrawn or unknown)\n",
            dir.display()
        )
    );
    let files = emls(&dir);
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["ann-archer-2.eml", "bob-baker-3.eml", "zoe-muller-1.eml"]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        for f in &files {
            assert_eq!(mode(f), 0o600, "{}", f.display());
        }
    }
    if let Some(python) = python() {
        let mail = read_mail(&python, &files);
        assert_eq!(mail.len(), 3);
        let zoe = &mail[2];
        assert_eq!(zoe["to"], "Zoë Müller <zoe@example.org>");
        assert_eq!(zoe["subject"], "Grüße, Zoë 🎉");
        assert_eq!(zoe["defects"], serde_json::json!([]));
    } else {
        let zoe = std::fs::read_to_string(&files[2]).expect("draft");
        assert!(zoe.contains("\r\nSubject: =?utf-8?"), "{zoe}");
    }
    let written: Vec<_> = files
        .iter()
        .map(|f| {
            std::fs::metadata(f)
                .expect("meta")
                .modified()
                .expect("mtime")
        })
        .collect();
    let again = env.ok(&[
        "campaign",
        "send",
        "spring",
        "--drafts",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(again, "nothing to send: all 3 messages were sent\n");
    let after: Vec<_> = emls(&dir)
        .iter()
        .map(|f| {
            std::fs::metadata(f)
                .expect("meta")
                .modified()
                .expect("mtime")
        })
        .collect();
    assert_eq!(written, after, "nothing written again");
}

#[test]
fn without_a_sender_or_a_way_to_send_nothing_is_sent_and_nothing_changes() {
    let env = TestEnv::new();
    setup(&env);
    let before = states(&env);
    let drafts = env.path("drafts");
    let err = env.fails(&[
        "campaign",
        "send",
        "spring",
        "--drafts",
        drafts.to_str().expect("utf-8"),
    ]);
    assert!(err.contains("outreach.from is not set"), "{err}");
    assert!(err.contains("kith config paths"), "{err}");
    assert!(!drafts.exists());
    config(&env, "from = \"jane@example.com\"");
    let err = env.fails(&["campaign", "send", "spring"]);
    assert!(err.contains("no way to send configured"), "{err}");
    assert!(err.contains("--drafts DIR"), "{err}");
    config(&env, "from = \"Jane <not an address>\"");
    let err = env.fails(&["campaign", "send", "spring"]);
    assert!(err.contains("outreach.from"), "{err}");
    config(&env, "from = \"jane@example.com\"");
    let err = env.fails(&["campaign", "send", "autumn", "--drafts", "d"]);
    assert!(err.contains("no campaign named \"autumn\""), "{err}");
    assert_eq!(states(&env), before);
    assert_eq!(
        env.count("SELECT count(*) FROM campaign_recipient WHERE attempts > 0"),
        0
    );
}

#[test]
fn a_server_that_refuses_every_message_stops_the_run_after_five() {
    let env = TestEnv::new();
    setup(&env);
    for (name, email) in [
        ("Fay One", "fay@example.org"),
        ("Gus Two", "gus@example.org"),
        ("Hal Three", "hal@example.org"),
        ("Ida Four", "ida@example.org"),
    ] {
        add_recipient(&env, name, email);
    }
    // Port 1 on this machine: nothing listens, every connection is refused.
    config(
        &env,
        "from = \"jane@example.com\"\nsmtp_url = \"smtp://127.0.0.1:1\"",
    );
    let assert = env.kith(["campaign", "send", "spring"]).code(1);
    let out = stdout(&assert);
    assert!(
        out.starts_with("Sent 0 messages via smtp://127.0.0.1:1"),
        "{out}"
    );
    assert!(out.contains("5 failed"), "{out}");
    let err = stderr(&assert);
    assert!(err.contains("5 messages were not sent"), "{err}");
    assert!(err.contains("the server may be down"), "{err}");
    assert_eq!(
        env.count("SELECT count(*) FROM campaign_recipient WHERE state = 'failed' AND attempts = 1 AND last_error <> ''"),
        5
    );
    // Ann, Bob, (Dan skipped), Fay, Gus, Hal failed; Ida and Zoë are left for the next run.
    assert_eq!(
        env.count("SELECT count(*) FROM campaign_recipient WHERE state = 'pending'"),
        2
    );
    assert_eq!(
        env.count("SELECT count(*) FROM interaction WHERE kind = 'campaign'"),
        0
    );
}

#[test]
fn a_campaign_made_by_campaign_new_is_sent_as_it_was_planned() {
    let env = TestEnv::new();
    for (name, email, consent) in [
        ("Ann Archer", "ann@example.org", "granted"),
        ("Bob Baker", "bob@example.org", "granted"),
        ("Cid Cole", "cid@example.org", "granted"),
        ("Dee Dunn", "dee@example.org", "denied"),
    ] {
        env.add_contact(
            name,
            &["-e", email, "--consent", consent, "--tag", "client"],
        );
    }
    env.sql()
        .execute_batch(
            "INSERT INTO template (uid, name, subject, body, created_at, updated_at) VALUES
               ('t1', 'offer', 'Hello {{ first_name }}', 'Long letter.', 't', 't'),
               ('t2', 'short', 'Hi {{ first_name }}', 'Short note.', 't', 't');",
        )
        .expect("templates");
    env.ok(&[
        "campaign",
        "new",
        "autumn",
        "--where",
        "tag:client",
        "--template",
        "offer",
        "--variant",
        "B=short",
    ]);
    config(&env, "from = \"jane@example.com\"");
    let dir = env.path("drafts");
    let out = env.ok(&[
        "campaign",
        "send",
        "autumn",
        "--drafts",
        dir.to_str().expect("utf-8"),
    ]);
    assert!(out.starts_with("Wrote 3 drafts"), "{out}");
    // Each draft carries the variant and the Message-ID the campaign recorded.
    let db = env.sql();
    let mut stmt = db
        .prepare(
            "SELECT c.display_name, r.variant, r.message_id FROM campaign_recipient r
               JOIN contact c ON c.id = r.contact_id WHERE r.state = 'sent'",
        )
        .expect("prepare");
    let sent: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(sent.len(), 3);
    let files = emls(&dir);
    for (name, variant, id) in &sent {
        let first = name.split(' ').next().expect("first name");
        let draft = files
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("draft"))
            .find(|d| d.contains(&format!("Message-ID: <{id}>\r\n")))
            .unwrap_or_else(|| panic!("no draft for {name}"));
        let expected = if variant == "A" {
            format!("Subject: Hello {first}\r\n")
        } else {
            format!("Subject: Hi {first}\r\n")
        };
        assert!(draft.contains(&expected), "{variant}: {draft}");
    }
    assert_eq!(
        env.count("SELECT count(*) FROM campaign_recipient WHERE state = 'skipped'"),
        1
    );
}
