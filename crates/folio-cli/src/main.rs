//! The `folio` command.

use std::io::IsTerminal;

use folio::import::STACK_SIZE;

/// mimalloc rather than the system's allocator: folio makes many small allocations on
/// several threads at once, and gives them back in a different order and thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`: the place of the option in `mi_option_e` (`mimalloc.h`) of
/// the mimalloc linked in, when it is mimalloc 2 or 3, which keep it at 15
/// (`libmimalloc-sys` names only the options of mimalloc 1).
fn purge_delay_option() -> Option<std::ffi::c_int> {
    matches!(ALLOCATOR.version() / 10_000, 2 | 3).then_some(15)
}

/// How long freed memory is kept before it goes back to the system, in milliseconds.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Memory freed goes back to the system after 10 ms rather than after a second (mimalloc's
/// default; `MIMALLOC_PURGE_DELAY` still wins): a long export frees the laid-out book page
/// by page as the PDF is written. At once (0 ms) costs about 10% more time, in page
/// faults of memory given back and taken again. With this, and mimalloc built without
/// transparent huge pages (its `no_thp` feature: it no longer asks for memory 2 MB at a
/// time), the 150-report volume's PDF peaks at about 140 MB, against 265 MB with
/// mimalloc's defaults and 240 MB with the system's allocator, and is faster than either.
fn return_freed_memory_soon() {
    if let Some(option) = purge_delay_option() {
        #[allow(unsafe_code)]
        // SAFETY: mi_option_set_default takes any option and value, from any thread, at
        // any time
        unsafe {
            libmimalloc_sys::mi_option_set_default(option, PURGE_DELAY_MS)
        };
    }
}

fn main() -> std::process::ExitCode {
    return_freed_memory_soon();
    // SIGINT and SIGTERM remove the run's temporary files and the folders it made
    if let Err(error) = folio_cli::handle_signals() {
        eprintln!("folio: warning: cannot handle SIGINT and SIGTERM: {error}");
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_memory_goes_back_to_the_system_soon() {
        // the mimalloc linked in is one whose options this program knows
        let option = purge_delay_option().expect("mimalloc 2 or 3");
        return_freed_memory_soon();
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            #[allow(unsafe_code)]
            // SAFETY: reading an option is allowed from any thread at any time
            let delay = unsafe { libmimalloc_sys::mi_option_get(option) };
            assert_eq!(delay, PURGE_DELAY_MS);
        }
    }
}
