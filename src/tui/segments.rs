//! The Segments pane's reads and what comes back for them.

use super::effect::Outcome;
use crate::ops::Ctx;

/// On the reader: evaluates the query being typed.
pub fn preview(_ctx: &Ctx, _seq: u64, _query: &str, _send: &mut dyn FnMut(Outcome)) {
    todo!("issue 10: the Segments pane")
}
