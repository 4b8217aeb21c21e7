//! How long each XML edition takes to write, reading excluded.
//!
//! `cargo bench -p folio-xml` times the 20-report volume of the test fixtures; give
//! another folder of web-report files with `FOLIO_BENCH_DIR`, such as the 150-report
//! volume `python3 bench/gen_corpus.py --reports 150 --seed-file examples/north-korea.txt
//! --out /tmp/vol150` makes (`FOLIO_BENCH_DIR=/tmp/vol150/reports`).
#![allow(clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use folio_model::{ResolveOptions, Resolved, resolve};

/// An edition's writer.
type Export = fn(&Resolved<'_>) -> Vec<u8>;

fn main() {
    let dir = std::env::var_os("FOLIO_BENCH_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/volume-20"),
        PathBuf::from,
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let loaded = folio_import::load(&files, &folio_import::LoadOptions::default()).unwrap();
    let resolved = resolve(
        &loaded.publication,
        &ResolveOptions::default(),
        &loaded.sources,
    );
    println!(
        "{}: {} reports, {} notes",
        dir.display(),
        files.len(),
        resolved.note_count()
    );
    let editions: [(&str, Export); 3] = [
        ("folio XML", folio_xml::export_folio_xml),
        ("DocBook", folio_xml::export_docbook),
        ("JATS", folio_xml::export_jats),
    ];
    for (name, export) in editions {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..11 {
            let start = Instant::now();
            size = std::hint::black_box(export(&resolved)).len();
            times.push(start.elapsed());
        }
        times.sort();
        let median: Duration = times[times.len() / 2];
        println!(
            "{name:>9}: median {:.1} ms (fastest {:.1} ms), {:.1} MB",
            median.as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3,
            size as f64 / 1e6
        );
    }
    let start = Instant::now();
    std::hint::black_box(folio_model::identifier(&loaded.publication));
    println!(
        "content identifier alone: {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
}
