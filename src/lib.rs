//! kith: a local-first CRM for the terminal.
pub mod domain;
