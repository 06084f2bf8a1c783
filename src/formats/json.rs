//! kith's JSON export, the contract documented in docs/formats.md, and
//! reading it back. One contact that does not fit costs that contact only.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::card::{
    Address, Card, Entry, FormatError, KithAttributes, MAX_VALUE_BYTES, MAX_VALUE_WORDS,
    ReadOutcome,
};
use crate::domain::contact::Contact;
use crate::domain::dates::Birthday;
use crate::domain::text::{printable, printable_multiline};

/// The version of the contract; a file from a newer kith is refused.
pub const JSON_VERSION: u32 = 1;

/// One contact in kith's JSON. Every key but `name` may be left out on import.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JsonContact {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// "1985-04-12", or "--04-12" when the year is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthday: Option<String>,
    pub tags: Vec<String>,
    pub fields: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cadence: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub archived: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_contact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

impl JsonContact {
    /// A stored contact as exported: every text made printable.
    pub fn from_contact(c: &Contact) -> JsonContact {
        let line = |v: &Option<String>| v.as_deref().map(|s| printable(s).into_owned());
        JsonContact {
            uid: Some(c.uid.clone()),
            name: printable(&c.name).into_owned(),
            given_name: line(&c.given_name),
            family_name: line(&c.family_name),
            emails: c.emails.iter().map(|e| printable(e).into_owned()).collect(),
            phones: c
                .phones
                .iter()
                .map(|p| printable(p.display()).into_owned())
                .collect(),
            org: line(&c.org),
            title: line(&c.title),
            street: line(&c.street),
            city: line(&c.city),
            region: line(&c.region),
            postcode: line(&c.postcode),
            country: line(&c.country),
            birthday: c.birthday.map(|b| b.to_storage()),
            tags: c.tags.iter().map(|t| printable(t).into_owned()).collect(),
            fields: c
                .fields
                .iter()
                .map(|(k, v)| {
                    (
                        printable(k).into_owned(),
                        printable_multiline(v).into_owned(),
                    )
                })
                .collect(),
            kind: Some(c.kind.to_string()),
            stage: c.stage.map(|s| s.to_string()),
            consent: Some(c.consent.to_string()),
            consent_at: c.consent_at.clone(),
            cadence: c.cadence.map(|i| i.to_string()),
            source: Some(printable(&c.source).into_owned()),
            archived: c.archived,
            last_contact: c.last_contact.clone(),
            created_at: Some(c.created_at.clone()),
            updated_at: Some(c.updated_at.clone()),
        }
    }

    fn into_card(self, line: usize) -> Card {
        let mut warnings = Vec::new();
        let birthday = self.birthday.as_deref().and_then(|b| {
            let parsed = Birthday::from_storage(b).or_else(|| Birthday::parse(b).ok());
            if parsed.is_none() {
                warnings.push(format!(
                    "birthday {:?} is not a date; left out",
                    printable(b)
                ));
            }
            parsed
        });
        Card {
            line,
            uid: self.uid,
            name: Some(self.name),
            given_name: self.given_name,
            family_name: self.family_name,
            org: self.org,
            title: self.title,
            emails: self.emails,
            phones: self.phones,
            address: Address {
                street: self.street,
                city: self.city,
                region: self.region,
                postcode: self.postcode,
                country: self.country,
            },
            birthday,
            tags: self.tags,
            fields: self.fields.into_iter().collect(),
            kith: KithAttributes {
                kind: self.kind,
                stage: self.stage,
                consent: self.consent,
                consent_at: self.consent_at,
                cadence: self.cadence,
                source: self.source,
                archived: self.archived,
                created_at: self.created_at,
            },
            warnings,
            ..Card::default()
        }
    }
}

/// The whole file: `{"kith": 1, "contacts": [...]}`.
#[derive(Serialize)]
struct JsonFile<'a> {
    kith: u32,
    contacts: &'a [JsonContact],
}

#[derive(Deserialize)]
struct Envelope<'a> {
    kith: Option<u32>,
    #[serde(borrow)]
    contacts: Vec<&'a RawValue>,
}

/// Reads kith's JSON: the object `export` writes, or a bare array of contacts.
pub fn read(bytes: &[u8]) -> Result<ReadOutcome, FormatError> {
    // UTF-8 (most files) is read in place; anything else is decoded.
    let (utf8, _) = super::decode::to_utf8_bytes(bytes);
    let decoded;
    let text: &str = match std::str::from_utf8(&utf8) {
        Ok(text) => text,
        Err(_) => {
            decoded = super::decode::decode_whole(bytes)?.0;
            &decoded
        }
    };
    check_shape(text)?;
    let not_json = |e: serde_json::Error| {
        FormatError(format!(
            "line {}, column {}: not kith's JSON ({e})",
            e.line(),
            e.column()
        ))
    };
    let trimmed = text.trim_start();
    let raws: Vec<&RawValue> = if trimmed.starts_with('[') {
        serde_json::from_str(text).map_err(not_json)?
    } else {
        let envelope: Envelope<'_> = serde_json::from_str(text).map_err(|e| {
            if e.is_data() {
                FormatError(
                    "not kith's JSON: expected an object with a \"contacts\" list, or a list of contacts"
                        .into(),
                )
            } else {
                not_json(e)
            }
        })?;
        if let Some(version) = envelope.kith.filter(|v| *v > JSON_VERSION) {
            return Err(FormatError(format!(
                "written by a newer kith (JSON version {version}; this kith reads {JSON_VERSION})"
            )));
        }
        envelope.contacts
    };
    // Lines are counted on from the previous contact, not from the start
    // of the file for each one (which is quadratic on a 100k-contact file).
    let (mut counted_to, mut lines_before) = (0usize, 0usize);
    let entries = raws
        .into_iter()
        .map(|raw| {
            // RawValue borrows from `text`: its offset gives the line.
            let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
            lines_before += text[counted_to..offset].matches('\n').count();
            counted_to = offset;
            let line = lines_before + 1;
            match serde_json::from_str::<JsonContact>(raw.get()) {
                Ok(contact) => Entry::Card(Box::new(contact.into_card(line))),
                Err(e) => Entry::Rejected {
                    line,
                    reason: format!("not a contact ({e})"),
                },
            }
        })
        .collect();
    Ok(ReadOutcome {
        dialect: "kith JSON".into(),
        entries,
        warnings: Vec::new(),
    })
}

/// How deep kith's JSON may nest: it needs four levels (the file's object,
/// its contacts list, a contact, its fields); more is not kith's JSON.
const MAX_DEPTH: usize = 32;

/// Refuses, before any parsing, JSON nested deeper than [`MAX_DEPTH`] or
/// holding a string longer than [`MAX_VALUE_BYTES`], naming the line and
/// column: one pass over the bytes, so a hostile file costs no more.
fn check_shape(text: &str) -> Result<(), FormatError> {
    let bytes = text.as_bytes();
    let (mut depth, mut string_start, mut escaped) = (0usize, None::<usize>, false);
    let at = |offset: usize| {
        let before = &bytes[..offset];
        let line = before.split(|&b| b == b'\n').count();
        let column = offset
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        format!("line {line}, column {column}")
    };
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(start) = string_start {
            if i - start > MAX_VALUE_BYTES {
                return Err(FormatError(format!(
                    "{}: a string longer than {MAX_VALUE_WORDS}; kith reads values of up to {MAX_VALUE_WORDS}",
                    at(start)
                )));
            }
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => string_start = None,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => string_start = Some(i),
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(FormatError(format!(
                        "{}: nested more than {MAX_DEPTH} levels deep; kith's JSON nests four (the file, its contacts, a contact, its fields)",
                        at(i)
                    )));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Writes `contacts` as kith's JSON, pretty-printed.
pub fn write(out: &mut dyn Write, contacts: &[Contact]) -> std::io::Result<()> {
    let contacts: Vec<JsonContact> = contacts.iter().map(JsonContact::from_contact).collect();
    serde_json::to_writer_pretty(
        &mut *out,
        &JsonFile {
            kith: JSON_VERSION,
            contacts: &contacts,
        },
    )?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(outcome: &ReadOutcome) -> Vec<&Card> {
        outcome
            .entries
            .iter()
            .filter_map(|e| match e {
                Entry::Card(c) => Some(c.as_ref()),
                Entry::Rejected { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_bad_contact_costs_only_itself() {
        let text = r#"{"kith": 1, "contacts": [
  {"name": "Jane Doe", "emails": ["jane@acme.io"], "birthday": "--04-12",
   "street": "1 Main St", "fields": {"industry": "fintech"}},
  {"name": 42},
  {"name": "Bob", "birthday": "soon"}
]}"#;
        let outcome = read(text.as_bytes()).expect("reads");
        let ok = cards(&outcome);
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].line, 2);
        assert_eq!(ok[0].address.street.as_deref(), Some("1 Main St"));
        assert_eq!(
            ok[0].birthday.map(|b| b.to_storage()).as_deref(),
            Some("--04-12")
        );
        assert_eq!(ok[0].fields, vec![("industry".into(), "fintech".into())]);
        assert_eq!(ok[1].warnings.len(), 1, "{:?}", ok[1].warnings);
        assert!(matches!(
            &outcome.entries[1],
            Entry::Rejected { line: 4, reason } if reason.starts_with("not a contact")
        ));
    }

    #[test]
    fn a_bare_list_reads_and_other_json_does_not() {
        let outcome = read(br#"[{"name": "Jane"}]"#).expect("reads");
        assert_eq!(cards(&outcome)[0].name.as_deref(), Some("Jane"));
        let err = read(br#"{"people": []}"#).expect_err("not kith");
        assert!(err.0.contains("\"contacts\""), "{err}");
        let err = read(b"{\"contacts\": [").expect_err("cut short");
        assert!(err.0.starts_with("line 1, column"), "{err}");
        let err = read(br#"{"kith": 9, "contacts": []}"#).expect_err("newer");
        assert!(err.0.contains("newer kith"), "{err}");
    }

    #[test]
    fn deep_nesting_refuses_the_file_with_its_place() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = read(deep.as_bytes()).expect_err("too deep");
        assert!(
            err.0
                .starts_with("line 1, column 33: nested more than 32 levels deep"),
            "{err}"
        );
        // Deep inside a contact, under a key kith ignores, too.
        let hidden = format!(
            "{{\"contacts\": [\n  {{\"name\": \"A\", \"x\": {}1{}}}]}}",
            "{\"a\": ".repeat(1000),
            "}".repeat(1000)
        );
        let err = read(hidden.as_bytes()).expect_err("too deep");
        assert!(err.0.starts_with("line 2, column "), "{err}");
        // Brackets inside strings are text, not nesting.
        let text = format!("[{{\"name\": \"{}\"}}]", "[{".repeat(100));
        assert_eq!(cards(&read(text.as_bytes()).expect("reads")).len(), 1);
    }

    #[test]
    fn a_string_over_the_limit_refuses_the_file() {
        let text = format!(
            "[{{\"name\": \"Jane\"}},\n {{\"name\": \"A \\\" {}\"}}]",
            "x".repeat(MAX_VALUE_BYTES)
        );
        let err = read(text.as_bytes()).expect_err("too long");
        assert!(
            err.0
                .starts_with("line 2, column 11: a string longer than 1 MiB"),
            "{err}"
        );
    }
}
