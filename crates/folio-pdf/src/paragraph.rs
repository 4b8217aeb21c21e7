//! Setting a paragraph: styled spans become boxes, glue and penalties (shaped words,
//! hyphenation points, URL break points), the total-fit breaker chooses the lines, and
//! each line becomes positioned glyph runs with its links and anchors.

use std::ops::Range;
use std::sync::Arc;

use folio_fonts::Style;
use unicode_linebreak::BreakOpportunity;

use crate::bidi::{self, BaseDirection};
use crate::fonts::FontId;
use crate::hyphenate::Hyphenator;
use crate::linebreak::{self, FILL, Item, Kind, PENALTY_FORCE, Params};
use crate::shape::{Shaped, Shaper};
use crate::structure::NodeId;
use crate::table_layout::Extent;

/// Where a link goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A named place in the document (a note, a reference site, a report).
    Anchor(String),
    /// A web address.
    Url(String),
}

/// A run of text with one style, as the paragraph's content is given.
#[derive(Clone, Debug)]
pub(crate) struct Span {
    pub text: String,
    pub style: Style,
    /// A note marker: set small and raised, glued to what comes before it.
    pub superscript: bool,
    pub link: Option<Target>,
    /// A named place at the start of the span (a note reference site).
    pub anchor: Option<String>,
    /// The note the span refers to, for notes set at the foot of the page.
    pub note: Option<u32>,
    /// What a link says to a screen reader ("Note 3").
    pub alt: Option<String>,
    /// The inline element the span's text belongs to (a link, a note reference's link),
    /// when not the line's own element.
    pub node: Option<NodeId>,
}

impl Span {
    pub fn text(text: impl Into<String>, style: Style) -> Self {
        Span {
            text: text.into(),
            style,
            superscript: false,
            link: None,
            anchor: None,
            note: None,
            alt: None,
            node: None,
        }
    }
}

/// How lines are aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    /// Both edges flush, the last line ragged.
    Justify,
    /// Flush left, ragged right; in a right-to-left paragraph flush right (from where
    /// its lines start).
    Left,
    /// Flush left whatever the direction (a table column aligned left).
    FlushLeft,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// How a paragraph is set.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ParStyle {
    pub size: f32,
    pub leading: f32,
    pub align: Align,
    /// The measure: the width lines are set to.
    pub width: f32,
    /// Indent of the first line.
    pub first_indent: f32,
    /// Whether the paragraph may be hyphenated.
    pub hyphenate: bool,
}

/// A piece of shaped text on a line.
#[derive(Clone, Debug)]
pub(crate) enum Segment {
    /// Glyphs `range` of a shaped piece.
    Glyphs {
        shaped: Arc<Shaped>,
        range: Range<u32>,
    },
    /// A word space this wide, in points.
    Space { width: f32 },
}

/// Glyphs in one font, size and baseline, drawn in one go.
#[derive(Clone, Debug)]
pub(crate) struct TextRun {
    /// Start, from the line's left edge.
    pub x: f32,
    /// Raise above the baseline.
    pub rise: f32,
    pub font: FontId,
    pub size: f32,
    pub segments: Vec<Segment>,
    /// The element the run's text belongs to, when not the line's.
    pub node: Option<NodeId>,
    /// Right-to-left text: its segments (in visual order, like each one's glyphs) read
    /// from the last to the first; the writer draws them in that, logical, order.
    pub rtl: bool,
}

/// A link's area on a line.
#[derive(Clone, Debug)]
pub(crate) struct LineLink {
    pub x: f32,
    pub width: f32,
    pub target: Target,
    /// The link's alternate text.
    pub alt: String,
    /// The link element the annotation belongs to.
    pub node: Option<NodeId>,
}

/// A set line, positioned relative to its left edge and top.
#[derive(Clone, Debug, Default)]
pub(crate) struct Line {
    pub height: f32,
    /// From the top of the line to its baseline.
    pub baseline: f32,
    /// The size of the main text (links span from ascent to descent of it).
    pub size: f32,
    /// Shift right from the block's left edge.
    pub x: f32,
    pub runs: Vec<TextRun>,
    pub links: Vec<LineLink>,
    pub anchors: Vec<(String, f32)>,
    /// Notes cited on the line.
    pub notes: Vec<u32>,
    /// The natural width of the content.
    pub width: f32,
    /// Ends with a hyphen the breaking added (a page never ends with such a line).
    pub hyphenated: bool,
    /// The element the line's text belongs to (a paragraph, a heading...).
    pub node: NodeId,
    /// Of a right-to-left paragraph: set from the right.
    pub rtl: bool,
    /// An image the line shows (a figure's, on a line of its own): drawn as part of
    /// `node`, a Figure, or as an artifact when `node` is one (a decorative image).
    pub image: Option<Box<crate::image::LineImage>>,
}

impl Line {
    /// An empty line of this height (vertical space that moves with the text).
    pub fn blank(height: f32) -> Self {
        Line {
            height,
            // where a text line's baseline would be, for a label hung on it
            baseline: height * 0.76,
            ..Line::default()
        }
    }

    /// Places `label`'s runs and links to the left of `x_end` on this line (a hanging
    /// note number), drawn before the line's own runs so that the content's order is
    /// the reading order (a note's number, a list's marker, then the text).
    pub fn hang(&mut self, label: Line, x_end: f32) {
        let shift = x_end - label.width - self.x;
        self.place_label(label, shift);
    }

    /// Places `label`'s runs and links from `x_start` rightwards on this line (a note
    /// number or a list marker hanging right of a right-to-left block's text), drawn
    /// before the line's own runs, as [`Line::hang`] does.
    pub fn hang_right(&mut self, label: Line, x_start: f32) {
        let shift = x_start - self.x;
        self.place_label(label, shift);
    }

    /// Puts `label`'s runs, links and anchors on this line, `shift` points right of
    /// where they were set, its runs before the line's own.
    fn place_label(&mut self, label: Line, shift: f32) {
        let runs = label.runs.into_iter().map(|mut run| {
            run.x += shift;
            run
        });
        self.runs.splice(0..0, runs);
        for mut link in label.links {
            link.x += shift;
            self.links.push(link);
        }
        for (name, x) in label.anchors {
            self.anchors.push((name, x + shift));
        }
    }
}

/// What an item of the paragraph shows.
#[derive(Clone, Debug)]
enum Content {
    Piece(Piece),
    /// A word space at this bidi level.
    Space(u8),
    /// A possible break; when taken, the hyphen is set at the line's end.
    Break(Option<Piece>),
    Nothing,
}

impl Content {
    /// The bidi level of what the item shows; `paragraph` for what shows nothing.
    fn level(&self, paragraph: u8) -> u8 {
        match self {
            Content::Piece(piece) | Content::Break(Some(piece)) => piece.level,
            Content::Space(level) => *level,
            Content::Break(None) | Content::Nothing => paragraph,
        }
    }
}

#[derive(Clone, Debug)]
struct Piece {
    shaped: Arc<Shaped>,
    glyphs: Range<u32>,
    size: f32,
    rise: f32,
    link: Option<u32>,
    anchor: Option<u32>,
    note: Option<u32>,
    node: Option<NodeId>,
    /// Part of a word (not of an address, a marker or a hyphen): cut between two of its
    /// letters, it takes a hyphen.
    in_word: bool,
    /// The bidi embedding level (0 in a paragraph with no right-to-left text).
    level: u8,
}

/// Sets paragraphs: owns the shaper and hyphenator of one thread of layout.
pub(crate) struct Typesetter<'f> {
    pub shaper: Shaper<'f>,
    /// The base direction of the paragraphs set: right to left when the language of the
    /// text (its report's, or the publication's) is written so, else each paragraph's
    /// first strong character's.
    pub base: BaseDirection,
    hyphenator: Hyphenator,
    /// Reused for the font runs of each word.
    runs: Vec<(FontId, Range<usize>)>,
    /// Reused from paragraph to paragraph (a paragraph's items, and its lines' segments,
    /// would otherwise grow from nothing each time).
    scratch: Scratch,
}

/// The buffers of a paragraph's builder, kept by its typesetter from one paragraph to the
/// next (emptied in between).
#[derive(Default)]
struct Scratch {
    items: Vec<Item>,
    content: Vec<Content>,
    /// A word's hyphenation points.
    points: Vec<usize>,
    /// A line's segments while it is set, and how many go to each of its runs.
    segments: Vec<Segment>,
    run_lengths: Vec<usize>,
    /// The bidi level of each byte of the paragraph's text (empty when it has no
    /// right-to-left text), and a line's items' levels and visual order.
    levels: Vec<u8>,
    line_levels: Vec<u8>,
    order: Vec<usize>,
}

struct Builder<'s> {
    spans: &'s [Span],
    buf: Scratch,
    size: f32,
    hyphenate: bool,
    /// The paragraph's bidi level (1 right to left), when it is reordered: `None` for a
    /// paragraph with no right-to-left text, set as it is broken.
    paragraph_level: Option<u8>,
}

impl<'f> Typesetter<'f> {
    pub fn new(shaper: Shaper<'f>) -> Self {
        Typesetter {
            shaper,
            base: BaseDirection::Auto,
            hyphenator: Hyphenator::default(),
            runs: Vec::new(),
            scratch: Scratch::default(),
        }
    }

    /// The width of `text` in `style` at `size`, unbroken.
    pub fn measure(&mut self, text: &str, style: Style, size: f32) -> f32 {
        let mut width = 0.0;
        let runs = self.font_runs(text, style);
        for (font, range) in runs.iter().cloned() {
            let shaped = self.shaper.shape(font, &text[range]);
            width += shaped.width(0..shaped.glyphs.len()) * size;
        }
        self.runs = runs;
        width
    }

    /// How narrow and how wide `spans` can be set at `size` without hyphenation, as
    /// [`Typesetter::set`] breaks lines: the widest run that no break point divides (a
    /// word, a number, a URL's piece between its break points), and the width on one
    /// line. A table's columns are sized by it.
    pub fn extent(&mut self, spans: &[Span], size: f32) -> Extent {
        let mut builder = Builder {
            spans,
            buf: std::mem::take(&mut self.scratch),
            size,
            hyphenate: false,
            paragraph_level: None,
        };
        self.build(&mut builder, false);
        let items = &builder.buf.items;
        let (mut min, mut max, mut run) = (0.0f32, 0.0f32, 0.0f32);
        for (i, item) in items.iter().enumerate() {
            let breaks = match item.kind {
                Kind::Box => false,
                Kind::Glue { .. } => i > 0 && items[i - 1].kind == Kind::Box,
                Kind::Penalty { penalty, .. } => penalty < linebreak::PENALTY_NEVER,
            };
            if matches!(item.kind, Kind::Box | Kind::Glue { .. }) {
                max += item.width;
            }
            if breaks {
                min = min.max(run);
                run = 0.0;
            } else if !matches!(item.kind, Kind::Penalty { .. }) {
                run += item.width;
            }
        }
        min = min.max(run);
        builder.buf.items.clear();
        builder.buf.content.clear();
        self.scratch = builder.buf;
        Extent { min, max }
    }

    /// Sets `spans` in lines as `style` says.
    pub fn set(&mut self, spans: &[Span], style: &ParStyle) -> Vec<Line> {
        // the items are built once, with the hyphenation points; the first pass does not
        // break at them, as TeX's first pass does without hyphenating
        let mut builder = Builder {
            spans,
            buf: std::mem::take(&mut self.scratch),
            size: style.size,
            hyphenate: false,
            paragraph_level: None,
        };
        let lines = self.set_with(&mut builder, style);
        // the buffers go back empty (the pieces' references to shaped words dropped)
        builder.buf.items.clear();
        builder.buf.content.clear();
        self.scratch = builder.buf;
        lines
    }

    fn set_with(&mut self, builder: &mut Builder<'_>, style: &ParStyle) -> Vec<Line> {
        if style.first_indent > 0.0 {
            builder.push(style.first_indent, Kind::Box, Content::Nothing);
        }
        self.build(builder, style.hyphenate);
        if builder.buf.items.iter().all(|i| i.kind != Kind::Box) {
            return Vec::new();
        }
        builder.finish();
        let width = style.width.max(1.0);
        let shaper = &mut self.shaper;
        builder.split_overlong(width, &mut |font| shaper.soft_hyphen(font));
        let line_stretch = if style.align == Align::Justify {
            0.0
        } else {
            width
        };
        let params = |p: Params| Params { line_stretch, ..p };
        let items = &builder.buf.items;
        let breaks = linebreak::break_lines(items, |_| width, &params(Params::FIRST))
            .or_else(|| {
                style
                    .hyphenate
                    .then(|| linebreak::break_lines(items, |_| width, &params(Params::SECOND)))
                    .flatten()
            })
            .or_else(|| linebreak::break_lines(items, |_| width, &params(Params::EMERGENCY)))
            .unwrap_or_else(|| linebreak::break_greedy(items, |_| width));
        builder.lines(&breaks, style)
    }

    /// Turns spans into items: words shaped, break opportunities as glue or penalties.
    fn build(&mut self, b: &mut Builder<'_>, hyphenate: bool) {
        b.hyphenate = hyphenate;
        let size = b.size;
        // The paragraph's text without its note markers, and where each span sits in it.
        let mut text = String::new();
        let mut span_at = Vec::new();
        let mut markers = Vec::new();
        for (i, span) in b.spans.iter().enumerate() {
            if span.superscript {
                markers.push((text.len(), i));
            } else {
                span_at.push((text.len(), i));
                text.push_str(&span.text);
            }
        }
        b.paragraph_level = bidi::resolve(&text, self.base, &mut b.buf.levels);
        let url_tokens = url_tokens(&text);
        let mut space_widths = [None; 4];
        let mut marker = 0;
        let mut start = 0;
        for (end, opportunity) in unicode_linebreak::linebreaks(&text) {
            let segment = &text[start..end];
            let content_end = start + segment.trim_end_matches(is_break_space).len();
            // the word, split where the span changes; a marker inside it (or at the
            // paragraph's start) goes where it stands
            let mut pos = start;
            while pos < content_end {
                while marker < markers.len() && markers[marker].0 <= pos {
                    self.push_marker(b, markers[marker], size);
                    marker += 1;
                }
                let span_index = span_index_at(&span_at, pos);
                let span_end = span_at
                    .iter()
                    .find(|&&(s, _)| s > pos)
                    .map_or(text.len(), |&(s, _)| s)
                    .min(content_end);
                let url_like = url_tokens.iter().any(|t| t.contains(&pos));
                self.push_word(b, pos, &text[pos..span_end], url_like, span_index);
                pos = span_end;
            }
            // markers in the word's trailing space or right after it join the word
            while marker < markers.len() && markers[marker].0 <= end {
                self.push_marker(b, markers[marker], size);
                marker += 1;
            }
            if end == text.len() {
                break;
            }
            if content_end < end {
                let style = b.spans[span_index_at(&span_at, content_end)].style;
                let space = *space_widths[style as usize]
                    .get_or_insert_with(|| self.measure(" ", style, size));
                let level = b.level_at(content_end);
                b.push(
                    space,
                    Kind::Glue {
                        stretch: space * 0.5,
                        shrink: space * 0.33,
                    },
                    Content::Space(level),
                );
            } else if opportunity == BreakOpportunity::Allowed && !segment.ends_with("--") {
                // after a hyphen (not after a typed dash `--`, which would read as a
                // hyphen at the line's end), a slash or a dash
                let hyphen = segment.ends_with(['-', '\u{2010}', '\u{2013}']);
                b.push(
                    0.0,
                    Kind::Penalty {
                        penalty: if hyphen { 50.0 } else { 100.0 },
                        flagged: hyphen,
                    },
                    Content::Break(None),
                );
            }
            start = end;
        }
        while marker < markers.len() {
            self.push_marker(b, markers[marker], size);
            marker += 1;
        }
    }

    /// Pushes the note marker of span `span`, which stands at byte `at` of the paragraph's
    /// text: at the bidi level of the character before it, so that it follows its word
    /// in either direction (it reads left to right itself).
    fn push_marker(&mut self, b: &mut Builder<'_>, (at, span): (usize, usize), size: f32) {
        let level = match at.checked_sub(1) {
            Some(before) => b.level_at(before),
            None => b.paragraph_level.unwrap_or(0),
        };
        let marker_size = size * 0.62;
        let s = &b.spans[span];
        let text = s.text.as_str();
        let runs = self.font_runs(text, s.style);
        for (font, range) in runs.iter().cloned() {
            let shaped = self.shaper.shape(font, &text[range]);
            let width = shaped.width(0..shaped.glyphs.len()) * marker_size;
            let piece = Piece {
                in_word: false,
                glyphs: 0..shaped.glyphs.len() as u32,
                shaped,
                size: marker_size,
                rise: size * 0.36,
                link: s.link.as_ref().map(|_| span as u32),
                anchor: s.anchor.as_ref().map(|_| span as u32),
                note: s.note,
                node: s.node,
                level,
            };
            b.push(width, Kind::Box, Content::Piece(piece));
        }
        self.runs = runs;
    }

    /// Pushes the boxes of `part` (one span's share of `word`, at byte `at` of the
    /// paragraph's text), with hyphenation and URL break points between them. In a
    /// paragraph with right-to-left text, each stretch of one bidi level is shaped in its
    /// own direction, and a stretch of right-to-left text is never hyphenated.
    fn push_word(
        &mut self,
        b: &mut Builder<'_>,
        at: usize,
        part: &str,
        url_like: bool,
        span: usize,
    ) {
        let s = &b.spans[span];
        let mut points = std::mem::take(&mut b.buf.points);
        points.clear();
        let rtl_in_part = b.paragraph_level.is_some()
            && b.buf.levels[at..at + part.len()].iter().any(|l| l % 2 == 1);
        if url_like {
            let mut chars = part.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if matches!(c, '/' | '.' | '?' | '&' | '=' | '-' | '_' | '#' | ':')
                    && chars.peek().is_some()
                {
                    points.push(i + c.len_utf8());
                }
            }
        } else if b.hyphenate && !rtl_in_part {
            hyphenation_points(&mut self.hyphenator, part, &mut points);
        }
        let runs = self.font_runs(part, s.style);
        for (font, range) in runs.iter().cloned() {
            if b.paragraph_level.is_some() {
                self.push_levels(b, at, part, range, font, &points, url_like, span);
            } else {
                self.push_run(b, part, range, font, 0, &points, url_like, span);
            }
        }
        self.runs = runs;
        b.buf.points = points;
    }

    /// Pushes `range` of `part` (at byte `at` of the paragraph's text), a run of one
    /// font in a paragraph with right-to-left text: each stretch of one bidi level apart,
    /// shaped in its direction (see [`Typesetter::push_run`]).
    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn push_levels(
        &mut self,
        b: &mut Builder<'_>,
        at: usize,
        part: &str,
        range: Range<usize>,
        font: FontId,
        points: &[usize],
        url_like: bool,
        span: usize,
    ) {
        let mut start = range.start;
        while start < range.end {
            let level = b.level_at(at + start);
            let end = (start..range.end)
                .find(|&i| b.level_at(at + i) != level)
                .unwrap_or(range.end);
            self.push_run(b, part, start..end, font, level, points, url_like, span);
            start = end;
        }
    }

    /// Pushes the boxes of `range` of `part`, a run of one font and one bidi `level`
    /// (shaped right to left when it is odd), with the break points `points` that fall
    /// inside it (see [`Typesetter::push_word`]).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn push_run(
        &mut self,
        b: &mut Builder<'_>,
        part: &str,
        range: Range<usize>,
        font: FontId,
        level: u8,
        points: &[usize],
        url_like: bool,
        span: usize,
    ) {
        let s = &b.spans[span];
        let size = b.size;
        let shaped = self
            .shaper
            .shape_in(font, &part[range.clone()], level % 2 == 1);
        let link = s.link.as_ref().map(|_| span as u32);
        let node = s.node;
        // glyphs `glyphs` of `shaped`, a piece of the word at this run's size and level
        let piece = |shaped: Arc<Shaped>, glyphs: Range<usize>, in_word: bool, link| Piece {
            in_word,
            shaped,
            glyphs: glyphs.start as u32..glyphs.end as u32,
            size,
            rise: 0.0,
            link,
            anchor: None,
            note: None,
            node,
            level,
        };
        let mut first = 0usize;
        for &p in points.iter().filter(|&&p| p > range.start && p < range.end) {
            let Some(split) = shaped.split_point(p - range.start) else {
                continue;
            };
            if split <= first {
                continue;
            }
            b.push(
                shaped.width(first..split) * size,
                Kind::Box,
                Content::Piece(piece(shaped.clone(), first..split, !url_like, link)),
            );
            if url_like {
                b.push(
                    0.0,
                    Kind::Penalty {
                        penalty: 50.0,
                        flagged: false,
                    },
                    Content::Break(None),
                );
            } else {
                let hyphen = self.shaper.soft_hyphen(font);
                let glyphs = hyphen.glyphs.len();
                b.push(
                    hyphen.width(0..glyphs) * size,
                    Kind::Penalty {
                        penalty: 50.0,
                        flagged: true,
                    },
                    Content::Break(Some(piece(hyphen, 0..glyphs, false, None))),
                );
            }
            first = split;
        }
        let last = first..shaped.glyphs.len();
        b.push(
            shaped.width(last.clone()) * size,
            Kind::Box,
            Content::Piece(piece(shaped, last, !url_like, link)),
        );
    }
}

impl Builder<'_> {
    /// The bidi level of byte `at` of the paragraph's text (0 when it is not reordered).
    fn level_at(&self, at: usize) -> u8 {
        self.buf.levels.get(at).copied().unwrap_or(0)
    }

    fn push(&mut self, width: f32, kind: Kind, content: Content) {
        self.buf.items.push(Item { width, kind });
        self.buf.content.push(content);
    }

    /// The glue and forced break that end a paragraph.
    fn finish(&mut self) {
        while matches!(
            self.buf.items.last(),
            Some(Item {
                kind: Kind::Glue { .. },
                ..
            })
        ) {
            self.buf.items.pop();
            self.buf.content.pop();
        }
        self.push(
            0.0,
            Kind::Glue {
                stretch: FILL,
                shrink: 0.0,
            },
            Content::Nothing,
        );
        self.push(
            0.0,
            Kind::Penalty {
                penalty: PENALTY_FORCE,
                flagged: false,
            },
            Content::Nothing,
        );
    }

    /// Makes every unbreakable run fit `width`: a run too wide gets a break between each
    /// of its boxes, and a box too wide is cut between its glyph clusters (a
    /// 3,000-character token breaks rather than overflowing), with a hyphen where the cut
    /// falls between two letters of a word (not of an address), so that the word reads
    /// as one again (`hyphen` shapes one in a font). Runs that fit are left as they are.
    fn split_overlong(&mut self, width: f32, hyphen: &mut dyn FnMut(FontId) -> Arc<Shaped>) {
        let is_break = |item: &Item| match item.kind {
            Kind::Box => false,
            Kind::Glue { .. } => true,
            Kind::Penalty { penalty, .. } => penalty < linebreak::PENALTY_NEVER,
        };
        // the runs of boxes between breaks that are too wide
        let mut overlong = Vec::new();
        let mut run_start = 0;
        let mut run_width = 0.0;
        for (i, item) in self.buf.items.iter().enumerate() {
            if is_break(item) {
                if run_width > width {
                    overlong.push(run_start..i);
                }
                run_start = i + 1;
                run_width = 0.0;
            } else {
                run_width += item.width;
            }
        }
        if overlong.is_empty() {
            return;
        }
        let items = std::mem::take(&mut self.buf.items);
        let content = std::mem::take(&mut self.buf.content);
        let mut runs = overlong.into_iter().peekable();
        for (i, (item, content)) in items.into_iter().zip(content).enumerate() {
            while runs.peek().is_some_and(|run| run.end <= i) {
                runs.next();
            }
            let in_overlong = runs.peek().is_some_and(|run| run.contains(&i));
            match content {
                Content::Piece(piece) if in_overlong => {
                    let first_of_run = runs.peek().is_some_and(|run| run.start == i);
                    if !first_of_run {
                        self.push(
                            0.0,
                            Kind::Penalty {
                                penalty: 100.0,
                                flagged: false,
                            },
                            Content::Break(None),
                        );
                    }
                    if item.width > width {
                        cut_piece(
                            piece,
                            width,
                            hyphen,
                            &mut self.buf.items,
                            &mut self.buf.content,
                        );
                    } else {
                        self.push(item.width, item.kind, Content::Piece(piece));
                    }
                }
                content => self.push(item.width, item.kind, content),
            }
        }
    }

    /// The lines between `breaks`, positioned.
    fn lines(&mut self, breaks: &[usize], style: &ParStyle) -> Vec<Line> {
        let mut lines = Vec::with_capacity(breaks.len());
        let mut start = 0;
        let baseline = (style.leading - style.size) / 2.0 + style.size * 0.8;
        for &b in breaks {
            // glue and penalties after a break vanish
            let mut first = start;
            while first < b && self.buf.items[first].kind != Kind::Box {
                first += 1;
            }
            let mut natural = 0.0f64;
            let mut stretch = 0.0f64;
            let mut shrink = 0.0f64;
            for item in &self.buf.items[first..b] {
                match item.kind {
                    Kind::Box => natural += f64::from(item.width),
                    Kind::Glue {
                        stretch: s,
                        shrink: k,
                    } => {
                        natural += f64::from(item.width);
                        stretch += f64::from(s);
                        shrink += f64::from(k);
                    }
                    Kind::Penalty { .. } => {}
                }
            }
            let hyphen = match &self.buf.content[b] {
                Content::Break(Some(piece)) => Some(piece),
                _ => None,
            };
            if hyphen.is_some() {
                natural += f64::from(self.buf.items[b].width);
            }
            let ratio = if style.align == Align::Justify {
                linebreak::adjustment_ratio(natural, stretch, shrink, f64::from(style.width))
                    .clamp(-1.0, 12.0)
            } else {
                0.0
            };
            let mut line = Line {
                height: style.leading,
                baseline,
                size: style.size,
                ..Line::default()
            };
            // the items in the order they are drawn: as broken, or in a paragraph with
            // right-to-left text, reordered by their bidi levels
            let count = b - first + usize::from(hyphen.is_some());
            if let Some(paragraph) = self.paragraph_level {
                let levels = &mut self.buf.line_levels;
                levels.clear();
                levels.extend(
                    self.buf.content[first..first + count]
                        .iter()
                        .map(|content| content.level(paragraph)),
                );
                // rule L1: spaces that end the line take the paragraph's level
                if hyphen.is_none() {
                    for (level, item) in levels.iter_mut().zip(&self.buf.items[first..b]).rev() {
                        if item.kind == Kind::Box {
                            break;
                        }
                        *level = paragraph;
                    }
                }
                bidi::visual_order(levels, &mut self.buf.order);
            }
            let mut setter = LineSetter {
                spans: self.spans,
                line: &mut line,
                x: 0.0,
                open_link: None,
                segments: &mut self.buf.segments,
                run_lengths: &mut self.buf.run_lengths,
            };
            let (items, content) = (&self.buf.items, &self.buf.content);
            match self.paragraph_level {
                None => {
                    for i in first..b {
                        setter.item(&items[i], &content[i], ratio);
                    }
                    if let Some(piece) = hyphen {
                        setter.piece(piece, items[b].width);
                    }
                }
                Some(_) => {
                    for &k in &self.buf.order[..count] {
                        match hyphen {
                            Some(piece) if first + k == b => setter.piece(piece, items[b].width),
                            _ => setter.item(&items[first + k], &content[first + k], ratio),
                        }
                    }
                }
            }
            setter.close_link();
            setter.finish_runs();
            let width = setter.x;
            line.width = width;
            line.hyphenated = hyphen.is_some();
            // a right-to-left paragraph's lines start from the right: flush left means
            // flush right (the last line of a justified one is, with its filling glue)
            let rtl = self.paragraph_level.is_some_and(|level| level % 2 == 1);
            line.rtl = rtl;
            line.x = match style.align {
                Align::Center => ((style.width - width) / 2.0).max(0.0),
                Align::Right => (style.width - width).max(0.0),
                Align::Justify | Align::Left if rtl => (style.width - width).max(0.0),
                Align::Justify | Align::Left | Align::FlushLeft => 0.0,
            };
            lines.push(line);
            start = b + 1;
        }
        lines
    }
}

/// Places pieces on a line, gathering runs, links and anchors.
struct LineSetter<'a> {
    spans: &'a [Span],
    line: &'a mut Line,
    x: f32,
    /// The link being set: its span, and where it starts and (so far) ends.
    open_link: Option<(u32, f32, f32)>,
    /// The segments of the line's runs, in order, and how many belong to each run: they
    /// go to their runs when the line is done, each run's in one allocation of its size.
    segments: &'a mut Vec<Segment>,
    run_lengths: &'a mut Vec<usize>,
}

impl LineSetter<'_> {
    /// Places an item of the line: a piece, a box of space (an indent), or glue
    /// stretched or shrunk by `ratio`.
    #[inline]
    fn item(&mut self, item: &Item, content: &Content, ratio: f64) {
        match (&item.kind, content) {
            (Kind::Box, Content::Piece(piece)) => self.piece(piece, item.width),
            (Kind::Box, _) => self.x += item.width,
            (
                Kind::Glue {
                    stretch: s,
                    shrink: k,
                },
                content,
            ) => {
                let adjust = if ratio >= 0.0 {
                    f64::from(*s)
                } else {
                    f64::from(*k)
                };
                let width = (f64::from(item.width) + ratio * adjust) as f32;
                if let Content::Space(level) = content {
                    self.space(width, *level);
                } else {
                    self.x += width;
                }
            }
            _ => {}
        }
    }

    fn piece(&mut self, piece: &Piece, width: f32) {
        if piece.link != self.open_link.map(|(l, _, _)| l) {
            self.close_link();
            if let Some(link) = piece.link {
                self.open_link = Some((link, self.x, self.x));
            }
        }
        if let Some(anchor) = piece.anchor
            && let Some(name) = &self.spans[anchor as usize].anchor
            && !self.line.anchors.iter().any(|(n, _)| n == name)
        {
            self.line.anchors.push((name.clone(), self.x));
        }
        if let Some(note) = piece.note
            && !self.line.notes.contains(&note)
        {
            self.line.notes.push(note);
        }
        let same_run = self.line.runs.last().is_some_and(|run| {
            run.font == piece.shaped.font
                && run.size == piece.size
                && run.rise == piece.rise
                && run.node == piece.node
                && run.rtl == piece.shaped.rtl
        });
        let segment = Segment::Glyphs {
            shaped: piece.shaped.clone(),
            range: piece.glyphs.clone(),
        };
        if !same_run {
            self.line.runs.push(TextRun {
                x: self.x,
                rise: piece.rise,
                font: piece.shaped.font,
                size: piece.size,
                segments: Vec::new(),
                node: piece.node,
                rtl: piece.shaped.rtl,
            });
            self.run_lengths.push(0);
        }
        self.push_segment(segment);
        self.x += width;
        if let Some((_, _, end)) = &mut self.open_link {
            *end = self.x;
        }
    }

    /// A word space of bidi level `level`: in the last run, or where that run goes the
    /// other way (the space between a right-to-left word and the number after it), in
    /// a run of its own direction that the next word of that direction joins, so that
    /// the space is drawn between the words it stands between.
    fn space(&mut self, width: f32, level: u8) {
        let rtl = level % 2 == 1;
        if let Some(last) = self.line.runs.last() {
            if last.rtl != rtl {
                let run = TextRun {
                    x: self.x,
                    segments: Vec::new(),
                    rtl,
                    ..*last
                };
                self.line.runs.push(run);
                self.run_lengths.push(0);
            }
            self.push_segment(Segment::Space { width });
        }
        self.x += width;
    }

    /// Adds `segment` to the last run.
    #[inline]
    fn push_segment(&mut self, segment: Segment) {
        if let Some(length) = self.run_lengths.last_mut() {
            self.segments.push(segment);
            *length += 1;
        }
    }

    /// Gives the line's runs (each started with its count in `run_lengths`) their
    /// segments.
    fn finish_runs(&mut self) {
        let mut segments = self.segments.drain(..);
        for (run, &length) in self.line.runs.iter_mut().zip(&*self.run_lengths) {
            run.segments = segments.by_ref().take(length).collect();
        }
        self.run_lengths.clear();
    }

    fn close_link(&mut self) {
        if let Some((link, start, end)) = self.open_link.take() {
            let span = &self.spans[link as usize];
            if let Some(target) = &span.link {
                let alt = span.alt.clone().unwrap_or_else(|| match target {
                    Target::Url(url) => url.clone(),
                    Target::Anchor(_) => span.text.clone(),
                });
                self.line.links.push(LineLink {
                    x: start,
                    width: end - start,
                    target: target.clone(),
                    alt,
                    node: span.node,
                });
            }
        }
    }
}

/// Cuts a piece wider than `width` between glyph clusters into pieces that fit, with a
/// possible break between each: hyphenated where it falls between two letters of a word
/// (each piece then leaves room for the hyphen), plain in an address or between other
/// characters.
fn cut_piece(
    piece: Piece,
    width: f32,
    hyphen: &mut dyn FnMut(FontId) -> Arc<Shaped>,
    items: &mut Vec<Item>,
    content: &mut Vec<Content>,
) {
    let glyphs = &piece.shaped.glyphs;
    let text = &piece.shaped.text;
    // right-to-left scripts are not hyphenated: such a word is cut with no hyphen
    let hyphen = (piece.in_word && !piece.shaped.rtl).then(|| hyphen(piece.shaped.font));
    let hyphen_width = hyphen
        .as_ref()
        .map_or(0.0, |h| h.width(0..h.glyphs.len()) * piece.size);
    // room for the hyphen, unless the column is too narrow for it and a letter
    let room = if width - hyphen_width > hyphen_width {
        width - hyphen_width
    } else {
        width
    };
    let letter_at = |at: usize| text.get(at..).and_then(|t| t.chars().next());
    let letter_before = |at: usize| text.get(..at).and_then(|t| t.chars().next_back());
    let mut start = piece.glyphs.start as usize;
    let end = piece.glyphs.end as usize;
    while start < end {
        let mut stop = start;
        let mut w = 0.0;
        while stop < end {
            let g = glyphs[stop].advance * piece.size;
            if stop > start && w + g > room {
                break;
            }
            w += g;
            stop += 1;
            // keep a cluster's glyphs together
            while stop < end && glyphs[stop].cluster == glyphs[stop - 1].cluster {
                w += glyphs[stop].advance * piece.size;
                stop += 1;
            }
        }
        if start > piece.glyphs.start as usize {
            let at = glyphs[start].cluster as usize;
            let in_word = letter_before(at).is_some_and(char::is_alphabetic)
                && letter_at(at).is_some_and(char::is_alphabetic);
            match hyphen.as_ref().filter(|_| in_word) {
                Some(hyphen) => {
                    items.push(Item {
                        width: hyphen_width,
                        kind: Kind::Penalty {
                            penalty: 100.0,
                            flagged: true,
                        },
                    });
                    content.push(Content::Break(Some(Piece {
                        in_word: false,
                        glyphs: 0..hyphen.glyphs.len() as u32,
                        shaped: hyphen.clone(),
                        size: piece.size,
                        rise: piece.rise,
                        link: None,
                        anchor: None,
                        note: None,
                        node: piece.node,
                        level: piece.level,
                    })));
                }
                None => {
                    items.push(Item {
                        width: 0.0,
                        kind: Kind::Penalty {
                            penalty: 100.0,
                            flagged: false,
                        },
                    });
                    content.push(Content::Break(None));
                }
            }
        }
        items.push(Item {
            width: w,
            kind: Kind::Box,
        });
        content.push(Content::Piece(Piece {
            glyphs: start as u32..stop as u32,
            ..piece.clone()
        }));
        start = stop;
    }
}

/// The span that holds byte `pos` of the paragraph text.
fn span_index_at(span_at: &[(usize, usize)], pos: usize) -> usize {
    let i = span_at.partition_point(|&(s, _)| s <= pos);
    span_at[i.saturating_sub(1)].1
}

impl Typesetter<'_> {
    /// Splits `text` into runs each shown by one font (the styled face or a fallback),
    /// in the reused buffer (give it back to `self.runs`).
    fn font_runs(&mut self, text: &str, style: Style) -> Vec<(FontId, Range<usize>)> {
        let mut runs = std::mem::take(&mut self.runs);
        runs.clear();
        if text.is_ascii() {
            if !text.is_empty() {
                runs.push((crate::fonts::FontBook::styled(style), 0..text.len()));
            }
            return runs;
        }
        font_runs_into(&mut self.shaper, text, style, &mut runs);
        runs
    }
}

fn font_runs_into(
    shaper: &mut Shaper<'_>,
    text: &str,
    style: Style,
    runs: &mut Vec<(FontId, Range<usize>)>,
) {
    for (i, c) in text.char_indices() {
        let font = if c.is_ascii() {
            crate::fonts::FontBook::styled(style)
        } else {
            shaper.font_for(c, style)
        };
        let end = i + c.len_utf8();
        match runs.last_mut() {
            Some((f, range)) if *f == font => range.end = end,
            // combining marks stay with their base
            Some((_, range)) if is_mark(c) => range.end = end,
            _ => runs.push((font, i..end)),
        }
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Spaces that separate words (not the no-break space, which joins them).
fn is_break_space(c: char) -> bool {
    c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' && c != '\u{2007}'
}

/// The byte ranges of `text`'s URL-like tokens (between spaces).
fn url_tokens(text: &str) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if is_break_space(c) {
            if let Some(s) = start.take()
                && is_url_like(&text[s..i])
            {
                tokens.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    tokens
}

/// A web or mail address, or a long token of path-like characters: broken after
/// `/ . ? & = - _` and never hyphenated. The punctuation that ends a sentence or a
/// clause after a word (`sbααλαs.`) does not make it a path.
fn is_url_like(word: &str) -> bool {
    let core = word.trim_end_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\'' | '’' | '”' | '»'
        )
    });
    core.contains("://")
        || core.starts_with("www.")
        || (core.contains('@') && core.contains('.'))
        || (core.len() > 24 && core.contains(['/', '.', '=', '&', '_']))
}

/// Adds to `points` the byte offsets in `word` where it may be hyphenated: inside each
/// run of five letters or more, whatever stands between the runs (an apostrophe, a
/// hyphen, a digit; one byte or several).
pub(crate) fn hyphenation_points(hyphenator: &mut Hyphenator, word: &str, points: &mut Vec<usize>) {
    let mut start = None;
    let end = std::iter::once((word.len(), ' '));
    for (i, c) in word.char_indices().chain(end) {
        if c.is_alphabetic() {
            start.get_or_insert(i);
        } else if let Some(at) = start.take() {
            let piece = &word[at..i];
            if piece.chars().nth(4).is_some() {
                let found = hyphenator.points(piece).iter();
                points.extend(found.map(|&p| at + usize::from(p)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontBook;

    #[test]
    fn hyphenation_points_fall_inside_letters_after_any_separator() {
        let mut hyphenator = Hyphenator::default();
        let mut plain = Vec::new();
        hyphenation_points(&mut hyphenator, "international", &mut plain);
        assert!(!plain.is_empty());
        // after a three-byte apostrophe, and after a one-byte hyphen, the points are the
        // same points moved by what comes before
        for (prefix, word) in [
            ("d\u{2019}", "d\u{2019}international"),
            ("co-", "co-international"),
        ] {
            let mut points = Vec::new();
            hyphenation_points(&mut hyphenator, word, &mut points);
            let moved: Vec<usize> = plain.iter().map(|p| p + prefix.len()).collect();
            assert_eq!(points, moved, "{word}");
        }
    }

    fn style(width: f32) -> ParStyle {
        ParStyle {
            size: 10.0,
            leading: 13.0,
            align: Align::Justify,
            width,
            first_indent: 0.0,
            hyphenate: true,
        }
    }

    pub(super) fn line_text(line: &Line) -> String {
        let mut text = String::new();
        for run in &line.runs {
            for segment in &run.segments {
                match segment {
                    Segment::Glyphs { shaped, range } => {
                        text.push_str(shaped.text_of(range.start as usize..range.end as usize))
                    }
                    Segment::Space { .. } => text.push(' '),
                }
            }
        }
        text
    }

    fn line_width(line: &Line) -> f32 {
        line.runs
            .iter()
            .map(|run| {
                run.x
                    + run
                        .segments
                        .iter()
                        .map(|s| match s {
                            Segment::Glyphs { shaped, range } => {
                                shaped.width(range.start as usize..range.end as usize) * run.size
                            }
                            Segment::Space { width } => *width,
                        })
                        .sum::<f32>()
            })
            .fold(0.0, f32::max)
    }

    pub(super) const TEXT: &str = "The Democratic People’s Republic of Korea (DPRK) has not acceded to the 1997 Mine Ban Treaty. The North Korean government continues to be largely silent on the landmine issue. It did not attend any of the major international meetings on the landmine issue in 2000 or 2001.";

    #[test]
    fn justified_lines_fill_the_measure_and_keep_every_word() {
        let book = FontBook::new(&[]).unwrap();
        let mut t = Typesetter::new(Shaper::new(&book));
        let lines = t.set(&[Span::text(TEXT, Style::Regular)], &style(200.0));
        assert!(lines.len() > 3);
        for line in &lines[..lines.len() - 1] {
            let w = line_width(line);
            assert!(
                (w - 200.0).abs() < 0.05,
                "line is {w} wide: {}",
                line_text(line)
            );
        }
        let joined: String = lines
            .iter()
            .map(|l| {
                let t = line_text(l);
                // the hyphen hyphenation adds is a soft hyphen in the text
                t.strip_suffix('\u{ad}')
                    .map(str::to_owned)
                    .unwrap_or(t + " ")
            })
            .collect();
        assert_eq!(joined.trim_end(), TEXT);
    }

    #[test]
    fn a_long_url_breaks_at_slashes_without_hyphens_and_never_overflows() {
        let book = FontBook::new(&[]).unwrap();
        let mut t = Typesetter::new(Shaper::new(&book));
        let url = "see https://www.example.org/reports/2001/north-korea/landmine-monitor/annex?section=mine-action&lang=en now";
        let lines = t.set(&[Span::text(url, Style::Regular)], &style(120.0));
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(line_width(line) <= 120.01, "{}", line_text(line));
        }
        let joined: String = lines.iter().map(line_text).collect::<Vec<_>>().join("");
        assert_eq!(joined.replace(' ', ""), url.replace(' ', ""));
    }

    #[test]
    fn a_paragraph_fits_its_widest_piece_and_its_one_line_width() {
        let book = FontBook::new(&[]).unwrap();
        let mut t = Typesetter::new(Shaper::new(&book));
        let text = "see https://www.example.org/reports/landmine-monitor/annex?lang=en and 1999";
        let spans = [Span::text(text, Style::Regular)];
        let extent = t.extent(&spans, 10.0);
        assert!(extent.min > 0.0 && extent.min < extent.max);
        let ragged = |width: f32| ParStyle {
            align: Align::Left,
            hyphenate: false,
            ..style(width)
        };
        // at its widest piece's width no piece is cut (every line ends at a break)
        let lines = t.set(&spans, &ragged(extent.min + 0.01));
        for line in &lines {
            assert!(line_width(line) <= extent.min + 0.02, "{}", line_text(line));
        }
        let joined: String = lines.iter().map(line_text).collect();
        assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        // the widest piece between the URL's break points (after / . ? = -)
        let pieces = [
            "see",
            "https:",
            "www.",
            "example.",
            "org/",
            "reports/",
            "landmine-",
            "monitor/",
            "annex?",
            "lang=",
            "en",
            "and",
            "1999",
        ];
        let widest = pieces
            .iter()
            .map(|p| t.measure(p, Style::Regular, 10.0))
            .fold(0.0f32, f32::max);
        assert!((extent.min - widest).abs() < 0.01, "{extent:?} {widest}");
        // at its one-line width, one line
        assert_eq!(t.set(&spans, &ragged(extent.max + 0.01)).len(), 1);
        assert!(t.set(&spans, &ragged(extent.max - 1.0)).len() > 1);
    }

    #[test]
    fn a_token_with_no_break_point_is_cut_between_characters() {
        let book = FontBook::new(&[]).unwrap();
        let mut t = Typesetter::new(Shaper::new(&book));
        let token = "x".repeat(3000);
        let lines = t.set(&[Span::text(token.clone(), Style::Regular)], &style(150.0));
        assert!(lines.len() > 10);
        for line in &lines {
            assert!(line_width(line) <= 150.01);
        }
        // cut between two letters: each line but the last ends in a hyphen, a soft one in
        // the text, so that the token reads whole again across the line ends
        let texts: Vec<String> = lines.iter().map(line_text).collect();
        let (last, cut) = texts.split_last().unwrap();
        assert!(cut.iter().all(|t| t.ends_with('\u{ad}')), "{texts:?}");
        let joined: String = cut.iter().map(|t| t.trim_end_matches('\u{ad}')).collect();
        assert_eq!(joined + last, token);
        // a long word at a sentence's end is a word, not a path
        let word = format!("{}.", "z".repeat(60));
        let lines = t.set(&[Span::text(word, Style::Regular)], &style(60.0));
        assert!(lines.len() > 2 && line_text(&lines[0]).ends_with('\u{ad}'));
        // an address is cut with no hyphen
        let address = format!("https://example.org/{}", "y".repeat(600));
        let lines = t.set(
            &[Span::text(address.clone(), Style::Regular)],
            &style(150.0),
        );
        assert_eq!(lines.iter().map(line_text).collect::<String>(), address);
    }

    #[test]
    fn markers_stay_with_their_word_and_carry_links_and_anchors() {
        let book = FontBook::new(&[]).unwrap();
        let mut t = Typesetter::new(Shaper::new(&book));
        let spans = [
            Span::text("on the peninsula.", Style::Regular),
            Span {
                text: "1".into(),
                style: Style::Regular,
                superscript: true,
                link: Some(Target::Anchor("n1".into())),
                anchor: Some("r1".into()),
                note: Some(0),
                alt: Some("Note 1".into()),
                node: None,
            },
            Span::text(" And more.", Style::Italic),
        ];
        let lines = t.set(&spans[..2], &style(400.0));
        assert!(
            lines[0].links[0].width < 10.0,
            "a link at the end stops at the marker"
        );
        let lines = t.set(&spans, &style(400.0));
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert_eq!(line_text(line), "on the peninsula.1 And more.");
        assert_eq!(line.links.len(), 1);
        assert!(
            line.links[0].width < 10.0,
            "the link covers the marker only"
        );
        assert_eq!(line.links[0].target, Target::Anchor("n1".into()));
        assert_eq!(line.anchors[0].0, "r1");
        assert_eq!(line.notes, [0]);
        assert!(line.runs.iter().any(|r| r.rise > 0.0 && r.size < 10.0));
    }

    /// The text of each glyph segment of `line`, from the left.
    fn visual_segments(line: &Line) -> Vec<String> {
        line.runs
            .iter()
            .flat_map(|run| &run.segments)
            .filter_map(|segment| match segment {
                Segment::Glyphs { shaped, range } => Some(
                    shaped
                        .text_of(range.start as usize..range.end as usize)
                        .to_owned(),
                ),
                Segment::Space { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_right_to_left_paragraph_is_reordered_and_set_from_the_right() {
        let book = FontBook::new(&[]).unwrap();
        let mut t = Typesetter::new(Shaper::new(&book));
        let marker = Span {
            superscript: true,
            ..Span::text("1", Style::Regular)
        };
        let spans = [
            Span::text("שלום עולם again 2001.", Style::Regular),
            marker.clone(),
        ];
        let ragged = ParStyle {
            align: Align::Left,
            ..style(400.0)
        };
        let lines = t.set(&spans, &ragged);
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert!(line.rtl);
        // flush right
        assert!((line.x + line.width - 400.0).abs() < 0.01, "{}", line.x);
        // from the left: the marker after its word's full stop, the Latin word and the
        // number after it reading left to right, then the Hebrew words from the last
        assert_eq!(
            visual_segments(line),
            ["1", ".", "again", "2001", "עולם", "שלום"]
        );
        // every piece drawn left to right is at or after the one before
        let xs: Vec<f32> = line.runs.iter().map(|run| run.x).collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{xs:?}");
        // justified, every line but the last fills the measure; the last ends at the right
        let long = "שלום עולם again 2001 ".repeat(12);
        let lines = t.set(&[Span::text(long, Style::Regular)], &style(150.0));
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(line.rtl);
            assert!(
                (line.x + line_width(line) - 150.0).abs() < 0.05,
                "a line ends at {}",
                line.x + line_width(line)
            );
        }
        // the same text in a left-to-right report reads left to right when it starts so
        let lines = t.set(&[Span::text("Peace: שלום עולם", Style::Regular)], &ragged);
        assert!(!lines[0].rtl && lines[0].x == 0.0);
        assert_eq!(visual_segments(&lines[0]), ["Peace:", "עולם", "שלום"]);
        // right to left by the language, whatever the text
        t.base = BaseDirection::Rtl;
        let lines = t.set(&[Span::text("Peace", Style::Regular)], &ragged);
        assert!(lines[0].rtl && lines[0].x > 300.0);
    }

    #[test]
    fn right_to_left_text_that_is_empty_odd_or_cut_sets_without_a_panic() {
        let book = FontBook::new(&[]).unwrap();
        let mut t = Typesetter::new(Shaper::new(&book));
        t.base = BaseDirection::Rtl;
        for text in [
            "",
            " ",
            "\u{200f}",
            "\u{202e}abc\u{202c}",
            "(٢٠٠١)",
            "א\u{5b0}\u{5b0}",
        ] {
            let lines = t.set(&[Span::text(text, Style::Regular)], &style(100.0));
            assert!(lines.len() <= 1, "{text:?}");
            let extent = t.extent(&[Span::text(text, Style::Regular)], 10.0);
            assert!(extent.min <= extent.max + 0.001, "{text:?}");
        }
        // a word wider than the measure is cut between its clusters, with no hyphen
        let word = "שלום".repeat(100);
        let lines = t.set(&[Span::text(word.clone(), Style::Regular)], &style(60.0));
        assert!(lines.len() > 3);
        let mut joined = String::new();
        for line in &lines {
            assert!(line_width(line) <= 60.01);
            for segment in visual_segments(line) {
                assert!(!segment.contains('-'));
                joined.push_str(&segment);
            }
        }
        assert_eq!(joined, word);
    }
}
