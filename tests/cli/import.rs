//! `kith import`: address books in, all or nothing, never doubled.

use std::io::Write;
use std::time::Duration;

use serde_json::Value;

use crate::util::{TestEnv, as_array, keys, sorted, stderr, stdout, text};

/// Copies a fixture of tests/fixtures/import into the sandbox, so the
/// report names it as the user typed it.
fn fixture(env: &TestEnv, name: &str) -> String {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    std::fs::copy(&from, env.path(name)).expect("copy the fixture");
    name.to_string()
}

fn import_json(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["import", "--json"];
    all.extend_from_slice(args);
    env.json(&all)
}

fn reasons(report: &Value, key: &str) -> Vec<String> {
    as_array(&report[key])
        .iter()
        .map(|w| format!("{}:{}: {}", text(w, "file"), w["line"], text(w, "reason")))
        .collect()
}

fn contact<'a>(contacts: &'a [Value], name: &str) -> &'a Value {
    contacts
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name} among {contacts:?}"))
}

#[test]
fn contacts_come_in_with_their_source_and_consent() {
    let env = TestEnv::new();
    let file = fixture(&env, "people.json");
    let out = env.ok(&[
        "import",
        &file,
        "--source",
        "conference",
        "--consent",
        "granted",
    ]);
    assert!(
        out.starts_with("imported 3, updated 0, unchanged 0, rejected 1\n"),
        "{out}"
    );
    let contacts = env.contacts();
    assert_eq!(contacts.len(), 3);
    for c in &contacts {
        assert_eq!(c["source"], "conference", "{c}");
        assert_eq!(c["consent"], "granted", "{c}");
    }
    let jane = env.show("jane@acme.io");
    assert_eq!(jane["org"], "Acme");
    assert_eq!(jane["title"], "CTO");
    assert_eq!(jane["phones"][0], "+49301234567");
    assert_eq!(jane["tags"][0], "client");
    assert_eq!(jane["birthday"], "--04-12");
    let carol = contact(&contacts, "Carol Wu");
    assert_eq!(carol["city"], "London");
}

#[test]
fn without_a_source_the_files_kind_is_recorded_and_consent_is_unknown() {
    let env = TestEnv::new();
    let file = fixture(&env, "people.json");
    env.ok(&["import", &file]);
    let jane = env.show("jane@acme.io");
    assert_eq!(jane["source"], "kith");
    assert_eq!(jane["consent"], "unknown");
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let env = TestEnv::new();
    let file = fixture(&env, "people.json");
    env.ok(&["import", &file]);
    let before = env.state();
    let report = env
        .command()
        .env("KITH_NOW", "2026-11-24 10:00")
        .args(["import", "--json", &file])
        .assert()
        .success();
    let report: Value = serde_json::from_str(&stdout(&report)).expect("JSON");
    assert_eq!(
        (
            &report["imported"],
            &report["updated"],
            &report["unchanged"]
        ),
        (&Value::from(0), &Value::from(0), &Value::from(3)),
        "{report}"
    );
    assert_eq!(env.state(), before, "not even updated_at moved");
    assert_eq!(env.count("SELECT count(*) FROM contact"), 3);
}

#[test]
fn an_email_match_gains_what_is_new_and_keeps_what_it_had() {
    let env = TestEnv::new();
    let id = env.add_contact("Jane Doe", &["--email", "jane@acme.io", "--title", "CTO"]);
    let file = fixture(&env, "update.json");
    let report = import_json(&env, &[&file]);
    assert_eq!(report["imported"], 0, "{report}");
    assert_eq!(report["updated"], 1, "{report}");
    let warnings = reasons(&report, "warnings");
    assert!(
        warnings.contains(&r#"update.json:2: kept title "CTO"; the file says "CEO""#.to_string()),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with(r#"update.json:3: kept name "Jane Doe""#)),
        "{warnings:?}"
    );
    let jane = env.show(&id.to_string());
    assert_eq!(jane["title"], "CTO");
    assert_eq!(jane["city"], "Berlin");
    assert_eq!(
        jane["emails"],
        serde_json::json!(["jane@acme.io", "jane.doe@home.example"]),
        "the same address in other case is not added twice"
    );
    assert_eq!(jane["phones"], serde_json::json!(["+49307654321"]));
    assert_eq!(jane["tags"], serde_json::json!(["speaker"]));
    assert_eq!(env.count("SELECT count(*) FROM contact"), 1);
}

#[test]
fn a_phone_alone_is_no_identity_but_a_possible_duplicate() {
    let env = TestEnv::new();
    let id = env.add_contact("Carol Switchboard", &["--phone", "+44 20 7946 0958"]);
    let file = fixture(&env, "people.json");
    let report = import_json(&env, &[&file]);
    assert_eq!(report["imported"], 3, "{report}");
    assert_eq!(
        reasons(&report, "possible_duplicates"),
        vec![format!(
            "people.json:5: Carol Wu shares the phone +442079460958 with #{id} Carol Switchboard"
        )]
    );
    assert_eq!(env.count("SELECT count(*) FROM contact"), 4);
}

#[test]
fn values_that_break_the_rules_are_reported_and_left_out() {
    let env = TestEnv::new();
    let file = fixture(&env, "people.json");
    let report = import_json(&env, &[&file]);
    assert_eq!(
        reasons(&report, "warnings"),
        vec![
            r#"people.json:3: "not an address" is not an email address; left out"#.to_string(),
            r#"people.json:3: phone "call the office" is not a phone number; left out"#.into(),
        ]
    );
    let bob = env.show("bob@stone.example");
    assert_eq!(bob["emails"], serde_json::json!(["bob@stone.example"]));
    assert_eq!(bob["phones"], serde_json::json!([]));
    assert_eq!(bob["fields"]["home-page"], "https://stone.example");
}

#[test]
fn a_card_with_nothing_to_identify_it_is_rejected_at_its_line() {
    let env = TestEnv::new();
    let file = fixture(&env, "people.json");
    let out = env.ok(&["import", &file]);
    assert!(
        out.contains("rejected (1):\n  people.json:4: no name, e-mail or phone\n"),
        "{out}"
    );
}

#[test]
fn the_json_report_has_stable_keys() {
    let env = TestEnv::new();
    let file = fixture(&env, "people.json");
    let report = import_json(&env, &[&file]);
    assert_eq!(
        keys(&report),
        sorted(&[
            "imported",
            "updated",
            "unchanged",
            "rejected",
            "warnings",
            "possible_duplicates",
            "dry_run"
        ])
    );
    assert_eq!(
        keys(&report["rejected"][0]),
        sorted(&["file", "line", "reason"])
    );
    assert_eq!(report["dry_run"], false);
}

#[test]
fn a_dry_run_reports_the_same_and_writes_nothing() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io", "--title", "CEO"]);
    let file = fixture(&env, "people.json");
    let before = env.state();
    let bytes = std::fs::read(env.db()).expect("db");
    let dry = import_json(&env, &[&file, "--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(env.state(), before);
    assert_eq!(std::fs::read(env.db()).expect("db"), bytes);
    assert_eq!(env.count("SELECT count(*) FROM audit_log"), 0);
    let out = env.ok(&["import", &file, "--dry-run"]);
    assert!(out.starts_with("dry run: nothing was written"), "{out}");
    let real = import_json(&env, &[&file]);
    for key in [
        "imported",
        "updated",
        "unchanged",
        "rejected",
        "warnings",
        "possible_duplicates",
    ] {
        assert_eq!(dry[key], real[key], "{key}");
    }
    assert_eq!(
        (&real["imported"], &real["updated"]),
        (&Value::from(2), &Value::from(1))
    );
}

#[test]
fn each_run_leaves_an_audit_entry() {
    let env = TestEnv::new();
    let file = fixture(&env, "people.json");
    env.ok(&["import", &file]);
    env.ok(&["import", &file]);
    let conn = env.sql();
    let mut stmt = conn
        .prepare("SELECT action, summary, detail FROM audit_log ORDER BY id")
        .expect("prepare");
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, "import");
    assert_eq!(
        rows[0].1,
        "imported 3, updated 0, unchanged 0, rejected 1 from people.json"
    );
    assert_eq!(
        rows[1].1,
        "imported 0, updated 0, unchanged 3, rejected 1 from people.json"
    );
    let detail: Value = serde_json::from_str(&rows[0].2).expect("detail is JSON");
    assert_eq!(detail["imported"], 3);
    assert_eq!(detail["files"], serde_json::json!(["people.json"]));
    // Each new contact remembers the run that brought it in.
    assert_eq!(
        env.count(
            "SELECT count(*) FROM import_key WHERE audit_id = 1 AND scope = 'row:people.json'"
        ),
        3
    );
}

/// Runs `kith import FILE…`, expecting exit 1 and an error naming `named`,
/// and checks that nothing changed.
fn refused(env: &TestEnv, files: &[&str], named: &str, why: &str) {
    let before = env.state();
    let audit = env.count("SELECT count(*) FROM audit_log");
    let mut args = vec!["import"];
    args.extend_from_slice(files);
    let err = env.fails(&args);
    assert!(err.contains(named), "names {named}: {err}");
    assert!(err.contains(why), "says {why}: {err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(env.state(), before);
    assert_eq!(env.count("SELECT count(*) FROM audit_log"), audit);
}

#[test]
fn files_that_are_no_address_book_are_refused_and_nothing_changes() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    std::fs::write(env.path("empty.vcf"), b"").expect("write");
    std::fs::write(env.path("blank.csv"), b"  \n\n").expect("write");
    std::fs::write(
        env.path("photo.vcf"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .expect("write");
    std::fs::create_dir(env.path("folder.vcf")).expect("mkdir");
    refused(&env, &["empty.vcf"], "empty.vcf", "the file is empty");
    refused(&env, &["blank.csv"], "blank.csv", "the file is empty");
    refused(&env, &["photo.vcf"], "photo.vcf", "not an address book");
    refused(&env, &["folder.vcf"], "folder.vcf", "folder");
    refused(&env, &["missing.vcf"], "missing.vcf", "no such file");
}

#[test]
fn damaged_utf8_is_refused_with_its_line_and_a_ragged_row_costs_that_row() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    std::fs::write(
        env.path("damaged.csv"),
        b"Name,E-mail\nJ\xC3\xBCrgen Gro\xC3\x9F,j@gross.de\nBad \xFF Byte,b@x.de\n",
    )
    .expect("write");
    refused(
        &env,
        &["damaged.csv"],
        "damaged.csv",
        "line 3: invalid UTF-8",
    );

    std::fs::write(
        env.path("ragged.csv"),
        "Name,E-mail,Company\nAda Quill,ada@quill.io,Quill Ltd\nBo Li,bo@li.io\nCy Ng,cy@ng.io,Ng & Co\n",
    )
    .expect("write");
    let report = import_json(&env, &["ragged.csv"]);
    assert_eq!(report["imported"], 2, "{report}");
    assert_eq!(
        reasons(&report, "rejected"),
        vec!["ragged.csv:3: row has 2 cells, the header 3".to_string()]
    );
    assert!(env.contacts().iter().all(|c| c["name"] != "Bo Li"));
}

#[test]
fn a_huge_sparse_file_is_refused_from_its_first_bytes() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    let file = std::fs::File::create(env.path("huge.vcf")).expect("create");
    file.set_len(2 * 1024 * 1024 * 1024)
        .expect("a 2 GB sparse file");
    refused(&env, &["huge.vcf"], "huge.vcf", "not an address book");
    let err = env.fails(&["import", "--format", "vcard", "huge.vcf"]);
    assert!(
        err.contains("huge.vcf") && err.contains("up to 1 GiB"),
        "{err}"
    );
}

#[test]
fn a_bad_second_file_keeps_the_first_one_out_too() {
    let env = TestEnv::new();
    env.add_contact("Someone Else", &[]);
    let good = fixture(&env, "people.json");
    std::fs::write(env.path("broken.json"), b"{\"contacts\": [").expect("write");
    refused(&env, &[&good, "broken.json"], "broken.json", "line 1");
    assert_eq!(env.count("SELECT count(*) FROM contact"), 1);
}

#[test]
fn a_forgotten_person_stays_out_unless_allowed_back() {
    let env = TestEnv::new();
    env.add_contact("Someone Else", &[]);
    let file = fixture(&env, "people.json");
    {
        // What `kith forget` leaves: the database's salt and a salted hash
        // of each way to reach the person.
        let conn = env.sql();
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('forgotten_salt', 'test-salt')",
            [],
        )
        .expect("salt");
        let hash = kith::domain::privacy::fingerprint("test-salt", "email:bob@stone.example");
        conn.execute(
            "INSERT INTO forgotten (hash, forgotten_at) VALUES (?1, '2026-10-01T12:00:00Z')",
            [hash],
        )
        .expect("hash");
    }
    let report = import_json(&env, &[&file]);
    assert_eq!(report["imported"], 2, "{report}");
    assert!(
        reasons(&report, "warnings").contains(
            &"people.json:3: Bob Stone was erased with kith forget on 2026-10-01; not imported — use --allow-forgotten to bring them back"
                .to_string()
        ),
        "{report}"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM contact_email WHERE email = 'bob@stone.example'"),
        0
    );
    let report = import_json(&env, &[&file, "--allow-forgotten"]);
    assert_eq!(report["imported"], 1, "{report}");
    assert_eq!(env.show("bob@stone.example")["name"], "Bob Stone");
}

#[test]
fn bad_arguments_are_usage_errors() {
    let env = TestEnv::new();
    let file = fixture(&env, "people.json");
    let err = env.kith(["import", &file, "--format", "xml"]).code(2);
    assert!(
        stderr(&err).contains("auto, csv, vcard or json"),
        "{}",
        stderr(&err)
    );
    let err = env.kith(["import", &file, "--consent", "maybe"]).code(2);
    assert!(stderr(&err).contains("granted"), "{}", stderr(&err));
    env.kith(["import"]).code(2);
    assert!(!env.db().exists() || env.count("SELECT count(*) FROM contact") == 0);
}

#[test]
fn a_google_csv_comes_in() {
    let env = TestEnv::new();
    let file = fixture(&env, "google.csv");
    let report = import_json(&env, &[&file]);
    assert_eq!(report["imported"], 2, "{report}");
    let jane = env.show("jane@acme.io");
    assert_eq!(jane["source"], "google");
    assert_eq!(jane["org"], "Acme");
    assert_eq!(jane["phones"][0], "+49301234567");
    assert!(
        reasons(&report, "warnings")
            .iter()
            .any(|w| w.starts_with("google.csv:3: phone \"call the office\"")),
        "{report}"
    );
    let again = import_json(&env, &[&file]);
    assert_eq!(again["unchanged"], 2, "{again}");
}

#[test]
fn a_multi_version_vcard_file_comes_in() {
    let env = TestEnv::new();
    let file = fixture(&env, "cards.vcf");
    let report = import_json(&env, &[&file]);
    assert_eq!(report["imported"], 2, "{report}");
    assert_eq!(
        reasons(&report, "rejected"),
        vec!["cards.vcf:17: no name, e-mail or phone".to_string()]
    );
    let jane = env.show("jane@acme.io");
    assert_eq!(jane["source"], "vcard");
    assert_eq!(jane["title"], "CTO");
    let again = import_json(&env, &[&file]);
    assert_eq!(again["unchanged"], 2, "{again}");
}

/// A kith JSON file of `n` made-up contacts.
fn big_json(env: &TestEnv, n: usize) -> String {
    let name = "big.json";
    let mut out = std::io::BufWriter::new(std::fs::File::create(env.path(name)).expect("create"));
    writeln!(out, "{{\"kith\": 1, \"contacts\": [").expect("write");
    for i in 0..n {
        let comma = if i + 1 < n { "," } else { "" };
        writeln!(
            out,
            "{{\"name\": \"Person {i}\", \"emails\": [\"p{i}@bulk.example\"], \"tags\": [\"bulk\"], \"org\": \"Org {}\"}}{comma}",
            i % 97
        )
        .expect("write");
    }
    writeln!(out, "]}}").expect("write");
    name.to_string()
}

#[test]
fn killing_an_import_midway_leaves_the_database_as_it_was() {
    let env = TestEnv::new();
    env.add_contact("Jane Doe", &["--email", "jane@acme.io"]);
    env.add_contact("Bob Stone", &["--email", "bob@stone.example"]);
    let file = big_json(&env, 100_000);
    let before = env.state();
    let mut rng = fastrand::Rng::new();
    for _ in 0..3 {
        let mut child = env
            .std_command()
            .args(["import", &file])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn kith import");
        // Anywhere from reading the file to writing the last rows.
        std::thread::sleep(Duration::from_millis(rng.u64(100..5000)));
        // SIGKILL: no chance to clean up (a finished import is fine too).
        let _ = child.kill();
        let status = child.wait().expect("wait");
        let integrity: String = env
            .sql()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check");
        assert_eq!(integrity, "ok");
        if status.success() {
            break; // the machine was fast: the import finished whole
        }
        assert_eq!(env.state(), before, "a killed import leaves nothing");
        assert_eq!(env.count("SELECT count(*) FROM audit_log"), 0);
    }
}

#[test]
fn two_cards_of_one_run_with_one_address_become_one_contact() {
    let env = TestEnv::new();
    std::fs::write(
        env.path("twice.json"),
        r#"{"kith": 1, "contacts": [
  {"name": "Ann Lee", "emails": ["ann@lee.example"]},
  {"name": "Ann Lee", "emails": ["ANN@lee.example"], "title": "Chef"}
]}"#,
    )
    .expect("write");
    let report = import_json(&env, &["twice.json"]);
    assert_eq!(report["imported"], 1, "{report}");
    assert_eq!(
        reasons(&report, "warnings"),
        vec!["twice.json:3: the same person as twice.json:2; merged into one contact".to_string()]
    );
    let ann = env.show("ann@lee.example");
    assert_eq!(ann["title"], "Chef");
    assert_eq!(ann["emails"], serde_json::json!(["ann@lee.example"]));
}

/// A kith export holds `consent: unknown`; importing it again a day later
/// must not stamp a new consent time on everyone (it did: "updated" for all).
#[test]
fn a_kith_export_imported_again_later_changes_nothing() {
    let env = TestEnv::new();
    env.add_contact(
        "Jane Doe",
        &["--email", "jane@acme.io", "--phone", "+49 30 1234567"],
    );
    env.add_contact("Bo Li", &["--consent", "granted", "--tag", "client"]);
    for format in ["csv", "vcf", "json"] {
        let file = format!("all.{format}");
        env.ok(&["export", "-o", &file]);
        let copy = format!("copy-{format}.db");
        env.ok_at("2026-11-24 10:00", &["--db", &copy, "import", &file]);
        let again = env.json_at(
            "2026-11-25 10:00",
            &["--db", &copy, "import", "--json", &file],
        );
        assert_eq!(
            (&again["imported"], &again["updated"], &again["unchanged"]),
            (&Value::from(0), &Value::from(0), &Value::from(2)),
            "{format}: {again}"
        );
    }
}
