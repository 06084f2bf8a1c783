//! The segment language in SQL: a [`Query`] compiled to a `WHERE` clause over
//! `contact c` with every value a bound parameter, the members it selects,
//! saved segments and their daily sizes, and the sums `segment compare` shows.
//!
//! The only text spliced into the SQL is the compiler's own: column names,
//! comparison operators and interaction kinds from closed sets (a kind is
//! written as a literal so that `SQLite` uses the partial indexes).

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{Days, NaiveDate};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::{Db, ListRow, Result};
use crate::domain::rfm::RfmGroup;
use crate::domain::search::fold;
use crate::domain::segment::cond::{self, Cadence, DateField, Due, TextField};
use crate::domain::segment::{Cmp, Cond, Env, Query};

/// A compiled query: a condition on `contact c` and its parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Compiled {
    pub sql: String,
    pub params: Vec<Value>,
}

/// What `rfm:` and `segment:` terms stand for, found before compiling.
#[derive(Clone, Debug, Default)]
pub struct Refs {
    pub rfm: HashMap<RfmGroup, Vec<i64>>,
    /// By the segment's name, lower-cased.
    pub segments: HashMap<String, Vec<i64>>,
    /// Every distinct tag on file (tags compare folded, and a folded tag
    /// list keeps the tag index in use).
    pub tags: Vec<String>,
}

/// The name of the SQL function that folds text like `domain::search::fold`.
const FOLD: &str = "kith_fold";

/// Compiles `q`: archived contacts are left out unless a term says `archived:`.
pub fn compile(q: &Query, env: &Env, refs: &Refs) -> Result<Compiled, String> {
    let mut c = Compiler {
        env,
        refs,
        params: Vec::new(),
    };
    let mut sql = c.query(q)?;
    if !q.mentions(&|k| *k == crate::domain::segment::Key::Archived) {
        sql = format!("c.archived = 0 AND ({sql})");
    }
    Ok(Compiled {
        sql,
        params: c.params,
    })
}

struct Compiler<'a> {
    env: &'a Env,
    refs: &'a Refs,
    params: Vec<Value>,
}

impl Compiler<'_> {
    fn query(&mut self, q: &Query) -> Result<String, String> {
        Ok(match q {
            Query::Term(t) => {
                let cond = cond::cond(t, self.env)?;
                self.cond(&cond)?
            }
            // A term on an empty column is NULL, which `NOT` keeps NULL:
            // read as false first, so `-city:berlin` finds those without a city.
            Query::Not(q) => format!("NOT coalesce(({}), 0)", self.query(q)?),
            Query::And(a, b) => format!("({}) AND ({})", self.query(a)?, self.query(b)?),
            Query::Or(a, b) => format!("({}) OR ({})", self.query(a)?, self.query(b)?),
        })
    }

    fn bind(&mut self, v: impl Into<Value>) -> &'static str {
        self.params.push(v.into());
        "?"
    }

    fn ids(&mut self, ids: &[i64]) -> String {
        let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        format!("c.id IN (SELECT value FROM json_each({}))", self.bind(json))
    }

    fn day(&mut self, d: NaiveDate) -> &'static str {
        self.bind(d.format("%Y-%m-%d").to_string())
    }

    fn cond(&mut self, cond: &Cond) -> Result<String, String> {
        Ok(match cond {
            Cond::Text {
                field,
                folded,
                contains,
            } => self.text(field, folded, *contains),
            Cond::Stage(None) => "c.stage IS NULL".into(),
            Cond::Stage(Some(s)) => format!("c.stage = {}", self.bind(s.as_str().to_string())),
            Cond::Kind(k) => format!("c.kind = {}", self.bind(k.as_str().to_string())),
            Cond::Consent(k) => format!("c.consent = {}", self.bind(k.as_str().to_string())),
            Cond::Day { field, cmp, day } => self.date(*field, *cmp, *day),
            Cond::NeverContacted => "c.last_interaction_at IS NULL".into(),
            Cond::Birthday { cmp, days } => {
                let mds = cond::birthday_days(*cmp, *days, self.env.today());
                let json = serde_json::to_string(&mds).unwrap_or_else(|_| "[]".into());
                format!(
                    "c.birthday IS NOT NULL AND substr(c.birthday, -5) IN (SELECT value FROM json_each({}))",
                    self.bind(json)
                )
            }
            Cond::Spent { cmp, money } => {
                let currency = self.bind(money.currency.clone()).to_string();
                let value = money.minor;
                self.per_contact(
                    "interaction INDEXED BY interaction_purchase",
                    &format!("kind = 'purchase' AND currency = {currency}"),
                    "sum(amount_minor)",
                    *cmp,
                    value,
                )
            }
            Cond::Count { kind, cmp, n } => {
                // A kind from the closed set, written literally for the index.
                let filter = format!("kind = '{}'", kind.as_str());
                self.per_contact("interaction", &filter, "count(*)", *cmp, *n)
            }
            Cond::Rating { nps, cmp, n } => {
                let col = if *nps { "nps" } else { "rating" };
                format!(
                    "c.id IN (SELECT contact_id FROM (SELECT contact_id, {col} AS v, max(at) \
                     FROM interaction INDEXED BY interaction_feedback \
                     WHERE kind = 'feedback' AND {col} IS NOT NULL \
                     GROUP BY contact_id) WHERE v {} {})",
                    cmp.sql(),
                    self.bind(*n)
                )
            }
            Cond::Due(due) => self.due(*due),
            Cond::Cadence(c) => self.cadence(*c),
            Cond::Rfm(g) => {
                let ids = self.refs.rfm.get(g).cloned().unwrap_or_default();
                self.ids(&ids)
            }
            Cond::Segment(name) => {
                let ids = self
                    .refs
                    .segments
                    .get(&name.to_lowercase())
                    .cloned()
                    .ok_or_else(|| format!("there is no segment named {name:?}"))?;
                self.ids(&ids)
            }
            Cond::Archived(None) => "1".into(),
            Cond::Archived(Some(a)) => format!("c.archived = {}", i64::from(*a)),
        })
    }

    fn text(&mut self, field: &TextField, folded: &str, contains: bool) -> String {
        let test = |column: &str, p: &str| {
            if contains {
                format!("instr({FOLD}({column}), {p}) > 0")
            } else {
                format!("{FOLD}({column}) = {p}")
            }
        };
        match field {
            TextField::Tag => {
                let tags: Vec<&String> = self
                    .refs
                    .tags
                    .iter()
                    .filter(|t| fold(t) == folded)
                    .collect();
                let json = serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into());
                format!(
                    "c.id IN (SELECT contact_id FROM contact_tag WHERE tag IN (SELECT value FROM json_each({})))",
                    self.bind(json)
                )
            }
            TextField::Email => {
                let p = self.bind(folded.to_string());
                format!(
                    "c.id IN (SELECT contact_id FROM contact_email WHERE {})",
                    test("email", p)
                )
            }
            TextField::Field(key) => {
                let k = self.bind(key.clone());
                let p = self.bind(folded.to_string());
                format!(
                    "c.id IN (SELECT contact_id FROM contact_field WHERE {FOLD}(key) = {k} AND {})",
                    test("value", p)
                )
            }
            other => {
                let column = match other {
                    TextField::Name => "c.display_name",
                    TextField::Org => "c.org",
                    TextField::Title => "c.title",
                    TextField::City => "c.city",
                    TextField::Region => "c.region",
                    TextField::Country => "c.country",
                    TextField::Postcode => "c.postcode",
                    _ => "c.source",
                };
                let p = self.bind(folded.to_string());
                test(column, p)
            }
        }
    }

    /// A day compared with `day`; times are local "YYYY-MM-DD HH:MM:SS", so
    /// "the day is before D" is "the time is before D" as text. Never
    /// contacted counts as contacted long ago.
    fn date(&mut self, field: DateField, cmp: Cmp, day: NaiveDate) -> String {
        let column = match field {
            DateField::Created => "c.created_at",
            DateField::Last => "c.last_interaction_at",
        };
        let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
        let test = match cmp {
            Cmp::Lt => format!("{column} < {}", self.day(day)),
            Cmp::Le => format!("{column} < {}", self.day(next)),
            Cmp::Gt => format!("{column} >= {}", self.day(next)),
            Cmp::Ge => format!("{column} >= {}", self.day(day)),
            Cmp::Eq => {
                let from = self.day(day);
                let to = self.day(next);
                format!("{column} >= {from} AND {column} < {to}")
            }
        };
        match (field, cmp) {
            (DateField::Last, Cmp::Lt | Cmp::Le) => format!("({column} IS NULL OR {test})"),
            _ => test,
        }
    }

    /// A sum or count per contact over some interactions compared with
    /// `value`; contacts with none have 0, so when 0 passes the test the
    /// contacts that fail it are left out instead.
    fn per_contact(
        &mut self,
        table: &str,
        filter: &str,
        agg: &str,
        cmp: Cmp,
        value: i64,
    ) -> String {
        let p = self.bind(value);
        let (member, test) = if cmp.holds(&0, &value) {
            ("NOT IN", format!("NOT ({agg} {} {p})", cmp.sql()))
        } else {
            ("IN", format!("{agg} {} {p}", cmp.sql()))
        };
        format!(
            "c.id {member} (SELECT contact_id FROM {table} WHERE {filter} \
             GROUP BY contact_id HAVING {test})"
        )
    }

    fn due(&mut self, due: Due) -> String {
        let today = self.env.today();
        let open = "SELECT contact_id FROM follow_up WHERE done_at IS NULL";
        let when = "coalesce(snoozed_until, due)";
        match due {
            Due::Overdue => format!("c.id IN ({open} AND {when} < {})", self.day(today)),
            Due::Today | Due::Week => {
                let days = if due == Due::Today { 1 } else { 7 };
                let end = today.checked_add_days(Days::new(days)).unwrap_or(today);
                let from = self.day(today);
                let to = self.day(end);
                format!("c.id IN ({open} AND {when} >= {from} AND {when} < {to})")
            }
            Due::Any => format!("c.id IN ({open})"),
            Due::None => format!("c.id NOT IN ({open})"),
        }
    }

    fn cadence(&mut self, c: Cadence) -> String {
        match c {
            Cadence::Set => "c.cadence_days IS NOT NULL".into(),
            Cadence::None => "c.cadence_days IS NULL".into(),
            Cadence::Lapsed | Cadence::Ok => {
                let cmp = if c == Cadence::Lapsed { "<=" } else { ">" };
                let today = self.day(self.env.today());
                format!(
                    "c.cadence IS NOT NULL AND {} {cmp} {today}",
                    super::reminders::lapse_day!()
                )
            }
        }
    }
}

/// Registers the folding function on `conn` (cheap; the same function again
/// replaces itself).
fn register_fold(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        FOLD,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| fold(&t)))
        },
    )?;
    Ok(())
}

impl Db<'_> {
    /// Every distinct tag on file.
    pub fn distinct_tags(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT tag FROM contact_tag")?;
        let tags = stmt.query_map([], |r| r.get(0))?;
        Ok(tags.collect::<Result<_, _>>()?)
    }

    /// How many contacts `q` selects.
    pub fn segment_count(&self, q: &Compiled) -> Result<u64> {
        register_fold(self.conn)?;
        let sql = format!("SELECT count(*) FROM contact c WHERE {}", q.sql);
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(q.params.iter()), |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The ids `q` selects, in `sort` order.
    pub fn segment_ids(&self, q: &Compiled, sort: super::ContactSort) -> Result<Vec<i64>> {
        register_fold(self.conn)?;
        let sql = format!(
            "SELECT c.id FROM contact c WHERE {} ORDER BY {}",
            q.sql,
            super::contacts::order_sql(sort)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let ids = stmt.query_map(params_from_iter(q.params.iter()), |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// List rows of the contacts `q` selects, in `sort` order, at most `limit`.
    pub fn segment_rows(
        &self,
        q: &Compiled,
        sort: super::ContactSort,
        limit: Option<usize>,
    ) -> Result<Vec<ListRow>> {
        register_fold(self.conn)?;
        let mut sql = format!(
            "SELECT c.id, c.display_name,
                    {},
                    c.org, c.stage, c.last_interaction_at
             FROM contact c WHERE {} ORDER BY {}",
            super::contacts::PRIMARY_EMAIL,
            q.sql,
            super::contacts::order_sql(sort)
        );
        if let Some(limit) = limit.and_then(|l| i64::try_from(l).ok()) {
            let _ = write!(sql, " LIMIT {limit}");
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(q.params.iter()), ListRow::read)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
#[path = "segment_tests.rs"]
mod tests;
