//! `kith backup` and `kith restore`.

use std::io::Write;
use std::path::PathBuf;

use crate::error::Result;
use crate::ops::{Ctx, backup};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    kith backup                      # backups/kith-YYYYMMDD-HHMMSS.db beside the database\n  \
    kith backup --keep 14            # from cron: keep the newest 14\n  \
    kith backup -o /mnt/usb --keep 7  # into a directory, under kith's name\n  \
    kith backup -o /mnt/usb/kith.db\n\n\
Safe while the TUI or cron are writing: the copy is one consistent moment.")]
pub struct BackupArgs {
    /// Write the backup to FILE, or into a directory [default: backups/ beside the database]
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Then remove all but the newest N backups in that directory (only
    /// files named kith-YYYYMMDD-HHMMSS.db)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub keep: Option<u32>,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    kith restore ~/.local/share/kith/backups/kith-20261123-090000.db\n  \
    kith restore kith-20261123-090000.db --yes\n\n\
The file is checked first (an intact kith database); the current database is\n\
kept aside as <database>.before-restore-YYYYMMDD-HHMMSS.")]
pub struct RestoreArgs {
    /// The backup to restore
    pub file: PathBuf,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn run_backup(ctx: &mut Ctx, args: &BackupArgs) -> Result<()> {
    let keep = args.keep.map(|n| n as usize);
    let written = backup::backup(ctx, args.output.as_deref(), keep)?;
    let mut err = std::io::stderr();
    for old in &written.removed {
        writeln!(err, "removed old backup {}", old.display())?;
    }
    let mut out = std::io::stdout();
    writeln!(
        out,
        "backed up to {} ({})",
        written.path.display(),
        human_size(written.bytes)
    )?;
    Ok(())
}

pub fn run_restore(ctx: &mut Ctx, args: &RestoreArgs) -> Result<()> {
    let info = backup::inspect(&args.file)?;
    let before = ctx.store.db().count_contacts()?;
    if !args.yes {
        super::output::confirm(&format!(
            "Replace {before} contacts with {} from {}? [y/N] ",
            info.contacts,
            args.file.display()
        ))?;
    }
    let done = backup::restore(ctx, &args.file)?;
    let mut err = std::io::stderr();
    writeln!(
        err,
        "kept the database as it was in {}",
        done.kept_aside.display()
    )?;
    writeln!(
        err,
        "restored {} contacts from {} (there were {})",
        done.contacts_after,
        args.file.display(),
        done.contacts_before
    )?;
    Ok(())
}

fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        b if b < KIB => format!("{b} bytes"),
        b if b < KIB * KIB => format!("{} KiB", b.div_ceil(KIB)),
        b => format!("{:.1} MiB", b as f64 / (KIB * KIB) as f64),
    }
}
