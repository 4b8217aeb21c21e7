//! The model JSON edition.

use folio_tests::{export, golden, sample};

#[test]
fn the_sample_matches_its_golden_json() {
    let dir = export(&sample(), &["--to", "json"]);
    let json = std::fs::read(dir.path().join("north-korea.json")).unwrap();
    golden::check("north-korea", "north-korea.json", &json);
}

#[test]
fn the_json_reads_back_into_the_same_model() {
    let dir = export(&sample(), &["--to", "json"]);
    let json = std::fs::read_to_string(dir.path().join("north-korea.json")).unwrap();
    let publication = folio::model::from_json(&json).unwrap();
    assert_eq!(folio::model::to_json(&publication), json);
    // and through the CLI: the JSON is an input like any other
    let again = export(&dir.path().join("north-korea.json"), &["--to", "json"]);
    let json_again = std::fs::read_to_string(again.path().join("north-korea.json")).unwrap();
    assert_eq!(json_again, json);
}

#[test]
fn every_word_of_the_sample_reaches_the_json() {
    let dir = export(&sample(), &["--to", "json"]);
    let json = std::fs::read_to_string(dir.path().join("north-korea.json")).unwrap();
    let publication = folio::model::from_json(&json).unwrap();
    let mut text = String::new();
    let report = &publication.reports[0];
    if let Some(summary) = &report.summary {
        text.push_str(summary.label.as_deref().unwrap_or(""));
        text.push('\n');
    }
    report.for_each_block(&mut |block| {
        if let Some(content) = block.content() {
            text.push_str(&folio::model::plain_text(content));
            text.push('\n');
        }
    });
    for note in &report.endnotes {
        folio::model::for_each_block(&note.blocks, &mut |block| {
            if let Some(content) = block.content() {
                text.push_str(&folio::model::plain_text(content));
                text.push('\n');
            }
        });
    }
    let source = std::fs::read_to_string(sample()).unwrap();
    folio_tests::fidelity::assert_nothing_lost(&source, &text);
}
