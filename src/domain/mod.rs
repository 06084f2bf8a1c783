//! Pure domain types and rules.
