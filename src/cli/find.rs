//! `kith find`

use std::io::Write;

use crate::domain::search::SearchIndex;
use crate::error::Result;
use crate::ops::Ctx;
use crate::store::{ContactFilter, ContactSort};

use super::args::JsonFlag;
use super::output::{ContactJson, fit, print_json};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith find muller        # finds Müller\n  kith find \"jose garcia\"\n  kith find acme --json"
)]
pub struct Args {
    /// What to look for: parts of a name, email, organisation or tag
    pub query: String,
    /// At most this many results (0 = all)
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    #[command(flatten)]
    pub json: JsonFlag,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let db = ctx.store.db();
    // Only the contacts the persisted index leaves, ranked as the TUI ranks.
    let index = SearchIndex::new(db.search_candidates(&args.query)?);
    let mut hits = index.search(&args.query);
    if args.limit > 0 {
        hits.truncate(args.limit);
    }
    let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
    let filter = ContactFilter {
        ids: Some(ids.clone()),
        ..ContactFilter::default()
    };
    let mut contacts = db.contacts(&filter, ContactSort::Name)?;
    // Back into rank order.
    contacts.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
    if args.json.json {
        let out: Vec<ContactJson<'_>> = contacts.iter().map(ContactJson::from).collect();
        return print_json(&out);
    }
    let mut out = super::output::buffered_stdout();
    for c in &contacts {
        writeln!(
            out,
            "{:>6}  {}  {}  {}  {}",
            c.id,
            fit(&c.name, 24),
            fit(c.emails.first().map_or("", String::as_str), 28),
            fit(c.org.as_deref().unwrap_or(""), 18),
            c.tags.join(",")
        )?;
    }
    out.flush()?;
    Ok(())
}
