//! `kith campaign`: a message to a segment, in A/B variants; send, record
//! responses, report.

use std::path::PathBuf;

use crate::error::Result;
use crate::ops::Ctx;

use super::args::JsonFlag;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith campaign new spring --segment best-clients --template offer --dry-run\n  \
    kith campaign new spring --where \"tag:client city:berlin\" --template offer --variant B=offer-short --split 50/50\n  \
    kith campaign send spring --drafts ~/drafts\n  kith campaign send spring --rate 30\n  \
    kith campaign respond jane@acme.io spring --outcome booked\n  kith campaign report spring\n\n\
    Consent, sending and the report are explained in docs/outreach.md."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Create a campaign: who gets which variant, who is skipped and why
    New(NewArgs),
    /// Every campaign: recipients, sent, responses, response rate
    #[command(visible_alias = "ls")]
    List(JsonFlag),
    /// Send a campaign's pending messages (drafts folder, sendmail command or SMTP)
    Send(SendArgs),
    /// Record that a contact responded to a campaign
    Respond(RespondArgs),
    /// Sent, skipped, responses and revenue per variant, and which one leads
    Report(ReportArgs),
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    pub name: String,
    /// The audience as a query in the segment language
    #[arg(
        long = "where",
        value_name = "QUERY",
        conflicts_with = "segment",
        required_unless_present = "segment"
    )]
    pub query: Option<String>,
    /// The audience as a saved segment
    #[arg(long)]
    pub segment: Option<String>,
    /// The template of variant A
    #[arg(long, short = 't')]
    pub template: String,
    /// Another variant: LABEL=TEMPLATE (B=offer-short); repeat for C, D
    #[arg(long = "variant", value_name = "LABEL=TEMPLATE")]
    pub variants: Vec<String>,
    /// Shares of the variants in percent, A first (50/50, 70/30)
    #[arg(long)]
    pub split: Option<String>,
    /// Days after a send in which an inbound interaction counts as a response
    #[arg(long)]
    pub response_days: Option<u32>,
    /// Show who would get what; store nothing
    #[arg(long)]
    pub dry_run: bool,
    /// List the skipped contacts and every recipient
    #[arg(long, short = 'v')]
    pub verbose: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(clap::Args, Debug)]
pub struct SendArgs {
    pub name: String,
    /// Write one .eml file per recipient here instead of sending
    #[arg(long, value_name = "DIR")]
    pub drafts: Option<PathBuf>,
    /// At most N messages a minute (N or N/min)
    #[arg(long, value_name = "N/min")]
    pub rate: Option<String>,
    /// Send again the messages a killed run left unfinished (they may have gone out)
    #[arg(long)]
    pub resend_uncertain: bool,
}

#[derive(clap::Args, Debug)]
pub struct RespondArgs {
    /// An id, an e-mail or a name
    pub contact: String,
    pub campaign: String,
    /// replied, booked or bought
    #[arg(long, default_value = "replied")]
    pub outcome: String,
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    pub name: String,
    #[command(flatten)]
    pub json: JsonFlag,
}

impl Command {
    /// Whether the command only reads (a dry run writes nothing either).
    pub fn reads_only(&self) -> bool {
        match self {
            Command::List(_) | Command::Report(_) => true,
            Command::New(a) => a.dry_run,
            _ => false,
        }
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.command {
        Command::Send(a) => super::campaign_send::run(ctx, a),
        other => todo!("issue 11: campaign {other:?} ({ctx:p})"),
    }
}
