//! `kith add`: the new id on stdout, every option stored, duplicates caught.

use predicates::prelude::*;
use serde_json::json;

use crate::util::{TestEnv, ids, stderr, stdout};

#[test]
fn prints_only_the_new_id() {
    let env = TestEnv::new();
    env.kith(["add", "Jane Doe"]).success().stdout("1\n");
    env.kith(["add", "John Roe"]).success().stdout("2\n");
    assert_eq!(ids(&env.contacts()), vec![1, 2]);
}

#[test]
fn a_pasted_name_and_email_is_split() {
    let env = TestEnv::new();
    let id = env.add_contact("Jane Doe <jane@acme.io>", &[]);
    let c = env.show(&id.to_string());
    assert_eq!(c["name"], "Jane Doe");
    assert_eq!(c["emails"], json!(["jane@acme.io"]));
}

#[test]
fn a_pasted_email_is_primary_and_more_can_follow() {
    let env = TestEnv::new();
    let id = env.add_contact(
        "\"Doe, Jane\" <jane@acme.io>",
        &["--email", "j.doe@home.example"],
    );
    let c = env.show(&id.to_string());
    assert_eq!(c["name"], "Doe, Jane");
    assert_eq!(c["emails"], json!(["jane@acme.io", "j.doe@home.example"]));
}

#[test]
fn every_option_is_stored() {
    let env = TestEnv::new();
    let id = env.add_contact(
        "Jane Doe",
        &[
            "--email",
            "jane@acme.io",
            "--email",
            "jane@home.example",
            "--phone",
            "+49 30 1234567",
            "--org",
            "Acme",
            "--title",
            "Head of Sales",
            "--city",
            "Berlin",
            "--country",
            "DE",
            "--tag",
            "client",
            "--tag",
            "VIP",
            "--kind",
            "customer",
            "--stage",
            "prospect",
            "--source",
            "linkedin",
            "--birthday",
            "1985-04-12",
            "--field",
            "industry=fintech",
            "--field",
            "Team_Size = 40",
            "--consent",
            "granted",
        ],
    );
    let c = env.show(&id.to_string());
    assert_eq!(c["name"], "Jane Doe");
    assert_eq!(c["emails"], json!(["jane@acme.io", "jane@home.example"]));
    assert_eq!(c["phones"], json!(["+49301234567"]));
    assert_eq!(c["org"], "Acme");
    assert_eq!(c["title"], "Head of Sales");
    assert_eq!(c["city"], "Berlin");
    assert_eq!(c["country"], "DE");
    assert_eq!(c["tags"], json!(["client", "vip"]));
    assert_eq!(c["kind"], "customer");
    assert_eq!(c["stage"], "prospect");
    assert_eq!(c["source"], "linkedin");
    assert_eq!(c["birthday"], "1985-04-12");
    assert_eq!(
        c["fields"],
        json!({"industry": "fintech", "team_size": "40"})
    );
    assert_eq!(c["consent"], "granted");
    assert_eq!(c["archived"], false);
    assert_eq!(c["interactions"], json!([]));
    assert_eq!(c["follow_ups"], json!([]));
}

#[test]
fn short_options_and_defaults() {
    let env = TestEnv::new();
    let id = env.add_contact(
        "Ann Lee",
        &["-e", "ann@lee.example", "-o", "Lee & Co", "-t", "friend"],
    );
    let c = env.show(&id.to_string());
    assert_eq!(c["emails"], json!(["ann@lee.example"]));
    assert_eq!(c["org"], "Lee & Co");
    assert_eq!(c["tags"], json!(["friend"]));
    // What is not given has its default.
    assert_eq!(c["kind"], "other");
    assert_eq!(c["stage"], json!(null));
    assert_eq!(c["source"], "manual");
    assert_eq!(c["consent"], "unknown");
    assert_eq!(c["birthday"], json!(null));
    assert_eq!(c["phones"], json!([]));
}

#[test]
fn a_birthday_without_a_year_can_be_typed_as_dashes() {
    let env = TestEnv::new();
    let id = env.add_contact("Ann Lee", &["--birthday", "--04-12"]);
    assert_eq!(env.show(&id.to_string())["birthday"], "--04-12");
    let id = env.add_contact("Bo Chen", &["--birthday", "apr 13"]);
    assert_eq!(env.show(&id.to_string())["birthday"], "--04-13");
}

#[test]
fn whitespace_in_names_is_tidied() {
    let env = TestEnv::new();
    let id = env.add_contact("  Jane    Doe ", &[]);
    assert_eq!(env.show(&id.to_string())["name"], "Jane Doe");
}

#[test]
fn same_email_in_another_case_is_a_duplicate() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    let before = env.state();
    let err = env.fails(&["add", "J. Doe", "--email", "JANE@Acme.IO"]);
    assert!(err.contains("#1"), "{err}");
    assert!(err.contains("Jane Doe"), "{err}");
    assert!(err.contains("email"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(env.state(), before, "nothing added");
}

#[test]
fn same_phone_written_differently_is_a_duplicate() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--phone", "+49 30 1234567"]);
    let before = env.state();
    let err = env.fails(&["add", "Office Line", "--phone", "+49301234567"]);
    assert!(err.contains("#1"), "{err}");
    assert!(err.contains("Jane Doe"), "{err}");
    assert!(err.contains("phone"), "{err}");
    assert_eq!(env.state(), before, "nothing added");
}

#[test]
fn a_very_similar_name_is_a_duplicate() {
    let env = TestEnv::new();
    env.add_contact("José García", &[]);
    let before = env.state();
    for name in ["Jose Garcia", "garcia jose", "José  García"] {
        let err = env.fails(&["add", name]);
        assert!(err.contains("#1"), "{name}: {err}");
        assert!(err.contains("José García"), "{name}: {err}");
    }
    assert_eq!(env.state(), before, "nothing added");
}

#[test]
fn duplicate_message_lists_every_existing_match() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    env.add_contact("Doe Jane", &["--force"]);
    let err = env.fails(&["add", "Jane Doe", "--email", "jane@acme.io"]);
    assert!(err.contains("#1"), "{err}");
    assert!(err.contains("#2"), "{err}");
    assert!(err.contains("Doe Jane"), "{err}");
    assert_eq!(env.contacts().len(), 2);
}

#[test]
fn force_adds_a_duplicate_anyway() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    let id = env.add_contact("Jane Doe", &["--email", "jane@acme.io", "--force"]);
    assert_eq!(id, 2);
    assert_eq!(ids(&env.contacts()), vec![1, 2]);
}

#[test]
fn different_people_with_a_shared_word_are_not_duplicates() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    env.add_contact("John Doe", &["--email", "john@acme.io"]);
    env.add_contact("Jane Smith", &[]);
    assert_eq!(env.contacts().len(), 3);
}

#[test]
fn a_bare_email_becomes_the_name() {
    let env = TestEnv::new();
    let id = env.add_contact("jane.doe@acme.io", &[]);
    let c = env.show(&id.to_string());
    assert_eq!(c["name"], "jane.doe");
    assert_eq!(c["emails"], json!(["jane.doe@acme.io"]));
}

#[test]
fn every_subcommand_help_shows_an_example() {
    let env = TestEnv::new();
    for sub in [
        "add",
        "log",
        "edit",
        "show",
        "list",
        "find",
        "archive",
        "delete",
        "follow-up",
        "done",
        "snooze",
        "cadence",
        "remind",
        "demo",
    ] {
        let out = stdout(&env.kith([sub, "--help"]).success());
        assert!(out.contains("Examples:"), "kith {sub} --help:\n{out}");
        assert!(
            out.contains(&format!("kith {sub}")),
            "kith {sub} --help:\n{out}"
        );
    }
    env.kith(["--help"])
        .success()
        .stdout(predicate::str::contains("Examples:"));
    assert!(!env.db().exists(), "--help touches no database");
}

#[test]
fn a_new_contact_is_created_now() {
    let env = TestEnv::new();
    let id = env.add_contact("Jane Doe", &[]);
    let c = env.show(&id.to_string());
    assert_eq!(c["created_at"], "2026-11-23T09:00:00Z");
    assert_eq!(c["updated_at"], "2026-11-23T09:00:00Z");
    assert_eq!(c["last_contact"], serde_json::Value::Null);
    // And the add wrote nothing on stderr.
    assert_eq!(stderr(&env.kith(["add", "John Roe"]).success()), "");
}

#[test]
fn national_phone_numbers_use_the_configured_region() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("config/kith")).expect("config dir");
    std::fs::write(
        env.path("config/kith/config.toml"),
        "phone_region = \"DE\"\n",
    )
    .expect("config");
    let id = env.add_contact("Jane Doe", &["--phone", "030 1234567"]);
    assert_eq!(env.show(&id.to_string())["phones"], json!(["+49301234567"]));
    // The same number written internationally is the same phone.
    let err = env.fails(&["add", "Desk", "--phone", "+49 30 1234567"]);
    assert!(err.contains("#1"), "{err}");
}

#[test]
fn a_bad_config_file_is_named() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("config/kith")).expect("config dir");
    std::fs::write(env.path("config/kith/config.toml"), "colour = 'red'\n").expect("config");
    let err = env.fails(&["add", "Jane Doe"]);
    assert!(err.contains("config.toml"), "{err}");
    assert!(!env.db().exists(), "nothing written");
}
