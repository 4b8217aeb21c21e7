//! Times the EPUB export of a volume: `cargo run --release -p folio-epub --example
//! time_export -- REPORT.txt...` loads and resolves the reports as one publication,
//! exports it five times and prints the fastest time of each step.
//!
//! The 150-report benchmark volume: `python3 bench/gen_corpus.py --reports 150
//! --seed-file examples/north-korea.txt --out /tmp/vol150`, then pass
//! `/tmp/vol150/reports/*.txt`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use folio_epub::{EpubOptions, export_epub};
use folio_model::{ResolveOptions, resolve};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let inputs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if inputs.is_empty() {
        return Err("usage: time_export REPORT.txt...".into());
    }
    let start = Instant::now();
    let loaded = folio_import::load(&inputs, &folio_import::LoadOptions::default())?;
    let load = start.elapsed();
    let start = Instant::now();
    let resolved = resolve(
        &loaded.publication,
        &ResolveOptions::default(),
        &loaded.sources,
    );
    let resolve_time = start.elapsed();
    let mut export = Duration::MAX;
    let mut size = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let epub = export_epub(&resolved, &EpubOptions::default())?;
        export = export.min(start.elapsed());
        size = epub.bytes.len();
    }
    println!(
        "{} reports, {} notes: load {:.3} s, resolve {:.3} s, epub {:.3} s ({:.1} MB)",
        loaded.publication.reports.len(),
        resolved.note_count(),
        load.as_secs_f64(),
        resolve_time.as_secs_f64(),
        export.as_secs_f64(),
        size as f64 / 1e6
    );
    Ok(())
}
