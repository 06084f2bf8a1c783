//! `kith config`

use std::io::Write;
use std::path::PathBuf;

use crate::config::{EXAMPLE, Paths};
use crate::error::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    /// Print a config file with every setting at its default, commented
    Default,
    /// Print where the config and the database are
    Paths,
}

pub fn run(args: &Args, db: Option<PathBuf>) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match args.what {
        What::Default => write!(out, "{EXAMPLE}")?,
        What::Paths => {
            let paths = Paths::resolve(db)?;
            writeln!(out, "database  {}", paths.db.display())?;
            let config = paths
                .config
                .map_or_else(|| "(none)".to_string(), |p| p.display().to_string());
            writeln!(out, "config    {config}")?;
        }
    }
    Ok(())
}
