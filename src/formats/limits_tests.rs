//! The size limits of the readers ([`MAX_VALUE_BYTES`]): a file holding a
//! longer row, property or string is refused with its line, before the
//! value is copied.

use super::card::MAX_VALUE_BYTES;
use super::{Format, read};

fn refused(bytes: &[u8], format: Format) -> String {
    match read(bytes, Some(format), &[]) {
        Ok(outcome) => panic!("read {} entries instead of refusing", outcome.entries.len()),
        Err(e) => e.0,
    }
}

#[test]
fn a_csv_cell_over_the_limit_refuses_the_file_with_its_line() {
    let mut file =
        b"Name,E-mail,Notes\nAnn Lee,ann@example.com,short\nJane Roe,jr@x.io,\"".to_vec();
    file.resize(file.len() + MAX_VALUE_BYTES + 10, b'a');
    file.extend_from_slice(b"\"\n");
    let err = refused(&file, Format::Csv);
    assert!(err.starts_with("line 3: a row longer than 1 MiB"), "{err}");
    // The same without the closing quote: the rest of the file is one cell.
    let mut open = b"Name,Notes\nAnn,\"never closed\n".to_vec();
    for _ in 0..MAX_VALUE_BYTES / 8 {
        open.extend_from_slice(b"Bob,more\n");
    }
    let err = refused(&open, Format::Csv);
    assert!(
        err.starts_with("line 2: a row longer than 1 MiB (a quote never closed?)"),
        "{err}"
    );
}

#[test]
fn a_csv_row_under_the_limit_reads() {
    let mut file = b"Name,Notes\nAnn Lee,\"".to_vec();
    file.resize(file.len() + MAX_VALUE_BYTES - 100, b'a');
    file.extend_from_slice(b"\"\nBob Stone,x\n");
    let outcome = read(&file, Some(Format::Csv), &[]).expect("reads");
    assert_eq!(outcome.entries.len(), 2);
}

#[test]
fn a_vcard_property_folded_a_million_times_refuses_the_file() {
    let mut file = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoe\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Folded\r\nNOTE:x".to_vec();
    for _ in 0..1_000_000 {
        file.extend_from_slice(b"\r\n y");
    }
    file.extend_from_slice(b"\r\nEND:VCARD\r\n");
    let err = refused(&file, Format::Vcard);
    assert!(
        err.starts_with("line 8: a property longer than 1 MiB (folded over "),
        "{err}"
    );
    // One unfolded line over the limit, too.
    let mut long = b"BEGIN:VCARD\r\nFN:Long\r\nNOTE:".to_vec();
    long.resize(long.len() + MAX_VALUE_BYTES, b'z');
    long.extend_from_slice(b"\r\nEND:VCARD\r\n");
    let err = refused(&long, Format::Vcard);
    assert!(
        err.starts_with("line 3: a property longer than 1 MiB;"),
        "{err}"
    );
}

#[test]
fn a_large_folded_photo_under_the_limit_reads() {
    // A 600 KB photo as vCard 2.1 writes it: bare base64 lines.
    let mut file =
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Pic\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:".to_vec();
    for _ in 0..8_000 {
        file.extend_from_slice(
            b"\r\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx",
        );
    }
    file.extend_from_slice(b"\r\n\r\nEMAIL:pic@example.com\r\nEND:VCARD\r\n");
    let outcome = read(&file, Some(Format::Vcard), &[]).expect("reads");
    let cards: Vec<_> = super::vcard::cards(&outcome).collect();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].emails, ["pic@example.com"]);
}
