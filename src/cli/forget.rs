//! `kith forget`: erase a person for good.

use std::io::Write;

use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::ops::{Ctx, forget, resolve};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith forget jane@acme.io\n  kith forget 42 --yes\n\n\
Erases the contact, their interactions and follow-ups. Only a salted hash of\n\
their e-mails and phones is kept, so a later import can recognise them.\n\
Backups taken before still hold them."
)]
pub struct Args {
    /// Contact: id, email or name
    pub contact: String,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let id = resolve::resolve_contact(ctx.store.db(), &args.contact)?;
    let c = ctx
        .store
        .db()
        .contact(id)?
        .ok_or_else(|| Error::user(format!("no contact #{id}")))?;
    let name = printable(&c.name).into_owned();
    let (interactions, follow_ups) = forget::preview(ctx, id)?;
    let what =
        format!("{name} (#{id}) with {interactions} interactions and {follow_ups} follow-ups");
    if !args.yes {
        super::output::confirm(&format!("Forget {what}? This cannot be undone. [y/N] "))?;
    }
    let done = forget::forget(ctx, id)?;
    let mut err = std::io::stderr();
    writeln!(err, "forgot {what}")?;
    if !done.wal_emptied {
        writeln!(
            err,
            "kith: another kith is reading the database; the erased rows leave its -wal file when it closes"
        )?;
    }
    Ok(())
}
