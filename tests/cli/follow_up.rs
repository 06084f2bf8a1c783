//! Follow-ups (`follow-up`, `done`, `snooze`), stay-in-touch cadences and
//! birthdays, seen through `show --json` and `remind --all --json`.

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::util::{NOW, TestEnv, as_array, parse_id, text};

fn jane() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    env
}

fn follow_ups(env: &TestEnv) -> Vec<Value> {
    as_array(&env.show("1")["follow_ups"]).clone()
}

/// (kind, due, note) of every due item at `now`.
fn due(env: &TestEnv, now: &str) -> Vec<(String, String, String)> {
    env.due_at(now)
        .iter()
        .map(|i| {
            (
                text(i, "kind").to_string(),
                text(i, "due").to_string(),
                text(i, "note").to_string(),
            )
        })
        .collect()
}

fn item(kind: &str, due: &str, note: &str) -> (String, String, String) {
    (kind.to_string(), due.to_string(), note.to_string())
}

#[test]
fn follow_up_prints_its_id() {
    let env = jane();
    env.kith(["follow-up", "jane", "next fri", "send the proposal"])
        .success()
        .stdout("1\n");
    env.kith(["fu", "jane@acme.io", "tomorrow"])
        .success()
        .stdout("2\n");
    let all = follow_ups(&env);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["id"], 2);
    assert_eq!(all[0]["due"], "2026-11-24");
    assert_eq!(all[0]["note"], "");
    assert_eq!(all[1]["id"], 1);
    assert_eq!(all[1]["due"], "2026-11-27");
    assert_eq!(all[1]["note"], "send the proposal");
}

#[test]
fn due_dates_take_natural_forms() {
    let env = jane();
    // Now is Monday 2026-11-23 09:00.
    let cases = [
        ("today", "2026-11-23"),
        ("tomorrow", "2026-11-24"),
        ("in 3 days", "2026-11-26"),
        ("in 2w", "2026-12-07"),
        ("+3d", "2026-11-26"),
        ("fri", "2026-11-27"),
        ("next fri", "2026-11-27"),
        ("mon", "2026-11-30"),
        ("dec 1", "2026-12-01"),
        ("2026-12-01", "2026-12-01"),
        ("2026-12-01 14:30", "2026-12-01 14:30"),
    ];
    for (when, _) in cases {
        let id = parse_id(&env.ok(&["follow-up", "1", when, when]));
        assert!(id > 0);
    }
    let all = follow_ups(&env);
    for (when, expected) in cases {
        let f = all
            .iter()
            .find(|f| f["note"] == when)
            .unwrap_or_else(|| panic!("follow-up {when:?} in {all:?}"));
        assert_eq!(f["due"], expected, "follow-up {when:?}");
    }
}

#[test]
fn done_closes_a_one_off_follow_up() {
    let env = jane();
    env.ok(&["follow-up", "1", "today", "call back"]);
    assert_eq!(
        due(&env, NOW),
        [item("follow-up", "2026-11-23", "call back")]
    );
    env.kith(["done", "1"])
        .success()
        .stdout("")
        .stderr(predicate::str::contains("done: #1"));
    assert_eq!(follow_ups(&env), Vec::<Value>::new());
    assert_eq!(due(&env, NOW), []);
    assert_eq!(due(&env, "2027-06-01 09:00"), [], "gone for good");
    let err = env.fails(&["done", "1"]);
    assert!(err.contains("already done"), "{err}");
}

#[test]
fn done_moves_a_recurring_follow_up_to_its_next_date() {
    let env = jane();
    env.ok(&[
        "follow-up",
        "1",
        "today",
        "weekly check-in",
        "--every",
        "1w",
    ]);
    assert_eq!(follow_ups(&env)[0]["every"], "1w");
    env.kith(["done", "1"])
        .success()
        .stderr(predicate::str::contains("Mon 30 Nov 2026"));
    let all = follow_ups(&env);
    assert_eq!(all.len(), 1, "still open");
    assert_eq!(all[0]["due"], "2026-11-30");
    assert_eq!(due(&env, NOW), [], "not due any more today");
    assert_eq!(
        due(&env, "2026-11-30 09:00"),
        [item("follow-up", "2026-11-30", "weekly check-in")]
    );
}

#[test]
fn a_recurring_follow_up_done_late_skips_missed_dates() {
    let env = jane();
    env.ok(&["follow-up", "1", "2026-11-02", "weekly", "--every", "1w"]);
    env.ok(&["done", "1"]);
    assert_eq!(follow_ups(&env)[0]["due"], "2026-11-30");
}

#[test]
fn snooze_moves_a_follow_up() {
    let env = jane();
    env.ok(&["follow-up", "1", "today", "call back"]);
    env.kith(["snooze", "1", "in 3 days"])
        .success()
        .stdout("")
        .stderr(predicate::str::contains("Thu 26 Nov 2026"));
    let f = &follow_ups(&env)[0];
    assert_eq!(f["due"], "2026-11-26");
    assert_eq!(f["snoozed_until"], "2026-11-26");
    assert_eq!(due(&env, NOW), []);
    assert_eq!(due(&env, "2026-11-25 09:00"), []);
    assert_eq!(
        due(&env, "2026-11-26 09:00"),
        [item("follow-up", "2026-11-26", "call back")]
    );
}

#[test]
fn cadence_reminds_when_no_interaction_for_that_long() {
    let env = jane();
    env.kith(["cadence", "jane", "30d"])
        .success()
        .stderr(predicate::str::contains("every 30d"));
    assert_eq!(env.show("1")["cadence"], "30d");
    // Created on 2026-11-23 with nothing logged: due 30 days later.
    assert_eq!(due(&env, "2026-12-22 09:00"), []);
    let lapse = due(&env, "2026-12-23 09:00");
    assert_eq!(lapse.len(), 1, "{lapse:?}");
    assert_eq!(lapse[0].0, "stay-in-touch");
    assert_eq!(lapse[0].1, "2026-12-23");
    assert!(lapse[0].2.contains("30"), "{lapse:?}");
    // An interaction restarts the clock.
    env.ok_at("2026-12-23 10:00", &["log", "jane", "call", "caught up"]);
    assert_eq!(due(&env, "2026-12-24 09:00"), []);
    assert_eq!(due(&env, "2027-01-21 09:00"), []);
    assert_eq!(due(&env, "2027-01-22 09:00").len(), 1);
    // `off` clears it.
    env.ok(&["cadence", "1", "off"]);
    assert_eq!(env.show("1")["cadence"], json!(null));
    assert_eq!(due(&env, "2027-06-01 09:00"), []);
}

#[test]
fn cadence_in_weeks_and_months() {
    let env = jane();
    env.ok(&["cadence", "1", "2w"]);
    assert_eq!(due(&env, "2026-12-06 09:00"), []);
    assert_eq!(due(&env, "2026-12-07 09:00").len(), 1);
    env.ok(&["cadence", "1", "3m"]);
    assert_eq!(env.show("1")["cadence"], "3m");
}

#[test]
fn birthdays_within_seven_days_and_with_days() {
    let env = TestEnv::new();
    env.add_contact("Today Child", &["--birthday", "--11-23"]);
    env.add_contact("Soon Born", &["--birthday", "1985-11-27"]);
    env.add_contact("Week Out", &["--birthday", "1990-11-30"]);
    env.add_contact("Later Born", &["--birthday", "1990-12-05"]);
    env.add_contact("Past Born", &["--birthday", "1990-11-20"]);
    let names = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["remind", "--all", "--json"];
        all.extend_from_slice(args);
        as_array(&env.json(&all))
            .iter()
            .map(|i| {
                assert_eq!(i["kind"], "birthday");
                text(i, "contact").to_string()
            })
            .collect()
    };
    assert_eq!(names(&[]), ["Today Child", "Soon Born", "Week Out"]);
    assert_eq!(names(&["--days", "0"]), ["Today Child"]);
    assert_eq!(
        names(&["--days", "14"]),
        ["Today Child", "Soon Born", "Week Out", "Later Born"]
    );
    let items = env.due_at(NOW);
    let soon = items
        .iter()
        .find(|i| i["contact"] == "Soon Born")
        .expect("Soon Born");
    assert_eq!(soon["due"], "2026-11-27");
    assert!(text(soon, "note").contains("41"), "age: {soon}");
}

#[test]
fn follow_ups_of_others_and_future_ones_are_not_due() {
    let env = jane();
    env.add_contact("John Roe", &[]);
    env.ok(&["follow-up", "1", "tomorrow", "not yet"]);
    env.ok(&["follow-up", "2", "2026-11-20", "overdue"]);
    env.ok(&["follow-up", "2", "today 17:00", "later today"]);
    let items = env.due_at(NOW);
    let notes: Vec<&str> = items.iter().map(|i| text(i, "note")).collect();
    assert_eq!(notes, ["overdue", "later today"]);
    assert_eq!(items[0]["contact_id"], 2);
    assert_eq!(items[0]["contact"], "John Roe");
}
