//! Campaigns: a message to an audience, in one or more variants (A/B), with
//! each recipient's variant chosen by a hash, every send's state, responses,
//! and the statistics that say which variant leads.

pub mod spec;
pub mod stats;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Invalid, word_enum};

word_enum!(
    /// Where one recipient's message stands. `Sending` is committed before a
    /// message leaves, so after a crash it means "may have gone out".
    RecipientState, "state" {
        Pending => "pending", Sending => "sending", Sent => "sent", Failed => "failed",
        Skipped => "skipped",
    }
);

word_enum!(
    /// Why a targeted contact gets no message.
    SkipReason, "skip reason" {
        ConsentDenied => "consent-denied", ConsentUnknown => "consent-unknown",
        NoEmail => "no-email",
    }
);

word_enum!(
    /// What a response led to, recorded by `kith campaign respond`.
    Outcome, "--outcome" { Replied => "replied", Booked => "booked", Bought => "bought" }
);

/// Whom a campaign targets: a query in the segment language, or a saved
/// segment by name (as the user typed them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum Audience {
    Query(String),
    Segment(String),
}

impl Audience {
    /// "query" or "segment", as stored.
    pub fn kind(&self) -> &'static str {
        match self {
            Audience::Query(_) => "query",
            Audience::Segment(_) => "segment",
        }
    }

    /// The query text or the segment name.
    pub fn text(&self) -> &str {
        match self {
            Audience::Query(t) | Audience::Segment(t) => t,
        }
    }
}

/// A variant as the user asks for it: a label ("A", "B"…), the template by
/// name, and its share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VariantSpec {
    pub label: String,
    pub template: String,
    pub weight: u32,
}

/// A variant as stored with its campaign: the template's text as it was
/// when the campaign was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Variant {
    pub label: String,
    pub template: String,
    pub subject: String,
    pub body: String,
    pub weight: u32,
}

/// A stored campaign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Campaign {
    pub id: i64,
    pub uid: String,
    pub name: String,
    pub audience: Audience,
    /// An inbound interaction this many days after a send counts as a response.
    pub response_days: u32,
    /// UTC stamp.
    pub created_at: String,
    pub variants: Vec<Variant>,
}

/// The variant a contact gets: a SHA-256 of the campaign's key (see
/// [`assignment_key`]) and the contact's uid, read as a number and cut by
/// the weights. The same pair always gets the same variant, whoever
/// computes it and however often (a dry run and the real run agree); a new
/// contact does not move anyone else.
pub fn assign<'a>(campaign_key: &str, contact_uid: &str, variants: &'a [(String, u32)]) -> &'a str {
    let total: u64 = variants.iter().map(|(_, w)| u64::from(*w)).sum();
    if total == 0 {
        return variants.first().map_or("", |(label, _)| label.as_str());
    }
    let mut hash = Sha256::new();
    hash.update(campaign_key.as_bytes());
    hash.update(b"\0");
    hash.update(contact_uid.as_bytes());
    let digest = hash.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let mut point = u64::from_be_bytes(first) % total;
    for (label, weight) in variants {
        let weight = u64::from(*weight);
        if point < weight {
            return label;
        }
        point -= weight;
    }
    variants.last().map_or("", |(label, _)| label.as_str())
}

/// What the variants of campaign `name` are a hash of: its name as names
/// are unique (ignoring case and surrounding spaces), so `campaign new
/// --dry-run` shows exactly the split the campaign will have.
pub fn assignment_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The Message-ID of a campaign's message to a contact (without the angle
/// brackets), fixed when the campaign is created: a message sent again
/// after a crash carries the same id, so mail clients see one message.
pub fn message_id(campaign_uid: &str, contact_uid: &str) -> String {
    format!("{campaign_uid}.{contact_uid}@kith")
}

/// Reads `--split 50/50` (or `60/40`, `34/33/33`) for `n` variants: whole
/// percentages that add up to 100, one per variant. No split shares evenly.
pub fn parse_split(text: Option<&str>, n: usize) -> Result<Vec<u32>, Invalid> {
    let Some(text) = text else {
        let n32 = u32::try_from(n.max(1)).unwrap_or(1);
        let base = 100 / n32;
        let mut out = vec![base; n.max(1)];
        out[0] += 100 - base * n32;
        return Ok(out);
    };
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    if parts.len() != n {
        return Err(Invalid::new(
            "--split",
            format!("{text:?} has {} shares for {n} variants", parts.len()),
        )
        .hint("one share per variant, the first for A: --split 50/50"));
    }
    let mut out = Vec::with_capacity(n);
    for p in parts {
        match p.parse::<u32>() {
            Ok(v) if (1..=99).contains(&v) || (n == 1 && v == 100) => out.push(v),
            _ => {
                return Err(
                    Invalid::new("--split", format!("{p:?} is not a share from 1 to 99"))
                        .hint("shares are whole percentages: --split 60/40"),
                );
            }
        }
    }
    if out.iter().sum::<u32>() != 100 {
        return Err(
            Invalid::new("--split", format!("{text:?} does not add up to 100"))
                .hint("shares are percentages of the recipients: --split 70/30"),
        );
    }
    Ok(out)
}

/// Checks a campaign's name: what a user types on a command line.
pub fn check_name(name: &str) -> Result<(), Invalid> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Invalid::new("name", "a campaign needs a name"));
    }
    if name.chars().count() > 80 || name.chars().any(super::text::is_unsafe) {
        return Err(Invalid::new(
            "name",
            "a campaign name is at most 80 characters, without control characters",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ab(a: u32, b: u32) -> Vec<(String, u32)> {
        vec![("A".into(), a), ("B".into(), b)]
    }

    #[test]
    fn assignment_is_stable_and_follows_the_weights() {
        let v = ab(50, 50);
        let first: Vec<&str> = (0..1000)
            .map(|i| assign("c1", &format!("u{i}"), &v))
            .collect();
        let again: Vec<&str> = (0..1000)
            .map(|i| assign("c1", &format!("u{i}"), &v))
            .collect();
        assert_eq!(first, again);
        let a = first.iter().filter(|l| **l == "A").count();
        assert!((420..=580).contains(&a), "A got {a} of 1000");
        let v = ab(90, 10);
        let a = (0..1000)
            .filter(|i| assign("c1", &format!("u{i}"), &v) == "A")
            .count();
        assert!((850..=950).contains(&a), "A got {a} of 1000 at 90/10");
        // Another campaign shuffles differently.
        let even = ab(50, 50);
        let other: Vec<&str> = (0..1000)
            .map(|i| assign("c2", &format!("u{i}"), &even))
            .collect();
        assert_ne!(first, other);
    }

    #[test]
    fn splits_are_read_or_refused_with_a_reason() {
        assert_eq!(parse_split(None, 2).expect("even"), vec![50, 50]);
        assert_eq!(parse_split(None, 3).expect("even"), vec![34, 33, 33]);
        assert_eq!(parse_split(Some("60/40"), 2).expect("ok"), vec![60, 40]);
        assert!(parse_split(Some("60/30"), 2).is_err());
        assert!(parse_split(Some("50/50"), 3).is_err());
        assert!(parse_split(Some("0/100"), 2).is_err());
        assert!(parse_split(Some("a/b"), 2).is_err());
    }
}
