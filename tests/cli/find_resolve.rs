//! `kith find`, and naming a contact by id, email or fuzzy name everywhere.
//!
//! Search folds case and accents and matches per field; an ambiguous name is
//! an error that lists the candidates, never a guess.

use crate::util::{TestEnv, as_array, ids, stderr, stdout};

fn people() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact(
        "Hans Müller",
        &["--email", "hans@mueller.example", "--org", "Müller GmbH"],
    );
    env.add_contact("José García", &["--email", "jose@banco.example"]);
    env.add_contact(
        "Jane Doe",
        &[
            "--email",
            "jane@acme.io",
            "--org",
            "Acme",
            "--tag",
            "client",
        ],
    );
    env.add_contact("Bob Smith", &["--email", "bob@smith.example"]);
    env.add_contact("Ann Lee", &["--email", "ann@smoothpath.com"]);
    env
}

fn find(env: &TestEnv, query: &str) -> Vec<i64> {
    ids(as_array(&env.json(&["find", query, "--json"])))
}

#[test]
fn muller_finds_mueller() {
    let env = people();
    assert_eq!(find(&env, "muller"), vec![1]);
    assert_eq!(find(&env, "MÜLLER"), vec![1]);
    let out = env.ok(&["find", "muller"]);
    assert!(out.contains("Hans Müller"), "{out}");
}

#[test]
fn jose_garcia_finds_jose_garcia() {
    let env = people();
    assert_eq!(find(&env, "jose garcia"), vec![2]);
    assert_eq!(find(&env, "garcia"), vec![2]);
}

#[test]
fn find_json_is_a_list_of_contacts() {
    let env = people();
    let out = env.json(&["find", "jane", "--json"]);
    let hits = as_array(&out);
    // Fuzzy: a scattered match in someone's email may follow, never lead.
    assert!(!hits.is_empty());
    assert_eq!(hits[0]["name"], "Jane Doe");
    assert_eq!(hits[0]["emails"][0], "jane@acme.io");
}

#[test]
fn find_with_no_match_prints_nothing() {
    let env = people();
    let assert = env.kith(["find", "zzzz"]).success();
    assert_eq!(stdout(&assert), "");
    assert_eq!(find(&env, "zzzz"), Vec::<i64>::new());
}

#[test]
fn find_limit_caps_the_results() {
    let env = TestEnv::new();
    for n in 0..30 {
        env.add_contact(&format!("Sam Person{n:02}"), &["--force"]);
    }
    assert_eq!(find(&env, "sam").len(), 20, "default limit");
    assert_eq!(
        ids(as_array(&env.json(&["find", "sam", "--json", "-n", "0"]))).len(),
        30
    );
    assert_eq!(
        ids(as_array(
            &env.json(&["find", "sam", "--json", "--limit", "5"])
        ))
        .len(),
        5
    );
}

#[test]
fn find_searches_email_organisation_and_tags() {
    let env = people();
    assert!(find(&env, "acme").contains(&3), "organisation");
    assert!(find(&env, "client").contains(&3), "tag");
    assert!(find(&env, "banco").contains(&2), "email");
}

#[test]
fn find_ranks_the_best_match_first() {
    let env = TestEnv::new();
    env.add_contact("Carla Smithers", &[]);
    env.add_contact("Joe Smith", &[]);
    // A whole-word match beats a longer name that merely starts the same.
    assert_eq!(find(&env, "smith").first(), Some(&2));
    // `smth` ranks Smith above an e-mail domain that happens to hold the letters.
    let env = people();
    let hits = find(&env, "smth");
    assert_eq!(hits.first(), Some(&4), "{hits:?}");
}

#[test]
fn a_fuzzy_name_resolves_across_accents() {
    let env = people();
    env.log("muller", "call", "about the order", &[]);
    env.log("jose garcia", "email", "sent terms", &[]);
    env.log("García", "note", "accented query", &[]);
    assert_eq!(as_array(&env.show("1")["interactions"]).len(), 1);
    assert_eq!(as_array(&env.show("2")["interactions"]).len(), 2);
    assert_eq!(env.show("hans")["id"], 1);
    assert_eq!(env.show("JOSÉ")["id"], 2);
}

#[test]
fn a_fuzzy_name_with_letters_left_out_still_resolves() {
    let env = people();
    assert_eq!(env.show("hns mllr")["id"], 1);
}

#[test]
fn an_exact_name_wins_over_longer_names() {
    let env = TestEnv::new();
    env.add_contact("Ann Lee", &[]);
    env.add_contact("Ann Leeds", &[]);
    assert_eq!(env.show("ann lee")["id"], 1);
    assert_eq!(env.show("ann leeds")["id"], 2);
}

#[test]
fn an_ambiguous_name_lists_the_candidates_with_ids() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    env.add_contact("Jane Smith", &["--email", "jane@smith.example"]);
    env.add_contact("John Roe", &[]);
    let before = env.state();
    for args in [
        vec!["show", "jane"],
        vec!["log", "jane", "call", "x"],
        vec!["follow-up", "jane", "tomorrow"],
        vec!["edit", "jane", "--tag", "x"],
        vec!["delete", "jane", "--yes"],
    ] {
        let err = env.fails(&args);
        assert!(
            err.contains("#1") && err.contains("Jane Doe"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("#2") && err.contains("Jane Smith"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("John Roe"), "{args:?}: {err}");
        assert!(err.contains("hint"), "{args:?}: {err}");
    }
    assert_eq!(env.state(), before, "nothing changed");
}

#[test]
fn two_contacts_with_the_same_email_are_ambiguous_too() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    env.add_contact("J. Doe", &["--email", "jane@acme.io", "--force"]);
    let err = env.fails(&["show", "jane@acme.io"]);
    assert!(err.contains("#1") && err.contains("#2"), "{err}");
}

#[test]
fn an_unknown_contact_is_an_error_with_a_hint() {
    let env = people();
    let before = env.state();
    for who in ["nobody", "99", "#99", "nobody@nowhere.example"] {
        let err = env.fails(&["log", who, "call", "x"]);
        assert!(err.contains("hint:"), "{who}: {err}");
        assert!(
            err.contains(who.trim_start_matches('#')),
            "{who} named: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn an_id_is_an_id_even_when_a_name_has_digits() {
    let env = TestEnv::new();
    env.add_contact("Agent 2", &[]);
    env.add_contact("Other", &[]);
    assert_eq!(env.show("2")["name"], "Other");
    let assert = env.kith(["show", "1", "--json"]).success();
    assert_eq!(stderr(&assert), "");
}

#[test]
fn a_number_that_is_no_id_names_a_contact_by_name() {
    let env = TestEnv::new();
    env.add_contact("Other", &[]);
    env.add_contact("2027", &["--email", "y@example.com"]);
    assert_eq!(env.show("2027")["id"], 2);
    // An id still wins, and `#` means an id and nothing else.
    assert_eq!(env.show("1")["name"], "Other");
    let before = env.state();
    let err = env.fails(&["log", "#2027", "call", "x"]);
    assert!(err.contains("no contact #2027"), "{err}");
    let err = env.fails(&["log", "2028", "call", "x"]);
    assert!(
        err.contains("no contact #2028") && err.contains("hint"),
        "{err}"
    );
    assert_eq!(env.state(), before, "nothing changed");
    env.ok(&["log", "2027", "call", "planning"]);
    assert_eq!(
        env.count("SELECT count(*) FROM interaction WHERE contact_id = 2"),
        1
    );
}

#[test]
fn the_search_index_follows_add_rename_archive_and_delete() {
    let env = TestEnv::new();
    env.add_contact("Zelda Quinlan", &["--email", "zq@hyrule.example"]);
    env.add_contact("Other Person", &[]);
    assert_eq!(find(&env, "quinlan"), vec![1]);
    assert_eq!(find(&env, "hyrule"), vec![1]);
    // A misspelt name (no word starts so) is resolved through the same index.
    assert_eq!(env.show("qunlan")["id"], 1);
    env.ok(&["edit", "1", "--name", "Zelda Mueller"]);
    assert_eq!(find(&env, "quinlan"), Vec::<i64>::new());
    assert_eq!(find(&env, "müller"), vec![1]);
    assert_eq!(env.show("mulr")["id"], 1);
    env.ok(&["archive", "1"]);
    assert_eq!(find(&env, "mueller"), Vec::<i64>::new());
    env.ok(&["archive", "1", "--undo"]);
    assert_eq!(find(&env, "mueller"), vec![1]);
    env.ok(&["delete", "1", "--yes"]);
    assert_eq!(
        env.count("SELECT count(*) FROM search_term WHERE contact_id = 1"),
        0
    );
    assert_eq!(find(&env, "mueller"), Vec::<i64>::new());
    assert_eq!(find(&env, "person"), vec![2]);
}

#[test]
fn letters_scattered_through_an_email_are_no_match() {
    let env = TestEnv::new();
    env.add_contact(
        "Agnieszka Baker",
        &[
            "--email",
            "agnieszka.baker@cedarcapital.com",
            "--org",
            "Cedar Capital",
        ],
    );
    env.add_contact("José García", &[]);
    env.add_contact("Ben Schröder", &[]);
    assert_eq!(find(&env, "garcia"), vec![2]);
    assert_eq!(find(&env, "schroeder"), vec![3]);
    assert_eq!(env.show("schroeder")["id"], 3);
}
