//! The Segments pane end to end: a segment built from scratch and saved,
//! then read back by the real binary.

use super::{ENTER, Tui, kith, small_demo};

#[test]
fn a_segment_built_in_the_segments_pane_is_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    small_demo(&db);
    // The demo's clients, counted by hand.
    let conn = rusqlite::Connection::open(&db).expect("open");
    let clients: i64 = conn
        .query_row(
            "SELECT count(*) FROM contact c JOIN contact_tag t ON t.contact_id = c.id
             WHERE t.tag = 'client' AND c.archived = 0",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert!(clients > 1, "the demo has clients");

    let mut tui = Tui::start(&db);
    tui.wait_for("┌ Contacts");
    tui.send("4");
    tui.expect_pane("┌ Segments");
    // Ctrl-U clears what the editor holds (the first saved segment's query).
    tui.send("e\x15tag:client and (city:");
    // The query does not read yet: the error shows under it, no count.
    tui.wait_for("^");
    tui.wait_for("expected");
    // Ctrl-U clears the query; a whole one has its count as you type.
    tui.send("\x15tag:client");
    tui.wait_for(&format!("{clients} contacts"));
    tui.send(ENTER);
    tui.send("s");
    tui.wait_for("Save the segment");
    tui.send(&format!("e2e-clients{ENTER}"));
    tui.wait_for("Saved the live segment e2e-clients");
    tui.wait_for("e2e-clients");
    tui.send("q");
    assert!(tui.wait_exit(), "kith exits 0");
    tui.assert_restored();

    let list = kith(&db, &["segment", "list"]);
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    assert!(String::from_utf8_lossy(&list.stdout).contains("e2e-clients"));
    let (query, is_static): (String, bool) = conn
        .query_row(
            "SELECT query, is_static FROM segment WHERE name = 'e2e-clients'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the segment is stored");
    assert_eq!(query, "tag:client");
    assert!(!is_static);
}
