//! The command line: clap structs stop here; each subcommand file parses its
//! arguments into domain types and calls `ops`.
//!
//! Errors are printed once, by [`main`], as `kith: message` plus a hint, with
//! exit code 1 for bad input and 2 for usage; a closed pipe exits 0 quietly.

mod add;
mod args;
mod backup;
mod cadence;
mod campaign;
mod campaign_send;
mod check;
mod completions;
mod config_cmd;
mod dedup;
mod demo;
mod edit;
mod export;
mod find;
mod follow_up;
mod forget;
mod goal;
mod history;
mod import;
mod kpi;
mod list;
mod log;
mod merge;
mod next;
mod output;
mod remind;
mod rfm;
mod segment;
mod show;
mod status;
mod template;
mod undo;
mod utf8;

#[cfg(test)]
mod front_ends_agree;
#[cfg(test)]
mod no_spliced_sql;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::clock::Clock;
use crate::config::{Config, DbFrom, Paths};
use crate::error::{Error, ErrorKind, Result};
use crate::ops::Ctx;
use crate::store::Store;

#[derive(Parser, Debug)]
#[command(
    name = "kith",
    version,
    about = "A local-first CRM for the terminal: contacts, interactions, follow-ups.",
    long_about = "A local-first CRM for the terminal: contacts, interactions, follow-ups.\n\n\
                  Run `kith` alone to open the TUI, `kith demo` to try it on sample data.",
    after_help = "Examples:\n  kith add \"Jane Doe <jane@acme.io>\" --org Acme --tag client\n  \
                  kith log jane call \"renewal talk, wants a proposal\"\n  \
                  kith follow-up jane \"next fri\" \"send the proposal\"\n  \
                  kith remind            # from cron, every morning"
)]
pub struct Cli {
    // KITH_DB is read by `Paths::resolve`, not clap: an empty KITH_DB is
    // then an error about KITH_DB, not about --db.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        help = "Database file [env: KITH_DB] [default: ~/.local/share/kith/kith.db]"
    )]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add a contact
    Add(add::Args),
    /// Log an interaction (call, email, meeting, purchase…) with a contact
    Log(log::Args),
    /// Change a contact
    Edit(edit::Args),
    /// Show a contact: details, open follow-ups and timeline
    Show(show::Args),
    /// List contacts
    List(list::Args),
    /// Fuzzy-find contacts by name, email, organisation or tag
    Find(find::Args),
    /// Archive a contact (hidden from lists and reminders, kept on file)
    Archive(status::ArchiveArgs),
    /// Delete a contact with its interactions and follow-ups
    Delete(status::DeleteArgs),
    /// Schedule a follow-up with a contact
    #[command(name = "follow-up", visible_alias = "fu")]
    FollowUp(follow_up::AddArgs),
    /// Mark a follow-up done (a recurring one moves to its next date)
    Done(follow_up::DoneArgs),
    /// Push a follow-up to a later date
    Snooze(follow_up::SnoozeArgs),
    /// Set how often to stay in touch with a contact
    Cadence(cadence::Args),
    /// Print what is due: follow-ups, stay-in-touch lapses, birthdays (for cron)
    Remind(remind::Args),
    /// Recency, frequency and monetary scores of buyers, by named group
    Rfm(rfm::Args),
    /// Who to contact next and why, most pressing first
    Next(next::Args),
    /// Write contacts to a vCard, CSV or JSON file (or one person's whole record)
    Export(export::Args),
    /// Copy the database to a backup file, safely while kith is in use
    Backup(backup::BackupArgs),
    /// Put a backup in place of the database (the current one is kept aside)
    Restore(backup::RestoreArgs),
    /// Check the database: integrity, broken references, a summary of counts
    Check(check::Args),
    /// Saved segments: add, list, show, rm, compare (queries as in list --where)
    Segment(segment::Args),
    /// Message templates with merge fields: add, list, show, edit, rm, preview
    Template(template::Args),
    /// Campaigns to a segment, with A/B variants: new, send, respond, report
    Campaign(campaign::Args),
    /// Find likely duplicates: clusters best first, each pair with its score and reasons
    Dedup(dedup::Args),
    /// Erase a person for good, keeping only a salted hash of their e-mails and phones
    Forget(forget::Args),
    /// Merge contacts that are one person (undo with `kith undo`)
    Merge(merge::Args),
    /// Undo a merge: the newest, or one `kith history` lists
    Undo(undo::Args),
    /// What was done to the data, newest first, and what can be undone
    History(history::Args),
    /// Key figures per month, quarter or year: customers, revenue, retention, NPS…
    Kpi(kpi::Args),
    /// Objectives: add one ("revenue 10000 EUR per quarter"), list them with progress, remove one
    #[command(subcommand)]
    Goal(goal::Command),
    #[command(about = "Import address books: vCard, CSV (Google, Outlook, LinkedIn…) or JSON")]
    Import(import::Args),
    /// Build a database of realistic sample data and open it
    Demo(demo::Args),
    /// Configuration: print the default file or where it is read from
    Config(config_cmd::Args),
    /// Open the terminal UI (the same as `kith` alone)
    Tui,
    /// Print a shell completion script
    Completions(completions::Args),
    /// Print the man page (roff): kith man | man -l -
    Man,
}

/// Runs the binary: parses arguments, runs the command, reports errors.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) if e.kind() == clap::error::ErrorKind::InvalidUtf8 => {
            use clap::CommandFactory;
            let message = utf8::invalid_utf8_message(&Cli::command(), &args)
                .unwrap_or_else(|| "an argument is not valid UTF-8; nothing changed".into());
            eprintln!("kith: {message}");
            return ExitCode::from(2);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            // A message may quote a path or a file's text: no escape sequence reaches the terminal.
            eprintln!(
                "kith: {}",
                crate::domain::text::printable_multiline(&e.to_string())
            );
            ExitCode::from(e.exit_code())
        }
    }
}

pub fn run(cli: Cli) -> Result<()> {
    let db = cli.db;
    match cli.command {
        None | Some(Command::Tui) => crate::tui::run(open(db, Access::Write)?),
        Some(Command::Demo(args)) => demo::run(db, &args),
        Some(Command::Config(args)) => config_cmd::run(&args, db),
        Some(Command::Completions(args)) => completions::completions(&args),
        Some(Command::Man) => completions::man(),
        Some(command) => {
            let access = match command {
                Command::List(_)
                | Command::Show(_)
                | Command::Find(_)
                | Command::Remind(_)
                | Command::Export(_)
                | Command::Backup(_)
                | Command::Check(_)
                | Command::Dedup(_)
                | Command::History(_)
                | Command::Kpi(_)
                | Command::Rfm(_)
                | Command::Next(_)
                | Command::Goal(goal::Command::List(_)) => Access::Read,
                Command::Segment(ref a) if a.command.reads_only() => Access::Read,
                Command::Template(ref a) if a.command.reads_only() => Access::Read,
                Command::Campaign(ref a) if a.command.reads_only() => Access::Read,
                _ => Access::Write,
            };
            run_on_db(&mut open(db, access)?, command)
        }
    }
}

/// The commands that work on the user's database.
fn run_on_db(ctx: &mut Ctx, command: Command) -> Result<()> {
    // Saved segments' sizes, once a day, for "change since last week". When
    // today's are recorded this is one read; a read-only file or a busy
    // database just skips it, so no command fails for it.
    let _ = crate::ops::segment::record_sizes_if_due(ctx);
    match command {
        Command::Add(a) => add::run(ctx, a),
        Command::Log(a) => log::run(ctx, &a),
        Command::Edit(a) => edit::run(ctx, a),
        Command::Show(a) => show::run(ctx, &a),
        Command::List(a) => list::run(ctx, &a),
        Command::Find(a) => find::run(ctx, &a),
        Command::Archive(a) => status::archive(ctx, &a),
        Command::Delete(a) => status::delete(ctx, &a),
        Command::FollowUp(a) => follow_up::add(ctx, &a),
        Command::Done(a) => follow_up::done(ctx, &a),
        Command::Snooze(a) => follow_up::snooze(ctx, &a),
        Command::Cadence(a) => cadence::run(ctx, &a),
        Command::Remind(a) => remind::run(ctx, &a),
        Command::Rfm(a) => rfm::run(ctx, &a),
        Command::Next(a) => next::run(ctx, &a),
        Command::Export(a) => export::run(ctx, &a),
        Command::Backup(a) => backup::run_backup(ctx, &a),
        Command::Restore(a) => backup::run_restore(ctx, &a),
        Command::Check(a) => check::run(ctx, &a),
        Command::Dedup(a) => dedup::run(ctx, &a),
        Command::Forget(a) => forget::run(ctx, &a),
        Command::Import(a) => import::run(ctx, a),
        Command::Merge(a) => merge::run(ctx, &a),
        Command::Undo(a) => undo::run(ctx, &a),
        Command::History(a) => history::run(ctx, &a),
        Command::Segment(a) => segment::run(ctx, &a),
        Command::Template(a) => template::run(ctx, &a),
        Command::Campaign(a) => campaign::run(ctx, &a),
        Command::Kpi(a) => kpi::run(ctx, &a),
        Command::Goal(c) => goal::run(ctx, &c),
        other => Err(Error::internal(format!(
            "{other:?} does not run on the database"
        ))),
    }
}

/// What a command does with the database: only writers may create it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// `list`, `show`, `find`, `remind`: never create a database.
    Read,
    /// Everything else: creates the database when it is missing.
    Write,
}

/// Opens the database and reads the config and the clock.
///
/// A missing database is created only by a writing command, and only in a
/// folder that exists unless it is the default location (whose folders are
/// made on first use). A reading command on a missing database at the
/// default location sees an empty CRM and creates nothing; at a path named
/// by `--db` or `KITH_DB` it is an error naming the path, as a typo there
/// (in cron's environment, say) must not quietly read an empty database.
pub fn open(db: Option<PathBuf>, access: Access) -> Result<Ctx> {
    let paths = Paths::resolve(db)?;
    let config = Config::load(paths.config.as_deref())?;
    let clock = Clock::from_env().map_err(Error::user)?;
    // A link to nothing is not "no database": Store::open names it.
    let store = if paths.db.exists() || paths.db.is_symlink() {
        Store::open(&paths.db)?
    } else {
        match (paths.db_from, access) {
            (DbFrom::Default, Access::Read) => Store::open_in_memory()?,
            (DbFrom::Default, Access::Write) => Store::open(&paths.db)?,
            (named, access) => {
                check_folder(&paths.db, named)?;
                if access == Access::Read {
                    return Err(Error::user(format!(
                        "there is no database at {} (named by {})",
                        paths.db.display(),
                        named.label()
                    ))
                    .with_hint(
                        "check the path for a typo; a command that adds data (kith add) creates a new database there",
                    ));
                }
                Store::open(&paths.db)?
            }
        }
    };
    Ok(Ctx {
        store,
        clock,
        config,
    })
}

/// A database named by `--db` or `KITH_DB` must be in a folder that exists.
fn check_folder(db: &std::path::Path, named: DbFrom) -> Result<()> {
    let folder = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if folder.is_dir() {
        return Ok(());
    }
    let problem = if folder.exists() {
        "is not a folder"
    } else {
        "does not exist"
    };
    Err(Error::user(format!(
        "cannot use the database {} (named by {}): {} {problem}",
        db.display(),
        named.label(),
        folder.display()
    ))
    .with_hint("check the path for a typo, or create the folder first (mkdir -p)"))
}
