//! The Dashboard on a demo database: the tiles fill in from the reader
//! thread, and `p` switches the period (month → quarter → year).

use super::{PANE_TITLES, Tui, small_demo};

#[test]
fn the_dashboard_shows_the_figures_and_switches_the_period() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    small_demo(&db);
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
