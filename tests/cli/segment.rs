//! The segment language through `kith list --where`, and saved segments
//! (`kith segment add/list/show/rm/compare`), on a small hand-built CRM.

use serde_json::Value;

use crate::util::{TestEnv, as_array, ids};

/// Five people, built through the CLI (now is Monday 2026-11-23 09:00):
///
/// | id | name          | city    | tags         | stage    | notes                                   |
/// |----|---------------|---------|--------------|----------|-----------------------------------------|
/// | 1  | Jürgen Müller | München | client       | customer | 1200 EUR + 100 USD in 3 purchases; rating 2, NPS 5 |
/// | 2  | Zoë Zürich    | Zürich  | partner      | –        | investor; overdue follow-up; rating 5, NPS 10 |
/// | 3  | Bea Berlin    | Berlin  | client, vip  | customer | 5000 EUR last week                      |
/// | 4  | Carl Klient   | berlin  | client       | customer | created 2024; 1500 EUR in June; cadence 30d |
/// | 5  | Olga Archived | Berlin  | client       | –        | archived                                 |
fn crm() -> TestEnv {
    let env = TestEnv::new();
    let add = |name: &str, args: &[&str]| env.add_contact(name, args);
    add(
        "Jürgen Müller",
        &[
            "--email",
            "j.mueller@acme.io",
            "--org",
            "Acme GmbH",
            "--city",
            "München",
            "--country",
            "de",
            "--tag",
            "client",
            "--stage",
            "customer",
            "--kind",
            "customer",
            "--field",
            "industry=FinTech",
            "--consent",
            "granted",
            "--birthday",
            "--12-10",
        ],
    );
    add(
        "Zoë Zürich",
        &[
            "--email",
            "zoe@partner.example",
            "--city",
            "Zürich",
            "--country",
            "ch",
            "--tag",
            "partner",
            "--kind",
            "investor",
            "--birthday",
            "--03-01",
        ],
    );
    add(
        "Bea Berlin",
        &[
            "--email",
            "bea@acme.io",
            "--city",
            "Berlin",
            "--country",
            "de",
            "--tag",
            "client,vip",
            "--stage",
            "customer",
        ],
    );
    let carl = env.ok_at(
        "2024-06-01 10:00",
        &[
            "add",
            "Carl Klient",
            "--city",
            "berlin",
            "--country",
            "de",
            "--tag",
            "client",
            "--stage",
            "customer",
        ],
    );
    assert!(carl.contains('4'), "{carl}");
    add("Olga Archived", &["--city", "Berlin", "--tag", "client"]);
    env.ok(&["archive", "5"]);
    history(&env);
    env
}

/// Purchases, feedback, a follow-up and a cadence.
fn history(env: &TestEnv) {
    for (who, at, amount) in [
        ("1", "2026-11-01", "800"),
        ("1", "2026-11-10", "400"),
        ("1", "2026-11-12", "100 USD"),
        ("3", "2026-11-16", "5000"),
        ("4", "2026-06-01", "1500"),
    ] {
        env.log(who, "purchase", "order", &["--amount", amount, "--at", at]);
    }
    env.log(
        "1",
        "feedback",
        "meh",
        &["--rating", "2", "--nps", "5", "--at", "2026-11-15"],
    );
    env.log(
        "2",
        "feedback",
        "great",
        &["--rating", "5", "--nps", "10", "--at", "2026-11-15"],
    );
    env.ok_at(
        "2026-11-01 09:00",
        &["follow-up", "2", "2026-11-10", "call back"],
    );
    env.ok(&["cadence", "4", "30d"]);
}

/// The ids `kith list --where QUERY --json` prints, in name order.
fn matching(env: &TestEnv, query: &str) -> Vec<i64> {
    let mut found = ids(as_array(&env.json(&["list", "--where", query, "--json"])));
    found.sort_unstable();
    found
}

#[test]
fn every_example_of_the_issue_selects_the_right_people() {
    let env = crm();
    let cases: &[(&str, &[i64])] = &[
        (
            "tag:client city:berlin stage:customer last:>90d spent:>=1000 -tag:vip",
            &[4],
        ),
        ("(tag:client or tag:partner) country:de", &[1, 3, 4]),
        ("field.industry:fintech", &[1]),
        ("created:<2025-01-01", &[4]),
        ("count.purchase:>=3", &[1]),
        ("rating:<3", &[1]),
        ("nps:<=6", &[1]),
        ("consent:granted", &[1]),
        ("due:overdue", &[2]),
        ("kind:investor", &[2]),
        ("org:\"Acme GmbH\"", &[1]),
        ("name:muller", &[1]),
        ("email:@acme.io", &[1, 3]),
        ("birthday:<30d", &[1]),
        ("cadence:lapsed", &[4]),
        ("-tag:vip", &[1, 2, 4]),
        ("city:zurich", &[2]),
        ("city:MÜNCHEN", &[1]),
        ("spent:>=\"100 USD\"", &[1]),
        ("spent:<1000", &[2]),
        ("last:<30d", &[1, 2, 3]),
        ("created:>-2w", &[1, 2, 3]),
        ("tag:client archived:yes", &[5]),
        ("tag:client archived:any", &[1, 3, 4, 5]),
        ("not (tag:client or tag:partner)", &[]),
        ("tag:CLIENT AND city:berlin OR name:zoe", &[2, 3, 4]),
    ];
    for (query, want) in cases {
        assert_eq!(matching(&env, query), *want, "kith list --where {query:?}");
    }
}

#[test]
fn where_combines_with_the_other_flags_and_sorts() {
    let env = crm();
    let by_last = ids(as_array(&env.json(&[
        "list",
        "--where",
        "tag:client",
        "--sort",
        "last",
        "--json",
    ])));
    assert_eq!(by_last, [3, 1, 4]);
    assert_eq!(
        ids(as_array(&env.json(&[
            "list",
            "-w",
            "tag:client",
            "--stage",
            "customer",
            "--tag",
            "vip",
            "--json"
        ]))),
        [3]
    );
    assert_eq!(matching(&env, "city:berlin"), [3, 4]);
    let all = ids(as_array(&env.json(&[
        "list",
        "--where",
        "city:berlin",
        "--archived",
        "--json",
    ])));
    assert_eq!(all, [3, 4, 5]);
    let text = env.ok(&["list", "--where", "name:muller"]);
    assert!(
        text.contains("Jürgen Müller") && text.contains("j.mueller@acme.io"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1, "{text}");
}

#[test]
fn a_query_that_does_not_read_shows_where_and_changes_nothing() {
    let env = crm();
    let before = env.state();
    let err = env.fails(&["list", "--where", "tag:client and (city:"]);
    assert!(
        err.contains(
            "tag:client and (city:\n                     ^ expected a value after `city:`"
        ),
        "{err}"
    );
    let err = env.fails(&["list", "--where", "citty:berlin"]);
    assert!(
        err.contains("unknown key `citty` (did you mean `city`?)"),
        "{err}"
    );
    let err = env.fails(&["list", "--where", "spent:>=lots"]);
    assert!(
        err.contains("`spent` needs a number or an amount like 1000 or \"1000 USD\""),
        "{err}"
    );
    let err = env.fails(&["segment", "add", "broken", "tag:client ("]);
    assert!(err.contains("unclosed parenthesis"), "{err}");
    let long = vec!["tag:client"; 5000].join(" ");
    let err = env.fails(&["segment", "add", "long", &long]);
    assert!(err.contains("the query has more than 200 terms"), "{err}");
    let deep = format!("{}tag:client{}", "(".repeat(3000), ")".repeat(3000));
    let err = env.fails(&["list", "--where", &deep]);
    assert!(err.contains("nests deeper than 32"), "{err}");
    let err = env.fails(&["segment", "add", "two words", "tag:client"]);
    assert!(err.contains("not a plain word"), "{err}");
    assert_eq!(env.state(), before);
    assert_eq!(env.count("SELECT count(*) FROM segment"), 0);
}

fn segments(env: &TestEnv) -> Vec<Value> {
    as_array(&env.json(&["segment", "list", "--json"])).clone()
}

#[test]
fn live_segments_follow_the_data_and_static_ones_keep_their_members() {
    let env = crm();
    env.ok(&[
        "segment",
        "add",
        "berliners",
        "city:berlin",
        "-d",
        "Our Berlin people",
    ]);
    env.ok(&["segment", "add", "berlin-now", "city:berlin", "--static"]);
    env.ok(&["edit", "1", "--city", "Berlin"]);
    let all = segments(&env);
    let names: Vec<&str> = all
        .iter()
        .map(|s| s["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["berlin-now", "berliners"]);
    assert_eq!(all[0]["size"], 2);
    assert_eq!(all[0]["is_static"], true);
    assert_eq!(all[1]["size"], 3);
    assert_eq!(all[1]["description"], "Our Berlin people");
    let shown = env.json(&["segment", "show", "berlin-now", "--json"]);
    assert_eq!(shown["members"], serde_json::json!([3, 4]));
    // A member deleted (or absorbed by a merge) leaves a static segment.
    env.ok(&["delete", "4", "--yes"]);
    let shown = env.json(&["segment", "show", "berlin-now", "--json"]);
    assert_eq!(shown["members"], serde_json::json!([3]));
    let text = env.ok(&["segment", "show", "berliners"]);
    assert!(text.starts_with("berliners (live, 2 contacts)"), "{text}");
    assert!(text.contains("query: city:berlin"), "{text}");
}

#[test]
fn segments_refer_to_segments_and_names_are_unique() {
    let env = crm();
    env.ok(&["segment", "add", "best-clients", "tag:client spent:>=1000"]);
    assert_eq!(matching(&env, "segment:best-clients"), [1, 3, 4]);
    env.ok(&[
        "segment",
        "add",
        "best-quiet",
        "segment:best-clients -tag:vip",
    ]);
    assert_eq!(matching(&env, "segment:best-quiet"), [1, 4]);
    let err = env.fails(&["segment", "add", "BEST-CLIENTS", "tag:vip"]);
    assert!(err.contains("already a segment named"), "{err}");
    let err = env.fails(&["list", "--where", "segment:nope"]);
    assert!(err.contains("there is no segment named nope"), "{err}");
    let err = env.fails(&["segment", "rm", "best-clients"]);
    assert!(err.contains("used by segment best-quiet"), "{err}");
    env.ok(&["segment", "rm", "best-quiet"]);
    env.ok(&["segment", "rm", "best-clients"]);
    assert!(segments(&env).is_empty());
}

#[test]
fn sizes_are_recorded_once_a_day_and_give_the_change_since_last_week() {
    let mut env = crm();
    env.set_now("2026-11-16 09:00");
    env.ok(&["segment", "add", "clients", "tag:client"]);
    assert_eq!(
        env.count("SELECT count(*) FROM segment_size WHERE day = '2026-11-16'"),
        0,
        "recorded by the next command"
    );
    env.ok(&["list", "--where", "tag:vip"]);
    env.ok(&["list"]);
    assert_eq!(
        env.count("SELECT size FROM segment_size WHERE day = '2026-11-16'"),
        3
    );
    env.set_now("2026-11-23 09:00");
    env.ok(&["add", "Dora New", "--tag", "client"]);
    let all = segments(&env);
    assert_eq!(all[0]["size"], 4);
    assert_eq!(all[0]["week_ago"], 3);
    assert_eq!(all[0]["change"], 1);
    let text = env.ok(&["segment", "list"]);
    assert!(text.contains("+1"), "{text}");
    assert_eq!(env.count("SELECT count(*) FROM segment_size"), 2);
}

#[test]
fn compare_puts_segments_side_by_side_in_the_current_period() {
    let env = crm();
    env.ok(&["segment", "add", "clients", "tag:client"]);
    env.ok(&["segment", "add", "partners", "tag:partner"]);
    // Campaigns have no command yet: the send is written as outreach would.
    env.sql()
        .execute(
            "INSERT INTO interaction (uid, contact_id, kind, at, summary, campaign, created_at, updated_at)
             VALUES ('send-1', 2, 'campaign', '2026-11-02 10:00:00', 'newsletter', 'nov',
                     '2026-11-02 10:00:00', '2026-11-02 10:00:00')",
            [],
        )
        .expect("a campaign send");
    env.log("2", "email", "replied", &["--in", "--at", "2026-11-05"]);
    let json = env.json(&[
        "segment", "compare", "clients", "partners", "--period", "month", "--json",
    ]);
    let all = as_array(&json);
    let clients = &all[0];
    assert_eq!(clients["name"], "clients");
    assert_eq!(clients["size"], 3);
    assert_eq!(clients["customers"], 3);
    // November: Müller 800 + 400 EUR (the 100 USD is another currency), Bea 5000.
    assert_eq!(clients["revenue_minor"], 620_000);
    // 4 purchases in November (the USD one too): 6200 EUR / 4 in minor units.
    assert_eq!(clients["average_purchase_minor"], 155_000);
    assert_eq!(clients["average_nps"], 5.0);
    assert_eq!(clients["response_rate"], Value::Null);
    let partners = &all[1];
    assert_eq!(partners["response_rate"], 1.0);
    assert_eq!(partners["average_nps"], 10.0);
    let text = env.ok(&[
        "segment", "compare", "clients", "partners", "--period", "month",
    ]);
    assert!(text.starts_with("2026-11"), "{text}");
    assert!(text.contains("6,200.00 EUR"), "{text}");
}
