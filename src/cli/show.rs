//! `kith show`

use std::fmt::Write as _;
use std::io::Write;

use crate::domain::contact::Contact;
use crate::domain::follow_up::FollowUp;
use crate::domain::interaction::Interaction;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ops::{Ctx, resolve};

use super::args::JsonFlag;
use super::output::{ContactJson, FollowUpJson, InteractionJson, bold, dim, print_json};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  kith show jane\n  kith show 42 --json | jq .interactions")]
pub struct Args {
    /// Contact: id, email or name
    pub contact: String,
    /// How many interactions to show (0 = all)
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    contact: ContactJson<'a>,
    interactions: Vec<InteractionJson<'a>>,
    follow_ups: Vec<FollowUpJson<'a>>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let db = ctx.store.db();
    let id = resolve::resolve_contact(db, &args.contact)?;
    let c = db
        .contact(id)?
        .ok_or_else(|| Error::user(format!("no contact #{id}")))?;
    let limit = (args.limit > 0).then_some(args.limit);
    let interactions = db.interactions_of(id, if args.json.json { None } else { limit })?;
    let follow_ups = db.open_follow_ups_of(id)?;
    if args.json.json {
        return print_json(&ShowJson {
            contact: ContactJson::from(&c),
            interactions: interactions.iter().map(InteractionJson::from).collect(),
            follow_ups: follow_ups.iter().map(FollowUpJson::from).collect(),
        });
    }
    let mut out = super::output::buffered_stdout();
    write_details(&mut out, &c)?;
    write_follow_ups_and_timeline(&mut out, &follow_ups, &interactions)?;
    out.flush()?;
    Ok(())
}

fn write_details(out: &mut impl Write, c: &Contact) -> Result<()> {
    let archived = if c.archived { "  (archived)" } else { "" };
    writeln!(
        out,
        "{}  {}{archived}",
        bold(&c.name),
        dim(&format!("#{}", c.id))
    )?;
    for (label, value) in c.facts() {
        writeln!(out, "  {}  {value}", dim(&format!("{label:<9}")))?;
    }
    Ok(())
}

fn write_follow_ups_and_timeline(
    out: &mut impl Write,
    follow_ups: &[FollowUp],
    interactions: &[Interaction],
) -> Result<()> {
    if !follow_ups.is_empty() {
        writeln!(out, "\n{}", bold("Follow-ups"))?;
        for f in follow_ups {
            let every = f
                .every
                .map(|e| format!("  (every {e})"))
                .unwrap_or_default();
            writeln!(
                out,
                "  #{:<5} {:<22} {}{every}",
                f.id,
                f.effective_due().describe(),
                f.note
            )?;
        }
    }
    writeln!(out, "\n{}", bold("Timeline"))?;
    if interactions.is_empty() {
        writeln!(
            out,
            "  {}",
            dim("nothing logged yet: kith log CONTACT call \"what was said\"")
        )?;
    }
    for i in interactions {
        let arrow = match i.direction {
            Some(crate::domain::interaction::Direction::In) => "←",
            Some(crate::domain::interaction::Direction::Out) => "→",
            None => " ",
        };
        let mut extra = String::new();
        if let Some(m) = &i.amount {
            let _ = write!(extra, "  [{m}]");
        }
        if let Some(r) = i.rating {
            let _ = write!(extra, "  [rating {r}]");
        }
        writeln!(
            out,
            "  {}  {:<8} {arrow} {}{extra}",
            &i.at[..16.min(i.at.len())],
            i.kind,
            i.summary
        )?;
    }
    Ok(())
}
