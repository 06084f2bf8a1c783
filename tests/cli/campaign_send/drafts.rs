//! Drafts: one private RFC 5322 file per recipient; what is refused before
//! anything is sent; a campaign made by `campaign new` sent as planned.

use std::path::Path;

use super::{config, emls, python, read_mail, setup, states};
use crate::util::TestEnv;

#[test]
fn drafts_are_private_rfc5322_files_written_once() {
    let env = TestEnv::new();
    setup(&env);
    config(&env, "from = \"Jane Doe <jane@example.com>\"");
    let dir = env.path("drafts/spring");
    let out = env.ok(&[
        "campaign",
        "send",
        "spring",
        "--drafts",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        out,
        format!(
            "Wrote 3 drafts (A 2, B 1) to {}; 1 skipped (consent withdrawn or unknown)\n",
            dir.display()
        )
    );
    let files = emls(&dir);
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["ann-archer-2.eml", "bob-baker-3.eml", "zoe-muller-1.eml"]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        for f in &files {
            assert_eq!(mode(f), 0o600, "{}", f.display());
        }
    }
    if let Some(python) = python() {
        let mail = read_mail(&python, &files);
        assert_eq!(mail.len(), 3);
        let zoe = &mail[2];
        assert_eq!(zoe["to"], "Zoë Müller <zoe@example.org>");
        assert_eq!(zoe["subject"], "Grüße, Zoë 🎉");
        assert_eq!(zoe["defects"], serde_json::json!([]));
    } else {
        let zoe = std::fs::read_to_string(&files[2]).expect("draft");
        assert!(zoe.contains("\r\nSubject: =?utf-8?"), "{zoe}");
    }
    let written: Vec<_> = files
        .iter()
        .map(|f| {
            std::fs::metadata(f)
                .expect("meta")
                .modified()
                .expect("mtime")
        })
        .collect();
    let again = env.ok(&[
        "campaign",
        "send",
        "spring",
        "--drafts",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(again, "nothing to send: all 3 messages were sent\n");
    let after: Vec<_> = emls(&dir)
        .iter()
        .map(|f| {
            std::fs::metadata(f)
                .expect("meta")
                .modified()
                .expect("mtime")
        })
        .collect();
    assert_eq!(written, after, "nothing written again");
}

/// The From header of a draft file.
fn from_header(file: &Path) -> String {
    let text = std::fs::read_to_string(file).expect("draft");
    text.lines()
        .find_map(|l| l.strip_prefix("From: "))
        .expect("a From header")
        .to_string()
}

#[test]
fn from_given_at_send_time_needs_no_config_and_overrides_it() {
    let env = TestEnv::new();
    setup(&env);
    let before = states(&env);
    let dir = env.path("drafts");
    let drafts = dir.to_str().expect("utf-8");
    // An invalid --from is refused, naming it; nothing is claimed or written.
    let err = env.fails(&[
        "campaign",
        "send",
        "spring",
        "--drafts",
        drafts,
        "--from",
        "Jane <not an address",
    ]);
    assert!(err.contains("--from is not valid"), "{err}");
    assert!(err.contains("Jane <not an address"), "{err}");
    let err = env.fails(&[
        "campaign", "send", "spring", "--drafts", drafts, "--from", " ",
    ]);
    assert!(err.contains("--from is empty"), "{err}");
    assert!(!dir.exists());
    assert_eq!(states(&env), before);
    assert_eq!(
        env.count("SELECT count(*) FROM campaign_recipient WHERE attempts > 0"),
        0
    );
    // No config file at all: --from is enough for drafts.
    let out = env.ok(&[
        "campaign",
        "send",
        "spring",
        "--drafts",
        drafts,
        "--from",
        "Ann Sender <ann@example.com>",
    ]);
    assert!(out.starts_with("Wrote 3 drafts"), "{out}");
    let files = emls(&dir);
    assert_eq!(files.len(), 3);
    for f in &files {
        assert_eq!(
            from_header(f),
            "\"Ann Sender\" <ann@example.com>",
            "{}",
            f.display()
        );
    }
    // With a configured sender, --from wins.
    let env = TestEnv::new();
    setup(&env);
    config(&env, "from = \"Jane Doe <jane@example.com>\"");
    let dir = env.path("drafts");
    env.ok(&[
        "campaign",
        "send",
        "spring",
        "--drafts",
        dir.to_str().expect("utf-8"),
        "--from",
        "bob@example.com",
    ]);
    let files = emls(&dir);
    assert_eq!(files.len(), 3);
    for f in &files {
        assert_eq!(from_header(f), "bob@example.com", "{}", f.display());
    }
}

#[test]
fn without_a_sender_or_a_way_to_send_nothing_is_sent_and_nothing_changes() {
    let env = TestEnv::new();
    setup(&env);
    let before = states(&env);
    let drafts = env.path("drafts");
    let err = env.fails(&[
        "campaign",
        "send",
        "spring",
        "--drafts",
        drafts.to_str().expect("utf-8"),
    ]);
    assert!(err.contains("outreach.from is not set"), "{err}");
    assert!(err.contains("give --from"), "{err}");
    assert!(err.contains("kith config paths"), "{err}");
    assert!(!drafts.exists());
    config(&env, "from = \"jane@example.com\"");
    let err = env.fails(&["campaign", "send", "spring"]);
    assert!(err.contains("no way to send configured"), "{err}");
    assert!(err.contains("--drafts DIR"), "{err}");
    config(&env, "from = \"Jane <not an address>\"");
    let err = env.fails(&["campaign", "send", "spring"]);
    assert!(err.contains("outreach.from"), "{err}");
    config(&env, "from = \"jane@example.com\"");
    let err = env.fails(&["campaign", "send", "autumn", "--drafts", "d"]);
    assert!(err.contains("no campaign named \"autumn\""), "{err}");
    assert_eq!(states(&env), before);
    assert_eq!(
        env.count("SELECT count(*) FROM campaign_recipient WHERE attempts > 0"),
        0
    );
}

#[test]
fn a_campaign_made_by_campaign_new_is_sent_as_it_was_planned() {
    let env = TestEnv::new();
    for (name, email, consent) in [
        ("Ann Archer", "ann@example.org", "granted"),
        ("Bob Baker", "bob@example.org", "granted"),
        ("Cid Cole", "cid@example.org", "granted"),
        ("Dee Dunn", "dee@example.org", "denied"),
    ] {
        env.add_contact(
            name,
            &["-e", email, "--consent", consent, "--tag", "client"],
        );
    }
    env.sql()
        .execute_batch(
            "INSERT INTO template (uid, name, subject, body, created_at, updated_at) VALUES
               ('t1', 'offer', 'Hello {{ first_name }}', 'Long letter.', 't', 't'),
               ('t2', 'short', 'Hi {{ first_name }}', 'Short note.', 't', 't');",
        )
        .expect("templates");
    env.ok(&[
        "campaign",
        "new",
        "autumn",
        "--where",
        "tag:client",
        "--template",
        "offer",
        "--variant",
        "B=short",
    ]);
    config(&env, "from = \"jane@example.com\"");
    let dir = env.path("drafts");
    let out = env.ok(&[
        "campaign",
        "send",
        "autumn",
        "--drafts",
        dir.to_str().expect("utf-8"),
    ]);
    assert!(out.starts_with("Wrote 3 drafts"), "{out}");
    // Each draft carries the variant and the Message-ID the campaign recorded.
    let db = env.sql();
    let mut stmt = db
        .prepare(
            "SELECT c.display_name, r.variant, r.message_id FROM campaign_recipient r
               JOIN contact c ON c.id = r.contact_id WHERE r.state = 'sent'",
        )
        .expect("prepare");
    let sent: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(sent.len(), 3);
    let files = emls(&dir);
    for (name, variant, id) in &sent {
        let first = name.split(' ').next().expect("first name");
        let draft = files
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("draft"))
            .find(|d| d.contains(&format!("Message-ID: <{id}>\r\n")))
            .unwrap_or_else(|| panic!("no draft for {name}"));
        let expected = if variant == "A" {
            format!("Subject: Hello {first}\r\n")
        } else {
            format!("Subject: Hi {first}\r\n")
        };
        assert!(draft.contains(&expected), "{variant}: {draft}");
    }
    assert_eq!(
        env.count("SELECT count(*) FROM campaign_recipient WHERE state = 'skipped'"),
        1
    );
}
