//! vCard 2.1, 3.0 and 4.0: reading what real address books export, and
//! writing vCard 4.0.

use std::io::Write;

use super::card::{FormatError, ReadOutcome};
use crate::domain::contact::Contact;

/// Every card of a file (versions may be mixed); a broken card is rejected
/// with its line and reason, the others come in.
pub fn read(bytes: &[u8]) -> Result<ReadOutcome, FormatError> {
    let _ = bytes;
    todo!("vCard reader")
}

/// vCard 4.0, one card per contact, with kith's uid as `UID`.
pub fn write(out: &mut dyn Write, contacts: &[Contact]) -> std::io::Result<()> {
    let _ = (out, contacts);
    todo!("vCard writer")
}
