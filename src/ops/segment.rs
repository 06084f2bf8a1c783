//! Segments: evaluating a query, saved segments, their sizes over time and
//! their performance side by side.

use std::collections::HashMap;

use chrono::Days;

use super::Ctx;
use crate::domain::period::{Period, Span};
use crate::domain::segment::{self, Env, Key, Performance, Query, SavedSegment, check_name, cond};
use crate::error::{Error, Result};
use crate::store::{Compiled, ContactSort, Db, ListRow, Refs, SegmentRow, compile_segment};

/// The members of a query (text in the segment language), name order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Members {
    /// How many contacts match in all.
    pub total: u64,
    /// The first `limit` of them.
    pub rows: Vec<ListRow>,
}

/// Reads `query`, or a user error whose message holds the caret picture.
pub fn parse(query: &str) -> Result<Query> {
    segment::parse(query).map_err(|e| {
        Error::user(format!("cannot read the query:\n{}", e.caret(query))).with_hint(
            "docs/segments.md lists every key; quote a value with spaces: org:\"Acme GmbH\"",
        )
    })
}

/// What a query is evaluated against: now, and the default currency.
pub fn env(ctx: &Ctx) -> Env {
    Env {
        now: ctx.clock.now(),
        currency: ctx.config.currency.clone(),
    }
}

/// Compiles a query to SQL over the contacts, its saved segments and RFM
/// groups resolved to their members.
pub fn compile(ctx: &Ctx, q: &Query) -> Result<Compiled> {
    compile_in(ctx, q, &mut Vec::new())
}

fn compile_in(ctx: &Ctx, q: &Query, stack: &mut Vec<String>) -> Result<Compiled> {
    let db = ctx.store.db();
    let mut refs = Refs::default();
    if q.mentions(&|k| *k == Key::Tag) {
        refs.tags = db.distinct_tags()?;
    }
    let env = env(ctx);
    for term in q.terms() {
        match cond::cond(term, &env).map_err(Error::user)? {
            segment::Cond::Rfm(group) => {
                if let std::collections::hash_map::Entry::Vacant(e) = refs.rfm.entry(group) {
                    e.insert(super::rfm::group_members(ctx, group)?);
                }
            }
            segment::Cond::Segment(name) => {
                let key = name.to_lowercase();
                if let std::collections::hash_map::Entry::Vacant(e) = refs.segments.entry(key) {
                    e.insert(saved_ids(ctx, &name, stack)?);
                }
            }
            _ => {}
        }
    }
    compile_segment(q, &env, &refs).map_err(Error::user)
}

/// The members of the saved segment `name` (`segment:NAME`): a static one's
/// frozen list, a live one's query evaluated now. `stack` holds the
/// segments being read, so a segment that refers to itself is refused.
fn saved_ids(ctx: &Ctx, name: &str, stack: &mut Vec<String>) -> Result<Vec<i64>> {
    let shown = crate::domain::text::printable(name);
    if stack.iter().any(|s| s.eq_ignore_ascii_case(name)) {
        return Err(Error::user(format!(
            "segment {shown} refers to itself: {} → {shown}",
            stack.join(" → ")
        )));
    }
    let row = ctx.store.db().segment_by_name(name)?.ok_or_else(|| {
        Error::user(format!("there is no segment named {shown}"))
            .with_hint("kith segment list shows the saved segments")
    })?;
    if row.is_static {
        return Ok(ctx.store.db().segment_members(row.id)?);
    }
    stack.push(row.name.clone());
    let q = parse(&row.query)?;
    let compiled = compile_in(ctx, &q, stack)?;
    stack.pop();
    Ok(ctx.store.db().segment_ids(&compiled, ContactSort::Name)?)
}

/// Evaluates `query`: how many match and the first `limit`. A query that
/// does not parse is a user error whose message holds the caret picture.
pub fn members(ctx: &Ctx, query: &str, limit: usize) -> Result<Members> {
    let compiled = compile(ctx, &parse(query)?)?;
    members_of(ctx.store.db(), &compiled, limit)
}

fn members_of(db: Db<'_>, compiled: &Compiled, limit: usize) -> Result<Members> {
    Ok(Members {
        total: db.segment_count(compiled)?,
        rows: db.segment_rows(compiled, ContactSort::Name, Some(limit))?,
    })
}

/// The ids of every contact matching `query`.
pub fn member_ids(ctx: &Ctx, query: &str) -> Result<Vec<i64>> {
    let compiled = compile(ctx, &parse(query)?)?;
    Ok(ctx.store.db().segment_ids(&compiled, ContactSort::Name)?)
}

/// The query that selects exactly these contacts.
fn of_ids(ids: &[i64]) -> Compiled {
    Compiled {
        sql: "c.id IN (SELECT value FROM json_each(?))".into(),
        params: vec![
            serde_json::to_string(ids)
                .unwrap_or_else(|_| "[]".into())
                .into(),
        ],
    }
}

/// A saved segment's members now, as a query over the contacts.
fn saved_query(ctx: &Ctx, row: &SegmentRow) -> Result<Compiled> {
    if row.is_static {
        Ok(of_ids(&ctx.store.db().segment_members(row.id)?))
    } else {
        let mut stack = vec![row.name.clone()];
        compile_in(ctx, &parse(&row.query)?, &mut stack)
    }
}

/// Saves a segment (a static one freezes its members now).
pub fn add(
    ctx: &mut Ctx,
    name: &str,
    query: &str,
    is_static: bool,
    description: &str,
) -> Result<SavedSegment> {
    check_name(name).map_err(Error::user)?;
    let description = description.trim();
    if description.chars().any(crate::domain::text::is_unsafe) {
        return Err(Error::user("the description has control characters"));
    }
    let compiled = compile(ctx, &parse(query)?)?;
    if ctx.store.db().segment_by_name(name)?.is_some() {
        return Err(
            Error::user(format!("there is already a segment named {name}"))
                .with_hint("pick another name, or remove that one first: kith segment rm NAME"),
        );
    }
    let members = if is_static {
        ctx.store.db().segment_ids(&compiled, ContactSort::Name)?
    } else {
        Vec::new()
    };
    let row = SegmentRow {
        id: 0,
        name: name.to_string(),
        query: query.trim().to_string(),
        description: description.to_string(),
        is_static,
    };
    let now = ctx.clock.stamp();
    let uid = super::new_uid();
    let id = ctx.store.write(|db| -> Result<i64> {
        let id = db.insert_segment(&uid, &row, &now)?;
        if is_static {
            db.set_segment_members(id, &members)?;
        }
        Ok(id)
    })?;
    let size = ctx.store.db().segment_count(&compiled)?;
    Ok(SavedSegment {
        id,
        name: row.name,
        query: row.query,
        description: row.description,
        is_static,
        size,
        week_ago: None,
    })
}

fn saved(ctx: &Ctx, row: SegmentRow) -> Result<(SavedSegment, Compiled)> {
    let compiled = saved_query(ctx, &row)?;
    let db = ctx.store.db();
    let size = db.segment_count(&compiled)?;
    let today = ctx.clock.now().date();
    let day = |n: u64| {
        today
            .checked_sub_days(Days::new(n))
            .unwrap_or(today)
            .format("%Y-%m-%d")
            .to_string()
    };
    let week_ago = db.segment_size_between(row.id, &day(14), &day(7))?;
    Ok((
        SavedSegment {
            id: row.id,
            name: row.name,
            query: row.query,
            description: row.description,
            is_static: row.is_static,
            size,
            week_ago,
        },
        compiled,
    ))
}

fn find(ctx: &Ctx, name: &str) -> Result<SegmentRow> {
    ctx.store.db().segment_by_name(name)?.ok_or_else(|| {
        Error::user(format!(
            "there is no segment named {}",
            crate::domain::text::printable(name)
        ))
        .with_hint("kith segment list shows the saved segments")
    })
}

/// Every saved segment with its size now and a week ago, by name.
pub fn list(ctx: &Ctx) -> Result<Vec<SavedSegment>> {
    let rows = ctx.store.db().segments()?;
    rows.into_iter()
        .map(|row| saved(ctx, row).map(|(s, _)| s))
        .collect()
}

/// One saved segment and its first `limit` members.
pub fn show(ctx: &Ctx, name: &str, limit: usize) -> Result<(SavedSegment, Members)> {
    let (seg, compiled) = saved(ctx, find(ctx, name)?)?;
    let members = members_of(ctx.store.db(), &compiled, limit)?;
    Ok((seg, members))
}

/// Removes a saved segment; returns it. A segment another one's query
/// names (`segment:NAME`) is kept, naming that one.
pub fn remove(ctx: &mut Ctx, name: &str) -> Result<SavedSegment> {
    let row = find(ctx, name)?;
    for other in ctx.store.db().segments()? {
        let uses = segment::parse(&other.query).is_ok_and(|q| {
            q.terms()
                .iter()
                .any(|t| t.key == Key::Segment && t.value.trim().eq_ignore_ascii_case(&row.name))
        });
        if uses && other.id != row.id {
            return Err(Error::user(format!(
                "segment {} is used by segment {}; nothing was removed",
                row.name, other.name
            ))
            .with_hint(format!("remove {} first", other.name)));
        }
    }
    let (seg, _) = saved(ctx, row)?;
    ctx.store.write(|db| db.delete_segment(seg.id))?;
    Ok(seg)
}

/// The period segments are compared over unless told otherwise: a month
/// is too short (on the 1st every figure is 0), a quarter sees repeat buyers.
pub const COMPARE_PERIOD: Period = Period::Quarter;

/// Each named segment's performance in `span`, in the order given.
pub fn compare(ctx: &Ctx, names: &[String], span: Span) -> Result<Vec<Performance>> {
    let fmt = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let (before, from, to) = (fmt(span.previous().start), fmt(span.start), fmt(span.end()));
    let mut out = Vec::new();
    for name in names {
        let (seg, compiled) = saved(ctx, find(ctx, name)?)?;
        let db = ctx.store.db();
        let ids = db.segment_ids(&compiled, ContactSort::Name)?;
        let s = db.segment_sums(&ids, &before, &from, &to, &ctx.config.currency)?;
        let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        let retention = ratio(s.buyers_kept, s.buyers_before);
        out.push(Performance {
            name: seg.name,
            span,
            size: seg.size,
            customers: s.customers,
            revenue_minor: s.revenue_minor,
            average_purchase_minor: (s.purchases > 0)
                .then(|| s.revenue_minor / i64::try_from(s.purchases).unwrap_or(i64::MAX)),
            purchases_per_contact: ratio(s.purchases, seg.size),
            response_rate: ratio(s.campaign_answered, s.campaign_sends),
            retention,
            churn: retention.map(|r| 1.0 - r),
            average_nps: (s.nps_answers > 0).then(|| s.nps_sum as f64 / s.nps_answers as f64),
        });
    }
    Ok(out)
}

/// Records every saved segment's size for today, once a day: when every
/// segment has today's size this is one indexed read and writes nothing.
pub fn record_sizes_if_due(ctx: &mut Ctx) -> Result<()> {
    let today = ctx.clock.now().date().format("%Y-%m-%d").to_string();
    let due = ctx.store.db().segments_unsized_on(&today)?;
    if due.is_empty() {
        return Ok(());
    }
    let rows: HashMap<i64, SegmentRow> = ctx
        .store
        .db()
        .segments()?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut sizes = Vec::new();
    for id in due {
        let Some(row) = rows.get(&id) else { continue };
        // A segment whose query no longer reads (a segment it names was
        // removed by an older kith) has no size today.
        if let Ok(compiled) = saved_query(ctx, row) {
            sizes.push((id, ctx.store.db().segment_count(&compiled)?));
        }
    }
    ctx.store.write(|db| -> Result<()> {
        for (id, size) in &sizes {
            db.record_segment_size(*id, &today, *size)?;
        }
        Ok(())
    })
}
