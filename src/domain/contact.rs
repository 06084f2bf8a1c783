//! Contacts: who they are, how to reach them, and where they stand.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::dates::{Birthday, Interval};
use super::text::{is_unsafe, printable};
use super::{Invalid, word_enum};

pub use super::phone::{Phone, check_phone_region};

word_enum!(
    /// What a contact is to the user (the planning stage's stakeholder map).
    StakeholderKind, "kind" {
        Lead => "lead", Prospect => "prospect", Customer => "customer", Partner => "partner",
        Investor => "investor", Supplier => "supplier", Colleague => "colleague", Other => "other",
    }
);

word_enum!(
    /// Where a contact is on the journey: lead → prospect → customer → loyal, or lost/churned.
    Stage, "stage" {
        Lead => "lead", Prospect => "prospect", Customer => "customer", Loyal => "loyal",
        Lost => "lost", Churned => "churned",
    }
);

word_enum!(
    /// Marketing consent.
    Consent, "consent" { Granted => "granted", Denied => "denied", Unknown => "unknown" }
);

/// A stored contact with everything kith holds on them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub id: i64,
    pub uid: String,
    pub name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// Primary first.
    pub emails: Vec<String>,
    pub phones: Vec<Phone>,
    pub org: Option<String>,
    pub title: Option<String>,
    /// The street line of the postal address ("12 Rue de Rivoli", "Flat 2, 5 High St").
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub postcode: Option<String>,
    pub birthday: Option<Birthday>,
    pub source: String,
    pub kind: StakeholderKind,
    pub stage: Option<Stage>,
    pub tags: Vec<String>,
    pub fields: BTreeMap<String, String>,
    pub consent: Consent,
    pub consent_at: Option<String>,
    pub cadence: Option<Interval>,
    pub archived: bool,
    pub last_contact: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Contact {
    /// A contact not yet stored (`id` 0) with only a uid, a name and the time
    /// it was made: every other attribute empty or at its default.
    pub fn new(uid: impl Into<String>, name: impl Into<String>, stamp: &str) -> Contact {
        Contact {
            id: 0,
            uid: uid.into(),
            name: name.into(),
            given_name: None,
            family_name: None,
            emails: Vec::new(),
            phones: Vec::new(),
            org: None,
            title: None,
            street: None,
            city: None,
            region: None,
            country: None,
            postcode: None,
            birthday: None,
            source: "manual".into(),
            kind: StakeholderKind::Other,
            stage: None,
            tags: Vec::new(),
            fields: BTreeMap::new(),
            consent: Consent::Unknown,
            consent_at: None,
            cadence: None,
            archived: false,
            last_contact: None,
            created_at: stamp.to_string(),
            updated_at: stamp.to_string(),
        }
    }

    /// The details worth showing, as (label, text), empty ones left out: what
    /// `kith show` prints and the TUI's detail view lists.
    pub fn facts(&self) -> Vec<(String, String)> {
        let join = |parts: Vec<String>, sep: &str| {
            parts
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(sep)
        };
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut touch = Vec::new();
        if let Some(c) = self.cadence {
            touch.push(format!("every {c}"));
        }
        if let Some(last) = &self.last_contact {
            touch.push(format!("last contact {}", &last[..last.len().min(10)]));
        }
        let mut facts = vec![
            ("email", self.emails.join(", ")),
            (
                "phone",
                self.phones
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            // The job title beside the organisation, or on its own row.
            match &self.org {
                Some(_) => ("org", join(vec![opt(&self.org), opt(&self.title)], " · ")),
                None => ("title", opt(&self.title)),
            },
            (
                "place",
                join(
                    vec![
                        opt(&self.street),
                        join(vec![opt(&self.postcode), opt(&self.city)], " "),
                        opt(&self.region),
                        opt(&self.country),
                    ],
                    ", ",
                ),
            ),
            ("tags", self.tags.join(", ")),
            (
                "stage",
                self.stage.map(|s| s.to_string()).unwrap_or_default(),
            ),
            ("kind", format!("{} · from {}", self.kind, self.source)),
            (
                "birthday",
                self.birthday.map(|b| b.describe()).unwrap_or_default(),
            ),
            ("consent", self.consent.to_string()),
            ("touch", touch.join(" · ")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect::<Vec<_>>();
        facts.extend(self.fields.iter().map(|(k, v)| (k.clone(), v.clone())));
        facts.retain(|(_, v)| !v.is_empty());
        facts
    }
}

/// Everything that can be set on a contact; `None` / empty leaves a value alone.
/// Used both to create a contact and to edit one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactInput {
    pub name: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<Phone>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
    pub tags: Vec<String>,
    pub kind: Option<StakeholderKind>,
    pub stage: Option<Stage>,
    pub source: Option<String>,
    pub birthday: Option<Birthday>,
    pub fields: Vec<(String, String)>,
    pub consent: Option<Consent>,
    pub cadence: Option<Interval>,
    /// Edit only: tags to remove and fields (or custom field keys) to clear.
    pub untag: Vec<String>,
    pub unset: Vec<String>,
}

/// The built-in attributes `--unset` can clear; anything else names a custom field.
pub const UNSETTABLE: &[&str] = &[
    "org", "title", "street", "city", "region", "postcode", "country", "stage", "birthday",
    "email", "phone", "cadence",
];

pub const MAX_NAME_LEN: usize = 200;
pub const MAX_VALUE_LEN: usize = 10_000;

/// Splits `Jane Doe <jane@acme.io>` into the name and the email; a bare
/// email becomes a name from its local part only if no name was given.
pub fn split_name_and_email(input: &str) -> (String, Option<String>) {
    let input = input.trim();
    if let (Some(open), true) = (input.rfind('<'), input.ends_with('>')) {
        let email = input[open + 1..input.len() - 1].trim().to_string();
        let name = input[..open].trim().trim_matches('"').trim().to_string();
        if email.contains('@') {
            return (name, Some(email));
        }
    }
    if !input.contains(' ') && input.contains('@') {
        return (String::new(), Some(input.to_string()));
    }
    (input.to_string(), None)
}

/// A display name: trimmed, inner runs of whitespace squashed, not empty, not huge.
pub fn clean_name(name: &str) -> Result<String, Invalid> {
    let name = squash_spaces(name);
    if name.is_empty() {
        return Err(Invalid::new("name", "the name is empty").hint(r#"kith add "Jane Doe""#));
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Err(Invalid::new(
            "name",
            format!("longer than {MAX_NAME_LEN} characters"),
        ));
    }
    check_visible("name", &name)?;
    Ok(name)
}

/// Refuses control characters (ESC, BEL…) and invisible format characters
/// (zero-width spaces, bidi overrides) in a one-line value: the first could
/// act on a terminal, the second make text look like what it is not.
pub fn check_visible(field: &str, value: &str) -> Result<(), Invalid> {
    if let Some(c) = value.chars().find(|&c| is_unsafe(c)) {
        let what = if c.is_control() {
            "a control character"
        } else {
            "an invisible character"
        };
        return Err(Invalid::new(
            field,
            format!(
                "{:?} contains {what} (U+{:04X})",
                printable(value),
                u32::from(c)
            ),
        )
        .hint("type the value again without it; pasted text can carry hidden characters"));
    }
    Ok(())
}

/// A one-line text value (organisation, title, city, country, source…):
/// trimmed, inner whitespace (tabs and newlines too) squashed to one space,
/// then no control or invisible character left;
/// `None` when empty.
pub fn clean_line(field: &str, value: &str) -> Result<Option<String>, Invalid> {
    let value = squash_spaces(value);
    check_visible(field, &value)?;
    if value.chars().count() > MAX_VALUE_LEN {
        return Err(Invalid::new(
            field,
            format!("longer than {MAX_VALUE_LEN} characters"),
        ));
    }
    Ok(Some(value).filter(|v| !v.is_empty()))
}

/// Guesses given and family name from a display name ("Jane van Doe" → Jane / van Doe).
pub fn split_given_family(name: &str) -> (Option<String>, Option<String>) {
    let mut parts = name.splitn(2, ' ');
    let given = parts.next().filter(|s| !s.is_empty()).map(str::to_string);
    let family = parts
        .next()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    (given, family)
}

/// Validates an email address well enough to catch typos; returns it trimmed.
pub fn clean_email(email: &str) -> Result<String, Invalid> {
    let email = email.trim().trim_start_matches("mailto:");
    let bad = || {
        let hidden = email.chars().any(is_unsafe);
        Invalid::new(
            "email",
            format!(
                "{:?} is not an email address{}",
                printable(email),
                if hidden {
                    " (it holds an invisible or control character, shown as \u{FFFD})"
                } else {
                    ""
                }
            ),
        )
        .hint("write it like jane@acme.io")
    };
    let (local, domain) = email.rsplit_once('@').ok_or_else(bad)?;
    let ok = !local.is_empty()
        && local.len() <= 64
        && domain.len() <= 253
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !email
            .chars()
            .any(|c| c.is_whitespace() || is_unsafe(c) || "<>,;\"".contains(c))
        && !domain.contains('@');
    if ok {
        Ok(email.to_string())
    } else {
        Err(bad())
    }
}

/// How emails are compared: case-insensitively.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// One tag, as every front end reads it: lower case, a leading `#` dropped,
/// runs of spaces become one `-`: "VIP Client" → "vip-client".
pub fn clean_tag(tag: &str) -> Result<String, Invalid> {
    let tag = squash_spaces(tag).to_lowercase().replace(' ', "-");
    let tag = tag.trim_start_matches('#').to_string();
    if tag.is_empty() || tag.chars().count() > 64 || tag.chars().any(|c| is_unsafe(c) || c == ',') {
        return Err(
            Invalid::new("tag", format!("{:?} is not a tag", printable(&tag)))
                .hint("a tag is one short word, like client or vip"),
        );
    }
    Ok(tag)
}

/// A list of tags as typed in one go: split on commas, each read by
/// [`clean_tag`], empty pieces skipped: "Client Key, vip" → `client-key`, `vip`.
/// The one rule for `--tag` and the TUI's tag prompts.
pub fn parse_tags(text: &str) -> Result<Vec<String>, Invalid> {
    let mut tags: Vec<String> = Vec::new();
    for piece in text.split(',').filter(|p| !p.trim().is_empty()) {
        let tag = clean_tag(piece)?;
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Ok(tags)
}

/// Tags to add and to remove, typed in one go as a tag list where `-tag`
/// removes and `+tag` (or a bare tag) adds: "vip, -lead" → add `vip`,
/// remove `lead`. Pieces are read as by [`parse_tags`].
pub fn parse_tag_changes(text: &str) -> Result<(Vec<String>, Vec<String>), Invalid> {
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for piece in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match piece.strip_prefix('-') {
            Some(tag) => remove.push(clean_tag(tag)?),
            None => add.push(clean_tag(piece.strip_prefix('+').unwrap_or(piece))?),
        }
    }
    Ok((add, remove))
}

/// Parses `KEY=VALUE` for a custom field.
pub fn parse_field(text: &str) -> Result<(String, String), Invalid> {
    let bad = |why: &str| {
        Invalid::new("--field", format!("{:?} {why}", printable(text)))
            .hint("write it as KEY=VALUE, like industry=fintech")
    };
    let (key, value) = text.split_once('=').ok_or_else(|| bad("has no '='"))?;
    let key = key.trim().to_lowercase();
    if key.is_empty()
        || key.len() > 64
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
    {
        return Err(bad("needs a key of letters, digits, '_', '-' or '.'"));
    }
    let value = value.trim();
    if value.len() > MAX_VALUE_LEN {
        return Err(bad("has a value that is too long"));
    }
    check_visible(&format!("--field {key}"), value)?;
    Ok((key, value.to_string()))
}

/// Trims and squashes runs of whitespace to one space.
pub fn squash_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A one-line description used in lists and candidate lists: "Jane Doe <jane@acme.io> · Acme".
pub fn one_line(name: &str, email: Option<&str>, org: Option<&str>) -> String {
    let mut s = name.to_string();
    if let Some(e) = email {
        let _ = write!(s, " <{e}>");
    }
    if let Some(o) = org.filter(|o| !o.is_empty()) {
        let _ = write!(s, " · {o}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_name_and_email_split() {
        assert_eq!(
            split_name_and_email("Jane Doe <jane@acme.io>"),
            ("Jane Doe".into(), Some("jane@acme.io".into()))
        );
        assert_eq!(
            split_name_and_email("\"Doe, Jane\" <jane@acme.io>"),
            ("Doe, Jane".into(), Some("jane@acme.io".into()))
        );
        assert_eq!(split_name_and_email("Jane Doe"), ("Jane Doe".into(), None));
        assert_eq!(
            split_name_and_email("jane@acme.io"),
            (String::new(), Some("jane@acme.io".into()))
        );
    }

    #[test]
    fn emails_are_checked() {
        assert!(clean_email("jane@acme.io").is_ok());
        assert_eq!(
            clean_email(" mailto:Jane@Acme.io ").as_deref(),
            Ok("Jane@Acme.io")
        );
        for bad in [
            "jane",
            "jane@",
            "@acme.io",
            "jane@acme",
            "ja ne@acme.io",
            "jane@acme..io",
        ] {
            assert!(clean_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tag_changes_add_and_remove() {
        assert_eq!(
            parse_tag_changes("Client Key, -lead, +vip"),
            Ok((vec!["client-key".into(), "vip".into()], vec!["lead".into()]))
        );
        assert!(parse_tag_changes("-").is_err());
    }

    #[test]
    fn fields_and_tags() {
        assert_eq!(
            parse_field("Industry = fintech"),
            Ok(("industry".into(), "fintech".into()))
        );
        assert!(parse_field("noequals").is_err());
        assert!(parse_field("=x").is_err());
        assert_eq!(clean_tag(" VIP Client "), Ok("vip-client".into()));
        assert!(clean_tag("   ").is_err());
    }

    #[test]
    fn tag_lists_split_on_commas_and_join_words() {
        assert_eq!(parse_tags("Client Key"), Ok(vec!["client-key".to_string()]));
        assert_eq!(
            parse_tags("client, VIP ,#hot lead,,client"),
            Ok(vec!["client".into(), "vip".into(), "hot-lead".into()])
        );
        assert_eq!(parse_tags(" , "), Ok(vec![]));
        assert!(parse_tags("ok, bad\u{200b}tag").is_err());
    }

    #[test]
    fn one_line_values_refuse_hidden_characters() {
        assert_eq!(
            clean_line("org", "  Acme   Corp "),
            Ok(Some("Acme Corp".into()))
        );
        assert_eq!(clean_line("org", "  "), Ok(None));
        assert_eq!(
            clean_line("org", "two\nlines\t"),
            Ok(Some("two lines".into()))
        );
        for bad in [
            "Acme\x1b[31mRED\x1b[0m",
            "T\x1b]0;pwned\x07",
            "a\u{9b}b",
            "Ac\u{200b}me",
            "evil\u{202e}gpj.exe",
        ] {
            let err = clean_line("org", bad).expect_err(bad);
            assert_eq!(err.field, "org");
            assert!(
                !err.reason.contains('\x1b'),
                "the error does not echo ESC: {err}"
            );
        }
        assert!(clean_name("Jane\u{202e} Doe").is_err());
        assert!(clean_name("J\u{200b}ane Doe").is_err());
        assert!(parse_field("note=a\x1bb").is_err());
    }

    #[test]
    fn invisible_characters_are_not_email() {
        for bad in [
            "jane@acme.io\u{200b}",
            "ja\u{2060}ne@acme.io",
            "jane@acme.io\u{feff}",
        ] {
            let err = clean_email(bad).expect_err(bad);
            assert!(err.reason.contains("invisible"), "{err}");
        }
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name("  Jane   Doe "), Ok("Jane Doe".into()));
        assert!(clean_name("   ").is_err());
        assert!(clean_name(&"x".repeat(201)).is_err());
        assert_eq!(
            split_given_family("Jane van Doe"),
            (Some("Jane".into()), Some("van Doe".into()))
        );
    }
}
