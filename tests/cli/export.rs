//! `kith export`: selections, files written whole and private, one person's
//! whole record, and bad destinations refused with nothing written.

use std::process::Stdio;

use serde_json::Value;

use crate::util::{TestEnv, as_array, stderr, text};

fn names(doc: &Value) -> Vec<String> {
    as_array(&doc["contacts"])
        .iter()
        .map(|c| text(c, "name").to_string())
        .collect()
}

fn three_contacts() -> TestEnv {
    let env = TestEnv::new();
    env.add_contact(
        "Jane Doe <jane@acme.io>",
        &[
            "--tag",
            "client",
            "--street",
            "1 Main St",
            "--city",
            "Springfield",
        ],
    );
    env.add_contact("Bob Roe <bob@globex.com>", &["--tag", "client"]);
    env.add_contact("Old Friend <old@example.org>", &["--tag", "client"]);
    env.ok(&["archive", "old friend"]);
    env
}

#[test]
fn json_export_lists_live_contacts_by_tag_and_archived_on_request() {
    let env = three_contacts();
    env.add_contact("Zed Other", &[]);
    let all = env.json(&["export", "--format", "json"]);
    assert_eq!(all["kith"], 1);
    assert_eq!(names(&all), ["Bob Roe", "Jane Doe", "Zed Other"]);
    let clients = env.json(&["export", "--format", "json", "--where", "client"]);
    assert_eq!(names(&clients), ["Bob Roe", "Jane Doe"]);
    let with_archived = env.json(&[
        "export",
        "--format",
        "json",
        "--where",
        "client",
        "--archived",
    ]);
    assert_eq!(names(&with_archived), ["Bob Roe", "Jane Doe", "Old Friend"]);
    let jane = &as_array(&clients["contacts"])[1];
    assert_eq!(text(jane, "street"), "1 Main St");
    assert_eq!(jane["emails"][0], "jane@acme.io");
}

#[cfg(unix)]
#[test]
fn a_file_is_private_named_on_stderr_and_its_format_comes_from_the_extension() {
    use std::os::unix::fs::PermissionsExt;
    let env = three_contacts();
    let assert = env.kith(["export", "-o", "out.json"]).success();
    assert_eq!(stderr(&assert), "exported 2 contacts to out.json\n");
    let path = env.path("out.json");
    let mode = std::fs::metadata(&path)
        .expect("written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let doc: Value = serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("JSON");
    assert_eq!(names(&doc), ["Bob Roe", "Jane Doe"]);
    // Replaced whole; no temporary file left beside it.
    env.ok(&["export", "-o", "out.json", "--where", "nobody-has-this"]);
    let doc: Value = serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("JSON");
    assert!(names(&doc).is_empty());
    let leftovers: Vec<_> = std::fs::read_dir(env.path(""))
        .expect("ls")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_bad_destination_is_refused_and_nothing_is_written() {
    let env = three_contacts();
    std::fs::create_dir(env.path("adir")).expect("dir");
    let err = env.fails(&["export", "-o", "adir"]);
    assert!(err.contains("adir: it is a directory"), "{err}");
    assert_eq!(std::fs::read_dir(env.path("adir")).expect("ls").count(), 0);
    let err = env.fails(&["export", "-o", "missing/out.vcf"]);
    assert!(
        err.contains("cannot write missing/out.vcf: no such directory"),
        "{err}"
    );
    assert!(!env.path("missing").exists());
    let err = env.fails(&["export", "--contact", "nobody-at-all"]);
    assert!(err.contains("nobody-at-all"), "{err}");
    let err = env.kith(["export", "--format", "pdf"]).code(2);
    assert!(stderr(&err).contains("not a format"), "{}", stderr(&err));
}

#[test]
fn one_persons_export_holds_everything_kept_on_them() {
    let env = three_contacts();
    env.log(
        "jane",
        "call",
        "renewal talk\nwants a proposal by Friday",
        &[],
    );
    env.log("bob", "call", "not about Jane", &[]);
    env.ok(&["follow-up", "jane", "next fri", "send the proposal"]);
    let done = env.ok(&["follow-up", "jane", "tomorrow", "call back"]);
    env.ok(&["done", done.trim()]);
    let doc = env.json(&["export", "--contact", "jane"]);
    assert_eq!(doc["kith"], 1);
    assert_eq!(text(&doc["contact"], "name"), "Jane Doe");
    let interactions = as_array(&doc["interactions"]);
    assert_eq!(interactions.len(), 1);
    assert_eq!(
        text(&interactions[0], "body"),
        "renewal talk\nwants a proposal by Friday"
    );
    let follow_ups = as_array(&doc["follow_ups"]);
    assert_eq!(follow_ups.len(), 2);
    assert_eq!(
        follow_ups.iter().filter(|f| f["done_at"].is_null()).count(),
        1
    );
    assert!(as_array(&doc["sources"]).is_empty());
    assert!(as_array(&doc["audit"]).is_empty());

    let assert = env
        .kith(["export", "--contact", "jane", "-o", "jane.json"])
        .success();
    assert!(
        stderr(&assert).contains("Jane Doe (#1) to jane.json"),
        "{}",
        stderr(&assert)
    );
    let file: Value =
        serde_json::from_slice(&std::fs::read(env.path("jane.json")).expect("read")).expect("JSON");
    assert_eq!(file["interactions"], doc["interactions"]);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let env = three_contacts();
    for args in [
        &["export", "--format", "json"][..],
        &["export", "--contact", "jane"],
    ] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = env
            .std_command()
            .args(args)
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("run kith");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "kith {args:?}: {err}");
        assert_eq!(err, "", "kith {args:?} is quiet");
    }
}

// The vCard and CSV writers: these run once they are merged in.

#[test]
fn vcard_is_the_default_and_holds_the_uid() {
    let env = three_contacts();
    let out = env.ok(&["export"]);
    assert_eq!(out.matches("BEGIN:VCARD").count(), 2, "{out}");
    assert!(out.contains("VERSION:4.0"), "{out}");
    assert!(out.contains("UID:"), "{out}");
    assert!(out.contains("Jane Doe"), "{out}");
    env.ok(&["export", "-o", "all.vcf"]);
    let file = std::fs::read_to_string(env.path("all.vcf")).expect("read");
    assert_eq!(file.matches("BEGIN:VCARD").count(), 2);
    let card = env.ok(&["export", "--contact", "jane", "--format", "vcard"]);
    assert_eq!(card.matches("BEGIN:VCARD").count(), 1, "{card}");
}

#[test]
fn csv_from_the_extension_has_a_header_and_a_row_each() {
    let env = three_contacts();
    env.ok(&["export", "-o", "clients.csv", "--where", "client"]);
    let file = std::fs::read_to_string(env.path("clients.csv")).expect("read");
    let mut reader = csv::Reader::from_reader(file.as_bytes());
    assert!(reader.headers().expect("header").len() > 3, "{file}");
    assert_eq!(reader.records().count(), 2, "{file}");
    assert!(file.contains("jane@acme.io"), "{file}");
}

/// What must survive an export and an import into an empty database.
fn kept(contact: &Value) -> Value {
    let mut c = contact.clone();
    if let Some(map) = c.as_object_mut() {
        for key in [
            "uid",
            "created_at",
            "updated_at",
            "last_contact",
            "source",
            "consent_at",
        ] {
            map.remove(key);
        }
    }
    c
}

#[test]
fn every_format_imported_into_an_empty_database_gives_the_same_contacts() {
    let env = three_contacts();
    env.add_contact(
        "Ana Lima <ana@example.org>",
        &[
            "--phone",
            "+55 11 91234 5678",
            "--birthday",
            "1985-04-12",
            "--field",
            "industry=fintech",
            "--street",
            "Rua Augusta 1200; apto 3",
            "--region",
            "SP",
            "--postcode",
            "01000-000",
            "--tag",
            "client, vip",
        ],
    );
    env.add_contact(
        "Ole Berg",
        &["--phone", "+49 89 5550100 ext. 12", "--birthday", "--04-12"],
    );
    let exported = env.json(&["export", "--archived", "--format", "json"]);
    let a: Vec<Value> = as_array(&exported["contacts"]).iter().map(kept).collect();
    for file in ["all.json", "all.csv", "all.vcf"] {
        env.ok(&["export", "--archived", "-o", file]);
        let other = TestEnv::new();
        other.ok(&["import", env.path(file).to_str().expect("utf-8 path")]);
        let imported = other.json(&["export", "--archived", "--format", "json"]);
        let b: Vec<Value> = as_array(&imported["contacts"]).iter().map(kept).collect();
        assert_eq!(a, b, "{file}");
    }
}

#[test]
fn a_persons_export_keeps_both_feedback_scales() {
    let env = three_contacts();
    env.log(
        "jane",
        "feedback",
        "survey",
        &["--rating", "4", "--nps", "9"],
    );
    env.log("jane", "feedback", "nps only", &["--nps", "0"]);
    env.log("jane", "call", "no scores", &[]);
    let doc = env.json(&["export", "--contact", "jane"]);
    let mut scores: Vec<(String, String, String)> = as_array(&doc["interactions"])
        .iter()
        .map(|i| {
            (
                text(i, "summary").to_string(),
                i["rating"].to_string(),
                i["nps"].to_string(),
            )
        })
        .collect();
    scores.sort();
    assert_eq!(
        scores,
        [
            ("no scores".into(), "null".into(), "null".into()),
            ("nps only".into(), "null".into(), "0".into()),
            ("survey".into(), "4".into(), "9".into()),
        ]
    );
}

#[test]
fn a_persons_export_names_the_import_that_brought_them_in() {
    let env = TestEnv::new();
    std::fs::write(
        env.path("in.json"),
        r#"{"kith": 1, "contacts": [{"uid": "ext-1", "name": "Jane Doe", "emails": ["jane@acme.io"]}]}"#,
    )
    .expect("seed");
    env.ok(&["import", "in.json"]);
    let doc = env.json(&["export", "--contact", "jane"]);
    let sources = as_array(&doc["sources"]);
    assert!(!sources.is_empty(), "{doc}");
    let audit = as_array(&doc["audit"]);
    assert_eq!(audit.len(), 1, "{doc}");
    assert_eq!(audit[0]["action"], "import");
    assert_eq!(sources[0]["audit_id"], audit[0]["id"]);
}
