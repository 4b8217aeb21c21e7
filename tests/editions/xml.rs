//! The XML editions: folio XML against our schema and back into the model, DocBook
//! against DocBook's schema, and pandoc reading DocBook and JATS back with every word and
//! every note.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use folio_tests::{export, fidelity, fixture, folio, golden, repo, sample, tools, volume_20};

const DOCBOOK_RNG: &str = "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng";

fn folio_schema() -> PathBuf {
    repo().join("crates/folio-xml/schema/folio.rnc")
}

/// Exports the inputs (one or several) to the three XML editions; the folder and NAME.
fn export_xml(inputs: &[PathBuf]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["export".to_owned()];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap().to_owned()));
    args.extend(["--to", "xml,docbook,jats", "-o"].map(str::to_owned));
    args.push(dir.path().to_str().unwrap().to_owned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = folio(&args);
    assert_eq!(run.code, 0, "folio {args:?} failed:\n{}", run.stderr);
    let name = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find_map(|f| f.strip_suffix(".jats.xml").map(str::to_owned))
        .unwrap();
    (dir, name)
}

fn jing(schema: &Path, document: &Path) {
    let mut args = vec![];
    if schema.extension() == Some(OsStr::new("rnc")) {
        args.push(OsStr::new("-c"));
    }
    args.extend([schema.as_os_str(), document.as_os_str()]);
    tools::run("jing", &args);
}

fn pandoc_plain(from: &str, document: &Path) -> String {
    let pandoc = tools::pandoc();
    tools::run(
        pandoc.to_str().unwrap(),
        &[
            "-f".as_ref(),
            from.as_ref(),
            "-t".as_ref(),
            "plain".as_ref(),
            document.as_os_str(),
        ],
    )
}

/// The notes pandoc lists at the end of its plain text: lines that start `[N] `.
fn listed_notes(plain: &str) -> usize {
    plain
        .lines()
        .filter(|line| {
            line.strip_prefix('[')
                .and_then(|rest| rest.split_once("] "))
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .count()
}

#[test]
fn the_sample_matches_its_golden_xml_editions() {
    let (dir, name) = export_xml(&[sample()]);
    assert_eq!(name, "north-korea");
    for file in [
        "north-korea.xml",
        "north-korea.docbook.xml",
        "north-korea.jats.xml",
    ] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap();
        golden::check("north-korea", file, &bytes);
    }
}

#[test]
fn folio_xml_and_docbook_are_valid_for_the_sample_the_volume_and_every_kind_of_content() {
    for inputs in [
        vec![sample()],
        volume_20(),
        vec![fixture("every-kind.json")],
    ] {
        let (dir, name) = export_xml(&inputs);
        jing(&folio_schema(), &dir.path().join(format!("{name}.xml")));
        jing(
            Path::new(DOCBOOK_RNG),
            &dir.path().join(format!("{name}.docbook.xml")),
        );
    }
}

#[test]
fn the_validators_see_an_invalid_document() {
    let (dir, _) = export_xml(&[sample()]);
    let xml = std::fs::read_to_string(dir.path().join("north-korea.xml")).unwrap();
    let bad = dir.path().join("bad.xml");
    std::fs::write(
        &bad,
        xml.replace("<heading level=\"1\">", "<heading level=\"7\">"),
    )
    .unwrap();
    let result = std::panic::catch_unwind(|| jing(&folio_schema(), &bad));
    assert!(result.is_err(), "jing accepted a heading of level 7");
}

#[test]
fn pandoc_reads_every_word_and_note_of_the_sample_docbook_and_jats() {
    let (dir, _) = export_xml(&[sample()]);
    let source = std::fs::read_to_string(sample()).unwrap();
    for (from, file) in [
        ("docbook", "north-korea.docbook.xml"),
        ("jats", "north-korea.jats.xml"),
    ] {
        let plain = pandoc_plain(from, &dir.path().join(file));
        fidelity::assert_nothing_lost(&source, &plain);
        assert_eq!(
            listed_notes(&plain),
            18,
            "{from}: pandoc did not find 18 notes"
        );
    }
}

#[test]
fn pandoc_reads_every_word_and_note_of_the_volume_in_jats_bits() {
    let files = volume_20();
    let (dir, name) = export_xml(&files);
    let jats = std::fs::read_to_string(dir.path().join(format!("{name}.jats.xml"))).unwrap();
    assert!(jats.contains("<book xmlns:xlink"));
    assert_eq!(jats.matches("<book-part ").count(), 20);
    let plain = pandoc_plain("jats", &dir.path().join(format!("{name}.jats.xml")));
    let source: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    fidelity::assert_nothing_lost(&source, &plain);
    assert_eq!(listed_notes(&plain), 1263);
}

#[test]
fn folio_xml_reads_back_into_the_model_it_was_written_from() {
    for inputs in [
        vec![sample()],
        volume_20(),
        vec![fixture("every-kind.json")],
    ] {
        let loaded = folio::import::load(&inputs, &folio::import::LoadOptions::default()).unwrap();
        let (dir, name) = export_xml(&inputs);
        let xml = std::fs::read_to_string(dir.path().join(format!("{name}.xml"))).unwrap();
        assert_eq!(
            folio::xml::read_folio_xml(&xml).unwrap(),
            loaded.publication
        );
        // and through the command line, as an input like any other
        let again = export(&dir.path().join(format!("{name}.xml")), &["--to", "xml"]);
        let xml_again = std::fs::read_to_string(again.path().join(format!("{name}.xml"))).unwrap();
        assert_eq!(xml_again, xml);
    }
}

#[test]
fn entity_attacks_are_refused_with_a_located_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let laughs = dir.path().join("laughs.xml");
    std::fs::write(
        &laughs,
        "<?xml version=\"1.0\"?>\n<!DOCTYPE publication [\n<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\"><meta><title>&b;</title><language>en</language></meta></publication>\n",
    )
    .unwrap();
    let xxe = dir.path().join("xxe.xml");
    std::fs::write(
        &xxe,
        "<!DOCTYPE publication [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\"><meta><title>&x;</title><language>en</language></meta></publication>\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    for (file, at) in [(&laughs, ":2:1: error: "), (&xxe, ":1:1: error: ")] {
        let run = folio(&[
            "export",
            file.to_str().unwrap(),
            "--to",
            "xml",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let expected = format!("{}{at}folio XML refuses a DOCTYPE", file.display());
        assert!(run.stderr.contains(&expected), "{}", run.stderr);
    }
    assert!(!out.exists());
}
