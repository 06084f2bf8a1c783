//! One contact as a file holds it, before it meets the database: the common
//! shape every reader (vCard, CSV, JSON) produces and `ops::import` consumes.
//!
//! Readers decode bytes and undo each format's escaping; they do not judge
//! values. Whether an e-mail is an address or a phone parses is the domain's
//! rule, applied by the import, which reports what it refuses.

use crate::domain::dates::Birthday;

/// A postal address, each part as written in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        [
            &self.street,
            &self.city,
            &self.region,
            &self.postcode,
            &self.country,
        ]
        .iter()
        .all(|p| p.as_deref().is_none_or(|s| s.trim().is_empty()))
    }
}

/// One contact read from a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Card {
    /// 1-based line of the file where the card or row starts.
    pub line: usize,
    /// The file's own identity for the contact: vCard `UID`, kith's `uid`
    /// column. `None` when the format has none.
    pub uid: Option<String>,
    /// The formatted name (vCard `FN`, a CSV's full-name column).
    pub name: Option<String>,
    pub given_name: Option<String>,
    pub additional_names: Option<String>,
    pub family_name: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub nickname: Option<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    /// The file says this card is an organisation, not a person.
    pub is_company: bool,
    /// As written (a `mailto:` prefix removed); not yet checked.
    pub emails: Vec<String>,
    /// As written (a `tel:` URI made plain, `;ext=` kept as " ext. N"); not yet checked.
    pub phones: Vec<String>,
    pub address: Address,
    pub birthday: Option<Birthday>,
    /// Tags: vCard `CATEGORIES`, Google's group memberships, kith's tags.
    pub tags: Vec<String>,
    /// Everything else worth keeping, as custom fields: notes (`note`),
    /// web pages (`url`), unknown CSV columns (by their header).
    pub fields: Vec<(String, String)>,
    /// kith's own attributes, present when kith wrote the file.
    pub kith: KithAttributes,
    /// What the reader noticed and dropped or changed (a corrupt photo, a
    /// birthday it could not read): reported at the card's line.
    pub warnings: Vec<String>,
}

/// Attributes only kith's own exports carry, as text (the import checks them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KithAttributes {
    pub kind: Option<String>,
    pub stage: Option<String>,
    pub consent: Option<String>,
    pub consent_at: Option<String>,
    pub cadence: Option<String>,
    pub source: Option<String>,
    pub archived: bool,
    pub created_at: Option<String>,
}

impl Card {
    /// The name kith shows: the formatted name, else the structured name
    /// joined, else the organisation (a company contact), else the nickname.
    pub fn display_name(&self) -> Option<String> {
        let clean = |s: &Option<String>| {
            s.as_deref()
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|v| !v.is_empty())
        };
        if let Some(name) = clean(&self.name) {
            return Some(name);
        }
        let joined = [
            &self.prefix,
            &self.given_name,
            &self.additional_names,
            &self.family_name,
            &self.suffix,
        ]
        .iter()
        .filter_map(|p| clean(p))
        .collect::<Vec<_>>()
        .join(" ");
        if !joined.is_empty() {
            return Some(joined);
        }
        clean(&self.org).or_else(|| clean(&self.nickname))
    }
}

/// What a reader made of one card or row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Card(Box<Card>),
    /// Not a contact kith can take (a broken envelope, no name and no way to
    /// reach them): the line where it starts and why.
    Rejected {
        line: usize,
        reason: String,
    },
}

/// Everything read from one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOutcome {
    /// What the file was recognised as, in words: "vCard 3.0",
    /// "Google Contacts CSV", "Outlook CSV", "kith JSON"…
    pub dialect: String,
    pub entries: Vec<Entry>,
    /// File-wide notes (line, message): an encoding guessed, a column ignored.
    pub warnings: Vec<(usize, String)>,
}

/// A file kith cannot read as the format it is (or was told it is).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FormatError(pub String);

/// The longest row, property or string a reader takes, in bytes: far above
/// any real value (a contact photo in a vCard is a few hundred KiB), and a
/// bound on what one value costs in memory. A file holding a longer one is
/// refused with its line: it is damaged (a quote never closed) or hostile.
pub const MAX_VALUE_BYTES: usize = 1 << 20;

/// [`MAX_VALUE_BYTES`] in words, for error messages.
pub const MAX_VALUE_WORDS: &str = "1 MiB";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_comes_from_fn_then_n_then_org_then_nickname() {
        let mut c = Card {
            nickname: Some("Bobby".into()),
            ..Card::default()
        };
        assert_eq!(c.display_name().as_deref(), Some("Bobby"));
        c.org = Some(" Acme  GmbH ".into());
        assert_eq!(c.display_name().as_deref(), Some("Acme GmbH"));
        c.given_name = Some("Robert".into());
        c.family_name = Some("Smith".into());
        assert_eq!(c.display_name().as_deref(), Some("Robert Smith"));
        c.name = Some("Bob Smith".into());
        assert_eq!(c.display_name().as_deref(), Some("Bob Smith"));
        c.name = Some("   ".into());
        assert_eq!(c.display_name().as_deref(), Some("Robert Smith"));
    }
}
