//! The inputs kept from fuzzing (`fuzz/`), in `tests/fixtures/fuzz/<target>/`, run
//! through the very code of their fuzz target (`fuzz/src/lib.rs`, included here), on
//! stable Rust: none may panic, and each must give a clean outcome. An input named
//! `ok-*` must read without an error and be written in every edition its target makes;
//! one named `err-*` must be refused with an error that says what is wrong.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod harness;

use harness::Outcome;

/// The editions every target makes of every input.
const ALWAYS: [&str; 4] = ["json", "xml", "docbook", "jats"];

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/fuzz")
        .join(target);
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 3,
        "too few inputs kept in {}",
        dir.display()
    );
    inputs
}

/// Runs every input kept for `target` through `run`, and checks what it made.
fn replay(target: &str, run: fn(&[u8]) -> Outcome, editions: &[&str]) {
    for path in inputs(target) {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&data))
            .unwrap_or_else(|_| panic!("the {target} target panics on {}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy();
        let made: Vec<&str> = outcome.editions.iter().map(|&(name, _)| name).collect();
        for edition in ALWAYS {
            assert!(made.contains(&edition), "{name}: no {edition} in {made:?}");
        }
        for error in &outcome.errors {
            assert!(
                !error.message.is_empty(),
                "{name}: an error that says nothing"
            );
        }
        if name.starts_with("ok-") {
            assert!(outcome.errors.is_empty(), "{name}: {:?}", outcome.errors);
            for edition in editions {
                assert!(made.contains(edition), "{name}: no {edition} in {made:?}");
            }
        }
        if name.starts_with("err-") {
            assert!(
                !outcome.errors.is_empty(),
                "{name} is read without an error"
            );
        }
    }
}

#[test]
fn web_report_inputs() {
    replay("web_report", harness::web_report, &["epub"]);
}

#[test]
fn markdown_inputs() {
    replay("markdown", harness::markdown, &["epub"]);
}

#[test]
fn manifest_inputs() {
    replay("manifest", harness::manifest, &["epub"]);
}

#[test]
fn folio_xml_inputs() {
    replay("folio_xml", harness::folio_xml, &["epub"]);
}

#[test]
fn export_inputs() {
    replay("export", harness::export, &["pdf", "epub"]);
}
