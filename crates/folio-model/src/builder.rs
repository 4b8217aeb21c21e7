//! Builders for programs that make a publication in code.
//!
//! ```
//! use folio_model::{PublicationBuilder, ReportBuilder};
//!
//! let report = ReportBuilder::new("North Korea")
//!     .summary("Key developments since May 2000", |p| {
//!         p.text("The leaders discussed the landmine issue.")
//!     })
//!     .heading("Mine Ban Policy")
//!     .paragraph(|p| {
//!         p.text("The DPRK has not acceded to the treaty.")
//!             .note(|n| n.text("Statement of the DPRK Mission to the UN, 1998."))
//!     })
//!     .build();
//! let publication = PublicationBuilder::new("Landmine Monitor Report 2001")
//!     .author("International Campaign to Ban Landmines")
//!     .report(report)
//!     .build();
//! assert_eq!(publication.reports[0].endnotes.len(), 1);
//! ```
//!
//! Tables are built row by row; a note made in a cell or the caption is numbered like
//! any other (and, cited only there, set at the table's foot by `resolve()`):
//!
//! ```
//! use folio_model::{Align, ReportBuilder};
//!
//! let report = ReportBuilder::new("North Korea")
//!     .table(|t| {
//!         t.caption(|c| c.text("Mine casualties by province").note(|n| n.text("ICRC data.")))
//!             .column(Align::Left)
//!             .column(Align::Right)
//!             .header(|r| r.text("Province").text("Casualties"))
//!             .row(|r| r.text("Kangwon").cell(|c| c.text("12").note(|n| n.text("Estimate."))))
//!             .row(|r| r.text("Hwanghae").text("7"))
//!     })
//!     .build();
//! assert_eq!(report.endnotes.len(), 2);
//! ```

use std::collections::HashSet;

use crate::figure::{Figure, Image};
use crate::publication::{Block, Endnote, Inline, Meta, NoteId, Publication, Report, Summary};
use crate::slug::{report_id, unique_id};
use crate::table::{Align, Cell, ColumnSpec, Row, Table};

/// Builds a [`Publication`].
#[derive(Debug, Default)]
#[must_use]
pub struct PublicationBuilder {
    meta: Meta,
    reports: Vec<Report>,
}

impl PublicationBuilder {
    /// A publication with this title, in English until [`language`](Self::language) says
    /// otherwise.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            meta: Meta::titled(title),
            reports: Vec::new(),
        }
    }

    /// Sets the subtitle.
    pub fn subtitle(mut self, subtitle: impl Into<String>) -> Self {
        self.meta.subtitle = Some(subtitle.into());
        self
    }

    /// Adds an author.
    pub fn author(mut self, author: impl Into<String>) -> Self {
        self.meta.authors.push(author.into());
        self
    }

    /// Adds an editor.
    pub fn editor(mut self, editor: impl Into<String>) -> Self {
        self.meta.editors.push(editor.into());
        self
    }

    /// Sets the publisher.
    pub fn publisher(mut self, publisher: impl Into<String>) -> Self {
        self.meta.publisher = Some(publisher.into());
        self
    }

    /// Sets the date of publication (`YYYY-MM-DD`).
    pub fn date(mut self, date: impl Into<String>) -> Self {
        self.meta.date = Some(date.into());
        self
    }

    /// Sets the language (a BCP 47 tag).
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.meta.language = language.into();
        self
    }

    /// Sets the identifier.
    pub fn identifier(mut self, identifier: impl Into<String>) -> Self {
        self.meta.identifier = Some(identifier.into());
        self
    }

    /// Adds a report. Its id is made unique in the publication.
    pub fn report(mut self, report: Report) -> Self {
        self.reports.push(report);
        self
    }

    /// The publication, with unique report ids.
    pub fn build(self) -> Publication {
        let mut taken = HashSet::new();
        let reports = self
            .reports
            .into_iter()
            .map(|mut report| {
                report.id = unique_id(std::mem::take(&mut report.id), &mut taken);
                report
            })
            .collect();
        Publication::new(self.meta, reports)
    }
}

/// Builds a [`Report`]; notes made with [`InlineBuilder::note`] are numbered in the order
/// they are made.
#[derive(Debug)]
#[must_use]
pub struct ReportBuilder {
    report: Report,
}

impl ReportBuilder {
    /// A report with this title and an id made from it.
    pub fn new(title: impl Into<String>) -> Self {
        let title = title.into();
        Self {
            report: Report::new(report_id(&title), title),
        }
    }

    /// Sets the report's id.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.report.id = id.into();
        self
    }

    /// Sets the summary: a label and one paragraph.
    pub fn summary(
        mut self,
        label: impl Into<String>,
        f: impl FnOnce(InlineBuilder) -> InlineBuilder,
    ) -> Self {
        let content = self.inlines(f);
        self.report.summary = Some(Summary {
            label: Some(label.into()).filter(|l: &String| !l.is_empty()),
            blocks: vec![Block::Paragraph { content }],
        });
        self
    }

    /// Sets the report's language (a BCP 47 tag), when it differs from the
    /// publication's.
    pub fn language(mut self, tag: impl Into<String>) -> Self {
        self.report.language = Some(tag.into());
        self
    }

    /// Adds a level-1 heading of plain text.
    pub fn heading(self, text: impl Into<String>) -> Self {
        self.heading_at(1, text)
    }

    /// Adds a heading of plain text at this level (1 to 6).
    pub fn heading_at(mut self, level: u8, text: impl Into<String>) -> Self {
        self.report
            .body
            .push(Block::heading(level, vec![Inline::text(text)]));
        self
    }

    /// Adds a paragraph.
    pub fn paragraph(mut self, f: impl FnOnce(InlineBuilder) -> InlineBuilder) -> Self {
        let content = self.inlines(f);
        self.report.body.push(Block::Paragraph { content });
        self
    }

    /// Adds a table. Without [`TableBuilder::column`], the table has as many columns
    /// as its widest row has cells, aligned by default.
    pub fn table(mut self, f: impl FnOnce(TableBuilder) -> TableBuilder) -> Self {
        let built = f(TableBuilder {
            table: Table::default(),
            notes: std::mem::take(&mut self.report.endnotes),
        });
        self.report.endnotes = built.notes;
        let mut table = built.table;
        if table.columns.is_empty() {
            let widest = table
                .all_rows()
                .map(|row| row.cells.iter().map(|c| c.colspan.max(1) as usize).sum())
                .max()
                .unwrap_or(0);
            table.columns = vec![ColumnSpec::default(); widest];
        }
        self.report.body.push(Block::table(table));
        self
    }

    /// Adds a figure of `image` with its caption (which may cite notes, made here as
    /// [`InlineBuilder::note`] makes them) and alt text (what the image shows; empty for
    /// a decorative image).
    pub fn figure(
        mut self,
        image: Image,
        caption: impl FnOnce(InlineBuilder) -> InlineBuilder,
        alt: impl Into<String>,
    ) -> Self {
        let caption = self.inlines(caption);
        self.report
            .body
            .push(Block::figure(Figure::new(image, caption, alt)));
        self
    }

    /// Adds any block.
    pub fn block(mut self, block: Block) -> Self {
        self.report.body.push(block);
        self
    }

    /// Adds a note with an explicit id, for references made with
    /// [`InlineBuilder::note_ref`].
    pub fn endnote(mut self, id: impl Into<NoteId>, blocks: Vec<Block>) -> Self {
        self.report.endnotes.push(Endnote::new(id, blocks));
        self
    }

    /// The report.
    pub fn build(self) -> Report {
        self.report
    }

    fn inlines(&mut self, f: impl FnOnce(InlineBuilder) -> InlineBuilder) -> Vec<Inline> {
        let built = f(InlineBuilder {
            content: Vec::new(),
            notes: std::mem::take(&mut self.report.endnotes),
        });
        self.report.endnotes = built.notes;
        built.content
    }
}

/// Builds the inline content of a paragraph, and the notes it cites.
#[derive(Debug)]
#[must_use]
pub struct InlineBuilder {
    content: Vec<Inline>,
    notes: Vec<Endnote>,
}

impl InlineBuilder {
    /// Adds plain text.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.content.push(Inline::text(text));
        self
    }

    /// Adds emphasised text.
    pub fn emphasis(self, f: impl FnOnce(InlineBuilder) -> InlineBuilder) -> Self {
        self.nested(f, |content| Inline::Emphasis { content })
    }

    /// Adds strong text.
    pub fn strong(self, f: impl FnOnce(InlineBuilder) -> InlineBuilder) -> Self {
        self.nested(f, |content| Inline::Strong { content })
    }

    /// Adds a link.
    pub fn link(
        self,
        url: impl Into<String>,
        f: impl FnOnce(InlineBuilder) -> InlineBuilder,
    ) -> Self {
        let url = url.into();
        self.nested(f, move |content| Inline::Link { url, content })
    }

    /// Adds a note here: a reference, and a one-paragraph note at the end of the report's
    /// note list, numbered after the notes before it.
    pub fn note(mut self, f: impl FnOnce(InlineBuilder) -> InlineBuilder) -> Self {
        let id = NoteId((self.notes.len() + 1).to_string());
        let built = f(InlineBuilder {
            content: Vec::new(),
            notes: Vec::new(),
        });
        self.notes.push(Endnote::new(
            id.clone(),
            vec![Block::Paragraph {
                content: built.content,
            }],
        ));
        self.content.push(Inline::NoteRef { note: id });
        self
    }

    /// Adds a reference to a note added with [`ReportBuilder::endnote`] (or cited again).
    pub fn note_ref(mut self, id: impl Into<NoteId>) -> Self {
        self.content.push(Inline::note_ref(id));
        self
    }

    fn nested(
        mut self,
        f: impl FnOnce(InlineBuilder) -> InlineBuilder,
        wrap: impl FnOnce(Vec<Inline>) -> Inline,
    ) -> Self {
        let built = f(InlineBuilder {
            content: Vec::new(),
            notes: std::mem::take(&mut self.notes),
        });
        self.notes = built.notes;
        self.content.push(wrap(built.content));
        self
    }
}

/// Builds a [`Table`] for [`ReportBuilder::table`].
#[derive(Debug)]
#[must_use]
pub struct TableBuilder {
    table: Table,
    notes: Vec<Endnote>,
}

impl TableBuilder {
    /// Sets the caption.
    pub fn caption(mut self, f: impl FnOnce(InlineBuilder) -> InlineBuilder) -> Self {
        let built = f(InlineBuilder {
            content: Vec::new(),
            notes: std::mem::take(&mut self.notes),
        });
        self.notes = built.notes;
        self.table.caption = built.content;
        self
    }

    /// Sets the table's label, its id in the editions.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.table.label = Some(label.into());
        self
    }

    /// Adds a column aligned this way, sized from its content.
    pub fn column(mut self, align: Align) -> Self {
        self.table.columns.push(ColumnSpec::aligned(align));
        self
    }

    /// Adds a column aligned this way, with this share of the table's width.
    pub fn column_with_width(mut self, align: Align, width: u32) -> Self {
        self.table
            .columns
            .push(ColumnSpec::with_width(align, width));
        self
    }

    /// Adds a header row.
    pub fn header(mut self, f: impl FnOnce(RowBuilder) -> RowBuilder) -> Self {
        let row = self.build_row(f);
        self.table.head.push(row);
        self
    }

    /// Adds a body row.
    pub fn row(mut self, f: impl FnOnce(RowBuilder) -> RowBuilder) -> Self {
        let row = self.build_row(f);
        self.table.body.push(row);
        self
    }

    /// Adds a footer row.
    pub fn footer(mut self, f: impl FnOnce(RowBuilder) -> RowBuilder) -> Self {
        let row = self.build_row(f);
        self.table.foot.push(row);
        self
    }

    fn build_row(&mut self, f: impl FnOnce(RowBuilder) -> RowBuilder) -> Row {
        let built = f(RowBuilder {
            cells: Vec::new(),
            notes: std::mem::take(&mut self.notes),
        });
        self.notes = built.notes;
        Row::new(built.cells)
    }
}

/// Builds a table's row for [`TableBuilder`].
#[derive(Debug)]
#[must_use]
pub struct RowBuilder {
    cells: Vec<Cell>,
    notes: Vec<Endnote>,
}

impl RowBuilder {
    /// Adds a cell of plain text.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.cells.push(Cell::text(text));
        self
    }

    /// Adds a cell of inline content.
    pub fn cell(self, f: impl FnOnce(InlineBuilder) -> InlineBuilder) -> Self {
        self.cell_spanning(1, 1, f)
    }

    /// Adds a cell of inline content spanning `colspan` columns and `rowspan` rows.
    pub fn cell_spanning(
        mut self,
        colspan: u32,
        rowspan: u32,
        f: impl FnOnce(InlineBuilder) -> InlineBuilder,
    ) -> Self {
        let built = f(InlineBuilder {
            content: Vec::new(),
            notes: std::mem::take(&mut self.notes),
        });
        self.notes = built.notes;
        self.cells
            .push(Cell::inlines(built.content).spanning(colspan, rowspan));
        self
    }
}
