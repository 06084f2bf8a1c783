//! `kith check`: is the database sound? Exit 0 when it is, 1 when not.

use std::io::Write;

use crate::error::{Error, Result};
use crate::ops::Ctx;
use crate::ops::check::{Report, Severity, check, repair};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith check\n  kith check --json\n  kith check --repair\n\n\
Exit status: 0 when all is well, 1 when a problem was found (each is named, with how to fix it)."
)]
pub struct Args {
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    /// Delete rows of contacts that are gone, drop unused search words and
    /// set last-contact times from the interactions, then check again
    #[arg(long)]
    pub repair: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    if args.repair {
        let changed = repair(ctx)?;
        writeln!(std::io::stderr(), "repaired {changed} rows")?;
    }
    let report = check(ctx)?;
    if args.json {
        super::output::print_json(&report)?;
    } else {
        print_text(&report)?;
    }
    if report.is_healthy() {
        Ok(())
    } else {
        let n = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Problem)
            .count();
        let s = if n == 1 { "" } else { "s" };
        Err(Error::user(format!("the database has {n} problem{s}")))
    }
}

fn print_text(report: &Report) -> Result<()> {
    let mut out = super::output::buffered_stdout();
    let c = &report.counts;
    writeln!(
        out,
        "schema version {}, {}",
        report.schema_version,
        size(c.bytes)
    )?;
    writeln!(
        out,
        "{} contacts ({} archived), {} interactions, {} open follow-ups, {} tags, {} audit entries",
        c.contacts + c.archived,
        c.archived,
        c.interactions,
        c.open_follow_ups,
        c.tags,
        c.audit_entries
    )?;
    for f in &report.findings {
        let label = match f.severity {
            Severity::Problem => "problem",
            Severity::Note => "note",
        };
        writeln!(out, "{label}: {}\n  fix: {}", f.message, f.fix)?;
    }
    if report.is_healthy() {
        writeln!(out, "ok")?;
    }
    out.flush()?;
    Ok(())
}

fn size(bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KiB", (bytes + 1023) / 1024)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    }
}
