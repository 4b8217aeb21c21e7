//! The Markdown reader: CommonMark with footnotes (`[^id]`), read by pulldown-cmark, and
//! a front-matter block (see `front_matter`); what it makes of them is told at
//! [`read_markdown`].

use std::collections::{HashMap, HashSet};

use folio_model::{
    Block, Diagnostic, Endnote, Inline, Location, Meta, NoteId, Report, ReportSource, Summary,
    for_each_inline, plain_text, report_id, unique_id,
};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
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
///   task markers and images (their alt text) become plain text; soft and hard line
///   breaks become spaces; thematic breaks hold no words and are left out.
/// - Footnote definitions become the endnotes of the reports that cite them, in the
///   order of their first reference (as pandoc numbers them), a note of several
///   paragraphs kept whole; a note cited twice is one note with two references. A note
///   cited from several reports is in each of them; a note cited from none stays in the
///   report it is written in, so that `resolve()` warns about it. A reference to a label
///   no definition has (`[^x]`, the label letters, digits, `-`, `_`, `.` and `:`) is a
///   reference that dangles, an error at its place.
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
    let body = text.get(front.body..).unwrap_or_default();
    for (event, range) in Parser::new_ext(body, Options::ENABLE_FOOTNOTES).into_offset_iter() {
        reader.event(event, range.start + front.body, range.end + front.body);
    }
    let (reports, sources) = reader.finish(&mut diagnostics);
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

/// A report being read: its title, body and where its references are.
#[derive(Debug)]
struct Draft {
    title: String,
    body: Vec<Block>,
    refs: Vec<(u32, u32)>,
}

impl Draft {
    fn new(title: String) -> Self {
        Self {
            title,
            body: Vec::new(),
            refs: Vec::new(),
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
    /// An image: its alt text joins the text around it.
    Image,
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
    diagnostics: Vec<Diagnostic>,
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
            diagnostics: Vec::new(),
        }
    }

    fn event(&mut self, event: Event<'_>, start: usize, end: usize) {
        match event {
            Event::Start(tag) => self.start(tag, start),
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
            Event::Rule => self.close_implicit(),
        }
    }

    fn start(&mut self, tag: Tag<'_>, start: usize) {
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
        let open = match tag {
            Tag::Paragraph => {
                self.spans.push(Span::root());
                Open::Paragraph
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
            Tag::Image { .. } => self.push_span(SpanKind::Image, start),
            Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
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
                if !content.is_empty() {
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
            SpanKind::Image | SpanKind::Root => {
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
                tables: Vec::new(),
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
/// caption before its cells).
fn for_each_ref(blocks: &[Block], f: &mut impl FnMut(&NoteId)) {
    folio_model::for_each_block(blocks, &mut |block| {
        let content = match block {
            Block::Table(table) => Some(table.caption.as_slice()),
            _ => block.content(),
        };
        if let Some(content) = content {
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
            Block::Table(table) => {
                rename_inline_refs(&mut table.caption, rename);
                for row in table
                    .head
                    .iter_mut()
                    .chain(&mut table.body)
                    .chain(&mut table.foot)
                {
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
}
