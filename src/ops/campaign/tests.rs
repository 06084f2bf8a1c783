//! Previews: each recipient's message rendered with their own variant,
//! skipped contacts left out, an index past the end held at the last.

use super::*;
use crate::domain::campaign::spec::variant_specs;
use crate::domain::contact::{Consent, Contact};
use crate::ops::demo::test_ctx;

fn contact(ctx: &mut Ctx, n: usize, name: &str, consent: Consent, email: bool) -> i64 {
    let mut c = Contact::new(format!("uid-{n}"), name, "2026-01-01T08:00:00Z");
    c.consent = consent;
    c.tags = vec!["client".into()];
    if email {
        c.emails = vec![format!("p{n}@example.org")];
    }
    ctx.store
        .write(|db| db.insert_contact(&c))
        .expect("contact")
}

#[test]
fn a_preview_renders_each_recipients_own_variant_and_skips_the_skipped() {
    let mut ctx = test_ctx(0, 0, 0);
    contact(&mut ctx, 1, "Ada Lovelace", Consent::Granted, true);
    contact(&mut ctx, 2, "Bea Brown", Consent::Denied, true);
    contact(&mut ctx, 3, "Cleo Clark", Consent::Granted, true);
    contact(&mut ctx, 4, "Dora Dean", Consent::Granted, false);
    crate::ops::template::add(
        &mut ctx,
        "offer",
        "Hi {{ first_name }}",
        "A for {{ first_name }}",
    )
    .expect("template A");
    crate::ops::template::add(
        &mut ctx,
        "short",
        "Yo {{ first_name }}",
        "B for {{ first_name }}",
    )
    .expect("template B");
    let new = NewCampaign {
        name: "spring".into(),
        audience: Audience::Query("tag:client".into()),
        variants: variant_specs("offer", &["B=short".into()], None).expect("variants"),
        response_days: None,
    };
    let plan = create(&mut ctx, &new).expect("create");
    assert_eq!(plan.recipients.len(), 2);
    let first = preview(&ctx, "spring", 0).expect("first");
    let second = preview(&ctx, "SPRING", 1).expect("second");
    assert_eq!((first.index, first.total), (0, 2));
    assert_eq!(
        (first.name.as_str(), second.name.as_str()),
        ("Ada Lovelace", "Cleo Clark")
    );
    for (p, first_name) in [(&first, "Ada"), (&second, "Cleo")] {
        let planned = plan
            .recipients
            .iter()
            .find(|r| r.contact_id == p.contact_id)
            .expect("planned");
        assert_eq!(p.variant, planned.variant);
        let (subject, body) = if p.variant == "A" {
            (format!("Hi {first_name}"), format!("A for {first_name}"))
        } else {
            (format!("Yo {first_name}"), format!("B for {first_name}"))
        };
        assert_eq!(p.message.subject, subject);
        assert_eq!(p.message.body.trim_end(), body);
        assert_eq!(p.state, RecipientState::Pending);
    }
    let past = preview(&ctx, "spring", 99).expect("held at the last");
    assert_eq!((past.index, past.contact_id), (1, second.contact_id));
    let err = preview(&ctx, "autumn", 0).expect_err("no such campaign");
    assert!(err.message.contains("no campaign named autumn"), "{err}");
}

#[test]
fn a_campaign_everyone_was_skipped_from_has_nothing_to_preview() {
    let mut ctx = test_ctx(0, 0, 0);
    contact(&mut ctx, 1, "Bea Brown", Consent::Denied, true);
    crate::ops::template::add(&mut ctx, "offer", "Hi", "Body").expect("template");
    let new = NewCampaign {
        name: "quiet".into(),
        audience: Audience::Query("tag:client".into()),
        variants: variant_specs("offer", &[], None).expect("variants"),
        response_days: Some(7),
    };
    let plan = create(&mut ctx, &new).expect("create");
    assert_eq!((plan.matched, plan.skipped.len()), (1, 1));
    assert_eq!(get(&ctx, "quiet").expect("stored").response_days, 7);
    let err = preview(&ctx, "quiet", 0).expect_err("nobody");
    assert!(err.message.contains("has no one to send to"), "{err}");
}
