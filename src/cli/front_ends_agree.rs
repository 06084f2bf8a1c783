//! The command line and the TUI read tags and phones by the same domain
//! rules: a tag typed in the TUI's prompt is the tag `--tag` stores, and
//! saving the TUI's edit form never rewrites a phone the user did not touch.

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::domain::contact::Contact;
use crate::tui::testing::Harness;

fn selected(h: &Harness) -> Contact {
    let id = h.app.contacts.selected_id().expect("a contact is selected");
    h.contact(id)
}

/// The tags `kith edit X --tag TEXT` would set, read as the CLI reads them.
fn cli_tags(h: &Harness, text: &str) -> Vec<String> {
    let cli = Cli::try_parse_from(["kith", "edit", "1", "--tag", text]).expect("parses");
    let Some(Command::Edit(args)) = cli.command else {
        panic!("not edit")
    };
    args.opts.into_input(&h.rt.ctx, None).expect("valid").tags
}

#[test]
fn the_tag_prompt_reads_tags_as_the_cli_does() {
    let mut h = Harness::empty();
    h.keys("aJane Doe<C-s>");
    h.keys("tClient Key<Enter>");
    assert_eq!(selected(&h).tags, ["client-key"]);
    assert_eq!(cli_tags(&h, "Client Key"), ["client-key"]);
    h.keys("tvip, -client-key<Enter>");
    assert_eq!(selected(&h).tags, ["vip"]);
    assert_eq!(cli_tags(&h, "client, vip"), ["client", "vip"]);
}

#[test]
fn the_edit_form_keeps_an_untouched_phone_as_stored() {
    let mut h = Harness::empty();
    // Added while the region was Germany: the national number has its E.164.
    h.app.capture.phone_region = Some("DE".into());
    h.keys("aJane Doe<Tab><Tab>030 1234567<C-s>");
    let before = selected(&h).phones;
    assert_eq!(before[0].raw, "030 1234567");
    assert_eq!(before[0].e164.as_deref(), Some("+49301234567"));
    // Read again without a region, the same text has no E.164; an edit of
    // another field must not lose it.
    h.app.capture.phone_region = None;
    h.keys("e<Tab><Tab><Tab>Acme<C-s>");
    let after = selected(&h);
    assert_eq!(after.org.as_deref(), Some("Acme"), "the edit was saved");
    assert_eq!(after.phones, before);
}

#[test]
fn a_snooze_into_the_past_is_refused_for_every_front_end() {
    use crate::domain::dates::When;
    use crate::ops::follow_up::{add_follow_up, snooze};
    let mut h = Harness::empty();
    h.keys("aJane Doe<C-s>");
    let jane = selected(&h).id;
    let ctx = &mut h.rt.ctx;
    let today = ctx.clock.now().date();
    let id = add_follow_up(ctx, jane, When::day(today), "call", None).expect("added");
    let yesterday = When::day(today.pred_opt().expect("date"));
    let err = snooze(ctx, id, yesterday).expect_err("the past");
    assert!(err.message.contains("in the past"), "{}", err.message);
    let f = ctx
        .store
        .db()
        .follow_up(id)
        .expect("db")
        .expect("follow-up");
    assert_eq!(f.snoozed_until, None, "nothing changed");
    snooze(ctx, id, When::day(today)).expect("today is not the past");
}
