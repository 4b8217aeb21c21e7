//! Tagged PDF, PDF/UA-1 and PDF/A, checked on the real file with qpdf and poppler.

use std::path::PathBuf;

use folio_tests::pdf::{Element, structure, untagged_content};
use folio_tests::{export, fidelity, fixture, folio, sample, tools, try_export};

fn pdf_of(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let mut all = vec!["--to", "pdf"];
    all.extend_from_slice(args);
    let dir = export(&sample(), &all);
    let pdf = dir.path().join("north-korea.pdf");
    (dir, pdf)
}

fn xmp(pdf: &std::path::Path) -> String {
    tools::run("pdfinfo", &["-meta".as_ref(), pdf.as_os_str()])
}

#[test]
fn every_pdf_is_tagged_with_a_structure_in_reading_order() {
    let (_dir, pdf) = pdf_of(&[]);
    let (marked, elements) = structure(&pdf);
    assert!(marked, "MarkInfo /Marked is not true");
    assert_eq!(elements[0].kind, "Document");
    assert!(
        elements.iter().any(|e| e.kind == "Part"),
        "a Part per report"
    );
    let headings: Vec<(String, String)> = elements
        .iter()
        .filter(|e| e.kind.starts_with('H'))
        .map(|e| (e.kind.clone(), e.title.clone().unwrap_or_default()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("H1", "North Korea"),
        ("H2", "Mine Ban Policy"),
        ("H2", "Production, Transfer and Stockpiling"),
        ("H2", "Mine Action"),
        ("H2", "Landmine Problem and Casualties"),
        ("H2", "Notes"),
    ]
    .into_iter()
    .map(|(k, t)| (k.to_owned(), t.to_owned()))
    .collect();
    assert_eq!(headings, expected);
    let summary = elements.iter().position(|e| e.kind == "Sect").unwrap();
    assert_eq!(
        elements[summary + 1].kind,
        "P",
        "the summary is a section of paragraphs"
    );
}

#[test]
fn eighteen_notes_each_with_a_label_and_references_as_links() {
    let (_dir, pdf) = pdf_of(&[]);
    let (_, elements) = structure(&pdf);
    let notes: Vec<&Element> = elements.iter().filter(|e| e.kind == "Note").collect();
    assert_eq!(notes.len(), 18);
    for note in &notes {
        assert_eq!(
            note.children.first().map(String::as_str),
            Some("Lbl"),
            "{note:?}"
        );
        assert!(note.children.iter().any(|c| c == "P"), "{note:?}");
    }
    let references: Vec<&Element> = elements.iter().filter(|e| e.kind == "Reference").collect();
    assert_eq!(references.len(), 18);
    assert!(references.iter().all(|r| r.children == ["Link"]));
}

#[test]
fn no_page_content_is_left_untagged() {
    for args in [&[][..], &["--notes", "page"][..]] {
        let (_dir, pdf) = pdf_of(args);
        assert_eq!(
            untagged_content(&pdf),
            Vec::<(usize, String)>::new(),
            "{args:?}"
        );
    }
}

#[test]
fn the_default_is_pdf_ua_1_with_language_and_title_shown() {
    let (_dir, pdf) = pdf_of(&[]);
    let xmp = xmp(&pdf);
    assert!(
        xmp.contains("pdfuaid:part>1<") || xmp.contains("pdfuaid:part=\"1\""),
        "{xmp}"
    );
    let facts = folio_tests::pdf::facts(&pdf);
    assert_eq!(facts.language.as_deref(), Some("en"));
    let json = tools::run(
        "qpdf",
        &[
            "--json".as_ref(),
            "--json-key=qpdf".as_ref(),
            pdf.as_os_str(),
        ],
    );
    assert!(
        json.contains("\"/DisplayDocTitle\": true"),
        "the viewer shows the title"
    );
    // and the text is as complete as ever
    let source = std::fs::read_to_string(sample()).unwrap();
    fidelity::assert_nothing_lost(&source, &tools::pdftotext(&pdf));
}

#[test]
fn archival_standards_are_written_and_declared() {
    for (standard, part, conformance) in [("a2b", "2", "B"), ("a2a", "2", "A"), ("a3b", "3", "B")] {
        let (_dir, pdf) = pdf_of(&["--pdf-standard", standard]);
        let xmp = xmp(&pdf);
        assert!(
            xmp.contains(&format!("pdfaid:part>{part}<"))
                || xmp.contains(&format!("pdfaid:part=\"{part}\"")),
            "{standard}: {xmp}"
        );
        assert!(
            xmp.contains(&format!("pdfaid:conformance>{conformance}<"))
                || xmp.contains(&format!("pdfaid:conformance=\"{conformance}\"")),
            "{standard}: {xmp}"
        );
        let out = tools::run("qpdf", &["--check".as_ref(), pdf.as_os_str()]);
        assert!(
            out.contains("No syntax or stream encoding errors"),
            "{standard}: {out}"
        );
    }
    let (_dir, pdf) = pdf_of(&["--pdf-standard", "ua1,a2a"]);
    let xmp = xmp(&pdf);
    assert!(xmp.contains("pdfuaid") && xmp.contains("pdfaid"), "{xmp}");
    let (_dir, pdf) = pdf_of(&["--pdf-standard", "none"]);
    assert!(!xmp_of_none(&pdf), "no claim with none");
}

fn xmp_of_none(pdf: &std::path::Path) -> bool {
    let xmp = xmp(pdf);
    xmp.contains("pdfuaid") || xmp.contains("pdfaid")
}

#[test]
fn a_standard_the_content_cannot_meet_is_an_error_naming_what_is_missing() {
    let input = fixture("hangul.txt");
    let (dir, run) = try_export(&input, &["--to", "pdf", "--pdf-standard", "ua1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("PDF/UA-1"), "{}", run.stderr);
    assert!(run.stderr.contains("U+AE40 '김'"), "{}", run.stderr);
    assert!(
        !dir.path().join("hangul.pdf").exists(),
        "no non-conforming file"
    );
    // the editions made beside the PDF were staged before it failed: none is left, nor
    // the folders made for them
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new").join("editions");
    let run = folio(&[
        "export",
        input.to_str().unwrap(),
        "--to",
        "pdf,epub,jats",
        "--pdf-standard",
        "ua1",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !dir.path().join("new").exists(),
        "a failed export left files"
    );
    // without the flag: tagged PDF and a warning, not an error
    let (dir, run) = try_export(&input, &["--to", "pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("tagged, not PDF/UA-1"),
        "{}",
        run.stderr
    );
    assert!(
        !xmp_of_none(&dir.path().join("hangul.pdf"))
            || !xmp(&dir.path().join("hangul.pdf")).contains("pdfuaid")
    );
}

#[test]
fn an_unknown_standard_is_a_usage_error() {
    let run = folio(&[
        "export",
        sample().to_str().unwrap(),
        "--to",
        "pdf",
        "--pdf-standard",
        "a1b",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown PDF standard"),
        "{}",
        run.stderr
    );
}

#[test]
fn notes_at_the_foot_of_the_page_follow_the_paragraph_that_cites_them() {
    let (_dir, pdf) = pdf_of(&["--notes", "page"]);
    let (_, elements) = structure(&pdf);
    let notes: Vec<usize> = elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == "Note")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(notes.len(), 18);
    // in reading order each note comes after a paragraph at its own depth, in the
    // section of the text, not gathered at the end
    for &i in &notes {
        let depth = elements[i].depth;
        let previous = elements[..i]
            .iter()
            .rev()
            .find(|e| e.depth == depth)
            .unwrap();
        assert!(
            matches!(previous.kind.as_str(), "P" | "Note"),
            "{previous:?}"
        );
    }
    let first_note = notes[0];
    let later_headings = elements[first_note..]
        .iter()
        .filter(|e| e.kind == "H2")
        .count();
    assert!(
        later_headings >= 3,
        "the first note comes early in the reading order"
    );
}

#[test]
fn the_check_finds_untagged_content_in_an_untagged_pdf() {
    use folio::model::{ResolveOptions, resolve};
    let loaded = folio::import::load(&[sample()], &folio::import::LoadOptions::default()).unwrap();
    let resolved = resolve(
        &loaded.publication,
        &ResolveOptions::default(),
        &loaded.sources,
    );
    let mut options = folio::pdf::PdfOptions::default();
    options.tagged = false;
    let pdf = folio::pdf::export_pdf(&resolved, &options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("untagged.pdf");
    std::fs::write(&path, pdf.bytes).unwrap();
    assert!(!untagged_content(&path).is_empty());
    assert!(structure(&path).1.is_empty());
}

#[test]
fn the_manifest_can_ask_for_a_standard() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample(), dir.path().join("north-korea.txt")).unwrap();
    let manifest = dir.path().join("folio.toml");
    let write = |standard: &str| {
        std::fs::write(
            &manifest,
            format!(
                "[publication]\ntitle = \"North Korea\"\n\n[output]\npdf-standard = \"{standard}\"\n\n[[report]]\ntitle = \"North Korea\"\nsource = \"north-korea.txt\"\n"
            ),
        )
        .unwrap();
    };
    write("a2b");
    let out = export(&manifest, &["--to", "pdf"]);
    let xmp = xmp(&out.path().join("north-korea.pdf"));
    assert!(
        xmp.contains("pdfaid:part>2<") || xmp.contains("pdfaid:part=\"2\""),
        "{xmp}"
    );
    // the command line wins over the manifest
    let out = export(&manifest, &["--to", "pdf", "--pdf-standard", "none"]);
    assert!(!xmp_of_none(&out.path().join("north-korea.pdf")));
    write("a9z");
    let run = folio(&["check", manifest.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("folio.toml:5:16: error: `output.pdf-standard`"),
        "{}",
        run.stderr
    );
}
