//! What the demo writes to give its finished campaign a past: each message
//! as sent (its `campaign` interaction and the recipient's row, in the
//! demo's one transaction rather than a claim and a commit per message, as
//! a real send does), responses recorded by hand, and who answered already.

use std::collections::HashSet;

use rusqlite::params;

use super::{Db, Result};
use crate::domain::campaign::Outcome;
use crate::domain::template::Rendered;

/// One message of a campaign as it went out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastSend<'a> {
    pub campaign_id: i64,
    /// The campaign's name and the variant's label, as the interaction names them.
    pub campaign: &'a str,
    pub variant: &'a str,
    pub contact_id: i64,
    /// Local time "YYYY-MM-DD HH:MM:SS".
    pub at: &'a str,
    pub message: &'a Rendered,
}

impl Db<'_> {
    /// Records a message as sent at `send.at`: its `campaign` interaction
    /// (outbound; summary and body the rendered subject and body) and the
    /// recipient's row (sent, one attempt). The contact's last-contact stamp
    /// stays: a campaign message is not staying in touch.
    pub fn insert_past_send(&self, uid: &str, send: &PastSend<'_>, now: &str) -> Result<()> {
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
                send.message.subject,
                send.message.body,
                send.campaign,
                send.variant,
                now
            ])?;
        let interaction = self.conn.last_insert_rowid();
        self.conn
            .prepare_cached(
                "UPDATE campaign_recipient
                    SET state = 'sent', attempts = attempts + 1, sent_at = ?3,
                        interaction_id = ?4, last_error = NULL
                  WHERE campaign_id = ?1 AND contact_id = ?2",
            )?
            .execute(params![
                send.campaign_id,
                send.contact_id,
                send.at,
                interaction
            ])?;
        Ok(())
    }

    /// Records a response by hand (a later one for the same contact replaces it).
    pub fn insert_past_response(
        &self,
        campaign_id: i64,
        contact_id: i64,
        outcome: Outcome,
        at: &str,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO campaign_response (campaign_id, contact_id, outcome, at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![campaign_id, contact_id, outcome.as_str(), at])?;
        Ok(())
    }

    /// The recipients of a campaign who answered its message on their own:
    /// an inbound interaction after their send and at most `days` days
    /// after it (the rule of `kpi::RESPONSE_DAYS`, with the campaign's days).
    pub fn answered_recipients(&self, campaign_id: i64, days: u32) -> Result<HashSet<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.contact_id FROM campaign_recipient r
              WHERE r.campaign_id = ?1 AND r.state = 'sent'
                AND EXISTS (SELECT 1 FROM interaction i
                             WHERE i.contact_id = r.contact_id AND i.direction = 'in'
                               AND i.at > r.sent_at
                               AND i.at <= datetime(r.sent_at, '+' || ?2 || ' days'))",
        )?;
        let rows = stmt.query_map(params![campaign_id, days], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
