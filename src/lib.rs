//! kith: a local-first CRM for the terminal.
//!
//! The crate map (who may import whom):
//! - [`domain`]: pure types and rules (contacts, interactions, follow-ups,
//!   dates, search, reminders). Knows nothing of SQL, terminals or clap.
//! - [`store`]: the only module that speaks SQL; schema and migrations.
//! - [`ops`]: one user intent = one function = one transaction; the CLI and
//!   the TUI both call these.
//! - [`formats`]: bytes ⇄ domain (iCalendar), no database.
//! - [`cli`]: clap front end, one file per subcommand.
//! - [`tui`]: ratatui front end: panes, keymap, overlays, a search worker.
//! - [`config`], [`clock`], [`error`]: settings and paths, the only reader of
//!   the system time, and the error every front end reports.

pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod editor;
pub mod error;
pub mod formats;
pub mod ops;
pub mod store;
pub mod tui;
