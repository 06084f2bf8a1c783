//! Cleanup checks: values that are not what they claim to be, names typed
//! carelessly, people kith cannot reach or has not heard from, customers with
//! no consent on record. Each [`DataFinding`] names the contact, says what is
//! wrong and offers a [`Fix`]. Pure: the rules see a contact and "now".

use serde::Serialize;

super::word_enum! {
    /// One kind of cleanup check (stable words, for scripts and `finding_skip`).
    DataCheck, "check" {
        BadEmail => "bad-email",
        BadPhone => "bad-phone",
        NameSpacing => "name-spacing",
        NameCase => "name-case",
        Unreachable => "unreachable",
        Stale => "stale",
        NoConsent => "no-consent",
    }
}

/// What one key press (or `kith check --data --fix`) would do about a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Fix {
    /// Set the name to this (trimmed, re-cased).
    SetName { name: String },
    /// Replace an e-mail by a corrected one ("bob@example,com" → "bob@example.com").
    SetEmail { from: String, to: String },
    /// Remove an e-mail that is not an address.
    RemoveEmail { email: String },
    /// Replace a phone by its parsed form.
    SetPhone { from: String, to: String },
    /// Remove a phone that does not parse.
    RemovePhone { raw: String },
    /// Archive the contact (no way to reach them, or long gone quiet).
    Archive,
    /// Nothing kith can do alone: the words say what the user should do
    /// ("ask for consent, then `kith edit … --consent granted`").
    Manual { advice: String },
}

impl Fix {
    /// What the fix does, in a few words for a key hint or a list:
    /// "set the name to Jane Doe", "remove bob@example", "archive", …
    pub fn describe(&self) -> String {
        todo!("issue 9: describe a cleanup fix")
    }
}

/// One thing a cleanup check found about one contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DataFinding {
    pub contact_id: i64,
    pub contact_uid: String,
    /// The contact's name as stored (pass through `text::printable` to show).
    pub name: String,
    pub check: DataCheck,
    /// The value the finding is about ("bob@example,com", the name, the
    /// last-contact date…): a skip holds while this value is unchanged.
    pub value: String,
    /// What is wrong, in words.
    pub message: String,
    pub fix: Fix,
}
