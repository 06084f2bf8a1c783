//! Cleanup: the data checks of `kith check --data` and the Cleanup pane, and
//! their fixes. The rules are in `domain::cleanup`; this reads the contacts,
//! leaves out what the user skipped, and writes fixes and skips.

use crate::domain::cleanup::DataFinding;
use crate::error::Result;

use super::Ctx;

/// Every finding of every data check over live contacts, by contact then
/// check; findings the user skipped (same check, contact and value) are
/// left out.
pub fn findings(ctx: &Ctx) -> Result<Vec<DataFinding>> {
    let _ = ctx;
    todo!("issue 9: cleanup findings")
}

/// Applies the finding's fix in one transaction. If the value it is about
/// changed meanwhile (another process, the shell), nothing is written and
/// the error says so.
pub fn apply_fix(ctx: &mut Ctx, finding: &DataFinding) -> Result<()> {
    let _ = (ctx, finding);
    todo!("issue 9: apply a cleanup fix")
}

/// Remembers that the user skipped this finding: it does not come back
/// while its value is unchanged.
pub fn skip(ctx: &mut Ctx, finding: &DataFinding) -> Result<()> {
    let _ = (ctx, finding);
    todo!("issue 9: skip a cleanup finding")
}
