//! Helpers for folio's end-to-end tests: where the fixtures are, running the CLI,
//! golden files, and the fidelity check (every word of the source, in order, in the text
//! extracted from an edition).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

pub mod browser;
pub mod epub;
pub mod fidelity;
pub mod golden;
pub mod pdf;
pub mod tools;

use std::path::{Path, PathBuf};

/// The repository's top folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The sample report, `examples/north-korea.txt`.
pub fn sample() -> PathBuf {
    repo().join("examples/north-korea.txt")
}

/// The 20 report files of the volume fixture (`tests/fixtures/volume-20/*.txt`), in
/// order.
pub fn volume_20() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("volume-20"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 20);
    files
}

/// The texts of `files`, one after the other, a line apart.
pub fn sources(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// What a run of the `folio` command gave.
#[derive(Debug)]
pub struct Run {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the `folio` command line in-process (`args` without the program name).
pub fn folio(args: &[&str]) -> Run {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let code = folio_cli::run(
        std::iter::once("folio").chain(args.iter().copied()),
        &mut stdout,
        &mut stderr,
    );
    Run {
        code,
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// Exports `input` with extra `args` into a new temporary folder, whatever comes of it.
pub fn try_export(input: &Path, args: &[&str]) -> (tempfile::TempDir, Run) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![
        "export",
        input.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let run = folio(&all);
    (dir, run)
}

/// Exports `input` with extra `args` into a new temporary folder, asserting success.
pub fn export(input: &Path, args: &[&str]) -> tempfile::TempDir {
    let (dir, run) = try_export(input, args);
    assert_eq!(
        run.code, 0,
        "folio export {input:?} {args:?} failed:\n{}",
        run.stderr
    );
    dir
}
