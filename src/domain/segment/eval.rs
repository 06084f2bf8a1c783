//! The segment language evaluated in Rust on one contact's facts: the
//! reference the SQL compiler is tested against (and what a front end holding
//! contacts in memory may use).

use chrono::NaiveDate;

use super::cond::{self, Cadence, DateField, Due, TextField};
use super::{Cmp, Cond, Env, Key, Query};
use crate::domain::contact::{Consent, Stage, StakeholderKind};
use crate::domain::interaction::InteractionKind;
use crate::domain::search::fold;

/// What a query can ask about one contact.
#[derive(Clone, Debug)]
pub struct Facts {
    pub id: i64,
    pub name: String,
    pub org: Option<String>,
    pub title: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub postcode: Option<String>,
    pub source: String,
    pub emails: Vec<String>,
    pub tags: Vec<String>,
    pub fields: Vec<(String, String)>,
    pub stage: Option<Stage>,
    pub kind: StakeholderKind,
    pub consent: Consent,
    pub archived: bool,
    pub created: NaiveDate,
    /// The day of the newest interaction.
    pub last: Option<NaiveDate>,
    /// As stored: "1985-04-12" or "--04-12".
    pub birthday: Option<String>,
    /// Total purchases per currency.
    pub spent: Vec<(String, i64)>,
    pub counts: Vec<(InteractionKind, i64)>,
    /// The latest rating and NPS answer.
    pub rating: Option<i64>,
    pub nps: Option<i64>,
    /// The days of the open follow-ups (snoozed ones at their snoozed day).
    pub open_follow_ups: Vec<NaiveDate>,
    /// The day the stay-in-touch cadence lapses, when one is set.
    pub lapse: Option<NaiveDate>,
}

/// Whether the contact matches `q` (archived ones only when `q` names `archived:`).
/// `in_set` answers `rfm:` and `segment:` terms.
pub fn matches(
    q: &Query,
    f: &Facts,
    env: &Env,
    in_set: &dyn Fn(&Cond, i64) -> bool,
) -> Result<bool, String> {
    if f.archived && !q.mentions(&|k| *k == Key::Archived) {
        return Ok(false);
    }
    eval(q, f, env, in_set)
}

fn eval(
    q: &Query,
    f: &Facts,
    env: &Env,
    in_set: &dyn Fn(&Cond, i64) -> bool,
) -> Result<bool, String> {
    Ok(match q {
        Query::Term(t) => holds(&cond::cond(t, env)?, f, env, in_set),
        Query::Not(q) => !eval(q, f, env, in_set)?,
        Query::And(a, b) => eval(a, f, env, in_set)? && eval(b, f, env, in_set)?,
        Query::Or(a, b) => eval(a, f, env, in_set)? || eval(b, f, env, in_set)?,
    })
}

fn text_holds(value: Option<&str>, folded: &str, contains: bool) -> bool {
    value.is_some_and(|v| {
        let v = fold(v);
        if contains {
            v.contains(folded)
        } else {
            v == folded
        }
    })
}

fn holds(c: &Cond, f: &Facts, env: &Env, in_set: &dyn Fn(&Cond, i64) -> bool) -> bool {
    let today = env.today();
    match c {
        Cond::Text {
            field,
            folded,
            contains,
        } => {
            let one = |v: Option<&String>| text_holds(v.map(String::as_str), folded, *contains);
            match field {
                TextField::Name => one(Some(&f.name)),
                TextField::Org => one(f.org.as_ref()),
                TextField::Title => one(f.title.as_ref()),
                TextField::City => one(f.city.as_ref()),
                TextField::Region => one(f.region.as_ref()),
                TextField::Country => one(f.country.as_ref()),
                TextField::Postcode => one(f.postcode.as_ref()),
                TextField::Source => one(Some(&f.source)),
                TextField::Email => f.emails.iter().any(|e| one(Some(e))),
                TextField::Tag => f.tags.iter().any(|t| one(Some(t))),
                TextField::Field(k) => f
                    .fields
                    .iter()
                    .any(|(key, v)| fold(key) == *k && one(Some(v))),
            }
        }
        Cond::Stage(s) => f.stage == *s,
        Cond::Kind(k) => f.kind == *k,
        Cond::Consent(k) => f.consent == *k,
        Cond::Day { field, cmp, day } => match field {
            DateField::Created => cmp.holds(&f.created, day),
            // Never contacted counts as long ago.
            DateField::Last => f
                .last
                .map_or(matches!(cmp, Cmp::Lt | Cmp::Le), |l| cmp.holds(&l, day)),
        },
        Cond::NeverContacted => f.last.is_none(),
        Cond::Birthday { cmp, days } => f
            .birthday
            .as_deref()
            .and_then(|b| cond::days_to_birthday(b, today))
            .is_some_and(|n| cmp.holds(&n, days)),
        Cond::Spent { cmp, money } => {
            let total = f
                .spent
                .iter()
                .filter(|(c, _)| *c == money.currency)
                .map(|(_, m)| *m)
                .sum::<i64>();
            cmp.holds(&total, &money.minor)
        }
        Cond::Count { kind, cmp, n } => {
            let total = f
                .counts
                .iter()
                .filter(|(k, _)| k == kind)
                .map(|(_, n)| *n)
                .sum::<i64>();
            cmp.holds(&total, n)
        }
        Cond::Rating { nps, cmp, n } => {
            let v = if *nps { f.nps } else { f.rating };
            v.is_some_and(|v| cmp.holds(&v, n))
        }
        Cond::Due(due) => {
            let week = today + chrono::Days::new(7);
            let any = |p: &dyn Fn(NaiveDate) -> bool| f.open_follow_ups.iter().any(|d| p(*d));
            match due {
                Due::Overdue => any(&|d| d < today),
                Due::Today => any(&|d| d == today),
                Due::Week => any(&|d| d >= today && d < week),
                Due::Any => !f.open_follow_ups.is_empty(),
                Due::None => f.open_follow_ups.is_empty(),
            }
        }
        Cond::Cadence(c) => match c {
            Cadence::Set => f.lapse.is_some(),
            Cadence::None => f.lapse.is_none(),
            Cadence::Lapsed => f.lapse.is_some_and(|l| l <= today),
            Cadence::Ok => f.lapse.is_some_and(|l| l > today),
        },
        Cond::Rfm(_) | Cond::Segment(_) => in_set(c, f.id),
        Cond::Archived(a) => a.is_none_or(|a| a == f.archived),
    }
}
