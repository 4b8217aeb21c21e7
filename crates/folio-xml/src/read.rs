//! Reading folio XML back into the model: the inverse of `folio.rs`, element for field.

use folio_model::{
    Align, Block, Cell, ColumnSpec, Endnote, Figure, Image, Inline, MediaType, Meta, NoteId,
    Publication, Related, Report, Row, Summary, Table,
};

use crate::XmlError;
use crate::events::{Attributes, Events, Item, Start};
use crate::folio::VERSION;

/// How the reader takes heading levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Levels {
    /// 0 to 255, every level the model holds, so that any model folio writes reads back.
    Any,
    /// 1 to 6, as the schema says and `resolve()` requires: what an input may hold.
    Schema,
}

/// Reads a folio XML document, with where each report's parts are.
pub(crate) fn read_publication(
    source: &str,
    max_depth: usize,
    levels: Levels,
) -> Result<(Publication, Vec<Places>), XmlError> {
    let mut reader = ModelReader {
        events: Events::new(source, max_depth),
        places: Vec::new(),
        in_endnotes: false,
        levels,
    };
    let root = reader.root()?;
    let publication = reader.publication(root)?;
    reader.epilogue()?;
    Ok((publication, reader.places))
}

/// Where one report's parts are: the byte offsets of the `<` of each `<endnote>` and of
/// each `<note-ref>` of its summary and body, in document order (which is the model's
/// reading order: the summary comes before the body).
#[derive(Debug, Default)]
pub(crate) struct Places {
    pub(crate) notes: Vec<usize>,
    pub(crate) refs: Vec<usize>,
    /// The `<table>` tags of its summary and body, in document order.
    pub(crate) tables: Vec<usize>,
    /// The `<image>` tags of the figures of its summary and body, in document order.
    pub(crate) figures: Vec<usize>,
}

struct ModelReader<'i> {
    events: Events<'i>,
    /// One per report read so far.
    places: Vec<Places>,
    /// Whether the elements being read are inside `<endnotes>`.
    in_endnotes: bool,
    levels: Levels,
}

impl ModelReader<'_> {
    fn root(&mut self) -> Result<Start, XmlError> {
        loop {
            match self.events.next()? {
                Item::Start(start) if start.name == "publication" => return Ok(start),
                Item::Start(start) => {
                    return Err(self.unexpected(&start, "the document"));
                }
                Item::Text(text) if is_blank(&text) => {}
                Item::Text(_) | Item::End | Item::Eof => {
                    return Err(self
                        .events
                        .invalid(0, "not a folio XML document: no <publication> element"));
                }
            }
        }
    }

    fn epilogue(&mut self) -> Result<(), XmlError> {
        loop {
            match self.events.next()? {
                Item::Eof => return Ok(()),
                Item::Text(text) if is_blank(&text) => {}
                Item::Start(start) => return Err(self.unexpected(&start, "the document")),
                Item::Text(_) | Item::End => {
                    return Err(self
                        .events
                        .invalid(usize::MAX, "text after the <publication> element"));
                }
            }
        }
    }

    fn publication(&mut self, mut root: Start) -> Result<Publication, XmlError> {
        let mut attributes = Attributes::of(&mut root);
        let version = attributes.required("version", &self.events)?;
        // the publication's language for XML tools; <meta><language> is the model's
        attributes.take("xml:lang");
        attributes.finish(&self.events)?;
        if version.trim() != VERSION.to_string() {
            let (line, column) = self.events.line_column(root.at);
            return Err(XmlError::UnsupportedVersion {
                line,
                column,
                found: version,
            });
        }
        let mut meta = None;
        let mut reports = Vec::new();
        self.children(&root, |reader, child| match child.name.as_str() {
            "meta" if meta.is_none() && reports.is_empty() => {
                meta = Some(reader.meta(child)?);
                Ok(())
            }
            "report" if meta.is_some() => {
                reports.push(reader.report(child)?);
                Ok(())
            }
            _ => Err(reader.unexpected(&child, "<publication>")),
        })?;
        let meta = meta.ok_or_else(|| {
            self.events
                .invalid(root.at, "<publication> lacks its <meta>")
        })?;
        Ok(Publication::new(meta, reports))
    }

    fn meta(&mut self, mut start: Start) -> Result<Meta, XmlError> {
        Attributes::of(&mut start).finish(&self.events)?;
        let mut meta = Meta::default();
        let (mut title, mut language) = (None, None);
        self.children(&start, |reader, child| {
            let once = |field: &mut Option<String>, reader: &mut ModelReader<'_>| {
                if field.is_some() {
                    return Err(reader
                        .events
                        .invalid(child.at, format!("<meta> has two <{}>", child.name)));
                }
                *field = Some(reader.text_only(&child)?);
                Ok(())
            };
            match child.name.as_str() {
                "title" => once(&mut title, reader),
                "subtitle" => once(&mut meta.subtitle, reader),
                "author" => {
                    meta.authors.push(reader.text_only(&child)?);
                    Ok(())
                }
                "editor" => {
                    meta.editors.push(reader.text_only(&child)?);
                    Ok(())
                }
                "publisher" => once(&mut meta.publisher, reader),
                "date" => once(&mut meta.date, reader),
                "language" => once(&mut language, reader),
                "identifier" => once(&mut meta.identifier, reader),
                "rights" => once(&mut meta.rights, reader),
                "description" => once(&mut meta.description, reader),
                "subject" => {
                    meta.subjects.push(reader.text_only(&child)?);
                    Ok(())
                }
                _ => Err(reader.unexpected(&child, "<meta>")),
            }
        })?;
        meta.title =
            title.ok_or_else(|| self.events.invalid(start.at, "<meta> lacks its <title>"))?;
        meta.language =
            language.ok_or_else(|| self.events.invalid(start.at, "<meta> lacks its <language>"))?;
        Ok(meta)
    }

    fn report(&mut self, mut start: Start) -> Result<Report, XmlError> {
        let mut attributes = Attributes::of(&mut start);
        let mut report = Report::new(attributes.required("id", &self.events)?, String::new());
        report.language = attributes.take("xml:lang");
        attributes.finish(&self.events)?;
        self.places.push(Places::default());
        // The children come in this order: title, summary?, related*, body, endnotes.
        let mut stage = 0;
        self.children(&start, |reader, mut child| {
            let next = match child.name.as_str() {
                "title" if stage == 0 => 1,
                "summary" if stage == 1 => 2,
                "related" if (1..=3).contains(&stage) => 3,
                "body" if (1..=3).contains(&stage) => 4,
                "endnotes" if stage == 4 => 5,
                _ => return Err(reader.unexpected(&child, "<report>")),
            };
            stage = next;
            match child.name.as_str() {
                "title" => report.title = reader.text_only(&child)?,
                "summary" => {
                    let mut attributes = Attributes::of(&mut child);
                    let label = attributes.take("label");
                    attributes.finish(&reader.events)?;
                    let blocks = reader.blocks(&child)?;
                    report.summary = Some(Summary { label, blocks });
                }
                "related" => {
                    let mut attributes = Attributes::of(&mut child);
                    let target = attributes.either("target", "unsafe-target", &reader.events)?;
                    attributes.finish(&reader.events)?;
                    let text = reader.text_only(&child)?;
                    report.related.push(Related { text, target });
                }
                "body" => {
                    Attributes::of(&mut child).finish(&reader.events)?;
                    report.body = reader.blocks(&child)?;
                }
                _ => {
                    Attributes::of(&mut child).finish(&reader.events)?;
                    reader.in_endnotes = true;
                    let endnotes = reader.endnotes(&child);
                    reader.in_endnotes = false;
                    report.endnotes = endnotes?;
                }
            }
            Ok(())
        })?;
        if stage < 5 {
            return Err(self
                .events
                .invalid(start.at, "<report> needs <title>, <body> and <endnotes>"));
        }
        Ok(report)
    }

    fn endnotes(&mut self, parent: &Start) -> Result<Vec<Endnote>, XmlError> {
        let mut notes = Vec::new();
        self.children(parent, |reader, mut child| {
            if child.name != "endnote" {
                return Err(reader.unexpected(&child, "<endnotes>"));
            }
            if let Some(places) = reader.places.last_mut() {
                places.notes.push(child.at);
            }
            let mut attributes = Attributes::of(&mut child);
            let id = NoteId(attributes.required("id", &reader.events)?);
            let source_label = attributes.required("source-label", &reader.events)?;
            attributes.finish(&reader.events)?;
            let blocks = reader.blocks(&child)?;
            notes.push(Endnote {
                id,
                source_label,
                blocks,
            });
            Ok(())
        })?;
        Ok(notes)
    }

    fn blocks(&mut self, parent: &Start) -> Result<Vec<Block>, XmlError> {
        let mut blocks = Vec::new();
        self.children(parent, |reader, child| {
            blocks.push(reader.block(child)?);
            Ok(())
        })?;
        Ok(blocks)
    }

    fn block(&mut self, mut start: Start) -> Result<Block, XmlError> {
        let mut attributes = Attributes::of(&mut start);
        let block = match start.name.as_str() {
            "heading" => {
                let (level, at) = attributes.required_at("level", &self.events)?;
                let range = match self.levels {
                    Levels::Any => 0..=255,
                    Levels::Schema => 1..=6,
                };
                let level = level
                    .trim()
                    .parse()
                    .ok()
                    .filter(|level| range.contains(level))
                    .ok_or_else(|| {
                        self.events.invalid(
                            at,
                            format!(
                                "heading level {level:?} is not a number from {} to {}",
                                range.start(),
                                range.end()
                            ),
                        )
                    })?;
                attributes.finish(&self.events)?;
                Block::heading(level, self.inlines(&start)?)
            }
            "paragraph" => {
                attributes.finish(&self.events)?;
                Block::paragraph(self.inlines(&start)?)
            }
            "list" => {
                let start_number = match attributes.take("start") {
                    None => None,
                    Some(number) => Some(number.trim().parse().map_err(|_| {
                        self.events.invalid(
                            start.at,
                            format!("list start {number:?} is not a whole number"),
                        )
                    })?),
                };
                attributes.finish(&self.events)?;
                let mut items = Vec::new();
                self.children(&start, |reader, mut item| {
                    if item.name != "item" {
                        return Err(reader.unexpected(&item, "<list>"));
                    }
                    Attributes::of(&mut item).finish(&reader.events)?;
                    items.push(reader.blocks(&item)?);
                    Ok(())
                })?;
                Block::List {
                    start: start_number,
                    items,
                }
            }
            "quote" => {
                attributes.finish(&self.events)?;
                Block::Quote {
                    blocks: self.blocks(&start)?,
                }
            }
            "table" => {
                let label = attributes.take("label");
                attributes.finish(&self.events)?;
                if !self.in_endnotes
                    && let Some(places) = self.places.last_mut()
                {
                    places.tables.push(start.at);
                }
                let mut table = self.table(&start)?;
                table.label = label;
                Block::table(table)
            }
            "figure" => {
                let label = attributes.take("label");
                attributes.finish(&self.events)?;
                let mut figure = self.figure(&start)?;
                figure.label = label;
                Block::figure(figure)
            }
            _ => return Err(self.unexpected(&start, "a block")),
        };
        Ok(block)
    }

    /// A figure's children, in this order: `<image/>`, `<caption>?`, `<alt>`.
    fn figure(&mut self, parent: &Start) -> Result<Figure, XmlError> {
        let mut image = None;
        let mut caption = Vec::new();
        let mut alt = None;
        let mut stage = 0;
        self.children(parent, |reader, mut child| {
            let next = match child.name.as_str() {
                "image" if stage == 0 => 1,
                "caption" if stage == 1 => 2,
                "alt" if (1..=2).contains(&stage) => 3,
                _ => return Err(reader.unexpected(&child, "<figure>")),
            };
            stage = next;
            let mut attributes = Attributes::of(&mut child);
            match child.name.as_str() {
                "image" => {
                    if !reader.in_endnotes
                        && let Some(places) = reader.places.last_mut()
                    {
                        places.figures.push(child.at);
                    }
                    let src = attributes.required("src", &reader.events)?;
                    let (name, at) = attributes.required_at("media-type", &reader.events)?;
                    let media_type = MediaType::from_name(name.trim()).ok_or_else(|| {
                        reader.events.invalid(
                            at,
                            format!(
                                "image media-type {name:?} is not image/png, image/jpeg, image/gif or image/svg+xml"
                            ),
                        )
                    })?;
                    let mut size = |name: &str| -> Result<u32, XmlError> {
                        let value = attributes.required(name, &reader.events)?;
                        reader.number(&child, name, &value)
                    };
                    let (width, height) = (size("width")?, size("height")?);
                    attributes.finish(&reader.events)?;
                    reader.empty(&child)?;
                    image = Some(Image::new(src, media_type, (width, height), Vec::new()));
                }
                "caption" => {
                    attributes.finish(&reader.events)?;
                    caption = reader.inlines(&child)?;
                }
                _ => {
                    attributes.finish(&reader.events)?;
                    alt = Some(reader.text_only(&child)?);
                }
            }
            Ok(())
        })?;
        match (image, alt) {
            (Some(image), Some(alt)) => Ok(Figure::new(image, caption, alt)),
            _ => Err(self
                .events
                .invalid(parent.at, "<figure> needs <image> and <alt>")),
        }
    }

    /// A table's children, in this order: `<caption>?`, `<column>*`, `<head>?`, `<body>`,
    /// `<foot>?`.
    fn table(&mut self, parent: &Start) -> Result<Table, XmlError> {
        let mut table = Table::default();
        let mut stage = 0;
        self.children(parent, |reader, mut child| {
            let next = match child.name.as_str() {
                "caption" if stage == 0 => 1,
                "column" if stage <= 1 => 1,
                "head" if stage <= 1 => 2,
                "body" if stage <= 2 => 3,
                "foot" if stage == 3 => 4,
                _ => return Err(reader.unexpected(&child, "<table>")),
            };
            stage = next;
            let mut attributes = Attributes::of(&mut child);
            match child.name.as_str() {
                "caption" => {
                    attributes.finish(&reader.events)?;
                    table.caption = reader.inlines(&child)?;
                }
                "column" => {
                    let align = match attributes.take("align") {
                        None => Align::Default,
                        Some(name) => Align::from_name(name.trim()).ok_or_else(|| {
                            reader.events.invalid(
                                child.at,
                                format!("column align {name:?} is not left, center or right"),
                            )
                        })?,
                    };
                    let width = attributes
                        .take("width")
                        .map(|width| reader.number(&child, "width", &width))
                        .transpose()?;
                    attributes.finish(&reader.events)?;
                    reader.empty(&child)?;
                    let mut column = ColumnSpec::aligned(align);
                    column.width = width;
                    table.columns.push(column);
                }
                group => {
                    attributes.finish(&reader.events)?;
                    let rows = reader.rows(&child)?;
                    match group {
                        "head" => table.head = rows,
                        "body" => table.body = rows,
                        _ => table.foot = rows,
                    }
                }
            }
            Ok(())
        })?;
        if stage < 3 {
            return Err(self.events.invalid(parent.at, "<table> lacks its <body>"));
        }
        Ok(table)
    }

    /// The `<row>`s of a `<head>`, `<body>` or `<foot>`, each of `<cell>`s.
    fn rows(&mut self, parent: &Start) -> Result<Vec<Row>, XmlError> {
        let mut rows = Vec::new();
        self.children(parent, |reader, mut row| {
            if row.name != "row" {
                return Err(reader.unexpected(&row, &format!("<{}>", parent.name)));
            }
            Attributes::of(&mut row).finish(&reader.events)?;
            let mut cells = Vec::new();
            reader.children(&row, |reader, mut cell| {
                if cell.name != "cell" {
                    return Err(reader.unexpected(&cell, "<row>"));
                }
                let mut attributes = Attributes::of(&mut cell);
                let mut span = |name: &str| {
                    attributes
                        .take(name)
                        .map_or(Ok(1), |value| reader.number(&cell, name, &value))
                };
                let (colspan, rowspan) = (span("colspan")?, span("rowspan")?);
                attributes.finish(&reader.events)?;
                let mut read = Cell::default().spanning(colspan, rowspan);
                read.blocks = reader.blocks(&cell)?;
                cells.push(read);
                Ok(())
            })?;
            rows.push(Row::new(cells));
            Ok(())
        })?;
        Ok(rows)
    }

    /// The whole number an attribute of `element` gives.
    fn number(&self, element: &Start, name: &str, value: &str) -> Result<u32, XmlError> {
        value.trim().parse().map_err(|_| {
            self.events.invalid(
                element.at,
                format!(
                    "<{}> {name} {value:?} is not a whole number from 0 to {}",
                    element.name,
                    u32::MAX
                ),
            )
        })
    }

    /// An element that must hold nothing.
    fn empty(&mut self, element: &Start) -> Result<(), XmlError> {
        self.text_only(element)
            .ok()
            .filter(|text| text.is_empty())
            .map(|_| ())
            .ok_or_else(|| {
                self.events
                    .invalid(element.at, format!("<{}> must be empty", element.name))
            })
    }

    /// The inline content of `parent`, up to its end tag.
    fn inlines(&mut self, parent: &Start) -> Result<Vec<Inline>, XmlError> {
        let mut content = Vec::new();
        let mut pending: Option<String> = None;
        loop {
            match self.events.next()? {
                Item::Text(text) => pending.get_or_insert_with(String::new).push_str(&text),
                Item::End => break,
                Item::Eof => return Err(self.unclosed(parent)),
                Item::Start(mut child) => {
                    if let Some(text) = pending.take() {
                        content.push(Inline::Text { text });
                    }
                    let mut attributes = Attributes::of(&mut child);
                    let inline = match child.name.as_str() {
                        "emphasis" => Inline::Emphasis {
                            content: self.inlines(&child)?,
                        },
                        "strong" => Inline::Strong {
                            content: self.inlines(&child)?,
                        },
                        "link" => Inline::Link {
                            // `unsafe-url` holds an address the editions keep as text
                            url: attributes
                                .either("url", "unsafe-url", &self.events)?
                                .map_or_else(|| attributes.required("url", &self.events), Ok)?,
                            content: self.inlines(&child)?,
                        },
                        "note-ref" => {
                            let note = attributes.required("note", &self.events)?;
                            if !self.in_endnotes
                                && let Some(places) = self.places.last_mut()
                            {
                                places.refs.push(child.at);
                            }
                            self.text_only(&child)
                                .ok()
                                .filter(|text| text.is_empty())
                                .ok_or_else(|| {
                                    self.events.invalid(child.at, "<note-ref> must be empty")
                                })?;
                            Inline::note_ref(note)
                        }
                        "text" => Inline::text(self.text_only(&child)?),
                        _ => return Err(self.unexpected(&child, "inline content")),
                    };
                    attributes.finish(&self.events)?;
                    content.push(inline);
                }
            }
        }
        if let Some(text) = pending {
            content.push(Inline::Text { text });
        }
        Ok(content)
    }

    /// The text of an element that holds only text.
    fn text_only(&mut self, parent: &Start) -> Result<String, XmlError> {
        let mut text = String::new();
        loop {
            match self.events.next()? {
                Item::Text(more) => text.push_str(&more),
                Item::End => return Ok(text),
                Item::Eof => return Err(self.unclosed(parent)),
                Item::Start(child) => {
                    return Err(self.events.invalid(
                        child.at,
                        format!("<{}> holds only text, not <{}>", parent.name, child.name),
                    ));
                }
            }
        }
    }

    /// Calls `f` on each child element of `parent` up to its end tag; only whitespace
    /// may stand between them.
    fn children(
        &mut self,
        parent: &Start,
        mut f: impl FnMut(&mut Self, Start) -> Result<(), XmlError>,
    ) -> Result<(), XmlError> {
        loop {
            match self.events.next()? {
                Item::Start(child) => f(self, child)?,
                Item::End => return Ok(()),
                Item::Eof => return Err(self.unclosed(parent)),
                Item::Text(text) if is_blank(&text) => {}
                Item::Text(text) => {
                    return Err(self.events.invalid(
                        parent.at,
                        format!(
                            "<{}> holds elements, not text such as {:?}",
                            parent.name,
                            excerpt(&text)
                        ),
                    ));
                }
            }
        }
    }

    fn unexpected(&self, start: &Start, context: &str) -> XmlError {
        self.events.invalid(
            start.at,
            format!("unexpected element <{}> in {context}", start.name),
        )
    }

    fn unclosed(&self, start: &Start) -> XmlError {
        self.events.invalid(
            start.at,
            format!("<{}> is not closed before the document ends", start.name),
        )
    }
}

/// The 1-based line and column (in characters) of each byte offset of `offsets`, in one
/// pass over `text` whatever their order (an offset inside a character is that
/// character).
pub(crate) fn line_columns(text: &str, offsets: &[usize]) -> Vec<(u32, u32)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut positions = vec![(1, 1); offsets.len()];
    let (mut line, mut column, mut counted) = (1usize, 1usize, 0usize);
    for i in order {
        let mut at = offsets[i].min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let run = &text[counted..at];
        match run.rfind('\n') {
            Some(last) => {
                line += run.bytes().filter(|&b| b == b'\n').count();
                column = run[last + 1..].chars().count() + 1;
            }
            None => column += run.chars().count(),
        }
        counted = at;
        positions[i] = (saturate(line), saturate(column));
    }
    positions
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

fn excerpt(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENT: &str = concat!(
        "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\">\n",
        "<meta><title>T</title><language>en</language></meta>\n",
        "<report id=\"r\"><title>R</title>\n",
        "<summary><paragraph>S<note-ref note=\"1\"/></paragraph></summary>\n",
        "<body><heading level=\"0\">H</heading>\n",
        "<paragraph>A<note-ref note=\"2\"/> <emphasis>B<note-ref note=\"1\"/></emphasis></paragraph></body>\n",
        "<endnotes><endnote id=\"1\" source-label=\"[1]\"><paragraph>N<note-ref note=\"2\"/></paragraph></endnote>\n",
        "  <endnote id=\"2\" source-label=\"[2]\"/></endnotes></report>\n",
        "</publication>\n"
    );

    #[test]
    fn places_are_the_tags_of_summary_and_body_references_and_of_endnotes() {
        let (publication, places) = read_publication(DOCUMENT, 200, Levels::Any).unwrap();
        assert_eq!(publication.reports[0].note_refs().len(), 3);
        let refs: Vec<(u32, u32)> = line_columns(DOCUMENT, &places[0].refs);
        assert_eq!(refs, [(4, 22), (6, 13), (6, 45)]);
        let notes: Vec<(u32, u32)> = line_columns(DOCUMENT, &places[0].notes);
        assert_eq!(notes, [(7, 11), (8, 3)]);
    }

    #[test]
    fn a_level_outside_the_schema_is_an_error_at_its_attribute_for_inputs() {
        let error = read_publication(DOCUMENT, 200, Levels::Schema).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid folio XML at line 5, column 16: heading level \"0\" is not a number from 1 to 6"
        );
    }

    #[test]
    fn offsets_in_any_order_give_their_lines_and_columns() {
        let text = "ab\nçd<e\n\nx";
        assert_eq!(
            line_columns(text, &[6, 0, 3, 99, 5, 9]),
            [(2, 3), (1, 1), (2, 1), (4, 2), (2, 2), (3, 1)]
        );
    }
}
