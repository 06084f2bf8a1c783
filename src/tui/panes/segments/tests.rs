//! The Segments pane's state and drawing, from hand-made answers: the
//! reader is held, so each test says what a read found and when. (The
//! tests driving the real segment operations are in `tui/segments_tests.rs`.)

use chrono::NaiveDate;
use insta::assert_snapshot;

use super::{Focus, Source};
use crate::domain::contact::Stage;
use crate::domain::period::Period;
use crate::domain::segment::{Performance, QueryError, SavedSegment};
use crate::ops::segment::Members;
use crate::store::ListRow;
use crate::tui::action::PaneId;
use crate::tui::effect::{Effect, Outcome};
use crate::tui::reader::{Read, Reader};
use crate::tui::segments::Found;
use crate::tui::testing::Harness;

fn segment(id: i64, name: &str, query: &str, size: u64, week_ago: Option<u64>) -> SavedSegment {
    SavedSegment {
        id,
        name: name.into(),
        query: query.into(),
        description: String::new(),
        is_static: false,
        size,
        week_ago,
    }
}

fn saved() -> Vec<SavedSegment> {
    let mut frozen = segment(
        3,
        "fair-2026",
        "tag:fair created:>=2026-03-01",
        57,
        Some(57),
    );
    frozen.is_static = true;
    vec![
        segment(1, "at-risk-clients", "tag:client last:>90d", 38, Some(41)),
        segment(
            2,
            "best-clients",
            "tag:client spent:>=1000 -tag:vip",
            1204,
            Some(1192),
        ),
        frozen,
        segment(4, "munich-leads", "city:münchen stage:lead", 9, None),
    ]
}

fn row(id: i64, name: &str, email: &str, org: &str, stage: Stage, last: &str) -> ListRow {
    ListRow {
        id,
        name: name.into(),
        email: Some(email.into()).filter(|e: &String| !e.is_empty()),
        org: Some(org.into()).filter(|o: &String| !o.is_empty()),
        stage: Some(stage),
        last_contact: Some(last.into()).filter(|l: &String| !l.is_empty()),
    }
}

fn members(total: u64) -> Members {
    Members {
        total,
        rows: vec![
            row(
                11,
                "Ada Lovelace",
                "ada@example.org",
                "Analytical Engines",
                Stage::Customer,
                "2026-11-20 10:00:00",
            ),
            row(
                12,
                "Bernd Müller",
                "bernd@acme.example",
                "Acme GmbH",
                Stage::Loyal,
                "2026-10-02 09:30:00",
            ),
            row(
                13,
                "Chloé Martin",
                "",
                "Atelier Martin",
                Stage::Customer,
                "",
            ),
            row(
                14,
                "Dmitri Ivanov",
                "dmitri@ivanov.example",
                "",
                Stage::Customer,
                "2026-07-15 16:45:00",
            ),
        ],
    }
}

/// The Segments pane open on an empty database, its reads held.
fn pane() -> Harness {
    let mut h = Harness::empty();
    h.rt.reader = Reader::Held;
    h.keys("4");
    assert_eq!(h.app.active, PaneId::Segments);
    h
}

fn list_arrives(h: &mut Harness, segments: Vec<SavedSegment>) {
    let seq = h.app.segments.list_seq;
    h.outcome(Outcome::Segments(Found::List {
        seq,
        segments: Ok(segments),
    }));
}

fn members_arrive(h: &mut Harness, members: Members) {
    let seq = h.app.segments.seq;
    h.outcome(Outcome::Segments(Found::Members {
        seq,
        members: Ok(members),
    }));
}

#[test]
fn the_saved_list_shows_size_and_trend_and_the_first_segments_members() {
    let mut h = pane();
    assert!(h.text(80, 24).contains("reading…"));
    list_arrives(&mut h, saved());
    // The first segment is shown: its query in the editor, its members read.
    assert_eq!(h.app.segments.editor.value(), "tag:client last:>90d");
    assert_eq!(
        h.app.segments.shown,
        Some(Source::Saved("at-risk-clients".into()))
    );
    assert!(h.app.segments.counting);
    assert!(h.text(80, 24).contains("counting…"));
    members_arrive(&mut h, members(38));
    h.keys("j");
    assert_eq!(h.app.segments.selected, 1);
    assert_eq!(
        h.app.segments.editor.value(),
        "tag:client spent:>=1000 -tag:vip"
    );
    assert!(
        h.app.segments.counting,
        "the new segment's count is not known yet"
    );
    members_arrive(&mut h, members(1204));
    h.keys(" j");
    members_arrive(&mut h, members(57));
    assert!(
        h.text(80, 24)
            .contains("57 contacts · static: frozen when saved")
    );
    h.keys("j ");
    assert_eq!(h.app.segments.marked.len(), 2);
    assert_snapshot!("saved_list_80x24", h.screen(80, 24).backend());
    assert_snapshot!("saved_list_140x45", h.screen(140, 45).backend());
}

#[test]
fn the_members_list_moves_with_j_and_k_once_focused() {
    let mut h = pane();
    list_arrives(&mut h, saved());
    members_arrive(&mut h, members(38));
    h.keys("<Right>jj");
    assert_eq!(h.app.segments.focus, Focus::Members);
    assert_eq!(h.app.segments.member, 2);
    assert_eq!(h.app.segments.selected, 0, "the saved list stays put");
    h.keys("k");
    assert_eq!(h.app.segments.selected_member().map(|r| r.id), Some(12));
    assert_snapshot!("members_80x24", h.screen(80, 24).backend());
    assert_snapshot!("members_140x45", h.screen(140, 45).backend());
}

#[test]
fn the_editor_shows_the_live_count() {
    let mut h = pane();
    list_arrives(&mut h, Vec::new());
    let pane = &mut h.app.segments;
    pane.editing = true;
    pane.editor.set("tag:client city:berlin last:>90d");
    pane.shown = Some(Source::Query(pane.editor.value().into()));
    members_arrive(&mut h, members(1234));
    assert_snapshot!("live_count_80x24", h.screen(80, 24).backend());
    assert_snapshot!("live_count_140x45", h.screen(140, 45).backend());
}

#[test]
fn a_query_that_does_not_read_shows_the_error_under_its_caret() {
    let mut h = pane();
    list_arrives(&mut h, saved());
    let pane = &mut h.app.segments;
    pane.editing = true;
    pane.editor.set("tag:client and (city:");
    pane.members = None;
    pane.counting = false;
    pane.error = Some(QueryError {
        column: 21,
        message: "expected a value after `city:`".into(),
    });
    let text = h.text(80, 24);
    let query_line = text
        .lines()
        .find(|l| l.contains("› tag:client"))
        .expect("query");
    let caret_line = text.lines().find(|l| l.contains('^')).expect("caret");
    assert!(text.contains("expected a value after `city:`"), "{text}");
    // The caret sits under the end of the query, where the value is missing.
    let chars = |line: &str, byte: usize| line[..byte].chars().count();
    let end = chars(query_line, query_line.find("(city:").expect("city")) + "(city:".len();
    let caret = chars(caret_line, caret_line.find('^').expect("^"));
    assert_eq!(caret, end);
    assert!(
        !text.contains("counting"),
        "no count for a query that does not read"
    );
    assert_snapshot!("parse_error_80x24", h.screen(80, 24).backend());
    assert_snapshot!("parse_error_140x45", h.screen(140, 45).backend());
}

#[test]
fn an_older_evaluation_never_shows_as_the_current_count() {
    let mut h = pane();
    list_arrives(&mut h, saved());
    let old = h.app.segments.seq;
    h.keys("j");
    h.outcome(Outcome::Segments(Found::Members {
        seq: old,
        members: Ok(members(38)),
    }));
    assert!(h.app.segments.counting, "the stale answer is dropped");
    assert!(h.app.segments.members.is_none());
    assert!(h.text(80, 24).contains("counting…"));
    members_arrive(&mut h, members(1204));
    assert!(!h.app.segments.counting);
    assert!(h.text(80, 24).contains("1,204 contacts"));
}

#[test]
fn no_saved_segments_says_how_to_make_one() {
    let mut h = pane();
    list_arrives(&mut h, Vec::new());
    let text = h.text(80, 24);
    assert!(text.contains("No saved segments yet."), "{text}");
    assert!(text.contains("s saves it"), "{text}");
    assert_snapshot!("empty_80x24", h.screen(80, 24).backend());
    assert_snapshot!("empty_140x45", h.screen(140, 45).backend());
}

#[test]
fn save_needs_a_query_first() {
    let mut h = pane();
    list_arrives(&mut h, Vec::new());
    h.keys("s");
    assert!(h.app.segments.save.is_none());
    let status = h.app.status.clone().expect("status");
    assert!(status.text.contains("type a query first"), "{status:?}");
}

#[test]
fn delete_asks_first_naming_the_segment() {
    let mut h = pane();
    list_arrives(&mut h, saved());
    h.keys("jd");
    let text = h.text(80, 24);
    assert!(text.contains("best-clients"), "{text}");
    assert!(text.contains("Its contacts stay"), "{text}");
    // No answers no: nothing is removed.
    h.keys("n");
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.segments.saved.as_ref().map(Vec::len), Some(4));
}

fn performance(name: &str, size: u64, revenue_minor: i64) -> Performance {
    let span = Period::Month.span_of(NaiveDate::from_ymd_opt(2026, 11, 23).expect("day"));
    Performance {
        name: name.into(),
        span,
        size,
        customers: size / 2,
        revenue_minor,
        average_purchase_minor: Some(revenue_minor / 10),
        purchases_per_contact: Some(0.25),
        response_rate: Some(0.125),
        retention: Some(0.9),
        churn: Some(0.1),
        average_nps: None,
    }
}

#[test]
fn marked_segments_compare_side_by_side() {
    let mut h = pane();
    list_arrives(&mut h, saved());
    h.keys("c");
    assert!(h.app.segments.comparison.is_none());
    assert!(
        h.app
            .status
            .as_ref()
            .is_some_and(|s| s.text.contains("Space marks"))
    );
    h.keys(" j ");
    h.keys("c");
    let asked = h.app.segments.comparison.as_ref().map(|c| c.names.clone());
    assert_eq!(
        asked,
        Some(vec![
            "at-risk-clients".to_string(),
            "best-clients".to_string()
        ])
    );
    assert!(h.text(80, 24).contains("reading the figures…"));
    let seq = h.app.segments.compare_seq;
    h.outcome(Outcome::Segments(Found::Compared {
        seq,
        performance: Ok(vec![
            performance("at-risk-clients", 38, 120_050),
            performance("best-clients", 1204, 4_512_000),
        ]),
        currency: "EUR".into(),
    }));
    let text = h.text(80, 24);
    assert!(text.contains("45120.00 EUR"), "{text}");
    assert!(text.contains("12.5%"), "{text}");
    assert_snapshot!("compare_80x24", h.screen(80, 24).backend());
    assert_snapshot!("compare_140x45", h.screen(140, 45).backend());
    h.keys("<Esc>");
    assert!(h.app.segments.comparison.is_none());
}

#[test]
fn the_save_form_asks_the_name_and_live_or_static() {
    let mut h = pane();
    list_arrives(&mut h, saved());
    members_arrive(&mut h, members(38));
    h.keys("t");
    assert!(h.app.segments.save_static);
    h.keys("s");
    assert!(h.app.segments.save.is_some());
    h.keys("<Enter>");
    let form = h.app.segments.save.as_ref().expect("form");
    assert_eq!(form.error.as_deref(), Some("a segment needs a name"));
    h.keys("lapsing<Tab>clients gone quiet<C-t><C-t>");
    assert_snapshot!("save_form_80x24", h.screen(80, 24).backend());
    assert_snapshot!("save_form_140x45", h.screen(140, 45).backend());
    // Enter asks the writer; the form stays until the save comes back.
    let effects = {
        let key = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Enter,
            crossterm::event::KeyModifiers::NONE,
        );
        h.app.on_key(key)
    };
    assert_eq!(
        effects,
        [Effect::SaveSegment {
            name: "lapsing".into(),
            query: "tag:client last:>90d".into(),
            is_static: true,
            description: "clients gone quiet".into(),
        }]
    );
    h.keys("<Esc>");
    assert!(h.app.segments.save.is_none());
}

#[test]
fn arriving_reads_the_list_and_the_members_shown_again() {
    let mut h = pane();
    list_arrives(&mut h, saved());
    h.keys("1");
    let effects = h
        .app
        .update(crate::tui::action::Action::Go(PaneId::Segments));
    let seq = h.app.segments.seq;
    assert!(effects.contains(&Effect::Read(Read::SegmentShow {
        seq,
        name: "at-risk-clients".into()
    })));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Read(Read::SegmentList { .. })))
    );
}
