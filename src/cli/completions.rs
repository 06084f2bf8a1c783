//! `kith completions SHELL` and `kith man`: generated from the clap model,
//! so they never drift from the real arguments.

use std::io::Write;

use clap::CommandFactory;

use crate::error::{Error, Result};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith completions bash > ~/.local/share/bash-completion/completions/kith\n  \
    kith completions zsh > ~/.zfunc/_kith\n  kith completions fish > ~/.config/fish/completions/kith.fish"
)]
pub struct Args {
    /// bash, zsh, fish, elvish or powershell
    pub shell: clap_complete::Shell,
}

pub fn completions(args: &Args) -> Result<()> {
    let mut cmd = super::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "kith", &mut out);
    out.flush()?;
    Ok(())
}

/// Writes the man page (roff) to standard output.
pub fn man() -> Result<()> {
    let cmd = super::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .map_err(|e| Error::internal(format!("cannot write the man page: {e}")))?;
    Ok(())
}
