//! `kith list`

use std::io::Write;

use crate::domain::contact::{Stage, StakeholderKind};
use crate::error::Result;
use crate::ops::{Ctx, segment};
use crate::store::{ContactFilter, ContactSort, ListRow};

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
    after_help = "Examples:\n  kith list --tag client --sort last\n  kith list --stage lead --json\n  kith list --where \"tag:client city:berlin last:>90d\"\n  kith list --where \"(tag:client or tag:partner) -tag:vip\"\n\nThe query language (every key, with examples) is in docs/segments.md."
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
    /// Only contacts matching this query in the segment language
    #[arg(
        long = "where",
        short = 'w',
        value_name = "QUERY",
        allow_hyphen_values = true
    )]
    pub query: Option<String>,
    #[command(flatten)]
    pub json: JsonFlag,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let sort = match args.sort {
        Sort::Name => ContactSort::Name,
        Sort::Last => ContactSort::Last,
        Sort::Created => ContactSort::Created,
    };
    if let Some(query) = &args.query {
        return run_where(ctx, args, query, sort);
    }
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
    let db = ctx.store.db();
    if args.json.json {
        let contacts = db.contacts(&filter, sort)?;
        let out: Vec<ContactJson<'_>> = contacts.iter().map(ContactJson::from).collect();
        return print_json(&out);
    }
    print_rows(&db.list_rows(&filter, sort)?)
}

/// `--where QUERY`: the query, and the other filters as terms of it.
fn run_where(ctx: &Ctx, args: &Args, query: &str, sort: ContactSort) -> Result<()> {
    use crate::domain::segment::{Key, Op, Query, Term};
    let mut q = segment::parse(query)?;
    let term = |key: Key, value: &str| {
        Query::Term(Term {
            key,
            op: Op::Is,
            value: value.to_string(),
        })
    };
    if let Some(tag) = &args.tag {
        q = q.and(term(Key::Tag, &crate::domain::contact::clean_tag(tag)?));
    }
    if let Some(stage) = args.stage {
        q = q.and(term(Key::Stage, stage.as_str()));
    }
    if let Some(kind) = args.kind {
        q = q.and(term(Key::Kind, kind.as_str()));
    }
    if args.archived && !q.mentions(&|k| *k == Key::Archived) {
        q = q.and(term(Key::Archived, "any"));
    }
    let compiled = segment::compile(ctx, &q)?;
    let db = ctx.store.db();
    if args.json.json {
        let filter = ContactFilter {
            include_archived: true,
            ids: Some(db.segment_ids(&compiled, sort)?),
            ..ContactFilter::default()
        };
        let contacts = db.contacts(&filter, sort)?;
        let out: Vec<ContactJson<'_>> = contacts.iter().map(ContactJson::from).collect();
        return print_json(&out);
    }
    print_rows(&db.segment_rows(&compiled, sort, None)?)
}

/// One line per contact: id, name, e-mail, organisation, stage, last contact.
pub fn print_rows(rows: &[ListRow]) -> Result<()> {
    let mut out = super::output::buffered_stdout();
    for r in rows {
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
