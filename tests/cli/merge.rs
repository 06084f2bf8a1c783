//! `kith merge`, `kith undo` and `kith history`: what moves, what the dry
//! run shows, the JSON shapes, the refusals that change nothing, and a merge
//! killed midway.

use std::process::Stdio;
use std::time::Duration;

use crate::util::{TestEnv, as_array, keys, sorted, stdout};

/// Every row of every table, each value with its type: equal dumps mean
/// the database did not change at all (logs included).
fn dump(env: &TestEnv) -> Vec<String> {
    let conn = env.sql();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    let mut out = Vec::new();
    for table in tables {
        let columns = conn
            .prepare(&format!("SELECT * FROM {table}"))
            .expect("select")
            .column_count();
        let order: Vec<String> = (1..=columns).map(|i| i.to_string()).collect();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT * FROM {table} ORDER BY {}",
                order.join(", ")
            ))
            .expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("query");
        while let Some(r) = rows.next().expect("row") {
            let values: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).expect("value")))
                .collect();
            out.push(format!("{table}: {}", values.join(" | ")));
        }
    }
    out
}

/// Three records of one person: #1 Bob Smith (two calls, a follow-up),
/// #2 Robert Smith (a newer record with a city and a meeting), #3 Rob
/// Smith; and #4 Jane Doe, someone else.
fn bob_three_times() -> TestEnv {
    let mut env = TestEnv::new();
    env.set_now("2026-11-01 09:00");
    env.add_contact(
        "Bob Smith",
        &["--email", "bob@acme.io", "--org", "Acme", "--tag", "client"],
    );
    env.log("1", "call", "first call", &[]);
    env.log("1", "call", "second call", &[]);
    env.ok(&["follow-up", "1", "2026-12-01", "send the proposal"]);
    env.set_now("2026-11-10 09:00");
    env.add_contact(
        "Robert Smith",
        &[
            "--email",
            "robert@home.example",
            "--email",
            "BOB@acme.io.example",
            "--city",
            "Lyon",
            "--tag",
            "vip",
            "--force",
        ],
    );
    env.log("2", "meeting", "lunch", &[]);
    env.add_contact("Rob Smith", &["--phone", "+33 6 12 34 56 78", "--force"]);
    env.add_contact("Jane Doe", &["--email", "jane@doe.example"]);
    env.set_now("2026-11-23 09:00");
    env
}

#[test]
fn a_merge_moves_everything_onto_the_kept_contact_and_undo_brings_all_back() {
    let env = bob_three_times();
    let before = env.state();
    let before_rows = dump(&env);
    let out = env.ok(&["merge", "1", "robert@home.example", "Rob Smith"]);
    assert!(
        out.starts_with("merge #2 Robert Smith, #3 Rob Smith into #1 Bob Smith\n"),
        "{out}"
    );
    assert!(out.contains("undo with: kith undo 1"), "{out}");
    let bob = env.show("1");
    let emails: Vec<&str> = as_array(&bob["emails"])
        .iter()
        .map(|e| e.as_str().expect("text"))
        .collect();
    assert_eq!(
        emails[0], "bob@acme.io",
        "the kept contact's primary stays primary"
    );
    assert_eq!(emails.len(), 3);
    assert_eq!(bob["city"], "Lyon", "a non-empty value wins");
    assert_eq!(as_array(&bob["interactions"]).len(), 3);
    assert_eq!(as_array(&bob["phones"]).len(), 1);
    assert_eq!(
        as_array(&env.json(&["list", "--archived", "--json"])).len(),
        2
    );
    assert_eq!(
        env.count("SELECT count(*) FROM follow_up WHERE contact_id = 1"),
        1
    );

    let history = env.ok(&["history"]);
    let first = history.lines().next().expect("a line");
    assert!(first.starts_with("#1 "), "{history}");
    assert!(first.contains("merge"), "{history}");
    assert!(
        first.contains("merged #2 #3 into #1  (undo with: kith undo 1)"),
        "{history}"
    );

    let undone = env.ok(&["undo"]);
    assert_eq!(undone, "undid merge 1: #2 #3 back beside #1\n");
    assert_eq!(env.state(), before, "every contact and link as before");
    let after_rows: Vec<String> = dump(&env)
        .into_iter()
        .filter(|r| {
            !r.starts_with("audit_log:")
                && !r.starts_with("merge_log:")
                && !r.starts_with("remind_dirty:")
        })
        .collect();
    let before_rows: Vec<String> = before_rows
        .into_iter()
        .filter(|r| {
            !r.starts_with("audit_log:")
                && !r.starts_with("merge_log:")
                && !r.starts_with("remind_dirty:")
        })
        .collect();
    assert_eq!(after_rows, before_rows);
    let history = env.ok(&["history"]);
    assert!(
        !history.contains("undo with"),
        "nothing left to undo: {history}"
    );
    assert!(
        history
            .lines()
            .next()
            .expect("line")
            .contains("undid merge #1"),
        "{history}"
    );
}

#[test]
fn the_dry_run_shows_the_result_field_by_field_and_writes_nothing() {
    let env = bob_three_times();
    let before = dump(&env);
    let out = env.ok(&["merge", "1", "2", "--dry-run"]);
    assert!(out.contains("(dry run: nothing written)"), "{out}");
    assert!(
        out.contains("  name         Robert Smith  (from #2)  dropped: #1 Bob Smith"),
        "the newer contact's name wins: {out}"
    );
    assert!(out.contains("  org          Acme  (from #1)\n"), "{out}");
    assert!(out.contains("  city         Lyon  (from #2)\n"), "{out}");
    assert!(
        out.contains("  moved        1 interactions, 0 follow-ups"),
        "{out}"
    );
    assert!(!out.contains("undo with"), "{out}");
    assert_eq!(dump(&env), before);

    let plan = env.json(&["merge", "1", "2", "--dry-run", "--json"]);
    assert_eq!(
        keys(&plan),
        sorted(&[
            "dry_run",
            "history_id",
            "survivor",
            "absorbed",
            "result",
            "choices",
            "fields",
            "interactions",
            "follow_ups"
        ])
    );
    assert_eq!(plan["dry_run"], true);
    assert!(plan["history_id"].is_null());
    assert_eq!(plan["result"]["id"], 1);
    assert_eq!(plan["result"]["name"], "Robert Smith");
    let name = &as_array(&plan["choices"])[0];
    assert_eq!(keys(name), sorted(&["field", "value", "from", "dropped"]));
    assert_eq!(name["field"], "name");
    assert_eq!(name["dropped"], serde_json::json!([[1, "Bob Smith"]]));
    assert_eq!(dump(&env), before);
}

#[test]
fn keep_chooses_the_survivor_and_the_json_shapes_of_merge_undo_history() {
    let env = bob_three_times();
    let merged = env.json(&["merge", "1", "2", "--keep", "robert@home.example", "--json"]);
    assert_eq!(merged["dry_run"], false);
    assert_eq!(merged["history_id"], 1);
    assert_eq!(merged["result"]["id"], 2);
    assert_eq!(merged["absorbed"][0]["id"], 1);
    assert_eq!(merged["interactions"], 2);
    assert_eq!(merged["follow_ups"], 1);
    assert_eq!(env.count("SELECT count(*) FROM contact WHERE id = 1"), 0);

    let history = env.json(&["history", "--json", "-n", "1"]);
    let entries = as_array(&history);
    assert_eq!(entries.len(), 1);
    assert_eq!(
        keys(&entries[0]),
        sorted(&["id", "at", "action", "summary", "detail", "undoable"])
    );
    assert_eq!(entries[0]["undoable"], true);
    assert_eq!(entries[0]["summary"], "merged #1 into #2");

    let undone = env.json(&["undo", "1", "--json"]);
    assert_eq!(
        keys(&undone),
        sorted(&[
            "history_id",
            "survivor",
            "restored",
            "renumbered",
            "overwrote_edits"
        ])
    );
    assert_eq!(undone["survivor"], 2);
    assert_eq!(undone["restored"], serde_json::json!([1]));
    assert_eq!(env.show("1")["name"], "Bob Smith");
    let history = env.json(&["history", "--json"]);
    assert_eq!(
        as_array(&history)[1]["undoable"],
        false,
        "the merge was undone"
    );
}

#[test]
fn bad_merges_and_undos_say_why_and_change_nothing() {
    let env = bob_three_times();
    env.ok(&["merge", "1", "2"]);
    env.ok(&["undo"]);
    let before = dump(&env);
    for (args, says) in [
        (
            vec!["merge", "1", "bob@acme.io"],
            "#1 is named twice: a contact cannot be merged with itself",
        ),
        (vec!["merge", "1"], "a merge needs two or more contacts"),
        (vec!["merge"], "a merge needs two or more contacts"),
        (vec!["merge", "1", "99"], "no contact #99"),
        (
            vec!["merge", "1", "2", "--keep", "4"],
            "--keep #4 is not one of the contacts merged",
        ),
        (vec!["undo"], "there is no merge to undo"),
        (vec!["undo", "1"], "merge #1 was already undone"),
        (vec!["undo", "2"], "#2 is not a merge in the history"),
        (vec!["undo", "77"], "#77 is not a merge in the history"),
        (vec!["undo", "x"], "\"x\" is not a history id"),
    ] {
        let err = env.fails(&args);
        assert!(err.contains(says), "kith {args:?}: {err}");
        assert_eq!(dump(&env), before, "kith {args:?} changed the database");
    }
}

#[test]
fn undo_refuses_over_later_merges_and_edits_unless_forced() {
    let env = bob_three_times();
    env.ok(&["merge", "1", "2"]);
    env.ok(&["merge", "1", "3"]);
    let before = dump(&env);
    let err = env.fails(&["undo", "1"]);
    assert!(err.contains("undo #2 first"), "{err}");
    assert_eq!(dump(&env), before);
    env.ok(&["undo"]);
    env.ok(&["edit", "1", "--title", "CTO"]);
    let before = dump(&env);
    let err = env.fails(&["undo"]);
    assert!(err.contains("#1 was edited after merge #1"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(dump(&env), before);
    let out = env.ok(&["undo", "--force"]);
    assert!(out.contains("the edits made since are gone"), "{out}");
    assert_eq!(env.show("2")["name"], "Robert Smith");
    assert!(env.show("1")["title"].is_null());
}

/// Two contacts with `n` interactions each, written straight into the file.
fn two_busy_contacts(n: u32) -> TestEnv {
    let env = TestEnv::new();
    env.add_contact("Ann Lee", &["--email", "ann@lee.example"]);
    env.add_contact("Anne Lee", &["--email", "anne@lee.example"]);
    env.sql()
        .execute_batch(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n})
             INSERT INTO interaction (uid, contact_id, kind, at, summary, created_at, updated_at)
             SELECT 'i-' || c.id || '-' || i, c.id, 'note',
                    printf('2025-%02d-%02d 10:00:00', 1 + i % 12, 1 + i % 28),
                    'note ' || i, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
             FROM n, contact c;
             UPDATE contact SET last_interaction_at =
                 (SELECT max(at) FROM interaction WHERE contact_id = contact.id);"
        ))
        .expect("fill");
    env
}

#[test]
fn a_merge_killed_midway_leaves_both_contacts_or_the_whole_merge() {
    let env = two_busy_contacts(40_000);
    let count = |sql: &str| env.count(sql);
    let mut saw_before = false;
    for delay in [0, 10, 50, 200, 600, 1500, 4000] {
        // Earlier rounds may have merged and undone: their records stay.
        let merges_before = count("SELECT count(*) FROM merge_log");
        let audits_before = count("SELECT count(*) FROM audit_log");
        let mut child = env
            .std_command()
            .args(["merge", "1", "2"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn kith merge");
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let status = child.wait().expect("wait");
        let check = env.kith(["check"]);
        assert!(
            check.get_output().status.success(),
            "kith check: {}",
            stdout(&check)
        );
        let integrity: String = env
            .sql()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check");
        assert_eq!(integrity, "ok");
        assert_eq!(count("SELECT count(*) FROM interaction"), 80_000);
        if count("SELECT count(*) FROM contact") == 2 {
            // Not merged: everything as it was.
            assert!(!status.success(), "a finished merge leaves one contact");
            assert_eq!(
                count("SELECT count(*) FROM interaction WHERE contact_id = 1"),
                40_000
            );
            assert_eq!(count("SELECT count(*) FROM merge_log"), merges_before);
            assert_eq!(count("SELECT count(*) FROM audit_log"), audits_before);
            saw_before = true;
        } else {
            // Merged whole, with its record.
            assert_eq!(
                count("SELECT count(*) FROM interaction WHERE contact_id = 1"),
                80_000
            );
            assert_eq!(
                count("SELECT count(*) FROM contact_email WHERE contact_id = 1"),
                2
            );
            assert_eq!(count("SELECT count(*) FROM merge_log"), merges_before + 1);
            assert_eq!(
                count("SELECT count(*) FROM merge_log WHERE undone_at IS NULL"),
                1
            );
            env.ok(&["undo"]);
            assert_eq!(
                count("SELECT count(*) FROM interaction WHERE contact_id = 2"),
                40_000
            );
        }
    }
    assert!(saw_before, "no kill landed before the commit");
}
