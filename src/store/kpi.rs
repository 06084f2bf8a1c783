//! What KPIs and objectives read. Purchases, feedback and campaign sends
//! name their kind as a literal so that the partial covering indexes of
//! migration 0008 serve them; months are grouped in SQL ("YYYY-MM" keys)
//! and folded into quarters and years by `domain::kpi`. The planner would
//! rather take `interaction_kind_contact` (kind = ?) and read every row:
//! `INDEXED BY` names the covering index.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use chrono::NaiveDate;

use super::{Db, Result, stamps};
use crate::domain::contact::Stage;
use crate::domain::kpi::{FeedbackRow, FollowUpMonth, PurchaseRow, SendRow, SizeRow, StageRow};
use crate::domain::period::Span;

/// How long after a campaign message an inbound interaction from the same
/// contact counts as its answer, when no campaign row says otherwise (sends
/// logged before campaigns existed).
pub const RESPONSE_DAYS: i64 = 14;

/// Campaign messages sent and how many of them were answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Responses {
    pub sent: u64,
    pub answered: u64,
}

/// Purchases per month, contact and currency, and each contact whose first
/// purchase ever falls in the report with that month (see [`Db::purchases`]).
pub type Purchases = (Vec<PurchaseRow>, Vec<(i64, String)>);

/// A count read as `u64` (`SQLite`'s integers are signed; a count never is).
fn count(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<u64> {
    Ok(r.get::<_, Option<i64>>(i)?
        .unwrap_or(0)
        .max(0)
        .unsigned_abs())
}

/// Column `i` as text, borrowed from the row (no copy per row).
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    text_or_null(r, i)?.ok_or(rusqlite::Error::InvalidColumnType(
        i,
        String::new(),
        rusqlite::types::Type::Null,
    ))
}

fn text_or_null<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    r.get_ref(i)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The "YYYY-MM" month of a stamp or day.
fn month_of(at: &str) -> &str {
    at.get(..7).unwrap_or(at)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The campaign response rule, in one place, as an SQL condition over one
/// send: `campaign` (the campaign's id, NULL for a send from before
/// campaigns existed), `contact`, `at` (the send's local time) and `days`
/// (the campaign's `response_days`). A send is answered when a response
/// was recorded by hand (`kith campaign respond`) or an interaction with
/// `direction = 'in'` from the same contact came later than the send and
/// at most `days` days after it. KPIs, segment performance and the
/// campaign report all read it from here.
pub(super) fn answered_sql(campaign: &str, contact: &str, at: &str, days: &str) -> String {
    format!(
        "(EXISTS (SELECT 1 FROM campaign_response cr
                  WHERE cr.campaign_id = {campaign} AND cr.contact_id = {contact})
          OR EXISTS (SELECT 1 FROM interaction ir
                      WHERE ir.contact_id = {contact} AND ir.direction = 'in'
                        AND ir.at > {at}
                        AND ir.at <= datetime({at}, '+' || ({days}) || ' days')))"
    )
}

/// [`answered_sql`] for a send logged as interaction `s` (kind `campaign`):
/// its campaign is the one named in its `campaign` column, and a send that
/// no campaign row matches (logged before campaigns existed) gets
/// [`RESPONSE_DAYS`].
pub(super) fn send_answered_sql(s: &str) -> String {
    let campaign = format!("(SELECT k.id FROM campaign k WHERE k.name = {s}.campaign)");
    let days = format!(
        "coalesce((SELECT k.response_days FROM campaign k WHERE k.name = {s}.campaign), {RESPONSE_DAYS})"
    );
    answered_sql(
        &campaign,
        &format!("{s}.contact_id"),
        &format!("{s}.at"),
        &days,
    )
}

static SENDS_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT substr(s.at, 1, 7), s.contact_id, {}
           FROM interaction AS s INDEXED BY interaction_campaign
          WHERE s.kind = 'campaign' AND s.at >= ?1 AND s.at < ?2",
        send_answered_sql("s")
    )
});

impl Db<'_> {
    /// Contacts created before the month of `from`, and those created from
    /// that month on per month ("YYYY-MM", count), oldest first. Reads the
    /// `contact_created` index in order and groups in Rust: grouping in SQL
    /// would sort every contact again.
    pub fn contacts_created(&self, from: NaiveDate) -> Result<(u64, Vec<(String, u64)>)> {
        // A stamp sorts before "2026-11" exactly when its month does.
        let from = from.format("%Y-%m").to_string();
        let before = self.conn.query_row(
            "SELECT count(*) FROM contact WHERE created_at < ?1",
            [&from],
            |r| count(r, 0),
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT created_at FROM contact WHERE created_at >= ?1 ORDER BY created_at",
        )?;
        let mut rows = stmt.query([&from])?;
        let mut months: Vec<(String, u64)> = Vec::new();
        while let Some(row) = rows.next()? {
            let month = month_of(text(row, 0)?);
            match months.last_mut() {
                Some((m, n)) if m == month => *n += 1,
                _ => months.push((month.to_string(), 1)),
            }
        }
        Ok((before, months))
    }

    /// Purchases from `from` (included) to `to` (excluded) per month,
    /// contact and currency, and each contact whose first purchase ever was
    /// made from `first` (at or after `from`) to `to`, with that month. One
    /// pass over every purchase before `to` in time order (the covering
    /// index), folded in Rust: there are far fewer purchases than
    /// interactions, and grouping them in SQL sorts them twice.
    pub fn purchases(&self, from: NaiveDate, first: NaiveDate, to: NaiveDate) -> Result<Purchases> {
        let (from, first, to) = (day(from), day(first), day(to));
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, contact_id, coalesce(currency, ''), amount_minor
               FROM interaction INDEXED BY interaction_purchase
              WHERE kind = 'purchase' AND at < ?1 ORDER BY at",
        )?;
        let mut rows = stmt.query([&to])?;
        let mut seen: HashSet<i64> = HashSet::new();
        let mut firsts = Vec::new();
        let mut groups: HashMap<(String, i64, String), (u64, i64)> = HashMap::new();
        while let Some(row) = rows.next()? {
            let at = text(row, 0)?;
            let contact_id: i64 = row.get(1)?;
            if seen.insert(contact_id) && at >= first.as_str() {
                firsts.push((contact_id, month_of(at).to_string()));
            }
            if at < from.as_str() {
                continue;
            }
            let currency = text(row, 2)?;
            let key = (month_of(at).to_string(), contact_id, currency.to_string());
            let entry = groups.entry(key).or_default();
            entry.0 += 1;
            entry.1 += row.get::<_, Option<i64>>(3)?.unwrap_or(0);
        }
        let mut out: Vec<PurchaseRow> = groups
            .into_iter()
            .map(
                |((month, contact_id, currency), (count, minor))| PurchaseRow {
                    month,
                    contact_id,
                    currency,
                    count,
                    minor,
                },
            )
            .collect();
        out.sort_unstable_by(|a, b| {
            (&a.month, a.contact_id, &a.currency).cmp(&(&b.month, b.contact_id, &b.currency))
        });
        Ok((out, firsts))
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
        let mut stmt = self.conn.prepare_cached(&SENDS_SQL)?;
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

    /// The messages sent in `span` (to `contacts` only, when given) and how
    /// many were answered, by the campaign response rule ([`answered_sql`]).
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
    /// after `since`, by contact then time. Reads the table straight through
    /// and sorts in Rust: looking each contact up by index costs several
    /// times more once most contacts changed stage recently.
    pub fn stage_history_since(&self, since: NaiveDate) -> Result<Vec<StageRow>> {
        let since = day(since);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT contact_id, at, to_stage, id FROM stage_change")?;
        let mut rows = stmt.query([])?;
        let mut all: Vec<(i64, String, i64, Option<Stage>)> = Vec::new();
        let mut recent: HashSet<i64> = HashSet::new();
        while let Some(row) = rows.next()? {
            let contact_id: i64 = row.get(0)?;
            let at = text(row, 1)?;
            if at >= since.as_str() {
                recent.insert(contact_id);
            }
            let to = text_or_null(row, 2)?.and_then(|s| s.parse().ok());
            all.push((contact_id, at.to_string(), row.get(3)?, to));
        }
        all.retain(|r| recent.contains(&r.0));
        // The order of `ORDER BY contact_id, at, id`.
        all.sort_unstable_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
        Ok(all
            .into_iter()
            .filter_map(|(contact_id, at, _, to)| {
                // Stamps are "2026-11-20T10:00:00Z"; older rows may use a space.
                let at = at.trim_end_matches('Z').replacen('T', " ", 1);
                let at = stamps::date_time(&at)?;
                Some(StageRow { contact_id, at, to })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    //! The one-pass reads give what the plain grouped queries (the
    //! definitions they replace) give, on a demo database.

    use chrono::NaiveDate;

    use crate::domain::kpi::PurchaseRow;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("day")
    }

    fn strings(db: crate::store::Db<'_>, sql: &str, args: &[&str]) -> Vec<(i64, String)> {
        let mut stmt = db.conn.prepare(sql).expect("prepare");
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("query");
        rows.collect::<rusqlite::Result<_>>().expect("rows")
    }

    #[test]
    fn one_pass_reads_match_the_grouped_queries() {
        let ctx = crate::ops::demo::test_ctx(300, 3000, 7);
        let db = ctx.store.db();
        let (from, first, to) = (day(2025, 11, 1), day(2025, 12, 1), day(2026, 12, 1));
        let (mut purchases, mut firsts) = db.purchases(from, first, to).expect("purchases");
        let mut stmt = db
            .conn
            .prepare(
                "SELECT substr(at, 1, 7), contact_id, coalesce(currency, ''), count(*),
                        coalesce(sum(amount_minor), 0)
                   FROM interaction WHERE kind = 'purchase' AND at >= ?1 AND at < ?2
                  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            )
            .expect("prepare");
        let grouped: Vec<PurchaseRow> = stmt
            .query_map(["2025-11-01", "2026-12-01"], |r| {
                Ok(PurchaseRow {
                    month: r.get(0)?,
                    contact_id: r.get(1)?,
                    currency: r.get(2)?,
                    count: r.get::<_, i64>(3)?.unsigned_abs(),
                    minor: r.get(4)?,
                })
            })
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert!(!grouped.is_empty(), "the demo has purchases");
        purchases.sort_by(|a, b| (&a.month, a.contact_id).cmp(&(&b.month, b.contact_id)));
        assert_eq!(purchases, grouped);
        let mut expected = strings(
            db,
            "SELECT contact_id, substr(min(at), 1, 7) FROM interaction
              WHERE kind = 'purchase' AND at < ?2
              GROUP BY contact_id HAVING min(at) >= ?1",
            &["2025-12-01", "2026-12-01"],
        );
        assert!(!expected.is_empty(), "the demo has new customers");
        firsts.sort();
        expected.sort();
        assert_eq!(firsts, expected);

        let (before, months) = db.contacts_created(first).expect("created");
        let all = strings(
            db,
            "SELECT count(*), substr(created_at, 1, 7) AS m FROM contact GROUP BY m ORDER BY m",
            &[],
        );
        let old = |m: &(i64, String)| m.1.as_str() < "2025-12";
        let n = |m: &(i64, String)| m.0.unsigned_abs();
        assert_eq!(before, all.iter().filter(|m| old(m)).map(n).sum::<u64>());
        let recent: Vec<(String, u64)> = all
            .iter()
            .filter(|m| !old(m))
            .map(|m| (m.1.clone(), n(m)))
            .collect();
        assert_eq!(months, recent);

        let history = db.stage_history_since(first).expect("stages");
        let expected = strings(
            db,
            "SELECT contact_id, at FROM stage_change
              WHERE contact_id IN (SELECT contact_id FROM stage_change WHERE at >= ?1)
              ORDER BY contact_id, at, id",
            &["2025-12-01"],
        );
        assert!(!expected.is_empty(), "the demo has stage changes");
        let got: Vec<(i64, String)> = history
            .iter()
            .map(|h| (h.contact_id, h.at.format("%Y-%m-%dT%H:%M:%SZ").to_string()))
            .collect();
        assert_eq!(got, expected);
    }
}
