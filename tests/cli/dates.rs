//! Dates as people say them, signed amounts as positional values, and dates
//! that make no sense for what they are given to.

use crate::util::{TestEnv, stderr, stdout};

/// Jane Doe (#1) with one follow-up (#1) due tomorrow. Now is Monday 2026-11-23 09:00.
fn jane() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    env.ok(&["follow-up", "jane", "tomorrow", "send the deck"]);
    env
}

fn due_of_first_follow_up(env: &TestEnv) -> String {
    env.show("1")["follow_ups"][0]["due"]
        .as_str()
        .expect("due")
        .to_string()
}

#[test]
fn snooze_takes_the_periods_people_say() {
    let env = jane();
    for (text, due) in [
        ("next week", "2026-11-30"),
        ("next month", "2026-12-01"),
        ("eom", "2026-11-30"),
        ("end of month", "2026-11-30"),
        ("eow", "2026-11-27"),
        ("end of week", "2026-11-27"),
        ("in a week", "2026-11-30"),
        ("in a fortnight", "2026-12-07"),
        ("this fri", "2026-11-27"),
        ("monday 9:00", "2026-11-30 09:00"),
        ("noon", "2026-11-23 12:00"),
    ] {
        env.ok(&["snooze", "1", text]);
        assert_eq!(due_of_first_follow_up(&env), due, "{text}");
    }
}

#[test]
fn signed_amounts_are_positional_values() {
    let env = jane();
    assert_eq!(env.ok(&["follow-up", "jane", "+3d", "call back"]), "2\n");
    assert_eq!(env.ok(&["follow-up", "jane", "-1w"]), "3\n");
    env.ok(&["snooze", "1", "+3d"]);
    let shown = env.show("1");
    let dues: Vec<&str> = shown["follow_ups"]
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["due"].as_str().expect("due"))
        .collect();
    assert_eq!(dues, ["2026-11-16", "2026-11-26", "2026-11-26"]);
}

#[test]
fn a_snooze_into_the_past_is_refused() {
    let env = jane();
    let before = env.state();
    for past in ["2020-01-01", "yesterday", "-1d", "8:00"] {
        let err = env.fails(&["snooze", "1", past]);
        assert!(err.contains("in the past"), "{past}: {err}");
        assert!(err.contains(past), "{past}: {err}");
        assert!(err.contains("nothing changed"), "{err}");
    }
    assert_eq!(env.state(), before);
    // Later today is fine.
    env.ok(&["snooze", "1", "today"]);
    assert_eq!(due_of_first_follow_up(&env), "2026-11-23");
}

#[test]
fn logging_something_in_the_future_is_refused() {
    let env = jane();
    let before = env.state();
    for future in ["2030-01-01", "tomorrow", "10:00"] {
        let assert = env
            .kith(["log", "jane", "call", "renewal", "--at", future])
            .code(1);
        assert_eq!(stdout(&assert), "");
        let err = stderr(&assert);
        assert!(err.contains("in the future"), "{future}: {err}");
        assert!(
            err.contains("kith follow-up"),
            "the hint names follow-up: {err}"
        );
    }
    assert_eq!(env.state(), before);
    // A clock a few minutes behind is not the future; the past is what logging is for.
    env.ok(&["log", "jane", "call", "just now", "--at", "9:03"]);
    env.ok(&["log", "jane", "call", "last week", "--at", "-1w"]);
    assert_eq!(
        env.show("1")["interactions"].as_array().map(Vec::len),
        Some(2)
    );
}
