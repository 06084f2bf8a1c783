//! `kith segment`: saved segments.

use std::io::Write;

use serde::Serialize;

use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::domain::segment::{Performance, SavedSegment};
use crate::domain::text::printable;
use crate::error::Result;
use crate::ops::{Ctx, segment};

use super::args::{JsonFlag, parse_word};
use super::output::{buffered_stdout, fit, print_json};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith segment add best-clients \"tag:client spent:>=1000\"\n  \
    kith segment add lapsed \"stage:customer last:>90d\" --static\n  kith segment list\n  \
    kith segment show best-clients\n  kith segment compare best-clients lapsed --period quarter\n\n\
    The query language is in docs/segments.md."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Save a query as a segment (live: re-read every time; --static: its members now)
    Add(AddArgs),
    /// Every saved segment: size, change since last week, description
    #[command(visible_alias = "ls")]
    List(JsonFlag),
    /// A segment and its members
    Show(ShowArgs),
    /// Remove a saved segment (its contacts stay)
    #[command(visible_alias = "remove")]
    Rm(RmArgs),
    /// Segments side by side in the current period: size, customers, revenue…
    Compare(CompareArgs),
}

#[derive(clap::Args, Debug)]
pub struct AddArgs {
    /// One plain word: letters, digits, - and _
    pub name: String,
    /// The query, in the segment language
    pub query: String,
    /// Freeze the members now instead of re-reading the query every time
    #[arg(long = "static")]
    pub is_static: bool,
    /// What the segment is for
    #[arg(long, short = 'd', default_value = "")]
    pub description: String,
}

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    pub name: String,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(clap::Args, Debug)]
pub struct RmArgs {
    pub name: String,
}

#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// Two or more segments
    #[arg(required = true, num_args = 1..)]
    pub names: Vec<String>,
    /// month, quarter or year (the current one)
    #[arg(long, value_parser = parse_word::<Period>, default_value_t = segment::COMPARE_PERIOD)]
    pub period: Period,
    #[command(flatten)]
    pub json: JsonFlag,
}

impl Command {
    /// Whether the command only reads (and so never creates a database).
    pub fn reads_only(&self) -> bool {
        matches!(
            self,
            Command::List(_) | Command::Show(_) | Command::Compare(_)
        )
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.command {
        Command::Add(a) => {
            let s = segment::add(ctx, &a.name, &a.query, a.is_static, &a.description)?;
            let how = if s.is_static { "static" } else { "live" };
            println!(
                "Saved {how} segment {} ({} {}).",
                printable(&s.name),
                s.size,
                if s.size == 1 { "contact" } else { "contacts" }
            );
            Ok(())
        }
        Command::List(json) => list(ctx, json.json),
        Command::Show(a) => show(ctx, a),
        Command::Rm(a) => {
            let s = segment::remove(ctx, &a.name)?;
            println!(
                "Removed segment {} (its contacts stay).",
                printable(&s.name)
            );
            Ok(())
        }
        Command::Compare(a) => compare(ctx, a),
    }
}

/// "+12", "−3", "0", or blank when there is no size from a week ago.
fn change(s: &SavedSegment) -> String {
    let Some(before) = s.week_ago else {
        return String::new();
    };
    match s.size.cmp(&before) {
        std::cmp::Ordering::Greater => format!("+{}", s.size - before),
        std::cmp::Ordering::Less => format!("−{}", before - s.size),
        std::cmp::Ordering::Equal => "0".into(),
    }
}

#[derive(Serialize)]
struct SegmentJson<'a> {
    #[serde(flatten)]
    segment: &'a SavedSegment,
    change: Option<i64>,
}

fn json_of(s: &SavedSegment) -> SegmentJson<'_> {
    SegmentJson {
        segment: s,
        change: s.week_ago.map(|w| {
            i64::try_from(s.size).unwrap_or(i64::MAX) - i64::try_from(w).unwrap_or(i64::MAX)
        }),
    }
}

fn list(ctx: &Ctx, json: bool) -> Result<()> {
    let all = segment::list(ctx)?;
    if json {
        let out: Vec<SegmentJson<'_>> = all.iter().map(json_of).collect();
        return print_json(&out);
    }
    let mut out = buffered_stdout();
    if all.is_empty() {
        writeln!(out, "No saved segments yet: kith segment add NAME QUERY")?;
    }
    for s in &all {
        writeln!(
            out,
            "{}  {:<6}  {:>7}  {:>6}  {}",
            fit(&s.name, 20),
            if s.is_static { "static" } else { "live" },
            s.size,
            change(s),
            printable(&s.description)
        )?;
    }
    out.flush()?;
    Ok(())
}

fn show(ctx: &Ctx, a: &ShowArgs) -> Result<()> {
    let (s, members) = segment::show(ctx, &a.name, usize::MAX)?;
    if a.json.json {
        #[derive(Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            segment: SegmentJson<'a>,
            members: Vec<i64>,
        }
        return print_json(&Shown {
            segment: json_of(&s),
            members: members.rows.iter().map(|r| r.id).collect(),
        });
    }
    println!(
        "{} ({}, {} {}{})",
        printable(&s.name),
        if s.is_static { "static" } else { "live" },
        s.size,
        if s.size == 1 { "contact" } else { "contacts" },
        match change(&s) {
            c if c.is_empty() => String::new(),
            c => format!(", {c} since last week"),
        }
    );
    println!("  query: {}", printable(&s.query));
    if !s.description.is_empty() {
        println!("  {}", printable(&s.description));
    }
    super::list::print_rows(&members.rows)
}

/// One row of the comparison: a figure of a segment, as text.
type Cell<'a> = dyn Fn(&Performance) -> String + 'a;

fn compare(ctx: &Ctx, a: &CompareArgs) -> Result<()> {
    let today = ctx.clock.now().date();
    let span = a.period.span_of(today);
    let all = segment::compare(ctx, &a.names, span)?;
    if a.json.json {
        return print_json(&all);
    }
    let money = |minor: i64| {
        Money {
            minor,
            currency: ctx.config.currency.clone(),
        }
        .grouped()
    };
    let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{:.0}%", v * 100.0));
    let rows: [(&str, &Cell); 9] = [
        ("size", &|p| p.size.to_string()),
        ("customers", &|p| p.customers.to_string()),
        ("revenue", &|p| money(p.revenue_minor)),
        ("average purchase", &|p| {
            p.average_purchase_minor.map_or("–".into(), money)
        }),
        ("purchases per contact", &|p| {
            p.purchases_per_contact
                .map_or("–".into(), |v| format!("{v:.2}"))
        }),
        ("response rate", &|p| pct(p.response_rate)),
        ("retention", &|p| pct(p.retention)),
        ("churn", &|p| pct(p.churn)),
        ("average NPS", &|p| {
            p.average_nps.map_or("–".into(), |v| format!("{v:.1}"))
        }),
    ];
    let mut out = buffered_stdout();
    write!(out, "{:<22}", span.label())?;
    for p in &all {
        write!(out, "  {:>16}", fit(&p.name, 16).trim_end())?;
    }
    writeln!(out)?;
    for (label, cell) in &rows {
        write!(out, "{label:<22}")?;
        for p in &all {
            write!(out, "  {:>16}", cell(p))?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
