//! Stored text never reaches the terminal raw: control and invisible
//! characters are refused at the door, and whatever got in another way is
//! shown as U+FFFD. Also the one tag rule, and `show --full` / `--note`.

use crate::util::{TestEnv, stderr, stdout};

/// Refuses `kith ARGS`, naming `field`, with nothing stored.
fn refused(env: &TestEnv, args: &[&str], field: &str) {
    let before = env.state();
    let assert = env.kith(args).code(1);
    assert_eq!(stdout(&assert), "", "{args:?}");
    let err = stderr(&assert);
    assert!(err.contains(field), "{args:?}: {field} not named in {err}");
    assert!(
        !err.contains('\x1b') && !err.contains('\x07'),
        "the error echoes no escape: {err:?}"
    );
    assert_eq!(env.state(), before, "{args:?} changed something");
}

#[test]
fn control_characters_in_one_line_fields_are_refused() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    refused(
        &env,
        &["add", "Esc Test", "--org", "Acme\x1b[31mRED\x1b[0m"],
        "org",
    );
    refused(
        &env,
        &["add", "Esc Test", "--title", "T\x1b]0;pwned\x07"],
        "title",
    );
    refused(&env, &["add", "Esc Test", "--city", "Ber\x07lin"], "city");
    refused(&env, &["add", "Esc Test", "--country", "D\x1bE"], "country");
    // A custom field is read by the argument parser: a usage error, exit 2.
    let before = env.state();
    let err = stderr(
        &env.kith(["add", "Esc Test", "--field", "note=a\x07b"])
            .code(2),
    );
    assert!(
        err.contains("--field") && err.contains("control character"),
        "{err}"
    );
    assert_eq!(env.state(), before);
    refused(&env, &["edit", "jane", "--org", "Acme\x1b[31m"], "org");
    refused(&env, &["log", "jane", "call", "red \x1b[31malert"], "text");
    refused(&env, &["follow-up", "jane", "tomorrow", "ring\x07"], "note");
    assert_eq!(env.count("SELECT count(*) FROM contact"), 1);
}

#[test]
fn invisible_characters_are_refused_in_emails_and_names() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    refused(
        &env,
        &["add", "Mallory X", "--email", "jane@acme.io\u{200b}"],
        "email",
    );
    refused(&env, &["add", "J\u{200b}ane Doe"], "name");
    refused(&env, &["add", "Evil \u{202e}gpj.exe"], "name");
    refused(&env, &["add", "Mallory X", "--org", "Ac\u{2066}me"], "org");
    // Newlines and tabs stay in a note.
    env.log("jane", "note", "first line\n\tsecond line", &[]);
}

/// A contact whose data got escapes past the checks (an older kith, a sync),
/// written straight into the database.
fn with_escapes_stored() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io", "--org", "Acme"]);
    env.log("jane", "call", "renewal talk\nwants a proposal", &[]);
    env.ok(&["follow-up", "jane", "tomorrow", "send deck"]);
    let sql = env.sql();
    sql.execute_batch(
        "UPDATE contact SET display_name = 'Jane \x1b]0;pwned\x07Doe', org = 'Acme\x1b[31mRED', \
                            title = 'T\x1b[2J', city = 'Ber\u{202e}lin';
         UPDATE interaction SET summary = 'renewal \x1b[31mtalk', body = 'renewal \x1b[31mtalk\n\tbell\x07';
         UPDATE follow_up SET note = 'send \x1b[5mdeck';",
    )
    .expect("write escapes directly");
    env
}

fn assert_no_escapes(what: &str, out: &str) {
    for bad in ['\x1b', '\x07', '\u{202e}'] {
        assert!(!out.contains(bad), "{what} wrote {bad:?} raw:\n{out:?}");
    }
}

#[test]
fn stored_escapes_never_reach_the_terminal() {
    let env = with_escapes_stored();
    let list = env.ok(&["list"]);
    assert_no_escapes("list", &list);
    assert!(list.contains("Acme\u{FFFD}[31mRED"), "{list}");
    let show = env.ok(&["show", "1"]);
    assert_no_escapes("show", &show);
    assert!(show.contains("Jane \u{FFFD}]0;pwned\u{FFFD}Doe"), "{show}");
    assert!(show.contains("send \u{FFFD}[5mdeck"), "{show}");
    let full = env.ok(&["show", "1", "--full"]);
    assert_no_escapes("show --full", &full);
    assert!(full.contains("\tbell\u{FFFD}"), "tabs are kept: {full:?}");
    assert_no_escapes("find", &env.ok(&["find", "jane"]));
    assert_no_escapes(
        "snooze",
        &stderr(&env.kith(["snooze", "1", "next week"]).success()),
    );
    assert_no_escapes("done", &stderr(&env.kith(["done", "1"]).success()));
    // JSON escapes control characters its own way (and is data: it keeps the rest).
    let json = env.ok(&["show", "1", "--json"]);
    assert!(!json.contains(['\x1b', '\x07']), "{json:?}");
    assert_no_escapes("delete", &stderr(&env.kith(["delete", "1"]).code(1)));
    assert_no_escapes(
        "delete --yes",
        &stderr(&env.kith(["delete", "1", "--yes"]).success()),
    );
    assert!(json.contains("\\u001b"), "{json}");
}

#[test]
fn one_tag_rule() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--tag", "Client Key"]);
    env.ok(&["edit", "jane", "--tag", "vip, Hot Lead"]);
    let shown = env.show("1");
    assert_eq!(
        shown["tags"],
        serde_json::json!(["client-key", "hot-lead", "vip"])
    );
    let before = env.state();
    let err = env.fails(&["edit", "jane", "--tag", "ok, bad\u{200b}tag"]);
    assert!(err.contains("tag"), "{err}");
    assert_eq!(env.state(), before);
}

#[test]
fn show_full_prints_every_body_and_note_prints_one() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &[]);
    let call = env.log(
        "jane",
        "call",
        "renewal talk\nwants a proposal\n\n- by friday",
        &[],
    );
    env.log("jane", "note", "one-liner", &[]);
    let short = env.ok(&["show", "jane"]);
    assert!(short.contains("renewal talk"), "{short}");
    assert!(
        !short.contains("wants a proposal"),
        "only the first line by default: {short}"
    );
    let full = env.ok(&["show", "jane", "--full"]);
    assert!(full.contains("      wants a proposal\n"), "{full}");
    assert!(full.contains("      - by friday\n"), "{full}");
    assert_eq!(full.matches("renewal talk").count(), 1, "{full}");
    let one = env.ok(&["show", "jane", "--note", &call.to_string()]);
    assert!(one.contains("renewal talk"), "{one}");
    assert!(one.contains("wants a proposal"), "{one}");
    assert!(!one.contains("one-liner"), "{one}");
    let json = env.json(&["show", "jane", "--note", &call.to_string(), "--json"]);
    assert_eq!(json["id"], call);
    let err = env.fails(&["show", "jane", "--note", "999"]);
    assert!(err.contains("no interaction #999"), "{err}");
}
