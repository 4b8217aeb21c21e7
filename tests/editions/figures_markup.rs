//! Figures in the EPUB, DocBook and JATS editions, on real files made through the library
//! from the images of `tests/fixtures/figures/`: a PNG shown twice (once in a list item),
//! a JPEG, an SVG in a quote and again as a decorative image without caption, a GIF in a
//! table cell, and a note cited in a caption. EPUBCheck, jing and pandoc read them; each
//! image is packed once; every alt text is the figure's own; the XML editions name image
//! files that are there when the XML and its media folder are written as `folio export`
//! writes them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use folio::model::{
    Block, Figure, Image, Inline, MediaType, Publication, PublicationBuilder, ReportBuilder,
    ResolveOptions, Resolved, SourceMap, Timestamp, plain_text, resolve,
};
use folio::xml::XmlOptions;
use folio_tests::epub::{Epub, assert_epubcheck_clean, tags, text_of_xhtml, unescape};
use folio_tests::fidelity::{assert_in_order, words};
use folio_tests::{fixture, golden, tools};

const DOCBOOK_RNG: &str = "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng";

/// The name `folio export` gives the publication's files, and its media folder.
const NAME: &str = "figures";
const MEDIA: &str = "figures.media";

/// An image of `tests/fixtures/figures/`, named as a Markdown file beside that folder
/// names it.
fn image(file: &str, media_type: MediaType, size: (u32, u32)) -> Image {
    let bytes = std::fs::read(fixture(&format!("figures/{file}"))).unwrap();
    Image::new(format!("figures/{file}"), media_type, size, bytes)
}

fn figure(image: &Image, caption: &str, alt: &str) -> Block {
    let caption = if caption.is_empty() {
        Vec::new()
    } else {
        vec![Inline::text(caption)]
    };
    Block::figure(Figure::new(image.clone(), caption, alt))
}

/// The publication: six figures of four images, in the body, a list item, a quote and a
/// table cell, one with a note in its caption, one without a caption or alt text.
fn publication() -> Publication {
    let png = image("casualties-wide.png", MediaType::Png, (2400, 900));
    let jpeg = image("minefield.jpg", MediaType::Jpeg, (800, 533));
    let svg = image("stockpile.svg", MediaType::Svg, (480, 240));
    let gif = image("marker.gif", MediaType::Gif, (120, 80));
    let mut report = ReportBuilder::new("Figures")
        .heading("Casualties")
        .paragraph(|p| {
            p.text("Casualties fell once the fields were marked.")
                .note(|n| n.text("Survey of 2001."))
        })
        .figure(
            png.clone(),
            |c| {
                c.text("Mine casualties by district, 1999–2001")
                    .note(|n| n.text("District health records, 2001."))
            },
            "Bar chart: casualties fell from 120 in 1999 to 30 in 2001.",
        )
        .heading("Minefields")
        .figure(
            jpeg,
            |c| c.text("A marked minefield near the border"),
            "A field behind a wire fence hung with red triangular signs.",
        )
        .block(Block::List {
            start: None,
            items: vec![
                vec![Block::text("Twelve fields are marked.")],
                vec![figure(
                    &png,
                    "Casualties again, as the survey cites them",
                    "The bar chart of Figure 1.",
                )],
            ],
        })
        .block(Block::Quote {
            blocks: vec![
                Block::text("The stockpile is counted each year."),
                figure(
                    &svg,
                    "Stockpile by mine type",
                    "Three bars: 150, 100 and 60 thousand mines.",
                ),
            ],
        })
        .table(|t| {
            t.caption(|c| c.text("Markers in use"))
                .header(|r| r.text("Marker").text("Since"))
                .row(|r| r.text("(figure)").text("2000"))
        })
        .figure(svg, |c| c, "")
        .build();
    let table = report
        .body
        .iter_mut()
        .find_map(|block| match block {
            Block::Table(table) => Some(table),
            _ => None,
        })
        .unwrap();
    table.body[0].cells[0].blocks = vec![figure(
        &gif,
        "The red cross marker",
        "A red cross on white.",
    )];
    PublicationBuilder::new("Figures")
        .date("2001-08-01")
        .report(report)
        .build()
}

/// Every figure of the publication in reading order.
fn figures(publication: &Publication) -> Vec<&Figure> {
    let mut figures = Vec::new();
    publication.reports[0].for_each_block(&mut |block| {
        if let Block::Figure(figure) = block {
            figures.push(&**figure);
        }
    });
    assert_eq!(figures.len(), 6);
    figures
}

fn resolved(publication: &Publication) -> Resolved<'_> {
    let resolved = resolve(
        publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    assert!(!resolved.has_errors(), "{:?}", resolved.diagnostics);
    resolved
}

// ---------------------------------------------------------------------------- EPUB

/// The EPUB, written to a file in `dir`.
fn epub(resolved: &Resolved<'_>, dir: &Path) -> std::path::PathBuf {
    let options = folio::epub::EpubOptions::modified(Timestamp::for_publication(
        &resolved.publication.meta,
        None,
    ));
    let epub = folio::epub::export_epub(resolved, &options).unwrap();
    assert!(epub.warnings.is_empty(), "{:?}", epub.warnings);
    let path = dir.join(format!("{NAME}.epub"));
    std::fs::write(&path, &epub.bytes).unwrap();
    path
}

#[test]
fn the_epub_packs_each_image_once_and_passes_epubcheck() {
    let publication = publication();
    let resolved = resolved(&publication);
    let dir = tempfile::tempdir().unwrap();
    let path = epub(&resolved, dir.path());
    assert_epubcheck_clean(&path);
    let epub = Epub::open(&path);
    let opf = epub.opf();
    let package = epub.package_dir();

    // every distinct image once in the manifest, with its media type, and once in the
    // zip with its bytes; the GIF shown only in a table cell among them
    let mut distinct: BTreeMap<&str, &Image> = BTreeMap::new();
    for figure in figures(&publication) {
        distinct.insert(&figure.image.src, &figure.image);
    }
    assert_eq!(distinct.len(), 4);
    let items: Vec<_> = tags(opf, "item")
        .into_iter()
        .filter(|item| item["media-type"].starts_with("image/"))
        .collect();
    assert_eq!(items.len(), 4, "{opf}");
    let mut shown = BTreeSet::new();
    for item in &items {
        let path = format!("{package}{}", item["href"]);
        assert_eq!(
            epub.names.iter().filter(|n| **n == path).count(),
            1,
            "{path}"
        );
        let image = distinct
            .values()
            .find(|image| image.bytes() == epub.files[&path].as_slice())
            .unwrap_or_else(|| panic!("{path} holds no image of the publication"));
        assert_eq!(item["media-type"], image.media_type.as_str(), "{path}");
        assert!(!item.contains_key("properties"), "an <img> SVG needs none");
        shown.insert(&image.src);
    }
    assert_eq!(shown.len(), 4, "each image packed once");
    let images_in_zip = epub
        .names
        .iter()
        .filter(|n| n.starts_with(&format!("{package}images/")))
        .count();
    assert_eq!(images_in_zip, 4);

    // every <img> names a packed file; its alt is the figure's alt text, never the caption
    let report = epub.text(&format!("{package}report-figures.xhtml"));
    let imgs = tags(report, "img");
    let hrefs: BTreeSet<&str> = items.iter().map(|item| item["href"].as_str()).collect();
    let expected: Vec<&str> = figures(&publication)
        .iter()
        .map(|f| f.alt.as_str())
        .collect();
    let alts: Vec<&str> = imgs.iter().map(|img| img["alt"].as_str()).collect();
    assert_eq!(alts, expected);
    assert_eq!(alts[5], "", "the decorative image's alt is empty");
    for img in &imgs {
        assert!(hrefs.contains(img["src"].as_str()), "{img:?}");
    }
    for figure in figures(&publication) {
        if !figure.caption.is_empty() {
            assert!(!alts.contains(&plain_text(&figure.caption).as_str()));
        }
    }

    // numbered captions, in reading order, with their note
    let captions: Vec<String> = report
        .split("<figcaption>")
        .skip(1)
        .map(|c| text_of_xhtml(c.split("</figcaption>").next().unwrap()))
        .collect();
    assert_eq!(captions.len(), 5);
    assert!(captions[0].starts_with("Figure 1. Mine casualties by district, 1999–2001 2"));
    assert!(captions[4].starts_with("Figure 5. The red cross marker"));
    let cell = report.split("<td>").nth(1).unwrap();
    assert!(cell.starts_with("<figure id=\"fig5\">\n<img src=\"images/marker.gif\""));

    // the metadata says the book has images with alt text
    let properties: Vec<(String, String)> = opf
        .split("<meta property=\"")
        .skip(1)
        .map(|m| {
            let (name, rest) = m.split_once("\">").unwrap();
            (name.to_owned(), unescape(rest.split('<').next().unwrap()))
        })
        .collect();
    let has = |name: &str, value: &str| properties.iter().any(|(n, v)| n == name && v == value);
    assert!(has("schema:accessMode", "textual") && has("schema:accessMode", "visual"));
    assert!(has("schema:accessibilityFeature", "alternativeText"));
    assert!(has("schema:accessModeSufficient", "textual"));
    let css = epub.text(&format!("{package}style.css"));
    assert!(css.contains("img {\n  max-width: 100%;\n  height: auto;\n}"));

    // every word of the captions reaches the book, in order
    let caption_words: Vec<String> = figures(&publication)
        .iter()
        .flat_map(|f| words(&plain_text(&f.caption)))
        .collect();
    assert_in_order("epub captions", &caption_words, &words(&epub.spine_text()));
}

// ------------------------------------------------------------------ DocBook and JATS

/// Writes the XML edition and its media folder into `dir` as `folio export` does: the
/// edition as `NAME.<extension>`, each image once under `NAME.media/`, at its source
/// path.
fn write_with_media(dir: &Path, file: &str, xml: &[u8], publication: &Publication) {
    std::fs::write(dir.join(file), xml).unwrap();
    for figure in figures(publication) {
        let parts = figure
            .image
            .src
            .split('/')
            .filter(|p| !matches!(*p, "" | "." | ".."));
        let path = parts.fold(dir.join(MEDIA), |path, part| path.join(part));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, figure.image.bytes()).unwrap();
    }
}

/// `%20` and the like, decoded.
fn percent_decode(href: &str) -> String {
    let bytes = href.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&href[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Asserts that every image reference `attribute="..."` of the XML file resolves, from
/// its folder, to a file whose bytes are one of the publication's images; returns the
/// references in document order.
fn assert_references_resolve(
    xml_file: &Path,
    attribute: &str,
    publication: &Publication,
) -> Vec<String> {
    let xml = std::fs::read_to_string(xml_file).unwrap();
    let dir = xml_file.parent().unwrap();
    let hrefs: Vec<String> = xml
        .split(&format!(" {attribute}=\""))
        .skip(1)
        .map(|rest| unescape(rest.split('"').next().unwrap()))
        .collect();
    assert_eq!(hrefs.len(), 6, "{attribute}: one per figure");
    for href in &hrefs {
        assert!(href.starts_with(&format!("{MEDIA}/")), "{href}");
        let file = dir.join(percent_decode(href));
        let bytes = std::fs::read(&file)
            .unwrap_or_else(|e| panic!("{href} in {} leads nowhere ({e})", xml_file.display()));
        assert!(
            figures(publication)
                .iter()
                .any(|f| f.image.bytes() == bytes),
            "{href}"
        );
    }
    hrefs
}

/// A figure as pandoc reads it: its id, its caption's text and the text of the notes the
/// caption cites, and its image's address and alt text.
#[derive(Debug)]
struct PandocFigure {
    id: String,
    caption: String,
    notes: String,
    src: String,
    alt: String,
}

fn pandoc_figures(from: &str, document: &Path) -> Vec<PandocFigure> {
    let doc = tools::pandoc_json(from, document);
    let mut found = Vec::new();
    find_figures(&doc["blocks"], &mut found);
    found
}

fn find_figures(value: &serde_json::Value, out: &mut Vec<PandocFigure>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| find_figures(v, out)),
        serde_json::Value::Object(node)
            if node.get("t").and_then(|t| t.as_str()) == Some("Figure") =>
        {
            let c = &node["c"];
            let mut images = Vec::new();
            find_images(&c[2], &mut images);
            assert_eq!(images.len(), 1, "one image per figure: {c}");
            let (src, alt) = images.remove(0);
            let mut notes = Vec::new();
            find_notes(&c[1][1], &mut notes);
            out.push(PandocFigure {
                id: c[0][0].as_str().unwrap().to_owned(),
                caption: text_of(&c[1][1]),
                notes: notes
                    .iter()
                    .map(|note| text_of(note))
                    .collect::<Vec<_>>()
                    .join(" "),
                src,
                alt,
            });
        }
        serde_json::Value::Object(node) => node.values().for_each(|v| find_figures(v, out)),
        _ => {}
    }
}

fn find_images(value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| find_images(v, out)),
        serde_json::Value::Object(node)
            if node.get("t").and_then(|t| t.as_str()) == Some("Image") =>
        {
            let c = &node["c"];
            out.push((c[2][0].as_str().unwrap().to_owned(), text_of(&c[1])));
        }
        serde_json::Value::Object(node) => node.values().for_each(|v| find_images(v, out)),
        _ => {}
    }
}

fn find_notes<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| find_notes(v, out)),
        serde_json::Value::Object(node)
            if node.get("t").and_then(|t| t.as_str()) == Some("Note") =>
        {
            out.push(&node["c"]);
        }
        serde_json::Value::Object(node) => node.values().for_each(|v| find_notes(v, out)),
        _ => {}
    }
}

/// The words of pandoc's JSON for some blocks or inlines, notes left out.
fn text_of(value: &serde_json::Value) -> String {
    fn walk(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(node) => match node.get("t").and_then(|t| t.as_str()) {
                Some("Note") => {}
                Some("Str") => out.push_str(node["c"].as_str().unwrap()),
                Some("Space" | "SoftBreak" | "LineBreak") => out.push(' '),
                _ => {
                    if let Some(c) = node.get("c") {
                        walk(c, out);
                    }
                }
            },
            _ => {}
        }
    }
    let mut out = String::new();
    walk(value, &mut out);
    out
}

/// What pandoc reads matches each figure: its id, its image, its alt text, and its
/// caption (but where `caption_lost` says pandoc drops it).
fn assert_pandoc_reads_every_figure(
    from: &str,
    read: &[PandocFigure],
    hrefs: &[String],
    publication: &Publication,
    caption_lost: &[usize],
) {
    let figures = figures(publication);
    assert_eq!(read.len(), figures.len(), "{from}: {read:?}");
    for (f, ((read, figure), href)) in read.iter().zip(&figures).zip(hrefs).enumerate() {
        assert_eq!(read.id, format!("fig{}", f + 1), "{from}");
        assert_eq!(&read.src, href, "{from}");
        assert_eq!(read.alt, figure.alt, "{from}: figure {}", f + 1);
        let caption = plain_text(&figure.caption);
        if caption_lost.contains(&f) {
            assert_eq!(read.caption, "", "{from}: figure {}", f + 1);
        } else {
            assert_eq!(
                words(&read.caption),
                words(&caption),
                "{from}: figure {}",
                f + 1
            );
        }
    }
    // the note cited in the first caption is read as a note there
    assert_eq!(read[0].notes, "District health records, 2001.", "{from}");
    assert!(read[1..].iter().all(|f| f.notes.is_empty()), "{from}");
}

#[test]
fn docbook_figures_are_valid_resolve_and_read_back_by_pandoc() {
    let publication = publication();
    let resolved = resolved(&publication);
    let dir = tempfile::tempdir().unwrap();
    let xml = folio::xml::export_docbook_with(&resolved, &XmlOptions::with_media_folder(MEDIA));
    let file = format!("{NAME}.docbook.xml");
    write_with_media(dir.path(), &file, &xml, &publication);
    let path = dir.path().join(&file);
    tools::run("jing", &[DOCBOOK_RNG.as_ref(), path.as_os_str()]);
    let text = String::from_utf8(xml).unwrap();
    // the schema's rules jing does not check: no figure inside a table or a footnote
    let table = text
        .split("<table ")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert!(!table.contains("<figure") && table.contains("<informalfigure"));
    assert_eq!(text.matches("<figure ").count(), 4);
    let hrefs = assert_references_resolve(&path, "fileref", &publication);
    // pandoc reads the caption of a figure from its <title>, and leaves out the
    // <caption> of an informal figure: the one in the table (DocBook allows no
    // <figure> there) is read without it
    let read = pandoc_figures("docbook", &path);
    assert_pandoc_reads_every_figure("docbook", &read, &hrefs, &publication, &[4]);
}

#[test]
fn jats_figures_resolve_and_read_back_by_pandoc() {
    let publication = publication();
    let resolved = resolved(&publication);
    let dir = tempfile::tempdir().unwrap();
    let xml = folio::xml::export_jats_with(&resolved, &XmlOptions::with_media_folder(MEDIA));
    let file = format!("{NAME}.jats.xml");
    write_with_media(dir.path(), &file, &xml, &publication);
    let path = dir.path().join(&file);
    let text = String::from_utf8(xml).unwrap();
    let labels: Vec<String> = text
        .split("<fig ")
        .skip(1)
        .map(|f| {
            f.split("<label>")
                .nth(1)
                .unwrap()
                .split("</label>")
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        labels,
        (1..=6).map(|n| format!("Figure {n}")).collect::<Vec<_>>()
    );
    // every xlink:href of the document is an image's, beside it in the media folder
    let hrefs = assert_references_resolve(&path, "xlink:href", &publication);
    let read = pandoc_figures("jats", &path);
    assert_pandoc_reads_every_figure("jats", &read, &hrefs, &publication, &[]);
}

#[test]
fn the_figures_match_their_golden_files() {
    let publication = publication();
    let resolved = resolved(&publication);
    let dir = tempfile::tempdir().unwrap();
    let epub = Epub::open(&epub(&resolved, dir.path()));
    for file in ["report-figures.xhtml", "package.opf"] {
        golden::check(
            NAME,
            &format!("epub/{file}"),
            &epub.files[&format!("EPUB/{file}")],
        );
    }
    let options = XmlOptions::with_media_folder(MEDIA);
    golden::check(
        NAME,
        &format!("{NAME}.docbook.xml"),
        &folio::xml::export_docbook_with(&resolved, &options),
    );
    golden::check(
        NAME,
        &format!("{NAME}.jats.xml"),
        &folio::xml::export_jats_with(&resolved, &options),
    );
}
