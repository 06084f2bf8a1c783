//! The `kith` binary: parse, run, exit. Everything else lives in the library.

use std::process::ExitCode;

// An import or an export makes and drops millions of small strings; with
// glibc's allocator that was a third of a 100k-contact import.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    kith::cli::main()
}
