//! `kith undo`: reverse a merge.

use std::io::Write;

use crate::error::{Error, Result};
use crate::ops::{Ctx, merge};

use super::args::JsonFlag;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  kith undo\n  kith undo 17\n\n\
Without ID, undoes the newest merge not yet undone; `kith history` lists the\n\
IDs. Every contact of the merge comes back as it was, with its interactions\n\
and follow-ups; what was logged on the kept contact since stays with it.")]
pub struct Args {
    /// The merge to undo, as `kith history` lists it (default: the newest)
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Undo even if the kept contact was edited since (those edits are lost)
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let id = args
        .id
        .as_deref()
        .map(|s| {
            let s = s.trim();
            s.strip_prefix('#')
                .unwrap_or(s)
                .parse::<i64>()
                .map_err(|_| {
                    Error::user(format!("{s:?} is not a history id"))
                        .with_hint("`kith history` lists them")
                })
        })
        .transpose()?;
    let undone = merge::undo_with(ctx, id, args.force)?;
    if args.json.json {
        return super::output::print_json(&undone);
    }
    let mut out = std::io::stdout().lock();
    let restored: Vec<String> = undone.restored.iter().map(|id| format!("#{id}")).collect();
    writeln!(
        out,
        "undid merge {}: {} back beside #{}",
        undone.history_id,
        restored.join(" "),
        undone.survivor
    )?;
    for (old, new) in &undone.renumbered {
        writeln!(
            out,
            "#{old} was taken by a newer contact meanwhile: restored as #{new}"
        )?;
    }
    if undone.overwrote_edits {
        writeln!(
            out,
            "#{} is as it was before the merge; the edits made since are gone",
            undone.survivor
        )?;
    }
    Ok(())
}
