//! The publication model: what every reader produces and every edition reads.

use serde::{Deserialize, Serialize};

use crate::figure::Figure;
use crate::table::Table;

/// A whole publication: its metadata and its reports, in reading order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Publication {
    /// Title, creators, dates and the other facts about the publication.
    pub meta: Meta,
    /// The reports, in the order they are read.
    pub reports: Vec<Report>,
}

impl Publication {
    /// A publication with the given metadata and reports.
    pub fn new(meta: Meta, reports: Vec<Report>) -> Self {
        Self { meta, reports }
    }

    /// The language `report` is written in: its own, or else the publication's.
    pub fn language_of<'a>(&'a self, report: &'a Report) -> &'a str {
        report.language.as_deref().unwrap_or(&self.meta.language)
    }
}

/// Facts about a publication, as they appear on a title page and in catalogues.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Meta {
    /// The main title.
    pub title: String,
    /// A subtitle, shown under the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Authors, in the order they are credited.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Editors, in the order they are credited.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editors: Vec<String>,
    /// The publisher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The date of publication, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The main language, a BCP 47 tag such as `en`.
    pub language: String,
    /// A unique identifier (URN, ISBN, DOI, URL). When absent, editions derive one from
    /// the content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// A rights statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
    /// A short description of the publication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Subjects or keywords.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
}

impl Default for Meta {
    fn default() -> Self {
        Self {
            title: String::new(),
            subtitle: None,
            authors: Vec::new(),
            editors: Vec::new(),
            publisher: None,
            date: None,
            language: "en".to_owned(),
            identifier: None,
            rights: None,
            description: None,
            subjects: Vec::new(),
        }
    }
}

impl Meta {
    /// Metadata with a title and every other field at its default (language `en`).
    pub fn titled(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }
}

/// One report: a country report, a chapter, an article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// An identifier unique within the publication, usable as an XML id (a letter first).
    pub id: String,
    /// The report's title.
    pub title: String,
    /// The report's language, a BCP 47 tag, when it differs from the publication's
    /// ([`Meta::language`]): an Arabic report in an English volume. `None`: the
    /// publication's. Editions mark it (`xml:lang`, `lang`) and the PDF and EPUB set the
    /// report right to left when it is written so ([`crate::is_rtl_language`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The summary shown before the body ("Key developments since May 2000: ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    /// Links to related reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// The body: headings, paragraphs, lists, quotes and tables.
    pub body: Vec<Block>,
    /// The endnotes, in the order of the source's note list.
    #[serde(default)]
    pub endnotes: Vec<Endnote>,
}

/// A report's summary box.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The summary's own label ("Key developments since May 2000"), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The summary text.
    pub blocks: Vec<Block>,
}

/// A link to a related report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// What the link says.
    pub text: String,
    /// Where it points, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// A block of text.
///
/// Not `#[non_exhaustive]` on purpose: every edition matches every kind of block, so a
/// new kind cannot be silently dropped by one of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A section heading; level 1 starts a section, 2 a subsection, down to 6.
    Heading {
        /// The depth, 1 to 6.
        level: u8,
        /// The heading text.
        content: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph {
        /// The paragraph text.
        content: Vec<Inline>,
    },
    /// A bulleted or numbered list.
    List {
        /// The number of the first item for a numbered list; `None` for bullets.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<u64>,
        /// The items, each a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A block quotation.
    Quote {
        /// The quoted blocks.
        blocks: Vec<Block>,
    },
    /// A table (boxed: a table is larger than the other blocks, and rarer).
    Table(Box<Table>),
    /// A figure: an image with its caption and alt text (boxed, as a table is).
    Figure(Box<Figure>),
}

/// Text inside a block (exhaustive, like [`Block`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The characters.
        text: String,
    },
    /// Emphasised text (italic).
    Emphasis {
        /// What is emphasised.
        content: Vec<Inline>,
    },
    /// Strong text (bold).
    Strong {
        /// What is strong.
        content: Vec<Inline>,
    },
    /// A hyperlink.
    Link {
        /// The target URL.
        url: String,
        /// What the link says.
        content: Vec<Inline>,
    },
    /// A reference to one of the report's endnotes.
    NoteRef {
        /// The note referred to.
        note: NoteId,
    },
}

impl Inline {
    /// Plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Inline::Text { text: text.into() }
    }

    /// A reference to the note with this id.
    pub fn note_ref(id: impl Into<NoteId>) -> Self {
        Inline::NoteRef { note: id.into() }
    }
}

/// The id of an endnote, unique within its report: the label the source gave it
/// (`"3"` for a web report's `[3]`, `"fn-a"` for Markdown's `[^fn-a]`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NoteId(pub String);

impl NoteId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for NoteId {
    fn from(s: &str) -> Self {
        NoteId(s.to_owned())
    }
}

impl From<String> for NoteId {
    fn from(s: String) -> Self {
        NoteId(s)
    }
}

impl std::fmt::Display for NoteId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An endnote: the text a note reference points to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endnote {
    /// The id references use.
    pub id: NoteId,
    /// The label as the source wrote it (`[3]` in a web report, `^fn-a` in Markdown).
    pub source_label: String,
    /// The note's text; a note may hold several paragraphs.
    pub blocks: Vec<Block>,
}

impl Endnote {
    /// A note of one paragraph of plain text, labelled with its id.
    pub fn new(id: impl Into<NoteId>, blocks: Vec<Block>) -> Self {
        let id = id.into();
        Self {
            source_label: id.0.clone(),
            id,
            blocks,
        }
    }
}

impl Report {
    /// An empty report with this id and title.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            ..Self::default()
        }
    }

    /// How many section headings the body has, at any level.
    pub fn section_count(&self) -> usize {
        let mut count = 0;
        for_each_block(&self.body, &mut |block| {
            if matches!(block, Block::Heading { .. }) {
                count += 1;
            }
        });
        count
    }

    /// The note with this id, if the report has one.
    pub fn endnote(&self, id: &NoteId) -> Option<&Endnote> {
        self.endnotes.iter().find(|note| &note.id == id)
    }

    /// Every block of the summary and then the body, in reading order, depth first.
    pub fn for_each_block<'a>(&'a self, f: &mut impl FnMut(&'a Block)) {
        if let Some(summary) = &self.summary {
            for_each_block(&summary.blocks, f);
        }
        for_each_block(&self.body, f);
    }

    /// Calls `f` on every figure of the summary and then the body, in reading order (the
    /// notes' figures, which `resolve()` refuses, are left out).
    pub fn for_each_figure_mut(&mut self, f: &mut impl FnMut(&mut Figure)) {
        if let Some(summary) = &mut self.summary {
            for_each_figure_mut(&mut summary.blocks, f);
        }
        for_each_figure_mut(&mut self.body, f);
    }

    /// Every run of inlines of the summary and then the body, in reading order: the
    /// content of headings and paragraphs, and the captions of tables (a table's caption
    /// before its cells) and figures.
    pub fn for_each_content<'a>(&'a self, f: &mut impl FnMut(&'a [Inline])) {
        self.for_each_block(&mut |block| {
            if let Some(content) = block.inlines() {
                f(content);
            }
        });
    }

    /// Every note reference of the summary and then the body, in reading order.
    pub fn note_refs(&self) -> Vec<&NoteId> {
        let mut refs = Vec::new();
        self.for_each_content(&mut |content| {
            for_each_inline(content, &mut |inline| {
                if let Inline::NoteRef { note } = inline {
                    refs.push(note);
                }
            });
        });
        refs
    }
}

impl Block {
    /// A paragraph of these inlines.
    pub fn paragraph(content: Vec<Inline>) -> Self {
        Block::Paragraph { content }
    }

    /// A paragraph of plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Block::Paragraph {
            content: vec![Inline::text(text)],
        }
    }

    /// A heading at this level.
    pub fn heading(level: u8, content: Vec<Inline>) -> Self {
        Block::Heading { level, content }
    }

    /// A table.
    pub fn table(table: Table) -> Self {
        Block::Table(Box::new(table))
    }

    /// A figure.
    pub fn figure(figure: Figure) -> Self {
        Block::Figure(Box::new(figure))
    }

    /// The inline content a block holds directly: a heading's or paragraph's, or a
    /// table's caption; `None` for lists and quotes (and a table's cells are blocks).
    pub fn inlines(&self) -> Option<&[Inline]> {
        match self {
            Block::Table(table) => Some(&table.caption),
            Block::Figure(figure) => Some(&figure.caption),
            _ => self.content(),
        }
    }

    /// The inline content of a heading or paragraph; `None` for lists, quotes and
    /// tables, which hold blocks (a table's caption is [`Table::caption`]).
    pub fn content(&self) -> Option<&[Inline]> {
        match self {
            Block::Heading { content, .. } | Block::Paragraph { content } => Some(content),
            Block::List { .. } | Block::Quote { .. } | Block::Table(_) | Block::Figure(_) => None,
        }
    }
}

/// Calls `f` on every block of `blocks` and on the blocks inside lists, quotes and
/// table cells, in reading order (a container before what it holds; a table's cells row
/// by row, head, body, then foot).
pub fn for_each_block<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        match block {
            Block::List { items, .. } => {
                for item in items {
                    for_each_block(item, f);
                }
            }
            Block::Quote { blocks } => for_each_block(blocks, f),
            Block::Table(table) => {
                for row in table.all_rows() {
                    for cell in &row.cells {
                        for_each_block(&cell.blocks, f);
                    }
                }
            }
            Block::Heading { .. } | Block::Paragraph { .. } | Block::Figure(_) => {}
        }
    }
}

/// Calls `f` on every figure in `blocks`, in reading order (as [`for_each_block`] meets
/// them): the figures of lists, quotes and table cells too.
pub fn for_each_figure_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Figure)) {
    for block in blocks {
        match block {
            Block::Figure(figure) => f(figure),
            Block::List { items, .. } => {
                for item in items {
                    for_each_figure_mut(item, f);
                }
            }
            Block::Quote { blocks } => for_each_figure_mut(blocks, f),
            Block::Table(table) => {
                for row in table.all_rows_mut() {
                    for cell in &mut row.cells {
                        for_each_figure_mut(&mut cell.blocks, f);
                    }
                }
            }
            Block::Heading { .. } | Block::Paragraph { .. } => {}
        }
    }
}

/// Calls `f` on every inline of `content` and on the inlines nested inside emphasis,
/// strong and links, in reading order (a container before what it holds).
pub fn for_each_inline<'a>(content: &'a [Inline], f: &mut impl FnMut(&'a Inline)) {
    for inline in content {
        f(inline);
        match inline {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => for_each_inline(content, f),
            Inline::Text { .. } | Inline::NoteRef { .. } => {}
        }
    }
}

/// The plain text of `content`: its text runs joined, note references left out.
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(content, &mut out);
    out
}

/// Appends the plain text of `content` ([`plain_text`]) to `out`.
pub fn push_plain_text(content: &[Inline], out: &mut String) {
    for_each_inline(content, &mut |inline| {
        if let Inline::Text { text } = inline {
            out.push_str(text);
        }
    });
}
