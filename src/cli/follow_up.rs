//! `kith follow-up`, `kith done`, `kith snooze`

use std::io::Write;

use crate::domain::dates::{Interval, Tense, parse_interval};
use crate::domain::text::printable;
use crate::error::{Error, Result};
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
    /// When: tomorrow, "in 2w", +3d, "next fri", "next week", eom, "dec 1", 2026-12-01 14:30…
    #[arg(allow_hyphen_values = true)]
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
    /// Until when: tomorrow, "in 3 days", +3d, "next mon", "next week"…
    #[arg(allow_hyphen_values = true)]
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
        Done::Closed(f) => format!(
            "done: #{} {} ({})",
            f.id,
            printable(&f.note),
            printable(&f.contact)
        ),
        Done::Rescheduled(f, next) => {
            format!(
                "done: #{} {} ({}); next on {}",
                f.id,
                printable(&f.note),
                printable(&f.contact),
                next.describe()
            )
        }
    };
    writeln!(std::io::stderr(), "{}", msg.replace("  ", " "))?;
    Ok(())
}

pub fn snooze(ctx: &mut Ctx, args: &SnoozeArgs) -> Result<()> {
    let until = when(ctx, &args.until, Tense::Future)?;
    if until.is_past(ctx.clock.now()) {
        return Err(Error::user(format!(
            "{:?} is {}, in the past: a snoozed follow-up comes back later, not earlier; nothing changed",
            args.until,
            until.describe()
        ))
        .with_hint("snooze to a later date, like tomorrow or \"next week\"; `kith done ID` closes it"));
    }
    let f = ops::snooze(ctx, args.id, until)?;
    writeln!(
        std::io::stderr(),
        "snoozed #{} ({}) until {}",
        f.id,
        printable(&f.contact),
        until.describe()
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use crate::cli::{Cli, Command};

    #[test]
    fn signed_amounts_parse_as_positional_values() {
        let cli =
            Cli::try_parse_from(["kith", "follow-up", "jane", "-1w", "call"]).expect("parses");
        let Some(Command::FollowUp(args)) = cli.command else {
            panic!("not follow-up: {:?}", cli.command)
        };
        assert_eq!(
            (args.when.as_str(), args.note.as_deref()),
            ("-1w", Some("call"))
        );
        let cli = Cli::try_parse_from(["kith", "snooze", "7", "+3d"]).expect("parses");
        let Some(Command::Snooze(args)) = cli.command else {
            panic!("not snooze: {:?}", cli.command)
        };
        assert_eq!((args.id, args.until.as_str()), (7, "+3d"));
    }
}
