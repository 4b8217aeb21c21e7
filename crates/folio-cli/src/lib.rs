//! The `folio` command line: load, resolve, export, write. The work is done by the
//! library crates; this crate only wires them together.

mod args;
mod check;
mod commit;
mod export;
mod file_name;
mod folder_lock;
mod interrupt;
mod output;
mod progress;

pub use interrupt::handle_signals;

use std::ffi::OsString;
use std::io::Write;

use clap::Parser;

use args::{Cli, Command};

/// Exit status: done, warnings allowed.
pub const EXIT_OK: u8 = 0;
/// Exit status: the input has errors.
pub const EXIT_INPUT: u8 = 1;
/// Exit status: a usage or I/O error.
pub const EXIT_USAGE: u8 = 2;

/// Runs the command line `args` (the program name first), writing results to `out` and
/// diagnostics to `err`; returns the exit status. Shows no progress bar.
pub fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    run_with_progress(args, out, err, false)
}

/// Like [`run`], with a progress bar on standard error for long work when `progress` is
/// true (the `folio` binary sets it when standard error is a terminal).
pub fn run_with_progress(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    progress: bool,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                let _ = write!(err, "{text}");
                EXIT_USAGE
            } else {
                let _ = write!(out, "{text}");
                EXIT_OK
            };
        }
    };
    let result = match &cli.command {
        Command::Check(args) => check::check(args, out, err),
        Command::Export(args) => export::export(args, out, err, progress),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "folio: error: {e:#}");
            EXIT_USAGE
        }
    }
}
