//! Where kith finds its database, its config and its clock: mistakes there
//! are named, never silently worked around.

use crate::util::{TestEnv, stderr, stdout};

fn write_config(env: &TestEnv, text: &str) -> std::path::PathBuf {
    let path = env.path("config/kith/config.toml");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write config");
    path
}

#[test]
fn bad_config_values_are_named_with_the_file_and_key() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let before = env.state();
    for (text, key) in [
        ("currency = \"zzzz\"\n", "currency"),
        ("phone_region = \"QQ\"\n", "phone_region"),
    ] {
        let path = write_config(&env, text);
        let err = env.fails(&["log", "jane", "purchase", "x", "--amount", "12"]);
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains(key), "{err}");
        assert!(!err.contains("--amount"), "the amount is not blamed: {err}");
    }
    write_config(&env, "");
    assert_eq!(env.state(), before);
}

#[test]
fn a_kith_now_in_a_daylight_saving_gap_is_not_read_as_utc() {
    let env = TestEnv::new();
    // 02:30 on 28 March 2027 does not exist in Berlin: clocks go 02:00 → 03:00.
    let assert = env
        .command()
        .env("TZ", "Europe/Berlin")
        .env("KITH_NOW", "2027-03-28 02:30")
        .args(["add", "Jane Doe"])
        .assert()
        .success();
    assert_eq!(stdout(&assert), "1\n", "{}", stderr(&assert));
    // Read with the offset before the gap (+01:00): 01:30 UTC, i.e. 03:30 CEST.
    assert_eq!(env.show("1")["created_at"], "2027-03-28T01:30:00Z");
    // Outside the gap, local time converts as usual.
    env.command()
        .env("TZ", "Europe/Berlin")
        .env("KITH_NOW", "2027-03-28 04:00")
        .args(["add", "John Roe"])
        .assert()
        .success();
    assert_eq!(env.show("2")["created_at"], "2027-03-28T02:00:00Z");
}
