//! `kith check --data`: the cleanup findings in text and JSON, `--fix` and
//! its confirmation, and the flags that need one another.

use crate::util::{TestEnv, as_array, stderr, stdout};

/// Four contacts: #1 with a name in capitals and a comma for a dot in its
/// e-mail, #2 with a national phone stored before a region was set, #3 a
/// customer with no consent on record, #4 with no way to reach them.
fn careless() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@example.com"]);
    env.add_contact("Bob Smith", &["--phone", "+49 30 1234567"]);
    env.add_contact(
        "Carol Ng",
        &["--email", "carol@example.com", "--kind", "customer"],
    );
    env.add_contact("Dan Roe", &[]);
    let sql = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cleanup/careless.sql"
    ))
    .expect("fixture");
    env.sql().execute_batch(&sql).expect("fixture applies");
    env
}

fn data_lines(out: &str) -> Vec<&str> {
    out.lines()
        .skip_while(|l| !l.starts_with("data: "))
        .collect()
}

#[test]
fn data_findings_are_listed_with_their_fix_and_do_not_fail_the_check() {
    let env = careless();
    let out = env.ok(&["check", "--data"]);
    assert_eq!(
        data_lines(&out),
        [
            "data: 5 findings",
            "#1 JANE DOE  bad-email  \"jane@example,com\" is not an e-mail address  \
             → change jane@example,com to jane@example.com",
            "#1 JANE DOE  name-case  the name is in capitals  → set the name to Jane Doe",
            "#2 Bob Smith  bad-phone  \"030 1234567\" is not a phone number \
             (no region is set for numbers without +)  → remove 030 1234567",
            "#3 Carol Ng  no-consent  a customer with no marketing consent on record  \
             → ask them, then `kith edit 3 --consent granted` (or denied)",
            "#4 Dan Roe  unreachable  no e-mail, phone or address  → archive",
        ]
    );
    assert!(out.contains("\nok\n"), "the structure is sound:\n{out}");
    assert!(
        !env.ok(&["check"]).contains("data:"),
        "without --data, the report is as before"
    );
}

#[test]
fn the_phone_region_turns_a_removal_into_a_correction() {
    let env = careless();
    std::fs::create_dir_all(env.path("config/kith")).expect("config dir");
    std::fs::write(env.path("config/kith/config.toml"), "phone_region = 'DE'\n").expect("config");
    let out = env.ok(&["check", "--data"]);
    assert!(
        out.contains(
            "#2 Bob Smith  bad-phone  \"030 1234567\" was stored before it could be read as a \
             number  → change 030 1234567 to +49301234567"
        ),
        "{out}"
    );
}

#[test]
fn json_adds_a_data_array_of_findings() {
    let env = careless();
    let report = env.json(&["check", "--data", "--json"]);
    assert_eq!(report["findings"], serde_json::json!([]));
    let data = as_array(&report["data"]);
    assert_eq!(data.len(), 5);
    let uid = env.show("1")["uid"].clone();
    assert_eq!(
        data[0],
        serde_json::json!({
            "contact_id": 1,
            "contact_uid": uid,
            "name": "JANE DOE",
            "check": "bad-email",
            "value": "jane@example,com",
            "message": "\"jane@example,com\" is not an e-mail address",
            "fix": {"action": "set-email", "from": "jane@example,com", "to": "jane@example.com"},
        })
    );
    let actions: Vec<&str> = data
        .iter()
        .map(|f| f["fix"]["action"].as_str().expect("action"))
        .collect();
    assert_eq!(
        actions,
        ["set-email", "set-name", "remove-phone", "manual", "archive"]
    );
    assert!(
        env.json(&["check", "--json"]).get("data").is_none(),
        "no data key without --data"
    );
}

#[test]
fn fix_applies_every_automatic_fix_and_reports_it() {
    let env = careless();
    let out = env.ok(&["check", "--data", "--fix", "--yes"]);
    let fixed: Vec<&str> = out.lines().filter(|l| l.starts_with("fixed ")).collect();
    assert_eq!(fixed.len(), 3, "{out}");
    assert!(
        fixed[0].starts_with("fixed #1 JANE DOE  bad-email"),
        "{out}"
    );
    let jane = env.show("1");
    assert_eq!(jane["name"], "Jane Doe");
    assert_eq!(jane["emails"], serde_json::json!(["jane@example.com"]));
    assert_eq!(
        env.show("jane@example.com")["id"],
        1,
        "found by its new key"
    );
    assert_eq!(env.show("2")["phones"], serde_json::json!([]));
    // What is left: the advice, and the archiving --fix leaves alone.
    let left: Vec<String> = data_lines(&out)
        .iter()
        .map(|l| l.split("  ").take(2).collect::<Vec<_>>().join("  "))
        .collect();
    assert_eq!(
        left,
        [
            "data: 3 findings",
            "#2 Bob Smith  unreachable",
            "#3 Carol Ng  no-consent",
            "#4 Dan Roe  unreachable",
        ]
    );
    let out = env.ok(&["check", "--data", "--fix", "--archive", "--yes"]);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("fixed ")).count(),
        2,
        "{out}"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM contact WHERE archived = 1"),
        2
    );
    let again = env.kith(["check", "--data", "--fix", "--yes"]).success();
    assert!(stderr(&again).contains("nothing to fix"));
}

#[test]
fn fix_as_json_says_what_it_did() {
    let env = careless();
    let report = env.json(&["check", "--data", "--fix", "--yes", "--json"]);
    let fixed = as_array(&report["fixed"]);
    assert_eq!(fixed.len(), 3);
    assert_eq!(fixed[1]["check"], "name-case");
    assert_eq!(report["not_fixed"], serde_json::json!([]));
    assert_eq!(as_array(&report["data"]).len(), 3);
}

#[test]
fn fix_without_a_terminal_needs_yes_and_changes_nothing() {
    let env = careless();
    let before = env.state();
    let a = env.kith(["check", "--data", "--fix"]).code(2);
    assert_eq!(stdout(&a), "");
    let err = stderr(&a);
    assert!(err.contains("no terminal to ask on"), "{err}");
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(env.state(), before);
}

#[test]
fn flags_that_need_another_are_usage_errors_changing_nothing() {
    let env = careless();
    let before = env.state();
    for args in [
        &["check", "--fix"][..],
        &["check", "--fix", "--yes"],
        &["check", "--data", "--yes"],
        &["check", "--data", "--archive", "--yes"],
    ] {
        let a = env.kith(args).code(2);
        assert_eq!(stdout(&a), "", "{args:?}");
        assert!(
            stderr(&a).contains("required arguments were not provided"),
            "{args:?}: {}",
            stderr(&a)
        );
    }
    assert_eq!(env.state(), before);
}

#[test]
fn help_says_data_findings_do_not_fail_the_check() {
    let env = TestEnv::new();
    let help = env.ok(&["check", "--help"]);
    assert!(help.contains("never make the status 1"), "{help}");
    assert!(help.contains("--archive"), "{help}");
}

#[test]
fn stored_escapes_in_findings_never_reach_the_terminal() {
    let env = careless();
    env.sql()
        .execute_batch(
            "UPDATE contact SET display_name = 'EVIL' || char(27) || '[31m' WHERE id = 4;
             UPDATE contact_email SET email = 'x' || char(27) || ']0;t' || char(7) || '@a,b'
              WHERE contact_id = 3;",
        )
        .expect("escapes stored");
    let out = env.ok(&["check", "--data"]);
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    assert!(out.contains("#4 EVIL\u{fffd}[31m  unreachable"), "{out}");
    assert!(out.contains("→ remove x\u{fffd}]0;t\u{fffd}@a,b"), "{out}");
}
