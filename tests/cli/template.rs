//! `kith template`: add, list, show, edit, rm and preview, through the real
//! binary; every refusal says where and why, and changes nothing.

use std::path::PathBuf;

use serde_json::Value;

use crate::util::{TestEnv, stderr, stdout};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/outreach")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Jane, with every merge field set: a purchase, a call, and a campaign
/// message after them (which is not "the last interaction").
fn with_jane() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact(
        "Jane Doe",
        &[
            "--email",
            "jane@acme.example",
            "--org",
            "Acme",
            "--title",
            "CTO",
            "--city",
            "Lyon",
            "--country",
            "France",
            "--stage",
            "customer",
            "--tag",
            "vip",
            "--tag",
            "client",
            "--field",
            "industry=robotics",
        ],
    );
    env.log(
        "jane",
        "purchase",
        "Annual licence",
        &["--amount", "1200 EUR", "--at", "2026-10-02"],
    );
    env.log(
        "jane",
        "call",
        "Roadmap talk",
        &["--at", "2026-11-20 15:00"],
    );
    env.sql()
        .execute(
            "INSERT INTO interaction (uid, contact_id, kind, direction, at, summary, campaign, variant,
                                      created_at, updated_at)
             VALUES ('c-1', 1, 'campaign', 'out', '2026-11-22 10:00:00', 'Old news', 'autumn', 'A',
                     '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z')",
            [],
        )
        .expect("a campaign message");
    env
}

fn add_welcome(env: &TestEnv) {
    let out = env.ok(&[
        "template",
        "add",
        "welcome",
        "--subject",
        "Hello {{ first_name }} at {{ org }}",
        "--body-file",
        &fixture("welcome.txt"),
    ]);
    assert_eq!(
        out,
        "Saved template welcome. See it for a contact: kith template preview welcome CONTACT\n"
    );
}

/// Every template as `template list --json` shows it, bodies included.
fn templates(env: &TestEnv) -> Value {
    let list = env.json(&["template", "list", "--json"]);
    let names: Vec<String> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|t| t["name"].as_str().expect("a name").to_string())
        .collect();
    let shown: Vec<Value> = names
        .iter()
        .map(|n| env.json(&["template", "show", n, "--json"]))
        .collect();
    Value::Array(shown)
}

const JANE_WELCOME: &str = "Subject: Hello Jane at Acme

Hi Jane,

Thank you for annual licence (1,200.00 EUR, 2026-10-02).

We last spoke 3 days ago (call: Roadmap talk).
ACME / CTO / Lyon, France / customer / robotics
- client
- vip

-- 
Sent to Jane Doe <jane@acme.example> Doe
";

#[test]
fn a_template_renders_every_merge_field_for_a_contact() {
    let env = with_jane();
    add_welcome(&env);
    assert_eq!(
        env.ok(&["template", "preview", "welcome", "jane"]),
        JANE_WELCOME
    );
    let json = env.json(&[
        "template",
        "preview",
        "welcome",
        "jane@acme.example",
        "--json",
    ]);
    assert_eq!(json["template"], "welcome");
    assert_eq!(json["contact_id"], 1);
    assert_eq!(json["contact"], "Jane Doe");
    assert_eq!(json["subject"], "Hello Jane at Acme");
    let body = JANE_WELCOME
        .split_once("\n\n")
        .expect("subject and body")
        .1
        .trim_end();
    assert_eq!(json["body"], body);
}

#[test]
fn missing_values_fall_back_or_render_empty() {
    let env = TestEnv::new();
    env.add_contact("Sam", &[]);
    add_welcome(&env);
    let out = env.ok(&["template", "preview", "welcome", "sam"]);
    assert_eq!(
        out,
        "Subject: Hello Sam at\n\nHi Sam,\n\nWe have not worked together yet.\n\n\
         We last spoke  days ago (: ).\n /  / ,  /  / your field\n\n-- \nSent to Sam <>\n"
    );
}

#[test]
fn list_and_show_print_what_was_stored() {
    let env = TestEnv::new();
    env.add_contact("Sam", &[]);
    assert_eq!(
        env.ok(&["template", "list"]),
        "No templates yet: kith template add NAME --subject S\n"
    );
    add_welcome(&env);
    env.command()
        .args(["template", "add", "checkin", "--subject", "Quick check-in"])
        .write_stdin("Hi {{ first_name }}, how are things?\r\n")
        .assert()
        .success();
    assert_eq!(
        env.ok(&["template", "list"]),
        "checkin               2026-11-23  Quick check-in\n\
         welcome               2026-11-23  Hello {{ first_name }} at {{ org }}\n"
    );
    let list = env.json(&["template", "ls", "--json"]);
    assert_eq!(list[0]["name"], "checkin");
    assert_eq!(list[1]["subject"], "Hello {{ first_name }} at {{ org }}");
    assert_eq!(list[1]["updated_at"], "2026-11-23T09:00:00Z");
    assert_eq!(
        env.ok(&["template", "show", "checkin"]),
        "Subject: Quick check-in\n\nHi {{ first_name }}, how are things?\n"
    );
    let shown = env.json(&["template", "show", "welcome", "--json"]);
    let file = std::fs::read_to_string(fixture("welcome.txt")).expect("fixture");
    assert_eq!(shown["body"], file.as_str());
    // "-" reads the body from standard input too.
    env.command()
        .args(["template", "add", "piped", "-s", "S", "--body-file", "-"])
        .write_stdin("Dear {{ name }}")
        .assert()
        .success();
    assert_eq!(
        env.json(&["template", "show", "piped", "--json"])["body"],
        "Dear {{ name }}"
    );
}

/// Runs a command that must fail, checks its message and hint, and that
/// the templates did not change.
fn refused(env: &TestEnv, args: &[&str], stdin: &str, expected: &[&str]) {
    let before = templates(env);
    let assert = env.command().args(args).write_stdin(stdin).assert().code(1);
    assert_eq!(stdout(&assert), "", "stdout of {args:?}");
    let err = stderr(&assert);
    for part in expected {
        assert!(err.contains(part), "{args:?}: {part:?} not in:\n{err}");
    }
    assert_eq!(templates(env), before, "{args:?} changed the templates");
}

#[test]
fn a_bad_template_is_refused_with_where_and_why() {
    let env = with_jane();
    add_welcome(&env);
    let bad_syntax = fixture("bad-syntax.txt");
    refused(
        &env,
        &["template", "add", "broken", "-s", "Hi", "-f", &bad_syntax],
        "",
        &[
            "kith: body line 4, column 23: syntax error: unexpected `}`, expected end of variable block\n",
            "hint: the template syntax (Jinja) and the merge fields are in docs/outreach.md",
        ],
    );
    refused(
        &env,
        &[
            "template",
            "add",
            "typo",
            "-s",
            "Hello {{ frist_name }}",
            "-f",
            &fixture("welcome.txt"),
        ],
        "",
        &[
            "kith: subject line 1, column 10: unknown merge field \"frist_name\"\n",
            "hint: did you mean first_name? merge fields: name, first_name, last_name, email, org, \
             title, city, country, stage, tags, fields, last_interaction, last_purchase, \
             days_since_contact; a custom field is fields.KEY",
        ],
    );
    refused(
        &env,
        &[
            "template",
            "add",
            "typo",
            "-s",
            "Hi",
            "-f",
            &fixture("unknown-field.txt"),
        ],
        "",
        &[
            "kith: body line 3, column 11: unknown merge field \"compnay\"\n",
            "hint: merge fields: name, first_name,",
        ],
    );
    refused(
        &env,
        &["template", "add", "nested", "-s", "Hi"],
        "About {{ last_interaction.summmary }}",
        &[
            "kith: body line 1, column 10: last_interaction has no attribute \"summmary\"\n",
            "hint: did you mean summary? last_interaction has kind, summary, date",
        ],
    );
}

#[test]
fn a_duplicate_a_bad_name_an_empty_body_or_subject_are_refused() {
    let env = with_jane();
    add_welcome(&env);
    refused(
        &env,
        &[
            "template",
            "add",
            "welcome",
            "-s",
            "Hi",
            "-f",
            &fixture("welcome.txt"),
        ],
        "",
        &[
            "kith: there is already a template named welcome\n",
            "hint: pick another name, or change that one: kith template edit welcome",
        ],
    );
    refused(
        &env,
        &["template", "add", "blank", "-s", "Hi"],
        " \n\n",
        &["kith: the body is empty; nothing was saved\n"],
    );
    refused(
        &env,
        &[
            "template",
            "add",
            "no subject",
            "-s",
            "Hi",
            "-f",
            &fixture("welcome.txt"),
        ],
        "",
        &["is not a template name: use one word"],
    );
    refused(
        &env,
        &[
            "template",
            "add",
            "nosubject",
            "-s",
            "  ",
            "-f",
            &fixture("welcome.txt"),
        ],
        "",
        &["kith: a template needs a subject\n"],
    );
    refused(
        &env,
        &["template", "add", "nofile", "-s", "Hi", "-f", "missing.txt"],
        "",
        &["kith: cannot read missing.txt:"],
    );
}

#[test]
fn missing_templates_and_contacts_are_named_in_the_error() {
    let env = with_jane();
    refused(
        &env,
        &["template", "show", "welcome"],
        "",
        &[
            "kith: there is no template named welcome\n",
            "there are no templates yet",
        ],
    );
    add_welcome(&env);
    refused(
        &env,
        &["template", "preview", "welcom", "jane"],
        "",
        &[
            "kith: there is no template named welcom\n",
            "hint: the templates are: welcome\n",
        ],
    );
    refused(
        &env,
        &["template", "preview", "welcome", "nobody"],
        "",
        &["kith: no contact matches \"nobody\""],
    );
    refused(
        &env,
        &["template", "rm", "nope"],
        "",
        &["there is no template named nope"],
    );
    refused(
        &env,
        &["template", "edit", "nope", "-s", "x"],
        "",
        &["there is no template named nope"],
    );
}

#[test]
fn edit_changes_the_subject_or_the_body_and_refuses_a_bad_one() {
    let env = with_jane();
    add_welcome(&env);
    assert_eq!(
        env.ok(&[
            "template",
            "edit",
            "welcome",
            "--subject",
            "News for {{ org }}"
        ]),
        "Updated template welcome.\n"
    );
    let out = env.ok(&["template", "preview", "welcome", "jane"]);
    assert!(
        out.starts_with("Subject: News for Acme\n\nHi Jane,\n"),
        "{out}"
    );
    let body = env.path("short.txt");
    std::fs::write(&body, "Short: {{ tags | length }} tags").expect("body file");
    env.ok(&["template", "edit", "welcome", "-f", &body.to_string_lossy()]);
    assert_eq!(
        env.ok(&["template", "preview", "welcome", "jane"]),
        "Subject: News for Acme\n\nShort: 2 tags\n"
    );
    assert_eq!(
        env.ok(&["template", "edit", "welcome", "-s", "News for {{ org }}"]),
        "No change to template welcome.\n"
    );
    refused(
        &env,
        &["template", "edit", "welcome", "-s", "{{ org"],
        "",
        &["kith: subject line 1, column 4: syntax error"],
    );
    refused(
        &env,
        &[
            "template",
            "edit",
            "welcome",
            "-f",
            &fixture("unknown-field.txt"),
        ],
        "",
        &["kith: body line 3, column 11: unknown merge field \"compnay\""],
    );
}

/// An editor that records the file it was given (`seen.txt`) and replaces
/// the body after the help comment with `new.txt`.
fn editor(env: &TestEnv, new_body: &str) -> String {
    std::fs::write(env.path("new.txt"), new_body).expect("new body");
    let script = env.path("editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\ncp \"$1\" seen.txt\n\
         sed -n '1,/-#}/p' seen.txt > \"$1\"\ncat new.txt >> \"$1\"\n",
    )
    .expect("editor script");
    format!("sh {}", script.display())
}

#[test]
fn edit_without_flags_opens_the_editor_on_the_body() {
    let env = with_jane();
    env.command()
        .args(["template", "add", "checkin", "-s", "Hi {{ first_name }}"])
        .write_stdin("How is {{ org }}?")
        .assert()
        .success();
    let ed = editor(&env, "How is {{ org }} in {{ city }}?\n");
    let assert = env
        .command()
        .env("EDITOR", &ed)
        .args(["template", "edit", "checkin"])
        .assert()
        .success();
    assert_eq!(stdout(&assert), "Updated template checkin.\n");
    let seen = std::fs::read_to_string(env.path("seen.txt")).expect("the editor ran");
    assert!(
        seen.starts_with("{#- The body of template checkin;"),
        "{seen}"
    );
    assert!(seen.ends_with("-#}\nHow is {{ org }}?"), "{seen}");
    // The help comment is taken off again.
    assert_eq!(
        env.ok(&["template", "show", "checkin"]),
        "Subject: Hi {{ first_name }}\n\nHow is {{ org }} in {{ city }}?\n"
    );
    assert_eq!(
        env.ok(&["template", "preview", "checkin", "jane"]),
        "Subject: Hi Jane\n\nHow is Acme in Lyon?\n"
    );

    // A body that does not parse is refused, nothing changes, and what was
    // typed is kept in a file the hint names.
    let ed = editor(&env, "How is {% if org %}{{ org }}?\n");
    let before = templates(&env);
    let assert = env
        .command()
        .env("EDITOR", &ed)
        .args(["template", "edit", "checkin"])
        .assert()
        .code(1);
    let err = stderr(&assert);
    assert!(
        err.starts_with("kith: body line 1, column 29: syntax error: unexpected end of input"),
        "{err}"
    );
    let kept = err
        .split("your text is kept in ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .expect("the hint names a file");
    assert!(
        std::fs::read_to_string(kept)
            .expect("the kept text")
            .ends_with("How is {% if org %}{{ org }}?\n")
    );
    assert_eq!(templates(&env), before);

    // An empty body is refused too.
    let ed = editor(&env, "");
    let assert = env
        .command()
        .env("EDITOR", &ed)
        .args(["template", "edit", "checkin"])
        .assert()
        .code(1);
    assert!(stderr(&assert).contains("the body is empty; nothing was saved"));
    assert_eq!(templates(&env), before);
}

#[test]
fn rm_removes_only_that_template() {
    let env = TestEnv::new();
    add_welcome(&env);
    env.command()
        .args(["template", "add", "checkin", "-s", "Hi"])
        .write_stdin("Body")
        .assert()
        .success();
    assert_eq!(
        env.ok(&["template", "rm", "WELCOME"]),
        "Removed template welcome (campaigns keep their own copy).\n"
    );
    let list = env.json(&["template", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["name"], "checkin");
}

#[test]
fn stored_control_characters_never_reach_the_output() {
    let env = with_jane();
    env.sql()
        .execute(
            "UPDATE contact SET org = 'Ac\u{1b}[31mme', title = 'C\u{7}TO' WHERE id = 1",
            [],
        )
        .expect("a hostile value");
    env.command()
        .args(["template", "add", "t", "-s", "{{ org }}"])
        .write_stdin("{{ title }}\n{{ org }}")
        .assert()
        .success();
    let out = env.ok(&["template", "preview", "t", "jane"]);
    assert_eq!(
        out,
        "Subject: Ac\u{FFFD}[31mme\n\nC\u{FFFD}TO\nAc\u{FFFD}[31mme\n"
    );
}

/// `template add` with no body file on a terminal opens the editor on a
/// help comment, which is taken off again.
#[test]
fn add_on_a_terminal_opens_the_editor() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let env = with_jane();
    let ed = editor(&env, "Hello {{ first_name }}!\n");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(crate::util::kith_bin());
    cmd.args(["template", "add", "hello", "--subject", "Hi"]);
    cmd.cwd(env.path(""));
    cmd.env("KITH_DB", env.db());
    cmd.env("KITH_NOW", crate::util::NOW);
    cmd.env("HOME", env.path(""));
    cmd.env("TMPDIR", env.path("tmp"));
    cmd.env("EDITOR", &ed);
    cmd.env_remove("VISUAL");
    let mut child = pty.slave.spawn_command(cmd).expect("spawn kith");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let output = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut reader, &mut out);
        out
    });
    let status = child.wait().expect("kith ends");
    drop(pty.master);
    let out = output.join().expect("reader thread");
    assert!(status.success(), "{out}");
    assert!(out.contains("Saved template hello."), "{out}");
    let seen = std::fs::read_to_string(env.path("seen.txt")).expect("the editor ran");
    assert!(
        seen.starts_with("{#- The body of template hello;"),
        "{seen}"
    );
    assert_eq!(
        env.ok(&["template", "preview", "hello", "jane"]),
        "Subject: Hi\n\nHello Jane!\n"
    );
}
