//! The Outreach pane's state and drawing, from hand-made answers: the
//! reader is held, so each test says what a read found and when. (The
//! tests driving the real campaign operations are in
//! `tui/outreach_tests.rs`.)

use insta::assert_snapshot;

use super::View;
use crate::domain::campaign::stats::{Rate, Verdict};
use crate::domain::campaign::{
    Audience, Campaign, Outcome as Response, RecipientState, SkipReason, Variant,
};
use crate::domain::template::Rendered;
use crate::ops::campaign::send::{Progress, Sent, Target};
use crate::ops::campaign::{
    Plan, PlannedRecipient, PlannedVariant, Preview, Report, SkippedContact, Summary, VariantReport,
};
use crate::tui::action::PaneId;
use crate::tui::effect::Outcome;
use crate::tui::outreach::{Choices, Found, SendPlan, Sending};
use crate::tui::overlays::Dirs;
use crate::tui::reader::Reader;
use crate::tui::testing::Harness;

fn variant(label: &str, template: &str, weight: u32) -> Variant {
    Variant {
        label: label.into(),
        template: template.into(),
        subject: "Hello {{ first_name }}".into(),
        body: "Hi {{ first_name }},\n\nspring is here.".into(),
        weight,
    }
}

fn campaign(id: i64, name: &str, audience: Audience, variants: Vec<Variant>) -> Campaign {
    Campaign {
        id,
        uid: format!("c{id}"),
        name: name.into(),
        audience,
        response_days: 14,
        created_at: format!("2026-11-{:02} 10:00:00", 10 + id),
        variants,
    }
}

fn summaries() -> Vec<Summary> {
    let ab = campaign(
        2,
        "spring-offer",
        Audience::Segment("best-clients".into()),
        vec![
            variant("A", "welcome", 50),
            variant("B", "welcome-short", 50),
        ],
    );
    let plain = campaign(
        1,
        "autumn-news",
        Audience::Query("tag:client city:berlin last:>90d".into()),
        vec![variant("A", "newsletter", 100)],
    );
    vec![
        Summary {
            campaign: ab,
            pending: 0,
            sending: 0,
            sent: 1204,
            failed: 0,
            skipped: 96,
            responses: 181,
            rate: Some(181.0 / 1204.0),
        },
        Summary {
            campaign: plain,
            pending: 37,
            sending: 0,
            sent: 0,
            failed: 0,
            skipped: 3,
            responses: 0,
            rate: None,
        },
    ]
}

/// The Outreach pane open on an empty database, its reads held.
fn pane() -> Harness {
    let mut h = Harness::empty();
    h.rt.reader = Reader::Held;
    h.app.dirs = Dirs {
        cwd: "/home/jane/work".into(),
        home: Some("/home/jane".into()),
    };
    h.keys("7");
    assert_eq!(h.app.active, PaneId::Outreach);
    h
}

fn list_arrives(h: &mut Harness, campaigns: Vec<Summary>) {
    let seq = h.app.outreach.list_seq;
    h.outcome(Outcome::Outreach(Found::List {
        seq,
        campaigns: Ok(campaigns),
    }));
}

fn choices_arrive(h: &mut Harness) {
    let seq = h.app.outreach.choices_seq;
    h.outcome(Outcome::Outreach(Found::Choices {
        seq,
        choices: Ok(Choices {
            segments: vec!["best-clients".into(), "munich-leads".into()],
            templates: vec![
                "newsletter".into(),
                "welcome".into(),
                "welcome-short".into(),
            ],
        }),
    }));
}

fn recipient(id: i64, name: &str, variant: &str) -> PlannedRecipient {
    PlannedRecipient {
        contact_id: id,
        name: name.into(),
        email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
        variant: variant.into(),
    }
}

fn skipped(id: i64, reason: SkipReason) -> SkippedContact {
    SkippedContact {
        contact_id: id,
        name: format!("Skipped {id}"),
        reason,
    }
}

fn plan() -> Plan {
    Plan {
        name: "winter".into(),
        audience: Audience::Query("tag:client".into()),
        matched: 7,
        variants: vec![
            PlannedVariant {
                label: "A".into(),
                template: "welcome".into(),
                weight: 50,
                recipients: 2,
            },
            PlannedVariant {
                label: "B".into(),
                template: "welcome-short".into(),
                weight: 50,
                recipients: 2,
            },
        ],
        recipients: vec![
            recipient(1, "Ada Lovelace", "A"),
            recipient(2, "Bernd Müller", "B"),
            recipient(3, "Chloé Martin", "A"),
            recipient(4, "Dmitri Ivanov", "B"),
        ],
        skipped: vec![
            skipped(5, SkipReason::ConsentUnknown),
            skipped(6, SkipReason::ConsentDenied),
            skipped(7, SkipReason::NoEmail),
        ],
    }
}

#[test]
fn the_empty_list_tells_how_to_start_and_seven_tabs_fit_80_columns() {
    let mut h = pane();
    assert!(h.text(80, 24).contains("reading…"));
    list_arrives(&mut h, Vec::new());
    let text = h.text(80, 24);
    assert!(text.contains("n: new campaign"), "{text}");
    assert!(text.contains("kith template add"), "{text}");
    assert!(text.contains("7 Outreach"), "{text}");
    assert_snapshot!("empty_80x24", h.screen(80, 24).backend());
}

#[test]
fn the_list_shows_audience_variants_counts_and_rates() {
    let mut h = pane();
    list_arrives(&mut h, summaries());
    h.keys("j");
    assert_eq!(h.app.outreach.selected, 1);
    h.keys("j");
    assert_eq!(h.app.outreach.selected, 1, "the last stays selected");
    let text = h.text(80, 24);
    assert!(text.contains("1,204/0"), "{text}");
    assert!(text.contains("15.0%"), "{text}");
    assert_snapshot!("list_80x24", h.screen(80, 24).backend());
    assert_snapshot!("list_140x45", h.screen(140, 45).backend());
    // The list comes back with the selection on its campaign.
    let mut again = summaries();
    again.reverse();
    h.keys("<C-r>");
    list_arrives(&mut h, again);
    assert_eq!(h.app.outreach.selected_name(), "autumn-news");
}

#[test]
fn the_form_checks_the_query_on_every_key_with_a_caret_under_the_error() {
    let mut h = pane();
    list_arrives(&mut h, Vec::new());
    h.keys("n");
    assert!(h.app.typing(), "keys go to the form");
    choices_arrive(&mut h);
    h.keys("winter<Tab><Tab>tag:client city:");
    let View::Form(form) = &h.app.outreach.view else {
        panic!("the form is open");
    };
    let error = form.query_error.clone().expect("an error");
    assert_eq!(error.column, 16);
    assert!(
        form.plan.is_none(),
        "a query that does not read is not planned"
    );
    assert_snapshot!("form_query_error_80x24", h.screen(80, 24).backend());
    // Fixed: it reads, and the plan is asked for.
    let asked = h.app.outreach.plan_seq;
    h.keys("berlin");
    let View::Form(form) = &h.app.outreach.view else {
        panic!("the form is open");
    };
    assert!(form.query_error.is_none());
    assert!(form.planning);
    assert!(h.app.outreach.plan_seq > asked);
}

#[test]
fn the_form_shows_the_live_plan_and_drops_a_stale_one() {
    let mut h = pane();
    list_arrives(&mut h, Vec::new());
    h.keys("n");
    choices_arrive(&mut h);
    // Name, query, template A = welcome, B = welcome-short, split 60/40.
    h.keys("winter<Tab><Tab>tag:client<Tab><Right><Tab><Right><Right><Right><Tab>");
    h.keys("<BS><BS><BS><BS><BS>60/40");
    let stale = h.app.outreach.plan_seq - 1;
    h.outcome(Outcome::Outreach(Found::Plan {
        seq: stale,
        plan: Err("old".into()),
    }));
    let View::Form(form) = &h.app.outreach.view else {
        panic!("the form is open");
    };
    assert!(form.plan.is_none(), "an older plan is dropped");
    let spec = form.spec(false).expect("the form reads");
    assert_eq!(spec.name, "winter");
    assert_eq!(spec.audience, Audience::Query("tag:client".into()));
    let variants: Vec<(&str, &str, u32)> = spec
        .variants
        .iter()
        .map(|v| (v.label.as_str(), v.template.as_str(), v.weight))
        .collect();
    assert_eq!(variants, [("A", "welcome", 60), ("B", "welcome-short", 40)]);
    let seq = h.app.outreach.plan_seq;
    h.outcome(Outcome::Outreach(Found::Plan {
        seq,
        plan: Ok(plan()),
    }));
    let text = h.text(80, 24);
    assert!(
        text.contains("7 matched · 4 get a message: A 2, B 2"),
        "{text}"
    );
    assert!(
        text.contains("skipped: 1 consent unknown, 1 consent denied, 1 no e-mail"),
        "{text}"
    );
    assert_snapshot!("form_plan_80x24", h.screen(80, 24).backend());
    assert_snapshot!("form_plan_140x45", h.screen(140, 45).backend());
}

#[test]
fn the_form_picks_a_saved_segment_and_refuses_without_a_name() {
    let mut h = pane();
    list_arrives(&mut h, Vec::new());
    h.keys("n");
    choices_arrive(&mut h);
    // Audience: segment; the second one; then C-s with no name.
    h.keys("<Tab><Right><Tab><Right><C-s>");
    let View::Form(form) = &h.app.outreach.view else {
        panic!("the form stays open");
    };
    assert_eq!(form.error.as_deref(), Some("a campaign needs a name"));
    let spec = form.spec(true).expect("plannable without a name");
    assert_eq!(spec.audience, Audience::Segment("munich-leads".into()));
    assert_eq!(spec.variants.len(), 1);
    assert_eq!(spec.variants[0].weight, 100);
    assert!(h.text(80, 24).contains("a campaign needs a name"));
    // Esc leaves the form for the list; nothing was created.
    h.keys("<Esc>");
    assert_eq!(h.app.outreach.view, View::List);
    assert!(!h.app.typing());
}

fn preview(index: usize) -> Preview {
    let names = ["Ada Lovelace", "Bernd Müller", "Chloé Martin"];
    let name = names[index];
    let first = name.split(' ').next().unwrap_or(name);
    Preview {
        index,
        total: names.len(),
        contact_id: i64::try_from(index).expect("small") + 1,
        name: name.into(),
        email: format!("{}@example.org", first.to_lowercase()),
        variant: if index.is_multiple_of(2) { "A" } else { "B" }.into(),
        state: RecipientState::Pending,
        message: Rendered {
            subject: format!("Spring at the atelier, {first}"),
            body: format!(
                "Hi {first},\n\nthe spring collection is in. As a client since 2021 you get\nfirst pick this week.\n\nSee you soon,\nJane\n\x1b[31mnot red\x1b[0m"
            ),
        },
    }
}

#[test]
fn the_preview_shows_the_message_and_flips_through_recipients() {
    let mut h = pane();
    list_arrives(&mut h, summaries());
    h.keys("p");
    assert!(h.text(80, 24).contains("rendering…"));
    let seq = h.app.outreach.view_seq;
    h.outcome(Outcome::Outreach(Found::Preview {
        seq,
        preview: Ok(preview(0)),
    }));
    let text = h.text(80, 24);
    assert!(text.contains("Ada Lovelace <ada@example.org>"), "{text}");
    assert!(text.contains("1 / 3"), "{text}");
    assert!(!text.contains('\x1b'), "stored text is made printable");
    assert_snapshot!("preview_80x24", h.screen(80, 24).backend());
    h.keys("]");
    let View::Preview(p) = &h.app.outreach.view else {
        panic!("the preview is open");
    };
    assert_eq!(p.index, 1);
    assert_eq!(h.app.outreach.view_seq, seq + 1, "the next one is read");
    h.outcome(Outcome::Outreach(Found::Preview {
        seq: seq + 1,
        preview: Ok(preview(1)),
    }));
    assert!(h.text(80, 24).contains("Bernd Müller"));
    // [ twice wraps around to the last.
    h.keys("[");
    h.keys("[");
    let View::Preview(p) = &h.app.outreach.view else {
        panic!("the preview is open");
    };
    assert_eq!(p.index, 2);
    h.keys("<Esc>");
    assert_eq!(h.app.outreach.view, View::List);
}

fn send_plan(transport: Option<&str>) -> SendPlan {
    SendPlan {
        name: "autumn-news".into(),
        per_variant: vec![("A".into(), 19), ("B".into(), 18)],
        skipped: 3,
        uncertain: 0,
        sent: 0,
        transport: transport.map(str::to_string),
        from: "Jane Doe <jane@example.org>".into(),
        problem: None,
    }
}

fn send_box(h: &mut Harness, transport: Option<&str>) {
    send_box_from(h, transport, "Jane Doe <jane@example.org>");
}

fn send_box_from(h: &mut Harness, transport: Option<&str>, from: &str) {
    list_arrives(h, summaries());
    h.keys("js");
    assert!(h.app.typing(), "keys go to the confirmation");
    let seq = h.app.outreach.send_seq;
    h.outcome(Outcome::Outreach(Found::SendPlan {
        seq,
        plan: Ok(SendPlan {
            from: from.into(),
            ..send_plan(transport)
        }),
    }));
}

#[test]
fn the_from_is_typed_in_the_confirmation_and_checked_before_sending() {
    let mut h = pane();
    send_box_from(&mut h, Some("smtp://mail.example.org:587"), "");
    let text = h.text(80, 24);
    assert!(text.contains("no sender: type the From"), "{text}");
    assert_snapshot!("send_no_sender_80x24", h.screen(80, 24).backend());
    h.keys("<Enter>");
    let b = h.app.outreach.send.as_ref().expect("refused, still open");
    assert!(
        b.error
            .as_deref()
            .is_some_and(|e| e.starts_with("no sender"))
    );
    assert_eq!(b.focus, super::send::Field::From, "Enter went to the From");
    assert!(h.app.outreach.sending.is_none());
    // Tab cycles target → From; → on the target picks drafts, whose
    // folder is a field too.
    h.keys("<Tab>");
    assert_eq!(
        h.app.outreach.send.as_ref().expect("open").focus,
        super::send::Field::Target
    );
    h.keys("<Right><Tab>");
    assert_eq!(
        h.app.outreach.send.as_ref().expect("open").focus,
        super::send::Field::Folder
    );
    h.keys("<Tab>Jane <not an address<Enter>");
    let b = h.app.outreach.send.as_ref().expect("refused, still open");
    assert!(
        b.error.as_deref().is_some_and(|e| e.starts_with("From: ")),
        "{:?}",
        b.error
    );
    assert!(h.app.outreach.sending.is_none());
    h.keys("<C-u>Ann Archer <ann@example.org>");
    assert_snapshot!("send_from_typed_140x45", h.screen(140, 45).backend());
    let enter = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Enter,
        crossterm::event::KeyModifiers::NONE,
    );
    let (_, target, from) = h.app.outreach.send_key(&enter).expect("confirmed");
    assert_eq!(from, "Ann Archer <ann@example.org>");
    assert_eq!(
        target,
        Target::Drafts("/home/jane/work/kith-drafts/autumn-news".into())
    );
}

#[test]
fn the_send_confirmation_states_the_numbers_and_the_transport() {
    let mut h = pane();
    send_box(&mut h, Some("smtp://mail.example.org:587"));
    let text = h.text(80, 24);
    assert!(
        text.contains("Send 37 messages (A 19, B 18) to 37 contacts via"),
        "{text}"
    );
    assert_snapshot!("send_configured_80x24", h.screen(80, 24).backend());
    // →: drafts instead, to the folder typed.
    h.keys("<Right>");
    let b = h.app.outreach.send.as_ref().expect("open");
    assert!(!b.configured);
    assert_eq!(b.folder.value(), "kith-drafts/autumn-news");
    assert_snapshot!("send_drafts_140x45", h.screen(140, 45).backend());
    // Esc: nothing sent.
    h.keys("<Esc>");
    assert!(h.app.outreach.send.is_none());
    assert!(h.app.outreach.sending.is_none());
}

#[test]
fn with_no_transport_the_confirmation_offers_drafts_only() {
    let mut h = pane();
    send_box(&mut h, None);
    let text = h.text(80, 24);
    assert!(text.contains("drafts only"), "{text}");
    assert_snapshot!("send_drafts_only_80x24", h.screen(80, 24).backend());
    // Tab: from the folder to the From.
    h.keys("<Tab>");
    let b = h.app.outreach.send.as_ref().expect("open");
    assert!(!b.configured);
    assert_eq!(b.focus, super::send::Field::From);
    // The folder, typed with ~, is where the drafts go.
    let pane = &mut h.app.outreach;
    pane.send
        .as_mut()
        .expect("open")
        .folder
        .set("~/drafts/autumn");
    let enter = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Enter,
        crossterm::event::KeyModifiers::NONE,
    );
    let (name, target, from) = pane.send_key(&enter).expect("confirmed");
    assert_eq!(name, "autumn-news");
    assert_eq!(from, "Jane Doe <jane@example.org>");
    assert_eq!(target, Target::Drafts("/home/jane/drafts/autumn".into()));
    assert!(pane.send.is_none());
}

#[test]
fn the_send_reports_progress_then_the_summary_and_rereads_the_list() {
    let mut h = pane();
    list_arrives(&mut h, summaries());
    h.app.outreach.sending = Some(Sending {
        name: "autumn-news".into(),
        progress: None,
    });
    h.outcome(Outcome::Outreach(Found::Progress(Progress {
        done: 12,
        total: 37,
        name: "Ada Lovelace".into(),
    })));
    assert!(h.app.busy());
    let text = h.text(80, 24);
    assert!(text.contains("sending autumn-news: 12 / 37"), "{text}");
    assert_snapshot!("progress_80x24", h.screen(80, 24).backend());
    // A second send waits for this one.
    h.keys("s");
    assert!(h.app.outreach.send.is_none());
    let asked = h.app.outreach.list_seq;
    h.outcome(Outcome::Outreach(Found::Sent {
        name: "autumn-news".into(),
        sent: Sent {
            sent: 36,
            failed: 1,
            uncertain: 0,
            skipped: 0,
            errors: vec!["refused by the server".into()],
            via: "smtp://mail.example.org:587".into(),
            ..Sent::default()
        },
    }));
    assert!(h.app.outreach.sending.is_none());
    assert_eq!(h.app.outreach.list_seq, asked + 1, "the list is read again");
    let status = h.app.status.clone().expect("a status").text;
    assert_eq!(
        status,
        "Sent 36 of autumn-news via smtp://mail.example.org:587: 1 failed, 0 uncertain \
         (first error: refused by the server)"
    );
}

fn rate(responses: u64, sent: u64, low: f64, high: f64) -> Rate {
    #[allow(clippy::cast_precision_loss)]
    let value = responses as f64 / sent as f64;
    Rate {
        responses,
        sent,
        rate: value,
        low,
        high,
    }
}

fn report() -> Report {
    let s = summaries();
    let variant = |label: &str, template: &str, r: Rate, revenue: i64| VariantReport {
        label: label.into(),
        template: template.into(),
        sent: r.sent,
        skipped: 48,
        responses: r.responses,
        outcomes: vec![(Response::Replied, r.responses / 2), (Response::Bought, 4)],
        rate: r,
        revenue: vec![("EUR".into(), revenue)],
    };
    Report {
        campaign: s[0].campaign.clone(),
        pending: 0,
        failed: 2,
        uncertain: 0,
        variants: vec![
            variant("A", "welcome", rate(112, 602, 0.157, 0.218), 1_234_500),
            variant("B", "welcome-short", rate(69, 602, 0.091, 0.143), 640_000),
        ],
        verdict: Verdict::Leads {
            label: "A".into(),
            over: "B".into(),
            p_value: 0.0021,
        },
    }
}

#[test]
fn the_report_draws_a_bar_per_variant_and_the_verdict() {
    let mut h = pane();
    list_arrives(&mut h, summaries());
    h.keys("<Enter>");
    assert!(h.text(80, 24).contains("reading…"));
    let seq = h.app.outreach.view_seq;
    h.outcome(Outcome::Outreach(Found::Report {
        seq,
        report: Ok(report()),
    }));
    let text = h.text(80, 24);
    assert!(text.contains("A leads B"), "{text}");
    assert!(text.contains("revenue 12,345.00 EUR"), "{text}");
    assert_snapshot!("report_80x24", h.screen(80, 24).backend());
    assert_snapshot!("report_140x45", h.screen(140, 45).backend());
    // Another process wrote: the report shown is read again.
    h.outcome(Outcome::Synced { explicit: false });
    assert_eq!(h.app.outreach.view_seq, seq + 1);
}
