//! Contacts to vCard 4.0 (RFC 6350): escaped values, lines folded at 75
//! octets on character boundaries, CRLF line ends; kith's own attributes
//! and custom fields as `X-KITH-*` properties, so an export reads back whole.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::domain::contact::Contact;
use crate::domain::text::{printable, printable_multiline};

/// vCard 4.0, one card per contact.
pub fn write(out: &mut dyn Write, contacts: &[Contact]) -> io::Result<()> {
    let mut buf = String::with_capacity(1024);
    for c in contacts {
        buf.clear();
        card(&mut buf, c);
        out.write_all(buf.as_bytes())?;
    }
    Ok(())
}

fn card(out: &mut String, c: &Contact) {
    let one = |s: &str| printable(s).into_owned();
    let opt = |s: &Option<String>| s.as_deref().map(one).unwrap_or_default();
    line(out, "BEGIN", "VCARD");
    line(out, "VERSION", "4.0");
    line(out, "UID", &format!("urn:uuid:{}", one(&c.uid)));
    line(out, "FN", &escape(&one(&c.name)));
    if c.given_name.is_some() || c.family_name.is_some() {
        let n = [opt(&c.family_name), opt(&c.given_name)]
            .iter()
            .map(|p| escape(p))
            .collect::<Vec<_>>()
            .join(";");
        line(out, "N", &format!("{n};;;"));
    }
    for (i, email) in c.emails.iter().enumerate() {
        let name = if i == 0 { "EMAIL;PREF=1" } else { "EMAIL" };
        line(out, name, &escape(&one(email)));
    }
    for phone in &c.phones {
        match &phone.e164 {
            // A number with an extension is written as typed, which keeps
            // the extension and its spacing (a tel: URI would keep neither).
            Some(e164)
                if e164.starts_with('+')
                    && e164[1..].bytes().all(|b| b.is_ascii_digit())
                    && phone.extension().is_none() =>
            {
                line(out, "TEL;VALUE=uri", &format!("tel:{e164}"));
            }
            _ => line(out, "TEL", &escape(&one(&phone.raw))),
        }
    }
    if let Some(org) = &c.org {
        line(out, "ORG", &escape(&one(org)));
    }
    if let Some(title) = &c.title {
        line(out, "TITLE", &escape(&one(title)));
    }
    let address = [&c.street, &c.city, &c.region, &c.postcode, &c.country];
    if address.iter().any(|p| p.is_some()) {
        let parts = address
            .iter()
            .map(|p| escape(&opt(p)).into_owned())
            .collect::<Vec<_>>()
            .join(";");
        line(out, "ADR", &format!(";;{parts}"));
    }
    if let Some(b) = c.birthday {
        let date = match b.year {
            Some(y) => format!("{y:04}{:02}{:02}", b.month, b.day),
            None => format!("--{:02}{:02}", b.month, b.day),
        };
        line(out, "BDAY", &date);
    }
    if !c.tags.is_empty() {
        let tags = c
            .tags
            .iter()
            .map(|t| escape(&one(t)).into_owned())
            .collect::<Vec<_>>();
        line(out, "CATEGORIES", &tags.join(","));
    }
    for (key, value) in &c.fields {
        let value = printable_multiline(value);
        match key.as_str() {
            "note" => line(out, "NOTE", &escape(&value)),
            "url" if is_uri(&value) => line(out, "URL", &value),
            _ => line(
                out,
                &format!("X-KITH-FIELD;X-KEY=\"{}\"", param(&one(key))),
                &escape(&value),
            ),
        }
    }
    line(out, "X-KITH-KIND", c.kind.as_str());
    if let Some(stage) = c.stage {
        line(out, "X-KITH-STAGE", stage.as_str());
    }
    line(out, "X-KITH-CONSENT", c.consent.as_str());
    if let Some(at) = &c.consent_at {
        line(out, "X-KITH-CONSENT-AT", &escape(&one(at)));
    }
    if let Some(cadence) = c.cadence {
        line(out, "X-KITH-CADENCE", &cadence.to_string());
    }
    line(out, "X-KITH-SOURCE", &escape(&one(&c.source)));
    if c.archived {
        line(out, "X-KITH-ARCHIVED", "true");
    }
    line(out, "X-KITH-CREATED", &escape(&one(&c.created_at)));
    let rev: String = one(&c.updated_at)
        .chars()
        .filter(|ch| !matches!(ch, '-' | ':'))
        .collect();
    line(out, "REV", &escape(&rev));
    line(out, "END", "VCARD");
}

/// A URL that can stand as a URI value: no blank space, no control.
fn is_uri(value: &str) -> bool {
    !value.is_empty() && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A text value escaped: `\` `,` `;` and newlines.
pub fn escape(value: &str) -> Cow<'_, str> {
    if !value.contains(['\\', ',', ';', '\n', '\r']) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A parameter value for inside double quotes (RFC 6868: `^^`, `^'`, `^n`).
fn param(value: &str) -> String {
    value
        .replace('^', "^^")
        .replace('"', "^'")
        .replace('\n', "^n")
}

/// One content line, folded: at most 75 octets a line, never inside a
/// UTF-8 character; each continuation starts with a space.
fn line(out: &mut String, name: &str, value: &str) {
    const LIMIT: usize = 75;
    if name.len() + 1 + value.len() <= LIMIT {
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push_str("\r\n");
        return;
    }
    let text = format!("{name}:{value}");
    let mut rest = text.as_str();
    let mut limit = LIMIT;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = LIMIT - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        line(&mut out, "NOTE", &"é".repeat(100));
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| l.len() <= 75), "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, format!("NOTE:{}", "é".repeat(100)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape(r"a\b,c;d") + "", r"a\\b\,c\;d");
        assert_eq!(escape("one\r\ntwo"), "one\\ntwo");
        assert_eq!(param("a\"b^c\nd"), "a^'b^^c^nd");
    }
}
