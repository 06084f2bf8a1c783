//! `kith edit`, `show`, `list`, `archive`, `delete`, and where the database is.

use predicates::prelude::*;
use serde_json::json;

use crate::util::{TestEnv, as_array, ids, stderr, stdout, text};

#[test]
fn edit_changes_what_is_given_and_keeps_the_rest() {
    let env = TestEnv::new();
    env.add_contact(
        "Jane Doe",
        &[
            "--email",
            "jane@acme.io",
            "--org",
            "Acme",
            "--tag",
            "lead",
            "--city",
            "Berlin",
        ],
    );
    env.kith([
        "edit",
        "jane",
        "--name",
        "Jane Smith",
        "--email",
        "jane@home.example",
        "--phone",
        "+1 415 555 2671",
        "--title",
        "CTO",
        "--country",
        "DE",
        "--tag",
        "client",
        "--kind",
        "customer",
        "--stage",
        "customer",
        "--source",
        "referral",
        "--birthday",
        "1980-02-29",
        "--field",
        "industry=fintech",
        "--consent",
        "denied",
    ])
    .success()
    .stdout("1\n");
    let c = env.show("1");
    assert_eq!(c["name"], "Jane Smith");
    assert_eq!(c["emails"], json!(["jane@acme.io", "jane@home.example"]));
    assert_eq!(c["phones"], json!(["+14155552671"]));
    assert_eq!(c["org"], "Acme", "kept");
    assert_eq!(c["city"], "Berlin", "kept");
    assert_eq!(c["title"], "CTO");
    assert_eq!(c["country"], "DE");
    assert_eq!(c["tags"], json!(["client", "lead"]));
    assert_eq!(c["kind"], "customer");
    assert_eq!(c["stage"], "customer");
    assert_eq!(c["source"], "referral");
    assert_eq!(c["birthday"], "1980-02-29");
    assert_eq!(c["fields"], json!({"industry": "fintech"}));
    assert_eq!(c["consent"], "denied");
}

#[test]
fn edit_untags_and_unsets_built_in_and_custom_fields() {
    let env = TestEnv::new();
    env.add_contact(
        "Ann Lee",
        &[
            "--org",
            "Lee & Co",
            "--title",
            "Owner",
            "--stage",
            "lead",
            "--tag",
            "a",
            "--tag",
            "b",
            "--field",
            "k1=v1",
            "--field",
            "k2=v2",
            "--field",
            "k3=v3",
            "--birthday",
            "1990-01-02",
        ],
    );
    env.ok(&[
        "edit", "ann", "--untag", "a", "--unset", "org", "--unset", "title", "--unset", "stage",
        "--unset", "birthday", "--unset", "k1", "--unset", "field.k2",
    ]);
    let c = env.show("1");
    assert_eq!(c["tags"], json!(["b"]));
    assert_eq!(c["org"], json!(null));
    assert_eq!(c["title"], json!(null));
    assert_eq!(c["stage"], json!(null));
    assert_eq!(c["birthday"], json!(null));
    assert_eq!(c["fields"], json!({"k3": "v3"}));
}

#[test]
fn edit_can_clear_emails_and_phones() {
    let env = TestEnv::new();
    env.add_contact(
        "Ann Lee",
        &["--email", "ann@lee.example", "--phone", "+1 415 555 2671"],
    );
    env.ok(&["edit", "1", "--unset", "email", "--unset", "phone"]);
    let c = env.show("1");
    assert_eq!(c["emails"], json!([]));
    assert_eq!(c["phones"], json!([]));
}

#[test]
fn show_text_has_details_follow_ups_and_timeline() {
    let env = TestEnv::new();
    env.add_contact(
        "Jane Doe",
        &[
            "--email",
            "jane@acme.io",
            "--org",
            "Acme",
            "--tag",
            "client",
            "--field",
            "industry=fintech",
        ],
    );
    env.log("1", "call", "renewal talk", &["--at", "yesterday 15:00"]);
    env.ok(&["follow-up", "1", "next fri", "send the proposal"]);
    let out = env.ok(&["show", "jane"]);
    for needle in [
        "Jane Doe",
        "#1",
        "jane@acme.io",
        "Acme",
        "client",
        "industry",
        "fintech",
        "Follow-ups",
        "send the proposal",
        "Fri 27 Nov 2026",
        "Timeline",
        "2026-11-22 15:00",
        "renewal talk",
    ] {
        assert!(out.contains(needle), "{needle:?} in:\n{out}");
    }
    assert!(!out.contains('\x1b'), "no colour under NO_COLOR:\n{out}");
}

#[test]
fn show_json_has_the_timeline_and_open_follow_ups() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    env.log("1", "call", "first", &["--at", "2026-11-20 10:00"]);
    env.log("1", "email", "second", &[]);
    env.ok(&["follow-up", "1", "tomorrow", "call back"]);
    let c = env.show("jane@acme.io");
    let interactions = as_array(&c["interactions"]);
    assert_eq!(interactions.len(), 2);
    assert_eq!(interactions[0]["summary"], "second");
    assert_eq!(interactions[0]["kind"], "email");
    assert_eq!(interactions[0]["at"], "2026-11-23 09:00:00");
    assert_eq!(interactions[1]["summary"], "first");
    let follow_ups = as_array(&c["follow_ups"]);
    assert_eq!(follow_ups.len(), 1);
    assert_eq!(follow_ups[0]["id"], 1);
    assert_eq!(follow_ups[0]["due"], "2026-11-24");
    assert_eq!(follow_ups[0]["note"], "call back");
}

#[test]
fn show_json_has_every_interaction_despite_the_text_limit() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    for n in 0..25 {
        env.log("1", "note", &format!("note {n}"), &[]);
    }
    let c = env.json(&["show", "1", "--json"]);
    assert_eq!(as_array(&c["interactions"]).len(), 25);
}

#[test]
fn list_filters_by_tag_stage_and_kind() {
    let env = TestEnv::new();
    env.add_contact(
        "Ann Lee",
        &[
            "--tag", "client", "--stage", "customer", "--kind", "customer",
        ],
    );
    env.add_contact("Bo Chen", &["--tag", "client", "--stage", "lead"]);
    env.add_contact("Cy Diaz", &["--tag", "friend", "--kind", "partner"]);
    let list = |args: &[&str]| {
        let mut all = vec!["list", "--json"];
        all.extend_from_slice(args);
        ids(as_array(&env.json(&all)))
    };
    assert_eq!(list(&[]), vec![1, 2, 3]);
    assert_eq!(list(&["--tag", "client"]), vec![1, 2]);
    assert_eq!(list(&["--tag", "Client"]), vec![1, 2], "tags fold case");
    assert_eq!(list(&["-t", "friend"]), vec![3]);
    assert_eq!(list(&["--stage", "lead"]), vec![2]);
    assert_eq!(list(&["--kind", "partner"]), vec![3]);
    assert_eq!(list(&["--tag", "client", "--stage", "customer"]), vec![1]);
    assert_eq!(list(&["--tag", "nobody"]), Vec::<i64>::new());
    // Text output: one line per contact.
    let text = env.ok(&["list", "--tag", "client"]);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.contains("Ann Lee") && text.contains("Bo Chen"),
        "{text}"
    );
}

#[test]
fn list_sorts_by_name_last_contact_and_creation() {
    let mut env = TestEnv::new();
    env.set_now("2026-11-01 09:00");
    env.add_contact("Cy Diaz", &[]);
    env.set_now("2026-11-02 09:00");
    env.add_contact("Ann Lee", &[]);
    env.set_now("2026-11-03 09:00");
    env.add_contact("Bo Chen", &[]);
    env.set_now(crate::util::NOW);
    env.log("1", "call", "x", &["--at", "2026-11-20 10:00"]);
    env.log("3", "call", "x", &["--at", "2026-11-22 10:00"]);
    let sorted = |by: &str| ids(as_array(&env.json(&["list", "--json", "--sort", by])));
    assert_eq!(sorted("name"), vec![2, 3, 1]);
    assert_eq!(sorted("created"), vec![3, 2, 1], "newest first");
    let last = sorted("last");
    assert_eq!(&last[..2], &[3, 1], "most recently contacted first");
    assert_eq!(last.len(), 3, "never contacted are listed too");
    // The default order is by name, in text as in JSON.
    let text = env.ok(&["list"]);
    let names: Vec<&str> = text
        .lines()
        .map(|l| {
            if l.contains("Ann") {
                "Ann"
            } else if l.contains("Bo") {
                "Bo"
            } else {
                "Cy"
            }
        })
        .collect();
    assert_eq!(names, ["Ann", "Bo", "Cy"], "{text}");
}

#[test]
fn list_has_no_default_limit() {
    let env = TestEnv::new();
    // Without KITH_DB, `demo --db` fills the database the later commands read.
    let made = env
        .command()
        .env_remove("KITH_DB")
        .args(["demo", "--db", env.db().to_str().expect("utf-8 path")])
        .args(["--contacts", "120", "--interactions", "0", "--no-tui"])
        .assert()
        .success();
    let summary = stderr(&made);
    assert!(summary.contains("120 contacts"), "{summary}");
    let on_file = env.count("SELECT count(*) FROM contact");
    let live = env.count("SELECT count(*) FROM contact WHERE archived = 0");
    assert!(on_file >= 120, "{on_file}");
    assert_eq!(
        env.contacts().len() as i64,
        on_file,
        "list --archived --json"
    );
    let json = env.json(&["list", "--json"]);
    assert_eq!(as_array(&json).len() as i64, live, "list --json");
    assert_eq!(env.ok(&["list"]).lines().count() as i64, live, "list");
}

#[test]
fn archive_hides_a_contact_and_undo_brings_it_back() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.add_contact("John Roe", &[]);
    env.ok(&["follow-up", "1", "today", "call"]);
    env.kith(["archive", "jane"])
        .success()
        .stderr(predicate::str::contains("archived #1"));
    assert_eq!(ids(as_array(&env.json(&["list", "--json"]))), vec![2]);
    let all = env.contacts();
    assert_eq!(ids(&all), vec![1, 2]);
    assert_eq!(all[0]["archived"], true);
    assert!(
        env.due_at(crate::util::NOW).is_empty(),
        "archived contacts are not reminded"
    );
    let shown = env.ok(&["show", "1"]);
    assert!(shown.contains("archived"), "{shown}");

    env.ok(&["archive", "1", "--undo"]);
    assert_eq!(ids(as_array(&env.json(&["list", "--json"]))), vec![1, 2]);
    assert_eq!(env.show("1")["archived"], false);
    assert_eq!(env.due_at(crate::util::NOW).len(), 1);
}

#[test]
fn delete_with_yes_removes_the_contact_and_its_history() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    env.add_contact("John Roe", &[]);
    env.log("1", "call", "x", &[]);
    env.ok(&["follow-up", "1", "today"]);
    env.kith(["delete", "jane@acme.io", "--yes"])
        .success()
        .stderr(predicate::str::contains("Jane Doe"));
    assert_eq!(ids(&env.contacts()), vec![2]);
    env.fails(&["show", "1"]);
    assert_eq!(env.count("SELECT count(*) FROM interaction"), 0);
    assert_eq!(env.count("SELECT count(*) FROM follow_up"), 0);
    assert_eq!(env.count("SELECT count(*) FROM contact_email"), 0);
    // The email is free again.
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
}

#[test]
fn delete_without_yes_on_a_pipe_refuses() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.log("1", "call", "x", &[]);
    let before = env.state();
    let assert = env
        .command()
        .args(["delete", "jane"])
        .write_stdin("y\n")
        .assert()
        .code(1);
    assert_eq!(stdout(&assert), "");
    let err = stderr(&assert);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(env.state(), before, "nothing deleted");
}

#[test]
fn db_option_goes_before_or_after_the_subcommand() {
    let env = TestEnv::new();
    let other = env.path("other.db");
    let other = other.to_str().expect("utf-8 path");
    env.kith(["--db", other, "add", "Before"]).success();
    env.kith(["add", "After", "--db", other]).success();
    env.kith(["add", "Equals", &format!("--db={other}")])
        .success();
    let listed = env.ok(&["list", "--db", other]);
    assert_eq!(listed.lines().count(), 3, "{listed}");
    assert!(!env.db().exists(), "KITH_DB untouched");
}

#[test]
fn kith_db_is_used_and_db_overrides_it() {
    let env = TestEnv::new();
    env.add_contact("In Env Db", &[]);
    assert!(env.db().exists());
    let other = env.path("other.db");
    let other = other.to_str().expect("utf-8 path");
    env.kith(["--db", other, "add", "In Other Db"]).success();
    let env_names: Vec<String> = env
        .contacts()
        .iter()
        .map(|c| text(c, "name").to_string())
        .collect();
    assert_eq!(env_names, ["In Env Db"]);
    let other_list = env.json(&["list", "--json", "--db", other]);
    assert_eq!(as_array(&other_list).len(), 1);
    assert_eq!(other_list[0]["name"], "In Other Db");
}

#[test]
fn without_db_or_kith_db_the_database_is_in_the_xdg_data_dir() {
    let env = TestEnv::new();
    env.command()
        .env_remove("KITH_DB")
        .args(["add", "Jane Doe"])
        .assert()
        .success();
    assert!(env.path("data/kith/kith.db").is_file());
    assert!(!env.db().exists());
}

#[test]
fn an_archived_contact_can_be_named_to_restore_or_delete_them() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&["archive", "jane"]);
    env.ok(&["archive", "jane", "--undo"]);
    env.ok(&["archive", "jane"]);
    env.ok(&["delete", "jane", "--yes"]);
    let left = as_array(&env.json(&["list", "--archived", "--json"])).len();
    assert_eq!(left, 0);
}
