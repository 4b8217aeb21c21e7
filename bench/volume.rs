//! The volume the criterion benchmarks of every crate time, shared by their bench files
//! and timing examples (`#[path = "../../../bench/volume.rs"] mod volume;`).

use std::path::{Path, PathBuf};

/// The web-report files of the volume, in order: the 20-report volume of the test
/// fixtures, or the folder `FOLIO_BENCH_DIR` names.
#[allow(dead_code)] // not every includer times the default volume
pub fn volume() -> Vec<PathBuf> {
    let dir = std::env::var_os("FOLIO_BENCH_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/volume-20"),
        PathBuf::from,
    );
    reports_in(&dir)
}

/// The `.txt` files of `dir`, in the order of their names.
pub fn reports_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .txt reports in {}", dir.display());
    files
}

/// `files` read as one publication, as `folio export` reads them.
pub fn load(files: &[PathBuf]) -> folio_import::Loaded {
    folio_import::load(files, &folio_import::LoadOptions::default()).unwrap()
}

/// `loaded` resolved with the default numbering.
pub fn resolve(loaded: &folio_import::Loaded) -> folio_model::Resolved<'_> {
    folio_model::resolve(
        &loaded.publication,
        &folio_model::ResolveOptions::default(),
        &loaded.sources,
    )
}
