//! `kith rfm` and `kith next` on a hand-built shop: five buyers whose scores
//! and groups are worked out by hand below, one whose only purchase is older
//! than the window, and the reasons `kith next` gives.

use serde_json::Value;

use crate::util::{TestEnv, as_array, stderr, stdout};

/// Today is Monday 2026-11-23; the 12-month window starts 2025-11-23.
///
/// | buyer    | last purchase       | purchases | spend (EUR)   |
/// |----------|---------------------|-----------|---------------|
/// | Ada (#1) | 2026-11-21 (2 d)    | 4         | 4000          |
/// | Ben (#2) | 2026-11-13 (10 d)   | 3         | 3000          |
/// | Cy (#3)  | 2026-10-14 (40 d)   | 1         | 500           |
/// | Dee (#4) | 2026-05-07 (200 d)  | 3         | 5000          |
/// | Eve (#5) | 2026-01-27 (300 d)  | 1         | 0 (100 USD)   |
/// | Fay (#6) | 2025-10-19: outside the window, not scored      |
///
/// Five buyers: a score is 1 + the number of buyers strictly worse.
/// R (fewer days is better): Ada 5, Ben 4, Cy 3, Dee 2, Eve 1.
/// F: Ada 5 (4 worse); Ben and Dee tie at 3 (two worse: Cy, Eve); Cy and
/// Eve tie at 1 (nobody worse).
/// M: Dee 5, Ada 4, Ben 3, Cy 2, Eve 1 (USD does not count for M).
/// FM = ⌈(F + M) / 2⌉: Ada 5, Ben 3, Cy 2, Dee 4, Eve 1.
/// Groups: Ada R5 FM5 champions; Ben R4 FM3 potential-loyalists; Cy R3 FM2
/// about-to-sleep; Dee R2 FM4 at-risk; Eve R1 FM1 lost.
fn shop() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact("Ada Ames", &[]);
    env.add_contact("Ben Bell", &["--birthday", "1980-11-24"]);
    env.add_contact("Cy Cole", &[]);
    env.add_contact("Dee Dorn", &[]);
    env.add_contact("Eve Eng", &["--birthday", "1990-11-26"]);
    env.add_contact("Fay Fox", &[]);
    let buy = |who: &str, at: &str, amount: &str| {
        env.log(who, "purchase", "order", &["--at", at, "--amount", amount]);
    };
    for at in ["2026-02-01", "2026-05-01", "2026-08-01", "2026-11-21"] {
        buy("ada", at, "1000 EUR");
    }
    for at in ["2026-01-10", "2026-06-01", "2026-11-13"] {
        buy("ben", at, "1000");
    }
    buy("cy", "2026-10-14", "500 EUR");
    buy("dee", "2025-12-01", "1000 EUR");
    buy("dee", "2026-03-01", "2000 EUR");
    buy("dee", "2026-05-07", "2000 EUR");
    buy("eve", "2026-01-27", "100 USD");
    buy("fay", "2025-10-19", "900 EUR");
    env
}

fn score_of(scores: &[Value], id: i64) -> (u64, u64, u64, String, i64, u64, i64) {
    let s = scores
        .iter()
        .find(|s| s["contact_id"] == id)
        .unwrap_or_else(|| panic!("no score for #{id}: {scores:?}"));
    (
        s["recency"].as_u64().expect("r"),
        s["frequency"].as_u64().expect("f"),
        s["monetary"].as_u64().expect("m"),
        s["group"].as_str().expect("group").to_string(),
        s["days_since"].as_i64().expect("days"),
        s["purchases"].as_u64().expect("purchases"),
        s["spent_minor"].as_i64().expect("spent"),
    )
}

#[test]
fn scores_and_groups_are_the_hand_computed_ones() {
    let env = shop();
    let json = env.json(&["rfm", "--json"]);
    let scores = as_array(&json);
    assert_eq!(scores.len(), 5, "{scores:?}");
    let g = |s: &str| s.to_string();
    assert_eq!(
        score_of(scores, 1),
        (5, 5, 4, g("champions"), 2, 4, 400_000)
    );
    assert_eq!(
        score_of(scores, 2),
        (4, 3, 3, g("potential-loyalists"), 10, 3, 300_000)
    );
    assert_eq!(
        score_of(scores, 3),
        (3, 1, 2, g("about-to-sleep"), 40, 1, 50_000)
    );
    assert_eq!(
        score_of(scores, 4),
        (2, 3, 5, g("at-risk"), 200, 3, 500_000)
    );
    assert_eq!(score_of(scores, 5), (1, 1, 1, g("lost"), 300, 1, 0));
    // A two-year window takes in Fay's purchase.
    let wide = env.json(&["rfm", "--window", "2y", "--json"]);
    assert_eq!(as_array(&wide).len(), 6);
    // --group narrows the JSON.
    let at_risk = env.json(&["rfm", "--group", "at-risk", "--json"]);
    let ids: Vec<i64> = as_array(&at_risk)
        .iter()
        .map(|s| s["contact_id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids, [4]);
}

#[test]
fn the_summary_counts_each_group_and_lists_a_groups_members() {
    let env = shop();
    let out = env.ok(&["rfm", "--group", "champions"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "5 buyers in the last 12m (spend in EUR)");
    // Each group's line: count, share, average spend, average days since.
    let line = |group: &str| -> Vec<&str> {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{group} ")))
            .unwrap_or_else(|| panic!("no {group} line:\n{out}"))
            .split_whitespace()
            .collect()
    };
    assert_eq!(
        line("champions"),
        ["champions", "1", "20%", "4,000.00", "EUR", "2"]
    );
    assert_eq!(
        line("at-risk"),
        ["at-risk", "1", "20%", "5,000.00", "EUR", "200"]
    );
    assert_eq!(line("lost"), ["lost", "1", "20%", "0.00", "EUR", "300"]);
    assert_eq!(line("loyal"), ["loyal", "0", "0%", "0.00", "EUR", "0"]);
    // Then the members of the group asked for.
    let members = out.split("champions (1):\n").nth(1).expect("members");
    let rows: Vec<Vec<&str>> = members
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [[
            "Ada", "Ames", "(#1)", "5", "5", "4", "2", "4", "4,000.00", "EUR"
        ]]
    );
}

#[test]
fn next_ranks_follow_ups_then_lapses_then_slipping_customers_then_birthdays() {
    let env = shop();
    // Ben: a follow-up that fell due three days ago (and a birthday
    // tomorrow: each person is listed once, for the most pressing reason).
    env.ok_at(
        "2026-11-19 09:00",
        &["follow-up", "ben", "tomorrow", "send the proposal"],
    );
    // Cy: every 30 days, last contact 40 days ago.
    env.ok(&["cadence", "cy", "30d"]);
    // Dee, a big spender: calls every three weeks, then silence since
    // 2026-08-21. Her gaps: 90, 67 (purchases), 21, 21, 21, 21, 22; the
    // median is 21; 94 days since.
    for at in [
        "2026-05-28",
        "2026-06-18",
        "2026-07-09",
        "2026-07-30",
        "2026-08-21",
    ] {
        env.log("dee", "call", "catch-up", &["--at", at]);
    }
    let out = env.ok(&["next"]);
    let lines: Vec<String> = out
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        lines,
        [
            "Ben Bell (#2) follow-up 'send the proposal' 3 days overdue",
            "Cy Cole (#3) stay in touch: no contact for 40 days (every 30d)",
            "Dee Dorn (#4) good customer (at risk): no contact for 94 days; usually every 21",
            "Eve Eng (#5) birthday in 3 days, turns 36",
        ]
    );
    let json = env.json(&["next", "--limit", "2", "--json"]);
    let items = as_array(&json);
    let reasons: Vec<&str> = items
        .iter()
        .map(|i| i["reason"].as_str().expect("reason"))
        .collect();
    assert_eq!(reasons, ["overdue-follow-up", "lapsed-cadence"]);
    assert_eq!(items[0]["name"], "Ben Bell");
    assert_eq!(
        items[0]["why"],
        "follow-up 'send the proposal' 3 days overdue"
    );
}

#[test]
fn a_quiet_customer_on_rhythm_is_not_listed() {
    let env = shop();
    // Ada is a champion, but her purchases are three months apart and her
    // last was two days ago.
    let out = env.ok(&["next"]);
    assert!(!out.contains("Ada"), "{out}");
    assert!(out.contains("Eve Eng (#5)"), "{out}");
}

#[test]
fn bad_input_is_refused_clearly_and_changes_nothing() {
    let env = shop();
    let before = env.state();
    let err = env.fails(&["rfm", "--window", "banana"]);
    assert!(
        err.contains("cannot read \"banana\" as an interval"),
        "{err}"
    );
    assert!(err.contains("hint: try 3d, 2w, 1m"), "{err}");
    let err = env.fails(&["rfm", "--group", "whales"]);
    assert!(
        err.contains("\"whales\" is not one of: champions, loyal"),
        "{err}"
    );
    let err = env.fails(&["rfm", "--window", "0d"]);
    assert!(err.contains("interval"), "{err}");
    let usage = env.kith(["next", "--limit", "0"]).code(2);
    assert_eq!(stdout(&usage), "");
    assert!(stderr(&usage).contains("--limit"), "{}", stderr(&usage));
    assert_eq!(env.state(), before);
}
