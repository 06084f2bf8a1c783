//! `kith kpi`: every figure of a small fixture, worked out by hand.
//!
//! The fixture, built through the CLI at fixed moments (TZ=UTC, all at noon):
//! - Ann: added 09-05 as a lead, prospect 09-15, customer 10-15; buys
//!   100 EUR on 09-10 and 50 EUR on 10-15; feedback 11-03 (rating 4, NPS 9)
//!   and 11-12 (NPS 3); answers a campaign of 11-01 with an e-mail on 11-05.
//! - Bob: added 09-20 as a lead, lost 10-10; buys 200 EUR on 09-25 and
//!   30 USD on 11-02; feedback 11-04 (rating 5, NPS 10); gets the campaign
//!   of 11-01 and writes on 11-20, too late to count (19 days).
//! - Cem: added 10-03; buys 300 EUR on 10-04 and 100 EUR on 11-10;
//!   feedback 10-06 (NPS 6) and 11-06 (NPS 7); a campaign on 10-20, no answer.
//! - Dee: added 11-05; feedback 11-07 (rating 2, NPS 10); no purchase.
//! - Follow-ups: one due 10-20 done 10-20 (on time), one due 11-10 done
//!   11-08 (early, on time), one due 11-05 done 11-12 (late).
//!
//! Campaigns do not exist as a command yet: their sends are written as
//! `campaign` interactions directly, as a campaign will write them.

use serde_json::Value;

use crate::util::{DOWN_TO_V7, TestEnv, parse_id};

const NOW: &str = "2026-11-23 12:00";

fn at(day: &str) -> String {
    format!("2026-{day} 12:00")
}

fn fixture() -> TestEnv {
    let mut env = TestEnv::new();
    let add = |day: &str, name: &str, args: &[&str]| {
        let mut all = vec!["add", name];
        all.extend_from_slice(args);
        env.ok_at(&at(day), &all);
    };
    add("09-05", "Ann Archer", &["--stage", "lead"]);
    add("09-20", "Bob Brown", &["--stage", "lead"]);
    add("10-03", "Cem Celik", &[]);
    add("11-05", "Dee Dunn", &[]);
    let at_now = |day: &str, args: &[&str]| {
        env.ok_at(&at(day), args);
    };
    at_now("09-15", &["edit", "ann", "--stage", "prospect"]);
    at_now("10-15", &["edit", "ann", "--stage", "customer"]);
    at_now("10-10", &["edit", "bob", "--stage", "lost"]);
    let log = |who: &str, kind: &str, day: &str, extra: &[&str]| {
        let when = at(day);
        let mut all = vec!["log", who, kind, "fixture", "--at", &when];
        all.extend_from_slice(extra);
        env.ok_at(NOW, &all);
    };
    log("ann", "purchase", "09-10", &["--amount", "100 EUR"]);
    log("ann", "purchase", "10-15", &["--amount", "50 EUR"]);
    log("bob", "purchase", "09-25", &["--amount", "200 EUR"]);
    log("bob", "purchase", "11-02", &["--amount", "30 USD"]);
    log("cem", "purchase", "10-04", &["--amount", "300 EUR"]);
    log("cem", "purchase", "11-10", &["--amount", "100 EUR"]);
    log("ann", "feedback", "11-03", &["--rating", "4", "--nps", "9"]);
    log("ann", "feedback", "11-12", &["--nps", "3"]);
    log(
        "bob",
        "feedback",
        "11-04",
        &["--rating", "5", "--nps", "10"],
    );
    log("cem", "feedback", "10-06", &["--nps", "6"]);
    log("cem", "feedback", "11-06", &["--nps", "7"]);
    log(
        "dee",
        "feedback",
        "11-07",
        &["--rating", "2", "--nps", "10"],
    );
    log("ann", "email", "11-05", &["--in"]);
    log("bob", "email", "11-20", &["--in"]);
    let follow_up = |made: &str, due: &str, done: &str| {
        let id = parse_id(&env.ok_at(&at(made), &["follow-up", "ann", due, "call"]));
        env.ok_at(&at(done), &["done", &id.to_string()]);
    };
    follow_up("10-01", "2026-10-20", "10-20");
    follow_up("11-01", "2026-11-10", "11-08");
    follow_up("11-01", "2026-11-05", "11-12");
    let sql = env.sql();
    for (who, day) in [
        ("Ann Archer", "11-01"),
        ("Bob Brown", "11-01"),
        ("Cem Celik", "10-20"),
    ] {
        sql.execute(
            "INSERT INTO interaction (uid, contact_id, kind, direction, at, summary, campaign,
                                      created_at, updated_at)
             SELECT 'send-' || ?1 || ?2, id, 'campaign', 'out', ?2, 'autumn offer', 'autumn', ?2, ?2
               FROM contact WHERE display_name = ?1",
            [who, &format!("2026-{day} 10:00:00")],
        )
        .expect("a campaign send");
    }
    env.set_now(NOW);
    env
}

fn period<'a>(report: &'a Value, label: &str) -> &'a Value {
    report["periods"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["label"] == label))
        .unwrap_or_else(|| panic!("no period {label} in {report}"))
}

fn money(v: &Value) -> Vec<(i64, String)> {
    v.as_array()
        .expect("money list")
        .iter()
        .map(|m| {
            (
                m["minor"].as_i64().expect("minor"),
                m["currency"].as_str().expect("code").to_string(),
            )
        })
        .collect()
}

fn close(v: &Value, expected: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - expected).abs() < 1e-9)
}

#[test]
fn monthly_figures_match_the_hand_count() {
    let env = fixture();
    let r = env.json(&["kpi", "--since", "2026-09-01", "--json"]);
    assert_eq!(r["period"], "month");
    let labels: Vec<&str> = r["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| p["label"].as_str().expect("label"))
        .collect();
    assert_eq!(labels, ["2026-09", "2026-10", "2026-11"]);

    let sep = period(&r, "2026-09");
    // Ann and Bob exist, both new, both bought (their first purchases).
    assert_eq!(
        (sep["contacts"].as_u64(), sep["new_contacts"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        (
            sep["active_customers"].as_u64(),
            sep["new_customers"].as_u64()
        ),
        (Some(2), Some(2))
    );
    // 100 + 200 EUR over 2 purchases: 300 EUR, 150 on average.
    assert_eq!(sep["purchases"], 2);
    assert_eq!(money(&sep["revenue"]), [(30_000, "EUR".into())]);
    assert_eq!(money(&sep["average_purchase"]), [(15_000, "EUR".into())]);
    // Nobody bought in August: no retention to speak of.
    assert!(sep["retention"].is_null() && sep["churn"].is_null());

    let oct = period(&r, "2026-10");
    // Cem joins (3 contacts); Ann and Cem buy, Cem for the first time.
    assert_eq!(
        (oct["contacts"].as_u64(), oct["new_contacts"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(
        (
            oct["active_customers"].as_u64(),
            oct["new_customers"].as_u64()
        ),
        (Some(2), Some(1))
    );
    // 50 + 300 EUR: 350 EUR, 175 on average.
    assert_eq!(money(&oct["revenue"]), [(35_000, "EUR".into())]);
    assert_eq!(money(&oct["average_purchase"]), [(17_500, "EUR".into())]);
    // Of September's Ann and Bob, Ann bought again: retention 1/2.
    assert!(close(&oct["retention"], 0.5) && close(&oct["churn"], 0.5));
    // Cem's NPS 6 is the only answer: a detractor, −100.
    assert!(close(&oct["nps"], -100.0));
    assert_eq!(
        (oct["nps_answers"].as_u64(), oct["ratings"].as_u64()),
        (Some(1), Some(0))
    );
    // One follow-up done, on its due day; one send, unanswered.
    assert_eq!(oct["follow_ups_done"], 1);
    assert!(close(&oct["follow_ups_on_time"], 1.0));
    assert_eq!(oct["campaign_sent"], 1);
    assert!(close(&oct["campaign_response"], 0.0));

    let nov = period(&r, "2026-11");
    // Dee joins (4); Bob and Cem buy, neither for the first time.
    assert_eq!(
        (nov["contacts"].as_u64(), nov["new_contacts"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(
        (
            nov["active_customers"].as_u64(),
            nov["new_customers"].as_u64()
        ),
        (Some(2), Some(0))
    );
    // Two currencies, largest first: 100 EUR (Cem) and 30 USD (Bob).
    assert_eq!(
        money(&nov["revenue"]),
        [(10_000, "EUR".into()), (3_000, "USD".into())]
    );
    assert_eq!(
        money(&nov["average_purchase"]),
        [(10_000, "EUR".into()), (3_000, "USD".into())]
    );
    // Of October's Ann and Cem, Cem is back: 1/2.
    assert!(close(&nov["retention"], 0.5));
    // Ratings 4, 5, 2: mean 11/3.
    assert!(close(&nov["satisfaction"], 11.0 / 3.0));
    assert_eq!(nov["ratings"], 3);
    // Latest answer per contact: Ann 3 (detractor; her 9 came earlier),
    // Bob 10 and Dee 10 (promoters), Cem 7 (passive): 2/4 − 1/4 = 25.
    assert!(close(&nov["nps"], 25.0));
    assert_eq!(nov["nps_answers"], 4);
    // Done 11-08 (due 11-10) and 11-12 (due 11-05): one of two on time.
    assert_eq!(nov["follow_ups_done"], 2);
    assert!(close(&nov["follow_ups_on_time"], 0.5));
    // Sends to Ann and Bob on 11-01: Ann wrote within 14 days, Bob after 19.
    assert_eq!(nov["campaign_sent"], 2);
    assert!(close(&nov["campaign_response"], 0.5));
}

#[test]
fn quarterly_figures_fold_the_months() {
    let env = fixture();
    let r = env.json(&[
        "kpi",
        "--period",
        "quarter",
        "--since",
        "2026-08-15",
        "--json",
    ]);
    assert_eq!(r["period"], "quarter");
    assert_eq!(r["periods"].as_array().map(Vec::len), Some(2));
    let q3 = period(&r, "2026-Q3");
    assert_eq!(
        (q3["contacts"].as_u64(), q3["active_customers"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(money(&q3["revenue"]), [(30_000, "EUR".into())]);
    let q4 = period(&r, "2026-Q4");
    // Cem and Dee join; Ann, Bob and Cem buy, Cem alone for the first time.
    assert_eq!(
        (q4["contacts"].as_u64(), q4["new_contacts"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(
        (
            q4["active_customers"].as_u64(),
            q4["new_customers"].as_u64()
        ),
        (Some(3), Some(1))
    );
    // 50 + 300 + 100 EUR over 3 purchases (avg 150), and 30 USD.
    assert_eq!(q4["purchases"], 4);
    assert_eq!(
        money(&q4["revenue"]),
        [(45_000, "EUR".into()), (3_000, "USD".into())]
    );
    assert_eq!(
        money(&q4["average_purchase"]),
        [(15_000, "EUR".into()), (3_000, "USD".into())]
    );
    // Both of Q3's customers bought again in Q4.
    assert!(close(&q4["retention"], 1.0) && close(&q4["churn"], 0.0));
    // Latest answers over the quarter: Ann 3, Bob 10, Cem 7 (not his 6), Dee 10.
    assert!(close(&q4["nps"], 25.0));
    // 3 follow-ups, 2 on time; 3 sends, 1 answered.
    assert_eq!(
        (q4["follow_ups_done"].as_u64(), q4["campaign_sent"].as_u64()),
        (Some(3), Some(3))
    );
    assert!(close(&q4["follow_ups_on_time"], 2.0 / 3.0));
    assert!(close(&q4["campaign_response"], 1.0 / 3.0));
}

#[test]
fn stage_history_gives_conversion_and_time_in_stage() {
    let env = fixture();
    let r = env.json(&["kpi", "--since", "2026-09-01", "--json"]);
    let step = |from: &str, to: &str| {
        r["stages"]["conversions"]
            .as_array()
            .and_then(|all| all.iter().find(|c| c["from"] == from && c["to"] == to))
            .cloned()
            .unwrap_or_else(|| panic!("no step {from} → {to}"))
    };
    // Leads: Ann and Bob. Ann went on to prospect, Bob was lost.
    let lp = step("lead", "prospect");
    assert_eq!(
        (lp["reached"].as_u64(), lp["converted"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(step("lead", "lost")["converted"], 1);
    // Ann, the only prospect, became a customer; not (yet) loyal.
    assert!(close(&step("prospect", "customer")["rate"], 1.0));
    assert!(close(&step("customer", "loyal")["rate"], 0.0));
    let stay = |stage: &str| {
        r["stages"]["time_in_stage"]
            .as_array()
            .and_then(|all| all.iter().find(|t| t["stage"] == stage))
            .cloned()
            .unwrap_or_else(|| panic!("no stage {stage}"))
    };
    // Leads for 10 days (Ann, 09-05 → 09-15) and 20 (Bob, 09-20 → 10-10): median 15.
    assert!(close(&stay("lead")["median_days"], 15.0));
    assert_eq!(stay("lead")["stays"], 2);
    // Ann was a prospect for 30 days (09-15 → 10-15).
    assert!(close(&stay("prospect")["median_days"], 30.0));
    assert!(stay("customer")["median_days"].is_null());
}

#[test]
fn the_text_report_reads_at_80_columns() {
    let env = fixture();
    // November; Q4: 50 + 300 + 100 EUR; 2026: 100 + 200 more.
    for (period, revenue) in [
        (
            "month",
            "2026-11  100.00 EUR (100.00 EUR), 30.00 USD (30.00 USD)",
        ),
        (
            "quarter",
            "2026-Q4  450.00 EUR (150.00 EUR), 30.00 USD (30.00 USD)",
        ),
        (
            "year",
            "2026     750.00 EUR (150.00 EUR), 30.00 USD (30.00 USD)",
        ),
    ] {
        let out = env.ok(&["kpi", "--period", period]);
        for line in out.lines() {
            assert!(line.chars().count() <= 80, "{period}: too wide: {line:?}");
        }
        assert!(out.contains(revenue), "{period}:\n{out}");
        assert!(
            out.contains("lead → prospect          1 of 2        50%"),
            "{out}"
        );
    }
    let out = env.ok(&["kpi", "--since", "2026-11-01"]);
    assert!(
        out.contains("2026-11         4      1       2         0         2       50%    50%"),
        "{out}"
    );
    assert!(
        out.contains("100.00 EUR (100.00 EUR), 30.00 USD (30.00 USD)"),
        "{out}"
    );
    // Nobody entered a stage in November.
    assert!(
        out.contains("lead → prospect          0 of 0          –"),
        "{out}"
    );
}

#[test]
fn bad_periods_and_dates_are_refused() {
    let env = fixture();
    let err = env.kith(["kpi", "--period", "week"]).code(2);
    let text = crate::util::stderr(&err);
    assert!(
        text.contains("\"week\" is not one of: month, quarter, year"),
        "{text}"
    );
    let err = env.fails(&["kpi", "--since", "tomorrow-ish garbage"]);
    assert!(
        err.contains("cannot read \"tomorrow-ish garbage\" as a date"),
        "{err}"
    );
    let err = env.fails(&["kpi", "--since", "2027-01-01"]);
    assert!(err.contains("after today"), "{err}");
}

#[test]
fn a_rating_above_5_is_refused_naming_nps_and_writes_nothing() {
    let env = TestEnv::new();
    env.add_contact("Ann Archer", &[]);
    let err = env.fails(&["log", "ann", "feedback", "loves it", "--rating", "7"]);
    assert!(
        err.contains("not between 1 and 5") && err.contains("--nps"),
        "{err}"
    );
    assert_eq!(env.count("SELECT count(*) FROM interaction"), 0);
    env.ok(&["log", "ann", "feedback", "loves it", "--nps", "9"]);
    let r = env.json(&["kpi", "--json"]);
    let nov = period(&r, "2026-11");
    // One answer, a promoter: +100.
    assert!(close(&nov["nps"], 100.0) && nov["ratings"] == 0);
}

#[test]
fn an_older_database_moves_ratings_above_5_to_nps() {
    let env = TestEnv::new();
    env.add_contact("Ann Archer", &[]);
    env.ok(&["log", "ann", "feedback", "old scale", "--rating", "4"]);
    env.ok(&["log", "ann", "feedback", "old nps", "--rating", "2"]);
    // Make the file what schema version 7 was, where --rating took 0–10 for
    // both scales: a 9 there was an NPS answer.
    env.sql()
        .execute_batch(&format!(
            "{DOWN_TO_V7}
             UPDATE interaction SET rating = 9 WHERE summary = 'old nps';
             PRAGMA user_version = 7;"
        ))
        .expect("downgrade");
    let r = env.json(&["kpi", "--json"]);
    assert_eq!(env.count("PRAGMA user_version"), 9);
    let moved =
        env.count("SELECT nps FROM interaction WHERE summary = 'old nps' AND rating IS NULL");
    assert_eq!(moved, 9);
    let kept =
        env.count("SELECT rating FROM interaction WHERE summary = 'old scale' AND nps IS NULL");
    assert_eq!(kept, 4);
    // The KPIs see one rating (4) and one NPS answer (9: a promoter).
    let nov = period(&r, "2026-11");
    assert!(close(&nov["satisfaction"], 4.0) && close(&nov["nps"], 100.0));
}
