//! End-to-end: the real binary in a pseudo-terminal on a temporary database.
//! Keys are typed as bytes; the screen is read through a VT100 parser; every
//! step waits for text on the screen (with a generous deadline), never on a
//! fixed sleep.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

mod dashboard;
mod outreach;
mod segments;

const NOW: &str = "2026-11-23 09:00";

struct Tui {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Tui {
    fn start(db: &Path) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kith"));
        cmd.env("KITH_DB", db);
        cmd.env("KITH_NOW", NOW);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("HOME", db.parent().expect("dir"));
        let child = pty.slave.spawn_command(cmd).expect("spawn kith");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("non-zero");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(30), size(100), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let _master = pty.master; // keep the pty open while reading
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().expect("screen").process(&buf[..n]);
                r.lock().expect("raw").extend_from_slice(&buf[..n]);
            }
        });
        Tui {
            screen,
            raw,
            writer,
            child,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?}; screen:\n{}",
            self.contents()
        );
    }

    /// Waits until the screen no longer shows `text`.
    fn wait_gone(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if !self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?} to go; screen:\n{}",
            self.contents()
        );
    }

    /// Waits until `title`'s pane is the one shown, and no other.
    fn expect_pane(&self, title: &str) {
        self.wait_for(title);
        for other in PANE_TITLES.iter().filter(|t| **t != title) {
            self.wait_gone(other);
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Waits for the process to end and returns whether it succeeded.
    fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("kith did not exit; screen:\n{}", self.contents());
    }

    /// The terminal left the alternate screen and showed the cursor again.
    fn assert_restored(&self) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let restored = !self
                .screen
                .lock()
                .expect("screen")
                .screen()
                .alternate_screen();
            if restored || Instant::now() > deadline {
                assert!(restored, "still on the alternate screen");
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let raw = self.raw.lock().expect("raw");
        let text = String::from_utf8_lossy(&raw);
        assert!(text.contains("\x1b[?1049l"), "left the alternate screen");
    }
}

fn kith(db: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .env("KITH_DB", db)
        .env("KITH_NOW", NOW)
        .output()
        .expect("run kith")
}

const ESC: &str = "\x1b";
const CTRL_S: &str = "\x13";
const TAB: &str = "\t";
const ENTER: &str = "\r";
const SHIFT_TAB: &str = "\x1b[Z";

/// The title each pane's frame shows while it is active.
const PANE_TITLES: [&str; 7] = [
    "┌ Contacts",
    "┌ New contact",
    "┌ Follow-ups",
    "┌ Segments",
    "┌ Dashboard",
    "┌ Cleanup",
    "┌ Outreach",
];

#[test]
fn capture_find_log_and_complete_then_quit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    let mut tui = Tui::start(&db);
    tui.wait_for("No contacts yet");

    // Two contacts through the capture form.
    tui.send("a");
    tui.wait_for("New contact");
    tui.send(&format!("Zelda Quist <zelda@hyrule.io>{CTRL_S}"));
    tui.wait_for("Added Zelda Quist");
    tui.send("a");
    tui.wait_for("New contact");
    tui.send(&format!("Bob Other{CTRL_S}"));
    tui.wait_for("Added Bob Other");

    // Find Zelda by typing part of her name.
    tui.send("/zel");
    tui.wait_for("1 of 2");
    tui.send(ENTER);
    tui.wait_for("zelda@hyrule.io");

    // Log a call: the form opens with Zelda picked, on the kind field (call).
    tui.send("l");
    tui.wait_for("Log an interaction");
    tui.send(&format!("{TAB}{TAB}{TAB}renewal talk{CTRL_S}"));
    tui.wait_for("Logged");
    tui.wait_for("renewal talk");

    // A follow-up due today, then complete it from the follow-up list.
    tui.send("f");
    tui.wait_for("New follow-up");
    tui.send(&format!("today{TAB}send the proposal{CTRL_S}"));
    tui.wait_for("Follow-up added");
    tui.send("3");
    tui.wait_for("send the proposal");
    tui.send("d");
    tui.wait_for("Log it with Zelda Quist?");
    tui.send(ESC);
    // Esc followed at once by a key reads as Alt+key: wait for the overlay to close.
    tui.wait_gone("Log it with");
    tui.wait_for("Done: send the proposal");
    tui.wait_for("Nothing due");

    tui.send("q");
    assert!(tui.wait_exit(), "kith exits 0");
    tui.assert_restored();

    let out = kith(&db, &["show", "zelda", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["name"], "Zelda Quist");
    assert_eq!(json["emails"][0], "zelda@hyrule.io");
    let interactions = json["interactions"].as_array().expect("interactions");
    assert_eq!(interactions.len(), 1);
    assert_eq!(interactions[0]["kind"], "call");
    assert_eq!(interactions[0]["summary"], "renewal talk");
    assert_eq!(
        json["follow_ups"].as_array().expect("follow_ups").len(),
        0,
        "completed"
    );
}

#[test]
fn pane_keys_switch_from_every_pane_and_q_quits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    assert!(kith(&db, &["add", "Jane Doe"]).status.success());
    let mut tui = Tui::start(&db);
    tui.wait_for("Jane Doe");
    let [
        contacts,
        capture,
        follow_ups,
        segments,
        dashboard,
        cleanup,
        outreach,
    ] = PANE_TITLES;
    // One key at a time, no typing in between; each waits for its pane.
    for (key, title) in [
        ("1", contacts),
        ("2", capture),
        ("3", follow_ups),
        ("4", segments),
        ("5", dashboard),
        ("6", cleanup),
        ("7", outreach),
        (TAB, contacts),
        (SHIFT_TAB, outreach),
        (SHIFT_TAB, cleanup),
        (SHIFT_TAB, dashboard),
        (SHIFT_TAB, segments),
        (SHIFT_TAB, follow_ups),
        ("2", capture),
        ("1", contacts),
    ] {
        tui.send(key);
        tui.expect_pane(title);
    }
    // Nothing was typed into the form on the way.
    tui.send("2");
    tui.expect_pane(capture);
    tui.wait_for("e.g. Jane Doe <jane@acme.io>");
    tui.send("q");
    assert!(tui.wait_exit(), "kith exits 0");
    tui.assert_restored();
}

#[test]
fn alt_digit_leaves_a_text_field_and_quitting_asks_about_the_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    let mut tui = Tui::start(&db);
    tui.wait_for("No contacts yet");
    tui.send("a");
    tui.wait_for("New contact");
    tui.send("Room 3");
    tui.wait_for("Room 3");
    // Alt+3 arrives as ESC then "3", which crossterm reads as Alt+3.
    tui.send(&format!("{ESC}3"));
    tui.expect_pane(PANE_TITLES[2]);
    tui.send("q");
    tui.wait_for("Discard the unsaved form and quit?");
    tui.send("n");
    tui.wait_gone("Discard the unsaved form");
    tui.send("2");
    tui.expect_pane(PANE_TITLES[1]);
    tui.wait_for("Room 3");
    tui.send("q");
    tui.wait_for("Discard the unsaved form and quit?");
    tui.send("y");
    assert!(tui.wait_exit(), "kith exits 0");
    tui.assert_restored();
    let list = kith(&db, &["list"]);
    assert!(
        !String::from_utf8_lossy(&list.stdout).contains("Room"),
        "nothing saved"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    assert!(kith(&db, &["add", "Jane Doe"]).status.success());
    let mut tui = Tui::start(&db);
    tui.wait_for("Jane Doe");
    let pid = tui.child.process_id().expect("pid");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    tui.wait_exit();
    tui.assert_restored();
}

#[test]
fn writes_from_the_shell_show_up_without_restarting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    assert!(kith(&db, &["add", "Jane Doe"]).status.success());
    let mut tui = Tui::start(&db);
    tui.wait_for("Jane Doe");
    tui.wait_for("Timeline (0)");

    // Added from a shell while the TUI is idle: the idle look finds it.
    let out = kith(&db, &["add", "Zed Outsider", "--org", "Cron Works"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tui.wait_for("Zed Outsider · Cron Works");

    // Logged and edited from a shell, then C-r: the detail shows both.
    assert!(
        kith(&db, &["log", "jane", "call", "from the shell"])
            .status
            .success()
    );
    assert!(
        kith(&db, &["edit", "jane", "--title", "ExtTitle"])
            .status
            .success()
    );
    tui.send("\x12");
    tui.wait_for("Refreshed");
    tui.wait_for("ExtTitle");
    tui.wait_for("from the shell");

    tui.send("q");
    assert!(tui.wait_exit(), "kith exits 0");
    tui.assert_restored();
    let raw = tui.raw.lock().expect("raw");
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("\x1b[?1004h"), "focus reports asked for");
    assert!(text.contains("\x1b[?1004l"), "and turned off at exit");
}

#[test]
fn resizing_redraws_and_help_lists_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    assert!(kith(&db, &["add", "Jane Doe"]).status.success());
    let mut tui = Tui::start(&db);
    tui.wait_for("Jane Doe");
    tui.send("?");
    tui.wait_for("Everywhere");
    tui.wait_for("command palette");
    tui.send(ESC);
    // Esc followed at once by a key reads as Alt+key: wait for the overlay to close.
    tui.wait_gone("Everywhere");
    tui.send("q");
    assert!(tui.wait_exit());
    tui.assert_restored();
}

/// Every contact and every link to one, as the database holds them.
fn contacts_and_links(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut out = Vec::new();
    for sql in [
        "SELECT id || ' ' || uid || ' ' || display_name || ' ' || archived || ' ' || updated_at FROM contact ORDER BY id",
        "SELECT 'email ' || contact_id || ' ' || email FROM contact_email ORDER BY contact_id, email",
        "SELECT 'phone ' || contact_id || ' ' || phone_key FROM contact_phone ORDER BY contact_id, phone_key",
        "SELECT 'interaction ' || id || ' ' || contact_id FROM interaction ORDER BY id",
        "SELECT 'follow-up ' || id || ' ' || contact_id FROM follow_up ORDER BY id",
    ] {
        let mut stmt = conn.prepare(sql).expect(sql);
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).expect(sql);
        out.extend(rows.map(|r| r.expect("row")));
    }
    out
}

fn live_contacts(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row("SELECT count(*) FROM contact WHERE archived = 0", [], |r| {
        r.get(0)
    })
    .expect("count")
}

/// A small demo database at `db` (80 contacts, 300 interactions, at `NOW`).
pub fn small_demo(db: &Path) {
    // `demo` makes a throw-away database unless told where: --db, and no
    // KITH_DB (demo data never goes to the database KITH_DB names).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("demo")
        .arg("--db")
        .arg(db)
        .args(["--contacts", "80", "--interactions", "300", "--no-tui"])
        .env_remove("KITH_DB")
        .env("KITH_NOW", NOW)
        .output()
        .expect("run kith demo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cleanup_merges_a_cluster_and_undoes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    small_demo(&db);
    let before = contacts_and_links(&db);
    let count = live_contacts(&db);
    let mut tui = Tui::start(&db);
    tui.wait_for("┌ Contacts");
    tui.send("6");
    tui.expect_pane("┌ Cleanup");
    // The scan ran off the UI thread; the first cluster is compared.
    tui.wait_for("stays");
    tui.send("m");
    tui.wait_for("Merge: the result");
    tui.wait_for("contacts become #");
    tui.send(ENTER);
    tui.wait_for("— u to undo");
    assert!(live_contacts(&db) < count, "the cluster became one contact");
    assert_ne!(contacts_and_links(&db), before);

    tui.send("u");
    tui.wait_for("Confirm");
    tui.send("y");
    tui.wait_for("merge undone");
    assert_eq!(live_contacts(&db), count);
    assert_eq!(
        contacts_and_links(&db),
        before,
        "every contact and link as before"
    );
    tui.send("q");
    assert!(tui.wait_exit(), "kith exits 0");
    tui.assert_restored();
}
