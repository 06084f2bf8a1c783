//! What real files get wrong: encodings, delimiters, quoting, ragged rows.

use super::{cards, strings};
use crate::formats::card::Entry;
use crate::formats::csv::read;

const TEXT: &str = "Name,Email,Notes\nJosé Núñez,jose@example.com,Café\n";

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if big_endian {
            [0xFE, 0xFF]
        } else {
            [0xFF, 0xFE]
        });
    }
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

#[test]
fn an_empty_file_is_an_error() {
    assert_eq!(read(b"", &[]).expect_err("empty").0, "the file is empty");
    assert_eq!(
        read(b"\r\n \n", &[]).expect_err("blank").0,
        "the file is empty"
    );
    assert_eq!(
        read(b"\xEF\xBB\xBF", &[]).expect_err("a BOM").0,
        "the file is empty"
    );
}

#[test]
fn a_header_alone_reads_as_no_rows_with_a_note() {
    let outcome = read(b"Name,Email\n", &[]).expect("reads");
    assert!(outcome.entries.is_empty());
    assert_eq!(
        outcome.warnings,
        vec![(1, "the file has a header and no rows".to_string())]
    );
}

#[test]
fn a_ragged_row_costs_only_itself_and_names_its_line() {
    let text = "Name,Email,Phone\nAnn,ann@x.io,1\n\"Bob\nBobson\",bob@x.io\nCy,cy@x.io,3,extra,more\nDi,di@x.io,4\n";
    let outcome = read(text.as_bytes(), &[]).expect("reads");
    assert_eq!(outcome.entries.len(), 4);
    assert_eq!(
        outcome.entries[1],
        Entry::Rejected {
            line: 3,
            reason: "row has 2 cells, the header 3".into()
        }
    );
    assert_eq!(
        outcome.entries[2],
        Entry::Rejected {
            line: 5,
            reason: "row has 5 cells, the header 3".into()
        }
    );
    let ok = cards(&outcome);
    assert_eq!(ok.len(), 2);
    assert_eq!((ok[0].line, ok[1].line), (2, 6));
}

#[test]
fn damaged_utf8_is_an_error_naming_the_line() {
    let err = read(b"Name,City\nJos\xc3\xa9,K\xc3\xb6ln\nAnn,K\xf6ln\n", &[]).expect_err("damaged");
    assert!(err.0.starts_with("line 3: invalid UTF-8"), "{err}");
}

#[test]
fn utf16_with_and_without_a_bom() {
    for big_endian in [false, true] {
        for bom in [false, true] {
            let bytes = utf16(TEXT, big_endian, bom);
            let outcome = read(&bytes, &[]).expect("reads");
            let c = cards(&outcome);
            assert_eq!(c.len(), 1, "be {big_endian} bom {bom}");
            assert_eq!(c[0].name.as_deref(), Some("José Núñez"));
            assert_eq!(c[0].emails, strings(&["jose@example.com"]));
            let encoding = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
            assert_eq!(outcome.warnings, vec![(1, format!("read as {encoding}"))]);
        }
    }
}

#[test]
fn windows_1252_is_read_and_said() {
    let bytes = b"Name,Email,Notes\nJos\xe9 N\xfa\xf1ez,jose@example.com,Caf\xe9 \x80 5\n";
    let outcome = read(bytes, &[]).expect("reads");
    let c = cards(&outcome);
    assert_eq!(c[0].name.as_deref(), Some("José Núñez"));
    assert_eq!(super::field(c[0], "note"), Some("Café € 5"));
    assert_eq!(
        outcome.warnings,
        vec![(1, "read as windows-1252".to_string())]
    );
}

#[test]
fn semicolons_and_tabs_delimit_too() {
    let text = "Name;E-mail;Company\n\"Müller; Jana\";jana@firma.example;\"Firma, GmbH\"\n";
    let outcome = read(text.as_bytes(), &[]).expect("reads");
    let c = cards(&outcome);
    assert_eq!(c[0].name.as_deref(), Some("Müller; Jana"));
    assert_eq!(c[0].org.as_deref(), Some("Firma, GmbH"));
    let outcome = read(b"Name\tEmail\nAnn\tann@x.io\n", &[]).expect("reads");
    assert_eq!(cards(&outcome)[0].emails, strings(&["ann@x.io"]));
}

#[test]
fn quoted_cells_keep_line_breaks_and_quotes() {
    let text = "Name,Notes,Email\r\n\"Ann \"\"Nan\"\" Lee\",\"one\r\ntwo, three\",ann@x.io\r\nBo,,bo@x.io\r\n";
    let outcome = read(text.as_bytes(), &[]).expect("reads");
    let c = cards(&outcome);
    assert_eq!(c[0].name.as_deref(), Some("Ann \"Nan\" Lee"));
    assert_eq!(super::field(c[0], "note"), Some("one\r\ntwo, three"));
    assert_eq!(c[1].line, 4);
}
