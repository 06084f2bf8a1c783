//! The Cleanup pane's state and drawing, from hand-made scans (the scanner
//! is held, so each test says what the scan found and when).

use std::collections::HashMap;

use insta::assert_snapshot;

use crate::domain::contact::Contact;
use crate::domain::dedup::{Cluster, Pair, Progress, Scan};
use crate::domain::phone::Phone;
use crate::ops::merge::{FieldChoice, MergePlan, Merged};
use crate::tui::action::PaneId;
use crate::tui::effect::{Effect, Outcome};
use crate::tui::scanner::Scanner;
use crate::tui::testing::Harness;

/// Three contacts: two of them one person, typed twice.
pub(crate) fn people(h: &mut Harness) -> [Contact; 3] {
    let stamp = "2026-01-10 10:00:00";
    let mut bob = Contact::new(crate::ops::new_uid(), "Bob Smith", stamp);
    bob.given_name = Some("Bob".into());
    bob.family_name = Some("Smith".into());
    bob.emails = vec!["bob.smith@example.com".into()];
    bob.phones = vec![Phone::parse("+44 20 7946 0018", None).expect("phone")];
    bob.city = Some("London".into());
    bob.tags = vec!["client".into()];
    let mut robert = Contact::new(crate::ops::new_uid(), "SMITH, ROBERT", stamp);
    robert.given_name = Some("Robert".into());
    robert.family_name = Some("Smith".into());
    robert.emails = vec!["Bob.Smith@example.com".into(), "rsmith@work.example".into()];
    robert.org = Some("Smith & Sons Ltd".into());
    robert.city = Some("London".into());
    robert.source = "import".into();
    let mut ada = Contact::new(crate::ops::new_uid(), "Ada Lovelace", stamp);
    ada.emails = vec!["ada@example.org".into()];
    h.rt.ctx
        .store
        .write(|db| {
            for c in [&mut bob, &mut robert, &mut ada] {
                c.id = db.insert_contact(c)?;
            }
            Ok::<_, crate::store::StoreError>(())
        })
        .expect("contacts");
    [bob, robert, ada]
}

fn pair(a: i64, b: i64) -> Pair {
    Pair {
        a,
        b,
        score: 0.97,
        reasons: vec![
            "same e-mail after normalisation".into(),
            "nickname: Bob = Robert".into(),
            "first and last name swapped".into(),
        ],
        weights: Vec::new(),
    }
}

pub(crate) fn scan_of(ids: &[(i64, i64)]) -> Scan {
    Scan {
        clusters: ids
            .iter()
            .map(|&(a, b)| Cluster {
                contacts: vec![a, b],
                score: 0.97,
                pairs: vec![pair(a, b)],
            })
            .collect(),
        people: 3,
        compared: 2,
    }
}

pub(crate) fn names(people: &[Contact]) -> HashMap<i64, String> {
    people.iter().map(|c| (c.id, c.name.clone())).collect()
}

/// The Cleanup pane open on a held scan, over the three contacts.
fn opened() -> (Harness, [Contact; 3]) {
    let mut h = Harness::empty();
    h.rt.scanner = Scanner::Held;
    let people = people(&mut h);
    h.keys("6");
    (h, people)
}

/// Scan `seq` found the Bob/Robert cluster and no findings.
fn found(h: &mut Harness, seq: u64, p: &[Contact; 3]) {
    h.outcome(Outcome::Findings {
        seq,
        findings: Vec::new(),
    });
    h.outcome(Outcome::Scanned {
        seq,
        scan: scan_of(&[(p[0].id, p[1].id)]),
        names: names(p),
    });
}

#[test]
fn the_scan_starts_when_the_pane_first_opens_and_keys_work_while_it_runs() {
    let mut h = Harness::empty();
    h.rt.scanner = Scanner::Held;
    assert_eq!(h.app.cleanup.seq, 0, "no scan at start");
    h.keys("6");
    assert_eq!(h.app.active, PaneId::Cleanup);
    assert_eq!(h.app.cleanup.seq, 1);
    assert!(h.app.cleanup.scanning && h.app.busy());
    h.outcome(Outcome::ScanProgress {
        seq: 1,
        progress: Progress::Blocking {
            done: 1_200,
            total: 5_000,
        },
    });
    assert_snapshot!("scanning_80x24", h.screen(80, 24).backend());
    // Moving, switching panes and coming back: no second scan.
    h.keys("jkG1");
    assert_eq!(h.app.active, PaneId::Contacts);
    h.keys("6");
    assert_eq!(h.app.cleanup.seq, 1);
    h.keys("q");
    assert!(h.app.quit, "q quits while the scan runs");
}

#[test]
fn clusters_beside_the_comparison_with_the_reasons() {
    let (mut h, p) = opened();
    found(&mut h, 1, &p);
    assert!(!h.app.cleanup.scanning);
    assert_eq!(
        h.app.cleanup.compared.len(),
        2,
        "the cluster's contacts are read"
    );
    assert_snapshot!("clusters_120x36", h.screen(120, 36).backend());
    assert_snapshot!("clusters_80x24", h.screen(80, 24).backend());
    let text = h.text(120, 36);
    for shown in [
        "Bob Smith",
        "SMITH, ROBERT",
        "rsmith@work.example",
        "nickname: Bob = Robert",
        "No problems found",
    ] {
        assert!(text.contains(shown), "{shown}:\n{text}");
    }
}

#[test]
fn nothing_found_says_what_to_do() {
    let (mut h, _) = opened();
    h.outcome(Outcome::Findings {
        seq: 1,
        findings: Vec::new(),
    });
    h.outcome(Outcome::Scanned {
        seq: 1,
        scan: Scan::default(),
        names: HashMap::new(),
    });
    assert_snapshot!("nothing_found_80x24", h.screen(80, 24).backend());
    h.keys("m");
    let status = h.app.status.as_ref().map(|s| s.text.clone());
    assert_eq!(status.as_deref(), Some("no duplicates to merge: r rescans"));
}

#[test]
fn a_stale_scan_is_dropped_when_a_newer_one_started() {
    let (mut h, p) = opened();
    h.keys("r");
    assert_eq!(h.app.cleanup.seq, 2);
    found(&mut h, 1, &p);
    assert!(h.app.cleanup.scan.is_none(), "scan 1's results are dropped");
    assert!(h.app.cleanup.findings.is_none());
    h.outcome(Outcome::ScanProgress {
        seq: 1,
        progress: Progress::Clustering,
    });
    assert_eq!(h.app.cleanup.progress, None);
    found(&mut h, 2, &p);
    assert_eq!(h.app.cleanup.clusters().len(), 1);
}

#[test]
fn a_write_elsewhere_marks_the_results_stale_without_rescanning() {
    let (mut h, p) = opened();
    found(&mut h, 1, &p);
    h.outcome(Outcome::Synced { explicit: false });
    assert!(h.app.cleanup.stale);
    assert_eq!(h.app.cleanup.seq, 1, "no rescan by surprise");
    let text = h.text(100, 24);
    assert!(
        text.contains("changed elsewhere since the scan: r rescans"),
        "{text}"
    );
    h.keys("r");
    assert_eq!(h.app.cleanup.seq, 2);
    assert!(!h.app.cleanup.stale);
}

#[test]
fn the_pane_s_own_write_is_not_taken_for_someone_else_s() {
    let (mut h, p) = opened();
    found(&mut h, 1, &p);
    h.outcome(Outcome::MarkedDistinct(vec![p[0].id, p[1].id]));
    assert!(h.app.cleanup.clusters().is_empty(), "the cluster is gone");
    h.outcome(Outcome::Synced { explicit: false });
    assert!(!h.app.cleanup.stale);
    h.outcome(Outcome::Synced { explicit: false });
    assert!(h.app.cleanup.stale, "the next one is someone else's");
}

fn choice(field: &'static str, value: &str, from: i64) -> FieldChoice {
    FieldChoice {
        field,
        key: None,
        value: value.into(),
        from,
        dropped: Vec::new(),
    }
}

fn plan(p: &[Contact; 3]) -> MergePlan {
    let mut result = p[0].clone();
    result.emails = vec!["bob.smith@example.com".into(), "rsmith@work.example".into()];
    result.org.clone_from(&p[1].org);
    MergePlan {
        survivor: p[0].clone(),
        absorbed: vec![p[1].clone()],
        result,
        choices: vec![FieldChoice {
            field: "name",
            key: None,
            value: "Bob Smith".into(),
            from: p[0].id,
            dropped: vec![(p[1].id, "SMITH, ROBERT".into())],
        }],
        fields: vec![
            choice("name", "Bob Smith", p[0].id),
            choice("org", "Smith & Sons Ltd", p[1].id),
            choice("city", "London", p[0].id),
        ],
        interactions: 3,
        follow_ups: 1,
    }
}

#[test]
fn the_merge_preview_shows_the_result_and_esc_cancels() {
    let (mut h, p) = opened();
    found(&mut h, 1, &p);
    h.outcome(Outcome::MergePlanned(Box::new(plan(&p))));
    assert_snapshot!("merge_preview_80x24", h.screen(80, 24).backend());
    let text = h.text(120, 36);
    for shown in [
        "2 contacts become #1",
        "drops “SMITH, ROBERT” of #2",
        "Moves 3 interactions and 1 follow-up onto #1",
        "Merged away: #2 SMITH, ROBERT",
    ] {
        assert!(text.contains(shown), "{shown}:\n{text}");
    }
    h.keys("<Esc>");
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.cleanup.clusters().len(), 1, "nothing merged");
    assert!(h.contact(p[1].id).name == "SMITH, ROBERT");
}

#[test]
fn a_merge_drops_its_cluster_and_says_how_to_undo_it() {
    let (mut h, p) = opened();
    found(&mut h, 1, &p);
    h.outcome(Outcome::Merged(Box::new(Merged {
        history_id: 7,
        plan: plan(&p),
    })));
    assert!(h.app.cleanup.clusters().is_empty());
    let status = h.app.status.as_ref().map(|s| s.text.clone());
    assert_eq!(
        status.as_deref(),
        Some("merged 2 contacts into #1 Bob Smith — u to undo")
    );
}

#[test]
fn m_n_and_u_ask_for_the_right_things() {
    let (mut h, p) = opened();
    found(&mut h, 1, &p);
    let ids = vec![p[0].id, p[1].id];
    assert_eq!(
        h.app.update(crate::tui::action::Action::Merge),
        vec![Effect::PlanMerge(ids.clone())]
    );
    assert_eq!(
        h.app.update(crate::tui::action::Action::NotDuplicate),
        vec![Effect::NotDuplicate(ids)]
    );
    assert_eq!(
        h.app.update(crate::tui::action::Action::UndoMerge),
        vec![Effect::AskUndo]
    );
    h.outcome(Outcome::UndoAsk(None));
    let status = h.app.status.as_ref().map(|s| s.text.clone());
    assert_eq!(status.as_deref(), Some("no merge to undo"));
    // f and s act on a finding: first J moves to the list below.
    h.keys("f");
    let status = h.app.status.as_ref().map(|s| s.text.clone());
    assert_eq!(
        status.as_deref(),
        Some("J moves to the findings: f fixes, s skips")
    );
    h.keys("Jf");
    let status = h.app.status.as_ref().map(|s| s.text.clone());
    assert_eq!(status.as_deref(), Some("no finding selected"));
}
