//! Entry points into the typesetter's stages for the criterion benchmarks
//! (`crates/folio-pdf/benches/`). **Not part of the stable API**: compiled only with the
//! non-default feature `bench-internals`, hidden from the docs, changed whenever the
//! internals change.
//!
//! Each stage gets its input ready-made, so that a benchmark times the stage alone:
//! [`shape_words`] shapes words with an empty cache, [`Paragraphs::break_lines`] breaks
//! prepared item lists, [`Typeset::paginate`] places lines already set. [`set_paragraphs`]
//! and [`typeset`] time the stages together, as [`crate::export_pdf`] runs them.

use folio_fonts::Style;
use folio_model::{Block, Inline, Publication, Resolved};

use crate::PdfOptions;
use crate::book;
use crate::flow::{FlowBlock, FlowContext, report_flow};
use crate::fonts::FontBook;
use crate::hyphenate::Hyphenator;
use crate::linebreak::{self, FILL, Item, Kind, PENALTY_FORCE, PENALTY_NEVER, Params};
use crate::paginate::{FootNotes, Paginator};
use crate::paragraph::{Align, Span, Typesetter, hyphenation_points};
use crate::shape::Shaper;
use crate::style::Theme;

/// The shipped font family, loaded.
pub struct Fonts(FontBook);

impl Fonts {
    /// Loads the shipped faces.
    pub fn shipped() -> Self {
        Fonts(FontBook::new(&[]).unwrap_or_else(|e| panic!("shipped fonts: {e}")))
    }
}

/// The plain text of every top-level paragraph of the reports' bodies and notes, in
/// order (emphasis, links and note references flattened to their text).
pub fn paragraphs(publication: &Publication) -> Vec<String> {
    fn text(content: &[Inline], out: &mut String) {
        for inline in content {
            match inline {
                Inline::Text { text } => out.push_str(text),
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Link { content, .. } => text(content, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for report in &publication.reports {
        let notes = report.endnotes.iter().flat_map(|n| &n.blocks);
        for block in report.body.iter().chain(notes) {
            if let Block::Paragraph { content } = block {
                let mut s = String::new();
                text(content, &mut s);
                if !s.trim().is_empty() {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// Shapes every word of `paragraphs` in the regular face with a new shaper (an empty
/// cache, so each distinct word is shaped once and each repeat is a cache hit, as in a
/// real export); returns the total advance in ems.
pub fn shape_words(fonts: &Fonts, paragraphs: &[String]) -> f32 {
    let mut shaper = Shaper::new(&fonts.0);
    let font = FontBook::styled(Style::Regular);
    let mut total = 0.0;
    for word in paragraphs.iter().flat_map(|p| p.split_whitespace()) {
        let shaped = shaper.shape(font, word);
        total += shaped.width(0..shaped.glyphs.len());
    }
    total
}

/// Sets every paragraph justified in the body style on an A4 measure with a new
/// typesetter (shaping, hyphenation, total-fit breaking, lines); returns the line count.
pub fn set_paragraphs(fonts: &Fonts, paragraphs: &[String]) -> usize {
    let (theme, width) = a4();
    let style = theme.par(theme.body, width, Align::Justify);
    let mut typesetter = Typesetter::new(Shaper::new(&fonts.0));
    paragraphs
        .iter()
        .map(|p| {
            typesetter
                .set(&[Span::text(p.as_str(), Style::Regular)], &style)
                .len()
        })
        .sum()
}

/// Paragraphs as the line breaker sees them: boxes for the words (split at their
/// hyphenation points), glue for the spaces, the paragraph's closing glue and break.
pub struct Paragraphs {
    items: Vec<Vec<Item>>,
    width: f32,
}

impl Paragraphs {
    /// The items of `paragraphs` in the body style on an A4 measure.
    pub fn new(fonts: &Fonts, paragraphs: &[String]) -> Self {
        let (theme, width) = a4();
        let size = theme.body.size;
        let mut shaper = Shaper::new(&fonts.0);
        let mut hyphenator = Hyphenator::default();
        let font = FontBook::styled(Style::Regular);
        let advance = |shaper: &mut Shaper<'_>, text: &str| {
            let shaped = shaper.shape(font, text);
            shaped.width(0..shaped.glyphs.len()) * size
        };
        let space = advance(&mut shaper, " ");
        let hyphen = advance(&mut shaper, "-");
        let items = paragraphs
            .iter()
            .map(|paragraph| {
                let mut items = Vec::new();
                for word in paragraph.split_whitespace() {
                    if !items.is_empty() {
                        items.push(Item {
                            width: space,
                            kind: Kind::Glue {
                                stretch: space * 0.5,
                                shrink: space * 0.33,
                            },
                        });
                    }
                    // hyphenation points in each run of letters, as the typesetter finds them
                    let mut points = Vec::new();
                    hyphenation_points(&mut hyphenator, word, &mut points);
                    let mut from = 0;
                    for point in points {
                        items.push(Item {
                            width: advance(&mut shaper, &word[from..point]),
                            kind: Kind::Box,
                        });
                        items.push(Item {
                            width: hyphen,
                            kind: Kind::Penalty {
                                penalty: 50.0,
                                flagged: true,
                            },
                        });
                        from = point;
                    }
                    items.push(Item {
                        width: advance(&mut shaper, &word[from..]),
                        kind: Kind::Box,
                    });
                }
                let penalty = |penalty| Item {
                    width: 0.0,
                    kind: Kind::Penalty {
                        penalty,
                        flagged: false,
                    },
                };
                items.push(penalty(PENALTY_NEVER));
                items.push(Item {
                    width: 0.0,
                    kind: Kind::Glue {
                        stretch: FILL,
                        shrink: 0.0,
                    },
                });
                items.push(penalty(PENALTY_FORCE));
                items
            })
            .collect();
        Paragraphs { items, width }
    }

    /// How many items the paragraphs hold.
    pub fn item_count(&self) -> usize {
        self.items.iter().map(Vec::len).sum()
    }

    /// Breaks every paragraph as the typesetter does (strict pass, then with
    /// hyphenation, then the emergency pass); returns the line count.
    pub fn break_lines(&self) -> usize {
        let width = self.width;
        self.items
            .iter()
            .map(|items| {
                linebreak::break_lines(items, |_| width, &Params::FIRST)
                    .or_else(|| linebreak::break_lines(items, |_| width, &Params::SECOND))
                    .or_else(|| linebreak::break_lines(items, |_| width, &Params::EMERGENCY))
                    .unwrap_or_else(|| linebreak::break_greedy(items, |_| width))
                    .len()
            })
            .sum()
    }
}

/// Every report of a publication set in lines and blocks, ready to be paginated.
pub struct Typeset {
    reports: Vec<(Vec<FlowBlock>, Vec<FlowBlock>, u32)>,
    theme: Theme,
    width: f32,
    height: f32,
}

/// The blocks of every report, to be placed by [`Typeset::paginate`].
pub struct Blocks(Vec<Vec<FlowBlock>>);

impl Typeset {
    /// Sets every report of `resolved` with `options` (A4 by default) on one thread.
    pub fn new(fonts: &Fonts, resolved: &Resolved<'_>, options: &PdfOptions) -> Self {
        let page = options.page_size;
        let margins = options.margins.unwrap_or_else(|| page.default_margins());
        let width = (page.width - margins.inner - margins.outer).max(72.0);
        let height = (page.height - margins.top - margins.bottom).max(72.0);
        let theme = Theme::for_page(&page);
        let mut typesetter = Typesetter::new(Shaper::new(&fonts.0));
        let mut note_base = 0u32;
        let reports = resolved
            .publication
            .reports
            .iter()
            .zip(&resolved.reports)
            .enumerate()
            .map(|(r, (report, resolved_report))| {
                let cx = FlowContext {
                    theme: &theme,
                    width,
                    height,
                    placement: options.notes,
                    report: r,
                    note_base,
                    new_page: true,
                };
                let language = resolved.publication.language_of(report);
                typesetter.base = crate::bidi::BaseDirection::of_language(language);
                typesetter.shaper.set_language(language);
                let flow = report_flow(&mut typesetter, report, resolved_report, &cx);
                let base = note_base;
                note_base = note_base.saturating_add(report.endnotes.len() as u32);
                (flow.blocks, flow.foot_notes, base)
            })
            .collect();
        Typeset {
            reports,
            theme,
            width,
            height,
        }
    }

    /// A copy of the blocks (pagination moves the lines onto the pages).
    pub fn blocks(&self) -> Blocks {
        Blocks(self.reports.iter().map(|r| r.0.clone()).collect())
    }

    /// Places `blocks` on pages, report by report (with their notes at the foot of the
    /// page when the options said so); returns the page count.
    pub fn paginate(&self, blocks: Blocks) -> usize {
        let theme = &self.theme;
        blocks
            .0
            .into_iter()
            .zip(&self.reports)
            .map(|(blocks, (_, foot_notes, base))| {
                let foot = (!foot_notes.is_empty()).then_some(FootNotes {
                    blocks: foot_notes,
                    base: *base,
                    gap: theme.notes.leading * 0.5,
                });
                let mut paginator =
                    Paginator::new(self.width, self.height, theme.frame_padding, foot);
                paginator.place(blocks);
                paginator.finish().len()
            })
            .sum()
    }
}

/// Lays out the whole book as [`crate::export_pdf`] does before writing it (reports set
/// in parallel, paginated, the front matter and page numbers added); returns the page
/// count.
pub fn typeset(fonts: &Fonts, resolved: &Resolved<'_>, options: &PdfOptions) -> usize {
    book::typeset(resolved, options, &fonts.0).book.pages.len()
}

/// The body style's theme and measure on A4 with its default margins.
fn a4() -> (Theme, f32) {
    let page = crate::PageSize::A4;
    let margins = page.default_margins();
    (
        Theme::for_page(&page),
        (page.width - margins.inner - margins.outer).max(72.0),
    )
}
