//! A CSV file read: its text decoded, `LinkedIn`'s preamble skipped, the
//! delimiter and the dialect told from the header, then every row a card
//! or a reject.

use std::borrow::Cow;

use csv::StringRecord;

use super::columns;
use super::dialect::{Dialect, norm};
use super::map::{ColumnMap, Target, target_of};
use super::row;
use crate::domain::text::printable;
use crate::formats::card::{Entry, FormatError, MAX_VALUE_BYTES, MAX_VALUE_WORDS, ReadOutcome};
use crate::formats::decode::{decode_whole, to_utf8_bytes};

/// Every row of a CSV file.
pub fn read(bytes: &[u8], maps: &[ColumnMap]) -> Result<ReadOutcome, FormatError> {
    // UTF-8 (most files) is read in place; anything else is decoded.
    let (utf8, _) = to_utf8_bytes(bytes);
    let decoded;
    let (text, encoding) = match std::str::from_utf8(&utf8) {
        Ok(text) if matches!(utf8, Cow::Borrowed(_)) => (text, "UTF-8"),
        _ => {
            decoded = decode_whole(bytes)?;
            (decoded.0.as_str(), decoded.1)
        }
    };
    let (offset, preamble) = header_start(text);
    let body = &text[offset..];
    if body.trim().is_empty() {
        return Err(FormatError("the file is empty".into()));
    }
    let lines_before = text[..offset].matches('\n').count();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(body.lines().next().unwrap_or_default()))
        .from_reader(RowLimit::new(body.as_bytes()));
    let not_csv = |e: &csv::Error, limit: &RowLimit<'_>| not_csv(e, limit, lines_before);
    let mut record = StringRecord::new();
    if let Err(e) = reader.read_record(&mut record) {
        return Err(not_csv(&e, reader.get_ref()));
    }
    // The csv crate's line count is off by one after CR LF; count the line
    // breaks before each record's first byte instead.
    let mut lines = LineCounter::new(body, lines_before);
    let header_line = lines.at(&record);
    let headers: Vec<String> = record
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    let dialect = Dialect::detect(&headers, preamble);
    let mut targets: Vec<Target> = headers
        .iter()
        .map(|h| columns::target(dialect, h))
        .collect();
    apply_maps(&headers, &mut targets, maps)?;

    let mut custom_used = vec![false; headers.len()];
    let mut entries = Vec::new();
    loop {
        let row_start = reader.position().byte() as usize;
        reader.get_mut().row_start = row_start;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(not_csv(&e, reader.get_ref())),
        }
        let line = lines.at(&record);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            entries.push(Entry::Rejected {
                line,
                reason: format!(
                    "row has {} cells, the header {}",
                    record.len(),
                    headers.len()
                ),
            });
            continue;
        }
        let card = row::card(dialect, &targets, &record, line, &mut custom_used);
        entries.push(Entry::Card(Box::new(card)));
    }

    let mut warnings = Vec::new();
    if encoding != "UTF-8" {
        warnings.push((1, format!("read as {encoding}")));
    }
    if entries.is_empty() {
        warnings.push((header_line, "the file has a header and no rows".into()));
    }
    let kept: Vec<String> = headers
        .iter()
        .zip(&custom_used)
        .filter(|(_, used)| **used)
        .map(|(h, _)| printable(h).into_owned())
        .collect();
    if !kept.is_empty() {
        warnings.push((
            header_line,
            format!("columns kept as custom fields: {}", kept.join(", ")),
        ));
    }
    Ok(ReadOutcome {
        dialect: dialect.name().into(),
        entries,
        warnings,
    })
}

/// Why the csv reader stopped, with the line: a row over the size limit,
/// or CSV it cannot read.
fn not_csv(e: &csv::Error, limit: &RowLimit<'_>, lines_before: usize) -> FormatError {
    if limit.exceeded {
        let line = lines_before + limit.body[..limit.row_start].split(|&b| b == b'\n').count();
        return FormatError(format!(
            "line {line}: a row longer than {MAX_VALUE_WORDS} (a quote never closed?); kith reads rows of up to {MAX_VALUE_WORDS}"
        ));
    }
    let line = e.position().map_or(0, |p| p.line() as usize) + lines_before;
    FormatError(format!("line {line}: not a CSV file kith can read ({e})"))
}

/// The body as the csv reader takes it, but never more than
/// [`MAX_VALUE_BYTES`] past the start of the row being read: a row that
/// does not end (a 100 MB cell, a quote never closed) stops the read
/// instead of growing one record to the size of the file.
struct RowLimit<'a> {
    body: &'a [u8],
    given: usize,
    /// Where the row being read starts (the reader's byte position).
    row_start: usize,
    exceeded: bool,
}

impl<'a> RowLimit<'a> {
    fn new(body: &'a [u8]) -> Self {
        RowLimit {
            body,
            given: 0,
            row_start: 0,
            exceeded: false,
        }
    }
}

impl std::io::Read for RowLimit<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let end = self.body.len().min(self.row_start + MAX_VALUE_BYTES);
        if self.given >= end && self.given < self.body.len() {
            self.exceeded = true;
            return Err(std::io::Error::other("row too long"));
        }
        let n = buf.len().min(end.saturating_sub(self.given));
        buf[..n].copy_from_slice(&self.body[self.given..self.given + n]);
        self.given += n;
        Ok(n)
    }
}

/// The 1-based line of each record in turn, from its byte offset.
struct LineCounter<'a> {
    body: &'a [u8],
    byte: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(body: &'a str, lines_before: usize) -> Self {
        LineCounter {
            body: body.as_bytes(),
            byte: 0,
            line: lines_before + 1,
        }
    }

    /// Records come in file order, so each count starts where the last ended.
    fn at(&mut self, record: &StringRecord) -> usize {
        let mut byte = record
            .position()
            .map_or(self.byte, |p| p.byte() as usize)
            .min(self.body.len());
        // After CR LF the crate's offset points at the LF (or at blank lines
        // it skipped): the record starts past them.
        while byte < self.body.len() && matches!(self.body[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte > self.byte {
            self.line += self.body[self.byte..byte].split(|&b| b == b'\n').count() - 1;
            self.byte = byte;
        }
        self.line
    }
}

/// `--map` over the dialect's reading: every column with that header.
fn apply_maps(
    headers: &[String],
    targets: &mut [Target],
    maps: &[ColumnMap],
) -> Result<(), FormatError> {
    for map in maps {
        let target = target_of(&map.field)?;
        let want = norm(&map.column);
        let mut found = false;
        for (h, t) in headers.iter().zip(targets.iter_mut()) {
            if norm(h) == want {
                *t = target.clone();
                found = true;
            }
        }
        if !found {
            let listed: Vec<String> = headers
                .iter()
                .map(|h| format!("{:?}", printable(h)))
                .collect();
            return Err(FormatError(format!(
                "--map names a column {:?} the file does not have; its columns are: {}",
                printable(&map.column),
                listed.join(", ")
            )));
        }
    }
    Ok(())
}

/// Where the header starts (a byte offset), and whether a `LinkedIn`
/// "Notes:" preamble was skipped to find it: the header is the first line
/// starting "First Name", else the first line after the first blank one.
fn header_start(text: &str) -> (usize, bool) {
    let first = text.trim_start();
    if !first.starts_with("Notes:") {
        return (0, false);
    }
    let (mut offset, mut notes, mut blank) = (0, false, false);
    let mut after_blank = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed
            .get(..10)
            .is_some_and(|h| h.eq_ignore_ascii_case("first name"))
        {
            return (offset, true);
        }
        if !notes {
            notes = trimmed.starts_with("Notes:");
        } else if trimmed.is_empty() {
            blank = true;
        } else if blank && after_blank.is_none() {
            after_blank = Some(offset);
        }
        offset += line.len();
    }
    (after_blank.unwrap_or(0), after_blank.is_some())
}

/// The delimiter of the header line: comma, semicolon (European Excel and
/// Outlook) or tab, whichever occurs most outside quotes; comma on a tie.
fn delimiter(header: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in header.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i)));
    [b',', b';', b'\t'][best.unwrap_or(0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_commonest_one_outside_quotes() {
        assert_eq!(delimiter("a,b,c"), b',');
        assert_eq!(delimiter("Vorname;Nachname;\"E-Mail, privat\""), b';');
        assert_eq!(delimiter("a\tb\tc"), b'\t');
        assert_eq!(delimiter("name"), b',');
    }

    #[test]
    fn linkedins_preamble_is_skipped() {
        let text =
            "Notes:\n\"When exporting, some e-mails are missing.\"\n\nFirst Name,Last Name\n";
        let (offset, preamble) = header_start(text);
        assert!(preamble);
        assert!(text[offset..].starts_with("First Name"));
        let text = "Notes:\n\"x\"\n\nVorname,Nachname\n";
        let (offset, _) = header_start(text);
        assert!(text[offset..].starts_with("Vorname"));
        assert_eq!(header_start("Name,Notes:\n"), (0, false));
        assert_eq!(header_start("Notes:\nÉtudiant née\n"), (0, false));
        let text = "\n\nNotes:\n\"x\"\n\nVorname\n";
        let (offset, _) = header_start(text);
        assert!(text[offset..].starts_with("Vorname"));
    }
}
