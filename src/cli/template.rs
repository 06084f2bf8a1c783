//! `kith template`: message templates for campaigns.

use std::path::PathBuf;

use crate::error::Result;
use crate::ops::Ctx;

use super::args::JsonFlag;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith template add welcome --subject \"Hello {{ first_name | default('there') }}\" --body-file welcome.txt\n  \
    kith template add checkin --subject \"Quick check-in\"   (opens $EDITOR for the body)\n  \
    kith template list\n  kith template preview welcome jane@acme.io\n\n\
    Merge fields and syntax are in docs/outreach.md."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Add a template (the body from --body-file, else from $EDITOR)
    Add(AddArgs),
    /// Every template: name, subject, when it was changed
    #[command(visible_alias = "ls")]
    List(JsonFlag),
    /// A template's subject and body
    Show(ShowArgs),
    /// Change a template (--subject, --body-file, else $EDITOR on the body)
    Edit(EditArgs),
    /// Remove a template (campaigns keep their own copy)
    #[command(visible_alias = "remove")]
    Rm(ShowArgs),
    /// Render a template for one contact
    Preview(PreviewArgs),
}

#[derive(clap::Args, Debug)]
pub struct AddArgs {
    pub name: String,
    /// The subject line (merge fields allowed)
    #[arg(long, short = 's')]
    pub subject: String,
    /// Read the body from this file ("-": stdin)
    #[arg(long, short = 'f')]
    pub body_file: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct EditArgs {
    pub name: String,
    #[arg(long, short = 's')]
    pub subject: Option<String>,
    #[arg(long, short = 'f')]
    pub body_file: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    pub name: String,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(clap::Args, Debug)]
pub struct PreviewArgs {
    pub name: String,
    /// An id, an e-mail or a name
    pub contact: String,
    #[command(flatten)]
    pub json: JsonFlag,
}

impl Command {
    /// Whether the command only reads.
    pub fn reads_only(&self) -> bool {
        matches!(
            self,
            Command::List(_) | Command::Show(_) | Command::Preview(_)
        )
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    todo!("issue 11: template {:?} ({ctx:p})", args.command)
}
