//! Issue 26's polish, checked on the real files: smart punctuation in every edition.

use std::path::Path;

use folio_tests::epub::Epub;
use folio_tests::fidelity::{assert_nothing_lost, xml_text};
use folio_tests::tools::pdftotext;
use folio_tests::{export, sample};

/// The text of every edition of `dir`'s `north-korea.*`, by edition.
fn editions_text(dir: &Path) -> Vec<(&'static str, String)> {
    let path = |ext: &str| dir.join(format!("north-korea.{ext}"));
    let read = |ext: &str| std::fs::read_to_string(path(ext)).unwrap();
    let epub = Epub::open(&path("epub"));
    let json: serde_json::Value = serde_json::from_str(&read("json")).unwrap();
    let mut strings = String::new();
    json_strings(&json, &mut strings);
    vec![
        ("pdf", pdftotext(&path("pdf"))),
        ("epub", epub.spine_text()),
        ("folio xml", xml_text(&read("xml"))),
        ("docbook", xml_text(&read("docbook.xml"))),
        ("jats", xml_text(&read("jats.xml"))),
        ("json", strings),
    ]
}

/// Every string value of `value`, each on a line.
fn json_strings(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_strings(v, out)),
        _ => {}
    }
}

#[test]
fn every_edition_of_the_sample_has_smart_punctuation_and_every_word() {
    let source = std::fs::read_to_string(sample()).unwrap();
    assert!(source.contains("\"for security reasons\"") && source.contains("injuries--to"));
    let dir = export(&sample(), &[]);
    for (edition, text) in editions_text(dir.path()) {
        assert!(!text.contains('"'), "{edition} has a straight double quote");
        assert!(
            text.contains("injuries\u{2014}to"),
            "{edition} lacks the em dash of injuries--to"
        );
        assert!(
            text.contains("\u{201c}for security reasons\u{201d}"),
            "{edition}"
        );
        assert!(
            text.contains("People\u{2019}s Republic"),
            "{edition}: the apostrophe"
        );
        assert!(text.contains("made\u{2026}PMD"), "{edition}: the ellipsis");
        // curly quotes and dashes are no letters: every word of the source is found (the
        // JSON's strings are in its keys' order, not the text's)
        if edition != "json" {
            assert_nothing_lost(&source, &text);
        }
    }
    // and the sample as the CLI checks it says nothing of it
    let run = folio_tests::folio(&["check", sample().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn no_smart_and_the_manifest_keep_the_characters_as_typed() {
    let dir = export(&sample(), &["--to", "xml,pdf", "--no-smart"]);
    let xml = std::fs::read_to_string(dir.path().join("north-korea.xml")).unwrap();
    assert!(xml.contains("injuries--to"), "--no-smart");
    assert!(
        xml.contains("&quot;for security reasons&quot;")
            || xml.contains("\"for security reasons\"")
    );
    let pdf = pdftotext(&dir.path().join("north-korea.pdf"));
    assert!(pdf.contains("injuries--to"), "{pdf}");

    // a manifest that says smart = false, and the flag that wins over one that says true
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(sample(), folder.path().join("north-korea.txt")).unwrap();
    for (smart, args, typed) in [
        ("false", &[][..], true),
        ("true", &["--no-smart"][..], true),
        ("true", &[][..], false),
    ] {
        let manifest = folder.path().join("folio.toml");
        std::fs::write(
            &manifest,
            format!(
                "[publication]\ntitle = \"North Korea\"\n\n[output]\nsmart = {smart}\n\n\
                 [[report]]\nsource = \"north-korea.txt\"\n"
            ),
        )
        .unwrap();
        let mut all = vec!["--to", "xml"];
        all.extend_from_slice(args);
        let out = export(&manifest, &all);
        let xml = std::fs::read_to_string(out.path().join("north-korea.xml")).unwrap();
        assert_eq!(
            xml.contains("injuries--to"),
            typed,
            "smart = {smart} {args:?}"
        );
        assert_eq!(
            !xml.contains("injuries\u{2014}to"),
            typed,
            "smart = {smart} {args:?}"
        );
    }
}

#[test]
fn markdown_gets_pulldown_cmarks_smart_punctuation() {
    let folder = tempfile::tempdir().unwrap();
    let md = folder.path().join("r.md");
    std::fs::write(
        &md,
        "# R\n\nShe said \"it's done\" -- in the '90s --- and...\n",
    )
    .unwrap();
    let out = export(&md, &["--to", "xml"]);
    let xml = std::fs::read_to_string(out.path().join("r.xml")).unwrap();
    assert!(
        xml.contains(
            "She said \u{201c}it\u{2019}s done\u{201d} \u{2013} in the \u{2019}90s \u{2014} and\u{2026}"
        ),
        "{xml}"
    );
    let out = export(&md, &["--to", "xml", "--no-smart"]);
    let xml = std::fs::read_to_string(out.path().join("r.xml")).unwrap();
    assert!(xml.contains("-- in the '90s --- and..."), "{xml}");
}
