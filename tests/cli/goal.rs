//! `kith goal`: objectives in words, their progress and forecast.

use crate::util::TestEnv;

// 2026-11-15 12:00: 46 of Q4's 92 days are gone (31 in October, 15 in
// November, today counting as gone): half the quarter, and half November.
const NOW: &str = "2026-11-15 12:00";

#[test]
fn goals_show_progress_and_a_forecast() {
    let mut env = TestEnv::new();
    env.set_now(NOW);
    env.ok(&["add", "Ann Archer"]);
    env.ok(&["add", "Bob Brown"]);
    env.ok(&[
        "log",
        "ann",
        "purchase",
        "plan",
        "--amount",
        "3000 EUR",
        "--at",
        "2026-10-10",
    ]);
    env.ok(&[
        "log",
        "bob",
        "purchase",
        "plan",
        "--amount",
        "1500 EUR",
        "--at",
        "2026-11-02",
    ]);
    env.ok(&[
        "log",
        "bob",
        "purchase",
        "extra",
        "--amount",
        "99 USD",
        "--at",
        "2026-11-03",
    ]);
    env.ok(&[
        "log",
        "ann",
        "feedback",
        "great",
        "--nps",
        "10",
        "--at",
        "2026-11-04",
    ]);
    env.ok(&[
        "log",
        "bob",
        "feedback",
        "meh",
        "--nps",
        "5",
        "--at",
        "2026-11-05",
    ]);
    for text in [
        "revenue 10000 EUR per quarter",
        "new customers 5 per month",
        "nps 50 per quarter",
    ] {
        env.kith(["goal", "add", text]).success();
    }
    let list = env.json(&["goal", "list", "--json"]);
    let all = list.as_array().expect("goals");
    assert_eq!(all.len(), 3);
    // Revenue in EUR only: 3,000 + 1,500 = 4,500 of 10,000 (45%); half the
    // quarter gone, so the pace is 9,000: behind.
    assert_eq!(all[0]["goal"]["metric"], "revenue");
    assert_eq!(all[0]["actual"], 450_000.0);
    assert_eq!(all[0]["forecast"], 900_000.0);
    assert_eq!(
        all[0]["summary"],
        "revenue 2026-Q4: 4,500.00 EUR of 10,000.00 EUR (45%), on pace for 9,000.00 EUR: behind"
    );
    // New customers in November: Bob (Ann's first purchase was in October).
    // 1 in half the month: on pace for 2.
    assert_eq!(all[1]["actual"], 1.0);
    assert_eq!(
        all[1]["summary"],
        "new-customers 2026-11: 1 of 5 (20%), on pace for 2: behind"
    );
    // NPS: one promoter, one detractor: 0, an average: forecast = value.
    assert_eq!(
        all[2]["summary"],
        "nps 2026-Q4: +0 of +50 (0%), so far: behind"
    );
    let text = env.ok(&["goal", "list"]);
    assert!(
        text.contains("#1    revenue 10000 EUR per quarter\n      revenue 2026-Q4: 4,500.00 EUR"),
        "{text}"
    );

    env.kith(["goal", "rm", "2"]).success();
    let left = env.json(&["goal", "list", "--json"]);
    let ids: Vec<i64> = left
        .as_array()
        .expect("goals")
        .iter()
        .map(|g| g["goal"]["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids, [1, 3]);
}

#[test]
fn unreadable_goals_list_the_forms_and_change_nothing() {
    let mut env = TestEnv::new();
    env.set_now(NOW);
    env.ok(&["goal", "add", "purchases 10 monthly"]);
    for bad in [
        "profit 10 per month",
        "revenue 10000 EUR per week",
        "nps 200 per quarter",
    ] {
        let err = env.fails(&["goal", "add", bad]);
        assert!(err.contains("cannot read"), "{bad}: {err}");
        assert!(
            err.contains("\"new customers 5 per month\""),
            "{bad}: {err}"
        );
    }
    let err = env.fails(&["goal", "rm", "9"]);
    assert!(err.contains("there is no objective #9"), "{err}");
    assert_eq!(env.count("SELECT count(*) FROM goal"), 1);
}
