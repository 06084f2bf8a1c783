//! The Outreach pane end to end: a campaign made in the form on the small
//! demo (with the demo's templates), previewed recipient by recipient, sent to a drafts folder; then
//! the .eml files and `kith campaign list --json` are checked.

use super::{CTRL_S, ENTER, ESC, PANE_TITLES, TAB, Tui, kith, small_demo};

const RIGHT: &str = "\x1b[C";
const CTRL_U: &str = "\x15";

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
    assert!(
        count(&conn, "SELECT count(*) FROM template") >= 2,
        "the demo has templates"
    );
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
    // The demo's finished A/B campaign is listed.
    tui.wait_for("autumn-renewal");
    // Name, a query, the first template as A, the second as B (50/50).
    tui.send("n");
    tui.wait_for("┌ New campaign");
    tui.send(&format!(
        "e2e-spring{TAB}{TAB}tag:client{TAB}{TAB}{RIGHT}{RIGHT}"
    ));
    tui.wait_for("get a message: A ");
    tui.wait_for(", B ");
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
    tui.wait_for(&format!("Sent {recipients} of e2e-spring via"));
    tui.wait_for("0 failed, 0 uncertain");
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
