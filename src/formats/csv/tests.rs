//! Every dialect read from a small hand-written export, and bad input.

use super::*;
use crate::formats::card::{Card, Entry, ReadOutcome};

mod bad_input;
mod round_trip;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../tests/fixtures/csv/", $name))
    };
}

pub(super) fn cards(outcome: &ReadOutcome) -> Vec<&Card> {
    outcome
        .entries
        .iter()
        .filter_map(|e| match e {
            Entry::Card(c) => Some(c.as_ref()),
            Entry::Rejected { .. } => None,
        })
        .collect()
}

pub(super) fn field<'a>(card: &'a Card, key: &str) -> Option<&'a str> {
    card.fields
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn birthday(card: &Card) -> Option<String> {
    card.birthday.map(|b| b.to_storage())
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn google_contacts() {
    let outcome = read(fixture!("google.csv"), &[]).expect("reads");
    assert_eq!(outcome.dialect, "Google Contacts CSV");
    let c = cards(&outcome);
    assert_eq!(c.len(), 3);
    let ada = c[0];
    assert_eq!(ada.line, 2);
    assert_eq!(ada.display_name().as_deref(), Some("Ada Lovelace"));
    assert_eq!(
        ada.emails,
        strings(&["ada@analytical.example", "ada.l@home.example"])
    );
    assert_eq!(ada.phones, strings(&["+44 20 7946 0001"]));
    assert_eq!(ada.tags, strings(&["Clients", "starred"]));
    assert_eq!(ada.org.as_deref(), Some("Analytical Ltd"));
    assert_eq!(ada.title.as_deref(), Some("Engineer"));
    assert_eq!(birthday(ada).as_deref(), Some("1815-12-10"));
    assert_eq!(ada.address.street.as_deref(), Some("12 Byron Rd"));
    assert_eq!(ada.address.postcode.as_deref(), Some("W1 1AA"));
    assert_eq!(ada.address.country.as_deref(), Some("United Kingdom"));
    assert_eq!(
        field(ada, "note"),
        Some("Met at the conference.\nWants a demo.")
    );
    assert_eq!(field(ada, "url"), Some("https://ada.example"));

    let grace = c[1];
    // Ada's note and formatted address hold three line breaks.
    assert_eq!(grace.line, 6);
    assert_eq!(c[2].line, 7);
    assert_eq!(grace.nickname.as_deref(), Some("Amazing Grace"));
    assert_eq!(birthday(grace).as_deref(), Some("--12-09"));
    assert_eq!(
        grace.phones,
        strings(&["ask reception"]),
        "kept for the import to judge"
    );
    assert!(grace.tags.is_empty(), "* myContacts is everyone's");
    assert!(grace.fields.is_empty(), "Google's photo links are not kept");

    let acme = c[2];
    assert_eq!(acme.display_name().as_deref(), Some("Acme GmbH"));
    assert_eq!(
        acme.address.street.as_deref(),
        Some("Hauptstr. 1, 10115 Berlin"),
        "a formatted address with no parts becomes the street line"
    );
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
}

#[test]
fn google_contacts_older_export() {
    let outcome = read(fixture!("google_old.csv"), &[]).expect("reads");
    assert_eq!(outcome.dialect, "Google Contacts CSV (older export)");
    let c = cards(&outcome);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].name.as_deref(), Some("Dr. Alan Turing"));
    assert_eq!(c[0].given_name.as_deref(), Some("Alan"));
    assert_eq!(c[0].phones, strings(&["+44 1908 640404", "01908 640405"]));
    assert_eq!(c[0].tags, strings(&["Advisors"]));
    assert_eq!(c[0].org.as_deref(), Some("Bletchley Park"));
    assert_eq!(c[0].title.as_deref(), Some("Cryptanalyst"));
    assert_eq!(c[0].address.city.as_deref(), Some("Milton Keynes"));
    assert_eq!(field(c[0], "occupation"), Some("Mathematician"));
    assert_eq!(c[1].display_name().as_deref(), Some("Joan Clarke"));
    assert_eq!(c[1].tags, strings(&["starred"]));
    assert_eq!(birthday(c[1]).as_deref(), Some("--06-24"));
    assert_eq!(
        outcome.warnings,
        vec![(1, "columns kept as custom fields: Occupation".to_string())]
    );
}

#[test]
fn outlook_desktop() {
    let outcome = read(fixture!("outlook.csv"), &[]).expect("reads");
    assert_eq!(outcome.dialect, "Outlook CSV");
    let c = cards(&outcome);
    assert_eq!(c.len(), 2);
    let jane = c[0];
    assert_eq!(jane.prefix.as_deref(), Some("Ms."));
    assert_eq!(jane.display_name().as_deref(), Some("Ms. Jane Roe"));
    assert_eq!(jane.title.as_deref(), Some("Partner"));
    assert_eq!(jane.org.as_deref(), Some("Roe & Co"));
    assert_eq!(jane.emails, strings(&["jane@roe.example"]));
    assert_eq!(jane.phones, strings(&["(312) 555-0100", "(312) 555-0199"]));
    assert_eq!(jane.tags, strings(&["Clients", "VIP"]));
    assert_eq!(birthday(jane).as_deref(), Some("1980-03-22"));
    // Business before home.
    assert_eq!(jane.address.street.as_deref(), Some("100 Main St, Suite 4"));
    assert_eq!(jane.address.city.as_deref(), Some("Chicago"));
    assert_eq!(field(jane, "business_fax"), Some("(312) 555-0101"));
    assert_eq!(field(jane, "note"), Some("Prefers calls before noon."));
    assert_eq!(
        field(jane, "gender"),
        None,
        "Outlook's defaults are dropped"
    );

    let sam = c[1];
    assert_eq!(birthday(sam), None, "0/0/00 is no birthday");
    assert!(sam.warnings.is_empty(), "{:?}", sam.warnings);
    assert_eq!(sam.address.street.as_deref(), Some("7 Oak Ave"));
    assert_eq!(sam.address.region.as_deref(), Some("OR"));
    assert_eq!(field(sam, "anniversary"), Some("0/0/00"));
}

#[test]
fn outlook_com() {
    let outcome = read(fixture!("outlook_com.csv"), &[]).expect("reads");
    assert_eq!(outcome.dialect, "Outlook.com CSV");
    let c = cards(&outcome);
    assert_eq!(c[0].display_name().as_deref(), Some("Mia Wong"));
    assert_eq!(
        c[0].emails,
        strings(&["mia@wong.example", "mia.w@mail.example"])
    );
    assert_eq!(c[0].phones, strings(&["+1 206 555 0123"]));
    assert_eq!(c[0].address.city.as_deref(), Some("Seattle"));
    assert_eq!(birthday(c[0]).as_deref(), Some("1990-11-05"));
    assert_eq!(field(c[0], "spouse"), Some("Lee Wong"));
    assert_eq!(c[1].emails, strings(&["omar@haddad.example"]));
}

#[test]
fn linkedin_connections_after_their_notes() {
    let outcome = read(fixture!("linkedin.csv"), &[]).expect("reads");
    assert_eq!(outcome.dialect, "LinkedIn connections CSV");
    let c = cards(&outcome);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].line, 5, "the preamble's lines count");
    assert_eq!(c[0].display_name().as_deref(), Some("Priya Nair"));
    assert_eq!(c[0].emails, strings(&["priya@nair.example"]));
    assert_eq!(c[0].title.as_deref(), Some("Founder"));
    assert_eq!(
        field(c[0], "linkedin"),
        Some("https://www.linkedin.com/in/priya-nair-example")
    );
    assert_eq!(field(c[0], "connected_on"), Some("15 Mar 2023"));
    assert!(c[1].emails.is_empty());
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
}

#[test]
fn thunderbird() {
    let outcome = read(fixture!("thunderbird.csv"), &[]).expect("reads");
    assert_eq!(outcome.dialect, "Thunderbird CSV");
    let c = cards(&outcome);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].name.as_deref(), Some("Lena Vogel (Vogel AG)"));
    assert_eq!(c[0].nickname.as_deref(), Some("Leni"));
    assert_eq!(
        c[0].emails,
        strings(&["lena@vogel.example", "lena.v@mail.example"])
    );
    assert_eq!(c[0].phones, strings(&["+49 89 1234567"]));
    assert_eq!(
        c[0].address.street.as_deref(),
        Some("Lindenweg 3, Hinterhaus")
    );
    assert_eq!(c[0].address.city.as_deref(), Some("München"));
    assert_eq!(birthday(c[0]).as_deref(), Some("1975-07-14"));
    assert_eq!(c[1].display_name().as_deref(), Some("Kai Sommer"));
    assert_eq!(birthday(c[1]).as_deref(), Some("--02-29"));
}

#[test]
fn any_other_csv_by_its_header_words() {
    let outcome = read(fixture!("generic.csv"), &[]).expect("reads");
    assert_eq!(outcome.dialect, "CSV");
    let c = cards(&outcome);
    assert_eq!(c.len(), 3, "the empty row is skipped");
    let rosa = c[0];
    assert_eq!(rosa.name.as_deref(), Some("Rosa Diaz"));
    assert_eq!(
        rosa.emails,
        strings(&["rosa@diaz.example", "rosa.d@mail.example"])
    );
    assert_eq!(rosa.phones, strings(&["+34 600 123 456"]));
    assert_eq!(rosa.org.as_deref(), Some("Diaz SL"));
    assert_eq!(rosa.title.as_deref(), Some("Director"));
    assert_eq!(rosa.address.street.as_deref(), Some("Calle Mayor 1"));
    assert_eq!(rosa.address.city.as_deref(), Some("Madrid"));
    assert_eq!(rosa.address.postcode.as_deref(), Some("28013"));
    assert_eq!(birthday(rosa).as_deref(), Some("1985-03-22"));
    assert_eq!(rosa.tags, strings(&["client", "spain"]));
    assert_eq!(field(rosa, "note"), Some("Said \"call me in May\"."));
    assert_eq!(field(rosa, "shoe_size"), Some("38"));
    let ben = c[1];
    assert_eq!(birthday(ben), None);
    assert_eq!(
        ben.warnings.len(),
        1,
        "3/4/1980 is ambiguous: {:?}",
        ben.warnings
    );
    assert_eq!(c[2].line, 5);
    assert_eq!(
        outcome.warnings,
        vec![(
            1,
            "columns kept as custom fields: Shoe Size, Favourite Colour".to_string()
        )]
    );
}

#[test]
fn a_map_overrides_the_header() {
    let text = b"Vorname;Nachname;Handy;Kundennummer\nJana;M\xc3\xbcller;0170 1234567;K-17\n";
    let maps = [
        ColumnMap::parse("Vorname=given_name").expect("map"),
        ColumnMap::parse("nachname=family_name").expect("map"),
        ColumnMap::parse("Handy=phone").expect("map"),
        ColumnMap::parse("Kundennummer=field.customer").expect("map"),
    ];
    let outcome = read(text, &maps).expect("reads");
    let c = cards(&outcome);
    assert_eq!(c[0].display_name().as_deref(), Some("Jana Müller"));
    assert_eq!(c[0].phones, strings(&["0170 1234567"]));
    assert_eq!(c[0].fields, vec![("customer".into(), "K-17".into())]);
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);

    let ignore = [ColumnMap::parse("E-mail 1 - Value=ignore").expect("map")];
    let outcome = read(fixture!("google.csv"), &ignore).expect("reads");
    assert!(cards(&outcome)[0].emails.is_empty());
}

#[test]
fn a_map_naming_a_missing_column_lists_the_files_columns() {
    let maps = [ColumnMap::parse("Work Email=email").expect("map")];
    let err = read(b"Name,Mail\nJane,j@x.io\n", &maps).expect_err("no such column");
    assert_eq!(
        err.0,
        "--map names a column \"Work Email\" the file does not have; its columns are: \"Name\", \"Mail\""
    );
}
