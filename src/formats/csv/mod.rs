//! CSV address books: Google, Outlook, `LinkedIn`, Thunderbird and kith's own,
//! told apart by their headers; and kith's own CSV written back.
//!
//! `dialect` tells the exporter from the header, `columns` reads each header
//! as a field, `row` makes a row a card, `birthday` reads the dates exports
//! write, `map` is `--map COLUMN=FIELD`, `write` is kith's own CSV.

mod birthday;
mod columns;
mod dialect;
mod map;
mod read;
mod row;
mod write;

#[cfg(test)]
mod tests;

pub use map::{ColumnMap, MAP_FIELDS};
pub use read::read;
pub use write::write;
