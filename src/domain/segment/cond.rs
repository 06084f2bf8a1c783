//! What a term means: its value read for its key, against today's date and
//! the default currency. The SQL compiler and the in-Rust evaluator both
//! start from a [`Cond`], so they cannot read a value two ways.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

use super::ast::{Key, Op, Term};
use crate::domain::contact::{Consent, Stage, StakeholderKind};
use crate::domain::dates::{Birthday, Tense, parse_interval, parse_when};
use crate::domain::interaction::InteractionKind;
use crate::domain::money::Money;
use crate::domain::rfm::RfmGroup;
use crate::domain::search::fold;

/// What a query is evaluated against.
#[derive(Clone, Debug)]
pub struct Env {
    pub now: NaiveDateTime,
    /// The configured default currency (money without one).
    pub currency: String,
}

impl Env {
    pub fn today(&self) -> NaiveDate {
        self.now.date()
    }
}

/// A comparison of a number or a day with the term's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    pub fn holds<T: PartialOrd>(self, left: &T, right: &T) -> bool {
        match self {
            Cmp::Eq => left == right,
            Cmp::Lt => left < right,
            Cmp::Le => left <= right,
            Cmp::Gt => left > right,
            Cmp::Ge => left >= right,
        }
    }

    /// The SQL operator (never user text).
    pub fn sql(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }

    /// The comparison read the other way round (`age > n` is `day < today - n`).
    fn flipped(self) -> Cmp {
        match self {
            Cmp::Eq => Cmp::Eq,
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
        }
    }

    fn of(op: Op) -> Cmp {
        match op {
            Op::Is | Op::Eq => Cmp::Eq,
            Op::Lt => Cmp::Lt,
            Op::Le => Cmp::Le,
            Op::Gt => Cmp::Gt,
            Op::Ge => Cmp::Ge,
        }
    }
}

/// Text fields of a contact, compared folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextField {
    Name,
    Org,
    Title,
    City,
    Region,
    Country,
    Postcode,
    Source,
    Email,
    Tag,
    Field(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateField {
    Created,
    Last,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    Overdue,
    Today,
    Week,
    Any,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    Lapsed,
    Ok,
    Set,
    None,
}

/// A term's meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cond {
    /// Folded equality (`contains` false) or folded substring.
    Text {
        field: TextField,
        folded: String,
        contains: bool,
    },
    Stage(Option<Stage>),
    Kind(StakeholderKind),
    Consent(Consent),
    /// The day of `field` compared with `day`.
    Day {
        field: DateField,
        cmp: Cmp,
        day: NaiveDate,
    },
    NeverContacted,
    /// Days until the next birthday compared with `days`.
    Birthday {
        cmp: Cmp,
        days: i64,
    },
    Spent {
        cmp: Cmp,
        money: Money,
    },
    Count {
        kind: InteractionKind,
        cmp: Cmp,
        n: i64,
    },
    /// The latest satisfaction rating (1–5) or NPS answer (0–10).
    Rating {
        nps: bool,
        cmp: Cmp,
        n: i64,
    },
    Due(Due),
    Cadence(Cadence),
    Rfm(RfmGroup),
    /// A saved segment's members, by name.
    Segment(String),
    /// `Some(true)` archived only, `Some(false)` live only, `None` both.
    Archived(Option<bool>),
}

/// Checks that the term's value reads for its key; the message says what was expected.
pub fn check(term: &Term) -> Result<(), String> {
    let env = Env {
        now: NaiveDate::from_ymd_opt(2000, 1, 1)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default(),
        currency: "EUR".into(),
    };
    cond(term, &env).map(|_| ())
}

/// The meaning of `term` on `env`'s day.
pub fn cond(term: &Term, env: &Env) -> Result<Cond, String> {
    let v = term.value.trim();
    if let Some(field) = text_field(&term.key) {
        return text(term, field);
    }
    match &term.key {
        Key::Stage => {
            only_is(term)?;
            if v.eq_ignore_ascii_case("none") {
                return Ok(Cond::Stage(None));
            }
            word(v, "a stage").map(|s| Cond::Stage(Some(s)))
        }
        Key::Kind => only_is(term).and_then(|()| word(v, "a kind").map(Cond::Kind)),
        Key::Consent => only_is(term).and_then(|()| word(v, "a consent").map(Cond::Consent)),
        Key::Rfm => only_is(term).and_then(|()| word(v, "an RFM group").map(Cond::Rfm)),
        Key::Created => day(term, env, DateField::Created),
        Key::Last => {
            if v.eq_ignore_ascii_case("none") || v.eq_ignore_ascii_case("never") {
                only_is(term)?;
                return Ok(Cond::NeverContacted);
            }
            day(term, env, DateField::Last)
        }
        Key::Birthday => birthday(term),
        Key::Spent => {
            let money = Money::parse(v, &env.currency).map_err(|_| {
                "`spent` needs a number or an amount like 1000 or \"1000 USD\"".to_string()
            })?;
            Ok(Cond::Spent {
                cmp: Cmp::of(term.op),
                money,
            })
        }
        Key::Count(kind) => Ok(Cond::Count {
            kind: *kind,
            cmp: Cmp::of(term.op),
            n: number(term, 0, 1_000_000)?,
        }),
        Key::Rating => Ok(Cond::Rating {
            nps: false,
            cmp: Cmp::of(term.op),
            n: number(term, 1, 5)?,
        }),
        Key::Nps => Ok(Cond::Rating {
            nps: true,
            cmp: Cmp::of(term.op),
            n: number(term, 0, 10)?,
        }),
        Key::Due => choice(
            term,
            &[
                ("overdue", Due::Overdue),
                ("today", Due::Today),
                ("week", Due::Week),
                ("any", Due::Any),
                ("none", Due::None),
            ],
        )
        .map(Cond::Due),
        Key::Cadence => choice(
            term,
            &[
                ("lapsed", Cadence::Lapsed),
                ("ok", Cadence::Ok),
                ("set", Cadence::Set),
                ("none", Cadence::None),
            ],
        )
        .map(Cond::Cadence),
        Key::Archived => choice(
            term,
            &[("yes", Some(true)), ("no", Some(false)), ("any", None)],
        )
        .map(Cond::Archived),
        Key::Segment => {
            only_is(term)?;
            Ok(Cond::Segment(v.to_string()))
        }
        _ => Err(format!("`{}:` is not a key", term.key)),
    }
}

/// The text field a key compares, if it is a text key.
fn text_field(key: &Key) -> Option<TextField> {
    Some(match key {
        Key::Tag => TextField::Tag,
        Key::Name => TextField::Name,
        Key::Email => TextField::Email,
        Key::Org => TextField::Org,
        Key::Title => TextField::Title,
        Key::City => TextField::City,
        Key::Region => TextField::Region,
        Key::Country => TextField::Country,
        Key::Postcode => TextField::Postcode,
        Key::Source => TextField::Source,
        Key::Field(k) => TextField::Field(fold(k)),
        _ => return None,
    })
}

/// Name, e-mail, organisation and title match a part (`name:mul`) unless
/// written `key:=value`; the other text keys match the whole value.
fn text(term: &Term, field: TextField) -> Result<Cond, String> {
    only_is(term)?;
    let folded = fold(term.value.trim());
    if folded.is_empty() {
        return Err(format!(
            "`{}:` needs a value with letters or digits",
            term.key
        ));
    }
    let partial = matches!(
        field,
        TextField::Name | TextField::Email | TextField::Org | TextField::Title
    );
    Ok(Cond::Text {
        field,
        folded,
        contains: partial && term.op != Op::Eq,
    })
}

fn only_is(term: &Term) -> Result<(), String> {
    match term.op {
        Op::Is | Op::Eq => Ok(()),
        op => Err(format!(
            "`{}:` compares no order: write `{}:value`, not `{}:{}`",
            term.key,
            term.key,
            term.key,
            op.as_str()
        )),
    }
}

fn word<T: std::str::FromStr<Err = crate::domain::Invalid>>(
    v: &str,
    what: &str,
) -> Result<T, String> {
    v.parse::<T>()
        .map_err(|e| format!("expected {what}: {}", e.reason))
}

fn choice<T: Copy>(term: &Term, choices: &[(&str, T)]) -> Result<T, String> {
    only_is(term)?;
    let v = term.value.trim().to_lowercase();
    choices
        .iter()
        .find(|(w, _)| *w == v)
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            let words: Vec<&str> = choices.iter().map(|(w, _)| *w).collect();
            format!("`{}:` takes {}", term.key, words.join(", "))
        })
}

fn number(term: &Term, min: i64, max: i64) -> Result<i64, String> {
    term.value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| format!("`{}` needs a whole number from {min} to {max}", term.key))
}

/// `created:<2025-01-01`, `created:>-2w`, `last:>90d` (an age: more than 90
/// days ago), `last:2026-11-30` (that day).
fn day(term: &Term, env: &Env, field: DateField) -> Result<Cond, String> {
    let v = term.value.trim();
    let today = env.today();
    // A bare amount of time (`90d`, `2 weeks`) is an age: how long ago.
    if let Some(age) = parse_interval(v)
        .ok()
        .filter(|_| !v.starts_with(['-', '+']))
    {
        let cutoff = age.checked_sub_from(today).unwrap_or(NaiveDate::MIN);
        // `last:90d` reads "within 90 days", as `last:<=90d`.
        let cmp = match term.op {
            Op::Is | Op::Eq => Cmp::Le,
            op => Cmp::of(op),
        };
        return Ok(Cond::Day {
            field,
            cmp: cmp.flipped(),
            day: cutoff,
        });
    }
    let when = parse_when(v, env.now, Tense::Past).map_err(|_| {
        format!(
            "`{}` needs a date (2025-01-01, -2w, yesterday) or an age (90d, 6m)",
            term.key
        )
    })?;
    Ok(Cond::Day {
        field,
        cmp: Cmp::of(term.op),
        day: when.date,
    })
}

/// `birthday:<30d`: the next birthday is fewer than 30 days away (today is 0).
fn birthday(term: &Term) -> Result<Cond, String> {
    let v = term.value.trim();
    let days = if v.eq_ignore_ascii_case("today") {
        0
    } else {
        parse_interval(v)
            .ok()
            .filter(|i| {
                i.unit != crate::domain::dates::Unit::Month
                    && i.unit != crate::domain::dates::Unit::Year
            })
            .map(|i| i.approx_days())
            .ok_or_else(|| {
                "`birthday` needs a number of days or weeks, like <30d or <2w".to_string()
            })?
    };
    let cmp = match term.op {
        Op::Is | Op::Eq if v.eq_ignore_ascii_case("today") => Cmp::Eq,
        Op::Is | Op::Eq => Cmp::Le,
        op => Cmp::of(op),
    };
    Ok(Cond::Birthday { cmp, days })
}

/// Days from `today` to the next birthday on `stored` ("1985-04-12", "--04-12").
pub fn days_to_birthday(stored: &str, today: NaiveDate) -> Option<i64> {
    let b = Birthday::from_storage(stored)?;
    Some((b.next_on_or_after(today) - today).num_days())
}

/// The month-days ("04-12") whose next birthday satisfies `cmp days`.
pub fn birthday_days(cmp: Cmp, days: i64, today: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    while d.year() == 2000 {
        let md = d.format("%m-%d").to_string();
        if days_to_birthday(&format!("--{md}"), today).is_some_and(|n| cmp.holds(&n, &days)) {
            out.push(md);
        }
        d = d.checked_add_days(Days::new(1)).unwrap_or(NaiveDate::MAX);
    }
    out
}
