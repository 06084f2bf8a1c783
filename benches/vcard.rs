//! vCard reading at 100k cards: the parsing share of a 100k-card import
//! (whole import budget 1.3 s, so parsing must stay well under 0.4 s).
//!
//! Two files, built once: what `kith export --format vcard` writes (4.0,
//! every kith attribute), and an Apple-style 3.0 export (groups with
//! labels, an address, a note with escapes). Also timed: writing 100k.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use divan::black_box;
use kith::domain::contact::{Consent, Contact, Phone, Stage, StakeholderKind};
use kith::domain::dates::Birthday;
use kith::formats::vcard;

const CARDS: usize = 100_000;

fn main() {
    divan::main();
}

fn contact(i: usize, phone: &Phone) -> Contact {
    Contact {
        id: i as i64,
        uid: format!("0190a1b2-c3d4-7e5f-8a9b-{i:012}"),
        name: format!("Person Number{i}"),
        given_name: Some("Person".into()),
        family_name: Some(format!("Number{i}")),
        emails: vec![format!("person{i}@example.com")],
        phones: vec![phone.clone()],
        org: Some("Acme, Inc.".into()),
        title: Some("Engineer".into()),
        street: Some(format!("{i} Main Street")),
        city: Some("Berlin".into()),
        region: None,
        country: Some("Germany".into()),
        postcode: Some("10115".into()),
        birthday: Some(Birthday {
            year: None,
            month: 1 + (i % 12) as u32,
            day: 1 + (i % 28) as u32,
        }),
        source: "import".into(),
        kind: StakeholderKind::Customer,
        stage: Some(Stage::Prospect),
        tags: vec!["client".into(), "berlin".into()],
        fields: BTreeMap::from([
            ("note".into(), "Met at a fair; talked about pricing".into()),
            ("industry".into(), "fintech".into()),
        ]),
        consent: Consent::Granted,
        consent_at: None,
        cadence: None,
        archived: false,
        last_contact: None,
        created_at: "2026-01-02T03:04:05Z".into(),
        updated_at: "2026-02-03T04:05:06Z".into(),
    }
}

static KITH_EXPORT: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let phone = Phone::parse("+49 30 1234567", None).expect("a phone");
    let contacts: Vec<Contact> = (0..CARDS).map(|i| contact(i, &phone)).collect();
    let mut out = Vec::new();
    vcard::write(&mut out, &contacts).expect("writes");
    out
});

static APPLE_EXPORT: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut out = String::new();
    for i in 0..CARDS {
        write!(
            out,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.0//EN\r\n\
N:Number{i};Person;;;\r\nFN:Person Number{i}\r\nORG:Acme\\, Inc.;\r\n\
item1.EMAIL;type=INTERNET;type=pref:person{i}@example.com\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n\
TEL;type=CELL;type=VOICE;type=pref:+49 30 {i:07}\r\n\
item2.ADR;type=HOME;type=pref:;;{i} Main Street;Berlin;;10115;Germany\r\n\
item2.X-ABADR:de\r\nNOTE:Met at a fair\\; talked about pricing\\nand more\r\n\
BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-03\r\nCATEGORIES:client,berlin\r\nEND:VCARD\r\n"
        )
        .expect("writing to a String");
    }
    out.into_bytes()
});

#[divan::bench(sample_count = 10)]
fn read_100k_kith_export(bencher: divan::Bencher) {
    let bytes = &*KITH_EXPORT;
    bencher.bench(|| {
        let outcome = vcard::read(black_box(bytes)).expect("reads");
        assert_eq!(outcome.entries.len(), CARDS);
        outcome
    });
}

#[divan::bench(sample_count = 10)]
fn read_100k_apple_export(bencher: divan::Bencher) {
    let bytes = &*APPLE_EXPORT;
    bencher.bench(|| {
        let outcome = vcard::read(black_box(bytes)).expect("reads");
        assert_eq!(outcome.entries.len(), CARDS);
        outcome
    });
}

#[divan::bench(sample_count = 10)]
fn write_100k(bencher: divan::Bencher) {
    let phone = Phone::parse("+49 30 1234567", None).expect("a phone");
    let contacts: Vec<Contact> = (0..CARDS).map(|i| contact(i, &phone)).collect();
    bencher.bench(|| {
        let mut out = Vec::with_capacity(60 << 20);
        vcard::write(&mut out, black_box(&contacts)).expect("writes");
        out
    });
}

/// The 11-line card the crate comparison used (see `formats::vcard`'s doc),
/// so the figures can be set side by side on the same machine.
static SMALL_CARDS: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut out = String::new();
    for i in 0..CARDS {
        write!(
            out,
            "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:0190{i:08}-0000-7000-8000-000000000000\r\n\
FN:Person Number {i}\r\nN:Number {i};Person;;;\r\nEMAIL;PREF=1:person{i}@example.com\r\n\
TEL;VALUE=uri:tel:+4930{i:07}\r\nORG:Acme GmbH\r\nADR:;;{i} Main Street;Berlin;;10115;Germany\r\n\
CATEGORIES:client,berlin\r\nNOTE:Met at a conference\\, talked about things\r\nEND:VCARD\r\n"
        )
        .expect("writing to a String");
    }
    out.into_bytes()
});

#[divan::bench(sample_count = 10)]
fn read_100k_small_cards(bencher: divan::Bencher) {
    let bytes = &*SMALL_CARDS;
    bencher.bench(|| {
        let outcome = vcard::read(black_box(bytes)).expect("reads");
        assert_eq!(outcome.entries.len(), CARDS);
        outcome
    });
}
