//! What KPIs and objectives read. Purchases, feedback and campaign sends
//! name their kind as a literal so that the partial covering indexes of
//! migration 0008 serve them; months are grouped in SQL ("YYYY-MM" keys)
//! and folded into quarters and years by `domain::kpi`. The planner would
//! rather take `interaction_kind_contact` (kind = ?) and read every row:
//! `INDEXED BY` names the covering index.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use super::{Db, Result, stamps};
use crate::domain::kpi::{FeedbackRow, FollowUpMonth, PurchaseRow, SendRow, SizeRow, StageRow};
use crate::domain::period::Span;

/// How long after a campaign message an inbound interaction from the same
/// contact counts as its answer.
pub const RESPONSE_DAYS: i64 = 14;

/// Campaign messages sent and how many of them were answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Responses {
    pub sent: u64,
    pub answered: u64,
}

/// A count read as `u64` (`SQLite`'s integers are signed; a count never is).
fn count(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<u64> {
    Ok(r.get::<_, Option<i64>>(i)?
        .unwrap_or(0)
        .max(0)
        .unsigned_abs())
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

// One rule for "answered", used by KPIs and segment performance alike: an
// interaction with `direction = 'in'` from the same contact, later than
// the send and at most RESPONSE_DAYS days after it.
const SENDS_SQL: &str = "
    SELECT substr(s.at, 1, 7), s.contact_id,
           EXISTS (SELECT 1 FROM interaction r
                    WHERE r.contact_id = s.contact_id AND r.direction = 'in'
                      AND r.at > s.at AND r.at <= datetime(s.at, '+14 days'))
      FROM interaction AS s INDEXED BY interaction_campaign
     WHERE s.kind = 'campaign' AND s.at >= ?1 AND s.at < ?2";

impl Db<'_> {
    /// Contacts created per month ("YYYY-MM", count), all time.
    pub fn contacts_created_by_month(&self) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(created_at, 1, 7) AS m, count(*) FROM contact GROUP BY m ORDER BY m",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, count(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Purchases from `from` (included) to `to` (excluded), per month,
    /// contact and currency.
    pub fn purchases_by_month(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<PurchaseRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(at, 1, 7) AS m, contact_id, coalesce(currency, ''), count(*),
                    coalesce(sum(amount_minor), 0)
               FROM interaction INDEXED BY interaction_purchase
              WHERE kind = 'purchase' AND at >= ?1 AND at < ?2
              GROUP BY m, contact_id, currency",
        )?;
        let rows = stmt.query_map([day(from), day(to)], |r| {
            Ok(PurchaseRow {
                month: r.get(0)?,
                contact_id: r.get(1)?,
                currency: r.get(2)?,
                count: count(r, 3)?,
                minor: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each contact whose first purchase ever was made from `from` to `to`
    /// (excluded), with that month.
    pub fn first_purchases(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, substr(min(at), 1, 7) FROM interaction INDEXED BY interaction_purchase
              WHERE kind = 'purchase' AND at < ?2
              GROUP BY contact_id HAVING min(at) >= ?1",
        )?;
        let rows = stmt.query_map([day(from), day(to)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Feedback from `from` to `to` (excluded), oldest first.
    pub fn feedback_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<FeedbackRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, at, rating, nps FROM interaction INDEXED BY interaction_feedback
              WHERE kind = 'feedback' AND at >= ?1 AND at < ?2 ORDER BY at",
        )?;
        let rows = stmt.query_map([day(from), day(to)], |r| {
            Ok(FeedbackRow {
                contact_id: r.get(0)?,
                at: r.get(1)?,
                rating: r.get(2)?,
                nps: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Follow-ups closed from `from` to `to` (excluded) per month, and how
    /// many on or before their due day.
    pub fn follow_ups_done_by_month(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<FollowUpMonth>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(done_at, 1, 7) AS m, count(*),
                    sum(substr(done_at, 1, 10) <= substr(due, 1, 10))
               FROM follow_up WHERE done_at >= ?1 AND done_at < ?2 GROUP BY m",
        )?;
        let rows = stmt.query_map([day(from), day(to)], |r| {
            Ok(FollowUpMonth {
                month: r.get(0)?,
                done: count(r, 1)?,
                on_time: count(r, 2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every campaign message sent from `from` to `to` (excluded): its
    /// month, its contact and whether it was answered (see [`RESPONSE_DAYS`]).
    fn campaign_sends(self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, i64, bool)>> {
        let mut stmt = self.conn.prepare_cached(SENDS_SQL)?;
        let rows = stmt.query_map([day(from), day(to)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Campaign messages sent from `from` to `to` (excluded) per month, and
    /// how many were answered.
    pub fn campaign_sends_by_month(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<SendRow>> {
        let mut months: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for (month, _, answered) in self.campaign_sends(from, to)? {
            let entry = months.entry(month).or_default();
            entry.0 += 1;
            entry.1 += u64::from(answered);
        }
        Ok(months
            .into_iter()
            .map(|(month, (sent, answered))| SendRow {
                month,
                sent,
                answered,
            })
            .collect())
    }

    /// The campaign response rule, in one place: the messages sent in
    /// `span` (to `contacts` only, when given) and how many were answered
    /// by an inbound interaction from that contact within
    /// [`RESPONSE_DAYS`] days.
    pub fn campaign_responses(&self, span: Span, contacts: Option<&[i64]>) -> Result<Responses> {
        let only: Option<HashSet<i64>> = contacts.map(|c| c.iter().copied().collect());
        let mut out = Responses::default();
        for (_, contact, answered) in self.campaign_sends(span.start, span.end())? {
            if only.as_ref().is_none_or(|o| o.contains(&contact)) {
                out.sent += 1;
                out.answered += u64::from(answered);
            }
        }
        Ok(out)
    }

    /// Every recorded segment size before `to` (excluded).
    pub fn segment_sizes_before(&self, to: NaiveDate) -> Result<Vec<SizeRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.name, z.day, z.size FROM segment_size z
               JOIN segment s ON s.id = z.segment_id WHERE z.day < ?1",
        )?;
        let rows = stmt.query_map([day(to)], |r| {
            Ok(SizeRow {
                name: r.get(0)?,
                day: r.get(1)?,
                size: count(r, 2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The whole stage history of every contact whose stage changed on or
    /// after `since`, by contact then time.
    pub fn stage_history_since(&self, since: NaiveDate) -> Result<Vec<StageRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, at, to_stage FROM stage_change
              WHERE contact_id IN (SELECT contact_id FROM stage_change WHERE at >= ?1)
              ORDER BY contact_id, at, id",
        )?;
        let rows = stmt.query_map([day(since)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (contact_id, at, to) = row?;
            // Stamps are "2026-11-20T10:00:00Z"; older rows may use a space.
            let at = at.trim_end_matches('Z').replacen('T', " ", 1);
            let Some(at) = stamps::date_time(&at) else {
                continue;
            };
            out.push(StageRow {
                contact_id,
                at,
                to: to.and_then(|s| s.parse().ok()),
            });
        }
        Ok(out)
    }
}
