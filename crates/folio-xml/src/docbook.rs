//! DocBook 5.0: a `<book>` of chapters, or an `<article>` for a single report.

use folio_model::{
    Block, Cell, Figure, Inline, MediaType, Meta, RefCursor, Report, Resolved, ResolvedReport,
    Table,
};

use crate::XmlOptions;
use crate::folio::estimated_size;
use crate::html_table::{FootRows, TableWriter};
use crate::inlines::{InlineTags, InlineWriter};
use crate::markup::XmlWriter;
use crate::media::media_href;
use crate::metadata::{DateParts, IdentifierKind, report_ids, uncited_notes};
use crate::sections::{SectionWriter, write_sections};

const DOCBOOK: &str = "http://docbook.org/ns/docbook";
const XLINK: &str = "http://www.w3.org/1999/xlink";

/// The title of the section that holds a report's notes no reference cites.
pub(crate) const UNCITED_TITLE: &str = "Notes not cited in the text";

pub(crate) fn write_docbook(resolved: &Resolved<'_>, options: &XmlOptions) -> Vec<u8> {
    let publication = resolved.publication;
    let meta = &publication.meta;
    let ids = report_ids(resolved);
    let mut w = XmlWriter::new(estimated_size(publication));
    // an article is its one report, in the report's language
    let language = match &publication.reports[..] {
        [report] => publication.language_of(report),
        _ => meta.language.as_str(),
    };
    let mut root = vec![
        ("xmlns", DOCBOOK),
        ("xmlns:xlink", XLINK),
        ("version", "5.0"),
        ("xml:lang", language),
    ];
    let reports = publication.reports.iter().zip(&resolved.reports).zip(&ids);
    if let ([report], [notes], [id]) = (&publication.reports[..], &resolved.reports[..], &ids[..]) {
        root.extend(id.map(|id| ("xml:id", id)));
        w.open("article", &root);
        write_info(&mut w, resolved, Some(&report.title));
        ReportWriter::new(&mut w, report, notes, options).write();
        w.close("article");
    } else {
        w.open("book", &root);
        write_info(&mut w, resolved, None);
        for ((report, notes), id) in reports {
            let mut attributes: Vec<(&str, &str)> = id.iter().map(|id| ("xml:id", *id)).collect();
            // a report in a language of its own says so
            attributes.extend(report.language.as_deref().map(|tag| ("xml:lang", tag)));
            w.open("chapter", &attributes);
            w.text_line("title", &[], &report.title);
            ReportWriter::new(&mut w, report, notes, options).write();
            w.close("chapter");
        }
        w.close("book");
    }
    w.finish()
}

/// The `<info>` of the book, or of the article whose report is titled `article_title`.
fn write_info(w: &mut XmlWriter, resolved: &Resolved<'_>, article_title: Option<&str>) {
    let meta = &resolved.publication.meta;
    w.open("info", &[]);
    match article_title {
        Some(title) if title != meta.title => {
            w.text_line("title", &[], title);
            w.open("biblioset", &[("relation", "publication")]);
            write_titles(w, meta);
            w.close("biblioset");
        }
        _ => write_titles(w, meta),
    }
    for (element, names) in [("author", &meta.authors), ("editor", &meta.editors)] {
        for name in names {
            w.open(element, &[]);
            w.text_line("personname", &[], name);
            w.close(element);
        }
    }
    if let Some(publisher) = &meta.publisher {
        w.open("publisher", &[]);
        w.text_line("publishername", &[], publisher);
        w.close("publisher");
    }
    if let Some(date) = &meta.date {
        let date = DateParts::parse(date).map_or_else(|| date.clone(), |parts| parts.iso());
        w.text_line("pubdate", &[], &date);
    }
    if let Some(id) = &meta.identifier {
        let class = match IdentifierKind::of(id) {
            IdentifierKind::Doi => [("class", "doi")].as_slice(),
            IdentifierKind::Isbn => &[("class", "isbn")],
            IdentifierKind::Uri => &[("class", "uri")],
            IdentifierKind::Other => &[("class", "other"), ("otherclass", "identifier")],
        };
        w.text_line("biblioid", class, id);
    }
    for (element, text) in [
        ("legalnotice", &meta.rights),
        ("abstract", &meta.description),
    ] {
        if let Some(text) = text {
            w.open(element, &[]);
            w.text_line("para", &[], text);
            w.close(element);
        }
    }
    if !meta.subjects.is_empty() {
        w.open("keywordset", &[]);
        for subject in &meta.subjects {
            w.text_line("keyword", &[], subject);
        }
        w.close("keywordset");
    }
    w.close("info");
}

fn write_titles(w: &mut XmlWriter, meta: &Meta) {
    w.text_line("title", &[], &meta.title);
    if let Some(subtitle) = &meta.subtitle {
        w.text_line("subtitle", &[], subtitle);
    }
}

/// Writes one report's content into its chapter or article.
struct ReportWriter<'a, 'w> {
    w: &'w mut XmlWriter,
    report: &'a Report,
    notes: &'a ResolvedReport,
    cursor: RefCursor<'a>,
    /// Whether anything was written (a chapter may not be empty).
    wrote: bool,
    /// The next table's index in the report's reading order (`ResolvedReport::tables`).
    next_table: usize,
    /// The next figure's index in the report's reading order (`ResolvedReport::figures`).
    next_figure: usize,
    /// How many `<table>`s (with a caption) hold what is being written.
    in_formal_table: usize,
    options: &'a XmlOptions,
}

impl<'a, 'w> ReportWriter<'a, 'w> {
    fn new(
        w: &'w mut XmlWriter,
        report: &'a Report,
        notes: &'a ResolvedReport,
        options: &'a XmlOptions,
    ) -> Self {
        Self {
            w,
            report,
            notes,
            cursor: notes.cursor(),
            wrote: false,
            next_table: 0,
            next_figure: 0,
            in_formal_table: 0,
            options,
        }
    }

    fn write(mut self) {
        if let Some(summary) = &self.report.summary {
            self.w.open("sidebar", &[("role", "summary")]);
            if let Some(label) = &summary.label {
                self.w.text_line("title", &[], label);
            }
            self.blocks(&summary.blocks, false);
            self.w.close("sidebar");
            self.wrote = true;
        }
        if !self.report.related.is_empty() {
            self.w.open("itemizedlist", &[("role", "related")]);
            for related in &self.report.related {
                self.w.open("listitem", &[]);
                self.w.line("para", &[]);
                self.related(related);
                self.w.end_line("para");
                self.w.close("listitem");
            }
            self.w.close("itemizedlist");
            self.wrote = true;
        }
        write_sections(&self.report.body, &mut self);
        self.uncited_notes();
        if !self.wrote {
            self.w.empty_line("para", &[]);
        }
    }

    /// The notes no reference cites, in a last section, each under its number.
    fn uncited_notes(&mut self) {
        let uncited = uncited_notes(self.notes);
        if uncited.is_empty() {
            return;
        }
        self.w.open("section", &[("role", "uncited-notes")]);
        self.w.text_line("title", &[], UNCITED_TITLE);
        self.w.open("variablelist", &[]);
        for n in uncited {
            let (Some(note), Some(info)) = (self.report.endnotes.get(n), self.notes.notes.get(n))
            else {
                continue;
            };
            self.w.open("varlistentry", &[("xml:id", &info.anchor)]);
            self.w.text_line("term", &[], &info.number.to_string());
            self.w.open("listitem", &[]);
            self.blocks(&note.blocks, true);
            self.w.close("listitem");
            self.w.close("varlistentry");
        }
        self.w.close("variablelist");
        self.w.close("section");
        self.wrote = true;
    }

    /// Blocks inside a sidebar, list item, quote or note, where headings become
    /// bridgeheads; a `<para/>` when there are none, since those elements need a block.
    fn blocks(&mut self, blocks: &[Block], in_note: bool) {
        if blocks.is_empty() {
            self.w.empty_line("para", &[]);
        }
        for block in blocks {
            self.block(block, in_note);
        }
    }

    fn block(&mut self, block: &Block, in_note: bool) {
        match block {
            Block::Heading { level, content } => {
                let renderas = format!("sect{level}");
                let attributes: &[(&str, &str)] = if (1..=5).contains(level) {
                    &[("renderas", &renderas)]
                } else {
                    &[]
                };
                self.inline_line("bridgehead", attributes, content, in_note);
            }
            Block::Paragraph { content } => self.inline_line("para", &[], content, in_note),
            Block::List { items, .. } if items.is_empty() => self.w.empty_line("para", &[]),
            Block::List { start, items } => {
                let number = start.filter(|&n| n != 1).map(|n| n.to_string());
                let (name, attributes): (&str, Vec<(&str, &str)>) = match start {
                    None => ("itemizedlist", Vec::new()),
                    Some(_) => (
                        "orderedlist",
                        number
                            .iter()
                            .map(|n| ("startingnumber", n.as_str()))
                            .collect(),
                    ),
                };
                self.w.open(name, &attributes);
                for item in items {
                    self.w.open("listitem", &[]);
                    self.blocks(item, in_note);
                    self.w.close("listitem");
                }
                self.w.close(name);
            }
            Block::Quote { blocks } => {
                self.w.open("blockquote", &[]);
                self.blocks(blocks, in_note);
                self.w.close("blockquote");
            }
            Block::Table(table) => self.table(table, in_note),
            Block::Figure(figure) => self.figure(figure, in_note),
        }
    }

    /// A `<figure>` titled by its caption and numbered as the report's figure N
    /// (`label="N"`), or an `<informalfigure>` when it has no caption. DocBook forbids a
    /// figure inside a table or a footnote: there, a captioned figure is an
    /// `<informalfigure>` with its number and its caption in a `<caption>`.
    fn figure(&mut self, figure: &Figure, in_note: bool) {
        let f = self.next_figure;
        self.next_figure += 1;
        let anchor = self.notes.figures.get(f).map(|info| info.anchor.as_str());
        let number = (f + 1).to_string();
        let captioned = !figure.caption.is_empty();
        let formal = captioned && !in_note && self.in_formal_table == 0;
        let name = if formal { "figure" } else { "informalfigure" };
        let mut attributes = Vec::with_capacity(2);
        attributes.extend(anchor.map(|id| ("xml:id", id)));
        if captioned {
            attributes.push(("label", number.as_str()));
        }
        self.w.open(name, &attributes);
        if formal {
            self.inline_line("title", &[], &figure.caption, in_note);
        }
        self.w.open("mediaobject", &[]);
        self.w.open("imageobject", &[]);
        let href = media_href(&figure.image, self.options);
        let format = image_format(figure.image.media_type);
        self.w
            .empty_line("imagedata", &[("fileref", &href), ("format", format)]);
        self.w.close("imageobject");
        // no text for a decorative image
        if !figure.alt.trim().is_empty() {
            self.w.open("textobject", &[]);
            self.w.text_line("phrase", &[], &figure.alt);
            self.w.close("textobject");
        }
        self.w.close("mediaobject");
        if captioned && !formal {
            self.w.open("caption", &[]);
            self.inline_line("para", &[], &figure.caption, in_note);
            self.w.close("caption");
        }
        self.w.close(name);
    }

    /// A `<table>` in the HTML model with its caption, numbered as the report's table
    /// N (`label="N"`), or an `<informaltable>` when it has no caption (DocBook gives
    /// those no label). The table's notes are footnotes at their first reference in it,
    /// lettered (`label="a"`), and footnoterefs at the others.
    fn table(&mut self, table: &Table, in_note: bool) {
        let t = self.next_table;
        self.next_table += 1;
        let anchor = self.notes.tables.get(t).map(|info| info.anchor.as_str());
        let number = (t + 1).to_string();
        let captioned = !table.caption.is_empty();
        let name = if captioned { "table" } else { "informaltable" };
        let mut attributes = Vec::with_capacity(2);
        attributes.extend(anchor.map(|id| ("xml:id", id)));
        if captioned {
            attributes.push(("label", number.as_str()));
        }
        self.w.open(name, &attributes);
        if captioned {
            self.inline_line("caption", &[], &table.caption, in_note);
        }
        self.in_formal_table += usize::from(captioned);
        self.rows(table, &table.grid());
        self.in_formal_table -= usize::from(captioned);
        self.w.close(name);
    }

    fn inline_line(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        content: &[Inline],
        in_note: bool,
    ) {
        self.w.line(name, attributes);
        self.inlines(content, in_note);
        self.w.end_line(name);
    }
}

/// DocBook's name for an image's format (the `format` attribute of `<imagedata>`).
fn image_format(media_type: MediaType) -> &'static str {
    match media_type {
        MediaType::Png => "PNG",
        MediaType::Jpeg => "JPEG",
        MediaType::Gif => "GIF",
        MediaType::Svg => "SVG",
        // a type folio does not read yet: its usual extension
        _ => media_type.extension(),
    }
}

impl InlineWriter for ReportWriter<'_, '_> {
    const TAGS: InlineTags = InlineTags {
        emphasis: ("emphasis", &[]),
        strong: ("emphasis", &[("role", "strong")]),
        link: (("link", &[]), "xlink:href"),
    };

    fn xml(&mut self) -> &mut XmlWriter {
        self.w
    }

    /// A footnote at a note's first reference, a footnoteref at the others.
    fn note_ref(&mut self, id: &str) {
        let cited = self
            .cursor
            .next_site()
            .and_then(|(_, site)| Some((site.note?, site.nth)));
        let Some((n, nth)) = cited else {
            self.w.text(&format!("[{id}]"));
            return;
        };
        let (Some(note), Some(info)) = (self.report.endnotes.get(n), self.notes.notes.get(n))
        else {
            return;
        };
        if nth > 0 {
            self.w.empty("footnoteref", &[("linkend", &info.anchor)]);
            return;
        }
        let mark = info.mark();
        let attributes = [("xml:id", info.anchor.as_str()), ("label", mark.as_str())];
        // An endnote is numbered by the stylesheets, a table note carries its letter.
        let attributes = if info.is_table_note() {
            &attributes[..]
        } else {
            &attributes[..1]
        };
        self.w.start_tag("footnote", attributes);
        self.w.begin_inline();
        self.blocks(&note.blocks, true);
        self.w.end_inline();
        self.w.end_tag("footnote");
    }
}

impl<'a> TableWriter<'a> for ReportWriter<'a, '_> {
    /// pandoc's DocBook reader leaves `<tfoot>` out.
    const FOOT_ROWS: FootRows = FootRows::EndOfBody;

    fn ref_cursor(&mut self) -> &mut RefCursor<'a> {
        &mut self.cursor
    }

    fn figure_counter(&mut self) -> &mut usize {
        &mut self.next_figure
    }

    /// A cell of one paragraph holds its text, a cell of other blocks holds them.
    fn cell(&mut self, name: &str, attributes: &[(&str, &str)], cell: &Cell) {
        match cell.blocks.as_slice() {
            [] => self.w.empty_line(name, attributes),
            [Block::Paragraph { content }] => self.inline_line(name, attributes, content, false),
            blocks => {
                self.w.open(name, attributes);
                for block in blocks {
                    self.block(block, false);
                }
                self.w.close(name);
            }
        }
    }
}

impl SectionWriter for ReportWriter<'_, '_> {
    fn open_section(&mut self, _level: u8, title: &[Inline]) {
        self.w.open("section", &[]);
        self.inline_line("title", &[], title, false);
        self.wrote = true;
    }

    fn close_section(&mut self, empty: bool) {
        if empty {
            self.w.empty_line("para", &[]);
        }
        self.w.close("section");
    }

    fn block(&mut self, block: &Block) {
        self.wrote = true;
        ReportWriter::block(self, block, false);
    }
}
