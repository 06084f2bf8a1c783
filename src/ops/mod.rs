//! User intents: one function, one transaction, called by the CLI and the TUI
//! alike. Each takes domain types (already parsed) and returns domain types.

pub mod backup;
pub mod campaign;
pub mod capture;
pub mod check;
pub mod cleanup;
pub mod dedup;
pub mod demo;
pub mod dossier;
pub mod export;
pub mod files;
pub mod follow_up;
pub mod forget;
pub mod goal;
pub mod import;
pub mod kpi;
pub mod merge;
pub mod next;
pub mod remind;
pub mod resolve;
pub mod rfm;
pub mod segment;
pub mod synthetic;
pub mod template;

use crate::clock::Clock;
use crate::config::Config;
use crate::store::Store;

/// What every intent needs: the database, the time, the settings.
pub struct Ctx {
    pub store: Store,
    pub clock: Clock,
    pub config: Config,
}

/// A fresh unique id for a new row (`UUIDv7`: time-ordered, never reused).
pub fn new_uid() -> String {
    uuid::Uuid::now_v7().to_string()
}
