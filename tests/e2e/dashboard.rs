//! The Dashboard on a demo database: the tiles fill in from the reader
//! thread, and `p` switches the period (month → quarter → year).

use super::{NOW, PANE_TITLES, Tui};

#[test]
fn the_dashboard_shows_the_figures_and_switches_the_period() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    // `demo` writes where --db says only when KITH_DB names no database.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("demo")
        .arg("--db")
        .arg(&db)
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
    let mut tui = Tui::start(&db);
    tui.wait_for(PANE_TITLES[0]);
    tui.send("5");
    tui.expect_pane(PANE_TITLES[4]);
    // The first paint names the period; the tiles come from the reader.
    tui.wait_for("2026-11 against 2026-10");
    tui.wait_for("Active customers");
    tui.wait_for("Revenue per month");
    tui.wait_gone("loading");
    tui.send("p");
    tui.wait_for("2026-Q4 against 2026-Q3");
    tui.wait_for("Revenue per quarter");
    tui.send("p");
    tui.wait_for("2026 against 2025");
    tui.wait_for("Revenue per year");
    tui.wait_for("Active customers");
    tui.send("q");
    assert!(tui.wait_exit(), "kith exits 0");
    tui.assert_restored();
}
