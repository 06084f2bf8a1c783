//! `kith remind` at its edges: calendar months, month-end recurrence, what
//! changed under the last run, `--json` beside a command, the calendar
//! written through links and to devices, and stored control characters.

use crate::util::{TestEnv, as_array, stderr, stdout, text};

/// Every `follow-up:` line of `kith remind --all` at `now`, as (due, note).
fn due_follow_ups(env: &TestEnv, now: &str) -> Vec<(String, String)> {
    env.due_at(now)
        .iter()
        .filter(|i| text(i, "kind") == "follow-up")
        .map(|i| (text(i, "due").to_string(), text(i, "note").to_string()))
        .collect()
}

#[test]
fn a_month_end_follow_up_keeps_its_day_when_done_each_time() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&[
        "follow-up",
        "jane",
        "2027-01-31",
        "invoice",
        "--every",
        "1m",
    ]);
    let mut dues = Vec::new();
    let mut now = "2027-01-31 09:00".to_string();
    for _ in 0..5 {
        env.ok_at(&now, &["done", "1"]);
        let due = due_follow_ups(&env, "2030-01-01 09:00");
        assert_eq!(due.len(), 1, "{due:?}");
        let day = due[0].0.clone();
        now = format!("{day} 09:00");
        dues.push(day);
    }
    assert_eq!(
        dues,
        [
            "2027-02-28",
            "2027-03-31",
            "2027-04-30",
            "2027-05-31",
            "2027-06-30"
        ]
    );
}

#[test]
fn a_month_cadence_is_due_on_the_same_day_next_month() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok_at("2027-02-01 10:00", &["cadence", "jane", "1m"]);
    env.ok_at("2027-02-01 10:00", &["log", "jane", "call", "catch-up"]);
    assert_eq!(env.ok_at("2027-02-28 09:00", &["remind"]), "");
    let out = env.ok_at("2027-03-01 09:00", &["remind"]);
    assert!(out.starts_with("today       stay in touch"), "{out}");
    assert!(
        out.contains("Jane Doe (#1): no contact for 28 days (every 1m)"),
        "{out}"
    );
    let late = env.json_at("2027-03-03 09:00", &["remind", "--all", "--json"]);
    assert_eq!(as_array(&late)[0]["due"], "2027-03-01");
    let text_late = env.ok_at("2027-03-03 09:00", &["remind", "--all"]);
    assert!(text_late.starts_with("overdue 2d "), "{text_late}");
}

#[test]
fn weeks_and_days_are_exact_and_a_month_from_the_31st_ends_with_the_month() {
    let env = TestEnv::new();
    for (name, cadence) in [("Ann Lee", "2w"), ("Bob Ray", "10d"), ("Cy Moe", "1m")] {
        env.add_contact(name, &[]);
        env.ok_at("2027-01-31 10:00", &["cadence", name, cadence]);
        env.ok_at("2027-01-31 10:00", &["log", name, "call", "hello"]);
    }
    let due: Vec<(String, String)> = env
        .due_at("2027-03-01 09:00")
        .iter()
        .map(|i| (text(i, "contact").to_string(), text(i, "due").to_string()))
        .collect();
    let expect = |name: &str, day: &str| (name.to_string(), day.to_string());
    assert_eq!(
        due,
        [
            expect("Bob Ray", "2027-02-10"),
            expect("Ann Lee", "2027-02-14"),
            expect("Cy Moe", "2027-02-28"),
        ]
    );
}

#[test]
fn changes_under_the_last_run_are_reported_on_the_next() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.add_contact("John Roe", &[]);
    env.ok(&["log", "jane", "call", "long ago", "--at", "2026-10-01"]);
    env.ok(&["follow-up", "jane", "today", "first"]);
    assert_eq!(env.ok(&["remind"]).lines().count(), 1);
    assert_eq!(env.ok(&["remind"]), "");
    // A follow-up dated before the last run, and a cadence that lapsed long
    // ago: both dated before the last run, both new.
    env.ok(&["follow-up", "john", "2026-11-16", "forgotten"]);
    env.ok(&["cadence", "jane", "2w"]);
    let out = env.ok(&["remind"]);
    assert!(out.contains("forgotten"), "{out}");
    assert!(out.contains("stay in touch"), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert_eq!(env.ok(&["remind"]), "");
    // The next days: only what fell due since.
    env.ok(&["follow-up", "john", "2026-11-25", "wednesday"]);
    assert_eq!(env.ok_at("2026-11-24 09:00", &["remind"]), "");
    let wed = env.ok_at("2026-11-25 09:00", &["remind"]);
    assert_eq!(wed.lines().count(), 1, "{wed}");
    assert!(wed.contains("wednesday"), "{wed}");
    // The clock set back: nothing is repeated.
    assert_eq!(env.ok(&["remind"]), "");
}

#[test]
fn an_item_refused_by_exec_comes_again_on_a_later_day() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&["follow-up", "jane", "today", "call back"]);
    env.kith(["remind", "--exec", "false"]).failure();
    let later = env.ok_at("2026-11-26 09:00", &["remind"]);
    assert!(later.contains("call back"), "{later}");
    assert_eq!(env.ok_at("2026-11-26 09:00", &["remind"]), "");
}

fn with_reminder_command(env: &TestEnv, log: &std::path::Path) {
    std::fs::create_dir_all(env.path("config/kith")).expect("config dir");
    std::fs::write(
        env.path("config/kith/config.toml"),
        format!(
            "reminder_command = \"echo $KITH_KIND >> '{}'\"\n",
            log.display()
        ),
    )
    .expect("config");
}

#[test]
fn json_is_printed_even_with_a_reminder_command_configured() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&["follow-up", "jane", "today", "call back"]);
    let log = env.path("cmd.log");
    with_reminder_command(&env, &log);
    let items = env.json(&["remind", "--json"]);
    assert_eq!(as_array(&items).len(), 1);
    assert_eq!(items[0]["note"], "call back");
    assert!(!log.exists(), "the command did not run");
    // Reported once, as JSON: not handed to the command afterwards.
    env.ok(&["remind"]);
    assert!(!log.exists());
}

#[test]
fn exec_with_json_is_a_usage_error_and_changes_nothing() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&["follow-up", "jane", "today", "call back"]);
    let marker = env.path("ran");
    let cmd = format!("touch '{}'", marker.display());
    let assert = env.kith(["remind", "--exec", &cmd, "--json"]).code(2);
    assert_eq!(stdout(&assert), "");
    let err = stderr(&assert);
    assert!(err.contains("--exec") && err.contains("--json"), "{err}");
    assert!(!marker.exists());
    assert_eq!(env.ok(&["remind"]).lines().count(), 1, "still new");
}

#[cfg(unix)]
mod calendar_files {
    use std::os::unix::fs::{PermissionsExt, symlink};

    use super::*;

    fn agenda() -> TestEnv {
        let env = TestEnv::new();
        env.add_contact("Jane Doe", &[]);
        env.ok(&["follow-up", "jane", "today", "call back"]);
        env
    }

    #[test]
    fn a_symlinked_calendar_is_written_through_the_link() {
        let env = agenda();
        let synced = env.path("synced");
        std::fs::create_dir_all(&synced).expect("dir");
        let target = synced.join("kith.ics");
        std::fs::write(&target, "old").expect("old calendar");
        let link = env.path("kith.ics");
        symlink(&target, &link).expect("link");
        env.ok(&["remind", "--ics", link.to_str().expect("utf-8")]);
        let meta = std::fs::symlink_metadata(&link).expect("link");
        assert!(meta.file_type().is_symlink(), "the link is still a link");
        let body = std::fs::read_to_string(&target).expect("target");
        assert!(body.starts_with("BEGIN:VCALENDAR"), "{body}");
        assert!(body.contains("Jane Doe"), "{body}");
        let left: Vec<_> = std::fs::read_dir(&synced).expect("dir").collect();
        assert_eq!(left.len(), 1, "no temporary file left beside it");
        // A link to a calendar not written yet: the file appears there.
        let dangling = env.path("new.ics");
        symlink("synced/new.ics", &dangling).expect("link");
        env.ok(&[
            "remind",
            "--all",
            "--ics",
            dangling.to_str().expect("utf-8"),
        ]);
        let meta = std::fs::symlink_metadata(&dangling).expect("link");
        assert!(meta.file_type().is_symlink(), "still a link");
        let body = std::fs::read_to_string(synced.join("new.ics")).expect("created");
        assert!(body.contains("Jane Doe"), "{body}");
    }

    #[test]
    fn an_existing_calendar_keeps_its_mode_and_a_new_one_is_private() {
        let env = agenda();
        let shared = env.path("shared.ics");
        std::fs::write(&shared, "old").expect("old");
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        env.ok(&["remind", "--all", "--ics", shared.to_str().expect("utf-8")]);
        let mode = std::fs::metadata(&shared)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
        assert!(
            std::fs::read_to_string(&shared)
                .expect("read")
                .contains("Jane Doe")
        );
        let fresh = env.path("fresh.ics");
        env.ok(&["remind", "--all", "--ics", fresh.to_str().expect("utf-8")]);
        let mode = std::fs::metadata(&fresh)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn dash_prints_the_calendar_and_marks_nothing() {
        let env = agenda();
        let out = env.ok(&["remind", "--ics", "-"]);
        assert!(out.starts_with("BEGIN:VCALENDAR\r\n"), "{out}");
        assert!(out.contains("Jane Doe"), "{out}");
        assert!(
            out.trim_end().ends_with("END:VCALENDAR"),
            "only the calendar: {out}"
        );
        assert_eq!(env.ok(&["remind"]).lines().count(), 1, "still new");
        let assert = env.kith(["remind", "--ics", "-", "--json"]).code(2);
        assert!(stderr(&assert).contains("--ics -"), "{}", stderr(&assert));
    }

    #[test]
    fn a_device_is_written_to_not_replaced() {
        let env = agenda();
        let out = env.ok(&["remind", "--ics", "/dev/stdout"]);
        assert!(out.starts_with("BEGIN:VCALENDAR\r\n"), "{out}");
        assert!(out.contains("call back"), "and the report: {out}");
        env.ok(&["remind", "--all", "--ics", "/dev/null"]);
        let meta = std::fs::metadata("/dev/null").expect("null");
        assert!(!meta.is_file(), "/dev/null is still a device");
    }
}

#[test]
fn stored_control_characters_never_leave_raw() {
    let env = TestEnv::new();
    env.add_contact("Esc Test", &[]);
    env.ok(&["follow-up", "esc", "today", "placeholder"]);
    // Written behind kith's back, as an older version or an import could.
    env.sql()
        .execute_batch(
            "UPDATE contact SET org = 'Acme\u{1b}[31mRED\u{1b}[0m', title = 'T\u{1b}]0;pwned\u{7}',
                 display_name = 'Esc\u{1b}[2J Test';
             UPDATE follow_up SET note = 'call\u{1b}]0;pwned\u{7} back\u{1b}[31m';",
        )
        .expect("sql");
    let raw = |bytes: &[u8]| bytes.iter().any(|b| *b == 0x1b || *b == 0x07);
    let text_out = env.kith(["remind", "--all"]).success();
    let out = text_out.get_output().stdout.clone();
    assert!(!raw(&out), "{}", String::from_utf8_lossy(&out));
    assert!(String::from_utf8_lossy(&out).contains("back"));
    let json_out = env.kith(["remind", "--all", "--json"]).success();
    let out = json_out.get_output().stdout.clone();
    assert!(!raw(&out), "{}", String::from_utf8_lossy(&out));
    let items: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(items[0]["note"], "call\u{1b}]0;pwned\u{7} back\u{1b}[31m");
    let ics = env.path("k.ics");
    env.ok(&["remind", "--all", "--ics", ics.to_str().expect("utf-8")]);
    let body = std::fs::read(&ics).expect("ics");
    assert!(!raw(&body), "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("Test"));
    let log = env.path("env.log");
    let cmd = format!(
        "printf '%s|%s\\n' \"$KITH_CONTACT\" \"$KITH_NOTE\" >> '{}'",
        log.display()
    );
    env.ok(&["remind", "--all", "--exec", &cmd]);
    let passed = std::fs::read(&log).expect("ran");
    assert!(!raw(&passed), "{}", String::from_utf8_lossy(&passed));
    assert!(String::from_utf8_lossy(&passed).contains("back"));
}
