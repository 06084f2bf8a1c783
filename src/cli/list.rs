//! `kith list`

use std::io::Write;

use crate::domain::contact::{Stage, StakeholderKind};
use crate::error::Result;
use crate::ops::Ctx;
use crate::store::{ContactFilter, ContactSort};

use super::args::{JsonFlag, parse_word};
use super::output::{ContactJson, fit, print_json};

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Sort {
    Name,
    Last,
    Created,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith list --tag client --sort last\n  kith list --stage lead --json"
)]
pub struct Args {
    /// Only contacts with this tag
    #[arg(long, short = 't')]
    pub tag: Option<String>,
    /// Only contacts at this stage
    #[arg(long, value_parser = parse_word::<Stage>)]
    pub stage: Option<Stage>,
    /// Only contacts of this kind
    #[arg(long, value_parser = parse_word::<StakeholderKind>)]
    pub kind: Option<StakeholderKind>,
    /// Order: name, last (most recently contacted first) or created (newest first)
    #[arg(long, value_enum, default_value_t = Sort::Name)]
    pub sort: Sort,
    /// Include archived contacts
    #[arg(long)]
    pub archived: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let filter = ContactFilter {
        tag: args
            .tag
            .as_deref()
            .map(crate::domain::contact::clean_tag)
            .transpose()?,
        stage: args.stage,
        kind: args.kind,
        include_archived: args.archived,
        ids: None,
        limit: None,
    };
    let sort = match args.sort {
        Sort::Name => ContactSort::Name,
        Sort::Last => ContactSort::Last,
        Sort::Created => ContactSort::Created,
    };
    let db = ctx.store.db();
    if args.json.json {
        let contacts = db.contacts(&filter, sort)?;
        let out: Vec<ContactJson<'_>> = contacts.iter().map(ContactJson::from).collect();
        return print_json(&out);
    }
    let rows = db.list_rows(&filter, sort)?;
    let mut out = super::output::buffered_stdout();
    for r in &rows {
        let last = r
            .last_contact
            .as_deref()
            .map_or("", |l| &l[..10.min(l.len())]);
        let stage = r.stage.map_or("", |s| s.as_str());
        writeln!(
            out,
            "{:>6}  {}  {}  {}  {:<9} {last}",
            r.id,
            fit(&r.name, 24),
            fit(r.email.as_deref().unwrap_or(""), 28),
            fit(r.org.as_deref().unwrap_or(""), 18),
            stage,
        )?;
    }
    out.flush()?;
    Ok(())
}
