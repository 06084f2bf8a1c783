//! Pure domain types and rules.
pub mod search;
