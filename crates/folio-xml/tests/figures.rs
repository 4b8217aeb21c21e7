//! Figures in DocBook and JATS: the markup each tag set asks for, in every place a figure
//! can stand (the body, a list item, a quote, a table cell), numbered in reading order,
//! the alt text apart from the caption, and every image named by the same rule.
#![allow(clippy::unwrap_used, missing_docs)]

use folio_model::{
    Block, Figure, Image, Inline, MediaType, Publication, PublicationBuilder, ReportBuilder,
    ResolveOptions, SourceMap, resolve,
};
use folio_xml::{XmlOptions, export_docbook, export_docbook_with, export_jats, export_jats_with};

fn png() -> Image {
    Image::new(
        "charts/casualties.png",
        MediaType::Png,
        (2400, 900),
        vec![1u8],
    )
}

fn svg() -> Image {
    Image::new("stockpile.svg", MediaType::Svg, (480, 240), vec![2u8])
}

fn gif() -> Image {
    Image::new("my marker.gif", MediaType::Gif, (12, 8), vec![3u8])
}

fn figure(image: Image, caption: &str, alt: &str) -> Block {
    let caption = if caption.is_empty() {
        Vec::new()
    } else {
        vec![Inline::text(caption)]
    };
    Block::figure(Figure::new(image, caption, alt))
}

/// The PNG twice (the second time in a list item), the SVG in a quote without alt text,
/// the GIF in a cell of a captioned table, and a figure without a caption.
fn publication() -> Publication {
    let mut report = ReportBuilder::new("Figures")
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
        .table(|t| t.caption(|c| c.text("Markers")).row(|r| r.text("cell")))
        .block(figure(svg(), "", "Three bars"))
        .build();
    if let Some(Block::Table(table)) = report.body.get_mut(4) {
        table.body[0].cells[0].blocks = vec![figure(gif(), "Marker", "A red cross")];
    }
    PublicationBuilder::new("P").report(report).build()
}

fn editions(options: &XmlOptions) -> (String, String) {
    let publication = publication();
    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    assert!(!resolved.has_errors(), "{:?}", resolved.diagnostics);
    let docbook = String::from_utf8(export_docbook_with(&resolved, options)).unwrap();
    let jats = String::from_utf8(export_jats_with(&resolved, options)).unwrap();
    // the default options are the plain entry points'
    if options == &XmlOptions::default() {
        assert_eq!(docbook.as_bytes(), export_docbook(&resolved));
        assert_eq!(jats.as_bytes(), export_jats(&resolved));
    }
    (docbook, jats)
}

#[test]
fn docbook_figures_are_titled_numbered_and_described() {
    let (docbook, _) = editions(&XmlOptions::default());
    assert!(docbook.contains(concat!(
        "  <figure xml:id=\"fig1\" label=\"1\">\n",
        "    <title>Mine casualties<footnote xml:id=\"n1\"><para>Survey.</para></footnote></title>\n",
        "    <mediaobject>\n",
        "      <imageobject>\n",
        "        <imagedata fileref=\"charts/casualties.png\" format=\"PNG\"/>\n",
        "      </imageobject>\n",
        "      <textobject>\n",
        "        <phrase>Bars falling from 120 to 30</phrase>\n",
        "      </textobject>\n",
        "    </mediaobject>\n",
        "  </figure>\n",
    )), "{docbook}");
    // in a list item: the same file, its own alt text
    assert!(
        docbook.contains("<listitem>\n      <figure xml:id=\"fig2\" label=\"2\">"),
        "{docbook}"
    );
    assert_eq!(
        docbook
            .matches("<imagedata fileref=\"charts/casualties.png\" format=\"PNG\"/>")
            .count(),
        2
    );
    assert!(docbook.contains("<phrase>The same bars</phrase>"));
    // in a quote, decorative: no text object
    let quote = docbook.split("<blockquote>").nth(1).unwrap();
    let quote = quote.split("</blockquote>").next().unwrap();
    assert!(quote.contains("<figure xml:id=\"fig3\" label=\"3\">"));
    assert!(quote.contains("<imagedata fileref=\"stockpile.svg\" format=\"SVG\"/>"));
    assert!(!quote.contains("textobject"));
    // in a captioned table, where DocBook allows no figure: informal, caption kept
    assert!(
        docbook.contains(concat!(
            "<td>\n",
            "          <informalfigure xml:id=\"fig4\" label=\"4\">\n",
            "            <mediaobject>\n",
            "              <imageobject>\n",
            "                <imagedata fileref=\"my%20marker.gif\" format=\"GIF\"/>\n",
        )),
        "{docbook}"
    );
    assert!(docbook.contains("<caption>\n              <para>Marker</para>\n            </caption>\n          </informalfigure>"));
    // no caption: informal, unnumbered
    assert!(docbook.contains("<informalfigure xml:id=\"fig5\">\n    <mediaobject>"));
    // the alt text is never the caption
    assert!(!docbook.contains("<phrase>Mine casualties"));
    assert_eq!(docbook.matches("<figure ").count(), 3);
}

#[test]
fn jats_figures_are_labelled_with_their_graphic_and_alt_text() {
    let (_, jats) = editions(&XmlOptions::default());
    assert!(jats.contains(concat!(
        "    <fig id=\"fig1\">\n",
        "      <label>Figure 1</label>\n",
        "      <caption>\n",
        "        <title>Mine casualties<xref ref-type=\"fn\" rid=\"n1\" id=\"r1\">1</xref></title>\n",
        "      </caption>\n",
        "      <graphic xlink:href=\"charts/casualties.png\" mimetype=\"image\" mime-subtype=\"png\">\n",
        "        <alt-text>Bars falling from 120 to 30</alt-text>\n",
        "      </graphic>\n",
        "    </fig>\n",
    )), "{jats}");
    // in a list item and a quote: inside a paragraph of its own, on one line
    assert!(jats.contains("<list-item>\n        <p><fig id=\"fig2\"><label>Figure 2</label><caption><title>Again</title></caption><graphic xlink:href=\"charts/casualties.png\" mimetype=\"image\" mime-subtype=\"png\"><alt-text>The same bars</alt-text></graphic></fig></p>"), "{jats}");
    assert!(jats.contains("<disp-quote>\n      <p><fig id=\"fig3\"><label>Figure 3</label><caption><title>Stockpile</title></caption><graphic xlink:href=\"stockpile.svg\" mimetype=\"image\" mime-subtype=\"svg+xml\"/></fig></p>"), "{jats}");
    // in a cell
    assert!(jats.contains("<td><p><fig id=\"fig4\"><label>Figure 4</label><caption><title>Marker</title></caption><graphic xlink:href=\"my%20marker.gif\" mimetype=\"image\" mime-subtype=\"gif\"><alt-text>A red cross</alt-text></graphic></fig></p></td>"), "{jats}");
    // without a caption: labelled all the same
    assert!(jats.contains("<fig id=\"fig5\">\n      <label>Figure 5</label>\n      <graphic xlink:href=\"stockpile.svg\" mimetype=\"image\" mime-subtype=\"svg+xml\">\n        <alt-text>Three bars</alt-text>"), "{jats}");
    assert!(!jats.contains("<alt-text>Mine casualties"));
}

#[test]
fn a_media_folder_names_every_image_inside_it() {
    let (docbook, jats) = editions(&XmlOptions::with_media_folder("figures.media"));
    for (edition, attribute) in [(&docbook, "fileref"), (&jats, "xlink:href")] {
        let hrefs: Vec<&str> = edition
            .split(&format!("{attribute}=\""))
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap())
            .filter(|href| !href.starts_with('#'))
            .collect();
        assert_eq!(
            hrefs,
            [
                "figures.media/charts/casualties.png",
                "figures.media/charts/casualties.png",
                "figures.media/stockpile.svg",
                // a name that is not plain gets a safe one (Image::media_path)
                "figures.media/_83026083c11ff7af-my-marker.gif",
                "figures.media/stockpile.svg",
            ],
            "{attribute}"
        );
    }
}

#[test]
fn a_figure_in_a_note_breaks_nothing() {
    // resolve() refuses it; the writers must still write well-formed XML, and not panic
    let report = ReportBuilder::new("R")
        .paragraph(|p| p.text("Text.").note_ref("1"))
        .endnote("1", vec![figure(png(), "In a note", "Bars")])
        .build();
    let publication = PublicationBuilder::new("P").report(report).build();
    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    assert!(resolved.has_errors());
    let docbook = String::from_utf8(export_docbook(&resolved)).unwrap();
    assert!(docbook.contains("<footnote xml:id=\"n1\"><informalfigure label=\"1\">"));
    let jats = String::from_utf8(export_jats(&resolved)).unwrap();
    assert!(jats.contains("<fn id=\"n1\">"));
    assert!(jats.contains("<p><fig><label>Figure 1</label>"));
}

#[test]
fn jats_numbers_the_figures_of_a_table_foot_after_its_body() {
    // JATS sets <tfoot> before <tbody>; the figures and note references of the foot
    // still come after the body's, in reading order
    let captioned = |image: Image, caption: &str, note: &str| {
        vec![Block::figure(Figure::new(
            image,
            vec![Inline::text(caption), Inline::note_ref(note)],
            "",
        ))]
    };
    let mut report = ReportBuilder::new("R")
        .table(|t| t.row(|r| r.text("body")).footer(|r| r.text("foot")))
        .figure(gif(), |c| c.text("After"), "")
        .endnote("1", vec![Block::text("One")])
        .endnote("2", vec![Block::text("Two")])
        .build();
    if let Some(Block::Table(table)) = report.body.first_mut() {
        table.body[0].cells[0].blocks = captioned(png(), "Body", "1");
        table.foot[0].cells[0].blocks = captioned(svg(), "Foot", "2");
    }
    let publication = PublicationBuilder::new("P").report(report).build();
    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    assert!(!resolved.has_errors(), "{:?}", resolved.diagnostics);
    let jats = String::from_utf8(export_jats(&resolved)).unwrap();
    let foot = jats.split("<tfoot>").nth(1).unwrap();
    assert!(foot.contains("<fig id=\"fig2\"><label>Figure 2</label><caption><title>Foot<xref ref-type=\"table-fn\" rid=\"t1-b\" id=\"t1-rb\">b</xref></title>"), "{jats}");
    let body = jats.split("<tbody>").nth(1).unwrap();
    assert!(body.contains("<fig id=\"fig1\"><label>Figure 1</label><caption><title>Body<xref ref-type=\"table-fn\" rid=\"t1-a\" id=\"t1-ra\">a</xref></title>"), "{jats}");
    assert!(
        jats.contains("<fig id=\"fig3\">\n      <label>Figure 3</label>"),
        "{jats}"
    );
    // DocBook keeps the foot after the body
    let docbook = String::from_utf8(export_docbook(&resolved)).unwrap();
    let ids: Vec<&str> = docbook
        .split(" xml:id=\"")
        .skip(1)
        .map(|f| f.split('"').next().unwrap())
        .filter(|id| id.starts_with("fig"))
        .collect();
    assert_eq!(ids, ["fig1", "fig2", "fig3"]);
}
