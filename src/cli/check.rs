//! `kith check`: is the database sound? Exit 0 when it is, 1 when not.
//! With `--data`, the cleanup checks too (their findings never make it 1),
//! and with `--fix` their fixes.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::domain::cleanup::{DataFinding, Fix};
use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::ops::Ctx;
use crate::ops::check::{Report, Severity, check, repair};
use crate::ops::cleanup;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith check\n  kith check --json\n  kith check --repair\n  \
kith check --data\n  kith check --data --fix\n  kith check --data --fix --archive --yes\n\n\
Exit status: 0 when all is well, 1 when a problem was found (each is named, with how to fix it). \
Data findings (--data) are advice: they never make the status 1; a fix that could not be \
applied does."
)]
pub struct Args {
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    /// Delete rows of contacts that are gone, drop unused search words and
    /// set last-contact times from the interactions, then check again
    #[arg(long)]
    pub repair: bool,
    /// Check the data too: e-mails that are not addresses, phones that do
    /// not parse, carelessly typed names, contacts with no way to reach
    /// them, stale contacts, customers with no consent on record
    #[arg(long)]
    pub data: bool,
    #[command(flatten)]
    pub fixing: FixArgs,
}

/// How `--data` findings are fixed.
#[derive(clap::Args, Debug)]
pub struct FixArgs {
    /// Apply the data findings' fixes (names, e-mails, phones) after asking;
    /// advice kith cannot follow alone is left to you
    #[arg(long, requires = "data")]
    pub fix: bool,
    /// With --fix, also archive the unreachable and the stale contacts
    #[arg(long, requires = "fix")]
    pub archive: bool,
    /// With --fix, do not ask first (needed without a terminal)
    #[arg(long, short = 'y', requires = "fix")]
    pub yes: bool,
}

/// What `--fix` did: the fixes applied and the ones refused, with why.
#[derive(Default, Serialize)]
struct Fixed {
    fixed: Vec<DataFinding>,
    not_fixed: Vec<NotFixed>,
}

#[derive(Serialize)]
struct NotFixed {
    #[serde(flatten)]
    finding: DataFinding,
    error: String,
}

/// The JSON of `--data`: the report, its `data` findings, and what `--fix` did.
#[derive(Serialize)]
struct WithData<'a> {
    #[serde(flatten)]
    report: &'a Report,
    data: &'a [DataFinding],
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    fixes: Option<&'a Fixed>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    if args.repair {
        let changed = repair(ctx)?;
        writeln!(std::io::stderr(), "repaired {changed} rows")?;
    }
    let fixes = if args.fixing.fix {
        Some(fix(ctx, args)?)
    } else {
        None
    };
    let report = check(ctx)?;
    let data = if args.data {
        Some(cleanup::findings(ctx)?)
    } else {
        None
    };
    match (&data, args.json) {
        (Some(data), true) => super::output::print_json(&WithData {
            report: &report,
            data,
            fixes: fixes.as_ref(),
        })?,
        (None, true) => super::output::print_json(&report)?,
        (data, false) => print_text(&report, data.as_deref(), fixes.as_ref())?,
    }
    if let Some(n) = fixes.as_ref().map(|f| f.not_fixed.len()).filter(|&n| n > 0) {
        let s = if n == 1 { "" } else { "es" };
        return Err(Error::user(format!("{n} fix{s} could not be applied")));
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

/// The automatic fixes of the data findings (archiving only with
/// `--archive`, once per contact), confirmed, then applied one by one.
fn fix(ctx: &mut Ctx, args: &Args) -> Result<Fixed> {
    let mut todo: Vec<DataFinding> = Vec::new();
    for f in cleanup::findings(ctx)? {
        let archive = f.fix == Fix::Archive;
        let again = archive
            && todo
                .iter()
                .any(|t| t.contact_id == f.contact_id && t.fix == Fix::Archive);
        if f.fix.is_automatic() && (!archive || args.fixing.archive) && !again {
            todo.push(f);
        }
    }
    let mut done = Fixed::default();
    if todo.is_empty() {
        writeln!(std::io::stderr(), "nothing to fix")?;
        return Ok(done);
    }
    if !args.fixing.yes {
        // The list is worth reading only where the question can be answered.
        if std::io::stdin().is_terminal() {
            let mut err = std::io::stderr().lock();
            for f in &todo {
                writeln!(err, "  {}", line(f))?;
            }
        }
        let n = todo.len();
        let s = if n == 1 { "" } else { "es" };
        super::output::confirm(&format!("Apply {n} fix{s}? [y/N] "))?;
    }
    for f in todo {
        match cleanup::apply_fix(ctx, &f) {
            Ok(()) => done.fixed.push(f),
            Err(e) => done.not_fixed.push(NotFixed {
                finding: f,
                error: e.to_string(),
            }),
        }
    }
    Ok(done)
}

/// `#id name  check  message  → fix`, stored text made safe to show.
fn line(f: &DataFinding) -> String {
    format!(
        "#{} {}  {}  {}  → {}",
        f.contact_id,
        printable(&f.name),
        f.check,
        printable(&f.message),
        f.fix.describe()
    )
}

fn print_text(report: &Report, data: Option<&[DataFinding]>, fixes: Option<&Fixed>) -> Result<()> {
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
    if let Some(fixes) = fixes {
        for f in &fixes.fixed {
            writeln!(out, "fixed {}", line(f))?;
        }
        for f in &fixes.not_fixed {
            writeln!(
                out,
                "not fixed {}\n  {}",
                line(&f.finding),
                printable(&f.error)
            )?;
        }
    }
    if let Some(data) = data {
        let n = data.len();
        let s = if n == 1 { "" } else { "s" };
        writeln!(out, "data: {n} finding{s}")?;
        for f in data {
            writeln!(out, "{}", line(f))?;
        }
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
