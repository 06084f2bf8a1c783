//! Sending through a sendmail-compatible command (a script standing in for
//! it): what it gets, a failure retried, a kill -9 in the middle of a send.

use std::process::Stdio;

use super::{add_recipient, emls, pairs, sendmail_config, setup, states, stored_message_id};
use crate::util::{TestEnv, stderr, stdout};

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
