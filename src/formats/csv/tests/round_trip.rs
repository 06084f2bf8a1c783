//! kith's CSV written and read back: every value as it was.

use std::collections::BTreeMap;

use super::{cards, field};
use crate::domain::contact::{Consent, Contact, Phone, Stage, StakeholderKind};
use crate::domain::dates::{Birthday, Interval, Unit};
use crate::formats::csv::{read, write};

fn contact(uid: &str, name: &str) -> Contact {
    let mut c = Contact::new(uid, name, "2026-01-02T03:04:05Z");
    c.id = 1;
    c
}

fn full() -> Contact {
    let mut c = contact("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "=HYPERLINK(\"x\")");
    c.given_name = Some("Jana".into());
    c.family_name = Some("Müller, Jr.".into());
    c.emails = vec!["jana@firma.example".into(), "j@home.example".into()];
    c.phones = vec![
        Phone::parse("+49 30 1234567", None).expect("phone"),
        Phone::parse("0170 1234567", None).expect("phone"),
    ];
    c.org = Some("Firma \"Beste\" GmbH".into());
    c.title = Some("-CEO-".into());
    c.street = Some("@Hauptstr. 1".into());
    c.city = Some("Berlin".into());
    c.region = Some("BE".into());
    c.postcode = Some("10115".into());
    c.country = Some("Germany".into());
    c.birthday = Some(Birthday {
        year: None,
        month: 2,
        day: 29,
    });
    c.kind = StakeholderKind::Customer;
    c.stage = Some(Stage::Loyal);
    c.tags = vec!["vip".into(), "berlin;mitte".into()];
    c.fields = BTreeMap::from([
        ("note".into(), "Line one\nline two, with \"quotes\"".into()),
        ("shoe-size".into(), "+38".into()),
    ]);
    c.consent = Consent::Granted;
    c.consent_at = Some("2026-01-02".into());
    c.cadence = Some(Interval {
        n: 3,
        unit: Unit::Month,
    });
    c.source = "Google Contacts CSV".into();
    c.archived = true;
    c
}

#[test]
fn kiths_csv_reads_back_the_same() {
    let mut other = contact("0190a1b2-0000-7000-8000-000000000001", "Bob");
    other.fields.insert("industry".into(), "fintech".into());
    let contacts = vec![full(), other];
    let mut out = Vec::new();
    write(&mut out, &contacts).expect("writes");
    let text = String::from_utf8(out.clone()).expect("UTF-8");
    let header = text.lines().next().expect("header");
    assert!(header.starts_with("uid,name,given_name,family_name,email,phone,org,title,"));
    assert!(header.ends_with(",created_at,field.industry,field.note,field.shoe-size"));
    assert!(text.contains("\"'=HYPERLINK("), "formula guarded: {text}");

    let outcome = read(&out, &[]).expect("reads");
    assert_eq!(outcome.dialect, "kith CSV");
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    let c = cards(&outcome);
    assert_eq!(c.len(), 2);
    let (card, want) = (c[0], &contacts[0]);
    assert_eq!(card.uid.as_deref(), Some(want.uid.as_str()));
    assert_eq!(card.name.as_deref(), Some(want.name.as_str()));
    assert_eq!(card.given_name, want.given_name);
    assert_eq!(card.family_name, want.family_name);
    assert_eq!(card.emails, want.emails);
    assert_eq!(
        card.phones,
        ["+49301234567", "0170 1234567"],
        "as JSON writes them"
    );
    assert_eq!(card.org, want.org);
    assert_eq!(card.title, want.title);
    assert_eq!(card.address.street, want.street);
    assert_eq!(card.address.city, want.city);
    assert_eq!(card.address.region, want.region);
    assert_eq!(card.address.postcode, want.postcode);
    assert_eq!(card.address.country, want.country);
    assert_eq!(card.birthday, want.birthday);
    assert_eq!(card.tags, want.tags);
    assert_eq!(
        card.fields.iter().cloned().collect::<BTreeMap<_, _>>(),
        want.fields
    );
    let k = &card.kith;
    assert_eq!(k.kind.as_deref(), Some("customer"));
    assert_eq!(k.stage.as_deref(), Some("loyal"));
    assert_eq!(k.consent.as_deref(), Some("granted"));
    assert_eq!(k.consent_at.as_deref(), Some("2026-01-02"));
    assert_eq!(
        k.cadence.as_deref(),
        Some(want.cadence.expect("set").to_string().as_str())
    );
    assert_eq!(k.source.as_deref(), Some("Google Contacts CSV"));
    assert!(k.archived);
    assert_eq!(k.created_at.as_deref(), Some("2026-01-02T03:04:05Z"));
    assert_eq!(field(c[1], "industry"), Some("fintech"));
    assert_eq!(field(c[1], "note"), None);
    assert!(!c[1].kith.archived);
}

#[test]
fn stored_control_characters_never_reach_the_file() {
    let mut c = contact("u1", "Eve\u{1b}[31m");
    c.fields.insert("note".into(), "a\u{7}b\nc".into());
    let mut out = Vec::new();
    write(&mut out, &[c]).expect("writes");
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("b\nc"), "a note keeps its line breaks");
}
