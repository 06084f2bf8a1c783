//! `kith campaign`: a message to a segment, in A/B variants; send, record
//! responses, report.

use std::io::Write;
use std::path::PathBuf;

use crate::domain::campaign::{Audience, Outcome, SkipReason, spec};
use crate::domain::money::Money;
use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::ops::Ctx;
use crate::ops::campaign::{self, NewCampaign, Plan};
use crate::ops::resolve::resolve_contact;

use super::args::JsonFlag;
use super::output::{buffered_stdout, fit, print_json};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith campaign new spring --segment best-clients --template offer --dry-run\n  \
    kith campaign new spring --where \"tag:client\" --template offer --variant B=short --split 60/40\n  \
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
    /// The From of every message, "Jane Doe <jane@example.com>" (overrides [outreach] from)
    #[arg(long, value_name = "SENDER")]
    pub from: Option<String>,
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
        Command::New(a) => new(ctx, a),
        Command::List(json) => list(ctx, json.json),
        Command::Send(a) => super::campaign_send::run(ctx, a),
        Command::Respond(a) => respond(ctx, a),
        Command::Report(a) => report(ctx, a),
    }
}

fn new(ctx: &mut Ctx, a: &NewArgs) -> Result<()> {
    let audience = match (&a.query, &a.segment) {
        (Some(q), _) => Audience::Query(q.clone()),
        (None, Some(s)) => Audience::Segment(s.clone()),
        (None, None) => {
            return Err(Error::usage(
                "a campaign needs --where QUERY or --segment NAME",
            ));
        }
    };
    let request = NewCampaign {
        name: a.name.clone(),
        audience,
        variants: spec::variant_specs(&a.template, &a.variants, a.split.as_deref())?,
        response_days: a.response_days,
    };
    let plan = if a.dry_run {
        campaign::plan(ctx, &request)?
    } else {
        campaign::create(ctx, &request)?
    };
    if a.json.json {
        return print_json(&plan);
    }
    print_plan(&plan, a.verbose, a.dry_run)
}

/// "12.0 %" of a fraction.
fn percent(v: f64) -> String {
    format!("{:.1} %", v * 100.0)
}

/// A share of a whole, as a percentage ("–" of nothing).
#[allow(clippy::cast_precision_loss)]
fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        percent(part as f64 / whole as f64)
    }
}

fn print_plan(plan: &Plan, verbose: bool, dry_run: bool) -> Result<()> {
    let mut out = buffered_stdout();
    let recipients = plan.recipients.len() as u64;
    writeln!(
        out,
        "Campaign {} ({} {}): {} matched, {} to send, {} skipped.",
        printable(&plan.name),
        plan.audience.kind(),
        printable(plan.audience.text()),
        plan.matched,
        recipients,
        plan.skipped.len()
    )?;
    writeln!(
        out,
        "  variant  template              recipients    share  split"
    )?;
    for v in &plan.variants {
        writeln!(
            out,
            "  {}  {}  {:>10}  {:>7}  {:>4} %",
            fit(&v.label, 7),
            fit(&v.template, 20),
            v.recipients,
            share(v.recipients, recipients),
            v.weight
        )?;
    }
    if !plan.skipped.is_empty() {
        let words: Vec<String> = SkipReason::ALL
            .iter()
            .map(|r| (r, plan.skipped.iter().filter(|s| s.reason == *r).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(r, n)| format!("{n} {}", skip_words(*r)))
            .collect();
        writeln!(out, "  skipped: {}", words.join(", "))?;
    }
    if verbose {
        for s in &plan.skipped {
            writeln!(
                out,
                "  skip  {}  {}",
                fit(&s.name, 30),
                skip_words(s.reason)
            )?;
        }
        for r in &plan.recipients {
            writeln!(
                out,
                "  {}  {}  {}",
                fit(&r.variant, 4),
                fit(&r.name, 30),
                printable(&r.email)
            )?;
        }
    }
    if dry_run {
        writeln!(out, "dry run: nothing saved")?;
    } else {
        writeln!(
            out,
            "Saved campaign {0}: {1} {2} to send. Send with: kith campaign send {0} --drafts DIR",
            printable(&plan.name),
            recipients,
            if recipients == 1 {
                "message"
            } else {
                "messages"
            }
        )?;
    }
    out.flush()?;
    Ok(())
}

fn skip_words(r: SkipReason) -> &'static str {
    match r {
        SkipReason::ConsentDenied => "consent denied",
        SkipReason::ConsentUnknown => "consent unknown",
        SkipReason::NoEmail => "no e-mail",
    }
}

fn list(ctx: &Ctx, json: bool) -> Result<()> {
    let all = campaign::list(ctx)?;
    if json {
        return print_json(&all);
    }
    let mut out = buffered_stdout();
    if all.is_empty() {
        writeln!(
            out,
            "No campaigns yet: kith campaign new NAME --where QUERY --template T"
        )?;
    } else {
        writeln!(
            out,
            "{:<20}  {:<10}  {:<28}  {:<8}  {:>6}  {:>7}  {:>6}  {:>7}  {:>9}  {:>6}",
            "campaign",
            "created",
            "audience",
            "variants",
            "sent",
            "pending",
            "failed",
            "skipped",
            "responses",
            "rate"
        )?;
    }
    for s in &all {
        let c = &s.campaign;
        let labels: Vec<&str> = c.variants.iter().map(|v| v.label.as_str()).collect();
        writeln!(
            out,
            "{}  {:<10}  {}  {}  {:>6}  {:>7}  {:>6}  {:>7}  {:>9}  {:>6}",
            fit(&c.name, 20),
            c.created_at.get(..10).unwrap_or(&c.created_at),
            fit(&format!("{}: {}", c.audience.kind(), c.audience.text()), 28),
            fit(&labels.join("/"), 8),
            s.sent,
            s.pending,
            s.failed + s.sending,
            s.skipped,
            s.responses,
            s.rate.map_or("–".into(), percent)
        )?;
    }
    out.flush()?;
    Ok(())
}

fn respond(ctx: &mut Ctx, a: &RespondArgs) -> Result<()> {
    let outcome: Outcome = a.outcome.parse()?;
    let contact = resolve_contact(ctx.store.db(), &a.contact)?;
    let name = ctx
        .store
        .db()
        .contact_name(contact)?
        .unwrap_or_else(|| format!("#{contact}"));
    let c = campaign::get(ctx, &a.campaign)?;
    let before = campaign::respond(ctx, &c.name, contact, outcome)?;
    let (who, what) = (printable(&name), printable(&c.name));
    match before {
        Some(b) if b == outcome => {
            println!("{who} had already responded to {what}: {outcome} (unchanged).");
        }
        Some(b) => println!("{who}'s response to {what} changed from {b} to {outcome}."),
        None => println!("Recorded: {who} responded to {what} ({outcome})."),
    }
    Ok(())
}

fn report(ctx: &Ctx, a: &ReportArgs) -> Result<()> {
    let r = campaign::report(ctx, &a.name)?;
    if a.json.json {
        return print_json(&r);
    }
    let c = &r.campaign;
    let mut out = buffered_stdout();
    writeln!(
        out,
        "Campaign {} ({}: {}); a response is an answer within {} days.",
        printable(&c.name),
        c.audience.kind(),
        printable(c.audience.text()),
        c.response_days
    )?;
    writeln!(
        out,
        "  variant  template              sent  skipped  responses  rate                   revenue"
    )?;
    for v in &r.variants {
        let rate = if v.sent == 0 {
            "–".to_string()
        } else {
            format!(
                "{} ({:.1}–{:.1})",
                percent(v.rate.rate),
                v.rate.low * 100.0,
                v.rate.high * 100.0
            )
        };
        writeln!(
            out,
            "  {}  {}  {:>6}  {:>7}  {:>9}  {:<21}  {}",
            fit(&v.label, 7),
            fit(&v.template, 18),
            v.sent,
            v.skipped,
            v.responses,
            rate,
            revenue(ctx, &v.revenue)
        )?;
        if !v.outcomes.is_empty() {
            let words: Vec<String> = v.outcomes.iter().map(|(o, n)| format!("{n} {o}")).collect();
            writeln!(out, "           recorded: {}", words.join(", "))?;
        }
    }
    if r.pending + r.failed + r.uncertain > 0 {
        writeln!(
            out,
            "  not sent yet: {} pending, {} failed, {} uncertain (a run stopped during the send)",
            r.pending, r.failed, r.uncertain
        )?;
    }
    writeln!(out, "{}", r.verdict_sentence())?;
    out.flush()?;
    Ok(())
}

fn revenue(ctx: &Ctx, amounts: &[(String, i64)]) -> String {
    if amounts.is_empty() {
        return "–".into();
    }
    let parts: Vec<String> = amounts
        .iter()
        .map(|(currency, minor)| {
            Money {
                minor: *minor,
                currency: if currency.is_empty() {
                    ctx.config.currency.clone()
                } else {
                    printable(currency).into_owned()
                },
            }
            .grouped()
        })
        .collect();
    parts.join(", ")
}
