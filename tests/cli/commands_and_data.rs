//! Stored text reaches the commands kith runs only through the environment
//! (`remind --exec`, `reminder_command`), standard input (`send_command`)
//! or a file (`$EDITOR`), never spliced into a shell line: text written to
//! run something arrives intact and runs nothing.

use std::path::{Path, PathBuf};

use crate::util::TestEnv;

/// A name that runs `touch pwned` if it ever reaches a shell line unquoted
/// or quoted (every kind of substitution and quote).
const HOSTILE_NAME: &str = "Zq $(touch pwned) `touch pwned` ; touch pwned 'q\" $HOME|x&y";
/// The same for a follow-up's note.
const HOSTILE_NOTE: &str = "call $(touch pwned); `touch pwned` && touch pwned 'x\" \\ ${HOME}";
/// An address that is valid, and a command substitution to a shell.
const HOSTILE_EMAIL: &str = "`touch${IFS}pwned`{$HOME}@example.org";

/// Every file named `pwned` in the sandbox (there must be none).
fn planted(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(planted(&path));
        } else if path.file_name().is_some_and(|n| n == "pwned") {
            found.push(path);
        }
    }
    found
}

/// Contact and note of each item a command recorded (NUL-separated pairs).
fn recorded(file: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(file).expect("the command ran");
    let fields: Vec<&str> = text.split('\0').collect();
    fields
        .chunks(2)
        .filter(|pair| pair.len() == 2)
        .map(|pair| (pair[0].to_string(), pair[1].to_string()))
        .collect()
}

#[test]
fn remind_exec_gets_hostile_text_intact_in_its_environment_and_runs_none_of_it() {
    let env = TestEnv::new();
    env.add_contact(HOSTILE_NAME, &["-e", HOSTILE_EMAIL]);
    env.ok(&["follow-up", "1", "today", HOSTILE_NOTE]);
    // Another program put a newline in a note: the command sees it made
    // printable (U+FFFD), as a terminal would.
    env.add_contact("Nora Newline", &[]);
    env.ok(&["follow-up", "2", "today", "first"]);
    env.sql()
        .execute(
            "UPDATE follow_up SET note = ?1 WHERE contact_id = 2",
            ["line one\n$(touch pwned)"],
        )
        .expect("a note with a newline");
    let out = env.path("items.out");
    let cmd = format!(
        "printf '%s\\0%s\\0' \"$KITH_CONTACT\" \"$KITH_NOTE\" >> '{}'",
        out.display()
    );
    env.ok(&["remind", "--exec", &cmd]);
    let mut items = recorded(&out);
    items.sort();
    assert_eq!(
        items,
        [
            (
                "Nora Newline".to_string(),
                "line one\u{FFFD}$(touch pwned)".to_string()
            ),
            (HOSTILE_NAME.to_string(), HOSTILE_NOTE.to_string()),
        ]
    );
    assert_eq!(planted(env.path(".").as_path()), Vec::<PathBuf>::new());

    // The configured reminder_command runs the same way.
    let config = env.path("config/kith");
    std::fs::create_dir_all(&config).expect("config dir");
    let configured = env.path("configured.out");
    let line = format!(
        "printf '%s\\0%s\\0' \"$KITH_CONTACT\" \"$KITH_NOTE\" >> '{}'",
        configured.display()
    );
    std::fs::write(
        config.join("config.toml"),
        format!("reminder_command = {}\n", toml_string(&line)),
    )
    .expect("config");
    env.ok(&["remind", "--all"]);
    let mut items = recorded(&configured);
    items.sort();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[1],
        (HOSTILE_NAME.to_string(), HOSTILE_NOTE.to_string())
    );
    assert_eq!(planted(env.path(".").as_path()), Vec::<PathBuf>::new());
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a JSON string is a TOML basic string")
}

#[test]
fn send_command_gets_hostile_text_in_the_message_on_stdin_and_runs_none_of_it() {
    let env = TestEnv::new();
    env.add_contact(
        HOSTILE_NAME,
        &[
            "-e",
            HOSTILE_EMAIL,
            "--consent",
            "granted",
            "--tag",
            "client",
        ],
    );
    let body = env.path("body.txt");
    std::fs::write(&body, format!("Hello {{{{ name }}}},\n{HOSTILE_NOTE}\n")).expect("body");
    let subject = "Re: {{ name }} $(touch pwned)";
    let body_arg = body.to_str().expect("utf-8");
    env.ok(&["template", "add", "hostile", "-s", subject, "-f", body_arg]);
    env.ok(&[
        "campaign",
        "new",
        "spring",
        "--where",
        "tag:client",
        "-t",
        "hostile",
    ]);
    let fake =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/outreach/fake_sendmail.sh");
    let config = env.path("config/kith");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(
        config.join("config.toml"),
        format!(
            "[outreach]\nfrom = \"me@example.org\"\nsend_command = \"'{}' -t -i\"\n",
            fake.display()
        ),
    )
    .expect("config");
    let sent = env.path("sent");
    let assert = env
        .command()
        .env("KITH_FAKE_SENDMAIL_DIR", &sent)
        .args(["campaign", "send", "spring"])
        .assert()
        .success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(out.starts_with("Sent 1 message"), "{out}");
    // The command's words are the configured ones, nothing of the data.
    let args = std::fs::read_to_string(sent.join("args.log")).expect("args");
    assert_eq!(args, "-t -i\n");
    let message = std::fs::read_to_string(sent.join("0001.eml")).expect("the message");
    assert!(
        message.contains(&format!("<{HOSTILE_EMAIL}>\r\n")),
        "{message}"
    );
    assert!(
        message.contains(&format!("\r\n\r\nHello {HOSTILE_NAME},\r\n{HOSTILE_NOTE}")),
        "{message}"
    );
    // The subject is folded as mail headers are; unfolded it is intact.
    let unfolded = message.replace("\r\n ", " ");
    assert!(
        unfolded.contains(&format!("Subject: Re: {HOSTILE_NAME} $(touch pwned)\r\n")),
        "{message}"
    );
    assert_eq!(planted(env.path(".").as_path()), Vec::<PathBuf>::new());
}

/// `$EDITOR` gets the file's path as its own argument (`"$1"`), so a
/// temporary folder whose name is shell syntax runs nothing, and stored
/// text travels inside the file.
#[test]
fn the_editor_gets_a_path_it_cannot_misread_and_the_text_in_the_file() {
    let env = TestEnv::new();
    let body = env.path("body.txt");
    std::fs::write(&body, format!("Hi {{{{ first_name }}}}, {HOSTILE_NOTE}\n")).expect("body");
    env.ok(&[
        "template",
        "add",
        "note",
        "-s",
        "Hi",
        "-f",
        body.to_str().expect("utf-8"),
    ]);
    let tmp = env.path("tmp $(touch pwned); `touch pwned` 'q");
    std::fs::create_dir(&tmp).expect("a folder named like a command");
    let script = env.path("editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nprintf '%s' \"$1\" > given-path.txt\ncp \"$1\" seen.txt\n\
         printf 'Edited.\\n' > \"$1\"\n",
    )
    .expect("editor script");
    env.command()
        .env("TMPDIR", &tmp)
        .env("EDITOR", format!("sh '{}'", script.display()))
        .args(["template", "edit", "note"])
        .assert()
        .success();
    let given = std::fs::read_to_string(env.path("given-path.txt")).expect("the editor ran");
    assert!(
        Path::new(&given).starts_with(&tmp),
        "{given} is in {}",
        tmp.display()
    );
    let seen = std::fs::read_to_string(env.path("seen.txt")).expect("seen");
    assert!(seen.contains(HOSTILE_NOTE), "{seen}");
    assert_eq!(
        env.ok(&["template", "show", "note"]),
        "Subject: Hi\n\nEdited.\n"
    );
    assert_eq!(planted(env.path(".").as_path()), Vec::<PathBuf>::new());
}
