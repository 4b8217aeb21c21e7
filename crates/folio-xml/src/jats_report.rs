//! One report in JATS: its `<body>` (summary box, related reports, sections nested from
//! the headings) and its `<back>` with every note in an `<fn-group>`.

use folio_model::{Block, Cell, Figure, Inline, RefCursor, Report, ResolvedReport, Table};

use crate::XmlOptions;
use crate::html_table::{FootRows, TableWriter};
use crate::inlines::{InlineTags, InlineWriter};
use crate::markup::XmlWriter;
use crate::media::media_href;
use crate::sections::{SectionWriter, write_sections};

/// Where a block stands, which decides what JATS lets it be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// In a body, section or box: paragraphs, lists and quotes.
    Flow,
    /// In a `<disp-quote>`: the same, but no sections, so headings become paragraphs.
    Quote,
    /// In a `<list-item>`: paragraphs and lists only.
    ListItem,
    /// In an `<fn>`: paragraphs only.
    Note,
}

/// Writes one report's body and back matter.
pub(crate) struct ReportWriter<'a, 'w> {
    w: &'w mut XmlWriter,
    report: &'a Report,
    notes: &'a ResolvedReport,
    cursor: RefCursor<'a>,
    /// The next table's index in the report's reading order (`ResolvedReport::tables`).
    next_table: usize,
    /// The next figure's index in the report's reading order (`ResolvedReport::figures`).
    next_figure: usize,
    options: &'a XmlOptions,
}

impl<'a, 'w> ReportWriter<'a, 'w> {
    pub(crate) fn new(
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
            next_table: 0,
            next_figure: 0,
            options,
        }
    }

    pub(crate) fn write(mut self) {
        let report = self.report;
        self.w.open("body", &[]);
        if let Some(summary) = &report.summary {
            self.w.open("boxed-text", &[("content-type", "summary")]);
            if let Some(label) = &summary.label {
                self.w.open("caption", &[]);
                self.w.text_line("title", &[], label);
                self.w.close("caption");
            }
            write_sections(&summary.blocks, &mut self);
            self.w.close("boxed-text");
        }
        if !report.related.is_empty() {
            self.w.open(
                "list",
                &[("list-type", "simple"), ("list-content", "related-reports")],
            );
            for related in &report.related {
                self.w.open("list-item", &[]);
                self.w.line("p", &[]);
                self.related(related);
                self.w.end_line("p");
                self.w.close("list-item");
            }
            self.w.close("list");
        }
        write_sections(&report.body, &mut self);
        self.w.close("body");
        self.back();
    }

    /// Every endnote of the report, cited or not, numbered (a table's notes are at its
    /// foot).
    fn back(&mut self) {
        if self.notes.notes.iter().all(|info| info.is_table_note()) {
            return;
        }
        self.w.open("back", &[]);
        self.w.open("fn-group", &[]);
        for (note, info) in self.report.endnotes.iter().zip(&self.notes.notes) {
            if info.is_table_note() {
                continue;
            }
            self.w.open("fn", &[("id", &info.anchor)]);
            self.w.text_line("label", &[], &info.number.to_string());
            self.blocks(&note.blocks, Place::Note);
            self.w.close("fn");
        }
        self.w.close("fn-group");
        self.w.close("back");
    }

    /// Blocks in `place`; a `<p/>` when there are none where JATS needs one.
    fn blocks(&mut self, blocks: &[Block], place: Place) {
        if blocks.is_empty() && matches!(place, Place::ListItem | Place::Note) {
            self.w.empty_line("p", &[]);
        }
        for block in blocks {
            self.block(block, place);
        }
    }

    fn block(&mut self, block: &Block, place: Place) {
        let in_note = place == Place::Note;
        match block {
            Block::Heading { content, .. } => {
                self.w.line("p", &[("content-type", "heading")]);
                self.wrapped(Self::TAGS.strong, None, content, in_note);
                self.w.end_line("p");
            }
            Block::Paragraph { content } => {
                self.w.line("p", &[]);
                self.inlines(content, in_note);
                self.w.end_line("p");
            }
            Block::List { items, .. } if items.is_empty() => {
                if matches!(place, Place::ListItem | Place::Note) {
                    self.w.empty_line("p", &[]);
                }
            }
            Block::List { .. } | Block::Quote { .. }
                if in_note
                    || (place == Place::ListItem && matches!(block, Block::Quote { .. })) =>
            {
                // Where JATS allows only paragraphs: inside a <p> of its own, on one line.
                self.w.line("p", &[]);
                self.w.begin_inline();
                self.container(block, place);
                self.w.end_inline();
                self.w.end_line("p");
            }
            Block::Figure(figure) if place == Place::Flow => self.figure(figure, false),
            Block::Figure(figure) => {
                // Where JATS allows only paragraphs (or lists): inside a <p> of its own.
                self.w.line("p", &[]);
                self.w.begin_inline();
                self.figure(figure, in_note);
                self.w.end_inline();
                self.w.end_line("p");
            }
            Block::Table(table) if place == Place::Flow => self.table(table, false),
            Block::Table(table) => {
                // Where JATS allows only paragraphs (or lists): inside a <p> of its own.
                self.w.line("p", &[]);
                self.w.begin_inline();
                self.table(table, in_note);
                self.w.end_inline();
                self.w.end_line("p");
            }
            _ => self.container(block, place),
        }
    }

    /// `<table-wrap>` with its label (`Table N`, N counting the report's tables, with a
    /// caption or without), its caption as a title, the XHTML `<table>`, and the table's
    /// notes in `<table-wrap-foot>`, lettered.
    fn table(&mut self, table: &Table, in_note: bool) {
        let t = self.next_table;
        self.next_table += 1;
        let info = self.notes.tables.get(t);
        let attributes: Vec<(&str, &str)> = info
            .map(|info| ("id", info.anchor.as_str()))
            .into_iter()
            .collect();
        self.w.open("table-wrap", &attributes);
        self.w.text_line("label", &[], &format!("Table {}", t + 1));
        if !table.caption.is_empty() {
            self.w.open("caption", &[]);
            self.w.line("title", &[]);
            self.inlines(&table.caption, in_note);
            self.w.end_line("title");
            self.w.close("caption");
        }
        self.w.open("table", &[]);
        self.rows(table, &table.grid());
        self.w.close("table");
        let notes = info.map_or(&[][..], |info| info.notes.as_slice());
        if !notes.is_empty() {
            self.w.open("table-wrap-foot", &[]);
            for &n in notes {
                let (Some(note), Some(info)) =
                    (self.report.endnotes.get(n), self.notes.notes.get(n))
                else {
                    continue;
                };
                self.w.open("fn", &[("id", &info.anchor)]);
                self.w.text_line("label", &[], &info.mark());
                self.blocks(&note.blocks, Place::Note);
                self.w.close("fn");
            }
            self.w.close("table-wrap-foot");
        }
        self.w.close("table-wrap");
    }

    /// `<fig>` with its label (`Figure N`, N counting the report's figures, with a
    /// caption or without), its caption as a title, and a `<graphic>` naming the image
    /// file and holding the alt text (where readers such as pandoc take it for the
    /// image's; a decorative image has none).
    fn figure(&mut self, figure: &Figure, in_note: bool) {
        let f = self.next_figure;
        self.next_figure += 1;
        let attributes: Vec<(&str, &str)> = self
            .notes
            .figures
            .get(f)
            .map(|info| ("id", info.anchor.as_str()))
            .into_iter()
            .collect();
        self.w.open("fig", &attributes);
        self.w.text_line("label", &[], &format!("Figure {}", f + 1));
        if !figure.caption.is_empty() {
            self.w.open("caption", &[]);
            self.w.line("title", &[]);
            self.inlines(&figure.caption, in_note);
            self.w.end_line("title");
            self.w.close("caption");
        }
        let image = &figure.image;
        let href = media_href(image, self.options);
        let (mimetype, subtype) = image
            .media_type
            .as_str()
            .split_once('/')
            .unwrap_or(("image", ""));
        let attributes = [
            ("xlink:href", href.as_str()),
            ("mimetype", mimetype),
            ("mime-subtype", subtype),
        ];
        if figure.alt.trim().is_empty() {
            self.w.empty_line("graphic", &attributes);
        } else {
            self.w.open("graphic", &attributes);
            self.w.text_line("alt-text", &[], &figure.alt);
            self.w.close("graphic");
        }
        self.w.close("fig");
    }

    /// The text of a cell's blocks as runs of inlines parted by `<break/>`: each
    /// paragraph or heading, each list item's and quote's. A figure is a `<fig>` inside
    /// a `<p>` of its own, as pandoc's JATS writer sets one (a cell holds no `<fig>`).
    fn cell_runs(&mut self, blocks: &[Block], first: &mut bool) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content } => {
                    if !*first {
                        self.w.empty("break", &[]);
                    }
                    *first = false;
                    self.inlines(content, false);
                }
                Block::List { items, .. } => {
                    for item in items {
                        self.cell_runs(item, first);
                    }
                }
                Block::Quote { blocks } => self.cell_runs(blocks, first),
                Block::Figure(figure) => {
                    self.w.start_tag("p", &[]);
                    self.w.begin_inline();
                    self.figure(figure, false);
                    self.w.end_inline();
                    self.w.end_tag("p");
                    // a paragraph ends the line: the next run needs no break
                    *first = true;
                }
                // A table in a cell is an error of the input; its words are kept.
                Block::Table(table) => {
                    if !table.caption.is_empty() {
                        let caption = [Block::Paragraph {
                            content: table.caption.clone(),
                        }];
                        self.cell_runs(&caption, first);
                    }
                    for row in table.all_rows() {
                        for cell in &row.cells {
                            self.cell_runs(&cell.blocks, first);
                        }
                    }
                }
            }
        }
    }

    /// A list or quote; what it holds stays note content inside a note.
    fn container(&mut self, block: &Block, place: Place) {
        let in_note = place == Place::Note;
        match block {
            Block::List { start, items } => {
                let kind = if start.is_some() { "order" } else { "bullet" };
                self.w.open("list", &[("list-type", kind)]);
                let numbers = start.filter(|&n| n != 1);
                for (i, item) in items.iter().enumerate() {
                    self.w.open("list-item", &[]);
                    if let Some(first) = numbers {
                        let number = first.saturating_add(u64::try_from(i).unwrap_or(u64::MAX));
                        self.w.text_line("label", &[], &format!("{number}."));
                    }
                    self.blocks(
                        item,
                        if in_note {
                            Place::Note
                        } else {
                            Place::ListItem
                        },
                    );
                    self.w.close("list-item");
                }
                self.w.close("list");
            }
            Block::Quote { blocks } if blocks.is_empty() && !in_note => {
                self.w.empty_line("disp-quote", &[]);
            }
            Block::Quote { blocks } => {
                self.w.open("disp-quote", &[]);
                self.blocks(blocks, if in_note { Place::Note } else { Place::Quote });
                self.w.close("disp-quote");
            }
            _ => self.block(block, place),
        }
    }
}

impl InlineWriter for ReportWriter<'_, '_> {
    const TAGS: InlineTags = InlineTags {
        emphasis: ("italic", &[]),
        strong: ("bold", &[]),
        link: (("ext-link", &[("ext-link-type", "uri")]), "xlink:href"),
    };

    fn xml(&mut self) -> &mut XmlWriter {
        self.w
    }

    /// `<xref ref-type="fn" rid="n3" id="r3">3</xref>`: the note's number, linked to it;
    /// `<xref ref-type="table-fn" rid="t1-a" id="t1-ra">a</xref>` for a table's note.
    fn note_ref(&mut self, id: &str) {
        let Some((_, site)) = self.cursor.next_site() else {
            self.w.text(&format!("[{id}]"));
            return;
        };
        let Some(info) = site.note.and_then(|n| self.notes.notes.get(n)) else {
            self.w.text(&format!("[{id}]"));
            return;
        };
        let kind = if info.is_table_note() {
            "table-fn"
        } else {
            "fn"
        };
        let attributes = [
            ("ref-type", kind),
            ("rid", info.anchor.as_str()),
            ("id", site.anchor.as_str()),
        ];
        self.w.start_tag("xref", &attributes);
        self.w.text(&info.mark());
        self.w.end_tag("xref");
    }
}

impl<'a> TableWriter<'a> for ReportWriter<'a, '_> {
    const FOOT_ROWS: FootRows = FootRows::BeforeBody;

    fn ref_cursor(&mut self) -> &mut RefCursor<'a> {
        &mut self.cursor
    }

    fn figure_counter(&mut self) -> &mut usize {
        &mut self.next_figure
    }

    fn cell(&mut self, name: &str, attributes: &[(&str, &str)], cell: &Cell) {
        if cell.blocks.is_empty() {
            self.w.empty_line(name, attributes);
            return;
        }
        self.w.line(name, attributes);
        self.cell_runs(&cell.blocks, &mut true);
        self.w.end_line(name);
    }
}

impl SectionWriter for ReportWriter<'_, '_> {
    fn open_section(&mut self, _level: u8, title: &[Inline]) {
        self.w.open("sec", &[]);
        self.w.line("title", &[]);
        self.inlines(title, false);
        self.w.end_line("title");
    }

    fn close_section(&mut self, _empty: bool) {
        self.w.close("sec");
    }

    fn block(&mut self, block: &Block) {
        ReportWriter::block(self, block, Place::Flow);
    }
}
