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
    // Generated into memory first: clap_complete panics on a write error,
    // and a closed pipe (`| head -1`) must end quietly like every command.
    let mut cmd = super::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "kith", &mut script);
    write_all(&script)
}

/// Writes the man page (roff) to standard output.
pub fn man() -> Result<()> {
    let cmd = super::Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut page)
        .map_err(|e| Error::internal(format!("cannot write the man page: {e}")))?;
    write_all(&page)
}

/// Writes to standard output; a closed pipe becomes the quiet `BrokenPipe` error.
fn write_all(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}
