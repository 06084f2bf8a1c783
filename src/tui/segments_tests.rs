//! The Segments pane driving the real segment operations on the demo: a
//! query typed key by key and its count, saving, deleting, comparing and
//! opening a member, each checked in the database afterwards.

use crate::clock::Clock;
use crate::config::Config;
use crate::ops::{Ctx, segment};
use crate::store::Store;
use crate::tui::action::PaneId;
use crate::tui::app::StatusKind;
use crate::tui::panes::segments::Focus;
use crate::tui::testing::Harness;

/// The live contacts tagged `tag`, counted by hand.
fn tagged(h: &Harness, tag: &str) -> u64 {
    let docs = h.rt.ctx.store.db().search_docs(None).expect("docs");
    docs.iter()
        .filter(|d| d.tags.iter().any(|t| t == tag))
        .count() as u64
}

fn saved_names(h: &Harness) -> Vec<String> {
    segment::list(&h.rt.ctx)
        .expect("list")
        .into_iter()
        .map(|s| s.name)
        .collect()
}

fn status(h: &Harness) -> (String, StatusKind) {
    let s = h.app.status.clone().expect("a status");
    (s.text, s.kind)
}

#[test]
fn typing_a_query_counts_its_members_and_saving_it_lists_it() {
    let mut h = Harness::demo();
    let clients = tagged(&h, "client");
    assert!(clients > 1, "the demo has clients");
    h.keys("4e<C-u>tag:client and (city:");
    assert!(
        h.app.segments.error.is_some(),
        "the query does not read yet"
    );
    assert!(h.app.segments.members.is_none(), "no count for it");
    for _ in 0.."and (city:".len() {
        h.keys("<BS>");
    }
    h.keys("<BS>");
    assert_eq!(h.app.segments.editor.value(), "tag:client");
    assert!(h.app.segments.error.is_none());
    assert!(!h.app.segments.counting, "the inline reader answered");
    let total = h.app.segments.members.as_ref().map(|m| m.total);
    assert_eq!(total, Some(clients));
    assert!(h.text(80, 24).contains(&format!("{clients} contacts")));

    h.keys("<Enter>sbest-clients<Tab>the clients<Enter>");
    assert!(h.app.segments.save.is_none(), "the form closed once saved");
    let (text, kind) = status(&h);
    assert_eq!(kind, StatusKind::Ok, "{text}");
    assert!(
        text.contains("Saved the live segment best-clients"),
        "{text}"
    );
    let stored = segment::list(&h.rt.ctx).expect("list");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].query, "tag:client");
    assert_eq!(stored[0].description, "the clients");
    assert!(!stored[0].is_static);
    assert_eq!(stored[0].size, clients);
    let listed = h.app.segments.saved.as_ref().expect("listed");
    assert_eq!(listed.len(), 1);
    assert!(h.text(80, 24).contains("best-clients"));
}

#[test]
fn a_static_segment_is_saved_static() {
    let mut h = Harness::demo();
    h.keys("4e<C-u>tag:client<Enter>ts");
    h.keys("frozen<C-t><C-t><Enter>");
    let stored = segment::list(&h.rt.ctx).expect("list");
    assert_eq!(stored.len(), 1);
    assert!(stored[0].is_static, "t before s chose static");
}

#[test]
fn a_name_already_taken_is_refused_and_nothing_changes() {
    let mut h = Harness::demo();
    segment::add(&mut h.rt.ctx, "clients", "tag:client", false, "").expect("add");
    h.keys("4e<C-u>tag:vip<Enter>sclients<Enter>");
    let (text, kind) = status(&h);
    assert_eq!(kind, StatusKind::Error, "{text}");
    assert!(
        h.app.segments.save.is_some(),
        "the form stays, to change the name"
    );
    let stored = segment::list(&h.rt.ctx).expect("list");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].query, "tag:client", "the saved one is unchanged");
}

#[test]
fn deleting_asks_first_then_removes_the_segment() {
    let mut h = Harness::demo();
    segment::add(&mut h.rt.ctx, "clients", "tag:client", false, "").expect("add");
    segment::add(&mut h.rt.ctx, "vips", "tag:vip", false, "").expect("add");
    h.keys("4");
    assert_eq!(h.app.segments.saved.as_ref().map(Vec::len), Some(2));
    // Opening shows the first segment: its query and its members.
    assert_eq!(h.app.segments.editor.value(), "tag:client");
    let total = h.app.segments.members.as_ref().map(|m| m.total);
    assert_eq!(total, Some(tagged(&h, "client")));
    h.keys("jd");
    assert!(h.text(80, 24).contains("vips"));
    h.keys("n");
    assert_eq!(saved_names(&h).len(), 2, "no keeps it");
    h.keys("dy");
    assert_eq!(saved_names(&h), ["clients"]);
    assert_eq!(h.app.segments.saved.as_ref().map(Vec::len), Some(1));
    assert!(status(&h).0.contains("Deleted the segment vips"));
}

#[test]
fn marked_segments_are_compared_this_quarter() {
    let mut h = Harness::demo();
    segment::add(&mut h.rt.ctx, "clients", "tag:client", false, "").expect("add");
    segment::add(&mut h.rt.ctx, "everyone", "-tag:nobody-has-this", false, "").expect("add");
    h.keys("4 j c");
    let c = h.app.segments.comparison.as_ref().expect("comparison");
    let performance = c.result.clone().expect("read").expect("figures");
    assert_eq!(performance.len(), 2);
    assert_eq!(performance[0].name, "clients");
    assert_eq!(performance[0].size, tagged(&h, "client"));
    assert_eq!(performance[0].span.label(), "2026-Q4");
    let text = h.text(140, 45);
    assert!(text.contains("Compared in 2026-Q4"), "{text}");
    assert!(text.contains("everyone"), "{text}");
}

#[test]
fn enter_on_a_member_opens_the_contact() {
    let mut h = Harness::demo();
    segment::add(&mut h.rt.ctx, "clients", "tag:client", false, "").expect("add");
    h.keys("4<Enter>");
    assert_eq!(h.app.segments.focus, Focus::Members);
    h.keys("j");
    let id = h
        .app
        .segments
        .selected_member()
        .map(|r| r.id)
        .expect("member");
    h.keys("<Enter>");
    assert_eq!(h.app.active, PaneId::Contacts);
    assert_eq!(h.app.contacts.selected_id(), Some(id));
}

#[test]
fn a_segment_saved_elsewhere_shows_after_the_idle_tick() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kith.db");
    let mut h = Harness::demo_on_file(&path);
    h.keys("4");
    assert_eq!(h.app.segments.saved.as_ref().map(Vec::len), Some(0));
    let mut shell = Ctx {
        store: Store::open(&path).expect("second connection"),
        clock: Clock::fixed(Harness::start_time()),
        config: Config::default(),
    };
    segment::add(&mut shell, "from-the-shell", "tag:client", false, "").expect("add");
    h.tick();
    let names: Vec<String> = h
        .app
        .segments
        .saved
        .iter()
        .flatten()
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(names, ["from-the-shell"]);
}
