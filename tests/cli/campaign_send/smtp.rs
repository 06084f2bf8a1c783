//! Sending to a real SMTP server on 127.0.0.1 (aiosmtpd), and the rate.

use serde_json::Value;

use super::{
    Sink, add_recipient, config, emls, pairs, python, read_mail, setup, states, stored_message_id,
};
use crate::util::{TestEnv, stderr, stdout};

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
