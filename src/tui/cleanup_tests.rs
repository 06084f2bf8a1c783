//! The Cleanup pane driving the real operations: the scan on the demo,
//! merges, "not a duplicate", undo, fixes and skips through the writer
//! thread, each checked in the database afterwards.

use insta::assert_snapshot;

use crate::domain::cleanup::DataCheck;
use crate::domain::contact::Contact;
use crate::tui::action::PaneId;
use crate::tui::app::StatusKind;
use crate::tui::effect::Outcome;
use crate::tui::overlays::Overlay;
use crate::tui::scanner::Scanner;
use crate::tui::testing::Harness;

fn live(h: &Harness) -> i64 {
    h.rt.ctx.store.db().count_live_contacts().expect("count")
}

fn status(h: &Harness) -> String {
    h.app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The demo in a file, writes on a writer thread, the Cleanup pane open
/// with its scan (the real engine, inline) done.
fn demo_cleanup(dir: &tempfile::TempDir) -> Harness {
    let path = dir.path().join("kith.db");
    let mut h = Harness::demo_on_file(&path);
    h.spawn_writer(&path);
    h.keys("6");
    assert_eq!(h.app.active, PaneId::Cleanup);
    assert!(!h.app.cleanup.scanning, "the inline scan is done");
    assert!(
        !h.app.cleanup.clusters().is_empty(),
        "the demo plants duplicates"
    );
    h
}

/// Bob Smith and SMITH, ROBERT (and Ada) in a file, writes on a writer
/// thread, the Cleanup pane open on a scan that found the two as one
/// cluster, and the real cleanup findings.
fn bob_twice(dir: &tempfile::TempDir) -> (Harness, Vec<i64>) {
    let path = dir.path().join("kith.db");
    let mut h = Harness::on_file(&path);
    let people = crate::tui::panes::cleanup::tests::people(&mut h);
    crate::ops::capture::log_interaction(
        &mut h.rt.ctx,
        &crate::domain::interaction::NewInteraction {
            contact_id: people[1].id,
            kind: crate::domain::interaction::InteractionKind::Call,
            direction: None,
            at: "2026-11-20 10:00:00".into(),
            text: "about the renewal".into(),
            amount: None,
            rating: None,
            nps: None,
        },
    )
    .expect("log");
    h.spawn_writer(&path);
    h.rt.scanner = Scanner::Held;
    h.keys("6");
    let findings = crate::ops::cleanup::findings(&h.rt.ctx).expect("findings");
    h.outcome(Outcome::Findings { seq: 1, findings });
    h.outcome(Outcome::Scanned {
        seq: 1,
        scan: crate::tui::panes::cleanup::tests::scan_of(&[(people[0].id, people[1].id)]),
        names: crate::tui::panes::cleanup::tests::names(&people),
    });
    (h, vec![people[0].id, people[1].id])
}

#[test]
fn m_shows_the_result_and_enter_merges_then_u_undoes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, ids) = bob_twice(&dir);
    let before = live(&h);
    assert_eq!(h.app.cleanup.compared.len(), 2, "compared side by side");
    h.keys("m");
    assert!(matches!(h.app.overlay, Some(Overlay::MergePreview(_))));
    assert_snapshot!("merge_preview_real_80x24", h.screen(80, 24).backend());
    h.keys("<Enter>");
    h.wait_for_write();
    // The merged name follows the merge rule (the newer contact's here).
    assert_eq!(
        status(&h),
        format!(
            "merged 2 contacts into #{} {} — u to undo",
            ids[0],
            h.contact(ids[0]).name
        )
    );
    assert_eq!(live(&h), before - 1);
    assert_eq!(h.timeline(ids[0], None).len(), 1, "the call moved over");
    assert!(
        h.app.cleanup.clusters().is_empty(),
        "the cluster left the list"
    );
    h.keys("u");
    let Some(Overlay::Confirm { message, .. }) = &h.app.overlay else {
        panic!("u asks first: {:?}", h.app.status);
    };
    assert!(message.starts_with("Undo “"), "{message}");
    assert_snapshot!("undo_confirm_80x24", h.screen(80, 24).backend());
    let seq = h.app.cleanup.seq;
    h.keys("y");
    h.wait_for_write();
    assert!(status(&h).starts_with("merge undone"), "{}", status(&h));
    assert_eq!(live(&h), before);
    assert_eq!(h.contact(ids[1]).name, "SMITH, ROBERT");
    assert_eq!(h.timeline(ids[1], None).len(), 1, "the call is back");
    assert!(h.timeline(ids[0], None).is_empty());
    assert_eq!(h.app.cleanup.seq, seq + 1, "the contacts are back: rescan");
}

#[test]
fn esc_on_the_preview_merges_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, ids) = bob_twice(&dir);
    let before = live(&h);
    h.keys("m<Esc>");
    assert!(h.app.overlay.is_none());
    assert_eq!(live(&h), before);
    assert_eq!(h.app.writing, 0, "nothing was sent to the writer");
    assert_eq!(h.app.cleanup.clusters()[0].contacts, ids);
}

#[test]
fn n_remembers_the_pair_as_different_people() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, ids) = bob_twice(&dir);
    h.keys("n");
    h.wait_for_write();
    assert!(status(&h).contains("different people"), "{}", status(&h));
    assert!(h.app.cleanup.clusters().is_empty());
    let pairs = h.rt.ctx.store.db().not_duplicates().expect("pairs");
    let uid = |i: usize| h.contact(ids[i]).uid;
    assert!(
        pairs.contains(&(uid(0), uid(1))) || pairs.contains(&(uid(1), uid(0))),
        "{pairs:?}"
    );
}

#[test]
fn not_a_duplicate_never_comes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = demo_cleanup(&dir);
    let ids = h
        .app
        .cleanup
        .selected_cluster()
        .expect("cluster")
        .contacts
        .clone();
    h.keys("n");
    h.wait_for_write();
    h.keys("r");
    assert!(!h.app.cleanup.scanning);
    assert!(
        h.app.cleanup.clusters().iter().all(|c| c.contacts != ids),
        "a rescan does not bring it back"
    );
}

#[test]
fn u_with_no_merge_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, _) = bob_twice(&dir);
    h.keys("u");
    assert!(h.app.overlay.is_none());
    assert_eq!(status(&h), "no merge to undo");
}

/// A contact typed carelessly: an ALL CAPS name and an e-mail that is not one.
fn careless(h: &mut Harness) -> i64 {
    let mut c = Contact::new(crate::ops::new_uid(), "JANE DOE", "2026-11-01 10:00:00");
    c.given_name = Some("JANE".into());
    c.family_name = Some("DOE".into());
    c.emails = vec!["jane@example,com".into(), "jane.doe@example.com".into()];
    h.rt.ctx
        .store
        .write(|db| db.insert_contact(&c))
        .expect("contact")
}

/// Moves to the findings and selects the first of `check` about `id`.
fn select_finding(
    h: &mut Harness,
    id: i64,
    check: DataCheck,
) -> crate::domain::cleanup::DataFinding {
    h.keys("Jg");
    for _ in 0..100 {
        match h.app.cleanup.selected_finding() {
            Some(f) if f.contact_id == id && f.check == check => return f.clone(),
            _ => h.keys("j"),
        }
    }
    panic!("no {check:?} finding about #{id}");
}

#[test]
fn f_fixes_and_s_skips_a_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kith.db");
    let mut h = Harness::on_file(&path);
    let id = careless(&mut h);
    h.spawn_writer(&path);
    h.rt.scanner = Scanner::Held;
    h.keys("6");
    let findings = crate::ops::cleanup::findings(&h.rt.ctx).expect("findings");
    h.outcome(Outcome::Findings { seq: 1, findings });
    h.keys("J");
    assert_snapshot!("findings_80x24", h.screen(80, 24).backend());
    let name = select_finding(&mut h, id, DataCheck::NameCase);
    h.keys("f");
    h.wait_for_write();
    assert_ne!(h.contact(id).name, "JANE DOE", "the name was fixed");
    assert!(
        !h.app
            .cleanup
            .findings
            .as_ref()
            .expect("findings")
            .contains(&name),
        "the fixed finding left the list"
    );
    let email = select_finding(&mut h, id, DataCheck::BadEmail);
    h.keys("s");
    h.wait_for_write();
    assert!(status(&h).starts_with("skipped"), "{}", status(&h));
    assert!(
        h.contact(id)
            .emails
            .contains(&"jane@example,com".to_string())
    );
    h.keys("r");
    let findings = crate::ops::cleanup::findings(&h.rt.ctx).expect("findings");
    h.outcome(Outcome::Findings { seq: 2, findings });
    let findings = h.app.cleanup.findings.clone().expect("findings");
    assert!(!findings.contains(&email), "a skip holds after a rescan");
    assert!(
        h.app
            .status
            .as_ref()
            .is_none_or(|s| s.kind != StatusKind::Error),
        "{:?}",
        h.app.status
    );
}

#[test]
fn a_merge_by_another_process_marks_the_results_stale_and_r_rescans() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = demo_cleanup(&dir);
    let seq = h.app.cleanup.seq;
    let ids = h
        .app
        .cleanup
        .selected_cluster()
        .expect("cluster")
        .contacts
        .clone();
    // `kith merge` from a shell, on its own connection.
    let mut shell = crate::ops::Ctx {
        store: crate::store::Store::open(&dir.path().join("kith.db")).expect("second connection"),
        clock: h.rt.ctx.clock,
        config: crate::config::Config::default(),
    };
    crate::ops::merge::merge(&mut shell, &ids, None).expect("merge");
    h.tick();
    assert!(h.app.cleanup.stale, "the idle look saw the write");
    assert_eq!(h.app.cleanup.seq, seq, "no rescan by surprise");
    assert!(
        h.text(100, 30)
            .contains("changed elsewhere since the scan: r rescans")
    );
    h.keys("r");
    assert!(!h.app.cleanup.stale);
    assert!(
        h.app.cleanup.clusters().iter().all(|c| c.contacts != ids),
        "the rescan no longer finds what was merged"
    );
}
