//! Printing: JSON shapes with stable keys, and small text helpers.

use std::io::{BufRead, IsTerminal, Write};

use serde::Serialize;

use crate::domain::contact::Contact;
use crate::domain::follow_up::FollowUp;
use crate::domain::interaction::Interaction;
use crate::error::{Error, Result};

/// A contact as every `--json` output writes it.
#[derive(Serialize)]
pub struct ContactJson<'a> {
    pub id: i64,
    pub uid: &'a str,
    pub name: &'a str,
    pub emails: &'a [String],
    pub phones: Vec<&'a str>,
    pub org: Option<&'a str>,
    pub title: Option<&'a str>,
    pub city: Option<&'a str>,
    pub country: Option<&'a str>,
    pub tags: &'a [String],
    pub stage: Option<&'static str>,
    pub kind: &'static str,
    pub source: &'a str,
    pub birthday: Option<String>,
    pub consent: &'static str,
    pub cadence: Option<String>,
    pub fields: &'a std::collections::BTreeMap<String, String>,
    pub archived: bool,
    pub last_contact: Option<&'a str>,
    pub created_at: &'a str,
    pub updated_at: &'a str,
}

impl<'a> From<&'a Contact> for ContactJson<'a> {
    fn from(c: &'a Contact) -> Self {
        ContactJson {
            id: c.id,
            uid: &c.uid,
            name: &c.name,
            emails: &c.emails,
            phones: c
                .phones
                .iter()
                .map(crate::domain::contact::Phone::display)
                .collect(),
            org: c.org.as_deref(),
            title: c.title.as_deref(),
            city: c.city.as_deref(),
            country: c.country.as_deref(),
            tags: &c.tags,
            stage: c.stage.map(super::super::domain::contact::Stage::as_str),
            kind: c.kind.as_str(),
            source: &c.source,
            birthday: c.birthday.map(|b| b.to_storage()),
            consent: c.consent.as_str(),
            cadence: c.cadence.map(|i| i.to_string()),
            fields: &c.fields,
            archived: c.archived,
            last_contact: c.last_contact.as_deref(),
            created_at: &c.created_at,
            updated_at: &c.updated_at,
        }
    }
}

#[derive(Serialize)]
pub struct InteractionJson<'a> {
    pub id: i64,
    pub uid: &'a str,
    pub kind: &'static str,
    pub direction: Option<&'static str>,
    pub at: &'a str,
    pub summary: &'a str,
    pub body: Option<&'a str>,
    pub amount: Option<String>,
    pub rating: Option<i64>,
    pub nps: Option<i64>,
}

impl<'a> From<&'a Interaction> for InteractionJson<'a> {
    fn from(i: &'a Interaction) -> Self {
        InteractionJson {
            id: i.id,
            uid: &i.uid,
            kind: i.kind.as_str(),
            direction: i
                .direction
                .map(super::super::domain::interaction::Direction::as_str),
            at: &i.at,
            summary: &i.summary,
            body: i.body.as_deref(),
            amount: i.amount.as_ref().map(ToString::to_string),
            rating: i.rating,
            nps: i.nps,
        }
    }
}

#[derive(Serialize)]
pub struct FollowUpJson<'a> {
    pub id: i64,
    pub uid: &'a str,
    pub due: String,
    pub note: &'a str,
    pub every: Option<String>,
    pub snoozed_until: Option<String>,
}

impl<'a> From<&'a FollowUp> for FollowUpJson<'a> {
    fn from(f: &'a FollowUp) -> Self {
        FollowUpJson {
            id: f.id,
            uid: &f.uid,
            due: f.effective_due().to_storage(),
            note: &f.note,
            every: f.every.map(|e| e.to_string()),
            snoozed_until: f.snoozed_until.map(|w| w.to_storage()),
        }
    }
}

/// Writes `value` as pretty JSON and a newline.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut out = buffered_stdout();
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| {
        // A closed pipe is a write error like any other: report it as one.
        match e.io_error_kind() {
            Some(kind) => crate::error::Error::from(std::io::Error::from(kind)),
            None => crate::error::Error::internal(format!("cannot write JSON: {e}")),
        }
    })?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Standard output behind a buffer. Rust's stdout flushes at every newline,
/// which is one `write` system call per line: 3 million of them for
/// `kith list --json` at 100k contacts. Flush it (with `?`) before it is
/// dropped, so a write error is reported rather than lost.
pub fn buffered_stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock())
}

/// Bold on a colour terminal; plain under `NO_COLOR` or in a pipe.
pub fn bold(s: &str) -> String {
    if color_enabled() {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// Dim on a colour terminal.
pub fn dim(s: &str) -> String {
    if color_enabled() {
        format!("\x1b[2m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn color_enabled() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Pads or cuts `s` to `width` characters; stored text, so made printable.
pub fn fit(s: &str, width: usize) -> String {
    let s = crate::domain::text::printable(s);
    let n = s.chars().count();
    if n <= width {
        format!("{s}{}", " ".repeat(width - n))
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Asks on a terminal; without one, `--yes` is required.
pub fn confirm(question: &str) -> Result<()> {
    if !std::io::stdin().is_terminal() {
        return Err(
            Error::usage("this needs a confirmation and there is no terminal to ask on")
                .with_hint("pass --yes to go ahead without asking"),
        );
    }
    eprint!("{question}");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes") {
        Ok(())
    } else {
        Err(Error::user("nothing changed"))
    }
}
