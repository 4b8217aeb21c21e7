//! The EPUB 3 edition: EPUBCheck 5.3 on the real files, note links parsed out of the
//! XHTML, every word of the source found in the spine, the same bytes every time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use folio::epub::{EpubOptions, export_epub};
use folio::model::{
    Block, Inline, NotePlacement, Numbering, PageMap, PagePlace, PageStart, Publication,
    PublicationBuilder, Related, ReportBuilder, ResolveOptions, SourceMap, Timestamp, resolve,
};
use folio_tests::epub::{Epub, assert_epubcheck_clean, tags, text_of_xhtml};
use folio_tests::{fidelity, folio, golden, sample, sources, volume_20};

/// `folio export INPUTS --to epub ARGS` into a new folder; the EPUB's path.
fn export_epub_cli(inputs: &[PathBuf], args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["export".to_owned()];
    all.extend(inputs.iter().map(|p| p.to_str().unwrap().to_owned()));
    all.extend(["--to", "epub", "-o"].map(str::to_owned));
    all.push(dir.path().to_str().unwrap().to_owned());
    all.extend(args.iter().map(|a| a.to_string()));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let run = folio(&all);
    assert_eq!(run.code, 0, "folio {all:?} failed:\n{}", run.stderr);
    let path = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an .epub was written");
    (dir, path)
}

fn volume_args() -> Vec<&'static str> {
    vec!["--title", "Landmine Monitor Report 2001"]
}

/// Writes `bytes` to a temporary file for EPUBCheck.
fn checked(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.epub");
    std::fs::write(&path, bytes).unwrap();
    assert_epubcheck_clean(&path);
}

/// Every `id` of every XHTML document of the book, asserting that none is used twice.
fn ids_of(epub: &Epub) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    for (path, xhtml) in epub.xhtml() {
        let mut rest = xhtml;
        while let Some(at) = rest.find(" id=\"") {
            let value_start = at + 5;
            let value_end = value_start + rest[value_start..].find('"').unwrap();
            let id = rest[value_start..value_end].to_owned();
            if let Some(first) = ids.insert(id.clone(), path.clone()) {
                panic!("id {id:?} is used in {first} and again in {path}");
            }
            rest = &rest[value_end..];
        }
    }
    ids
}

/// A link as the XHTML has it: the document it is in and its attributes.
struct Link {
    file: String,
    attrs: BTreeMap<String, String>,
}

impl Link {
    /// The zip path and fragment the link leads to.
    fn target(&self, dir: &str) -> (String, String) {
        let href = &self.attrs["href"];
        let (file, fragment) = href
            .split_once('#')
            .expect("an in-book link has a fragment");
        let file = if file.is_empty() {
            self.file.clone()
        } else {
            format!("{dir}{file}")
        };
        (file, fragment.to_owned())
    }
}

/// Every `<a>` of the book with `attr="value"`.
fn links(epub: &Epub, attr: &str, value: &str) -> Vec<Link> {
    let mut found = Vec::new();
    for (path, xhtml) in epub.xhtml() {
        for attrs in tags(xhtml, "a") {
            if attrs.get(attr).map(String::as_str) == Some(value) {
                found.push(Link {
                    file: path.clone(),
                    attrs,
                });
            }
        }
    }
    found
}

/// Asserts that every note reference leads to a note that exists and that every
/// back-link leads to a note reference; the number of each.
fn assert_notes_link_both_ways(epub: &Epub) -> (usize, usize) {
    let ids = ids_of(epub);
    let dir = epub.package_dir();
    let noterefs = links(epub, "epub:type", "noteref");
    let backlinks = links(epub, "role", "doc-backlink");
    let mut ref_sites = BTreeSet::new();
    for noteref in &noterefs {
        assert_eq!(noteref.attrs["role"], "doc-noteref");
        let (file, id) = noteref.target(&dir);
        assert_eq!(
            ids.get(&id),
            Some(&file),
            "noteref to {file}#{id} leads nowhere"
        );
        let note = format!("<li id=\"{id}\"");
        assert!(
            epub.text(&file).contains(&note),
            "{id} is not a note's <li>"
        );
        ref_sites.insert((noteref.file.clone(), noteref.attrs["id"].clone()));
    }
    let mut back_to = BTreeSet::new();
    for backlink in &backlinks {
        let target = backlink.target(&dir);
        assert!(
            ref_sites.contains(&target),
            "back-link to {target:?} meets no noteref"
        );
        back_to.insert(target);
    }
    assert_eq!(back_to, ref_sites, "every noteref has a back-link");
    for (_, xhtml) in epub.xhtml() {
        assert!(
            !xhtml.contains("doc-endnote\""),
            "deprecated doc-endnote role"
        );
        // the SSV deprecates epub:type="endnote" (EPUBCheck notes it as usage, OPF-086b,
        // neither an error nor a warning), but reading systems such as Apple Books and
        // Kobo pop up only a target that carries it: every note's <li> does
        assert_eq!(
            xhtml.matches("<li id=").count(),
            xhtml.matches("epub:type=\"endnote\"").count(),
            "every note's <li> is an endnote"
        );
    }
    (noterefs.len(), backlinks.len())
}

#[test]
fn the_sample_passes_epubcheck() {
    let (_dir, path) = export_epub_cli(&[sample()], &[]);
    assert_epubcheck_clean(&path);
}

#[test]
fn the_20_report_volume_passes_epubcheck() {
    let (_dir, path) = export_epub_cli(&volume_20(), &volume_args());
    assert_epubcheck_clean(&path);
    let epub = Epub::open(&path);
    assert_eq!(
        epub.spine().len(),
        2 + 20,
        "title page, contents, 20 reports"
    );
    let (refs, backs) = assert_notes_link_both_ways(&epub);
    assert_eq!((refs, backs), (1263, 1263));
}

#[test]
fn notes_at_the_end_of_the_book_pass_epubcheck() {
    let mut args = volume_args();
    args.extend(["--notes", "book", "--numbering", "continuous"]);
    let (_dir, path) = export_epub_cli(&volume_20(), &args);
    assert_epubcheck_clean(&path);
    let epub = Epub::open(&path);
    // one notes document per report, after the reports, each with the report's heading
    let spine = epub.spine();
    let notes = notes_documents(&spine);
    assert_eq!(notes.len(), 20, "{spine:?}");
    assert_eq!(spine.len(), 2 + 20 + 20);
    assert!(spine[22..].iter().all(|f| f.starts_with("EPUB/notes-")));
    for file in &notes {
        let text = epub.text(file);
        assert_eq!(
            text.matches("<h2>").count(),
            1,
            "a heading per report: {file}"
        );
        assert!(text.len() < 250 * 1024);
    }
    let last = epub.text(notes[19]);
    assert!(last.contains("<li id=\"n1263\" epub:type=\"endnote\" value=\"1263\">"));
    for link in links(&epub, "epub:type", "noteref") {
        assert!(
            link.attrs["href"].starts_with("notes-") && link.attrs["href"].contains(".xhtml#n"),
            "{:?}",
            link.attrs
        );
    }
    assert_eq!(assert_notes_link_both_ways(&epub), (1263, 1263));
    fidelity::assert_nothing_lost(&sources(&volume_20()), &epub.spine_text());
}

#[test]
fn notes_at_the_foot_of_the_page_are_set_after_each_report() {
    let (_a, default) = export_epub_cli(&[sample()], &[]);
    let (_b, page) = export_epub_cli(&[sample()], &["--notes", "page"]);
    assert_eq!(
        std::fs::read(default).unwrap(),
        std::fs::read(page).unwrap()
    );
}

#[test]
fn a_book_without_embedded_fonts_passes_epubcheck_and_holds_none() {
    let (_dir, path) = export_epub_cli(&[sample()], &["--no-embed-fonts"]);
    assert_epubcheck_clean(&path);
    let epub = Epub::open(&path);
    assert!(
        !epub
            .names
            .iter()
            .any(|n| n.ends_with(".ttf") || n.ends_with("OFL.txt"))
    );
    assert!(!epub.text("EPUB/style.css").contains("@font-face"));
    assert!(!epub.opf().contains("font/ttf"));
    let (_dir, with_fonts) = export_epub_cli(&[sample()], &[]);
    let with_fonts = Epub::open(&with_fonts);
    let fonts = with_fonts
        .names
        .iter()
        .filter(|n| n.ends_with(".ttf"))
        .count();
    assert_eq!(fonts, 4);
    assert!(with_fonts.names.contains(&"EPUB/fonts/OFL.txt".to_owned()));
}

#[test]
fn the_sample_has_18_noterefs_and_18_backlinks_that_meet() {
    let (_dir, path) = export_epub_cli(&[sample()], &[]);
    let epub = Epub::open(&path);
    assert_eq!(assert_notes_link_both_ways(&epub), (18, 18));
    let report = epub.text("EPUB/report-north-korea.xhtml");
    assert!(report.contains(
        "<sup><a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#n3\" id=\"r3\">3</a></sup>"
    ));
    assert!(report.contains("<section id=\"north-korea-notes\" class=\"notes\" epub:type=\"endnotes\" role=\"doc-endnotes\">\n<h2>Notes</h2>\n<ol>"));
    assert!(report.contains("<section class=\"summary\" role=\"doc-abstract\""));
    assert!(report.contains(">Key developments since May 2000</p>"));
    assert_eq!(report.matches("<h2 id=").count(), 4, "four sections");
}

#[test]
fn every_word_of_the_sample_reaches_the_spine_in_order() {
    let (_dir, path) = export_epub_cli(&[sample()], &[]);
    let epub = Epub::open(&path);
    let source = std::fs::read_to_string(sample()).unwrap();
    fidelity::assert_nothing_lost(&source, &epub.spine_text());
}

#[test]
fn every_word_of_the_volume_reaches_the_spine_in_order() {
    let (_dir, path) = export_epub_cli(&volume_20(), &volume_args());
    let epub = Epub::open(&path);
    fidelity::assert_nothing_lost(&sources(&volume_20()), &epub.spine_text());
}

#[test]
fn two_exports_of_the_same_input_are_the_same_bytes() {
    let (_a, first) = export_epub_cli(&[sample()], &[]);
    let (_b, second) = export_epub_cli(&[sample()], &[]);
    assert_eq!(
        std::fs::read(first).unwrap(),
        std::fs::read(second).unwrap()
    );
    let mut args = volume_args();
    args.extend(["--notes", "book"]);
    let (_c, first) = export_epub_cli(&volume_20(), &args);
    let (_d, second) = export_epub_cli(&volume_20(), &args);
    assert_eq!(
        std::fs::read(first).unwrap(),
        std::fs::read(second).unwrap()
    );
}

#[test]
fn the_sample_matches_its_golden_files() {
    // Through the library with the date the CLI gives when SOURCE_DATE_EPOCH is unset,
    // so that a SOURCE_DATE_EPOCH in the environment cannot change the goldens.
    let epub = sample_epub(|options, publication| {
        options.modified = Timestamp::for_publication(&publication.meta, None);
    });
    let (_dir, path) = export_epub_cli(&[sample()], &[]);
    if std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
        assert_eq!(
            epub.bytes,
            std::fs::read(path).unwrap(),
            "the CLI writes the same book"
        );
    }
    let epub = Epub::read(&epub.bytes);
    assert_eq!(&epub.names[..2], ["mimetype", "META-INF/container.xml"]);
    for file in [
        "package.opf",
        "nav.xhtml",
        "toc.ncx",
        "title.xhtml",
        "report-north-korea.xhtml",
        "style.css",
    ] {
        let bytes = &epub.files[&format!("EPUB/{file}")];
        golden::check("north-korea", &format!("epub/{file}"), bytes);
    }
}

/// The sample's EPUB, made through the library with options `configure` sets.
fn sample_epub(configure: impl FnOnce(&mut EpubOptions, &Publication)) -> folio::epub::Epub {
    let loaded = folio::import::load(&[sample()], &folio::import::LoadOptions::default()).unwrap();
    assert!(!loaded.has_errors());
    let publication = loaded.publication;
    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    let mut options = EpubOptions::default();
    configure(&mut options, &publication);
    export_epub(&resolved, &options).unwrap()
}

fn page(label: &str, place: PagePlace) -> PageStart {
    PageStart {
        label: label.to_owned(),
        report: 0,
        place,
    }
}

#[test]
fn a_page_map_gives_a_page_list_and_page_breaks() {
    let map = PageMap {
        pages: vec![
            page("1", PagePlace::Start),
            page("2", PagePlace::Block(5)),
            page("3", PagePlace::Note(0)),
            page("4", PagePlace::Note(12)),
        ],
    };
    for notes in [NotePlacement::EndOfReport, NotePlacement::EndOfBook] {
        let epub = sample_epub(|options, _| {
            options.page_map = Some(map.clone());
            options.notes = notes;
        });
        assert!(epub.warnings.is_empty(), "{:?}", epub.warnings);
        checked(&epub.bytes);
        let book = Epub::read(&epub.bytes);
        let nav = book.text("EPUB/nav.xhtml");
        let page_list = nav.split_once("epub:type=\"page-list\"").unwrap().1;
        let hrefs: Vec<String> = tags(page_list, "a")
            .iter()
            .map(|a| a["href"].clone())
            .collect();
        let notes_file = match notes {
            NotePlacement::EndOfBook => "notes-north-korea.xhtml",
            _ => "report-north-korea.xhtml",
        };
        assert_eq!(
            hrefs,
            [
                "report-north-korea.xhtml#page-1".to_owned(),
                "report-north-korea.xhtml#page-2".to_owned(),
                format!("{notes_file}#page-3"),
                format!("{notes_file}#page-4"),
            ]
        );
        let ids = ids_of(&book);
        for (label, file) in [("1", "report-north-korea.xhtml"), ("3", notes_file)] {
            assert_eq!(ids[&format!("page-{label}")], format!("EPUB/{file}"));
            let marker = format!(
                "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-{label}\" aria-label=\"{label}\"/>"
            );
            assert!(book.text(&format!("EPUB/{file}")).contains(&marker));
        }
        let opf = book.opf();
        assert!(opf.contains(">printPageNumbers</meta>"));
        assert!(opf.contains("property=\"source-of\">pagination</meta>"));
    }
}

/// A publication with every kind of content and metadata, and text that looks like
/// markup or holds characters XHTML forbids.
fn everything() -> Publication {
    let first = ReportBuilder::new("Tom & Jerry <b>bold</b>")
        .summary("", |p| p.text("A summary without a label."))
        .heading("Policy & <i>practice</i>")
        .paragraph(|p| {
            p.text(
                "Text with <b>tags</b>, &amp; entities, a bell\u{7}, a \u{1}control and \u{fffe}.",
            )
            .note_ref("a")
            .emphasis(|e| e.text("emphasis").strong(|s| s.text(" and strong")))
            .text(" ")
            .link("http://www.icbl.org/lm/2001/north korea", |l| {
                l.text("a link holding a note").note_ref("b")
            })
            .text(" and ")
            .link("report.txt", |l| l.text("a link to nothing"))
            .text(", cited again.")
            .note_ref("a")
        })
        .heading_at(3, "A level skipped")
        .block(Block::List {
            start: None,
            items: vec![
                vec![Block::text("bullet one")],
                vec![Block::text("bullet two"), Block::text("second paragraph")],
            ],
        })
        .heading_at(2, "Numbered")
        .block(Block::List {
            start: Some(3),
            items: vec![vec![Block::text("three")], vec![Block::text("four")]],
        })
        .block(Block::Quote {
            blocks: vec![Block::paragraph(vec![
                Inline::text("Quoted"),
                Inline::note_ref("c"),
            ])],
        })
        .heading("")
        .paragraph(|p| p.text("Under a heading without text."))
        .endnote("a", vec![Block::text("First note, cited twice.")])
        .endnote(
            "b",
            vec![
                Block::text("Second note."),
                Block::text("Its second paragraph."),
            ],
        )
        .endnote(
            "c",
            vec![Block::List {
                start: None,
                items: vec![vec![Block::text("a note that is a list")]],
            }],
        )
        .build();
    let mut first = first;
    first.related.push(Related {
        text: "South Korea".into(),
        target: Some("south-korea".into()),
    });
    first.related.push(Related {
        text: "The Monitor".into(),
        target: Some("http://www.icbl.org/lm/".into()),
    });
    let second = ReportBuilder::new("South Korea")
        .paragraph(|p| p.text("A report without notes."))
        .build();
    let third = ReportBuilder::new("")
        .paragraph(|p| p.text("An untitled report.").note(|n| n.text("Its note.")))
        .build();
    let mut publication = PublicationBuilder::new("Monitor <2001> & after")
        .subtitle("Toward a Mine-Free World")
        .author("Human Rights Watch")
        .author("ICBL")
        .editor("Mary Wareham")
        .publisher("Human Rights Watch & Co.")
        .date("2001-08")
        .language("en-US")
        .identifier("urn:isbn:1-56432-262-2")
        .report(first)
        .report(second)
        .report(third)
        .build();
    publication.meta.rights = Some("© 2001 ICBL".into());
    publication.meta.description = Some("Annual report <of> the ICBL".into());
    publication.meta.subjects = vec!["landmines".into(), "humanitarian law".into()];
    publication
}

#[test]
fn a_book_of_every_kind_of_content_passes_epubcheck() {
    let publication = everything();
    for numbering in [Numbering::PerReport, Numbering::Continuous] {
        let resolved = resolve(
            &publication,
            &ResolveOptions::with_numbering(numbering),
            &SourceMap::default(),
        );
        assert!(!resolved.has_errors(), "{:?}", resolved.diagnostics);
        for notes in [NotePlacement::EndOfReport, NotePlacement::EndOfBook] {
            let mut options = EpubOptions::default();
            options.notes = notes;
            options.embed_fonts = false;
            let epub = export_epub(&resolved, &options).unwrap();
            checked(&epub.bytes);
            let book = Epub::read(&epub.bytes);
            assert_notes_link_both_ways(&book);
            let messages: Vec<&str> = epub.warnings.iter().map(|w| w.message.as_str()).collect();
            assert!(
                messages
                    .iter()
                    .any(|m| m.contains("3 characters that XHTML forbids: U+0001, U+0007, U+FFFE")),
                "{messages:?}"
            );
            assert!(
                messages.iter().any(|m| m.contains("\"report.txt\"")),
                "{messages:?}"
            );
            let first_file = "EPUB/report-tom-jerry-b-bold-b.xhtml";
            let xhtml = book.text(first_file);
            assert!(xhtml.contains("Text with &lt;b&gt;tags&lt;/b&gt;, &amp;amp; entities"));
            assert!(!xhtml.contains("<b>") && !xhtml.contains('\u{1}'));
            let text = text_of_xhtml(xhtml);
            assert!(
                text.contains("Text with <b>tags</b>, &amp; entities, a bell, a control and .")
            );
            // The note cited twice links back twice, lettered a and b.
            let backs = links(&book, "role", "doc-backlink");
            let first_note: Vec<&str> = backs
                .iter()
                .filter(|l| l.target("EPUB/").0 == first_file)
                .filter(|l| l.attrs["aria-label"].starts_with("Back to reference 1"))
                .map(|l| l.attrs["aria-label"].as_str())
                .collect();
            assert_eq!(
                first_note,
                [
                    "Back to reference 1, citation a",
                    "Back to reference 1, citation b"
                ]
            );
            let opf = book.opf();
            for expected in [
                "<dc:title id=\"title\">Monitor &lt;2001&gt; &amp; after</dc:title>",
                "<dc:title id=\"subtitle\">Toward a Mine-Free World</dc:title>",
                "<dc:identifier id=\"pub-id\">urn:isbn:1-56432-262-2</dc:identifier>",
                "<meta refines=\"#creator-3\" property=\"role\" scheme=\"marc:relators\">edt</meta>",
                "<dc:publisher>Human Rights Watch &amp; Co.</dc:publisher>",
                "<dc:date>2001-08</dc:date>",
                "<dc:subject>humanitarian law</dc:subject>",
                "<dc:rights>© 2001 ICBL</dc:rights>",
                "<dc:language>en-US</dc:language>",
            ] {
                assert!(
                    opf.contains(expected),
                    "the package document lacks {expected}"
                );
            }
        }
    }
}

#[test]
fn the_library_refuses_a_publication_with_errors() {
    let publication = PublicationBuilder::new("P")
        .report(
            ReportBuilder::new("R")
                .paragraph(|p| p.note_ref("9"))
                .build(),
        )
        .build();
    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    let error = export_epub(&resolved, &EpubOptions::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the publication has errors (1); an epub of it would be wrong"
    );
    let fine = PublicationBuilder::new("P")
        .report(ReportBuilder::new("R").paragraph(|p| p.text("T.")).build())
        .build();
    let mut resolved = resolve(&fine, &ResolveOptions::default(), &SourceMap::default());
    resolved.reports.clear();
    let error = export_epub(&resolved, &EpubOptions::default()).unwrap_err();
    assert!(
        matches!(error, folio::epub::EpubError::Mismatched),
        "{error}"
    );
}

/// The sample's book with one more id used twice, zipped again as an EPUB.
fn broken_sample() -> Vec<u8> {
    use std::io::Write;
    let book = Epub::read(&sample_epub(|_, _| {}).bytes);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in &book.names {
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(name.as_str(), options).unwrap();
        let mut bytes = book.files[name].clone();
        if name.ends_with("report-north-korea.xhtml") {
            bytes = String::from_utf8(bytes)
                .unwrap()
                .replace("id=\"r2\"", "id=\"r1\"")
                .into_bytes();
        }
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
#[should_panic(expected = "EPUBCheck 5.3 reports")]
fn epubcheck_catches_an_id_used_twice() {
    checked(&broken_sample());
}

#[test]
fn exported_with_the_pdf_the_epub_lists_the_print_pages() {
    let dir = folio_tests::export(&sample(), &["--to", "pdf,epub"]);
    let pdf_pages: usize = folio_tests::pdf::info(&dir.path().join("north-korea.pdf"))["Pages"]
        .parse()
        .unwrap();
    let path = dir.path().join("north-korea.epub");
    assert_epubcheck_clean(&path);
    let epub = Epub::open(&path);
    let package = epub.package_dir();
    let nav = epub.text(&format!("{package}nav.xhtml"));
    assert!(nav.contains("doc-pagelist"), "no page-list in the nav");
    let breaks: usize = epub
        .xhtml()
        .iter()
        .map(|(_, xhtml)| xhtml.matches("doc-pagebreak").count())
        .sum();
    assert_eq!(breaks, pdf_pages, "one page break per print page");
    assert!(epub.opf().contains("printPageNumbers"));
}

#[test]
fn a_report_of_many_notes_in_a_book_goes_on_in_more_notes_documents() {
    // 600 notes of about 800 bytes: some 500 KB of notes, more than two documents hold
    let dir = tempfile::tempdir().unwrap();
    let mut text =
        String::from("Key developments since May 2000: Many notes.\n\nMine Ban Policy\n\n");
    for n in 1..=600 {
        text.push_str(&format!("Sentence {n} cites a source.[{n}] "));
    }
    text.push_str("\n\n<Previous | Next>\n\n");
    let long = "A source that runs on for a while, named with its date and its pages. ".repeat(10);
    for n in 1..=600 {
        text.push_str(&format!("[{n}] Note {n}. {long}\n"));
    }
    let input = dir.path().join("many-notes.txt");
    std::fs::write(&input, &text).unwrap();
    let second = dir.path().join("few-notes.txt");
    std::fs::write(
        &second,
        "Key developments since May 2000: A few.\n\nText.[1]\n\n[1] One note.\n",
    )
    .unwrap();
    let (_out, path) = export_epub_cli(&[input, second], &["--notes", "book"]);
    assert_epubcheck_clean(&path);
    let epub = Epub::open(&path);
    let spine = epub.spine();
    let notes = notes_documents(&spine);
    assert!(notes.len() >= 4, "{spine:?}");
    for file in &notes {
        let size = epub.text(file).len();
        assert!(size <= 250 * 1024, "{file} is {size} bytes");
    }
    // the report's heading opens its first notes document, and is taken up after
    let first = epub.text(notes[0]);
    assert!(first.contains("<h2>Many Notes</h2>"), "{}", &first[..600]);
    assert!(
        epub.text(notes[1])
            .contains("<h2>Many Notes (continued)</h2>")
    );
    assert!(
        epub.text(notes.last().unwrap())
            .contains("<h2>Few Notes</h2>")
    );
    // every note once, every link both ways, across the documents
    let items: usize = notes
        .iter()
        .map(|f| epub.text(f).matches("<li id=").count())
        .sum();
    assert_eq!(items, 601);
    assert_eq!(assert_notes_link_both_ways(&epub), (601, 601));
    // the nav lists the first document of each report under Notes
    let nav = epub.text("EPUB/nav.xhtml");
    assert!(nav.contains(&format!("href=\"{}#", notes[0].trim_start_matches("EPUB/"))));
}

/// The notes documents of a spine (`--notes book`), in order.
fn notes_documents(spine: &[String]) -> Vec<&String> {
    spine
        .iter()
        .filter(|f| f.starts_with("EPUB/notes-"))
        .collect()
}
