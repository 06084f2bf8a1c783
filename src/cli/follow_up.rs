//! `kith follow-up`, `kith done`, `kith snooze`

use std::io::Write;

use crate::domain::dates::{Interval, Tense, parse_interval};
use crate::error::Result;
use crate::ops::follow_up::{self as ops, Done};
use crate::ops::{Ctx, resolve};

use super::args::when;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith follow-up jane \"next fri\" \"send the proposal\"\n  \
                        kith follow-up 42 \"in 2w\" \"quarterly check-in\" --every 3m\n  \
                        kith follow-up jane@acme.io 2026-12-01"
)]
pub struct AddArgs {
    /// Contact: id, email or name
    pub contact: String,
    /// When: tomorrow, "in 2w", "next fri", "dec 1", 2026-12-01 14:30…
    pub when: String,
    /// What to do
    pub note: Option<String>,
    /// Repeat: 1w, 2w, 1m, 3m, 1y…
    #[arg(long, value_parser = parse_interval_arg)]
    pub every: Option<Interval>,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  kith done 7")]
pub struct DoneArgs {
    /// Follow-up id (shown by `kith remind` and `kith show`)
    pub id: i64,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  kith snooze 7 tomorrow\n  kith snooze 7 \"next mon\"")]
pub struct SnoozeArgs {
    /// Follow-up id
    pub id: i64,
    /// Until when: tomorrow, "in 3 days", "next mon"…
    pub until: String,
}

pub fn parse_interval_arg(s: &str) -> Result<Interval, String> {
    parse_interval(s).map_err(|e| e.to_string())
}

pub fn add(ctx: &mut Ctx, args: &AddArgs) -> Result<()> {
    let contact_id = resolve::resolve_contact(ctx.store.db(), &args.contact)?;
    let due = when(ctx, &args.when, Tense::Future)?;
    let id = ops::add_follow_up(
        ctx,
        contact_id,
        due,
        args.note.as_deref().unwrap_or(""),
        args.every,
    )?;
    writeln!(std::io::stdout().lock(), "{id}")?;
    Ok(())
}

pub fn done(ctx: &mut Ctx, args: &DoneArgs) -> Result<()> {
    let msg = match ops::complete(ctx, args.id)? {
        Done::Closed(f) => format!("done: #{} {} ({})", f.id, f.note, f.contact),
        Done::Rescheduled(f, next) => {
            format!(
                "done: #{} {} ({}); next on {}",
                f.id,
                f.note,
                f.contact,
                next.describe()
            )
        }
    };
    writeln!(std::io::stderr(), "{}", msg.replace("  ", " "))?;
    Ok(())
}

pub fn snooze(ctx: &mut Ctx, args: &SnoozeArgs) -> Result<()> {
    let until = when(ctx, &args.until, Tense::Future)?;
    let f = ops::snooze(ctx, args.id, until)?;
    writeln!(
        std::io::stderr(),
        "snoozed #{} ({}) until {}",
        f.id,
        f.contact,
        until.describe()
    )?;
    Ok(())
}
