//! `kith edit`

use std::io::Write;

use crate::error::Result;
use crate::ops::{Ctx, capture, resolve};

use super::args::ContactOpts;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith edit jane --stage customer --tag vip\n  \
                        kith edit 42 --name \"Jane Smith\" --untag lead --unset title\n  \
                        kith edit jane --unset field.industry"
)]
pub struct Args {
    /// Contact: id, email or name
    pub contact: String,
    /// New name
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub opts: ContactOpts,
    /// Remove a tag (repeat for several)
    #[arg(long, value_name = "TAG")]
    pub untag: Vec<String>,
    /// Clear an attribute: org, title, street, city, region, postcode, country, stage, birthday, email, phone, cadence, or a custom field key
    #[arg(long, value_name = "FIELD")]
    pub unset: Vec<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<()> {
    let id = resolve::resolve_contact(ctx.store.db(), &args.contact)?;
    let mut input = args.opts.into_input(ctx, args.name)?;
    input.untag = args.untag;
    input.unset = args.unset;
    capture::edit_contact(ctx, id, input, |_| Vec::new())?;
    writeln!(std::io::stdout().lock(), "{id}")?;
    Ok(())
}
