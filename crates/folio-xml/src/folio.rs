//! folio XML: the model written one to one, element for field. `read.rs` reads it back.

use folio_model::{
    Block, Endnote, Figure, Inline, Meta, Publication, Report, Row, Table, is_live_link,
};

use crate::markup::XmlWriter;

/// The namespace of folio XML.
pub const NAMESPACE: &str = "https://folio.invalid/ns/1";

/// The version of folio XML this crate writes and reads, carried by the `version`
/// attribute of the root element.
pub const VERSION: u32 = 1;

/// The folder, relative to the document, that images are named under (`NAME.media`),
/// or `None` to name them by their source paths.
type Media<'a> = Option<&'a str>;

/// Writes `publication` as folio XML, its images named under `media`.
pub(crate) fn write_publication(publication: &Publication, media: Media<'_>) -> Vec<u8> {
    let mut w = XmlWriter::new(estimated_size(publication));
    let version = VERSION.to_string();
    w.open(
        "publication",
        &[
            ("xmlns", NAMESPACE),
            ("version", version.as_str()),
            ("xml:lang", publication.meta.language.as_str()),
        ],
    );
    write_meta(&mut w, &publication.meta);
    for report in &publication.reports {
        write_report(&mut w, report, media);
    }
    w.close("publication");
    w.finish()
}

/// Roughly the size of the output, so the buffer rarely grows.
pub(crate) fn estimated_size(publication: &Publication) -> usize {
    let mut size = 4096;
    for report in &publication.reports {
        report.for_each_block(&mut |block| size += 64 + block.content().map_or(0, text_size));
        for note in &report.endnotes {
            folio_model::for_each_block(&note.blocks, &mut |block| {
                size += 96 + block.content().map_or(0, text_size);
            });
        }
    }
    size + size / 8
}

fn text_size(content: &[Inline]) -> usize {
    let mut size = 0;
    folio_model::for_each_inline(content, &mut |inline| {
        size += match inline {
            Inline::Text { text } => text.len(),
            Inline::Link { url, .. } => url.len() + 32,
            _ => 32,
        }
    });
    size
}

fn write_meta(w: &mut XmlWriter, meta: &Meta) {
    w.open("meta", &[]);
    w.text_line("title", &[], &meta.title);
    optional(w, "subtitle", meta.subtitle.as_deref());
    for author in &meta.authors {
        w.text_line("author", &[], author);
    }
    for editor in &meta.editors {
        w.text_line("editor", &[], editor);
    }
    optional(w, "publisher", meta.publisher.as_deref());
    optional(w, "date", meta.date.as_deref());
    w.text_line("language", &[], &meta.language);
    optional(w, "identifier", meta.identifier.as_deref());
    optional(w, "rights", meta.rights.as_deref());
    optional(w, "description", meta.description.as_deref());
    for subject in &meta.subjects {
        w.text_line("subject", &[], subject);
    }
    w.close("meta");
}

fn optional(w: &mut XmlWriter, name: &str, text: Option<&str>) {
    if let Some(text) = text {
        w.text_line(name, &[], text);
    }
}

fn write_report(w: &mut XmlWriter, report: &Report, media: Media<'_>) {
    match &report.language {
        Some(language) => w.open("report", &[("id", &report.id), ("xml:lang", language)]),
        None => w.open("report", &[("id", &report.id)]),
    }
    w.text_line("title", &[], &report.title);
    if let Some(summary) = &report.summary {
        let label: Vec<(&str, &str)> = summary
            .label
            .iter()
            .map(|l| ("label", l.as_str()))
            .collect();
        write_blocks_in(w, "summary", &label, &summary.blocks, media);
    }
    for related in &report.related {
        let target: Vec<(&str, &str)> = related
            .target
            .iter()
            .map(|t| (target_attribute(t), t.as_str()))
            .collect();
        w.text_line("related", &target, &related.text);
    }
    write_blocks_in(w, "body", &[], &report.body, media);
    if report.endnotes.is_empty() {
        w.empty_line("endnotes", &[]);
    } else {
        w.open("endnotes", &[]);
        for note in &report.endnotes {
            write_endnote(w, note, media);
        }
        w.close("endnotes");
    }
    w.close("report");
}

fn write_endnote(w: &mut XmlWriter, note: &Endnote, media: Media<'_>) {
    let attributes = [
        ("id", note.id.as_str()),
        ("source-label", &note.source_label),
    ];
    write_blocks_in(w, "endnote", &attributes, &note.blocks, media);
}

/// An element holding blocks: empty when there are none.
fn write_blocks_in(
    w: &mut XmlWriter,
    name: &str,
    attributes: &[(&str, &str)],
    blocks: &[Block],
    media: Media<'_>,
) {
    if blocks.is_empty() {
        w.empty_line(name, attributes);
        return;
    }
    w.open(name, attributes);
    for block in blocks {
        write_block(w, block, media);
    }
    w.close(name);
}

fn write_block(w: &mut XmlWriter, block: &Block, media: Media<'_>) {
    match block {
        Block::Heading { level, content } => {
            let level = level.to_string();
            write_inline_line(w, "heading", &[("level", &level)], content);
        }
        Block::Paragraph { content } => write_inline_line(w, "paragraph", &[], content),
        Block::List { start, items } => {
            let start = start.map(|s| s.to_string());
            let attributes: Vec<(&str, &str)> =
                start.iter().map(|s| ("start", s.as_str())).collect();
            if items.is_empty() {
                w.empty_line("list", &attributes);
                return;
            }
            w.open("list", &attributes);
            for item in items {
                write_blocks_in(w, "item", &[], item, media);
            }
            w.close("list");
        }
        Block::Quote { blocks } => write_blocks_in(w, "quote", &[], blocks, media),
        Block::Table(table) => write_table(w, table, media),
        Block::Figure(figure) => write_figure(w, figure, media),
    }
}

/// A figure: `<figure label?>` holding `<image src media-type width height/>`, then
/// `<caption>?` and `<alt>` (empty for a decorative image). The image is named by its
/// source path, or under `media` by [`folio_model::Image::media_path`].
fn write_figure(w: &mut XmlWriter, figure: &Figure, media: Media<'_>) {
    let label: Vec<(&str, &str)> = figure.label.iter().map(|l| ("label", l.as_str())).collect();
    w.open("figure", &label);
    let image = &figure.image;
    let src = match media {
        Some(folder) => image.media_path(folder),
        None => image.src.clone(),
    };
    let (width, height) = (image.width.to_string(), image.height.to_string());
    w.empty_line(
        "image",
        &[
            ("src", src.as_str()),
            ("media-type", image.media_type.as_str()),
            ("width", &width),
            ("height", &height),
        ],
    );
    if !figure.caption.is_empty() {
        write_inline_line(w, "caption", &[], &figure.caption);
    }
    w.text_line("alt", &[], &figure.alt);
    w.close("figure");
}

/// A table: `<table label?>` holding `<caption>?`, a `<column>` per column spec, then
/// `<head>?`, `<body>` and `<foot>?` of `<row>`s of `<cell>`s holding blocks. A span of
/// 1, the default alignment and no width are left unwritten.
fn write_table(w: &mut XmlWriter, table: &Table, media: Media<'_>) {
    let label: Vec<(&str, &str)> = table.label.iter().map(|l| ("label", l.as_str())).collect();
    w.open("table", &label);
    if !table.caption.is_empty() {
        write_inline_line(w, "caption", &[], &table.caption);
    }
    for column in &table.columns {
        let width = column.width.map(|width| width.to_string());
        let mut attributes = Vec::new();
        if let Some(align) = column.align.name() {
            attributes.push(("align", align));
        }
        if let Some(width) = &width {
            attributes.push(("width", width.as_str()));
        }
        w.empty_line("column", &attributes);
    }
    if !table.head.is_empty() {
        write_rows(w, "head", &table.head, media);
    }
    write_rows(w, "body", &table.body, media);
    if !table.foot.is_empty() {
        write_rows(w, "foot", &table.foot, media);
    }
    w.close("table");
}

fn write_rows(w: &mut XmlWriter, name: &str, rows: &[Row], media: Media<'_>) {
    if rows.is_empty() {
        w.empty_line(name, &[]);
        return;
    }
    w.open(name, &[]);
    for row in rows {
        if row.cells.is_empty() {
            w.empty_line("row", &[]);
            continue;
        }
        w.open("row", &[]);
        for cell in &row.cells {
            let (colspan, rowspan) = (cell.colspan.to_string(), cell.rowspan.to_string());
            let mut attributes = Vec::new();
            if cell.colspan != 1 {
                attributes.push(("colspan", colspan.as_str()));
            }
            if cell.rowspan != 1 {
                attributes.push(("rowspan", rowspan.as_str()));
            }
            write_blocks_in(w, "cell", &attributes, &cell.blocks, media);
        }
        w.close("row");
    }
    w.close(name);
}

/// A heading or paragraph: its inline content on one line, exactly.
fn write_inline_line(
    w: &mut XmlWriter,
    name: &str,
    attributes: &[(&str, &str)],
    content: &[Inline],
) {
    if content.is_empty() {
        w.empty_line(name, attributes);
        return;
    }
    w.line(name, attributes);
    write_inlines(w, content);
    w.end_line(name);
}

fn write_inlines(w: &mut XmlWriter, content: &[Inline]) {
    let mut after_text = false;
    for inline in content {
        match inline {
            // A text run is bare character data unless a reader could not tell it apart:
            // an empty run, or one right after another run, is wrapped in <text>.
            Inline::Text { text } if text.is_empty() => w.empty("text", &[]),
            Inline::Text { text } if after_text => {
                w.start_tag("text", &[]);
                w.text(text);
                w.end_tag("text");
            }
            Inline::Text { text } => w.text(text),
            Inline::Emphasis { content } => write_container(w, "emphasis", &[], content),
            Inline::Strong { content } => write_container(w, "strong", &[], content),
            Inline::Link { url, content } => {
                write_container(w, "link", &[(url_attribute(url), url)], content)
            }
            Inline::NoteRef { note } => w.empty("note-ref", &[("note", note.as_str())]),
        }
        after_text = matches!(inline, Inline::Text { .. });
    }
}

/// The attribute that holds a link's address: `url`, or `unsafe-url` for an address no
/// edition makes live (`javascript:`, `file:`...), so that nothing that reads `url`
/// as a link's address follows it; the reader takes either back into the model.
fn url_attribute(url: &str) -> &'static str {
    if is_live_link(url) {
        "url"
    } else {
        "unsafe-url"
    }
}

/// The attribute that holds a related report's target: `target`, or `unsafe-target`
/// as for [`url_attribute`].
fn target_attribute(target: &str) -> &'static str {
    if is_live_link(target) {
        "target"
    } else {
        "unsafe-target"
    }
}

fn write_container(w: &mut XmlWriter, name: &str, attributes: &[(&str, &str)], content: &[Inline]) {
    if content.is_empty() {
        w.empty(name, attributes);
    } else {
        w.start_tag(name, attributes);
        write_inlines(w, content);
        w.end_tag(name);
    }
}
