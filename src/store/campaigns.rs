//! Campaigns: the campaign with its variants, its recipients and their
//! states, and responses recorded by hand.

use rusqlite::{OptionalExtension, Row, params};

use super::contacts::PRIMARY_EMAIL;
use super::{Db, Result};
use crate::domain::campaign::{Audience, Campaign, RecipientState, SkipReason, Variant};

/// One recipient row as `campaign new` writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRecipient {
    pub contact_id: i64,
    pub variant: String,
    /// `Pending`, or `Skipped` with a reason.
    pub state: RecipientState,
    pub skip_reason: Option<SkipReason>,
    pub email: Option<String>,
    pub message_id: String,
}

/// One recipient as stored, with the contact's uid and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipientRow {
    pub contact_id: i64,
    pub contact_uid: String,
    pub contact_name: String,
    pub variant: String,
    pub state: RecipientState,
    pub skip_reason: Option<SkipReason>,
    pub email: Option<String>,
    pub message_id: String,
    pub attempts: u32,
    pub last_error: Option<String>,
    /// Local time "YYYY-MM-DD HH:MM:SS".
    pub sent_at: Option<String>,
}

/// What `campaign new` needs to know of a contact in the audience.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AudienceRow {
    pub id: i64,
    pub uid: String,
    pub name: String,
    /// "granted", "denied" or "unknown".
    pub consent: String,
    /// The primary e-mail (else the first one).
    pub email: Option<String>,
}

const CAMPAIGN_COLUMNS: &str = "id, uid, name, audience_kind, audience, response_days, created_at";

fn campaign(r: &Row<'_>) -> rusqlite::Result<Campaign> {
    let kind: String = r.get(3)?;
    let text: String = r.get(4)?;
    Ok(Campaign {
        id: r.get(0)?,
        uid: r.get(1)?,
        name: r.get(2)?,
        audience: if kind == "segment" {
            Audience::Segment(text)
        } else {
            Audience::Query(text)
        },
        response_days: r.get(5)?,
        created_at: r.get(6)?,
        variants: Vec::new(),
    })
}

const RECIPIENT_COLUMNS: &str = "r.contact_id, c.uid, c.display_name, r.variant, r.state,
    r.skip_reason, r.email, r.message_id, r.attempts, r.last_error, r.sent_at";

/// A recipient's state as stored (a word this kith does not know reads as
/// failed, so it is retried rather than forgotten).
pub(super) fn recipient_state(r: &Row<'_>, i: usize) -> rusqlite::Result<RecipientState> {
    Ok(r.get::<_, String>(i)?
        .parse()
        .unwrap_or(RecipientState::Failed))
}

fn recipient(r: &Row<'_>) -> rusqlite::Result<RecipientRow> {
    Ok(RecipientRow {
        contact_id: r.get(0)?,
        contact_uid: r.get(1)?,
        contact_name: r.get(2)?,
        variant: r.get(3)?,
        state: recipient_state(r, 4)?,
        skip_reason: r.get::<_, Option<String>>(5)?.and_then(|s| s.parse().ok()),
        email: r.get(6)?,
        message_id: r.get(7)?,
        attempts: r.get(8)?,
        last_error: r.get(9)?,
        sent_at: r.get(10)?,
    })
}

impl Db<'_> {
    /// Uid, name, consent and e-mail of each contact in `ids`, in one read,
    /// by name (the order `campaign_recipients` lists them in).
    pub fn audience_rows(&self, ids: &[i64]) -> Result<Vec<AudienceRow>> {
        let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let sql = format!(
            "SELECT c.id, c.uid, c.display_name, c.consent, {PRIMARY_EMAIL}
               FROM contact c
              WHERE c.id IN (SELECT value FROM json_each(?1))
              ORDER BY c.display_name COLLATE NOCASE, c.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([ids], |r| {
            Ok(AudienceRow {
                id: r.get(0)?,
                uid: r.get(1)?,
                name: r.get(2)?,
                consent: r.get(3)?,
                email: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stores a campaign and its variants (their `template`, `subject` and
    /// `body` as given); returns its id.
    pub fn insert_campaign(&self, c: &Campaign, now: &str) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO campaign (uid, name, audience_kind, audience, response_days,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?
            .execute(params![
                c.uid,
                c.name,
                c.audience.kind(),
                c.audience.text(),
                c.response_days,
                now
            ])?;
        let id = self.conn.last_insert_rowid();
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO campaign_variant (campaign_id, label, template, subject, body, weight)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for v in &c.variants {
            stmt.execute(params![
                id, v.label, v.template, v.subject, v.body, v.weight
            ])?;
        }
        Ok(id)
    }

    /// Writes a new campaign's recipients.
    pub fn insert_recipients(&self, campaign_id: i64, rows: &[NewRecipient]) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO campaign_recipient (campaign_id, contact_id, variant, state,
                 skip_reason, email, message_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for r in rows {
            stmt.execute(params![
                campaign_id,
                r.contact_id,
                r.variant,
                r.state.as_str(),
                r.skip_reason.map(SkipReason::as_str),
                r.email,
                r.message_id
            ])?;
        }
        Ok(())
    }

    /// The campaign named `name` (ignoring case), with its variants.
    pub fn campaign_by_name(&self, name: &str) -> Result<Option<Campaign>> {
        let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM campaign WHERE name = ?1");
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row([name], campaign)
            .optional()?;
        match found {
            Some(mut c) => {
                c.variants = self.campaign_variants(c.id)?;
                Ok(Some(c))
            }
            None => Ok(None),
        }
    }

    /// Every campaign with its variants, newest first.
    pub fn campaigns(&self) -> Result<Vec<Campaign>> {
        let sql =
            format!("SELECT {CAMPAIGN_COLUMNS} FROM campaign ORDER BY created_at DESC, id DESC");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], campaign)?;
        let mut out: Vec<Campaign> = rows.collect::<Result<_, _>>()?;
        for c in &mut out {
            c.variants = self.campaign_variants(c.id)?;
        }
        Ok(out)
    }

    fn campaign_variants(self, campaign_id: i64) -> Result<Vec<Variant>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT label, template, subject, body, weight FROM campaign_variant
              WHERE campaign_id = ?1 ORDER BY label",
        )?;
        let rows = stmt.query_map([campaign_id], |r| {
            Ok(Variant {
                label: r.get(0)?,
                template: r.get(1)?,
                subject: r.get(2)?,
                body: r.get(3)?,
                weight: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A campaign's recipients (all of them, or those in `states`), by name.
    pub fn campaign_recipients(
        &self,
        campaign_id: i64,
        states: Option<&[RecipientState]>,
    ) -> Result<Vec<RecipientRow>> {
        let sql = format!(
            "SELECT {RECIPIENT_COLUMNS} FROM campaign_recipient r
               JOIN contact c ON c.id = r.contact_id
              WHERE r.campaign_id = ?1
              ORDER BY c.display_name COLLATE NOCASE, c.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([campaign_id], recipient)?;
        let mut out: Vec<RecipientRow> = rows.collect::<Result<_, _>>()?;
        if let Some(states) = states {
            out.retain(|r| states.contains(&r.state));
        }
        Ok(out)
    }
}
