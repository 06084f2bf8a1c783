//! `kith history`: what was done to the data, and which merges can be undone.

use std::io::Write;

use crate::domain::text::printable;
use crate::error::Result;
use crate::ops::{Ctx, merge};

use super::args::JsonFlag;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  kith history\n  kith history -n 100 --json")]
pub struct Args {
    /// How many entries, newest first
    #[arg(short = 'n', long = "limit", value_name = "N", default_value_t = 20)]
    pub limit: usize,
    #[command(flatten)]
    pub json: JsonFlag,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let entries = merge::history(ctx.store.db(), args.limit)?;
    if args.json.json {
        return super::output::print_json(&entries);
    }
    let mut out = super::output::buffered_stdout();
    if entries.is_empty() {
        writeln!(out, "nothing in the history yet")?;
    }
    for e in &entries {
        let undo = if e.undoable {
            format!("  (undo with: kith undo {})", e.entry.id)
        } else {
            String::new()
        };
        writeln!(
            out,
            "#{:<5} {}  {:<8} {}{undo}",
            e.entry.id,
            printable(&e.entry.at),
            printable(&e.entry.action),
            printable(&e.entry.summary)
        )?;
    }
    out.flush()?;
    Ok(())
}
