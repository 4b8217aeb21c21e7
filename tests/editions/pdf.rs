//! The PDF edition, checked on the real file: qpdf, pdffonts, pdfinfo, pdftotext.

use std::path::{Path, PathBuf};

use folio_tests::pdf::{facts, fonts, info, overfull_lines};
use folio_tests::{export, fidelity, fixture, folio, sample, tools, try_export};

fn sample_pdf() -> (tempfile::TempDir, PathBuf) {
    let dir = export(&sample(), &["--to", "pdf"]);
    let pdf = dir.path().join("north-korea.pdf");
    (dir, pdf)
}

#[test]
fn qpdf_finds_no_error() {
    let (_dir, pdf) = sample_pdf();
    let out = tools::run("qpdf", &["--check".as_ref(), pdf.as_os_str()]);
    assert!(out.contains("No syntax or stream encoding errors"), "{out}");
}

#[test]
fn every_font_is_embedded_as_a_subset_with_a_unicode_map() {
    let (_dir, pdf) = sample_pdf();
    let rows = fonts(&pdf);
    assert!(rows.len() >= 2, "{rows:?}");
    for row in rows {
        assert!(row.embedded && row.subset && row.unicode, "{row:?}");
        assert!(row.name.contains("NotoSerif"), "{row:?}");
    }
}

#[test]
fn every_word_of_the_sample_is_in_the_text_in_order() {
    let (_dir, pdf) = sample_pdf();
    let text = tools::pdftotext(&pdf);
    let source = std::fs::read_to_string(sample()).unwrap();
    fidelity::assert_nothing_lost(&source, &text);
    // curly quotes and dashes survive, ligatures extract as their letters
    assert!(text.contains("People’s Republic"));
    assert!(text.contains("“humanitarian purposes"));
    assert!(!text.contains('\u{fb01}') && !text.contains('\u{fb02}'));
}

#[test]
fn notes_link_to_their_references_and_back() {
    let (_dir, pdf) = sample_pdf();
    let facts = facts(&pdf);
    assert_eq!(facts.links.len(), 36, "{:?}", facts.links);
    let to_notes: Vec<_> = facts
        .links
        .iter()
        .filter_map(|l| l.destination.clone())
        .filter(|d| d.starts_with('n'))
        .collect();
    let back: Vec<_> = facts
        .links
        .iter()
        .filter_map(|l| l.destination.clone())
        .filter(|d| d.starts_with('r'))
        .collect();
    let expected_notes: Vec<String> = (1..=18).map(|n| format!("n{n}")).collect();
    let expected_back: Vec<String> = (1..=18).map(|n| format!("r{n}")).collect();
    assert_eq!(to_notes, expected_notes);
    assert_eq!(back, expected_back);
    for link in &facts.links {
        let destination = link.destination.as_ref().unwrap();
        assert!(
            facts.destinations.contains_key(destination),
            "{destination} is not a destination"
        );
    }
    assert_eq!(facts.links[0].alt.as_deref(), Some("Note 1"));
    assert_eq!(facts.links[18].alt.as_deref(), Some("Back to reference 1"));
}

#[test]
fn the_outline_nests_the_sections_under_the_report() {
    let (_dir, pdf) = sample_pdf();
    let outline = facts(&pdf).outline;
    let expected: Vec<(usize, String)> = [
        (0, "North Korea"),
        (1, "Mine Ban Policy"),
        (1, "Production, Transfer and Stockpiling"),
        (1, "Mine Action"),
        (1, "Landmine Problem and Casualties"),
        (1, "Notes"),
    ]
    .into_iter()
    .map(|(d, t)| (d, t.to_owned()))
    .collect();
    assert_eq!(outline, expected);
}

#[test]
fn the_sample_is_three_to_eight_a4_pages_with_metadata() {
    let (_dir, pdf) = sample_pdf();
    let info = info(&pdf);
    let pages: usize = info["Pages"].parse().unwrap();
    assert!((3..=8).contains(&pages), "{pages} pages");
    assert!(info["Page size"].contains("(A4)"), "{}", info["Page size"]);
    assert_eq!(info["Title"], "North Korea");
    // no date in the input and no SOURCE_DATE_EPOCH: no date at all, never the clock
    // nor a made-up one (tests/editions/polish.rs checks the XMP too)
    if std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
        assert!(!info.contains_key("CreationDate"), "{info:?}");
        assert!(!info.contains_key("ModDate"), "{info:?}");
    }
    assert_eq!(facts(&pdf).language.as_deref(), Some("en"));
}

#[test]
fn page_sizes_are_honoured() {
    for (size, expected) in [
        ("letter", "612 x 792"),
        ("6x9", "432 x 648"),
        ("150x200mm", "425.197 x 566.929"),
    ] {
        let dir = export(&sample(), &["--to", "pdf", "--page-size", size]);
        let info = info(&dir.path().join("north-korea.pdf"));
        assert!(
            info["Page size"].starts_with(expected),
            "{size}: {}",
            info["Page size"]
        );
        let (over, lines) = overfull_lines(&dir.path().join("north-korea.pdf"));
        assert_eq!(over, 0, "{size}: {over} overfull lines of {lines}");
    }
    let bad = folio(&[
        "export",
        sample().to_str().unwrap(),
        "--to",
        "pdf",
        "--page-size",
        "huge",
    ]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("invalid page size"), "{}", bad.stderr);
}

#[test]
fn no_line_sticks_out_of_the_text_block() {
    let (_dir, pdf) = sample_pdf();
    let (over, lines) = overfull_lines(&pdf);
    assert!(lines > 80);
    assert_eq!(over, 0);
}

fn write_report(dir: &Path, name: &str, paragraph: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("Heading\n\n{paragraph}[1]\n\n[1] A note.\n")).unwrap();
    path
}

#[test]
fn a_300_kb_paragraph_and_a_3000_character_url_fit_the_measure() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(sample()).unwrap();
    let words: Vec<&str> = source
        .split_whitespace()
        .filter(|w| !w.contains('['))
        .collect();
    let mut big = String::new();
    while big.len() < 300_000 {
        big.push_str(words[big.len() % words.len()]);
        big.push(' ');
    }
    let url = format!("https://example.org/{}", "abcdefghij".repeat(300));
    let token = "x".repeat(3000);
    for (name, paragraph) in [
        ("big.txt", big.trim_end().to_owned()),
        ("url.txt", format!("See {url} for more.")),
        ("token.txt", format!("A run {token} without breaks.")),
    ] {
        let input = write_report(dir.path(), name, &paragraph);
        let out = export(&input, &["--to", "pdf"]);
        let pdf = std::fs::read_dir(out.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let (over, lines) = overfull_lines(&pdf);
        assert_eq!(over, 0, "{name}: {over} overfull lines of {lines}");
        if name == "big.txt" {
            let text = tools::pdftotext(&pdf);
            fidelity::assert_in_order(
                "300 KB paragraph",
                &fidelity::words(&paragraph),
                &fidelity::words(&text),
            );
        }
    }
}

const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

#[test]
fn hangul_needs_a_fallback_font_and_is_named_when_missing() {
    let input = fixture("hangul.txt");
    let (_dir, run) = try_export(&input, &["--to", "pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("U+AE40 '김'"), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("U+AE40").count(),
        1,
        "one warning per character"
    );

    assert!(
        Path::new(CJK_FONT).exists(),
        "install Debian's fonts-noto-cjk for {CJK_FONT}"
    );
    let dir = export(&input, &["--to", "pdf", "--font", CJK_FONT]);
    let pdf = dir.path().join("hangul.pdf");
    let text = tools::pdftotext(&pdf);
    assert!(text.contains("김삼종"), "{text}");
    assert!(text.contains("한국일보"), "{text}");
    assert!(
        fonts(&pdf)
            .iter()
            .any(|f| f.name.contains("CJK") && f.embedded && f.subset)
    );
}

#[test]
fn a_bad_font_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ttf");
    std::fs::write(&bad, b"not a font").unwrap();
    let run = folio(&[
        "export",
        sample().to_str().unwrap(),
        "--to",
        "pdf",
        "--font",
        bad.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad.ttf"), "{}", run.stderr);
    assert!(!dir.path().join("north-korea.pdf").exists());
}

#[test]
fn two_exports_are_the_same_bytes() {
    let a = export(&sample(), &["--to", "pdf"]);
    let b = export(&sample(), &["--to", "pdf"]);
    let a = std::fs::read(a.path().join("north-korea.pdf")).unwrap();
    let b = std::fs::read(b.path().join("north-korea.pdf")).unwrap();
    assert!(a == b, "two exports differ");
}

#[test]
fn the_compression_level_changes_the_size_not_the_pdf() {
    let mut sizes = Vec::new();
    let mut texts = Vec::new();
    // stored, the default (3), the smallest
    for level in [Some("0"), None, Some("9")] {
        let args: &[&str] = match level {
            Some(level) => &["--to", "pdf", "--compression-level", level],
            None => &["--to", "pdf"],
        };
        let dir = export(&sample(), args);
        let pdf = dir.path().join("north-korea.pdf");
        let out = tools::run("qpdf", &["--check".as_ref(), pdf.as_os_str()]);
        assert!(
            out.contains("No syntax or stream encoding errors"),
            "{level:?}: {out}"
        );
        sizes.push(std::fs::metadata(&pdf).unwrap().len());
        texts.push(tools::pdftotext(&pdf));
    }
    // the pages stored as they are take far more room than deflated: the file is a
    // third larger, though the fonts, always deflated, are two thirds of the sample's
    // deflated file
    assert!(3 * sizes[0] > 4 * sizes[1], "sizes at 0, 3, 9: {sizes:?}");
    assert!(sizes[1] >= sizes[2], "sizes at 0, 3, 9: {sizes:?}");
    assert!(texts.iter().all(|t| *t == texts[0]));

    let (dir, run) = try_export(&sample(), &["--to", "pdf", "--compression-level", "10"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--compression-level"), "{}", run.stderr);
    assert!(!dir.path().join("north-korea.pdf").exists());
}

#[test]
fn glyph_codes_are_written_as_their_bytes() {
    // a font subset's two-byte codes are small numbers: as escaped literal strings each
    // glyph took eight characters (\000\015), in hex four; written as the bytes
    // themselves, two (vendor/pdf-writer/PATCHES.md, patch 7)
    let (dir, pdf) = sample_pdf();
    let raw = dir.path().join("raw.pdf");
    tools::run(
        "qpdf",
        &[
            "--qdf".as_ref(),
            "--normalize-content=n".as_ref(),
            "--object-streams=disable".as_ref(),
            pdf.as_os_str(),
            raw.as_os_str(),
        ],
    );
    let raw = std::fs::read(&raw).unwrap();
    let count = |needle: &[u8]| raw.windows(needle.len()).filter(|w| *w == needle).count();
    let shown = count(b"TJ") + count(b"Tj");
    assert!(shown > 100, "{shown} text-showing operators");
    assert_eq!(count(b"\\000"), 0, "a glyph string has octal escapes");
    assert_eq!(count(b"Tm[<"), 0, "a glyph run is a hex string");
    // a glyph run begins with a two-byte code whose first byte is zero (the subsets
    // have fewer than 256 glyphs); the text they give back is checked by pdftotext
    assert!(count(b"Tm[(\0") > 50, "glyph runs are not binary strings");
}
