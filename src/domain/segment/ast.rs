//! The segment language's syntax tree, and how it prints back as text.
//!
//! Printing then parsing gives the same tree (a property test checks it):
//! parentheses are written only where precedence needs them, and a value is
//! quoted when it would otherwise read differently.

use std::fmt;

/// A parsed query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    Term(Term),
    Not(Box<Query>),
    And(Box<Query>, Box<Query>),
    Or(Box<Query>, Box<Query>),
}

/// `key:value`, `key:>=value`…
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub key: Key,
    pub op: Op,
    /// The value as written (unquoted); the parser checked it reads for `key`.
    pub value: String,
}

/// What comes between the key's colon and the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `key:value`
    Is,
    /// `key:=value`
    Eq,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Is => "",
            Op::Eq => "=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
        }
    }
}

/// The keys of the language. `Field` and `Count` carry their suffix
/// (`field.industry`, `count.purchase`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Tag,
    Name,
    Email,
    Org,
    Title,
    City,
    Region,
    Country,
    Postcode,
    Stage,
    Kind,
    Consent,
    Source,
    /// A custom field, by its key (as written).
    Field(String),
    Created,
    Last,
    Birthday,
    Spent,
    /// Interactions of one kind.
    Count(crate::domain::interaction::InteractionKind),
    Rating,
    Nps,
    Due,
    Cadence,
    Rfm,
    Segment,
    Archived,
}

/// Every plain key's word, for parsing and for "did you mean".
pub const PLAIN_KEYS: &[(&str, Key)] = &[
    ("tag", Key::Tag),
    ("name", Key::Name),
    ("email", Key::Email),
    ("org", Key::Org),
    ("title", Key::Title),
    ("city", Key::City),
    ("region", Key::Region),
    ("country", Key::Country),
    ("postcode", Key::Postcode),
    ("stage", Key::Stage),
    ("kind", Key::Kind),
    ("consent", Key::Consent),
    ("source", Key::Source),
    ("created", Key::Created),
    ("last", Key::Last),
    ("birthday", Key::Birthday),
    ("spent", Key::Spent),
    ("rating", Key::Rating),
    ("nps", Key::Nps),
    ("due", Key::Due),
    ("cadence", Key::Cadence),
    ("rfm", Key::Rfm),
    ("segment", Key::Segment),
    ("archived", Key::Archived),
];

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Field(k) => write!(f, "field.{k}"),
            Key::Count(kind) => write!(f, "count.{}", kind.as_str()),
            other => {
                let word = PLAIN_KEYS
                    .iter()
                    .find(|(_, k)| k == other)
                    .map_or("?", |(w, _)| w);
                f.write_str(word)
            }
        }
    }
}

impl Query {
    /// Whether any term uses `key`-s of this kind (`archived:` decides
    /// whether archived contacts are read at all).
    pub fn mentions(&self, wanted: &dyn Fn(&Key) -> bool) -> bool {
        match self {
            Query::Term(t) => wanted(&t.key),
            Query::Not(q) => q.mentions(wanted),
            Query::And(a, b) | Query::Or(a, b) => a.mentions(wanted) || b.mentions(wanted),
        }
    }

    /// Every term, left to right.
    pub fn terms(&self) -> Vec<&Term> {
        let mut out = Vec::new();
        self.collect_terms(&mut out);
        out
    }

    fn collect_terms<'a>(&'a self, out: &mut Vec<&'a Term>) {
        match self {
            Query::Term(t) => out.push(t),
            Query::Not(q) => q.collect_terms(out),
            Query::And(a, b) | Query::Or(a, b) => {
                a.collect_terms(out);
                b.collect_terms(out);
            }
        }
    }

    /// `self and other`.
    #[must_use]
    pub fn and(self, other: Query) -> Query {
        Query::And(Box::new(self), Box::new(other))
    }

    /// Binding strength: or 1, and 2, not and terms 3.
    fn strength(&self) -> u8 {
        match self {
            Query::Or(..) => 1,
            Query::And(..) => 2,
            Query::Not(_) | Query::Term(_) => 3,
        }
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, at_least: u8) -> fmt::Result {
        if self.strength() < at_least {
            f.write_str("(")?;
            self.write(f, 0)?;
            return f.write_str(")");
        }
        match self {
            Query::Term(t) => write!(f, "{t}"),
            Query::Not(q) => {
                f.write_str("not ")?;
                q.write(f, 3)
            }
            // Both are read left to right, so a right-hand side of the same
            // operator needs parentheses to come back as the same tree.
            Query::And(a, b) => {
                a.write(f, 2)?;
                f.write_str(" ")?;
                b.write(f, 3)
            }
            Query::Or(a, b) => {
                a.write(f, 1)?;
                f.write_str(" or ")?;
                b.write(f, 2)
            }
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, 0)
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.key, self.op.as_str())?;
        write_value(f, &self.value)
    }
}

/// A value bare when it reads back the same, else quoted with `\"` and `\\`.
fn write_value(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    let bare = !value.is_empty()
        && !value.starts_with(['<', '>', '='])
        && !value
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '\\'));
    if bare {
        return f.write_str(value);
    }
    f.write_str("\"")?;
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}
