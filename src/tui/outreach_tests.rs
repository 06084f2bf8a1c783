//! The Outreach pane driving the real campaign operations on the demo: a
//! campaign made in the form key by key, its live plan, the list and the
//! report, each checked against the database afterwards.

use crate::domain::campaign::RecipientState;
use crate::ops::campaign::{self, NewCampaign};
use crate::tui::action::PaneId;
use crate::tui::app::StatusKind;
use crate::tui::panes::outreach::View;
use crate::tui::testing::Harness;

/// The demo with two templates, on the Outreach pane.
fn outreach() -> Harness {
    let mut h = Harness::demo();
    let now = h.rt.ctx.clock.stamp();
    for (uid, name, subject) in [
        ("t-1", "welcome", "Hello {{ first_name }}"),
        ("t-2", "welcome-short", "Hi {{ first_name }}"),
    ] {
        h.rt.ctx
            .store
            .write(|db| db.insert_template(uid, name, subject, "Spring is here.", &now))
            .expect("template");
    }
    h.keys("7");
    assert_eq!(h.app.active, PaneId::Outreach);
    h
}

fn status(h: &Harness) -> (String, StatusKind) {
    let s = h.app.status.clone().expect("a status");
    (s.text, s.kind)
}

#[test]
fn a_campaign_made_in_the_form_is_planned_live_and_created() {
    let mut h = outreach();
    assert_eq!(h.app.outreach.campaigns.as_deref(), Some(&[][..]));
    assert!(h.text(80, 24).contains("No campaigns yet"));
    // Name, a query, template A = welcome, B = welcome-short (50/50).
    h.keys("nwinter<Tab><Tab>tag:client<Tab><Tab><Right><Right>");
    let View::Form(form) = &h.app.outreach.view else {
        panic!("the form is open");
    };
    assert!(!form.planning, "the inline reader answered");
    let plan = form.plan.clone().expect("planned").expect("a plan");
    let expected = campaign::plan(
        &h.rt.ctx,
        &NewCampaign {
            name: "winter".into(),
            ..form.spec(false).expect("the form reads")
        },
    )
    .expect("plan");
    assert_eq!(plan.matched, expected.matched);
    assert_eq!(plan.recipients.len(), expected.recipients.len());
    assert!(plan.matched > 0, "the demo has clients");
    let text = h.text(80, 24);
    assert!(
        text.contains(&format!("{} matched", plan.matched)),
        "{text}"
    );

    h.keys("<C-s>");
    let (text, kind) = status(&h);
    assert_eq!(kind, StatusKind::Ok, "{text}");
    assert!(text.starts_with("Created the campaign winter"), "{text}");
    assert_eq!(h.app.outreach.view, View::List);
    assert_eq!(h.app.outreach.selected_name(), "winter");
    let stored = campaign::get(&h.rt.ctx, "winter").expect("stored");
    let labels: Vec<&str> = stored.variants.iter().map(|v| v.label.as_str()).collect();
    assert_eq!(labels, ["A", "B"]);
    let rows =
        h.rt.ctx
            .store
            .db()
            .campaign_recipients(stored.id, Some(&[RecipientState::Pending]))
            .expect("rows");
    assert_eq!(rows.len(), plan.recipients.len());
    assert!(h.text(80, 24).contains("winter"));
}

#[test]
fn a_taken_name_is_refused_and_nothing_more_is_written() {
    let mut h = outreach();
    h.keys("nwinter<Tab><Tab>tag:client<Tab><Tab><Right><C-s>");
    assert_eq!(h.app.outreach.selected_name(), "winter");
    let before = campaign::list(&h.rt.ctx).expect("list").len();
    h.keys("nwinter<Tab><Tab>tag:client<Tab><Tab><Right>");
    let View::Form(form) = &h.app.outreach.view else {
        panic!("the form is open");
    };
    let refused = form.plan.clone().expect("planned").expect_err("refused");
    assert!(
        refused.contains("already a campaign named winter"),
        "{refused}"
    );
    h.keys("<C-s>");
    let (text, kind) = status(&h);
    assert_eq!(kind, StatusKind::Error, "{text}");
    assert!(text.contains("already a campaign named winter"), "{text}");
    assert_eq!(campaign::list(&h.rt.ctx).expect("list").len(), before);
}

#[test]
fn the_report_of_a_new_campaign_reads_from_the_database() {
    let mut h = outreach();
    h.keys("nwinter<Tab><Tab>tag:client<Tab><Tab><Right><C-s>");
    h.keys("<Enter>");
    let View::Report(r) = &h.app.outreach.view else {
        panic!("the report is open");
    };
    let report = r.result.clone().expect("read").expect("a report");
    assert_eq!(
        report,
        campaign::report(&h.rt.ctx, "winter").expect("report")
    );
    let text = h.text(80, 24);
    assert!(text.contains("Report: winter"), "{text}");
    assert!(text.contains("Nothing to compare"), "{text}");
    h.keys("<Esc>");
    assert_eq!(h.app.outreach.view, View::List);
}

#[test]
fn sending_to_a_drafts_folder_writes_each_message_and_marks_it_sent() {
    let mut h = outreach();
    h.rt.ctx.config.outreach.from = "Jane Doe <jane@example.org>".into();
    h.keys("nwinter<Tab><Tab>tag:client<Tab><Tab><Right><Right><C-s>");
    let id = campaign::get(&h.rt.ctx, "winter").expect("stored").id;
    let db = |h: &Harness, state| {
        h.rt.ctx
            .store
            .db()
            .campaign_recipients(id, Some(&[state]))
            .expect("rows")
            .len()
    };
    let pending = db(&h, RecipientState::Pending);
    assert!(pending > 0);
    h.keys("s");
    let text = h.text(100, 30);
    assert!(text.contains(&format!("Send {pending} messages")), "{text}");
    assert!(
        text.contains("drafts only"),
        "no transport configured: {text}"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let drafts = dir.path().join("drafts");
    h.keys(&format!("<C-u>{}<Enter>", drafts.display()));
    let (text, kind) = status(&h);
    assert_eq!(kind, StatusKind::Ok, "{text}");
    assert!(
        text.starts_with(&format!("Sent {pending} of winter via")),
        "{text}"
    );
    assert!(h.app.outreach.sending.is_none());
    let files = std::fs::read_dir(&drafts)
        .expect("drafts")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .count();
    assert_eq!(files, pending);
    assert_eq!(db(&h, RecipientState::Sent), pending);
    assert_eq!(db(&h, RecipientState::Pending), 0);
    // The list was read again: everything sent, nothing waiting.
    let summary = h.app.outreach.selected_summary().expect("listed");
    assert_eq!(summary.sent, pending as u64);
    assert_eq!(summary.pending, 0);
    // A second send has nothing left to send, and says so.
    h.keys("s<Enter>");
    let b = h.app.outreach.send.as_ref().expect("still open");
    assert_eq!(
        b.error.as_deref(),
        Some("nothing to send: every message went out")
    );
}

#[test]
fn without_a_sender_the_confirmation_refuses_and_nothing_is_sent() {
    let mut h = outreach();
    h.keys("nwinter<Tab><Tab>tag:client<Tab><Tab><Right><C-s>");
    h.keys("s");
    assert!(h.text(100, 30).contains("no sender"));
    h.keys("<Enter>");
    let b = h.app.outreach.send.as_ref().expect("still open");
    assert!(
        b.error
            .as_deref()
            .is_some_and(|e| e.starts_with("no sender"))
    );
    assert!(h.app.outreach.sending.is_none());
    let id = campaign::get(&h.rt.ctx, "winter").expect("stored").id;
    let rows =
        h.rt.ctx
            .store
            .db()
            .campaign_recipients(id, None)
            .expect("rows");
    assert!(rows.iter().all(|r| r.state != RecipientState::Sent));
    // The From typed right there (no config): the drafts carry it.
    let dir = tempfile::tempdir().expect("tempdir");
    let drafts = dir.path().join("drafts");
    h.keys(&format!(
        "<S-Tab><C-u>{}<Tab>Ann Sender <ann@example.com><Enter>",
        drafts.display()
    ));
    let (text, kind) = status(&h);
    assert_eq!(kind, StatusKind::Ok, "{text}");
    let files: Vec<_> = std::fs::read_dir(&drafts)
        .expect("drafts")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), rows.len() - skipped(&rows));
    for f in &files {
        let text = std::fs::read_to_string(f).expect("draft");
        assert!(
            text.lines()
                .any(|l| l == "From: \"Ann Sender\" <ann@example.com>"),
            "{text}"
        );
    }
}

fn skipped(rows: &[crate::store::RecipientRow]) -> usize {
    rows.iter()
        .filter(|r| r.state == RecipientState::Skipped)
        .count()
}

#[test]
fn the_preview_renders_each_recipients_message_and_flips_through_them() {
    let mut h = outreach();
    h.keys("nwinter<Tab><Tab>tag:client<Tab><Tab><Right><C-s>");
    let total = campaign::preview(&h.rt.ctx, "winter", 0)
        .expect("preview")
        .total;
    assert!(total > 1, "the demo has more than one recipient");
    h.keys("p");
    let shown = |h: &Harness| match &h.app.outreach.view {
        View::Preview(p) => p.result.clone().expect("read").expect("a preview"),
        other => panic!("not the preview: {other:?}"),
    };
    let first = shown(&h);
    assert_eq!(first, campaign::preview(&h.rt.ctx, "winter", 0).expect("0"));
    let text = h.text(100, 30);
    assert!(text.contains(&format!("1 / {total}")), "{text}");
    assert!(text.contains(&first.message.subject), "{text}");
    h.keys("]");
    let second = shown(&h);
    assert_eq!(second.index, 1);
    assert_ne!(second.contact_id, first.contact_id);
    assert!(h.text(100, 30).contains(&format!("2 / {total}")));
    // [ twice: back past the first to the last.
    h.keys("[[");
    assert_eq!(shown(&h).index, total - 1);
    h.keys("<Esc>");
    assert_eq!(h.app.outreach.view, View::List);
}

#[test]
fn the_send_confirmation_counts_each_variant_and_state_from_the_database() {
    let mut h = outreach();
    h.keys("nwinter<Tab><Tab>tag:client<Tab><Tab><Right><C-s>");
    let id = campaign::get(&h.rt.ctx, "winter").expect("stored").id;
    let rows = |h: &Harness| {
        h.rt.ctx
            .store
            .db()
            .campaign_recipients(id, None)
            .expect("rows")
    };
    let pending: Vec<_> = rows(&h)
        .into_iter()
        .filter(|r| r.state == RecipientState::Pending)
        .collect();
    assert!(pending.len() > 2, "the demo has recipients");
    // One left `sending` by a stopped run, one failed.
    h.rt.ctx
        .store
        .write(|db| {
            db.claim_recipient(
                id,
                pending[0].contact_id,
                RecipientState::Pending,
                "a@x.org",
            )?;
            db.claim_recipient(
                id,
                pending[1].contact_id,
                RecipientState::Pending,
                "b@x.org",
            )?;
            db.fail_recipient(id, pending[1].contact_id, "refused")
        })
        .expect("states");
    h.keys("s");
    let b = h.app.outreach.send.as_ref().expect("open");
    let plan = b.plan.clone().expect("read").expect("a plan");
    let all = rows(&h);
    let count = |pred: &dyn Fn(&crate::store::RecipientRow) -> bool| {
        all.iter().filter(|r| pred(r)).count() as u64
    };
    assert_eq!(plan.uncertain, 1);
    assert_eq!(plan.sent, 0);
    assert_eq!(plan.skipped, count(&|r| r.state == RecipientState::Skipped));
    assert_eq!(
        plan.total(),
        pending.len() as u64 - 1,
        "the failed one is sent again"
    );
    for (label, n) in &plan.per_variant {
        let expected = count(&|r| {
            &r.variant == label
                && matches!(r.state, RecipientState::Pending | RecipientState::Failed)
        });
        assert_eq!(*n, expected, "variant {label}");
    }
}
