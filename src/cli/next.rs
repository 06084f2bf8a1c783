//! `kith next`: who to contact next and why.

use std::io::Write;

use crate::domain::text::printable;
use crate::error::Result;
use crate::ops::{Ctx, next};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith next\n  kith next --limit 30 --json\n\n\
Most pressing first: overdue follow-ups, lapsed cadences, good customers past\n\
their usual rhythm, birthdays in the next 7 days; each person once."
)]
pub struct Args {
    /// How many people
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let items = next::next(ctx, args.limit as usize)?;
    if args.json {
        return super::output::print_json(&items);
    }
    let mut out = super::output::buffered_stdout();
    for i in &items {
        let who = format!("{} (#{})", printable(&i.name), i.contact_id);
        writeln!(
            out,
            "{} {}",
            super::output::fit(&who, 30),
            printable(&i.why)
        )?;
    }
    out.flush()?;
    Ok(())
}
