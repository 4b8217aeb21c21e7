//! One report in JATS: its `<body>` (summary box, related reports, sections nested from
//! the headings) and its `<back>` with every note in an `<fn-group>`.

use folio_model::{Block, Inline, RefCursor, Report, ResolvedReport};

use crate::inlines::{InlineTags, InlineWriter};
use crate::markup::XmlWriter;
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
}

impl<'a, 'w> ReportWriter<'a, 'w> {
    pub(crate) fn new(w: &'w mut XmlWriter, report: &'a Report, notes: &'a ResolvedReport) -> Self {
        Self {
            w,
            report,
            notes,
            cursor: notes.cursor(),
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

    /// Every note of the report, cited or not, numbered.
    fn back(&mut self) {
        if self.report.endnotes.is_empty() {
            return;
        }
        self.w.open("back", &[]);
        self.w.open("fn-group", &[]);
        for (note, info) in self.report.endnotes.iter().zip(&self.notes.notes) {
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
            _ => self.container(block, place),
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
            // INTERIM (tables branch): the caption and the cells as plain blocks
            Block::Table(table) => {
                if !table.caption.is_empty() {
                    self.w.line("p", &[]);
                    self.inlines(&table.caption, in_note);
                    self.w.end_line("p");
                }
                for row in table.all_rows() {
                    for cell in &row.cells {
                        self.blocks(&cell.blocks, place);
                    }
                }
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

    /// `<xref ref-type="fn" rid="n3" id="r3">3</xref>`: the note's number, linked to it.
    fn note_ref(&mut self, id: &str) {
        let Some((_, site)) = self.cursor.next_site() else {
            self.w.text(&format!("[{id}]"));
            return;
        };
        let Some(info) = site.note.and_then(|n| self.notes.notes.get(n)) else {
            self.w.text(&format!("[{id}]"));
            return;
        };
        let attributes = [
            ("ref-type", "fn"),
            ("rid", info.anchor.as_str()),
            ("id", site.anchor.as_str()),
        ];
        self.w.start_tag("xref", &attributes);
        self.w.text(&info.number.to_string());
        self.w.end_tag("xref");
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
