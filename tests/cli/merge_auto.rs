//! `kith merge --auto`: the clusters the duplicate scan finds, merged in one
//! transaction after a confirmation (or `--yes`), or listed by a dry run.

use crate::util::{TestEnv, as_array, stderr};

/// #1 and #2 are the same Bob (same e-mail, same phone; #2 has the
/// interactions), #3 is someone else.
fn bob_twice() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact(
        "Bob Smith",
        &["--email", "bob@acme.io", "--phone", "+49 30 1234567"],
    );
    env.add_contact(
        "Bob Smith",
        &[
            "--email",
            "bob@acme.io",
            "--phone",
            "+49 30 1234567",
            "--org",
            "Acme",
            "--force",
        ],
    );
    env.log("2", "call", "first call", &[]);
    env.log("2", "call", "second call", &[]);
    env.add_contact("Jane Doe", &["--email", "jane@doe.example"]);
    env
}

fn rows(env: &TestEnv) -> (i64, i64, i64) {
    (
        env.count("SELECT count(*) FROM contact"),
        env.count("SELECT count(*) FROM merge_log"),
        env.count("SELECT count(*) FROM audit_log"),
    )
}

#[test]
fn auto_merges_the_clusters_found_keeping_the_busiest_contact() {
    let env = bob_twice();
    let before = env.state();
    let dry = env.json(&["merge", "--auto", "--dry-run", "--json"]);
    assert_eq!(dry["dry_run"], true);
    let merges = as_array(&dry["merges"]);
    assert_eq!(merges.len(), 1, "{dry}");
    assert_eq!(
        merges[0]["survivor"]["id"], 2,
        "the contact with most interactions"
    );
    assert_eq!(merges[0]["absorbed"][0]["id"], 1);
    assert!(merges[0]["history_id"].is_null());
    let text = env.ok(&["merge", "--auto", "--dry-run"]);
    assert!(
        text.starts_with("merge #1 Bob Smith into #2 Bob Smith  (dry run: nothing written)\n"),
        "{text}"
    );
    assert_eq!(env.state(), before);
    assert_eq!(rows(&env), (3, 0, 0));

    // No terminal to ask on: --yes is needed, and nothing is merged.
    let refused = env.kith(["merge", "--auto"]).code(2);
    assert!(
        stderr(&refused).contains("pass --yes"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(rows(&env), (3, 0, 0));

    let done = env.json(&["merge", "--auto", "--yes", "--json"]);
    assert_eq!(done["dry_run"], false);
    assert_eq!(as_array(&done["merges"]).len(), 1);
    assert_eq!(done["merges"][0]["history_id"], 1);
    assert_eq!(rows(&env), (2, 1, 1));
    assert_eq!(as_array(&env.show("2")["interactions"]).len(), 2);

    env.ok(&["undo"]);
    assert_eq!(env.state(), before);
}

#[test]
fn no_duplicates_means_nothing_merged_and_bad_flags_are_usage_errors() {
    let env = TestEnv::new();
    env.add_contact("Bob Smith", &["--email", "bob@acme.io"]);
    env.add_contact("Jane Doe", &["--email", "jane@doe.example"]);
    let out = env.ok(&["merge", "--auto", "--yes"]);
    assert_eq!(out, "no duplicates scoring 0.8 or more: nothing to merge\n");
    assert_eq!(rows(&env), (2, 0, 0));
    let err = env.kith(["merge", "--auto", "--min-score", "1.5"]).code(2);
    assert!(
        stderr(&err).contains("a score is between 0 and 1"),
        "{}",
        stderr(&err)
    );
    let err = env.kith(["merge", "1", "2", "--auto"]).code(2);
    assert!(
        stderr(&err).contains("cannot be used with"),
        "{}",
        stderr(&err)
    );
    let err = env.kith(["merge", "1", "2", "--min-score", "0.9"]).code(2);
    assert!(stderr(&err).contains("--auto"), "{}", stderr(&err));
    assert_eq!(rows(&env), (2, 0, 0));
}
