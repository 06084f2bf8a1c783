//! `kith goal`: objectives.

use std::io::Write;

use super::args::JsonFlag;
use super::output::{buffered_stdout, print_json};
use crate::domain::goal::FORMS;
use crate::domain::text::printable;
use crate::error::Result;
use crate::ops::{Ctx, goal};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Add an objective: "revenue 10000 EUR per quarter", "new customers 5 per month"…
    #[command(after_help = format!("It reads: {FORMS}."))]
    Add {
        /// The objective, in words (quote it)
        text: String,
    },
    /// Each objective with its progress this period and a forecast at the current pace
    #[command(visible_alias = "ls")]
    List(JsonFlag),
    /// Remove an objective (its number from `kith goal list`)
    Rm {
        /// The objective's number
        id: i64,
    },
}

pub fn run(ctx: &mut Ctx, command: &Command) -> Result<()> {
    match command {
        Command::Add { text } => {
            let g = goal::add(ctx, text)?;
            writeln!(
                std::io::stderr(),
                "objective #{}: {}",
                g.id,
                printable(&g.text)
            )?;
            Ok(())
        }
        Command::List(json) => list(ctx, json.json),
        Command::Rm { id } => {
            let g = goal::remove(ctx, *id)?;
            writeln!(
                std::io::stderr(),
                "removed objective #{}: {}",
                g.id,
                printable(&g.text)
            )?;
            Ok(())
        }
    }
}

fn list(ctx: &Ctx, json: bool) -> Result<()> {
    let progress = goal::progress(ctx)?;
    if json {
        return print_json(&progress);
    }
    let mut out = buffered_stdout();
    if progress.is_empty() {
        writeln!(
            out,
            "no objectives yet: kith goal add \"revenue 10000 EUR per quarter\""
        )?;
    }
    for p in &progress {
        writeln!(out, "#{:<4} {}", p.goal.id, printable(&p.goal.text))?;
        writeln!(out, "      {}", printable(&p.summary))?;
    }
    out.flush()?;
    Ok(())
}
