//! Figures: the image with its alt text, and the caption under it, numbered in its
//! report as the PDF and the XML editions number it.
//!
//! ```html
//! <figure id="fig1">
//! <img src="images/casualties.png" alt="Bars falling from 120 to 30" width="2400" height="900"/>
//! <figcaption><span class="figure-label">Figure 1.</span> Mine casualties…</figcaption>
//! </figure>
//! ```
//!
//! The alt text is the figure's own, never its caption, which is read anyway; an empty
//! one (`alt=""`) marks a decorative image that assistive technology skips. A figure
//! without a caption has no `<figcaption>`.

use folio_model::Figure;

use crate::markup::Markup;
use crate::text::ReportText;

impl ReportText<'_> {
    /// The next figure of the report.
    pub(crate) fn figure(&mut self, out: &mut Markup, figure: &Figure) {
        let f = self.next_figure;
        self.next_figure += 1;
        let book = self.book;
        match book.resolved.reports[self.r].figures.get(f) {
            Some(info) => out.open("figure", &[("id", &info.anchor)]),
            None => out.open("figure", &[]),
        }
        out.newline();
        let image = &figure.image;
        let src = book.images.file_of(image).unwrap_or_default();
        let (width, height) = (image.width.to_string(), image.height.to_string());
        let mut attributes = vec![("src", src), ("alt", figure.alt.as_str())];
        // The size lets a reading system keep the image's room before it is loaded;
        // the stylesheet scales it down to the screen, keeping its shape.
        if image.width > 0 && image.height > 0 {
            attributes.extend([("width", width.as_str()), ("height", height.as_str())]);
        }
        out.empty("img", &attributes);
        out.newline();
        if !figure.caption.is_empty() {
            out.raw("<figcaption><span class=\"figure-label\">Figure ");
            out.raw(&(f + 1).to_string());
            out.raw(".</span> ");
            self.caption_text(out, &figure.caption);
            out.raw("</figcaption>\n");
        }
        out.raw("</figure>\n");
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::Read;

    use folio_model::{
        Block, Image, MediaType, Publication, PublicationBuilder, ReportBuilder, ResolveOptions,
        SourceMap, resolve,
    };

    use crate::{EpubOptions, export_epub};

    fn png() -> Image {
        Image::new(
            "charts/casualties.png",
            MediaType::Png,
            (2400, 900),
            b"\x89PNG\r\n\x1a\nnot really".to_vec(),
        )
    }

    fn svg() -> Image {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="48" height="24"/>"#;
        Image::new("stockpile.svg", MediaType::Svg, (48, 24), svg.to_vec())
    }

    fn gif() -> Image {
        Image::new("marker.gif", MediaType::Gif, (12, 8), b"GIF89a".to_vec())
    }

    /// A report showing the PNG twice (once in a list item), the SVG in a quote
    /// without alt text, and the GIF in a table cell, with a note in a caption.
    fn publication() -> Publication {
        let figure = |image: Image, caption: &str, alt: &str| {
            Block::figure(folio_model::Figure::new(
                image,
                vec![folio_model::Inline::text(caption)],
                alt,
            ))
        };
        let report = ReportBuilder::new("Figures")
            .paragraph(|p| p.text("Before."))
            .figure(
                png(),
                |c| c.text("Mine casualties").note(|n| n.text("Survey.")),
                "Bars falling from 120 to 30",
            )
            .block(Block::List {
                start: None,
                items: vec![vec![figure(png(), "Again", "The same bars")]],
            })
            .block(Block::Quote {
                blocks: vec![figure(svg(), "Stockpile", "")],
            })
            .table(|t| t.row(|r| r.text("cell")))
            .build();
        let mut report = report;
        if let Some(Block::Table(table)) = report.body.last_mut() {
            table.body[0].cells[0].blocks = vec![figure(gif(), "Marker", "A red cross")];
        }
        PublicationBuilder::new("P").report(report).build()
    }

    fn unzip(bytes: &[u8]) -> (Vec<String>, BTreeMap<String, Vec<u8>>) {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut names = Vec::new();
        let mut files = BTreeMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            names.push(file.name().unwrap().into_owned());
            files.insert(file.name().unwrap().into_owned(), data);
        }
        (names, files)
    }

    fn export(publication: &Publication) -> (Vec<String>, BTreeMap<String, Vec<u8>>) {
        let resolved = resolve(
            publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        assert!(!resolved.has_errors(), "{:?}", resolved.diagnostics);
        let options = EpubOptions {
            embed_fonts: false,
            ..EpubOptions::default()
        };
        let epub = export_epub(&resolved, &options).unwrap();
        assert!(epub.warnings.is_empty(), "{:?}", epub.warnings);
        unzip(&epub.bytes)
    }

    fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
        String::from_utf8(files[name].clone()).unwrap()
    }

    #[test]
    fn each_image_is_packed_once_with_its_media_type() {
        let (names, files) = export(&publication());
        let images: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| n.starts_with("EPUB/images/"))
            .collect();
        // the PNG shown twice is one file; the GIF of the table cell is packed too
        assert_eq!(
            images,
            [
                "EPUB/images/casualties.png",
                "EPUB/images/stockpile.svg",
                "EPUB/images/marker.gif"
            ]
        );
        assert_eq!(files["EPUB/images/casualties.png"], png().bytes());
        assert_eq!(files["EPUB/images/marker.gif"], gif().bytes());
        let opf = text(&files, "EPUB/package.opf");
        for (id, href, media_type) in [
            ("image-1", "images/casualties.png", "image/png"),
            ("image-2", "images/stockpile.svg", "image/svg+xml"),
            ("image-3", "images/marker.gif", "image/gif"),
        ] {
            let item = format!("<item id=\"{id}\" href=\"{href}\" media-type=\"{media_type}\"/>");
            assert_eq!(opf.matches(&item).count(), 1, "{item} in {opf}");
            assert_eq!(opf.matches(&format!("\"{href}\"")).count(), 1);
        }
        // an SVG shown by <img> is no SVG content document: no `svg` property
        assert!(!opf.contains("properties=\"svg\""));
        assert!(opf.contains("<meta property=\"schema:accessMode\">visual</meta>"));
        assert!(
            opf.contains("<meta property=\"schema:accessibilityFeature\">alternativeText</meta>")
        );
        assert!(!opf.contains("text only"));
        let css = text(&files, "EPUB/style.css");
        assert!(css.contains("img {\n  max-width: 100%;\n  height: auto;\n}"));
    }

    #[test]
    fn figures_carry_their_alt_text_and_numbered_captions() {
        let (_, files) = export(&publication());
        let xhtml = text(&files, "EPUB/report-figures.xhtml");
        assert!(xhtml.contains(
            "<figure id=\"fig1\">\n<img src=\"images/casualties.png\" alt=\"Bars falling from 120 to 30\" width=\"2400\" height=\"900\"/>\n<figcaption><span class=\"figure-label\">Figure 1.</span> Mine casualties<sup><a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#n1\" id=\"r1\">1</a></sup></figcaption>\n</figure>"
        ), "{xhtml}");
        // in a list item, a quote and a table cell, numbered in reading order; the
        // alt text is never the caption, and an empty one stays empty
        assert!(xhtml.contains(
            "<li>\n<figure id=\"fig2\">\n<img src=\"images/casualties.png\" alt=\"The same bars\""
        ));
        assert!(xhtml.contains("<blockquote>\n<figure id=\"fig3\">\n<img src=\"images/stockpile.svg\" alt=\"\" width=\"48\" height=\"24\"/>\n<figcaption><span class=\"figure-label\">Figure 3.</span> Stockpile</figcaption>"));
        assert!(xhtml.contains(
            "<td><figure id=\"fig4\">\n<img src=\"images/marker.gif\" alt=\"A red cross\""
        ));
        assert!(xhtml.contains("Figure 4.</span> Marker</figcaption>"));
    }

    #[test]
    fn a_figure_without_caption_has_no_figcaption_and_a_book_without_figures_no_image() {
        let publication = PublicationBuilder::new("P")
            .report(ReportBuilder::new("R").figure(png(), |c| c, "Bars").build())
            .build();
        let (_, files) = export(&publication);
        let xhtml = text(&files, "EPUB/report-r.xhtml");
        assert!(xhtml.contains("<figure id=\"fig1\">\n<img src=\"images/casualties.png\" alt=\"Bars\" width=\"2400\" height=\"900\"/>\n</figure>"), "{xhtml}");

        let plain = PublicationBuilder::new("P")
            .report(
                ReportBuilder::new("R")
                    .paragraph(|p| p.text("Text."))
                    .build(),
            )
            .build();
        let (names, files) = export(&plain);
        assert!(!names.iter().any(|n| n.contains("images/")));
        let opf = text(&files, "EPUB/package.opf");
        assert!(!opf.contains("visual") && !opf.contains("alternativeText"));
        assert!(!text(&files, "EPUB/style.css").contains("img {"));
    }

    #[test]
    fn raster_images_are_stored_and_svg_deflated() {
        let publication = publication();
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        let epub = export_epub(&resolved, &EpubOptions::default()).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&epub.bytes)).unwrap();
        let method = |archive: &mut zip::ZipArchive<_>, name: &str| {
            archive.by_name(name).unwrap().compression()
        };
        assert_eq!(
            method(&mut archive, "EPUB/images/casualties.png"),
            zip::CompressionMethod::Stored
        );
        assert_eq!(
            method(&mut archive, "EPUB/images/stockpile.svg"),
            zip::CompressionMethod::Deflated
        );
        // same input, same bytes
        assert_eq!(
            epub.bytes,
            export_epub(&resolved, &EpubOptions::default())
                .unwrap()
                .bytes
        );
    }
}
