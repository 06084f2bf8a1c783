//! `kith merge`: one contact out of several that are one person.

use std::io::Write;

use serde::Serialize;

use crate::domain::dedup::Options;
use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::ops::merge::{self, MergePlan};
use crate::ops::{Ctx, resolve};

use super::args::JsonFlag;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  kith merge 12 57 --dry-run\n  \
    kith merge \"Bob Smith\" robert@acme.io --keep robert@acme.io\n  \
    kith merge --auto --min-score 0.95 --dry-run\n\n\
The contact kept (--keep, else the first named) gains every interaction,\n\
follow-up, tag, field, e-mail and phone of the others. Where a single value\n\
differs, a non-empty value wins, then the most recently updated contact's.\n\
`kith undo` reverses the merge; `kith history` lists merges.")]
pub struct Args {
    /// Contacts to merge (two or more): id, email or name
    #[arg(value_name = "CONTACT")]
    pub contacts: Vec<String>,
    /// The contact that stays (one of those named; default: the first)
    #[arg(long, value_name = "CONTACT", conflicts_with = "auto")]
    pub keep: Option<String>,
    /// Merge every cluster of likely duplicates that `kith dedup` finds
    #[arg(long, conflicts_with = "contacts")]
    pub auto: bool,
    /// With --auto: the score (0–1) a cluster needs to be merged
    #[arg(long, value_name = "S", value_parser = super::dedup::parse_score)]
    pub min_score: Option<f64>,
    /// Show what the merge would do, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --auto: do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// `kith merge --json`.
#[derive(Serialize)]
struct MergeJson<'a> {
    dry_run: bool,
    /// The audit entry (`kith undo ID`); absent in a dry run.
    history_id: Option<i64>,
    #[serde(flatten)]
    plan: &'a MergePlan,
}

/// `kith merge --auto --json`: each merge shaped as `kith merge --json`.
#[derive(Serialize)]
struct AutoJson<'a> {
    dry_run: bool,
    merges: Vec<MergeJson<'a>>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    if args.auto {
        return run_auto(ctx, args);
    }
    // Checked here: clap drops `requires` on an argument whose target
    // conflicts with one given (the contacts).
    if args.min_score.is_some() {
        return Err(Error::usage("--min-score goes with --auto")
            .with_hint("kith merge --auto --min-score S"));
    }
    if args.contacts.len() < 2 {
        return Err(Error::user("a merge needs two or more contacts")
            .with_hint("kith merge A B [C…]; `kith dedup` lists likely duplicates"));
    }
    let db = ctx.store.db();
    let ids = args
        .contacts
        .iter()
        .map(|c| resolve::resolve_contact(db, c))
        .collect::<Result<Vec<_>>>()?;
    let keep = args
        .keep
        .as_deref()
        .map(|k| resolve::resolve_contact(db, k))
        .transpose()?;
    let (plan, history_id) = if args.dry_run {
        (merge::plan(db, &ids, keep)?, None)
    } else {
        let merged = merge::merge(ctx, &ids, keep)?;
        (merged.plan, Some(merged.history_id))
    };
    if args.json.json {
        return super::output::print_json(&MergeJson {
            dry_run: args.dry_run,
            history_id,
            plan: &plan,
        });
    }
    let mut out = super::output::buffered_stdout();
    write_plan(&mut out, &plan, history_id)?;
    out.flush()?;
    Ok(())
}

fn run_auto(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let options = Options {
        min_score: args.min_score.unwrap_or(Options::default().min_score),
    };
    // With --yes, one scan; otherwise the dry run shows what to confirm.
    let done = if args.yes && !args.dry_run {
        merge::merge_auto(ctx, &options, false)?
    } else {
        let dry = merge::merge_auto(ctx, &options, true)?;
        if args.dry_run || dry.merges.is_empty() {
            dry
        } else {
            let mut err = std::io::stderr();
            for m in &dry.merges {
                writeln!(err, "{}", headline(&m.plan))?;
            }
            super::output::confirm(&format!(
                "Merge these {} groups? `kith undo` reverses each. [y/N] ",
                dry.merges.len()
            ))?;
            merge::merge_auto(ctx, &options, false)?
        }
    };
    if args.json.json {
        let merges: Vec<MergeJson> = done
            .merges
            .iter()
            .map(|m| MergeJson {
                dry_run: done.dry_run,
                history_id: (!done.dry_run).then_some(m.history_id),
                plan: &m.plan,
            })
            .collect();
        return super::output::print_json(&AutoJson {
            dry_run: done.dry_run,
            merges,
        });
    }
    let mut out = super::output::buffered_stdout();
    if done.merges.is_empty() {
        writeln!(
            out,
            "no duplicates scoring {} or more: nothing to merge",
            options.min_score
        )?;
    }
    for m in &done.merges {
        write_plan(&mut out, &m.plan, (!done.dry_run).then_some(m.history_id))?;
    }
    if !done.dry_run && !done.merges.is_empty() {
        writeln!(
            out,
            "{} merges, in one transaction; `kith history` lists them",
            done.merges.len()
        )?;
    }
    out.flush()?;
    Ok(())
}

fn label(id: i64, name: &str) -> String {
    format!("#{id} {}", printable(name))
}

fn headline(plan: &MergePlan) -> String {
    let absorbed: Vec<String> = plan.absorbed.iter().map(|c| label(c.id, &c.name)).collect();
    format!(
        "merge {} into {}",
        absorbed.join(", "),
        label(plan.survivor.id, &plan.survivor.name)
    )
}

/// The plan, field by field: the result's value, where it came from, and
/// the values dropped.
fn write_plan(out: &mut impl Write, plan: &MergePlan, history_id: Option<i64>) -> Result<()> {
    let dry = if history_id.is_none() {
        "  (dry run: nothing written)"
    } else {
        ""
    };
    writeln!(out, "{}{dry}", headline(plan))?;
    for f in &plan.fields {
        let field = match &f.key {
            Some(key) => format!("field.{}", printable(key)),
            None => f.field.to_string(),
        };
        write!(
            out,
            "  {field:<12} {}  (from #{})",
            printable(&f.value),
            f.from
        )?;
        if !f.dropped.is_empty() {
            let dropped: Vec<String> = f
                .dropped
                .iter()
                .map(|(id, v)| format!("#{id} {}", printable(v)))
                .collect();
            write!(out, "  dropped: {}", dropped.join("; "))?;
        }
        writeln!(out)?;
    }
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "-".to_string()
        } else {
            items.join(", ")
        }
    };
    let r = &plan.result;
    let emails = r.emails.iter().map(|e| printable(e).into_owned()).collect();
    let phones = r
        .phones
        .iter()
        .map(|p| printable(&p.raw).into_owned())
        .collect();
    let tags = r.tags.iter().map(|t| printable(t).into_owned()).collect();
    writeln!(out, "  {:<12} {}", "e-mails", list(emails))?;
    writeln!(out, "  {:<12} {}", "phones", list(phones))?;
    writeln!(out, "  {:<12} {}", "tags", list(tags))?;
    writeln!(
        out,
        "  {:<12} {} interactions, {} follow-ups",
        "moved", plan.interactions, plan.follow_ups
    )?;
    if let Some(id) = history_id {
        writeln!(
            out,
            "merged into {}  (undo with: kith undo {id})",
            label(r.id, &r.name)
        )?;
    }
    Ok(())
}
