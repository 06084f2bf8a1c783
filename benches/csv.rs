//! Reading a 100 000-row Google Contacts CSV: the whole import of 100k
//! contacts has 1.3 s, so the CSV reader should take well under 0.3 s.

use std::fmt::Write as _;
use std::sync::LazyLock;

use divan::{Bencher, black_box};
use kith::formats::Entry;

fn main() {
    divan::main();
}

const ROWS: usize = 100_000;

const GIVEN: &[&str] = &[
    "Maria", "José", "Anna", "John", "Zoë", "Søren", "Aisha", "Wei",
];
const FAMILY: &[&str] = &["García", "Müller", "Smith", "Nguyễn", "O'Brien", "Tanaka"];
const CITIES: &[&str] = &["Berlin", "Madrid", "London", "Kyoto", "Lagos", "Lima"];

/// The 2023+ Google header and one generated row per contact: two e-mails
/// in one cell, a phone, an address, labels, and every fifth a note
/// with a line break in it.
static FILE: LazyLock<String> = LazyLock::new(|| {
    let mut text = String::from(
        "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,\
         Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,\
         Organization Title,Organization Department,Birthday,Notes,Photo,Labels,\
         E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,\
         Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,\
         Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,\
         Address 1 - Extended Address,Website 1 - Label,Website 1 - Value\n",
    );
    for i in 0..ROWS {
        let given = GIVEN[i % GIVEN.len()];
        let family = FAMILY[i % FAMILY.len()];
        let city = CITIES[i % CITIES.len()];
        let note = if i % 5 == 0 {
            "\"Met at a fair.\nCall in May.\""
        } else {
            ""
        };
        let birthday = if i % 3 == 0 { "1980-03-22" } else { "--07-14" };
        let _ = writeln!(
            text,
            "{given},,{family},,,,,,,,Firm {n},Partner,,{birthday},{note},,\
             * myContacts ::: Clients,* Work,p{i}@firm{n}.example ::: p{i}@home.example,\
             Mobile,+49 30 {i:07},Work,,{i} Main St,{city},,,{zip:05},Germany,,,",
            n = i % 997,
            zip = i % 100_000,
        );
    }
    text
});

#[divan::bench(sample_count = 10)]
fn read_100k_google_rows(bencher: Bencher) {
    let bytes = FILE.as_bytes();
    bencher.bench(|| {
        let outcome = kith::formats::csv::read(black_box(bytes), &[]).expect("reads");
        assert_eq!(outcome.entries.len(), ROWS);
        assert!(matches!(outcome.entries[0], Entry::Card(_)));
        outcome
    });
}

/// The floor: the csv crate alone splitting the same file into records.
#[divan::bench(sample_count = 10)]
fn csv_crate_records_only(bencher: Bencher) {
    let bytes = FILE.as_bytes();
    bencher.bench(|| {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(black_box(bytes));
        let mut record = csv::StringRecord::new();
        let mut rows = 0;
        while reader.read_record(&mut record).expect("reads") {
            rows += 1;
        }
        assert_eq!(rows, ROWS);
    });
}
