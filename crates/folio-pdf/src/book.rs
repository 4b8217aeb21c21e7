//! The whole book: reports set in parallel, notes where the options put them, the title
//! page and contents for a publication of several reports, page numbers and running
//! heads.

use rustc_hash::FxHashMap as HashMap;

use folio_fonts::Style;
use folio_model::{NotePlacement, PagePlace, Resolved};

use crate::PdfOptions;
use crate::bidi::BaseDirection;
use crate::flow::{FlowBlock, FlowContext, Heading, Region, report_flow};
use crate::fonts::FontBook;
use crate::paginate::{FootNotes, Page, Paginator};
use crate::paragraph::{Align, Line, LineLink, Span, Target, Typesetter};
use crate::shape::Shaper;
use crate::structure::{ARTIFACT, BOOK, NodeId, Role, Structure};
use crate::style::Theme;

/// What a page shows at its head.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Head {
    /// Nothing: a title page, a report's opening page.
    None,
    /// A title: the publication's on the left page, the report's on the right.
    Title(String),
    /// The pages that the notes on this page belong to.
    NotesTo(String),
}

/// A page with its number and head.
#[derive(Debug)]
pub(crate) struct BookPage {
    pub page: Page,
    /// The page's number, from 1 in the front matter and from 1 in the body.
    pub number: usize,
    /// The page number as printed and in the PDF's page labels.
    pub label: String,
    /// Whether the number is printed at the foot.
    pub folio: bool,
    pub head: Head,
    /// Front matter (numbered in roman numerals).
    pub front: bool,
}

impl BookPage {
    /// The page of the body numbered `number`, with its number at the foot.
    fn body(page: Page, number: usize) -> Self {
        BookPage {
            page,
            number,
            label: number.to_string(),
            folio: true,
            head: Head::None,
            front: false,
        }
    }
}

/// The laid-out book.
pub(crate) struct Book {
    pub pages: Vec<BookPage>,
    /// The entries of the outline: the reports and their headings, and the notes.
    pub outline: Vec<Heading>,
    /// Where each anchor is: page index, x and y relative to the text block.
    pub anchors: HashMap<String, (usize, f32, f32)>,
    /// Characters no font could show.
    pub missing: Vec<char>,
    /// The logical structure, for tagged PDF.
    pub structure: BookStructure,
    pub theme: Theme,
    /// The text block's size.
    pub width: f32,
    pub height: f32,
}

/// The book's logical structure: each report's, the book's own (title page, contents,
/// notes at the end), and the top-level elements in reading order.
#[derive(Debug, Default)]
pub(crate) struct BookStructure {
    pub reports: Vec<Structure>,
    pub book: Structure,
    pub order: Vec<NodeId>,
}

impl BookStructure {
    /// The element `id`, whichever scope it is in.
    pub fn element(&self, id: NodeId) -> Option<&crate::structure::Element> {
        if id.scope == BOOK {
            self.book.element(id)
        } else {
            self.reports.get(id.scope as usize)?.element(id)
        }
    }
}

/// One report laid out alone, before the book is put together.
pub(crate) struct ReportPages {
    pages: Vec<Page>,
    headings: Vec<Heading>,
    book_notes: Vec<FlowBlock>,
    structure: Structure,
    book_notes_root: Option<NodeId>,
    missing: Vec<char>,
}

/// What every page of the book shares: the text block and the theme.
#[derive(Clone, Copy)]
pub(crate) struct Frame {
    pub theme: Theme,
    pub width: f32,
    pub height: f32,
}

impl Frame {
    pub fn new(options: &PdfOptions) -> Self {
        let page = options.page_size;
        let margins = options.margins.unwrap_or_else(|| page.default_margins());
        Frame {
            theme: Theme::for_page(&page),
            width: (page.width - margins.inner - margins.outer).max(72.0),
            height: (page.height - margins.top - margins.bottom).max(72.0),
        }
    }
}

/// The key of each report's first note: the notes of the whole book are numbered on.
fn note_bases(resolved: &Resolved<'_>) -> Vec<u32> {
    let mut bases = Vec::with_capacity(resolved.publication.reports.len());
    let mut next = 0u32;
    for report in &resolved.publication.reports {
        bases.push(next);
        next = next.saturating_add(report.endnotes.len() as u32);
    }
    bases
}

/// Lays out the whole book: every report (see [`lay_out_reports`]), then what follows
/// them.
pub(crate) fn typeset<'r>(
    resolved: &'r Resolved<'r>,
    options: &PdfOptions,
    fonts: &FontBook,
) -> BookBuilder<'r> {
    let frame = Frame::new(options);
    let mut builder = BookBuilder::new(resolved, options, frame);
    lay_out_reports(resolved, options, fonts, frame, |report| {
        builder.push(report)
    });
    builder.finish(&mut Typesetter::new(Shaper::new(fonts)));
    builder
}

/// How many reports besides one per thread may be laid out and wait to be written.
const AHEAD: usize = 2;

/// Lays out the reports, each alone, on as many threads as the machine has cores, and
/// hands each to `take` in order, as soon as it and the ones before it are laid out.
/// `take` runs on the calling thread while later reports are still being laid out: the
/// PDF's pages are written there meanwhile. Each thread keeps its typesetter from report
/// to report: its shaping and hyphenation caches are what make the second report cheap.
/// With one core, one report, or no thread to be had, the reports are laid out here.
pub(crate) fn lay_out_reports(
    resolved: &Resolved<'_>,
    options: &PdfOptions,
    fonts: &FontBook,
    frame: Frame,
    mut take: impl FnMut(ReportPages),
) {
    use std::sync::atomic::{AtomicUsize, Ordering};

    let reports = resolved.publication.reports.len();
    let bases = note_bases(resolved);
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(reports);
    // each thread takes the next report not yet taken: they are done nearly in order
    let work = |send: &mut dyn FnMut(usize, ReportPages) -> bool, ticket: Option<&_>| {
        let mut t = Typesetter::new(Shaper::new(fonts));
        loop {
            if let Some(ticket) = ticket
                && std::sync::mpsc::SyncSender::send(ticket, ()).is_err()
            {
                return;
            }
            let r = next.fetch_add(1, Ordering::Relaxed);
            if r >= reports
                || !send(
                    r,
                    lay_out_report(&mut t, resolved, options, frame, r, bases[r]),
                )
            {
                return;
            }
        }
    };
    std::thread::scope(|scope| {
        let (done, arrive) = std::sync::mpsc::channel::<(usize, ReportPages)>();
        // A thread takes a ticket before it takes a report, and `take` gives one back
        // once it has written one: at most one report per thread and `AHEAD` more are
        // laid out and not yet written, so that when writing is the slower side, pages
        // do not pile up in memory. The report `take` waits for holds a ticket already,
        // so no thread waits for ever; and if `take` panics, the tickets' receiver goes
        // with this closure, and a thread waiting for a ticket stops.
        let (ticket, ticket_back) = std::sync::mpsc::sync_channel::<()>(threads + AHEAD);
        let helpers = (0..threads)
            .filter(|_| threads > 1)
            .filter_map(|_| {
                let done = done.clone();
                let ticket = ticket.clone();
                std::thread::Builder::new()
                    .name("folio-layout".into())
                    .stack_size(folio_model::STACK_SIZE)
                    .spawn_scoped(scope, move || {
                        work(&mut |r, pages| done.send((r, pages)).is_ok(), Some(&ticket))
                    })
                    .ok()
            })
            .count();
        drop(done);
        drop(ticket);
        if helpers == 0 {
            // no thread: one report after the other, here
            work(
                &mut |_, pages| {
                    take(pages);
                    true
                },
                None,
            );
            return;
        }
        // the reports arrive nearly in order; those early wait here for the ones before
        let mut early = std::collections::BTreeMap::new();
        let mut wanted = 0;
        for (r, pages) in arrive {
            early.insert(r, pages);
            while let Some(pages) = early.remove(&wanted) {
                take(pages);
                wanted += 1;
                // a thread may take another report; none waits for one when all are
                // taken, so a ticket not given back is no matter
                let _ = ticket_back.try_recv();
            }
        }
        // a panic on a thread goes on here, when the scope ends
    });
}

/// Lays out report `r`, whose notes' keys begin at `note_base`.
fn lay_out_report(
    t: &mut Typesetter<'_>,
    resolved: &Resolved<'_>,
    options: &PdfOptions,
    frame: Frame,
    r: usize,
    note_base: u32,
) -> ReportPages {
    let report = &resolved.publication.reports[r];
    let cx = FlowContext {
        theme: &frame.theme,
        width: frame.width,
        height: frame.height,
        placement: options.notes,
        report: r,
        note_base,
        new_page: true,
    };
    // the report's paragraphs read right to left when its language does
    let language = resolved.publication.language_of(report);
    let base = std::mem::replace(&mut t.base, BaseDirection::of_language(language));
    // and the fallback fonts for its language are tried first
    let fonts = t.shaper.set_language(language);
    let mut flow = report_flow(t, report, &resolved.reports[r], &cx);
    t.shaper.restore_language(fonts);
    t.base = base;
    let blocks = std::mem::take(&mut flow.blocks);
    let pages = paginate_report(
        blocks,
        &flow.foot_notes,
        &frame.theme,
        frame.width,
        frame.height,
        note_base,
    );
    ReportPages {
        pages,
        headings: flow.headings,
        book_notes: flow.book_notes,
        structure: flow.structure,
        book_notes_root: flow.book_notes_root,
        missing: std::mem::take(&mut t.shaper.missing),
    }
}

/// The book put together report by report, in the order its pages are written: the
/// reports' pages, the notes at the end of the book, then the front matter (the title
/// page and contents, which take the body's page numbers). The PDF's page tree puts the
/// front matter first; the book's page indices (of its anchors, say) are this order.
pub(crate) struct BookBuilder<'r> {
    resolved: &'r Resolved<'r>,
    notes: NotePlacement,
    bases: Vec<u32>,
    pub book: Book,
    book_notes: Vec<FlowBlock>,
    book_notes_roots: Vec<NodeId>,
    /// The reports whose notes are at the end of the book, in order.
    book_notes_reports: Vec<usize>,
    /// The front matter's part of the structure, for a book.
    front_part: Option<NodeId>,
}

impl<'r> BookBuilder<'r> {
    pub fn new(resolved: &'r Resolved<'r>, options: &PdfOptions, frame: Frame) -> Self {
        let mut structure = BookStructure {
            book: Structure::new(BOOK),
            ..BookStructure::default()
        };
        // the front matter's part comes first in reading order; it is filled in last
        let front_part = is_book(resolved).then(|| structure.book.add(None, Role::Part));
        structure.order.extend(front_part);
        BookBuilder {
            resolved,
            notes: options.notes,
            bases: note_bases(resolved),
            book: Book {
                pages: Vec::new(),
                outline: Vec::new(),
                anchors: HashMap::default(),
                missing: Vec::new(),
                structure,
                theme: frame.theme,
                width: frame.width,
                height: frame.height,
            },
            book_notes: Vec::new(),
            book_notes_roots: Vec::new(),
            book_notes_reports: Vec::new(),
            front_part,
        }
    }

    /// Adds the next report's pages, numbered, with their anchors and running heads.
    pub fn push(&mut self, report: ReportPages) {
        let book = &mut self.book;
        let first = book.pages.len();
        book.pages.extend(
            report
                .pages
                .into_iter()
                .enumerate()
                .map(|(i, page)| BookPage::body(page, first + i + 1)),
        );
        book.outline.extend(report.headings);
        self.book_notes.extend(report.book_notes);
        book.structure
            .order
            .extend(report.structure.roots.iter().copied());
        if report.book_notes_root.is_some() {
            self.book_notes_reports.push(book.structure.reports.len());
        }
        self.book_notes_roots.extend(report.book_notes_root);
        book.structure.reports.push(report.structure);
        for c in report.missing {
            if !book.missing.contains(&c) {
                book.missing.push(c);
            }
        }
        add_anchors(book, first);
        // the report just pushed, the last of the structure's
        let r = book.structure.reports.len() - 1;
        set_heads(book, self.resolved, &self.bases, first, r..r + 1);
    }

    /// Adds what follows the reports: the notes at the end of the book, when they go
    /// there, and the front matter of a book.
    pub fn finish(&mut self, t: &mut Typesetter<'_>) {
        let book = &mut self.book;
        let theme = book.theme;
        let (width, height) = (book.width, book.height);
        if self.notes == NotePlacement::EndOfBook && !self.book_notes.is_empty() {
            let structure = &mut book.structure;
            let notes_part = structure.book.add(None, Role::Part);
            structure.order.push(notes_part);
            let title_node = structure.book.add(
                Some(notes_part),
                Role::Heading {
                    level: 1,
                    title: "Notes".into(),
                },
            );
            for root in std::mem::take(&mut self.book_notes_roots) {
                structure.book.adopt(notes_part, root);
            }
            let mut title = set_plain(
                t,
                "Notes",
                Style::Bold,
                theme.report_title.size,
                theme.report_title.leading,
                width,
                Align::Left,
            );
            let anchor = "book/notes".to_owned();
            for line in &mut title {
                line.node = title_node;
            }
            if let Some(first) = title.first_mut() {
                first.anchors.push((anchor.clone(), 0.0));
            }
            let book_notes = std::mem::take(&mut self.book_notes);
            let block = FlowBlock {
                lines: title,
                x: 0.0,
                space_before: 0.0,
                space_after: 0.0,
                keep_with_next: true,
                break_before: true,
                orphans: usize::MAX,
                widows: 2,
                framed: false,
                origin: book_notes[0].origin,
                region: Region::Notes,
                note: None,
                table: None,
                float: false,
            };
            let mut blocks = vec![block];
            blocks.extend(book_notes);
            let mut paginator = Paginator::new(width, height, theme.frame_padding, None);
            paginator.place(blocks);
            let first = book.pages.len();
            book.pages.extend(
                paginator
                    .finish()
                    .into_iter()
                    .enumerate()
                    .map(|(i, mut page)| {
                        page.report = None;
                        BookPage::body(page, first + i + 1)
                    }),
            );
            book.outline.push(Heading {
                level: 0,
                title: "Notes".into(),
                anchor,
                in_contents: true,
            });
            // under it, the notes of each report, at their heading
            let reports = &self.resolved.publication.reports;
            for &r in &self.book_notes_reports {
                if let Some(report) = reports.get(r) {
                    book.outline.push(Heading {
                        level: 1,
                        title: report.title.clone(),
                        anchor: format!("{}/notes", report.id),
                        in_contents: false,
                    });
                }
            }
            add_anchors(book, first);
            let reports = book.structure.reports.len();
            set_heads(book, self.resolved, &self.bases, first, 0..reports);
        }

        if self.front_part.is_some() {
            let front = front_matter(t, self.resolved, book, self.front_part, width, height);
            let first = book.pages.len();
            book.pages
                .extend(front.into_iter().enumerate().map(|(i, page)| BookPage {
                    page,
                    number: i + 1,
                    label: roman(i + 1),
                    folio: i > 0,
                    head: Head::None,
                    front: true,
                }));
            add_anchors(book, first);
            // the outline nests publication, report, section
            for heading in &mut book.outline {
                heading.level += 1;
            }
            book.outline.insert(
                0,
                Heading {
                    level: 0,
                    title: self.resolved.publication.meta.title.clone(),
                    anchor: TITLE_ANCHOR.to_owned(),
                    in_contents: false,
                },
            );
            self.front_part = None;
        }
    }
}

/// A publication of several reports (or whose title is not its one report's) is a book:
/// it gets a title page and contents.
pub(crate) fn is_book(resolved: &Resolved<'_>) -> bool {
    let publication = resolved.publication;
    match publication.reports.as_slice() {
        [only] => only.title != publication.meta.title,
        _ => true,
    }
}

/// Paginates a report's blocks, with its notes at the foot of the page when they are
/// given.
fn paginate_report(
    blocks: Vec<FlowBlock>,
    foot_notes: &[FlowBlock],
    theme: &Theme,
    width: f32,
    height: f32,
    base: u32,
) -> Vec<Page> {
    let foot = (!foot_notes.is_empty()).then_some(FootNotes {
        blocks: foot_notes,
        base,
        gap: theme.notes.leading * 0.5,
    });
    let mut paginator = Paginator::new(width, height, theme.frame_padding, foot);
    paginator.place(blocks);
    paginator.finish()
}

/// The title page and the table of contents.
fn front_matter(
    t: &mut Typesetter<'_>,
    resolved: &Resolved<'_>,
    book: &mut Book,
    part: Option<NodeId>,
    width: f32,
    height: f32,
) -> Vec<Page> {
    let theme = book.theme;
    let theme = &theme;
    let structure = &mut book.structure.book;
    let mut tagged = |lines: Vec<Line>, role: Role| {
        let node = structure.add(part, role);
        lines
            .into_iter()
            .map(|mut line| {
                line.node = node;
                line
            })
            .collect::<Vec<_>>()
    };
    let meta = &resolved.publication.meta;
    let origin = (0, PagePlace::Start);
    let block = |lines: Vec<Line>, space_before: f32| FlowBlock {
        lines,
        x: 0.0,
        space_before,
        space_after: 0.0,
        keep_with_next: false,
        break_before: false,
        orphans: usize::MAX,
        widows: 1,
        framed: false,
        origin,
        region: Region::Body,
        note: None,
        table: None,
        float: false,
    };

    // the title page
    let mut title = Vec::new();
    let s = theme.body.size / 10.5;
    let mut top = Line::blank(height * 0.22);
    top.anchors.push((TITLE_ANCHOR.to_owned(), 0.0));
    title.push(block(vec![top], 0.0));
    // the volume's title is its first heading
    let title_role = Role::Heading {
        level: 1,
        title: meta.title.clone(),
    };
    title.push(block(
        tagged(
            set_plain(
                t,
                &meta.title,
                Style::Bold,
                26.0 * s,
                32.0 * s,
                width,
                Align::Center,
            ),
            title_role,
        ),
        0.0,
    ));
    if let Some(subtitle) = &meta.subtitle {
        title.push(block(
            tagged(
                set_plain(
                    t,
                    subtitle,
                    Style::Italic,
                    15.0 * s,
                    20.0 * s,
                    width,
                    Align::Center,
                ),
                Role::P,
            ),
            10.0 * s,
        ));
    }
    let mut credits = meta.authors.join(", ");
    if !meta.editors.is_empty() {
        if !credits.is_empty() {
            credits.push_str("; ");
        }
        credits.push_str(&format!("edited by {}", meta.editors.join(", ")));
    }
    if !credits.is_empty() {
        title.push(block(
            tagged(
                set_plain(
                    t,
                    &credits,
                    Style::Regular,
                    13.0 * s,
                    18.0 * s,
                    width,
                    Align::Center,
                ),
                Role::P,
            ),
            36.0 * s,
        ));
    }
    let imprint: Vec<&str> = [meta.publisher.as_deref(), meta.date.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !imprint.is_empty() {
        title.push(block(
            tagged(
                set_plain(
                    t,
                    &imprint.join(" · "),
                    Style::Regular,
                    11.0 * s,
                    15.0 * s,
                    width,
                    Align::Center,
                ),
                Role::P,
            ),
            48.0 * s,
        ));
    }

    // the contents: every report (and its notes at the end of the book), with its sections
    let mut contents = Vec::new();
    let mut heading = set_plain(
        t,
        "Contents",
        Style::Bold,
        theme.report_title.size,
        theme.report_title.leading,
        width,
        Align::Left,
    );
    let structure = &mut book.structure.book;
    let heading_node = structure.add(
        part,
        Role::Heading {
            level: 1,
            title: "Contents".into(),
        },
    );
    for line in &mut heading {
        line.node = heading_node;
    }
    let toc = structure.add(part, Role::Toc);
    if let Some(first) = heading.first_mut() {
        first.anchors.push(("book/contents".into(), 0.0));
    }
    let mut first_block = block(heading, 0.0);
    first_block.break_before = true;
    first_block.keep_with_next = true;
    contents.push(first_block);
    // the contents nest as the outline does: a report's sections are a TOC inside its
    // TOCI
    let mut report_item: Option<NodeId> = None;
    let mut sections: Option<NodeId> = None;
    for entry in &book.outline {
        // the outline is not nested under the publication yet: 0 is a report
        if entry.level > 1 || !entry.in_contents {
            continue;
        }
        // the body's anchors are known (its pages may be written, their lines gone)
        let Some(&(page, _, _)) = book.anchors.get(entry.anchor.as_str()) else {
            continue;
        };
        let number = book.pages[page].label.clone();
        let (style, face, indent, space) = if entry.level == 0 {
            (Style::Regular, theme.body, 0.0, theme.body.leading * 0.45)
        } else {
            (Style::Regular, theme.summary, theme.indent * 1.5, 0.0)
        };
        let list = if entry.level == 0 {
            sections = None;
            toc
        } else if let Some(parent) = report_item {
            *sections.get_or_insert_with(|| structure.add(Some(parent), Role::Toc))
        } else {
            toc
        };
        let item = structure.add(Some(list), Role::TocItem);
        if entry.level == 0 {
            report_item = Some(item);
        }
        let link = structure.add_inline(item, Role::Link);
        let lines = toc_entry(
            t,
            &entry.title,
            &number,
            style,
            face.size,
            face.leading,
            indent,
            width,
            &entry.anchor,
            link,
        );
        let mut b = block(lines, space);
        b.x = indent;
        b.orphans = 2;
        b.widows = 2;
        contents.push(b);
    }

    let mut paginator = Paginator::new(width, height, theme.frame_padding, None);
    paginator.place(title);
    paginator.place(contents);
    paginator.finish()
}

/// The anchor of the title page.
const TITLE_ANCHOR: &str = "book/title";

/// The size of the dots of the contents' leaders.
const LEADER_SIZE: f32 = 9.0;

/// A line of the contents: the title (wrapped if long), dot leaders, the page number,
/// all of it a link to the entry.
#[allow(clippy::too_many_arguments)]
fn toc_entry(
    t: &mut Typesetter<'_>,
    title: &str,
    number: &str,
    style: Style,
    size: f32,
    leading: f32,
    indent: f32,
    width: f32,
    anchor: &str,
    link: NodeId,
) -> Vec<Line> {
    let width = width - indent;
    let number_width = t.measure(number, style, size);
    let gap = size * 1.5;
    let mut lines = set_plain(
        t,
        title,
        style,
        size,
        leading,
        width - number_width - gap * 2.0,
        Align::Left,
    );
    // a right-to-left title stands at the right, set in by `indent` from there, its page
    // number at the left edge of the contents (the block stands `indent` in from it)
    let rtl = lines.iter().any(|line| line.rtl);
    let left = if rtl { -indent } else { 0.0 };
    if rtl {
        for line in &mut lines {
            line.x += left + number_width + gap * 2.0;
        }
    }
    if let Some(last) = lines.last_mut() {
        // the leaders of every entry end (or, right to left, start) at one place and have
        // one pitch, so their dots line up down the page
        let dot = t.measure(" .", Style::Regular, LEADER_SIZE);
        let number_room = t.measure("000", style, size) + gap * 0.5;
        let leader_end = width - number_room;
        let room = if rtl {
            last.x - size - (left + number_room)
        } else {
            leader_end - last.width - size
        };
        let count = (room / dot.max(0.1)).floor().max(0.0) as usize;
        if count > 0 {
            let dots = " .".repeat(count);
            if let Some(mut leader) = set_plain(
                t,
                &dots,
                Style::Regular,
                LEADER_SIZE,
                leading,
                width,
                Align::Left,
            )
            .into_iter()
            .next()
            {
                // the dots are decoration, not text
                for run in &mut leader.runs {
                    run.node = Some(ARTIFACT);
                }
                if rtl {
                    last.hang_right(leader, left + number_room);
                } else {
                    last.hang(leader, leader_end);
                }
            }
        }
        if let Some(number_line) = set_plain(t, number, style, size, leading, width, Align::Left)
            .into_iter()
            .next()
        {
            if rtl {
                last.hang_right(number_line, left);
            } else {
                last.hang(number_line, width);
            }
        }
    }
    for line in &mut lines {
        line.node = link;
        line.links.push(LineLink {
            x: left,
            width,
            target: Target::Anchor(anchor.to_owned()),
            alt: format!("{title}, page {number}"),
            node: Some(link),
        });
    }
    lines
}

/// Sets `text` in one style.
pub(crate) fn set_plain(
    t: &mut Typesetter<'_>,
    text: &str,
    style: Style,
    size: f32,
    leading: f32,
    width: f32,
    align: Align,
) -> Vec<Line> {
    let par = crate::paragraph::ParStyle {
        size,
        leading,
        align,
        width,
        first_indent: 0.0,
        hyphenate: false,
    };
    t.set(&[Span::text(text, style)], &par)
}

/// Adds the anchors of the pages from `first` on to the book's: where each is, by page
/// index, x and y (the first place of a name wins).
fn add_anchors(book: &mut Book, first: usize) {
    for (i, page) in book.pages.iter().enumerate().skip(first) {
        for placed in &page.page.lines {
            for (name, x) in &placed.line.anchors {
                book.anchors
                    .entry(name.clone())
                    .or_insert((i, placed.x + x, placed.y));
            }
        }
    }
}

/// Running heads of the pages from `first` on: the publication's title on left (even)
/// pages, the report's on right (odd) pages, none on a report's opening page; on pages
/// of notes, the pages the notes belong to ("Notes to pages 12–15"), of the notes of
/// `reports` (whose first note keys are `bases`).
fn set_heads(
    book: &mut Book,
    resolved: &Resolved<'_>,
    bases: &[u32],
    first: usize,
    reports: std::ops::Range<usize>,
) {
    let publication = resolved.publication;
    // the pages where each note is cited
    let mut cited: HashMap<u32, Vec<usize>> = HashMap::default();
    for r in reports {
        let (Some(report), Some(&base)) = (resolved.reports.get(r), bases.get(r)) else {
            continue;
        };
        for (n, info) in report.notes.iter().enumerate() {
            let pages = info
                .refs
                .iter()
                .filter_map(|&site| book.anchors.get(&report.refs[site].anchor).map(|a| a.0))
                .collect();
            cited.insert(base + n as u32, pages);
        }
    }
    for i in first..book.pages.len() {
        let page = &book.pages[i];
        if page.front {
            continue;
        }
        let head = if page.page.opening {
            Head::None
        } else if page.page.notes_only {
            let mut pages: Vec<usize> = page
                .page
                .notes
                .iter()
                .filter_map(|key| cited.get(key))
                .flatten()
                .copied()
                .collect();
            pages.sort_unstable();
            match (pages.first(), pages.last()) {
                (Some(&first), Some(&last)) if first == last => {
                    Head::NotesTo(format!("Notes to page {}", book.pages[first].label))
                }
                (Some(&first), Some(&last)) => Head::NotesTo(format!(
                    "Notes to pages {}\u{2013}{}",
                    book.pages[first].label, book.pages[last].label
                )),
                _ => Head::Title("Notes".into()),
            }
        } else {
            // odd numbers are right-hand pages: the report's title; left: the book's
            let recto = page.label.parse::<usize>().is_ok_and(|n| n % 2 == 1);
            let report = page.page.report.and_then(|r| publication.reports.get(r));
            match report {
                Some(report) if recto => Head::Title(report.title.clone()),
                _ => Head::Title(publication.meta.title.clone()),
            }
        };
        book.pages[i].head = head;
    }
}

/// Lowercase roman numerals, for front matter.
pub(crate) fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for &(value, numeral) in &NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "i");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(14), "xiv");
        assert_eq!(roman(1999), "mcmxcix");
    }

    #[test]
    fn headings_of_any_level_nest_under_their_report() {
        use folio_model::{Block, Inline, Publication, Report, ResolveOptions, SourceMap, resolve};
        // levels the model's type allows but no reader writes: 0 and 255 (found by the
        // `export` fuzz target, an overflow when the book nested its outline)
        let mut report = Report::new("a", "A");
        report.body = [0, 255, 3]
            .map(|level| Block::heading(level, vec![Inline::text("H")]))
            .into();
        let publication = Publication::new(
            folio_model::Meta::titled("Book"),
            vec![report, Report::new("b", "B")],
        );
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        let fonts = FontBook::new(&[]).unwrap();
        let book = typeset(&resolved, &PdfOptions::default(), &fonts).book;
        let levels: Vec<u8> = book.outline.iter().map(|h| h.level).collect();
        // the publication, then each report and its sections a level deeper
        assert_eq!(levels, [0, 1, 2, 7, 4, 1]);
    }
}
