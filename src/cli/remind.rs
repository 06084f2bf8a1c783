//! `kith remind`: for cron.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;

use crate::domain::remind::{Item, ItemKind};
use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::ops::{Ctx, remind};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith remind                       # new items only; silent when none\n  \
    kith remind --all --days 14\n  \
    kith remind --exec 'notify-send \"$KITH_CONTACT\" \"$KITH_NOTE\"'\n  \
    kith remind --ics ~/calendars/kith.ics\n\n\
crontab:\n  0 8 * * *  kith remind --exec 'mail -s \"kith: $KITH_CONTACT\" me@example.com <<< \"$KITH_NOTE\"'"
)]
pub struct Args {
    /// Report every due item, not only those not reported before
    #[arg(long)]
    pub all: bool,
    /// Birthdays this many days ahead
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(0..=366))]
    pub days: u32,
    /// Print JSON (instead of running the configured `reminder_command`)
    #[arg(long)]
    pub json: bool,
    /// Also write every due item to this iCalendar file (through a symlink,
    /// keeping the file's mode); `-` prints the calendar instead of the list
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// Run CMD (via sh -c) once per item, with `KITH_KIND`, `KITH_CONTACT_ID`,
    /// `KITH_CONTACT`, `KITH_DUE` and `KITH_NOTE` set
    #[arg(long, value_name = "CMD", conflicts_with = "json")]
    pub exec: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let ics_stdout = args.ics.as_deref() == Some(Path::new("-"));
    if ics_stdout && args.json {
        return Err(Error::usage("--ics - and --json both want standard output")
            .with_hint("write the calendar to a file: --ics FILE"));
    }
    let today = ctx.clock.now().date();
    // The calendar holds every due item, --all shows them: both need the
    // whole list; otherwise only what is new is gathered.
    let due = if args.all || args.ics.is_some() {
        remind::due_items(ctx.store.db(), today, args.days)?
    } else {
        remind::new_items(ctx.store.db(), today, args.days)?
    };
    if let Some(path) = &args.ics {
        let items: Vec<&Item> = due.items.iter().map(|(i, _)| i).collect();
        let stamp = ctx.clock.now_utc();
        if ics_stdout {
            write_ics_stdout(&items, stamp)?;
        } else {
            crate::formats::ics::write_file(path, &items, stamp)
                .map_err(|e| ics_error(path, &e))?;
        }
    }
    let (items, seen): (Vec<Item>, Vec<bool>) = due
        .items
        .into_iter()
        .filter(|(_, seen)| args.all || !seen)
        .unzip();
    // An explicit --json (or a calendar on standard output) is the report
    // asked for; the configured command is only the default.
    let exec = args.exec.clone().or_else(|| {
        Some(ctx.config.reminder_command.clone())
            .filter(|c| !c.trim().is_empty() && !args.json && !ics_stdout)
    });
    // Whether each item was reported this run.
    let reported: Vec<bool> = match exec {
        Some(cmd) => run_exec(&cmd, &items)?,
        // The calendar went to standard output: nothing else is printed,
        // and nothing counts as reported.
        None if ics_stdout => return Ok(()),
        None => {
            if args.json {
                super::output::print_json(&items)?;
            } else {
                print_text(&items, today)?;
            }
            vec![true; items.len()]
        }
    };
    // Items reported before are in the log already. Writing their keys again
    // changes nothing (the insert ignores them) but, for `--all` on a busy
    // day, costs a write transaction over thousands of rows: only new keys go.
    // Items --exec refused are due but not reported: their contacts are
    // looked at again next run.
    let mut new = Vec::new();
    let mut refused = Vec::new();
    for ((item, seen), reported) in items.iter().zip(&seen).zip(&reported) {
        match (reported, seen) {
            (true, false) => new.push(item.key.clone()),
            (true, true) => {}
            (false, _) => refused.push(item.contact_id),
        }
    }
    remind::mark_reported(ctx, &new, &refused, due.watermark)?;
    let failed = refused.len();
    if failed > 0 {
        return Err(Error::user(format!(
            "--exec failed for {failed} of {} items; they will be reported again next run",
            items.len()
        )));
    }
    Ok(())
}

fn ics_error(path: &Path, e: &std::io::Error) -> Error {
    // The error may name the temporary file written beside the target;
    // keep only the kind of failure and name the file asked for.
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "no such directory".to_string(),
        kind => std::io::Error::from(kind).to_string(),
    };
    Error::user(format!("--ics: cannot write {}: {why}", path.display()))
        .with_hint("check that its directory exists and is writable")
}

fn write_ics_stdout(items: &[&Item], stamp: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let mut out = super::output::buffered_stdout();
    out.write_all(crate::formats::ics::render(items, stamp).as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Runs the command per item; returns whether it accepted each.
fn run_exec(cmd: &str, items: &[Item]) -> Result<Vec<bool>> {
    let mut ok = Vec::new();
    for item in items {
        let status = Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .env("KITH_KIND", item.kind.as_str())
            .env("KITH_CONTACT_ID", item.contact_id.to_string())
            // Commands echo these to terminals and mail: no raw controls.
            .env("KITH_CONTACT", printable(&item.contact).as_ref())
            .env("KITH_DUE", item.due.to_storage())
            .env("KITH_NOTE", printable(&item.note).as_ref())
            .env(
                "KITH_FOLLOW_UP_ID",
                item.follow_up_id.map(|i| i.to_string()).unwrap_or_default(),
            )
            .status();
        match status {
            Ok(s) if s.success() => ok.push(true),
            Ok(s) => {
                eprintln!(
                    "kith: --exec failed ({s}) for {} {} ({})",
                    item.kind.as_str(),
                    printable(&item.contact),
                    item.due
                );
                ok.push(false);
            }
            Err(e) => return Err(Error::user(format!("cannot run --exec command: {e}"))),
        }
    }
    Ok(ok)
}

fn print_text(items: &[Item], today: NaiveDate) -> Result<()> {
    let mut out = super::output::buffered_stdout();
    for i in items {
        let days = (i.due.date - today).num_days();
        let when = match days {
            d if d < 0 => format!("overdue {}d", -d),
            0 => "today".to_string(),
            1 => "tomorrow".to_string(),
            d => format!("in {d}d"),
        };
        let what = match i.kind {
            ItemKind::FollowUp => format!("follow-up #{}", i.follow_up_id.unwrap_or_default()),
            ItemKind::StayInTouch => "stay in touch".to_string(),
            ItemKind::Birthday => "birthday".to_string(),
        };
        let note = if i.note.is_empty() {
            String::new()
        } else {
            format!(": {}", printable(&i.note))
        };
        writeln!(
            out,
            "{:<11} {:<22} {} (#{}){note}",
            when,
            what,
            printable(&i.contact),
            i.contact_id
        )?;
    }
    out.flush()?;
    Ok(())
}
