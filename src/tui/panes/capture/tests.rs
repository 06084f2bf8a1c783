//! Capture forms driven by keys on an in-memory database.

use insta::assert_snapshot;

use crate::tui::action::PaneId;
use crate::tui::testing::Harness;

/// The form's fields that show an error, as "label: error".
fn errors(h: &Harness) -> Vec<String> {
    h.app
        .capture
        .fields
        .iter()
        .filter_map(|f| f.error.as_ref().map(|e| format!("{}: {e}", f.label)))
        .collect()
}

#[test]
fn new_contact_form() {
    let mut h = Harness::empty();
    h.keys("2");
    assert_eq!(h.app.active, PaneId::Capture);
    assert_snapshot!(h.screen(80, 24).backend());
}

#[test]
fn validation_errors_show_next_to_the_field_and_save_nothing() {
    let mut h = Harness::empty();
    h.keys("2iJane Doe<Tab>not-an-email<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>someday<C-s>");
    assert_snapshot!(h.screen(80, 24).backend());
    assert_eq!(h.rt.ctx.store.db().count_contacts().expect("count"), 0);
}

#[test]
fn adding_a_contact_selects_it_in_the_list() {
    let mut h = Harness::empty();
    h.keys("aJane Doe <jane@acme.io><Tab><Tab>+49 30 1234567<Tab>Acme<Tab><Tab><Tab><Tab><Tab><Tab><Tab>client, vip<C-s>");
    assert_eq!(h.app.active, PaneId::Contacts);
    let d = h.app.contacts.detail.as_ref().expect("detail");
    assert_eq!(d.contact.name, "Jane Doe");
    assert_eq!(d.contact.emails, vec!["jane@acme.io".to_string()]);
    assert_eq!(d.contact.org.as_deref(), Some("Acme"));
    assert_eq!(
        d.contact.tags,
        vec!["client".to_string(), "vip".to_string()]
    );
    assert_eq!(h.app.contacts.hits.len(), 1);
}

#[test]
fn a_likely_duplicate_warns_before_adding() {
    let mut h = Harness::empty();
    h.keys("aJane Doe <jane@acme.io><C-s>");
    h.keys("aJ. Doe<Tab>JANE@acme.io<C-s>");
    assert_eq!(h.rt.ctx.store.db().count_contacts().expect("count"), 1);
    assert_snapshot!(h.screen(80, 24).backend());
    // Esc closes the warning and keeps everything typed.
    h.keys("<Esc>");
    assert_eq!(h.app.active, PaneId::Capture);
    assert!(h.app.typing());
    assert_eq!(h.app.capture.fields[0].value(), "J. Doe");
    assert_eq!(h.app.capture.fields[1].value(), "JANE@acme.io");
    assert_snapshot!("duplicate_warning_after_esc", h.screen(80, 24).backend());
    assert_snapshot!(
        "duplicate_warning_after_esc_120x30",
        h.screen(120, 30).backend()
    );
    assert_eq!(h.rt.ctx.store.db().count_contacts().expect("count"), 1);
    h.keys("<C-s>");
    assert_eq!(
        h.rt.ctx.store.db().count_contacts().expect("count"),
        1,
        "warned again"
    );
    h.keys("<C-s>");
    assert_eq!(
        h.rt.ctx.store.db().count_contacts().expect("count"),
        2,
        "second C-s adds anyway"
    );
}

#[test]
fn editing_a_contact_changes_it() {
    let mut h = Harness::empty();
    h.keys("aJane Doe<Tab>jane@acme.io<C-s>");
    h.keys("e<Tab><C-u>jane@doe.org<Tab><Tab>Initech<C-s>");
    let d = h.app.contacts.detail.as_ref().expect("detail");
    assert_eq!(d.contact.emails, vec!["jane@doe.org".to_string()]);
    assert_eq!(d.contact.org.as_deref(), Some("Initech"));
}

#[test]
fn logging_an_interaction_through_the_picker() {
    let mut h = Harness::empty();
    h.keys("aJane Doe<C-s>aJohn Smith<C-s>");
    h.keys("2<Esc>]");
    h.keys("jan");
    assert_snapshot!("picker", h.screen(80, 24).backend());
    h.keys("<Enter><Right><Tab>yesterday<Tab><Tab>renewal talk<C-s>");
    let jane = h.app.contacts.detail.as_ref().expect("detail");
    assert_eq!(jane.contact.name, "Jane Doe");
    assert_eq!(jane.timeline.len(), 1);
    assert_eq!(jane.timeline[0].kind.as_str(), "email");
    assert_eq!(jane.timeline[0].summary, "renewal talk");
    assert!(
        jane.timeline[0].at.starts_with("2026-11-22"),
        "{}",
        jane.timeline[0].at
    );
}

#[test]
fn a_follow_up_date_reads_back_as_you_type() {
    let mut h = Harness::empty();
    h.keys("aJane Doe<C-s>f");
    h.keys("in 2w");
    assert!(h.text(80, 24).contains("Mon 7 Dec 2026"));
    assert_snapshot!(h.screen(80, 24).backend());
    h.keys("<Tab>send the proposal<C-s>");
    let d = h.app.contacts.detail.as_ref().expect("detail");
    assert_eq!(d.follow_ups.len(), 1);
    assert_eq!(d.follow_ups[0].note, "send the proposal");
    assert_eq!(d.follow_ups[0].due.to_storage(), "2026-12-07");
}

#[test]
fn the_log_form_shows_every_error_on_one_save() {
    let mut h = Harness::empty();
    h.keys("aJane Doe<C-s>l");
    // A call with a date that reads as nothing, an amount and a rating:
    // three mistakes, present from the start.
    h.keys("<Tab>someday<Tab><Tab><Tab>12 EUR<Tab>11<C-s>");
    let errors: Vec<(&str, &str)> = h
        .app
        .capture
        .fields
        .iter()
        .filter_map(|f| f.error.as_deref().map(|e| (f.label, e)))
        .collect();
    let labels: Vec<&str> = errors.iter().map(|(l, _)| *l).collect();
    assert_eq!(labels, ["When", "Amount", "Rating 1–5"], "{errors:?}");
    assert!(errors[1].1.contains("only a purchase"), "{errors:?}");
    assert!(errors[2].1.contains("only feedback"), "{errors:?}");
    assert_snapshot!("log_form_all_errors", h.screen(80, 24).backend());
    assert_snapshot!("log_form_all_errors_120x30", h.screen(120, 30).backend());
    let jane = h.app.contacts.detail.as_ref().expect("detail");
    let logged = h.timeline(jane.contact.id, None);
    assert!(logged.is_empty(), "nothing logged");
}

#[test]
fn an_nps_out_of_range_shows_its_error_and_saves_nothing_then_nine_saves() {
    let mut h = Harness::empty();
    h.keys("aJane Doe<C-s>l");
    // The form opens on Kind: feedback is one step left of "call"; a
    // satisfaction of 4 and an NPS of 11.
    h.keys("<Left><Tab><Tab><Tab>survey<Tab><Tab>4<Tab>11<C-s>");
    assert_eq!(
        errors(&h),
        ["NPS 0–10: 11 is not between 0 and 10"],
        "the rating is fine, only the NPS is marked"
    );
    assert_snapshot!("log_form_nps_error", h.screen(80, 24).backend());
    let jane = h.app.contacts.detail.as_ref().expect("detail").contact.id;
    assert!(h.timeline(jane, None).is_empty(), "nothing logged");
    h.keys("<C-u>9<C-s>");
    let logged = h.timeline(jane, None);
    assert_eq!(logged.len(), 1);
    // Read back from the database, not from the form.
    let stored = &logged[0];
    assert_eq!(stored.kind.as_str(), "feedback");
    assert_eq!(stored.rating, Some(4));
    assert_eq!(stored.nps, Some(9));
}

#[test]
fn rating_and_nps_are_each_checked_on_their_own() {
    let mut h = Harness::empty();
    h.keys("aJane Doe<C-s>l");
    // Feedback with a 9 typed as satisfaction and words as the NPS.
    h.keys("<Left><Tab><Tab><Tab>survey<Tab><Tab>9<Tab>ten<C-s>");
    assert_eq!(
        errors(&h),
        [
            "Rating 1–5: 9 is not between 1 and 5",
            "NPS 0–10: \"ten\" is not a number",
        ]
    );
    let jane = h.app.contacts.detail.as_ref().expect("detail").contact.id;
    assert!(h.timeline(jane, None).is_empty(), "nothing logged");
    // A call with an NPS: the NPS is marked, the empty rating is not.
    let mut h = Harness::empty();
    h.keys("aJane Doe<C-s>l");
    h.keys("<Tab><Tab><Tab>survey<Tab><Tab><Tab>7<C-s>");
    assert_eq!(errors(&h), ["NPS 0–10: only feedback has an NPS answer"]);
    let jane = h.app.contacts.detail.as_ref().expect("detail").contact.id;
    assert!(h.timeline(jane, None).is_empty(), "nothing logged");
}

#[test]
fn the_picker_tells_namesakes_apart() {
    let mut h = Harness::empty();
    for (email, org) in [
        ("sophie@acme.io", "Acme"),
        ("s.hoffmann@globex.com", "Globex Corporation"),
        (
            "sophie.hoffmann@initech.example.org",
            "Initech Consulting Group",
        ),
        ("sh@umbrella.eu", ""),
    ] {
        // A namesake warns as a likely duplicate: the second C-s adds anyway.
        h.keys(&format!(
            "aSophie Hoffmann<Tab>{email}<Tab><Tab>{org}<C-s><C-s>"
        ));
    }
    assert_eq!(h.rt.ctx.store.db().count_contacts().expect("count"), 4);
    h.keys("2]sophie");
    let text = h.text(80, 24);
    assert!(
        text.contains("Sophie Hoffmann · Globex Corporation · s.hoffmann@"),
        "{text}"
    );
    assert!(text.contains("…"), "long rows are cut with an ellipsis");
    assert_snapshot!("picker_org_email_80x24", h.screen(80, 24).backend());
    assert_snapshot!("picker_org_email_120x30", h.screen(120, 30).backend());
}

#[test]
fn a_wide_terminal_shows_long_values_whole() {
    let mut h = Harness::empty();
    let email = "jane.doe.with.a.long.address@a-long-company-name.example.org";
    h.keys(&format!(
        "aJane Doe<Tab>{email}<Tab><Tab>The Very Long Organisation Name of Jane's Employer GmbH"
    ));
    let wide = h.text(160, 30);
    assert!(wide.contains(email), "{wide}");
    assert_snapshot!("wide_form_160x30", h.screen(160, 30).backend());
    assert_snapshot!("form_80x24", h.screen(80, 24).backend());
}
