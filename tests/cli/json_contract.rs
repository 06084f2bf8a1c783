//! The `--json` contract scripts rely on: the key sets of show, list, find
//! and remind, their types, and a `uid` on every contact, interaction and
//! follow-up. A change here is a change to a public interface.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::util::{TestEnv, as_array, keys, sorted, text};

/// Every key of a contact in list, find and show.
const CONTACT_KEYS: &[&str] = &[
    "id",
    "uid",
    "name",
    "emails",
    "phones",
    "org",
    "title",
    "city",
    "country",
    "tags",
    "stage",
    "kind",
    "source",
    "birthday",
    "consent",
    "cadence",
    "fields",
    "archived",
    "last_contact",
    "created_at",
    "updated_at",
];

/// The keys the issue promises, which must never go away.
const PROMISED_CONTACT_KEYS: &[&str] = &[
    "id", "name", "emails", "phones", "org", "tags", "stage", "kind", "fields",
];

const INTERACTION_KEYS: &[&str] = &[
    "id",
    "uid",
    "kind",
    "direction",
    "at",
    "summary",
    "body",
    "amount",
    "rating",
    "nps",
];

const FOLLOW_UP_KEYS: &[&str] = &["id", "uid", "due", "note", "every", "snoozed_until"];

const ITEM_KEYS: &[&str] = &["kind", "contact_id", "contact", "due", "note"];

fn populated() -> TestEnv {
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
            "--stage",
            "customer",
            "--kind",
            "customer",
            "--field",
            "industry=fintech",
            "--birthday",
            "1985-11-27",
        ],
    );
    env.add_contact("John Roe", &[]);
    env.log("1", "purchase", "annual plan", &["--amount", "1200 EUR"]);
    env.log("1", "feedback", "happy", &["--nps", "9", "--in"]);
    env.ok(&[
        "follow-up",
        "1",
        "today",
        "send the invoice",
        "--every",
        "1m",
    ]);
    env.ok(&["cadence", "2", "1w"]);
    env
}

fn assert_contact_shape(c: &Value) {
    for key in PROMISED_CONTACT_KEYS {
        assert!(c.get(*key).is_some(), "promised key {key} missing in {c}");
    }
    assert!(c["id"].is_i64(), "{c}");
    assert!(c["uid"].is_string(), "{c}");
    assert!(c["name"].is_string(), "{c}");
    for list in ["emails", "phones", "tags"] {
        assert!(
            as_array(&c[list]).iter().all(Value::is_string),
            "{list} is a list of strings: {c}"
        );
    }
    assert!(c["fields"].is_object(), "{c}");
    for maybe in ["org", "stage", "title", "city", "country", "birthday"] {
        assert!(c[maybe].is_string() || c[maybe].is_null(), "{maybe}: {c}");
    }
    assert!(c["kind"].is_string(), "{c}");
    assert!(c["archived"].is_boolean(), "{c}");
}

#[test]
fn show_json_keys() {
    let env = populated();
    let c = env.show("1");
    let mut expected: Vec<&str> = CONTACT_KEYS.to_vec();
    expected.extend(["interactions", "follow_ups"]);
    assert_eq!(keys(&c), sorted(&expected));
    assert_contact_shape(&c);
    for i in as_array(&c["interactions"]) {
        assert_eq!(keys(i), sorted(INTERACTION_KEYS), "{i}");
        assert!(i["id"].is_i64() && i["at"].is_string() && i["summary"].is_string());
    }
    for f in as_array(&c["follow_ups"]) {
        assert_eq!(keys(f), sorted(FOLLOW_UP_KEYS), "{f}");
        assert!(f["id"].is_i64() && f["due"].is_string() && f["note"].is_string());
    }
    assert_eq!(as_array(&c["interactions"]).len(), 2);
    assert_eq!(as_array(&c["follow_ups"]).len(), 1);
}

#[test]
fn list_json_keys() {
    let env = populated();
    let all = env.json(&["list", "--json"]);
    assert_eq!(as_array(&all).len(), 2);
    for c in as_array(&all) {
        assert_eq!(keys(c), sorted(CONTACT_KEYS), "{c}");
        assert_contact_shape(c);
    }
}

#[test]
fn find_json_keys() {
    let env = populated();
    let hits = env.json(&["find", "jane", "--json"]);
    assert_eq!(as_array(&hits).len(), 1);
    for c in as_array(&hits) {
        assert_eq!(keys(c), sorted(CONTACT_KEYS), "{c}");
        assert_contact_shape(c);
    }
}

#[test]
fn empty_results_are_empty_json_lists() {
    let env = TestEnv::new();
    // At the default location, a database not made yet is an empty CRM.
    for args in [&["list", "--json"][..], &["find", "nobody", "--json"]] {
        let out = env
            .command()
            .env_remove("KITH_DB")
            .args(args)
            .assert()
            .success();
        let printed: serde_json::Value =
            serde_json::from_slice(&out.get_output().stdout).expect("JSON");
        assert_eq!(printed, serde_json::json!([]), "{args:?}");
    }
    env.add_contact("Jane Doe", &[]);
    assert_eq!(
        env.json(&["find", "nobody", "--json"]),
        serde_json::json!([])
    );
}

#[test]
fn remind_json_keys() {
    let env = populated();
    let items = env.json_at("2026-12-01 09:00", &["remind", "--all", "--json"]);
    let items = as_array(&items);
    let kinds: BTreeSet<&str> = items.iter().map(|i| text(i, "kind")).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["follow-up", "stay-in-touch"]),
        "{items:?}"
    );
    for i in items {
        let mut expected: Vec<&str> = ITEM_KEYS.to_vec();
        if i["kind"] == "follow-up" {
            // The follow-up's own id, for `kith done`.
            expected.push("follow_up_id");
        }
        assert_eq!(keys(i), sorted(&expected), "{i}");
        assert!(i["contact_id"].is_i64(), "{i}");
        for key in ["contact", "due", "note"] {
            assert!(i[key].is_string(), "{key}: {i}");
        }
    }
    let birthdays = env.json(&["remind", "--all", "--json"]);
    let birthday = as_array(&birthdays)
        .iter()
        .find(|i| i["kind"] == "birthday")
        .expect("a birthday item");
    assert_eq!(keys(birthday), sorted(ITEM_KEYS));
}

#[test]
fn every_contact_has_a_uid() {
    let env = populated();
    let uuid_v7 = |s: &str| {
        let parts: Vec<&str> = s.split('-').collect();
        parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
            && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
            && parts[2].starts_with('7')
    };
    let mut uids = BTreeSet::new();
    let listed = env.contacts();
    for c in &listed {
        let uid = text(c, "uid");
        assert!(uuid_v7(uid), "{uid} is a UUIDv7");
        uids.insert(uid.to_string());
        let shown = env.show(&c["id"].to_string());
        assert_eq!(shown["uid"], c["uid"], "same uid in show and list");
        for child in as_array(&shown["interactions"])
            .iter()
            .chain(as_array(&shown["follow_ups"]))
        {
            let uid = text(child, "uid");
            assert!(uuid_v7(uid), "{uid} is a UUIDv7");
            uids.insert(uid.to_string());
        }
    }
    let found = env.json(&["find", "john", "--json"]);
    assert_eq!(found[0]["uid"], listed[1]["uid"]);
    assert_eq!(uids.len(), 2 + 2 + 1, "all distinct");
}

#[test]
fn a_uid_is_never_reused() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let first = text(&env.show("1"), "uid").to_string();
    env.ok(&["delete", "1", "--yes"]);
    env.add_contact("Jane Doe", &[]);
    let again = env.contacts();
    assert_ne!(text(&again[0], "uid"), first);
}

#[test]
fn edits_keep_the_uid_and_move_updated_at() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let before = env.show("1");
    env.ok_at("2026-11-24 10:00", &["edit", "1", "--tag", "client"]);
    let after = env.show("1");
    assert_eq!(after["uid"], before["uid"]);
    assert_eq!(after["created_at"], before["created_at"]);
    assert_eq!(after["updated_at"], "2026-11-24T10:00:00Z");
}
