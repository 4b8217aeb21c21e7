//! Figures in the PDF, checked on real files written through the library from reports
//! built with the builder API and the images of `tests/fixtures/figures/`: each image
//! embedded once and scaled (pdfimages), inside the text block (mutool's structured
//! text), the float rule, the structure tree (qpdf), decorative images as artifacts, SVG
//! kept vector, qpdf --check, PDF/UA-1, and the same bytes twice.

use std::path::PathBuf;

use folio::model::{
    Block, Cell, Figure, Image, Inline, MediaType, Publication, PublicationBuilder, ReportBuilder,
    ResolveOptions, Row, SourceMap, Table, resolve,
};
use folio::pdf::{PdfOptions, PdfStandard};
use folio_tests::pdf::{Element, image_marks, images, stext, structure, untagged_content};
use folio_tests::{fixture, tools};

/// An image of `tests/fixtures/figures/`, read once.
fn image(name: &str, media_type: MediaType, size: (u32, u32)) -> Image {
    let bytes = std::fs::read(fixture("figures").join(name)).unwrap();
    Image::new(name, media_type, size, bytes)
}

fn chart() -> Image {
    image("casualties-wide.png", MediaType::Png, (2400, 900))
}

fn photo() -> Image {
    image("minefield.jpg", MediaType::Jpeg, (800, 533))
}

fn marker() -> Image {
    image("marker.gif", MediaType::Gif, (120, 80))
}

fn svg() -> Image {
    image("stockpile.svg", MediaType::Svg, (480, 240))
}

/// A paragraph of about six lines whose words begin with `word`.
fn words(word: &str) -> String {
    (1..=60)
        .map(|i| format!("{word}{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `publication` as a PDF with `options` into a new folder.
fn write(publication: &Publication, options: &PdfOptions) -> (tempfile::TempDir, PathBuf) {
    let resolved = resolve(
        publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    assert!(!resolved.has_errors(), "{:?}", resolved.diagnostics);
    let pdf = folio::pdf::export_pdf(&resolved, options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("figures.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    (dir, path)
}

/// A report with every kind of figure: the wide chart (with a note in its caption),
/// the photograph, the chart again, the SVG, a decorative marker, a figure in a quote,
/// in a list and in a table's cell, between paragraphs.
fn gallery() -> Publication {
    let cell = |blocks: Vec<Block>| {
        let mut cell = Cell::default();
        cell.blocks = blocks;
        cell
    };
    let text = |t: &str| cell(vec![Block::paragraph(vec![Inline::text(t)])]);
    let mut table = Table::default();
    table.caption = vec![Inline::text("Images in cells")];
    table.head = vec![Row::new(vec![text("What"), text("Chart")])];
    table.body = vec![Row::new(vec![
        text("Casualties, small"),
        cell(vec![Block::figure(Figure::new(
            chart(),
            vec![Inline::text("In a cell")],
            "The casualties chart, small",
        ))]),
    ])];
    let report = ReportBuilder::new("Angola")
        .paragraph(|p| p.text(words("alpha")))
        .figure(
            chart(),
            |c| {
                c.text("Casualties by province")
                    .note(|n| n.text("Survey of 2001."))
            },
            "Bar chart: casualties rise from the north to the south",
        )
        .paragraph(|p| p.text(words("beta")))
        .figure(
            photo(),
            |c| c.text("A marked minefield"),
            "A fenced field with red signs",
        )
        .paragraph(|p| p.text(words("gamma")))
        .figure(
            chart(),
            |c| c.text("The same chart again"),
            "The casualties chart again",
        )
        .figure(
            svg(),
            |c| c.text("Stockpile by mine type"),
            "Three bars, falling",
        )
        .figure(marker(), |c| c.text("A decorative marker"), "")
        .block(Block::Quote {
            blocks: vec![Block::figure(Figure::new(
                photo(),
                vec![Inline::text("In a quote")],
                "The minefield in a quote",
            ))],
        })
        .block(Block::List {
            start: None,
            items: vec![vec![Block::figure(Figure::new(
                svg(),
                vec![Inline::text("In a list")],
                "The stockpile in a list",
            ))]],
        })
        .block(Block::Table(Box::new(table)))
        .paragraph(|p| p.text(words("delta")))
        .build();
    PublicationBuilder::new("Angola").report(report).build()
}

/// The alt texts of the gallery's described figures, in source order.
const GALLERY_ALTS: [&str; 8] = [
    "Bar chart: casualties rise from the north to the south",
    "A fenced field with red signs",
    "The casualties chart again",
    "Three bars, falling",
    "The minefield in a quote",
    "The stockpile in a list",
    "The casualties chart, small",
    // (the marker, decorative, has none)
    "",
];

fn a4() -> PdfOptions {
    PdfOptions::default()
}

#[test]
fn each_raster_is_embedded_once_and_scaled_down() {
    let (_dir, pdf) = write(&gallery(), &a4());
    let images = images(&pdf);
    let of_size = |w: u32, h: u32| -> Vec<_> {
        images
            .iter()
            .filter(|i| i.kind == "image" && (i.width, i.height) == (w, h))
            .collect()
    };
    // the chart is shown three times (twice in the text, once in a cell): one object
    let charts = of_size(2400, 900);
    assert_eq!(charts.len(), 3, "{images:#?}");
    assert!(
        charts.iter().all(|c| c.object == charts[0].object),
        "{charts:#?}"
    );
    // 2400 px on a measure of about 6.3 in: well above 96 ppi, so it was scaled down
    assert!(charts.iter().all(|c| c.x_ppi > 300.0), "{charts:#?}");
    let photos = of_size(800, 533);
    assert_eq!(photos.len(), 2);
    assert_eq!(photos[0].object, photos[1].object);
    // 800 px is 8.3 in at 96 dpi, wider than the measure, and in a quote narrower still
    assert!(
        photos[0].x_ppi > 120.0 && photos[1].x_ppi > photos[0].x_ppi,
        "{photos:#?}"
    );
    // the marker is narrower than the measure: never enlarged past its size at 96 dpi,
    // and its aspect ratio kept
    let markers = of_size(120, 80);
    assert_eq!(markers.len(), 1, "{images:#?}");
    assert!((markers[0].x_ppi - 96.0).abs() < 1.5 && (markers[0].y_ppi - 96.0).abs() < 1.5);
    // the SVG stays vector: no image of it
    assert!(of_size(480, 240).is_empty() && of_size(960, 480).is_empty());
    let distinct: std::collections::BTreeSet<u32> = images
        .iter()
        .filter(|i| i.kind == "image")
        .map(|i| i.object)
        .collect();
    assert_eq!(distinct.len(), 3, "one object per raster: {images:#?}");
}

#[test]
fn an_svg_is_drawn_as_paths_in_one_form() {
    let (_dir, pdf) = write(&gallery(), &a4());
    let qdf = tools::qdf(&pdf);
    let forms: Vec<&str> = qdf
        .split("\nendobj")
        .filter(|o| o.contains("/Subtype /Form"))
        .collect();
    // drawn twice (in the text and in the list), held once
    assert_eq!(forms.len(), 1, "one form for the SVG");
    let content = &forms[0][forms[0].find("stream\n").unwrap()..];
    // the three bars filled and the axis stroked, as paths
    assert!(
        content.matches("\nf\n").count() >= 4 && content.contains("\nS\n"),
        "{content}"
    );
}

#[test]
fn images_and_captions_stay_inside_the_text_block() {
    for options in [a4(), small_page()] {
        let (_dir, pdf) = write(&gallery(), &options);
        let page = options.page_size;
        let margins = page.default_margins();
        let (left, right) = (
            f64::from(margins.inner),
            f64::from(page.width - margins.outer),
        );
        let (top, bottom) = (
            f64::from(margins.top),
            f64::from(page.height - margins.bottom),
        );
        let pages = stext(&pdf);
        let mut images = 0;
        let mut captions = 0;
        for (p, page) in pages.iter().enumerate() {
            for b in &page.images {
                images += 1;
                assert!(
                    b.x0 >= left - 0.5
                        && b.x1 <= right + 0.5
                        && b.y0 >= top - 0.5
                        && b.y1 <= bottom + 0.5,
                    "page {}: image at {b:?} outside {left}..{right} x {top}..{bottom}",
                    p + 1
                );
            }
            for line in page.lines.iter().filter(|l| l.text.starts_with("Figure ")) {
                captions += 1;
                let b = &line.bbox;
                assert!(
                    b.x0 >= left - 0.5
                        && b.x1 <= right + 0.5
                        && b.y0 >= top - 2.0
                        && b.y1 <= bottom + 2.0,
                    "page {}: caption {:?} at {b:?} outside the text block",
                    p + 1,
                    line.text
                );
            }
        }
        // the raster figures (the SVGs are drawn as paths, not images)
        assert_eq!(images, 6, "raster figures drawn");
        assert_eq!(captions, 8, "one caption per figure");
    }
}

/// `report` with five paragraphs of words `PREFIX0x` to `PREFIX4x`: most of a small
/// page (see [`small_page`]), so that a figure after them does not fit under them.
fn page_filled(mut report: ReportBuilder, prefix: &str) -> ReportBuilder {
    for i in 0..5 {
        report = report.paragraph(|p| p.text(words(&format!("{prefix}{i}x"))));
    }
    report
}

fn small_page() -> PdfOptions {
    let mut options = PdfOptions::default();
    options.page_size = "105x148mm".parse().unwrap();
    options
}

#[test]
fn a_figure_that_does_not_fit_floats_to_the_next_page_and_the_text_goes_on() {
    // five paragraphs fill most of page 1; the chart does not fit under them, the
    // paragraph after it does
    let report = page_filled(ReportBuilder::new("Kenya"), "fill")
        .figure(
            photo(),
            |c| c.text("Waits for page two"),
            "The minefield, first",
        )
        .paragraph(|p| p.text("AFTERFIGURE comes before the figure on the page."))
        .figure(chart(), |c| c.text("Waits too"), "The chart, second")
        .paragraph(|p| p.text(words("tail")))
        .build();
    let publication = PublicationBuilder::new("Kenya").report(report).build();
    let (_dir, pdf) = write(&publication, &a4());
    let pages = stext(&pdf);
    let page_of = |needle: &str| {
        pages
            .iter()
            .position(|p| p.lines.iter().any(|l| l.text.contains(needle)))
            .unwrap_or_else(|| panic!("{needle:?} is nowhere"))
    };
    assert_eq!(page_of("fill0x1"), 0);
    assert_eq!(
        page_of("AFTERFIGURE"),
        0,
        "the text after the figure fills page 1"
    );
    let first = page_of("Waits for page two");
    assert_eq!(first, 1, "the figure goes to the next page");
    assert!(pages[0].images.is_empty(), "page 1 holds no image");
    // on page 2, the photograph opens the page, then the chart: their order is kept
    let page = &pages[1];
    let margins = PdfOptions::default().page_size.default_margins();
    assert_eq!(page.images.len(), 2, "{:?}", page.images);
    let top = f64::from(margins.top);
    assert!(
        (page.images[0].y0 - top).abs() < 1.0,
        "at the top: {:?}",
        page.images[0]
    );
    assert!(page.images[0].y1 < page.images[1].y0, "in their order");
    let caption = |text: &str| {
        page.lines
            .iter()
            .find(|l| l.text.contains(text))
            .unwrap()
            .bbox
            .y0
    };
    assert!(caption("Waits for page two") < caption("Waits too"));
    // the tag tree keeps the source's order: paragraph, figure, paragraph, figure
    let (_, elements) = structure(&pdf);
    let order: Vec<&str> = elements
        .iter()
        .filter(|e| matches!(e.kind.as_str(), "P" | "Figure" | "Caption"))
        .map(|e| e.kind.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "P", "P", "P", "P", "P", "Figure", "Caption", "P", "Figure", "Caption", "P"
        ]
    );
    let figures: Vec<&Element> = elements.iter().filter(|e| e.kind == "Figure").collect();
    assert_eq!(
        figures[0].pages,
        [2],
        "drawn on page 2, tagged where it stands"
    );
}

#[test]
fn a_figure_never_waits_past_its_report() {
    // the figure does not fit on page 1; its report's notes and the next report come
    // after it, on the next page
    let report = page_filled(ReportBuilder::new("Chad"), "chad")
        .figure(
            photo(),
            |c| c.text("Last of Chad").note(|n| n.text("NOTEOFCHAD")),
            "The minefield",
        )
        .paragraph(|p| p.text("ENDOFCHAD"))
        .build();
    let publication = PublicationBuilder::new("Two reports")
        .report(report)
        .report(
            ReportBuilder::new("Mali")
                .paragraph(|p| p.text("MALITEXT"))
                .build(),
        )
        .build();
    let (_dir, pdf) = write(&publication, &a4());
    let pages = stext(&pdf);
    let page_of = |needle: &str| {
        pages
            .iter()
            .position(|p| p.lines.iter().any(|l| l.text.contains(needle)))
            .unwrap_or_else(|| panic!("{needle:?} is nowhere"))
    };
    let figure = page_of("Last of Chad");
    assert_eq!(
        page_of("ENDOFCHAD") + 1,
        figure,
        "the text went on before it"
    );
    let y = |needle: &str| {
        pages[figure]
            .lines
            .iter()
            .find(|l| l.text.contains(needle))
            .map(|l| l.bbox.y0)
    };
    // the notes heading and the note follow the figure on its page
    assert_eq!(page_of("NOTEOFCHAD"), figure);
    assert!(y("Last of Chad").unwrap() < y("NOTEOFCHAD").unwrap());
    assert!(page_of("MALITEXT") > figure);
}

#[test]
fn the_structure_tree_has_each_figure_with_its_alt_text_box_and_caption() {
    let (_dir, pdf) = write(&gallery(), &a4());
    let (_, elements) = structure(&pdf);
    let figures: Vec<&Element> = elements.iter().filter(|e| e.kind == "Figure").collect();
    let alts: Vec<&str> = figures
        .iter()
        .map(|f| f.alt.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        alts,
        &GALLERY_ALTS[..7],
        "in source order, the marker left out"
    );
    for figure in &figures {
        let bbox = figure
            .attribute("BBox")
            .unwrap_or_else(|| panic!("no BBox: {figure:?}"));
        assert!(bbox.starts_with('['), "{bbox}");
        assert_eq!(figure.pages.len(), 1, "its image, on one page");
    }
    // each Figure is followed by its Caption, a sibling, which holds the caption's text
    for (i, e) in elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == "Figure")
    {
        let next = elements[i + 1..]
            .iter()
            .find(|n| n.depth <= e.depth)
            .unwrap();
        assert_eq!(
            (next.kind.as_str(), next.depth),
            ("Caption", e.depth),
            "after {e:?}"
        );
    }
    let captions = elements.iter().filter(|e| e.kind == "Caption").count();
    // the seven figures' captions and the table's
    assert_eq!(captions, 8);
    assert!(
        untagged_content(&pdf).is_empty(),
        "{:?}",
        untagged_content(&pdf)
    );
}

#[test]
fn a_decorative_image_is_an_artifact_and_every_other_is_in_its_figure() {
    let (_dir, pdf) = write(&gallery(), &a4());
    let marks = image_marks(&pdf);
    // every image and form drawn (six rasters, two SVGs) is inside marked content: the
    // decorative marker in an artifact, the rest in their Figure's (with an MCID)
    assert_eq!(marks.len(), 8, "{marks:?}");
    let artifacts = marks.iter().filter(|m| m.tag == "Artifact").count();
    assert_eq!(artifacts, 1, "{marks:?}");
    assert!(marks.iter().filter(|m| m.tag != "Artifact").all(|m| m.mcid));
    // its caption is a paragraph, not a Caption of no Figure
    let text = tools::pdftotext(&pdf);
    assert!(text.contains("A decorative marker"));
}

#[test]
fn pdf_ua_1_holds_with_figures_and_qpdf_finds_nothing() {
    let mut options = PdfOptions::default();
    options.standards = vec![PdfStandard::Ua1];
    let (_dir, pdf) = write(&gallery(), &options);
    let check = tools::run("qpdf", &["--check".as_ref(), pdf.as_os_str()]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let meta = tools::run("pdfinfo", &["-meta".as_ref(), pdf.as_os_str()]);
    assert!(meta.contains("pdfuaid:part"), "PDF/UA-1 is declared");
    // a figure without alt text where UA-1 needs it would have failed the export: the
    // decorative one is an artifact, so UA-1 holds
}

#[test]
fn the_same_figures_give_the_same_bytes() {
    let resolved_pdf = || {
        let publication = gallery();
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        folio::pdf::export_pdf(&resolved, &a4()).unwrap().bytes
    };
    assert!(resolved_pdf() == resolved_pdf());
}

#[test]
fn odd_images_and_deep_nesting_neither_panic_nor_leave_the_page() {
    let png = |w: u32, h: u32| {
        Image::new(
            format!("{w}x{h}.png"),
            MediaType::Png,
            (w, h),
            tools::png(w, h),
        )
    };
    let no_size = Image::new(
        "no-size.svg",
        MediaType::Svg,
        (0, 0),
        br#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>"#.to_vec(),
    );
    let mut deep = Block::figure(Figure::new(png(40, 30), vec![Inline::text("Deep")], "Deep"));
    for _ in 0..40 {
        deep = Block::Quote { blocks: vec![deep] };
    }
    let report = ReportBuilder::new("Odd")
        .figure(png(1, 1), |c| c.text("One pixel"), "A dot")
        .figure(png(20_000, 10), |c| c.text("A long strip"), "A strip")
        .figure(png(10, 20_000), |c| c.text("A tall strip"), "A tall strip")
        .figure(no_size, |c| c.text("No size"), "A square")
        .block(deep)
        .build();
    let publication = PublicationBuilder::new("Odd").report(report).build();
    for options in [a4(), small_page()] {
        let (_dir, pdf) = write(&publication, &options);
        let check = tools::run("qpdf", &["--check".as_ref(), pdf.as_os_str()]);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{check}"
        );
        let images = images(&pdf);
        assert!(images.iter().any(|i| (i.width, i.height) == (20_000, 10)));
        let text = tools::pdftotext(&pdf);
        for caption in [
            "One pixel",
            "A long strip",
            "A tall strip",
            "No size",
            "Deep",
        ] {
            assert!(text.contains(caption), "{caption} is lost");
        }
    }
}

#[test]
fn an_image_that_does_not_decode_is_an_error_naming_it() {
    // not a PNG at all; and a PNG cut after its header, which only decoding finds out
    let text = Image::new(
        "broken.png",
        MediaType::Png,
        (10, 10),
        b"not a png".to_vec(),
    );
    let damaged = image("damaged.png", MediaType::Png, (10, 10));
    for bad in [text, damaged] {
        let name = bad.src.clone();
        let report = ReportBuilder::new("Bad")
            .paragraph(|p| p.text("Before."))
            .figure(bad, |c| c.text("Broken"), "Nothing")
            .build();
        let publication = PublicationBuilder::new("Bad").report(report).build();
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        let error = folio::pdf::export_pdf(&resolved, &a4()).unwrap_err();
        assert!(
            matches!(error, folio::pdf::PdfError::Image { .. })
                && error.to_string().contains(&name),
            "{error}"
        );
    }
}

#[test]
fn an_image_shown_sixty_times_is_held_once() {
    // the chart (32 KB of pixels) shown once and sixty times: the file grows by what
    // drawing it takes, not by sixty copies
    let size = |uses: usize| {
        let mut report = ReportBuilder::new("Uses");
        for i in 0..uses {
            report = report.figure(chart(), |c| c.text(format!("Use {i}")), "The chart");
        }
        let publication = PublicationBuilder::new("Uses")
            .report(report.build())
            .build();
        let (_dir, pdf) = write(&publication, &a4());
        let objects: std::collections::BTreeSet<u32> =
            images(&pdf).iter().map(|i| i.object).collect();
        assert_eq!(objects.len(), 1);
        std::fs::metadata(&pdf).unwrap().len()
    };
    let (one, sixty) = (size(1), size(60));
    assert!((sixty - one) / 59 < 2_000, "{one} bytes, then {sixty}");
}
