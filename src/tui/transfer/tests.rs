//! Import and export from the Contacts pane: the prompts, the dry-run
//! report, progress while the import runs, and the whole key flows.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent};
use insta::assert_snapshot;

use crate::formats::Format;
use crate::ops::export::Selection;
use crate::ops::import::{FileLine, ImportReport, Progress};
use crate::tui::action::{Action, PaneId};
use crate::tui::effect::{Effect, Outcome};
use crate::tui::overlays::{Overlay, PathFor};
use crate::tui::testing::Harness;

use super::Running;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tui")
        .join(name)
}

fn live(h: &Harness) -> i64 {
    h.rt.ctx.store.db().count_live_contacts().expect("count")
}

fn listed_names(h: &Harness) -> Vec<String> {
    let idx = h.app.index.read().expect("index");
    h.app
        .contacts
        .hits
        .iter()
        .filter_map(|hit| idx.get(hit.id).map(|d| d.name.clone()))
        .collect()
}

fn enter(h: &mut Harness) -> Vec<Effect> {
    h.app.on_key(KeyEvent::from(KeyCode::Enter))
}

/// What a dry run of a messy file could report: written by hand, so the
/// view is tested apart from the importer.
fn messy_report() -> ImportReport {
    let at = |line: usize, reason: &str| FileLine {
        file: "contacts.vcf".into(),
        line,
        reason: reason.into(),
    };
    ImportReport {
        imported: 12,
        updated: 3,
        unchanged: 1,
        rejected: vec![
            at(14, "no name, no e-mail and no phone"),
            at(40, "BEGIN:VCAR is not a card: no END:VCARD before line 52"),
        ],
        warnings: vec![at(
            61,
            "PHOTO is not valid base64: the contact kept, the photo left out",
        )],
        possible_duplicates: vec![at(
            77,
            "Ann Lee shares the phone +49301234567 with #12 Ann Lee",
        )],
        dry_run: true,
    }
}

/// The app after `I` named `path` and its dry run came back with `report`.
fn checked(report: ImportReport) -> (Harness, PathBuf) {
    let mut h = Harness::demo();
    let path = PathBuf::from("/books/contacts.vcf");
    let effects = h.app.update(Action::ImportFile {
        path: path.clone(),
        dry_run: true,
    });
    assert_eq!(
        effects,
        vec![Effect::Import {
            path: path.clone(),
            dry_run: true
        }]
    );
    assert!(h.text(80, 24).contains("Reading /books/contacts.vcf"));
    h.outcome(Outcome::ImportChecked {
        path: path.clone(),
        report,
    });
    (h, path)
}

#[test]
fn the_import_prompt_asks_for_a_file() {
    let mut h = Harness::demo();
    h.keys("I~/Downloads/contacts.vcf");
    assert!(matches!(h.app.overlay, Some(Overlay::Path(_))));
    assert_snapshot!("import_prompt_80x24", h.screen(80, 24).backend());
}

#[test]
fn a_missing_file_is_refused_in_the_prompt_and_nothing_changes() {
    let mut h = Harness::demo();
    let before = live(&h);
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nobody.vcf");
    h.keys(&format!("I{}<Enter>", missing.display()));
    let text = h.text(100, 24);
    assert!(text.contains("no file at"), "{text}");
    assert!(
        matches!(h.app.overlay, Some(Overlay::Path(_))),
        "still asking"
    );
    assert_eq!(h.app.transfer, None);
    // A folder is no file either.
    h.keys(&format!("<C-u>{}<Enter>", dir.path().display()));
    assert!(h.text(100, 24).contains("is a folder"));
    h.keys("<Esc>");
    assert!(h.app.overlay.is_none());
    assert_eq!(live(&h), before);
}

#[test]
fn the_dry_run_report_lists_counts_rejects_and_warnings() {
    let (mut h, _) = checked(messy_report());
    assert_eq!(h.app.transfer, None, "the dry run is over");
    assert_snapshot!("dry_run_report_80x24", h.screen(80, 24).backend());
    assert_snapshot!("dry_run_report_120x36", h.screen(120, 36).backend());
    let text = h.text(100, 30);
    assert!(text.contains("Enter: import these 15 contacts"), "{text}");
    assert!(text.contains("contacts.vcf:14"), "{text}");
    assert!(text.contains("PHOTO is not valid base64"), "{text}");
}

#[test]
fn the_report_scrolls_to_its_last_line() {
    let mut report = messy_report();
    report.warnings = (1..=40)
        .map(|i| FileLine {
            file: "big.csv".into(),
            line: i + 1,
            reason: format!("warning number {i}"),
        })
        .collect();
    let (mut h, _) = checked(report);
    assert!(!h.text(80, 24).contains("warning number 40"));
    h.keys("G");
    let end = h.text(80, 24);
    assert!(end.contains("warning number 40"), "{end}");
    h.keys("j<PgDn>");
    assert_eq!(h.text(80, 24), end, "nothing scrolls past the end");
}

#[test]
fn esc_on_the_report_cancels_with_nothing_written() {
    let (mut h, _) = checked(messy_report());
    let before = live(&h);
    let effects = h.app.on_key(KeyEvent::from(KeyCode::Esc));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.transfer, None);
    assert_eq!(live(&h), before);
}

#[test]
fn a_file_with_nothing_new_has_nothing_to_import() {
    let (mut h, _) = checked(ImportReport {
        unchanged: 4,
        dry_run: true,
        ..ImportReport::default()
    });
    assert!(h.text(80, 24).contains("nothing to import"));
    assert!(enter(&mut h).is_empty(), "Enter only closes the view");
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.transfer, None);
}

#[test]
fn esc_while_reading_drops_the_report_that_comes_later() {
    let mut h = Harness::demo();
    let path = PathBuf::from("/books/contacts.vcf");
    h.app.update(Action::ImportFile {
        path: path.clone(),
        dry_run: true,
    });
    h.keys("<Esc>");
    assert!(h.app.overlay.is_none());
    h.outcome(Outcome::ImportChecked {
        path,
        report: messy_report(),
    });
    assert!(h.app.overlay.is_none(), "the cancelled report stays away");
    assert_eq!(h.app.transfer, None);
}

#[test]
fn enter_on_the_report_imports_and_progress_shows_while_keys_still_work() {
    let (mut h, path) = checked(messy_report());
    let effects = enter(&mut h);
    assert_eq!(
        effects,
        vec![Effect::Import {
            path: path.clone(),
            dry_run: false
        }]
    );
    assert!(h.app.overlay.is_none());
    // The import runs on the writer; here its progress arrives by hand.
    h.outcome(Outcome::ImportProgress(Progress {
        done: 12_400,
        total: 100_000,
    }));
    assert_snapshot!("import_progress_80x24", h.screen(80, 24).backend());
    // Meanwhile the list moves, the search filters and panes switch.
    h.keys("j");
    assert_eq!(h.app.contacts.selected, 1);
    h.keys("/a<Esc>3");
    assert_eq!(h.app.active, PaneId::FollowUps);
    h.keys("1");
    assert!(
        h.text(80, 24).contains("importing 12,400 / 100,000"),
        "the status line keeps the progress"
    );
    // A second import waits for this one.
    h.app.update(Action::ImportFile {
        path: path.clone(),
        dry_run: true,
    });
    assert!(
        h.app
            .status
            .as_ref()
            .is_some_and(|s| s.text.contains("running"))
    );
    let mut done = messy_report();
    done.dry_run = false;
    h.outcome(Outcome::Imported { path, report: done });
    assert_eq!(h.app.transfer, None);
    let status = h.app.status.clone().expect("status");
    assert_eq!(
        status.text,
        "imported 12, updated 3, unchanged 1, rejected 2, 1 warning from contacts.vcf"
    );
}

#[test]
fn an_error_shows_in_the_report_view_and_the_status() {
    let mut h = Harness::demo();
    let before = live(&h);
    let path = PathBuf::from("/books/photo.jpg");
    h.app.update(Action::ImportFile {
        path: path.clone(),
        dry_run: true,
    });
    let message = "/books/photo.jpg: not an address book (vCard, CSV or kith JSON)";
    h.outcome(Outcome::TransferFailed {
        path,
        message: message.into(),
    });
    let text = h.text(100, 24);
    assert!(text.contains("Cannot import this file"), "{text}");
    assert!(text.contains("not an address book"), "{text}");
    assert!(text.contains("Nothing was written"), "{text}");
    assert_eq!(h.app.transfer, None);
    // Enter on an error only closes the view.
    assert!(enter(&mut h).is_empty());
    assert!(h.app.overlay.is_none());
    assert_eq!(live(&h), before);
}

#[test]
fn the_export_prompt_offers_a_dated_vcard_file() {
    let mut h = Harness::demo();
    h.keys("X");
    let Some(Overlay::Path(p)) = &h.app.overlay else {
        panic!("no prompt");
    };
    assert_eq!(p.input.value(), "kith-export-2026-11-23.vcf");
    let everyone = usize::try_from(live(&h)).expect("count");
    assert_eq!(
        p.purpose,
        PathFor::Export {
            selection: Selection::All,
            count: everyone
        }
    );
    assert_snapshot!("export_prompt_80x24", h.screen(80, 24).backend());
}

#[test]
fn a_search_exports_the_contacts_listed_in_list_order() {
    let mut h = Harness::demo();
    h.keys("/an<Enter>");
    let ids: Vec<i64> = h.app.contacts.hits.iter().map(|hit| hit.id).collect();
    let everyone = usize::try_from(live(&h)).expect("count");
    assert!(!ids.is_empty() && ids.len() < everyone, "{}", ids.len());
    h.keys("X");
    let Some(Overlay::Path(p)) = &h.app.overlay else {
        panic!("no prompt");
    };
    assert_eq!(
        p.purpose,
        PathFor::Export {
            selection: Selection::Ids(ids.clone()),
            count: ids.len()
        }
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("some.csv");
    h.keys(&format!("<C-u>{}", out.display()));
    assert_eq!(
        enter(&mut h),
        vec![Effect::Export {
            path: out.clone(),
            format: Format::Csv,
            selection: Selection::Ids(ids),
        }]
    );
    assert_eq!(h.app.transfer, Some(Running::Exporting(out.clone())));
    assert!(h.text(100, 24).contains("exporting to"));
    h.outcome(Outcome::Exported {
        path: out.clone(),
        count: 7,
    });
    let status = h.app.status.clone().expect("status");
    assert_eq!(
        status.text,
        format!("exported 7 contacts to {}", out.display())
    );
}

#[test]
fn an_unknown_extension_is_refused_with_the_choices() {
    let mut h = Harness::demo();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("contacts.txt");
    h.keys(&format!("X<C-u>{}<Enter>", out.display()));
    let text = h.text(100, 24);
    assert!(text.contains(".vcf (vCard), .csv or .json"), "{text}");
    assert!(
        matches!(h.app.overlay, Some(Overlay::Path(_))),
        "still asking"
    );
    assert_eq!(h.app.transfer, None);
    assert!(!out.exists(), "nothing written");
}

#[test]
fn exporting_over_a_file_asks_first() {
    let mut h = Harness::demo();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("old.json");
    std::fs::write(&out, "keep me").expect("write");
    h.keys(&format!("X<C-u>{}", out.display()));
    assert!(enter(&mut h).is_empty(), "the first Enter asks");
    assert!(h.text(120, 24).contains("exists: Enter again replaces it"));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "keep me");
    assert!(matches!(
        enter(&mut h).as_slice(),
        [Effect::Export {
            format: Format::Json,
            ..
        }]
    ));
}

#[test]
fn an_empty_list_has_nothing_to_export() {
    let mut h = Harness::empty();
    h.keys("X");
    assert!(h.app.overlay.is_none());
    assert!(
        h.app
            .status
            .as_ref()
            .is_some_and(|s| s.text.contains("nothing to export"))
    );
}

// The flows below run the real import and export: they need `ops::import`
// and `ops::export` whole.

#[test]
fn import_key_flow_brings_the_contacts_into_the_list() {
    let mut h = Harness::demo();
    let before = live(&h);
    h.keys(&format!(
        "I{}<Enter>",
        fixture("two-contacts.json").display()
    ));
    let Some(Overlay::ImportReport(view)) = &h.app.overlay else {
        panic!("no report: {:?}", h.app.status);
    };
    let report = view.report.clone().expect("the dry run came back");
    assert_eq!((report.imported, report.updated), (2, 0));
    assert!(report.dry_run);
    assert_eq!(live(&h), before, "the dry run wrote nothing");
    assert!(h.text(100, 30).contains("import these 2 contacts"));
    h.keys("<Enter>");
    assert_eq!(live(&h), before + 2);
    let status = h.app.status.clone().expect("status");
    assert!(
        status.text.starts_with("imported 2, updated 0"),
        "{status:?}"
    );
    let names = listed_names(&h);
    assert!(names.contains(&"Ada Quill".to_string()), "{names:?}");
    assert!(names.contains(&"Bram Oakes".to_string()), "{names:?}");
    h.keys("/ada quill<Enter>");
    assert!(h.text(100, 30).contains("Lyon"));
}

#[test]
fn import_on_the_writer_thread_leaves_the_screen_usable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kith.db");
    let mut h = Harness::demo_on_file(&db);
    h.spawn_writer(&db);
    h.keys(&format!(
        "I{}<Enter>",
        fixture("two-contacts.json").display()
    ));
    assert_eq!(h.app.writing, 1, "the dry run is on the writer");
    h.wait_for_write();
    assert!(h.text(100, 30).contains("import these 2 contacts"));
    h.keys("<Enter>");
    assert_eq!(h.app.writing, 1, "the import is on the writer");
    h.keys("j");
    assert_eq!(h.app.contacts.selected, 1, "keys work meanwhile");
    h.wait_for_write();
    assert_eq!(h.app.writing, 0);
    assert!(listed_names(&h).contains(&"Bram Oakes".to_string()));
}

#[test]
fn export_key_flow_writes_the_contacts_listed() {
    let mut h = Harness::demo();
    h.keys("/an<Enter>");
    let names = listed_names(&h);
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("listed.json");
    h.keys(&format!("X<C-u>{}<Enter>", out.display()));
    let status = h.app.status.clone().expect("status");
    assert_eq!(
        status.text,
        format!("exported {} contacts to {}", names.len(), out.display())
    );
    let bytes = std::fs::read(&out).expect("the file");
    let read = crate::formats::json::read(&bytes).expect("kith JSON");
    let written: Vec<String> = read
        .entries
        .iter()
        .filter_map(|e| match e {
            crate::formats::Entry::Card(c) => c.name.clone(),
            crate::formats::Entry::Rejected { .. } => None,
        })
        .collect();
    assert_eq!(written, names);
}

#[test]
fn the_palette_and_help_know_import_and_export() {
    let mut h = Harness::demo();
    h.keys("?");
    let help = h.text(100, 80);
    assert!(help.contains("import an address book"), "{help}");
    assert!(help.contains("export the contacts listed"), "{help}");
    // The Contacts keys, scrolled to their end: I and X are the last two.
    h.keys("<Esc>?");
    for _ in 0..20 {
        h.keys("j");
    }
    assert_snapshot!("help_with_import_export_80x24", h.screen(80, 24).backend());
    h.keys("<Esc>:import an<Enter>");
    assert!(matches!(
        &h.app.overlay,
        Some(Overlay::Path(p)) if p.purpose == PathFor::Import
    ));
    h.keys("<Esc>:export the<Enter>");
    assert!(matches!(
        &h.app.overlay,
        Some(Overlay::Path(p)) if matches!(p.purpose, PathFor::Export { .. })
    ));
}
