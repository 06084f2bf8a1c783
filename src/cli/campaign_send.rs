//! `kith campaign send`: the progress bar, the rate, the summary.

use crate::error::Result;
use crate::ops::Ctx;

use super::campaign::SendArgs;

pub fn run(ctx: &mut Ctx, args: &SendArgs) -> Result<()> {
    todo!("issue 11: send {} ({ctx:p})", args.name)
}
