//! Reading folio XML back into the model: the inverse of `folio.rs`, element for field.

use folio_model::{Block, Endnote, Inline, Meta, NoteId, Publication, Related, Report, Summary};

use crate::XmlError;
use crate::events::{Attributes, Events, Item, Start};
use crate::folio::VERSION;

/// Reads a folio XML document.
pub(crate) fn read_publication(source: &str, max_depth: usize) -> Result<Publication, XmlError> {
    let mut reader = ModelReader {
        events: Events::new(source, max_depth),
    };
    let root = reader.root()?;
    let publication = reader.publication(root)?;
    reader.epilogue()?;
    Ok(publication)
}

struct ModelReader<'i> {
    events: Events<'i>,
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
        attributes.finish(&self.events)?;
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
                    report.endnotes = reader.endnotes(&child)?;
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
                let level = attributes.required("level", &self.events)?;
                let level = level.trim().parse().map_err(|_| {
                    self.events.invalid(
                        start.at,
                        format!("heading level {level:?} is not a number from 0 to 255"),
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
            _ => return Err(self.unexpected(&start, "a block")),
        };
        Ok(block)
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
