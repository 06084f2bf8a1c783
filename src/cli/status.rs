//! `kith archive` and `kith delete`

use std::io::{BufRead, IsTerminal, Write};

use crate::error::{Error, Result};
use crate::ops::{Ctx, capture, resolve};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  kith archive jane\n  kith archive jane --undo")]
pub struct ArchiveArgs {
    /// Contact: id, email or name
    pub contact: String,
    /// Bring an archived contact back
    #[arg(long)]
    pub undo: bool,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  kith delete 42\n  kith delete jane@acme.io --yes")]
pub struct DeleteArgs {
    /// Contact: id, email or name
    pub contact: String,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn archive(ctx: &mut Ctx, args: &ArchiveArgs) -> Result<()> {
    let id = resolve::resolve_contact(ctx.store.db(), &args.contact)?;
    capture::set_archived(ctx, id, !args.undo)?;
    let verb = if args.undo { "restored" } else { "archived" };
    writeln!(std::io::stderr(), "{verb} #{id}")?;
    Ok(())
}

pub fn delete(ctx: &mut Ctx, args: &DeleteArgs) -> Result<()> {
    let id = resolve::resolve_contact(ctx.store.db(), &args.contact)?;
    let c = ctx
        .store
        .db()
        .contact(id)?
        .ok_or_else(|| Error::user(format!("no contact #{id}")))?;
    let name = crate::domain::text::printable(&c.name);
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(
                Error::user(format!("not deleting {name} (#{id}) without confirmation"))
                    .with_hint("pass --yes to delete without asking"),
            );
        }
        eprint!("Delete {name} (#{id}) with all their interactions and follow-ups? [y/N] ");
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            return Err(Error::user("not deleted"));
        }
    }
    capture::delete_contact(ctx, id)?;
    writeln!(std::io::stderr(), "deleted {name} (#{id})")?;
    Ok(())
}
