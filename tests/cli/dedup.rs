//! `kith dedup`: clusters of likely duplicates, best first, with reasons;
//! the same database prints the same bytes; bad input changes nothing.

use crate::util::{TestEnv, as_array, stderr};

/// Robert Smith three times (phone, `LinkedIn`, Outlook), Müller twice, and
/// two different people called Maria Garcia.
fn book() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact(
        "Robert Smith",
        &[
            "--email",
            "robert.smith@example.com",
            "--phone",
            "+49 30 12345678",
        ],
    );
    env.add_contact("Bob Smith", &["--phone", "+49 30 12345678", "--force"]);
    env.add_contact(
        "SMITH, ROBERT",
        &["--email", "Robert.Smith@Example.com", "--force"],
    );
    env.add_contact("Jürgen Müller", &["--email", "jm+crm@gmail.com"]);
    env.add_contact(
        "Juergen Mueller",
        &["--email", "j.m@googlemail.com", "--force"],
    );
    env.add_contact(
        "Maria Garcia",
        &[
            "--email",
            "maria@uni.example",
            "--phone",
            "+34 911 234 567",
            "--birthday",
            "1980-02-03",
        ],
    );
    env.add_contact(
        "Maria Garcia",
        &[
            "--email",
            "mg@shop.example",
            "--phone",
            "+52 55 1234 5678",
            "--birthday",
            "1992-11-20",
            "--force",
        ],
    );
    for (name, email) in [
        ("Ann Lee", "ann@lee.example"),
        ("Karl Becker", "karl@becker.example"),
        ("Olga Novak", "olga@novak.example"),
        ("Paul Rossi", "paul@rossi.example"),
    ] {
        env.add_contact(name, &["--email", email]);
    }
    env
}

#[test]
fn clusters_come_best_first_with_reasons_in_words() {
    let env = book();
    let out = env.ok(&["dedup"]);
    assert!(
        out.starts_with("2 clusters of likely duplicates among 11 contacts:"),
        "{out}"
    );
    assert!(
        out.contains("#1 Robert Smith  <robert.smith@example.com>"),
        "{out}"
    );
    assert!(
        out.contains("#3 SMITH, ROBERT  <Robert.Smith@Example.com>"),
        "{out}"
    );
    assert!(out.contains("nickname: Robert = Bob"), "{out}");
    assert!(out.contains("same phone in E.164"), "{out}");
    assert!(out.contains("transliteration: Müller = Mueller"), "{out}");
    assert!(out.contains("same e-mail after normalisation"), "{out}");
    // The namesakes are not there.
    assert!(!out.contains("#6"), "{out}");
    assert!(!out.contains("#7"), "{out}");
}

#[test]
fn json_is_a_list_of_clusters_and_weights_come_only_with_explain() {
    let env = book();
    let json = env.json(&["dedup", "--json"]);
    let clusters = as_array(&json);
    assert_eq!(clusters.len(), 2);
    let contacts: Vec<Vec<i64>> = clusters
        .iter()
        .map(|c| {
            as_array(&c["contacts"])
                .iter()
                .map(|v| v.as_i64().expect("id"))
                .collect()
        })
        .collect();
    assert!(contacts.contains(&vec![1, 2, 3]), "{contacts:?}");
    assert!(contacts.contains(&vec![4, 5]), "{contacts:?}");
    for c in clusters {
        let keys: Vec<&String> = c.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["contacts", "pairs", "score"]);
        let score = c["score"].as_f64().expect("score");
        assert!((0.8..=1.0).contains(&score), "{c}");
        for p in as_array(&c["pairs"]) {
            let keys: Vec<&String> = p.as_object().expect("object").keys().collect();
            assert_eq!(keys, ["a", "b", "reasons", "score"]);
            assert!(p["a"].as_i64() < p["b"].as_i64());
            assert!(!as_array(&p["reasons"]).is_empty());
        }
    }
    let explained = env.json(&["dedup", "--json", "--explain"]);
    let pair = &explained[0]["pairs"][0];
    let weights = as_array(&pair["weights"]);
    let fields: Vec<&str> = weights
        .iter()
        .map(|w| w["field"].as_str().expect("field"))
        .collect();
    assert_eq!(
        fields,
        [
            "email",
            "phone",
            "given name",
            "family name",
            "birthday",
            "postcode/city",
            "organisation"
        ]
    );
    assert!(
        weights
            .iter()
            .all(|w| w["level"].is_string() && w["weight"].is_number())
    );
    let text = env.ok(&["dedup", "--explain"]);
    assert!(text.contains("family name"), "{text}");
}

#[test]
fn the_same_database_prints_the_same_bytes() {
    let env = book();
    for args in [&["dedup"][..], &["dedup", "--json", "--explain"][..]] {
        let one = env.ok(args);
        let two = env.ok(args);
        assert_eq!(one, two, "{args:?}");
    }
}

#[test]
fn min_score_filters_and_nothing_found_is_one_line() {
    let env = book();
    let all = as_array(&env.json(&["dedup", "--json", "--min-score", "0"])).len();
    assert!(all >= 2);
    let fresh = TestEnv::new();
    fresh.add_contact("Ann Lee", &["--email", "ann@lee.example"]);
    fresh.add_contact("Karl Becker", &["--email", "karl@becker.example"]);
    assert_eq!(
        fresh.ok(&["dedup"]),
        "No likely duplicates among 2 contacts (score 0.8 or more).\n"
    );
    assert_eq!(fresh.ok(&["dedup", "--json"]), "[]\n");
}

#[test]
fn a_score_outside_zero_to_one_is_a_usage_error_and_changes_nothing() {
    let env = book();
    let before = env.state();
    for bad in ["1.5", "-0.1", "high", "NaN"] {
        let assert = env.kith(["dedup", &format!("--min-score={bad}")]).code(2);
        let err = stderr(&assert);
        assert!(err.contains("--min-score"), "{bad}: {err}");
        assert!(err.contains("between 0 and 1"), "{bad}: {err}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn stored_control_characters_never_reach_the_terminal() {
    let env = TestEnv::new();
    env.add_contact("Eve Stone", &["--email", "eve@stone.example"]);
    env.add_contact("Eve Stone", &["--email", "eve@stone.example", "--force"]);
    // Got in another way than `kith add`, which refuses it.
    env.sql()
        .execute(
            "UPDATE contact SET display_name = 'Eve \x1b[2J\x07Stone' WHERE id = 1",
            [],
        )
        .expect("update");
    let out = env.ok(&["dedup"]);
    assert!(out.contains("#1 Eve \u{fffd}"), "{out:?}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
}
