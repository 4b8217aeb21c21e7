//! The `folio` command.

use std::io::IsTerminal;

fn main() -> std::process::ExitCode {
    let progress = std::io::stderr().is_terminal();
    let code = folio_cli::run_with_progress(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        // not locked for the whole run: the progress bar's thread draws on it too
        &mut std::io::stderr(),
        progress,
    );
    std::process::ExitCode::from(code)
}
