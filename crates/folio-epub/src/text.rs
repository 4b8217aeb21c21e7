//! One XHTML document per report: its title, summary, related links and body, the body's
//! headings nested as sections, and a note reference at every `Inline::NoteRef`.

use folio_model::{Block, Diagnostic, Inline, PagePlace, RefCursor, Report};

use crate::book::Book;
use crate::document;
use crate::link;
use crate::markup::{Dropped, Markup};
use crate::notes;

/// The document of report `r`, with its notes after it unless they gather at the end.
pub(crate) fn report_document(
    book: &Book<'_>,
    r: usize,
    warnings: &mut Vec<Diagnostic>,
) -> (String, Dropped) {
    let report = &book.publication().reports[r];
    let plan = &book.reports[r];
    let mut out = book.markup(32 * 1024);
    // a web page's report is an article, which its page puts in a document of its own
    let wrapper = if book.html { "article" } else { "section" };
    if book.html {
        out.open(wrapper, &[("aria-labelledby", &plan.title_id)]);
    } else {
        document::start_in(&mut out, book.language_of(r), &plan.title);
        out.open(
            wrapper,
            &[
                ("epub:type", "chapter"),
                ("role", "doc-chapter"),
                ("aria-labelledby", &plan.title_id),
            ],
        );
    }
    out.newline();
    book.pages.write(&mut out, r, PagePlace::Start);
    match auto_dir(book.language_of(r), &plan.title) {
        Some(dir) => out.element("h1", &[("id", &plan.title_id), dir], &plan.title),
        None => out.element("h1", &[("id", &plan.title_id)], &plan.title),
    }
    out.newline();
    let mut text = ReportText::new(book, r, &plan.file, warnings);
    text.summary(&mut out, report);
    text.related(&mut out, report);
    text.body(&mut out, &report.body);
    if !book.notes_apart() && plan.has_endnotes {
        notes::notes_section(&mut text, &mut out);
    }
    out.close(wrapper);
    out.newline();
    if !book.html {
        document::finish(&mut out);
    }
    out.finish()
}

/// Writes the text of one report into one document.
pub(crate) struct ReportText<'b> {
    pub book: &'b Book<'b>,
    /// The report, as an index into `Publication::reports`.
    pub r: usize,
    /// The document being written, so that links within it stay `#id`.
    pub file: &'b str,
    cursor: RefCursor<'b>,
    /// How many note references inside the link being written wait for its end
    /// (a link cannot hold a link).
    deferred_refs: Option<usize>,
    /// The next table's index in the report's reading order (`ResolvedReport::tables`).
    pub(crate) next_table: usize,
    /// Whether the report's language is written right to left (its text is marked so
    /// as a whole); otherwise a paragraph, heading or list item holding right-to-left
    /// text gets `dir="auto"`, its direction from its first strong character.
    rtl: bool,
    /// The next figure's index in the report's reading order (`ResolvedReport::figures`).
    pub(crate) next_figure: usize,
    warnings: &'b mut Vec<Diagnostic>,
}

impl<'b> ReportText<'b> {
    /// A writer of report `r`'s text into the document `file`.
    pub(crate) fn new(
        book: &'b Book<'b>,
        r: usize,
        file: &'b str,
        warnings: &'b mut Vec<Diagnostic>,
    ) -> Self {
        Self {
            book,
            r,
            file,
            cursor: book.resolved.reports[r].cursor(),
            deferred_refs: None,
            next_table: 0,
            rtl: folio_model::is_rtl_language(book.language_of(r)),
            next_figure: 0,
            warnings,
        }
    }

    /// The report.
    pub(crate) fn report(&self) -> &'b Report {
        &self.book.publication().reports[self.r]
    }

    fn summary(&mut self, out: &mut Markup, report: &Report) {
        let Some(summary) = &report.summary else {
            return;
        };
        let book = self.book;
        let plan = &book.reports[self.r];
        let label = summary
            .label
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty());
        let mut attrs = vec![("class", "summary"), ("role", "doc-abstract")];
        match label {
            Some(_) => attrs.push(("aria-labelledby", &plan.summary_id)),
            None => attrs.push(("aria-label", "Summary")),
        }
        out.open("section", &attrs);
        out.newline();
        if let Some(label) = label {
            out.element(
                "p",
                &[("class", "summary-label"), ("id", &plan.summary_id)],
                label,
            );
            out.newline();
        }
        self.blocks(out, &summary.blocks);
        out.close("section");
        out.newline();
    }

    fn related(&mut self, out: &mut Markup, report: &Report) {
        for related in &report.related {
            let text = related.text.trim();
            if text.is_empty() {
                continue;
            }
            out.raw("<p class=\"related\">Related report: ");
            let target = related.target.as_deref().map(str::trim);
            let href = target.and_then(|t| {
                let publication = self.book.publication();
                match publication.reports.iter().position(|other| other.id == t) {
                    Some(other) => Some(self.book.reports[other].file.clone()),
                    None => link::web_address(t).filter(|_| folio_model::is_live_link(t)),
                }
            });
            match href {
                Some(href) => out.element("a", &[("href", &href)], text),
                None => out.text(text),
            }
            out.raw("</p>\n");
        }
    }

    /// The body: top-level headings open sections, nested by level; the pages of the
    /// print edition are marked where they begin.
    fn body(&mut self, out: &mut Markup, blocks: &[Block]) {
        let book = self.book;
        let plan = &book.reports[self.r];
        let mut open: Vec<u8> = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            let heading_id = plan.heading_ids.get(i).and_then(Option::as_deref);
            if let (Block::Heading { level, content }, Some(id)) = (block, heading_id) {
                while open.last().is_some_and(|&l| l >= *level) {
                    out.close("section");
                    out.newline();
                    open.pop();
                }
                out.open("section", &[("aria-labelledby", id)]);
                out.newline();
                open.push(*level);
                self.book.pages.write(out, self.r, PagePlace::Block(i));
                self.heading(out, *level, content, Some(id));
            } else {
                self.book.pages.write(out, self.r, PagePlace::Block(i));
                self.block(out, block);
            }
        }
        for _ in open {
            out.close("section");
            out.newline();
        }
    }

    /// Blocks in sequence.
    pub(crate) fn blocks(&mut self, out: &mut Markup, blocks: &[Block]) {
        for block in blocks {
            self.block(out, block);
        }
    }

    fn block(&mut self, out: &mut Markup, block: &Block) {
        match block {
            Block::Heading { level, content } => self.heading(out, *level, content, None),
            Block::Paragraph { content } => {
                let auto = self.auto_dir(|| inlines_have_rtl(content));
                out.raw(if auto { "<p dir=\"auto\">" } else { "<p>" });
                self.inlines(out, content);
                out.raw("</p>\n");
            }
            Block::List { start, items } => {
                let tag = if start.is_some() { "ol" } else { "ul" };
                match start {
                    Some(n) if *n != 1 => out.open(tag, &[("start", &n.to_string())]),
                    _ => out.open(tag, &[]),
                }
                out.newline();
                for item in items {
                    let auto = self.auto_dir(|| blocks_have_rtl(item));
                    out.raw(if auto { "<li dir=\"auto\">" } else { "<li>" });
                    match item.as_slice() {
                        [Block::Paragraph { content }] => self.inlines(out, content),
                        blocks => {
                            out.newline();
                            self.blocks(out, blocks);
                        }
                    }
                    out.raw("</li>\n");
                }
                out.close(tag);
                out.newline();
            }
            Block::Quote { blocks } => {
                out.raw("<blockquote>\n");
                self.blocks(out, blocks);
                out.raw("</blockquote>\n");
            }
            Block::Table(table) => self.table(out, table),
            Block::Figure(figure) => self.figure(out, figure),
        }
    }

    /// A heading of the body at model level `level`: `<h2>` for level 1 (the report's
    /// title is the `<h1>`), down to `<h6>`.
    fn heading(&mut self, out: &mut Markup, level: u8, content: &[Inline], id: Option<&str>) {
        const TAGS: [&str; 5] = ["h2", "h3", "h4", "h5", "h6"];
        let tag = TAGS[usize::from(level.clamp(1, 5) - 1)];
        let dir = self
            .auto_dir(|| inlines_have_rtl(content))
            .then_some(("dir", "auto"));
        let attributes: Vec<(&str, &str)> =
            id.map(|id| ("id", id)).into_iter().chain(dir).collect();
        out.open(tag, &attributes);
        self.inlines(out, content);
        out.close(tag);
        out.newline();
    }

    /// Whether an element whose content `holds_rtl` gets `dir="auto"`: when the report
    /// is not right to left and the element holds right-to-left text.
    pub(crate) fn auto_dir(&self, holds_rtl: impl FnOnce() -> bool) -> bool {
        !self.rtl && holds_rtl()
    }

    /// A table's or figure's caption after its label ("Table 1."): in a document that is
    /// not right to left, a caption holding right-to-left text is isolated in a `<bdi>`,
    /// which takes its direction from its own first strong character (the label, in
    /// Latin letters, would give the caption's `dir="auto"` left to right).
    pub(crate) fn caption_text(&mut self, out: &mut Markup, caption: &[Inline]) {
        if self.auto_dir(|| inlines_have_rtl(caption)) {
            out.raw("<bdi>");
            self.inlines(out, caption);
            out.raw("</bdi>");
        } else {
            self.inlines(out, caption);
        }
    }

    /// Inline content.
    pub(crate) fn inlines(&mut self, out: &mut Markup, content: &[Inline]) {
        for inline in content {
            self.inline(out, inline);
        }
    }

    fn inline(&mut self, out: &mut Markup, inline: &Inline) {
        match inline {
            Inline::Text { text } => out.text(text),
            Inline::Emphasis { content } => {
                out.raw("<em>");
                self.inlines(out, content);
                out.raw("</em>");
            }
            Inline::Strong { content } => {
                out.raw("<strong>");
                self.inlines(out, content);
                out.raw("</strong>");
            }
            Inline::Link { url, content } => self.link(out, url, content),
            Inline::NoteRef { .. } => match &mut self.deferred_refs {
                Some(waiting) => *waiting += 1,
                None => self.note_ref(out),
            },
        }
    }

    /// A link to a web address. Its note references follow it, as a link cannot hold
    /// a link; a link inside a link, or to anything but a web address, keeps its text.
    /// An address no edition makes live (`javascript:`, `file:`...) was warned about by
    /// resolve(); the others kept as text here are warned about here.
    fn link(&mut self, out: &mut Markup, url: &str, content: &[Inline]) {
        if !folio_model::is_live_link(url) {
            self.inlines(out, content);
            return;
        }
        let href = link::web_address(url);
        let reason = if self.deferred_refs.is_some() {
            Some("it is inside another link")
        } else if href.is_none() {
            Some("it is not a web address")
        } else {
            None
        };
        if let Some(reason) = reason {
            self.warnings.push(Diagnostic::warning(format!(
                "the link to {url:?} in {:?} is kept as text: {reason}",
                self.book.reports[self.r].title
            )));
            self.inlines(out, content);
            return;
        }
        let href = href.unwrap_or_default();
        out.open("a", &[("href", &href)]);
        self.deferred_refs = Some(0);
        self.inlines(out, content);
        let waiting = self.deferred_refs.take().unwrap_or(0);
        out.close("a");
        for _ in 0..waiting {
            self.note_ref(out);
        }
    }

    /// `<sup><a epub:type="noteref" role="doc-noteref" href="#n3" id="r3">3</a></sup>`,
    /// for the next reference site of the report.
    fn note_ref(&mut self, out: &mut Markup) {
        let Some((_, site)) = self.cursor.next_site() else {
            return;
        };
        let resolved = &self.book.resolved.reports[self.r];
        let Some(info) = site.note.and_then(|n| resolved.notes.get(n)) else {
            // A reference to no note: resolve() reported it and the export stopped.
            out.open("sup", &[("id", &site.anchor)]);
            out.raw("?</sup>");
            return;
        };
        let notes_file = match site.note {
            Some(n) => self.book.note_file(self.r, n),
            None => self.book.notes_file_of(self.r),
        };
        let href = Book::href(self.file, notes_file, &info.anchor);
        out.raw("<sup>");
        out.open(
            "a",
            &[
                ("epub:type", "noteref"),
                ("role", "doc-noteref"),
                ("href", &href),
                ("id", &site.anchor),
            ],
        );
        out.raw(&info.mark());
        out.raw("</a></sup>");
    }
}

/// Whether `content` holds right-to-left text.
pub(crate) fn inlines_have_rtl(content: &[Inline]) -> bool {
    let mut found = false;
    folio_model::for_each_inline(content, &mut |inline| {
        if let Inline::Text { text } = inline {
            found = found || folio_model::has_rtl_text(text);
        }
    });
    found
}

/// Whether `blocks` hold right-to-left text (in their paragraphs, headings and
/// captions, and the blocks inside lists, quotes and cells).
pub(crate) fn blocks_have_rtl(blocks: &[Block]) -> bool {
    let mut any = false;
    folio_model::for_each_block(blocks, &mut |block| {
        any = any || block.inlines().is_some_and(inlines_have_rtl);
    });
    any
}

/// `dir="auto"` for `text` (a title) holding right-to-left text in a document whose
/// `language` is not right to left.
pub(crate) fn auto_dir(language: &str, text: &str) -> Option<(&'static str, &'static str)> {
    (!folio_model::is_rtl_language(language) && folio_model::has_rtl_text(text))
        .then_some(("dir", "auto"))
}
