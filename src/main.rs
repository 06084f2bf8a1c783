//! The `kith` binary: parse, run, exit. Everything else lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    kith::cli::main()
}
