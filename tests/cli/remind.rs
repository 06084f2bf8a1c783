//! `kith remind`, as cron runs it: text, JSON, iCalendar and `--exec`; only
//! new items unless `--all`; silent when nothing is new.

use serde_json::Value;

use crate::util::{NOW, TestEnv, as_array, stderr, stdout, text};

/// Jane has a follow-up due today, John a birthday in four days, and Ann a
/// follow-up next week (not due).
fn agenda() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    env.add_contact("John Roe", &["--birthday", "1985-11-27"]);
    env.add_contact("Ann Lee", &[]);
    env.ok(&["follow-up", "jane", "today", "send the proposal"]);
    env.ok(&["follow-up", "ann", "next mon", "not yet"]);
    env
}

fn remind(env: &TestEnv, args: &[&str]) -> (String, String) {
    let mut all = vec!["remind"];
    all.extend_from_slice(args);
    let assert = env.kith(&all).success();
    (stdout(&assert), stderr(&assert))
}

#[test]
fn prints_due_items_as_text() {
    let env = agenda();
    let (out, err) = remind(&env, &[]);
    assert_eq!(
        out,
        "today       follow-up #1           Jane Doe (#1): send the proposal\n\
         in 4d       birthday               John Roe (#2): birthday, turns 41\n"
    );
    assert_eq!(err, "");
}

#[test]
fn overdue_items_say_so() {
    let env = agenda();
    let out = env.ok_at("2026-11-25 08:00", &["remind"]);
    assert!(out.contains("overdue 2d"), "{out}");
    assert!(out.contains("Jane Doe"), "{out}");
}

#[test]
fn json_items_have_kind_contact_due_and_note() {
    let env = agenda();
    env.ok(&["cadence", "ann", "30d"]);
    let items = env.json_at("2026-12-23 09:00", &["remind", "--json"]);
    let items = as_array(&items);
    let kinds: Vec<&str> = items.iter().map(|i| text(i, "kind")).collect();
    // Oldest first.
    assert_eq!(kinds, ["follow-up", "follow-up", "stay-in-touch"]);
    let first = &items[0];
    assert_eq!(first["contact_id"], 1);
    assert_eq!(first["contact"], "Jane Doe");
    assert_eq!(first["due"], "2026-11-23");
    assert_eq!(first["note"], "send the proposal");
    assert_eq!(items[1]["contact"], "Ann Lee");
    assert_eq!(items[1]["due"], "2026-11-30");
    assert_eq!(items[1]["note"], "not yet");
    let lapse = &items[2];
    assert_eq!(lapse["contact_id"], 3);
    assert_eq!(lapse["contact"], "Ann Lee");
    assert_eq!(lapse["due"], "2026-12-23");
    assert!(text(lapse, "note").contains("30 days"), "{lapse}");

    let today = env.json(&["remind", "--all", "--json"]);
    let kinds: Vec<&str> = as_array(&today).iter().map(|i| text(i, "kind")).collect();
    assert_eq!(kinds, ["follow-up", "birthday"]);
}

#[test]
fn a_second_run_prints_nothing() {
    let env = agenda();
    let (first, _) = remind(&env, &[]);
    assert_eq!(first.lines().count(), 2);
    let (second, err) = remind(&env, &[]);
    assert_eq!(second, "", "nothing new");
    assert_eq!(err, "");
    // An hour later, still nothing new.
    assert_eq!(env.ok_at("2026-11-23 10:00", &["remind"]), "");
    // --all prints everything again, and does not stop later --all runs.
    let (all, _) = remind(&env, &["--all"]);
    assert_eq!(all, first);
    assert_eq!(remind(&env, &["--all"]).0, first);
}

#[test]
fn json_runs_count_as_reported_too() {
    let env = agenda();
    let first = env.json(&["remind", "--json"]);
    assert_eq!(as_array(&first).len(), 2);
    assert_eq!(remind(&env, &[]).0, "");
}

#[test]
fn only_new_items_are_reported() {
    let env = agenda();
    remind(&env, &[]);
    env.ok(&["follow-up", "ann", "today", "new today"]);
    let (out, _) = remind(&env, &[]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("new today"), "{out}");
}

#[test]
fn nothing_due_is_quiet() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    env.ok(&["follow-up", "1", "tomorrow"]);
    let (out, err) = remind(&env, &[]);
    assert_eq!(out, "");
    assert_eq!(err, "");
}

#[test]
fn a_snoozed_follow_up_comes_back_on_its_new_date() {
    let env = agenda();
    remind(&env, &[]);
    env.ok(&["snooze", "1", "wed"]);
    assert_eq!(env.ok_at("2026-11-24 09:00", &["remind"]), "");
    let wed = env.ok_at("2026-11-25 09:00", &["remind"]);
    assert!(wed.contains("send the proposal"), "{wed}");
    assert!(wed.contains("today"), "{wed}");
    assert_eq!(env.ok_at("2026-11-25 12:00", &["remind"]), "");
}

#[test]
fn an_overdue_follow_up_is_not_repeated_day_after_day() {
    let env = agenda();
    remind(&env, &[]);
    let out = env.ok_at("2026-11-24 09:00", &["remind"]);
    assert!(!out.contains("send the proposal"), "{out}");
}

#[test]
fn ics_writes_a_valid_calendar() {
    let env = agenda();
    env.ok(&["cadence", "ann", "30d"]);
    let ics = env.path("out/kith.ics");
    std::fs::create_dir_all(ics.parent().expect("parent")).expect("dir");
    let ics_arg = ics.to_str().expect("utf-8 path");
    let items = env.json_at("2026-11-25 09:00", &["remind", "--all", "--json"]);
    let n = as_array(&items).len();
    assert_eq!(n, 2);
    env.ok_at(
        "2026-11-25 09:00",
        &["remind", "--all", "--ics", ics_arg, "--json"],
    );
    let bytes = std::fs::read(&ics).expect("ics written");
    let body = String::from_utf8(bytes).expect("UTF-8");
    assert!(body.ends_with("\r\n"), "ends with CRLF");
    let raw_lines: Vec<&str> = body.split_terminator("\r\n").collect();
    for l in &raw_lines {
        assert!(
            !l.contains('\n') && !l.contains('\r'),
            "bare LF/CR in {l:?}"
        );
        assert!(l.len() <= 75, "line longer than 75 octets: {l:?}");
    }
    // Unfold continuation lines (RFC 5545 §3.1) before reading properties.
    let mut lines: Vec<String> = Vec::new();
    for l in raw_lines {
        match l.strip_prefix(' ').or_else(|| l.strip_prefix('\t')) {
            Some(rest) => lines.last_mut().expect("folded first line").push_str(rest),
            None => lines.push(l.to_string()),
        }
    }
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.iter().any(|l| l == "VERSION:2.0"));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let begins = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    let ends = lines.iter().filter(|l| *l == "END:VEVENT").count();
    assert_eq!((begins, ends), (n, n), "one VEVENT per item:\n{body}");
    // Each event: UID, DTSTAMP, and an all-day DTSTART with a later DTEND.
    let mut uids = Vec::new();
    for event in body.split("BEGIN:VEVENT\r\n").skip(1) {
        let event = event.split("END:VEVENT").next().expect("event body");
        let prop = |name: &str| -> String {
            lines_of(event)
                .into_iter()
                .find_map(|l| l.strip_prefix(name).map(str::to_string))
                .unwrap_or_else(|| panic!("{name} in {event}"))
        };
        uids.push(prop("UID:"));
        prop("DTSTAMP:");
        prop("SUMMARY:");
        let start = prop("DTSTART;VALUE=DATE:");
        let end = prop("DTEND;VALUE=DATE:");
        assert!(end > start, "DTEND {end} after DTSTART {start}");
    }
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), n, "distinct UIDs");
    assert!(body.contains("DTSTART;VALUE=DATE:20261123"), "{body}");
    assert!(body.contains("Jane Doe"), "{body}");
    assert!(body.contains("John Roe"), "{body}");
}

fn lines_of(event: &str) -> Vec<&str> {
    event.split("\r\n").collect()
}

#[test]
fn exec_runs_once_per_item_with_the_item_in_the_environment() {
    let env = agenda();
    let log = env.path("exec.log");
    let cmd = format!(
        "printf '%s|%s|%s|%s|%s\\n' \"$KITH_KIND\" \"$KITH_CONTACT_ID\" \"$KITH_CONTACT\" \
         \"$KITH_DUE\" \"$KITH_NOTE\" >> '{}'",
        log.display()
    );
    let (out, err) = remind(&env, &["--exec", &cmd]);
    assert_eq!(out, "", "items go to the command, not stdout");
    assert_eq!(err, "");
    let ran = std::fs::read_to_string(&log).expect("the command ran");
    assert_eq!(
        ran,
        "follow-up|1|Jane Doe|2026-11-23|send the proposal\n\
         birthday|2|John Roe|2026-11-27|birthday, turns 41\n"
    );
    // Accepted items are not handed over again.
    remind(&env, &["--exec", &cmd]);
    assert_eq!(std::fs::read_to_string(&log).expect("log"), ran);
}

#[test]
fn an_exec_failure_is_named_and_the_item_comes_again() {
    let env = agenda();
    let log = env.path("exec.log");
    // Accepts follow-ups, fails on birthdays.
    let cmd = format!(
        "echo \"$KITH_KIND $KITH_CONTACT\" >> '{}'; test \"$KITH_KIND\" != birthday",
        log.display()
    );
    let assert = env.kith(["remind", "--exec", &cmd]).failure();
    let code = assert.get_output().status.code();
    assert_ne!(code, Some(0));
    let err = stderr(&assert);
    assert!(err.contains("birthday"), "{err}");
    assert!(err.contains("John Roe"), "{err}");
    assert!(
        !err.contains("Jane Doe"),
        "only the failure is named: {err}"
    );
    assert_eq!(
        std::fs::read_to_string(&log).expect("log"),
        "follow-up Jane Doe\nbirthday John Roe\n"
    );
    // Next run: only the failed item is handed over again.
    env.kith(["remind", "--exec", &cmd]).failure();
    assert_eq!(
        std::fs::read_to_string(&log).expect("log"),
        "follow-up Jane Doe\nbirthday John Roe\nbirthday John Roe\n"
    );
    // Once the command works, the item is reported and then left alone.
    let fixed = format!("echo \"$KITH_KIND $KITH_CONTACT\" >> '{}'", log.display());
    env.kith(["remind", "--exec", &fixed]).success();
    env.kith(["remind", "--exec", &fixed]).success();
    let ran = std::fs::read_to_string(&log).expect("log");
    assert_eq!(ran.matches("birthday John Roe").count(), 3, "{ran}");
    assert_eq!(remind(&env, &[]).0, "");
}

#[test]
fn exec_without_items_runs_nothing() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let marker = env.path("ran");
    let cmd = format!("touch '{}'", marker.display());
    remind(&env, &["--exec", &cmd]);
    assert!(!marker.exists());
}

#[test]
fn items_of_archived_or_deleted_contacts_are_not_reminded() {
    let env = agenda();
    env.ok(&["archive", "jane"]);
    env.ok(&["delete", "john", "--yes"]);
    let (out, _) = remind(&env, &["--all"]);
    assert_eq!(out, "");
    let due: Vec<Value> = env.due_at(NOW);
    assert!(due.is_empty(), "{due:?}");
}

#[test]
fn the_configured_reminder_command_is_used_without_exec() {
    let env = agenda();
    let log = env.path("from-config.log");
    std::fs::create_dir_all(env.path("config/kith")).expect("config dir");
    std::fs::write(
        env.path("config/kith/config.toml"),
        format!(
            "reminder_command = \"echo $KITH_KIND >> '{}'\"\n",
            log.display()
        ),
    )
    .expect("config");
    let (out, _) = remind(&env, &[]);
    assert_eq!(out, "", "handed to the command instead");
    assert_eq!(
        std::fs::read_to_string(&log).expect("ran"),
        "follow-up\nbirthday\n"
    );
    // --exec still wins over the setting.
    env.ok(&["follow-up", "ann", "today", "third"]);
    let other = env.path("other.log");
    let cmd = format!("echo \"$KITH_NOTE\" >> '{}'", other.display());
    remind(&env, &["--exec", &cmd]);
    assert_eq!(std::fs::read_to_string(&other).expect("ran"), "third\n");
    assert_eq!(
        std::fs::read_to_string(&log).expect("log"),
        "follow-up\nbirthday\n"
    );
}

#[test]
fn an_unwritable_calendar_is_named_and_nothing_is_marked() {
    let env = agenda();
    let ics = env.path("no-such-dir/kith.ics");
    let ics_arg = ics.to_str().expect("utf-8 path");
    let err = env.fails(&["remind", "--ics", ics_arg]);
    assert!(err.contains("--ics"), "{err}");
    assert!(err.contains(ics_arg), "{err}");
    assert!(!err.contains(".tmp"), "no temporary file names: {err}");
    let (out, _) = remind(&env, &[]);
    assert_eq!(out.lines().count(), 2, "still new: {out}");
}
