//! The web-report reader on the real sample report.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use folio_import::{LoadOptions, load, read_web_report};
use folio_model::{Block, Publication, plain_text};

fn sample_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/north-korea.txt")
}

fn sample_text() -> String {
    std::fs::read_to_string(sample_path()).unwrap()
}

fn load_bytes(bytes: &[u8], name: &str) -> (Publication, Vec<folio_model::Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let loaded = load(&[path], &LoadOptions::default()).unwrap();
    (loaded.publication, loaded.diagnostics)
}

#[test]
fn the_sample_is_one_report_with_four_sections_and_eighteen_notes() {
    let read = read_web_report(&sample_text(), "north-korea.txt", "North Korea");
    assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
    assert_eq!(read.reports.len(), 1);
    let report = &read.reports[0];

    let summary = report.summary.as_ref().unwrap();
    assert_eq!(
        summary.label.as_deref(),
        Some("Key developments since May 2000")
    );
    let summary_text = plain_text(summary.blocks[0].content().unwrap());
    assert!(summary_text.starts_with("The leaders of North Korea and South Korea"));
    assert!(summary_text.ends_with("but the project has been suspended."));

    let headings: Vec<String> = report
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { content, .. } => Some(plain_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "Mine Ban Policy",
            "Production, Transfer and Stockpiling",
            "Mine Action",
            "Landmine Problem and Casualties"
        ]
    );
    let paragraphs = report
        .body
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { .. }))
        .count();
    assert_eq!(paragraphs, 12);
    assert!(report.related.is_empty());
    assert_eq!(report.endnotes.len(), 18);
    assert_eq!(report.note_refs().len(), 18);
    let labels: Vec<&str> = report.note_refs().iter().map(|id| id.as_str()).collect();
    let expected: Vec<String> = (1..=18).map(|n| n.to_string()).collect();
    assert_eq!(labels, expected);
    assert!(
        plain_text(report.endnotes[17].blocks[0].content().unwrap())
            .starts_with("Interview with Buddhist priest")
    );
    // every reference has a place, and the place is where the `[N]` is
    assert_eq!(read.sources[0].refs.len(), 18);
    let text = sample_text();
    let (line, column) = read.sources[0].refs[0];
    let source_line = text.lines().nth(line as usize - 1).unwrap();
    let at: String = source_line
        .chars()
        .skip(column as usize - 1)
        .take(3)
        .collect();
    assert_eq!(at, "[1]");
}

#[test]
fn no_navigation_reaches_the_model() {
    let read = read_web_report(&sample_text(), "north-korea.txt", "North Korea");
    let json = folio_model::to_json(&Publication::new(Default::default(), read.reports));
    for chrome in [
        "About Us",
        "Press Room",
        "Table of Contents",
        "Country Reports",
        "Previous",
        "Related Report",
    ] {
        assert!(!json.contains(chrome), "{chrome} reached the model");
    }
}

#[test]
fn bom_and_crlf_give_the_same_model() {
    let text = sample_text();
    let (plain, d1) = load_bytes(text.as_bytes(), "north-korea.txt");
    let mut bom_crlf = b"\xEF\xBB\xBF".to_vec();
    bom_crlf.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    let (other, d2) = load_bytes(&bom_crlf, "north-korea.txt");
    assert_eq!(plain, other);
    assert!(d1.is_empty() && d2.is_empty());
}

#[test]
fn windows_1252_gives_the_same_model_and_one_warning() {
    let text = sample_text();
    let (utf8, _) = load_bytes(text.as_bytes(), "north-korea.txt");
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    let (decoded, diagnostics) = load_bytes(&cp1252, "north-korea.txt");
    assert_eq!(decoded, utf8);
    assert_eq!(diagnostics.len(), 1);
    assert!(!diagnostics[0].is_error());
    let location = diagnostics[0].location.as_ref().unwrap();
    // the first byte that is not UTF-8: the `·` of the navigation line
    assert_eq!((location.line, location.column), (1, 2));
}
