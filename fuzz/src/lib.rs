//! What each fuzz target does with its input, one function per target (the files in
//! `fuzz_targets/` only call them). `tests/editions/fuzz_regressions.rs` includes this
//! file to run the inputs kept in `tests/fixtures/fuzz/` the same way on stable Rust.
//!
//! A target reads its input as `folio` reads a file of its kind, resolves it, and writes
//! every edition it covers. It panics (a finding) when folio panics, and also when an
//! edition breaks a promise: model JSON or folio XML that does not read back into the
//! same publication, an EPUB refused for a publication without errors, an XML edition
//! that is not UTF-8, a PDF that krilla cannot write.

mod bytes;
mod model;

use std::path::Path;

use folio::import::{LoadOptions, Loaded};
use folio::model::{
    Block, Diagnostic, Inline, NotePlacement, Publication, ResolveOptions, SourceMap, resolve,
};

/// What a target made of its input.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The errors the readers and `resolve()` found; when there are any, the CLI writes
    /// nothing and the EPUB edition is refused.
    pub errors: Vec<Diagnostic>,
    /// The editions made, each with its size in bytes.
    pub editions: Vec<(&'static str, usize)>,
}

/// The fuzz target `web_report`: `data` as a web-report text file (`report.txt`).
pub fn web_report(data: &[u8]) -> Outcome {
    read_file("report.txt", data)
}

/// The fuzz target `markdown`: `data` as a Markdown file (`report.md`).
pub fn markdown(data: &[u8]) -> Outcome {
    read_file("report.md", data)
}

/// The fuzz target `folio_xml`: `data` as a folio XML file (`report.xml`).
pub fn folio_xml(data: &[u8]) -> Outcome {
    read_file("report.xml", data)
}

/// The fuzz target `manifest`: `data` as `book/folio.toml`, in a folder that also holds
/// a source of every kind (`north-korea.txt`, `report.md`, `report.xml`, `report.json`,
/// `sub/part.txt`), a font file (`font.ttf`) and a symbolic link out of the folder
/// (`escape.txt`, to `../outside.txt`).
pub fn manifest(data: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let book = dir.path().join("book");
    let sources = sources();
    std::fs::create_dir_all(book.join("sub")).expect("a folder in the temporary folder");
    for (name, text) in [
        ("north-korea.txt", WEB_REPORT),
        ("report.md", MARKDOWN),
        ("report.xml", sources.xml.as_str()),
        ("report.json", sources.json.as_str()),
        ("sub/part.txt", WEB_REPORT),
        ("font.ttf", "not a font"),
    ] {
        std::fs::write(book.join(name), text).expect("a source in the temporary folder");
    }
    std::fs::write(dir.path().join("outside.txt"), WEB_REPORT).expect("a file outside");
    #[cfg(unix)]
    std::os::unix::fs::symlink("../outside.txt", book.join("escape.txt")).expect("a link");
    let path = book.join("folio.toml");
    std::fs::write(&path, data).expect("the manifest in the temporary folder");
    let mut loaded = load(&path);
    let output = loaded.output.clone();
    // what the CLI does with `[output]`
    if let Some(size) = &output.page_size
        && let Err(error) = size.value.parse::<folio::pdf::PageSize>()
    {
        loaded.diagnostics.push(
            Diagnostic::error(format!("`output.page-size`: {error}"))
                .at(Some(size.location.clone())),
        );
    }
    if let Some(written) = &output.pdf_standard {
        for name in written.value.split(',') {
            if name.trim() != "none"
                && let Err(error) = name.parse::<folio::pdf::PdfStandard>()
            {
                loaded.diagnostics.push(
                    Diagnostic::error(format!("`output.pdf-standard`: {error}"))
                        .at(Some(written.location.clone())),
                );
            }
        }
    }
    // no source or font from outside the folder, whatever the manifest names
    let root = book
        .canonicalize()
        .expect("the temporary folder has a path");
    let inside = |path: &Path| {
        path.canonicalize()
            .is_ok_and(|path| path.starts_with(&root))
    };
    for font in &output.fonts {
        assert!(
            inside(font),
            "a font outside the folder: {}",
            font.display()
        );
    }
    for source in &loaded.sources.reports {
        let file = Path::new(&source.file);
        assert!(
            inside(file),
            "a source outside the folder: {}",
            file.display()
        );
    }
    let options = ResolveOptions::with_numbering(output.numbering.unwrap_or_default())
        .table_notes(output.table_notes.unwrap_or_default());
    let notes = output.notes.unwrap_or_default();
    export_read(loaded, &options, notes)
}

/// The fuzz target `export`: a publication made from `data` (see `model.rs`), resolved
/// and written in every edition: PDF, EPUB (with the PDF's page map, or a made-up one),
/// folio XML, DocBook, JATS and model JSON.
pub fn export(data: &[u8]) -> Outcome {
    let fuzzed = model::fuzzed(data);
    let options = ResolveOptions::with_numbering(fuzzed.numbering);
    let editions = Editions {
        notes: fuzzed.pdf.notes,
        pdf: Some(fuzzed.pdf),
        page_map: fuzzed.page_map,
    };
    export_all(
        &fuzzed.publication,
        &SourceMap::default(),
        &options,
        Vec::new(),
        editions,
    )
}

/// Reads `data` as the file `name` (its kind told by the extension, as the CLI tells
/// it) and writes the cheap editions of what it reads.
fn read_file(name: &str, data: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, data).expect("the input in the temporary folder");
    let loaded = load(&path);
    export_read(loaded, &ResolveOptions::default(), NotePlacement::default())
}

fn load(path: &Path) -> Loaded {
    folio::import::load(&[path.to_owned()], &LoadOptions::default())
        .expect("a file just written can be read")
}

/// Resolves what a reader read and writes every edition but the PDF (too slow to make
/// for every input; the `export` target makes it).
fn export_read(loaded: Loaded, options: &ResolveOptions, notes: NotePlacement) -> Outcome {
    for diagnostic in &loaded.diagnostics {
        if let Some(location) = &diagnostic.location {
            assert!(
                location.line >= 1 && location.column >= 1,
                "a diagnostic at no place: {diagnostic}"
            );
        }
    }
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let editions = Editions {
        pdf: None,
        notes,
        page_map: None,
    };
    export_all(
        &loaded.publication,
        &loaded.sources,
        options,
        errors,
        editions,
    )
}

/// The editions to write besides the XML ones and model JSON.
struct Editions {
    pdf: Option<folio::pdf::PdfOptions>,
    notes: NotePlacement,
    page_map: Option<folio::model::PageMap>,
}

fn export_all(
    publication: &Publication,
    sources: &SourceMap,
    options: &ResolveOptions,
    mut errors: Vec<Diagnostic>,
    editions: Editions,
) -> Outcome {
    let resolved = resolve(publication, options, sources);
    errors.extend(
        resolved
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned(),
    );
    let mut made = Vec::new();

    let json = folio::model::to_json(publication);
    let back = folio::model::from_json(&json).expect("model JSON reads back");
    assert!(back == *publication, "model JSON reads back changed");
    made.push(("json", json.len()));

    let xml = folio::xml::export_folio_xml(&resolved);
    let text = std::str::from_utf8(&xml).expect("folio XML is UTF-8");
    let back = folio::xml::read_folio_xml(text)
        .unwrap_or_else(|error| panic!("folio XML does not read back: {error}\n{text}"));
    assert!(
        back == xml_form(publication),
        "folio XML reads back changed: {back:#?}\n{text}"
    );
    made.push(("xml", xml.len()));

    for (name, bytes) in [
        ("docbook", folio::xml::export_docbook(&resolved)),
        ("jats", folio::xml::export_jats(&resolved)),
    ] {
        assert!(std::str::from_utf8(&bytes).is_ok(), "{name} is not UTF-8");
        made.push((name, bytes.len()));
    }

    let mut page_map = editions.page_map;
    if let Some(pdf_options) = editions.pdf {
        match folio::pdf::export_pdf(&resolved, &pdf_options) {
            Ok(pdf) => {
                assert!(pdf.bytes.starts_with(b"%PDF-"), "the PDF is no PDF");
                page_map.get_or_insert(pdf.page_map);
                made.push(("pdf", pdf.bytes.len()));
            }
            Err(error @ folio::pdf::PdfError::Write(_)) => {
                panic!("krilla cannot write what folio typeset: {error}")
            }
            Err(error @ folio::pdf::PdfError::Layout(_)) => {
                panic!("the layout lost what it set: {error}")
            }
            // a standard the content cannot meet, a page too small for its margins (the
            // text would fall outside it: `Placement`)
            Err(_) => {}
        }
    }

    let mut epub_options = folio::epub::EpubOptions::default();
    epub_options.embed_fonts = false; // the same for every input, and slow to compress
    epub_options.notes = editions.notes;
    epub_options.page_map = page_map;
    match folio::epub::export_epub(&resolved, &epub_options) {
        Ok(epub) => made.push(("epub", epub.bytes.len())),
        Err(folio::epub::EpubError::Unresolved { .. }) if resolved.has_errors() => {}
        Err(error) => panic!("no EPUB of a publication without errors: {error}"),
    }
    let mut site_options = folio::html::SiteOptions::default();
    site_options.no_fonts = true; // the same for every input, and slow to compress
    match folio::html::export_site(&resolved, &site_options) {
        Ok(site) => {
            let pages = site.files.iter().filter(|f| f.path.ends_with(".html"));
            for page in pages {
                let text = std::str::from_utf8(&page.bytes).expect("a page is UTF-8");
                assert!(text.starts_with("<!DOCTYPE html>"), "{}", page.path);
            }
            made.push(("html", site.files.len()));
        }
        Err(folio::html::HtmlError::Unresolved { .. }) if resolved.has_errors() => {}
        Err(error) => panic!("no web edition of a publication without errors: {error}"),
    }
    Outcome {
        errors,
        editions: made,
    }
}

/// `publication` as folio XML can hold it: a character XML 1.0 cannot hold (a C0
/// control other than tab and line ends, U+FFFE, U+FFFF) is U+FFFD.
fn xml_form(publication: &Publication) -> Publication {
    let mut publication = publication.clone();
    let meta = &mut publication.meta;
    for text in [&mut meta.title, &mut meta.language]
        .into_iter()
        .chain(meta.authors.iter_mut())
        .chain(meta.editors.iter_mut())
        .chain(meta.subjects.iter_mut())
        .chain(
            [
                &mut meta.subtitle,
                &mut meta.publisher,
                &mut meta.date,
                &mut meta.identifier,
                &mut meta.rights,
                &mut meta.description,
            ]
            .into_iter()
            .flatten(),
        )
    {
        xml_text(text);
    }
    for report in &mut publication.reports {
        xml_text(&mut report.id);
        xml_text(&mut report.title);
        if let Some(summary) = &mut report.summary {
            summary.label.iter_mut().for_each(xml_text);
            xml_blocks(&mut summary.blocks);
        }
        for related in &mut report.related {
            xml_text(&mut related.text);
            related.target.iter_mut().for_each(xml_text);
        }
        xml_blocks(&mut report.body);
        for note in &mut report.endnotes {
            xml_text(&mut note.id.0);
            xml_text(&mut note.source_label);
            xml_blocks(&mut note.blocks);
        }
    }
    publication
}

fn xml_blocks(blocks: &mut [Block]) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content } => xml_inlines(content),
            Block::List { items, .. } => items.iter_mut().for_each(|item| xml_blocks(item)),
            Block::Quote { blocks } => xml_blocks(blocks),
            Block::Figure(figure) => {
                figure.label.iter_mut().for_each(xml_text);
                xml_text(&mut figure.image.src);
                xml_text(&mut figure.alt);
                xml_inlines(&mut figure.caption);
            }
            Block::Table(table) => {
                table.label.iter_mut().for_each(xml_text);
                xml_inlines(&mut table.caption);
                for row in table
                    .head
                    .iter_mut()
                    .chain(&mut table.body)
                    .chain(&mut table.foot)
                {
                    row.cells.iter_mut().for_each(|c| xml_blocks(&mut c.blocks));
                }
            }
        }
    }
}

fn xml_inlines(content: &mut [Inline]) {
    for inline in content {
        match inline {
            Inline::Text { text } => xml_text(text),
            Inline::Emphasis { content } | Inline::Strong { content } => xml_inlines(content),
            Inline::Link { url, content } => {
                xml_text(url);
                xml_inlines(content);
            }
            Inline::NoteRef { note } => xml_text(&mut note.0),
        }
    }
}

fn xml_text(text: &mut String) {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    if !text.chars().all(allowed) {
        *text = text
            .chars()
            .map(|c| if allowed(c) { c } else { '\u{fffd}' })
            .collect();
    }
}

/// A small web-report text, a source of the manifest's folder.
const WEB_REPORT: &str = "Country Reports\n\nKey developments since May 2000: A note.[1]\n\n\
Mine Ban Policy\n\nThe state is not a party.[2] It said so in [2001].\n\n\
<Previous | Next>\n\n[1] First note.\n[2] Second note,\nof two lines.\n";

/// A small Markdown file with front matter, a source of the manifest's folder.
const MARKDOWN: &str = "---\ntitle: Two reports\ndate: 2001-08-01\n---\n\n# One\n\n\
Text.[^a]\n\n## Section\n\n> Quoted[^b].\n\n# Two\n\nMore[^a].\n\n[^a]: Note a.\n\n\
[^b]: Note b.\n\n    Its second paragraph.\n";

/// The folio XML and model JSON sources of the manifest's folder.
struct Sources {
    xml: String,
    json: String,
}

fn sources() -> Sources {
    use folio::model::{PublicationBuilder, ReportBuilder};
    let publication = PublicationBuilder::new("Built")
        .report(
            ReportBuilder::new("Built report")
                .heading("Part")
                .paragraph(|p| p.text("Words.").note(|n| n.text("A note.")))
                .build(),
        )
        .build();
    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    Sources {
        xml: String::from_utf8(folio::xml::export_folio_xml(&resolved))
            .expect("folio XML is UTF-8"),
        json: folio::model::to_json(&publication),
    }
}
