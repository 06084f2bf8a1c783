//! The TUI sees writes made by other processes (cron, a script, the CLI):
//! a second connection writes, then the idle tick or the refresh key
//! brings the list, the detail and the follow-ups up to date.

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::contact::ContactInput;
use crate::domain::interaction::{InteractionKind, NewInteraction};
use crate::ops::{Ctx, capture};
use crate::store::Store;
use crate::tui::effect::Effect;
use crate::tui::testing::Harness;

/// Another kith process on the same file, an hour later.
fn shell(path: &std::path::Path) -> Ctx {
    Ctx {
        store: Store::open(path).expect("second connection"),
        clock: Clock::fixed(Harness::start_time() + chrono::Duration::hours(1)),
        config: Config::default(),
    }
}

fn add(ctx: &mut Ctx, name: &str) -> i64 {
    let input = ContactInput {
        name: Some(name.into()),
        org: Some("Outside Ltd".into()),
        ..ContactInput::default()
    };
    let c = capture::new_contact(ctx, input).expect("contact");
    match capture::add_contact(ctx, &c, true).expect("add") {
        capture::AddOutcome::Added(id) => id,
        capture::AddOutcome::Duplicates(_) => unreachable!("forced"),
    }
}

fn listed(h: &Harness, id: i64) -> bool {
    h.app.contacts.hits.iter().any(|hit| hit.id == id)
}

#[test]
fn an_idle_tick_shows_contacts_edits_and_logs_made_elsewhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kith.db");
    let mut h = Harness::demo_on_file(&path);
    let shown = h.app.contacts.selected_id().expect("selected");
    let timeline_before = h
        .app
        .contacts
        .detail
        .as_ref()
        .expect("detail")
        .timeline
        .len();

    // Nothing changed: the tick reads one number and asks for nothing else.
    assert!(h.rt.run(Effect::CheckChanges, &mut |_| Ok(None)).is_empty());

    let mut sh = shell(&path);
    let new = add(&mut sh, "Zelda Quint");
    let mut c = sh.store.db().contact(shown).expect("db").expect("contact");
    let input = ContactInput {
        title: Some("ExtTitle".into()),
        city: Some("Berlin".into()),
        ..ContactInput::default()
    };
    capture::apply_input(&sh, &mut c, input).expect("edit");
    capture::save_contact(&mut sh, &c).expect("save");
    capture::log_interaction(
        &mut sh,
        &NewInteraction {
            contact_id: shown,
            kind: InteractionKind::Call,
            direction: None,
            at: "2026-11-23 09:30:00".into(),
            text: "called from cron".into(),
            amount: None,
            rating: None,
            nps: None,
        },
    )
    .expect("log");
    assert!(!listed(&h, new), "not seen before the tick");

    h.tick();
    assert!(listed(&h, new), "the new contact is in the list");
    let d = h.app.contacts.detail.as_ref().expect("detail");
    assert_eq!(d.contact.id, shown, "the selection stays");
    assert_eq!(d.contact.title.as_deref(), Some("ExtTitle"));
    assert_eq!(d.contact.city.as_deref(), Some("Berlin"));
    assert_eq!(d.timeline.len(), timeline_before + 1);
    assert_eq!(d.timeline[0].summary, "called from cron");
    h.keys("/zelda");
    assert_eq!(h.app.contacts.selected_id(), Some(new));
    assert!(h.text(80, 24).contains("Zelda Quint"));
}

#[test]
fn archived_and_deleted_elsewhere_leave_the_list_on_the_next_tick() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kith.db");
    let mut h = Harness::demo_on_file(&path);
    let archived = h.app.contacts.hits[1].id;
    let deleted = h.app.contacts.hits[2].id;
    let total = h.app.contacts.hits.len();
    let mut sh = shell(&path);
    capture::set_archived(&mut sh, archived, true).expect("archive");
    capture::delete_contact(&mut sh, deleted).expect("delete");
    h.tick();
    assert!(!listed(&h, archived));
    assert!(!listed(&h, deleted));
    assert_eq!(h.app.contacts.hits.len(), total - 2);
    assert_eq!(h.app.index.read().expect("index").len(), total - 2);
}

#[test]
fn the_refresh_key_re_reads_the_follow_ups_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kith.db");
    let mut h = Harness::demo_on_file(&path);
    h.keys("3");
    let before = h.text(80, 24);
    let mut sh = shell(&path);
    let new = add(&mut sh, "Yusuf Refresh");
    crate::ops::follow_up::add_follow_up(
        &mut sh,
        new,
        crate::domain::dates::When::day(Harness::start_time().date()),
        "call about the refresh",
        None,
    )
    .expect("follow-up");
    assert_eq!(
        h.text(80, 24),
        before,
        "nothing moves on its own before a look"
    );
    h.keys("<C-r>");
    let after = h.text(80, 24);
    assert!(after.contains("Yusuf Refresh"), "{after}");
    assert!(after.contains("Refreshed"), "{after}");
    assert!(listed(&h, new));
}

#[test]
fn refresh_is_in_help_and_the_palette() {
    let mut h = Harness::demo();
    h.keys("?");
    assert!(h.text(100, 60).contains("C-r"));
    h.keys("<Esc>:re-read");
    let text = h.text(80, 24);
    assert!(
        text.contains("refresh: re-read what others changed"),
        "{text}"
    );
    h.keys("<Enter>");
    assert!(matches!(
        h.app.status.as_ref().map(|s| s.text.as_str()),
        Some("Refreshed")
    ));
}

#[test]
fn regaining_focus_looks_for_changes_once_the_list_is_loaded() {
    let mut h = Harness::demo();
    let focus = || super::Msg::Term(crossterm::event::Event::FocusGained);
    let effects = super::handle(&mut h.app, &mut h.rt, focus());
    assert_eq!(effects, vec![Effect::CheckChanges]);
    h.app.contacts.loaded = false;
    assert!(super::handle(&mut h.app, &mut h.rt, focus()).is_empty());
}
