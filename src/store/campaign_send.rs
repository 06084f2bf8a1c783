//! A campaign's sends: the recipients still to send with their contact as it
//! is now, and each step of a message's state (claimed, sent with its
//! `campaign` interaction, failed, skipped). Every step is its own write,
//! so what is committed always says where each message stands.

use rusqlite::params;

use super::contacts::PRIMARY_EMAIL;
use super::{Db, Result};
use crate::domain::campaign::{RecipientState, SkipReason};
use crate::domain::contact::Consent;

/// A recipient that may still need its message, with its contact as it is
/// now (consent and primary e-mail are checked again at send time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendRow {
    pub contact_id: i64,
    pub contact_uid: String,
    pub contact_name: String,
    pub variant: String,
    /// Pending, failed, or sending (left by a run that was stopped).
    pub state: RecipientState,
    pub message_id: String,
    pub consent: Consent,
    /// The contact's primary e-mail now.
    pub email: Option<String>,
}

/// The `campaign` interaction a send logs, and the recipient it marks sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignSend<'a> {
    pub campaign_id: i64,
    pub campaign_name: &'a str,
    pub contact_id: i64,
    pub variant: &'a str,
    /// Local time "YYYY-MM-DD HH:MM:SS".
    pub at: &'a str,
    /// The rendered subject and body.
    pub subject: &'a str,
    pub body: &'a str,
}

impl Db<'_> {
    /// The recipients of campaign `id` not sent yet and not skipped, by
    /// name, with each contact's consent and primary e-mail as they are now.
    pub fn send_rows(&self, campaign_id: i64) -> Result<Vec<SendRow>> {
        let sql = format!(
            "SELECT r.contact_id, c.uid, c.display_name, r.variant, r.state, r.message_id,
                    c.consent, {PRIMARY_EMAIL}
               FROM campaign_recipient r
               JOIN contact c ON c.id = r.contact_id
              WHERE r.campaign_id = ?1 AND r.state IN ('pending', 'failed', 'sending')
              ORDER BY c.display_name COLLATE NOCASE, c.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([campaign_id], |r| {
            Ok(SendRow {
                contact_id: r.get(0)?,
                contact_uid: r.get(1)?,
                contact_name: r.get(2)?,
                variant: r.get(3)?,
                state: super::campaigns::recipient_state(r, 4)?,
                message_id: r.get(5)?,
                consent: r.get::<_, String>(6)?.parse().unwrap_or(Consent::Unknown),
                email: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Claims a recipient before its message leaves: `sending`, one more
    /// attempt, the address it goes to. Only from the state it was read in
    /// (`from`), so two runs never claim the same message; false when
    /// another run got there first.
    pub fn claim_recipient(
        &self,
        campaign_id: i64,
        contact_id: i64,
        from: RecipientState,
        email: &str,
    ) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE campaign_recipient
                    SET state = 'sending', attempts = attempts + 1, email = ?4, last_error = NULL
                  WHERE campaign_id = ?1 AND contact_id = ?2 AND state = ?3",
            )?
            .execute(params![campaign_id, contact_id, from.as_str(), email])?;
        Ok(changed == 1)
    }

    /// Marks a claimed recipient sent and logs its `campaign` interaction
    /// (outbound, with the campaign's name and the variant); returns the
    /// interaction's id. A campaign message is not "staying in touch": the
    /// contact's last-interaction stamp is left alone.
    pub fn insert_campaign_send(
        &self,
        uid: &str,
        send: &CampaignSend<'_>,
        now: &str,
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO interaction (uid, contact_id, kind, direction, at, summary, body,
                     campaign, variant, created_at, updated_at)
                 VALUES (?1, ?2, 'campaign', 'out', ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?
            .execute(params![
                uid,
                send.contact_id,
                send.at,
                send.subject,
                send.body,
                send.campaign_name,
                send.variant,
                now
            ])?;
        let interaction_id = self.conn.last_insert_rowid();
        self.conn
            .prepare_cached(
                "UPDATE campaign_recipient
                    SET state = 'sent', sent_at = ?3, interaction_id = ?4, last_error = NULL
                  WHERE campaign_id = ?1 AND contact_id = ?2",
            )?
            .execute(params![
                send.campaign_id,
                send.contact_id,
                send.at,
                interaction_id
            ])?;
        Ok(interaction_id)
    }

    /// Marks a claimed recipient failed with the error (retried next run).
    pub fn fail_recipient(&self, campaign_id: i64, contact_id: i64, error: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE campaign_recipient SET state = 'failed', last_error = ?3
                  WHERE campaign_id = ?1 AND contact_id = ?2",
            )?
            .execute(params![campaign_id, contact_id, error])?;
        Ok(())
    }

    /// Marks a recipient skipped (consent withdrawn, e-mail removed), from
    /// the state it was read in only.
    pub fn skip_recipient(
        &self,
        campaign_id: i64,
        contact_id: i64,
        from: RecipientState,
        reason: SkipReason,
    ) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE campaign_recipient SET state = 'skipped', skip_reason = ?4
                  WHERE campaign_id = ?1 AND contact_id = ?2 AND state = ?3",
            )?
            .execute(params![
                campaign_id,
                contact_id,
                from.as_str(),
                reason.as_str()
            ])?;
        Ok(changed == 1)
    }
}
