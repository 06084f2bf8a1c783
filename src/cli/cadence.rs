//! `kith cadence`

use std::io::Write;

use crate::error::Result;
use crate::ops::{Ctx, follow_up, resolve};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith cadence jane 30d     # remind when 30 days pass without contact\n  \
                        kith cadence jane 2w\n  kith cadence jane off"
)]
pub struct Args {
    /// Contact: id, email or name
    pub contact: String,
    /// How often: 30d, 2w, 3m… or `off`
    pub every: String,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let id = resolve::resolve_contact(ctx.store.db(), &args.contact)?;
    let cadence = match args.every.trim() {
        "off" | "none" => None,
        text => Some(crate::domain::dates::parse_interval(text)?),
    };
    follow_up::set_cadence(ctx, id, cadence)?;
    let msg = match cadence {
        Some(c) => format!("stay in touch with #{id} every {c}"),
        None => format!("no cadence for #{id}"),
    };
    writeln!(std::io::stderr(), "{msg}")?;
    Ok(())
}
