//! Cleanup checks: values that are not what they claim to be, names typed
//! carelessly, people kith cannot reach or has not heard from, customers with
//! no consent on record. Each [`DataFinding`] names the contact, says what is
//! wrong and offers a [`Fix`]. Pure: the rules see a contact and "now".

use chrono::{Months, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::contact::{
    Consent, Phone, Stage, StakeholderKind, clean_email, email_key, squash_spaces,
};
use super::name_case::{needs_casing, proper_case};
use super::text::printable;

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
        let p = |s: &str| printable(s).into_owned();
        match self {
            Fix::SetName { name } => format!("set the name to {}", p(name)),
            Fix::SetEmail { from, to } | Fix::SetPhone { from, to } => {
                format!("change {} to {}", p(from), p(to))
            }
            Fix::RemoveEmail { email: value } | Fix::RemovePhone { raw: value } => {
                format!("remove {}", p(value))
            }
            Fix::Archive => "archive".into(),
            Fix::Manual { advice } => p(advice),
        }
    }

    /// Whether kith can apply the fix by itself (all but [`Fix::Manual`]).
    pub fn is_automatic(&self) -> bool {
        !matches!(self, Fix::Manual { .. })
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

/// One contact as the cleanup checks see it: what they judge and nothing more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    pub id: i64,
    pub uid: String,
    pub name: String,
    /// As stored, primary first.
    pub emails: Vec<String>,
    pub phones: Vec<Phone>,
    /// Whether a postal address is on file (a street line).
    pub has_address: bool,
    pub kind: StakeholderKind,
    pub stage: Option<Stage>,
    pub consent: Consent,
    /// Local time of the newest interaction ("2026-03-01 10:00:00").
    pub last_contact: Option<String>,
    /// When the contact was made (RFC 3339).
    pub created_at: String,
}

/// What the checks need besides the contact.
#[derive(Clone, Debug)]
pub struct Rules {
    pub now: NaiveDateTime,
    /// The region national phone numbers are read in (`Config::phone_region`).
    pub phone_region: Option<String>,
    /// Months without an interaction before a contact is stale; 0 = off.
    pub stale_months: u32,
}

/// Every finding of every check about one contact, in check order (the
/// order of [`DataCheck`]), e-mails and phones in stored order.
pub fn check(s: &Subject, rules: &Rules) -> Vec<DataFinding> {
    let mut out = Vec::new();
    let finding = |check, value: &str, message: String, fix| DataFinding {
        contact_id: s.id,
        contact_uid: s.uid.clone(),
        name: s.name.clone(),
        check,
        value: value.to_string(),
        message,
        fix,
    };
    for (i, email) in s.emails.iter().enumerate() {
        if let Some((message, fix)) = bad_email(email, &s.emails, i) {
            out.push(finding(DataCheck::BadEmail, email, message, fix));
        }
    }
    for phone in &s.phones {
        if let Some((message, fix)) = bad_phone(phone, rules.phone_region.as_deref()) {
            out.push(finding(DataCheck::BadPhone, &phone.raw, message, fix));
        }
    }
    let squashed = tidy_spaces(&s.name);
    if needs_casing(&s.name) {
        let name = proper_case(&squashed);
        let caps = s.name.chars().any(char::is_uppercase);
        let mut message = format!(
            "the name is {}",
            if caps {
                "in capitals"
            } else {
                "all lower case"
            }
        );
        if squashed != s.name {
            message.push_str(", with stray spaces");
        }
        out.push(finding(
            DataCheck::NameCase,
            &s.name,
            message,
            Fix::SetName { name },
        ));
    } else if squashed != s.name {
        out.push(finding(
            DataCheck::NameSpacing,
            &s.name,
            "the name has stray spaces".into(),
            Fix::SetName { name: squashed },
        ));
    }
    if s.emails.is_empty() && s.phones.is_empty() && !s.has_address {
        out.push(finding(
            DataCheck::Unreachable,
            "",
            "no e-mail, phone or address".into(),
            Fix::Archive,
        ));
    }
    if let Some((value, message)) = stale(s, rules) {
        out.push(finding(DataCheck::Stale, &value, message, Fix::Archive));
    }
    let customer = s.kind == StakeholderKind::Customer
        || matches!(s.stage, Some(Stage::Customer | Stage::Loyal));
    if customer && s.consent == Consent::Unknown {
        out.push(finding(
            DataCheck::NoConsent,
            Consent::Unknown.as_str(),
            "a customer with no marketing consent on record".into(),
            Fix::Manual {
                advice: format!(
                    "ask them, then `kith edit {} --consent granted` (or denied)",
                    s.id
                ),
            },
        ));
    }
    out
}

/// A name's spacing as it should be: trimmed, one space between words,
/// none before a comma ("Smith , Robert" → "Smith, Robert").
pub fn tidy_spaces(name: &str) -> String {
    squash_spaces(name).replace(" ,", ",")
}

/// What is wrong with the e-mail at `emails[i]` and the fix, if anything.
fn bad_email(email: &str, emails: &[String], i: usize) -> Option<(String, Fix)> {
    let shown = printable(email);
    let message = match clean_email(email) {
        Ok(clean) if clean == email => return None,
        Ok(_) => format!("{shown:?} is stored with extra characters around the address"),
        Err(_) => format!("{shown:?} is not an e-mail address"),
    };
    let Some(to) = correct_email(email) else {
        let fix = Fix::RemoveEmail {
            email: email.into(),
        };
        return Some((message, fix));
    };
    let twin = emails
        .iter()
        .enumerate()
        .find(|&(j, e)| j != i && email_key(e) == email_key(&to));
    Some(match twin {
        Some((_, e)) => (
            format!(
                "{message}; corrected it is {}, which is on file",
                printable(e)
            ),
            Fix::RemoveEmail {
                email: email.into(),
            },
        ),
        None => (
            message,
            Fix::SetEmail {
                from: email.into(),
                to,
            },
        ),
    })
}

/// The address an obvious slip stands for: "mailto:" or angle brackets
/// around it ("Bob <bob@example.com>"), spaces, a comma for a dot, a
/// trailing or doubled dot. `None` when no such correction makes it valid.
pub fn correct_email(email: &str) -> Option<String> {
    let mut s = email.trim();
    if let Some(open) = s.rfind('<') {
        s = s[open + 1..].trim_end_matches(|c: char| c == '>' || c.is_whitespace());
    }
    if s.len() >= 7 && s[..7].eq_ignore_ascii_case("mailto:") {
        s = &s[7..];
    }
    let mut fixed: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    while fixed.contains("..") {
        fixed = fixed.replace("..", ".");
    }
    let fixed = fixed.trim_end_matches('.').to_string();
    clean_email(&fixed)
        .ok()
        .filter(|clean| *clean == fixed && fixed != email)
}

/// A phone stored without E.164: it parses now (the region was set since)
/// or it does not parse at all.
fn bad_phone(phone: &Phone, region: Option<&str>) -> Option<(String, Fix)> {
    if phone.e164.is_some() {
        return None;
    }
    let shown = printable(&phone.raw);
    match Phone::parse(&phone.raw, region).ok().and_then(|p| p.e164) {
        Some(to) => Some((
            format!("{shown:?} was stored before it could be read as a number"),
            Fix::SetPhone {
                from: phone.raw.clone(),
                to,
            },
        )),
        None => Some((
            match region {
                Some(r) => format!("{shown:?} is not a phone number (read in region {r})"),
                None => format!(
                    "{shown:?} is not a phone number (no region is set for numbers without +)"
                ),
            },
            Fix::RemovePhone {
                raw: phone.raw.clone(),
            },
        )),
    }
}

/// The value and message of a stale finding, if the contact is stale.
fn stale(s: &Subject, rules: &Rules) -> Option<(String, String)> {
    if rules.stale_months == 0 {
        return None;
    }
    let cutoff = rules
        .now
        .date()
        .checked_sub_months(Months::new(rules.stale_months))?;
    let day = |t: &str| NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok();
    let months = rules.stale_months;
    let unit = if months == 1 { "month" } else { "months" };
    match s.last_contact.as_deref() {
        Some(last) => {
            let last = day(last)?;
            (last < cutoff).then(|| {
                (
                    last.to_string(),
                    format!("no interaction since {last} (over {months} {unit})"),
                )
            })
        }
        None => {
            let created = day(&s.created_at)?;
            (created < cutoff).then(|| {
                (
                    "never".to_string(),
                    format!("no interaction since added on {created} (over {months} {unit})"),
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2026-11-23 09:00:00", "%Y-%m-%d %H:%M:%S").expect("now")
    }

    fn rules() -> Rules {
        Rules {
            now: now(),
            phone_region: Some("DE".into()),
            stale_months: 12,
        }
    }

    /// A reachable, recently seen contact with nothing to find.
    fn subject() -> Subject {
        Subject {
            id: 7,
            uid: "u7".into(),
            name: "Jane Doe".into(),
            emails: vec!["jane@acme.io".into()],
            phones: vec![Phone::parse("+49 30 1234567", None).expect("phone")],
            has_address: false,
            kind: StakeholderKind::Other,
            stage: None,
            consent: Consent::Unknown,
            last_contact: Some("2026-10-01 10:00:00".into()),
            created_at: "2024-01-01T10:00:00Z".into(),
        }
    }

    fn found(s: &Subject) -> Vec<(DataCheck, String, Fix)> {
        check(s, &rules())
            .into_iter()
            .map(|f| (f.check, f.value, f.fix))
            .collect()
    }

    #[test]
    fn a_clean_contact_has_no_findings() {
        assert_eq!(found(&subject()), vec![]);
    }

    #[test]
    fn bad_emails_get_a_correction_when_one_is_obvious() {
        for (stored, want) in [
            ("bob@example,com", "bob@example.com"),
            ("bob @example.com", "bob@example.com"),
            ("bob@example.com.", "bob@example.com"),
            ("mailto:bob@example.com", "bob@example.com"),
            ("<bob@example.com>", "bob@example.com"),
            ("Bob Smith <bob@example.com>", "bob@example.com"),
            ("bob@example..com", "bob@example.com"),
            (" bob@example.com", "bob@example.com"),
        ] {
            let s = Subject {
                emails: vec![stored.into()],
                ..subject()
            };
            assert_eq!(
                found(&s),
                vec![(
                    DataCheck::BadEmail,
                    stored.into(),
                    Fix::SetEmail {
                        from: stored.into(),
                        to: want.into()
                    }
                )],
                "{stored}"
            );
        }
    }

    #[test]
    fn an_email_past_correcting_is_removed() {
        for stored in ["bob", "bob@localhost", "n/a", "@", "bob@exa mple"] {
            let s = Subject {
                emails: vec!["jane@acme.io".into(), stored.into()],
                ..subject()
            };
            let f = check(&s, &rules());
            assert_eq!(f.len(), 1, "{stored}");
            assert_eq!(
                f[0].fix,
                Fix::RemoveEmail {
                    email: stored.into()
                }
            );
            assert!(
                f[0].message.contains("not an e-mail address"),
                "{}",
                f[0].message
            );
        }
    }

    #[test]
    fn a_correction_already_on_file_means_removing_the_bad_one() {
        let s = Subject {
            emails: vec!["Bob@example.com".into(), "bob@example,com".into()],
            ..subject()
        };
        let f = check(&s, &rules());
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].fix,
            Fix::RemoveEmail {
                email: "bob@example,com".into()
            }
        );
        assert!(
            f[0].message.contains("which is on file"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn phones_without_e164_are_parsed_again_or_removed() {
        let national = Phone {
            raw: "030 1234567".into(),
            e164: None,
        };
        let junk = Phone {
            raw: "12".into(),
            e164: None,
        };
        let s = Subject {
            phones: vec![national, junk],
            ..subject()
        };
        assert_eq!(
            found(&s),
            vec![
                (
                    DataCheck::BadPhone,
                    "030 1234567".into(),
                    Fix::SetPhone {
                        from: "030 1234567".into(),
                        to: "+49301234567".into()
                    }
                ),
                (
                    DataCheck::BadPhone,
                    "12".into(),
                    Fix::RemovePhone { raw: "12".into() }
                ),
            ]
        );
        let no_region = Rules {
            phone_region: None,
            ..rules()
        };
        let f = check(&s, &no_region);
        assert_eq!(
            f[0].fix,
            Fix::RemovePhone {
                raw: "030 1234567".into()
            }
        );
        assert!(
            f[0].message.contains("no region is set"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn stray_spaces_in_a_name_are_squashed() {
        for (stored, want) in [
            (" Jane Doe", "Jane Doe"),
            ("Jane  Doe ", "Jane Doe"),
            ("Doe , Jane", "Doe, Jane"),
        ] {
            let s = Subject {
                name: stored.into(),
                ..subject()
            };
            assert_eq!(
                found(&s),
                vec![(
                    DataCheck::NameSpacing,
                    stored.into(),
                    Fix::SetName { name: want.into() }
                )],
                "{stored:?}"
            );
        }
    }

    #[test]
    fn careless_case_is_one_finding_that_also_fixes_spacing() {
        let s = Subject {
            name: "SMITH ,  ROBERT".into(),
            ..subject()
        };
        let f = check(&s, &rules());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].check, DataCheck::NameCase);
        assert_eq!(
            f[0].fix,
            Fix::SetName {
                name: "Smith, Robert".into()
            }
        );
        assert_eq!(f[0].message, "the name is in capitals, with stray spaces");
        let lower = Subject {
            name: "jane doe".into(),
            ..subject()
        };
        assert_eq!(
            check(&lower, &rules())[0].message,
            "the name is all lower case"
        );
        for name in ["Jane Doe", "danah boyd-Smith", "J", "李小龍"] {
            let s = Subject {
                name: name.into(),
                ..subject()
            };
            assert_eq!(found(&s), vec![], "{name}");
        }
    }

    #[test]
    fn a_contact_with_no_way_to_reach_them_may_be_archived() {
        let s = Subject {
            emails: vec![],
            phones: vec![],
            ..subject()
        };
        let f = check(&s, &rules());
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].check, &f[0].fix),
            (DataCheck::Unreachable, &Fix::Archive)
        );
        assert_eq!(f[0].message, "no e-mail, phone or address");
        let postal = Subject {
            has_address: true,
            ..s
        };
        assert_eq!(found(&postal), vec![]);
    }

    #[test]
    fn stale_counts_calendar_months_from_the_last_interaction_or_creation() {
        let at = |last: Option<&str>, created: &str| Subject {
            last_contact: last.map(str::to_string),
            created_at: created.into(),
            ..subject()
        };
        // 2026-11-23 less 12 months is 2025-11-23: the day itself is not stale.
        assert_eq!(
            found(&at(Some("2025-11-23 08:00:00"), "2020-01-01T00:00:00Z")),
            vec![]
        );
        let old = check(
            &at(Some("2025-11-22 18:00:00"), "2020-01-01T00:00:00Z"),
            &rules(),
        );
        assert_eq!(old.len(), 1);
        assert_eq!(
            (old[0].check, old[0].value.as_str()),
            (DataCheck::Stale, "2025-11-22")
        );
        assert_eq!(
            old[0].message,
            "no interaction since 2025-11-22 (over 12 months)"
        );
        let never = check(&at(None, "2025-01-05T10:00:00Z"), &rules());
        assert_eq!(
            (never[0].value.as_str(), &never[0].fix),
            ("never", &Fix::Archive)
        );
        assert_eq!(
            never[0].message,
            "no interaction since added on 2025-01-05 (over 12 months)"
        );
        assert_eq!(
            found(&at(None, "2026-01-05T10:00:00Z")),
            vec![],
            "new, not stale"
        );
        let off = Rules {
            stale_months: 0,
            ..rules()
        };
        assert!(
            check(&at(None, "2000-01-01T00:00:00Z"), &off).is_empty(),
            "0 = off"
        );
    }

    #[test]
    fn customers_without_consent_get_advice() {
        let customer = Subject {
            kind: StakeholderKind::Customer,
            ..subject()
        };
        let f = check(&customer, &rules());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].check, DataCheck::NoConsent);
        assert_eq!(
            f[0].fix.describe(),
            "ask them, then `kith edit 7 --consent granted` (or denied)"
        );
        assert!(!f[0].fix.is_automatic());
        for stage in [Stage::Customer, Stage::Loyal] {
            let s = Subject {
                stage: Some(stage),
                ..subject()
            };
            assert_eq!(check(&s, &rules()).len(), 1, "{stage}");
        }
        for (kind, stage, consent) in [
            (StakeholderKind::Customer, None, Consent::Granted),
            (StakeholderKind::Customer, None, Consent::Denied),
            (
                StakeholderKind::Lead,
                Some(Stage::Prospect),
                Consent::Unknown,
            ),
        ] {
            let s = Subject {
                kind,
                stage,
                consent,
                ..subject()
            };
            assert_eq!(found(&s), vec![], "{kind} {stage:?} {consent}");
        }
    }

    #[test]
    fn findings_come_in_check_order() {
        let s = Subject {
            name: "JANE".into(),
            emails: vec![],
            phones: vec![],
            kind: StakeholderKind::Customer,
            last_contact: None,
            ..subject()
        };
        let checks: Vec<DataCheck> = check(&s, &rules()).iter().map(|f| f.check).collect();
        assert_eq!(
            checks,
            [
                DataCheck::NameCase,
                DataCheck::Unreachable,
                DataCheck::Stale,
                DataCheck::NoConsent
            ]
        );
        let mut sorted = checks.clone();
        sorted.sort();
        assert_eq!(checks, sorted, "the enum's order is the check order");
    }

    #[test]
    fn every_fix_describes_itself() {
        let fixes = [
            (
                Fix::SetName {
                    name: "Jane Doe".into(),
                },
                "set the name to Jane Doe",
            ),
            (
                Fix::SetEmail {
                    from: "a@b,c".into(),
                    to: "a@b.c".into(),
                },
                "change a@b,c to a@b.c",
            ),
            (
                Fix::RemoveEmail {
                    email: "x\u{1b}".into(),
                },
                "remove x\u{fffd}",
            ),
            (
                Fix::SetPhone {
                    from: "030 1".into(),
                    to: "+49301".into(),
                },
                "change 030 1 to +49301",
            ),
            (Fix::RemovePhone { raw: "12".into() }, "remove 12"),
            (Fix::Archive, "archive"),
            (
                Fix::Manual {
                    advice: "ask".into(),
                },
                "ask",
            ),
        ];
        for (fix, words) in fixes {
            assert_eq!(fix.describe(), words);
        }
    }
}
