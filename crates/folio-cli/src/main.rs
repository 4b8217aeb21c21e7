//! The `folio` command.

use std::io::IsTerminal;

use folio::import::STACK_SIZE;

fn main() -> std::process::ExitCode {
    // A model may nest up to 256 levels (--max-nesting): its readers and editions
    // recurse once per level, so the work runs on threads with a large stack, of which
    // the system commits only what is used.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK_SIZE)
        .build_global();
    let work = std::thread::Builder::new()
        .name("folio".into())
        .stack_size(STACK_SIZE)
        .spawn(run);
    let code = match work.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        // no thread could be started: do the work here
        Err(_) => run(),
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
    };
    std::process::ExitCode::from(code)
}

fn run() -> u8 {
    let progress = std::io::stderr().is_terminal();
    folio_cli::run_with_progress(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        // not locked for the whole run: the progress bar's thread draws on it too
        &mut std::io::stderr(),
        progress,
    )
}
