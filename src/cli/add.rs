//! `kith add`

use std::io::Write;

use crate::domain::contact::split_name_and_email;
use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::ops::Ctx;
use crate::ops::capture::{self, AddOutcome};

use super::args::ContactOpts;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith add \"Jane Doe\" --email jane@acme.io --org Acme --tag client\n  \
                        kith add \"Jane Doe <jane@acme.io>\" --stage prospect --field industry=fintech"
)]
pub struct Args {
    /// Name, or a pasted "Name <email>"
    pub name: String,
    #[command(flatten)]
    pub opts: ContactOpts,
    /// Add even if a contact with the same email, phone or a similar name exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<()> {
    let (name, pasted_email) = split_name_and_email(&args.name);
    let mut opts = args.opts;
    if let Some(e) = pasted_email {
        opts.emails.insert(0, e);
    }
    let name = if name.is_empty() {
        // A bare email: use its local part ("jane.doe@x" → "jane.doe") as the name.
        opts.emails
            .first()
            .and_then(|e| e.split('@').next())
            .unwrap_or_default()
            .to_string()
    } else {
        name
    };
    let input = opts.into_input(ctx, Some(name))?;
    let contact = capture::new_contact(ctx, input)?;
    match capture::add_contact(ctx, &contact, args.force)? {
        AddOutcome::Added(id) => {
            writeln!(std::io::stdout().lock(), "{id}")?;
            Ok(())
        }
        AddOutcome::Duplicates(dups) => {
            let lines: Vec<String> = dups
                .iter()
                .map(|d| {
                    format!(
                        "  #{}  {} ({})",
                        d.id,
                        printable(&d.name),
                        printable(&d.reason)
                    )
                })
                .collect();
            Err(Error::user(format!(
                "{} may already be here; nothing added:\n{}",
                printable(&contact.name),
                lines.join("\n")
            ))
            .with_hint("add anyway with --force, or change the existing one with `kith edit`"))
        }
    }
}
