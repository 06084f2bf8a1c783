//! kith's JSON export: the documented contract, read back by import.

use std::io::Write;

use super::card::{FormatError, ReadOutcome};
use crate::domain::contact::Contact;

pub fn read(bytes: &[u8]) -> Result<ReadOutcome, FormatError> {
    let _ = bytes;
    todo!("JSON reader")
}

pub fn write(out: &mut dyn Write, contacts: &[Contact]) -> std::io::Result<()> {
    let _ = (out, contacts);
    todo!("JSON writer")
}
