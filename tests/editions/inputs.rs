//! The inputs of issue 6: the manifest (`folio.toml`) and Markdown, read through the
//! command line and checked on what the editions hold.

use std::path::{Path, PathBuf};

use folio::import::{LoadOptions, load};
use folio::model::{Meta, Publication, ResolveOptions, resolve};
use folio_tests::{export, fidelity, fixture, folio, repo};

fn manifest() -> PathBuf {
    repo().join("examples/folio.toml")
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The metadata of `examples/folio.toml`.
fn sample_meta() -> Meta {
    let mut meta = Meta::titled("Landmine Monitor Report 2001");
    meta.subtitle = Some("Toward a Mine-Free World".into());
    meta.authors = vec!["International Campaign to Ban Landmines".into()];
    meta.publisher = Some("Human Rights Watch".into());
    meta.date = Some("2001-08-01".into());
    meta.language = "en".into();
    meta.identifier = Some("urn:example:lm-2001".into());
    meta
}

fn read_json(file: &Path) -> Publication {
    folio::model::from_json(&std::fs::read_to_string(file).unwrap()).unwrap()
}

fn read_xml(file: &Path) -> Publication {
    folio::xml::read_folio_xml(&std::fs::read_to_string(file).unwrap()).unwrap()
}

/// Writes `text` to `name` in `dir`, giving its path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let file = dir.join(name);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&file, text).unwrap();
    file
}

#[test]
fn check_of_the_sample_manifest_prints_the_summary_line() {
    let run = folio(&["check", path(&manifest())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "checked 1 report: 4 sections, 18 endnotes, 18 references; 0 errors, 0 warnings\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn the_manifest_metadata_reaches_json_and_xml() {
    let dir = export(&manifest(), &["--to", "json,xml"]);
    let from_json = read_json(&dir.path().join("landmine-monitor-report-2001.json"));
    let from_xml = read_xml(&dir.path().join("landmine-monitor-report-2001.xml"));
    assert_eq!(from_json.meta, sample_meta());
    assert_eq!(from_json, from_xml);
    let titles: Vec<&str> = from_json.reports.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["North Korea"]);
    assert_eq!(from_json.reports[0].id, "north-korea");
    assert_eq!(from_json.reports[0].endnotes.len(), 18);
}

#[test]
fn flags_given_override_the_manifest_and_the_manifest_overrides_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("examples/north-korea.txt"),
        dir.path().join("nk.txt"),
    )
    .unwrap();
    let file = write(
        dir.path(),
        "folio.toml",
        "[publication]\ntitle = \"Two\"\n[output]\nnumbering = \"continuous\"\n[[report]]\ntitle = \"One\"\nsource = \"nk.txt\"\n[[report]]\ntitle = \"Again\"\nsource = \"nk.txt\"\n",
    );
    // JATS prints each reference's number: continuous numbering goes on to 19
    let first_ref_of_second_report = |args: &[&str]| {
        let out = export(&file, &[&["--to", "jats"], args].concat());
        let jats = std::fs::read_to_string(out.path().join("two.jats.xml")).unwrap();
        let second = &jats[jats.rfind("<book-part ").unwrap()..];
        let xref = &second[second.find("<xref ").unwrap()..];
        xref[xref.find('>').unwrap() + 1..xref.find("</xref>").unwrap()].to_owned()
    };
    assert_eq!(first_ref_of_second_report(&[]), "19");
    assert_eq!(first_ref_of_second_report(&["--numbering", "report"]), "1");

    // a page size the PDF edition cannot read is an error at its place, also for check
    let bad = write(
        dir.path(),
        "bad.toml",
        "[publication]\ntitle = \"T\"\n[output]\npage-size = \"a7\"\n[[report]]\nsource = \"nk.txt\"\n",
    );
    let run = folio(&["check", path(&bad)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("bad.toml:4:13: error: `output.page-size`: invalid page size \"a7\""),
        "{}",
        run.stderr
    );
    // the flag does not excuse the manifest's error
    let out = tempfile::tempdir().unwrap();
    let run = folio(&[
        "export",
        path(&bad),
        "--page-size",
        "letter",
        "-o",
        path(out.path()),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn manifest_errors_name_the_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "reports/a.txt",
        "Heading\n\nText.[1]\n\n[1] Note.\n",
    );
    let good = "[publication]\ntitle = \"T\"\ndate = \"2001-08-01\"\n\n[output]\nnotes = \"book\"\n\n[[report]]\nsource = \"reports/a.txt\"\n";
    let cases = [
        (
            good.replace("date", "dated"),
            "3:1: error: unknown key `publication.dated`",
        ),
        (
            good.replace("2001-08-01", "2001-08-32"),
            "3:8: error: `publication.date`: \"2001-08-32\" is not a date",
        ),
        (
            good.replace("\"book\"", "\"chapter\""),
            "6:9: error: `output.notes`: \"chapter\" is not a note placement",
        ),
        (
            good.replace("\"T\"", "\"\""),
            "2:9: error: `publication.title`: the value is empty",
        ),
        (
            good.replace("reports/a.txt", "reports/b.txt"),
            "9:10: error: `report.source`: \"reports/b.txt\": there is no such file",
        ),
        (
            good.replace("reports/a.txt", "../a.txt"),
            "9:10: error: `report.source`: \"../a.txt\" lies outside the manifest's folder",
        ),
        (
            good.replace("reports/a.txt", "/etc/hostname"),
            "9:10: error: `report.source`: \"/etc/hostname\" lies outside the manifest's folder",
        ),
    ];
    for (text, expected) in cases {
        let file = write(dir.path(), "folio.toml", &text);
        let run = folio(&["check", path(&file)]);
        assert_eq!(run.code, 1, "{text}\n{}", run.stderr);
        let expected = format!("{}:{expected}", file.display());
        assert!(
            run.stderr.starts_with(&expected),
            "expected {expected}\ngot {}",
            run.stderr
        );
    }
    let file = write(dir.path(), "folio.toml", good);
    assert_eq!(folio(&["check", path(&file)]).code, 0);
}

#[test]
fn a_manifest_with_other_inputs_is_a_usage_error() {
    let run = folio(&["check", path(&manifest()), path(&folio_tests::sample())]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("must be the only input"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_manifest_source_that_is_a_link_out_of_its_folder_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = write(outside.path(), "secret.txt", "Secret\n\nText.\n");
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("link.txt")).unwrap();
    let file = write(
        dir.path(),
        "folio.toml",
        "[publication]\ntitle = \"T\"\n[[report]]\nsource = \"link.txt\"\n",
    );
    let out = tempfile::tempdir().unwrap();
    let run = folio(&[
        "export",
        path(&file),
        "--to",
        "json",
        "-o",
        path(out.path()),
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("4:10: error: `report.source`: \"link.txt\" leads outside the manifest's folder through a symbolic link"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn the_markdown_example_checks_clean() {
    let run = folio(&["check", path(&repo().join("examples/markdown-report.md"))]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "checked 1 report: 2 sections, 3 endnotes, 4 references; 0 errors, 0 warnings\n"
    );
}

#[test]
fn markdown_notes_are_numbered_by_first_reference_and_a_repeated_one_links_back_twice() {
    let input = fixture("markdown-notes.md");
    let loaded = load(std::slice::from_ref(&input), &LoadOptions::default()).unwrap();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let resolved = resolve(
        &loaded.publication,
        &ResolveOptions::default(),
        &loaded.sources,
    );
    assert!(
        resolved.diagnostics.is_empty(),
        "{:?}",
        resolved.diagnostics
    );
    let report = &loaded.publication.reports[0];
    let order: Vec<(&str, &str)> = report
        .endnotes
        .iter()
        .map(|n| (n.id.as_str(), n.source_label.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("second", "[^second]"),
            ("first", "[^first]"),
            ("long", "[^long]"),
            ("quoted", "[^quoted]")
        ]
    );
    // the note of three paragraphs is one note
    assert_eq!(report.endnotes[2].blocks.len(), 3);
    let r = &resolved.reports[0];
    let numbers: Vec<u32> = r.notes.iter().map(|n| n.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    // `second` is cited twice, `first` twice: one note each, with back-links a and b
    assert_eq!(r.notes[0].refs, [0, 2]);
    assert_eq!(r.notes[1].refs, [1, 4]);
    let anchors: Vec<&str> = r.refs.iter().map(|s| s.anchor.as_str()).collect();
    assert_eq!(anchors, ["r1", "r2", "r1b", "r3", "r2b", "r4"]);
    assert_eq!(folio::model::citation_letter(r.refs[2].nth), "b");

    // the folio XML edition holds the same: four notes, six references
    let dir = export(&input, &["--to", "xml"]);
    let xml = std::fs::read_to_string(dir.path().join("notes-in-markdown.xml")).unwrap();
    assert_eq!(xml.matches("<note-ref ").count(), 6);
    assert_eq!(xml.matches("<endnote ").count(), 4);
    assert!(xml.contains("source-label=\"[^long]\""));
}

#[test]
fn a_dangling_markdown_reference_is_an_error_at_its_place() {
    let input = fixture("markdown-dangling.md");
    let run = folio(&["check", path(&input)]);
    assert_eq!(run.code, 1);
    let file = input.display();
    assert!(
        run.stderr.contains(&format!(
            "{file}:3:31: error: note reference [missing] points to no note"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "{file}:6:1: warning: note [unused] is never referred to"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn yaml_and_toml_front_matter_give_the_metadata() {
    let dir = export(&fixture("markdown-yaml.md"), &["--to", "json"]);
    let publication = read_json(
        &dir.path()
            .join("landmine-monitor-report-2001-markdown.json"),
    );
    let meta = &publication.meta;
    assert_eq!(meta.title, "Landmine Monitor Report 2001: Markdown");
    assert_eq!(meta.subtitle.as_deref(), Some("Toward a Mine-Free World"));
    assert_eq!(
        meta.authors,
        [
            "International Campaign to Ban Landmines",
            "Human Rights Watch"
        ]
    );
    assert_eq!(meta.editors, ["Stephen Goose", "Mary Wareham"]);
    assert_eq!(meta.date.as_deref(), Some("2001-08-01"));
    assert_eq!(meta.language, "en-GB");
    assert_eq!(meta.identifier.as_deref(), Some("urn:example:lm-2001-md"));
    assert_eq!(
        meta.description.as_deref(),
        Some("A report in Markdown with YAML front matter continued on a second line.")
    );
    assert_eq!(meta.subjects, ["landmines", "treaty"]);
    assert_eq!(publication.reports[0].title, meta.title);

    let dir = export(&fixture("markdown-toml.md"), &["--to", "xml"]);
    let publication = read_xml(&dir.path().join("landmine-monitor-report-2001-toml.xml"));
    assert_eq!(
        publication.meta.authors,
        ["International Campaign to Ban Landmines"]
    );
    assert_eq!(publication.meta.date.as_deref(), Some("2001-08-01"));
    assert_eq!(publication.meta.language, "fr");
    assert_eq!(publication.meta.subjects, ["landmines"]);
}

#[test]
fn markdown_ten_thousand_levels_deep_is_read_checked_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [
        (
            "quotes.md",
            format!("{} deep[^a]\n\n[^a]: note\n", ">".repeat(10_000)),
        ),
        (
            "lists.md",
            format!("{}deep[^a]\n\n[^a]: note\n", "- ".repeat(10_000)),
        ),
        (
            "mixed.md",
            format!("{}deep[^a]\n\n[^a]: note\n", "> 1. - ".repeat(3_400)),
        ),
        (
            "emphasis.md",
            format!(
                "{}deep[^a]{}\n\n[^a]: note\n",
                "*".repeat(10_000),
                "*".repeat(10_000)
            ),
        ),
    ];
    for (name, text) in inputs {
        let input = write(dir.path(), name, &text);
        let run = folio(&["check", path(&input)]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(
            run.stdout,
            "checked 1 report: 0 sections, 1 endnote, 1 reference; 0 errors, 1 warning\n",
            "{name}"
        );
        assert!(
            run.stderr.contains("nests deeper than 32 levels"),
            "{}",
            run.stderr
        );
        let out = export(&input, &["--to", "json,xml"]);
        // what was written reads back
        for edition in ["json", "xml"] {
            let stem = name.trim_end_matches(".md");
            let written = out.path().join(format!("{stem}.{edition}"));
            let run = folio(&["check", path(&written)]);
            assert_eq!(run.code, 0, "{name} {edition}: {}", run.stderr);
        }
        let xml = std::fs::read_to_string(out.path().join(name.replace(".md", ".xml"))).unwrap();
        assert!(xml.contains("deep"));
    }
}

#[test]
fn the_markdown_volume_reads_as_twenty_reports_and_every_word_reaches_folio_xml() {
    let input = fixture("volume-20.md");
    let run = folio(&["check", path(&input)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "checked 20 reports: 115 sections, 1263 endnotes, 1263 references; 0 errors, 0 warnings\n"
    );

    let markdown = std::fs::read_to_string(&input).unwrap();
    let body = markdown.splitn(3, "---\n").nth(2).unwrap();
    let dir = export(&input, &["--to", "xml"]);
    let name = "landmine-monitor-report-synthetic-20-country-reports.xml";
    let xml = std::fs::read_to_string(dir.path().join(name)).unwrap();
    let expected = fidelity::words(body);
    assert!(expected.len() > 85_000, "{}", expected.len());
    fidelity::assert_in_order(
        "volume-20.md",
        &expected,
        &fidelity::words(&fidelity::xml_text(&xml)),
    );

    let publication = read_xml(&dir.path().join(name));
    assert_eq!(
        publication.meta.title,
        "Landmine Monitor Report (synthetic, 20 country reports)"
    );
    assert_eq!(publication.meta.authors, ["Synthetic benchmark corpus"]);
    assert_eq!(publication.meta.date.as_deref(), Some("2001-08-01"));
    assert_eq!(publication.reports[0].title, "Austria");
    let summary = publication.reports[0].summary.as_ref().unwrap();
    assert_eq!(
        summary.label.as_deref(),
        Some("Key developments since May 2000")
    );
}
