//! Bytes ⇄ domain, with no database: file formats kith reads and writes.

pub mod ics;
