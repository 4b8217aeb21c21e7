//! Writing the laid-out book as PDF with krilla: glyph runs with their text (so the PDF's
//! text can be extracted), tinted boxes and rules, running heads and folios, links to
//! named destinations, the outline, page labels and document metadata.

use std::num::NonZeroU32;

use folio_fonts::Style;
use folio_model::{Resolved, Timestamp};
use krilla::Document;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target as LinkTarget};
use krilla::color::luma;
use krilla::destination::{Destination, NamedDestination, XyzDestination};
use krilla::geom::{PathBuilder, Point, Rect as PdfRect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, SpanTag, TagTree};
use krilla::text::{GlyphId, KrillaGlyph};

use crate::book::{Book, BookBuilder, BookPage, Head, ReportPages, set_plain};
use crate::fonts::FontBook;
use crate::paginate::Placed;
use crate::paragraph::{Align, Line, Segment, Target, TextRun, Typesetter};
use crate::tags::Tags;
use crate::{PdfError, PdfOptions, PdfStandard};

/// Lays the book's reports out as they are written: see [`crate::book::lay_out_reports`],
/// which hands each report to its callback in order.
pub(crate) type LayOut<'a> = &'a dyn Fn(&mut dyn FnMut(ReportPages));

/// Writes the book of `builder` as a PDF, giving each page's lines away once the page is
/// written (so that memory does not hold the laid-out book and the written one at once).
/// With `lay_out`, the book holds no report yet: each is pushed and its pages written as
/// it comes, while the next are laid out, and `laid_out` sees the book once every page
/// is laid out, before the PDF is finished: when it says no, the PDF is not finished
/// (`None`). Without `lay_out`, the whole book is laid out already.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write(
    builder: &mut BookBuilder<'_>,
    lay_out: Option<LayOut<'_>>,
    laid_out: &mut dyn FnMut(&Book) -> bool,
    resolved: &Resolved<'_>,
    fonts: &FontBook,
    t: &mut Typesetter<'_>,
    options: &PdfOptions,
    out: Option<&mut dyn crate::PdfOut>,
) -> Result<Option<Vec<u8>>, PdfError> {
    let settings = krilla::SerializeSettings {
        compress_content_streams: true,
        content_compression_level: options.compression_level,
        xmp_metadata: true,
        enable_tagging: options.tagged,
        configuration: crate::standard::configuration(&options.standards)?,
        ..krilla::SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    // what is set here (running heads, the title page and contents, the notes at the end
    // of the book) is the publication's: right to left when its language is
    t.base = crate::bidi::BaseDirection::of_language(&resolved.publication.meta.language);
    t.shaper.set_language(&resolved.publication.meta.language);
    let page_size = options.page_size;
    let margins = options
        .margins
        .unwrap_or_else(|| page_size.default_margins());
    let mut writer = PageWriter {
        fonts,
        origin: (margins.inner, margins.top),
        tags: Tags::default(),
        glyphs: Vec::new(),
        text: String::new(),
        starts: Vec::new(),
        run_order: Vec::new(),
        open: None,
        space_glyphs: (0..fonts.fonts.len())
            .map(|f| {
                let id = t
                    .shaper
                    .shape(f as u8, " ")
                    .glyphs
                    .first()
                    .map_or(0, |g| g.id);
                (id, t.shaper.units_per_em(f as u8))
            })
            .collect(),
        written: 0,
        freed: Vec::with_capacity(PAGES_FREED_TOGETHER),
        page: 0,
        images: crate::image::Images::default(),
    };

    // A page's lines, once drawn, go to a thread that frees them: freeing a page's many
    // small allocations is a tenth of this thread's time, and this thread is the one
    // the whole export waits for. They go PAGES_FREED_TOGETHER pages at a time, since
    // waking that thread for each page cost this one 6% of its time in futex calls;
    // the channel holds two such batches, so memory does not wait on a busy core.
    let (written, drop_here) = std::sync::mpsc::sync_channel::<Vec<Vec<Placed>>>(2);
    let identifier = std::thread::scope(|scope| -> Result<Option<String>, PdfError> {
        // the print edition's identifier, worked out meanwhile when it hashes the content
        let publication = resolved.publication;
        let identifier = publication.meta.identifier.is_none().then(|| {
            std::thread::Builder::new()
                .name("folio-identifier".into())
                .spawn_scoped(scope, || folio_model::print_identifier(publication))
        });
        // without that thread (none could be started), the lines are freed here
        let dropper = std::thread::Builder::new()
            .name("folio-free".into())
            .spawn_scoped(scope, move || drop_here.into_iter().for_each(drop));
        let written = dropper.is_ok().then_some(written);
        let free = written.as_ref();
        // the pages laid out already (all of them, without `lay_out`)
        writer.pages(&mut document, &mut builder.book, t, options, free)?;
        if let Some(lay_out) = lay_out {
            let mut failed = None;
            lay_out(&mut |report| {
                if failed.is_none() {
                    builder.push(report);
                    failed = writer
                        .pages(&mut document, &mut builder.book, t, options, free)
                        .err();
                }
            });
            if let Some(failed) = failed {
                return Err(failed);
            }
            builder.finish(t);
            if !laid_out(&builder.book) {
                return Ok(None);
            }
            writer.pages(&mut document, &mut builder.book, t, options, free)?;
        }
        if let Some(free) = free {
            let _ = free.send(std::mem::take(&mut writer.freed));
        }
        let identifier = identifier
            .and_then(Result::ok)
            .and_then(|thread| thread.join().ok())
            .unwrap_or_else(|| folio_model::print_identifier(publication));
        Ok(Some(identifier))
    })?;
    let Some(identifier) = identifier else {
        return Ok(None);
    };

    let book: &Book = &builder.book;
    // the front matter, set last, comes first
    if let Some(front) = book.pages.iter().position(|page| page.front) {
        document.set_first_page(front);
    }
    document.set_outline(outline(book, &writer)?);
    document.set_metadata(metadata(resolved, options, identifier));
    let tags = options.tagged.then(|| std::mem::take(&mut writer.tags));
    let language = &resolved.publication.meta.language;
    let mut sink = out.map(|out| move |piece| out.piece(piece));
    let sink = sink.as_mut().map(|sink| sink as &mut dyn FnMut(Vec<u8>));
    finish(document, tags, book, language, sink)
        .map(Some)
        .map_err(|e| match writer.images.failed(&e) {
            // an image krilla could not decode once it came to write it
            Some(failed) => failed,
            None => crate::standard::error(e, &options.standards, fonts),
        })
}

/// Finishes the PDF: returns its bytes, or without them hands them to `sink` as they
/// are written. A tagged PDF's tag tree is built on a thread of its own while krilla
/// serializes the fonts, the pages and their links (for the 150-report volume, 65 ms
/// beside 80 ms): both are on the way to the file, and this thread has nothing else
/// to do. Without a thread (none could be started), the tree is built here.
fn finish(
    document: Document,
    tags: Option<Tags>,
    book: &Book,
    language: &str,
    sink: Option<&mut dyn FnMut(Vec<u8>)>,
) -> krilla::error::KrillaResult<Vec<u8>> {
    let finish = |tag_tree: Option<&mut dyn FnMut() -> TagTree>| match sink {
        Some(sink) => document.finish_into(tag_tree, sink).map(|()| Vec::new()),
        None => match tag_tree {
            Some(tag_tree) => document.finish_with_tag_tree(tag_tree),
            None => document.finish(),
        },
    };
    let Some(tags) = tags else {
        return finish(None);
    };
    let tags = std::sync::Mutex::new(Some(tags));
    let build = || {
        let tags = tags
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        tags.map(|tags| tags.tree(&book.structure, language))
    };
    std::thread::scope(|scope| {
        let beside = std::thread::Builder::new()
            .name("folio-tags".into())
            .spawn_scoped(scope, build);
        let mut beside = Some(beside);
        finish(Some(&mut || {
            let built = beside
                .take()
                .and_then(|beside| beside.ok())
                .and_then(|thread| {
                    thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                });
            // the tags are taken once: by the thread, or here when it did not start
            built.or_else(build).unwrap_or_else(TagTree::new)
        }))
    })
}

/// How many written pages' lines go to the freeing thread at once.
const PAGES_FREED_TOGETHER: usize = 16;

struct PageWriter<'a> {
    fonts: &'a FontBook,
    /// The text block's top left on the page.
    origin: (f32, f32),
    /// The marked content of each element, for the tag tree.
    tags: Tags,
    /// Reused for each run's glyphs and text.
    glyphs: Vec<KrillaGlyph>,
    text: String,
    /// Reused for where each segment of a run starts in its text.
    starts: Vec<usize>,
    /// Reused for the order a line's runs are drawn in.
    run_order: Vec<usize>,
    /// The marked content being drawn: its element and identifier.
    open: Option<(crate::structure::NodeId, krilla::tagging::Identifier)>,
    /// Each font's space glyph and units per em.
    space_glyphs: Vec<(u16, f32)>,
    /// How many of the book's pages are written.
    written: usize,
    /// The lines of pages written, not yet sent to be freed.
    freed: Vec<Vec<Placed>>,
    /// The index of the page being written.
    page: usize,
    /// The figures' images, each read and embedded once.
    images: crate::image::Images,
}

impl PageWriter<'_> {
    /// Writes the book's pages not yet written, and gives their lines to `free` (to be
    /// freed on its thread) or drops them.
    fn pages(
        &mut self,
        document: &mut Document,
        book: &mut Book,
        t: &mut Typesetter<'_>,
        options: &PdfOptions,
        free: Option<&std::sync::mpsc::SyncSender<Vec<Vec<Placed>>>>,
    ) -> Result<(), PdfError> {
        let page_size = options.page_size;
        for index in self.written..book.pages.len() {
            // the lines leave the book, and are dropped once the page is written
            let lines = std::mem::take(&mut book.pages[index].page.lines);
            let book: &Book = book;
            self.page = index;
            let page = &book.pages[index];
            let number = NonZeroU32::new(page.number as u32);
            let style = if page.front {
                NumberingStyle::LowerRoman
            } else {
                NumberingStyle::Arabic
            };
            let settings = PageSettings::from_wh(page_size.width, page_size.height)
                .ok_or(PdfError::PageSize)?
                .with_page_label(PageLabel::new(Some(style), None, number));
            let mut pdf_page = document.start_page_with(settings);
            let mut surface = pdf_page.surface();
            self.decorations(&mut surface, page);
            // the marked content left open is closed on failure too: a surface dropped
            // with open marked content is a panic in krilla, not an error
            let drawn = lines.iter().try_for_each(|placed| {
                self.inside_page(placed, options, index)?;
                self.line(
                    &mut surface,
                    book,
                    &placed.line,
                    (placed.x, placed.y),
                    ArtifactType::Layout,
                )
            });
            self.close_marked(&mut surface, book);
            drawn?;
            let drawn = self.head_and_folio(&mut surface, book, page, t, options);
            self.close_marked(&mut surface, book);
            drawn?;
            surface.finish();
            for placed in &lines {
                for link in &placed.line.links {
                    let annotation = self.link(book, link, placed.x, placed.y, &placed.line)?;
                    match link.node {
                        Some(node) if options.tagged => {
                            let leaf = pdf_page.add_tagged_annotation(annotation);
                            self.tags.record(&book.structure, node, leaf);
                        }
                        _ => pdf_page.add_annotation(annotation),
                    }
                }
            }
            pdf_page.finish();
            self.written = index + 1;
            // freed on the other thread, off this one's critical path; without that
            // thread, here at the end of the iteration (and if it has stopped, by the
            // failed send)
            if let Some(free) = free {
                self.freed.push(lines);
                if self.freed.len() == PAGES_FREED_TOGETHER {
                    let _ = free.send(std::mem::replace(
                        &mut self.freed,
                        Vec::with_capacity(PAGES_FREED_TOGETHER),
                    ));
                }
            }
        }
        Ok(())
    }

    fn decorations(&self, surface: &mut Surface<'_>, page: &BookPage) {
        let (ox, oy) = self.origin;
        if page.page.frames.is_empty() && page.page.rules.is_empty() {
            return;
        }
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::Layout,
        )));
        surface.set_fill(Some(Fill {
            paint: luma::Color::new(236).into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        }));
        for frame in &page.page.frames {
            if let Some(path) = rect_path(ox + frame.x, oy + frame.y, frame.width, frame.height) {
                surface.draw_path(&path);
            }
        }
        surface.set_fill(Some(Fill::default()));
        for rule in &page.page.rules {
            if let Some(path) = rect_path(ox + rule.x, oy + rule.y, rule.width, rule.thickness) {
                surface.draw_path(&path);
            }
        }
        surface.end_tagged();
    }

    /// Fails when `placed`, a line of page `index`, would be set outside the page (where
    /// no reader sees it): nothing is written rather than text lost. The layout keeps
    /// every line inside the text block (nesting stops setting text further in, a word
    /// wider than the measure is cut); margins that leave the text no room on the page
    /// are what this catches.
    fn inside_page(
        &self,
        placed: &Placed,
        options: &PdfOptions,
        index: usize,
    ) -> Result<(), PdfError> {
        const SLACK: f32 = 0.5;
        let (ox, oy) = self.origin;
        let line = &placed.line;
        let hung = line.runs.iter().map(|run| run.x).fold(0.0, f32::min);
        let left = ox + placed.x + hung;
        let right = ox + placed.x + line.width;
        let bottom = oy + placed.y + line.height;
        let page = options.page_size;
        let inside = left >= -SLACK
            && right <= page.width + SLACK
            && oy + placed.y >= -SLACK
            && bottom <= page.height + SLACK;
        if inside {
            Ok(())
        } else {
            Err(PdfError::Placement(format!(
                "a line of page {} would be set outside the page, from ({left:.1}, {:.1}) to \
                 ({right:.1}, {bottom:.1}) pt on a page {:.1} by {:.1} pt; the margins leave \
                 the text no room",
                index + 1,
                oy + placed.y,
                page.width,
                page.height
            )))
        }
    }

    /// Draws a line's glyph runs: one glyph call per run, word spaces as real space
    /// glyphs so that extracted text has its spaces. Each run is marked content of its
    /// element, or an artifact of kind `artifact`.
    fn line(
        &mut self,
        surface: &mut Surface<'_>,
        book: &Book,
        line: &Line,
        (x, y): (f32, f32),
        artifact: ArtifactType,
    ) -> Result<(), PdfError> {
        if let Some(image) = &line.image {
            self.image(surface, book, line.node, image, (x, y), artifact)?;
        }
        let (ox, oy) = self.origin;
        let baseline = oy + y + line.baseline;
        let mut glyphs = std::mem::take(&mut self.glyphs);
        let mut text = std::mem::take(&mut self.text);
        let mut order = std::mem::take(&mut self.run_order);
        drawing_order(line, &mut order);
        let last = order.last().copied();
        for &i in &order {
            let run = &line.runs[i];
            glyph_run(
                run,
                &self.space_glyphs,
                &mut glyphs,
                &mut text,
                &mut self.starts,
            );
            if line.rtl && !line.hyphenated && Some(i) == last {
                trailing_space(run, &self.space_glyphs, &mut glyphs, &mut text);
            }
            if glyphs.is_empty() {
                continue;
            }
            let Some(font) = self.fonts.fonts.get(usize::from(run.font)) else {
                return Err(PdfError::Layout(format!(
                    "a run of text is in font {}, which the book does not hold",
                    run.font
                )));
            };
            let node = run.node.unwrap_or(line.node);
            if node.is_artifact() {
                self.close_marked(surface, book);
                // a table's header drawn again on a later page is an artifact of pagination
                let kind = if node == crate::structure::REPEATED {
                    ArtifactType::PaginationOther
                } else {
                    artifact
                };
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
            } else if self.open.is_none_or(|(open, _)| open != node) {
                self.close_marked(surface, book);
                let leaf = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                self.open = Some((node, leaf));
            }
            surface.draw_glyphs(
                Point::from_xy(ox + x + run.x, baseline - run.rise),
                &glyphs,
                font.pdf.clone(),
                &text,
                run.size,
                false,
            );
            if node.is_artifact() {
                surface.end_tagged();
            }
        }
        self.glyphs = glyphs;
        self.text = text;
        self.run_order = order;
        Ok(())
    }

    /// Draws a figure's image with its top left at `x`, `y` of the text block: marked
    /// content of its Figure element `node`, whose bounding box it gives, or an artifact
    /// of kind `artifact` (a decorative image; one in a table's header drawn again, of
    /// pagination).
    fn image(
        &mut self,
        surface: &mut Surface<'_>,
        book: &Book,
        node: crate::structure::NodeId,
        image: &crate::image::LineImage,
        (x, y): (f32, f32),
        artifact: ArtifactType,
    ) -> Result<(), PdfError> {
        let (ox, oy) = self.origin;
        let at = (ox + x, oy + y);
        self.close_marked(surface, book);
        self.images.load_once(surface, &image.image)?;
        if node.is_artifact() {
            let kind = if node == crate::structure::REPEATED {
                ArtifactType::PaginationOther
            } else {
                artifact
            };
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
            self.images.draw(surface, image, at);
            surface.end_tagged();
        } else {
            let leaf = surface.start_tagged(ContentTag::Other);
            self.images.draw(surface, image, at);
            surface.end_tagged();
            self.tags.record(&book.structure, node, leaf);
            if let Some(rect) = PdfRect::from_xywh(at.0, at.1, image.width, image.height) {
                self.tags.figure_box(node, self.page, rect);
            }
        }
        Ok(())
    }

    /// Ends the marked content left open (the runs of one element drawn one after the
    /// other, across lines, are one marked sequence) and gives it to its element.
    fn close_marked(&mut self, surface: &mut Surface<'_>, book: &Book) {
        if let Some((node, leaf)) = self.open.take() {
            surface.end_tagged();
            self.tags.record(&book.structure, node, leaf);
        }
    }

    fn head_and_folio(
        &mut self,
        surface: &mut Surface<'_>,
        book: &Book,
        page: &BookPage,
        t: &mut Typesetter<'_>,
        options: &PdfOptions,
    ) -> Result<(), PdfError> {
        let theme = &book.theme;
        let width = book.width;
        let (_, oy) = self.origin;
        let recto = page.label.parse::<usize>().is_ok_and(|n| n % 2 == 1);
        let text = match &page.head {
            Head::None => None,
            Head::Title(title) => Some(title.as_str()),
            Head::NotesTo(text) => Some(text.as_str()),
        };
        if let Some(text) = text {
            let face = theme.running_head;
            let align = if recto { Align::Right } else { Align::Left };
            if let Some(line) = set_plain(
                t,
                text,
                Style::Italic,
                face.size,
                face.leading,
                width,
                align,
            )
            .into_iter()
            .next()
            {
                let y = -face.leading * 2.4;
                self.line(surface, book, &line, (line.x, y), ArtifactType::Header)?;
                let rule_y = oy + y + face.leading + 2.0;
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                    ArtifactType::Header,
                )));
                surface.set_fill(Some(Fill::default()));
                if let Some(path) = rect_path(self.origin.0, rule_y, width, 0.4) {
                    surface.draw_path(&path);
                }
                surface.end_tagged();
            }
        }
        if page.folio {
            let face = theme.folio;
            if let Some(line) = set_plain(
                t,
                &page.label,
                Style::Regular,
                face.size,
                face.leading,
                width,
                Align::Center,
            )
            .into_iter()
            .next()
            {
                let bottom = options.page_size.height - oy;
                let margins = options
                    .margins
                    .unwrap_or_else(|| options.page_size.default_margins());
                let y = book.height + (bottom - book.height - oy).max(0.0) + margins.bottom * 0.35;
                self.line(surface, book, &line, (line.x, y), ArtifactType::PageNumber)?;
            }
        }
        Ok(())
    }

    fn link(
        &self,
        book: &Book,
        link: &crate::paragraph::LineLink,
        x: f32,
        y: f32,
        line: &Line,
    ) -> Result<Annotation, PdfError> {
        let (ox, oy) = self.origin;
        let top = oy + y + line.baseline - line.size * 0.95;
        let rect = PdfRect::from_xywh(ox + x + link.x, top, link.width.max(1.0), line.size * 1.25)
            .ok_or_else(|| PdfError::Layout(format!("a link to {:?} has no area", link.target)))?;
        let target = match &link.target {
            Target::Url(url) => LinkTarget::Action(Action::Link(LinkAction::new(url.clone()))),
            Target::Anchor(name) => {
                let destination = self.destination(book, name)?;
                LinkTarget::Destination(Destination::Named(NamedDestination::new(
                    name.clone(),
                    destination,
                )))
            }
        };
        Ok(Annotation::new_link(
            LinkAnnotation::new(rect, target),
            Some(link.alt.clone()),
        ))
    }

    /// Where `anchor` is; an error when it is nowhere in the book (a link or an outline
    /// entry would be lost).
    fn destination(&self, book: &Book, anchor: &str) -> Result<XyzDestination, PdfError> {
        let &(page, x, y) = book.anchors.get(anchor).ok_or_else(|| {
            PdfError::Layout(format!(
                "{anchor:?}, which a link or the outline leads to, is nowhere in the book"
            ))
        })?;
        let (ox, oy) = self.origin;
        Ok(XyzDestination::new(
            page,
            Point::from_xy(ox + x.max(0.0), (oy + y - 4.0).max(0.0)),
        ))
    }
}

/// The order `line`'s runs are drawn in, into `order`: their logical order, so that
/// extractors reading glyphs as drawn (MuPDF) get the text as typed (each run is placed
/// by its own position, so the order changes nothing on the page). A line with no
/// right-to-left text is drawn as set; otherwise its runs are taken from the left, then
/// a right-to-left line's turned round, and each stretch of runs against the line's
/// direction (a number or a Latin name in Arabic, a Hebrew name in English) turned back.
fn drawing_order(line: &Line, order: &mut Vec<usize>) {
    order.clear();
    order.extend(0..line.runs.len());
    if !line.rtl && !line.runs.iter().any(|run| run.rtl) {
        return;
    }
    order.sort_by(|&a, &b| line.runs[a].x.total_cmp(&line.runs[b].x));
    if line.rtl {
        order.reverse();
    }
    let mut i = 0;
    while i < order.len() {
        if line.runs[order[i]].rtl == line.rtl {
            i += 1;
            continue;
        }
        let start = i;
        while i < order.len() && line.runs[order[i]].rtl != line.rtl {
            i += 1;
        }
        order[start..i].reverse();
    }
}

/// Ends the last run drawn of a right-to-left line with a space of no width, where its
/// text ends (left of a right-to-left run, right of a number or a Latin word): the
/// space that stands between this line and what is drawn next. Drawn in logical order,
/// the next cell of a right-to-left table row starts left of this one, where MuPDF,
/// which puts a space only where text moves on to the right, would join the two cells'
/// words; poppler sorts text by position and drops the space.
fn trailing_space(
    run: &TextRun,
    space_glyphs: &[(u16, f32)],
    glyphs: &mut Vec<KrillaGlyph>,
    text: &mut String,
) {
    let Some(last) = glyphs.last() else {
        return;
    };
    let pen: f32 = glyphs.iter().map(|g| g.x_advance).sum();
    let x_offset = if run.rtl {
        // the last glyph drawn is the leftmost: the space lands just left of it
        let landed = pen - last.x_advance + last.x_offset;
        landed - 0.001 - pen
    } else {
        0.0
    };
    let base = text.len();
    text.push(' ');
    let mut space = space_glyph(run, space_glyphs, 0.0, &mut 0.0, base);
    space.x_offset = x_offset;
    glyphs.push(space);
}

/// The glyphs and text of a run, for `draw_glyphs`, into `glyphs` and `text` (emptied
/// first): each glyph's text range covers its cluster, so ligatures extract as their
/// letters. A right-to-left run goes to [`right_to_left_run`] (`starts` is its buffer).
fn glyph_run(
    run: &TextRun,
    space_glyphs: &[(u16, f32)],
    glyphs: &mut Vec<KrillaGlyph>,
    text: &mut String,
    starts: &mut Vec<usize>,
) {
    text.clear();
    glyphs.clear();
    if run.rtl {
        right_to_left_run(run, space_glyphs, glyphs, text, starts);
        return;
    }
    let mut carry = 0.0f32;
    for segment in &run.segments {
        match segment {
            Segment::Glyphs { shaped, range } => {
                let start = range.start as usize;
                let end = range.end as usize;
                let Some((text_start, text_end)) = shaped.text_span(start..end) else {
                    continue;
                };
                let base = text.len();
                text.push_str(shaped.text_of(start..end));
                for i in start..end {
                    let g = &shaped.glyphs[i];
                    let cluster_end = shaped.glyphs[i + 1..end]
                        .iter()
                        .map(|n| n.cluster as usize)
                        .find(|&c| c != g.cluster as usize)
                        .unwrap_or(text_end);
                    let from = base + (g.cluster as usize).saturating_sub(text_start);
                    let to = base + cluster_end.saturating_sub(text_start);
                    glyphs.push(KrillaGlyph::new(
                        GlyphId::new(u32::from(g.id)),
                        g.advance,
                        g.x_offset,
                        g.y_offset,
                        0.0,
                        from.min(text.len())..to.min(text.len()).max(from.min(text.len())),
                        None,
                    ));
                }
            }
            Segment::Space { width } => {
                let base = text.len();
                text.push(' ');
                glyphs.push(space_glyph(run, space_glyphs, *width, &mut carry, base));
            }
        }
    }
}

/// A word space `width` points wide, its text the space at `base`, in whole font units
/// (the rounding carried on to the next space in `carry`, so the line still ends where
/// it should): the writer then states the difference from the font's space as a short
/// whole number.
#[inline]
fn space_glyph(
    run: &TextRun,
    space_glyphs: &[(u16, f32)],
    width: f32,
    carry: &mut f32,
    base: usize,
) -> KrillaGlyph {
    let (glyph, upem) = space_glyphs
        .get(usize::from(run.font))
        .copied()
        .unwrap_or((0, 1000.0));
    let wanted = width / run.size * upem + *carry;
    let units = wanted.round();
    *carry = wanted - units;
    KrillaGlyph::new(
        GlyphId::new(u32::from(glyph)),
        crate::shape::em(units, upem),
        0.0,
        0.0,
        0.0,
        base..base + 1,
        None,
    )
}

/// The glyphs and text of a right-to-left run, as [`glyph_run`] gives them: its text its
/// segments' in logical order (from the last segment to the first, where `starts` notes
/// each one's start), so that every glyph maps to its characters as typed, joining
/// forms and ligatures too; its glyphs taken from the left as laid out (each segment's
/// from its last cluster to its first), then put in logical order by [`logical_order`],
/// each still landing where it was laid out.
fn right_to_left_run(
    run: &TextRun,
    space_glyphs: &[(u16, f32)],
    glyphs: &mut Vec<KrillaGlyph>,
    text: &mut String,
    starts: &mut Vec<usize>,
) {
    starts.clear();
    starts.resize(run.segments.len(), 0);
    for (segment, start) in run.segments.iter().zip(starts.iter_mut()).rev() {
        *start = text.len();
        text.push_str(segment_text(segment));
    }
    let mut carry = 0.0f32;
    for (segment, &base) in run.segments.iter().zip(starts.iter()) {
        match segment {
            Segment::Glyphs { shaped, range } => {
                let start = range.start as usize;
                let end = range.end as usize;
                let Some((text_start, text_end)) = shaped.text_span(start..end) else {
                    continue;
                };
                right_to_left_glyphs(
                    shaped,
                    start..end,
                    (base, text_start, text_end),
                    text,
                    glyphs,
                );
            }
            Segment::Space { width } => {
                glyphs.push(space_glyph(run, space_glyphs, *width, &mut carry, base));
            }
        }
    }
    logical_order(glyphs);
}

/// Reorders `glyphs`, laid out from the left, to be drawn in logical order: from the
/// rightmost cluster to the leftmost (a cluster: a glyph and those after it whose text
/// does not come before its own, a letter and its marks), each glyph still landing where
/// it stood. Extractors that read glyphs in the order they are drawn (MuPDF) then give
/// the words as typed, and those that sort them by position (poppler) are not misled.
fn logical_order(glyphs: &mut Vec<KrillaGlyph>) {
    if glyphs.len() < 2 {
        return;
    }
    // where each glyph lands, from the run's start
    let mut pen = 0.0f32;
    let mut landed: Vec<(f32, KrillaGlyph)> = Vec::with_capacity(glyphs.len());
    for g in glyphs.drain(..) {
        let x = pen + g.x_offset;
        pen += g.x_advance;
        landed.push((x, g));
    }
    /// How close (in ems) two clusters' origins are to count as the same place.
    const SAME_PLACE: f32 = 0.001;
    let mut previous: Option<f32> = None;
    let mut end = landed.len();
    while end > 0 {
        let mut start = end - 1;
        while start > 0 && landed[start].1.text_range.start >= landed[start - 1].1.text_range.start
        {
            start -= 1;
        }
        // a cluster that lands where the one before it did (lam-alef: an alef of no
        // advance drawn at the lam's origin) moves a thousandth of an em to the left, so
        // that extractors sorting by position (poppler) put it after that one
        let shift = match previous {
            Some(x) if (landed[start].0 - x).abs() < SAME_PLACE => x - SAME_PLACE - landed[start].0,
            _ => 0.0,
        };
        previous = Some(landed[start].0 + shift);
        glyphs.extend(landed[start..end].iter().map(|(x, g)| {
            let mut g = g.clone();
            g.x_offset = *x + shift;
            g
        }));
        end = start;
    }
    // each glyph drawn from the pen where the one before it left off: pen moves by the
    // difference of where they land, so only the first carries an offset
    let mut pen = 0.0f32;
    for i in 0..glyphs.len() {
        let x = glyphs[i].x_offset;
        let next = glyphs
            .get(i + 1)
            .map_or(x + glyphs[i].x_advance, |n| n.x_offset);
        glyphs[i].x_offset = x - pen;
        glyphs[i].x_advance = next - pen;
        pen = next;
    }
}

/// The glyphs `range` of `shaped`, a right-to-left piece whose text (bytes `text_start`
/// to `text_end` of its own) stands at `base` in the run's `text`: its clusters from the
/// last, each one's glyphs from its first (a letter, then its marks), each moved back to
/// where rustybuzz put it (drawn from the last glyph, a glyph stood after the advances
/// of those after it; drawn from the first, it stands after those before it), so that
/// extractors, which join a mark to the letter drawn before it, keep them together.
fn right_to_left_glyphs(
    shaped: &crate::shape::Shaped,
    range: std::ops::Range<usize>,
    (base, text_start, text_end): (usize, usize, usize),
    text: &str,
    glyphs: &mut Vec<KrillaGlyph>,
) {
    let (start, end) = (range.start, range.end);
    let mut push = |i: usize, shift: f32| {
        let g = &shaped.glyphs[i];
        let cluster_end = shaped.glyphs[i + 1..end]
            .iter()
            .map(|n| n.cluster as usize)
            .find(|&c| c != g.cluster as usize)
            .unwrap_or(text_end);
        // a letter and its marks (shadda, vowel points), one glyph each: each glyph maps
        // to its own character, so that no span of replacement text is needed, which
        // extractors place badly
        let (from, to) = own_character(shaped, start..end, i, cluster_end)
            .unwrap_or((g.cluster as usize, cluster_end));
        let from = (base + from.saturating_sub(text_start)).min(text.len());
        let mut to = (base + to.saturating_sub(text_start))
            .min(text.len())
            .max(from);
        if to == from {
            // a glyph always stands for a character (the one it was shaped for), or its
            // text would be lost
            to = text[from..]
                .chars()
                .next()
                .map_or(from, |c| from + c.len_utf8());
        }
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(u32::from(g.id)),
            g.advance,
            g.x_offset + shift,
            g.y_offset,
            0.0,
            from..to,
            None,
        ));
    };
    let mut cluster_end = end;
    while cluster_end > start {
        let cluster = shaped.glyphs[cluster_end - 1].cluster;
        let mut first = cluster_end - 1;
        while first > start && shaped.glyphs[first - 1].cluster == cluster {
            first -= 1;
        }
        let total: f32 = shaped.glyphs[first..cluster_end]
            .iter()
            .map(|g| g.advance)
            .sum();
        let mut before = 0.0f32;
        for k in first..cluster_end {
            let advance = shaped.glyphs[k].advance;
            let after = total - before - advance;
            push(k, after - before);
            before += advance;
        }
        cluster_end = first;
    }
}

/// The byte range of the one character glyph `i` of `shaped` stands for, when its
/// cluster (ending at byte `cluster_end`, its glyphs within `range`) has as many glyphs
/// as characters, in logical order: a letter and its marks. `None` otherwise (a
/// ligature, one character drawn with several glyphs), when the glyph stands for the
/// whole cluster.
fn own_character(
    shaped: &crate::shape::Shaped,
    range: std::ops::Range<usize>,
    i: usize,
    cluster_end: usize,
) -> Option<(usize, usize)> {
    let cluster = shaped.glyphs[i].cluster;
    let first = (range.start..i)
        .rev()
        .take_while(|&j| shaped.glyphs[j].cluster == cluster)
        .last()
        .unwrap_or(i);
    let glyphs = (first..range.end)
        .take_while(|&j| shaped.glyphs[j].cluster == cluster)
        .count();
    let text = shaped.text.get(cluster as usize..cluster_end)?;
    if glyphs < 2 || text.chars().count() != glyphs {
        return None;
    }
    let (at, c) = text.char_indices().nth(i - first)?;
    let from = cluster as usize + at;
    Some((from, from + c.len_utf8()))
}

/// The text a segment shows: its glyphs' clusters, or a space.
fn segment_text(segment: &Segment) -> &str {
    match segment {
        Segment::Glyphs { shaped, range } => {
            shaped.text_of(range.start as usize..range.end as usize)
        }
        Segment::Space { .. } => " ",
    }
}

fn rect_path(x: f32, y: f32, width: f32, height: f32) -> Option<krilla::geom::Path> {
    let mut builder = PathBuilder::new();
    builder.push_rect(PdfRect::from_xywh(x, y, width, height)?);
    builder.finish()
}

/// The outline: the publication (for a book), its reports, their sections.
fn outline(book: &Book, writer: &PageWriter<'_>) -> Result<Outline, PdfError> {
    let mut outline = Outline::new();
    // a stack of (level, node) built from the flat headings
    let mut stack: Vec<(u8, OutlineNode)> = Vec::new();
    let mut roots: Vec<OutlineNode> = Vec::new();
    fn close(stack: &mut Vec<(u8, OutlineNode)>, roots: &mut Vec<OutlineNode>, level: u8) {
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            if let Some((_, node)) = stack.pop() {
                match stack.last_mut() {
                    Some((_, parent)) => parent.push_child(node),
                    None => roots.push(node),
                }
            }
        }
    }
    for heading in &book.outline {
        let destination = writer.destination(book, &heading.anchor)?;
        close(&mut stack, &mut roots, heading.level);
        stack.push((
            heading.level,
            OutlineNode::new(heading.title.clone(), destination),
        ));
    }
    close(&mut stack, &mut roots, 0);
    for root in roots {
        outline.push_child(root);
    }
    Ok(outline)
}

/// The document's metadata; `identifier` is the print edition's
/// ([`folio_model::print_identifier`]).
fn metadata(resolved: &Resolved<'_>, options: &PdfOptions, identifier: String) -> Metadata {
    let meta = &resolved.publication.meta;
    let mut metadata = Metadata::new()
        .title(meta.title.clone())
        .language(meta.language.clone())
        .creator("folio".to_owned())
        .producer(format!("folio {}", env!("CARGO_PKG_VERSION")))
        .identifier(identifier);
    // no date when none is known, unless PDF/A requires one
    let archival = options.standards.iter().any(|s| *s != PdfStandard::Ua1);
    let date = options
        .modified
        .or_else(|| archival.then_some(Timestamp::FALLBACK));
    if let Some(date) = date {
        metadata = metadata.creation_date(date_time(&date));
    }
    // the publication's own identifier; without one, krilla derives the file's id from
    // its bytes, which is as stable as a hash of the content and costs nothing more
    if let Some(identifier) = &meta.identifier {
        metadata = metadata.document_id(identifier.clone());
    }
    if !meta.authors.is_empty() {
        metadata = metadata.authors(meta.authors.clone());
    }
    if let Some(description) = meta.description.clone().or_else(|| meta.subtitle.clone()) {
        metadata = metadata.description(description);
    }
    if !meta.subjects.is_empty() {
        metadata = metadata.keywords(meta.subjects.clone());
    }
    metadata
}

fn date_time(t: &Timestamp) -> DateTime {
    DateTime::new(t.year)
        .month(t.month)
        .day(t.day)
        .hour(t.hour)
        .minute(t.minute)
        .second(t.second)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::Shaper;
    use krilla::text::Glyph;

    #[test]
    fn right_to_left_glyphs_map_to_their_text_in_logical_order() {
        let book = FontBook::new(&[]).unwrap();
        let mut shaper = Shaper::new(&book);
        let first = shaper.shape_in(0, "שלום", true);
        let second = shaper.shape_in(0, "עולם", true);
        // laid out from the left: the second word, a space, the first word
        let run = TextRun {
            x: 0.0,
            rise: 0.0,
            font: 0,
            size: 10.0,
            segments: vec![
                Segment::Glyphs {
                    range: 0..second.glyphs.len() as u32,
                    shaped: second,
                },
                Segment::Space { width: 3.0 },
                Segment::Glyphs {
                    range: 0..first.glyphs.len() as u32,
                    shaped: first,
                },
            ],
            node: None,
            rtl: true,
        };
        let (mut glyphs, mut text, mut starts) = (Vec::new(), String::new(), Vec::new());
        glyph_run(&run, &[(3, 1000.0)], &mut glyphs, &mut text, &mut starts);
        assert_eq!(text, "שלום עולם");
        // drawn in logical order, from the right: each glyph's text after the one drawn
        // before it, and each glyph landing left of it
        let pieces: Vec<&str> = glyphs.iter().map(|g| &text[g.text_range()]).collect();
        assert_eq!(pieces, ["ש", "ל", "ו", "ם", " ", "ע", "ו", "ל", "ם"]);
        assert!(
            glyphs
                .windows(2)
                .all(|w| w[0].text_range().end <= w[1].text_range().start)
        );
        let mut pen = 0.0;
        let mut xs = Vec::new();
        for g in &glyphs {
            xs.push(pen + g.x_offset(1.0));
            pen += g.x_advance(1.0);
        }
        assert!(xs.windows(2).all(|w| w[1] < w[0]), "{xs:?}");
        // the first glyph drawn, the first word's first letter, ends the run on the right
        let width: f32 = run
            .segments
            .iter()
            .map(|s| match s {
                Segment::Glyphs { shaped, .. } => shaped.glyphs.iter().map(|g| g.advance).sum(),
                Segment::Space { width } => width / run.size,
            })
            .sum();
        assert!(xs[0] < width && xs[0] > width / 2.0, "{xs:?} {width}");
    }

    #[test]
    fn two_clusters_landing_in_one_place_are_drawn_apart_by_a_thousandth() {
        // an alef of no advance at its lam's origin (Noto Naskh's lam-alef), after the lam
        let glyph = |text: std::ops::Range<usize>, advance: f32| {
            KrillaGlyph::new(GlyphId::new(1), advance, 0.0, 0.0, 0.0, text, None)
        };
        let mut glyphs = vec![glyph(2..4, 0.0), glyph(0..2, 0.5)];
        logical_order(&mut glyphs);
        let ranges: Vec<_> = glyphs.iter().map(|g| g.text_range().clone()).collect();
        assert_eq!(ranges, [0..2, 2..4]);
        let lam = glyphs[0].x_offset(1.0);
        let alef = glyphs[0].x_advance(1.0) + glyphs[1].x_offset(1.0);
        assert!((lam - alef - 0.001).abs() < 1e-6, "{lam} {alef}");
    }

    #[test]
    fn a_right_to_left_letter_is_drawn_in_logical_order_before_its_marks_where_it_stood() {
        let book = FontBook::new(&[]).unwrap();
        let mut shaper = Shaper::new(&book);
        // shin with a point and a qamats, then resh: two clusters
        let word = shaper.shape_in(0, "\u{5e9}\u{5c1}\u{5b8}\u{5e8}", true);
        assert_eq!(word.glyphs.len(), 4);
        let run = TextRun {
            x: 0.0,
            rise: 0.0,
            font: 0,
            size: 10.0,
            segments: vec![Segment::Glyphs {
                range: 0..4,
                shaped: word.clone(),
            }],
            node: None,
            rtl: true,
        };
        let (mut glyphs, mut text, mut starts) = (Vec::new(), String::new(), Vec::new());
        glyph_run(&run, &[(3, 1000.0)], &mut glyphs, &mut text, &mut starts);
        // each glyph stands for its own character: shin and its marks, then resh
        let pieces: Vec<&str> = glyphs.iter().map(|g| &text[g.text_range()]).collect();
        assert_eq!(pieces, ["\u{5e9}", "\u{5c1}", "\u{5b8}", "\u{5e8}"]);
        // where each glyph lands: as rustybuzz placed them, from the last glyph
        let landed = |order: &mut dyn Iterator<Item = (f32, f32)>| {
            let mut pen = 0.0;
            let mut xs = Vec::new();
            for (advance, offset) in order {
                xs.push(pen + offset);
                pen += advance;
            }
            xs
        };
        let drawn = landed(&mut glyphs.iter().map(|g| (g.x_advance(1.0), g.x_offset(1.0))));
        let placed = landed(&mut word.glyphs.iter().rev().map(|g| (g.advance, g.x_offset)));
        let mut drawn_sorted = drawn.clone();
        let mut placed_sorted = placed.clone();
        drawn_sorted.sort_by(f32::total_cmp);
        placed_sorted.sort_by(f32::total_cmp);
        for (a, b) in drawn_sorted.iter().zip(&placed_sorted) {
            assert!((a - b).abs() < 1e-5, "{drawn:?} {placed:?}");
        }
    }
}
