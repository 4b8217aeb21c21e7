//! The volume the criterion benchmarks of every crate time, shared by their bench files
//! (`#[path = "../../../bench/volume.rs"] mod volume;`).

use std::path::PathBuf;

/// The web-report files of the volume, in order: the 20-report volume of the test
/// fixtures, or the folder `FOLIO_BENCH_DIR` names.
pub fn volume() -> Vec<PathBuf> {
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
    assert!(!files.is_empty(), "no .txt reports in {}", dir.display());
    files
}
