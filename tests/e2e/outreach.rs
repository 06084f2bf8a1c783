//! The Outreach pane end to end: a campaign made in the form on the small
//! demo, previewed recipient by recipient, sent to a drafts folder; then
//! the .eml files and `kith campaign list --json` are checked.

use super::{CTRL_S, ENTER, ESC, PANE_TITLES, TAB, Tui, kith, small_demo};

const RIGHT: &str = "\x1b[C";
const CTRL_U: &str = "\x15";

/// Two templates, stored as `kith template add` would.
fn templates(conn: &rusqlite::Connection) {
    for (uid, name, subject) in [
        ("e2e-t1", "e2e-long", "Spring news for {{ first_name }}"),
        ("e2e-t2", "e2e-short", "Hi {{ first_name }}"),
    ] {
        conn.execute(
            "INSERT INTO template (uid, name, subject, body, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, '2026-11-20 10:00:00', '2026-11-20 10:00:00')",
            rusqlite::params![
                uid,
                name,
                subject,
                "Hello {{ first_name }},\n\nspring is here."
            ],
        )
        .expect("template");
    }
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

#[test]
fn a_campaign_is_made_previewed_and_sent_to_drafts_from_the_outreach_pane() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    small_demo(&db);
    // Opening the database brings it to the current schema first.
    assert!(kith(&db, &["campaign", "list"]).status.success());
    let conn = rusqlite::Connection::open(&db).expect("open");
    // The demo comes with templates and campaigns of its own: this test
    // starts the pane from none.
    conn.execute_batch("DELETE FROM campaign; DELETE FROM template;")
        .expect("an empty outreach");
    templates(&conn);
    // The From of the messages, in the config the TUI reads (HOME is `dir`).
    let config = dir.path().join(".config/kith");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(
        config.join("config.toml"),
        "[outreach]\nfrom = \"Jane Doe <jane@example.org>\"\n",
    )
    .expect("config");
    let drafts = dir.path().join("drafts");

    let mut tui = Tui::start(&db);
    tui.wait_for(PANE_TITLES[0]);
    tui.send("7");
    tui.expect_pane(PANE_TITLES[6]);
    tui.wait_for("No campaigns yet");
    // Name, a query, template A, template B (50/50).
    tui.send("n");
    tui.wait_for("┌ New campaign");
    tui.send(&format!(
        "e2e-spring{TAB}{TAB}tag:client{TAB}{TAB}{RIGHT}{RIGHT}"
    ));
    tui.wait_for("e2e-short");
    tui.wait_for("get a message: A ");
    tui.send(CTRL_S);
    tui.wait_for("Created the campaign e2e-spring");
    let recipients = count(
        &conn,
        "SELECT count(*) FROM campaign_recipient r JOIN campaign c ON c.id = r.campaign_id
          WHERE c.name = 'e2e-spring' AND r.state = 'pending'",
    );
    assert!(recipients > 1, "the demo has clients who agreed to mail");

    // The preview, then the next recipient.
    tui.send("p");
    tui.wait_for("┌ Preview: e2e-spring");
    tui.wait_for(&format!("1 / {recipients}"));
    tui.wait_for("Subject");
    tui.send("]");
    tui.wait_for(&format!("2 / {recipients}"));
    tui.send(ESC);
    tui.expect_pane(PANE_TITLES[6]);

    // Send: no transport is configured, so drafts, to the folder typed.
    tui.send("s");
    tui.wait_for("drafts only");
    tui.wait_for(&format!("Send {recipients} messages"));
    tui.send(&format!("{CTRL_U}{}{ENTER}", drafts.display()));
    tui.wait_for(&format!("Sent {recipients} of e2e-spring: 0 failed"));
    tui.send("q");
    assert!(tui.wait_exit(), "kith exits 0");
    tui.assert_restored();

    let files = std::fs::read_dir(&drafts)
        .expect("the drafts folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .count();
    assert_eq!(i64::try_from(files).expect("few"), recipients);
    let list = kith(&db, &["campaign", "list", "--json"]);
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    let spring = json
        .as_array()
        .expect("a list")
        .iter()
        .find(|c| c["campaign"]["name"] == "e2e-spring")
        .unwrap_or_else(|| panic!("e2e-spring listed: {json}"));
    assert_eq!(spring["sent"], recipients);
    assert_eq!(spring["pending"], 0);
}
