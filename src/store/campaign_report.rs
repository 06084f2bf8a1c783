//! What `campaign list` and `campaign report` read: recipients per state,
//! responses by the campaign response rule (`kpi::answered_sql`), outcomes
//! recorded by hand, revenue after the send; and `campaign respond`'s write.

use std::sync::LazyLock;

use rusqlite::{OptionalExtension, params};

use super::{Db, Result};
use crate::domain::campaign::{Outcome, RecipientState};

/// Recipients of one campaign's variant in one state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateCount {
    pub campaign_id: i64,
    pub variant: String,
    pub state: RecipientState,
    pub count: u64,
}

/// One campaign's variant: messages sent and how many were answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    pub campaign_id: i64,
    pub variant: String,
    pub sent: u64,
    pub answered: u64,
}

fn count(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<u64> {
    Ok(r.get::<_, Option<i64>>(i)?
        .unwrap_or(0)
        .max(0)
        .unsigned_abs())
}

/// The id range of one campaign, or of all.
fn range(campaign_id: Option<i64>) -> (i64, i64) {
    campaign_id.map_or((i64::MIN, i64::MAX), |id| (id, id))
}

static ANSWERS_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT r.campaign_id, r.variant, count(*), sum({})
           FROM campaign_recipient r JOIN campaign k ON k.id = r.campaign_id
          WHERE r.campaign_id BETWEEN ?1 AND ?2 AND r.state = 'sent'
          GROUP BY r.campaign_id, r.variant",
        super::kpi::answered_sql(
            "r.campaign_id",
            "r.contact_id",
            "r.sent_at",
            "k.response_days"
        )
    )
});

impl Db<'_> {
    /// Recipients per campaign, variant and state, in one grouped read (one
    /// campaign's, or every campaign's).
    pub fn recipient_states(&self, campaign_id: Option<i64>) -> Result<Vec<StateCount>> {
        let (lo, hi) = range(campaign_id);
        let mut stmt = self.conn.prepare_cached(
            "SELECT campaign_id, variant, state, count(*) FROM campaign_recipient
              WHERE campaign_id BETWEEN ?1 AND ?2
              GROUP BY campaign_id, variant, state",
        )?;
        let rows = stmt.query_map([lo, hi], |r| {
            Ok(StateCount {
                campaign_id: r.get(0)?,
                variant: r.get(1)?,
                state: super::campaigns::recipient_state(r, 2)?,
                count: count(r, 3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Per campaign and variant, messages sent and answered by the campaign
    /// response rule.
    pub fn campaign_answers(&self, campaign_id: Option<i64>) -> Result<Vec<Answers>> {
        let (lo, hi) = range(campaign_id);
        let mut stmt = self.conn.prepare_cached(&ANSWERS_SQL)?;
        let rows = stmt.query_map([lo, hi], |r| {
            Ok(Answers {
                campaign_id: r.get(0)?,
                variant: r.get(1)?,
                sent: count(r, 2)?,
                answered: count(r, 3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A campaign's responses recorded by hand, per variant and outcome.
    pub fn response_outcomes(&self, campaign_id: i64) -> Result<Vec<(String, Outcome, u64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.variant, p.outcome, count(*)
               FROM campaign_response p
               JOIN campaign_recipient r
                 ON r.campaign_id = p.campaign_id AND r.contact_id = p.contact_id
              WHERE p.campaign_id = ?1
              GROUP BY r.variant, p.outcome",
        )?;
        let rows = stmt.query_map([campaign_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, count(r, 2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (variant, outcome, n) = row?;
            if let Ok(outcome) = outcome.parse() {
                out.push((variant, outcome, n));
            }
        }
        Ok(out)
    }

    /// Purchases by a campaign's sent recipients in the `response_days`
    /// after their send, per variant and currency (minor units).
    pub fn campaign_revenue(&self, campaign_id: i64) -> Result<Vec<(String, String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.variant, coalesce(i.currency, ''), sum(i.amount_minor)
               FROM campaign_recipient r
               JOIN campaign k ON k.id = r.campaign_id
               JOIN interaction i INDEXED BY interaction_contact_at
                 ON i.contact_id = r.contact_id AND i.at > r.sent_at
                AND i.at <= datetime(r.sent_at, '+' || k.response_days || ' days')
              WHERE r.campaign_id = ?1 AND r.state = 'sent'
                AND i.kind = 'purchase' AND i.amount_minor IS NOT NULL
              GROUP BY r.variant, coalesce(i.currency, '')
              ORDER BY r.variant, coalesce(i.currency, '')",
        )?;
        let rows = stmt.query_map([campaign_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Where one contact stands in a campaign, if they are a recipient.
    pub fn recipient_state(
        &self,
        campaign_id: i64,
        contact_id: i64,
    ) -> Result<Option<RecipientState>> {
        let state: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT state FROM campaign_recipient WHERE campaign_id = ?1 AND contact_id = ?2",
            )?
            .query_row([campaign_id, contact_id], |r| r.get(0))
            .optional()?;
        Ok(state.and_then(|s| s.parse().ok()))
    }

    /// Records a response by hand; returns the outcome it replaces, if any.
    pub fn upsert_response(
        &self,
        campaign_id: i64,
        contact_id: i64,
        outcome: Outcome,
        at: &str,
    ) -> Result<Option<Outcome>> {
        let before: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT outcome FROM campaign_response WHERE campaign_id = ?1 AND contact_id = ?2",
            )?
            .query_row([campaign_id, contact_id], |r| r.get(0))
            .optional()?;
        self.conn
            .prepare_cached(
                "INSERT INTO campaign_response (campaign_id, contact_id, outcome, at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (campaign_id, contact_id)
                 DO UPDATE SET outcome = excluded.outcome, at = excluded.at",
            )?
            .execute(params![campaign_id, contact_id, outcome.as_str(), at])?;
        Ok(before.and_then(|s| s.parse().ok()))
    }
}
