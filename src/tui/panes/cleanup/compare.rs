//! The contacts of a cluster side by side: one row per field, one column
//! per contact, and whether the values differ (the row is highlighted).

use crate::domain::contact::Contact;
use crate::domain::text::printable;

use super::Compared;

pub struct Row {
    pub label: &'static str,
    /// One value per contact, printable ("" when empty); several values
    /// (e-mails, phones) one per line.
    pub values: Vec<String>,
    pub differ: bool,
}

/// The rows the comparison shows, in order.
pub fn rows(compared: &[Compared]) -> Vec<Row> {
    type Get = fn(&Compared) -> String;
    let fields: [(&'static str, Get); 11] = [
        ("name", |c| c.contact.name.clone()),
        ("e-mail", |c| c.contact.emails.join("\n")),
        ("phone", |c| phones(&c.contact)),
        ("org", |c| c.contact.org.clone().unwrap_or_default()),
        ("title", |c| c.contact.title.clone().unwrap_or_default()),
        ("city", |c| place(&c.contact)),
        ("birthday", |c| {
            c.contact
                .birthday
                .as_ref()
                .map(crate::domain::dates::Birthday::describe)
                .unwrap_or_default()
        }),
        ("tags", |c| c.contact.tags.join(", ")),
        ("logged", |c| match c.interactions {
            0 => String::new(),
            1 => "1 interaction".into(),
            n => format!("{n} interactions"),
        }),
        ("last", |c| day(c.contact.last_contact.as_deref())),
        ("source", |c| c.contact.source.clone()),
    ];
    fields
        .into_iter()
        .map(|(label, get)| {
            let values: Vec<String> = compared
                .iter()
                .map(|c| {
                    get(c)
                        .split('\n')
                        .map(|v| printable(v).into_owned())
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect();
            let differ = values.iter().any(|v| *v != values[0]);
            Row {
                label,
                values,
                differ,
            }
        })
        .collect()
}

fn phones(c: &Contact) -> String {
    c.phones
        .iter()
        .map(crate::domain::phone::Phone::display)
        .collect::<Vec<_>>()
        .join("\n")
}

/// "Lyon 69001": city and postcode, as far as known.
fn place(c: &Contact) -> String {
    [c.city.as_deref(), c.postcode.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The day of a stored time stamp ("2026-03-01 10:00:00" → "2026-03-01").
fn day(at: Option<&str>) -> String {
    at.map(|s| s.get(..10).unwrap_or(s).to_string())
        .unwrap_or_default()
}
