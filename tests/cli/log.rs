//! `kith log`: naming the contact three ways, kinds, stdin, dates, amounts,
//! ratings and direction, all visible in `show --json`.

use serde_json::{Value, json};

use crate::util::{TestEnv, as_array, keys, text};

fn jane() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io", "--org", "Acme"]);
    env
}

fn interactions(env: &TestEnv, contact: &str) -> Vec<Value> {
    as_array(&env.show(contact)["interactions"]).clone()
}

/// The one interaction with this summary.
fn by_summary(env: &TestEnv, summary: &str) -> Value {
    let all = interactions(env, "1");
    let found: Vec<&Value> = all.iter().filter(|i| i["summary"] == summary).collect();
    assert_eq!(found.len(), 1, "one interaction {summary:?} in {all:?}");
    found[0].clone()
}

#[test]
fn by_id_by_exact_email_and_by_fuzzy_name() {
    let env = jane();
    env.add_contact("John Roe", &["--email", "john@roe.example"]);
    let a = env.log("1", "call", "renewal talk, wants a proposal", &[]);
    let b = env.log("JANE@acme.io", "email", "sent the proposal", &[]);
    let c = env.log("jane", "meeting", "signed", &[]);
    let d = env.log("#1", "note", "hash id", &[]);
    assert_eq!((a, b, c, d), (1, 2, 3, 4));
    let all = interactions(&env, "1");
    assert_eq!(all.len(), 4);
    for i in &all {
        for key in ["id", "kind", "at", "summary"] {
            assert!(i.get(key).is_some(), "{key} in {i}");
        }
    }
    let summary = by_summary(&env, "renewal talk, wants a proposal");
    assert_eq!(summary["id"], 1);
    assert_eq!(summary["kind"], "call");
    assert_eq!(summary["at"], "2026-11-23 09:00:00");
    assert_eq!(by_summary(&env, "sent the proposal")["kind"], "email");
    assert_eq!(by_summary(&env, "signed")["kind"], "meeting");
    assert_eq!(
        interactions(&env, "2"),
        Vec::<Value>::new(),
        "John untouched"
    );
}

#[test]
fn newest_first_in_the_timeline() {
    let env = jane();
    env.log("1", "call", "older", &["--at", "2026-11-01 10:00"]);
    env.log("1", "call", "newest", &[]);
    env.log("1", "call", "middle", &["--at", "2026-11-10 10:00"]);
    let order: Vec<String> = interactions(&env, "1")
        .iter()
        .map(|i| text(i, "summary").to_string())
        .collect();
    assert_eq!(order, ["newest", "middle", "older"]);
}

#[test]
fn every_kind_is_accepted() {
    let env = jane();
    let kinds = [
        "note", "call", "email", "meeting", "message", "purchase", "feedback",
    ];
    for kind in kinds {
        env.log("1", kind, kind, &[]);
    }
    let mut logged: Vec<String> = interactions(&env, "1")
        .iter()
        .map(|i| text(i, "kind").to_string())
        .collect();
    logged.sort();
    let mut expected: Vec<String> = kinds.iter().map(ToString::to_string).collect();
    expected.sort();
    assert_eq!(logged, expected);
}

#[test]
fn text_dash_reads_standard_input() {
    let env = jane();
    let out = env
        .command()
        .args(["log", "jane", "note", "-"])
        .write_stdin("met at the fair\nshe wants the Q1 numbers\n")
        .assert()
        .success();
    assert_eq!(crate::util::stdout(&out), "1\n");
    let i = &interactions(&env, "1")[0];
    assert_eq!(i["summary"], "met at the fair");
    let body = text(i, "body");
    assert!(body.contains("she wants the Q1 numbers"), "{body}");
}

#[test]
fn no_text_and_no_terminal_logs_a_bare_interaction() {
    // Without a terminal there is no editor to open: the call is still logged.
    let env = jane();
    env.kith(["log", "jane", "call"]).success().stdout("1\n");
    assert_eq!(interactions(&env, "1")[0]["summary"], "");
}

#[test]
fn at_takes_natural_dates() {
    let env = jane();
    // Now is Monday 2026-11-23 09:00; a day without a time is logged at noon,
    // except today, which is logged at the current time.
    let cases = [
        ("today", "2026-11-23 09:00:00"),
        ("yesterday", "2026-11-22 12:00:00"),
        ("-1w", "2026-11-16 12:00:00"),
        ("-3d", "2026-11-20 12:00:00"),
        ("3 days ago", "2026-11-20 12:00:00"),
        ("fri", "2026-11-20 12:00:00"),
        ("dec 1", "2025-12-01 12:00:00"),
        ("2026-11-02", "2026-11-02 12:00:00"),
        ("2026-11-02 14:30", "2026-11-02 14:30:00"),
        ("yesterday 15:00", "2026-11-22 15:00:00"),
    ];
    for (when, _) in cases {
        env.log("1", "note", &format!("at {when}"), &["--at", when]);
    }
    for (when, at) in cases {
        assert_eq!(
            by_summary(&env, &format!("at {when}"))["at"],
            at,
            "--at {when:?}"
        );
    }
}

#[test]
fn amount_on_a_purchase() {
    let env = jane();
    env.log("1", "purchase", "annual plan", &["--amount", "1200 EUR"]);
    env.log("1", "purchase", "workshop", &["--amount", "12.50"]);
    env.log("1", "purchase", "books", &["--amount", "USD 1,234.5"]);
    assert_eq!(by_summary(&env, "annual plan")["amount"], "1200.00 EUR");
    assert_eq!(
        by_summary(&env, "workshop")["amount"],
        "12.50 EUR",
        "default currency"
    );
    assert_eq!(by_summary(&env, "books")["amount"], "1234.50 USD");
}

#[test]
fn satisfaction_and_nps_on_feedback() {
    let env = jane();
    env.log("1", "feedback", "promoter", &["--nps", "9"]);
    env.log("1", "feedback", "detractor", &["--nps", "0"]);
    env.log("1", "feedback", "pleased", &["--rating", "5"]);
    env.log("1", "feedback", "both", &["--rating", "2", "--nps", "10"]);
    assert_eq!(by_summary(&env, "promoter")["nps"], 9);
    assert_eq!(by_summary(&env, "promoter")["rating"], json!(null));
    assert_eq!(by_summary(&env, "detractor")["nps"], 0);
    assert_eq!(by_summary(&env, "pleased")["rating"], 5);
    assert_eq!(by_summary(&env, "both")["rating"], 2);
    assert_eq!(by_summary(&env, "both")["nps"], 10);
    // A 0–10 score given as satisfaction is refused, naming --nps.
    let before = env.state();
    let out = env
        .kith(["log", "1", "feedback", "x", "--rating", "9"])
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("between 1 and 5") && err.contains("--nps"),
        "{err}"
    );
    env.kith(["log", "1", "feedback", "x", "--nps", "11"])
        .code(1);
    env.kith(["log", "1", "call", "x", "--nps", "5"]).code(1);
    assert_eq!(env.state(), before);
}

#[test]
fn direction_in_and_out() {
    let env = jane();
    env.log("1", "email", "they wrote", &["--in"]);
    env.log("1", "email", "we wrote", &["--out"]);
    env.log("1", "note", "no direction", &[]);
    assert_eq!(by_summary(&env, "they wrote")["direction"], "in");
    assert_eq!(by_summary(&env, "we wrote")["direction"], "out");
    assert_eq!(by_summary(&env, "no direction")["direction"], json!(null));
    let before = env.state();
    env.kith(["log", "1", "email", "both", "--in", "--out"])
        .code(2);
    assert_eq!(env.state(), before);
}

#[test]
fn logging_moves_last_contact_forward_only() {
    let env = jane();
    env.log("1", "call", "recent", &["--at", "2026-11-20 10:00"]);
    assert_eq!(env.show("1")["last_contact"], "2026-11-20 10:00:00");
    env.log("1", "call", "backfilled", &["--at", "2026-10-01 10:00"]);
    assert_eq!(env.show("1")["last_contact"], "2026-11-20 10:00:00");
}

#[test]
fn interactions_carry_a_uid() {
    let env = jane();
    env.log("1", "call", "a", &[]);
    env.log("1", "call", "b", &[]);
    let all = interactions(&env, "1");
    let a = text(&all[0], "uid");
    let b = text(&all[1], "uid");
    assert_ne!(a, b);
    assert!(keys(&all[0]).contains(&"uid".to_string()));
}

#[test]
fn the_configured_currency_is_the_default() {
    let env = jane();
    std::fs::create_dir_all(env.path("config/kith")).expect("config dir");
    std::fs::write(env.path("config/kith/config.toml"), "currency = \"CHF\"\n").expect("config");
    env.log("1", "purchase", "in francs", &["--amount", "99"]);
    assert_eq!(by_summary(&env, "in francs")["amount"], "99.00 CHF");
}

#[test]
fn a_decimal_comma_is_never_read_as_a_hundred_times_more() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    for (typed, stored) in [
        ("12,50 EUR", "12.50 EUR"),
        ("1.234,50 EUR", "1234.50 EUR"),
        ("1,234.50 EUR", "1234.50 EUR"),
        ("1,234,567", "1234567.00 EUR"),
    ] {
        let id = env.log("jane", "purchase", "x", &["--amount", typed]);
        let shown = env.show("jane");
        let i = shown["interactions"]
            .as_array()
            .expect("array")
            .iter()
            .find(|i| i["id"] == id)
            .expect("logged");
        assert_eq!(i["amount"], stored, "{typed}");
    }
    let before = env.state();
    let err = env.fails(&["log", "jane", "purchase", "x", "--amount", "1,2,3"]);
    assert!(
        err.contains("--amount") && err.contains("ambiguous"),
        "{err}"
    );
    assert_eq!(env.state(), before);
}
