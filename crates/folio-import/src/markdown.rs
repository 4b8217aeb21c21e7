//! The Markdown reader: CommonMark with footnotes (`[^id]`) and GFM pipe tables, read by
//! pulldown-cmark, and a front-matter block (see `front_matter`); what it makes of them
//! is told at [`read_markdown`].

mod table;

use std::collections::{HashMap, HashSet};

use folio_model::{
    Align, Block, Cell, ColumnSpec, Diagnostic, Endnote, Figure, Image, Inline, Location,
    MediaType, Meta, NoteId, Report, ReportSource, Row, Summary, Table, for_each_inline,
    plain_text, report_id, unique_id,
};
use pulldown_cmark::{
    Alignment, BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};
use unicase::UniCase;

use crate::front_matter::read_front_matter;
use crate::lines::LineIndex;

/// How deep quotes, lists, emphasis, strong and links may nest by default, counted
/// together. Every edition and the model JSON and folio XML readers take a model this
/// deep.
pub const MAX_NESTING: usize = 32;

/// The deepest nesting a caller may allow ([`crate::LoadOptions::max_nesting`]): every
/// edition writes a model this deep, and the model JSON and folio XML readers read it
/// back, on a thread with [`STACK_SIZE`] of stack.
pub const MAX_NESTING_LIMIT: usize = 256;

pub use folio_model::STACK_SIZE;

/// The reports read from one Markdown file, with its metadata and where the parts came
/// from.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct MarkdownReports {
    /// The metadata of the front matter; `None` when the file has none.
    pub meta: Option<Meta>,
    /// The reports, in file order.
    pub reports: Vec<Report>,
    /// Where each report's notes and references are in the file.
    pub sources: Vec<ReportSource>,
    /// Problems found; an error when the file holds no text.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads Markdown `text` (already decoded) from `file`; text without a `#` heading of its
/// own is a report titled by the front matter's title, or else `title`.
///
/// - The front matter, YAML between `---` lines or TOML between `+++` lines at the very
///   start, gives [`MarkdownReports::meta`]: `title`, `subtitle`, `author(s)`,
///   `editor(s)`, `publisher`, `date`, `lang` or `language`, `identifier`, `rights`,
///   `description` or `abstract`, `subject(s)` or `keywords`. An unknown key is a
///   warning, a bad value an error. YAML is read by a small reader that takes
///   `key: value`, `key: [a, b]` and `key:` with `- item` lines, and warns about the rest.
/// - Each level-1 heading (`# Title`) outside quotes and lists starts a report titled by
///   it; `##` becomes a section heading of level 1, `###` of level 2, and so on. Text
///   before the first `#` (or in a file without one) is a report titled by the front
///   matter's `title`, or else by the title the caller gives.
/// - A report whose first paragraph begins with strong text ending in a colon
///   (`**Key developments since May 2000:** ...`) has that paragraph as its summary,
///   the strong text (without the colon) as the summary's label.
/// - Paragraphs, emphasis, strong, links, lists (bulleted, or numbered from their first
///   number) and block quotes are carried through. Inline code, code blocks, raw HTML,
///   task markers and images inside other text (their alt text) become plain text; soft
///   and hard line breaks become spaces; thematic breaks hold no words and are left out.
/// - An image alone in its paragraph, `![caption](path "alt text")`, is a figure: its
///   description is the caption (emphasis, links and note references work in it), its
///   title the alt text. With no title, the caption's text is the alt text, with a
///   warning at the image (screen readers would read it twice). The path (its `%XX`
///   escapes decoded) is the image's `src`; the image is not read here: its bytes are
///   empty and its size 0 until [`crate::load`] reads the file.
/// - Footnote definitions become the endnotes of the reports that cite them, in the
///   order of their first reference (as pandoc numbers them), a note of several
///   paragraphs kept whole; a note cited twice is one note with two references. A note
///   cited from several reports is in each of them; a note cited from none stays in the
///   report it is written in, so that `resolve()` warns about it. A reference to a label
///   no definition has (`[^x]`, the label letters, digits, `-`, `_`, `.` and `:`) is a
///   reference that dangles, an error at its place.
/// - GFM pipe tables: the delimiter row gives each column's alignment (`:--` left,
///   `:-:` centre, `--:` right), the header row is the table's head, and cells hold
///   inline content (note references too). A paragraph `Table: text` (or `: text`)
///   right after the table, or such a line right under its last row, is its caption. A
///   row shorter than the header is padded with empty cells; a longer one keeps its
///   cells (GFM drops them; they are read from the source) and widens the table, whose
///   other rows are padded: each such row has a warning at its line.
/// - Quotes, lists, emphasis, strong and links nest at most [`MAX_NESTING`] levels,
///   counted together; what lies deeper is kept at the deepest level, with one warning.
pub fn read_markdown(text: &str, file: &str, title: &str) -> MarkdownReports {
    read_markdown_nested(text, file, title, MAX_NESTING)
}

/// Reads Markdown as [`read_markdown`] does, with quotes, lists, emphasis, strong and
/// links nesting at most `max_nesting` levels (at least 1, at most
/// [`MAX_NESTING_LIMIT`]) instead of [`MAX_NESTING`].
pub fn read_markdown_nested(
    text: &str,
    file: &str,
    title: &str,
    max_nesting: usize,
) -> MarkdownReports {
    read_markdown_with(text, file, title, max_nesting, true)
}

/// Reads Markdown as [`read_markdown_nested`] does; `smart` turns on pulldown-cmark's
/// smart punctuation (curly quotes, `--` an en dash, `---` an em dash, `...` an
/// ellipsis; on in the other readers), and without it the characters stay as typed.
pub fn read_markdown_with(
    text: &str,
    file: &str,
    title: &str,
    max_nesting: usize,
    smart: bool,
) -> MarkdownReports {
    let lines = LineIndex::new(text);
    let mut diagnostics = Vec::new();
    let front = read_front_matter(text, file, &lines, &mut diagnostics);
    let untitled = front
        .meta
        .as_ref()
        .map(|meta| meta.title.clone())
        .filter(|title| !title.is_empty())
        .unwrap_or_else(|| title.to_owned());
    let mut reader = Reader::new(text, &lines, file, untitled);
    reader.max_nesting = max_nesting.clamp(1, MAX_NESTING_LIMIT);
    if smart {
        reader.options = OPTIONS.union(Options::ENABLE_SMART_PUNCTUATION);
    }
    let body = text.get(front.body..).unwrap_or_default();
    let parser = Parser::new_ext(body, reader.options);
    reader.links = parser
        .reference_definitions()
        .iter()
        .map(|(label, link)| (UniCase::new(label.to_owned()), link.dest.to_string()))
        .collect();
    for (event, range) in parser.into_offset_iter() {
        reader.event(event, range.start + front.body, range.end + front.body);
    }
    let (mut reports, sources) = reader.finish(&mut diagnostics);
    // the language the front matter names is its reports' (the publication's, when the
    // file gives the publication its metadata: `load` leaves out the same language)
    if let Some(language) = &front.language {
        for report in &mut reports {
            report.language = Some(language.clone());
        }
    }
    if reports.is_empty() {
        let message = if front.meta.is_some() {
            "the file holds only front matter: there is no report to read"
        } else {
            "the file is empty: there is no report to read"
        };
        diagnostics.push(Diagnostic::error(message).at(Some(Location::new(file, 1, 1))));
    }
    MarkdownReports {
        meta: front.meta,
        reports,
        sources,
        diagnostics,
    }
}

/// What pulldown-cmark reads: CommonMark with footnotes and GFM tables.
const OPTIONS: Options = Options::ENABLE_FOOTNOTES.union(Options::ENABLE_TABLES);

/// A report being read: its title, body and where its references and tables are.
#[derive(Debug)]
struct Draft {
    title: String,
    body: Vec<Block>,
    refs: Vec<(u32, u32)>,
    tables: Vec<(u32, u32)>,
    figures: Vec<(u32, u32)>,
}

impl Draft {
    fn new(title: String) -> Self {
        Self {
            title,
            body: Vec::new(),
            refs: Vec::new(),
            tables: Vec::new(),
            figures: Vec::new(),
        }
    }
}

/// A footnote definition: its label, where it is, its blocks and the draft it is in.
#[derive(Debug)]
struct NoteDefinition {
    label: String,
    at: (u32, u32),
    blocks: Vec<Block>,
    draft: usize,
}

/// An open block container.
#[derive(Debug)]
enum Frame {
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
    Note {
        label: String,
        at: (u32, u32),
        blocks: Vec<Block>,
    },
}

/// An open inline container; the first of the stack is the content of a paragraph or
/// heading.
#[derive(Debug)]
struct Span {
    kind: SpanKind,
    content: Vec<Inline>,
}

#[derive(Debug)]
enum SpanKind {
    Root,
    Emphasis,
    Strong,
    Link(String),
    /// An image: its alt text joins the text around it, unless it is the first thing
    /// in a paragraph (`Some`: its destination, title and place), when it may be a
    /// figure.
    Image(Option<ImageStart>),
}

/// An image that may be a figure: where it points, its title, and the offset of its `!`.
#[derive(Debug)]
struct ImageStart {
    dest: String,
    title: String,
    at: usize,
}

/// An image read as the first thing in a paragraph: a figure if nothing follows it there.
#[derive(Debug)]
struct PendingFigure {
    start: ImageStart,
    /// Its description, which is the figure's caption.
    caption: Vec<Inline>,
}

/// What a `Start` event opened, so that its `End` closes the same.
#[derive(Debug)]
enum Open {
    Paragraph,
    /// A heading, with its Markdown level (1 to 6).
    Heading(u8),
    Frame,
    Span,
    /// A code or HTML block, whose text is gathered in `Reader::verbatim`.
    Verbatim,
    /// A container nested too deep, or a kind folio has no place for: what it holds
    /// joins what holds it.
    Passed,
    /// A table, read into `Reader::table`.
    Table,
    /// A table's header row or a body row.
    TableRow,
    /// A cell; `padded` when pulldown-cmark added it to a short row.
    TableCell {
        padded: bool,
    },
    /// A paragraph that is the caption of the table before it (`Table: text`), with how
    /// many note references the report had before it.
    Caption {
        refs_before: usize,
    },
}

/// A table being read.
#[derive(Debug)]
struct TableDraft {
    table: Table,
    /// How many note references the report had before the table (none counted in a
    /// note).
    refs_from: usize,
    /// The row being read: its cells, where it starts and where its line ends, whether it
    /// is the header, the end of its last cell that the source holds, how many cells
    /// pulldown-cmark added to pad it, and the report's references before it.
    cells: Vec<Cell>,
    row_start: usize,
    row_end: usize,
    in_head: bool,
    last_cell_end: Option<usize>,
    padded: usize,
    refs_before_row: usize,
    /// A last row that may be the caption (`Table: text` on the line under the table, as
    /// pandoc reads it): its cells, how many references it holds, and where it starts.
    caption_row: Option<(Vec<Cell>, usize, usize)>,
}

/// The table just read, while its caption may follow: how deep in containers it stands
/// and how many references the report had before it.
#[derive(Debug, Clone, Copy)]
struct AfterTable {
    frames: usize,
    refs_from: usize,
}

struct Reader<'t> {
    text: &'t str,
    lines: &'t LineIndex<'t>,
    file: &'t str,
    drafts: Vec<Draft>,
    open: Vec<Open>,
    frames: Vec<Frame>,
    spans: Vec<Span>,
    /// Whether `spans[0]` is a paragraph Markdown did not mark (the text of a tight list
    /// item), closed by the next block event.
    implicit: bool,
    verbatim: Option<String>,
    notes: Vec<NoteDefinition>,
    /// The end of the `[^x]` that dangles being read: text events before it are its own.
    dangling_until: usize,
    too_deep: Option<usize>,
    /// How deep containers may nest.
    max_nesting: usize,
    /// What pulldown-cmark reads ([`OPTIONS`], with smart punctuation or without).
    options: Options,
    diagnostics: Vec<Diagnostic>,
    /// The table being read.
    table: Option<TableDraft>,
    /// The table just read, whose caption may come next.
    after_table: Option<AfterTable>,
    /// The link reference definitions, for the cells of a row read again from the source.
    links: HashMap<UniCase<String>, String>,
    /// The image just read at the start of the paragraph being read.
    pending_figure: Option<PendingFigure>,
    /// The end of a paragraph read again (see [`Reader::replay_figure`]): the events of
    /// the first reading before it are passed over.
    replayed_until: usize,
    /// Whether the events are those of a paragraph read again.
    replaying: bool,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str, lines: &'t LineIndex<'t>, file: &'t str, untitled: String) -> Self {
        Self {
            text,
            lines,
            file,
            drafts: vec![Draft::new(untitled)],
            open: Vec::new(),
            frames: Vec::new(),
            spans: Vec::new(),
            implicit: false,
            verbatim: None,
            notes: Vec::new(),
            dangling_until: 0,
            too_deep: None,
            max_nesting: MAX_NESTING,
            options: OPTIONS,
            diagnostics: Vec::new(),
            table: None,
            after_table: None,
            links: HashMap::new(),
            pending_figure: None,
            replayed_until: 0,
            replaying: false,
        }
    }

    fn event(&mut self, event: Event<'_>, start: usize, end: usize) {
        if !self.replaying {
            if start < self.replayed_until {
                return;
            }
            if matches!(event, Event::Start(Tag::Paragraph)) && self.replay_figure(start, end) {
                return;
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, start, end),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(verbatim) = &mut self.verbatim {
                    verbatim.push_str(&text);
                } else {
                    self.text(&text, start, end);
                }
            }
            Event::Html(text) => match &mut self.verbatim {
                Some(verbatim) => verbatim.push_str(&text),
                None => self.push_text(&text),
            },
            Event::Code(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => self.push_text(&text),
            Event::FootnoteReference(label) => self.note_ref(&label, start),
            Event::SoftBreak | Event::HardBreak => self.push_text(" "),
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => {
                self.after_table = None;
                self.close_implicit();
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, start: usize, end: usize) {
        let inline = matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
        );
        if !inline {
            self.close_implicit();
        }
        let after_table = if inline {
            None
        } else {
            self.after_table.take()
        };
        let open = match tag {
            Tag::Paragraph => {
                self.spans.push(Span::root());
                match after_table {
                    Some(after)
                        if after.frames == self.frames.len()
                            && table::caption_marker(&self.text[start..]).is_some() =>
                    {
                        self.after_table = Some(after);
                        Open::Caption {
                            refs_before: self.refs_len(),
                        }
                    }
                    _ => Open::Paragraph,
                }
            }
            Tag::Heading { level, .. } => {
                self.spans.push(Span::root());
                Open::Heading(level as u8)
            }
            Tag::BlockQuote(_) => self.push_frame(Frame::Quote(Vec::new()), start),
            Tag::List(first) => self.push_frame(
                Frame::List {
                    start: first,
                    items: Vec::new(),
                },
                start,
            ),
            Tag::Item => {
                if let Some(Frame::List { .. }) = self.frames.last() {
                    self.frames.push(Frame::Item(Vec::new()));
                    Open::Frame
                } else {
                    Open::Passed
                }
            }
            Tag::FootnoteDefinition(label) => {
                self.frames.push(Frame::Note {
                    label: label.to_string(),
                    at: self.lines.position(start),
                    blocks: Vec::new(),
                });
                Open::Frame
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.verbatim = Some(String::new());
                Open::Verbatim
            }
            Tag::Emphasis => self.push_span(SpanKind::Emphasis, start),
            Tag::Strong => self.push_span(SpanKind::Strong, start),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let url = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                self.push_span(SpanKind::Link(url), start)
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                let first_in_paragraph = matches!(self.open.last(), Some(Open::Paragraph))
                    && !self.implicit
                    && self.pending_figure.is_none()
                    && matches!(&self.spans[..], [root] if root.content.is_empty());
                let figure = first_in_paragraph.then(|| ImageStart {
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    at: start,
                });
                self.push_span(SpanKind::Image(figure), start)
            }
            Tag::Table(alignments) => self.start_table(&alignments, start),
            Tag::TableHead => self.start_row(true, start, end),
            Tag::TableRow => self.start_row(false, start, end),
            Tag::TableCell => self.start_cell(start, end),
            Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => Open::Passed,
        };
        self.open.push(open);
    }

    fn end(&mut self, tag: TagEnd) {
        let inline = matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
        );
        if !inline {
            self.close_implicit();
        }
        match self.open.pop() {
            Some(Open::Paragraph) => {
                let content = self.pop_root();
                if let Some(figure) = self.pending_figure.take() {
                    // alone in its paragraph: anything after it would have made it text
                    self.push_figure(figure);
                } else if !content.is_empty() {
                    self.push_block(Block::Paragraph { content });
                }
            }
            Some(Open::Heading(level)) => {
                let content = self.pop_root();
                if level == 1 && self.frames.is_empty() {
                    let title = plain_text(&content);
                    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                    let title = if title.is_empty() {
                        self.drafts[0].title.clone()
                    } else {
                        title
                    };
                    self.drafts.push(Draft::new(title));
                } else {
                    self.push_block(Block::Heading {
                        level: level.saturating_sub(1).max(1),
                        content,
                    });
                }
            }
            Some(Open::Frame) => self.pop_frame(),
            Some(Open::Span) => {
                if self.spans.len() > 1 {
                    self.close_span();
                }
            }
            Some(Open::Verbatim) => {
                let text = self.verbatim.take().unwrap_or_default();
                let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !words.is_empty() {
                    self.push_block(Block::text(words));
                }
            }
            Some(Open::Table) => self.end_table(),
            Some(Open::TableRow) => self.end_row(),
            Some(Open::TableCell { padded }) => self.end_cell(padded),
            Some(Open::Caption { refs_before }) => self.end_caption(refs_before),
            Some(Open::Passed) | None => {}
        }
    }

    /// Opens a block container, unless that would nest too deep.
    fn push_frame(&mut self, frame: Frame, start: usize) -> Open {
        if self.depth() >= self.max_nesting {
            self.too_deep.get_or_insert(start);
            return Open::Passed;
        }
        self.frames.push(frame);
        Open::Frame
    }

    /// Opens an inline container, unless that would nest too deep.
    fn push_span(&mut self, kind: SpanKind, start: usize) -> Open {
        if self.spans.is_empty() {
            self.open_implicit();
        }
        if self.depth() >= self.max_nesting {
            self.too_deep.get_or_insert(start);
            return Open::Passed;
        }
        self.spans.push(Span {
            kind,
            content: Vec::new(),
        });
        Open::Span
    }

    /// How deep the model nests here: quotes and lists since the note being read (or
    /// the report), and inline containers.
    fn depth(&self) -> usize {
        let blocks = self
            .frames
            .iter()
            .rev()
            .take_while(|frame| !matches!(frame, Frame::Note { .. }))
            .filter(|frame| matches!(frame, Frame::Quote(_) | Frame::List { .. }))
            .count();
        blocks + self.spans.len().saturating_sub(1)
    }

    fn pop_frame(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame {
            Frame::Quote(blocks) => self.push_block(Block::Quote { blocks }),
            Frame::List { start, items } => self.push_block(Block::List { start, items }),
            Frame::Item(blocks) => match self.frames.last_mut() {
                Some(Frame::List { items, .. }) => items.push(blocks),
                _ => blocks.into_iter().for_each(|block| self.push_block(block)),
            },
            Frame::Note { label, at, blocks } => self.notes.push(NoteDefinition {
                label,
                at,
                blocks,
                draft: self.drafts.len() - 1,
            }),
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.frames.last_mut() {
            Some(Frame::Quote(blocks) | Frame::Item(blocks) | Frame::Note { blocks, .. }) => {
                blocks.push(block);
            }
            Some(Frame::List { items, .. }) => items.push(vec![block]),
            None => {
                if let Some(draft) = self.drafts.last_mut() {
                    draft.body.push(block);
                }
            }
        }
    }

    /// Reads again the paragraph at `start..end` when it is an image alone whose
    /// description cites notes (`![Casualties[^1]](chart.png)`), which pulldown-cmark
    /// reads as text, since a footnote reference cannot stand in a link's text: the
    /// references are masked (`[` and `]` made control characters, so that every offset
    /// stays), the paragraph parsed alone, and its events replayed with the text as
    /// written, where [`Reader::text`] finds the references. Gives whether it did.
    fn replay_figure(&mut self, start: usize, end: usize) -> bool {
        let text = self.text;
        let Some(source) = text.get(start..end) else {
            return false;
        };
        if !source.trim_start().starts_with("![") || !source.contains("[^") {
            return false;
        }
        let masked = self.mask_note_refs(source, start);
        let links = std::mem::take(&mut self.links);
        let callback = |link: BrokenLink<'_>| {
            links
                .get(&UniCase::new(link.reference.to_string()))
                .map(|url| (CowStr::from(url.clone()), CowStr::from("")))
        };
        let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
            Parser::new_with_broken_link_callback(&masked, OPTIONS, Some(callback))
                .into_offset_iter()
                .collect();
        // the shape of an image alone in a paragraph
        let mut depth = 0usize;
        let mut alone = events.len() >= 4
            && matches!(events[0].0, Event::Start(Tag::Paragraph))
            && matches!(events[1].0, Event::Start(Tag::Image { .. }));
        for (i, (event, _)) in events.iter().enumerate().skip(1) {
            if !alone {
                break;
            }
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            // the image closes only just before the paragraph
            alone = depth > 0 || i + 2 >= events.len();
        }
        if !alone {
            self.links = links;
            return false;
        }
        let unmask = |text: &str| text.replace('\u{1}', "[").replace('\u{2}', "]");
        self.replaying = true;
        for (event, range) in events {
            let (from, to) = (start + range.start, start + range.end);
            match event {
                Event::Text(read) if masked.get(range.clone()) == Some(&*read) => {
                    self.event(Event::Text(CowStr::Borrowed(&text[from..to])), from, to);
                }
                Event::Text(read) => self.event(Event::Text(unmask(&read).into()), from, to),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let tag = Tag::Image {
                        link_type,
                        dest_url: unmask(&dest_url).into(),
                        title: unmask(&title).into(),
                        id,
                    };
                    self.event(Event::Start(tag), from, to);
                }
                other => self.event(other, from, to),
            }
        }
        self.replaying = false;
        self.links = links;
        self.replayed_until = end;
        true
    }

    /// `source` (which stands at `offset`) with the `[` and `]` of each note reference
    /// in it made U+0001 and U+0002.
    fn mask_note_refs(&self, source: &str, offset: usize) -> String {
        let mut masked = source.as_bytes().to_vec();
        let mut from = 0;
        while let Some(found) = source[from..].find("[^") {
            let at = from + found;
            match dangling_label(&source[at..]).filter(|_| !self.is_escaped(offset + at)) {
                Some(len) => {
                    masked[at] = 1;
                    masked[at + len + 2] = 2;
                    from = at + len + 3;
                }
                None => from = at + 1,
            }
        }
        String::from_utf8(masked).unwrap_or_else(|_| source.to_owned())
    }

    /// Adds the figure of an image alone in its paragraph: its description is the
    /// caption, its title the alt text (or, with no title, the caption's text, with a
    /// warning: screen readers then read it twice).
    fn push_figure(&mut self, figure: PendingFigure) {
        let PendingFigure { start, caption } = figure;
        let at = self.lines.position(start.at);
        let src = percent_decoded(&start.dest);
        let alt = if start.title.trim().is_empty() {
            let text = plain_text(&caption);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let message = if text.is_empty() {
                format!(
                    "the image {src:?} has no caption and no alt text: the editions take it for decorative"
                )
            } else {
                format!(
                    "the image {src:?} has no alt text, so its caption is its alt text too, and screen readers read it twice"
                )
            };
            self.diagnostics.push(
                Diagnostic::warning(message)
                    .at(Some(Location::new(self.file, at.0, at.1)))
                    .hint(format!(
                        "say what the image shows in its title: ![caption]({} \"what it shows\")",
                        start.dest
                    )),
            );
            text
        } else {
            start.title
        };
        if !self.in_note()
            && let Some(draft) = self.drafts.last_mut()
        {
            draft.figures.push(at);
        }
        // the loader reads the file, its type and its size
        let image = Image::new(src.clone(), media_type_named(&src), (0, 0), Vec::new());
        self.push_block(Block::figure(Figure::new(image, caption, alt)));
    }

    fn open_implicit(&mut self) {
        self.spans.push(Span::root());
        self.implicit = true;
    }

    /// Ends the paragraph of a tight list item's text, if one is open.
    fn close_implicit(&mut self) {
        if self.implicit {
            self.implicit = false;
            let content = self.pop_root();
            if !content.is_empty() {
                self.push_block(Block::Paragraph { content });
            }
        }
    }

    /// Closes every inline container and gives the content of the paragraph or heading.
    fn pop_root(&mut self) -> Vec<Inline> {
        while self.spans.len() > 1 {
            self.close_span();
        }
        self.spans
            .pop()
            .map(|span| span.content)
            .unwrap_or_default()
    }

    /// Closes the innermost inline container into the one that holds it.
    fn close_span(&mut self) {
        let Some(span) = self.spans.pop() else {
            return;
        };
        let inline = match span.kind {
            SpanKind::Emphasis => Inline::Emphasis {
                content: span.content,
            },
            SpanKind::Strong => Inline::Strong {
                content: span.content,
            },
            SpanKind::Link(url) => Inline::Link {
                url,
                content: span.content,
            },
            SpanKind::Image(Some(start)) if self.spans.len() == 1 => {
                self.pending_figure = Some(PendingFigure {
                    start,
                    caption: span.content,
                });
                return;
            }
            SpanKind::Image(_) | SpanKind::Root => {
                span.content
                    .into_iter()
                    .for_each(|inline| self.push_inline(inline));
                return;
            }
        };
        self.push_inline(inline);
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.spans.is_empty() {
            self.open_implicit();
        }
        if self.spans.len() == 1
            && let Some(figure) = self.pending_figure.take()
        {
            // text after the image: it is no figure, and its alt text joins the text
            figure
                .caption
                .into_iter()
                .for_each(|inline| self.push_inline(inline));
        }
        let Some(span) = self.spans.last_mut() else {
            return;
        };
        if let (Inline::Text { text }, Some(Inline::Text { text: last })) =
            (&inline, span.content.last_mut())
        {
            last.push_str(text);
            return;
        }
        span.content.push(inline);
    }

    /// Pushes text; a line end inside it (raw HTML over two lines) is a space.
    fn push_text(&mut self, text: &str) {
        if text.contains('\n') {
            self.push_inline(Inline::text(text.replace('\n', " ")));
        } else if !text.is_empty() {
            self.push_inline(Inline::text(text));
        }
    }

    /// Text, in which a `[^x]` that pulldown-cmark left as text (no definition has its
    /// label) is a reference that dangles.
    fn text(&mut self, text: &str, start: usize, end: usize) {
        let (mut text, mut start) = (text, start);
        if start < self.dangling_until {
            // the rest of a dangling reference, and perhaps text after it
            let Some(rest) = text
                .get(self.dangling_until - start..)
                .filter(|_| end > self.dangling_until)
            else {
                return;
            };
            (text, start) = (rest, self.dangling_until);
        }
        if self.text.get(start..start + text.len()) != Some(text) {
            // escapes or entities: what is written is not what is read, and no
            // reference can hide in it
            self.push_text(text);
            return;
        }
        let mut from = 0;
        while let Some(found) = text[from..].find('[') {
            let at = from + found;
            let Some(label_len) =
                dangling_label(&self.text[start + at..]).filter(|_| !self.is_escaped(start + at))
            else {
                from = at + 1;
                continue;
            };
            self.push_text(&text[..at]);
            let label = &self.text[start + at + 2..start + at + 2 + label_len];
            self.note_ref(label, start + at);
            let after = at + label_len + 3;
            match text.get(after..) {
                Some(rest) => {
                    (text, start, from) = (rest, start + after, 0);
                }
                None => {
                    self.dangling_until = start + after;
                    return;
                }
            }
        }
        self.push_text(text);
    }

    /// Whether the character at `offset` follows an odd run of backslashes.
    fn is_escaped(&self, offset: usize) -> bool {
        let before = &self.text.as_bytes()[..offset];
        before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
    }

    fn note_ref(&mut self, label: &str, start: usize) {
        let in_note = self
            .frames
            .iter()
            .any(|frame| matches!(frame, Frame::Note { .. }));
        let in_title =
            self.frames.is_empty() && matches!(self.open.first(), Some(Open::Heading(1)));
        if in_title {
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "the note reference [^{label}] in a report title is left out: a report title cannot cite a note"
                ))
                .at(self.lines.at(self.file, start))
                .hint("cite the note from the report's first paragraph"),
            );
            return;
        }
        if !in_note && let Some(draft) = self.drafts.last_mut() {
            draft.refs.push(self.lines.position(start));
        }
        self.push_inline(Inline::note_ref(label));
    }

    /// Whether a note definition is being read.
    fn in_note(&self) -> bool {
        self.frames
            .iter()
            .any(|frame| matches!(frame, Frame::Note { .. }))
    }

    /// How many note references the report being read has so far.
    fn refs_len(&self) -> usize {
        self.drafts.last().map_or(0, |draft| draft.refs.len())
    }

    /// Moves the last `count` references of the report before the others from `from`:
    /// a caption is read after its table's cells, but comes before them.
    fn refs_first(&mut self, from: usize, count: usize) {
        if let Some(draft) = self.drafts.last_mut()
            && let Some(refs) = draft.refs.get_mut(from..)
            && count <= refs.len()
        {
            refs.rotate_right(count);
        }
    }

    fn start_table(&mut self, alignments: &[Alignment], start: usize) -> Open {
        if self.table.is_some() {
            return Open::Passed;
        }
        let columns = alignments
            .iter()
            .map(|alignment| {
                ColumnSpec::aligned(match alignment {
                    Alignment::None => Align::Default,
                    Alignment::Left => Align::Left,
                    Alignment::Center => Align::Center,
                    Alignment::Right => Align::Right,
                })
            })
            .collect();
        let in_note = self.in_note();
        if !in_note && let Some(draft) = self.drafts.last_mut() {
            draft.tables.push(self.lines.position(start));
        }
        let refs_from = self.refs_len();
        self.table = Some(TableDraft {
            table: Table::new(columns),
            refs_from,
            cells: Vec::new(),
            row_start: start,
            row_end: start,
            in_head: false,
            last_cell_end: None,
            padded: 0,
            refs_before_row: refs_from,
            caption_row: None,
        });
        Open::Table
    }

    fn start_row(&mut self, head: bool, start: usize, end: usize) -> Open {
        self.flush_caption_row();
        let refs = self.refs_len();
        let Some(draft) = &mut self.table else {
            return Open::Passed;
        };
        let line = &self.text[start..end.min(self.text.len())];
        draft.cells.clear();
        draft.row_start = start;
        draft.row_end = start + line.trim_end_matches(['\n', '\r']).len();
        draft.in_head = head;
        draft.last_cell_end = None;
        draft.padded = 0;
        draft.refs_before_row = refs;
        Open::TableRow
    }

    fn start_cell(&mut self, start: usize, end: usize) -> Open {
        let Some(draft) = &mut self.table else {
            return Open::Passed;
        };
        let padded = start == end && start >= draft.row_end;
        if !padded {
            draft.last_cell_end = Some(end);
        }
        self.spans.push(Span::root());
        Open::TableCell { padded }
    }

    fn end_cell(&mut self, padded: bool) {
        let content = self.pop_root();
        if let Some(draft) = &mut self.table {
            draft.cells.push(Cell::inlines(content));
            if padded {
                draft.padded += 1;
            }
        }
    }

    /// Ends a row: the cells pulldown-cmark dropped are read again from the source, and
    /// a row of another width than the header's gets a warning at its line.
    fn end_row(&mut self) {
        let Some(draft) = &self.table else {
            return;
        };
        let (row_start, row_end, head) = (draft.row_start, draft.row_end, draft.in_head);
        let columns = draft.table.columns.len();
        let padded = draft.padded;
        // what pulldown-cmark kept ends at the last cell it read from the source
        let kept_end = draft.last_cell_end.unwrap_or(row_start).min(row_end);
        let dropped = if head || padded > 0 {
            Vec::new()
        } else {
            table::dropped_cells(&self.text[kept_end..row_end], kept_end)
        };
        for cell in &dropped {
            self.dropped_cell(cell.clone());
        }
        let refs = self.refs_len();
        let Some(draft) = &mut self.table else {
            return;
        };
        let cells = std::mem::take(&mut draft.cells);
        let line = &self.text[row_start..row_end];
        let real = cells.len() - padded;
        if !head && real == 1 && !table::has_pipe(line) && table::caption_marker(line).is_some() {
            // perhaps the caption, written on the line under the table
            draft.caption_row = Some((cells, refs - draft.refs_before_row, row_start));
            return;
        }
        let at = self.lines.at(self.file, row_start);
        if padded > 0 {
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "this table row has {real} {} where the header has {columns}: padded with empty cells",
                    cells_word(real)
                ))
                .at(at),
            );
        } else if !dropped.is_empty() {
            let count = cells.len();
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "this table row has {count} cells where the header has {columns}: the table widened to keep them"
                ))
                .at(at)
                .hint("write a `|` that belongs to a cell's text as `\\|`"),
            );
        }
        let row = Row::new(cells);
        if head {
            draft.table.head.push(row);
        } else {
            draft.table.body.push(row);
        }
    }

    /// Reads a cell pulldown-cmark dropped from the source range `cell` (its text between
    /// its pipes): as the one cell of a table of its own, so that it is read as GFM
    /// reads a cell, with the document's link definitions.
    fn dropped_cell(&mut self, cell: std::ops::Range<usize>) {
        const HEAD: &str = "|x|\n|-|\n|";
        self.spans.push(Span::root());
        let text = self.text;
        let source = format!("{HEAD}{} |\n", &text[cell.clone()]);
        let links = std::mem::take(&mut self.links);
        let callback = |link: BrokenLink<'_>| {
            links
                .get(&UniCase::new(link.reference.to_string()))
                .map(|url| (CowStr::from(url.clone()), CowStr::from("")))
        };
        let parser = Parser::new_with_broken_link_callback(&source, self.options, Some(callback));
        let (mut rows, mut in_cell) = (0, false);
        for (event, range) in parser.into_offset_iter() {
            match &event {
                Event::Start(Tag::TableRow) => rows += 1,
                Event::Start(Tag::TableCell) => in_cell = rows == 1,
                Event::End(TagEnd::TableCell) => in_cell = false,
                _ if in_cell => {
                    let map = |at: usize| {
                        (cell.start + at.saturating_sub(HEAD.len())).clamp(cell.start, cell.end)
                    };
                    self.event(event, map(range.start), map(range.end));
                }
                _ => {}
            }
        }
        self.links = links;
        let content = self.pop_root();
        if let Some(draft) = &mut self.table {
            draft.cells.push(Cell::inlines(content));
        }
    }

    /// A row held back as a possible caption is a row after all.
    fn flush_caption_row(&mut self) {
        let Some(draft) = &mut self.table else {
            return;
        };
        let Some((cells, _, row_start)) = draft.caption_row.take() else {
            return;
        };
        let columns = draft.table.columns.len();
        let real = 1;
        if cells.len() > real {
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "this table row has {real} cell where the header has {columns}: padded with empty cells"
                ))
                .at(self.lines.at(self.file, row_start)),
            );
        }
        draft.table.body.push(Row::new(cells));
    }

    /// Ends a table: a long row widens it (every other row padded to its width), and a
    /// last row that reads as a caption is its caption.
    fn end_table(&mut self) {
        let Some(mut draft) = self.table.take() else {
            return;
        };
        let mut caption = None;
        if let Some((mut cells, refs, _)) = draft.caption_row.take() {
            if draft.table.body.is_empty() && draft.table.head.is_empty() {
                draft.table.body.push(Row::new(cells));
            } else {
                caption = Some((cell_content(&mut cells[0]), refs));
            }
        }
        let table = &mut draft.table;
        let width = table
            .head
            .iter()
            .chain(&table.body)
            .map(|row| row.cells.len())
            .max()
            .unwrap_or(0)
            .max(table.columns.len());
        table.columns.resize(width, ColumnSpec::default());
        for row in table.head.iter_mut().chain(&mut table.body) {
            row.cells.resize_with(width, Cell::default);
        }
        let captioned = caption.is_some();
        if let Some((mut content, refs)) = caption {
            strip_caption_marker(&mut content);
            draft.table.caption = content;
            self.refs_first(draft.refs_from, refs);
        }
        self.push_block(Block::table(draft.table));
        if !captioned {
            self.after_table = Some(AfterTable {
                frames: self.frames.len(),
                refs_from: draft.refs_from,
            });
        }
    }

    /// Ends a caption paragraph: its content is the caption of the table before it.
    fn end_caption(&mut self, refs_before: usize) {
        let mut content = self.pop_root();
        let after = self.after_table.take();
        let count = self.refs_len() - refs_before;
        strip_caption_marker(&mut content);
        if let (Some(Block::Table(table)), Some(after)) = (self.last_block_mut(), after) {
            table.caption = content;
            self.refs_first(after.refs_from, count);
        } else if !content.is_empty() {
            self.push_block(Block::Paragraph { content });
        }
    }

    /// The last block of the container being read.
    fn last_block_mut(&mut self) -> Option<&mut Block> {
        match self.frames.last_mut() {
            Some(Frame::Quote(blocks) | Frame::Item(blocks) | Frame::Note { blocks, .. }) => {
                blocks.last_mut()
            }
            Some(Frame::List { items, .. }) => items.last_mut().and_then(|item| item.last_mut()),
            None => self
                .drafts
                .last_mut()
                .and_then(|draft| draft.body.last_mut()),
        }
    }

    /// The reports and their sources, with the notes given to the reports that cite
    /// them.
    fn finish(mut self, diagnostics: &mut Vec<Diagnostic>) -> (Vec<Report>, Vec<ReportSource>) {
        while !self.open.is_empty() {
            self.end(TagEnd::Paragraph);
        }
        self.close_implicit();
        if let Some(offset) = self.too_deep {
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "the Markdown nests deeper than {max} levels; what lies deeper is kept at level {max}",
                    max = self.max_nesting
                ))
                .hint("allow deeper nesting with --max-nesting N")
                .at(self.lines.at(self.file, offset)),
            );
        }
        let Reader {
            file,
            mut drafts,
            mut notes,
            diagnostics: found,
            ..
        } = self;
        diagnostics.extend(found);

        // the text before the first `#` is a report only when it holds something
        let mut first = 0;
        if drafts.len() > 1 && drafts[0].body.is_empty() {
            drafts.remove(0);
            first = 1;
        }
        if drafts.len() == 1 && drafts[0].body.is_empty() && notes.is_empty() && first == 0 {
            return (Vec::new(), Vec::new());
        }
        for note in &mut notes {
            note.draft = note.draft.saturating_sub(first);
        }

        let by_label = index_labels(&notes, file, diagnostics);
        let canonical = |id: &mut NoteId| {
            if let Some(&n) = by_label.get(&UniCase::new(id.0.clone())) {
                id.0.clone_from(&notes[n].label);
            }
        };
        for draft in &mut drafts {
            rename_refs(&mut draft.body, &canonical);
        }
        let mut cited = vec![false; notes.len()];
        let mut orders = Vec::with_capacity(drafts.len());
        for draft in &drafts {
            let mut order = Vec::new();
            let mut seen = HashSet::new();
            for_each_ref(&draft.body, &mut |id| {
                if let Some(&n) = by_label.get(&UniCase::new(id.0.clone()))
                    && seen.insert(n)
                {
                    order.push(n);
                    cited[n] = true;
                }
            });
            orders.push(order);
        }
        for (n, note) in notes.iter().enumerate() {
            let first_with_label = by_label.get(&UniCase::new(note.label.clone())) == Some(&n);
            if !cited[n]
                && first_with_label
                && let Some(order) = orders.get_mut(note.draft)
            {
                order.push(n);
            }
        }

        let mut taken = HashSet::new();
        let mut reports = Vec::with_capacity(drafts.len());
        let mut sources = Vec::with_capacity(drafts.len());
        for (draft, order) in drafts.into_iter().zip(orders) {
            let id = unique_id(report_id(&draft.title), &mut taken);
            let mut report = Report::new(id, draft.title);
            report.body = draft.body;
            report.summary = take_summary(&mut report.body);
            let mut source = ReportSource {
                file: file.to_owned(),
                notes: Vec::with_capacity(order.len()),
                refs: draft.refs,
                tables: draft.tables,
                figures: draft.figures,
            };
            for n in order {
                let note = &notes[n];
                source.notes.push(note.at);
                report.endnotes.push(Endnote {
                    id: NoteId(note.label.clone()),
                    source_label: format!("[^{}]", note.label),
                    blocks: note.blocks.clone(),
                });
            }
            reports.push(report);
            sources.push(source);
        }
        (reports, sources)
    }
}

/// A Markdown destination with its `%XX` escapes decoded (`my%20chart.png` names
/// `my chart.png`), or as written when they do not decode to UTF-8.
fn percent_decoded(dest: &str) -> String {
    let bytes = dest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[at], bytes.get(at + 1), bytes.get(at + 2)) {
            (b'%', Some(&high), Some(&low)) if hex(high).is_some() && hex(low).is_some() => {
                let value = hex(high).unwrap_or(0) * 16 + hex(low).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                at += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| dest.to_owned())
}

/// The media type a file name's extension names (PNG when it names none), until the
/// file is read.
fn media_type_named(src: &str) -> MediaType {
    let extension = src.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("jpg" | "jpeg") => MediaType::Jpeg,
        Some("gif") => MediaType::Gif,
        Some("svg") => MediaType::Svg,
        _ => MediaType::Png,
    }
}

/// `cell` or `cells`.
fn cells_word(count: usize) -> &'static str {
    if count == 1 { "cell" } else { "cells" }
}

/// The inline content of a cell read from Markdown (one paragraph, or nothing).
fn cell_content(cell: &mut Cell) -> Vec<Inline> {
    match cell.blocks.first_mut() {
        Some(Block::Paragraph { content }) => std::mem::take(content),
        _ => Vec::new(),
    }
}

/// Takes the caption marker (`Table:` or `:`, and the spaces after it) off the start of a
/// caption's content.
fn strip_caption_marker(content: &mut Vec<Inline>) {
    if let Some(Inline::Text { text }) = content.first_mut() {
        let marker = table::caption_marker(text).unwrap_or(0);
        text.drain(..marker);
        if text.is_empty() {
            content.remove(0);
        }
    }
}

impl Span {
    fn root() -> Self {
        Self {
            kind: SpanKind::Root,
            content: Vec::new(),
        }
    }
}

/// The first definition of each label (labels match without regard to case, as
/// pulldown-cmark matches them); a second definition is an error.
fn index_labels(
    notes: &[NoteDefinition],
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<UniCase<String>, usize> {
    let mut by_label: HashMap<UniCase<String>, usize> = HashMap::with_capacity(notes.len());
    for (n, note) in notes.iter().enumerate() {
        let key = UniCase::new(note.label.clone());
        if let Some(&first) = by_label.get(&key) {
            let (line, column) = note.at;
            let (first_line, first_column) = notes[first].at;
            diagnostics.push(
                Diagnostic::error(format!(
                    "duplicate footnote definition [^{}]: two notes cannot share a label",
                    note.label
                ))
                .at(Some(Location::new(file, line, column)))
                .hint(format!(
                    "the first definition [^{}] is at {file}:{first_line}:{first_column}",
                    notes[first].label
                )),
            );
        } else {
            by_label.insert(key, n);
        }
    }
    by_label
}

/// The length of the label of a `[^label]` at the start of `text`, when it is one that
/// pulldown-cmark would have read as a reference had the label a definition.
fn dangling_label(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("[^")?;
    let end = rest.find(']')?;
    let label = &rest[..end];
    let inner_ok = label
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    let ends_ok = label.chars().next().is_some_and(char::is_alphanumeric)
        && label.chars().next_back().is_some_and(char::is_alphanumeric);
    (inner_ok && ends_ok && !rest[end + 1..].starts_with(':')).then_some(end)
}

/// Calls `f` on the id of every note reference in `blocks`, in reading order (a table's
/// caption before its cells; a figure's caption).
fn for_each_ref(blocks: &[Block], f: &mut impl FnMut(&NoteId)) {
    folio_model::for_each_block(blocks, &mut |block| {
        if let Some(content) = block.inlines() {
            for_each_inline(content, &mut |inline| {
                if let Inline::NoteRef { note } = inline {
                    f(note);
                }
            });
        }
    });
}

/// Gives every note reference in `blocks` the label of the definition it matches.
fn rename_refs(blocks: &mut [Block], rename: &impl Fn(&mut NoteId)) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                rename_inline_refs(content, rename);
            }
            Block::List { items, .. } => {
                for item in items {
                    rename_refs(item, rename);
                }
            }
            Block::Quote { blocks } => rename_refs(blocks, rename),
            Block::Figure(figure) => rename_inline_refs(&mut figure.caption, rename),
            Block::Table(table) => {
                rename_inline_refs(&mut table.caption, rename);
                for row in table.all_rows_mut() {
                    for cell in &mut row.cells {
                        rename_refs(&mut cell.blocks, rename);
                    }
                }
            }
        }
    }
}

fn rename_inline_refs(content: &mut [Inline], rename: &impl Fn(&mut NoteId)) {
    for inline in content {
        match inline {
            Inline::NoteRef { note } => rename(note),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => rename_inline_refs(content, rename),
            Inline::Text { .. } => {}
        }
    }
}

/// Takes the summary out of a report's body: a first paragraph that begins with strong
/// text ending in a colon (`**Key developments since May 2000:** ...`).
fn take_summary(body: &mut Vec<Block>) -> Option<Summary> {
    let Some(Block::Paragraph { content }) = body.first_mut() else {
        return None;
    };
    let Some(Inline::Strong { content: strong }) = content.first() else {
        return None;
    };
    let mut cites = false;
    for_each_inline(strong, &mut |inline| {
        cites |= matches!(inline, Inline::NoteRef { .. });
    });
    let label = plain_text(strong);
    let label = label.trim_end().strip_suffix(':')?.trim();
    if cites || label.is_empty() {
        return None;
    }
    let label = label.to_owned();
    let mut rest: Vec<Inline> = content.drain(1..).collect();
    if let Some(Inline::Text { text }) = rest.first_mut() {
        let trimmed = text.trim_start().len();
        text.drain(..text.len() - trimmed);
        if text.is_empty() {
            rest.remove(0);
        }
    }
    body.remove(0);
    let blocks = if rest.is_empty() {
        Vec::new()
    } else {
        vec![Block::Paragraph { content: rest }]
    };
    Some(Summary {
        label: Some(label),
        blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio_model::{ResolveOptions, SourceMap, resolve};

    fn md(text: &str) -> MarkdownReports {
        read_markdown(text, "t.md", "Untitled")
    }

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|block| block.content().map(plain_text))
            .collect()
    }

    /// How deep blocks and inlines nest, counted as the reader counts them.
    fn depth(blocks: &[Block]) -> usize {
        fn inline_depth(content: &[Inline]) -> usize {
            content
                .iter()
                .map(|inline| match inline {
                    Inline::Emphasis { content }
                    | Inline::Strong { content }
                    | Inline::Link { content, .. } => 1 + inline_depth(content),
                    Inline::Text { .. } | Inline::NoteRef { .. } => 0,
                })
                .max()
                .unwrap_or(0)
        }
        blocks
            .iter()
            .map(|block| match block {
                Block::Heading { content, .. } | Block::Paragraph { content } => {
                    inline_depth(content)
                }
                Block::List { items, .. } => 1 + items.iter().map(|i| depth(i)).max().unwrap_or(0),
                Block::Quote { blocks } => 1 + depth(blocks),
                Block::Figure(figure) => inline_depth(&figure.caption),
                Block::Table(table) => table
                    .all_rows()
                    .flat_map(|row| &row.cells)
                    .map(|cell| depth(&cell.blocks))
                    .max()
                    .unwrap_or(0),
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn notes_follow_their_first_reference_and_a_repeated_one_is_one_note() {
        let text = "Text cites b[^b] then a[^a] and b again[^b].\n\n[^a]: Note a.\n\n[^b]: Note b, first paragraph.\n\n    Note b, second paragraph.\n";
        let read = md(text);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let report = &read.reports[0];
        let ids: Vec<&str> = report.endnotes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(report.endnotes[0].source_label, "[^b]");
        assert_eq!(
            texts(&report.endnotes[0].blocks),
            ["Note b, first paragraph.", "Note b, second paragraph."]
        );
        assert_eq!(report.note_refs().len(), 3);
        assert_eq!(read.sources[0].refs, [(1, 13), (1, 24), (1, 40)]);
        assert_eq!(read.sources[0].notes, [(5, 1), (3, 1)]);

        let publication = folio_model::Publication::new(Meta::default(), read.reports);
        let sources = SourceMap {
            reports: read.sources,
        };
        let resolved = resolve(&publication, &ResolveOptions::default(), &sources);
        assert!(
            resolved.diagnostics.is_empty(),
            "{:?}",
            resolved.diagnostics
        );
        let notes = &resolved.reports[0].notes;
        assert_eq!((notes[0].number, notes[1].number), (1, 2));
        assert_eq!(notes[0].refs, [0, 2]);
        let anchors: Vec<&str> = resolved.reports[0]
            .refs
            .iter()
            .map(|r| r.anchor.as_str())
            .collect();
        assert_eq!(anchors, ["r1", "r2", "r1b"]);
    }

    #[test]
    fn every_reference_on_a_long_line_has_its_column() {
        // 50,000 references on one line, after characters of one to four bytes; the
        // last two dangle
        let line = "é€😀a[^n]".repeat(50_000);
        let read = md(&format!(
            "x\n\n{line}[^gone] b[^gone2]\n\n[^n]: The note.\n"
        ));
        let refs = &read.sources[0].refs;
        assert_eq!(refs.len(), 50_002);
        for (k, &at) in refs.iter().take(50_000).enumerate() {
            assert_eq!(at, (3, to_column(8 * k + 5)), "reference {k}");
        }
        assert_eq!(refs[50_000], (3, 400_001));
        assert_eq!(refs[50_001], (3, 400_010));
    }

    fn to_column(n: usize) -> u32 {
        u32::try_from(n).unwrap()
    }

    #[test]
    fn a_reference_without_a_definition_dangles_at_its_place() {
        let read = md("One[^gone] and \\[^escaped] and `[^code]`.\n\nLine two [^fn-2].\n");
        let report = &read.reports[0];
        assert_eq!(
            report.body[0].content().unwrap(),
            &[
                Inline::text("One"),
                Inline::note_ref("gone"),
                Inline::text(" and [^escaped] and [^code]."),
            ]
        );
        assert_eq!(read.sources[0].refs, [(1, 4), (3, 10)]);
        let publication = folio_model::Publication::new(Meta::default(), read.reports);
        let sources = SourceMap {
            reports: read.sources,
        };
        let resolved = resolve(&publication, &ResolveOptions::default(), &sources);
        let errors: Vec<String> = resolved
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("t.md:1:4: error: note reference [gone] points to no note"));
        assert!(errors[1].starts_with("t.md:3:10: error: note reference [fn-2]"));
    }

    #[test]
    fn level_one_headings_start_reports_and_deeper_ones_are_sections() {
        let text = "Before any report.\n\n# North Korea\n\n## Mine Ban Policy\n\nText.[^1]\n\n### Detail\n\n# South Korea\n\nMore.[^1]\n\n[^1]: Shared note.\n";
        let read = md(text);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let titles: Vec<&str> = read.reports.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["Untitled", "North Korea", "South Korea"]);
        assert_eq!(read.reports[1].id, "north-korea");
        assert!(matches!(
            read.reports[1].body[0],
            Block::Heading { level: 1, .. }
        ));
        assert!(matches!(
            read.reports[1].body[2],
            Block::Heading { level: 2, .. }
        ));
        // the note is cited from both reports: each has it
        assert_eq!(read.reports[1].endnotes.len(), 1);
        assert_eq!(read.reports[2].endnotes.len(), 1);
        assert_eq!(read.sources[1].notes, [(15, 1)]);
        assert!(read.reports[0].endnotes.is_empty());
    }

    #[test]
    fn the_language_the_front_matter_names_is_its_reports() {
        let read = md("---\nlang: he\n---\n# א\n\nשלום.\n\n# ב\n\nעולם.\n");
        assert_eq!(read.reports.len(), 2);
        for report in &read.reports {
            assert_eq!(report.language.as_deref(), Some("he"));
        }
        // none named, none given: the publication's
        let read = md("---\ntitle: T\n---\nText.\n");
        assert_eq!(read.reports[0].language, None);
    }

    #[test]
    fn a_file_without_a_level_one_heading_is_one_report_titled_by_its_front_matter() {
        let read = md("---\ntitle: From Front Matter\n---\n## Section\n\nText.\n");
        assert_eq!(read.reports.len(), 1);
        assert_eq!(read.reports[0].title, "From Front Matter");
        assert_eq!(read.meta.unwrap().title, "From Front Matter");
        let read = md("Only text.\n");
        assert_eq!(read.reports[0].title, "Untitled");
        assert!(read.meta.is_none());
    }

    #[test]
    fn an_uncited_note_stays_where_it_is_written_and_a_duplicate_is_an_error() {
        let read =
            md("# A\n\nText.[^x]\n\n[^x]: X.\n[^X]: Again.\n\n# B\n\n[^lonely]: Never cited.\n");
        let messages: Vec<&str> = read
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            ["duplicate footnote definition [^X]: two notes cannot share a label"]
        );
        assert_eq!(
            read.diagnostics[0].location,
            Some(Location::new("t.md", 6, 1))
        );
        assert_eq!(read.reports[0].endnotes.len(), 1);
        assert_eq!(read.reports[1].endnotes[0].id.as_str(), "lonely");
    }

    #[test]
    fn labels_match_without_regard_to_case() {
        let read = md("Text.[^Note]\n\n[^note]: N.\n");
        assert!(read.diagnostics.is_empty());
        assert_eq!(read.reports[0].note_refs(), [&NoteId::from("note")]);
        assert_eq!(read.reports[0].endnotes[0].id.as_str(), "note");
    }

    #[test]
    fn a_strong_label_with_a_colon_opens_the_summary() {
        let read = md(
            "# Austria\n\n**Key developments since May 2000:** Things *happened*.[^1]\n\n## Policy\n\nBody.\n\n[^1]: N.\n",
        );
        let report = &read.reports[0];
        let summary = report.summary.as_ref().unwrap();
        assert_eq!(
            summary.label.as_deref(),
            Some("Key developments since May 2000")
        );
        assert_eq!(texts(&summary.blocks), ["Things happened."]);
        assert!(matches!(report.body[0], Block::Heading { .. }));
        assert_eq!(report.note_refs().len(), 1);
        let plain = read_markdown("**Not a label** text.\n", "t.md", "T");
        assert!(plain.reports[0].summary.is_none());
    }

    #[test]
    fn inlines_blocks_and_what_has_no_place_become_text() {
        let text = "A *b* **c** [d](https://e.org) `f`\nsoft  \nhard <span\nid=\"g\">g</span> ![h](i.png) <x@y.org>\n\n3. three\n4. four\n\n- tight\n  - nested\n\n> quoted\n\n---\n\n```\ncode  block\n```\n\n<div>html</div>\n";
        let read = md(text);
        let body = &read.reports[0].body;
        assert_eq!(
            plain_text(body[0].content().unwrap()),
            "A b c d f soft hard <span id=\"g\">g</span> h x@y.org"
        );
        let content = body[0].content().unwrap();
        assert!(content.contains(&Inline::Link {
            url: "https://e.org".into(),
            content: vec![Inline::text("d")]
        }));
        assert!(content.contains(&Inline::Link {
            url: "mailto:x@y.org".into(),
            content: vec![Inline::text("x@y.org")]
        }));
        let Block::List { start, items } = &body[1] else {
            panic!("{:?}", body[1]);
        };
        assert_eq!(*start, Some(3));
        assert_eq!(texts(&items[1]), ["four"]);
        let Block::List { start: None, items } = &body[2] else {
            panic!("{:?}", body[2]);
        };
        assert_eq!(texts(&items[0]), ["tight"]);
        assert!(matches!(items[0][1], Block::List { .. }));
        assert!(matches!(body[3], Block::Quote { .. }));
        assert_eq!(texts(&body[4..]), ["code block", "<div>html</div>"]);
        assert_eq!(body.len(), 6);
    }

    #[test]
    fn a_reference_in_a_report_title_is_left_out_with_a_warning() {
        let read = md("# Title[^1]\n\nText.[^1]\n\n[^1]: N.\n");
        assert_eq!(read.reports[0].title, "Title");
        assert_eq!(read.diagnostics.len(), 1);
        assert_eq!(
            read.diagnostics[0].location,
            Some(Location::new("t.md", 1, 8))
        );
        assert_eq!(read.sources[0].refs, [(3, 6)]);
    }

    #[test]
    fn nesting_ten_thousand_deep_is_capped_with_one_warning() {
        for text in [
            format!("{} deep[^a]\n\n[^a]: note\n", ">".repeat(10_000)),
            format!("{}deep[^a]\n\n[^a]: note\n", "- ".repeat(10_000)),
            format!(
                "{}deep[^a]{}\n\n[^a]: note\n",
                "*".repeat(10_000),
                "*".repeat(10_000)
            ),
            format!("{}deep[^a]\n\n[^a]: note\n", "> 1. - ".repeat(3_000)),
            // links do not nest in CommonMark: only brackets, and no warning
            format!(
                "{}deep[^a]{}\n\n[^a]: note\n",
                "[".repeat(10_000),
                "](u)".repeat(10_000)
            ),
        ] {
            let read = md(&text);
            let expected = usize::from(!text.starts_with('['));
            assert_eq!(read.diagnostics.len(), expected, "{:?}", read.diagnostics);
            assert!(
                read.diagnostics
                    .iter()
                    .all(|d| d.message.contains("nests deeper than 32 levels"))
            );
            let report = &read.reports[0];
            assert!(
                depth(&report.body) <= MAX_NESTING,
                "{}",
                depth(&report.body)
            );
            assert_eq!(report.note_refs().len(), 1);
            assert_eq!(report.endnotes.len(), 1);
            let mut words = String::new();
            folio_model::for_each_block(&report.body, &mut |block| {
                if let Some(content) = block.content() {
                    words.push_str(&plain_text(content));
                }
            });
            assert!(words.contains("deep"), "{words:?}");
        }
    }

    /// The tables of a report's body, at any depth.
    fn tables(blocks: &[Block]) -> Vec<&Table> {
        let mut found = Vec::new();
        folio_model::for_each_block(blocks, &mut |block| {
            if let Block::Table(table) = block {
                found.push(&**table);
            }
        });
        found
    }

    /// The plain text of each cell of each row, head then body.
    fn cell_texts(table: &Table) -> Vec<Vec<String>> {
        table
            .all_rows()
            .map(|row| {
                row.cells
                    .iter()
                    .map(|cell| texts(&cell.blocks).concat())
                    .collect()
            })
            .collect()
    }

    fn messages(read: &MarkdownReports) -> Vec<String> {
        read.diagnostics.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_pipe_table_reads_with_its_alignments_caption_and_notes() {
        let text = "Text[^t].\n\n| Province | Mines[^h] | Casualties | Note |\n|:--|--:|:-:|---|\n| *Kangwon* | 1,200 | 12[^c] | [ICRC](https://icrc.org) |\n| **Hwanghae** | `40\\|` | 7[^c] | \\| x |\n\nTable: Casualties by province[^cap]\n\nAfter[^t].\n\n[^t]: T.\n[^h]: H.\n[^c]: C.\n[^cap]: Cap.\n";
        let read = md(text);
        assert!(read.diagnostics.is_empty(), "{:?}", messages(&read));
        let report = &read.reports[0];
        assert_eq!(report.body.len(), 3, "{:?}", report.body);
        let table = tables(&report.body)[0];
        let aligns: Vec<Align> = table.columns.iter().map(|c| c.align).collect();
        assert_eq!(
            aligns,
            [Align::Left, Align::Right, Align::Center, Align::Default]
        );
        assert_eq!(plain_text(&table.caption), "Casualties by province");
        assert_eq!(table.caption.last(), Some(&Inline::note_ref("cap")));
        assert_eq!(table.head.len(), 1);
        assert_eq!(
            cell_texts(table),
            [
                ["Province", "Mines", "Casualties", "Note"],
                ["Kangwon", "1,200", "12", "ICRC"],
                // an escaped pipe stays in its cell, in a code span too
                ["Hwanghae", "40|", "7", "| x"],
            ]
            .map(|row| row.map(str::to_owned).to_vec())
            .to_vec()
        );
        let Some(Block::Paragraph { content }) = table.body[0].cells[0].blocks.first() else {
            panic!("{:?}", table.body[0]);
        };
        assert!(matches!(content[0], Inline::Emphasis { .. }));
        // the references in reading order: text, caption, header, cells, text
        let ids: Vec<&str> = report.note_refs().iter().map(|id| id.as_str()).collect();
        assert_eq!(ids, ["t", "cap", "h", "c", "c", "t"]);
        assert_eq!(
            read.sources[0].refs,
            [(1, 5), (8, 30), (3, 19), (5, 25), (6, 28), (10, 6)]
        );
        assert_eq!(read.sources[0].tables, [(3, 1)]);
        let ids: Vec<&str> = report.endnotes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["t", "cap", "h", "c"]);

        let publication = folio_model::Publication::new(Meta::default(), read.reports);
        let sources = SourceMap {
            reports: read.sources,
        };
        let resolved = resolve(&publication, &ResolveOptions::default(), &sources);
        assert!(
            resolved.diagnostics.is_empty(),
            "{:?}",
            resolved.diagnostics
        );
        let marks: Vec<String> = resolved.reports[0].notes.iter().map(|n| n.mark()).collect();
        assert_eq!(marks, ["1", "a", "b", "c"]);
    }

    #[test]
    fn a_caption_may_follow_on_the_next_line_or_start_with_a_colon() {
        for (text, caption) in [
            (
                "| a | b |\n|---|---|\n| 1 | 2 |\nTable: Right under[^n]\n\n[^n]: N.\n",
                "Right under",
            ),
            (
                "| a | b |\n|---|---|\n| 1 | 2 |\n\n: With a colon[^n]\n\n[^n]: N.\n",
                "With a colon",
            ),
            (
                "| a |\n|---|\n\nTable:   *Emphasis* first[^n]\n\n[^n]: N.\n",
                "Emphasis first",
            ),
        ] {
            let read = md(text);
            assert!(
                read.diagnostics.is_empty(),
                "{text:?}: {:?}",
                messages(&read)
            );
            let report = &read.reports[0];
            assert_eq!(report.body.len(), 1, "{text:?}: {:?}", report.body);
            let table = tables(&report.body)[0];
            assert_eq!(plain_text(&table.caption), caption, "{text:?}");
            assert_eq!(table.body.len(), usize::from(!text.starts_with("| a |\n")));
            assert_eq!(read.sources[0].refs.len(), 1);
        }
        // not a caption: a paragraph between, a caption already given, a table row
        for text in [
            "| a |\n|---|\n\nText.\n\nTable: not a caption\n",
            "| a |\n|---|\n\nTable: one\n\nTable: two\n",
            "| a | b |\n|---|---|\nTable: | row\n",
            "> | a |\n> |---|\n\nTable: outside the quote\n",
        ] {
            let read = md(text);
            let body = &read.reports[0].body;
            let all = texts(body).concat() + &cell_texts(tables(body)[0]).concat().concat();
            assert!(all.contains("Table:"), "{text:?}: {body:?}");
        }
    }

    #[test]
    fn a_long_row_keeps_its_cells_and_widens_the_table() {
        let text = "Intro.\n\n| a | b |\n|---|--:|\n| 1 | 2 | three[^n] | `4|` \\| [five][5] |\n| x | y |\n\n[^n]: N.\n\n[5]: https://five.org\n";
        let read = md(text);
        assert_eq!(
            messages(&read),
            [
                "t.md:5:1: warning: this table row has 5 cells where the header has 2: the table widened to keep them\n  hint: write a `|` that belongs to a cell's text as `\\|`"
            ]
        );
        let report = &read.reports[0];
        let table = tables(&report.body)[0];
        assert_eq!(table.columns.len(), 5);
        assert_eq!(table.columns[1].align, Align::Right);
        assert_eq!(table.columns[4].align, Align::Default);
        assert_eq!(
            cell_texts(table),
            [
                vec!["a", "b", "", "", ""],
                vec!["1", "2", "three", "`4", "` | five"],
                vec!["x", "y", "", "", ""],
            ]
        );
        let Some(Block::Paragraph { content }) = table.body[0].cells[4].blocks.first() else {
            panic!("{:?}", table.body[0]);
        };
        assert!(
            content.contains(&Inline::Link {
                url: "https://five.org".into(),
                content: vec![Inline::text("five")],
            }),
            "{content:?}"
        );
        assert_eq!(report.note_refs(), [&NoteId::from("n")]);
        assert_eq!(read.sources[0].refs, [(5, 16)]);
        assert_eq!(report.endnotes.len(), 1);
        // what resolve sees is regular: no second warning
        let publication = folio_model::Publication::new(Meta::default(), read.reports);
        let sources = SourceMap {
            reports: read.sources,
        };
        let resolved = resolve(&publication, &ResolveOptions::default(), &sources);
        assert!(
            resolved.diagnostics.is_empty(),
            "{:?}",
            resolved.diagnostics
        );
    }

    #[test]
    fn a_short_row_is_padded_with_a_warning_at_its_line() {
        let read = md("> | a | b | c |\n> |---|---|---|\n> | 1 |\n> x | y\n");
        assert_eq!(
            messages(&read),
            [
                "t.md:3:3: warning: this table row has 1 cell where the header has 3: padded with empty cells",
                "t.md:4:3: warning: this table row has 2 cells where the header has 3: padded with empty cells",
            ]
        );
        let table = tables(&read.reports[0].body)[0];
        assert_eq!(cell_texts(table)[1], ["1", "", ""]);
        assert_eq!(read.sources[0].tables, [(1, 3)]);
    }

    #[test]
    fn pipes_that_make_no_table_stay_text() {
        let read = md("a | b\nc | d\n\n| not | a table |\n\nx || y\n");
        assert!(read.diagnostics.is_empty());
        let body = &read.reports[0].body;
        assert!(tables(body).is_empty());
        assert_eq!(texts(body), ["a | b c | d", "| not | a table |", "x || y"]);
    }

    #[test]
    fn tables_stand_in_quotes_and_list_items() {
        let text = "> | q | r |\n> |---|---|\n> | 1[^a] | 2 |\n>\n> Table: In a quote\n\n- item\n\n  | l |\n  |---|\n  | 3[^b] |\n\n  : In a list\n\n[^a]: A.\n[^b]: B.\n";
        let read = md(text);
        assert!(read.diagnostics.is_empty(), "{:?}", messages(&read));
        let body = &read.reports[0].body;
        assert!(matches!(body[0], Block::Quote { .. }));
        assert!(matches!(body[1], Block::List { .. }));
        let found = tables(body);
        assert_eq!(found.len(), 2);
        assert_eq!(plain_text(&found[0].caption), "In a quote");
        assert_eq!(plain_text(&found[1].caption), "In a list");
        assert_eq!(read.sources[0].tables, [(1, 3), (9, 3)]);
        assert_eq!(read.sources[0].refs, [(3, 6), (11, 6)]);
        assert_eq!(read.reports[0].endnotes.len(), 2);
    }

    #[test]
    fn an_empty_file_is_an_error() {
        for text in ["", "\n\n", "---\ntitle: T\n---\n"] {
            let read = md(text);
            assert!(read.reports.is_empty());
            assert!(
                read.diagnostics.iter().any(Diagnostic::is_error),
                "{text:?}"
            );
        }
    }

    fn figures(blocks: &[Block]) -> Vec<&Figure> {
        let mut found = Vec::new();
        folio_model::for_each_block(blocks, &mut |block| {
            if let Block::Figure(figure) = block {
                found.push(figure.as_ref());
            }
        });
        found
    }

    #[test]
    fn an_image_alone_in_its_paragraph_is_a_figure() {
        let text = "Text[^a].\n\n![Mine *casualties*, 2000[^b]](charts/casualties%20wide.png \"Bars rising\")\n\n> ![In a quote](q.svg \"A map\")\n\nSee ![inline](i.png) here.\n\n![Alone](b.jpg)\n\n- ![tight](t.gif)\n\n[^a]: A.\n[^b]: B.\n";
        let read = md(text);
        let body = &read.reports[0].body;
        let found = figures(body);
        assert_eq!(found.len(), 3, "{body:#?}");
        assert_eq!(found[0].image.src, "charts/casualties wide.png");
        assert_eq!(plain_text(&found[0].caption), "Mine casualties, 2000");
        assert!(matches!(found[0].caption[1], Inline::Emphasis { .. }));
        assert_eq!(found[0].alt, "Bars rising");
        assert_eq!(found[1].image.src, "q.svg");
        assert_eq!(found[1].image.media_type, MediaType::Svg);
        assert_eq!(found[1].alt, "A map");
        // no title: the caption is the alt text, with a warning at the image
        assert_eq!(found[2].alt, "Alone");
        assert_eq!(found[2].image.media_type, MediaType::Jpeg);
        assert_eq!(
            messages(&read),
            [
                "t.md:9:1: warning: the image \"b.jpg\" has no alt text, so its caption is its alt text too, and screen readers read it twice\n  hint: say what the image shows in its title: ![caption](b.jpg \"what it shows\")"
            ]
        );
        // an image inside other text, or in a tight list item, stays its alt text
        assert_eq!(texts(body)[1], "See inline here.");
        assert!(matches!(&body[5], Block::List { items, .. } if texts(&items[0]) == ["tight"]));
        assert_eq!(read.sources[0].figures, [(3, 1), (5, 3), (9, 1)]);
        // the note in the caption is cited second, where the figure stands
        assert_eq!(read.sources[0].refs, [(1, 5), (3, 26)]);
        let ids: Vec<&str> = read.reports[0]
            .endnotes
            .iter()
            .map(|n| n.id.as_str())
            .collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(read.reports[0].note_refs().len(), 2);
    }

    #[test]
    fn text_after_an_image_makes_it_text() {
        let read = md("![one](a.png) and more\n\n![two](b.png)![three](c.png)\n");
        assert!(figures(&read.reports[0].body).is_empty());
        assert_eq!(texts(&read.reports[0].body), ["one and more", "twothree"]);
        let read = md("![](d.png)\n");
        assert_eq!(figures(&read.reports[0].body)[0].alt, "");
        assert!(
            messages(&read)[0].contains("has no caption and no alt text"),
            "{:?}",
            messages(&read)
        );
    }
}
