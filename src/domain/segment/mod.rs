//! The segment language: `tag:client city:berlin last:>90d -tag:vip`,
//! `(tag:client or tag:partner) country:de`. Text → tokens → AST; the store
//! compiles the AST to SQL with bound parameters, so no user text ever
//! reaches SQL.
//!
//! Contract shared by the CLI, `ops::segment`, the Segments pane and later
//! campaigns: the items below may gain fields, not lose or rename them.

mod ast;
pub mod cond;
pub mod eval;
mod parse;

#[cfg(test)]
mod tests;

use serde::Serialize;

use super::period::Span;

pub use ast::{Key, Op, PLAIN_KEYS, Query, Term};
pub use cond::{Cmp, Cond, Env};
pub use parse::{MAX_DEPTH, MAX_TERMS, parse};

/// A query the language cannot read: where, and what was expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// Where the problem is, in characters from the start of the query.
    pub column: usize,
    /// "expected a value after `city:`".
    pub message: String,
}

impl QueryError {
    /// The query, a caret under the column, and the message:
    ///
    /// ```text
    /// tag:client and (city:
    ///                      ^ expected a value after `city:`
    /// ```
    pub fn caret(&self, query: &str) -> String {
        let pad = " ".repeat(self.column.min(query.chars().count()));
        format!("{query}\n{pad}^ {}", self.message)
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}: {}", self.column + 1, self.message)
    }
}

impl std::error::Error for QueryError {}

/// A saved segment with its size now and a week ago.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SavedSegment {
    pub id: i64,
    pub name: String,
    pub query: String,
    pub description: String,
    pub is_static: bool,
    pub size: u64,
    /// The size recorded seven days ago (or the oldest within the last
    /// fortnight), for "change since last week".
    pub week_ago: Option<u64>,
}

/// A segment's performance in one period, side by side with others.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Performance {
    pub name: String,
    pub span: Span,
    pub size: u64,
    /// Members at the customer or loyal stage.
    pub customers: u64,
    /// Revenue of the members in the period, in the default currency (minor units).
    pub revenue_minor: i64,
    pub average_purchase_minor: Option<i64>,
    pub purchases_per_contact: Option<f64>,
    pub response_rate: Option<f64>,
    pub retention: Option<f64>,
    pub churn: Option<f64>,
    pub average_nps: Option<f64>,
}

/// Whether `text` is a query the language reads (what the Segments pane's
/// editor checks as you type): `Ok`, or where and why not.
pub fn check(text: &str) -> Result<(), QueryError> {
    parse(text).map(|_| ())
}

/// Whether `name` can name a saved segment: one plain word of letters,
/// digits, `-` and `_` (so `segment:NAME` needs no quotes).
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.chars().count() > 64 {
        return Err("a segment's name is 1 to 64 characters".into());
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        || name.starts_with('-')
    {
        return Err(format!(
            "{:?} is not a plain word: use letters, digits, `-` and `_`, like best-clients",
            super::text::printable(name)
        ));
    }
    Ok(())
}
