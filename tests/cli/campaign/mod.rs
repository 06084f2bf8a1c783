//! `kith campaign`: planning and creating (consent, e-mail, variants by
//! hash), bad input refused with nothing written, responses, the report
//! and the campaign response rule shared with `kith kpi`. Sends are
//! written with SQL here, as the sending code writes them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

use crate::util::{TestEnv, as_array};

/// Contacts from a CSV: `n` clients with consent and an e-mail, and four
/// who are no one's recipients: denied, unknown, no e-mail, archived.
/// Otto is not a client. Two templates (stored with SQL).
fn setup(n: usize) -> TestEnv {
    let env = TestEnv::new();
    let mut csv = String::from("uid,name,email,tags,consent,archived,created_at\n");
    for i in 0..n {
        writeln!(csv, ",Client {i:03},c{i}@example.org,client,granted,,").expect("a CSV row");
    }
    csv.push_str(",Dan Denied,dan@example.org,client,denied,,\n");
    csv.push_str(",Una Unknown,una@example.org,client,,,\n");
    csv.push_str(",Nora Nomail,,client,granted,,\n");
    csv.push_str(",Arne Archived,arne@example.org,client,granted,true,\n");
    csv.push_str(",Otto Other,otto@example.org,friend,granted,,\n");
    let file = env.path("people.csv");
    std::fs::write(&file, csv).expect("write the CSV");
    env.ok(&["import", file.to_str().expect("path")]);
    template(&env, "offer", "Spring offer", "Hello {{ first_name }}");
    template(&env, "short", "Quick one", "Hi");
    env
}

fn template(env: &TestEnv, name: &str, subject: &str, body: &str) {
    env.sql()
        .execute(
            "INSERT INTO template (uid, name, subject, body, created_at, updated_at)
             VALUES ('t-' || ?1, ?1, ?2, ?3, '2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z')",
            [name, subject, body],
        )
        .expect("template");
}

/// (contact id → variant) of a plan's recipients.
fn planned(plan: &Value) -> BTreeMap<i64, String> {
    as_array(&plan["recipients"])
        .iter()
        .map(|r| {
            (
                r["contact_id"].as_i64().expect("id"),
                r["variant"].as_str().expect("variant").to_string(),
            )
        })
        .collect()
}

/// (contact id, reason) of a plan's skipped contacts.
fn skipped(plan: &Value) -> BTreeSet<(i64, String)> {
    as_array(&plan["skipped"])
        .iter()
        .map(|s| {
            (
                s["contact_id"].as_i64().expect("id"),
                s["reason"].as_str().expect("reason").to_string(),
            )
        })
        .collect()
}

/// A stored campaign's rows: contact id → (contact uid, variant, state,
/// skip reason, message id).
type Rows = BTreeMap<i64, (String, String, String, Option<String>, String)>;

fn stored(env: &TestEnv, campaign: &str) -> (String, Rows) {
    let conn = env.sql();
    let uid: String = conn
        .query_row(
            "SELECT uid FROM campaign WHERE name = ?1",
            [campaign],
            |r| r.get(0),
        )
        .expect("campaign uid");
    let mut stmt = conn
        .prepare(
            "SELECT r.contact_id, c.uid, r.variant, r.state, r.skip_reason, r.message_id
               FROM campaign_recipient r JOIN contact c ON c.id = r.contact_id
               JOIN campaign k ON k.id = r.campaign_id WHERE k.name = ?1",
        )
        .expect("prepare");
    let rows = stmt
        .query_map([campaign], |r| {
            Ok((
                r.get(0)?,
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
            ))
        })
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    (uid, rows)
}

#[test]
fn a_dry_run_writes_nothing_and_create_stores_the_same_people() {
    let env = setup(12);
    let args = [
        "campaign",
        "new",
        "spring",
        "--where",
        "tag:client",
        "-t",
        "offer",
        "--variant",
        "B=short",
        "--json",
    ];
    let mut dry = args.to_vec();
    dry.push("--dry-run");
    let plan = env.json(&dry);
    assert_eq!(env.count("SELECT count(*) FROM campaign"), 0);
    assert_eq!(env.count("SELECT count(*) FROM campaign_recipient"), 0);
    // The archived client and Otto are not in the audience.
    assert_eq!(plan["matched"], 15);
    assert_eq!(planned(&plan).len(), 12);

    let made = env.json(&args);
    assert_eq!(made["matched"], plan["matched"]);
    assert_eq!(skipped(&made), skipped(&plan));
    let made_ids: BTreeSet<i64> = planned(&made).into_keys().collect();
    let plan_ids: BTreeSet<i64> = planned(&plan).into_keys().collect();
    assert_eq!(made_ids, plan_ids, "the same recipients");
    assert_eq!(planned(&made), planned(&plan), "the same variants");

    // What is stored is what create printed, each variant the hash's.
    let (uid, rows) = stored(&env, "spring");
    assert_eq!(rows.len(), 15, "skipped contacts are stored too");
    let weights = vec![("A".to_string(), 50), ("B".to_string(), 50)];
    for (id, (contact_uid, variant, state, reason, message_id)) in &rows {
        assert_eq!(
            variant,
            kith::domain::campaign::assign("spring", contact_uid, &weights)
        );
        assert_eq!(message_id, &format!("{uid}.{contact_uid}@kith"));
        match planned(&made).get(id) {
            Some(v) => {
                assert_eq!((v, state.as_str(), reason), (variant, "pending", &None));
            }
            None => assert_eq!(state, "skipped"),
        }
    }
    for v in as_array(&made["variants"]) {
        let label = v["label"].as_str().expect("label");
        let n = planned(&made).values().filter(|l| *l == label).count();
        assert_eq!(v["recipients"].as_u64(), Some(n as u64));
    }
}

#[test]
fn skipped_contacts_are_counted_and_listed_with_verbose() {
    let env = setup(3);
    let out = env.ok(&[
        "campaign",
        "new",
        "winter",
        "--where",
        "tag:client",
        "-t",
        "offer",
        "--dry-run",
    ]);
    assert!(out.contains("6 matched, 3 to send, 3 skipped"), "{out}");
    assert!(
        out.contains("skipped: 1 consent denied, 1 consent unknown, 1 no e-mail"),
        "{out}"
    );
    assert!(out.contains("dry run: nothing saved"), "{out}");
    assert!(
        !out.contains("Dan Denied"),
        "names only with --verbose: {out}"
    );
    let out = env.ok(&[
        "campaign",
        "new",
        "winter",
        "--where",
        "tag:client",
        "-t",
        "offer",
        "--dry-run",
        "-v",
    ]);
    for line in [
        "Dan Denied",
        "consent denied",
        "Una Unknown",
        "consent unknown",
        "Nora Nomail",
        "no e-mail",
        "c0@example.org",
    ] {
        assert!(out.contains(line), "{line} in {out}");
    }
    assert!(
        !out.contains("Arne Archived") && !out.contains("Otto"),
        "{out}"
    );
    let out = env.ok(&[
        "campaign",
        "new",
        "winter",
        "--where",
        "tag:client",
        "-t",
        "offer",
    ]);
    assert!(
        out.contains(
            "Saved campaign winter: 3 messages to send. Send with: kith campaign send winter --drafts DIR"
        ),
        "{out}"
    );
    let (_, rows) = stored(&env, "winter");
    let reasons: BTreeSet<Option<String>> = rows.values().map(|r| r.3.clone()).collect();
    assert_eq!(
        reasons,
        [
            None,
            Some("consent-denied".into()),
            Some("consent-unknown".into()),
            Some("no-email".into())
        ]
        .into_iter()
        .collect()
    );
}

#[test]
fn variants_follow_the_split_and_each_campaign_its_own_hash() {
    let env = setup(200);
    for name in ["first", "second"] {
        env.ok(&[
            "campaign",
            "new",
            name,
            "--where",
            "tag:client",
            "-t",
            "offer",
            "--variant",
            "B=short",
            "--split",
            "70/30",
        ]);
    }
    let weights = vec![("A".to_string(), 70), ("B".to_string(), 30)];
    let (uid1, first) = stored(&env, "first");
    let (uid2, second) = stored(&env, "second");
    assert_ne!(uid1, uid2);
    for (name, rows) in [("first", &first), ("second", &second)] {
        for (contact_uid, variant, ..) in rows.values() {
            assert_eq!(
                variant,
                kith::domain::campaign::assign(name, contact_uid, &weights)
            );
        }
        let b = rows
            .values()
            .filter(|r| r.2 == "pending" && r.1 == "B")
            .count();
        // 30 % of 200 is 60; a hash gives or takes a little.
        assert!((35..=85).contains(&b), "B got {b} of 200");
    }
    let variants = |rows: &Rows| -> Vec<String> { rows.values().map(|r| r.1.clone()).collect() };
    assert_ne!(
        variants(&first),
        variants(&second),
        "each campaign shuffles anew"
    );
    let report = env.json(&["campaign", "report", "first", "--json"]);
    let templates: Vec<&str> = as_array(&report["campaign"]["variants"])
        .iter()
        .map(|v| v["template"].as_str().expect("template"))
        .collect();
    assert_eq!(templates, ["offer", "short"]);
}

/// `campaign new` commands each refused, with what the error says.
fn bad_new_commands() -> Vec<(Vec<&'static str>, &'static str)> {
    let base = |name: &'static str| -> Vec<&'static str> {
        vec![
            "campaign",
            "new",
            name,
            "--where",
            "tag:client",
            "-t",
            "offer",
        ]
    };
    vec![
        (
            vec![
                "campaign",
                "new",
                "x",
                "--where",
                "tag:client",
                "-t",
                "nope",
            ],
            "there is no template named nope",
        ),
        (
            vec!["campaign", "new", "x", "--segment", "nope", "-t", "offer"],
            "there is no segment named nope",
        ),
        (
            vec![
                "campaign",
                "new",
                "x",
                "--where",
                "tag:client (",
                "-t",
                "offer",
            ],
            "unclosed parenthesis",
        ),
        (
            [base("x"), vec!["--variant", "B=short", "--split", "60/30"]].concat(),
            "does not add up to 100",
        ),
        (base("taken"), "there is already a campaign named taken"),
        (base("TAKEN"), "there is already a campaign named TAKEN"),
        (
            [base("x"), vec!["--variant", "B"]].concat(),
            "is not LABEL=TEMPLATE",
        ),
        (
            [base("x"), vec!["--variant", "A=short"]].concat(),
            "A is the main --template",
        ),
        (
            [
                base("x"),
                vec!["--variant", "B=short", "--variant", "B=offer"],
            ]
            .concat(),
            "variant B is given twice",
        ),
        (
            [base("x"), vec!["--variant", "B=nope"]].concat(),
            "there is no template named nope",
        ),
        (
            [base("x"), vec!["--response-days", "0"]].concat(),
            "is not 1 to 365 days",
        ),
        (base(" "), "a campaign needs a name"),
    ]
}

#[test]
fn bad_input_is_refused_clearly_and_nothing_is_written() {
    let env = setup(3);
    env.ok(&[
        "campaign",
        "new",
        "taken",
        "--where",
        "tag:client",
        "-t",
        "offer",
    ]);
    let before = (
        env.count("SELECT count(*) FROM campaign"),
        env.count("SELECT count(*) FROM campaign_recipient"),
        env.count("SELECT count(*) FROM campaign_variant"),
    );
    let cases = bad_new_commands();
    for (args, message) in &cases {
        let err = env.fails(args);
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let err = env.fails(&cases[0].0);
    assert!(err.contains("the templates are: offer, short"), "{err}");
    let err = env.fails(&cases[2].0);
    assert!(err.contains("tag:client (\n") && err.contains('^'), "{err}");
    let after = (
        env.count("SELECT count(*) FROM campaign"),
        env.count("SELECT count(*) FROM campaign_recipient"),
        env.count("SELECT count(*) FROM campaign_variant"),
    );
    assert_eq!(after, before, "nothing written");
}

#[test]
fn a_saved_segment_is_an_audience() {
    let env = setup(4);
    env.ok(&["segment", "add", "reachable", "tag:client consent:granted"]);
    let plan = env.json(&[
        "campaign",
        "new",
        "seg",
        "--segment",
        "reachable",
        "-t",
        "offer",
        "--json",
    ]);
    // Nora has consent but no e-mail.
    assert_eq!(plan["matched"], 5);
    assert_eq!(planned(&plan).len(), 4);
    assert_eq!(plan["audience"]["kind"], "segment");
    let err = env.fails(&["campaign", "new", "x", "--segment", "nope", "-t", "offer"]);
    assert!(err.contains("the segments are: reachable"), "{err}");
}

mod responses;
