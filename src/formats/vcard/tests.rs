//! The traps real exports hold, one fixture each (tests/fixtures/vcard/),
//! and the writer read back.

use std::collections::BTreeMap;

use super::{cards, read, write};
use crate::domain::contact::{Consent, Contact, Phone, Stage, StakeholderKind};
use crate::domain::dates::{Birthday, Interval};
use crate::formats::card::{Card, Entry, ReadOutcome};

macro_rules! fixture {
    ($name:literal) => {
        read(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/vcard/",
            $name
        )))
        .expect($name)
    };
}

fn all(outcome: &ReadOutcome) -> Vec<&Card> {
    cards(outcome).collect()
}

fn bday(c: &Card) -> Option<String> {
    c.birthday.map(|b| b.to_storage())
}

fn field<'c>(c: &'c Card, key: &str) -> Option<&'c str> {
    c.fields
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[test]
fn cr_cr_lf_and_mixed_line_endings() {
    let outcome = fixture!("line-endings.vcf");
    let got: Vec<_> = all(&outcome)
        .iter()
        .map(|c| (c.line, c.display_name(), c.emails.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                1,
                Some("Ada Lovelace".into()),
                vec!["ada@example.org".into()]
            ),
            (
                6,
                Some("Grace Hopper".into()),
                vec!["grace@example.org".into()]
            ),
        ]
    );
    assert_eq!(outcome.dialect, "vCard 3.0");
}

#[test]
fn folds_inside_a_name_a_character_and_an_escape_and_long_lines() {
    let outcome = fixture!("folds.vcf");
    let c = all(&outcome);
    assert_eq!(c[0].name.as_deref(), Some("Jürgen Weiß"));
    assert_eq!(c[0].emails, vec!["jw@example.de"]);
    let note = field(c[0], "note").expect("the long note");
    assert_eq!(note.split(' ').count(), 120);
    assert_eq!(c[1].family_name.as_deref(), Some("Müller"));
    assert_eq!(c[1].given_name.as_deref(), Some("Jörg"));
    assert_eq!(c[1].display_name().as_deref(), Some("Jörg Müller"));
    assert_eq!(c[1].phones, vec!["+49 30 1234567"]);
}

#[test]
fn photos_are_dropped_and_a_corrupt_one_warns() {
    let outcome = fixture!("photos.vcf");
    let c = all(&outcome);
    assert_eq!(c.len(), 3, "{outcome:?}");
    assert_eq!(c[0].emails, vec!["pat@example.org"]);
    assert!(c[0].warnings.is_empty(), "{:?}", c[0].warnings);
    assert_eq!(c[1].name.as_deref(), Some("Cora Corrupt"));
    assert_eq!(c[1].phones, vec!["+1 555 0100"]);
    assert_eq!(
        c[1].warnings,
        vec!["the photo is not valid base64; left out"]
    );
    assert_eq!(c[2].emails, vec!["dana@example.org"]);
    assert!(c[2].warnings.is_empty(), "{:?}", c[2].warnings);
}

#[test]
fn a_line_with_no_colon_is_skipped_with_a_warning() {
    let outcome = fixture!("no-colon.vcf");
    let c = all(&outcome);
    assert_eq!(c[0].name.as_deref(), Some("Nora Colon"));
    assert_eq!(c[0].emails, vec!["nora@example.org"]);
    assert_eq!(
        c[0].warnings,
        vec!["line 4: \"this line has no colon at all\" is not a property (no colon); skipped"]
    );
}

#[test]
fn apple_groups_companies_and_omitted_years() {
    let outcome = fixture!("apple.vcf");
    let c = all(&outcome);
    let johnny = c[0];
    assert_eq!(johnny.emails, vec!["johnny@example.com"]);
    assert_eq!(field(johnny, "anniversary"), Some("2010-06-01"));
    assert_eq!(field(johnny, "blog"), Some("https://example.com/johnny"));
    assert_eq!(field(johnny, "spouse"), Some("Jane Appleseed"));
    assert_eq!(bday(johnny).as_deref(), Some("--02-03"));
    let acme = c[1];
    assert!(acme.is_company);
    assert_eq!(acme.display_name().as_deref(), Some("Acme Widgets"));
    assert_eq!(field(acme, "department"), Some("Sales"));
    assert_eq!(acme.phones, vec!["+1 555 0199"]);
    assert!(c[2].is_company);
    assert_eq!(c[2].display_name().as_deref(), Some("Globex"));
}

#[test]
fn birthdays_in_every_form() {
    let outcome = fixture!("birthdays.vcf");
    let got: Vec<_> = all(&outcome)
        .iter()
        .map(|c| {
            (
                bday(c),
                field(c, "birthday").map(str::to_string),
                c.warnings.len(),
            )
        })
        .collect();
    let date = |s: &str| (Some(s.to_string()), None, 0);
    assert_eq!(
        got,
        vec![
            date("1980-03-22"),
            date("1980-03-22"),
            date("--02-03"),
            date("--02-03"),
            date("1975-12-01"),
            (None, Some("circa 1970".into()), 1),
            date("1990-07-04"),
            (None, Some("sometime".into()), 1),
        ]
    );
}

#[test]
fn tel_uris_keep_their_extension() {
    let outcome = fixture!("tel-uri.vcf");
    assert_eq!(
        all(&outcome)[0].phones,
        vec!["+1-555-555-0100 ext. 123", "+33140000000", "+49 30 1234567"]
    );
}

#[test]
fn vcard_21_charsets_and_quoted_printable() {
    let outcome = fixture!("charsets-21.vcf");
    let c = all(&outcome);
    assert_eq!(c[0].name.as_deref(), Some("山田太郎"));
    assert_eq!(c[0].family_name.as_deref(), Some("山田"));
    assert_eq!(c[0].phones, vec!["+81 90 1234 5678"]);
    assert_eq!(c[1].name.as_deref(), Some("François Müller"));
    assert_eq!(c[1].org.as_deref(), Some("Café S.A."));
    assert_eq!(c[2].name.as_deref(), Some("Zoë Béranger"));
    assert_eq!(field(c[2], "note"), Some("first line\r\nsecond line"));
    assert_eq!(c[2].emails, vec!["zoe@example.fr"]);
    assert_eq!(c[3].name.as_deref(), Some("Renée Dupré"));
    assert_eq!(outcome.dialect, "vCard 2.1");
}

#[test]
fn escapes_addresses_tags_and_preferences() {
    let outcome = fixture!("escapes.vcf");
    let jane = all(&outcome)[0];
    assert_eq!(jane.name.as_deref(), Some("Doe, Jane"));
    assert_eq!(
        [
            &jane.prefix,
            &jane.given_name,
            &jane.additional_names,
            &jane.suffix
        ],
        [
            &Some("Dr.".into()),
            &Some("Jane".into()),
            &Some("Q.".into()),
            &Some("PhD".into())
        ]
    );
    assert_eq!(jane.nickname.as_deref(), Some("JD"));
    assert_eq!(
        field(jane, "note"),
        Some("Line one\nLine two; with semi, and comma")
    );
    assert_eq!(jane.tags, vec!["client", "vip, gold", "berlin"]);
    assert_eq!(jane.emails, vec!["jane@home.example", "jane@work.example"]);
    let a = &jane.address;
    assert_eq!(
        a.street.as_deref(),
        Some("Suite 4, 1 Main St, Bldg 2, PO Box 12")
    );
    assert_eq!(
        (
            a.city.as_deref(),
            a.region.as_deref(),
            a.postcode.as_deref(),
            a.country.as_deref()
        ),
        (Some("Springfield"), Some("IL"), Some("62701"), Some("USA"))
    );
    assert_eq!(
        field(jane, "address (home)"),
        Some("9 Other Rd, LS1 1AA Leeds, UK")
    );
    assert_eq!(jane.title.as_deref(), Some("CTO"));
    assert_eq!(field(jane, "role"), Some("Founder"));
    assert_eq!(field(jane, "url"), Some("https://jane.example"));
}

#[test]
fn a_broken_envelope_costs_that_card_only() {
    let outcome = fixture!("envelopes.vcf");
    let got: Vec<String> = outcome
        .entries
        .iter()
        .map(|e| match e {
            Entry::Card(c) => format!("{}: {}", c.line, c.display_name().unwrap_or_default()),
            Entry::Rejected { line, reason } => format!("{line}: rejected, {reason}"),
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "1: Good One",
            "5: rejected, BEGIN:VCAR is not BEGIN:VCARD",
            "9: rejected, no END:VCARD before line 12",
            "12: Good Two",
            "16: rejected, END:VCARD without a BEGIN:VCARD before it",
            "17: rejected, no END:VCARD before the end of the file",
        ]
    );
}

#[test]
fn versions_mixed_in_one_file() {
    let outcome = fixture!("mixed-versions.vcf");
    assert_eq!(outcome.dialect, "vCard (2.1, 3.0, 4.0)");
    let names: Vec<_> = all(&outcome).iter().map(|c| c.display_name()).collect();
    assert_eq!(
        names,
        vec![
            Some("Ver One".into()),
            Some("Ver Three".into()),
            Some("Ver Four".into())
        ]
    );
}

#[test]
fn utf16_files_with_and_without_a_bom() {
    for outcome in [fixture!("utf16le-bom.vcf"), fixture!("utf16be.vcf")] {
        let c = all(&outcome);
        assert_eq!(c[0].name.as_deref(), Some("Jürgen Groß"));
        assert_eq!(c[0].emails, vec!["juergen@example.de"]);
    }
}

#[test]
fn a_file_with_no_card_is_an_error() {
    let err = read(b"hello\nworld\n").expect_err("no card");
    assert!(err.0.contains("no BEGIN:VCARD"), "{err}");
}

fn contact(name: &str) -> Contact {
    let mut c = Contact::new(
        "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        name,
        "2026-01-02T03:04:05Z",
    );
    c.id = 1;
    c.updated_at = "2026-02-03T04:05:06Z".into();
    c
}

#[test]
fn what_kith_writes_reads_back_whole() {
    let mut jane = contact("Jane \"JD\" Doe-Müller, PhD");
    jane.given_name = Some("Jane".into());
    jane.family_name = Some("Doe-Müller; née Roe".into());
    jane.emails = vec!["jane@acme.io".into(), "jd@home.example".into()];
    jane.phones = vec![
        Phone::parse("+49 30 1234567", None).expect("phone"),
        Phone::parse("555-0100", None).expect("phone"),
    ];
    jane.org = Some("Acme, Inc.".into());
    jane.title = Some("Head of R&D".into());
    jane.street = Some("Flat 2, 5 High St".into());
    jane.city = Some("Zürich".into());
    jane.region = Some("ZH".into());
    jane.postcode = Some("8001".into());
    jane.country = Some("Switzerland".into());
    jane.birthday = Some(Birthday::parse("--04-12").expect("birthday"));
    jane.tags = vec!["client".into(), "vip, gold".into()];
    jane.fields = BTreeMap::from([
        (
            "note".into(),
            format!("Met at a fair;\n{}", "long line ".repeat(20).trim_end()),
        ),
        ("url".into(), "https://acme.io/jane".into()),
        ("industry".into(), "fin\\tech".into()),
        ("odd \"key\"; yes".into(), "ünïcödé".into()),
    ]);
    jane.kind = StakeholderKind::Customer;
    jane.stage = Some(Stage::Loyal);
    jane.consent = Consent::Granted;
    jane.consent_at = Some("2026-01-05T00:00:00Z".into());
    jane.cadence = Some("2w".parse::<Interval>().expect("interval"));
    jane.source = "import:google".into();
    jane.archived = true;
    let mut bob = contact("Bob\u{1b}[31m");
    bob.uid = "0190a1b2-c3d4-7e5f-8a9b-000000000002".into();
    bob.birthday = Some(Birthday::parse("1985-04-12").expect("birthday"));

    let mut out = Vec::new();
    write(&mut out, &[jane.clone(), bob]).expect("writes");
    let text = String::from_utf8(out.clone()).expect("UTF-8");
    assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:0190a1b2"));
    assert!(text.lines().all(|l| l.len() <= 75), "folded:\n{text}");
    assert!(!text.contains('\u{1b}'), "stored text is made printable");
    assert!(text.contains("REV:20260203T040506Z\r\n"));

    let outcome = read(&out).expect("reads back");
    assert_eq!(outcome.dialect, "vCard 4.0");
    let c = all(&outcome);
    assert_eq!(c.len(), 2);
    let back = c[0];
    assert_eq!(back.uid.as_deref(), Some(jane.uid.as_str()));
    assert_eq!(back.name.as_deref(), Some(jane.name.as_str()));
    assert_eq!(back.given_name, jane.given_name);
    assert_eq!(back.family_name, jane.family_name);
    assert_eq!(back.emails, jane.emails);
    assert_eq!(back.phones, vec!["+49301234567", "555-0100"]);
    assert_eq!(back.org, jane.org);
    assert_eq!(back.title, jane.title);
    assert_eq!(back.address.street, jane.street);
    assert_eq!(back.address.city, jane.city);
    assert_eq!(back.address.region, jane.region);
    assert_eq!(back.address.postcode, jane.postcode);
    assert_eq!(back.address.country, jane.country);
    assert_eq!(back.birthday, jane.birthday);
    assert_eq!(back.tags, jane.tags);
    let fields: BTreeMap<String, String> = back.fields.iter().cloned().collect();
    assert_eq!(fields, jane.fields);
    let k = &back.kith;
    assert_eq!(k.kind.as_deref(), Some("customer"));
    assert_eq!(k.stage.as_deref(), Some("loyal"));
    assert_eq!(k.consent.as_deref(), Some("granted"));
    assert_eq!(k.consent_at, jane.consent_at);
    assert_eq!(k.cadence.as_deref(), Some("2w"));
    assert_eq!(k.source.as_deref(), Some("import:google"));
    assert!(k.archived);
    assert_eq!(k.created_at.as_deref(), Some("2026-01-02T03:04:05Z"));
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(c[1].name.as_deref(), Some("Bob\u{fffd}[31m"));
    assert_eq!(bday(c[1]).as_deref(), Some("1985-04-12"));
    assert!(!c[1].kith.archived);
}
