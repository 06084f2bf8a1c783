//! `kith demo`

use std::io::Write;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::ops::demo::{self, DemoSize};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith demo                     # a throw-away database of sample data\n  \
    kith demo --db bench.db --contacts 100000 --interactions 1000000 --no-tui"
)]
pub struct Args {
    /// How many contacts to make
    #[arg(long, default_value_t = 300)]
    pub contacts: usize,
    /// How many interactions to make
    #[arg(long, default_value_t = 4000)]
    pub interactions: usize,
    /// Seed for the generator: the same seed makes the same data
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Only build the database and print a summary
    #[arg(long)]
    pub no_tui: bool,
}

pub fn run(db: Option<PathBuf>, args: &Args) -> Result<()> {
    // KITH_DB names the user's real database: demo data never goes there
    // unless --db names it explicitly, and another path than KITH_DB's.
    let from_env = std::env::var_os("KITH_DB").map(PathBuf::from);
    let explicit = db.filter(|p| Some(p) != from_env.as_ref());
    // Without the TUI a throw-away database is kept (see below), so the
    // summary must not call it deleted.
    let keep = explicit.is_some() || args.no_tui;
    let (path, guard) = match explicit {
        Some(p) => (p, None),
        None => {
            let dir = tempfile::Builder::new().prefix("kith-demo-").tempdir()?;
            (dir.path().join("kith.db"), Some(dir))
        }
    };
    // A new database is built beside its path and renamed once whole, so a
    // killed run never leaves a half demo that looks finished.
    let building = if path.exists() {
        None
    } else {
        Some(demo::building::start(&path)?)
    };
    let open_path = building.as_ref().map_or(path.clone(), |b| b.path.clone());
    let mut ctx = super::open(Some(open_path), super::Access::Write)?;
    if ctx.store.db().count_contacts()? > 0 {
        return Err(Error::user(format!(
            "{} already holds contacts; demo data goes into a new database",
            path.display()
        ))
        .with_hint("pass --db with a path that does not exist yet"));
    }
    let size = DemoSize {
        contacts: args.contacts,
        interactions: args.interactions,
        seed: args.seed,
    };
    let started = std::time::Instant::now();
    let sum = demo::generate_with_analysis(&mut ctx, size)?;
    if let Some(building) = building {
        ctx = building.finish(ctx)?;
    }
    let mut err = std::io::stderr();
    writeln!(
        err,
        "demo database {}{}: {} contacts (+{} planted duplicates, +{} namesakes), {} interactions (+{} of a campaign), {} follow-ups in {:.1}s",
        path.display(),
        if keep { "" } else { " (deleted on exit)" },
        sum.contacts,
        sum.duplicates,
        sum.namesakes,
        sum.interactions,
        sum.campaign_interactions,
        sum.follow_ups,
        started.elapsed().as_secs_f64()
    )?;
    if args.no_tui {
        if let Some(dir) = guard {
            // A throw-away database nobody could open is no use: keep it.
            writeln!(err, "kept in {}", dir.keep().display())?;
        }
        return Ok(());
    }
    crate::tui::run(ctx)
}
