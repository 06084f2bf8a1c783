//! `kith show`

use std::fmt::Write as _;
use std::io::Write;

use crate::domain::contact::Contact;
use crate::domain::follow_up::FollowUp;
use crate::domain::interaction::Interaction;
use crate::domain::text::{printable, printable_multiline};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ops::{Ctx, resolve};

use super::args::JsonFlag;
use super::output::{ContactJson, FollowUpJson, InteractionJson, bold, dim, print_json};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith show jane\n  kith show jane --full\n  kith show jane --note 12\n  \
                  kith show 42 --json | jq .interactions"
)]
pub struct Args {
    /// Contact: id, email or name
    pub contact: String,
    /// How many interactions to show (0 = all)
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// Print every interaction's whole text, not only its first line
    #[arg(long)]
    pub full: bool,
    /// Print one interaction of this contact whole (its id is in `--json`)
    #[arg(long, value_name = "ID", conflicts_with = "full")]
    pub note: Option<i64>,
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
    if let Some(note) = args.note {
        return show_one(ctx, &c, note, args.json.json);
    }
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
    write_follow_ups_and_timeline(&mut out, &follow_ups, &interactions, args.full)?;
    out.flush()?;
    Ok(())
}

/// `--note ID`: one interaction of the contact, whole.
fn show_one(ctx: &Ctx, c: &Contact, id: i64, json: bool) -> Result<()> {
    let interactions = ctx.store.db().interactions_of(c.id, None)?;
    let Some(i) = interactions.iter().find(|i| i.id == id) else {
        return Err(
            Error::user(format!("{} has no interaction #{id}", printable(&c.name))).with_hint(
                format!("`kith show {} --json` lists the interaction ids", c.id),
            ),
        );
    };
    if json {
        return print_json(&InteractionJson::from(i));
    }
    let mut out = super::output::buffered_stdout();
    writeln!(
        out,
        "{}  {}",
        bold(&printable(&c.name)),
        dim(&format!("#{}", c.id))
    )?;
    write_interaction(&mut out, i, true)?;
    out.flush()?;
    Ok(())
}

fn write_details(out: &mut impl Write, c: &Contact) -> Result<()> {
    let archived = if c.archived { "  (archived)" } else { "" };
    writeln!(
        out,
        "{}  {}{archived}",
        bold(&printable(&c.name)),
        dim(&format!("#{}", c.id))
    )?;
    for (label, value) in c.facts() {
        writeln!(
            out,
            "  {}  {}",
            dim(&format!("{:<9}", printable(&label))),
            printable(&value)
        )?;
    }
    Ok(())
}

fn write_follow_ups_and_timeline(
    out: &mut impl Write,
    follow_ups: &[FollowUp],
    interactions: &[Interaction],
    full: bool,
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
                printable(&f.note)
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
        write_interaction(out, i, full)?;
    }
    Ok(())
}

/// One timeline line; with `full`, the whole text below it, indented.
fn write_interaction(out: &mut impl Write, i: &Interaction, full: bool) -> Result<()> {
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
        let _ = write!(extra, "  [rating {r}/5]");
    }
    if let Some(n) = i.nps {
        let _ = write!(extra, "  [NPS {n}]");
    }
    let id = if full {
        format!("  {}", dim(&format!("#{}", i.id)))
    } else {
        String::new()
    };
    writeln!(
        out,
        "  {}  {:<8} {arrow} {}{extra}{id}",
        &i.at[..16.min(i.at.len())],
        i.kind,
        printable(&i.summary)
    )?;
    if full && let Some(body) = &i.body {
        // The first line is the summary above, unless it was cut short there.
        let body = printable_multiline(body);
        let mut lines = body.trim().lines().peekable();
        if lines.peek().map(|l| printable(l.trim())) == Some(printable(&i.summary)) {
            lines.next();
        }
        for line in lines {
            writeln!(out, "      {line}")?;
        }
    }
    Ok(())
}
